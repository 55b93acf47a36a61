// One rate limit for a whole TomTicket account, shared by every isolate of every Worker that
// uses the same token.
//
// The package's client has its own limiter (3 req/s, in memory), but Cloudflare runs a Worker in
// many isolates at once, each with its own memory: ten isolates would send 30 req/s. Here the
// slots come from one Durable Object per account instead — `AccountLimiter`, named by the
// SHA-256 of the token (the token itself never becomes a name, a key or a log line) — and the
// client takes them through its `limiter` option:
//
//   new TomTicketClient({ token, limiter: accountLimiter(env) })
//
// The client awaits `acquire()` before every HTTP request (each retry and each page too) and
// calls `release(slot, { status })` when the answer arrived or the request failed.
//
// The rule, the same as the package's built-in limiter: at most `RATE_LIMIT_RPS` (default 3,
// TomTicket's limit) slots are taken at any moment, and a slot is taken from the moment it is
// granted until one second after its request ended — so TomTicket never sees more than
// RATE_LIMIT_RPS requests in any one-second window, whatever the latency. A 429 still seen
// (another program using the same token) pauses every grant for a second.
import { DurableObject } from "cloudflare:workers";
import { sha256Hex } from "./crypto.js";

const WINDOW_MS = 1000;
// A slot whose release never came (its isolate died mid-request) is given back after this.
const LEASE_MS = 30_000;
const PAUSE_AFTER_429_MS = 1000;

export class AccountLimiter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    const rps = Number(env.RATE_LIMIT_RPS);
    this.rps = Number.isFinite(rps) && rps > 0 ? rps : 3;
    this.seq = 0;
    /** slot id → { grantedAt, endedAt: null | ms } */
    this.slots = new Map();
    /** pending acquire() calls, first come first served */
    this.waiters = [];
    this.pausedUntil = 0;
    this.timer = null;
    this.counts = { granted: 0, released: 0, rateLimited: 0, expired: 0 };
  }

  /** Resolves with `{ slot }` once a slot is free (waits as long as needed). */
  acquire() {
    return new Promise((resolve) => {
      this.waiters.push({ resolve, since: Date.now() });
      this.pump();
    });
  }

  /** Gives a slot back. `unused: true` when its request was never sent (freed at once). */
  release(slot, outcome = {}) {
    const s = this.slots.get(slot);
    if (!s || s.endedAt !== null) return;
    const now = Date.now();
    this.counts.released++;
    if (outcome.unused) this.slots.delete(slot);
    else s.endedAt = now;
    if (outcome.status === 429) {
      this.counts.rateLimited++;
      this.pausedUntil = Math.max(this.pausedUntil, now + PAUSE_AFTER_429_MS);
    }
    this.pump();
  }

  /** For tests and dashboards: the configured rate and the counters. */
  stats() {
    return { rps: this.rps, inUse: this.inUse(Date.now()), waiting: this.waiters.length, ...this.counts };
  }

  /** Slots taken at `now`; forgets those whose hold is over. */
  inUse(now) {
    let n = 0;
    for (const [id, s] of this.slots) {
      if (s.endedAt === null && now - s.grantedAt > LEASE_MS) {
        s.endedAt = s.grantedAt + LEASE_MS;
        this.counts.expired++;
      }
      if (s.endedAt !== null && now >= s.endedAt + WINDOW_MS) this.slots.delete(id);
      else n++;
    }
    return n;
  }

  pump() {
    const now = Date.now();
    while (this.waiters.length && now >= this.pausedUntil && this.inUse(now) < this.rps) {
      const w = this.waiters.shift();
      const slot = `${++this.seq}`;
      this.slots.set(slot, { grantedAt: now, endedAt: null });
      this.counts.granted++;
      w.resolve({ slot, waitedMs: now - w.since });
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.waiters.length) return;
    // Wake up when the next slot frees: a hold ending, a lease running out, the pause ending.
    let next = Infinity;
    if (this.pausedUntil > now) next = this.pausedUntil;
    else {
      for (const s of this.slots.values()) {
        next = Math.min(next, s.endedAt !== null ? s.endedAt + WINDOW_MS : s.grantedAt + LEASE_MS);
      }
    }
    if (next === Infinity) next = now + 50;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, Math.max(1, next - Date.now()));
  }
}

const names = new Map();
/** The Durable Object's name for a token: the SHA-256 hex of it, never the token. */
export async function accountName(token) {
  let name = names.get(token);
  if (!name) {
    name = await sha256Hex(`tomticket-account\n${token}`);
    if (names.size > 8) names.clear();
    names.set(token, name);
  }
  return name;
}

/**
 * The `limiter` option for a TomTicketClient: slots from the account's AccountLimiter.
 * Undefined when the Worker has no LIMITER binding (then the client's own in-memory limiter runs).
 *
 * `waitUntil` (the request's `ctx.waitUntil`) keeps a release in flight after the response has
 * been sent: the client does not await `release`, and a release lost with its request would hold
 * a slot until its lease ran out.
 */
export function accountLimiter(env, waitUntil) {
  if (!env.LIMITER || !env.TOMTICKET_TOKEN) return undefined;
  const token = env.TOMTICKET_TOKEN;
  return {
    async acquire({ signal } = {}) {
      signal?.throwIfAborted();
      // A stub belongs to the request that made it: a new one for every call (cheap); the slot
      // carries it to `release`, which the same call makes.
      const limiter = env.LIMITER.get(env.LIMITER.idFromName(await accountName(token)));
      const granted = limiter.acquire();
      const slot = (g) => ({ id: g.slot, limiter });
      if (!signal) return slot(await granted);
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          // The grant may still come: give it straight back, unused.
          const late = granted.then((g) => limiter.release(g.slot, { unused: true, status: null })).catch(() => {});
          waitUntil?.(late);
          reject(signal.reason ?? new DOMException("The operation was aborted", "AbortError"));
        };
        signal.addEventListener("abort", onAbort, { once: true });
        granted.then(
          (g) => {
            signal.removeEventListener("abort", onAbort);
            if (!signal.aborted) resolve(slot(g));
          },
          (e) => {
            signal.removeEventListener("abort", onAbort);
            reject(e);
          },
        );
      });
    },
    release(slot, outcome) {
      // Sent at once (no await before the call), kept alive past the response by waitUntil.
      const done = slot.limiter.release(slot.id, { status: outcome?.status ?? null });
      waitUntil?.(done);
      return done;
    },
  };
}
