#!/usr/bin/env node
// `make demo` (after `node scripts/build-pkg.mjs`): everything a newcomer needs to try the
// package by hand, on this machine, with no TomTicket account:
//
//   fake TomTicket   tests/fake/tomticket-fake.mjs — seeded customers and tickets
//   the Worker       www-example/worker, bundled by esbuild and run in workerd (the Cloudflare
//                    Workers runtime), the API token given as a binding from the environment
//   the portal       www-example/portal, a static page using the package's wasm in the browser
//   the quickstart   www-example/quickstart.mjs, run once against the fake (Node)
//
// Prints the URLs and what to try, then stays up until Ctrl-C, which stops everything it started.
//
// Env: PORTAL_PORT (8080), WORKER_PORT (8787), FAKE_PORT (8790) — a busy port falls back to a
// free one; DEMO_HOST (127.0.0.1); DEMO_RPS (3, TomTicket's limit).
// DEMO_SMOKE=1: start everything, run the quickstart, fetch the portal and call the Worker once,
// then exit (0 when all of it worked) — for CI.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startFake, SEED } from "../tests/fake/tomticket-fake.mjs";
import { buildWorker, startWorker } from "../www-example/worker/local.mjs";
import { servePortal } from "../www-example/portal/serve.mjs";
import { freePort } from "../tests/support/net.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const EX = path.join(ROOT, "www-example");
const SMOKE = process.env.DEMO_SMOKE === "1";
const HOST = process.env.DEMO_HOST || "127.0.0.1";
// The demo's token. It exists only in this process, the fake and the Worker's environment.
const TOKEN = "demo-token";
const t0 = performance.now();
const secs = () => ((performance.now() - t0) / 1000).toFixed(1);
const say = (msg) => console.log(`[demo] ${msg}`);

const cleanups = [];
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch {}
  }
  process.exit(code);
}
process.on("SIGINT", () => {
  console.log("");
  say("stopping…");
  stop(0);
});
process.on("SIGTERM", () => stop(0));

function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, HOST, () => s.close(() => resolve(true)));
  });
}
async function pickPort(envName, preferred) {
  const wanted = Number(process.env[envName] || preferred);
  if (await portFree(wanted)) return wanted;
  const other = await freePort(HOST);
  say(`port ${wanted} is busy: using ${other} (set ${envName} to choose)`);
  return other;
}

async function main() {
  // 1. The examples consume the built package like a user: "tomticket-wasm": "file:../pkg".
  if (!fs.existsSync(path.join(ROOT, "pkg", "package.json"))) {
    throw new Error("pkg/ is not built: run `node scripts/build-pkg.mjs` first (or `make demo`)");
  }
  const linked = path.join(EX, "node_modules", "tomticket-wasm", "package.json");
  if (!fs.existsSync(linked)) {
    say("npm install in www-example (links ../pkg)");
    const npm = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: EX, stdio: "inherit" });
    if (npm.status !== 0) throw new Error(`npm install failed (${npm.status})`);
  }

  // 2. Build the Worker and start the three services.
  const dist = await buildWorker();
  const [fakePort, workerPort, portalPort] = [
    await pickPort("FAKE_PORT", 8790),
    await pickPort("WORKER_PORT", 8787),
    await pickPort("PORTAL_PORT", 8080),
  ];
  const fake = await startFake({ port: fakePort, host: HOST, token: TOKEN, rps: Number(process.env.DEMO_RPS ?? 3) });
  cleanups.push(() => fake.close());
  const portalOrigin = `http://${HOST}:${portalPort}`;
  const logFile = path.join(dist.dir, "workerd.log");
  const worker = await startWorker({ dist, port: workerPort, host: HOST, tomticketUrl: fake.url, token: TOKEN, portalOrigin, logFile });
  cleanups.push(() => worker.close());
  process.on("exit", () => worker.killSync());
  worker.exited.then((x) => {
    if (stopping) return;
    console.error(`[demo] workerd stopped unexpectedly (${x.code ?? x.signal}); log: ${path.relative(ROOT, logFile)}`);
    stop(1);
  });
  const t = SEED.tickets;
  const portal = await servePortal({
    port: portalPort,
    host: HOST,
    config: {
      apiBase: `${worker.url}/api`,
      examples: {
        tickets: [
          { id: t.rich, label: `#${SEED.ticketProtocols?.rich ?? "4821"} full ticket` },
          { id: t.minimal, label: "minimal" },
          { id: t.child, label: "escalated child" },
          { id: "ffffffffffffffffffffffffffffffff", label: "missing" },
        ],
      },
    },
  });
  cleanups.push(() => portal.close());
  const readyAt = secs();

  // 3. The quickstart (Node, straight to the fake).
  say("running www-example/quickstart.mjs against the fake TomTicket:");
  const quick = spawn(process.execPath, [path.join(EX, "quickstart.mjs")], {
    cwd: EX,
    stdio: "inherit",
    env: { ...process.env, TOMTICKET_BASE_URL: fake.url, TOMTICKET_TOKEN: TOKEN, DEMO_TICKET_ID: t.rich },
  });
  const quickCode = await new Promise((r) => quick.on("exit", (code) => r(code)));
  if (quickCode !== 0) say(`quickstart exited with ${quickCode}`);

  const example = path.relative(process.cwd(), path.join(EX, "worker", "examples", "piperun-talk.json"));
  console.log(`
┌─ tomticket-wasm demo ─ services up in ${readyAt} s ───────────────────────────────
│ Portal          ${portal.url}
│ Worker          ${worker.url}   (POST /webhooks/piperun, GET|POST /api/…)
│ Fake TomTicket  ${fake.url}   (seeded data; faults: POST /__control/fault)
│
│ Try: open the portal, type a 251-character name, create a customer and find it,
│      open the "#4821 full ticket" example — then sync a PipeRun customer:
│      curl -s -X POST --data @${example} ${worker.url}/webhooks/piperun
│ Ctrl-C stops everything.
└──────────────────────────────────────────────────────────────────────────────────`);

  if (!SMOKE) return; // stay up until Ctrl-C

  // 4. DEMO_SMOKE=1: prove each piece answers, then exit.
  const checks = [];
  const check = async (name, fn) => {
    try {
      const detail = await fn();
      checks.push(true);
      say(`ok   ${name}${detail ? ` — ${detail}` : ""}`);
    } catch (e) {
      checks.push(false);
      say(`FAIL ${name}: ${e.message}`);
    }
  };
  await check("quickstart", async () => {
    if (quickCode !== 0) throw new Error(`exit ${quickCode}`);
  });
  await check("portal page", async () => {
    const res = await fetch(portal.url);
    const html = await res.text();
    if (!res.ok || !html.includes("Customer portal")) throw new Error(`HTTP ${res.status}`);
    const entry = await fetch(`${portal.url}/node_modules/tomticket-wasm/index.browser.js`);
    if (!entry.ok) throw new Error(`package entry: HTTP ${entry.status}`);
    return "index.html and the package's browser entry served";
  });
  await check("Worker webhook", async () => {
    const res = await fetch(`${worker.url}/webhooks/piperun`, { method: "POST", body: fs.readFileSync(path.join(EX, "worker", "examples", "piperun-talk.json")) });
    const body = await res.json();
    if (res.status !== 200 || !body.ok) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    return `customer ${body.action}`;
  });
  await check("Worker /api proxy", async () => {
    // the fake enforces TomTicket's 3 req/s and the proxy passes a 429 on (the browser's client
    // waits and retries): do the same here
    let res;
    for (let attempt = 0; ; attempt++) {
      res = await fetch(`${worker.url}/api/chamado/-/${t.rich}?show_staggered_tickets=1`, { headers: { origin: portalOrigin } });
      if (res.status !== 429 || attempt === 3) break;
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, 1100));
    }
    const text = await res.text();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
    if (text.includes(TOKEN)) throw new Error("the token appears in the answer");
    if (res.headers.get("access-control-allow-origin") !== portalOrigin) throw new Error("no CORS header for the portal");
    return "ticket read through the proxy";
  });
  const ok = checks.every(Boolean);
  say(`smoke ${ok ? "passed" : "FAILED"} in ${secs()} s`);
  await stop(ok ? 0 : 1);
}

main().catch(async (e) => {
  console.error(`[demo] ${e.message}`);
  await stop(1);
});
