// One page of a paged v2 list (`ticket/list`, `customer/list`, …): the v2 envelope, the items of
// `data`, and the page fields, with the package's rules (docs/v2-calls.md, "Pagination"):
//   - a 404 that carries a TomTicket envelope is an empty last page; one without (HTML) an error;
//   - `data` a list, PHP's object-shaped list (values by key), absent/null = no items;
//   - `page` from `page`/`current_page`, else `previous_page + 1`, else `next_page - 1`;
//   - `nextPage`: `next_page`, else `page + 1` while `page < pages`; never backwards; null when
//     the page is empty.
import { TomTicketError } from "./errors.js";
import { decodeEnvelope, type Json } from "./envelope.js";
import { int, isObject, str } from "./lenient.js";

export interface Page<T> {
  items: T[];
  page: number | null;
  pages: number | null;
  nextPage: number | null;
  total: number | null;
}

export const MAX_PAGE = 1_000_000;
const U32 = 0xffff_ffff;

/** A page number: a whole number 1 ..= 2^32-1 in any lenient spelling. */
function small(v: unknown): number | null {
  const n = int(v);
  return n !== null && n >= 1 && n <= U32 ? n : null;
}

/** An object's values in the order of their keys as text (PHP's object-shaped lists). */
export function valuesByKey(o: Json): unknown[] {
  return Object.keys(o)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => o[k]);
}

/** The objects of a list, or of PHP's object-shaped list (by key); anything else → []. */
export function objects(v: unknown): Json[] {
  if (Array.isArray(v)) return v.filter(isObject);
  if (isObject(v) && Object.values(v).every(isObject)) return valuesByKey(v) as Json[];
  return [];
}

/** `(status, body)` → a page whose items are `item(o)` for every object of `data` (null = skipped). */
export function decodePage<T>(status: number, body: string, endpoint: string, retryAfter: string | null | undefined, item: (o: Json) => T | null): Page<T> {
  let top: Json;
  try {
    top = decodeEnvelope("v2", status, body, endpoint, retryAfter);
  } catch (e) {
    if (e instanceof TomTicketError && e.kind === "notFound" && e.status === 404 && e.serverMessage !== undefined) {
      return { items: [], page: null, pages: null, nextPage: null, total: 0 };
    }
    throw e;
  }
  const data = top.data;
  let list: unknown[];
  if (data === undefined || data === null) list = [];
  else if (Array.isArray(data)) list = data;
  else if (isObject(data) && Object.values(data).every(isObject)) list = valuesByKey(data);
  else {
    throw new TomTicketError("decode", "expected `data` to be a list of items", {
      status,
      serverMessage: str(top.message) ?? str(top.mensagem) ?? undefined,
      endpoint,
    });
  }
  const items: T[] = [];
  for (const x of list) {
    if (!isObject(x)) continue;
    const it = item(x);
    if (it !== null) items.push(it);
  }
  const pages = small(top.pages);
  const previous = small(top.previous_page);
  const nextSent = small(top.next_page);
  let page = small(top.page !== undefined ? top.page : top.current_page);
  if (page === null && previous !== null) page = previous + 1 <= U32 ? previous + 1 : null;
  if (page === null && nextSent !== null && nextSent - 1 >= 1) page = nextSent - 1;
  if (page === null && pages === 1) page = 1;
  const size = int(top.size);
  const total = size !== null && size >= 0 && size <= U32 ? size : null;
  let nextPage: number | null = null;
  if (items.length) {
    const next = nextSent ?? (page !== null && pages !== null && page < pages ? page + 1 : null);
    nextPage = next !== null && (page === null || next > page) && next <= MAX_PAGE ? next : null;
  }
  return { items, page, pages, nextPage, total };
}
