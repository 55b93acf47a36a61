// Tests for the fake TomTicket service. Run: node --test tests/fake/
import { test, describe, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { startFake, SEED, parseMultipart } from "./tomticket-fake.mjs";

const SCRIPT = fileURLToPath(new URL("./tomticket-fake.mjs", import.meta.url));
const TOKEN = SEED.token;
const BEARER = { Authorization: `Bearer ${TOKEN}` };
const HEX32 = /^[0-9a-f]{32}$/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let fake;
const api = (p, init) => fetch(fake.url + p, init);
const json = async (p, init) => {
  const res = await api(p, init);
  return { res, status: res.status, body: await res.json() };
};
const control = async (p, method = "GET", body) => {
  const res = await fetch(fake.url + "/__control" + p, {
    method,
    headers: body !== undefined ? { "Content-Type": "application/json" } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json(), res };
};
const details = (id, type) =>
  json(`/v2.0/customer/details?customer_id=${encodeURIComponent(id)}${type ? `&customer_type_id=${type}` : ""}`, { headers: BEARER });
const chamado = (id, qs = "") => json(`/chamado/${encodeURIComponent(TOKEN)}/${id}${qs}`);
const lastReq = () => fake.requests[fake.requests.length - 1];
const urlencoded = (obj) => ({
  method: "POST",
  headers: { ...BEARER, "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(obj).toString(),
});
const multipart = (obj, headers = BEARER) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(obj)) fd.append(k, v);
  return { method: "POST", headers, body: fd };
};
const updateCliente = (identifier, type, init) =>
  json(`/update_cliente/${encodeURIComponent(TOKEN)}/${encodeURIComponent(identifier)}/${type}`, init);
const storeCustomer = async (id) => (await control("/store")).body.customers.find((c) => c.internal_id === id);

describe("start-up", () => {
  test("startFake() starts in well under a second and close() is quick", async (t) => {
    const t0 = performance.now();
    const f = await startFake({ port: 0, host: "127.0.0.1", token: "test-token", rps: 3 });
    const started = performance.now() - t0;
    t.diagnostic(`startFake() ready in ${started.toFixed(1)} ms`);
    assert.ok(started < 1000, `start took ${started} ms`);
    assert.match(f.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(f.url, `http://127.0.0.1:${f.port}`);
    const t1 = performance.now();
    await f.close();
    await f.close(); // idempotent
    assert.ok(performance.now() - t1 < 500);
  });

  test("CLI prints one ready line, writes --ready-file, serves, exits cleanly on SIGTERM", async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ttfake-"));
    const readyFile = path.join(dir, "url.txt");
    const t0 = performance.now();
    const child = spawn(process.execPath, [SCRIPT, "--port", "0", "--token", "cli-token", "--rps", "0", "--ready-file", readyFile], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    const line = await new Promise((resolve, reject) => {
      child.stdout.on("data", (d) => {
        out += d;
        if (out.includes("\n")) resolve(out.split("\n")[0]);
      });
      child.once("exit", (c) => reject(new Error(`exited ${c}: ${err}`)));
    });
    const started = performance.now() - t0;
    t.diagnostic(`CLI spawn → ready line in ${started.toFixed(1)} ms (includes node start-up)`);
    assert.ok(started < 1000, `CLI start took ${started} ms`);
    const m = /^FAKE_TOMTICKET_URL=(http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    assert.ok(m, line);
    const url = m[1];
    assert.equal(fs.readFileSync(readyFile, "utf8"), url);
    const r = await fetch(`${url}/chamado/cli-token/${SEED.tickets.minimal}`);
    assert.equal(r.status, 200);
    // keep a hanging request open to prove shutdown does not wait for it
    await fetch(`${url}/__control/fault`, { method: "POST", body: JSON.stringify({ kind: "hang" }) });
    const hung = fetch(`${url}/chamado/cli-token/${SEED.tickets.minimal}`).catch((e) => e);
    await sleep(50);
    const t1 = performance.now();
    child.kill("SIGTERM");
    const [code, signal] = await once(child, "exit");
    t.diagnostic(`CLI exit after SIGTERM in ${(performance.now() - t1).toFixed(1)} ms`);
    assert.equal(code, 0, `code=${code} signal=${signal} stderr=${err}`);
    assert.ok((await hung) instanceof Error);
    assert.equal(out, line + "\n", "exactly one stdout line");
    assert.ok(!fs.existsSync(readyFile), "ready file removed on exit");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("CLI SIGINT also exits 0; bad args exit 2", async () => {
    const child = spawn(process.execPath, [SCRIPT], { stdio: ["ignore", "pipe", "pipe"] });
    await once(child.stdout, "data");
    child.kill("SIGINT");
    const [code] = await once(child, "exit");
    assert.equal(code, 0);
    const bad = spawn(process.execPath, [SCRIPT, "--bogus"], { stdio: ["ignore", "pipe", "pipe"] });
    const [badCode] = await once(bad, "exit");
    assert.equal(badCode, 2);
  });
});

describe("API", () => {
  before(async () => {
    fake = await startFake({ port: 0, token: TOKEN, rps: 0 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  test("seed ids are 32-char lowercase hex", () => {
    for (const id of [...Object.values(SEED.tickets), ...Object.values(SEED.organizations), ...Object.values(SEED.customFields), ...Object.values(SEED.portfolios)]) {
      assert.match(id, HEX32);
    }
    assert.ok(Object.isFrozen(SEED) && Object.isFrozen(SEED.customers.withOrg));
  });

  describe("v2 customer/details", () => {
    test("happy path: full documented shape, org + mother, unlimited quota, mixed custom fields", async () => {
      const { status, body, res } = await details(SEED.customers.withOrg.id);
      assert.equal(status, 200);
      assert.match(res.headers.get("content-type"), /^application\/json/);
      assert.equal(body.error, false);
      assert.equal(body.success, true);
      assert.equal(typeof body.message, "string");
      const d = body.data;
      assert.deepEqual(Object.keys(d), ["name", "email", "phone", "internal_id", "monthly_ticket_quota", "active", "organization", "organization_mother", "permissions", "custom_fields"]);
      assert.equal(d.internal_id, "cli-001");
      assert.equal(d.monthly_ticket_quota, null);
      assert.deepEqual(d.organization, { id: SEED.organizations.acme, name: "ACME Brasil Ltda", active: true, monthly_ticket_quota: null });
      assert.equal(d.organization_mother.id, SEED.organizations.holding);
      assert.deepEqual(d.permissions, { active: true, email_validated: true, allowed_create_tickets: true, monthly_ticket_quota: null });
      const values = d.custom_fields.map((c) => c.value);
      assert.deepEqual(values, ["Enterprise", 25, true, null, ["helpdesk", "chat"]]);
      for (const c of d.custom_fields) assert.deepEqual(Object.keys(c), ["id", "name", "value"]);
    });

    test("customer without organization: organization/mother null, quota inherited", async () => {
      const { body } = await details(SEED.customers.noOrg.id, "I");
      assert.equal(body.data.organization, null);
      assert.equal(body.data.organization_mother, null);
      assert.equal(body.data.monthly_ticket_quota, 10);
      assert.equal(body.data.permissions.allowed_create_tickets, false);
      assert.equal(body.data.phone, null);
    });

    test("inactive customer; organization without mother → organization_mother absent", async () => {
      const { body } = await details(SEED.customers.inactive.id);
      assert.equal(body.data.active, false);
      assert.equal(body.data.permissions.active, false);
      assert.ok(!("organization_mother" in body.data));
      assert.equal(body.data.permissions.monthly_ticket_quota, 5);
    });

    test("lookup by e-mail (type E) is case-insensitive; internal id with '/' works", async () => {
      const { status, body } = await details("ana+SUPORTE@exemplo.com.BR", "E");
      assert.equal(status, 200);
      assert.equal(body.data.internal_id, SEED.customers.special.id);
      assert.equal(body.data.permissions.active, false, "organization inactive");
      const r2 = await details(SEED.customers.special.id);
      assert.equal(r2.status, 200);
      assert.equal(r2.body.data.name, SEED.customers.special.name);
    });

    test("404 unknown customer, 401 missing/wrong token, business error without customer_id", async () => {
      let r = await details(SEED.missing.customer);
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, { error: true, message: "Cliente não encontrado", success: false });
      r = await json(`/v2.0/customer/details?customer_id=cli-001`);
      assert.equal(r.status, 401);
      assert.equal(r.body.error, true);
      assert.equal(r.body.success, false);
      r = await json(`/v2.0/customer/details?customer_id=cli-001`, { headers: { Authorization: "Bearer nope" } });
      assert.equal(r.status, 401);
      assert.equal(r.body.message, "Token inválido");
      r = await json(`/v2.0/customer/details`, { headers: BEARER });
      assert.equal(r.status, 200);
      assert.equal(r.body.error, true);
    });
  });

  describe("v2 customer/new", () => {
    test("multipart/form-data: bracket key, empty value, stored and readable via details", async () => {
      const fields = {
        customer_id: "new-mp-1",
        name: "Fulano de Tal 🚀",
        email: "fulano@example.com",
        phone: "",
        create_tickets: "0",
        organization_id: SEED.organizations.beta,
        language: "en-US",
        portfolio_id: SEED.portfolios.south,
        [`custom_field[${SEED.customFields.plan}]`]: "Pro",
        "custom_field[abc]": "",
      };
      const { status, body } = await json("/v2.0/customer/new", multipart(fields));
      assert.equal(status, 200);
      assert.deepEqual(body, { error: false, message: "Cliente criado com sucesso", success: true });
      const rec = lastReq();
      assert.match(rec.contentType, /^multipart\/form-data; boundary=/);
      assert.deepEqual(rec.form, fields);
      const c = await storeCustomer("new-mp-1");
      assert.equal(c.allowed_create_tickets, false);
      assert.equal(c.phone, null);
      assert.equal(c.language, "en-US");
      assert.equal(c.portfolio_id, SEED.portfolios.south);
      assert.deepEqual(c.custom_fields, { [SEED.customFields.plan]: "Pro", abc: "" });
      const d = await details("FULANO@example.com", "E");
      assert.equal(d.body.data.internal_id, "new-mp-1");
      assert.equal(d.body.data.organization.id, SEED.organizations.beta);
    });

    test("application/x-www-form-urlencoded: bracket key and empty value", async () => {
      const { body } = await json("/v2.0/customer/new", urlencoded({ customer_id: "new-ue-1", name: "A B+C", "custom_field[x y]": "1 2", email: "" }));
      assert.equal(body.error, false);
      assert.deepEqual(lastReq().form, { customer_id: "new-ue-1", name: "A B+C", "custom_field[x y]": "1 2", email: "" });
      const c = await storeCustomer("new-ue-1");
      assert.equal(c.email, null);
      assert.equal(c.allowed_create_tickets, true, "create_tickets defaults to 1");
      assert.equal(c.language, "pt-BR");
    });

    test("required fields, duplicates and validation are HTTP 200 business errors", async () => {
      let r = await json("/v2.0/customer/new", urlencoded({ name: "x" }));
      assert.equal(r.status, 200);
      assert.equal(r.body.error, true);
      assert.equal(r.body.success, false);
      assert.match(r.body.message, /customer_id/);
      r = await json("/v2.0/customer/new", multipart({ customer_id: "z" }));
      assert.match(r.body.message, /name/);
      r = await json("/v2.0/customer/new", urlencoded({ customer_id: "cli-001", name: "Dup" }));
      assert.deepEqual(r.body, { error: true, message: "Cliente já cadastrado", success: false });
      r = await json("/v2.0/customer/new", urlencoded({ customer_id: "p", name: "P", phone: "1".repeat(21) }));
      assert.equal(r.body.error, true);
      // 20 code points that are 40 UTF-16 units / 80 UTF-8 bytes are fine
      r = await json("/v2.0/customer/new", urlencoded({ customer_id: "q", name: "Q", phone: "🚀".repeat(20) }));
      assert.equal(r.body.error, false, r.body.message);
      r = await json("/v2.0/customer/new", urlencoded({ customer_id: "s", name: "S", create_tickets: "yes" }));
      assert.equal(r.body.error, true);
    });

    test("hand-written multipart: quoted boundary, case-insensitive type, file part recorded", async () => {
      const b = "a b:c'()+_,-./=?";
      const body =
        `--${b}\r\nContent-Disposition: form-data; name="customer_id"\r\n\r\nhand-1\r\n` +
        `--${b}\r\nContent-Disposition: form-data; name="name"\r\n\r\nJosé\r\n` +
        `--${b}\r\nContent-Disposition: form-data; name="custom_field[f1]"; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\nabc\r\n` +
        `--${b}--\r\n`;
      const r = await json("/v2.0/customer/new", {
        method: "POST",
        headers: { ...BEARER, "Content-Type": `Multipart/Form-Data; boundary="${b}"; charset=utf-8` },
        body,
      });
      assert.equal(r.body.error, false, r.body.message);
      assert.deepEqual(lastReq().form, { customer_id: "hand-1", name: "José", "custom_field[f1]": "abc" });
      assert.deepEqual(lastReq().files, [{ name: "custom_field[f1]", filename: "x.txt", contentType: "text/plain", size: 3 }]);
    });

    test("401 without token, 405 on GET, malformed multipart → 400", async () => {
      let r = await json("/v2.0/customer/new", { method: "POST", body: new URLSearchParams({ customer_id: "a", name: "b" }) });
      assert.equal(r.status, 401);
      r = await json("/v2.0/customer/new", { headers: BEARER });
      assert.equal(r.status, 405);
      assert.equal(r.res.headers.get("allow"), "POST");
      r = await json("/v2.0/customer/new", {
        method: "POST",
        headers: { ...BEARER, "Content-Type": "multipart/form-data; boundary=XYZ" },
        body: "--XYZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
      });
      assert.equal(r.status, 400);
      assert.ok(lastReq().formError);
    });
  });

  describe("legacy update_cliente", () => {
    test("partial update: only fields sent change; campos[...] and criarchamados", async () => {
      const before = await storeCustomer("cli-001");
      const { status, body } = await updateCliente("cli-001", "I", multipart({ telefone: "11 5555-0000", criarchamados: "false", [`campos[${SEED.customFields.vip}]`]: "não" }, {}));
      assert.equal(status, 200);
      assert.deepEqual(body, { erro: false, mensagem: "Cliente atualizado com sucesso" });
      const after = await storeCustomer("cli-001");
      assert.equal(after.phone, "11 5555-0000");
      assert.equal(after.allowed_create_tickets, false);
      assert.equal(after.custom_fields[SEED.customFields.vip], "não");
      // untouched fields stay
      for (const k of ["name", "email", "organization_id", "language", "portfolio_id"]) assert.deepEqual(after[k], before[k], k);
      assert.equal(after.custom_fields[SEED.customFields.licenses], 25);
      // the v2 view sees the same store
      const d = await details("cli-001");
      assert.equal(d.body.data.phone, "11 5555-0000");
      assert.equal(d.body.data.permissions.allowed_create_tickets, false);
    });

    test("empty portfolio_id removes the portfolio; absent portfolio_id keeps it", async () => {
      await updateCliente("cli-001", "I", urlencoded({ nome: "Maria S." }));
      assert.equal((await storeCustomer("cli-001")).portfolio_id, SEED.portfolios.south);
      const { body } = await updateCliente("cli-001", "I", urlencoded({ portfolio_id: "" }));
      assert.equal(body.erro, false);
      assert.equal(lastReq().form.portfolio_id, "");
      const c = await storeCustomer("cli-001");
      assert.equal(c.portfolio_id, null);
      assert.equal(c.name, "Maria S.");
    });

    test("identifier by e-mail (percent-encoded) and id_interno change with type E", async () => {
      const r = await json(`/update_cliente/${TOKEN}/ana%2Bsuporte%40exemplo.com.br/E`, urlencoded({ id_interno: "novo-id", idioma: "en_US" }));
      assert.equal(r.status, 200);
      assert.equal(r.body.erro, false, r.body.mensagem);
      assert.deepEqual(lastReq().pathSegments, ["update_cliente", TOKEN, "ana+suporte@exemplo.com.br", "E"]);
      assert.equal(lastReq().path, `/update_cliente/${TOKEN}/ana%2Bsuporte%40exemplo.com.br/E`);
      const c = await storeCustomer("novo-id");
      assert.equal(c.language, "en_US");
      assert.equal(await storeCustomer(SEED.customers.special.id), undefined);
    });

    test("internal id containing '/' is one percent-encoded segment", async () => {
      const r = await updateCliente(SEED.customers.special.id, "I", urlencoded({ nome: "Novo Nome" }));
      assert.equal(r.status, 200);
      assert.equal(r.body.erro, false);
      assert.match(lastReq().path, /12\.345\.678%2F0001-90/);
    });

    test("id_interno with type I is refused (HTTP 200, erro:true) and nothing changes", async () => {
      const r = await updateCliente("cli-002", "I", urlencoded({ id_interno: "x", nome: "Changed" }));
      assert.equal(r.status, 200);
      assert.equal(r.body.erro, true);
      assert.equal(typeof r.body.mensagem, "string");
      assert.equal((await storeCustomer("cli-002")).name, "João Souza");
    });

    test("404 unknown customer, 401 wrong token (percent-decoded compare), 405 on GET", async () => {
      let r = await updateCliente(SEED.missing.customer, "I", urlencoded({ nome: "x" }));
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, { erro: true, mensagem: "Cliente não encontrado" });
      r = await json(`/update_cliente/wrong/cli-001/I`, urlencoded({ nome: "x" }));
      assert.equal(r.status, 401);
      assert.deepEqual(r.body, { erro: true, mensagem: "Token inválido" });
      // a token with reserved characters must be compared after percent-decoding
      fake.setConfig({ token: "a/b c" });
      r = await json(`/update_cliente/a%2Fb%20c/cli-001/I`, urlencoded({ nome: "Maria" }));
      assert.equal(r.status, 200);
      r = await json(`/update_cliente/a%2Fb%20c/cli-001/I`);
      assert.equal(r.status, 405);
    });
  });

  describe("legacy chamado", () => {
    test("rich ticket: every documented field, flat, documented types", async () => {
      const { status, body } = await chamado(SEED.tickets.rich);
      assert.equal(status, 200);
      assert.equal(body.erro, false);
      const expected = ["idchamado", "protocolo", "titulo", "mensagem", "nomecliente", "email_cliente", "id_cliente", "nomeorganizacao", "prioridade", "tipochamado", "tempotrabalho", "tempoabertura", "data_criacao", "deadline", "valoritemhora", "valoritemhoraextra", "valorfinal", "valorfinalextra", "valorfinalbruto", "avaliadoproblemaresolvido", "avaliadoatendimento", "avaliacaocomentario", "dataprimeiraresposta", "dataencerramento", "ultimasituacao", "dataultimasituacao", "sla_inicializacao_cumprido", "sla_deadline_cumprido", "descsituacao", "categoria", "departamento", "atendente", "status", "dataultimostatus", "anexos", "historico", "campospersonalizados", "campospersonalizados_finalizados", "historico_status", "parent_ticket_id"];
      for (const k of expected) assert.ok(k in body, k);
      assert.ok(!("stopwatch" in body) && !("staggered_tickets" in body));
      assert.equal(body.idchamado, SEED.tickets.rich);
      assert.equal(body.protocolo, "4821");
      assert.equal(body.tipochamado, "E");
      assert.equal(body.prioridade, 3);
      assert.equal(body.ultimasituacao, "5");
      assert.equal(body.valoritemhora, 150.5);
      assert.match(body.data_criacao, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      assert.equal(body.sla_inicializacao_cumprido, true);
      assert.equal(body.sla_deadline_cumprido, null);
      assert.equal(body.avaliadoproblemaresolvido, "S");
      assert.equal(body.avaliadoatendimento, "O");
      assert.equal(body.parent_ticket_id, null);
      assert.ok(body.historico.length >= 6);
      assert.deepEqual(new Set(body.historico.map((h) => h.origem)), new Set(["A", "C"]));
      for (const h of body.historico) assert.deepEqual(Object.keys(h), ["id", "origem", "mensagem", "atendente", "data_hora", "hora_inicio", "hora_fim", "anexos"]);
      assert.ok(body.historico.some((h) => h.anexos.length > 0));
      assert.deepEqual(Object.keys(body.anexos[0]), ["nome", "url", "tamanhobytes"]);
      assert.deepEqual(Object.keys(body.campospersonalizados[0]), ["id", "label", "value"]);
      assert.deepEqual(Object.keys(body.campospersonalizados_finalizados[0]), ["label", "value"]);
      assert.deepEqual(Object.keys(body.historico_status[0]), ["id", "status", "comentario", "atendente_inicio", "atendente_fim", "inicio", "fim"]);
    });

    test("stopwatch=1 and show_staggered_tickets=1 add their lists", async () => {
      const { body } = await chamado(SEED.tickets.rich, "?stopwatch=1&show_staggered_tickets=1");
      assert.ok(body.stopwatch.length >= 2);
      assert.deepEqual(Object.keys(body.stopwatch[0]), ["id", "start", "end", "created_manually", "operator"]);
      assert.deepEqual(new Set(body.stopwatch.map((w) => w.created_manually)), new Set([true, false]));
      assert.deepEqual(body.staggered_tickets.map((s) => s.idchamado), [SEED.tickets.child, SEED.tickets.child2]);
      assert.deepEqual(Object.keys(body.staggered_tickets[0]), ["protocolo", "idchamado", "titulo"]);
      const m = await chamado(SEED.tickets.minimal, "?stopwatch=1&show_staggered_tickets=1");
      assert.deepEqual(m.body.stopwatch, []);
      assert.deepEqual(m.body.staggered_tickets, []);
      const only = await chamado(SEED.tickets.minimal, "?stopwatch=0&show_staggered_tickets=1");
      assert.ok(!("stopwatch" in only.body));
    });

    test("minimal ticket and escalated child", async () => {
      const m = await chamado(SEED.tickets.minimal);
      assert.equal(m.body.historico.length, 0);
      assert.equal(m.body.deadline, null);
      assert.equal(m.body.sla_inicializacao_cumprido, null);
      const c = await chamado(SEED.tickets.child);
      assert.equal(c.body.parent_ticket_id, SEED.tickets.rich);
      assert.equal(c.body.tipochamado, "I");
    });

    test("404 unknown ticket, 401 wrong token, 404 unknown path, 405 wrong method", async () => {
      let r = await chamado(SEED.missing.ticket);
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, { erro: true, mensagem: "Chamado não encontrado" });
      r = await json(`/chamado/bad-token/${SEED.tickets.rich}`);
      assert.equal(r.status, 401);
      assert.deepEqual(r.body, { erro: true, mensagem: "Token inválido" });
      r = await json(`/nope/here`);
      assert.equal(r.status, 404);
      assert.equal(r.body.error, true);
      r = await json(`/chamado/${TOKEN}`);
      assert.equal(r.status, 404);
      r = await json(`/chamado/${TOKEN}/${SEED.tickets.rich}`, { method: "POST" });
      assert.equal(r.status, 405);
      assert.equal(r.body.erro, true);
    });
  });

  describe("deviations", () => {
    test("legacy ticket: nested under data, message, dd/mm/yyyy dates, numbers/strings swapped", async () => {
      const { body: cfg } = await control("/config", "POST", { deviations: true });
      assert.equal(cfg.config.deviations, true);
      const { status, body } = await chamado(SEED.tickets.rich, "?stopwatch=1&show_staggered_tickets=1");
      assert.equal(status, 200);
      assert.equal(body.erro, false);
      assert.equal(typeof body.message, "string");
      assert.ok(!("mensagem" in body));
      const t = body.data;
      assert.equal(t.data_criacao, "02/11/2023 20:17");
      assert.equal(t.protocolo, 4821);
      assert.equal(t.ultimasituacao, 5);
      assert.equal(t.tempotrabalho, "9000");
      assert.equal(t.valoritemhora, "150,50");
      assert.equal(t.avaliadoproblemaresolvido, "1");
      assert.equal(t.tipochamado, "Externo");
      assert.equal(t.anexos[0].mimetype, "image/png");
      assert.match(t.historico[0].data_hora, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
      assert.equal(t.parent_ticket_id, "");
      assert.equal(t.staggered_tickets[0].protocolo, 4823);
      assert.equal((await chamado(SEED.tickets.child2)).body.data.avaliadoproblemaresolvido, true);
      assert.equal((await chamado(SEED.tickets.child)).body.data.tipochamado, "Interno");
      const m = (await chamado(SEED.tickets.minimal)).body.data;
      assert.equal(m.deadline, "");
      assert.equal(m.avaliadoproblemaresolvido, "");
      assert.equal(m.sla_deadline_cumprido, null);
      const nf = await chamado(SEED.missing.ticket);
      assert.deepEqual(nf.body, { erro: true, message: "Chamado não encontrado" });
    });

    test("v2 details: quota as numeric string, empty org as [], reset restores documented shape", async () => {
      fake.setConfig({ deviations: true });
      let { body } = await details("cli-002");
      assert.equal(body.data.monthly_ticket_quota, "10");
      assert.deepEqual(body.data.organization, []);
      assert.equal(body.data.phone, "");
      ({ body } = await details("cli-001"));
      assert.equal(body.data.organization.active, "1");
      await control("/reset", "POST");
      ({ body } = await details("cli-002"));
      assert.equal(body.data.monthly_ticket_quota, 10);
      assert.equal(body.data.organization, null);
    });
  });

  describe("faults", () => {
    const P = `/chamado/${TOKEN}/${SEED.tickets.rich}`;

    test("status: v2 and legacy envelopes; 429 without Retry-After unless asked; consumed in order", async () => {
      await control("/fault", "POST", { kind: "status", status: 503 });
      await control("/fault", "POST", { kind: "status", status: 429 });
      await control("/fault", "POST", { kind: "status", status: 429, retryAfter: 2, path: "/chamado/" });
      let r = await details("cli-001");
      assert.equal(r.status, 503);
      assert.deepEqual(Object.keys(r.body), ["error", "message", "success"]);
      r = await details("cli-001");
      assert.equal(r.status, 429);
      assert.equal(r.res.headers.get("retry-after"), null);
      assert.equal(r.res.headers.get("access-control-allow-origin"), "*");
      r = await details("cli-001");
      assert.equal(r.status, 200, "third fault is path-limited to /chamado/");
      r = await json(P);
      assert.equal(r.status, 429);
      assert.equal(r.res.headers.get("retry-after"), "2");
      assert.deepEqual(r.body, { erro: true, mensagem: "Limite de requisições excedido" });
      assert.equal((await json(P)).status, 200);
      assert.deepEqual(fake.requests.map((q) => q.status), [503, 429, 200, 429, 200]);
      assert.equal(fake.requests[0].fault, "status");
    });

    test("times: N and 0 (until cleared); DELETE clears", async () => {
      await control("/fault", "POST", { kind: "status", status: 500, times: 2, path: P });
      assert.equal((await json(P)).status, 500);
      assert.equal((await json(P)).status, 500);
      assert.equal((await json(P)).status, 200);
      await control("/fault", "POST", { kind: "status", status: 403, times: 0 });
      for (let i = 0; i < 3; i++) assert.equal((await json(P)).status, 403);
      const { body } = await control("/fault", "DELETE");
      assert.equal(body.ok, true);
      assert.equal((await json(P)).status, 200);
    });

    test("path prefix includes the token segment as-is", async () => {
      fake.setFault({ kind: "status", status: 500, path: `/chamado/${TOKEN}/${SEED.tickets.minimal}` });
      assert.equal((await json(P)).status, 200);
      assert.equal((await chamado(SEED.tickets.minimal)).status, 500);
    });

    test("businessError: HTTP 200 with error envelope", async () => {
      fake.setFault({ kind: "businessError", message: "Falha X" });
      fake.setFault({ kind: "businessError" });
      let r = await details("cli-001");
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { error: true, message: "Falha X", success: false });
      r = await json(P);
      assert.equal(r.status, 200);
      assert.equal(r.body.erro, true);
      assert.equal(typeof r.body.mensagem, "string");
    });

    test("html, truncated, empty", async () => {
      fake.setFault({ kind: "html" });
      fake.setFault({ kind: "truncated" });
      fake.setFault({ kind: "empty" });
      let res = await api(P);
      assert.equal(res.status, 502);
      assert.match(res.headers.get("content-type"), /^text\/html/);
      assert.match(await res.text(), /<html>/);
      res = await api(P);
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.ok(text.startsWith('{"erro":false'));
      assert.throws(() => JSON.parse(text));
      res = await api(P);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), "");
      assert.deepEqual(fake.requests.map((q) => [q.fault, q.status]), [["html", 502], ["truncated", 200], ["empty", 200]]);
    });

    test("drop: socket destroyed without a response", async () => {
      fake.setFault({ kind: "drop" });
      await assert.rejects(api(P));
      assert.equal(fake.requests[0].fault, "drop");
      assert.equal(fake.requests[0].status, null);
      assert.equal((await json(P)).status, 200);
    });

    test("hang: no answer; reset destroys the hung socket", async () => {
      fake.setFault({ kind: "hang" });
      const hung = api(P).then(
        () => "answered",
        () => "failed",
      );
      const first = await Promise.race([hung, sleep(150).then(() => "pending")]);
      assert.equal(first, "pending");
      assert.equal(fake.requests[0].fault, "hang");
      await control("/reset", "POST");
      assert.equal(await hung, "failed");
    });

    test("hang with a timeout on the client side", async () => {
      fake.setFault({ kind: "hang" });
      await assert.rejects(api(P, { signal: AbortSignal.timeout(100) }), (e) => e.name === "TimeoutError" || e.name === "AbortError");
    });

    test("delay: answers normally after delayMs", async () => {
      fake.setFault({ kind: "delay", delayMs: 200 });
      const t0 = performance.now();
      const r = await json(P);
      const took = performance.now() - t0;
      assert.equal(r.status, 200);
      assert.equal(r.body.idchamado, SEED.tickets.rich);
      assert.ok(took >= 190, `took ${took}`);
    });

    test("invalid fault → 400", async () => {
      const r = await control("/fault", "POST", { kind: "explode" });
      assert.equal(r.status, 400);
      assert.equal(r.body.ok, false);
    });
  });

  describe("recording and control", () => {
    test("records method, raw path, decoded segments, query, lowercased headers, status; not control/OPTIONS", async () => {
      await details("ana+suporte@exemplo.com.br", "E");
      await api(`/chamado/${TOKEN}/${SEED.tickets.rich}`, { method: "OPTIONS" });
      await json(`/chamado/x%2Fy/${SEED.tickets.rich}?stopwatch=1`);
      await control("/config");
      const { body } = await control("/requests");
      assert.equal(body.requests.length, 2);
      const [a, b] = body.requests;
      assert.equal(a.seq, 1);
      assert.equal(b.seq, 2);
      assert.equal(a.method, "GET");
      assert.equal(a.path, "/v2.0/customer/details");
      assert.deepEqual(a.query, { customer_id: "ana+suporte@exemplo.com.br", customer_type_id: "E" });
      assert.equal(a.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(a.status, 200);
      assert.equal(a.form, null);
      assert.equal(a.contentType, null);
      assert.ok(Math.abs(a.time - Date.now()) < 5000);
      assert.equal(b.path, `/chamado/x%2Fy/${SEED.tickets.rich}`);
      assert.deepEqual(b.pathSegments, ["chamado", "x/y", SEED.tickets.rich]);
      assert.deepEqual(b.query, { stopwatch: "1" });
      assert.equal(b.status, 401);
      await control("/reset", "POST");
      assert.equal((await control("/requests")).body.requests.length, 0);
      assert.equal(fake.requests.length, 0);
    });

    test("store endpoint and reset restore seed data; config reset to startup", async () => {
      await json("/v2.0/customer/new", urlencoded({ customer_id: "tmp", name: "Tmp" }));
      fake.setConfig({ token: "other" });
      assert.ok(await storeCustomer("tmp"));
      const { body } = await control("/reset", "POST");
      assert.deepEqual(body, { ok: true });
      assert.equal(await storeCustomer("tmp"), undefined);
      assert.equal(fake.config.token, TOKEN);
      const s = (await control("/store")).body;
      assert.equal(s.customers.length, 4);
      assert.equal(s.tickets.length, 4);
      assert.deepEqual((await control("/seed")).body, JSON.parse(JSON.stringify(SEED)));
    });

    test("config validation; unknown control endpoint 404", async () => {
      assert.equal((await control("/config", "POST", { rps: -1 })).status, 400);
      assert.equal((await control("/config", "POST", { bogus: 1 })).status, 400);
      assert.equal((await control("/nope")).status, 404);
    });

    test("CORS: preflight 204 and headers on every response (API, errors, control)", async () => {
      const pre = await api("/v2.0/customer/new", {
        method: "OPTIONS",
        headers: { Origin: "http://127.0.0.1:9999", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" },
      });
      assert.equal(pre.status, 204);
      const check = (res) => {
        assert.equal(res.headers.get("access-control-allow-origin"), "*");
        assert.equal(res.headers.get("access-control-allow-headers"), "Authorization, Content-Type");
        assert.equal(res.headers.get("access-control-allow-methods"), "GET, POST, DELETE, OPTIONS");
        assert.equal(res.headers.get("access-control-expose-headers"), "Retry-After");
      };
      check(pre);
      check(await api("/__control/requests", { method: "OPTIONS" }));
      check((await details("cli-001")).res);
      check((await details("cli-404")).res);
      check((await json("/v2.0/customer/details")).res);
      check((await control("/requests")).res);
      fake.setFault({ kind: "html" });
      check(await api("/x"));
      assert.equal(fake.requests.length, 4, "OPTIONS not recorded");
    });
  });
});

describe("rate limit", () => {
  let rl;
  before(async () => {
    rl = await startFake({ port: 0, rps: 3 });
  });
  after(() => rl.close());

  test("3 pass, the 4th in the same second gets 429 (before auth, no Retry-After); passes again after the window", async () => {
    const call = (token = TOKEN) => fetch(`${rl.url}/v2.0/customer/details?customer_id=cli-001`, { headers: { Authorization: `Bearer ${token}` } });
    const t0 = performance.now();
    const burst = await Promise.all([call(), call(), call()]);
    assert.deepEqual(burst.map((r) => r.status), [200, 200, 200]);
    const fourth = await call("wrong-token");
    assert.equal(fourth.status, 429, "rate limit is checked before auth");
    assert.deepEqual(await fourth.json(), { error: true, message: "Limite de requisições excedido", success: false });
    assert.equal(fourth.headers.get("retry-after"), null);
    const legacy = await fetch(`${rl.url}/chamado/${TOKEN}/${SEED.tickets.rich}`);
    assert.equal(legacy.status, 429);
    assert.deepEqual(await legacy.json(), { erro: true, mensagem: "Limite de requisições excedido" });
    // control is never rate-limited
    assert.equal((await fetch(`${rl.url}/__control/requests`)).status, 200);
    assert.equal((await fetch(`${rl.url}/v2.0/customer/details`, { method: "OPTIONS" })).status, 204);
    // 429s do not count: once the first three leave the window, three more pass
    await sleep(Math.max(0, 1000 - (performance.now() - t0)) + 150);
    const again = await Promise.all([call(), call(), call()]);
    assert.deepEqual(again.map((r) => r.status), [200, 200, 200]);
    assert.equal((await call()).status, 429);
    assert.deepEqual(rl.requests.map((r) => r.status), [200, 200, 200, 429, 429, 200, 200, 200, 429]);
  });

  test("rps 0 disables the limit; configurable at runtime", async () => {
    rl.reset();
    await fetch(`${rl.url}/__control/config`, { method: "POST", body: JSON.stringify({ rps: 0 }) });
    const rs = await Promise.all(Array.from({ length: 10 }, () => fetch(`${rl.url}/chamado/${TOKEN}/${SEED.tickets.minimal}`)));
    assert.ok(rs.every((r) => r.status === 200));
    rl.setConfig({ rps: 1 });
    assert.equal((await fetch(`${rl.url}/chamado/${TOKEN}/${SEED.tickets.minimal}`)).status, 200);
    assert.equal((await fetch(`${rl.url}/chamado/${TOKEN}/${SEED.tickets.minimal}`)).status, 429);
  });
});

describe("close()", () => {
  test("never hangs: pending hang fault, delayed response and idle keep-alive sockets", async (t) => {
    const f = await startFake({ port: 0, rps: 0 });
    // idle keep-alive socket
    await (await fetch(`${f.url}/chamado/${TOKEN}/${SEED.tickets.minimal}`)).text();
    f.setFault({ kind: "hang" });
    f.setFault({ kind: "delay", delayMs: 60_000 });
    const p1 = fetch(`${f.url}/chamado/${TOKEN}/${SEED.tickets.minimal}`).catch((e) => e);
    const p2 = fetch(`${f.url}/chamado/${TOKEN}/${SEED.tickets.minimal}`).catch((e) => e);
    await sleep(50);
    const t0 = performance.now();
    await f.close();
    const took = performance.now() - t0;
    t.diagnostic(`close() with open hang/delay/keep-alive sockets: ${took.toFixed(1)} ms`);
    assert.ok(took < 500, `close took ${took}`);
    assert.ok((await p1) instanceof Error);
    assert.ok((await p2) instanceof Error);
  });
});

describe("multipart parser", () => {
  test("quoted boundary, escaped quote in name, file part, UTF-8, empty value, part without trailing CRLF on close", () => {
    const b = "--==b\"x";
    const body = Buffer.from(
      `preamble\r\n--${b}\r\nContent-Disposition: form-data; name="campos[a\\"b]"\r\n\r\nvalor ç 🚀\r\n` +
        `--${b}\r\ncontent-disposition: form-data; name=empty\r\n\r\n\r\n` +
        `--${b}\r\nContent-Disposition: form-data; name="f"; filename="a b.txt"\r\nContent-Type: text/plain\r\n\r\nline1\r\nline2\r\n` +
        `--${b}--`,
    );
    const { fields, files } = parseMultipart(body, b);
    assert.deepEqual(fields, [
      ['campos[a"b]', "valor ç 🚀"],
      ["empty", ""],
      ["f", "line1\r\nline2"],
    ]);
    assert.deepEqual(files, [{ name: "f", filename: "a b.txt", contentType: "text/plain", size: 12 }]);
    assert.throws(() => parseMultipart(Buffer.from("nothing"), "x"));
  });
});
