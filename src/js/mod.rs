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
  /** `METHOD /path?query` of the call, token redacted as `***`. */
  endpoint?: string;
  /** What the runtime reported underneath (a fetch's own error), as a copy with the token redacted. */
  cause?: Error;
}
"#;
