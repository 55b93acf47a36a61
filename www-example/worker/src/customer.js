// One Durable Object per customer — `CustomerSync`, named by the SHA-256 of the customer's e-mail
// (or of its internal id when it has no e-mail). Two jobs:
//
// 1. The PipeRun sync, one customer at a time. PipeRun may post the same talk many times, and
//    several talks of one customer at once; looked up and created in parallel, a new customer
//    would be created twice. Here every sync of one customer runs in its object, one after the
//    other: look up (getCustomer by e-mail, then by id) → createCustomer or updateCustomerV2.
//    The same event again (same talk id and same mapped customer) within REPLAY_WINDOW_MS is a
//    no-op answered `{ replay: true }`: its key is kept in the object's storage.
//
// 2. The customer's last TomTicket events (POST /webhooks/tomticket), shown by the portal
//    (GET /api/events): the last MAX_EVENTS, newest first, in storage.
//
// 3. A sign-in throttle for the e-mail: after SIGN_IN_MAX_FAILURES wrong passwords within
//    SIGN_IN_WINDOW_MS, POST /session answers 429 until the oldest failure leaves the window.
//
// Errors do not cross an RPC boundary with their fields, so every method answers a plain object
// `{ ok, status, … }` instead of throwing.
import { DurableObject } from "cloudflare:workers";
import { isTomTicketError } from "tomticket-wasm";
import { clientFor } from "./client.js";
import { sha256Hex } from "./crypto.js";
import { describe, HttpError } from "./respond.js";

export const REPLAY_WINDOW_MS = 10 * 60 * 1000;
export const MAX_EVENTS = 20;
/** Sign-in throttle: at most this many wrong passwords per e-mail in the window. */
export const SIGN_IN_MAX_FAILURES = 5;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

/** The object's name for a customer: a hash, never the e-mail itself. */
export async function customerName({ email, customerId }) {
  if (email) return sha256Hex(`customer-email\n${String(email).trim().toLowerCase()}`);
  return sha256Hex(`customer-id\n${customerId}`);
}

export async function customerStub(env, who) {
  if (!env.CUSTOMERS) throw new HttpError(503, "config", "The Worker has no CUSTOMERS Durable Object binding");
  return env.CUSTOMERS.get(env.CUSTOMERS.idFromName(await customerName(who)));
}

/** getCustomer, with "not found" as null. */
async function find(client, lookup) {
  try {
    return await client.getCustomer(lookup);
  } catch (e) {
    if (isTomTicketError(e) && e.kind === "notFound") return null;
    throw e;
  }
}

/** The mapping's legacy update input → a `customer/update` (v2) input, same fields. */
export function toUpdateV2(update, matchedBy, newCustomer) {
  const { identifier, identifierType, internalId, email, customFields, ...rest } = update;
  const out = {};
  if (matchedBy === "customerId") {
    // Found by internal id: its e-mail in TomTicket is another one (or none) — set ours.
    out.customerId = newCustomer.customerId;
    const newEmail = identifierType === "email" ? identifier : email;
    if (newEmail) out.newEmail = newEmail;
  } else if (identifierType === "email") {
    out.email = identifier;
    if (internalId) out.newInternalId = internalId;
  } else {
    out.customerId = identifier;
    if (email) out.newEmail = email;
  }
  for (const [k, v] of Object.entries(rest)) if (v !== undefined && v !== null) out[k] = v;
  if (customFields) {
    const kept = Object.fromEntries(Object.entries(customFields).filter(([, v]) => v !== null && v !== undefined));
    if (Object.keys(kept).length) out.customFields = kept;
  }
  return out;
}

export class CustomerSync extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.queue = Promise.resolve();
  }

  /** Runs `fn` after every sync queued before it (one TomTicket look-up-then-write at a time). */
  serial(fn) {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * @param {{ mapped: import("tomticket-wasm").Mapping, replayKey: string }} input
   * @returns {Promise<{ ok: boolean, status: number, replay?: boolean, action?: string, … }>}
   */
  sync({ mapped, replayKey }) {
    return this.serial(() => this.syncNow(mapped, replayKey));
  }

  async syncNow(mapped, replayKey) {
    const now = Date.now();
    const replays = await this.recentReplays(now);
    const seen = replays[replayKey];
    if (seen) {
      return { ok: true, status: 200, replay: true, action: seen.action, firstSeenAt: new Date(seen.at).toISOString(), customer: seen.customer };
    }
    const { newCustomer, update, notes } = mapped;
    const customer = { customerId: newCustomer.customerId, name: newCustomer.name, email: newCustomer.email ?? null };
    let result;
    try {
      const client = clientFor(this.env, this.ctx);
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
      let tomticket;
      if (existing) {
        action = "updated";
        tomticket = await client.updateCustomerV2(toUpdateV2(update, matchedBy, newCustomer));
      } else {
        action = "created";
        tomticket = await client.createCustomer(newCustomer);
      }
      result = { ok: true, status: 200, action, matchedBy, customer, tomticket, notes: notes ?? [] };
    } catch (e) {
      if (e instanceof HttpError) return { ok: false, status: e.status, error: { kind: e.kind, message: e.message } };
      if (isTomTicketError(e)) return { ok: false, status: e.kind === "validation" ? 400 : 502, error: describe(e) };
      console.error("sync failed:", String(e?.message ?? e));
      return { ok: false, status: 500, error: { kind: "internal", message: "unexpected error" } };
    }
    replays[replayKey] = { at: now, action: result.action, customer };
    await this.ctx.storage.put("replays", replays);
    return result;
  }

  async recentReplays(now) {
    const all = (await this.ctx.storage.get("replays")) ?? {};
    const kept = {};
    for (const [k, v] of Object.entries(all)) if (now - v.at < REPLAY_WINDOW_MS) kept[k] = v;
    return kept;
  }

  /** Keeps one TomTicket event (newest first, at most MAX_EVENTS). */
  async recordEvent(event) {
    const events = (await this.ctx.storage.get("events")) ?? [];
    events.unshift({ ...event, receivedAt: new Date().toISOString() });
    events.length = Math.min(events.length, MAX_EVENTS);
    await this.ctx.storage.put("events", events);
    return { ok: true, status: 200, kept: events.length };
  }

  async events() {
    return (await this.ctx.storage.get("events")) ?? [];
  }

  /** `{ allowed, retryAfterS }`: whether a sign-in for this e-mail may be tried now. */
  async signInAllowed() {
    const now = Date.now();
    const failures = ((await this.ctx.storage.get("signInFailures")) ?? []).filter((t) => now - t < SIGN_IN_WINDOW_MS);
    if (failures.length < SIGN_IN_MAX_FAILURES) return { allowed: true, retryAfterS: 0 };
    return { allowed: false, retryAfterS: Math.ceil((failures[0] + SIGN_IN_WINDOW_MS - now) / 1000) };
  }

  /** Records a failed (`ok: false`) or successful sign-in (which forgets the failures). */
  async signInResult({ ok }) {
    if (ok) return this.ctx.storage.delete("signInFailures");
    const now = Date.now();
    const failures = ((await this.ctx.storage.get("signInFailures")) ?? []).filter((t) => now - t < SIGN_IN_WINDOW_MS);
    failures.push(now);
    await this.ctx.storage.put("signInFailures", failures.slice(-SIGN_IN_MAX_FAILURES));
  }
}
