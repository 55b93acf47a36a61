// POST /webhooks/piperun — PipeRun Atendimentos posts a `talk`; its `customer` becomes (or
// updates) a TomTicket customer. Every rule (what a valid PipeRun customer is, which PipeRun
// field becomes which TomTicket field, what TomTicket accepts) lives in the package; this file only
// orders the calls and shapes the answer:
//
//   200 { ok: true, action: "created" | "updated", matchedBy, customer, notes }
//   400 { ok: false, error: { kind: "validation", message, issues: [{ field, code, message }] } }
//   502 { ok: false, error: { kind, status?, message, serverMessage? } }   TomTicket failed
//
// The token never appears in an answer: the package redacts it from its errors, and every body
// goes through `scrub` on its way out anyway.
import { TomTicketClient, isTomTicketError, mapPipeRunCustomer } from "tomticket-wasm";
import { json, scrub } from "./respond.js";

const MAX_BODY_BYTES = 256 * 1024;

// One client per isolate and configuration: its rate limiter (3 req/s, TomTicket's limit) is then
// shared by every webhook this isolate handles.
let cached = null;
function clientFor(env) {
  const key = `${env.TOMTICKET_BASE_URL ?? ""}\n${env.TOMTICKET_TOKEN ?? ""}`;
  if (cached?.key !== key) {
    cached = {
      key,
      client: new TomTicketClient({
        token: env.TOMTICKET_TOKEN,
        ...(env.TOMTICKET_BASE_URL ? { baseUrl: env.TOMTICKET_BASE_URL } : {}),
        // PipeRun waits for our answer: keep the whole sync well under its patience.
        timeoutMs: 20_000,
      }),
    };
  }
  return cached.client;
}

/** The public part of a package error (never a stack, never the request URL). */
function describe(e) {
  return {
    kind: e.kind,
    message: e.message,
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.serverMessage !== undefined ? { serverMessage: e.serverMessage } : {}),
    ...(e.issues?.length ? { issues: e.issues } : {}),
    ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
  };
}

/** getCustomer, with "not found" as `null` instead of an error. */
async function find(client, lookup) {
  try {
    return await client.getCustomer(lookup);
  } catch (e) {
    if (isTomTicketError(e) && e.kind === "notFound") return null;
    throw e;
  }
}

export async function handleWebhook(request, env, url) {
  const token = env.TOMTICKET_TOKEN;
  const reply = (status, body) => json(status, JSON.parse(scrub(JSON.stringify(body), token)));
  if (request.method !== "POST") {
    return json(405, { ok: false, error: { kind: "method", message: "POST a PipeRun webhook body here" } }, { allow: "POST" });
  }
  if (env.PIPERUN_WEBHOOK_KEY && url.searchParams.get("key") !== env.PIPERUN_WEBHOOK_KEY) {
    return reply(401, { ok: false, error: { kind: "unauthorized", message: "missing or wrong ?key=" } });
  }
  if (!token) {
    return reply(500, { ok: false, error: { kind: "config", message: "The Worker has no TOMTICKET_TOKEN secret configured" } });
  }
  const body = await request.text();
  if (body.length > MAX_BODY_BYTES) {
    return reply(413, { ok: false, error: { kind: "validation", message: "body too large", issues: [] } });
  }

  // 1. Parse and map — pure, no network. Bad payloads stop here with the package's field issues.
  let mapped;
  try {
    // Takes the raw body (text): parses it with every issue named by its path, then maps it.
    mapped = mapPipeRunCustomer(body);
  } catch (e) {
    if (isTomTicketError(e)) return reply(400, { ok: false, error: describe(e) });
    throw e;
  }
  const { newCustomer, update, notes } = mapped;

  // 2. Look the customer up by e-mail, then by id; 3. create it, or update the one found.
  const client = clientFor(env);
  try {
    let existing = null;
    let matchedBy = null;
    if (newCustomer.email) {
      existing = await find(client, { email: newCustomer.email });
      if (existing) matchedBy = "email";
    }
    if (!existing) {
      existing = await find(client, { customerId: newCustomer.customerId });
      if (existing) matchedBy = "customerId";
    }
    let action;
    let result;
    if (existing) {
      action = "updated";
      // The package's `update` identifies the customer by e-mail when it has one (and then also
      // sets its internal id to the mapped customerId), else by internal id. When only the id
      // matched, the customer in TomTicket has another e-mail (or none): identify it by id.
      let input = update;
      if (matchedBy === "customerId" && update.identifierType === "email") {
        const { internalId: _, ...rest } = update;
        input = { ...rest, identifier: newCustomer.customerId, identifierType: "internalId", email: update.identifier };
      }
      result = await client.updateCustomer(input);
    } else {
      action = "created";
      result = await client.createCustomer(newCustomer);
    }
    return reply(200, {
      ok: true,
      action,
      matchedBy,
      customer: {
        customerId: newCustomer.customerId,
        name: newCustomer.name,
        email: newCustomer.email ?? null,
      },
      tomticket: result,
      notes: notes ?? [],
    });
  } catch (e) {
    if (isTomTicketError(e)) return reply(502, { ok: false, error: describe(e) });
    return reply(500, { ok: false, error: { kind: "internal", message: "unexpected error" } });
  }
}
