#!/usr/bin/env node
// `make bench`: tomticket-wasm (pkg/) against the hand-written TypeScript baseline
// (bench/baseline/, zod + fetch), measured side by side in ONE run, in Node and in headless
// Chromium (plus workerd for cold start). Prints one table of package ÷ baseline ratios and
// writes it, with the machine and the date, to BENCHMARKS.md.
//
//   node bench/run.mjs [--quick] [--no-browser] [--no-workerd] [--no-bulk] [--no-write] [--from-results]
//
//   --quick          fewer iterations and rounds, a 60-upsert bulk run (a smoke run, ~2 min)
//   --no-write       print only; leave BENCHMARKS.md alone
//   --from-results   re-render the table and BENCHMARKS.md from target/bench/results.json
//   BENCH_PKG_DIR=…  measure another build of the package instead of pkg/
//
// Needs: pkg/ built (`node scripts/build-pkg.mjs`; built here when missing), tools/node_modules
// (esbuild, workerd, playwright-core), bench/node_modules (zod; `npm ci --prefix bench`),
// /usr/bin/chromium. Work files go to target/bench/.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import zlib from "node:zlib";

import * as cases from "./cases.js";
import { bulkCustomers, checkAgainstFake, checkV2AgainstFake, customerDetailsBodies, INVALID_CUSTOMERS, ticketBody, V2_BODIES, VALID_CUSTOMERS } from "./fixtures.mjs";
import { freePort } from "../tests/support/net.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
// BENCH_PKG_DIR: another build of the package to measure (default pkg/).
const PKG = path.resolve(process.env.BENCH_PKG_DIR || path.join(ROOT, "pkg"));
const WORK = path.join(ROOT, "target", "bench");
const BIN = path.join(ROOT, "tools", "node_modules", ".bin");
const ESBUILD = path.join(BIN, "esbuild");
const WORKERD = path.join(BIN, "workerd");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];
const FAKE_MODULE = path.join(ROOT, "tests", "fake", "tomticket-fake.mjs");
const TOKEN = "test-token";
const GLUE = "tomticket_wasm.js";
const WASM = "tomticket_wasm_bg.wasm";
const EXPORTS = ["TomTicketClient", "validateNewCustomer", "encodeNewCustomer", "decodeTicket", "decodeCustomerDetails", "isTomTicketError"];

const argv = new Set(process.argv.slice(2));
for (const a of argv) {
  if (!["--quick", "--no-browser", "--no-workerd", "--no-bulk", "--no-write", "--from-results"].includes(a)) {
    console.error(`unknown argument ${a}\nusage: node bench/run.mjs [--quick] [--no-browser] [--no-workerd] [--no-bulk] [--no-write] [--from-results]`);
    process.exit(2);
  }
}
const QUICK = argv.has("--quick");
const CFG = QUICK
  ? { encodeN: 2_000, decodeN: 100, rounds: 3, coldRuns: 5, bulkN: 60, bulkExisting: 30 }
  : { encodeN: 10_000, decodeN: 1_000, rounds: 7, coldRuns: 15, bulkN: 300, bulkExisting: 150 };
const RPS = 30;
// [name, library, extra client options]: the third is an experiment of the baseline only (its
// limiter counts the window from responses instead of request starts; see BENCHMARKS.md).
const BULK_RUNS = [["pkg", "pkg", {}], ["base", "base", {}], ["baseResponseWindow", "base", { rateLimitFrom: "response" }]];
const HISTORY = 200;

const log = (m) => console.error(`[bench] ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// processes

const children = new Set();
process.on("exit", () => {
  for (const c of children) {
    try {
      process.kill(-c.pid, "SIGKILL");
    } catch {}
  }
});

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", cwd: ROOT, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(" ")} exited ${r.status}: ${(r.stderr || r.stdout).trim().slice(-800)}`);
  return r.stdout;
}


// ---------------------------------------------------------------------------------------------
// builds

function ensurePkg() {
  if (!fs.existsSync(path.join(PKG, WASM)) || !fs.existsSync(path.join(PKG, "index.node.js"))) {
    log("pkg/ is not built: node scripts/build-pkg.mjs");
    run(process.execPath, [path.join(ROOT, "scripts", "build-pkg.mjs")], { stdio: "inherit" });
  }
  // `tomticket-wasm` resolvable from target/bench (for the bundles), through the real exports map.
  const nm = path.join(WORK, "node_modules");
  fs.mkdirSync(nm, { recursive: true });
  const link = path.join(nm, "tomticket-wasm");
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync(PKG, link, "dir");
}

function esbuild(args) {
  return run(ESBUILD, [...args, "--log-level=warning"], { cwd: WORK });
}

/** The baseline as a user ships it: one minified ESM bundle with zod inside. */
function buildBaseline() {
  if (!fs.existsSync(path.join(HERE, "node_modules", "zod"))) {
    log("installing bench/ dependencies (npm ci)");
    run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: HERE, stdio: "inherit" });
  }
  esbuild([
    path.join(HERE, "baseline", "src", "index.ts"), "--bundle", "--format=esm", "--platform=neutral", "--minify",
    `--outfile=${path.join(WORK, "baseline.min.js")}`, `--metafile=${path.join(WORK, "baseline.meta.json")}`,
  ]);
}

// ---------------------------------------------------------------------------------------------
// (1) size

const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const br = (buf) => zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const measure = (bufs) => {
  const all = bufs.map((b) => ({ raw: b.length, gzip: gz(b), brotli: br(b) }));
  return all.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }), { raw: 0, gzip: 0, brotli: 0 });
};

function sizes() {
  const dir = path.join(WORK, "size");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const names = EXPORTS.join(", ");
  fs.writeFileSync(path.join(dir, "app-pkg.js"), `export { ${names} } from "tomticket-wasm";\n`);
  fs.writeFileSync(path.join(dir, "app-base.js"), `export { ${names} } from ${JSON.stringify(path.join(HERE, "baseline", "src", "index.ts"))};\n`);
  for (const app of ["app-pkg", "app-base"]) {
    esbuild([path.join(dir, `${app}.js`), "--bundle", "--format=esm", "--platform=browser", "--minify", `--outfile=${path.join(dir, "out", `${app}.js`)}`]);
  }
  const wasm = fs.readFileSync(path.join(PKG, WASM));
  const glue = fs.readFileSync(path.join(PKG, GLUE));
  const entry = fs.readFileSync(path.join(PKG, "index.browser.js"));
  const pkgJs = fs.readFileSync(path.join(dir, "out", "app-pkg.js"));
  const baseJs = fs.readFileSync(path.join(dir, "out", "app-base.js"));
  // zod's share of the baseline bundle (esbuild metafile of the library bundle)
  const meta = JSON.parse(fs.readFileSync(path.join(WORK, "baseline.meta.json"), "utf8"));
  const out = Object.values(meta.outputs)[0];
  let zodBytes = 0;
  let ownBytes = 0;
  for (const [file, info] of Object.entries(out.inputs)) {
    if (file.includes("node_modules/zod")) zodBytes += info.bytesInOutput;
    else ownBytes += info.bytesInOutput;
  }
  return {
    published: measure([glue, entry, wasm]), // the package's files a browser loads, as published
    wasm: measure([wasm]),
    glue: measure([glue, entry]),
    pkgBundle: measure([pkgJs, wasm]), // what an app ships after bundling (minified JS + .wasm)
    pkgBundleJs: measure([pkgJs]),
    baseline: measure([baseJs]),
    zodShare: zodBytes / (zodBytes + ownBytes),
  };
}

// ---------------------------------------------------------------------------------------------
// (2) cold start

/**
 * A fresh Node process per run: the import of the entry (for the package: glue + read the .wasm
 * + compile + instantiate), then the first call. The package's compile + instantiate are also
 * timed alone, in their own fresh process (V8 would reuse a module compiled from the same bytes).
 */
function nodeColdStart() {
  const href = (f) => JSON.stringify(pathToFileURL(f).href);
  const importScript = (entry) => `
const t0 = performance.now();
const m = await import(${href(entry)});
const t1 = performance.now();
m.validateNewCustomer({ customerId: "x", name: "y" });
const t2 = performance.now();
console.log(JSON.stringify({ import: t1 - t0, firstCall: t2 - t1 }));
`;
  const wasmScript = `
const { readFileSync } = await import("node:fs");
const glue = await import(${href(path.join(PKG, GLUE))});
const bytes = readFileSync(${JSON.stringify(path.join(PKG, WASM))});
const t0 = performance.now();
const mod = new WebAssembly.Module(bytes);
const t1 = performance.now();
glue.initSync({ module: mod });
const t2 = performance.now();
console.log(JSON.stringify({ compile: t1 - t0, instantiate: t2 - t1 }));
`;
  const scripts = { pkg: importScript(path.join(PKG, "index.node.js")), base: importScript(path.join(WORK, "baseline.min.js")), wasm: wasmScript };
  const runs = { pkg: [], base: [], wasm: [] };
  for (let i = 0; i < CFG.coldRuns; i++) {
    for (const [k, script] of Object.entries(scripts)) {
      const outText = run(process.execPath, ["--input-type=module", "-e", script]);
      runs[k].push(JSON.parse(outText.trim().split("\n").pop()));
    }
  }
  const med = (k, f) => cases.median(runs[k].map((r) => r[f]));
  return {
    pkg: { import: med("pkg", "import"), firstCall: med("pkg", "firstCall"), compile: med("wasm", "compile"), instantiate: med("wasm", "instantiate") },
    base: { import: med("base", "import"), firstCall: med("base", "firstCall") },
  };
}

/** workerd: time from spawn to the first answer of a worker that imports the library, minus an empty worker's. */
async function workerdColdStart() {
  const dir = path.join(WORK, "workerd");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const variants = {
    empty: `export default { fetch() { return new Response("ok"); } };\n`,
    pkg: `import * as lib from "tomticket-wasm";\nexport default { fetch() { return new Response(String(lib.validateNewCustomer({ customerId: "x", name: "y" }).length)); } };\n`,
    base: `import * as lib from ${JSON.stringify(path.join(HERE, "baseline", "src", "index.ts"))};\nexport default { fetch() { return new Response(String(lib.validateNewCustomer({ customerId: "x", name: "y" }).length)); } };\n`,
  };
  const configs = {};
  for (const [name, src] of Object.entries(variants)) {
    const vdir = path.join(dir, name);
    fs.mkdirSync(vdir, { recursive: true });
    fs.writeFileSync(path.join(vdir, "worker.src.js"), src);
    // bundled like wrangler: workerd's conditions, the .wasm kept as a separate module
    esbuild([
      path.join(vdir, "worker.src.js"), "--bundle", "--format=esm", "--platform=neutral", "--minify",
      "--conditions=workerd,worker,browser", "--loader:.wasm=copy", `--outdir=${path.join(vdir, "dist")}`,
    ]);
    const wasmFiles = fs.readdirSync(path.join(vdir, "dist")).filter((f) => f.endsWith(".wasm"));
    const port = await freePort();
    fs.writeFileSync(
      path.join(vdir, "config.capnp"),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .w) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const w :Workerd.Worker = (
  modules = [
    (name = "worker.src.js", esModule = embed "dist/worker.src.js"),
${wasmFiles.map((f) => `    (name = "${f}", wasm = embed "dist/${f}"),`).join("\n")}
  ],
  compatibilityDate = "2025-01-01",
);
`,
    );
    configs[name] = { dir: vdir, port };
  }
  const once = async ({ dir: vdir, port }) => {
    const t0 = performance.now();
    const child = spawn(WORKERD, ["serve", "config.capnp"], { cwd: vdir, stdio: ["ignore", "ignore", "pipe"], detached: true });
    children.add(child);
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    let exited = false;
    child.on("exit", () => (exited = true));
    try {
      for (;;) {
        if (exited) throw new Error(`workerd exited: ${stderr.trim().slice(-400)}`);
        const ok = await new Promise((resolve) => {
          const req = http.get({ host: "127.0.0.1", port, path: "/" }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode === 200));
          });
          req.on("error", () => resolve(false));
        });
        if (ok) return performance.now() - t0;
        if (performance.now() - t0 > 20_000) throw new Error(`workerd did not answer in 20 s: ${stderr.trim().slice(-400)}`);
        await sleep(1);
      }
    } finally {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
      children.delete(child);
      if (!exited) await new Promise((r) => child.on("exit", r));
    }
  };
  const times = { empty: [], pkg: [], base: [] };
  await once(configs.empty); // the first start pays for the binary being paged in
  for (let i = 0; i < CFG.coldRuns; i++) for (const k of Object.keys(times)) times[k].push(await once(configs[k]));
  const empty = cases.median(times.empty);
  return { empty, pkg: cases.median(times.pkg) - empty, base: cases.median(times.base) - empty };
}

// ---------------------------------------------------------------------------------------------
// equivalence: the baseline must produce what the package produces, or the race is not fair

function normalizeError(e) {
  return e && typeof e === "object" ? { threw: true, kind: e.kind, issues: (e.issues ?? []).map((i) => `${i.field}:${i.code}`) } : { threw: String(e) };
}
function call(fn) {
  try {
    return fn();
  } catch (e) {
    return normalizeError(e);
  }
}
function diffPaths(a, b, p = "", out = []) {
  if (out.length > 6) return out;
  if (isDeepStrictEqual(a, b)) return out;
  if (a && b && typeof a === "object" && typeof b === "object") {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diffPaths(a[k], b[k], `${p}.${k}`, out);
    return out;
  }
  out.push(`${p || "(root)"}: package ${JSON.stringify(a)?.slice(0, 80)} ≠ baseline ${JSON.stringify(b)?.slice(0, 80)}`);
  return out;
}
function equivalence(pkg, base, bodies, details, listCases = [], v2Bodies = {}) {
  const report = [];
  const issuesOf = (lib, x) => call(() => lib.validateNewCustomer(x)).map?.((i) => ({ field: i.field, code: i.code, limit: i.limit, actual: i.actual })) ?? call(() => lib.validateNewCustomer(x));
  const sortIssues = (l) => (Array.isArray(l) ? [...l].sort((a, b) => `${a.field}:${a.code}`.localeCompare(`${b.field}:${b.code}`)) : l);
  let same = 0;
  const inputs = [...VALID_CUSTOMERS, ...INVALID_CUSTOMERS];
  for (const x of inputs) {
    const d = diffPaths(sortIssues(issuesOf(pkg, x)), sortIssues(issuesOf(base, x)));
    if (d.length) report.push(`validateNewCustomer(${JSON.stringify(x).slice(0, 60)}): ${d.join("; ")}`);
    else same++;
  }
  for (const x of VALID_CUSTOMERS) {
    const d = diffPaths(call(() => pkg.encodeNewCustomer(x)), call(() => base.encodeNewCustomer(x)));
    if (d.length) report.push(`encodeNewCustomer(${JSON.stringify(x).slice(0, 60)}): ${d.join("; ")}`);
    else same++;
  }
  for (const [shape, body] of Object.entries(bodies)) {
    const d = diffPaths(call(() => pkg.decodeTicket(200, body)), call(() => base.decodeTicket(200, body)));
    if (d.length) report.push(`decodeTicket(${shape}): ${d.join("; ")}`);
    else same++;
  }
  for (const [what, [status, body]] of Object.entries(details)) {
    const d = diffPaths(call(() => pkg.decodeCustomerDetails(status, body)), call(() => base.decodeCustomerDetails(status, body)));
    if (d.length) report.push(`decodeCustomerDetails(${what}): ${d.join("; ")}`);
    else same++;
  }
  // The v2 list decoders present in the package: the fixture, an empty last page (a 404 with an
  // envelope) and an HTML 404 (an error of kind notFound).
  const listBodies = (fixture) => ({
    [fixture]: [200, v2Bodies[fixture]],
    "404 envelope": [404, JSON.stringify({ error: true, message: "Nenhum registro encontrado", success: false })],
    "404 HTML": [404, "<html><body><h1>404 Not Found</h1></body></html>"],
  });
  let listTotal = 0;
  for (const { fn, fixture } of listCases) {
    for (const [what, [status, body]] of Object.entries(listBodies(fixture))) {
      listTotal++;
      const d = diffPaths(call(() => pkg[fn](status, body)), call(() => base[fn](status, body)));
      if (d.length) report.push(`${fn}(${what}): ${d.join("; ")}`);
      else same++;
    }
  }
  return { same, total: inputs.length + VALID_CUSTOMERS.length + Object.keys(bodies).length + Object.keys(details).length + listTotal, report };
}

// ---------------------------------------------------------------------------------------------
// (5) bulk: the fake at 30 req/s

/**
 * The fake in its own process (as a real server would be): in this process, its request handler
 * would share the event loop with the client under test and see arrivals late.
 */
async function startFakeService() {
  const child = spawn(process.execPath, [FAKE_MODULE, "--port", "0", "--rps", String(RPS), "--token", TOKEN], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  children.add(child);
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the fake did not start: ${out}`)), 10_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = /FAKE_TOMTICKET_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => reject(new Error(`the fake exited (${code}): ${out}`)));
  });
  const control = async (method, op, body) => {
    const res = await fetch(`${url}/__control/${op}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`fake ${method} ${op}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    url,
    reset: async () => {
      await control("POST", "reset");
      await control("POST", "config", { record: false });
    },
    setConfig: (c) => control("POST", "config", c),
    store: () => control("GET", "store"),
    close: async () => {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      children.delete(child);
    },
  };
}

/** `existing` of the customers are created beforehand (rate limit off), so that the run updates those. */
async function seedCustomers(fake, customers) {
  await fake.setConfig({ rps: 0 });
  for (const c of customers) {
    const res = await fetch(`${fake.url}/v2.0/customer/new`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: new URLSearchParams({ customer_id: c.customerId, name: c.name, email: c.email }),
    });
    const body = await res.json();
    if (body.error) throw new Error(`seeding ${c.email}: ${body.message}`);
  }
  await fake.setConfig({ rps: RPS });
}

async function bulkRun(fake, runner, tag) {
  await fake.reset();
  const customers = bulkCustomers(CFG.bulkN, tag);
  await seedCustomers(fake, customers.slice(0, CFG.bulkExisting));
  await sleep(1100); // an empty window to start from
  const r = await runner({ baseUrl: fake.url, token: TOKEN, customers, rps: RPS, concurrency: 20 });
  const store = await fake.store();
  const emails = new Set(store.customers.map((c) => c.email));
  r.missing = customers.filter((c) => !emails.has(c.email)).length;
  return r;
}

// ---------------------------------------------------------------------------------------------
// Chromium

function startStatic() {
  const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
  const roots = { "/pkg/": PKG, "/work/": WORK, "/bench/": HERE };
  const page = `<!doctype html><meta charset="utf-8"><title>bench</title>
<script type="module">
const which = new URLSearchParams(location.search).get("lib");
const cases = await import("/bench/cases.js");
const load = { pkg: () => import("/pkg/index.browser.js"), base: () => import("/work/baseline.min.js") };
if (which === "both") window.bench = { pkg: await load.pkg(), base: await load.base(), cases };
else window.bench = { lib: await load[which](), cases };
document.title = "ready";
</script>`;
  const cold = `<!doctype html><meta charset="utf-8"><title>cold</title>
<script type="module">
const url = new URLSearchParams(location.search).get("lib");
const t0 = performance.now();
const m = await import(url);
const t1 = performance.now();
m.validateNewCustomer({ customerId: "x", name: "y" });
const t2 = performance.now();
window.result = { import: t1 - t0, firstCall: t2 - t1 };
document.title = "done";
</script>`;
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, "http://x");
    if (pathname === "/") return res.writeHead(200, { "content-type": "text/html" }).end(page);
    if (pathname === "/cold.html") return res.writeHead(200, { "content-type": "text/html" }).end(cold);
    for (const [prefix, dir] of Object.entries(roots)) {
      if (!pathname.startsWith(prefix)) continue;
      const file = path.join(dir, decodeURIComponent(pathname.slice(prefix.length)));
      if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) break;
      res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      return fs.createReadStream(file).pipe(res);
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}`, server })));
}

async function browserRun(fakeService, bodies, listCases = [], v2Bodies = {}) {
  const { chromium } = await import(pathToFileURL(path.join(ROOT, "tools", "node_modules", "playwright-core", "index.mjs")).href);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tomticket-bench-chromium-"));
  const stat = await startStatic();
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const version = context.browser()?.version() ?? "";
    // cold start: a fresh page per run with the HTTP cache off (no wasm code cache either)
    const cold = { pkg: [], base: [] };
    const libs = { pkg: "/pkg/index.browser.js", base: "/work/baseline.min.js" };
    for (let i = 0; i < CFG.coldRuns; i++) {
      for (const [k, lib] of Object.entries(libs)) {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
        await page.goto(`${stat.url}/cold.html?lib=${encodeURIComponent(lib)}&run=${i}`);
        await page.waitForFunction(() => document.title === "done", null, { timeout: 20_000 });
        cold[k].push(await page.evaluate(() => window.result));
        await page.close();
      }
    }
    const med = (k, f) => cases.median(cold[k].map((r) => r[f]));
    const out = { version, cold: { pkg: { import: med("pkg", "import"), firstCall: med("pkg", "firstCall") }, base: { import: med("base", "import"), firstCall: med("base", "firstCall") } } };

    // micro benchmarks: a fresh page per library and case (no shared heap or JIT feedback)
    const errors = [];
    const onPage = async (k, fn, arg) => {
      const p = await context.newPage();
      p.on("pageerror", (e) => errors.push(e.message));
      try {
        await p.goto(`${stat.url}/?lib=${k}`);
        await p.waitForFunction(() => document.title === "ready", null, { timeout: 20_000 }).catch(() => {
          throw new Error(`bench page did not load: ${errors.join(" | ")}`);
        });
        return await p.evaluate(fn, arg);
      } finally {
        await p.close();
      }
    };
    const both = async (fn, arg) => {
      const t = { pkg: [], base: [] };
      for (let i = 0; i < 3; i++) for (const k of i % 2 ? ["base", "pkg"] : ["pkg", "base"]) t[k].push(await onPage(k, fn, arg));
      return { pkg: cases.median(t.pkg), base: cases.median(t.base) };
    };
    log("chromium: validate + encode");
    out.encode = {};
    for (const [k, inputs] of Object.entries({ valid: VALID_CUSTOMERS, invalid: INVALID_CUSTOMERS })) {
      out.encode[k] = await both(
        ([inputs, n, rounds]) => window.bench.cases.compare({ lib: window.bench.lib }, window.bench.cases.validateEncode, [inputs, n], { rounds, warmupArgs: [inputs, n / 10] }).lib,
        [inputs, CFG.encodeN, CFG.rounds],
      );
    }
    log("chromium: decode");
    out.decode = {};
    for (const [k, body] of Object.entries(bodies)) {
      out.decode[k] = await both(
        ([body, n, rounds]) => window.bench.cases.compare({ lib: window.bench.lib }, window.bench.cases.decodeTicket, [body, n], { rounds, warmupArgs: [body, Math.max(10, n / 10)] }).lib,
        [body, CFG.decodeN, CFG.rounds],
      );
    }
    out.decodeList = {};
    for (const { fn, fixture } of listCases) {
      log(`chromium: ${fn}`);
      out.decodeList[fn] = await both(
        ([fn, body, n, rounds]) => window.bench.cases.compare({ lib: window.bench.lib }, window.bench.cases.decodeList, [fn, body, n], { rounds, warmupArgs: [fn, body, Math.max(10, n / 10)] }).lib,
        [fn, v2Bodies[fixture], CFG.decodeN, CFG.rounds],
      );
    }
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${stat.url}/?lib=both`);
    await page.waitForFunction(() => document.title === "ready", null, { timeout: 20_000 }).catch(() => {
      throw new Error(`bench page did not load: ${errors.join(" | ")}`);
    });
    if (fakeService) {
      out.bulk = {};
      for (const [k, lib, clientOptions] of BULK_RUNS) {
        log(`chromium: bulk ${k}`);
        out.bulk[k] = await bulkRun(
          fakeService,
          (opts) => page.evaluate(([lib, opts]) => window.bench.cases.bulkUpserts(window.bench[lib], { ...opts, browser: true }), [lib, { ...opts, clientOptions }]),
          `chromium-${k}`,
        );
      }
    }
    if (errors.length) out.pageErrors = errors;
    return out;
  } finally {
    await context.close().catch(() => {});
    stat.server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// report

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n) => (n >= 100 ? `${n.toFixed(0)} ms` : n >= 10 ? `${n.toFixed(1)} ms` : `${n.toFixed(2)} ms`);
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}×` : "–");
const pct = (x) => `${(x * 100).toFixed(1)} %`;

function machine() {
  const cpu = os.cpus()[0]?.model?.trim() ?? "unknown CPU";
  const nproc = spawnSync("nproc", [], { encoding: "utf8" }).stdout.trim() || String(os.cpus().length);
  return { cpu, nproc, node: process.version, os: `${os.type()} ${os.release()}`, memGb: Math.round(os.totalmem() / 2 ** 30) };
}

function table(R) {
  const rows = [];
  const row = (what, where, pkg, base, r, target = "") => rows.push({ what, where, pkg, base, r, target });
  const s = R.size;
  row("(1) size: package files as published (glue + entry + .wasm)", "–", `${kb(s.published.raw)} raw / ${kb(s.published.gzip)} gz`, `${kb(s.baseline.raw)} raw / ${kb(s.baseline.gzip)} gz`, `${ratio(s.published.raw, s.baseline.raw)} raw / ${ratio(s.published.gzip, s.baseline.gzip)} gz`, `≤ 64 KB gz: ${s.published.gzip <= 64 * 1024 ? "holds" : "MISSED"}`);
  row("(1) size: user bundle, minified (esbuild) — JS + .wasm vs JS with zod", "–", `${kb(s.pkgBundle.raw)} raw / ${kb(s.pkgBundle.gzip)} gz / ${kb(s.pkgBundle.brotli)} br`, `${kb(s.baseline.raw)} raw / ${kb(s.baseline.gzip)} gz / ${kb(s.baseline.brotli)} br`, `${ratio(s.pkgBundle.raw, s.baseline.raw)} raw / ${ratio(s.pkgBundle.gzip, s.baseline.gzip)} gz`, `≤ 64 KB gz: ${s.pkgBundle.gzip <= 64 * 1024 ? "holds" : "MISSED"}`);
  const c = R.nodeCold;
  row("(2) cold start: import + instantiate + first call", "Node", ms(c.pkg.import + c.pkg.firstCall), ms(c.base.import + c.base.firstCall), ratio(c.pkg.import + c.pkg.firstCall, c.base.import + c.base.firstCall));
  row("(2) wasm compile + instantiate alone", "Node", `${ms(c.pkg.compile + c.pkg.instantiate)} (compile ${ms(c.pkg.compile)}, instantiate ${ms(c.pkg.instantiate)})`, "–", "–", `≤ 5 ms: ${c.pkg.compile + c.pkg.instantiate <= 5 ? "holds" : "MISSED"}`);
  if (R.workerdCold) row("(2) cold start: worker start to first answer, minus an empty worker", "workerd", ms(R.workerdCold.pkg), ms(R.workerdCold.base), ratio(R.workerdCold.pkg, R.workerdCold.base), `(empty worker ${ms(R.workerdCold.empty)})`);
  if (R.browser) {
    const b = R.browser.cold;
    row("(2) cold start: import + instantiate + first call (no cache)", "Chromium", ms(b.pkg.import + b.pkg.firstCall), ms(b.base.import + b.base.firstCall), ratio(b.pkg.import + b.pkg.firstCall, b.base.import + b.base.firstCall));
  }
  const envs = [["Node", R.node], ...(R.browser ? [["Chromium", R.browser]] : [])];
  for (const [where, E] of envs) {
    for (const k of ["valid", "invalid"]) {
      const e = E.encode[k];
      row(`(3) validate + encode new customer, ${k} inputs ×${CFG.encodeN.toLocaleString("en")}`, where, ms(e.pkg), ms(e.base), ratio(e.pkg, e.base), `≤ 1.00×: ${e.pkg <= e.base ? "holds" : "MISSED"}`);
    }
  }
  for (const [where, E] of envs) {
    for (const k of ["documented", "live"]) {
      const d = E.decode[k];
      row(`(4) decodeTicket, ${HISTORY} history entries, ${k} shape ×${CFG.decodeN.toLocaleString("en")}`, where, ms(d.pkg), ms(d.base), ratio(d.pkg, d.base), `≤ 1.00×: ${d.pkg <= d.base ? "holds" : "MISSED"}`);
    }
    for (const [fn, d] of Object.entries(E.decodeList ?? {})) {
      const label = cases.LIST_DECODERS.find((c) => c.fn === fn)?.label ?? "";
      row(`(4) ${fn}, ${label} ×${CFG.decodeN.toLocaleString("en")}`, where, ms(d.pkg), ms(d.base), ratio(d.pkg, d.base), `≤ 1.00×: ${d.pkg <= d.base ? "holds" : "MISSED"}`);
    }
  }
  for (const [where, E] of envs) {
    if (!E.bulk) continue;
    const p = E.bulk.pkg;
    const b = E.bulk.base;
    // accepted = requests the server did not refuse with 429 (a refused one does no work)
    const accepted = (x) => (x.requests ? (x.rate * (x.requests - x.n429)) / x.requests : 0);
    const desc = (x) => `${accepted(x).toFixed(2)} req/s = ${pct(accepted(x) / RPS)} of ${RPS}; ${x.n429} × 429; ${x.requests} req in ${(x.wallMs / 1000).toFixed(1)} s; peak ${x.peakPerSecond}/s${x.failed ? `; ${x.failed} FAILED` : ""}${x.missing ? `; ${x.missing} missing` : ""}`;
    const ok = (x) => accepted(x) / RPS >= 0.95 && x.n429 === 0 && x.failed === 0 && x.missing === 0;
    row(`(5) bulk: ${CFG.bulkN} upserts (${CFG.bulkExisting} updates), one client, fake at ${RPS} req/s`, where, desc(p), desc(b), ratio(accepted(p), accepted(b)), `≥ 95 %, 0 × 429: ${ok(p) ? "holds" : "MISSED"}`);
    const x = E.bulk.baseResponseWindow;
    if (x) row("(5) experiment: the baseline with its window counted from responses", where, "–", desc(x), "–", `(baseline variant) ≥ 95 %, 0 × 429: ${ok(x) ? "holds" : "missed"}`);
  }
  return rows;
}

function renderMarkdown(rows) {
  const lines = ["| measurement | where | package | baseline | package ÷ baseline | target |", "|---|---|---|---|---|---|"];
  for (const r of rows) lines.push(`| ${r.what} | ${r.where} | ${r.pkg} | ${r.base} | ${r.r} | ${r.target} |`);
  return lines.join("\n");
}

function renderText(rows) {
  const lines = [];
  for (const r of rows) {
    lines.push(`${r.what} [${r.where}]`);
    lines.push(`    package  ${r.pkg}`);
    lines.push(`    baseline ${r.base}`);
    lines.push(`    ratio    ${r.r}${r.target ? `    target: ${r.target}` : ""}`);
  }
  return lines.join("\n");
}

const BEGIN = "<!-- bench:begin (generated by bench/run.mjs; everything between these markers is replaced) -->";
const END = "<!-- bench:end -->";

function writeBenchmarksMd(R, rows) {
  const file = path.join(ROOT, "BENCHMARKS.md");
  const m = R.machine;
  const eq = R.equivalence;
  const block = [
    BEGIN,
    `Run: ${R.date} · \`${R.command}\` · ${m.nproc} × ${m.cpu}, ${m.memGb} GB RAM · Node ${m.node} · ${R.browser ? `Chromium ${R.browser.version}` : "no browser run"} · ${m.os}`,
    `Package: ${R.pkgVersion}. Baseline: bench/baseline (zod ${R.zodVersion}), bundled by esbuild. Equivalence check: ${eq.same}/${eq.total} outputs identical.`,
    "",
    renderMarkdown(rows),
    "",
    ...(R.skipped?.length ? ["Skipped in this run:", "", ...R.skipped.map((s) => `- ${s}`), ""] : []),
    ...(eq.report.length ? ["Outputs that differ between the package and the baseline (the baseline follows the spec notes where the package is not yet final):", "", ...eq.report.map((r) => `- ${r}`), ""] : []),
    "Raw numbers of this run: `target/bench/results.json` (rewritten by every run).",
    END,
  ].join("\n");
  let text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  if (!text.includes(BEGIN) || !text.includes(END)) text += `\n${BEGIN}\n${END}\n`;
  text = text.slice(0, text.indexOf(BEGIN)) + block + text.slice(text.indexOf(END) + END.length);
  fs.writeFileSync(file, text);
  log(`wrote ${path.relative(process.cwd(), file)}`);
}

// ---------------------------------------------------------------------------------------------
// main

async function main() {
  fs.mkdirSync(WORK, { recursive: true });
  if (argv.has("--from-results")) {
    // re-render the last run (target/bench/results.json) without measuring again
    const R = JSON.parse(fs.readFileSync(path.join(WORK, "results.json"), "utf8"));
    Object.assign(CFG, R.config ?? {});
    const rows = table(R);
    console.log(renderText(rows));
    if (!argv.has("--no-write")) writeBenchmarksMd(R, rows);
    return;
  }
  const R = { date: new Date().toISOString().replace(/\.\d+Z$/, "Z"), command: `node bench/run.mjs ${[...argv].join(" ")}`.trim(), machine: machine() };
  ensurePkg();
  buildBaseline();
  R.pkgVersion = JSON.parse(fs.readFileSync(path.join(PKG, "package.json"), "utf8")).version;
  R.zodVersion = JSON.parse(fs.readFileSync(path.join(HERE, "node_modules", "zod", "package.json"), "utf8")).version;

  log("fixtures");
  const { startFake } = await import(pathToFileURL(FAKE_MODULE).href);
  const problems = await checkAgainstFake(startFake);
  if (problems.length) throw new Error(`the generated ticket does not match the fake's: ${problems.join("; ")}`);
  const bodies = { documented: ticketBody(HISTORY, false), live: ticketBody(HISTORY, true) };
  const v2Problems = await checkV2AgainstFake(startFake);
  if (v2Problems.length) throw new Error(`the generated v2 list bodies do not match the fake's keys: ${v2Problems.join("; ")}`);
  const v2Bodies = Object.fromEntries(Object.entries(V2_BODIES).map(([k, make]) => [k, make()]));
  const details = await customerDetailsBodies(startFake);

  log("(1) size");
  R.size = sizes();
  log("(2) cold start: Node");
  R.nodeCold = nodeColdStart();
  if (!argv.has("--no-workerd")) {
    log("(2) cold start: workerd");
    R.workerdCold = await workerdColdStart();
  }

  const pkg = await import(pathToFileURL(path.join(PKG, "index.node.js")).href);
  const base = await import(pathToFileURL(path.join(WORK, "baseline.min.js")).href);
  for (const name of EXPORTS) if (typeof pkg[name] !== "function") throw new Error(`the package has no export ${name}`);
  // The v2 list decoders: measured only when the package has the export (a pkg/ built before
  // they landed has not); a missing one is skipped with a notice.
  R.skipped = [];
  const listCases = cases.LIST_DECODERS.filter(({ fn }) => {
    if (typeof base[fn] !== "function") throw new Error(`the baseline has no export ${fn}`);
    if (typeof pkg[fn] === "function") return true;
    R.skipped.push(`(4) ${fn}: the package (${path.relative(ROOT, PKG) || PKG}) has no export \`${fn}\`; rebuild it (node scripts/build-pkg.mjs) once the export exists`);
    return false;
  });
  for (const s of R.skipped) log(`skipped: ${s}`);
  R.equivalence = equivalence(pkg, base, bodies, details, listCases, v2Bodies);
  for (const r of R.equivalence.report) log(`differs: ${r}`);

  const libs = { pkg, base };
  R.node = { encode: {}, decode: {} };
  // Each library in its own fresh process per case (no shared heap or JIT feedback); the two
  // alternate, three processes each, and the median of their medians is kept.
  const micro = (lib, which, opts) => {
    const url = pathToFileURL(lib === "pkg" ? path.join(PKG, "index.node.js") : path.join(WORK, "baseline.min.js")).href;
    const out = run(process.execPath, [path.join(HERE, "micro.mjs"), url, which, JSON.stringify({ ...opts, rounds: CFG.rounds })]);
    return JSON.parse(out.trim().split("\n").pop()).ms;
  };
  const both = (which, opts) => {
    const t = { pkg: [], base: [] };
    for (let i = 0; i < 3; i++) for (const k of i % 2 ? ["base", "pkg"] : ["pkg", "base"]) t[k].push(micro(k, which, opts));
    return { pkg: cases.median(t.pkg), base: cases.median(t.base) };
  };
  log("(3) Node: validate + encode");
  for (const k of ["valid", "invalid"]) R.node.encode[k] = both("encode", { valid: k === "valid", n: CFG.encodeN });
  log("(4) Node: decode");
  for (const k of ["documented", "live"]) R.node.decode[k] = both("decode", { live: k === "live", history: HISTORY, n: CFG.decodeN });
  R.node.decodeList = {};
  for (const { fn, fixture } of listCases) {
    log(`(4) Node: ${fn}`);
    R.node.decodeList[fn] = both("decodeList", { fn, fixture, n: CFG.decodeN });
  }

  let fakeService = null;
  if (!argv.has("--no-bulk")) {
    fakeService = await startFakeService();
    R.node.bulk = {};
    for (const [k, lib, clientOptions] of BULK_RUNS) {
      log(`(5) Node: bulk ${k}`);
      R.node.bulk[k] = await bulkRun(fakeService, (opts) => cases.bulkUpserts(libs[lib], { ...opts, clientOptions }), `node-${k}`);
    }
  }
  try {
    if (!argv.has("--no-browser")) {
      log("Chromium");
      R.browser = await browserRun(fakeService, bodies, listCases, v2Bodies);
    }
  } finally {
    await fakeService?.close();
  }

  const rows = table(R);
  console.log(renderText(rows));
  console.log(`\nequivalence: ${R.equivalence.same}/${R.equivalence.total} outputs identical (package vs baseline)`);
  for (const s of R.skipped) console.log(`skipped: ${s}`);
  console.log(`machine: ${R.machine.nproc} × ${R.machine.cpu}, Node ${R.machine.node}${R.browser ? `, Chromium ${R.browser.version}` : ""}; ${R.date}`);
  R.config = CFG;
  fs.writeFileSync(path.join(WORK, "results.json"), JSON.stringify(R, null, 1));
  if (!argv.has("--no-write")) writeBenchmarksMd(R, rows);
}

main().catch((e) => {
  console.error(`[bench] FAILED: ${e?.stack ?? e}`);
  process.exit(1);
});
