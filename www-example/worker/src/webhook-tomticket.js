// POST /webhooks/tomticket — TomTicket's own webhook (Enterprise plan): `{ type, id, action }`
// signed in `X-Hub-Signature` with the webhook's secret (TOMTICKET_WEBHOOK_SECRET). The package's
// `verifyWebhook` checks the signature over the raw bytes, in constant time, and parses the body.
//
// A ticket event carries no data: we read the ticket (getTicketV2) to learn whose it is and
// what it looks like now, and keep the event in that customer's Durable Object, where the portal
// reads it (GET /api/events).
//
//   200 { ok: true, recorded: true, event }     kept for the ticket's customer
//   200 { ok: true, recorded: false, reason }   valid, but nothing to keep (customer events,
//                                               a ticket that is gone or has no customer e-mail)
//   401 missing, malformed or wrong signature   413 body over MAX_BODY_BYTES
//   503 no TOMTICKET_WEBHOOK_SECRET configured  502 TomTicket failed reading the ticket
import { isTomTicketError, verifyWebhook } from "tomticket-wasm";
import { readBody } from "./body.js";
import { clientFor } from "./client.js";
import { customerStub } from "./customer.js";
import { describe, fromResult, HttpError, json } from "./respond.js";

export const MAX_BODY_BYTES = 16 * 1024;

/** What the portal shows of a ticket event. */
function eventSummary(event, ticket) {
  return {
    type: event.type,
    action: event.action,
    ticketId: event.id,
    protocol: ticket?.protocol ?? null,
    subject: ticket?.subject ?? null,
    situation: ticket?.lastSituation ?? ticket?.situation ?? null,
    at: new Date().toISOString(),
  };
}

export async function handleTomTicketWebhook(request, env, ctx) {
  if (request.method !== "POST") {
    return json(405, { ok: false, error: { kind: "method", message: "TomTicket POSTs its webhooks here" } }, { allow: "POST" });
  }
  const secret = env.TOMTICKET_WEBHOOK_SECRET;
  if (!secret) throw new HttpError(503, "config", "This webhook is closed: set the TOMTICKET_WEBHOOK_SECRET secret");
  const raw = await readBody(request, MAX_BODY_BYTES);

  let event;
  try {
    event = verifyWebhook(raw, request.headers.get("x-hub-signature"), secret);
  } catch (e) {
    if (isTomTicketError(e) && e.kind === "webhook") {
      return json(401, { ok: false, error: { kind: "webhook", reason: e.reason ?? null, message: e.message } });
    }
    if (isTomTicketError(e)) return json(400, { ok: false, error: describe(e) });
    throw e;
  }

  if (event.type !== "ticket") {
    return json(200, { ok: true, recorded: false, reason: `${event.type} events are not shown in the portal`, event });
  }
  let ticket;
  try {
    ticket = await clientFor(env, ctx).getTicketV2({ ticketId: event.id });
  } catch (e) {
    if (isTomTicketError(e) && e.kind === "notFound") {
      return json(200, { ok: true, recorded: false, reason: "the ticket is not in TomTicket (deleted?)", event });
    }
    throw e;
  }
  const email = ticket?.customer?.email;
  if (!email) return json(200, { ok: true, recorded: false, reason: "the ticket has no customer e-mail", event });
  const summary = eventSummary(event, ticket);
  const stub = await customerStub(env, { email });
  const result = await stub.recordEvent(summary);
  return fromResult({ ...result, recorded: true, event: summary }, env);
}
