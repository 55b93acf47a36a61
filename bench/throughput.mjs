#!/usr/bin/env node
// Throughput of the built package (pkg/) against the fake TomTicket at 3 requests/second: how
// close a client's own limiter (default `requestsPerSecond: 3`) gets to the allowed rate, and how
// many 429s the server had to send. A measuring script, not a test: it prints a table and exits
// non-zero only when something fails (an error, a missing export), never because of a number.
//
//   node bench/throughput.mjs                 (about 2 minutes: 10 pages, then 300 writes at 3/s)
//   node bench/throughput.mjs --timeout-ms 150000   the clients' `timeoutMs` (default: the SDK's)
//   BENCH_PKG_DIR=… node bench/throughput.mjs measure another build of the package
//
// Needs pkg/ built (`node scripts/build-pkg.mjs`) with `listTickets` and `updateCustomerV2`.
//
// (a) `for await (const t of client.listTickets({}, { maxPages: 10 }))`: 500 tickets, 10 pages
//     of 50, one page after the other. The fake seeds 128 tickets; the rest (to 500) are created
//     first through its `ticket/new` with its rate limit off, before anything is measured.
// (b) 300 `updateCustomerV2({ customerId, name })` issued at once (Promise.all) through ONE
//     client, cycling over the fake's seed customers.
//
// The fake runs in this process (`startFake({ port: 0, rps: 3 })`); at 3 requests/second its
// handler's share of the event loop is negligible. Every request the fake saw is read back from
// `fake.requests` (status included), so 429s count even when the client retried them.
//
// Note: `timeoutMs` is the deadline of a whole call, the wait for the rate limiter included. 300
// calls queued at once at 3 req/s need ~100 s, so with the SDK's default (30 s) the calls queued
// last time out before they are sent: (b) then reports them as failures (and exits 1). Pass
// `--timeout-ms 150000` to measure the rate of all 300.
//
// Rates: "steady" = requests ÷ (last start − first start + 1 s), as in bench/run.mjs (the last
// window counts as a whole second, so the free first burst does not inflate it); "wall" =
// requests ÷ the whole call's duration. "% of allowed" is steady ÷ 3.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const PKG = path.resolve(process.env.BENCH_PKG_DIR || path.join(ROOT, "pkg"));
const RPS = 3;
const TOKEN = "test-token";
const WANT_TICKETS = 500;
const PAGES = 10;
const UPDATES = 300;
const DEADLINE_MS = 6 * 60_000; // a hard stop: nothing here should take half of that

const args = process.argv.slice(2);
let timeoutMs;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--timeout-ms" && /^\d+$/.test(args[i + 1] ?? "")) timeoutMs = Number(args[++i]);
  else {
    console.error("usage: node bench/throughput.mjs [--timeout-ms N]");
    process.exit(2);
  }
}
const clientOptions = () => ({ token: TOKEN, baseUrl: fake.url, ...(timeoutMs === undefined ? {} : { timeoutMs }) });

const log = (m) => console.error(`[throughput] ${m}`);
function fail(message) {
  console.error(`[throughput] FAILED: ${message}`);
  process.exit(1);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const watchdog = setTimeout(() => fail(`still running after ${DEADLINE_MS / 1000} s`), DEADLINE_MS);
watchdog.unref();

let lib;
try {
  lib = await import(pathToFileURL(path.join(PKG, "index.node.js")).href);
} catch (e) {
  fail(`cannot load the package from ${PKG} (build it: node scripts/build-pkg.mjs): ${e?.message ?? e}`);
}
const missing = ["listTickets", "updateCustomerV2"].filter((m) => typeof lib.TomTicketClient?.prototype?.[m] !== "function");
if (missing.length) {
  fail(`the package in ${path.relative(process.cwd(), PKG) || PKG} has no TomTicketClient.${missing.join(" / ")}: rebuild pkg/ (node scripts/build-pkg.mjs) once the call has landed`);
}

const { startFake } = await import(pathToFileURL(path.join(ROOT, "tests", "fake", "tomticket-fake.mjs")).href);
const fake = await startFake({ port: 0, rps: RPS, token: TOKEN });

/** What the fake saw since the last `fake.requests.length = 0`, for one path. */
function seen(pathSuffix) {
  const reqs = fake.requests.filter((r) => r.path.endsWith(pathSuffix));
  const starts = reqs.map((r) => r.time).sort((a, b) => a - b);
  const n = starts.length;
  const steady = n ? (n / (starts[n - 1] - starts[0] + 1000)) * 1000 : 0;
  let peak = 0;
  for (let i = 0, j = 0; i < n; i++) {
    while (starts[i] - starts[j] >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  const n429 = reqs.filter((r) => r.status === 429).length;
  const other = reqs.filter((r) => r.status !== 200 && r.status !== 429 && !(r.status === 404 && pathSuffix.endsWith("/list"))).length;
  return { requests: n, n429, otherErrors: other, steady, peak };
}

async function seedTickets() {
  const store = await fake.store();
  const have = store.tickets.length;
  if (have >= WANT_TICKETS) return { have, created: 0 };
  const customers = store.customers.map((c) => c.internal_id);
  const departments = store.departments.map((d) => d.id);
  await fake.setConfig({ rps: 0 });
  for (let i = 0; i < WANT_TICKETS - have; i++) {
    const res = await fetch(`${fake.url}/v2.0/ticket/new`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: new URLSearchParams({
        customer_id: customers[i % customers.length],
        customer_type_id: "I",
        department_id: departments[i % departments.length],
        subject: `Chamado de carga ${i + 1}`,
        message: `<p>Chamado ${i + 1} criado para medir a paginação.</p>`,
      }),
    });
    const body = await res.json();
    if (!res.ok || body.error) throw new Error(`seeding ticket ${i + 1}: HTTP ${res.status} ${body.message ?? ""}`);
  }
  await fake.setConfig({ rps: RPS });
  return { have, created: WANT_TICKETS - have };
}

const rows = [];
let errors = 0;
try {
  // ---- (a) listTickets: 10 pages of 50, sequential ----
  const seeded = await seedTickets();
  log(`tickets: ${seeded.have} seeded by the fake${seeded.created ? ` + ${seeded.created} created through ticket/new (rate limit off)` : ""}`);
  fake.requests.length = 0;
  await sleep(1100); // start from an empty rate-limit window
  {
    const client = new lib.TomTicketClient(clientOptions());
    let tickets = 0;
    const t0 = performance.now();
    try {
      for await (const t of client.listTickets({}, { maxPages: PAGES })) if (t?.id) tickets++;
    } catch (e) {
      errors++;
      console.error(`[throughput] (a) listTickets failed after ${tickets} tickets: ${e?.kind ?? e?.name}: ${e?.message ?? e}`);
    }
    const wallMs = performance.now() - t0;
    const s = seen("/v2.0/ticket/list");
    rows.push({ what: `(a) listTickets, for await, maxPages ${PAGES}`, items: `${tickets} tickets`, wallMs, ...s });
    client.free?.();
  }

  // ---- (b) updateCustomerV2 × 300, all at once through one client ----
  const customers = (await fake.store()).customers.map((c) => c.internal_id);
  fake.requests.length = 0;
  await sleep(1100);
  {
    const client = new lib.TomTicketClient(clientOptions());
    const t0 = performance.now();
    let ok = 0;
    const failures = [];
    const kinds = {};
    await Promise.all(
      Array.from({ length: UPDATES }, (_, i) =>
        client
          .updateCustomerV2({ customerId: customers[i % customers.length], name: `Cliente Atualizado ${i + 1}` })
          .then(() => ok++)
          .catch((e) => {
            kinds[e?.kind ?? e?.name] = (kinds[e?.kind ?? e?.name] ?? 0) + 1;
            failures.push(`${e?.kind ?? e?.name}: ${e?.message ?? e}`);
          }),
      ),
    );
    const wallMs = performance.now() - t0;
    if (failures.length) {
      errors += failures.length;
      console.error(`[throughput] (b) ${failures.length} updateCustomerV2 calls failed, e.g. ${failures.slice(0, 3).join(" | ")}`);
    }
    const s = seen("/v2.0/customer/update");
    const failed = Object.entries(kinds).map(([k, n]) => `, ${n} ${k}`).join("");
    rows.push({ what: `(b) updateCustomerV2 × ${UPDATES}, Promise.all, one client`, items: `${ok} ok${failed}`, wallMs, ...s });
    client.free?.();
  }
} catch (e) {
  errors++;
  console.error(`[throughput] ${e?.stack ?? e}`);
} finally {
  await fake.close();
}

const pct = (x) => `${(x * 100).toFixed(1)} %`;
const table = [
  ["measurement", "done", "requests", "wall", "rate (wall)", "rate (steady)", "% of allowed 3 req/s", "peak in 1 s", "429s seen by the fake"],
  ...rows.map((r) => [
    r.what,
    r.items,
    String(r.requests),
    `${(r.wallMs / 1000).toFixed(2)} s`,
    `${((r.requests / r.wallMs) * 1000).toFixed(2)} req/s`,
    `${r.steady.toFixed(2)} req/s`,
    pct(r.steady / RPS),
    String(r.peak),
    String(r.n429) + (r.otherErrors ? ` (+${r.otherErrors} other non-2xx)` : ""),
  ]),
];
const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
for (const [i, row] of table.entries()) {
  console.log(row.map((cell, c) => cell.padEnd(widths[c])).join(" | "));
  if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
}
console.log(`\nfake TomTicket at ${RPS} req/s (sliding 1 s window), client default limiter, timeoutMs ${timeoutMs ?? "default"}; Node ${process.version}; package ${PKG}`);
process.exit(errors ? 1 : 0);
