//! The binding layer: the only code that touches JS. No business rule lives here.
mod client;
mod convert;
mod error;
pub mod exports;
mod transport;

pub use client::Client;
pub use error::is_tomticket_error;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_SHARED: &'static str = r#"
/** Any JSON value (custom field values keep the type the server sent). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A fetch function, or an object with a `fetch` method such as a Cloudflare service binding. */
export type FetchLike =
  | ((input: Request) => Promise<Response>)
  | { fetch(input: Request): Promise<Response> };

/** Per-call options of every client method. */
export interface CallOptions {
  /** Aborts the call (and any retry wait) when it fires: the promise rejects with kind "aborted". */
  signal?: AbortSignal;
}

/** Options of a paged call (`listTickets`, `listCustomers`, `listOrganizations`, `listChats`). */
export interface ListOptions extends CallOptions {
  /** The first page to fetch (1-based). Default 1. */
  startPage?: number;
  /** Stop after this many pages. Default: all. */
  maxPages?: number;
}

/**
 * The pages of a paged call. `for await (const item of it)` walks every item of every page,
 * one request per page through the client's rate limiter; `pages()` walks page by page;
 * `page(n)` fetches one page. Iteration stops at the last page (`nextPage: null`, an empty
 * page, or a 404 past the end). The options' `signal` stops it between pages and during one.
 */
export interface PageIterator<T> extends AsyncIterable<T> {
  pages(): AsyncGenerator<Page<T>, void, undefined>;
  page(n: number): Promise<Page<T>>;
  /** Every item of every page (mind the size: 50 items a request). */
  toArray(): Promise<T[]>;
}

/**
 * A rate limiter shared beyond one client (option `limiter`): the client awaits `acquire`
 * before every HTTP request (each retry and each page too) and calls `release` when the
 * response arrived (`status`) or the request failed (`status: null`).
 */
export interface RateLimiterLike {
  acquire(options: { signal: AbortSignal }): Promise<unknown> | unknown;
  release(slot: unknown, outcome: { status: number | null }): void | Promise<void>;
}

/** A file to attach: a `File`, a `Blob` with a name, or bytes with a name. */
export type Attachment =
  | Blob
  | { data: Blob; name: string; type?: string }
  | { data: Uint8Array | ArrayBuffer; name: string; type?: string };

/** A filter date: a `Date`, an ISO 8601 date-time with `Z` or an offset, or `YYYY-MM-DD`. */
export type DateInput = Date | string;

/** v2 ticket situations, as filters take them (wire codes 0–9). */
export type TicketSituationCode =
  | "waitingForAgent"
  | "notStarted"
  | "answeredByAgent"
  | "answeredByCustomer"
  | "cancelled"
  | "finished"
  | "agentChanged"
  | "sentToSupportTeam"
  | "waitingForManagerEvaluation";

export interface TomTicketClient {
  /**
   * Replies as the ticket's operator without the live API's trap (an operator reply on a ticket
   * with no operator linked is stored as the customer's): reads the ticket first (`getTicketV2`);
   * with no operator linked it links `operatorId` when given (`linkOperator`), else it rejects
   * with a validation error on `ticketId` and sends nothing more.
   */
  replyAsOperatorSafely(input: OperatorReply & { operatorId?: string | number }, options?: CallOptions): Promise<WriteResult>;
  /**
   * Fetches what a verified webhook is about: the ticket (`getTicketV2`) or the customer
   * (`getCustomer` with the id TomTicket sent). A deletion resolves without a request.
   */
  getWebhookSubject(event: WebhookEvent, options?: CallOptions): Promise<
    | { type: "ticket"; event: WebhookEvent; ticket: Ticket }
    | { type: "customer"; event: WebhookEvent; customer: Customer }
    | { type: "ticket" | "customer"; event: WebhookEvent; deleted: true }
  >;
}

/** Every error this package throws or rejects with. Check with `isTomTicketError(e)`. */
export interface TomTicketError extends Error {
  name: "TomTicketError";
  kind: ErrorKind;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** TomTicket's own message (`message`/`mensagem`), kept apart from ours. */
  serverMessage?: string;
  /** Field problems (kind "validation" and "config"); empty otherwise. */
  issues: Issue[];
  /** How long to wait before retrying, when the server said (429 with Retry-After). */
  retryAfterMs?: number;
  /** Kind "webhook" only: why `verifyWebhook` refused the request. */
  reason?: WebhookFailure;
  /** `METHOD /path?query` of the call, token redacted as `***`. */
  endpoint?: string;
  /** What the runtime reported underneath (a fetch's own error), as a copy with the token redacted. */
  cause?: Error;
}
"#;
