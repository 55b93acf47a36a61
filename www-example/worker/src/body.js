// Reading request bodies with a byte limit, enforced while the stream is read: a body over the
// limit is refused as soon as the limit is passed (the rest is never read nor buffered), and a
// Content-Length over the limit is refused before reading anything.
import { HttpError } from "./respond.js";

/** The request body as bytes, at most `maxBytes` of them, else HttpError 413. */
export async function readBody(request, maxBytes) {
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    const n = Number(declared);
    if (!/^\d+$/.test(declared.trim()) || !Number.isSafeInteger(n)) throw new HttpError(400, "badRequest", "Bad Content-Length");
    if (n > maxBytes) throw tooLarge(maxBytes);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop reading: the client may go on sending, we do not take it.
      reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function tooLarge(maxBytes) {
  return new HttpError(413, "tooLarge", `The body is larger than ${maxBytes} bytes`, { limitBytes: maxBytes });
}

/** The body as UTF-8 text (invalid sequences replaced), with the byte limit. */
export async function readText(request, maxBytes) {
  return new TextDecoder().decode(await readBody(request, maxBytes));
}

/**
 * The body as FormData (multipart/form-data or urlencoded), with the byte limit applied to the
 * raw bytes before parsing.
 */
export async function readForm(request, maxBytes) {
  const type = request.headers.get("content-type") ?? "";
  if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(type)) {
    throw new HttpError(415, "unsupportedMediaType", "Send the form as multipart/form-data");
  }
  const bytes = await readBody(request, maxBytes);
  try {
    return await new Response(bytes, { headers: { "content-type": type } }).formData();
  } catch {
    throw new HttpError(400, "badRequest", "The form could not be read");
  }
}

/** The body as a JSON object or a form, whichever the client sent (for small bodies). */
export async function readFields(request, maxBytes) {
  const type = request.headers.get("content-type") ?? "";
  if (/^application\/json\b/i.test(type)) {
    let value;
    try {
      value = JSON.parse(await readText(request, maxBytes));
    } catch (e) {
      if (e instanceof HttpError) throw e;
      throw new HttpError(400, "badRequest", "The body is not JSON");
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new HttpError(400, "badRequest", "Send a JSON object");
    return value;
  }
  const form = await readForm(request, maxBytes);
  const out = {};
  for (const [k, v] of form) if (typeof v === "string") out[k] = v;
  return out;
}
