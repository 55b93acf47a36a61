// Customer sessions: who is calling /api.
//
// A session is a cookie signed with HMAC-SHA256 (SESSION_SECRET, a secret binding):
//
//   tt_session = base64url(JSON { v: 1, sub: e-mail, cid: TomTicket internal id, name, iat, exp })
//                "." base64url(HMAC-SHA256(SESSION_SECRET, "tt-session.v1." + payload))
//   HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=SESSION_TTL_S
//
// The expiry is inside the signed payload (a cookie's own Max-Age is only a hint to the browser).
// Nothing is stored server-side: signing out clears the cookie; a copied cookie stays valid until
// its `exp` (8 hours) — rotate SESSION_SECRET to end every session at once.
//
// POST /session proves who the customer is through `authenticate()` — the one function to replace
// in a real deployment (see below) — then checks that TomTicket has a customer with that e-mail.
import { readFields } from "./body.js";
import { clientFor } from "./client.js";
import { customerStub } from "./customer.js";
import { b64url, fromB64url, hmacSign, hmacVerify, pbkdf2, bytesEqual, secretEquals } from "./crypto.js";
import { HttpError, json } from "./respond.js";

export const COOKIE = "tt_session";
export const SESSION_TTL_S = 8 * 60 * 60;
const MAX_SIGN_IN_BYTES = 4 * 1024;
const enc = new TextEncoder();

function sessionSecret(env) {
  const secret = env.SESSION_SECRET;
  if (!secret || String(secret).length < 32) {
    throw new HttpError(503, "config", "Sign-in is closed: set SESSION_SECRET (at least 32 characters) as a secret");
  }
  return String(secret);
}

/** Signs a session payload into a cookie value. */
export async function signSession(secret, payload) {
  const body = b64url(enc.encode(JSON.stringify(payload)));
  return `${body}.${b64url(await hmacSign(secret, `tt-session.v1.${body}`))}`;
}

/** The verified payload of a cookie value, or null (forged, altered, expired, malformed). */
export async function verifySession(secret, value, now = Date.now()) {
  if (typeof value !== "string" || value.length > 4096) return null;
  const [body, tag, extra] = value.split(".");
  if (!body || !tag || extra !== undefined) return null;
  const sig = fromB64url(tag);
  if (!sig || !(await hmacVerify(secret, `tt-session.v1.${body}`, sig))) return null;
  let payload;
  try {
    payload = JSON.parse(new TextDecoder().decode(fromB64url(body)));
  } catch {
    return null;
  }
  if (payload?.v !== 1 || typeof payload.sub !== "string" || typeof payload.exp !== "number") return null;
  if (payload.exp * 1000 <= now) return null;
  return payload;
}

function cookieValue(request, name) {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

function cookieHeader(value, maxAge) {
  return `${COOKIE}=${value}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=${maxAge}`;
}

/** The session of this request, or HttpError 401. */
export async function requireSession(request, env) {
  const secret = sessionSecret(env);
  const value = cookieValue(request, COOKIE);
  if (!value) throw new HttpError(401, "unauthorized", "Sign in first");
  const session = await verifySession(secret, value);
  if (!session) throw new HttpError(401, "unauthorized", "Your session is not valid any more: sign in again");
  return session;
}

/**
 * Refuses requests started by another site. SameSite=Strict already keeps the cookie out of
 * them; this also stops a cross-site form from reaching POST /session.
 */
export function checkSameOrigin(request, url) {
  const origin = request.headers.get("origin");
  if (origin && origin !== url.origin) throw new HttpError(403, "forbidden", "Cross-origin requests are not accepted");
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new HttpError(403, "forbidden", "Cross-site requests are not accepted");
}

// ---------------------------------------------------------------------------------------------
// Who is this? — the one place to plug a real identity provider in.

/**
 * Returns `{ email }` when the request proves it is that customer, else null.
 *
 * This demo checks an e-mail and a password against the DEMO_USERS secret: a JSON object
 * `{ "<e-mail>": "<password>" | "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>" }`
 * (`node www-example/worker/hash-password.mjs` makes the second form).
 *
 * In a real deployment, replace the body of this function:
 * - Cloudflare Access in front of the portal: verify the `Cf-Access-Jwt-Assertion` header (a JWT
 *   signed by your team's keys at https://<team>.cloudflareaccess.com/cdn-cgi/access/certs, `aud`
 *   = the application's AUD tag) and return `{ email: claims.email }`;
 * - the portal's own OAuth/OIDC provider: in a callback route, exchange the code, verify the ID
 *   token (issuer, audience, expiry, signature) and return `{ email }` only when `email_verified`.
 * Everything after it — the TomTicket look-up, the signed cookie, the per-customer scoping of /api
 * — stays as it is.
 */
export async function authenticate(request, env, fields) {
  const email = String(fields.email ?? "").trim().toLowerCase();
  const password = String(fields.password ?? "");
  let users = {};
  try {
    users = JSON.parse(env.DEMO_USERS || "{}");
  } catch {
    throw new HttpError(503, "config", "DEMO_USERS is not valid JSON");
  }
  const entry = Object.entries(users).find(([k]) => k.trim().toLowerCase() === email)?.[1];
  // Compare even when the e-mail is unknown, so the time taken does not say which e-mails exist.
  const ok = await passwordMatches(password, typeof entry === "string" ? entry : "\u0000no-such-user");
  return ok && entry !== undefined && email ? { email } : null;
}

async function passwordMatches(password, stored) {
  const m = /^pbkdf2-sha256\$(\d+)\$([^$]+)\$([^$]+)$/.exec(stored);
  if (!m) return secretEquals(password, stored);
  const [, iterations, salt, hash] = m;
  const expected = fromB64url(hash);
  const saltBytes = fromB64url(salt);
  if (!expected || !saltBytes) return false;
  const got = await pbkdf2(password, saltBytes, Math.min(Number(iterations), 100_000), expected.length);
  return bytesEqual(got, expected);
}

// ---------------------------------------------------------------------------------------------
// POST /session, POST /session/sign-out

export async function handleSession(request, env, url, ctx) {
  if (request.method !== "POST") return json(405, { ok: false, error: { kind: "method", message: "POST here" } }, { allow: "POST" });
  checkSameOrigin(request, url);
  if (url.pathname === "/session/sign-out") {
    return json(200, { ok: true, signedOut: true }, { "set-cookie": cookieHeader("", 0) });
  }
  if (url.pathname !== "/session") throw new HttpError(404, "notFound", "Not found");
  const secret = sessionSecret(env);
  const fields = await readFields(request, MAX_SIGN_IN_BYTES);
  // Wrong passwords are counted per e-mail in that e-mail's Durable Object (5 per 15 minutes).
  const typed = String(fields.email ?? "").trim().toLowerCase();
  const gate = typed && env.CUSTOMERS ? await customerStub(env, { email: typed }) : null;
  if (gate) {
    const { allowed, retryAfterS } = await gate.signInAllowed();
    if (!allowed) throw new HttpError(429, "rateLimited", "Too many wrong passwords for this e-mail: try again later", { retryAfterMs: retryAfterS * 1000 }, { "retry-after": String(retryAfterS) });
  }
  const who = await authenticate(request, env, fields);
  await gate?.signInResult({ ok: Boolean(who) });
  if (!who) throw new HttpError(401, "unauthorized", "Wrong e-mail or password");

  let customer;
  try {
    customer = await clientFor(env, ctx).getCustomer({ email: who.email });
  } catch (e) {
    if (e?.kind === "notFound") throw new HttpError(403, "forbidden", "There is no helpdesk customer with this e-mail");
    throw e;
  }
  const now = Math.floor(Date.now() / 1000);
  const payload = { v: 1, sub: who.email, cid: customer.internalId ?? null, name: customer.name ?? null, iat: now, exp: now + SESSION_TTL_S };
  const value = await signSession(secret, payload);
  return json(200, { ok: true, customer: { name: payload.name, email: payload.sub }, expiresAt: new Date(payload.exp * 1000).toISOString() }, {
    "set-cookie": cookieHeader(value, SESSION_TTL_S),
  });
}
