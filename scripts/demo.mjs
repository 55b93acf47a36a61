#!/usr/bin/env node
// `make demo` (after `node scripts/build-pkg.mjs`): everything a newcomer needs to try the
// package by hand, on this machine, with no TomTicket account:
//
//   fake TomTicket   tests/fake/tomticket-fake.mjs — seeded customers and tickets
//   the Worker       www-example/worker, bundled by esbuild and run in workerd (the Cloudflare
//                    Workers runtime) with its two Durable Objects; it also serves the customer
//                    portal (www-example/portal) as its static assets
//   the quickstart   www-example/quickstart.mjs, run once against the fake (Node)
//
// Prints the URLs, the demo sign-ins and what to try, then stays up until Ctrl-C, which stops
// everything it started.
//
// Env: WORKER_PORT (8787), FAKE_PORT (8790) — a busy port falls back to a free one; DEMO_HOST
// (127.0.0.1); DEMO_RPS (3, TomTicket's limit).
// DEMO_SMOKE=1: start everything, run the quickstart, sign in and call each route once, then
// exit (0 when all of it worked) — for CI.
import { spawn, spawnSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startFake, SEED } from "../tests/fake/tomticket-fake.mjs";
import { buildWorker, startWorker } from "../www-example/worker/local.mjs";
import { freePort } from "../tests/support/net.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const EX = path.join(ROOT, "www-example");
const SMOKE = process.env.DEMO_SMOKE === "1";
const HOST = process.env.DEMO_HOST || "127.0.0.1";
// The demo's secrets. They exist only in this process, the fake and the Worker's environment.
const TOKEN = "demo-token";
const SESSION_SECRET = randomBytes(32).toString("base64url");
const WEBHOOK_SECRET = "demo-tomticket-webhook-secret";
const MARIA = { email: SEED.demo?.email ?? SEED.customers.withOrg.email, password: "maria" };
const JOAO = { email: SEED.customers.noOrg.email, password: "joao" };
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

/** TomTicket's webhook signature: sha1= + hex HMAC-SHA1(secret, base64(raw body)). */
const sign = (raw) => `sha1=${createHmac("sha1", WEBHOOK_SECRET).update(Buffer.from(raw).toString("base64")).digest("hex")}`;

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

  // 2. Build the Worker (and the portal's assets) and start the services.
  const dist = await buildWorker();
  const [fakePort, workerPort] = [await pickPort("FAKE_PORT", 8790), await pickPort("WORKER_PORT", 8787)];
  const fake = await startFake({ port: fakePort, host: HOST, token: TOKEN, rps: Number(process.env.DEMO_RPS ?? 3) });
  cleanups.push(() => fake.close());
  const logFile = path.join(dist.root, "workerd.log");
  console.log(`
[demo] ⚠⚠⚠ ALLOW_UNSIGNED_WEBHOOKS=1: this demo's /webhooks/piperun accepts calls WITHOUT a key.
[demo]     Development only. A deployed Worker keeps it unset and has the PIPERUN_WEBHOOK_KEY secret.
`);
  const worker = await startWorker({
    dist,
    port: workerPort,
    host: HOST,
    tomticketUrl: fake.url,
    token: TOKEN,
    secrets: {
      SESSION_SECRET,
      TOMTICKET_WEBHOOK_SECRET: WEBHOOK_SECRET,
      DEMO_USERS: JSON.stringify({ [MARIA.email]: MARIA.password, [JOAO.email]: JOAO.password }),
    },
    vars: { ALLOW_UNSIGNED_WEBHOOKS: "1", RATE_LIMIT_RPS: String(process.env.DEMO_RPS ?? 3) },
    logFile,
  });
  cleanups.push(() => worker.close());
  process.on("exit", () => worker.killSync());
  worker.exited.then((x) => {
    if (stopping) return;
    console.error(`[demo] workerd stopped unexpectedly (${x.code ?? x.signal}); log: ${path.relative(ROOT, logFile)}`);
    stop(1);
  });
  const readyAt = secs();

  // A TomTicket event for Maria's ticket, signed like TomTicket signs it: the portal shows it
  // under "Recent updates".
  const eventBody = JSON.stringify({ type: "ticket", id: SEED.v2Tickets?.withOperator ?? SEED.tickets.rich, action: "updated" });
  await fetch(`${worker.url}/webhooks/tomticket`, { method: "POST", headers: { "content-type": "application/json", "x-hub-signature": sign(eventBody) }, body: eventBody })
    .then((r) => r.arrayBuffer())
    .catch(() => {});

  // 3. The quickstart (Node, straight to the fake).
  say("running www-example/quickstart.mjs against the fake TomTicket:");
  const quick = spawn(process.execPath, [path.join(EX, "quickstart.mjs")], {
    cwd: EX,
    stdio: "inherit",
    env: { ...process.env, TOMTICKET_BASE_URL: fake.url, TOMTICKET_TOKEN: TOKEN, DEMO_TICKET_ID: SEED.tickets.rich },
  });
  const quickCode = await new Promise((r) => quick.on("exit", (code) => r(code)));
  if (quickCode !== 0) say(`quickstart exited with ${quickCode}`);

  const example = path.relative(process.cwd(), path.join(EX, "worker", "examples", "piperun-talk.json"));
  console.log(`
┌─ tomticket-wasm demo ─ services up in ${readyAt} s ───────────────────────────────
│ Portal + Worker  ${worker.url}   (portal, /session, /api/…, /webhooks/…)
│ Fake TomTicket   ${fake.url}   (seeded data; faults: POST /__control/fault)
│
│ Sign in as ${MARIA.email} / ${MARIA.password}  (${SEED.demo?.tickets ?? "60+"} tickets: two pages)
│         or ${JOAO.email} / ${JOAO.password}
│ Try: page through "My tickets", open one and reply, open a new ticket with an
│      attachment (type a 251-character subject first) — then sync a PipeRun customer:
│      curl -s -X POST --data @${example} ${worker.url}/webhooks/piperun
│ and send a signed TomTicket event (the portal shows it under "Recent updates"):
│      curl -s -X POST -H 'X-Hub-Signature: ${sign(eventBody)}' \\
│           --data '${eventBody}' ${worker.url}/webhooks/tomticket
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
  await check("portal page (served by the Worker)", async () => {
    const res = await fetch(worker.url);
    const html = await res.text();
    if (!res.ok || !html.includes("Customer portal")) throw new Error(`HTTP ${res.status}`);
    if (!res.headers.get("content-security-policy")) throw new Error("no CSP");
    const entry = await fetch(`${worker.url}/vendor/tomticket-wasm/index.browser.js`);
    if (!entry.ok) throw new Error(`package entry: HTTP ${entry.status}`);
    return "index.html (with its CSP) and the package's browser entry served";
  });
  let session = null;
  await check("sign in and list my tickets", async () => {
    const res = await fetch(`${worker.url}/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(MARIA) });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`POST /session: HTTP ${res.status}: ${text.slice(0, 200)}`);
    session = /tt_session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0];
    if (!session) throw new Error("no session cookie");
    const list = await fetch(`${worker.url}/api/tickets?page=1`, { headers: { cookie: session } });
    const body = await list.json();
    if (list.status !== 200 || !body.items?.length) throw new Error(`GET /api/tickets: HTTP ${list.status}: ${JSON.stringify(body).slice(0, 200)}`);
    if (JSON.stringify(body).includes(TOKEN)) throw new Error("the token appears in the answer");
    return `${body.items.length} tickets on page 1 of ${body.pages}`;
  });
  await check("the signed TomTicket event reached Maria's events", async () => {
    const res = await fetch(`${worker.url}/api/events`, { headers: { cookie: session ?? "" } });
    const body = await res.json();
    if (res.status !== 200 || !body.events?.length) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body).slice(0, 200)}`);
    return `${body.events.length} event(s)`;
  });
  await check("PipeRun webhook (unsigned: ALLOW_UNSIGNED_WEBHOOKS=1)", async () => {
    const res = await fetch(`${worker.url}/webhooks/piperun`, { method: "POST", body: fs.readFileSync(path.join(EX, "worker", "examples", "piperun-talk.json")) });
    const body = await res.json();
    if (res.status !== 200 || !body.ok) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    return `customer ${body.action}`;
  });
  const ok = checks.every(Boolean);
  say(`smoke ${ok ? "passed" : "FAILED"} in ${secs()} s`);
  await stop(ok ? 0 : 1);
}

main().catch(async (e) => {
  console.error(`[demo] ${e.message}`);
  await stop(1);
});
