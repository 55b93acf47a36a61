// Legacy `GET /chamado/{token}/{ticketId}`: the query, and the ticket decoded from either shape
// (documented flat beside `erro`, or the live `{ erro, message, data: {...} }`) with the lenient
// rules of lenient.ts, into camelCase English names with codes as descriptive strings.
import * as z from "zod";
import { TomTicketError, type Issue } from "./errors.js";
import { decodeEnvelope, legacyPayload, type Json } from "./envelope.js";
import { preview, type EncodedRequest, type Prepared } from "./http.js";
import { toIssues } from "./issues.js";
import { bool, date, int, isObject, str, zBool, zCode, zDate, zDecimal, zInt, zJson, zList, zNumCode, zStr, type Code } from "./lenient.js";
import { text } from "./rules.js";

// ---- query ----
export const TicketQuerySchema = z.strictObject({
  ticketId: text(64, { required: true }),
  includeStopwatch: z.boolean().optional(),
  includeEscalatedTickets: z.boolean().optional(),
});
export type TicketQuery = z.input<typeof TicketQuerySchema>;

export const TICKET_ENDPOINT = "GET /chamado/***/{ticketId}";

export function parseTicketQuery(input: unknown): Prepared {
  const r = TicketQuerySchema.safeParse(input);
  if (!r.success) throw TomTicketError.validation(toIssues(r.error, input, "TicketQuery"));
  const query: [string, string][] = [];
  if (r.data.includeStopwatch) query.push(["stopwatch", "1"]);
  if (r.data.includeEscalatedTickets) query.push(["show_staggered_tickets", "1"]);
  return { method: "GET", segments: ["chamado", null, r.data.ticketId], query, form: null, auth: "path", family: "legacy" };
}

export function validateTicketQuery(input: unknown): Issue[] {
  const r = TicketQuerySchema.safeParse(input);
  return r.success ? [] : toIssues(r.error, input, "TicketQuery");
}

export const encodeTicketQuery = (input: unknown): EncodedRequest => preview(parseTicketQuery(input));

// ---- codes ----
export const zPriority = zNumCode(
  { 1: "low", 2: "normal", 3: "high", 4: "urgent" } as const,
  { baixa: "low", baixo: "low", low: "low", normal: "normal", média: "normal", media: "normal", medium: "normal", alta: "high", alto: "high", high: "high", urgente: "urgent", urgent: "urgent" },
);
export const zType = zCode({ i: "internal", interno: "internal", interna: "internal", internal: "internal", e: "external", externo: "external", externa: "external", external: "external" } as const);
export const zRating = zCode({
  o: "excellent", ótimo: "excellent", otimo: "excellent", excellent: "excellent",
  b: "good", bom: "good", good: "good",
  m: "average", regular: "average", average: "average",
  r: "poor", ruim: "poor", poor: "poor",
  p: "terrible", péssimo: "terrible", pessimo: "terrible", terrible: "terrible",
} as const);
const zSituation = zNumCode({
  1: "acceptedByAgent", 2: "answeredByAgent", 3: "answeredByCustomer", 4: "cancelled", 5: "finished", 6: "agentChanged", 7: "sentToSupportTeam",
} as const);
export const zOrigin = zCode({ c: "customer", cliente: "customer", customer: "customer", a: "agent", atendente: "agent", agent: "agent" } as const);

/** `true`/`false` in any spelling → met/missed; null or absent → no SLA defined. */
const zSla = z.unknown().optional().transform((v): Code<"met" | "missed" | "noSla"> => {
  if (v === undefined || v === null) return "noSla";
  const b = bool(v);
  if (b !== null) return b ? "met" : "missed";
  const s = str(v)?.trim();
  return s === undefined ? "noSla" : { unknown: s };
});

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
export const safe = (n: number | null) => (n !== null && Math.abs(n) <= MAX_SAFE ? n : null);

/** Seconds as a number, a numeric string, or "H:MM[:SS]". */
export const zDuration = z.unknown().optional().transform((v) => {
  const n = safe(int(v));
  if (n !== null || typeof v !== "string") return n;
  const m = /^(\d{1,12}):(\d{1,12})(?::(\d{1,12}))?$/.exec(v.trim());
  if (!m || +m[2]! > 59 || +(m[3] ?? 0) > 59) return null;
  return safe(+m[1]! * 3600 + +m[2]! * 60 + +(m[3] ?? 0));
});

/** A date, or a bare time of day "HH:MM[:SS]" → "HH:MM:SS" (history work intervals). */
export const zDateOrTime = z.unknown().optional().transform((v) => {
  if (typeof v === "string") {
    const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v.trim());
    if (m && +m[1]! <= 23 && +m[2]! <= 59 && +(m[3] ?? 0) <= 59) return `${m[1]}:${m[2]}:${m[3] ?? "00"}`;
  }
  return date(v);
});

// ---- the ticket ----
const Attachment = z
  .object({ nome: zStr, url: zStr, tamanhobytes: zInt, mimetype: zStr, mime_type: zStr })
  .transform((a) => ({ name: a.nome, url: a.url, sizeBytes: safe(a.tamanhobytes), mimeType: a.mimetype ?? a.mime_type }));

const HistoryEntry = z
  .object({ id: zStr, origem: zOrigin, mensagem: zStr, atendente: zStr, data_hora: zDate, hora_inicio: zDateOrTime, hora_fim: zDateOrTime, anexos: zList(Attachment) })
  .transform((h) => ({
    id: h.id,
    from: h.origem,
    message: h.mensagem,
    agent: h.atendente,
    at: h.data_hora,
    startedAt: h.hora_inicio,
    endedAt: h.hora_fim,
    attachments: h.anexos,
  }));

const CustomField = z.object({ id: zStr, label: zStr, value: zJson }).transform((f) => ({ id: f.id, label: f.label, value: f.value }));
const ClosingField = z.object({ label: zStr, value: zJson }).transform((f) => ({ label: f.label, value: f.value }));
const StatusChange = z
  .object({ id: zStr, status: zStr, comentario: zStr, atendente_inicio: zStr, atendente_fim: zStr, inicio: zDate, fim: zDate })
  .transform((s) => ({
    id: s.id,
    status: s.status,
    comment: s.comentario,
    startedBy: s.atendente_inicio,
    endedBy: s.atendente_fim,
    startedAt: s.inicio,
    endedAt: s.fim,
  }));
const Stopwatch = z
  .object({ id: zStr, start: zDate, end: zDate, created_manually: zBool, operator: zStr })
  .transform((w) => ({ id: w.id, start: w.start, end: w.end, createdManually: w.created_manually, operator: w.operator }));
const Escalated = z
  .object({ protocolo: zStr, idchamado: zStr, titulo: zStr })
  .transform((s) => ({ protocol: s.protocolo, id: s.idchamado, subject: s.titulo }));

/** Present (even empty) → a list; absent or null → null (the flag was not asked for). */
export const optionalList = <T extends z.ZodType>(item: T) =>
  z.unknown().optional().transform((v): unknown => (v === undefined || v === null ? null : v)).pipe(z.union([z.null(), zList(item)]));

export const WireTicket = z.object({
  idchamado: zStr,
  protocolo: zStr,
  titulo: zStr,
  mensagem: zStr,
  message: zStr,
  nomecliente: zStr,
  email_cliente: zStr,
  id_cliente: zStr,
  nomeorganizacao: zStr,
  prioridade: zPriority,
  tipochamado: zType,
  tempotrabalho: zDuration,
  tempoabertura: zDuration,
  data_criacao: zDate,
  deadline: zDate,
  dataprimeiraresposta: zDate,
  dataencerramento: zDate,
  dataultimasituacao: zDate,
  dataultimostatus: zDate,
  valoritemhora: zDecimal,
  valoritemhoraextra: zDecimal,
  valorfinal: zDecimal,
  valorfinalextra: zDecimal,
  valorfinalbruto: zDecimal,
  avaliadoproblemaresolvido: zBool,
  avaliadoatendimento: zRating,
  avaliacaocomentario: zStr,
  ultimasituacao: zSituation,
  descsituacao: zStr,
  sla_inicializacao_cumprido: zSla,
  sla_deadline_cumprido: zSla,
  categoria: zStr,
  departamento: zStr,
  atendente: zStr,
  status: zStr,
  parent_ticket_id: zStr,
  anexos: zList(Attachment),
  historico: zList(HistoryEntry),
  campospersonalizados: zList(CustomField),
  campospersonalizados_finalizados: zList(ClosingField),
  historico_status: zList(StatusChange),
  stopwatch: optionalList(Stopwatch),
  staggered_tickets: optionalList(Escalated),
});

function toTicket(t: z.output<typeof WireTicket>, nested: boolean) {
  return {
    id: t.idchamado ?? "",
    protocol: t.protocolo,
    subject: t.titulo,
    // flat shape: the envelope's `mensagem` is overwritten by the ticket's own; nested: `message` is the envelope's
    message: t.mensagem ?? (nested ? t.message : null),
    customer: { name: t.nomecliente, email: t.email_cliente, id: t.id_cliente },
    organizationName: t.nomeorganizacao,
    priority: t.prioridade,
    type: t.tipochamado,
    workedSeconds: t.tempotrabalho,
    openSeconds: t.tempoabertura,
    createdAt: t.data_criacao,
    deadline: t.deadline,
    firstResponseAt: t.dataprimeiraresposta,
    closedAt: t.dataencerramento,
    lastSituationAt: t.dataultimasituacao,
    lastStatusAt: t.dataultimostatus,
    pricing: {
      hourlyRate: t.valoritemhora,
      overtimeHourlyRate: t.valoritemhoraextra,
      total: t.valorfinal,
      overtimeTotal: t.valorfinalextra,
      grossTotal: t.valorfinalbruto,
    },
    evaluation: { problemSolved: t.avaliadoproblemaresolvido, rating: t.avaliadoatendimento, comment: t.avaliacaocomentario },
    lastSituation: t.ultimasituacao,
    lastSituationDescription: t.descsituacao,
    sla: { firstResponse: t.sla_inicializacao_cumprido, deadline: t.sla_deadline_cumprido },
    category: t.categoria,
    department: t.departamento,
    agent: t.atendente,
    status: t.status,
    parentTicketId: t.parent_ticket_id,
    attachments: t.anexos,
    history: t.historico,
    customFields: t.campospersonalizados,
    closingCustomFields: t.campospersonalizados_finalizados,
    statusHistory: t.historico_status,
    stopwatch: t.stopwatch,
    escalatedTickets: t.staggered_tickets,
  };
}

export type Ticket = ReturnType<typeof toTicket>;

/** `(status, bodyText)` → Ticket, or throws a TomTicketError (kind from the status/envelope, or "decode"). */
export function decodeTicket(status: number, bodyText: string, retryAfter?: string | null): Ticket {
  const top = decodeEnvelope("legacy", status, bodyText, TICKET_ENDPOINT, retryAfter);
  const hasId = (m: Json) => str(m.idchamado) !== null;
  const preferred = legacyPayload(top);
  const arr = Array.isArray(top.data) && top.data.length === 1 && isObject(top.data[0]) ? (top.data[0] as Json) : null;
  const payload = [preferred, arr, top].find((m): m is Json => m !== null && hasId(m));
  if (!payload) {
    throw new TomTicketError("decode", "expected a ticket in the response: an object with `idchamado`, flat beside `erro` or under `data`", {
      status,
      serverMessage: str(top.mensagem) ?? str(top.message) ?? undefined,
      endpoint: TICKET_ENDPOINT,
    });
  }
  return toTicket(WireTicket.parse(payload), payload !== top);
}
