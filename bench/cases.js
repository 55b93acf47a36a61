// The benchmark cases, runtime-neutral ESM (no Node built-ins, no DOM): the same code runs in Node
// (bench/run.mjs imports it) and in headless Chromium (the bench page imports it). `lib` is either
// the package's module namespace or the baseline's: both export the same names.

const now = () => performance.now();

/** Median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** (3) validate, then encode when valid, `n` times over `inputs` (cycled). Returns ms. */
export function validateEncode(lib, inputs, n) {
  let sink = 0;
  const t0 = now();
  for (let i = 0; i < n; i++) {
    const input = inputs[i % inputs.length];
    const issues = lib.validateNewCustomer(input);
    if (issues.length === 0) sink += lib.encodeNewCustomer(input).form.length;
    else sink += issues.length;
  }
  const ms = now() - t0;
  if (sink === 0) throw new Error("validateEncode: nothing happened");
  return ms;
}

/** (4) decode the same response body `n` times. Returns ms. */
export function decodeTicket(lib, bodyText, n) {
  let sink = 0;
  const t0 = now();
  for (let i = 0; i < n; i++) sink += lib.decodeTicket(200, bodyText).history.length;
  const ms = now() - t0;
  if (sink === 0) throw new Error("decodeTicket: nothing decoded");
  return ms;
}

/**
 * The v2 list decoders of benchmark (4): the export (the same name in the package and the
 * baseline), the fixture it decodes (`V2_BODIES` of fixtures.mjs), and a label for the table.
 * A package built before these exports existed lacks them: run.mjs then skips the case with a
 * printed notice.
 */
export const LIST_DECODERS = [
  { fn: "decodeTicketPage", fixture: "ticketPage", label: "a 50-ticket v2 page" },
  { fn: "decodeCustomerPage", fixture: "customerPage", label: "a 50-customer v2 page" },
  { fn: "decodeDepartmentList", fixture: "departmentList", label: "6 departments × 15 categories × 10 fields" },
];

/** (4) decode one v2 list body `n` times with `lib[fn](200, bodyText)`. Returns ms. */
export function decodeList(lib, fn, bodyText, n) {
  const decode = lib[fn];
  if (typeof decode !== "function") throw new Error(`decodeList: no export ${fn}`);
  let sink = 0;
  const t0 = now();
  for (let i = 0; i < n; i++) {
    const out = decode(200, bodyText);
    sink += (out.items ?? out.departments).length;
  }
  const ms = now() - t0;
  if (sink === 0) throw new Error(`decodeList: ${fn} decoded nothing`);
  return ms;
}

/**
 * Runs `fn(lib, ...args)` for the package and the baseline in alternation (the order flips every
 * round, so neither always runs on a heap or a JIT state the other left): a warm-up round, then
 * `rounds` measured rounds. Returns the median ms of each.
 */
export function compare(libs, fn, args, { rounds = 5, warmupArgs = args } = {}) {
  const names = Object.keys(libs);
  for (const name of names) fn(libs[name], ...warmupArgs);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...names].reverse() : names;
    for (const name of order) times[name].push(fn(libs[name], ...args));
  }
  return Object.fromEntries(names.map((k) => [k, median(times[k])]));
}

/** Upsert one customer: look it up by e-mail; create it when not found, else update it. */
async function upsert(client, c) {
  try {
    await client.getCustomer({ email: c.email });
  } catch (e) {
    if (e?.kind === "notFound") {
      await client.createCustomer(c);
      return "created";
    }
    throw e;
  }
  await client.updateCustomer({ identifier: c.email, identifierType: "email", name: c.name, phone: c.phone });
  return "updated";
}

/**
 * (5) `customers.length` upserts through ONE client with `requestsPerSecond: rps`, `concurrency`
 * upserts in flight. Counts every HTTP request and every 429 through an injected fetch.
 */
export async function bulkUpserts(lib, { baseUrl, token, customers, rps, concurrency = 20, browser = false, clientOptions = {} }) {
  const starts = [];
  let n429 = 0;
  const countingFetch = (input, init) => {
    starts.push(now());
    return fetch(input, init).then((res) => {
      if (res.status === 429) n429++;
      return res;
    });
  };
  const client = new lib.TomTicketClient({
    token,
    baseUrl,
    requestsPerSecond: rps,
    fetch: countingFetch,
    ...(browser ? { dangerouslyAllowTokenInBrowser: true } : {}),
    ...clientOptions,
  });
  const outcome = { created: 0, updated: 0, failed: 0 };
  const errors = [];
  let next = 0;
  const t0 = now();
  const worker = async () => {
    while (next < customers.length) {
      const c = customers[next++];
      try {
        outcome[await upsert(client, c)]++;
      } catch (e) {
        outcome.failed++;
        if (errors.length < 5) errors.push(`${e?.kind ?? e?.name}: ${e?.message ?? e}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = now() - t0;
  const n = starts.length;
  // Steady-state rate: the last window counts as a whole second, so a first burst that needs
  // no wait does not inflate the figure (N requests over the span their windows cover).
  const spanMs = n ? starts[n - 1] - starts[0] + 1000 : 0;
  let peak = 0;
  for (let i = 0, j = 0; i < n; i++) {
    while (starts[i] - starts[j] >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return { requests: n, n429, wallMs, rate: n ? (n / spanMs) * 1000 : 0, peakPerSecond: peak, ...outcome, errors };
}
