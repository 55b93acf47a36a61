// Lenient scalars for what the live API really sends — numbers as strings, "S"/"N", "1"/"0",
// "" for null, decimal commas, PHP's [] for an empty object — as zod schemas that never fail:
// a value of the wrong type reads as null, like a missing one.
import * as z from "zod";
import { toIso } from "./dates.js";

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export function str(v: unknown): string | null {
  if (typeof v === "string") return v.trim() === "" ? null : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

/** "12.5", "12,50", "1.234,56", "1,234.56", "R$ 10,00" → number. */
export function decimal(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v !== "string") return null;
  let s = v.trim().replace(/^R\$/, "").trim();
  if (s === "") return null;
  const dot = s.lastIndexOf("."), comma = s.lastIndexOf(",");
  if (dot >= 0 && comma >= 0) s = comma > dot ? s.replaceAll(".", "").replace(",", ".") : s.replaceAll(",", "");
  else if (comma >= 0) {
    if (s.indexOf(",") !== comma) return null;
    s = s.replace(",", ".");
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

export function int(v: unknown): number | null {
  if (typeof v === "boolean") return v ? 1 : 0;
  const n = decimal(v);
  return n !== null && Number.isInteger(n) && Math.abs(n) < 9e15 ? n : null;
}

const TRUE = new Set(["1", "s", "sim", "y", "yes", "true", "t"]);
const FALSE = new Set(["0", "n", "nao", "não", "no", "false", "f"]);
export function bool(v: unknown): boolean | null {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v === 1 ? true : v === 0 ? false : null;
  if (typeof v === "string") {
    const s = v.trim().toLowerCase();
    return TRUE.has(s) ? true : FALSE.has(s) ? false : null;
  }
  return null;
}

export function date(v: unknown): string | null {
  if (typeof v === "number") return toIso(String(v));
  return typeof v === "string" ? toIso(v) : null;
}

// zod schemas built on the readers above. `z.unknown().optional()`: a missing key reads like null.
const any = () => z.unknown().optional();
export const zStr = any().transform(str);
export const zInt = any().transform(int);
export const zDecimal = any().transform(decimal);
export const zBool = any().transform(bool);
export const zDate = any().transform(date);
/** Any JSON value, kept as the server sent it (custom field values); missing → null. */
export const zJson = any().transform((v) => (v === undefined ? null : v));

/** A list of objects: anything that is not an array reads as []; entries that are not objects are skipped. */
export function zList<T extends z.ZodType>(item: T) {
  return any()
    .transform((v): unknown[] => {
      // PHP sends an associative array as an object: take its values when they are all objects
      const items = Array.isArray(v) ? v : isObject(v) && Object.values(v).every(isObject) ? Object.values(v) : [];
      return items.filter(isObject);
    })
    .pipe(z.array(item));
}

/** A nested object; `[]`, `""`, `{}` and non-objects read as null. */
export function zObject<T extends z.ZodType>(inner: T) {
  return any()
    .transform((v): unknown => (isObject(v) && Object.keys(v).length ? v : null))
    .pipe(z.union([z.null(), inner]));
}

/** A code → a descriptive name; an unknown code stays visible as `{ unknown: raw }`. */
export type Code<T extends string> = T | { unknown: string };

/** A text code → a descriptive name (case-insensitive); an unknown code stays visible as `{ unknown: raw }`. */
export function zCode<T extends string>(names: Record<string, T>) {
  return any().transform((v): Code<T> | null => {
    const s = str(v)?.trim();
    if (s === undefined) return null;
    return names[s.toLowerCase()] ?? { unknown: s };
  });
}

/** A numeric code (number or numeric string) → a name; anything else stays visible as `{ unknown: raw }`. */
export function zNumCode<T extends string>(names: Record<number, T>, words: Record<string, T> = {}) {
  return any().transform((v): Code<T> | null => {
    const s = str(v)?.trim();
    if (s === undefined) return null;
    const n = typeof v === "number" || typeof v === "string" ? int(v) : null;
    const known = n !== null ? names[n] : words[s.toLowerCase()];
    return known ?? { unknown: s };
  });
}
