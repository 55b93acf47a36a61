// The async iteration of a paged call (listTickets, listCustomers, …). All decisions — the
// request of page n, decoding, when to stop, validation of options — are in the core (Rust);
// this only loops: fetch page n, hand out its items, go to `nextPage` until it is null.
// `pager.fetch(n)` runs one page through the client (rate limiter, retries, timeout, signal)
// and rejects with a TomTicketError (kind "aborted" once the signal fired).

/**
 * @param {{ fetch(n: number): Promise<{ items: unknown[], page: number | null, nextPage: number | null }> }} pager
 * @param {number} startPage
 * @param {number | undefined} maxPages
 */
export function pageIterator(pager, startPage, maxPages) {
  const one = async (n) => {
    const p = await pager.fetch(n);
    if (p.page === null) p.page = n;
    return p;
  };
  async function* pages() {
    let n = startPage;
    for (let count = 0; n !== null && (maxPages === undefined || count < maxPages); count++) {
      const p = await one(n);
      yield p;
      n = p.nextPage;
    }
  }
  return {
    pages,
    page: one,
    async *[Symbol.asyncIterator]() {
      for await (const p of pages()) yield* p.items;
    },
    async toArray() {
      const out = [];
      for await (const p of pages()) out.push(...p.items);
      return out;
    },
    get [Symbol.toStringTag]() {
      return "TomTicketPages";
    },
  };
}
