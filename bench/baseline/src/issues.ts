// zod issues → the `{ field, code, message, limit?, actual? }` list callers get (every problem at
// once, fields named as the caller typed them).
import type * as z from "zod";
import type { Issue, IssueCode } from "./errors.js";

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v === "bigint" ? "number" : typeof v;
}

function at(input: unknown, path: PropertyKey[]): unknown {
  let cur = input;
  for (const k of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

const EXPECTED: Record<string, string> = {
  string: "a string",
  boolean: "a boolean",
  number: "a number",
  object: "an object",
  record: "an object of field id → value",
};

export function toIssues(error: z.ZodError, input: unknown, what: string): Issue[] {
  const out: Issue[] = [];
  for (const i of error.issues) {
    const field = i.path.map(String).join(".");
    switch (i.code) {
      case "custom": {
        const p = (i.params ?? {}) as { code?: IssueCode; limit?: number; actual?: number };
        const issue: Issue = { field, code: p.code ?? "invalidValue", message: i.message.replaceAll("{field}", field) };
        if (p.limit !== undefined) issue.limit = p.limit;
        if (p.actual !== undefined) issue.actual = p.actual;
        out.push(issue);
        break;
      }
      case "invalid_type": {
        const got = at(input, i.path);
        if (i.path.length === 0) {
          out.push({ field: "", code: "invalidType", message: `${what} must be an object, got ${typeName(got)}` });
        } else if (got === undefined || got === null) {
          out.push({ field, code: "required", message: `${field} is required` });
        } else {
          out.push({ field, code: "invalidType", message: `${field} must be ${EXPECTED[i.expected] ?? i.expected}, got ${typeName(got)}` });
        }
        break;
      }
      case "invalid_union": {
        const got = at(input, i.path);
        out.push({ field, code: "invalidType", message: `${field} must be a string, number or boolean, got ${typeName(got)}` });
        break;
      }
      case "invalid_value": {
        const got = at(input, i.path);
        const allowed = i.values.map((v) => JSON.stringify(v)).join(", ");
        out.push(
          typeof got === "string"
            ? { field, code: "invalidValue", message: `${field} must be one of ${allowed} (got ${JSON.stringify(got)})` }
            : { field, code: "invalidType", message: `${field} must be one of ${allowed}, got ${typeName(got)}` },
        );
        break;
      }
      case "unrecognized_keys":
        for (const k of i.keys) {
          const f = field ? `${field}.${k}` : k;
          out.push({ field: f, code: "unknownField", message: `${f} is not a known property` });
        }
        break;
      default:
        out.push({ field, code: "invalidValue", message: `${field}: ${i.message}` });
    }
  }
  return out;
}
