// Runs the Worker locally in workerd (the open-source Cloudflare Workers runtime), the way
// `wrangler dev` would: esbuild bundles src/index.js with the `workerd` export condition (so the
// package's workerd entry is picked), the package's .wasm stays a separate module, the portal's
// files are the Worker's static assets (a disk-directory service bound as ASSETS), and a
// generated workerd config wires the bindings and the two Durable Object namespaces
// (AccountLimiter, CustomerSync), stored on disk in dist/. Secrets reach the Worker through the environment
// (`fromEnvironment`): they are never written into the bundle or the config file.
//
// Used by scripts/demo.mjs and tests/examples/run.mjs:
//   const dist = await buildWorker();
//   const worker = await startWorker({ dist, port, tomticketUrl, token, secrets, vars, replicas });
//   ... worker.url, worker.urls ...
//   await worker.close();
//
// `replicas: N` starts N more Worker services running the same script, each with its own isolate
// and port, all bound to the Durable Object namespaces of the first ("main") — what Cloudflare
// does when one Worker runs in many isolates.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildPortal } from "../portal/build.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const BIN = path.join(ROOT, "tools", "node_modules", ".bin");
export const ESBUILD = process.env.ESBUILD_BINARY || path.join(BIN, "esbuild");
export const WORKERD = process.env.WORKERD_BINARY || path.join(BIN, "workerd");
const DIST = path.join(HERE, "dist");

/** The secrets, by binding name. Passed through the environment only. */
export const SECRET_NAMES = ["TOMTICKET_TOKEN", "SESSION_SECRET", "PIPERUN_WEBHOOK_KEY", "TOMTICKET_WEBHOOK_SECRET", "DEMO_USERS"];
/** Plain-text variables (wrangler.toml [vars]). */
export const VAR_NAMES = ["TOMTICKET_BASE_URL", "RATE_LIMIT_RPS", "MAX_UPLOAD_BYTES", "ALLOW_UNSIGNED_WEBHOOKS"];

function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...opts });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} exited ${code}: ${out.trim()}`))));
  });
}

/** Bundles the Worker into dist/worker and the portal into dist/portal. */
export async function buildWorker({ outDir = DIST } = {}) {
  const pkg = path.join(HERE, "..", "node_modules", "tomticket-wasm", "package.json");
  if (!fs.existsSync(pkg)) {
    throw new Error("www-example/node_modules/tomticket-wasm is missing: run `npm install` in www-example (after `node scripts/build-pkg.mjs`)");
  }
  const workerDir = path.join(outDir, "worker");
  fs.rmSync(workerDir, { recursive: true, force: true });
  await run(ESBUILD, [
    path.join(HERE, "src", "index.js"),
    "--bundle",
    "--format=esm",
    "--platform=neutral",
    // what wrangler passes: the package's exports map picks index.workerd.js
    "--conditions=workerd,worker,browser",
    // the runtime's own modules (DurableObject base class)
    "--external:cloudflare:*",
    // the .wasm is emitted next to the bundle and imported as a compiled WebAssembly.Module
    "--loader:.wasm=copy",
    `--outdir=${workerDir}`,
    "--entry-names=worker",
    "--log-level=warning",
  ], { cwd: HERE });
  const files = fs.readdirSync(workerDir);
  const wasm = files.filter((f) => f.endsWith(".wasm"));
  if (wasm.length !== 1) throw new Error(`esbuild emitted ${wasm.length} .wasm files (expected 1)`);
  const bundle = fs.readFileSync(path.join(workerDir, "worker.js"), "utf8");
  if (!bundle.includes("initSync")) throw new Error("the bundle does not contain the package's workerd entry");
  const portal = buildPortal({ outDir: path.join(outDir, "portal") });
  return { dir: workerDir, script: "worker.js", wasm: wasm[0], assets: portal.dir, root: outDir };
}

const capnpString = (s) => JSON.stringify(String(s));

/** The workerd config. No secret in it: secrets come from the process environment. */
export function workerdConfig({ dist, ports, host = "127.0.0.1", vars = {}, storageDir }) {
  const services = ports.map((_, i) => (i === 0 ? "main" : `replica${i}`));
  // `embed` paths are relative to the config file, which is written in dist.root
  const rel = (f) => path.relative(dist.root ?? dist.dir, path.join(dist.dir, f));
  const worker = (i) => {
    const own = i === 0;
    const bindings = SECRET_NAMES.map((n) => `(name = "${n}", fromEnvironment = "${n}")`);
    for (const n of VAR_NAMES) if (vars[n] !== undefined && vars[n] !== null) bindings.push(`(name = "${n}", text = ${capnpString(vars[n])})`);
    bindings.push(`(name = "ASSETS", service = "assets")`);
    for (const [name, className] of [["LIMITER", "AccountLimiter"], ["CUSTOMERS", "CustomerSync"]]) {
      bindings.push(own
        ? `(name = "${name}", durableObjectNamespace = "${className}")`
        : `(name = "${name}", durableObjectNamespace = (className = "${className}", serviceName = "main"))`);
    }
    return `const worker${i} :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed ${capnpString(rel(dist.script))}),
    (name = ${capnpString(dist.wasm)}, wasm = embed ${capnpString(rel(dist.wasm))}),
  ],
  bindings = [
    ${bindings.join(",\n    ")},
  ],
  compatibilityDate = "2025-06-01",
  globalOutbound = "internet",${own ? `
  durableObjectNamespaces = [
    (className = "AccountLimiter", uniqueKey = "tomticket-example-account-limiter", enableSql = true),
    (className = "CustomerSync", uniqueKey = "tomticket-example-customer-sync", enableSql = true),
  ],
  durableObjectStorage = ${storageDir ? `(localDisk = "do-storage")` : "(inMemory = void)"},` : ""}
);`;
  };
  return `# Generated by www-example/worker/local.mjs — the local equivalent of wrangler.toml.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
${services.map((s, i) => `    (name = "${s}", worker = .worker${i}),`).join("\n")}
    # the portal's files (wrangler.toml: [assets])
    (name = "assets", disk = (path = ${capnpString(dist.assets)}, writable = false)),
${storageDir ? `    # the Durable Objects' SQLite files (in memory they would be lost whenever an object is evicted)
    (name = "do-storage", disk = (path = ${capnpString(storageDir)}, writable = true)),
` : ""}    # lets the Worker's fetch reach 127.0.0.1 (the local fake TomTicket)
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [
${services.map((s, i) => `    (name = "http${i}", address = ${capnpString(`${host}:${ports[i]}`)}, http = (), service = "${s}"),`).join("\n")}
  ],
);

${ports.map((_, i) => worker(i)).join("\n\n")}
`;
}

/**
 * Starts workerd serving the Worker on `port` (and `ports` for replicas). Resolves once every
 * service answers GET /health. `close()` kills it (its own process group).
 *
 * @param {object} o
 * @param {string} [o.token]        TOMTICKET_TOKEN
 * @param {object} [o.secrets]      SESSION_SECRET, PIPERUN_WEBHOOK_KEY, TOMTICKET_WEBHOOK_SECRET, DEMO_USERS
 * @param {object} [o.vars]         RATE_LIMIT_RPS, MAX_UPLOAD_BYTES, ALLOW_UNSIGNED_WEBHOOKS
 * @param {number[]} [o.replicaPorts] one more Worker service per port
 */
export async function startWorker({ dist, port, replicaPorts = [], host = "127.0.0.1", tomticketUrl, token, secrets = {}, vars = {}, logFile, timeoutMs = 20_000 }) {
  if (!port) throw new Error("startWorker: a port is required");
  const ports = [port, ...replicaPorts];
  // one config file per instance: several may run at once (tests start a second, "closed" one)
  const configFile = path.join(dist.root ?? dist.dir, `config-${port}.capnp`);
  // Durable Object storage on disk, fresh for every start (what `wrangler dev` keeps in .wrangler/)
  const storageDir = path.join(dist.root ?? dist.dir, `do-storage-${port}`);
  fs.rmSync(storageDir, { recursive: true, force: true });
  fs.mkdirSync(storageDir, { recursive: true });
  fs.writeFileSync(configFile, workerdConfig({ dist, ports, host, storageDir, vars: { ...vars, ...(tomticketUrl ? { TOMTICKET_BASE_URL: tomticketUrl } : {}) } }));
  const log = logFile ? fs.openSync(logFile, "w") : "ignore";
  const env = { ...process.env };
  for (const n of SECRET_NAMES) delete env[n];
  if (token) env.TOMTICKET_TOKEN = token;
  for (const [k, v] of Object.entries(secrets)) if (SECRET_NAMES.includes(k) && v !== undefined && v !== null) env[k] = String(v);
  const child = spawn(WORKERD, ["serve", configFile], { cwd: dist.root ?? dist.dir, env, stdio: ["ignore", log, log], detached: true });
  if (typeof log === "number") fs.closeSync(log);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on("exit", (code, signal) => resolve((exited = { code, signal })));
    child.on("error", (error) => resolve((exited = { code: -1, error })));
  });
  const kill = (sig = "SIGTERM") => {
    if (exited || child.exitCode !== null) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      try { child.kill(sig); } catch {}
    }
  };
  const urls = ports.map((p) => `http://${host}:${p}`);
  const worker = {
    url: urls[0],
    urls,
    pid: child.pid,
    exited: exitPromise,
    async close() {
      kill("SIGTERM");
      const t = setTimeout(() => kill("SIGKILL"), 2000);
      await exitPromise;
      clearTimeout(t);
      fs.rmSync(configFile, { force: true });
      fs.rmSync(storageDir, { recursive: true, force: true });
    },
    killSync() {
      kill("SIGKILL");
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (const url of urls) {
    for (;;) {
      if (exited) {
        const tail = logFile && fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").trim().split("\n").slice(-8).join(" | ") : "";
        throw new Error(`workerd exited (${exited.code ?? exited.signal}${exited.error ? `: ${exited.error.message}` : ""}) ${tail}`);
      }
      const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) {
        await worker.close();
        throw new Error(`workerd did not answer on ${url} within ${timeoutMs / 1000} s`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return worker;
}
