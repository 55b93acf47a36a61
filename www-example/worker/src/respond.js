// Response helpers shared by the webhook and the proxy.

/** A JSON response. */
export function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body, null, 2), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

/**
 * Replaces every spelling of the token in `text` (raw, percent-encoded) with `***`.
 * The package already keeps the token out of its errors; this is the Worker's own belt and braces
 * for bodies it passes through from TomTicket.
 */
export function scrub(text, token) {
  if (!token || typeof text !== "string") return text;
  let out = text;
  for (const form of new Set([token, encodeURIComponent(token), JSON.stringify(token).slice(1, -1)])) {
    if (form) out = out.split(form).join("***");
  }
  return out;
}
