#!/usr/bin/env node
// Tests of the examples (www-example/), as a user runs them:
//   - the Worker, bundled by esbuild and running in real workerd, against the fake TomTicket;
//   - the portal, served statically and driven in real Chromium (playwright-core, /usr/bin/chromium).
//
//   node scripts/build-pkg.mjs && node tests/examples/run.mjs [worker] [portal]
//
// Starts everything itself (fake on port 0, workerd on a free port, static server on port 0) and
// stops all of it, whatever happens. Prints `PASS <group>: <test>` / `FAIL …` per test and a final
// `N passed, M failed`; exit 1 on any failure. Screenshots: docs/screenshots/. Logs: target/examples/.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { freePort } from "../support/net.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const EX = path.join(ROOT, "www-example");
const LOGS = path.join(ROOT, "target", "examples");
const SHOTS = path.join(ROOT, "docs", "screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];
// A distinctive token, so that "it never appears in a response" means something.
const TOKEN = "tt-example-secret-7Hq2xZ";
const TEST_TIMEOUT_MS = Number(process.env.EXAMPLES_TEST_TIMEOUT_MS || 30_000);
const TOTAL_TIMEOUT_MS = Number(process.env.EXAMPLES_TOTAL_TIMEOUT_MS || 180_000);
const GROUPS = ["worker", "portal"];

const t0 = performance.now();
const cleanups = [];
let results = { passed: 0, failed: 0 };

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

/** Every Worker answer seen during the run (Node-side and browser-side), to check for the token. */
const workerBodies = [];

async function setup() {
  fs.mkdirSync(LOGS, { recursive: true });
  ensureExampleDeps();
  const { startFake, SEED } = await import(pathToFileURL(path.join(ROOT, "tests", "fake", "tomticket-fake.mjs")).href);
  const { buildWorker, startWorker } = await import(pathToFileURL(path.join(EX, "worker", "local.mjs")).href);
  const { servePortal } = await import(pathToFileURL(path.join(EX, "portal", "serve.mjs")).href);

  const fake = await startFake({ port: 0, token: TOKEN, rps: 3 });
  cleanups.push(() => fake.close());
  const portalPort = await freePort();
  const portalOrigin = `http://127.0.0.1:${portalPort}`;
  const dist = await buildWorker();
  const worker = await startWorker({
    dist, port: await freePort(), tomticketUrl: fake.url, token: TOKEN, portalOrigin, logFile: path.join(LOGS, "workerd.log"),
  });
  cleanups.push(() => worker.close());
  process.on("exit", () => worker.killSync());
  const portal = await servePortal({ port: portalPort, config: { apiBase: `${worker.url}/api` } });
  cleanups.push(() => portal.close());

  /** fetch against the Worker, recording the body text. */
  async function call(pathname, init = {}) {
    const res = await fetch(`${worker.url}${pathname}`, init);
    const text = await res.text();
    workerBodies.push({ where: `${init.method ?? "GET"} ${pathname}`, text });
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, headers: res.headers, text, json };
  }
  return { fake, worker, portal, portalOrigin, SEED, call };
}

// ---------------------------------------------------------------------------------------------
// the Worker in workerd

const EXAMPLE_CUSTOMER = path.join(EX, "worker", "examples", "piperun-customer.json");
const EXAMPLE_TALK = path.join(EX, "worker", "examples", "piperun-talk.json");

async function workerTests(env) {
  const { fake, call, SEED } = env;
  const G = "worker";
  const post = (body) => call("/webhooks/piperun", { method: "POST", headers: { "content-type": "application/json" }, body });
  const apiRequests = () => fake.requests.filter((r) => !r.path.startsWith("/__control"));
  let created = null;

  await test(G, "the PipeRun page's example payload creates the customer", async () => {
    fake.reset();
    const body = fs.readFileSync(EXAMPLE_TALK, "utf8");
    const res = await post(body);
    assert(res.status === 200, `HTTP ${res.status}: ${res.text.slice(0, 400)}`);
    assert(res.json?.ok === true && res.json.action === "created", `expected action "created": ${res.text.slice(0, 400)}`);
    created = res.json.customer;
    const stored = fake.store().customers.filter((c) => c.internal_id === created.customerId);
    assert(stored.length === 1, `the fake holds ${stored.length} customers with id ${created.customerId}`);
    const example = JSON.parse(fs.readFileSync(EXAMPLE_CUSTOMER, "utf8"));
    assert(stored[0].name === res.json.customer.name, `stored name ${stored[0].name} ≠ answered ${res.json.customer.name}`);
    assert(String(stored[0].name).length > 0 && [example.name, example.profile_info?.name].includes(stored[0].name), `stored name ${stored[0].name} is not the example's`);
    const creates = apiRequests().filter((r) => r.method === "POST" && r.path === "/v2.0/customer/new");
    assert(creates.length === 1, `${creates.length} customer/new requests`);
    return `created ${created.customerId} "${stored[0].name}" (${apiRequests().length} TomTicket requests)`;
  });

  await test(G, "the same payload again updates instead of duplicating", async () => {
    assert(created, "needs the previous test");
    const before = apiRequests().length;
    const res = await post(fs.readFileSync(EXAMPLE_TALK, "utf8"));
    assert(res.status === 200, `HTTP ${res.status}: ${res.text.slice(0, 400)}`);
    assert(res.json?.action === "updated", `expected action "updated": ${res.text.slice(0, 400)}`);
    const stored = fake.store().customers.filter((c) => c.internal_id === created.customerId);
    assert(stored.length === 1, `the fake holds ${stored.length} customers with id ${created.customerId}`);
    const after = apiRequests().slice(before);
    assert(!after.some((r) => r.path === "/v2.0/customer/new"), "a second customer/new was sent");
    const updates = after.filter((r) => r.method === "POST" && r.path.startsWith("/update_cliente/"));
    assert(updates.length === 1 && updates[0].status === 200, `update_cliente requests: ${JSON.stringify(updates.map((u) => u.status))}`);
    return `matched by ${res.json.matchedBy}; one customer in the fake`;
  });

  await test(G, "the bare customer object is accepted too", async () => {
    const res = await post(fs.readFileSync(EXAMPLE_CUSTOMER, "utf8"));
    assert(res.status === 200 && res.json?.action === "updated", `HTTP ${res.status}: ${res.text.slice(0, 300)}`);
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
      assert(err?.kind === "validation", `${label}: kind ${err?.kind}`);
      assert(Array.isArray(err.issues) && err.issues.length > 0, `${label}: no issues: ${res.text.slice(0, 300)}`);
      for (const i of err.issues) assert(typeof i.field === "string" && typeof i.code === "string" && i.message, `${label}: bad issue ${JSON.stringify(i)}`);
      seen.push(`${label}: ${err.issues.map((i) => `${i.field}/${i.code}`).join(", ")}`);
    }
    assert(apiRequests().length === before, "a bad payload reached TomTicket");
    return seen.join("; ");
  });

  await test(G, "a TomTicket failure gets 502 with the typed error kind", async () => {
    const out = [];
    fake.setFault({ kind: "status", status: 500, times: 0 });
    try {
      const res = await post(fs.readFileSync(EXAMPLE_TALK, "utf8"));
      assert(res.status === 502, `HTTP ${res.status}: ${res.text.slice(0, 300)}`);
      assert(res.json?.error?.kind === "server", `kind ${res.json?.error?.kind}`);
      out.push(`500 → ${res.json.error.kind}`);
    } finally {
      fake.clearFaults();
    }
    fake.setConfig({ token: "rotated-token" });
    try {
      const res = await post(fs.readFileSync(EXAMPLE_TALK, "utf8"));
      assert(res.status === 502 && res.json?.error?.kind === "unauthorized", `HTTP ${res.status}: ${res.text.slice(0, 300)}`);
      out.push(`401 → ${res.json.error.kind}`);
    } finally {
      fake.setConfig({ token: TOKEN });
    }
    fake.setFault({ kind: "drop", times: 0 });
    try {
      const res = await post(fs.readFileSync(EXAMPLE_TALK, "utf8"));
      assert(res.status === 502 && res.json?.error?.kind === "network", `HTTP ${res.status}: ${res.text.slice(0, 300)}`);
      out.push(`dropped connection → ${res.json.error.kind}`);
    } finally {
      fake.clearFaults();
    }
    return out.join(", ");
  });

  await test(G, "the /api proxy lets exactly three calls through and adds the token", async () => {
    fake.reset();
    const origin = env.portalOrigin;
    const ticket = await call(`/api/chamado/-/${SEED.tickets.rich}?show_staggered_tickets=1&stopwatch=1&extra=1`, { headers: { origin } });
    assert(ticket.status === 200 && ticket.json?.idchamado === SEED.tickets.rich, `ticket: HTTP ${ticket.status}`);
    assert(ticket.headers.get("access-control-allow-origin") === origin, "no CORS header for the portal origin");
    const customer = await call(`/api/v2.0/customer/details?customer_id=${SEED.customers.withOrg.id}&customer_type_id=I`);
    assert(customer.status === 200 && customer.json?.data?.name === SEED.customers.withOrg.name, `details: HTTP ${customer.status}`);
    const [tReq, cReq] = fake.requests.filter((r) => !r.path.startsWith("/__control"));
    assert(tReq.path === `/chamado/${encodeURIComponent(TOKEN)}/${SEED.tickets.rich}`, `upstream ticket path ${tReq.path.replace(TOKEN, "<token>")}`);
    assert(!("extra" in tReq.query), "an unlisted query parameter was forwarded");
    assert(cReq.headers.authorization === `Bearer ${TOKEN}`, "no bearer token upstream");
    const refused = [
      ["GET /api/v2.0/customer/list", await call("/api/v2.0/customer/list"), 404],
      ["POST /api/v2.0/customer/details", await call("/api/v2.0/customer/details", { method: "POST", body: "x" }), 405],
      ["GET /api/chamado/<real token>/<id>", await call(`/api/chamado/${TOKEN}/${SEED.tickets.rich}`), 404],
      ["GET /api/update_cliente/-/x/I", await call("/api/update_cliente/-/x/I"), 404],
      ["GET from another origin", await call(`/api/chamado/-/${SEED.tickets.rich}`, { headers: { origin: "https://evil.example" } }), 200],
    ];
    for (const [what, res, status] of refused) assert(res.status === status, `${what}: HTTP ${res.status}, expected ${status}`);
    assert(!refused[4][1].headers.get("access-control-allow-origin"), "CORS allowed for a foreign origin");
    assert(fake.requests.filter((r) => !r.path.startsWith("/__control")).length === 3, "a refused call reached TomTicket");
    return "ticket, customer details; list/update/raw-token paths refused; CORS only for the portal";
  });
}

// ---------------------------------------------------------------------------------------------
// the portal in Chromium

async function portalTests(env) {
  const G = "portal";
  const { fake, worker, portal, SEED } = env;
  const { chromium } = await import(pathToFileURL(path.join(ROOT, "tools", "node_modules", "playwright-core", "index.mjs")).href);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tt-examples-chromium-"));
  cleanups.push(async () => fs.rmSync(userDataDir, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  cleanups.push(() => context.close());
  fs.mkdirSync(SHOTS, { recursive: true });

  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("response", async (r) => {
    if (!r.url().startsWith(worker.url)) return;
    try {
      workerBodies.push({ where: `browser ${r.request().method()} ${r.url()}`, text: await r.text() });
    } catch {}
  });
  const open = async () => {
    await page.goto(portal.url);
    await page.waitForSelector('#status[data-state="ready"]', { timeout: 15_000 });
    assert(!pageErrors.length, `page errors: ${pageErrors.join(" | ")}`);
  };
  const nameField = '[data-error-for="name"]';

  await test(G, "an over-long name shows the limit error, and no request leaves", async () => {
    await open();
    const fakeBefore = fake.requests.length;
    const sent = requests.length;
    await page.fill("#f-customerId", "portal-long-name");
    await page.fill("#f-name", "é".repeat(251));
    const error = page.locator(`${nameField} .issue`);
    await error.first().waitFor({ timeout: 5000 });
    const text = await error.first().textContent();
    assert(/250/.test(text), `the name error does not mention the limit: "${text}"`);
    const limit = await error.first().getAttribute("data-limit");
    // submitting with problems sends nothing either
    await page.click("#create-button");
    await sleep(300);
    const leaked = requests.slice(sent);
    assert(leaked.length === 0, `requests left the page: ${leaked.join(", ")}`);
    assert(fake.requests.length === fakeBefore, "the fake TomTicket received a request");
    return `"${text.trim()}"${limit ? ` (limit ${limit})` : ""}`;
  });

  await test(G, "every field's error shows next to it, all at once (screenshot)", async () => {
    await page.fill("#f-customerId", "");
    await page.fill("#f-email", "maria@@example");
    await page.fill("#f-phone", "+55 (51) 99988-7766 ramal 12");
    await page.click("#create-button");
    const fields = await page.$$eval("[data-error-for] .issue", (els) => [...new Set(els.map((e) => e.closest("[data-error-for]").dataset.errorFor))]);
    for (const f of ["customerId", "name", "email", "phone"]) assert(fields.includes(f), `no error shown for ${f} (shown: ${fields.join(", ")})`);
    await page.locator("#new-customer").screenshot({ path: path.join(SHOTS, "portal-form-errors.png") });
    return `errors on ${fields.join(", ")}; docs/screenshots/portal-form-errors.png`;
  });

  await test(G, "a valid customer is created, then found", async () => {
    await open();
    const id = `portal-${Date.now()}`;
    const email = `${id}@example.com`;
    await page.fill("#f-customerId", id);
    await page.fill("#f-name", "Maria Portal");
    await page.fill("#f-email", email);
    await page.fill("#f-phone", "+55 51 99988-7766");
    await page.selectOption("#f-language", "pt_BR");
    const summary = await page.textContent("#form-summary");
    assert(/good/i.test(summary), `the form still reports problems: ${summary}`);
    await page.click("#create-button");
    await page.locator("#create-result .ok-box, #create-result .error-box").first().waitFor({ timeout: 15_000 });
    const err = await page.locator("#create-result .error-box").count();
    assert(!err, `create failed: ${await page.textContent("#create-result")}`);
    const stored = fake.store().customers.find((c) => c.internal_id === id);
    assert(stored && stored.email === email, "the fake does not hold the new customer");
    await page.click("#find-created");
    await page.locator("#lookup-result .customer, #lookup-result .error-box").first().waitFor({ timeout: 15_000 });
    const name = await page.locator("#lookup-result .customer-name").textContent().catch(() => null);
    assert(name === "Maria Portal", `lookup shows: ${await page.textContent("#lookup-result")}`);
    return `created and found ${id}`;
  });

  await test(G, "a ticket from the fake opens and its history renders (screenshot)", async () => {
    await page.fill("#ticket-id", SEED.tickets.rich);
    await page.click("#ticket-button");
    await page.locator("#ticket-result .ticket, #ticket-result .error-box").first().waitFor({ timeout: 15_000 });
    const ticket = page.locator("#ticket-result .ticket");
    assert(await ticket.count(), `no ticket: ${await page.textContent("#ticket-result")}`);
    const bubbles = await page.locator("#ticket-result .conversation .bubble").count();
    assert(bubbles >= 7, `only ${bubbles} messages in the conversation`);
    const fromAgent = await page.locator('#ticket-result .bubble[data-from="agent"]').count();
    const fromCustomer = await page.locator('#ticket-result .bubble[data-from="customer"]').count();
    assert(fromAgent > 0 && fromCustomer > 0, `agent ${fromAgent}, customer ${fromCustomer} messages`);
    const situation = await page.locator("#ticket-result .badge.situation").textContent();
    assert(situation === "Finished", `situation: ${situation}`);
    const priority = await page.locator("#ticket-result .badge.priority").getAttribute("data-priority");
    assert(["low", "normal", "high", "urgent"].includes(priority), `priority: ${priority}`);
    const sla = await page.$$eval("#ticket-result .badge.sla", (els) => els.map((e) => e.textContent));
    assert(sla.length === 2 && sla.every((s) => /Met|Missed|No SLA/.test(s)), `SLA: ${sla}`);
    const escalated = await page.locator("#ticket-result .escalated-ticket").count();
    assert(escalated === 2, `${escalated} escalated tickets`);
    const attachments = await page.locator("#ticket-result .attachment").count();
    assert(attachments > 0, "no attachments shown");
    const raw = await ticket.textContent();
    assert(!/\{"unknown"|\[object Object\]|undefined/.test(raw), "raw values leak into the view");
    await page.locator("#open-ticket").screenshot({ path: path.join(SHOTS, "portal-ticket.png") });
    // an escalated child opens from the list and links back to its parent
    await page.locator("#ticket-result .escalated-ticket button").first().click();
    await page.locator("#ticket-result .ticket .parent").waitFor({ timeout: 15_000 });
    return `${bubbles} messages (${fromCustomer} customer, ${fromAgent} agent), ${attachments} attachments, ${escalated} escalated; docs/screenshots/portal-ticket.png`;
  });

  await test(G, "the same ticket in the live API's shapes renders the same way", async () => {
    fake.setConfig({ deviations: true });
    try {
      await page.fill("#ticket-id", SEED.tickets.rich);
      await page.click("#ticket-button");
      await page.locator(`#ticket-result .ticket[data-ticket-id="${SEED.tickets.rich}"], #ticket-result .error-box`).first().waitFor({ timeout: 15_000 });
      const ticket = page.locator("#ticket-result .ticket");
      assert(await ticket.count(), `no ticket: ${await page.textContent("#ticket-result")}`);
      const bubbles = await page.locator("#ticket-result .conversation .bubble").count();
      const situation = await page.locator("#ticket-result .badge.situation").textContent();
      const opened = await page.locator("#ticket-result .facts dd").allTextContents();
      const raw = await ticket.textContent();
      assert(bubbles >= 7 && situation === "Finished", `${bubbles} messages, situation ${situation}`);
      assert(!/\{"unknown"|\[object Object\]|undefined|NaN/.test(raw), "raw values leak into the view");
      return `${bubbles} messages; dates ${opened.filter((d) => /\d{4}, \d{2}:\d{2}/.test(d)).length} shown`;
    } finally {
      fake.setConfig({ deviations: false });
    }
  });

  await test(G, "faults in the fake show human messages", async () => {
    const seen = [];
    const expectMessage = async (fault, ticketId, kind, title) => {
      fake.clearFaults();
      if (fault) fake.setFault(fault);
      await page.fill("#ticket-id", ticketId);
      await page.click("#ticket-button");
      const box = page.locator("#ticket-result .error-box");
      await box.waitFor({ timeout: 20_000 });
      const got = await box.getAttribute("data-kind");
      const text = await box.locator(".error-title").textContent();
      assert(got === kind, `${fault?.kind ?? "no fault"}: kind ${got} (“${text}”)`);
      assert(title.test(text), `${kind}: message “${text}”`);
      seen.push(`${fault ? `${fault.kind} ${fault.status ?? ""}`.trim() : "missing id"} → “${text}”`);
    };
    try {
      await expectMessage({ kind: "status", status: 503, times: 0, path: "/chamado/" }, SEED.tickets.rich, "server", /trouble/i);
      await expectMessage({ kind: "status", status: 429, times: 0, path: "/chamado/" }, SEED.tickets.rich, "rateLimited", /too many/i);
      await expectMessage(null, "ffffffffffffffffffffffffffffffff", "notFound", /no ticket/i);
      await expectMessage({ kind: "drop", times: 0, path: "/chamado/" }, SEED.tickets.minimal, "server", /trouble/i);
    } finally {
      fake.clearFaults();
    }
    return seen.join("; ");
  });

  await page.close();
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
    console.log(`setup: fake ${env.fake.url}, workerd ${env.worker.url}, portal ${env.portal.url} (${Math.round(performance.now() - t0)} ms)`);
  } catch (e) {
    console.log(`FAIL setup: ${e.message}`);
    results.failed++;
  }
  if (env) {
    if (groups.includes("worker")) await workerTests(env);
    if (groups.includes("portal")) {
      try {
        await portalTests(env);
      } catch (e) {
        results.failed++;
        console.log(`FAIL portal: ${e.message}`);
      }
    }
    await test("worker", "the token never appears in any response body", async () => {
      const forms = [TOKEN, encodeURIComponent(TOKEN)];
      const leaks = workerBodies.filter((b) => forms.some((f) => b.text.includes(f)));
      assert(workerBodies.length > 5, `only ${workerBodies.length} answers recorded`);
      assert(!leaks.length, `the token appears in: ${leaks.map((l) => l.where).join(", ")}`);
      return `${workerBodies.length} answers checked`;
    });
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
