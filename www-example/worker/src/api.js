// /api — the portal's API. Every route needs a signed customer session (./session.js) and acts
// only as that customer: the token stays here, and the customer's e-mail comes from the session,
// never from the request.
//
//   GET  /api/me                      the signed-in customer
//   GET  /api/tickets?page=N          one page of their tickets { items, page, pages, nextPage, previousPage, total }
//   GET  /api/tickets/:id             one of their tickets (v2 detail, replies; internal notes left out)
//   POST /api/tickets/:id/replies     multipart: message, attachment… — a reply on one of their tickets
//   POST /api/tickets                 multipart: departmentId, categoryId?, subject, message,
//                                     customFields? (JSON text), priority?, attachment… — a new ticket as them
//   GET  /api/departments             departments → categories → custom fields (nested; no operators)
//   GET  /api/events                  the last TomTicket webhook events about their tickets
//
// Nothing else: no customer creation or update, no raw pass-through to TomTicket. Errors are JSON
// `{ ok: false, error: { kind, message, issues? } }` with the status from respond.js
// (validation 400, session 401, cross-site 403, not theirs / not found 404, 413, 415, 429, 5xx).
import { validateNewTicket } from "tomticket-wasm";
import { readForm } from "./body.js";
import { clientFor } from "./client.js";
import { customerStub } from "./customer.js";
import { HttpError, json } from "./respond.js";
import { checkSameOrigin, requireSession } from "./session.js";

const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const DEPARTMENTS_TTL_MS = 5 * 60 * 1000;

const ROUTES = [
  { method: "GET", path: /^\/api\/me$/, handler: me },
  { method: "GET", path: /^\/api\/tickets$/, handler: listMyTickets },
  { method: "POST", path: /^\/api\/tickets$/, handler: newTicket },
  { method: "GET", path: /^\/api\/tickets\/([^/]+)$/, handler: oneTicket },
  { method: "POST", path: /^\/api\/tickets\/([^/]+)\/replies$/, handler: reply },
  { method: "GET", path: /^\/api\/departments$/, handler: departments },
  { method: "GET", path: /^\/api\/events$/, handler: events },
];

export async function handleApi(request, env, url, ctx) {
  checkSameOrigin(request, url);
  if (request.method === "OPTIONS") {
    // Same-origin pages never preflight; there is no CORS here for other origins.
    throw new HttpError(403, "forbidden", "Cross-origin requests are not accepted");
  }
  const matching = ROUTES.map((r) => ({ r, m: r.path.exec(url.pathname) })).filter((x) => x.m);
  if (!matching.length) throw new HttpError(404, "notFound", "Not found");
  const hit = matching.find((x) => x.r.method === request.method || (x.r.method === "GET" && request.method === "HEAD"));
  if (!hit) {
    const allow = matching.map((x) => x.r.method).join(", ");
    throw new HttpError(405, "method", `Use ${allow}`, {}, { allow });
  }
  const session = await requireSession(request, env);
  const params = hit.m.slice(1).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      throw new HttpError(400, "badRequest", "Bad path");
    }
  });
  return hit.r.handler({ request, env, url, session, params, client: clientFor(env, ctx) });
}

// ---------------------------------------------------------------------------------------------
// what a customer may see

const sameEmail = (a, b) => typeof a === "string" && typeof b === "string" && a.trim().toLowerCase() === b.trim().toLowerCase();

/** Whether the ticket belongs to the session's customer. */
function isTheirs(ticket, session) {
  const c = ticket?.customer;
  if (!c) return false;
  if (c.email) return sameEmail(c.email, session.sub);
  return Boolean(session.cid && (c.internalId === session.cid || c.id === session.cid));
}

/** Reads a ticket and makes sure it is the caller's; another customer's ticket is "not found". */
async function theirTicket(client, session, ticketId, signal) {
  const ticket = await client.getTicketV2({ ticketId }, { signal });
  if (!isTheirs(ticket, session)) throw new HttpError(404, "notFound", "No such ticket");
  return ticket;
}

const isPublicOrigin = (from) => from === "customer" || from === "agent";

function attachmentsOf(list) {
  return (list ?? []).map((a) => ({ name: a.name ?? null, url: a.url ?? null, sizeBytes: a.sizeBytes ?? null, mimeType: a.mimeType ?? null }));
}

/** A list row: enough for "My tickets". */
function ticketRow(t) {
  return {
    id: t.id,
    protocol: t.protocol ?? null,
    subject: t.subject ?? null,
    situation: t.lastSituation ?? null,
    situationDescription: t.lastSituationDescription ?? null,
    priority: t.priority ?? null,
    department: t.department ?? null,
    category: t.category ?? null,
    createdAt: t.createdAt ?? null,
    closedAt: t.closedAt ?? null,
  };
}

/** The ticket as its customer may read it: no internal notes, time logs, prices or escalations. */
function ticketForCustomer(t) {
  return {
    ...ticketRow(t),
    message: t.message ?? null,
    type: t.type ?? null,
    agent: t.agent ?? null,
    customer: { name: t.customer?.name ?? null, email: t.customer?.email ?? null },
    organizationName: t.organizationName ?? null,
    firstResponseAt: t.firstResponseAt ?? null,
    deadline: t.deadline ?? null,
    sla: t.sla ?? null,
    evaluation: t.evaluation ?? null,
    attachments: attachmentsOf(t.attachments),
    history: (t.history ?? []).filter((h) => isPublicOrigin(h.from)).map((h) => ({
      id: h.id ?? null,
      from: h.from,
      message: h.message ?? null,
      agent: h.agent ?? null,
      at: h.at ?? null,
      attachments: attachmentsOf(h.attachments),
    })),
    customFields: (t.customFields ?? []).map((f) => ({ id: f.id ?? null, label: f.label ?? null, value: f.value ?? null })),
  };
}

// ---------------------------------------------------------------------------------------------
// handlers

async function me({ client, session, request }) {
  const c = await client.getCustomer({ email: session.sub }, { signal: request.signal });
  return json(200, {
    ok: true,
    customer: {
      name: c.name ?? null,
      email: c.email ?? session.sub,
      phone: c.phone ?? null,
      organization: c.organization?.name ?? null,
      canCreateTickets: c.permissions?.canCreateTickets ?? null,
    },
  });
}

async function listMyTickets({ client, session, url, request }) {
  const raw = url.searchParams.get("page") ?? "1";
  const n = Number(raw);
  if (!/^\d{1,6}$/.test(raw) || n < 1) throw new HttpError(400, "validation", "page must be a whole number ≥ 1", { issues: [{ field: "page", code: "invalidValue", message: "page must be a whole number ≥ 1" }] });
  const page = await client.listTickets({ email: session.sub, order: "desc", orderBy: "creationDate" }, { signal: request.signal }).page(n);
  // The filter asks TomTicket for this customer's tickets only; check each row anyway.
  const items = (page.items ?? []).filter((t) => !t.customer?.email || sameEmail(t.customer.email, session.sub)).map(ticketRow);
  return json(200, {
    ok: true,
    items,
    page: page.page ?? n,
    pages: page.pages ?? null,
    nextPage: page.nextPage ?? null,
    previousPage: n > 1 ? n - 1 : null,
    total: page.total ?? null,
  });
}

async function oneTicket({ client, session, params, request }) {
  const ticket = await theirTicket(client, session, params[0], request.signal);
  return json(200, { ok: true, ticket: ticketForCustomer(ticket) });
}

function maxUpload(env) {
  const n = Number(env.MAX_UPLOAD_BYTES);
  return Number.isSafeInteger(n) && n > 0 ? n : DEFAULT_MAX_UPLOAD_BYTES;
}

/** The form's fields, refusing any field not in `allowed` (customer fields above all). */
async function formFields(request, env, allowed) {
  const form = await readForm(request, maxUpload(env));
  const fields = {};
  const files = [];
  const unexpected = [];
  for (const [key, value] of form) {
    if (!allowed.includes(key)) unexpected.push(key);
    else if (key === "attachment") {
      if (typeof value !== "string" && value.size > 0) files.push(value);
    } else if (typeof value === "string") fields[key] = value;
  }
  if (unexpected.length) {
    const issues = [...new Set(unexpected)].map((f) => ({ field: f, code: "notAllowed", message: `${f} is not accepted here: tickets are always yours` }));
    throw new HttpError(400, "validation", "The form has fields this API does not accept", { issues });
  }
  return { fields, files };
}

async function reply({ client, session, params, request, env }) {
  const { fields, files } = await formFields(request, env, ["message", "attachment"]);
  const ticketId = params[0];
  await theirTicket(client, session, ticketId, request.signal);
  const result = await client.replyAsCustomer(
    { ticketId, message: fields.message ?? "", ...(files.length ? { attachments: files } : {}) },
    { signal: request.signal },
  );
  return json(201, { ok: true, message: result?.message ?? null, attachments: files.length });
}

const PRIORITIES = ["low", "normal", "high", "urgent"];

async function newTicket({ client, session, request, env }) {
  const { fields, files } = await formFields(request, env, ["departmentId", "categoryId", "subject", "message", "customFields", "priority", "attachment"]);
  const input = { email: session.sub, departmentId: fields.departmentId ?? "", subject: fields.subject ?? "", message: fields.message ?? "" };
  if (fields.categoryId) input.categoryId = fields.categoryId;
  if (fields.priority) {
    if (!PRIORITIES.includes(fields.priority)) {
      throw new HttpError(400, "validation", "Unknown priority", { issues: [{ field: "priority", code: "invalidValue", message: `priority must be one of ${PRIORITIES.join(", ")}` }] });
    }
    input.priority = fields.priority;
  }
  if (fields.customFields) {
    let cf;
    try {
      cf = JSON.parse(fields.customFields);
    } catch {
      cf = null;
    }
    if (!cf || typeof cf !== "object" || Array.isArray(cf)) {
      throw new HttpError(400, "validation", "customFields must be a JSON object", { issues: [{ field: "customFields", code: "invalidType", message: "customFields must be a JSON object { fieldId: value }" }] });
    }
    const kept = Object.fromEntries(Object.entries(cf).filter(([, v]) => v !== "" && v !== null && v !== undefined));
    if (Object.keys(kept).length) input.customFields = kept;
  }
  // The same rules the portal's form runs as you type (`validateNewTicket`): all at once, before
  // anything is sent. The attachments are checked by createTicket itself (sizes, names, count),
  // which refuses with the same kind of issues.
  const issues = validateNewTicket(input);
  if (issues.length) throw new HttpError(400, "validation", "Some fields need fixing", { issues });
  if (files.length) input.attachments = files;
  const created = await client.createTicket(input, { signal: request.signal });
  return json(201, { ok: true, ticketId: created.ticketId ?? null, protocol: created.protocol ?? null, attachments: files.length });
}

let departmentsCache = null;
async function departments({ client, env, request }) {
  const key = `${env.TOMTICKET_BASE_URL ?? ""}`;
  if (!departmentsCache || departmentsCache.key !== key || Date.now() - departmentsCache.at > DEPARTMENTS_TTL_MS) {
    const list = await client.listDepartments({ includeNested: true }, { signal: request.signal });
    const field = (f) => ({ id: f.id, label: f.label ?? f.name ?? f.id });
    // Operators' names are staff data: not for customers.
    const departmentsOut = (list.departments ?? []).map((d) => ({
      id: d.id,
      name: d.name,
      categories: (d.categories ?? []).map((c) => ({ id: c.id, name: c.name, customFields: (c.customFields ?? []).map(field) })),
      generalCustomFields: (d.generalCustomFields ?? []).map(field),
    }));
    departmentsCache = { key, at: Date.now(), departments: departmentsOut };
  }
  return json(200, { ok: true, departments: departmentsCache.departments });
}

async function events({ env, session }) {
  const stub = await customerStub(env, { email: session.sub });
  return json(200, { ok: true, events: await stub.events() });
}
