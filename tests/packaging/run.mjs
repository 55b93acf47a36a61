#!/usr/bin/env node
// Packaging tests: the packed npm tarball of pkg/, installed into throwaway projects, used where
// users put it — Node ESM, Cloudflare workerd, Deno, and a Vite build opened in headless
// Chromium — against the local fake TomTicket service.
//
//   node scripts/build-pkg.mjs && node tests/packaging/run.mjs [node] [workerd] [deno] [browser] [bundlers]
//
// `bundlers` (tests/packaging/bundlers.mjs): one page bundled by esbuild, Rollup, webpack and Vite.
//
// Every runtime runs the same scenario (tests/packaging/smoke.js) and is checked by the same
// function (checkSmoke) plus the fake's record of the requests it received. Output: one line
// `PASS <runtime>: …` or `FAIL <runtime>: …` per runtime, then `N passed, M failed`; exit code 1
// if any failed. Logs of each runtime: target/packaging/<runtime>/*.log.
//
// Offline: the projects install only the local tarball (npm --offline); vite, esbuild, workerd,
// deno and playwright-core come from tools/node_modules; the browser is /usr/bin/chromium.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { freePort } from "../support/net.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const PKG = path.join(ROOT, "pkg");
const WORK = path.join(ROOT, "target", "packaging");
const TOOLS = path.join(ROOT, "tools", "node_modules");
const BIN = path.join(TOOLS, ".bin");
const FAKE_MODULE = path.join(ROOT, "tests", "fake", "tomticket-fake.mjs");
const SMOKE = path.join(HERE, "smoke.js");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];
const STEP_TIMEOUT_MS = Number(process.env.PACKAGING_STEP_TIMEOUT_MS || 60_000);
const TOKEN = "test-token";
const BAD_TOKEN = "wrong-token-0123456789";
const RUNTIMES = ["node", "workerd", "deno", "browser", "bundlers"];

// ---------------------------------------------------------------------------------------------
// process handling: every child runs in its own process group and is killed with it

const liveGroups = new Set();
function killGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    try {
      child.kill("SIGKILL");
    } catch {}
  }
}
process.on("exit", () => {
  for (const c of liveGroups) killGroup(c);
});
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    for (const c of liveGroups) killGroup(c);
    process.exit(130);
  });
}

/** Starts a child in its own process group; output goes to `logFile`. */
function startProc(ctx, cmd, args, { cwd, env, logFile } = {}) {
  if (ctx.done) throw new Error("step already finished (timed out)");
  const log = logFile ? fs.openSync(logFile, "a") : "ignore";
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", log, log],
    detached: true,
  });
  if (typeof log === "number") fs.closeSync(log);
  liveGroups.add(child);
  const exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      liveGroups.delete(child);
      resolve({ code, signal });
    });
    child.on("error", (error) => {
      liveGroups.delete(child);
      resolve({ code: -1, signal: null, error });
    });
  });
  ctx.defer(() => killGroup(child));
  return { child, exited };
}

/** Runs a command to completion; rejects with the tail of its output on a non-zero exit. */
async function runProc(ctx, cmd, args, { cwd, env, logName } = {}) {
  const logFile = path.join(ctx.dir, `${logName ?? path.basename(cmd)}.log`);
  fs.writeFileSync(logFile, `$ ${cmd} ${args.join(" ")}\n`);
  const { exited } = startProc(ctx, cmd, args, { cwd, env, logFile });
  const { code, signal, error } = await exited;
  const output = fs.readFileSync(logFile, "utf8");
  if (error || code !== 0) {
    const lines = output.trim().split("\n").filter((l) => l.trim());
    const errorLines = lines.filter((l) => /error|Error|TS\d{4}/.test(l));
    const tail = (errorLines.length ? errorLines.slice(0, 6) : lines.slice(-6)).join(" | ");
    throw new Error(`${path.basename(cmd)} ${args[0] ?? ""} failed (${error?.message ?? `exit ${code ?? signal}`}): ${tail} [log: ${path.relative(ROOT, logFile)}]`);
  }
  return output;
}


const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// shared setup

/** A fresh project dir that depends on the packed tarball, with its node_modules installed. */
async function makeProject(ctx, tarball, extra = {}) {
  fs.rmSync(ctx.dir, { recursive: true, force: true });
  fs.mkdirSync(ctx.dir, { recursive: true });
  const pkg = {
    name: `packaging-test-${ctx.runtime}`,
    private: true,
    type: "module",
    dependencies: { "tomticket-wasm": `file:${path.relative(ctx.dir, tarball)}` },
    ...extra,
  };
  fs.writeFileSync(path.join(ctx.dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  fs.copyFileSync(SMOKE, path.join(ctx.dir, "smoke.js"));
  await runProc(ctx, "npm", ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"], {
    cwd: ctx.dir,
    logName: "npm-install",
  });
  const installed = path.join(ctx.dir, "node_modules", "tomticket-wasm", "package.json");
  if (!fs.existsSync(installed)) throw new Error("npm install did not install tomticket-wasm");
}

function smokeConfig(fake, extra = {}) {
  return {
    fakeUrl: fake.url, token: TOKEN, badToken: BAD_TOKEN, customerId: fake.customer.id,
    email: fake.email, ticketId: fake.ticketId, ...extra,
  };
}

/** The same checks for every runtime. Returns a short detail string or throws. */
function checkSmoke(r, fake) {
  const problems = [];
  const want = (cond, msg) => {
    if (!cond) problems.push(msg);
  };
  if (!r || typeof r !== "object") throw new Error(`no smoke result: ${JSON.stringify(r)}`);
  if (r.fatal) throw new Error(`smoke crashed: ${r.fatal}`);
  for (const name of ["TomTicketClient", "validateNewCustomer", "isTomTicketError"]) {
    want(r.exports?.includes(name), `export ${name} missing (exports: ${r.exports})`);
  }
  want(!r.exports?.includes("default"), "the async init is exported as default (entries must be initialised)");

  const v = r.validation;
  if (v?.threw) problems.push(`validateNewCustomer threw ${JSON.stringify(v.threw)}`);
  else {
    want(Array.isArray(v) && v.length === 1, `validation: want 1 issue, got ${JSON.stringify(v)}`);
    const i = Array.isArray(v) ? v[0] : undefined;
    want(i?.field === "name" && i?.code === "tooLong" && i?.limit === 250, `validation issue: ${JSON.stringify(i)}`);
  }

  const c = r.customer;
  if (c?.threw) problems.push(`getCustomer threw ${JSON.stringify(c.threw)}`);
  else want(c?.name === fake.customer.name, `getCustomer name: want ${JSON.stringify(fake.customer.name)}, got ${JSON.stringify(c)}`);

  const u = r.unauthorized;
  if (!u?.threw) problems.push(`wrong token resolved: ${JSON.stringify(u)}`);
  else {
    const e = u.threw;
    want(e.isError === true, `401: not an Error: ${JSON.stringify(e)}`);
    want(e.kind === "unauthorized", `401: kind ${JSON.stringify(e.kind)}, want "unauthorized" (${e.message})`);
    want(e.isTomTicketError === true, `401: isTomTicketError(e) = ${e.isTomTicketError}`);
    want(e.leaksToken === false, "401: the error exposes the token");
  }
  want(r.guardOnPlainError === false, `isTomTicketError(new Error()) = ${r.guardOnPlainError}`);

  if ("browserOptIn" in r) {
    const b = r.browserOptIn;
    want(b?.threw?.isTomTicketError === true, `browser: a raw token without the opt-in was accepted: ${JSON.stringify(b)}`);
  }
  problems.push(...checkContract(r.contract));
  if (problems.length) throw new Error(problems.join("; "));
  return `customer ${JSON.stringify(c.name)}, 401 → kind "${u.threw.kind}", client contract ok (${r.contract?.burst?.seconds} s burst)`;
}

/** The registry's client methods (tests/completeness.rs writes target/registry.json). */
const REGISTRY_JSON = path.join(ROOT, "target", "registry.json");
const REGISTERED_CALLS = fs.existsSync(REGISTRY_JSON) ? JSON.parse(fs.readFileSync(REGISTRY_JSON, "utf8")).calls.map((c) => c.name) : [];
const MIN_CALLS = 23;

/** The client contract (tests/packaging/smoke.js `contract`), the same in every runtime. */
function checkContract(k) {
  const p = [];
  const want = (cond, msg) => {
    if (!cond) p.push(`contract: ${msg}`);
  };
  if (!k || k.fatal) return [`contract: ${k?.fatal ?? "missing"}`];
  const j = (v) => JSON.stringify(v);
  // Every registered call (target/registry.json, written by `cargo test --test completeness`;
  // without it, at least the 23 calls of the registry today) ran in the contract and did what
  // it should; `callErrors` says why a call did not.
  const calls = k.calls ?? {};
  const missing = REGISTERED_CALLS.filter((name) => !(name in calls));
  want(missing.length === 0 && Object.keys(calls).length >= MIN_CALLS, `calls never made in the contract: ${j(missing)} (${Object.keys(calls).length} made)`);
  const wrong = Object.entries(calls).filter(([, v]) => v !== true).map(([name]) => `${name} (${k.callErrors?.[name] ?? "false"})`);
  want(wrong.length === 0, `calls with a wrong result: ${wrong.join("; ")}`);
  want(j(k.retries?.statuses) === j([503, 503, 200]) && k.retries?.name, `GET 503, 503, 200: ${j(k.retries)}`);
  want(k.post500?.kind === "server" && k.post500?.sent === 1, `POST + 500 must be sent once: ${j(k.post500)}`);
  want(j(k.post429?.statuses) === j([429, 200]) && k.post429?.ok, `POST + 429 must be retried: ${j(k.post429)}`);
  want(k.timeout?.kind === "timeout" && k.timeout?.ms < 2500, `timeout: ${j(k.timeout)}`);
  want(k.abort?.kind === "aborted" && k.abort?.ms < 2000, `abort: ${j(k.abort)}`);
  want(k.burst?.sent === 9 && k.burst?.rateLimited === 0 && k.burst?.ok === 9 && k.burst?.seconds >= 1.9, `burst of 9 at 3/s: ${j(k.burst)}`);
  want(k.leaks?.length === 0, `the token leaked in: ${j(k.leaks)}`);
  return p;
}

/** The fake saw this runtime's calls: the good token's and the wrong token's. */
async function checkRecorded(fake) {
  const requests = await fake.recorded();
  const hits = requests.filter((q) => JSON.stringify(q).includes(fake.customer.id));
  if (hits.length < 2) {
    throw new Error(`the fake recorded ${hits.length} request(s) for customer ${fake.customer.id} (want ≥ 2: ok + 401); all: ${JSON.stringify(requests).slice(0, 400)}`);
  }
  return `${hits.length} requests recorded`;
}

// ---------------------------------------------------------------------------------------------
// runtimes

async function runNode(ctx, tarball, fake) {
  await makeProject(ctx, tarball);
  fs.writeFileSync(
    path.join(ctx.dir, "main.mjs"),
    `import * as lib from "tomticket-wasm";
import { smoke } from "./smoke.js";
const result = await smoke(lib, JSON.parse(process.argv[2]));
console.log("SMOKE " + JSON.stringify(result));
`,
  );
  const out = await runProc(ctx, process.execPath, ["main.mjs", JSON.stringify(smokeConfig(fake))], { cwd: ctx.dir, logName: "node" });
  return parseSmoke(out);
}

async function runWorkerd(ctx, tarball, fake) {
  await makeProject(ctx, tarball);
  fs.writeFileSync(
    path.join(ctx.dir, "worker.js"),
    `import * as lib from "tomticket-wasm";
import { smoke } from "./smoke.js";
export default {
  async fetch(request) {
    const config = JSON.parse(new URL(request.url).searchParams.get("config"));
    try {
      return Response.json(await smoke(lib, config));
    } catch (e) {
      return Response.json({ fatal: String(e && e.stack || e) });
    }
  },
};
`,
  );
  // Bundle like wrangler does: workerd's conditions, the .wasm kept as a separate module.
  await runProc(ctx, path.join(BIN, "esbuild"), [
    "worker.js", "--bundle", "--format=esm", "--platform=neutral", "--conditions=workerd,worker,browser",
    "--loader:.wasm=copy", "--outdir=dist", "--log-level=warning",
  ], { cwd: ctx.dir, logName: "esbuild" });
  const wasmFiles = fs.readdirSync(path.join(ctx.dir, "dist")).filter((f) => f.endsWith(".wasm"));
  if (wasmFiles.length !== 1) throw new Error(`esbuild emitted ${wasmFiles.length} .wasm files`);
  const bundle = fs.readFileSync(path.join(ctx.dir, "dist", "worker.js"), "utf8");
  if (!bundle.includes("index.workerd.js")) throw new Error("the bundle did not pick the workerd entry");
  const port = await freePort();
  fs.writeFileSync(
    path.join(ctx.dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smokeWorker),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const smokeWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "dist/worker.js"),
    (name = "${wasmFiles[0]}", wasm = embed "dist/${wasmFiles[0]}"),
  ],
  compatibilityDate = "2025-01-01",
  globalOutbound = "internet",
);
`,
  );
  const logFile = path.join(ctx.dir, "workerd.log");
  fs.writeFileSync(logFile, "");
  const proc = startProc(ctx, path.join(BIN, "workerd"), ["serve", "config.capnp"], { cwd: ctx.dir, logFile });
  let exited = null;
  proc.exited.then((x) => (exited = x));
  const url = `http://127.0.0.1:${port}/?config=${encodeURIComponent(JSON.stringify(smokeConfig(fake)))}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (exited) {
      throw new Error(`workerd exited (${exited.code ?? exited.signal}): ${fs.readFileSync(logFile, "utf8").trim().split("\n").slice(-4).join(" | ")}`);
    }
    try {
      const res = await fetch(url);
      const text = await res.text();
      if (!res.ok) throw new Error(`worker answered ${res.status}: ${text.slice(0, 300)}`);
      return JSON.parse(text);
    } catch (e) {
      const refused = e?.cause?.code === "ECONNREFUSED" || e?.cause?.code === "ECONNRESET";
      if (!refused || Date.now() > deadline) throw e;
      await sleep(100);
    }
  }
}

async function runDeno(ctx, tarball, fake) {
  await makeProject(ctx, tarball);
  // node_modules installed by npm, used as is ("manual"): no registry, no Deno cache download.
  fs.writeFileSync(path.join(ctx.dir, "deno.json"), `${JSON.stringify({ nodeModulesDir: "manual" }, null, 2)}\n`);
  fs.writeFileSync(
    path.join(ctx.dir, "main.ts"),
    `import * as lib from "tomticket-wasm";
import { smoke } from "./smoke.js";
const result = await smoke(lib, JSON.parse(Deno.args[0]));
console.log("SMOKE " + JSON.stringify(result));
`,
  );
  // Type check against the package's types (tsify output via index.d.ts).
  fs.writeFileSync(
    path.join(ctx.dir, "typecheck.ts"),
    `import { TomTicketClient, isTomTicketError, validateNewCustomer } from "tomticket-wasm";
import type { Customer, Issue } from "tomticket-wasm";

const issues: Issue[] = validateNewCustomer({ customerId: "x", name: "a".repeat(251) });
const first: string | undefined = issues[0]?.field;
const client = new TomTicketClient({ token: "t", baseUrl: "http://127.0.0.1:1" });
export async function name(): Promise<string> {
  try {
    // one argument: the per-call options are optional
    const c: Customer = await client.getCustomer({ customerId: "x" });
    return c.name ?? "";
  } catch (e) {
    if (isTomTicketError(e)) return e.kind + (first ?? "");
    throw e;
  }
}
// @ts-expect-error: the types are real (not any): a number is not a customer name
validateNewCustomer({ customerId: "x", name: 1 });
`,
  );
  const env = {
    DENO_DIR: path.join(ctx.dir, ".deno"),
    DENO_NO_UPDATE_CHECK: "1",
    NO_COLOR: "1",
    RUST_BACKTRACE: "0",
  };
  const deno = path.join(BIN, "deno");
  await runProc(ctx, deno, ["check", "--quiet", "typecheck.ts", "main.ts"], { cwd: ctx.dir, env, logName: "deno-check" });
  const out = await runProc(ctx, deno, ["run", "--no-prompt", "--allow-net=127.0.0.1", "main.ts", JSON.stringify(smokeConfig(fake))], {
    cwd: ctx.dir,
    env,
    logName: "deno-run",
  });
  return parseSmoke(out);
}

async function runBrowser(ctx, tarball, fake) {
  await makeProject(ctx, tarball);
  fs.writeFileSync(
    path.join(ctx.dir, "index.html"),
    `<!doctype html>
<html><head><meta charset="utf-8"><title>tomticket-wasm packaging test</title></head>
<body><pre id="result" data-state="pending"></pre><script type="module" src="./main.js"></script></body></html>
`,
  );
  fs.writeFileSync(
    path.join(ctx.dir, "main.js"),
    `import * as lib from "tomticket-wasm";
import { smoke } from "./smoke.js";
const el = document.getElementById("result");
const config = JSON.parse(new URLSearchParams(location.search).get("config"));
smoke(lib, { ...config, browser: true }).then(
  (r) => { el.textContent = JSON.stringify(r); el.dataset.state = "done"; },
  (e) => { el.textContent = JSON.stringify({ fatal: String(e && e.stack || e) }); el.dataset.state = "done"; },
);
`,
  );
  await runProc(ctx, process.execPath, [path.join(TOOLS, "vite", "bin", "vite.js"), "build", "--logLevel", "warn"], {
    cwd: ctx.dir,
    logName: "vite",
  });
  const dist = path.join(ctx.dir, "dist");
  const assets = fs.readdirSync(path.join(dist, "assets"));
  if (assets.filter((f) => f.endsWith(".wasm")).length !== 1) throw new Error(`vite emitted assets ${assets.join(", ")}; want exactly one .wasm`);

  const server = await serveStatic(dist);
  ctx.defer(() => server.close());
  const { chromium } = await import(pathToFileURL(path.join(TOOLS, "playwright-core", "index.mjs")).href);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tomticket-pkg-chromium-"));
  ctx.defer(() => fs.rmSync(profile, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  ctx.defer(() => context.close().catch(() => {}));
  const config = encodeURIComponent(JSON.stringify(smokeConfig(fake)));
  const built = await openPage(context, `${server.url}/?config=${config}`);
  checkSmoke(built, fake);

  // The same page under the Vite dev server (dependency pre-bundling moves the package into
  // node_modules/.vite: the .wasm URL must still resolve).
  const port = await freePort();
  const logFile = path.join(ctx.dir, "vite-dev.log");
  fs.writeFileSync(logFile, "");
  const dev = startProc(ctx, process.execPath, [path.join(TOOLS, "vite", "bin", "vite.js"), "--host", "127.0.0.1", "--port", String(port), "--strictPort", "--clearScreen", "false"], { cwd: ctx.dir, logFile });
  let exited = null;
  dev.exited.then((x) => (exited = x));
  const devUrl = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 20_000; ; ) {
    if (exited) throw new Error(`vite dev exited (${exited.code ?? exited.signal}) [log: ${path.relative(ROOT, logFile)}]`);
    const ok = await fetch(devUrl).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error("vite dev did not start in 20 s");
    await sleep(100);
  }
  const devResult = await openPage(context, `${devUrl}/?config=${config}`);
  try {
    checkSmoke(devResult, fake);
  } catch (e) {
    throw new Error(`vite dev: ${e.message}`);
  }
  built.note = "vite build + vite dev";
  return built;
}

/** Opens the smoke page and returns what it wrote into #result. */
async function openPage(context, url) {
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && !/favicon|Failed to load resource.*404/.test(m.text())) pageErrors.push(m.text());
  });
  try {
    await page.goto(url);
    try {
      await page.waitForSelector('#result[data-state="done"]', { timeout: 20_000 });
    } catch (e) {
      throw new Error(`${new URL(url).origin}: the page never wrote a result (${pageErrors.join(" | ") || e.message})`);
    }
    const result = JSON.parse(await page.textContent("#result"));
    if (result.fatal && pageErrors.length) result.fatal += ` (page errors: ${pageErrors.join(" | ")})`;
    return result;
  } finally {
    await page.close().catch(() => {});
  }
}

function serveStatic(dir) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, "http://localhost");
    const file = path.join(dir, pathname === "/" ? "index.html" : decodeURIComponent(pathname));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

function parseSmoke(output) {
  const line = output.split("\n").find((l) => l.startsWith("SMOKE "));
  if (!line) throw new Error(`no SMOKE line in the output: ${output.trim().split("\n").slice(-4).join(" | ")}`);
  return JSON.parse(line.slice(6));
}

// ---------------------------------------------------------------------------------------------
// fake service

async function startFakeService() {
  if (!fs.existsSync(FAKE_MODULE)) throw new Error(`${path.relative(ROOT, FAKE_MODULE)} is missing`);
  const mod = await import(pathToFileURL(FAKE_MODULE).href);
  const customer = pickSeedCustomer(mod.SEED);
  const fake = await mod.startFake({ port: 0, token: TOKEN, rps: 1000 });
  const base = fake.url.replace(/\/+$/, "");
  return {
    url: fake.url,
    customer,
    email: mod.SEED?.customers?.withOrg?.email,
    ticketId: mod.SEED?.tickets?.rich,
    close: () => fake.close(),
    async reset() {
      const res = await fetch(`${base}/__control/reset`, { method: "POST" });
      if (!res.ok) throw new Error(`fake reset: ${res.status}`);
    },
    async recorded() {
      const res = await fetch(`${base}/__control/requests`);
      if (!res.ok) throw new Error(`fake requests: ${res.status}`);
      const body = await res.json();
      return Array.isArray(body) ? body : body.requests ?? [];
    },
  };
}

/** { id, name } of a seeded customer: the internal id getCustomer takes and its name. */
function pickSeedCustomer(seed) {
  const list = seed?.customers ?? [];
  // prefer the plain seeded customer ("withOrg"), else the first one with an id and a name
  const arr = Array.isArray(list) ? list : [list.withOrg, ...Object.values(list)].filter(Boolean);
  for (const c of arr) {
    const id = c.internalId ?? c.internal_id ?? c.id;
    if (typeof id === "string" && typeof c.name === "string") return { id, name: c.name };
  }
  throw new Error(`no seeded customer with an id and a name in the fake's SEED export: ${JSON.stringify(seed)?.slice(0, 300)}`);
}

// ---------------------------------------------------------------------------------------------
// main

function pack() {
  if (!fs.existsSync(path.join(PKG, "package.json"))) throw new Error("pkg/ is not built: run `node scripts/build-pkg.mjs` first");
  fs.mkdirSync(WORK, { recursive: true });
  for (const f of fs.readdirSync(WORK)) if (f.endsWith(".tgz")) fs.rmSync(path.join(WORK, f));
  const r = spawnSync("npm", ["pack", PKG, "--pack-destination", WORK, "--json", "--loglevel=error"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npm pack failed: ${r.stderr || r.stdout}`);
  const [info] = JSON.parse(r.stdout);
  return { tarball: path.join(WORK, info.filename), info };
}

/** A step's context: its dir, and clean-ups that run when it ends — or at once, when the step
 *  already ended (timed out) while its code was still running. */
function makeCtx(runtime) {
  const deferred = [];
  const ctx = {
    runtime,
    dir: path.join(WORK, runtime),
    done: false,
    defer(fn) {
      if (ctx.done) Promise.resolve().then(fn).catch(() => {});
      else deferred.push(fn);
    },
    async finish() {
      ctx.done = true;
      for (const fn of deferred.splice(0).reverse()) {
        try {
          await fn();
        } catch {}
      }
    },
  };
  return ctx;
}

async function withTimeout(ms, fn) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s`)), ms);
  });
  const work = fn();
  work.catch(() => {}); // a late failure after a timeout is not an unhandled rejection
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((r) => !RUNTIMES.includes(r));
  if (unknown.length) {
    console.error(`unknown runtime(s) ${unknown.join(", ")}; choose from ${RUNTIMES.join(", ")}`);
    process.exit(2);
  }
  const runtimes = wanted.length ? RUNTIMES.filter((r) => wanted.includes(r)) : RUNTIMES;
  const bundlers = (...a) => import("./bundlers.mjs").then((m) => m.bundlersStep(...a));
  const impl = { node: runNode, workerd: runWorkerd, deno: runDeno, browser: runBrowser, bundlers };
  let passed = 0;
  let failed = 0;
  const t0 = performance.now();

  let tarball;
  let fake;
  try {
    const packed = pack();
    tarball = packed.tarball;
    console.log(`# packed ${packed.info.filename}: ${packed.info.files.length} files, ${(packed.info.size / 1024).toFixed(1)} KiB`);
    fake = await startFakeService();
  } catch (e) {
    for (const r of runtimes) console.log(`FAIL ${r}: setup: ${e.message}`);
    console.log(`0 passed, ${runtimes.length} failed`);
    return 1;
  }

  try {
    for (const runtime of runtimes) {
      const t = performance.now();
      const ctx = makeCtx(runtime);
      try {
        await fake.reset();
        const detail = await withTimeout(STEP_TIMEOUT_MS, async () => {
          const result = await impl[runtime](ctx, tarball, fake);
          const checked = result.checked ?? checkSmoke(result, fake);
          const recorded = await checkRecorded(fake);
          return `${checked}, validation ok, ${recorded}${result.note ? `, ${result.note}` : ""}`;
        });
        console.log(`PASS ${runtime}: ${detail} (${Math.round(performance.now() - t)} ms)`);
        passed++;
      } catch (e) {
        console.log(`FAIL ${runtime}: ${String(e?.message ?? e).replace(/\s*\n\s*/g, " ")}`);
        failed++;
      } finally {
        await ctx.finish();
      }
    }
  } finally {
    await fake.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (process.env.PACKAGING_VERBOSE) console.log(`# total ${Math.round(performance.now() - t0)} ms`);
  return failed ? 1 : 0;
}

// Exit explicitly: a step that timed out may still hold handles; the exit handler kills every
// child process group that is still alive.
main().then(
  (code) => process.exit(code),
  (e) => {
    console.log(`FAIL packaging: ${e?.stack ?? e}`);
    console.log("0 passed, 1 failed");
    process.exit(1);
  },
);
