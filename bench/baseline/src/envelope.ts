// HTTP status + body text → the top-level JSON object, or a typed TomTicketError.
// A call failed when the status is not 2xx, OR (v2) `error` is true OR `success` is false, OR
// (legacy) `erro` is true — TomTicket reports business errors inside HTTP 200.
import { TomTicketError, type ErrorKind } from "./errors.js";
import type { Family } from "./http.js";
import { bool, str } from "./lenient.js";

export type Json = Record<string, unknown>;

function kindFor(status: number): ErrorKind {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "notFound";
  if (status === 429) return "rateLimited";
  if (status >= 500) return "server";
  return "api";
}

const STATUS_TEXT: Partial<Record<ErrorKind, string>> = {
  unauthorized: "the token is wrong, or not allowed to use these values",
  forbidden:
    'resource not available: the account\'s plan (API v2.0 needs Premium/Enterprise) or the token\'s permission (writes need "create and modify data") does not allow this call',
  notFound: "not found",
  rateLimited: "rate limited: TomTicket allows 3 requests per second per account",
  server: "TomTicket server error",
};

/** `Retry-After` in seconds → ms (HTTP dates are ignored), capped at one hour. */
export function retryAfterMs(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const secs = Number(header.trim());
  if (!Number.isFinite(secs) || secs < 0) return undefined;
  return Math.min(Math.round(secs * 1000), 3_600_000);
}

const serverMessage = (o: Json, family: Family) =>
  family === "v2" ? str(o.message) ?? str(o.mensagem) : str(o.mensagem) ?? str(o.message);

const looksNotFound = (m: string) => /n[ãa]o encontrad|not found|no encontrad/i.test(m);

const describe = (body: string) => (body.trimStart().startsWith("<") ? "an HTML page" : "text that is not JSON");

export function decodeEnvelope(family: Family, status: number, bodyText: string, endpoint: string, retryAfter?: string | null): Json {
  const body = bodyText.trim();
  let parsed: unknown;
  let parseError: unknown;
  if (body === "") parseError = new Error("empty");
  else {
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      parseError = e;
    }
  }
  const obj = parseError === undefined && parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Json) : undefined;

  if (status < 200 || status > 299) {
    const kind = kindFor(status);
    let message = `HTTP ${status}: ${STATUS_TEXT[kind] ?? "request refused"}`;
    if (!obj && body !== "") message += ` (the body was ${describe(body)})`;
    throw new TomTicketError(kind, message, {
      status,
      serverMessage: obj ? serverMessage(obj, family) ?? undefined : undefined,
      retryAfterMs: kind === "rateLimited" ? retryAfterMs(retryAfter) : undefined,
      endpoint,
    });
  }
  if (!obj) {
    let why: string;
    if (body === "") why = "an empty body";
    else if (parseError === undefined) why = Array.isArray(parsed) ? "an array" : parsed === null ? "null" : `a ${typeof parsed}`;
    else if (/^[[{]/.test(body)) why = `truncated or invalid JSON (${(parseError as Error).message})`;
    else why = describe(body);
    throw new TomTicketError("decode", `expected a JSON object, got ${why}`, { status, endpoint });
  }
  const server = serverMessage(obj, family) ?? undefined;
  const failed = family === "v2" ? bool(obj.error) === true || bool(obj.success) === false : bool(obj.erro) === true || bool(obj.error) === true;
  if (failed) {
    const nf = server !== undefined && looksNotFound(server);
    throw new TomTicketError(
      nf ? "notFound" : "api",
      nf ? `HTTP ${status}: TomTicket says the record does not exist` : `HTTP ${status} with an error in the body: TomTicket refused the request`,
      { status, serverMessage: server, endpoint },
    );
  }
  return obj;
}

/** The payload of a legacy response: flat beside `erro`, or nested under `data` (live deviation). */
export function legacyPayload(o: Json): Json {
  const d = o.data;
  return d !== null && typeof d === "object" && !Array.isArray(d) && Object.keys(d).length ? (d as Json) : o;
}

/** The `data` member of a v2 envelope, which must be an object. */
export function v2Data(o: Json, endpoint: string): Json {
  let d = o.data;
  if (Array.isArray(d) && d.length === 1) d = d[0];
  if (d !== null && typeof d === "object" && !Array.isArray(d)) return d as Json;
  throw new TomTicketError("decode", "expected `data` to be an object in the response", { endpoint });
}
