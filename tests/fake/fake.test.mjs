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
import { createHash } from "node:crypto";
import { startFake, SEED, parseMultipart } from "./tomticket-fake.mjs";

const SCRIPT = fileURLToPath(new URL("./tomticket-fake.mjs", import.meta.url));
const TOKEN = SEED.token;
const BEARER = { Authorization: `Bearer ${TOKEN}` };
const HEX32 = /^[0-9a-f]{32}$/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const NGINX_429 = "<html><head><title>429 Too Many Requests</title></head><body><center><h1>429 Too Many Requests</h1></center><hr><center>nginx</center></body></html>";
const NGINX_404 = "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>";

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

  test("CLI --past-end and --plan set the config; bad values exit 2", async () => {
    const child = spawn(process.execPath, [SCRIPT, "--rps", "0", "--past-end", "empty", "--plan=basic"], { stdio: ["ignore", "pipe", "pipe"] });
    const [chunk] = await once(child.stdout, "data");
    const url = /FAKE_TOMTICKET_URL=(\S+)/.exec(String(chunk))[1];
    const { config } = await (await fetch(`${url}/__control/config`)).json();
    assert.deepEqual([config.pastEnd, config.plan], ["empty", "basic"]);
    const r = await fetch(`${url}/v2.0/department/operator/list?department_id=${SEED.departments.infra}`, { headers: BEARER });
    assert.equal(r.status, 403);
    child.kill("SIGTERM");
    assert.equal((await once(child, "exit"))[0], 0);
    for (const bad of [["--past-end", "never"], ["--plan", "gold"]]) {
      const b = spawn(process.execPath, [SCRIPT, ...bad], { stdio: ["ignore", "pipe", "pipe"] });
      assert.equal((await once(b, "exit"))[0], 2, bad.join(" "));
    }
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
      // 4 hand-written + 120 generated customers, 4 hand-written + 124 generated tickets
      assert.equal(s.customers.length, SEED.counts.customers);
      assert.equal(s.tickets.length, SEED.counts.tickets);
      assert.equal(s.customers.length, 124);
      assert.equal(s.tickets.length, 128);
      for (const c of Object.values(SEED.customers)) assert.ok(s.customers.some((x) => x.internal_id === c.id), c.id);
      for (const id of Object.values(SEED.tickets)) assert.ok(s.tickets.some((x) => x.idchamado === id), id);
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

// ---------------------------------------------------------------------------
// v2 calls (docs/v2-calls.md): tickets, customers, organisations, departments, chats
// ---------------------------------------------------------------------------

describe("v2 calls", () => {
  before(async () => {
    fake = await startFake({ port: 0, token: TOKEN, rps: 0 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  const D = SEED.departments;
  const OP = SEED.operators;
  const TF = SEED.ticketCustomFields;
  const V = SEED.v2Tickets;
  const DEMO = SEED.demo;
  const TICKET_KEYS = ["id", "protocol", "subject", "message", "priority", "ticket_type", "creation_date", "end_date", "situation", "category", "department", "operator", "customer", "current_status", "work_time"];
  const V2_DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}-0300$/;
  const v2 = (p, q = {}) => json(`/v2.0/${p}?${new URLSearchParams(q)}`, { headers: BEARER });
  const post = (p, fields, files = []) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    for (const [k, data, name, type] of files) fd.append(k, new Blob([data], { type: type ?? "application/octet-stream" }), name);
    return json(`/v2.0/${p}`, { method: "POST", headers: BEARER, body: fd });
  };
  const detail = async (id, q = {}) => {
    const r = await v2("ticket/detail", { ticket_id: id, ...q });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data;
  };
  const stored = (id) => fake.store().tickets.find((t) => t.idchamado === id);
  const brt = (ms) => new Date(ms - 3 * 3600e3).toISOString().slice(0, 19).replace("T", " ") + "-0300";
  const okEnvelope = (r) => {
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.error, false, r.body.message);
    assert.equal(r.body.success, true);
    assert.equal(typeof r.body.message, "string");
  };
  const businessError = (r, re) => {
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(Object.keys(r.body), ["error", "message", "success"]);
    assert.equal(r.body.error, true);
    assert.equal(r.body.success, false);
    if (re) assert.match(r.body.message, re);
  };
  const notFound = (r, re) => {
    assert.equal(r.status, 404);
    assert.deepEqual(Object.keys(r.body), ["error", "message", "success"]);
    assert.equal(r.body.error, true);
    if (re) assert.match(r.body.message, re);
  };

  describe("seed", () => {
    test("counts, demo customer with ≥ 60 tickets (some with an operator, some without), ids hex", async () => {
      assert.deepEqual(SEED.counts, { customers: 124, organizations: 66, tickets: 128, chats: 70, departments: 6 });
      assert.equal(DEMO.customer, SEED.customers.withOrg.id);
      assert.equal(DEMO.email, SEED.customers.withOrg.email);
      assert.ok(DEMO.tickets >= 60);
      const s = fake.store();
      const mine = s.tickets.filter((t) => t.customer_ref === DEMO.customerRef);
      assert.equal(mine.length, DEMO.tickets);
      assert.ok(mine.some((t) => t.operator_id) && mine.some((t) => !t.operator_id));
      assert.deepEqual(new Set(s.tickets.map((t) => Number(t.ultimasituacao))), new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
      assert.deepEqual(new Set(s.tickets.map((t) => t.prioridade)), new Set([1, 2, 3, 4]));
      assert.ok(s.tickets.filter((t) => t.data_criacao.startsWith("2026-")).length >= 120);
      for (const id of [...Object.values(D), ...Object.values(OP), ...Object.values(V), ...Object.values(TF), ...Object.values(SEED.statuses), ...Object.values(SEED.tags)]) {
        assert.match(id, HEX32);
      }
      for (const t of s.tickets) {
        if (t.operator_id) assert.ok(s.departments.find((d) => d.id === t.department_id).operators.some((o) => o.id === t.operator_id), "operator serves the department");
      }
    });
  });

  describe("ticket/list", () => {
    test("demo customer by internal id and by e-mail: 2 pages of 50 + rest, next_page null on the last", async () => {
      const p1 = await v2("ticket/list", { customer_id: DEMO.customer, customer_type_id: "I" });
      okEnvelope(p1);
      assert.deepEqual(Object.keys(p1.body), ["error", "message", "success", "size", "pages", "next_page", "previous_page", "data"]);
      assert.equal(p1.body.size, DEMO.tickets);
      assert.equal(p1.body.pages, 2);
      assert.equal(p1.body.next_page, 2);
      assert.equal(p1.body.previous_page, null);
      assert.equal(p1.body.data.length, 50);
      for (const t of p1.body.data) {
        assert.deepEqual(Object.keys(t), TICKET_KEYS);
        assert.equal(t.customer.internal_id, DEMO.customer);
        assert.match(t.id, HEX32);
        assert.equal(typeof t.protocol, "number");
        assert.match(t.creation_date, V2_DATE);
        assert.deepEqual(Object.keys(t.situation), ["id", "description"]);
        assert.deepEqual(Object.keys(t.customer), ["id", "internal_id", "name", "email"]);
      }
      const protocols = p1.body.data.map((t) => t.protocol);
      assert.deepEqual(protocols, [...protocols].sort((a, b) => b - a), "default order: protocol DESC");
      assert.ok(p1.body.data.some((t) => t.operator.id === null && t.operator.name === null), "unassigned: operator nulls");
      const p2 = await v2("ticket/list", { customer_id: DEMO.email.toUpperCase(), customer_type_id: "E", page: "2" });
      okEnvelope(p2);
      assert.equal(p2.body.data.length, DEMO.tickets - 50);
      assert.equal(p2.body.next_page, null);
      assert.equal(p2.body.previous_page, 1);
      const all = [...p1.body.data, ...p2.body.data].map((t) => t.id);
      assert.equal(new Set(all).size, DEMO.tickets);
      assert.ok(all.includes(SEED.tickets.rich));
    });

    test("past the last page: 404 envelope by default, 200 with data [] with pastEnd \"empty\"", async () => {
      let r = await v2("ticket/list", { customer_id: DEMO.customer, page: "3" });
      notFound(r);
      assert.equal(r.body.success, false);
      const cfg = await control("/config", "POST", { pastEnd: "empty" });
      assert.equal(cfg.body.config.pastEnd, "empty");
      r = await v2("ticket/list", { customer_id: DEMO.customer, page: "3" });
      okEnvelope(r);
      assert.deepEqual(r.body.data, []);
      assert.equal(r.body.next_page, null);
      assert.equal(r.body.size, DEMO.tickets);
      fake.setConfig({ pastEnd: "404" });
      notFound(await v2("organization/list", { page: "9" }));
      assert.equal((await control("/config", "POST", { pastEnd: "nope" })).status, 400);
      // an empty first page is a 200 either way
      r = await v2("ticket/list", { customer_id: SEED.missing.customer });
      okEnvelope(r);
      assert.deepEqual([r.body.size, r.body.pages, r.body.next_page, r.body.data], [0, 0, null, []]);
      await control("/reset", "POST");
      assert.equal(fake.config.pastEnd, "404", "reset restores the start-up config");
    });

    test("all tickets: 3 pages; page 1 has 50", async () => {
      const r = await v2("ticket/list");
      assert.equal(r.body.size, SEED.counts.tickets);
      assert.equal(r.body.pages, 3);
      assert.equal(r.body.data.length, 50);
    });

    test("filters: situation list, department, category, status, protocol range, dates, order/column", async () => {
      let r = await v2("ticket/list", { customer_id: DEMO.customer, situation: "1,2" });
      assert.ok(r.body.size > 0);
      assert.ok(r.body.data.every((t) => [1, 2].includes(t.situation.id)));
      r = await v2("ticket/list", { department_id: D.infra });
      assert.ok(r.body.size > 0 && r.body.data.every((t) => t.department.id === D.infra && t.department.name === "Infraestrutura"));
      r = await v2("ticket/list", { category_id: SEED.categories.support.invoice });
      assert.ok(r.body.size > 0 && r.body.data.every((t) => t.category.name === "Nota fiscal"));
      r = await v2("ticket/list", { status_id: SEED.statuses.resolved });
      assert.ok(r.body.size > 0 && r.body.data.every((t) => t.current_status.id === SEED.statuses.resolved && t.current_status.name === "Resolvido"));
      assert.ok(r.body.data.some((t) => t.id === SEED.tickets.rich));
      // exact protocol
      r = await v2("ticket/list", { min_protocol: "4821", max_protocol: "4821" });
      assert.deepEqual(r.body.data.map((t) => t.id), [SEED.tickets.rich]);
      r = await v2("ticket/list", { min_protocol: "5001", max_protocol: "5010", order: "ASC" });
      assert.deepEqual(r.body.data.map((t) => t.protocol), [5001, 5002, 5003, 5004, 5005, 5006, 5007, 5008, 5009, 5010]);
      // creation dates (Brasília): March 2026
      r = await v2("ticket/list", { creation_date_ge: "2026-03-01 00:00:00-0300", creation_date_le: "2026-03-31 23:59:59-0300", column: "creation_date", order: "ASC" });
      assert.ok(r.body.size >= 10);
      assert.ok(r.body.data.every((t) => t.creation_date >= "2026-03-01" && t.creation_date < "2026-04"));
      const dates = r.body.data.map((t) => t.creation_date);
      assert.deepEqual(dates, [...dates].sort());
      // the same instant written with another offset
      const utc = await v2("ticket/list", { creation_date_ge: "2026-03-01 03:00:00+0000", creation_date_le: "2026-04-01 02:59:59+0000" });
      assert.equal(utc.body.size, r.body.size);
      r = await v2("ticket/list", { last_update_ge: "2026-06-01 00:00:00-0300", last_situation_le: "2026-06-30 23:59:59-0300", column: "last_update" });
      assert.ok(r.body.size > 0);
      // 2023 tickets only
      r = await v2("ticket/list", { creation_date_le: "2023-12-31 23:59:59-0300" });
      assert.equal(r.body.size, 4);
    });

    test("bad parameters are business errors (HTTP 200)", async () => {
      businessError(await v2("ticket/list", { situation: "1,10" }), /situation/);
      businessError(await v2("ticket/list", { creation_date_ge: "2026-03-01T00:00:00Z" }), /creation_date_ge/);
      businessError(await v2("ticket/list", { creation_date_ge: "2026-03-01" }), /creation_date_ge/);
      businessError(await v2("ticket/list", { order: "UP" }), /order/);
      businessError(await v2("ticket/list", { column: "subject" }), /column/);
      businessError(await v2("ticket/list", { page: "0" }), /page/);
      businessError(await v2("ticket/list", { min_protocol: "abc" }), /min_protocol/);
      businessError(await v2("ticket/list", { customer_id: "x", customer_type_id: "X" }), /customer_type_id/);
    });
  });

  describe("ticket/detail", () => {
    test("rich ticket in the v2 shape: replies, attachments, custom fields, evaluation; flags add stopwatch/staggered/tags", async () => {
      const t = await detail(SEED.tickets.rich);
      assert.deepEqual(Object.keys(t), [...TICKET_KEYS, "replies", "attachments", "custom_fields", "evaluation"]);
      assert.equal(t.protocol, 4821);
      assert.equal(t.operator.name, "Carlos Andrade");
      assert.equal(t.operator.id, OP.carlos);
      assert.equal(t.work_time, 9000);
      assert.equal(t.end_date, "2023-11-03 16:42:05-0300");
      assert.equal(t.replies.length, 7);
      for (const r of t.replies) assert.deepEqual(Object.keys(r), ["id", "sender_type", "message", "date", "operator", "attachments"]);
      assert.deepEqual(t.replies.map((r) => r.sender_type), ["A", "C", "A", "C", "A", "C", "A"]);
      assert.equal(t.replies[1].operator, null);
      assert.deepEqual(t.replies[4].operator, { id: OP.beatriz, name: "Beatriz Lima" });
      assert.deepEqual(Object.keys(t.attachments[0]), ["name", "url", "size"]);
      assert.deepEqual(t.attachments[0], { name: "print-erro.png", url: `https://anexos.tomticket.example/${SEED.tickets.rich}/print-erro.png`, size: 48213 });
      assert.deepEqual(t.custom_fields.open[0], { id: TF.nfe, label: "Número da NF-e", value: "000123456" });
      assert.deepEqual(Object.keys(t.custom_fields.closed[0]), ["id", "label", "value"]);
      assert.deepEqual(t.evaluation, { problem_solved: "Y", grade: 5, comment: "Atendimento rápido e eficiente!" });
      const full = await detail(SEED.tickets.rich, { show_stopwatch: "1", show_staggered_tickets: "1", show_tags: "1" });
      assert.equal(full.stopwatch.length, 3);
      assert.deepEqual(Object.keys(full.stopwatch[0]), ["id", "start", "end", "created_manually", "operator"]);
      assert.match(full.stopwatch[0].start, V2_DATE);
      assert.deepEqual(full.staggered_tickets, [
        { protocol: 4823, ticket_id: SEED.tickets.child, subject: "[Escalonado] Renovar certificado digital do emissor" },
        { protocol: 4824, ticket_id: SEED.tickets.child2, subject: "[Escalonado] Ajustar rotina de emissão em lote" },
      ]);
      assert.deepEqual(full.tags, [{ id: SEED.tags.urgent, name: "urgente" }, { id: SEED.tags.invoice, name: "nf-e" }]);
      const g = await detail(V.withExtras, { show_stopwatch: "1", show_tags: "1" });
      assert.ok(g.stopwatch.length > 0 && g.tags.length > 0);
      assert.equal((await detail(V.withAttachment)).attachments.length, 1);
    });

    test("unknown id → 404 envelope; no ticket_id → business error", async () => {
      const r = await v2("ticket/detail", { ticket_id: SEED.missing.ticket });
      assert.deepEqual([r.status, r.body], [404, { error: true, message: "Chamado não encontrado", success: false }]);
      businessError(await v2("ticket/detail"), /ticket_id/);
    });
  });

  describe("ticket/new", () => {
    test("multipart with binary attachments and custom fields: ticket_id + protocol at the root; visible in list, detail and legacy", async () => {
      // binary bytes, including CRLF, NUL and a fake delimiter inside the file
      const bin = Buffer.concat([Buffer.from([0, 1, 2, 255, 13, 10, 45, 45]), Buffer.from("\r\n------WebKitFormBoundary\r\n"), Buffer.alloc(3000, 0xab)]);
      const fields = {
        customer_id: DEMO.email,
        customer_type_id: "E",
        customer_id_type: "E",
        department_id: D.support,
        category_id: SEED.categories.support.invoice,
        subject: "Nota rejeitada — código 539",
        message: "<p>Linha 1</p>\n<p>Linha 2 ✓</p>",
        priority: "3",
        [`custom_field[${TF.nfe}]`]: "000999",
        [`custom_field[${TF.contract}]`]: "CT-1", // not a field of this category: dropped silently
      };
      const r = await post("ticket/new", fields, [
        ["attachment[0]", bin, "dump.bin"],
        ["attachment[1]", "texto ç", "nota.txt", "text/plain"],
      ]);
      okEnvelope(r);
      assert.deepEqual(Object.keys(r.body), ["error", "message", "success", "ticket_id", "protocol"]);
      assert.deepEqual(lastReq().files.map((f) => [f.name, f.filename, f.size]), [["attachment[0]", "dump.bin", bin.length], ["attachment[1]", "nota.txt", 8]]);
      assert.match(r.body.ticket_id, HEX32);
      assert.equal(typeof r.body.protocol, "number");
      assert.equal(r.body.protocol, 5125, "next protocol after the seeds");
      const id = r.body.ticket_id;
      const t = await detail(id);
      assert.equal(t.protocol, r.body.protocol);
      assert.deepEqual(t.situation, { id: 1, description: "Não iniciado" });
      assert.deepEqual(t.replies, []);
      // FormData sends a text value's line breaks as CRLF (HTML's form encoding); stored as received
      assert.equal(t.message, fields.message.replace(/\n/g, "\r\n"), "the opening message is the ticket's, the customer's");
      assert.deepEqual(t.customer, { id: DEMO.customerRef, internal_id: DEMO.customer, name: "Maria Silva", email: DEMO.email });
      assert.deepEqual(t.operator, { id: null, name: null });
      assert.deepEqual(t.category, { id: SEED.categories.support.invoice, name: "Nota fiscal" });
      assert.equal(t.priority, 3);
      assert.equal(t.ticket_type, "E");
      assert.equal(t.end_date, null);
      assert.deepEqual(t.attachments, [
        { name: "dump.bin", url: `https://anexos.tomticket.example/${id}/dump.bin`, size: bin.length },
        { name: "nota.txt", url: `https://anexos.tomticket.example/${id}/nota.txt`, size: Buffer.byteLength("texto ç") },
      ]);
      assert.deepEqual(t.custom_fields.open, [{ id: TF.nfe, label: "Número da NF-e", value: "000999" }]);
      const s = stored(id);
      assert.equal(s.anexos[0].md5, createHash("md5").update(bin).digest("hex"), "binary-safe");
      assert.deepEqual(s.created_with, { customer_type_id: "E", customer_id_type: "E" });
      assert.deepEqual(s.dropped_custom_fields, [TF.contract]);
      // first in the demo customer's list (protocol DESC), which now has one more
      const l = await v2("ticket/list", { customer_id: DEMO.customer });
      assert.equal(l.body.size, DEMO.tickets + 1);
      assert.equal(l.body.data[0].id, id);
      assert.equal((await v2("ticket/list", { situation: "1", min_protocol: String(r.body.protocol) })).body.data[0].id, id);
      // the legacy call reads it too
      const legacy = await chamado(id);
      assert.equal(legacy.body.protocolo, String(r.body.protocol));
      assert.equal(legacy.body.anexos[0].tamanhobytes, bin.length);
    });

    test("customer_id_type alone (as the live client sends it), urlencoded, defaults; which type key was sent is recorded", async () => {
      let r = await post("ticket/new", { customer_id: "carla@beta.com.br", customer_id_type: "E", department_id: D.service, subject: "S", message: "M" });
      okEnvelope(r);
      let s = stored(r.body.ticket_id);
      assert.deepEqual(s.created_with, { customer_type_id: null, customer_id_type: "E" });
      assert.equal(s.id_cliente, "cli-003");
      assert.equal(s.prioridade, 1, "priority defaults to 1");
      r = await json("/v2.0/ticket/new", urlencoded({ customer_id: "cli-002", department_id: D.dev, subject: "S2", message: "M2", [`custom_field[${TF.version}]`]: "1.0" }));
      okEnvelope(r);
      s = stored(r.body.ticket_id);
      assert.deepEqual(s.created_with, { customer_type_id: null, customer_id_type: null });
      assert.deepEqual(s.campospersonalizados, [{ id: TF.version, label: "Versão", value: "1.0" }], "no category: the department's general fields");
    });

    test("missing fields, unknown customer/department, foreign category, bad priority → business errors; nothing stored", async () => {
      const base = { customer_id: DEMO.customer, department_id: D.support, subject: "S", message: "M" };
      for (const k of Object.keys(base)) {
        const { [k]: _, ...rest } = base;
        businessError(await post("ticket/new", rest), new RegExp(k));
      }
      businessError(await post("ticket/new", { ...base, customer_id: SEED.missing.customer }), /Cliente/);
      businessError(await post("ticket/new", { ...base, customer_id: DEMO.customer, customer_type_id: "E" }), /Cliente/);
      businessError(await post("ticket/new", { ...base, department_id: SEED.missing.ticket }), /Departamento/);
      businessError(await post("ticket/new", { ...base, category_id: SEED.categories.dev.bugs }), /Categoria/);
      businessError(await post("ticket/new", { ...base, priority: "5" }), /Prioridade/);
      businessError(await post("ticket/new", { ...base, customer_type_id: "X" }), /customer_type_id/);
      assert.equal(fake.store().tickets.length, SEED.counts.tickets);
    });

    test("25 files pass, 26 are refused; more than 25 MiB in total is refused", async () => {
      const base = { customer_id: DEMO.customer, department_id: D.support, subject: "S", message: "M" };
      const files = (n) => Array.from({ length: n }, (_, i) => [`attachment[${i}]`, `f${i}`, `f${i}.txt`]);
      let r = await post("ticket/new", base, files(25));
      okEnvelope(r);
      assert.equal((await detail(r.body.ticket_id)).attachments.length, 25);
      businessError(await post("ticket/new", base, files(26)), /25 anexos/);
      const half = Buffer.alloc(13 * 1024 * 1024, 1); // 2 × 13 MiB = 26 MiB > 25 MiB
      r = await post("ticket/new", base, [["attachment[0]", half, "a.bin"], ["attachment[1]", half, "b.bin"]]);
      businessError(r, /25 MB/);
      assert.equal(fake.store().tickets.length, SEED.counts.tickets + 1);
    });
  });

  describe("replies, comment, finish, evaluation", () => {
    test("customer reply: sender C, situation 3, last_update moves; attachments kept", async () => {
      const before = stored(V.withOperator);
      const t0 = Date.now();
      const r = await post("ticket/reply/customer", { ticket_id: V.withOperator, message: "Segue o print." }, [["attachment[0]", "PNG…", "print.png", "image/png"]]);
      okEnvelope(r);
      assert.deepEqual(r.body, { error: false, message: r.body.message, success: true });
      const t = await detail(V.withOperator);
      const last = t.replies.at(-1);
      assert.equal(t.replies.length, before.historico.length + 1);
      assert.equal(last.sender_type, "C");
      assert.equal(last.message, "Segue o print.");
      assert.equal(last.operator, null);
      assert.deepEqual(last.attachments.map((a) => a.name), ["print.png"]);
      assert.match(last.date, V2_DATE);
      assert.equal(t.situation.id, 3);
      const after = stored(V.withOperator);
      assert.notEqual(after.last_update, before.last_update);
      const since = await v2("ticket/list", { last_update_ge: brt(t0 - 2000) });
      assert.deepEqual(since.body.data.map((x) => x.id), [V.withOperator]);
    });

    test("operator reply with an operator linked: sender A with the operator, situation 2", async () => {
      const r = await post("ticket/reply/operator", { ticket_id: V.withOperator, message: "Resolvido?" });
      okEnvelope(r);
      const t = await detail(V.withOperator);
      const last = t.replies.at(-1);
      assert.equal(last.sender_type, "A");
      assert.deepEqual(last.operator, t.operator);
      assert.ok(t.operator.id);
      assert.equal(t.situation.id, 2);
    });

    test("quirk: operator reply with NO operator linked is stored as the customer's, with success", async () => {
      const t0 = await detail(V.notStarted);
      assert.equal(t0.operator.id, null);
      const r = await post("ticket/reply/operator", { ticket_id: V.notStarted, message: "Sou o atendente" });
      okEnvelope(r);
      const t = await detail(V.notStarted);
      assert.equal(t.replies.length, 1);
      assert.equal(t.replies[0].sender_type, "C");
      assert.equal(t.replies[0].operator, null);
      assert.equal(t.situation.id, 3);
    });

    test("comment: internal note (sender I); hidden from the legacy history", async () => {
      const before = (await detail(V.withOperator)).replies.length;
      okEnvelope(await post("ticket/comment", { ticket_id: V.withOperator, comment: "Nota interna" }));
      const t = await detail(V.withOperator);
      assert.equal(t.replies.length, before + 1);
      assert.equal(t.replies.at(-1).sender_type, "I");
      assert.equal(t.replies.at(-1).message, "Nota interna");
      const legacy = await chamado(V.withOperator);
      assert.ok(legacy.body.historico.every((h) => h.origem !== "I"));
      assert.equal(legacy.body.historico.length, before);
      businessError(await post("ticket/comment", { ticket_id: V.withOperator }), /comment/);
    });

    test("finish: situation 5, end_date, work_time += 60 × time_work; finishing twice is refused; then evaluation", async () => {
      const before = await detail(V.withOperator);
      businessError(await post("ticket/evaluation", { ticket_id: V.withOperator, problem_solved: "Y", grade: "4" }), /finalizados/);
      okEnvelope(await post("ticket/finish", { ticket_id: V.withOperator, message: "Encerrando.", time_work: "15" }));
      const t = await detail(V.withOperator);
      assert.equal(t.situation.id, 5);
      assert.match(t.end_date, V2_DATE);
      assert.equal(t.work_time, before.work_time + 900);
      assert.equal(t.replies.at(-1).message, "Encerrando.");
      assert.equal(t.evaluation, null);
      businessError(await post("ticket/finish", { ticket_id: V.withOperator, message: "de novo" }), /finalizado/);
      businessError(await post("ticket/finish", { ticket_id: V.notStarted, message: "x", time_work: "1.5" }), /time_work/);
      okEnvelope(await post("ticket/evaluation", { ticket_id: V.withOperator, problem_solved: "N", grade: "2", comment: "Demorou" }));
      assert.deepEqual((await detail(V.withOperator)).evaluation, { problem_solved: "N", grade: 2, comment: "Demorou" });
      const s = stored(V.withOperator);
      assert.deepEqual([s.avaliadoproblemaresolvido, s.avaliadoatendimento], ["N", "R"]);
      assert.deepEqual((await detail(V.evaluated)).evaluation.problem_solved.length, 1);
    });

    test("evaluation validation: Y/N, grade 1–5, comment ≤ 4096", async () => {
      businessError(await post("ticket/evaluation", { ticket_id: V.finished, problem_solved: "S", grade: "5" }), /problem_solved/);
      businessError(await post("ticket/evaluation", { ticket_id: V.finished, problem_solved: "Y", grade: "6" }), /grade/);
      businessError(await post("ticket/evaluation", { ticket_id: V.finished, problem_solved: "Y", grade: "5", comment: "é".repeat(4097) }), /comment/);
      okEnvelope(await post("ticket/evaluation", { ticket_id: V.finished, problem_solved: "Y", grade: "5", comment: "é".repeat(4096) }));
      assert.equal((await detail(V.finished)).evaluation.grade, 5);
    });

    test("writes on an unknown ticket → 404 envelope; JSON body → no form → business error", async () => {
      for (const p of ["ticket/reply/customer", "ticket/reply/operator", "ticket/finish"]) notFound(await post(p, { ticket_id: SEED.missing.ticket, message: "x" }), /Chamado/);
      notFound(await post("ticket/comment", { ticket_id: SEED.missing.ticket, comment: "x" }));
      notFound(await post("ticket/operator/link", { ticket_id: SEED.missing.ticket, operator_id: OP.carlos }));
      const r = await json("/v2.0/ticket/reply/customer", { method: "POST", headers: { ...BEARER, "Content-Type": "application/json" }, body: JSON.stringify({ ticket_id: V.withOperator, message: "x" }) });
      businessError(r, /ticket_id/);
    });
  });

  describe("transfer and operator/link", () => {
    test("transfer is refused without an operator linked (HTTP 200 business error)", async () => {
      const r = await post("ticket/transfer", { ticket_id: V.notStarted, department_id: D.dev });
      businessError(r);
      assert.equal(r.body.message, "Não é possível transferir chamados sem atendentes");
      assert.equal(stored(V.notStarted).department_id, (await detail(V.notStarted)).department.id);
    });

    test("transfer sets the department and clears the operator; link then needs an operator of that department; a second link is refused", async () => {
      const before = await detail(V.withOperator);
      assert.ok(before.operator.id);
      businessError(await post("ticket/transfer", { ticket_id: V.withOperator }), /department_id/);
      businessError(await post("ticket/transfer", { ticket_id: V.withOperator, department_id: SEED.missing.ticket }), /Departamento/);
      okEnvelope(await post("ticket/transfer", { ticket_id: V.withOperator, department_id: D.dev }));
      let t = await detail(V.withOperator);
      assert.deepEqual(t.department, { id: D.dev, name: "Desenvolvimento" });
      assert.deepEqual(t.operator, { id: null, name: null });
      // now no operator: transfer refused again
      businessError(await post("ticket/transfer", { ticket_id: V.withOperator, department_id: D.support }), /sem atendentes/);
      // Diego serves Infraestrutura only
      businessError(await post("ticket/operator/link", { ticket_id: V.withOperator, operator_id: OP.diego }), /departamento/);
      businessError(await post("ticket/operator/link", { ticket_id: V.withOperator, operator_id: SEED.missing.ticket }), /Atendente/);
      okEnvelope(await post("ticket/operator/link", { ticket_id: V.withOperator, operator_id: OP.gustavo }));
      t = await detail(V.withOperator);
      assert.deepEqual(t.operator, { id: OP.gustavo, name: "Gustavo Pereira" });
      const again = await post("ticket/operator/link", { ticket_id: V.withOperator, operator_id: OP.gustavo });
      businessError(again);
      assert.equal(again.body.message, "This ticket does not allow adding an operator");
      // in the list too
      const l = await v2("ticket/list", { department_id: D.dev, min_protocol: String(t.protocol), max_protocol: String(t.protocol) });
      assert.deepEqual(l.body.data[0].operator, { id: OP.gustavo, name: "Gustavo Pereira" });
      // transfer to the same department = unlink (operator_id is checked, not applied)
      okEnvelope(await post("ticket/transfer", { ticket_id: V.withOperator, operator_id: OP.beatriz }));
      t = await detail(V.withOperator);
      assert.deepEqual([t.department.id, t.operator.id], [D.dev, null]);
    });
  });

  describe("customers", () => {
    test("customer/list: 3 pages (50, 50, 24); wire keys monthly_tickets_quota and {field_id, field_name, value}", async () => {
      const p1 = await v2("customer/list");
      okEnvelope(p1);
      assert.deepEqual([p1.body.size, p1.body.pages, p1.body.next_page, p1.body.previous_page, p1.body.data.length], [124, 3, 2, null, 50]);
      const maria = p1.body.data.find((c) => c.internal_id === "cli-001");
      assert.deepEqual(Object.keys(maria), ["id", "internal_id", "name", "email", "phone", "monthly_tickets_quota", "allowed_create_tickets", "email_validated", "active", "account_approved", "organization", "creation_date", "custom_fields"]);
      assert.equal(maria.id, DEMO.customerRef);
      assert.deepEqual(maria.organization, { id: SEED.organizations.acme, name: "ACME Brasil Ltda" });
      assert.equal(maria.monthly_tickets_quota, null);
      assert.match(maria.creation_date, V2_DATE);
      assert.deepEqual(maria.custom_fields[0], { field_id: SEED.customFields.plan, field_name: "Plano", value: "Enterprise" });
      assert.equal(p1.body.data.find((c) => c.internal_id === "cli-002").monthly_tickets_quota, 10);
      const p3 = await v2("customer/list", { page: "3" });
      assert.deepEqual([p3.body.data.length, p3.body.next_page, p3.body.previous_page], [24, null, 2]);
      notFound(await v2("customer/list", { page: "4" }));
    });

    test("customer/new, customer/update and the legacy update show up in customer/list", async () => {
      okEnvelope(await post("customer/new", { customer_id: "novo-1", name: "Novo Cliente", email: "novo@exemplo.com.br" }));
      okEnvelope(await post("customer/update", { customer_id: "cli-002", customer_type_id: "I", name: "João S.", create_tickets: "1", [`custom_field[${SEED.customFields.vip}]`]: "sim" }));
      const up = await updateCliente("cli-003", "I", urlencoded({ telefone: "11 1234-5678" }));
      assert.equal(up.body.erro, false);
      const all = [];
      for (let page = 1; page <= 3; page++) all.push(...(await v2("customer/list", { page: String(page) })).body.data);
      assert.equal(all.length, 125);
      assert.equal(all.at(-1).internal_id, "novo-1", "newest last");
      const joao = all.find((c) => c.internal_id === "cli-002");
      assert.equal(joao.name, "João S.");
      assert.equal(joao.allowed_create_tickets, true);
      assert.deepEqual(joao.custom_fields, [{ field_id: SEED.customFields.vip, field_name: "Cliente VIP", value: "sim" }]);
      assert.equal(all.find((c) => c.internal_id === "cli-003").phone, "11 1234-5678");
    });

    test("customer/update: partial; internal_id only with type E (re-keys, keeps id); validation; unknown → 404 envelope", async () => {
      const before = await storeCustomer("cli-001");
      okEnvelope(await post("customer/update", { customer_id: "cli-001", customer_type_id: "I", phone: "", language: "en-US" }));
      let c = await storeCustomer("cli-001");
      assert.equal(c.phone, null);
      assert.equal(c.language, "en-US");
      for (const k of ["name", "email", "organization_id", "portfolio_id", "allowed_create_tickets"]) assert.deepEqual(c[k], before[k], k);
      const r = await post("customer/update", { customer_id: "cli-001", customer_type_id: "I", internal_id: "x", name: "Nope" });
      businessError(r, /internal_id/);
      assert.equal((await storeCustomer("cli-001")).name, "Maria Silva");
      okEnvelope(await post("customer/update", { customer_id: "JOAO.SOUZA@example.com", customer_type_id: "E", internal_id: "cli-002b" }));
      c = await storeCustomer("cli-002b");
      assert.equal(c.id, SEED.customerRefs.noOrg, "the v2 id stays");
      assert.equal(await storeCustomer("cli-002"), undefined);
      assert.equal((await details("cli-002b")).status, 200);
      // the customer's tickets follow (by id)
      const l = await v2("ticket/list", { customer_id: "cli-002b" });
      assert.ok(l.body.size > 0 && l.body.data.every((t) => t.customer.internal_id === "cli-002b"));
      businessError(await post("customer/update", { customer_id: "cli-001", customer_type_id: "I", email: "joao.souza@example.com" }), /email/i);
      businessError(await post("customer/update", { customer_id: "cli-001", customer_type_id: "I", create_tickets: "sim" }), /create_tickets/);
      businessError(await post("customer/update", { customer_id: "cli-001", customer_type_id: "I", organization_id: "nope" }), /Organiza/);
      businessError(await post("customer/update", { customer_id: "cli-001" }), /customer_type_id/);
      businessError(await post("customer/update", { customer_id: "cli-001", customer_type_id: "Z" }), /customer_type_id/);
      notFound(await post("customer/update", { customer_id: SEED.missing.customer, customer_type_id: "I", name: "X" }), /Cliente não encontrado/);
    });

    test("customer/exists stays; customers/exists is the server's plain 404 page (no envelope)", async () => {
      let r = await json("/v2.0/customer/exists?customer_id=cli-001", { headers: BEARER });
      assert.deepEqual([r.status, r.body.data], [200, { exists: true }]);
      r = await json(`/v2.0/customer/exists?customer_id=${SEED.missing.customer}`, { headers: BEARER });
      notFound(r);
      const res = await api("/v2.0/customers/exists?customer_id=cli-001", { headers: BEARER });
      assert.equal(res.status, 404);
      assert.match(res.headers.get("content-type"), /^text\/html/);
      assert.equal(await res.text(), NGINX_404);
      assert.equal(lastReq().status, 404);
      // without a token too: the route is not there at all (no 401)
      assert.equal((await api("/v2.0/customers/exists")).status, 404);
      // unknown paths outside /v2.0 keep the JSON envelope
      assert.equal((await json("/nope/here")).body.error, true);
    });

    test("customer/blacklist/search: seeded e-mails, case-insensitive; e-mail required", async () => {
      let r = await v2("customer/blacklist/search", { email: "SPAM@golpe.example" });
      okEnvelope(r);
      assert.deepEqual(Object.keys(r.body), ["error", "message", "success", "data"]);
      assert.deepEqual(r.body.data, { blacklisted: true });
      r = await v2("customer/blacklist/search", { email: "phishing@fraude.example" });
      assert.equal(r.body.data.blacklisted, true);
      r = await v2("customer/blacklist/search", { email: DEMO.email });
      okEnvelope(r);
      assert.deepEqual(r.body.data, { blacklisted: false });
      businessError(await v2("customer/blacklist/search"), /email/);
      assert.equal(SEED.blacklist.length, 3);
    });
  });

  describe("organisations, departments, fields, operators", () => {
    test("organization/list: 66 in 2 pages, items {id, name}", async () => {
      const p1 = await v2("organization/list");
      okEnvelope(p1);
      assert.deepEqual([p1.body.size, p1.body.pages, p1.body.next_page, p1.body.data.length], [66, 2, 2, 50]);
      for (const o of p1.body.data) assert.deepEqual(Object.keys(o), ["id", "name"]);
      assert.deepEqual(p1.body.data[0], { id: SEED.organizations.acme, name: "ACME Brasil Ltda" });
      const p2 = await v2("organization/list", { page: "2" });
      assert.deepEqual([p2.body.data.length, p2.body.next_page, p2.body.previous_page], [16, null, 1]);
      assert.equal(new Set([...p1.body.data, ...p2.body.data].map((o) => o.id)).size, 66);
    });

    test("department/list: flat {id, name}; nested with categories, general fields and operators; a field repeats across categories", async () => {
      let r = await v2("department/list");
      okEnvelope(r);
      assert.equal(r.body.size, 6);
      for (const d of r.body.data) assert.deepEqual(Object.keys(d), ["id", "name"]);
      assert.deepEqual(await v2("department/list", { show_nested_items: "0" }).then((x) => x.body.data), r.body.data);
      r = await v2("department/list", { show_nested_items: "1" });
      const support = r.body.data.find((d) => d.id === D.support);
      assert.deepEqual(Object.keys(support), ["id", "name", "categories", "general_custom_fields", "operators"]);
      assert.deepEqual(Object.keys(support.categories[0]), ["id", "name", "custom_fields"]);
      assert.deepEqual(support.operators, [{ id: OP.carlos, name: "Carlos Andrade" }, { id: OP.beatriz, name: "Beatriz Lima" }]);
      assert.deepEqual(support.general_custom_fields, { tickets: [{ id: TF.env, label: "Ambiente" }, { id: TF.module, label: "Módulo do sistema" }] });
      const cats = r.body.data.flatMap((d) => d.categories);
      const withEnv = cats.filter((c) => c.custom_fields.some((f) => f.id === TF.env));
      assert.ok(withEnv.length >= 5, "the same field id under many categories");
      assert.ok(cats.some((c) => !c.custom_fields.some((f) => f.id === TF.env)), "and absent from some");
      const sales = r.body.data.find((d) => d.id === D.sales);
      assert.deepEqual([sales.categories, sales.general_custom_fields.tickets, sales.operators], [[], [], []]);
      // the same operator in two departments
      assert.equal(r.body.data.filter((d) => d.operators.some((o) => o.id === OP.carlos)).length, 2);
      businessError(await v2("department/list", { show_nested_items: "yes" }), /show_nested_items/);
    });

    test("custom_field/department/list: department's general fields, or the category's", async () => {
      let r = await v2("custom_field/department/list", { department_id: D.support });
      okEnvelope(r);
      assert.deepEqual([r.body.size, r.body.data], [2, [{ id: TF.env, label: "Ambiente" }, { id: TF.module, label: "Módulo do sistema" }]]);
      r = await v2("custom_field/department/list", { department_id: D.support, category_id: SEED.categories.support.integrations });
      assert.deepEqual(r.body.data.map((f) => f.id), [TF.env, TF.module, TF.version]);
      r = await v2("custom_field/department/list", { department_id: D.service, category_id: SEED.categories.service.questions });
      assert.deepEqual([r.body.size, r.body.data], [0, []]);
      businessError(await v2("custom_field/department/list"), /department_id/);
      notFound(await v2("custom_field/department/list", { department_id: SEED.missing.ticket }), /Departamento/);
      notFound(await v2("custom_field/department/list", { department_id: D.support, category_id: SEED.categories.dev.bugs }), /Categoria/);
    });

    test("department/operator/list: {id, name, mail_hash}; plan \"basic\" → 403 envelope", async () => {
      let r = await v2("department/operator/list", { department_id: D.infra });
      okEnvelope(r);
      assert.equal(r.body.size, 2);
      assert.deepEqual(r.body.data.map((o) => o.name), ["Carlos Andrade", "Diego Ramos"]);
      for (const o of r.body.data) {
        assert.deepEqual(Object.keys(o), ["id", "name", "mail_hash"]);
        assert.match(o.mail_hash, HEX32);
      }
      assert.deepEqual((await v2("department/operator/list", { department_id: D.sales })).body.data, []);
      businessError(await v2("department/operator/list"), /department_id/);
      notFound(await v2("department/operator/list", { department_id: SEED.missing.ticket }));
      const cfg = await control("/config", "POST", { plan: "basic" });
      assert.equal(cfg.body.config.plan, "basic");
      r = await v2("department/operator/list", { department_id: D.infra });
      assert.equal(r.status, 403);
      assert.deepEqual(Object.keys(r.body), ["error", "message", "success"]);
      assert.equal(r.body.error, true);
      assert.match(r.body.message, /Premium/);
      assert.match(r.body.message, /Enterprise/);
      // other calls are not affected
      okEnvelope(await v2("department/list"));
      assert.equal((await control("/config", "POST", { plan: "gold" })).status, 400);
    });
  });

  describe("chat/list", () => {
    test("70 chats in 2 pages; item keys; filters: customer, department, organisation (or its mother), protocol, dates", async () => {
      const p1 = await v2("chat/list");
      okEnvelope(p1);
      assert.deepEqual([p1.body.size, p1.body.pages, p1.body.next_page, p1.body.data.length], [70, 2, 2, 50]);
      const c = p1.body.data[0];
      assert.deepEqual(Object.keys(c), ["id", "protocol", "situation", "customer", "department", "operator", "creation_date", "end_date"]);
      assert.deepEqual(Object.keys(c.customer), ["id", "internal_id", "name", "email"]);
      assert.match(c.creation_date, V2_DATE);
      const p2 = await v2("chat/list", { page: "2" });
      assert.deepEqual([p2.body.data.length, p2.body.next_page], [20, null]);
      notFound(await v2("chat/list", { page: "3" }));
      let r = await v2("chat/list", { customer_id: DEMO.email, customer_type_id: "E" });
      assert.equal(r.body.size, DEMO.chats);
      assert.ok(r.body.data.every((x) => x.customer.internal_id === DEMO.customer));
      assert.ok(r.body.data.some((x) => x.operator.id === null) && r.body.data.some((x) => x.operator.id !== null));
      r = await v2("chat/list", { department_id: D.finance });
      assert.ok(r.body.size > 0 && r.body.data.every((x) => x.department.id === D.finance));
      // Maria's organisation is ACME, whose mother is ACME Holding
      const acme = await v2("chat/list", { organization_id: SEED.organizations.acme });
      const holding = await v2("chat/list", { organization_id: SEED.organizations.holding });
      assert.ok(acme.body.size >= DEMO.chats);
      assert.ok(holding.body.size >= acme.body.size);
      r = await v2("chat/list", { min_protocol: "9010", max_protocol: "9010" });
      assert.deepEqual(r.body.data.map((x) => x.protocol), [9010]);
      r = await v2("chat/list", { creation_date_ge: "2026-02-01 00:00:00-0300", creation_date_le: "2026-02-28 23:59:59-0300" });
      assert.ok(r.body.size > 0 && r.body.data.every((x) => x.creation_date.startsWith("2026-02")));
      businessError(await v2("chat/list", { creation_date_le: "ontem" }), /creation_date_le/);
    });
  });

  describe("auth, methods, faults, reset", () => {
    const routes = [
      ["GET", "ticket/list"], ["GET", "ticket/detail"], ["POST", "ticket/new"], ["POST", "ticket/reply/customer"], ["POST", "ticket/reply/operator"],
      ["POST", "ticket/comment"], ["POST", "ticket/finish"], ["POST", "ticket/transfer"], ["POST", "ticket/operator/link"], ["POST", "ticket/evaluation"],
      ["GET", "customer/list"], ["POST", "customer/update"], ["GET", "customer/blacklist/search"], ["GET", "organization/list"], ["GET", "department/list"],
      ["GET", "custom_field/department/list"], ["GET", "department/operator/list"], ["GET", "chat/list"],
    ];
    test("every new route: 401 envelope without/with a wrong token; 405 on the other method", async () => {
      for (const [method, p] of routes) {
        let r = await json(`/v2.0/${p}`, { method });
        assert.equal(r.status, 401, p);
        assert.deepEqual(r.body, { error: true, message: "Token de acesso não informado", success: false });
        r = await json(`/v2.0/${p}`, { method, headers: { Authorization: "Bearer nope" } });
        assert.deepEqual([r.status, r.body.message], [401, "Token inválido"]);
        r = await json(`/v2.0/${p}`, { method: method === "GET" ? "POST" : "GET", headers: BEARER });
        assert.equal(r.status, 405, p);
        assert.equal(r.res.headers.get("allow"), method);
      }
    });

    test("html and businessError faults on the new routes; the handler does not run", async () => {
      fake.setFault({ kind: "html", path: "/v2.0/ticket/list" });
      let res = await api("/v2.0/ticket/list", { headers: BEARER });
      assert.equal(res.status, 502);
      assert.match(res.headers.get("content-type"), /^text\/html/);
      assert.match(await res.text(), /<html>/);
      fake.setFault({ kind: "businessError", path: "/v2.0/ticket/new", message: "Falha simulada" });
      const r = await post("ticket/new", { customer_id: DEMO.customer, department_id: D.support, subject: "S", message: "M" });
      assert.deepEqual([r.status, r.body], [200, { error: true, message: "Falha simulada", success: false }]);
      assert.equal(fake.store().tickets.length, SEED.counts.tickets);
      fake.setFault({ kind: "status", status: 503, path: "/v2.0/chat/list" });
      assert.equal((await v2("chat/list")).status, 503);
      assert.deepEqual(fake.requests.map((q) => q.fault), ["html", "businessError", "status"]);
    });

    test("reset restores the v2 state", async () => {
      const r = await post("ticket/new", { customer_id: DEMO.customer, department_id: D.support, subject: "S", message: "M" });
      await post("ticket/reply/customer", { ticket_id: V.withOperator, message: "x" });
      assert.equal(fake.store().tickets.length, SEED.counts.tickets + 1);
      await control("/reset", "POST");
      assert.equal(fake.store().tickets.length, SEED.counts.tickets);
      assert.equal(stored(r.body.ticket_id), undefined);
      assert.equal((await detail(V.withOperator)).situation.id, 2);
      // deterministic: the same call gives the same id and protocol again
      const again = await post("ticket/new", { customer_id: DEMO.customer, department_id: D.support, subject: "S", message: "M" });
      assert.deepEqual([again.body.ticket_id, again.body.protocol], [r.body.ticket_id, r.body.protocol]);
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
    // v2: nginx's stock HTML page (the live API's 429 is not JSON); legacy keeps its JSON envelope
    assert.match(fourth.headers.get("content-type"), /^text\/html/);
    assert.equal(await fourth.text(), NGINX_429);
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

  test("the new v2 routes are limited too: 429 with nginx's HTML page, no Retry-After; legacy stays JSON", async () => {
    rl.reset();
    rl.setConfig({ rps: 1 });
    const list = () => fetch(`${rl.url}/v2.0/ticket/list?customer_id=cli-001`, { headers: BEARER });
    const first = await list();
    assert.equal(first.status, 200);
    assert.equal((await first.json()).size, SEED.demo.tickets);
    const second = await list();
    assert.equal(second.status, 429);
    assert.equal(second.headers.get("content-type"), "text/html");
    assert.equal(second.headers.get("retry-after"), null);
    assert.equal(await second.text(), NGINX_429);
    const legacy = await fetch(`${rl.url}/chamado/${TOKEN}/${SEED.tickets.rich}`);
    assert.equal(legacy.status, 429);
    assert.deepEqual(await legacy.json(), { erro: true, mensagem: "Limite de requisições excedido" });
    assert.deepEqual(rl.requests.map((r) => r.status), [200, 429, 429]);
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
