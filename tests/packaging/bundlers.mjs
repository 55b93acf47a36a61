#!/usr/bin/env node
// The bundlers check of the packaging tier (issue 15, item 9): one page that imports the package
// the way an app does (`import { validateNewCustomer, TomTicketClient } from "tomticket-wasm"`),
// bundled from the packed tarball (installed offline) by esbuild, Rollup, webpack 5 and Vite, each
// bundle opened in headless Chromium against the fake TomTicket.
//
//   node scripts/build-pkg.mjs && node tests/packaging/bundlers.mjs [case …]   standalone
//   node tests/packaging/run.mjs bundlers                                    a step of the tier
//
// Each bundler is used exactly as the package README tells its users to:
//   webpack, vite                 nothing to configure: the .wasm is emitted as an asset
//   esbuild, rollup               the one documented line: the `tomticket-wasm-inline` condition
//   *-inline-import               no configuration: the page imports "tomticket-wasm/inline"
//   *-no-line                     neither: the page must fail with an error that names the fix
//   bun, bun-*                    only when named, with BUN_BINARY=/path/to/bun (npm package bun;
//                                 not in tools/: a 100 MB binary)
// Every page must validate (one `tooLong` issue on `name`), read a customer from the fake with
// a TomTicketClient and get a typed 401 for a wrong token. Output: `PASS <case>: …` or
// `FAIL <case>: …` per case, then `N passed, M failed` (standalone). Logs and bundles:
// target/packaging/bundlers/.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const PKG = path.join(ROOT, "pkg");
const TOOLS = path.join(ROOT, "tools", "node_modules");
const FAKE_MODULE = path.join(ROOT, "tests", "fake", "tomticket-fake.mjs");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];
const TOKEN = "test-token";
const BAD_TOKEN = "wrong-token-0123456789";
const PAGE_TIMEOUT_MS = 20_000;

/** The export condition that picks the entry with the .wasm inside (pkg-template/README.md). */
export const INLINE_CONDITION = "tomticket-wasm-inline";

/** bundler, the specifier the page imports, and what the bundle must do. `line` is the one
 *  documented configuration line, shown in the PASS line. */
export const CASES = {
  esbuild: { bundler: "esbuild", spec: "tomticket-wasm", inlineCondition: true, line: `--conditions=${INLINE_CONDITION}` },
  rollup: { bundler: "rollup", spec: "tomticket-wasm", inlineCondition: true, line: `nodeResolve({ browser: true, exportConditions: ["${INLINE_CONDITION}"] })` },
  webpack: { bundler: "webpack", spec: "tomticket-wasm", wasmAsset: true, line: "nothing" },
  vite: { bundler: "vite", spec: "tomticket-wasm", wasmAsset: true, line: "nothing" },
  "esbuild-inline-import": { bundler: "esbuild", spec: "tomticket-wasm/inline", line: "nothing" },
  "rollup-inline-import": { bundler: "rollup", spec: "tomticket-wasm/inline", line: "nothing" },
  "esbuild-no-line": { bundler: "esbuild", spec: "tomticket-wasm", expectError: true },
  "rollup-no-line": { bundler: "rollup", spec: "tomticket-wasm", expectError: true },
  // bun is not in tools/ (a 100 MB binary): run only when named, with BUN_BINARY=/path/to/bun
  bun: { bundler: "bun", spec: "tomticket-wasm", inlineCondition: true, line: `--conditions=${INLINE_CONDITION}`, onlyWhenNamed: true },
  "bun-inline-import": { bundler: "bun", spec: "tomticket-wasm/inline", line: "nothing", onlyWhenNamed: true },
  "bun-no-line": { bundler: "bun", spec: "tomticket-wasm", expectError: true, onlyWhenNamed: true },
};
const DEFAULT_CASES = Object.keys(CASES).filter((name) => !CASES[name].onlyWhenNamed);

// ---------------------------------------------------------------------------------------------
// processes: each child in its own process group, killed with it if still alive at exit

const live = new Set();
process.on("exit", () => {
  for (const c of live) {
    try {
      process.kill(-c.pid, "SIGKILL");
    } catch {}
  }
});

function runProc(dir, logName, cmd, args, { cwd = dir, env } = {}) {
  const logFile = path.join(dir, `${logName}.log`);
  fs.writeFileSync(logFile, `$ ${cmd} ${args.join(" ")}\n`);
  const fd = fs.openSync(logFile, "a");
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", fd, fd], detached: true });
  fs.closeSync(fd);
  live.add(child);
  return new Promise((resolve, reject) => {
    const done = (code, error) => {
      live.delete(child);
      const out = fs.readFileSync(logFile, "utf8");
      if (code === 0) return resolve(out);
      const lines = out.trim().split("\n").filter((l) => l.trim());
      const errs = lines.filter((l) => /error/i.test(l));
      reject(new Error(`${logName} failed (${error?.message ?? `exit ${code}`}): ${(errs.length ? errs.slice(0, 4) : lines.slice(-4)).join(" | ")} [log: ${path.relative(ROOT, logFile)}]`));
    };
    child.on("exit", (code, signal) => done(code ?? signal));
    child.on("error", (e) => done(-1, e));
  });
}

// ---------------------------------------------------------------------------------------------
// the page and the bundlers

function pageSource(spec) {
  return `import { validateNewCustomer, TomTicketClient, isTomTicketError } from ${JSON.stringify(spec)};

const el = document.getElementById("result");
const config = JSON.parse(new URLSearchParams(location.search).get("config"));
const clientFor = (token) => new TomTicketClient({ token, baseUrl: config.fakeUrl, dangerouslyAllowTokenInBrowser: true });
const out = {};
try {
  out.validation = validateNewCustomer({ customerId: "x", name: "a".repeat(251) });
  const customer = await clientFor(config.token).getCustomer({ customerId: config.customerId });
  out.customer = customer?.name;
  try {
    await clientFor(config.badToken).getCustomer({ customerId: config.customerId });
    out.unauthorized = "resolved";
  } catch (e) {
    out.unauthorized = isTomTicketError(e) ? e.kind : String(e);
  }
} catch (e) {
  out.fatal = String(e?.message ?? e);
}
el.textContent = JSON.stringify(out);
el.dataset.state = "done";
`;
}

/** The page's HTML. A classic script reports an error that kills the module graph (a failed
 *  top-level await in the package's entry) into #result, so a broken bundle fails fast. */
function html(script, { module = true } = {}) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>tomticket-wasm bundler test</title>
<script>
  const report = (m) => {
    const el = document.getElementById("result");
    if (el && el.dataset.state !== "done") { el.textContent = JSON.stringify({ fatal: String(m) }); el.dataset.state = "done"; }
  };
  addEventListener("error", (e) => report(e.error?.message ?? e.message));
  addEventListener("unhandledrejection", (e) => report(e.reason?.message ?? e.reason));
</script></head>
<body><pre id="result" data-state="pending"></pre><script ${module ? 'type="module"' : "defer"} src="${script}"></script></body></html>
`;
}

/** Bundles `main-<case>.js` into out/<case>/ with the case's bundler; returns the output dir. */
async function bundle(proj, name, c) {
  const out = path.join(proj, "out", name);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const entry = `main-${name}.js`;
  const logs = path.join(proj, "logs");
  if (c.bundler === "esbuild") {
    await runProc(logs, name, path.join(TOOLS, ".bin", "esbuild"), [
      entry, "--bundle", "--format=esm", "--log-level=warning", `--outfile=${path.join(out, "main.js")}`,
      ...(c.inlineCondition ? [`--conditions=${INLINE_CONDITION}`] : []),
    ], { cwd: proj });
    fs.writeFileSync(path.join(out, "index.html"), html("./main.js"));
  } else if (c.bundler === "bun") {
    if (!process.env.BUN_BINARY) throw new Error("set BUN_BINARY to a bun executable (npm package bun)");
    await runProc(logs, name, process.env.BUN_BINARY, [
      "build", entry, "--target=browser", "--format=esm", `--outdir=${out}`, "--entry-naming=main.js",
      ...(c.inlineCondition ? [`--conditions=${INLINE_CONDITION}`] : []),
    ], { cwd: proj });
    fs.writeFileSync(path.join(out, "index.html"), html("./main.js"));
  } else if (c.bundler === "rollup") {
    const config = path.join(proj, `rollup-${name}.config.mjs`);
    const nodeResolve = pathToFileURL(path.join(TOOLS, "@rollup", "plugin-node-resolve", "dist", "es", "index.js")).href;
    const options = c.inlineCondition ? `{ browser: true, exportConditions: [${JSON.stringify(INLINE_CONDITION)}] }` : "{ browser: true }";
    fs.writeFileSync(config, `import { nodeResolve } from ${JSON.stringify(nodeResolve)};
export default {
  input: ${JSON.stringify(entry)},
  output: { dir: ${JSON.stringify(out)}, format: "es", entryFileNames: "main.js" },
  plugins: [nodeResolve(${options})],
};
`);
    await runProc(logs, name, process.execPath, [path.join(TOOLS, "rollup", "dist", "bin", "rollup"), "-c", config, "--silent"], { cwd: proj });
    fs.writeFileSync(path.join(out, "index.html"), html("./main.js"));
  } else if (c.bundler === "webpack") {
    // webpack's own defaults (no loader, no rule); the API instead of webpack-cli
    const script = path.join(proj, `webpack-${name}.mjs`);
    const webpack = pathToFileURL(path.join(TOOLS, "webpack", "lib", "index.js")).href;
    fs.writeFileSync(script, `import webpack from ${JSON.stringify(webpack)};
const stats = await new Promise((resolve, reject) => webpack({
  mode: "production",
  context: ${JSON.stringify(proj)},
  entry: "./${entry}",
  output: { path: ${JSON.stringify(out)}, filename: "main.js" },
}, (err, s) => (err ? reject(err) : resolve(s))));
console.log(stats.toString({ colors: false, modules: false }));
if (stats.hasErrors()) process.exit(1);
`);
    await runProc(logs, name, process.execPath, [script], { cwd: proj });
    fs.writeFileSync(path.join(out, "index.html"), html("./main.js", { module: false }));
  } else if (c.bundler === "vite") {
    fs.writeFileSync(path.join(proj, "index.html"), html(`./${entry}`));
    await runProc(logs, name, process.execPath, [
      path.join(TOOLS, "vite", "bin", "vite.js"), "build", "--logLevel", "warn", "--outDir", out, "--emptyOutDir",
    ], { cwd: proj });
  } else {
    throw new Error(`unknown bundler ${c.bundler}`);
  }
  return out;
}

/** What the bundler emitted: .wasm files and the JS total. */
function emitted(dir) {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.push({ name: path.relative(dir, p), size: fs.statSync(p).size });
    }
  };
  walk(dir);
  const js = files.filter((f) => f.name.endsWith(".js"));
  return { wasm: files.filter((f) => f.name.endsWith(".wasm")), jsBytes: js.reduce((a, f) => a + f.size, 0) };
}

function serveStatic(dir) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, "http://localhost");
    const file = path.join(dir, pathname === "/" ? "index.html" : decodeURIComponent(pathname));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      // Chromium keeps its connections open: close() alone would wait for them (~2 min)
      const close = () => new Promise((r) => {
        server.close(r);
        server.closeAllConnections();
      });
      resolve({ url: `http://127.0.0.1:${server.address().port}`, close });
    });
  });
}

async function openPage(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  try {
    await page.goto(url);
    try {
      await page.waitForSelector('#result[data-state="done"]', { timeout: PAGE_TIMEOUT_MS });
    } catch (e) {
      return { fatal: `the page never wrote a result (${errors.join(" | ") || e.message})` };
    }
    return JSON.parse(await page.textContent("#result"));
  } finally {
    await page.close().catch(() => {});
  }
}

/** Throws unless the page did what the case wants; returns a short detail. */
function check(name, c, r, out, fake) {
  const e = emitted(out);
  const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
  if (c.expectError) {
    if (!r.fatal) throw new Error(`without the line the page should fail to load the .wasm, but it ran: ${JSON.stringify(r)}`);
    for (const hint of ["tomticket-wasm/inline", INLINE_CONDITION]) {
      if (!r.fatal.includes(hint)) throw new Error(`the error does not name the fix (${hint}): ${r.fatal}`);
    }
    return `fails as it should, naming the fix: "${r.fatal.slice(0, 90)}…"`;
  }
  if (r.fatal) throw new Error(`the page failed: ${r.fatal}`);
  const p = [];
  const v = r.validation;
  if (!(Array.isArray(v) && v.length === 1 && v[0]?.field === "name" && v[0]?.code === "tooLong")) p.push(`validation: ${JSON.stringify(v)}`);
  if (r.customer !== fake.customer.name) p.push(`getCustomer: want ${JSON.stringify(fake.customer.name)}, got ${JSON.stringify(r.customer)}`);
  if (r.unauthorized !== "unauthorized") p.push(`wrong token: want kind "unauthorized", got ${JSON.stringify(r.unauthorized)}`);
  if (c.wasmAsset) {
    // the .wasm is a separate asset, and the JS does not carry a second copy of it
    if (e.wasm.length !== 1) p.push(`emitted ${e.wasm.length} .wasm files, want 1`);
    if (e.jsBytes > 200 * 1024) p.push(`${kib(e.jsBytes)} of JS: the .wasm is inlined where it should be an asset`);
  }
  if (p.length) throw new Error(p.join("; "));
  const how = e.wasm.length ? `.wasm asset ${kib(e.wasm[0].size)}, JS ${kib(e.jsBytes)}` : `.wasm inside the JS, JS ${kib(e.jsBytes)}`;
  return `validation ok, customer ${JSON.stringify(r.customer)}, 401 → "${r.unauthorized}" (${how}; line: ${c.line})`;
}

// ---------------------------------------------------------------------------------------------

/** Runs the cases against `tarball` and `fake` ({ url, customer: { id, name } }); never throws for
 *  a failing case: returns [{ name, ok, detail, ms }]. */
export async function runBundlers({ tarball, fake, dir = path.join(ROOT, "target", "packaging", "bundlers"), cases = DEFAULT_CASES, log = () => {} }) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "logs"), { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({
    name: "packaging-test-bundlers", private: true, type: "module",
    dependencies: { "tomticket-wasm": `file:${path.relative(dir, tarball)}` },
  }, null, 2)}\n`);
  await runProc(path.join(dir, "logs"), "npm-install", "npm", ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"], { cwd: dir });

  const { chromium } = await import(pathToFileURL(path.join(TOOLS, "playwright-core", "index.mjs")).href);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tomticket-bundlers-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const config = encodeURIComponent(JSON.stringify({ fakeUrl: fake.url, token: TOKEN, badToken: BAD_TOKEN, customerId: fake.customer.id }));
  const results = [];
  try {
    for (const name of cases) {
      const c = CASES[name];
      const t = performance.now();
      let server;
      try {
        if (!c) throw new Error(`unknown case; choose from ${Object.keys(CASES).join(", ")}`);
        fs.writeFileSync(path.join(dir, `main-${name}.js`), pageSource(c.spec));
        const out = await bundle(dir, name, c);
        server = await serveStatic(out);
        const r = await openPage(context, `${server.url}/?config=${config}`);
        const detail = check(name, c, r, out, fake);
        results.push({ name, ok: true, detail, ms: Math.round(performance.now() - t) });
      } catch (e) {
        results.push({ name, ok: false, detail: String(e?.message ?? e).replace(/\s*\n\s*/g, " "), ms: Math.round(performance.now() - t) });
      } finally {
        await server?.close();
      }
      log(results.at(-1));
    }
  } finally {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return results;
}

/** As a step of tests/packaging/run.mjs: throws when a case failed; `checked` is the detail. */
export async function bundlersStep(ctx, tarball, fake) {
  const results = await runBundlers({ tarball, fake, dir: ctx.dir });
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(failed.map((r) => `${r.name}: ${r.detail}`).join("; "));
  return { checked: results.map((r) => `${r.name} ok (${r.ms} ms)`).join(", ") };
}

export const line = (r) => `${r.ok ? "PASS" : "FAIL"} ${r.name}: ${r.detail} (${r.ms} ms)`;

async function main() {
  const t0 = performance.now();
  const cases = process.argv.slice(2);
  if (!fs.existsSync(path.join(PKG, "package.json"))) throw new Error("pkg/ is not built: run `node scripts/build-pkg.mjs` first");
  const work = path.join(ROOT, "target", "packaging");
  fs.mkdirSync(work, { recursive: true });
  const packDir = fs.mkdtempSync(path.join(work, "bundlers-pack-"));
  const fakeMod = await import(pathToFileURL(FAKE_MODULE).href);
  const server = await fakeMod.startFake({ port: 0, token: TOKEN, rps: 1000 });
  try {
    const r = spawnSync("npm", ["pack", PKG, "--pack-destination", packDir, "--json", "--loglevel=error"], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`npm pack failed: ${r.stderr || r.stdout}`);
    const tarball = path.join(packDir, JSON.parse(r.stdout)[0].filename);
    const c = fakeMod.SEED.customers.withOrg;
    const fake = { url: server.url, customer: { id: c.internalId ?? c.id, name: c.name } };
    const results = await runBundlers({ tarball, fake, cases: cases.length ? cases : undefined, log: (x) => console.log(line(x)) });
    const failed = results.filter((x) => !x.ok).length;
    console.log(`# bundlers: ${Math.round(performance.now() - t0)} ms`);
    console.log(`${results.length - failed} passed, ${failed} failed`);
    return failed ? 1 : 0;
  } finally {
    await server.close();
    fs.rmSync(packDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fs.realpathSync(path.resolve(process.argv[1])) === fs.realpathSync(fileURLToPath(import.meta.url))) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.log(`FAIL bundlers: ${e?.stack ?? e}`);
      console.log("0 passed, 1 failed");
      process.exit(1);
    },
  );
}
