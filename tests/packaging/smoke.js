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
  // 6. the client contract: every call, retries, timeout, abort, the limiter, no token leak
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
  // the v2 calls: tickets (list, create with a file, replies, life cycle), the directory
  {
    const v2 = await v2Calls(lib, c, control, since, requests, tag);
    Object.assign(out.calls, v2.calls);
    out.callErrors = v2.errors;
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

/** A file to attach, as this runtime can make one: a File, else bytes with a name. */
function attachment(name, text, type) {
  const bytes = new TextEncoder().encode(text);
  if (typeof File === "function") return new File([bytes], name, { type });
  return { data: bytes, name, type };
}

/**
 * Each v2 client method against the fake (`calls[name]`: true only when the result is right;
 * `errors[name]`: why not). The fake's seed (GET /__control/seed) says what is there.
 */
async function v2Calls(lib, c, control, since, requests, tag) {
  const calls = {};
  const errors = {};
  const check = async (name, fn) => {
    try {
      const r = await fn();
      calls[name] = r === true;
      if (r !== true) errors[name] = `wrong result: ${JSON.stringify(r)?.slice(0, 300)}`;
    } catch (e) {
      calls[name] = false;
      errors[name] = `threw ${e?.kind ?? e?.name}: ${String(e?.message ?? e).slice(0, 300)}`;
    }
  };
  const seed = await control("GET", "seed");
  const maria = seed.demo.customer;
  const support = seed.departments.support;
  const infra = seed.departments.infra;
  const invoice = seed.categories.support.invoice;
  const carlos = seed.operators.carlos;
  const nfe = seed.ticketCustomFields.nfe;
  // The fake is at rps 0 here: the client's own limit (3/s by default) would only slow this down.
  const t = c({ requestsPerSecond: 0 });
  const queryPages = (list) => list.map((q) => Number(q.query?.page ?? 1));

  // listTickets: items across two pages (maxPages stops there); Maria's tickets to the end
  await check("listTickets", async () => {
    let n = (await requests()).length;
    const items = [];
    for await (const ticket of t.listTickets({}, { maxPages: 2 })) items.push(ticket);
    const sent = await since(n);
    n = (await requests()).length;
    const mine = await t.listTickets({ customerId: maria }).toArray();
    const mineSent = await since(n);
    // (the seed's count, or more when an earlier run on the same fake opened tickets for her)
    const first = await t.listTickets({ customerId: maria }).page(1);
    const second = await t.listTickets({ customerId: maria }).page(2);
    const ids = new Set(items.map((x) => x.id));
    const ok = items.length >= 51 && ids.size === items.length && JSON.stringify(queryPages(sent)) === "[1,2]"
      && mine.length >= seed.demo.tickets && mine.length === first.total && mineSent.length === 2 && mine.every((x) => x.customer?.id === maria)
      && first.nextPage === 2 && second.page === 2 && second.nextPage === null && second.items.length === mine.length - 50;
    return ok || { items: items.length, unique: ids.size, pages: queryPages(sent), mine: mine.length, mineRequests: mineSent.length, page2: { page: second.page, next: second.nextPage, n: second.items.length } };
  });

  // createTicket with a file → getTicketV2 shows it; then replies and the life cycle on it
  const fileText = `nota fiscal ${tag} ação`;
  const subject = `Pack ticket ${tag}`;
  let created = null;
  await check("createTicket", async () => {
    created = await t.createTicket({
      customerId: maria, departmentId: support, categoryId: invoice, subject, message: "<p>Não imprime</p>\n<p>Desde ontem</p>",
      priority: "high", customFields: { [nfe]: "12345" }, attachments: [attachment("nota.txt", fileText, "text/plain")],
    });
    return (/^[0-9a-f]{32}$/.test(created?.ticketId ?? "") && Number.isInteger(created?.protocol) && created.protocol > 0) || created;
  });
  const ticketId = created?.ticketId;
  const detail = () => t.getTicketV2({ ticketId, includeTags: true });
  const said = (d, from, message) => (d.history ?? []).find((h) => h.from === from && String(h.message).includes(message));
  await check("getTicketV2", async () => {
    const d = await detail();
    const file = d.attachments?.[0];
    const ok = d.id === ticketId && d.subject === subject && d.protocol === String(created.protocol) && d.departmentId === support && d.categoryId === invoice
      && d.priority === "high" && file?.name === "nota.txt" && file?.sizeBytes === new TextEncoder().encode(fileText).length
      && (d.customFields ?? []).some((f) => f.id === nfe && f.value === "12345") && Array.isArray(d.tags);
    return ok || { id: d.id, subject: d.subject, departmentId: d.departmentId, priority: d.priority, attachments: d.attachments, customFields: d.customFields };
  });
  await check("replyAsCustomer", async () => {
    const r = await t.replyAsCustomer({ ticketId, message: `Segue o log ${tag}`, attachments: [attachment("log.txt", "linha 1\nlinha 2", "text/plain")] });
    const h = said(await detail(), "customer", `Segue o log ${tag}`);
    return (r !== undefined && h?.attachments?.[0]?.name === "log.txt") || { r, h };
  });
  await check("linkOperator", async () => {
    await t.linkOperator({ ticketId, operatorId: carlos });
    const d = await detail();
    return (d.agentId === carlos && d.agent === "Carlos Andrade") || { agentId: d.agentId, agent: d.agent };
  });
  await check("replyAsOperator", async () => {
    await t.replyAsOperator({ ticketId, message: `Verificando ${tag}` });
    const d = await detail();
    return (said(d, "agent", `Verificando ${tag}`)?.agent === "Carlos Andrade" && d.lastSituation === "answeredByAgent") || { history: d.history, lastSituation: d.lastSituation };
  });
  await check("commentTicket", async () => {
    await t.commentTicket({ ticketId, comment: `nota interna ${tag}` });
    return !!said(await detail(), "internalNote", `nota interna ${tag}`) || (await detail()).history;
  });
  await check("transferTicket", async () => {
    await t.transferTicket({ ticketId, departmentId: infra });
    const d = await detail();
    return (d.departmentId === infra && d.agentId === undefined && d.agent === null) || { departmentId: d.departmentId, agentId: d.agentId, agent: d.agent };
  });
  if (typeof t.replyAsOperatorSafely === "function") {
    // no operator linked now (the transfer unlinked it): refused before anything is sent
    await check("replyAsOperatorSafely", async () => {
      const n = (await requests()).length;
      let e = null;
      await t.replyAsOperatorSafely({ ticketId, message: "x" }).catch((x) => (e = x));
      const sent = (await since(n)).map((q) => q.path);
      return (lib.isTomTicketError(e) && e.kind === "validation" && !sent.some((p) => p.endsWith("/reply/operator"))) || { kind: e?.kind, message: e?.message, sent };
    });
  }
  await check("finishTicket", async () => {
    await t.finishTicket({ ticketId, message: `Resolvido ${tag}`, workedMinutes: 2 });
    const d = await detail();
    return (d.lastSituation === "finished" && d.workedSeconds === 120 && !!said(d, "agent", `Resolvido ${tag}`)) || { lastSituation: d.lastSituation, workedSeconds: d.workedSeconds };
  });
  await check("evaluateTicket", async () => {
    await t.evaluateTicket({ ticketId, problemSolved: true, grade: 5, comment: "Ótimo" });
    const e = (await detail()).evaluation;
    return (e?.problemSolved === true && e?.rating === "excellent" && e?.comment === "Ótimo") || e;
  });

  // the directory
  await check("listCustomers", async () => {
    const n = (await requests()).length;
    const pages = [];
    for await (const p of t.listCustomers().pages()) pages.push(p);
    const items = pages.flatMap((p) => p.items);
    const sent = await since(n);
    const ok = pages.length >= 3 && pages.at(-1).nextPage === null && items.length === pages[0].total && items.length >= seed.counts.customers
      && items.some((x) => x.internalId === maria && x.organization?.name) && JSON.stringify(queryPages(sent)) === JSON.stringify(pages.map((_, i) => i + 1));
    return ok || { pages: pages.map((p) => [p.page, p.nextPage, p.items.length, p.total]), sent: queryPages(sent) };
  });
  await check("updateCustomerV2", async () => {
    const id = `v2-${tag}`;
    await t.createCustomer({ customerId: id, name: "Before V2", email: `${id}@example.com`, phone: "1100000000" });
    const n = (await requests()).length;
    await t.updateCustomerV2({ customerId: id, name: "After V2", canCreateTickets: false });
    const form = (await since(n))[0]?.form ?? {};
    const after = await t.getCustomer({ customerId: id });
    const ok = after?.name === "After V2" && after?.email === `${id}@example.com` && after?.phone === "1100000000"
      && JSON.stringify(Object.keys(form).sort()) === JSON.stringify(["create_tickets", "customer_id", "customer_type_id", "name"]);
    return ok || { name: after?.name, email: after?.email, phone: after?.phone, form };
  });
  await check("searchBlacklist", async () => {
    const listed = await t.searchBlacklist({ email: seed.blacklist[2].toLowerCase() });
    const clean = await t.searchBlacklist({ email: `clean-${tag}@example.com` });
    return (listed?.blacklisted === true && clean?.blacklisted === false) || { listed, clean };
  });
  await check("listOrganizations", async () => {
    const all = await t.listOrganizations().toArray();
    return (all.length === seed.counts.organizations && all.every((o) => o.id && o.name)) || { n: all.length };
  });
  let departments = null;
  await check("listDepartments", async () => {
    departments = await t.listDepartments({ includeNested: true });
    const flat = await t.listDepartments({});
    const s = departments.departments.find((d) => d.id === support);
    const ok = departments.departments.length === seed.counts.departments && s?.categories?.length >= 2
      && s.categories.some((k) => k.id === invoice && k.customFields.length === 3) && s.generalCustomFields.length >= 1 && s.operators.length >= 2
      && flat.departments.length === seed.counts.departments && flat.departments.every((d) => d.categories.length === 0);
    return ok || { n: departments.departments.length, support: s };
  });
  if (typeof lib.summarizeDepartments === "function") {
    await check("summarizeDepartments", async () => {
      const sum = lib.summarizeDepartments(departments);
      const ids = sum.customFields.map((f) => f.id);
      const carlosUse = sum.operators.find((o) => o.id === carlos);
      return (ids.length === new Set(ids).size && ids.length === Object.keys(seed.ticketCustomFields).length && carlosUse?.departmentIds?.length === 2) || sum;
    });
  }
  await check("listDepartmentCustomFields", async () => {
    const r = await t.listDepartmentCustomFields({ departmentId: support, categoryId: invoice });
    const general = await t.listDepartmentCustomFields({ departmentId: support });
    return (r.fields.length === 3 && r.fields.some((f) => f.id === nfe && f.label === "Número da NF-e") && general.fields.length === 2) || { r, general };
  });
  await check("listDepartmentOperators", async () => {
    const r = await t.listDepartmentOperators({ departmentId: support });
    const names = r.operators.map((o) => o.name).sort();
    let basic = null;
    const plan = (await control("GET", "config")).config?.plan ?? "enterprise";
    await control("POST", "config", { plan: "basic" });
    try {
      await t.listDepartmentOperators({ departmentId: support });
    } catch (e) {
      basic = e;
    } finally {
      await control("POST", "config", { plan });
    }
    const ok = JSON.stringify(names) === JSON.stringify(["Beatriz Lima", "Carlos Andrade"]) && r.operators.every((o) => /^[0-9a-f]{32}$/.test(o.mailHash ?? ""))
      && basic?.kind === "forbidden" && /Premium/.test(basic?.message ?? "");
    return ok || { names, operators: r.operators, basic: basic && { kind: basic.kind, message: basic.message } };
  });
  await check("listChats", async () => {
    const mine = await t.listChats({ customerId: maria }).toArray();
    const pages = [];
    for await (const p of t.listChats({}, { startPage: 2 }).pages()) pages.push(p);
    const ok = mine.length === seed.demo.chats && mine.every((x) => x.customer?.internalId === maria)
      && pages.length === 1 && pages[0].page === 2 && pages[0].nextPage === null && pages[0].items.length === seed.counts.chats - 50;
    return ok || { mine: mine.length, pages: pages.map((p) => [p.page, p.nextPage, p.items.length]) };
  });
  return { calls, errors };
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
