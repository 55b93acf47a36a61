// The TomTicket client of this Worker: one per request, its requests paced by the account's
// shared AccountLimiter (./limiter.js). The client holds no state of its own worth keeping
// (the rate limit lives in the Durable Object), and a Durable Object stub belongs to the request
// that made it — so a client per request, made in microseconds.
import { TomTicketClient } from "tomticket-wasm";
import { accountLimiter } from "./limiter.js";
import { HttpError } from "./respond.js";

const perRequest = new WeakMap();

/**
 * @param {object} env  the Worker's (or Durable Object's) bindings
 * @param {{ waitUntil(p: Promise<unknown>): void }} ctx  the request's ExecutionContext (or the
 *   Durable Object's state): keeps the limiter's last release alive after the response
 */
export function clientFor(env, ctx) {
  if (!env.TOMTICKET_TOKEN) throw new HttpError(503, "config", "The Worker has no TOMTICKET_TOKEN secret configured");
  let client = ctx && perRequest.get(ctx);
  if (!client) {
    const limiter = accountLimiter(env, ctx?.waitUntil ? (p) => ctx.waitUntil(p) : undefined);
    client = new TomTicketClient({
      token: env.TOMTICKET_TOKEN,
      ...(env.TOMTICKET_BASE_URL ? { baseUrl: env.TOMTICKET_BASE_URL } : {}),
      // Without a LIMITER binding: the client's own in-memory limiter (per isolate only).
      ...(limiter ? { limiter } : {}),
      // Webhook senders and people wait for our answer: keep every call well under a minute.
      timeoutMs: 25_000,
    });
    if (ctx) perRequest.set(ctx, client);
  }
  return client;
}
