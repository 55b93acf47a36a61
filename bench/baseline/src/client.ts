// The fetch client: one sliding-window rate limiter per client shared by all calls, a deadline
// per call (retries and waits included), retries with exponential backoff and jitter:
//  - 429: retried for every method (the server refused it, so it did not act on it); waits
//    Retry-After when sent, else the backoff but at least one second;
//  - 5xx and network errors: retried for GET only (a POST may have been executed);
//  - everything else: never.
import { isTomTicketError, TomTicketError } from "./errors.js";
import { parseBaseUrl, display, pathOf, type Prepared } from "./http.js";
import { decodeCreateCustomer, decodeCustomerDetails, parseCustomerLookup, parseNewCustomer, type CreateCustomerResult, type Customer, type CustomerLookup, type NewCustomer } from "./customer.js";
import { decodeUpdateCustomer, parseCustomerUpdate, type CustomerUpdate, type UpdateCustomerResult } from "./update.js";
import { decodeTicket, parseTicketQuery, type Ticket, type TicketQuery } from "./ticket.js";

export type FetchLike = typeof fetch | { fetch: typeof fetch };

export interface RetryOptions {
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface ClientOptions {
  token?: string;
  baseUrl?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  retry?: RetryOptions | false;
  requestsPerSecond?: number;
  dangerouslyAllowTokenInBrowser?: boolean;
  /** Benchmark experiment: count the rate-limit window from responses instead of request starts. */
  rateLimitFrom?: "start" | "response";
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** At most `perWindow` request starts in any window; `reserve` books a slot synchronously. */
class RateLimiter {
  private booked: number[] = [];
  constructor(
    private readonly perWindow: number,
    private readonly windowMs = 1000 + 30, // 30 ms margin: latency jitter must not push 4 into TomTicket's second
  ) {}

  reserve(now: number): number {
    if (this.perWindow === 0) return 0;
    let start = now;
    if (this.booked.length >= this.perWindow) start = Math.max(start, this.booked[this.booked.length - this.perWindow]! + this.windowMs);
    this.booked.push(start);
    if (this.booked.length > this.perWindow) this.booked.splice(0, this.booked.length - this.perWindow);
    return start - now;
  }
}

interface Slot {
  end: number;
  done: Promise<void>;
  release: () => void;
}

/**
 * The variant `rateLimitFrom: "response"` (an experiment of the benchmarks, not the default): a
 * slot frees one window after the RESPONSE of the request `perWindow` places back. The server saw
 * that request arrive before it answered, so no window of arrivals can hold more than
 * `perWindow`, however long the request waited in a connection pool or on the network.
 */
class ResponseWindowLimiter {
  private slots: Slot[] = [];
  constructor(
    private readonly perWindow: number,
    private readonly windowMs = 1000 + 2, // timer granularity only
  ) {}

  async acquire(signal: AbortSignal): Promise<Slot> {
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    const slot: Slot = { end: Infinity, done, release: () => ((slot.end = Date.now()), release()) };
    if (this.perWindow === 0) return slot;
    const prev = this.slots.length >= this.perWindow ? this.slots[this.slots.length - this.perWindow] : undefined;
    this.slots.push(slot);
    if (this.slots.length > this.perWindow) this.slots.splice(0, this.slots.length - this.perWindow);
    if (prev) {
      await Promise.race([prev.done, new Promise((r) => signal.addEventListener("abort", r, { once: true }))]);
      await sleep(prev.end + this.windowMs - Date.now(), signal);
    }
    return slot;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

const int = (v: unknown, field: string, max: number, fallback: number): number => {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) {
    throw new TomTicketError("config", `Invalid client options: ${field} must be a whole number from 0 to ${max}`);
  }
  return v;
};

type Decode<T> = (status: number, body: string, retryAfter: string | null) => T;

export class TomTicketClient {
  readonly #token: string;
  readonly #base: string;
  readonly #fetch: (input: string, init: RequestInit) => Promise<Response>;
  readonly #timeoutMs: number;
  readonly #retry: Required<RetryOptions>;
  readonly #limiter: RateLimiter;
  readonly #responseLimiter: ResponseWindowLimiter | null;

  constructor(options: ClientOptions = {}) {
    const token = options.token ?? "";
    if (/[\s\u0000-\u001f\u007f]/.test(token)) {
      throw new TomTicketError("config", "Invalid client options: token must not contain spaces, line breaks or control characters");
    }
    if (!/^[\x00-\x7f]*$/.test(token)) throw new TomTicketError("config", "Invalid client options: token must be ASCII");
    const g = globalThis as { window?: { document?: unknown } };
    if (typeof g.window?.document === "object" && token && !options.dangerouslyAllowTokenInBrowser) {
      throw new TomTicketError("config", "Refusing to use a TomTicket token in a browser page: keep it in a server or Worker proxy (or pass dangerouslyAllowTokenInBrowser: true).");
    }
    this.#token = token;
    this.#base = parseBaseUrl(options.baseUrl ?? "https://api.tomticket.com");
    const f = options.fetch;
    this.#fetch =
      f === undefined
        ? (input, init) => globalThis.fetch(input, init)
        : typeof f === "function"
          ? (input, init) => f(input, init)
          : (input, init) => f.fetch(input, init);
    this.#timeoutMs = int(options.timeoutMs, "timeoutMs", 600_000, 30_000);
    const r = options.retry === false ? { maxRetries: 0 } : (options.retry ?? {});
    this.#retry = {
      maxRetries: int(r.maxRetries, "retry.maxRetries", 10, 2),
      baseDelayMs: int(r.baseDelayMs, "retry.baseDelayMs", 60_000, 300),
      maxDelayMs: int(r.maxDelayMs, "retry.maxDelayMs", 600_000, 10_000),
    };
    const rps = int(options.requestsPerSecond, "requestsPerSecond", 1000, 3);
    this.#limiter = new RateLimiter(rps);
    this.#responseLimiter = options.rateLimitFrom === "response" ? new ResponseWindowLimiter(rps) : null;
  }

  /** v2.0 `GET customer/details`. */
  getCustomer(input: CustomerLookup, options?: CallOptions): Promise<Customer> {
    return this.#run(() => parseCustomerLookup(input), decodeCustomerDetails, options);
  }

  /** v2.0 `POST customer/new`. Retried only after a 429. */
  createCustomer(input: NewCustomer, options?: CallOptions): Promise<CreateCustomerResult> {
    return this.#run(() => parseNewCustomer(input), decodeCreateCustomer, options);
  }

  /** legacy `POST update_cliente`: sends only the fields given. */
  updateCustomer(input: CustomerUpdate, options?: CallOptions): Promise<UpdateCustomerResult> {
    return this.#run(() => parseCustomerUpdate(input), decodeUpdateCustomer, options);
  }

  /** legacy `GET chamado`. */
  getTicket(input: TicketQuery, options?: CallOptions): Promise<Ticket> {
    return this.#run(() => parseTicketQuery(input), decodeTicket, options);
  }

  toString(): string {
    return `TomTicketClient(${this.#base})`;
  }

  async #run<T>(prepare: () => Prepared, decode: Decode<T>, options?: CallOptions): Promise<T> {
    const prepared = prepare(); // validation errors reject before anything is sent
    try {
      return await this.#attempts(prepared, decode, options?.signal);
    } catch (e) {
      throw this.#scrub(e, prepared);
    }
  }

  #scrub(e: unknown, p: Prepared): unknown {
    if (!isTomTicketError(e)) return e;
    e.endpoint = display(p);
    if (this.#token) {
      const enc = encodeURIComponent(this.#token);
      const clean = (s: string) => s.replaceAll(this.#token, "***").replaceAll(enc, "***");
      e.message = clean(e.message);
      if (e.serverMessage) e.serverMessage = clean(e.serverMessage);
    }
    return e;
  }

  async #attempts<T>(p: Prepared, decode: Decode<T>, callerSignal?: AbortSignal): Promise<T> {
    const controller = new AbortController();
    let stop: "timeout" | "caller" | null = null;
    const timer = setTimeout(() => {
      stop ??= "timeout";
      controller.abort();
    }, this.#timeoutMs);
    const onAbort = () => {
      stop ??= "caller";
      controller.abort();
    };
    if (callerSignal?.aborted) onAbort();
    else callerSignal?.addEventListener("abort", onAbort, { once: true });
    const stopped = () =>
      stop === "timeout"
        ? new TomTicketError("timeout", `no response within timeoutMs = ${this.#timeoutMs} ms`)
        : stop === "caller"
          ? new TomTicketError("aborted", "the call was aborted by its AbortSignal")
          : null;

    const url = this.#base + pathOf(p, this.#token || "-");
    const headers: Record<string, string> = { Accept: "application/json" };
    if (p.auth === "bearerHeader" && this.#token) headers.Authorization = `Bearer ${this.#token}`;
    try {
      for (let attempt = 0; ; attempt++) {
        let e = stopped();
        if (e) throw e;
        let slot: Slot | undefined;
        if (this.#responseLimiter) slot = await this.#responseLimiter.acquire(controller.signal);
        else await sleep(this.#limiter.reserve(Date.now()), controller.signal);
        e = stopped();
        if (e) {
          slot?.release();
          throw e;
        }
        let err: TomTicketError;
        try {
          let body: FormData | undefined;
          if (p.form) {
            body = new FormData();
            for (const [k, v] of p.form) body.append(k, v);
          }
          let res: Response;
          try {
            res = await this.#fetch(url, { method: p.method, headers, body, signal: controller.signal });
          } catch (cause) {
            slot?.release();
            throw stopped() ?? new TomTicketError("network", `network error, no HTTP response: ${(cause as Error)?.message ?? cause}`);
          }
          let text: string;
          try {
            text = await res.text();
          } catch (cause) {
            throw stopped() ?? new TomTicketError("network", `the connection failed while reading the body: ${(cause as Error)?.message ?? cause}`);
          } finally {
            slot?.release();
          }
          return decode(res.status, text, res.headers.get("retry-after"));
        } catch (caught) {
          if (!isTomTicketError(caught)) throw caught;
          err = caught;
        }
        const wait = this.#retryDelay(attempt, p.method === "GET", err);
        if (wait === null) throw err;
        await sleep(wait, controller.signal);
      }
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onAbort);
    }
  }

  #retryDelay(attempt: number, idempotent: boolean, err: TomTicketError): number | null {
    const { maxRetries, baseDelayMs, maxDelayMs } = this.#retry;
    if (attempt >= maxRetries) return null;
    const retryable = err.kind === "rateLimited" || ((err.kind === "server" || err.kind === "network") && idempotent);
    if (!retryable) return null;
    const capped = Math.min(baseDelayMs * 2 ** Math.min(attempt, 20), maxDelayMs);
    const wait = Math.floor(capped * (0.5 + 0.5 * Math.random()));
    if (err.kind === "rateLimited") return err.retryAfterMs ?? Math.max(wait, 1000);
    return wait;
  }
}
