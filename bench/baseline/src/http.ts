// Requests as data (what the `encode…` functions return) and the base URL rule.
import { TomTicketError } from "./errors.js";

export type Method = "GET" | "POST";
export type AuthPlacement = "bearerHeader" | "path";
export type Family = "v2" | "legacy";

export interface FormField {
  name: string;
  value: string;
}

/** What a call would send, without the token (`***` in the path). */
export interface EncodedRequest {
  method: Method;
  path: string;
  auth: AuthPlacement;
  form: FormField[] | null;
  body: string | null;
  /** File parts sent after the form (multipart), without their bytes: none for the calls here. */
  files: { field: string; index: number; fileName: string; sizeBytes: number; mimeType: string | null }[];
}

/** A request ready for the client: `path` has a `{token}` placeholder for legacy endpoints. */
export interface Prepared {
  method: Method;
  /** Path segments; `null` stands for the token. */
  segments: (string | null)[];
  query: [string, string][];
  form: [string, string][] | null;
  auth: AuthPlacement;
  family: Family;
}

export const REDACTED = "***";

export function pathOf(p: Prepared, token: string | null): string {
  let out = "";
  for (const s of p.segments) out += "/" + (s === null ? (token === null ? REDACTED : encodeURIComponent(token)) : encodeURIComponent(s));
  if (p.query.length) out += "?" + new URLSearchParams(p.query).toString();
  return out;
}

export function preview(p: Prepared): EncodedRequest {
  return {
    method: p.method,
    path: pathOf(p, null),
    auth: p.auth,
    form: p.form ? p.form.map(([name, value]) => ({ name, value })) : null,
    body: p.form ? new URLSearchParams(p.form).toString() : null,
    files: [],
  };
}

export const display = (p: Prepared) => `${p.method} ${pathOf(p, null)}`;

const LOOPBACK = /^(localhost|.*\.localhost|\[::1\]|127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/** `https://…` anywhere, `http://…` only for loopback hosts; no query, no credentials. */
export function parseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new TomTicketError("config", "baseUrl must be an absolute http(s) URL, e.g. https://api.tomticket.com");
  }
  if (url.username || url.password) throw new TomTicketError("config", "baseUrl must have a host and no user:password part");
  if (url.search || url.hash) throw new TomTicketError("config", "baseUrl must not have a query string or a fragment");
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname)) {
    throw new TomTicketError("config", "baseUrl must use https:// (http:// is allowed only for loopback hosts such as 127.0.0.1 and localhost)");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new TomTicketError("config", "baseUrl must start with https://");
  return url.origin + url.pathname.replace(/\/+$/, "");
}
