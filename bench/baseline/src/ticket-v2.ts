// v2 `GET ticket/list` (paged): a v2 ticket decodes to the same Ticket as the legacy `getTicket`
// (ticket.ts), field by field where they mean the same; `departmentId`, `categoryId`, `agentId`
// and `tags` exist only here (absent when not sent). Wire shape in docs/v2-calls.md.
import * as z from "zod";
import { type Json } from "./envelope.js";
import { decodePage, type Page } from "./page.js";
import { bool, date, int, isObject, str, zDate, zJson, zList, zStr, type Code } from "./lenient.js";
import { optionalList, safe, zDateOrTime, zDuration, zOrigin, zPriority, zRating, zType, type Ticket } from "./ticket.js";

export const TICKET_LIST_ENDPOINT = "GET /v2.0/ticket/list";

type Situation =
  | "waitingForAgent" | "notStarted" | "answeredByAgent" | "answeredByCustomer" | "cancelled" | "finished"
  | "agentChanged" | "sentToSupportTeam" | "waitingForManagerEvaluation";
const SITUATIONS: Record<number, Situation> = {
  0: "waitingForAgent", 1: "notStarted", 2: "answeredByAgent", 3: "answeredByCustomer", 4: "cancelled", 5: "finished",
  6: "agentChanged", 7: "sentToSupportTeam", 8: "waitingForManagerEvaluation", 9: "waitingForManagerEvaluation",
};
const GRADES = { 5: "excellent", 4: "good", 3: "average", 2: "poor", 1: "terrible" } as const;

const any = () => z.unknown().optional();
/** A code's trimmed text (numbers as their text); null for absent, null, blank, lists and objects. */
const codeText = (v: unknown) => str(v)?.trim() ?? null;
const codeNumber = (v: unknown) => (typeof v === "number" || typeof v === "string" ? int(v) : null);

/** `{id, name}` → [id, name] (name falls back to `description`); a bare scalar is the name. */
function idName(v: unknown): [string | null, string | null] {
  if (isObject(v)) return [str(v.id), str(v.name) ?? str(v.description)];
  return [null, str(v)];
}

/** `{id, description}` (or a bare code) → [situation, description]. */
function situation(v: unknown): [Code<Situation> | null, string | null] {
  if (v === undefined || v === null) return [null, null];
  const code = isObject(v) ? v.id : v;
  const description = isObject(v) ? str(v.description) ?? str(v.name) : null;
  const t = codeText(code);
  if (t === null) return [null, description];
  const n = codeNumber(code);
  return [(n !== null ? SITUATIONS[n] : undefined) ?? { unknown: t }, description];
}

/** `sender_type`: I/N internal note, O operator, else the legacy origin codes (C/A, words). */
const zV2Origin = any().transform((v) => {
  const t = codeText(v);
  if (t === null) return null;
  if (t === "I" || t === "i" || t === "N" || t === "n") return "internalNote" as const;
  if (t === "O" || t === "o") return "agent" as const;
  return zOrigin.parse(v);
});

/** `grade` 1–5 (5 best), or the legacy letters/words. */
const zGrade = any().transform((v) => {
  if (v === undefined || v === null) return null;
  const n = codeNumber(v);
  return (n !== null ? GRADES[n as keyof typeof GRADES] : undefined) ?? zRating.parse(v);
});

const V2Attachment = z
  .object({ name: zStr, nome: zStr, url: zStr, size: any(), tamanhobytes: any(), mime_type: zStr, mimetype: zStr, type: zStr })
  .transform((a) => ({
    name: a.name ?? a.nome,
    url: a.url,
    sizeBytes: safe(int(a.size !== undefined ? a.size : a.tamanhobytes)),
    mimeType: a.mime_type ?? a.mimetype ?? a.type,
  }));

const V2Reply = z
  .object({
    id: zStr, sender_type: zV2Origin, message: zStr, date: any(), creation_date: any(), operator: any(),
    attachments: zList(V2Attachment), start: zDateOrTime, end: zDateOrTime,
  })
  .transform((h) => ({
    id: h.id,
    from: h.sender_type,
    message: h.message,
    agent: idName(h.operator)[1],
    at: date(h.date !== undefined ? h.date : h.creation_date),
    startedAt: h.start,
    endedAt: h.end,
    attachments: h.attachments,
  }));

const V2Field = z
  .object({ id: zStr, field_id: zStr, label: zStr, name: zStr, field_name: zStr, value: zJson })
  .transform((c) => ({ id: c.id ?? c.field_id, label: c.label ?? c.name ?? c.field_name, value: c.value }));
const zFields = zList(V2Field);

const V2Stopwatch = z
  .object({ id: zStr, start: zDate, end: zDate, created_manually: any(), operator: any() })
  .transform((w) => ({ id: w.id, start: w.start, end: w.end, createdManually: bool(w.created_manually), operator: idName(w.operator)[1] }));
const V2Escalated = z
  .object({ protocol: zStr, ticket_id: zStr, id: zStr, subject: zStr })
  .transform((s) => ({ protocol: s.protocol, id: s.ticket_id ?? s.id, subject: s.subject }));

export const WireV2Ticket = z.object({
  id: zStr,
  ticket_id: zStr,
  protocol: zStr,
  subject: zStr,
  message: zStr,
  priority: zPriority,
  ticket_type: zType,
  creation_date: zDate,
  end_date: zDate,
  deadline: zDate,
  first_reply_date: zDate,
  last_situation_date: any(),
  last_update: any(),
  situation: any(),
  category: any(),
  department: any(),
  operator: any(),
  customer: any(),
  organization: any(),
  current_status: any(),
  work_time: zDuration,
  replies: any(),
  history: any(),
  messages: any(),
  attachments: zList(V2Attachment),
  custom_fields: any(),
  stopwatch: optionalList(V2Stopwatch),
  staggered_tickets: optionalList(V2Escalated),
  tags: any(),
  evaluation: any(),
  parent_ticket_id: zStr,
});

export type V2Ticket = Ticket & { departmentId?: string; categoryId?: string; agentId?: string; tags?: string[] };

function toV2Ticket(t: z.output<typeof WireV2Ticket>): V2Ticket | null {
  const id = t.id ?? t.ticket_id;
  if (id === null) return null;
  const [lastSituation, lastSituationDescription] = situation(t.situation);
  const [categoryId, category] = idName(t.category);
  const [departmentId, department] = idName(t.department);
  const [agentId, agent] = idName(t.operator);
  const c = isObject(t.customer) ? t.customer : null;
  const customer = c ? { name: str(c.name), email: str(c.email), id: str(c.internal_id) ?? str(c.id) } : { name: null, email: null, id: null };
  const cf = t.custom_fields;
  const split = isObject(cf) && (cf.closed !== undefined || cf.open !== undefined);
  const customFields = split ? zFields.parse(cf.open !== undefined ? cf.open : cf.opening !== undefined ? cf.opening : cf.ticket) : zFields.parse(cf);
  const closingCustomFields = split ? zFields.parse(cf.closed).map((f) => ({ label: f.label, value: f.value })) : [];
  const e = isObject(t.evaluation) ? t.evaluation : null;
  const replies = t.replies !== undefined ? t.replies : t.history !== undefined ? t.history : t.messages;
  const out: V2Ticket = {
    id,
    protocol: t.protocol,
    subject: t.subject,
    message: t.message,
    customer,
    organizationName: idName(t.organization)[1] ?? (c ? idName(c.organization)[1] : null),
    priority: t.priority,
    type: t.ticket_type,
    workedSeconds: t.work_time,
    openSeconds: null,
    createdAt: t.creation_date,
    deadline: t.deadline,
    firstResponseAt: t.first_reply_date,
    closedAt: t.end_date,
    lastSituationAt: date(t.last_situation_date !== undefined ? t.last_situation_date : t.last_update),
    lastStatusAt: null,
    pricing: { hourlyRate: null, overtimeHourlyRate: null, total: null, overtimeTotal: null, grossTotal: null },
    evaluation: e
      ? { problemSolved: bool(e.problem_solved), rating: zGrade.parse(e.grade), comment: str(e.comment) }
      : { problemSolved: null, rating: null, comment: null },
    lastSituation: lastSituation as Ticket["lastSituation"],
    lastSituationDescription,
    sla: { firstResponse: "noSla", deadline: "noSla" },
    category,
    department,
    agent,
    status: isObject(t.current_status) ? idName(t.current_status)[1] : str(t.current_status),
    parentTicketId: t.parent_ticket_id,
    attachments: t.attachments,
    history: zList(V2Reply).parse(replies) as Ticket["history"],
    customFields,
    closingCustomFields,
    statusHistory: [],
    stopwatch: t.stopwatch,
    escalatedTickets: t.staggered_tickets,
  };
  if (departmentId !== null) out.departmentId = departmentId;
  if (categoryId !== null) out.categoryId = categoryId;
  if (agentId !== null) out.agentId = agentId;
  if (t.tags !== undefined && t.tags !== null) {
    out.tags = Array.isArray(t.tags)
      ? t.tags.flatMap((x) => {
          const name = isObject(x) ? idName(x)[1] : str(x);
          return name === null ? [] : [name];
        })
      : [];
  }
  return out;
}

/** One v2 ticket (a list item); null without an id. */
export const v2Ticket = (o: Json): V2Ticket | null => toV2Ticket(WireV2Ticket.parse(o));

/** `(status, body)` of `GET v2.0/ticket/list` → one page of tickets, or throws a TomTicketError. */
export function decodeTicketPage(status: number, body: string, retryAfter?: string | null): Page<V2Ticket> {
  return decodePage(status, body, TICKET_LIST_ENDPOINT, retryAfter, v2Ticket);
}
