// The caller's input → JSON text, checked on the way (one JSON.stringify with a replacer).
// JSON.stringify alone would send NaN and ±Infinity as null (which clears a field on update),
// drop symbols and functions silently, throw on BigInt and cycles without saying where, and
// escape lone surrogates. Here each of those becomes a problem naming the field in the
// caller's own path (`customFields.abc`, `retry.maxRetries`, `items[2]`); the core turns
// the problems into typed issues. `undefined` properties are still dropped (absent).
const WELL_FORMED = typeof "".isWellFormed === "function";
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function join(base, key, holder) {
  if (base === "") return Array.isArray(holder) ? `[${key}]` : key;
  return Array.isArray(holder) ? `${base}[${key}]` : `${base}.${key}`;
}

function describe(v) {
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  return typeof v === "bigint" ? "a BigInt" : `a ${typeof v}`;
}

// The fast pass: one JSON.stringify whose replacer only flags trouble (no paths, no
// allocation). Almost every input passes; only a flagged one takes the second, slow pass that
// names the fields.
let flagged = false;
function flag(key, v) {
  switch (typeof v) {
    case "number":
      if (!Number.isFinite(v)) flagged = true;
      return v;
    case "string":
      if (WELL_FORMED ? !v.isWellFormed() : LONE.test(v)) flagged = true;
      return v;
    case "bigint":
    case "symbol":
    case "function":
      flagged = true;
      return undefined;
    case "object":
      // An invalid Date reaches the replacer as null (its toJSON gives null).
      if (v === null && this !== null && typeof this === "object" && this[key] instanceof Date) flagged = true;
      return v;
    default:
      return v;
  }
}

/** @returns {string | Array<[string, string, string]>} JSON text, or [field, code, message] problems */
export function inputJson(value) {
  flagged = false;
  try {
    const text = JSON.stringify(value, flag);
    if (!flagged) return text === undefined ? "null" : text;
  } catch {
    // a cycle, a throwing getter, a throwing toJSON: the slow pass says where
  }
  return checked(value);
}

function checked(value) {
  const problems = [];
  const paths = new Map();
  let last = "";
  const problem = (field, code, message) => problems.push([field, code, message]);
  let text;
  try {
    text = JSON.stringify(value, function (key, v) {
      const base = paths.get(this);
      const path = base === undefined ? "" : join(base, key, this);
      last = path;
      switch (typeof v) {
        case "number":
          if (!Number.isFinite(v)) problem(path, "invalidValue", `${path || "the input"} must be a finite number, got ${describe(v)}`);
          return v;
        case "bigint":
        case "symbol":
        case "function":
          problem(path, "invalidType", `${path || "the input"} must be plain JSON data, got ${describe(v)}`);
          return undefined;
        case "string":
          if (WELL_FORMED ? !v.isWellFormed() : LONE.test(v)) {
            problem(path, "invalidCharacters", `${path || "the input"} contains a lone UTF-16 surrogate (half of an emoji?)`);
          }
          return v;
        case "object":
          if (v === null && this !== null && typeof this === "object" && this[key] instanceof Date) {
            problem(path, "invalidValue", `${path || "the input"} is an invalid Date`);
            return v;
          }
          if (v !== null) {
            const seen = paths.get(v);
            if (seen !== undefined && (seen === "" || path === seen || path.startsWith(seen + ".") || path.startsWith(seen + "["))) {
              problem(path, "invalidType", `${path} refers back to ${seen || "the input"} (a circular structure is not JSON)`);
              return undefined;
            }
            paths.set(v, path);
          }
          return v;
        default:
          return v;
      }
    });
  } catch (e) {
    const why = e && typeof e.message === "string" ? e.message : String(e);
    const at = whereItThrows(value, "", new Set()) ?? last;
    problem(at, "invalidType", `${at || "the input"} could not be read: ${why}`);
  }
  return problems.length ? problems : text === undefined ? "null" : text;
}

// Where a getter (or a toJSON) throws: the first property whose read throws, depth first.
function whereItThrows(v, path, seen) {
  if (v === null || typeof v !== "object" || seen.has(v)) return undefined;
  seen.add(v);
  try {
    if (typeof v.toJSON === "function") v = v.toJSON();
  } catch {
    return path;
  }
  if (v === null || typeof v !== "object") return undefined;
  for (const key of Object.keys(v)) {
    const at = join(path, key, v);
    let child;
    try {
      child = v[key];
    } catch {
      return at;
    }
    const found = whereItThrows(child, at, seen);
    if (found !== undefined) return found;
  }
  return undefined;
}
