// Small Web Crypto helpers (crypto.subtle: the same in Workers, browsers, Node and Deno).

const enc = new TextEncoder();

/** bytes → base64url without padding. */
export function b64url(bytes) {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = "";
  for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** base64url (or base64) → bytes; null when it is not base64. */
export function fromB64url(text) {
  if (typeof text !== "string" || !/^[A-Za-z0-9_\-+/]*={0,2}$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

export function hex(bytes) {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** SHA-256 of a string, as 64 hex characters. */
export async function sha256Hex(text) {
  return hex(await crypto.subtle.digest("SHA-256", enc.encode(text)));
}

const keys = new Map();
/** An HMAC-SHA256 key for `secret` (cached per isolate). */
export async function hmacKey(secret) {
  let key = keys.get(secret);
  if (!key) {
    key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    if (keys.size > 16) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

export async function hmacSign(secret, data) {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), typeof data === "string" ? enc.encode(data) : data));
}

/** Constant-time check of an HMAC-SHA256 tag (crypto.subtle.verify compares in constant time). */
export async function hmacVerify(secret, data, tag) {
  if (!(tag instanceof Uint8Array) || tag.length !== 32) return false;
  return crypto.subtle.verify("HMAC", await hmacKey(secret), tag, typeof data === "string" ? enc.encode(data) : data);
}

// A key made once per isolate, only to compare secrets: both sides are HMAC'd with it, so the
// comparison below always runs over two 32-byte digests, whatever the lengths of the inputs —
// the time taken says nothing about the secret (not even its length).
let compareKey = null;
async function digestForCompare(text) {
  compareKey ??= crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", await compareKey, enc.encode(String(text))));
}

/** Compares two secrets in constant time. */
export async function secretEquals(given, expected) {
  if (typeof given !== "string" || typeof expected !== "string" || !expected) return false;
  const [a, b] = await Promise.all([digestForCompare(given), digestForCompare(expected)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** PBKDF2-SHA256 of a password, as raw bytes. */
export async function pbkdf2(password, salt, iterations, bytes = 32) {
  const base = await crypto.subtle.importKey("raw", enc.encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, base, bytes * 8);
  return new Uint8Array(bits);
}

/** Constant-time equality of two byte arrays of the same length (false when lengths differ). */
export function bytesEqual(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
