// Responses shared by every route: JSON answers, the security headers, and the one place where a
// failure (ours or TomTicket's) becomes an HTTP status.
import { isTomTicketError } from "tomticket-wasm";

/** Headers on every answer of this Worker. */
export const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-resource-policy": "same-origin",
};

/** A JSON response (never cached). */
export function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body, null, 2), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...SECURITY_HEADERS, ...headers },
  });
}

/** A failure we answer ourselves (bad input, no session, too large, …). */
export class HttpError extends Error {
  constructor(status, kind, message, extra = {}, headers = {}) {
    super(message);
    this.status = status;
    this.kind = kind;
    this.extra = extra;
    this.headers = headers;
  }
}

/**
 * Replaces every spelling of the token in `text` (raw, percent-encoded, JSON-escaped) with `***`.
 * The package already keeps the token out of its errors; this is the Worker's own belt and braces.
 */
export function scrub(text, token) {
  if (!token || typeof text !== "string") return text;
  let out = text;
  for (const form of new Set([token, encodeURIComponent(token), JSON.stringify(token).slice(1, -1)])) {
    if (form) out = out.split(form).join("***");
  }
  return out;
}

/** The public part of a package error (never a stack, never a request URL). */
export function describe(e) {
  return {
    kind: e.kind,
    message: e.message,
    ...(e.status !== undefined && e.status !== null ? { status: e.status } : {}),
    ...(e.serverMessage !== undefined && e.serverMessage !== null ? { serverMessage: e.serverMessage } : {}),
    ...(e.issues?.length ? { issues: e.issues } : {}),
    ...(e.retryAfterMs !== undefined && e.retryAfterMs !== null ? { retryAfterMs: e.retryAfterMs } : {}),
  };
}

/**
 * The HTTP status this Worker answers for a TomTicketError of `kind`, seen from the caller of the
 * Worker: their own bad input is a 4xx; TomTicket refusing *our* token or failing is a 5xx (the
 * caller cannot fix it).
 */
export function statusForKind(kind) {
  switch (kind) {
    case "validation": return 400;
    case "notFound": return 404;
    case "rateLimited": return 429;
    case "api": return 422;            // TomTicket refused the request (business rule)
    case "timeout": return 504;
    case "aborted": return 503;
    case "unauthorized":               // our token was refused
    case "forbidden":                  // our plan or token permission
    case "config":
    case "server":
    case "network":
    case "decode":
    default: return 502;
  }
}

/** An error → a JSON answer `{ ok: false, error: {...} }` with the token scrubbed. */
export function errorResponse(e, env) {
  const token = env?.TOMTICKET_TOKEN;
  if (e instanceof HttpError) {
    return json(e.status, { ok: false, error: { kind: e.kind, message: e.message, ...e.extra } }, e.headers);
  }
  if (isTomTicketError(e)) {
    const status = statusForKind(e.kind);
    const headers = {};
    if (status === 429) headers["retry-after"] = String(Math.max(1, Math.ceil((e.retryAfterMs ?? 1000) / 1000)));
    const body = JSON.parse(scrub(JSON.stringify({ ok: false, error: describe(e) }), token));
    return json(status, body, headers);
  }
  console.error("unexpected error:", scrub(String(e?.stack ?? e), token));
  return json(500, { ok: false, error: { kind: "internal", message: "unexpected error" } });
}

/** A DO answers `{ ok: false, status, error }` instead of throwing (RPC drops error fields). */
export function fromResult(result, env) {
  const body = JSON.parse(scrub(JSON.stringify(result), env?.TOMTICKET_TOKEN));
  const headers = {};
  if (result.status === 429) headers["retry-after"] = String(Math.max(1, Math.ceil((result.error?.retryAfterMs ?? 1000) / 1000)));
  const { status, ...rest } = body;
  return json(status ?? (result.ok ? 200 : 502), rest, headers);
}
