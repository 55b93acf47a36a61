// The one smoke scenario, run unchanged in every runtime (Node, workerd, Deno, a browser page
// built by Vite). Runtime-neutral ESM: no Node built-ins, no DOM. It never asserts: it returns
// plain JSON describing what happened, and tests/packaging/run.mjs checks it the same way for
// every runtime.
//
//   lib     the module namespace of `import * as lib from "tomticket-wasm"`
//   config  { fakeUrl, token, badToken, customerId, browser }
export async function smoke(lib, config) {
  const out = { exports: Object.keys(lib).sort() };
  const step = async (name, fn) => {
    try {
      out[name] = await fn();
    } catch (e) {
      out[name] = { threw: describeError(lib, e, config) };
    }
  };
  const clientOptions = (token) => ({
    token,
    baseUrl: config.fakeUrl,
    ...(config.browser ? { dangerouslyAllowTokenInBrowser: true } : {}),
  });

  // 1. pure validation, no network
  await step("validation", () => lib.validateNewCustomer({ customerId: "x", name: "a".repeat(251) }));

  // 2. a successful call
  await step("customer", async () => {
    const client = new lib.TomTicketClient(clientOptions(config.token));
    const customer = await client.getCustomer({ customerId: config.customerId });
    return { name: customer?.name, keys: customer && typeof customer === "object" ? Object.keys(customer) : [] };
  });

  // 3. the typed 401
  await step("unauthorized", async () => {
    const client = new lib.TomTicketClient(clientOptions(config.badToken));
    const value = await client.getCustomer({ customerId: config.customerId });
    return { resolved: true, value: safeJson(value) };
  });

  // 4. the guard says no to foreign errors
  out.guardOnPlainError = safeCall(() => lib.isTomTicketError(new Error("not ours")));

  // 5. browser only: a raw token is refused without the opt-in
  if (config.browser) {
    await step("browserOptIn", () => {
      new lib.TomTicketClient({ token: config.token, baseUrl: config.fakeUrl });
      return { constructed: true };
    });
  }
  // 6. the client contract: the four calls, retries, timeout, abort, the limiter, no token leak
  try {
    out.contract = await contract(lib, config, clientOptions);
  } catch (e) {
    out.contract = { fatal: String(e?.stack ?? e) };
  }
  return out;
}

/** Steers the fake through its control API (CORS-enabled) and reports what the client did. */
async function contract(lib, config, clientOptions) {
  const base = config.fakeUrl.replace(/\/+$/, "");
  const control = async (method, p, body) => {
    const res = await fetch(`${base}/__control/${p}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return res.json();
  };
  const requests = async () => (await control("GET", "requests")).requests ?? [];
  const since = async (n) => (await requests()).slice(n);
  const pause = (ms) => new Promise((r) => setTimeout(r, ms));
  const now = () => Date.now();
  const leaks = [];
  const fail = async (name, p) => {
    try {
      await p;
      return { kind: "resolved" };
    } catch (e) {
      const d = describeError(lib, e, config);
      if (d.leaksToken || !d.isTomTicketError) leaks.push(`${name}: ${d.message}`);
      return d;
    }
  };
  const original = (await control("GET", "config")).config ?? {};
  await control("DELETE", "fault");
  await control("POST", "config", { rps: 0 });
  const c = (extra = {}) => new lib.TomTicketClient({ ...clientOptions(config.token), ...extra });
  const out = {};
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

  // the four calls
  {
    const t = c();
    const id = `pk-${tag}`;
    const created = await t.createCustomer({ customerId: id, name: "Pack Test", email: `${id}@example.com` });
    const found = await t.getCustomer({ email: `${id}@example.com` });
    const updated = await t.updateCustomer({ identifier: `${id}@example.com`, identifierType: "email", phone: "1133334444" });
    const ticket = await t.getTicket({ ticketId: config.ticketId, includeStopwatch: true, includeEscalatedTickets: true });
    const exists = await t.customerExists({ email: `${id}@example.com` });
    const absent = await t.customerExists({ customerId: `nobody-${tag}` });
    // one entry per call, each true when the call did what it should (run.mjs wants all true)
    out.calls = {
      createCustomer: created !== undefined,
      getCustomer: found?.name === "Pack Test",
      updateCustomer: updated !== undefined,
      getTicket: (ticket?.history?.length ?? 0) >= 6,
      customerExists: exists?.exists === true && absent?.exists === false,
    };
  }
  // GET: 503, 503, then 200
  {
    await control("POST", "fault", { kind: "status", status: 503, times: 2, path: "/v2.0/customer/details" });
    const n = (await requests()).length;
    const got = await c({ retry: { baseDelayMs: 20 } }).getCustomer({ customerId: config.customerId });
    out.retries = { name: got?.name, statuses: (await since(n)).map((q) => q.status) };
  }
  // POST + 500: sent once
  {
    await control("POST", "fault", { kind: "status", status: 500, path: "/v2.0/customer/new" });
    const n = (await requests()).length;
    const e = await fail("post500", c({ retry: { baseDelayMs: 20 } }).createCustomer({ customerId: `p5-${tag}`, name: "X" }));
    out.post500 = { kind: e.kind, sent: (await since(n)).length };
  }
  // POST + 429: retried
  {
    await control("POST", "fault", { kind: "status", status: 429, path: "/v2.0/customer/new", retryAfter: 0.05 });
    const n = (await requests()).length;
    const r = await c().createCustomer({ customerId: `p4-${tag}`, name: "Y" });
    out.post429 = { ok: r !== undefined, statuses: (await since(n)).map((q) => q.status) };
  }
  // timeout and abort on a server that never answers
  {
    await control("POST", "fault", { kind: "hang", times: 0 });
    let t0 = now();
    const e1 = await fail("timeout", c({ timeoutMs: 300 }).getCustomer({ customerId: config.customerId }));
    out.timeout = { kind: e1.kind, ms: now() - t0 };
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    t0 = now();
    const e2 = await fail("abort", c().getCustomer({ customerId: config.customerId }, { signal: ac.signal }));
    out.abort = { kind: e2.kind, ms: now() - t0 };
    await control("DELETE", "fault");
  }
  // other kinds never leak the token either
  for (const [name, fault] of [["html", { kind: "html" }], ["truncated", { kind: "truncated" }], ["business", { kind: "businessError" }], ["drop", { kind: "drop", times: 0 }]]) {
    await control("POST", "fault", fault);
    await fail(name, c({ retry: false }).getTicket({ ticketId: config.ticketId }));
    await control("DELETE", "fault");
  }
  // the limiter: 9 concurrent calls on one client against a server at 3 requests/second
  {
    await control("POST", "config", { rps: 3 });
    await pause(1100); // let the server's window forget the calls above
    const n = (await requests()).length;
    const t = c({ retry: false });
    const t0 = now();
    const results = await Promise.allSettled(Array.from({ length: 9 }, () => t.getCustomer({ customerId: config.customerId })));
    const seconds = (now() - t0) / 1000;
    const sent = await since(n);
    out.burst = {
      sent: sent.length,
      rateLimited: sent.filter((q) => q.status === 429).length,
      ok: results.filter((x) => x.status === "fulfilled").length,
      seconds: Math.round(seconds * 100) / 100,
    };
  }
  await control("DELETE", "fault");
  await control("POST", "config", { rps: original.rps ?? 0 });
  out.leaks = leaks;
  return out;
}

function describeError(lib, e, config) {
  const d = {
    isError: e instanceof Error,
    name: e?.name,
    kind: e?.kind,
    status: e?.status,
    message: String(e?.message ?? e),
    isTomTicketError: safeCall(() => lib.isTomTicketError(e)),
  };
  // The token must never show up in anything the error exposes.
  const text = [d.message, safeCall(() => String(e)), safeCall(() => e?.endpoint), safeCall(() => e?.stack)].join("\n");
  d.leaksToken = [config.token, config.badToken].some((t) => t && text.includes(t));
  return d;
}

function safeCall(fn) {
  try {
    return fn();
  } catch (e) {
    return `<threw ${e}>`;
  }
}

function safeJson(v) {
  try {
    return JSON.parse(JSON.stringify(v));
  } catch {
    return String(v);
  }
}
