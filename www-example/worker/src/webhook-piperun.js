// POST /webhooks/piperun — PipeRun Atendimentos posts a `talk`; its `customer` becomes (or
// updates) a TomTicket customer. Every rule (what a valid PipeRun customer is, which PipeRun
// field becomes which TomTicket field, what TomTicket accepts) lives in the package; the order of
// the calls lives in the customer's Durable Object (./customer.js). This file only checks who is
// calling, reads the body and shapes the answer:
//
//   200 { ok: true, action: "created" | "updated", matchedBy, customer, notes }
//   200 { ok: true, replay: true, action, … }      the same event again within 10 minutes
//   400 { ok: false, error: { kind: "validation", message, issues: [{ field, code, message }] } }
//   401 no key, a wrong key, or a key in the query string
//   413 body over MAX_BODY_BYTES        503 no PIPERUN_WEBHOOK_KEY configured (closed by default)
//   502 { ok: false, error: { kind, status?, message, serverMessage? } }   TomTicket failed
//
// The key: PIPERUN_WEBHOOK_KEY (a secret), sent in the `X-Webhook-Key` header or as the last path
// segment (`/webhooks/piperun/<key>`, for senders that cannot set headers). Never in the query
// string: query strings end up in access logs, analytics and browser history.
import { isTomTicketError, mapPipeRunCustomer } from "tomticket-wasm";
import { readText } from "./body.js";
import { secretEquals, sha256Hex } from "./crypto.js";
import { customerStub } from "./customer.js";
import { describe, fromResult, HttpError, json } from "./respond.js";

export const MAX_BODY_BYTES = 256 * 1024;
const PREFIX = "/webhooks/piperun";

let warned = false;
/** Throws an HttpError unless the caller proved it knows the webhook key. */
export async function checkWebhookKey(request, env, url) {
  if ([...url.searchParams.keys()].some((k) => /key|token|secret|signature/i.test(k))) {
    throw new HttpError(401, "unauthorized", "Never put the webhook key in the query string: send it in the X-Webhook-Key header or the path");
  }
  const expected = env.PIPERUN_WEBHOOK_KEY;
  if (!expected) {
    if (env.ALLOW_UNSIGNED_WEBHOOKS === "1") {
      if (!warned) {
        warned = true;
        console.warn("⚠⚠⚠ ALLOW_UNSIGNED_WEBHOOKS=1: /webhooks/piperun accepts calls WITHOUT a key. Development only — never deploy this. ⚠⚠⚠");
      }
      return;
    }
    throw new HttpError(503, "config", "This webhook is closed: set the PIPERUN_WEBHOOK_KEY secret");
  }
  const fromPath = url.pathname.length > PREFIX.length + 1 ? safeDecode(url.pathname.slice(PREFIX.length + 1)) : null;
  const given = request.headers.get("x-webhook-key") ?? fromPath;
  if (!given) throw new HttpError(401, "unauthorized", "Missing webhook key");
  if (!(await secretEquals(given, expected))) throw new HttpError(401, "unauthorized", "Wrong webhook key");
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** JSON with sorted keys: the same customer always hashes the same. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().filter((k) => value[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The talk's id, when the body is a talk (`{ id, customer }` or `{ talk: { id, … } }`). */
function talkId(text) {
  try {
    const body = JSON.parse(text);
    const id = body?.talk?.id ?? (body?.customer && typeof body.customer === "object" ? body.id : undefined);
    return id === undefined || id === null ? null : String(id);
  } catch {
    return null;
  }
}

export async function handlePipeRunWebhook(request, env, url, ctx) {
  if (request.method !== "POST") {
    return json(405, { ok: false, error: { kind: "method", message: "POST a PipeRun webhook body here" } }, { allow: "POST" });
  }
  await checkWebhookKey(request, env, url);
  if (!env.TOMTICKET_TOKEN) throw new HttpError(503, "config", "The Worker has no TOMTICKET_TOKEN secret configured");
  const body = await readText(request, MAX_BODY_BYTES);

  // Parse and map — pure, no network. Bad payloads stop here with the package's field issues.
  let mapped;
  try {
    mapped = mapPipeRunCustomer(body);
  } catch (e) {
    if (isTomTicketError(e)) return json(400, { ok: false, error: describe(e) });
    throw e;
  }
  const { newCustomer, update } = mapped;
  // Same talk + same customer content = the same event.
  const content = await sha256Hex(canonical({ newCustomer, update }));
  const replayKey = await sha256Hex(`${talkId(body) ?? "-"}\n${content}`);
  const stub = await customerStub(env, { email: newCustomer.email, customerId: newCustomer.customerId });
  return fromResult(await stub.sync({ mapped, replayKey }), env);
}
