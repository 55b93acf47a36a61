// Field rules shared by every input, as zod building blocks: lengths in Unicode code points
// (what TomTicket's MySQL utf8mb4 columns count — not UTF-16 units, JS's `.length`), e-mail
// syntax, characters that could break a header, a multipart part or a bracket key.
import * as z from "zod";
import type { IssueCode } from "./errors.js";

/** Code points, not UTF-16 units: "😀".length is 2, but it is one character. */
export function cpLen(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // a high surrogate followed by a low one is one code point
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

// Unicode "Cc" (what Rust's char::is_control means).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// RFC 5322 dot-atom local part (UTF-8 allowed, RFC 6531) @ a dotted domain of labels.
const EMAIL =
  /^(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+)*|"(?:[^"\\\r\n]|\\.)*")@(?:[A-Za-z0-9\u0080-\uffff](?:[A-Za-z0-9\u0080-\uffff-]{0,61}[A-Za-z0-9\u0080-\uffff])?)(?:\.[A-Za-z0-9\u0080-\uffff](?:[A-Za-z0-9\u0080-\uffff-]{0,61}[A-Za-z0-9\u0080-\uffff])?)+$/;

export function isEmail(v: string): boolean {
  if (/\s/.test(v) || CONTROL.test(v) || v.includes("<")) return false;
  const at = v.lastIndexOf("@");
  if (at < 1 || at > 64 || v.length - at - 1 > 254) return false;
  return EMAIL.test(v);
}

type Ctx = z.RefinementCtx;
const issue = (ctx: Ctx, code: IssueCode, message: string, extra?: { limit: number; actual: number }) =>
  ctx.addIssue({ code: "custom", message, params: { code, ...extra } });

/** The dotted JS field path zod gives the refinement (filled in when issues are mapped). */
const FIELD = "{field}";

/** A single-line text of at most `max` code points. `required`: not blank. */
export function text(max: number, opts: { required?: boolean } = {}) {
  return z.string().superRefine((v, ctx) => {
    if (opts.required && v.trim() === "") {
      issue(ctx, "required", `${FIELD} is required`);
      return;
    }
    if (CONTROL.test(v)) issue(ctx, "invalidCharacters", `${FIELD} must not contain line breaks or control characters`);
    const n = cpLen(v);
    if (n > max) issue(ctx, "tooLong", `${FIELD} must be at most ${max} characters (got ${n})`, { limit: max, actual: n });
  });
}

/** An e-mail address of at most `max` code points. */
export function email(max: number) {
  return z.string().superRefine((v, ctx) => {
    const n = cpLen(v);
    if (n > max) issue(ctx, "tooLong", `${FIELD} must be at most ${max} characters (got ${n})`, { limit: max, actual: n });
    if (CONTROL.test(v)) issue(ctx, "invalidCharacters", `${FIELD} must not contain line breaks or control characters`);
    else if (!isEmail(v)) issue(ctx, "invalidEmail", `${FIELD} must be a valid e-mail address`);
  });
}

/** An optional field where a blank string means "not given" (it is not sent). */
export const blankAsAbsent = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

/** Custom fields: `{ [fieldId]: string | number | boolean | null }`, ids safe inside `name[ID]`.
 * Keys and values are checked in one pass so that every problem is reported at once. */
export const customFields = z.record(z.string(), z.unknown()).superRefine((m, ctx) => {
  for (const [key, v] of Object.entries(m)) {
    if (v !== null && typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
      const got = Array.isArray(v) ? "array" : typeof v;
      ctx.addIssue({ code: "custom", path: [key], message: `${FIELD} must be a string, number or boolean, got ${got}`, params: { code: "invalidType" } });
    } else if (key === "") {
      ctx.addIssue({ code: "custom", path: [key], message: `${FIELD}: a custom field id must not be empty`, params: { code: "invalidValue" } });
    } else if (/[[\]\s]/.test(key) || CONTROL.test(key)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `${FIELD}: a custom field id must not contain brackets, spaces or control characters`,
        params: { code: "invalidCharacters" },
      });
    }
  }
}) as z.ZodType<Record<string, string | number | boolean | null>>;

/** `[name(id), text]` pairs in a stable order (sorted by field id). */
export const customFieldPairs = (m: Record<string, string | number | boolean | null> | undefined, name: (id: string) => string): [string, string][] =>
  Object.keys(m ?? {})
    .sort()
    .map((id) => [name(id), fieldText(m![id]!)]);

/** Custom field values as the text sent in the form. */
export const fieldText = (v: string | number | boolean | null): string => (v === null ? "" : String(v));

/** Languages accepted on input (both separators) → a canonical tag. */
export const LANGUAGES = ["pt-BR", "pt_BR", "en-US", "en_US", "es-ES", "es_ES"] as const;
export type Language = (typeof LANGUAGES)[number];
export const language = z.enum(LANGUAGES);
export const canonicalLanguage = (l: Language): "pt" | "en" | "es" => l.slice(0, 2) as "pt" | "en" | "es";
export { CONTROL };
