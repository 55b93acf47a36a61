#!/usr/bin/env node
// Local fake of the TomTicket API, with state: v2.0 customers (details, new, exists, list,
// update, blacklist/search), tickets (list, detail, new, reply/customer, reply/operator,
// comment, finish, transfer, operator/link, evaluation), organization/list, department/list,
// custom_field/department/list, department/operator/list, chat/list; legacy update_cliente +
// chamado. Modelled on the pages in /work/shared/spec; the v2 wire contract is docs/v2-calls.md.
//
// Zero npm dependencies (node:http only). Usable as a module:
//
//   import { startFake, SEED } from "./tomticket-fake.mjs";
//   const fake = await startFake({ port: 0, host: "127.0.0.1", token: "test-token", rps: 3 });
//   ... fake.url, fake.requests, fake.setFault({...}), fake.reset(), fake.setConfig({...})
//   await fake.close();
//
// or as a CLI:
//
//   node tests/fake/tomticket-fake.mjs [--port 0] [--token test-token] [--rps 3]
//        [--deviations] [--past-end 404|empty] [--plan basic|premium|enterprise] [--ready-file PATH]
//   → prints exactly one line `FAKE_TOMTICKET_URL=http://127.0.0.1:<port>` when ready.
//
// See README.md next to this file for the control API (/__control/*), the seeds and
// the fault kinds.

import http from "node:http";
import fs from "node:fs";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

// ---------------------------------------------------------------------------
// Seed data
// ---------------------------------------------------------------------------

export const DEFAULT_TOKEN = "test-token";

/** Deterministic 32-char lowercase hex id derived from a label (used for inner ids). */
const hexId = (label) => createHash("md5").update(label).digest("hex");

const ORG = {
  acme: "5d41402abc4b2a76b9719d911017c592", // ACME Brasil Ltda (mother: holding), unlimited quota
  holding: "7215ee9c7d9dc229d2921a40e899ec5f", // ACME Holding S.A. (mother organization)
  beta: "b2a1c3d4e5f60718293a4b5c6d7e8f90", // Beta Comércio ME, quota 20, no mother
  gamma: "3c59dc048e8850243be8079a5c74d079", // Gamma Serviços (INACTIVE), quota 3, no mother
};

const CF = {
  plan: "a1b2c3d4e5f60718293a4b5c6d7e8f01", // "Plano"                 string
  licenses: "a1b2c3d4e5f60718293a4b5c6d7e8f02", // "Número de licenças"  number
  vip: "a1b2c3d4e5f60718293a4b5c6d7e8f03", // "Cliente VIP"            boolean
  notes: "a1b2c3d4e5f60718293a4b5c6d7e8f04", // "Observações"          null
  products: "a1b2c3d4e5f60718293a4b5c6d7e8f05", // "Produtos contratados" array
};

const TCF = {
  nfe: "e1f2a3b4c5d6e7f8091a2b3c4d5e6f71", // ticket custom field "Número da NF-e"
  env: "e1f2a3b4c5d6e7f8091a2b3c4d5e6f72", // ticket custom field "Ambiente"
  module: "e1f2a3b4c5d6e7f8091a2b3c4d5e6f73", // ticket custom field "Módulo do sistema"
  version: "e1f2a3b4c5d6e7f8091a2b3c4d5e6f74", // ticket custom field "Versão"
  contract: "e1f2a3b4c5d6e7f8091a2b3c4d5e6f75", // ticket custom field "Número do contrato"
};

const PORTFOLIO = {
  south: "8f14e45fceea167a5a36dedd4bea2543",
  north: "c9f0f895fb98ab9159f51fd0297e236d",
};

const TICKET = {
  rich: "9f3c1a2b4d5e6f708192a3b4c5d6e7f8",
  minimal: "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
  child: "c4f5e6d7a8b9c0d1e2f3a4b5c6d7e8f9", // escalated child of rich (tipochamado I)
  child2: "d8e9f0a1b2c3d4e5f60718293a4b5c6d", // second escalated child of rich (tipochamado E)
};

const deepFreeze = (o) => {
  if (o && typeof o === "object") {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
};

// ---------------------------------------------------------------------------
// v2 catalogue: departments, categories, ticket custom fields, operators, statuses, tags
// (static: no v2 call changes them; ids are deterministic md5s of a label)
// ---------------------------------------------------------------------------

const DEPARTMENT = {
  support: hexId("department:support"), // Suporte Técnico
  service: hexId("department:service"), // Atendimento
  infra: hexId("department:infra"), // Infraestrutura
  dev: hexId("department:dev"), // Desenvolvimento
  finance: hexId("department:finance"), // Financeiro
  sales: hexId("department:sales"), // Comercial: no categories, no operators, no tickets
};

const OPERATOR = {
  carlos: hexId("operator:carlos"),
  beatriz: hexId("operator:beatriz"),
  diego: hexId("operator:diego"),
  fernanda: hexId("operator:fernanda"),
  gustavo: hexId("operator:gustavo"),
  helena: hexId("operator:helena"),
};

/** Operators and the departments they serve (there is no global operator list on the wire). */
const OPERATORS = [
  { id: OPERATOR.carlos, name: "Carlos Andrade", email: "carlos.andrade@suporte.tomticket.example", departments: ["support", "infra"] },
  { id: OPERATOR.beatriz, name: "Beatriz Lima", email: "beatriz.lima@suporte.tomticket.example", departments: ["support", "dev"] },
  { id: OPERATOR.diego, name: "Diego Ramos", email: "diego.ramos@suporte.tomticket.example", departments: ["infra"] },
  { id: OPERATOR.fernanda, name: "Fernanda Costa", email: "fernanda.costa@suporte.tomticket.example", departments: ["service", "finance"] },
  { id: OPERATOR.gustavo, name: "Gustavo Pereira", email: "gustavo.pereira@suporte.tomticket.example", departments: ["dev"] },
  { id: OPERATOR.helena, name: "Helena Rocha", email: "helena.rocha@suporte.tomticket.example", departments: ["service"] },
];

const TICKET_FIELD_LABELS = {
  [TCF.nfe]: "Número da NF-e",
  [TCF.env]: "Ambiente",
  [TCF.module]: "Módulo do sistema",
  [TCF.version]: "Versão",
  [TCF.contract]: "Número do contrato",
};

/** Departments with their categories (and each category's ticket fields) and general ticket fields.
 *  `Ambiente` (TCF.env) repeats under six categories and is absent from the others, as on a live account. */
const DEPARTMENT_DEFS = [
  {
    key: "support",
    name: "Suporte Técnico",
    general: ["env", "module"],
    categories: [
      { key: "finance", name: "Financeiro", fields: ["nfe"] },
      { key: "invoice", name: "Nota fiscal", fields: ["nfe", "env", "module"] },
      { key: "access", name: "Acesso e senha", fields: ["env"] },
      { key: "integrations", name: "Integrações", fields: ["env", "module", "version"] },
    ],
  },
  {
    key: "service",
    name: "Atendimento",
    general: [],
    categories: [
      { key: "questions", name: "Dúvidas", fields: [] },
      { key: "registration", name: "Cadastro", fields: ["contract"] },
    ],
  },
  {
    key: "infra",
    name: "Infraestrutura",
    general: ["env"],
    categories: [
      { key: "certificates", name: "Certificados", fields: ["env"] },
      { key: "servers", name: "Servidores", fields: ["env", "version"] },
    ],
  },
  {
    key: "dev",
    name: "Desenvolvimento",
    general: ["module", "version"],
    categories: [
      { key: "bugs", name: "Bugs", fields: ["env", "module", "version"] },
      { key: "improvements", name: "Melhorias", fields: ["module"] },
    ],
  },
  {
    key: "finance",
    name: "Financeiro",
    general: ["contract"],
    categories: [
      { key: "billing", name: "Boletos", fields: ["contract", "nfe"] },
      { key: "collection", name: "Cobrança", fields: ["contract"] },
    ],
  },
  { key: "sales", name: "Comercial", general: [], categories: [] },
];

/** SEED.categories.<department>.<category> → id */
const CATEGORY = Object.fromEntries(
  DEPARTMENT_DEFS.map((d) => [d.key, Object.fromEntries(d.categories.map((c) => [c.key, hexId(`category:${d.key}:${c.key}`)]))]),
);

/** Resolved catalogue: id → department {id, key, name, categories:[{id,name,fields:[id]}], general:[id], operators:[id]} */
const DEPARTMENTS = DEPARTMENT_DEFS.map((d) => ({
  id: DEPARTMENT[d.key],
  key: d.key,
  name: d.name,
  categories: d.categories.map((c) => ({ id: CATEGORY[d.key][c.key], key: c.key, name: c.name, department_id: DEPARTMENT[d.key], fields: c.fields.map((f) => TCF[f]) })),
  general: d.general.map((f) => TCF[f]),
  operators: OPERATORS.filter((o) => o.departments.includes(d.key)).map((o) => o.id),
}));
const DEPARTMENT_BY_ID = new Map(DEPARTMENTS.map((d) => [d.id, d]));
const DEPARTMENT_BY_KEY = new Map(DEPARTMENTS.map((d) => [d.key, d]));
const CATEGORY_BY_ID = new Map(DEPARTMENTS.flatMap((d) => d.categories.map((c) => [c.id, c])));
const OPERATOR_BY_ID = new Map(OPERATORS.map((o) => [o.id, o]));
const OPERATOR_BY_NAME = new Map(OPERATORS.map((o) => [o.name, o]));

const STATUS = {
  analysis: hexId("status:analysis"),
  waiting: hexId("status:waiting"),
  resolved: hexId("status:resolved"),
  done: hexId("status:done"),
};
const STATUS_NAMES = { [STATUS.analysis]: "Em análise", [STATUS.waiting]: "Aguardando cliente", [STATUS.resolved]: "Resolvido", [STATUS.done]: "Concluído" };
const STATUS_BY_NAME = new Map(Object.entries(STATUS_NAMES).map(([id, name]) => [name, id]));

const TAG = { urgent: hexId("tag:urgent"), invoice: hexId("tag:invoice"), vip: hexId("tag:vip"), callback: hexId("tag:callback") };
const TAG_NAMES = { [TAG.urgent]: "urgente", [TAG.invoice]: "nf-e", [TAG.vip]: "vip", [TAG.callback]: "retorno" };
const tagList = (...ids) => ids.map((id) => ({ id, name: TAG_NAMES[id] }));

/** Ticket situation codes of ticket/list (0–9) and the descriptions the fake gives them. */
const SITUATIONS = {
  0: "Aguardando interação do atendente",
  1: "Não iniciado",
  2: "Respondido pelo atendente, aguardando o cliente",
  3: "Respondido pelo cliente, aguardando resposta",
  4: "Cancelado",
  5: "Finalizado",
  6: "Atendente alterado",
  7: "Enviado para a equipe de suporte",
  8: "Aguardando avaliação do gestor",
  9: "Aguardando avaliação do gestor",
};

/** Chat situations (the fake's own codes: the live values are not documented). */
const CHAT_SITUATIONS = { 1: "Aguardando atendimento", 2: "Em atendimento", 3: "Finalizado", 4: "Abandonado pelo cliente" };

/** Evaluation grade 1–5 ↔ legacy letters (P terrible … O excellent). */
const GRADE_LETTER = { 1: "P", 2: "R", 3: "M", 4: "B", 5: "O" };
const LETTER_GRADE = { P: 1, R: 2, M: 3, B: 4, O: 5 };

const BLACKLIST = ["spam@golpe.example", "bloqueado@exemplo.com.br", "Phishing@Fraude.example"];

// ---- dates: stored as Brasília local time "YYYY-MM-DD HH:MM:SS"; v2 wire adds "-0300" ----
const BRT_MS = 3 * 3600 * 1000;
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
/** epoch ms → "YYYY-MM-DD HH:MM:SS" in Brasília time (UTC−3) */
const fmtLocal = (ms) => new Date(ms - BRT_MS).toISOString().slice(0, 19).replace("T", " ");
/** "YYYY-MM-DD HH:MM:SS" (Brasília) → epoch ms */
const parseLocal = (s) => Date.parse(`${s.replace(" ", "T")}-03:00`);
const v2Date = (s) => (s == null ? null : `${s}-0300`);

// ---- generated seed data (deterministic) ----
const GENERATED_ORGS = 62;
const GENERATED_CUSTOMERS = 120;
const GENERATED_TICKETS = 124;
const GENERATED_CHATS = 70;
/** the customer the portal demo uses (Maria Silva): ≥ 60 tickets, so "my tickets" has two pages */
const DEMO_CUSTOMER = "cli-001";

const ascii = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

function generatedOrganizations() {
  const a = ["Alfa", "Bravo", "Cedro", "Delta", "Estrela", "Farol", "Granito", "Horizonte", "Ipê", "Jatobá", "Lótus", "Mirante", "Nascente", "Órion", "Pampa", "Quartzo", "Rio Claro", "Serra Azul", "Topázio", "Vale Verde", "Urca", "Zênite"];
  const b = ["Comércio", "Serviços", "Tecnologia", "Logística", "Alimentos", "Engenharia"];
  const suffix = ["Ltda", "S.A.", "ME", "EIRELI"];
  const out = [];
  for (let k = 1; k <= GENERATED_ORGS; k++) {
    out.push({
      id: hexId(`organization:${k}`),
      name: `${a[(k - 1) % a.length]} ${b[(k - 1) % b.length]} ${suffix[(k - 1) % suffix.length]}`,
      active: k % 15 !== 0,
      monthly_ticket_quota: k % 4 === 0 ? 5 + (k % 5) * 5 : null,
      allow_create_tickets: k % 11 !== 0,
      mother_id: k % 10 === 0 ? ORG.holding : null,
    });
  }
  return out;
}

function generatedCustomers() {
  const first = ["Ana", "Bruno", "Camila", "Daniel", "Eduarda", "Felipe", "Gabriela", "Henrique", "Isabela", "João Pedro", "Larissa", "Marcos", "Natália", "Otávio", "Patrícia", "Rafael", "Sofia", "Thiago", "Vitória", "William"];
  const last = ["Almeida", "Barbosa", "Cardoso", "Dias", "Esteves", "Ferreira", "Gomes", "Lopes", "Martins", "Nogueira", "Oliveira", "Pinto", "Ribeiro", "Santos", "Teixeira", "Vieira"];
  const orgs = generatedOrganizations();
  const t0 = Date.UTC(2024, 0, 10, 13, 0, 0);
  const out = [];
  for (let k = 1; k <= GENERATED_CUSTOMERS; k++) {
    const f = first[(k - 1) % first.length];
    const l = last[((k - 1) * 7) % last.length];
    const internal_id = `cli-${1000 + k}`;
    const custom_fields =
      k % 4 === 0 ? { [CF.plan]: ["Básico", "Pro", "Enterprise"][k % 3], [CF.licenses]: k % 30 } : k % 4 === 1 ? { [CF.vip]: k % 8 === 1 } : {};
    const digits = String(70000000 + k * 12347).padStart(8, "0");
    out.push({
      id: hexId(`customer:${internal_id}`),
      internal_id,
      name: `${f} ${l}`,
      email: `${ascii(f).replace(/ /g, "")}.${ascii(l)}.${1000 + k}@clientes.exemplo.com.br`,
      phone: k % 5 === 0 ? null : `+55 11 9${digits.slice(0, 4)}-${digits.slice(4)}`,
      monthly_ticket_quota: k % 6 === 0 ? 5 + (k % 4) * 5 : null,
      active: k % 17 !== 0,
      email_validated: k % 3 !== 0,
      allowed_create_tickets: k % 13 !== 0,
      account_approved: k % 9 === 0 ? null : k % 19 !== 0,
      organization_id: k % 3 === 0 ? null : k % 10 === 1 ? ORG.acme : orgs[(k * 5) % orgs.length].id,
      language: k % 7 === 0 ? "en-US" : k % 11 === 0 ? "es_ES" : "pt-BR",
      portfolio_id: k % 8 === 0 ? PORTFOLIO.north : null,
      custom_fields,
      creation_date: fmtLocal(t0 + (k - 1) * 6 * DAY + ((k * 97) % 600) * 60000),
    });
  }
  return out;
}

function seedOrganizations() {
  return new Map(
    [
      { id: ORG.acme, name: "ACME Brasil Ltda", active: true, monthly_ticket_quota: null, allow_create_tickets: true, mother_id: ORG.holding },
      { id: ORG.holding, name: "ACME Holding S.A.", active: true, monthly_ticket_quota: null, allow_create_tickets: true, mother_id: null },
      { id: ORG.beta, name: "Beta Comércio ME", active: true, monthly_ticket_quota: 20, allow_create_tickets: true, mother_id: null },
      { id: ORG.gamma, name: "Gamma Serviços", active: false, monthly_ticket_quota: 3, allow_create_tickets: true, mother_id: null },
      ...generatedOrganizations(),
    ].map((o) => [o.id, o]),
  );
}

const CUSTOM_FIELD_NAMES = {
  [CF.plan]: "Plano",
  [CF.licenses]: "Número de licenças",
  [CF.vip]: "Cliente VIP",
  [CF.notes]: "Observações",
  [CF.products]: "Produtos contratados",
};

function seedCustomers() {
  return new Map(
    [
      {
        id: hexId("customer:cli-001"),
        internal_id: "cli-001",
        name: "Maria Silva",
        email: "maria.silva@acme.com.br",
        phone: "+55 11 98765-4321",
        monthly_ticket_quota: null,
        active: true,
        email_validated: true,
        allowed_create_tickets: true,
        organization_id: ORG.acme,
        language: "pt-BR",
        portfolio_id: PORTFOLIO.south,
        custom_fields: {
          [CF.plan]: "Enterprise",
          [CF.licenses]: 25,
          [CF.vip]: true,
          [CF.notes]: null,
          [CF.products]: ["helpdesk", "chat"],
        },
        account_approved: true,
        creation_date: "2022-03-14 10:22:00",
      },
      {
        id: hexId("customer:cli-002"),
        internal_id: "cli-002",
        name: "João Souza",
        email: "joao.souza@example.com",
        phone: null,
        monthly_ticket_quota: 10,
        active: true,
        email_validated: false,
        allowed_create_tickets: false,
        organization_id: null,
        language: "en-US",
        portfolio_id: null,
        custom_fields: {},
        account_approved: null,
        creation_date: "2023-01-09 15:40:12",
      },
      {
        id: hexId("customer:cli-003"),
        internal_id: "cli-003",
        name: "Carla Menezes",
        email: "carla@beta.com.br",
        phone: "(21) 3333-4444",
        monthly_ticket_quota: 5,
        active: false,
        email_validated: true,
        allowed_create_tickets: true,
        organization_id: ORG.beta,
        language: "es_ES",
        portfolio_id: PORTFOLIO.north,
        custom_fields: { [CF.plan]: "Básico", [CF.licenses]: 1.5, [CF.vip]: false },
        account_approved: false,
        creation_date: "2021-07-30 08:05:59",
      },
      {
        id: hexId("customer:12.345.678/0001-90"),
        internal_id: "12.345.678/0001-90",
        name: "Zé Ninguém & Cia 🚀",
        email: "Ana+Suporte@Exemplo.com.br",
        phone: "0800 123 4567",
        monthly_ticket_quota: null,
        active: true,
        email_validated: true,
        allowed_create_tickets: true,
        organization_id: ORG.gamma,
        language: "pt-BR",
        portfolio_id: null,
        custom_fields: { [CF.products]: [], [CF.notes]: "Linha 1\nLinha 2 \"aspas\" <tag> & ç" },
        account_approved: true,
        creation_date: "2023-10-01 12:00:00",
      },
      ...generatedCustomers(),
    ].map((c) => [c.internal_id, c]),
  );
}

const att = (ticket, nome, tamanhobytes, mimetype) => ({
  nome,
  url: `https://anexos.tomticket.example/${ticket}/${encodeURIComponent(nome)}`,
  tamanhobytes,
  mimetype, // only emitted with deviations: true
});

function seedTickets(customers, organizations) {
  const R = TICKET.rich;
  const rich = {
    idchamado: R,
    protocolo: "4821",
    titulo: "Erro ao emitir nota fiscal — módulo financeiro",
    mensagem: "<p>Olá, ao emitir a NF-e o sistema retorna <b>erro 500</b>. Poderiam verificar? 🙏</p>",
    nomecliente: "Maria Silva",
    email_cliente: "maria.silva@acme.com.br",
    id_cliente: "cli-001",
    nomeorganizacao: "ACME Brasil Ltda",
    prioridade: 3,
    tipochamado: "E",
    tempotrabalho: 9000,
    tempoabertura: 247460,
    data_criacao: "2023-11-02 20:17:45",
    deadline: "2023-11-04 18:00:00",
    valoritemhora: 150.5,
    valoritemhoraextra: 225.75,
    valorfinal: 376.25,
    valorfinalextra: 112.88,
    valorfinalbruto: 489.13,
    avaliadoproblemaresolvido: "S",
    avaliadoatendimento: "O",
    avaliacaocomentario: "Atendimento rápido e eficiente!",
    dataprimeiraresposta: "2023-11-02 20:31:10",
    dataencerramento: "2023-11-03 16:42:05",
    ultimasituacao: "5",
    dataultimasituacao: "2023-11-03 16:42:05",
    sla_inicializacao_cumprido: true,
    sla_deadline_cumprido: null,
    descsituacao: "Finalizada",
    categoria: "Financeiro",
    departamento: "Suporte Técnico",
    atendente: "Carlos Andrade",
    status: "Resolvido",
    dataultimostatus: "2023-11-03 16:40:00",
    anexos: [att(R, "print-erro.png", 48213, "image/png"), att(R, "log nf-e.txt", 1024, "text/plain")],
    historico: [
      {
        id: hexId("rich-h1"),
        origem: "A",
        mensagem: "<p>Olá Maria, recebemos seu chamado e já estamos analisando.</p>",
        atendente: "Carlos Andrade",
        data_hora: "2023-11-02 20:31:10",
        hora_inicio: "2023-11-02 20:25:00",
        hora_fim: "2023-11-02 20:31:00",
        anexos: [],
      },
      {
        id: hexId("rich-h2"),
        origem: "C",
        mensagem: "<p>Obrigada! Segue o XML da nota que falhou.</p>",
        atendente: null,
        data_hora: "2023-11-02 21:02:33",
        hora_inicio: null,
        hora_fim: null,
        anexos: [att(R, "nfe-000123456.xml", 8731, "application/xml")],
      },
      {
        id: hexId("rich-h3"),
        origem: "A",
        mensagem: "<p>Identificamos que o certificado digital A1 expirou em 01/11. Poderia enviar o novo certificado?</p>",
        atendente: "Carlos Andrade",
        data_hora: "2023-11-03 09:15:00",
        hora_inicio: "2023-11-03 08:30:00",
        hora_fim: "2023-11-03 09:15:00",
        anexos: [att(R, "passo-a-passo.pdf", 204800, "application/pdf")],
      },
      {
        id: hexId("rich-h4"),
        origem: "C",
        mensagem: "<p>Certificado renovado e enviado em anexo.</p>",
        atendente: null,
        data_hora: "2023-11-03 11:47:12",
        hora_inicio: null,
        hora_fim: null,
        anexos: [att(R, "certificado.pfx", 5120, "application/x-pkcs12")],
      },
      {
        id: hexId("rich-h5"),
        origem: "A",
        mensagem: "<p>Certificado instalado. Pode testar novamente a emissão?</p>",
        atendente: "Beatriz Lima",
        data_hora: "2023-11-03 14:20:00",
        hora_inicio: "2023-11-03 13:00:00",
        hora_fim: "2023-11-03 14:20:00",
        anexos: [],
      },
      {
        id: hexId("rich-h6"),
        origem: "C",
        mensagem: "<p>Funcionou! Notas emitidas com sucesso. 🎉</p>",
        atendente: null,
        data_hora: "2023-11-03 16:30:41",
        hora_inicio: null,
        hora_fim: null,
        anexos: [],
      },
      {
        id: hexId("rich-h7"),
        origem: "A",
        mensagem: "<p>Ótimo! Estamos finalizando o chamado.</p>",
        atendente: "Carlos Andrade",
        data_hora: "2023-11-03 16:42:05",
        hora_inicio: "2023-11-03 16:35:00",
        hora_fim: "2023-11-03 16:42:00",
        anexos: [],
      },
    ],
    campospersonalizados: [
      { id: TCF.nfe, label: "Número da NF-e", value: "000123456" },
      { id: TCF.env, label: "Ambiente", value: "Produção" },
    ],
    campospersonalizados_finalizados: [
      { label: "Causa raiz", value: "Certificado digital expirado" },
      { label: "Retrabalho", value: "Não" },
    ],
    historico_status: [
      {
        id: hexId("rich-s1"),
        status: "Em análise",
        comentario: "Verificando logs do emissor",
        atendente_inicio: "Carlos Andrade",
        atendente_fim: "Carlos Andrade",
        inicio: "2023-11-02 20:31:10",
        fim: "2023-11-03 09:15:00",
      },
      {
        id: hexId("rich-s2"),
        status: "Aguardando cliente",
        comentario: "Aguardando novo certificado",
        atendente_inicio: "Carlos Andrade",
        atendente_fim: "Beatriz Lima",
        inicio: "2023-11-03 09:15:00",
        fim: "2023-11-03 16:40:00",
      },
      {
        id: hexId("rich-s3"),
        status: "Resolvido",
        comentario: null,
        atendente_inicio: "Beatriz Lima",
        atendente_fim: null,
        inicio: "2023-11-03 16:40:00",
        fim: null,
      },
    ],
    stopwatch: [
      { id: hexId("rich-w1"), start: "2023-11-03 08:30:00", end: "2023-11-03 09:15:00", created_manually: false, operator: "Carlos Andrade" },
      { id: hexId("rich-w2"), start: "2023-11-03 13:00:00", end: "2023-11-03 14:20:00", created_manually: true, operator: "Beatriz Lima" },
      { id: hexId("rich-w3"), start: "2023-11-03 16:35:00", end: "2023-11-03 16:42:00", created_manually: false, operator: "Carlos Andrade" },
    ],
    parent_ticket_id: null,
    _dev: {},
  };

  const minimal = {
    idchamado: TICKET.minimal,
    protocolo: "4822",
    titulo: "Dúvida",
    mensagem: "Como altero minha senha?",
    nomecliente: "João Souza",
    email_cliente: "joao.souza@example.com",
    id_cliente: "cli-002",
    nomeorganizacao: null,
    prioridade: 2,
    tipochamado: "E",
    tempotrabalho: 0,
    tempoabertura: 3600,
    data_criacao: "2023-11-05 09:00:00",
    deadline: null,
    valoritemhora: 0,
    valoritemhoraextra: 0,
    valorfinal: 0,
    valorfinalextra: 0,
    valorfinalbruto: 0,
    avaliadoproblemaresolvido: null,
    avaliadoatendimento: null,
    avaliacaocomentario: null,
    dataprimeiraresposta: null,
    dataencerramento: null,
    ultimasituacao: "7",
    dataultimasituacao: "2023-11-05 09:00:00",
    sla_inicializacao_cumprido: null,
    sla_deadline_cumprido: null,
    descsituacao: "Envio para equipe de suporte",
    categoria: null,
    departamento: "Atendimento",
    atendente: null,
    status: null,
    dataultimostatus: null,
    anexos: [],
    historico: [],
    campospersonalizados: [],
    campospersonalizados_finalizados: [],
    historico_status: [],
    stopwatch: [],
    parent_ticket_id: null,
    _dev: {},
  };

  const child = {
    idchamado: TICKET.child,
    protocolo: "4823",
    titulo: "[Escalonado] Renovar certificado digital do emissor",
    mensagem: "<p>Escalonado do chamado #4821: renovar o certificado A1 no servidor de emissão.</p>",
    nomecliente: "Maria Silva",
    email_cliente: "maria.silva@acme.com.br",
    id_cliente: "cli-001",
    nomeorganizacao: "ACME Brasil Ltda",
    prioridade: 4,
    tipochamado: "I",
    tempotrabalho: 1800,
    tempoabertura: 200000,
    data_criacao: "2023-11-03 09:20:00",
    deadline: "2023-11-03 18:00:00",
    valoritemhora: 150.5,
    valoritemhoraextra: 0,
    valorfinal: 75.25,
    valorfinalextra: 0,
    valorfinalbruto: 75.25,
    avaliadoproblemaresolvido: null,
    avaliadoatendimento: null,
    avaliacaocomentario: null,
    dataprimeiraresposta: "2023-11-03 09:45:00",
    dataencerramento: "2023-11-03 13:05:00",
    ultimasituacao: "5",
    dataultimasituacao: "2023-11-03 13:05:00",
    sla_inicializacao_cumprido: true,
    sla_deadline_cumprido: true,
    descsituacao: "Finalizada",
    categoria: "Certificados",
    departamento: "Infraestrutura",
    atendente: "Diego Ramos",
    status: "Concluído",
    dataultimostatus: "2023-11-03 13:05:00",
    anexos: [],
    historico: [
      {
        id: hexId("child-h1"),
        origem: "A",
        mensagem: "<p>Certificado instalado no servidor.</p>",
        atendente: "Diego Ramos",
        data_hora: "2023-11-03 13:05:00",
        hora_inicio: "2023-11-03 12:35:00",
        hora_fim: "2023-11-03 13:05:00",
        anexos: [],
      },
    ],
    campospersonalizados: [],
    campospersonalizados_finalizados: [],
    historico_status: [],
    stopwatch: [
      { id: hexId("child-w1"), start: "2023-11-03 12:35:00", end: null, created_manually: false, operator: "Diego Ramos" },
    ],
    parent_ticket_id: R,
    _dev: {},
  };

  const child2 = {
    ...structuredClone(minimal),
    idchamado: TICKET.child2,
    protocolo: "4824",
    titulo: "[Escalonado] Ajustar rotina de emissão em lote",
    mensagem: "<p>Escalonado do chamado #4821.</p>",
    nomecliente: "Maria Silva",
    email_cliente: "maria.silva@acme.com.br",
    id_cliente: "cli-001",
    nomeorganizacao: "ACME Brasil Ltda",
    prioridade: 1,
    tipochamado: "E",
    data_criacao: "2023-11-03 10:00:00",
    avaliadoproblemaresolvido: "S",
    avaliadoatendimento: "B",
    avaliacaocomentario: "",
    ultimasituacao: "2",
    descsituacao: "Respondida pelo atendente",
    departamento: "Desenvolvimento",
    atendente: "Beatriz Lima",
    parent_ticket_id: R,
    _dev: { avaliadoproblemaresolvido: true }, // live deviation: boolean true instead of "S"/"1"
  };

  addV2Fields(rich, customers, { department: "support", category: "finance", status: true, last_update: "2023-11-03 16:42:05", tags: tagList(TAG.urgent, TAG.invoice) });
  addV2Fields(minimal, customers, { department: "service", category: null, status: false, last_update: "2023-11-05 09:00:00", tags: [] });
  addV2Fields(child, customers, { department: "infra", category: "certificates", status: true, last_update: "2023-11-03 13:05:00", tags: [] });
  addV2Fields(child2, customers, { department: "dev", category: null, status: false, last_update: "2023-11-03 10:00:00", tags: tagList(TAG.callback) });
  const all = [rich, minimal, child, child2, ...generatedTickets(customers, organizations)];
  return new Map(all.map((t) => [t.idchamado, t]));
}

/** v2 fields of the four hand-written tickets (ids of customer, department, category, operator, …). */
function addV2Fields(t, customers, { department, category, status, last_update, tags }) {
  const c = customers.get(t.id_cliente);
  t.customer_ref = c.id;
  t.department_id = DEPARTMENT[department];
  t.category_id = category ? CATEGORY[department][category] : null;
  t.operator_id = t.atendente ? OPERATOR_BY_NAME.get(t.atendente).id : null;
  t.status_id = status ? STATUS_BY_NAME.get(t.status) : null;
  t.last_update = last_update;
  t.tags = tags;
  t.created_with = null;
  t.dropped_custom_fields = [];
  for (const h of t.historico) h.operator_id = h.atendente ? OPERATOR_BY_NAME.get(h.atendente).id : null;
  return t;
}

const SUBJECTS = [
  "Erro ao emitir boleto",
  "Não consigo acessar o sistema",
  "Dúvida sobre o relatório mensal",
  "Integração com o ERP parou",
  "Lentidão na tela de vendas",
  "Alterar dados cadastrais",
  "Certificado digital vencendo",
  "Sugestão: exportar para Excel",
  "Nota fiscal rejeitada pela SEFAZ",
  "Cobrança em duplicidade",
  "Backup não concluído",
  "Usuário bloqueado após troca de senha",
];

/** GENERATED_TICKETS tickets across 2026: odd numbers belong to the demo customer (cli-001). */
function generatedTickets(customers, orgs) {
  const gen = [...customers.values()].filter((c) => /^cli-1\d{3}$/.test(c.internal_id));
  const ticketDepts = ["support", "service", "infra", "dev", "finance"].map((k) => DEPARTMENT_BY_KEY.get(k));
  const t0 = Date.UTC(2026, 0, 3, 11, 0, 0); // 2026-01-03 08:00:00 in Brasília
  const statusCycle = [STATUS.analysis, STATUS.waiting, STATUS.resolved, STATUS.done];
  const tagCycle = [TAG.urgent, TAG.invoice, TAG.vip, TAG.callback];
  const values = (n) => ({
    [TCF.nfe]: String(100000 + n * 13).padStart(9, "0"),
    [TCF.env]: n % 2 ? "Produção" : "Homologação",
    [TCF.module]: ["Financeiro", "Estoque", "Vendas", "Fiscal"][n % 4],
    [TCF.version]: `3.${n % 7}.${n % 3}`,
    [TCF.contract]: `CT-2026-${String(n).padStart(4, "0")}`,
  });
  const out = [];
  for (let n = 1; n <= GENERATED_TICKETS; n++) {
    const half = Math.floor(n / 2);
    let c;
    if (n % 2 === 1) c = customers.get(DEMO_CUSTOMER);
    else if (half % 10 === 1) c = customers.get("cli-002");
    else if (half % 10 === 5) c = customers.get("cli-003");
    else if (half % 10 === 7) c = customers.get("12.345.678/0001-90");
    else c = gen[(half * 7) % gen.length];
    const org = c.organization_id ? orgs.get(c.organization_id) : null;
    const dept = ticketDepts[n % ticketDepts.length];
    const round = Math.floor(n / ticketDepts.length); // how many times this department came round
    const ci = round % (dept.categories.length + 1);
    const cat = ci < dept.categories.length ? dept.categories[ci] : null;
    const s = (half * 7) % 10;
    const priority = 1 + (Math.floor(n / 3) % 4);
    const op = s === 1 || s === 7 || n % 9 === 0 ? null : OPERATOR_BY_ID.get(dept.operators[round % dept.operators.length]);
    const id = hexId(`ticket:${n}`);
    const created = t0 + (n - 1) * 2.6 * DAY + ((n * 37) % 480) * 60000;
    const subject = SUBJECTS[n % SUBJECTS.length];

    const historico = [];
    let at = created;
    let worked = 0;
    const add = (origem, mensagem, who, gapHours) => {
      at += gapHours * HOUR;
      historico.push({
        id: hexId(`ticket:${n}:reply:${historico.length + 1}`),
        origem,
        mensagem,
        atendente: who?.name ?? null,
        data_hora: fmtLocal(at),
        hora_inicio: origem === "A" ? fmtLocal(at - 30 * 60000) : null,
        hora_fim: origem === "A" ? fmtLocal(at) : null,
        anexos: [],
        operator_id: who?.id ?? null,
      });
      if (origem === "A") worked += 1800;
    };
    // replies "A" come from the linked operator, or (none linked any more) from the department's first one
    const replier = op ?? OPERATOR_BY_ID.get(dept.operators[0]);
    const A = (m, g) => add("A", `<p>${m}</p>`, replier, g);
    const C = (m, g) => add("C", `<p>${m}</p>`, null, g);
    switch (s) {
      case 0: C("Segue mais uma informação sobre o problema.", 5); break;
      case 2: A("Olá! Poderia nos enviar um print da tela?", 3); break;
      case 3: A("Olá! Poderia nos enviar um print da tela?", 3); C("Segue o print em anexo.", 20); break;
      case 4: C("Pode cancelar, já resolvemos por aqui.", 26); break;
      case 5: A("Estamos analisando.", 2); C("Obrigado, aguardo.", 6); A("Corrigido. Pode verificar?", 22); break;
      case 6: A("Chamado assumido por outro atendente.", 8); break;
      case 8:
      case 9: A("Encaminhado para avaliação do gestor.", 4); C("Ok, obrigado.", 10); break;
      default: break; // 1 (not started), 7 (sent to the support team): no replies
    }
    if (op && n % 11 === 0) add("I", "<p>Nota interna: cliente já abriu chamado parecido.</p>", op, 1);
    let last = at;
    let end = null;
    if (s === 4 || s === 5) {
      end = last + HOUR;
      last = end;
    }
    const evaluated = s === 5 && Math.floor(n / 20) % 2 === 0;
    const grade = 1 + (n % 5);
    const fields = (cat ? cat.fields : dept.general).map((fid) => ({ id: fid, label: TICKET_FIELD_LABELS[fid], value: values(n)[fid] }));
    if (n % 3 === 0 && fields.length > 1) fields.pop();
    const statusId = half % 4 === 1 ? statusCycle[Math.floor(half / 4) % statusCycle.length] : null;
    const firstA = historico.find((h) => h.origem === "A");
    out.push({
      idchamado: id,
      protocolo: String(5000 + n),
      titulo: subject,
      mensagem: `<p>Olá, equipe. ${subject}. Podem ajudar?</p>`,
      nomecliente: c.name,
      email_cliente: c.email,
      id_cliente: c.internal_id,
      nomeorganizacao: org?.name ?? null,
      prioridade: priority,
      tipochamado: n % 13 === 0 ? "I" : "E",
      tempotrabalho: worked + (s === 5 ? (n % 4) * 600 : 0),
      tempoabertura: Math.round((last - created) / 1000),
      data_criacao: fmtLocal(created),
      deadline: priority === 4 ? fmtLocal(created + DAY) : null,
      valoritemhora: 0,
      valoritemhoraextra: 0,
      valorfinal: 0,
      valorfinalextra: 0,
      valorfinalbruto: 0,
      avaliadoproblemaresolvido: evaluated ? (n % 3 !== 0 ? "S" : "N") : null,
      avaliadoatendimento: evaluated ? GRADE_LETTER[grade] : null,
      avaliacaocomentario: evaluated ? (grade >= 4 ? "Muito bom, resolveram rápido." : grade === 3 ? "Ok." : "Demorou demais.") : null,
      dataprimeiraresposta: firstA?.data_hora ?? null,
      dataencerramento: end === null ? null : fmtLocal(end),
      ultimasituacao: String(s),
      dataultimasituacao: fmtLocal(last),
      sla_inicializacao_cumprido: priority >= 3 ? firstA !== undefined : null,
      sla_deadline_cumprido: priority === 4 && s === 5 ? n % 2 === 1 : null,
      descsituacao: SITUATIONS[s],
      categoria: cat?.name ?? null,
      departamento: dept.name,
      atendente: op?.name ?? null,
      status: statusId ? STATUS_NAMES[statusId] : null,
      dataultimostatus: statusId ? fmtLocal(last) : null,
      anexos: n % 7 === 0 ? [att(id, `anexo-${n}.pdf`, 1000 + n * 17, "application/pdf")] : [],
      historico,
      campospersonalizados: fields,
      campospersonalizados_finalizados: s === 5 ? [{ label: "Causa raiz", value: ["Configuração", "Erro do sistema", "Dúvida de uso", "Infraestrutura"][n % 4] }] : [],
      historico_status: [],
      stopwatch:
        op && n % 5 === 0
          ? [{ id: hexId(`ticket:${n}:stopwatch:1`), start: fmtLocal(created + HOUR), end: fmtLocal(created + 90 * 60000), created_manually: n % 10 === 0, operator: op.name }]
          : [],
      parent_ticket_id: null,
      _dev: {},
      // v2 model
      customer_ref: c.id,
      department_id: dept.id,
      category_id: cat?.id ?? null,
      operator_id: op?.id ?? null,
      status_id: statusId,
      last_update: fmtLocal(last),
      tags: half % 6 === 0 ? tagList(TAG.urgent, TAG.vip) : half % 3 === 0 ? tagList(tagCycle[half % tagCycle.length]) : [],
      created_with: null,
      dropped_custom_fields: [],
    });
  }
  return out;
}

/** GENERATED_CHATS chats across 2026; every sixth (k ≡ 1 mod 6) belongs to the demo customer. */
function generatedChats(customers) {
  const gen = [...customers.values()].filter((c) => /^cli-1\d{3}$/.test(c.internal_id));
  const depts = ["support", "service", "infra", "dev", "finance"].map((k) => DEPARTMENT_BY_KEY.get(k));
  const t0 = Date.UTC(2026, 0, 5, 12, 0, 0);
  const out = [];
  for (let k = 1; k <= GENERATED_CHATS; k++) {
    const c = k % 6 === 1 ? customers.get(DEMO_CUSTOMER) : k % 6 === 3 ? customers.get("cli-002") : gen[(k * 11) % gen.length];
    const dept = depts[k % depts.length];
    const situation = 1 + (Math.floor(k / 2) % 4);
    const op = situation === 1 ? null : OPERATOR_BY_ID.get(dept.operators[k % dept.operators.length]);
    const created = t0 + (k - 1) * 4.5 * DAY + ((k * 53) % 600) * 60000;
    out.push({
      id: hexId(`chat:${k}`),
      protocol: 9000 + k,
      situation_id: situation,
      customer_ref: c.id,
      department_id: dept.id,
      operator_id: op?.id ?? null,
      creation_date: fmtLocal(created),
      end_date: situation >= 3 ? fmtLocal(created + (10 + (k % 50)) * 60000) : null,
    });
  }
  return out;
}

function seedStore() {
  const customers = seedCustomers();
  const organizations = seedOrganizations();
  return {
    customers,
    organizations,
    tickets: seedTickets(customers, organizations),
    chats: generatedChats(customers),
    blacklist: [...BLACKLIST],
    serial: 0, // counter for ids of things created at run time (replies, customers)
  };
}

/** The seed data, built once; every start and reset works on a deep copy (structuredClone keeps the Maps). */
const SEED_STORE = seedStore();
const freshStore = () => structuredClone(SEED_STORE);

/** Facts about the seed data computed once at load (for SEED). */
const PROBE = (() => {
  const st = SEED_STORE;
  const demo = st.customers.get(DEMO_CUSTOMER);
  const tickets = [...st.tickets.values()];
  const mine = tickets.filter((t) => t.customer_ref === demo.id);
  const gen = mine.filter((t) => Number(t.protocolo) > 5000);
  const pick = (what, pred) => {
    const t = gen.find(pred);
    if (!t) throw new Error(`tomticket-fake: no seeded ticket for ${what}`);
    return t.idchamado;
  };
  const sit = (t) => Number(t.ultimasituacao);
  return {
    demoRef: demo.id,
    demoTickets: mine.length,
    demoChats: st.chats.filter((c) => c.customer_ref === demo.id).length,
    picks: {
      // situation 1 (not started), no operator linked
      notStarted: pick("notStarted", (t) => sit(t) === 1 && !t.operator_id),
      // situation 2, operator linked
      withOperator: pick("withOperator", (t) => sit(t) === 2 && t.operator_id),
      // situation 0, no operator linked (an operator reply is stored as the customer's)
      noOperator: pick("noOperator", (t) => sit(t) === 0 && !t.operator_id),
      // finished (5), not evaluated yet
      finished: pick("finished", (t) => sit(t) === 5 && !t.avaliadoatendimento && t.operator_id),
      // finished (5) and evaluated
      evaluated: pick("evaluated", (t) => sit(t) === 5 && t.avaliadoatendimento),
      // with stopwatch entries and tags
      withExtras: pick("withExtras", (t) => t.stopwatch.length && t.tags.length),
      // with an attachment
      withAttachment: pick("withAttachment", (t) => t.anexos.length),
    },
    customerRefs: {
      withOrg: st.customers.get("cli-001").id,
      noOrg: st.customers.get("cli-002").id,
      inactive: st.customers.get("cli-003").id,
      special: st.customers.get("12.345.678/0001-90").id,
    },
    counts: {
      customers: st.customers.size,
      organizations: st.organizations.size,
      tickets: st.tickets.size,
      chats: st.chats.length,
      departments: DEPARTMENTS.length,
    },
  };
})();

/** Ids and tokens of the seed data, for tests. */
export const SEED = deepFreeze({
  token: DEFAULT_TOKEN,
  customers: {
    // organization ACME + mother organization ACME Holding, unlimited quota (null), mixed custom fields
    withOrg: { id: "cli-001", email: "maria.silva@acme.com.br", name: "Maria Silva" },
    // no organization (organization/organization_mother: null), quota 10, may NOT create tickets
    noOrg: { id: "cli-002", email: "joao.souza@example.com", name: "João Souza" },
    // inactive customer (active:false), organization Beta without mother (organization_mother absent)
    inactive: { id: "cli-003", email: "carla@beta.com.br", name: "Carla Menezes" },
    // internal id is a CNPJ containing '/', e-mail with '+' and mixed case, name with emoji;
    // active, but its organization Gamma is inactive → permissions.active false
    special: { id: "12.345.678/0001-90", email: "Ana+Suporte@Exemplo.com.br", name: "Zé Ninguém & Cia 🚀" },
  },
  organizations: ORG,
  customFields: CF,
  ticketCustomFields: TCF,
  portfolios: PORTFOLIO,
  tickets: TICKET,
  ticketProtocols: { rich: "4821", minimal: "4822", child: "4823", child2: "4824" },
  missing: {
    customer: "cli-404",
    email: "ninguem@nowhere.example",
    ticket: "ffffffffffffffffffffffffffffffff",
  },
  // ---- v2 catalogue and generated data (see README.md, "Seeds") ----
  departments: DEPARTMENT,
  categories: CATEGORY,
  operators: OPERATOR,
  statuses: STATUS,
  tags: TAG,
  blacklist: BLACKLIST,
  /** the customer the portal demo uses: Maria Silva (cli-001) and her tickets/chats */
  demo: {
    customer: DEMO_CUSTOMER,
    email: "maria.silva@acme.com.br",
    customerRef: PROBE.demoRef,
    tickets: PROBE.demoTickets,
    chats: PROBE.demoChats,
  },
  /** named v2 tickets of the demo customer (all generated; see README.md) */
  v2Tickets: PROBE.picks,
  /** customer `id` (32-hex, the v2 `customer.id`) of the four hand-written customers */
  customerRefs: PROBE.customerRefs,
  counts: PROBE.counts,
  pageSize: 50,
});


// ---------------------------------------------------------------------------
// Helpers: envelopes, formatting
// ---------------------------------------------------------------------------

const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers": "Authorization, Content-Type",
  "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
  "Access-Control-Expose-Headers": "Retry-After",
};

const LEGACY_RESOURCES = new Set(["update_cliente", "chamado"]);

const familyOf = (segments) => (LEGACY_RESOURCES.has(segments[0]) ? "legacy" : "v2");

const STATUS_MESSAGES = {
  400: "Requisição inválida",
  401: "Token inválido",
  403: "Recurso não disponível",
  404: "Recurso não encontrado",
  405: "Método não permitido",
  408: "Tempo de requisição esgotado",
  413: "Corpo da requisição muito grande",
  429: "Limite de requisições excedido",
  500: "Erro interno do servidor",
  502: "Bad Gateway",
  503: "Serviço indisponível",
  504: "Gateway Timeout",
};

const cp = (s) => [...String(s)].length; // length in Unicode scalar values

/** "2023-11-02 20:17:45" → "02/11/2023 20:17" (live legacy format); null → "" */
function devDate(s) {
  if (s == null) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})/.exec(s);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : s;
}
const devMoney = (n) => (n == null ? "" : Number(n).toFixed(2).replace(".", ","));
const devStr = (v) => (v == null ? "" : v);

// ---------------------------------------------------------------------------
// Body parsing (multipart/form-data, application/x-www-form-urlencoded)
// ---------------------------------------------------------------------------

/**
 * Parse a header value with parameters: `type/sub; a=b; c="d \"e\""` →
 * { value: "type/sub", params: { a: "b", c: 'd "e"' } } (param names lowercased).
 */
export function parseHeaderParams(header) {
  const s = String(header);
  let i = s.indexOf(";");
  const value = (i < 0 ? s : s.slice(0, i)).trim();
  const params = {};
  if (i < 0) return { value, params };
  while (i < s.length) {
    // skip ';' and whitespace
    while (i < s.length && (s[i] === ";" || s[i] === " " || s[i] === "\t")) i++;
    if (i >= s.length) break;
    let eq = i;
    while (eq < s.length && s[eq] !== "=" && s[eq] !== ";") eq++;
    const key = s.slice(i, eq).trim().toLowerCase();
    if (s[eq] !== "=") {
      // parameter without value
      if (key) params[key] = "";
      i = eq;
      continue;
    }
    i = eq + 1;
    while (i < s.length && (s[i] === " " || s[i] === "\t")) i++;
    let val = "";
    if (s[i] === '"') {
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === "\\" && i + 1 < s.length) i++;
        val += s[i++];
      }
      i++; // closing quote
      while (i < s.length && s[i] !== ";") i++;
    } else {
      const end = s.indexOf(";", i);
      val = (end < 0 ? s.slice(i) : s.slice(i, end)).trim();
      i = end < 0 ? s.length : end;
    }
    if (key) params[key] = val;
  }
  // RFC 5987 extended parameters (name*=utf-8''%E2%82%AC)
  for (const k of Object.keys(params)) {
    if (!k.endsWith("*")) continue;
    const m = /^([^']*)'[^']*'(.*)$/.exec(params[k]);
    if (m) {
      try {
        params[k.slice(0, -1)] = decodeURIComponent(m[2]);
      } catch {
        /* keep the raw value */
      }
    }
  }
  return { value, params };
}

const CRLF = Buffer.from("\r\n");

/**
 * Minimal, careful multipart/form-data parser (binary-safe: parts are cut on the delimiter bytes).
 * Returns { fields: [[name, value], ...], files: [{ name, filename, contentType, size }],
 * parts: [{ name, filename (undefined for a plain field), contentType, data: Buffer }] }.
 * Throws on malformed input.
 */
export function parseMultipart(buf, boundary) {
  if (!boundary) throw new Error("multipart boundary ausente");
  if (boundary.length > 70) throw new Error("multipart boundary longo demais");
  const delim = Buffer.from("--" + boundary, "latin1");
  const nextDelim = Buffer.concat([CRLF, delim]);
  const fields = [];
  const files = [];
  const parts = [];
  let pos = buf.indexOf(delim);
  if (pos < 0) throw new Error("multipart: delimitador inicial não encontrado");
  pos += delim.length;
  for (;;) {
    if (buf[pos] === 0x2d && buf[pos + 1] === 0x2d) return { fields, files, parts }; // close delimiter
    while (buf[pos] === 0x20 || buf[pos] === 0x09) pos++; // transport padding
    if (buf[pos] === 0x0d && buf[pos + 1] === 0x0a) pos += 2;
    else if (buf[pos] === 0x0a) pos += 1;
    else throw new Error("multipart: linha de delimitador malformada");
    const end = buf.indexOf(nextDelim, pos);
    if (end < 0) throw new Error("multipart: parte sem delimitador final");
    const part = buf.subarray(pos, end);
    let headerText;
    let body;
    if (part[0] === 0x0d && part[1] === 0x0a) {
      headerText = "";
      body = part.subarray(2);
    } else {
      const hEnd = part.indexOf("\r\n\r\n");
      if (hEnd < 0) throw new Error("multipart: parte sem fim de cabeçalhos");
      headerText = part.subarray(0, hEnd).toString("utf8");
      body = part.subarray(hEnd + 4);
    }
    const headers = {};
    for (const line of headerText.split("\r\n")) {
      if (!line) continue;
      const c = line.indexOf(":");
      if (c < 0) throw new Error("multipart: cabeçalho de parte malformado");
      headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
    }
    const disp = headers["content-disposition"];
    if (!disp) throw new Error("multipart: parte sem Content-Disposition");
    const { value: dispType, params } = parseHeaderParams(disp);
    if (dispType.toLowerCase() !== "form-data") throw new Error("multipart: Content-Disposition não é form-data");
    if (params.name === undefined) throw new Error("multipart: parte sem name");
    fields.push([params.name, body.toString("utf8")]);
    parts.push({ name: params.name, filename: params.filename, contentType: headers["content-type"] ?? null, data: body });
    if (params.filename !== undefined) {
      files.push({
        name: params.name,
        filename: params.filename,
        contentType: headers["content-type"] ?? null,
        size: body.length,
      });
    }
    pos = end + nextDelim.length;
  }
}

/** → { form, files, parts } ; form is null when the content type is not a form type. Throws on malformed multipart. */
function parseForm(contentType, body) {
  if (!contentType) return { form: null, files: null, parts: [] };
  const { value, params } = parseHeaderParams(contentType);
  const type = value.toLowerCase();
  if (type === "application/x-www-form-urlencoded") {
    const entries = [...new URLSearchParams(body.toString("utf8"))];
    return { form: Object.fromEntries(new Map(entries)), files: null, parts: [] };
  }
  if (type === "multipart/form-data") {
    const { fields, files, parts } = parseMultipart(body, params.boundary);
    return { form: Object.fromEntries(new Map(fields)), files: files.length ? files : null, parts };
  }
  return { form: null, files: null, parts: [] };
}

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

/** A v2 handler's refusal: answered with the v2 error envelope and `status` (200 = business error). */
class Refusal {
  constructor(status, message) {
    this.status = status;
    this.message = message;
  }
}

const NGINX_REASONS = { 404: "Not Found", 429: "Too Many Requests" };
/** nginx's stock error page, byte for byte as it is sent without a custom error_page */
const nginxPage = (status) => {
  const title = `${status} ${NGINX_REASONS[status]}`;
  return `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`;
};

const FAULT_KINDS = new Set(["status", "hang", "drop", "html", "truncated", "empty", "businessError", "delay"]);
const MAX_BODY = 40 * 1024 * 1024; // above the 25 MiB of attachments ticket/new accepts

const PLANS = new Set(["basic", "premium", "enterprise"]);

function normalizeConfig(input, base) {
  const out = { ...base };
  const errors = [];
  for (const [k, v] of Object.entries(input ?? {})) {
    switch (k) {
      case "rps":
        if (typeof v !== "number" || !Number.isFinite(v) || v < 0) errors.push("rps must be a number >= 0");
        else out.rps = v;
        break;
      case "deviations":
        if (typeof v !== "boolean") errors.push("deviations must be a boolean");
        else out.deviations = v;
        break;
      case "token":
        if (typeof v !== "string" || v === "") errors.push("token must be a non-empty string");
        else out.token = v;
        break;
      case "record":
        if (typeof v !== "boolean") errors.push("record must be a boolean");
        else out.record = v;
        break;
      case "maxRequests":
        if (!Number.isInteger(v) || v < 1) errors.push("maxRequests must be an integer >= 1");
        else out.maxRequests = v;
        break;
      case "pastEnd":
        if (v !== "404" && v !== "empty") errors.push('pastEnd must be "404" or "empty"');
        else out.pastEnd = v;
        break;
      case "plan":
        if (!PLANS.has(v)) errors.push(`plan must be one of ${[...PLANS].join(", ")}`);
        else out.plan = v;
        break;
      default:
        errors.push(`unknown config key: ${k}`);
    }
  }
  if (errors.length) {
    const e = new Error(errors.join("; "));
    e.status = 400;
    throw e;
  }
  return out;
}

let faultIds = 0;
function normalizeFault(f) {
  const bad = (m) => {
    const e = new Error(m);
    e.status = 400;
    throw e;
  };
  if (!f || typeof f !== "object") bad("fault must be an object");
  if (!FAULT_KINDS.has(f.kind)) bad(`unknown fault kind: ${f.kind} (expected one of ${[...FAULT_KINDS].join(", ")})`);
  const known = new Set(["kind", "times", "path", "status", "delayMs", "retryAfter", "message", "method"]);
  for (const k of Object.keys(f)) if (!known.has(k)) bad(`unknown fault key: ${k}`);
  const times = f.times ?? 1;
  if (!Number.isInteger(times) || times < 0) bad("times must be an integer >= 0 (0 = until cleared)");
  if (f.path !== undefined && typeof f.path !== "string") bad("path must be a string");
  if (f.status !== undefined && (!Number.isInteger(f.status) || f.status < 100 || f.status > 599)) bad("status must be an HTTP status code");
  if (f.delayMs !== undefined && (typeof f.delayMs !== "number" || !(f.delayMs >= 0))) bad("delayMs must be a number >= 0");
  if (f.retryAfter !== undefined && typeof f.retryAfter !== "number" && typeof f.retryAfter !== "string") bad("retryAfter must be a number or string");
  if (f.message !== undefined && typeof f.message !== "string") bad("message must be a string");
  if (f.method !== undefined && typeof f.method !== "string") bad("method must be a string");
  let path = f.path;
  if (path !== undefined && path !== "" && !path.startsWith("/")) path = "/" + path;
  const status = f.status ?? (f.kind === "status" ? 500 : f.kind === "html" ? 502 : undefined);
  return {
    id: ++faultIds,
    kind: f.kind,
    times,
    remaining: times,
    path: path || undefined,
    method: f.method?.toUpperCase(),
    status,
    delayMs: f.delayMs ?? 0,
    retryAfter: f.retryAfter,
    message: f.message,
  };
}

function splitUrl(url) {
  let u = url ?? "/";
  const abs = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(u); // absolute-form request target
  if (abs) u = u.slice(abs[0].length) || "/";
  const h = u.indexOf("#");
  if (h >= 0) u = u.slice(0, h);
  const q = u.indexOf("?");
  return q < 0 ? { rawPath: u, rawQuery: "" } : { rawPath: u.slice(0, q), rawQuery: u.slice(q + 1) };
}

const safeDecode = (s) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        const e = new Error("body too large");
        e.status = 413;
        reject(e);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Start a fake TomTicket server.
 * @param {{port?: number, host?: string, token?: string, rps?: number, deviations?: boolean,
 *          record?: boolean, maxRequests?: number, pastEnd?: "404" | "empty",
 *          plan?: "basic" | "premium" | "enterprise"}} [opts]
 */
export async function startFake(opts = {}) {
  const host = opts.host ?? "127.0.0.1";
  const startupConfig = normalizeConfig(
    {
      rps: opts.rps ?? 3,
      deviations: opts.deviations ?? false,
      token: opts.token ?? DEFAULT_TOKEN,
      record: opts.record ?? true,
      maxRequests: opts.maxRequests ?? 10000,
      pastEnd: opts.pastEnd ?? "404",
      plan: opts.plan ?? "enterprise",
    },
    {},
  );
  let config = { ...startupConfig };
  let store = freshStore();
  const requests = []; // live array, cleared in place on reset
  const faults = []; // live array, cleared in place
  let seq = 0;
  let accepted = []; // performance.now() of accepted API requests (rate-limit window)
  const sockets = new Set();
  const hanging = new Set();
  const timers = new Set();
  let closing = null;

  const sleep = (ms) =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  // ---- envelopes (depend on config.deviations) ----
  const v2Err = (message) => ({ error: true, message, success: false });
  const legacyEnv = (erro, message, extra) =>
    config.deviations ? { erro, message, ...extra } : { erro, mensagem: message, ...extra };
  const errEnv = (family, message) => (family === "legacy" ? legacyEnv(true, message) : v2Err(message));

  // ---- low-level response writers ----
  function writeRaw(res, status, body, contentType, extraHeaders) {
    if (res.destroyed || res.writableEnded || res.headersSent) return;
    const buf = Buffer.isBuffer(body) ? body : Buffer.from(body ?? "", "utf8");
    const headers = { ...CORS_HEADERS, "Content-Length": String(buf.length), ...extraHeaders };
    if (contentType) headers["Content-Type"] = contentType;
    res.writeHead(status, headers);
    res.end(buf);
  }
  const writeJson = (res, status, obj, extraHeaders) =>
    writeRaw(res, status, JSON.stringify(obj), "application/json; charset=utf-8", extraHeaders);
  function reply(rec, res, status, obj, extraHeaders) {
    if (rec) rec.status = status;
    writeJson(res, status, obj, extraHeaders);
  }

  function record(rec) {
    if (!config.record) return;
    requests.push(rec);
    if (requests.length > config.maxRequests) requests.splice(0, requests.length - config.maxRequests);
  }

  // ---- state operations ----
  function reset() {
    store = freshStore();
    requests.length = 0;
    faults.length = 0;
    seq = 0;
    accepted = [];
    config = { ...startupConfig };
    for (const res of hanging) res.socket?.destroy();
    hanging.clear();
  }
  function setConfig(cfg) {
    config = normalizeConfig(cfg, config);
    return { ...config };
  }
  function setFault(fault) {
    const f = normalizeFault(fault);
    faults.push(f);
    return { ...f };
  }
  function clearFaults() {
    faults.length = 0;
  }
  function takeFault(method, rawPath, decodedPath) {
    for (let i = 0; i < faults.length; i++) {
      const f = faults[i];
      if (f.method && f.method !== method) continue;
      if (f.path && !rawPath.startsWith(f.path) && !decodedPath.startsWith(f.path)) continue;
      if (f.times !== 0) {
        f.remaining--;
        if (f.remaining <= 0) faults.splice(i, 1);
      }
      return f;
    }
    return null;
  }
  function storeSnapshot() {
    const strip = ({ _dev, ...t }) => t;
    return structuredClone({
      customers: [...store.customers.values()],
      organizations: [...store.organizations.values()],
      tickets: [...store.tickets.values()].map(strip),
      chats: store.chats,
      blacklist: store.blacklist,
      departments: DEPARTMENTS.map(({ key, ...d }) => ({
        ...d,
        categories: d.categories.map(({ key: _k, ...c }) => c),
        operators: d.operators.map((id) => ({ id, name: OPERATOR_BY_ID.get(id).name })),
      })),
    });
  }

  // ---- domain ----
  function findCustomer(identifier, type) {
    if (type === "E") {
      const want = identifier.toLowerCase();
      for (const c of store.customers.values()) if (c.email && c.email.toLowerCase() === want) return c;
      return null;
    }
    return store.customers.get(identifier) ?? null;
  }

  function customerDetails(c) {
    const dev = config.deviations;
    const org = c.organization_id ? store.organizations.get(c.organization_id) ?? null : null;
    const mother = org?.mother_id ? store.organizations.get(org.mother_id) ?? null : null;
    const quota = (q) => (dev && q != null ? String(q) : q);
    const orgView = (o) => ({
      id: o.id,
      name: o.name,
      active: dev ? (o.active ? "1" : "0") : o.active,
      monthly_ticket_quota: quota(o.monthly_ticket_quota),
    });
    const quotas = [c.monthly_ticket_quota, org?.monthly_ticket_quota, mother?.monthly_ticket_quota].filter((q) => q != null);
    const data = {
      name: c.name,
      email: dev ? devStr(c.email) : c.email,
      phone: dev ? devStr(c.phone) : c.phone,
      internal_id: c.internal_id,
      monthly_ticket_quota: quota(c.monthly_ticket_quota),
      active: c.active,
      organization: org ? orgView(org) : dev ? [] : null,
    };
    // organization_mother: null when there is no organization, ABSENT when the organization has no mother
    if (!org) data.organization_mother = dev ? [] : null;
    else if (mother) data.organization_mother = orgView(mother);
    data.permissions = {
      active: c.active && (!org || org.active) && (!mother || mother.active),
      email_validated: c.email_validated,
      allowed_create_tickets:
        c.allowed_create_tickets && (!org || org.allow_create_tickets) && (!mother || mother.allow_create_tickets),
      monthly_ticket_quota: quota(quotas.length ? Math.min(...quotas) : null),
    };
    data.custom_fields = Object.entries(c.custom_fields).map(([id, value]) => ({
      id,
      name: CUSTOM_FIELD_NAMES[id] ?? id,
      value: structuredClone(value),
    }));
    return data;
  }

  function ticketView(t, { stopwatch, staggered }) {
    const dev = config.deviations;
    const attView = (a) =>
      dev ? { nome: a.nome, url: a.url, tamanhobytes: a.tamanhobytes, mimetype: a.mimetype } : { nome: a.nome, url: a.url, tamanhobytes: a.tamanhobytes };
    const children = [...store.tickets.values()].filter((x) => x.parent_ticket_id === t.idchamado);
    const v = {
      idchamado: t.idchamado,
      protocolo: t.protocolo,
      titulo: t.titulo,
      mensagem: t.mensagem,
      nomecliente: t.nomecliente,
      email_cliente: t.email_cliente,
      id_cliente: t.id_cliente,
      nomeorganizacao: t.nomeorganizacao,
      prioridade: t.prioridade,
      tipochamado: t.tipochamado,
      tempotrabalho: t.tempotrabalho,
      tempoabertura: t.tempoabertura,
      data_criacao: t.data_criacao,
      deadline: t.deadline,
      valoritemhora: t.valoritemhora,
      valoritemhoraextra: t.valoritemhoraextra,
      valorfinal: t.valorfinal,
      valorfinalextra: t.valorfinalextra,
      valorfinalbruto: t.valorfinalbruto,
      avaliadoproblemaresolvido: t.avaliadoproblemaresolvido,
      avaliadoatendimento: t.avaliadoatendimento,
      avaliacaocomentario: t.avaliacaocomentario,
      dataprimeiraresposta: t.dataprimeiraresposta,
      dataencerramento: t.dataencerramento,
      ultimasituacao: t.ultimasituacao,
      dataultimasituacao: t.dataultimasituacao,
      sla_inicializacao_cumprido: t.sla_inicializacao_cumprido,
      sla_deadline_cumprido: t.sla_deadline_cumprido,
      descsituacao: t.descsituacao,
      categoria: t.categoria,
      departamento: t.departamento,
      atendente: t.atendente,
      status: t.status,
      dataultimostatus: t.dataultimostatus,
      anexos: t.anexos.map(attView),
      // internal notes (origem "I", written by v2 ticket/comment) are not part of the legacy history
      historico: t.historico
        .filter((h) => h.origem !== "I")
        .map((h) => ({
          id: h.id,
          origem: h.origem,
          mensagem: h.mensagem,
          atendente: h.atendente,
          data_hora: h.data_hora,
          hora_inicio: h.hora_inicio,
          hora_fim: h.hora_fim,
          anexos: h.anexos.map(attView),
        })),
      campospersonalizados: structuredClone(t.campospersonalizados),
      campospersonalizados_finalizados: structuredClone(t.campospersonalizados_finalizados),
      historico_status: structuredClone(t.historico_status),
    };
    if (stopwatch) v.stopwatch = structuredClone(t.stopwatch);
    if (staggered) v.staggered_tickets = children.map((c) => ({ protocolo: c.protocolo, idchamado: c.idchamado, titulo: c.titulo }));
    v.parent_ticket_id = t.parent_ticket_id;
    if (!dev) return v;

    // ---- live-API deviations ----
    for (const k of ["data_criacao", "deadline", "dataprimeiraresposta", "dataencerramento", "dataultimasituacao", "dataultimostatus"]) v[k] = devDate(v[k]);
    v.protocolo = Number(v.protocolo);
    v.ultimasituacao = v.ultimasituacao == null ? null : Number(v.ultimasituacao);
    v.tempotrabalho = String(v.tempotrabalho);
    for (const k of ["valoritemhora", "valoritemhoraextra", "valorfinal", "valorfinalextra", "valorfinalbruto"]) v[k] = devMoney(v[k]);
    v.avaliadoproblemaresolvido = v.avaliadoproblemaresolvido === "S" ? "1" : v.avaliadoproblemaresolvido === "N" ? "0" : "";
    v.tipochamado = v.tipochamado === "E" ? "Externo" : v.tipochamado === "I" ? "Interno" : v.tipochamado;
    for (const k of ["nomeorganizacao", "avaliadoatendimento", "avaliacaocomentario", "categoria", "atendente", "status", "descsituacao", "parent_ticket_id"]) v[k] = devStr(v[k]);
    for (const h of v.historico) {
      h.data_hora = devDate(h.data_hora);
      h.hora_inicio = devDate(h.hora_inicio);
      h.hora_fim = devDate(h.hora_fim);
      h.atendente = devStr(h.atendente);
    }
    for (const s of v.historico_status) {
      s.inicio = devDate(s.inicio);
      s.fim = devDate(s.fim);
      s.comentario = devStr(s.comentario);
      s.atendente_fim = devStr(s.atendente_fim);
    }
    if (v.stopwatch) for (const w of v.stopwatch) ((w.start = devDate(w.start)), (w.end = devDate(w.end)));
    if (v.staggered_tickets) for (const s of v.staggered_tickets) s.protocolo = Number(s.protocolo);
    Object.assign(v, t._dev);
    return v;
  }

  const LANG_V2 = new Set(["pt-BR", "pt_BR", "es_ES", "es-ES", "en-US", "en_US"]);
  const LANG_LEGACY = LANG_V2;
  const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
  const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  function tooLong(form, limits) {
    for (const [k, n] of Object.entries(limits)) {
      if (has(form, k) && cp(form[k]) > n) return `O campo ${k} excede o tamanho máximo de ${n} caracteres`;
    }
    return null;
  }
  function emailTaken(email, exceptId) {
    const want = email.toLowerCase();
    for (const c of store.customers.values()) if (c.internal_id !== exceptId && c.email && c.email.toLowerCase() === want) return true;
    return false;
  }

  /** GET /v2.0/customer/details */
  function v2CustomerDetails(ctx) {
    const id = ctx.query.customer_id;
    if (id === undefined || id === "") return [200, v2Err("O parâmetro customer_id é obrigatório")];
    if (cp(id) > 250) return [200, v2Err("O parâmetro customer_id excede o tamanho máximo de 250 caracteres")];
    const type = ctx.query.customer_type_id || "I";
    if (type !== "I" && type !== "E") return [200, v2Err("Parâmetro customer_type_id inválido (use I ou E)")];
    const c = findCustomer(id, type);
    if (!c) return [404, v2Err("Cliente não encontrado")];
    return [200, { error: false, message: "Cliente encontrado", success: true, data: customerDetails(c) }];
  }

  /** GET /v2.0/customer/exists (the help centre also shows customers/exists: not served here,
   *  so that a client sending the plural would see the route's 404) */
  function v2CustomerExists(ctx) {
    const id = ctx.query.customer_id;
    if (id === undefined || id === "") return [200, v2Err("O parâmetro customer_id é obrigatório")];
    const type = ctx.query.customer_type_id || "I";
    if (type !== "I" && type !== "E") return [200, v2Err("Parâmetro customer_type_id inválido (use I ou E)")];
    const c = findCustomer(id, type);
    if (!c) return [404, v2Err("Cliente não encontrado")];
    return [200, { error: false, message: "Cliente encontrado", success: true, data: { exists: true } }];
  }

  /** POST /v2.0/customer/new */
  function v2CustomerNew(ctx) {
    if (ctx.formError) return [400, v2Err(`Corpo da requisição inválido: ${ctx.formError}`)];
    const f = ctx.form ?? {};
    for (const k of ["customer_id", "name"]) {
      if (!has(f, k) || String(f[k]).trim() === "") return [200, v2Err(`O campo ${k} é obrigatório`)];
    }
    const long = tooLong(f, { customer_id: 250, name: 250, email: 250, phone: 20, organization_id: 512, language: 5, portfolio_id: 512 });
    if (long) return [200, v2Err(long)];
    if (store.customers.has(f.customer_id)) return [200, v2Err("Cliente já cadastrado")];
    const email = has(f, "email") && f.email !== "" ? f.email : null;
    if (email !== null && !EMAIL_RE.test(email)) return [200, v2Err("Endereço de email inválido")];
    if (email !== null && emailTaken(email, null)) return [200, v2Err("Endereço de email já cadastrado para outro cliente")];
    let allowed = true;
    if (has(f, "create_tickets")) {
      if (f.create_tickets === "1") allowed = true;
      else if (f.create_tickets === "0") allowed = false;
      else return [200, v2Err("Valor inválido para create_tickets (use 1 ou 0)")];
    }
    let language = "pt-BR";
    if (has(f, "language")) {
      if (!LANG_V2.has(f.language)) return [200, v2Err("Idioma inválido (use pt-BR, es_ES ou en-US)")];
      language = f.language;
    }
    const organization_id = has(f, "organization_id") && f.organization_id !== "" ? f.organization_id : null;
    if (organization_id !== null && !store.organizations.has(organization_id)) return [200, v2Err("Organização não encontrada")];
    const custom_fields = {};
    for (const [k, v] of Object.entries(f)) {
      const m = /^custom_field\[(.*)\]$/.exec(k);
      if (m) custom_fields[m[1]] = v;
    }
    store.customers.set(f.customer_id, {
      id: hexId(`customer:new:${++store.serial}:${f.customer_id}`),
      internal_id: f.customer_id,
      name: f.name,
      email,
      phone: has(f, "phone") && f.phone !== "" ? f.phone : null,
      monthly_ticket_quota: null,
      active: true,
      email_validated: false,
      allowed_create_tickets: allowed,
      organization_id,
      language,
      portfolio_id: has(f, "portfolio_id") && f.portfolio_id !== "" ? f.portfolio_id : null,
      custom_fields,
      account_approved: true,
      creation_date: fmtLocal(Date.now()),
    });
    return [200, { error: false, message: "Cliente criado com sucesso", success: true }];
  }

  /** POST /update_cliente/{token}/{identifier}/{I|E} */
  function legacyUpdateCliente(ctx) {
    const identifier = ctx.pathSegments[2];
    const type = ctx.pathSegments[3];
    if (type !== "I" && type !== "E") return [200, legacyEnv(true, "Tipo de identificador inválido (use I ou E)")];
    const c = findCustomer(identifier, type);
    if (!c) return [404, legacyEnv(true, "Cliente não encontrado")];
    if (ctx.formError) return [400, legacyEnv(true, `Corpo da requisição inválido: ${ctx.formError}`)];
    const f = ctx.form ?? {};
    const err = (m) => [200, legacyEnv(true, m)];
    if (has(f, "id_interno") && type === "I") {
      return err("O campo id_interno só pode ser informado quando o tipo de identificador for E (email)");
    }
    const long = tooLong(f, { nome: 250, email: 250, telefone: 20, id_organizacao: 250, id_interno: 250, idioma: 5 });
    if (long) return err(long);
    const patch = {};
    if (has(f, "nome")) {
      if (f.nome.trim() === "") return err("O campo nome não pode ser vazio");
      patch.name = f.nome;
    }
    if (has(f, "email")) {
      if (f.email !== "" && !EMAIL_RE.test(f.email)) return err("Endereço de email inválido");
      if (f.email !== "" && emailTaken(f.email, c.internal_id)) return err("Endereço de email já cadastrado para outro cliente");
      patch.email = f.email === "" ? null : f.email;
    }
    if (has(f, "criarchamados")) {
      const v = f.criarchamados.toLowerCase();
      if (v === "true" || v === "1") patch.allowed_create_tickets = true;
      else if (v === "false" || v === "0") patch.allowed_create_tickets = false;
      else return err("Valor inválido para criarchamados (use true ou false)");
    }
    if (has(f, "telefone")) patch.phone = f.telefone === "" ? null : f.telefone;
    if (has(f, "id_organizacao")) {
      if (f.id_organizacao !== "" && !store.organizations.has(f.id_organizacao)) return err("Organização não encontrada");
      patch.organization_id = f.id_organizacao === "" ? null : f.id_organizacao;
    }
    if (has(f, "id_interno")) {
      if (f.id_interno.trim() === "") return err("O campo id_interno não pode ser vazio");
      if (f.id_interno !== c.internal_id && store.customers.has(f.id_interno)) return err("Identificador interno já cadastrado para outro cliente");
      patch.internal_id = f.id_interno;
    }
    if (has(f, "idioma")) {
      if (!LANG_LEGACY.has(f.idioma)) return err("Idioma inválido (use pt_BR, en_US ou es_ES)");
      patch.language = f.idioma;
    }
    if (has(f, "portfolio_id")) patch.portfolio_id = f.portfolio_id === "" ? null : f.portfolio_id;
    const customFields = {};
    for (const [k, v] of Object.entries(f)) {
      const m = /^campos\[(.*)\]$/.exec(k);
      if (m) customFields[m[1]] = v;
    }
    // validated: apply atomically
    const oldId = c.internal_id;
    Object.assign(c, patch);
    Object.assign(c.custom_fields, customFields);
    if (c.internal_id !== oldId) {
      store.customers.delete(oldId);
      store.customers.set(c.internal_id, c);
    }
    return [200, legacyEnv(false, "Cliente atualizado com sucesso")];
  }

  /** GET /chamado/{token}/{ticket_id} */
  function legacyChamado(ctx) {
    const t = store.tickets.get(ctx.pathSegments[2]);
    if (!t) return [404, legacyEnv(true, "Chamado não encontrado")];
    const view = ticketView(t, {
      stopwatch: ctx.query.stopwatch === "1",
      staggered: ctx.query.show_staggered_tickets === "1",
    });
    if (config.deviations) return [200, { erro: false, message: "Chamado encontrado", data: view }];
    // Documented flat shape. Note: the ticket's own `mensagem` (the customer's opening message)
    // shares its key with the envelope's `mensagem` — in the flat shape the ticket field wins.
    return [200, { erro: false, mensagem: "Chamado encontrado", ...view }];
  }

  // =========================================================================
  // v2: tickets, customers, organisations, departments, chats (docs/v2-calls.md)
  // =========================================================================

  const PAGE_SIZE = 50;
  const MAX_ATTACHMENTS = 25;
  const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024; // 26 214 400
  const v2Ok = (message, extra) => ({ error: false, message, success: true, ...extra });
  /** Throw from a v2 handler: answered as `[status, v2Err(message)]` (business errors: HTTP 200). */
  const refuse = (message, status = 200) => {
    throw new Refusal(status, message);
  };
  const nowLocal = () => fmtLocal(Date.now());
  const nextSerial = () => ++store.serial;

  /** the form of a POST (400 on malformed multipart; a request without a form reads as empty) */
  function formOf(ctx) {
    if (ctx.formError) refuse(`Corpo da requisição inválido: ${ctx.formError}`, 400);
    return ctx.form ?? {};
  }
  function required(src, keys) {
    for (const k of keys) if (!has(src, k) || String(src[k]).trim() === "") refuse(`O campo ${k} é obrigatório`);
  }
  function maxLengths(src, limits) {
    const m = tooLong(src, limits);
    if (m) refuse(m);
  }
  const given = (src, k) => has(src, k) && src[k] !== "";
  function customerType(value, key = "customer_type_id") {
    const type = value === undefined || value === "" ? "I" : value;
    if (type !== "I" && type !== "E") refuse(`Parâmetro ${key} inválido (use I ou E)`);
    return type;
  }
  function pageParam(q) {
    if (q.page === undefined || q.page === "") return 1;
    if (!/^\d+$/.test(q.page) || Number(q.page) < 1) refuse("Parâmetro page inválido (inteiro a partir de 1)");
    return Number(q.page);
  }
  function intParam(q, k) {
    if (!given(q, k)) return undefined;
    if (!/^\d+$/.test(q[k])) refuse(`Parâmetro ${k} inválido (número inteiro)`);
    return Number(q[k]);
  }
  const FILTER_DATE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})([+-])(\d{2})(\d{2})$/;
  /** `YYYY-MM-DD HH:MM:SS-0300` (any ±HHMM offset) → epoch ms; absent → undefined */
  function dateParam(q, k) {
    if (!given(q, k)) return undefined;
    const m = FILTER_DATE.exec(q[k]);
    const ms = m ? Date.parse(`${m[1]}T${m[2]}${m[3]}${m[4]}:${m[5]}`) : NaN;
    if (Number.isNaN(ms)) refuse(`Parâmetro ${k} inválido (use YYYY-MM-DD HH:MM:SS-0300)`);
    return ms;
  }
  /** keep items whose local date (via get) lies within [q[prefix_ge], q[prefix_le]] */
  function dateRange(items, q, prefix, get) {
    const ge = dateParam(q, `${prefix}_ge`);
    const le = dateParam(q, `${prefix}_le`);
    if (ge === undefined && le === undefined) return items;
    return items.filter((x) => {
      const v = get(x);
      if (v == null) return false;
      const ms = parseLocal(v);
      return (ge === undefined || ms >= ge) && (le === undefined || ms <= le);
    });
  }
  function protocolRange(items, q, get) {
    const min = intParam(q, "min_protocol");
    const max = intParam(q, "max_protocol");
    return items.filter((x) => (min === undefined || get(x) >= min) && (max === undefined || get(x) <= max));
  }
  /** customer_id + customer_type_id → the customer's `id` (32-hex), null = no filter, "" = nobody */
  function customerFilter(q) {
    if (!given(q, "customer_id")) return null;
    const c = findCustomer(q.customer_id, customerType(q.customer_type_id));
    return c ? c.id : "";
  }

  /**
   * One page of a paged v2 list: 50 items, `size` (total), `pages`, `next_page` (null on the last
   * page), `previous_page`. Page 1 of an empty result is a 200 with `data: []`; a page past the
   * last is a 404 envelope (config pastEnd "404", default) or a 200 with `data: []` ("empty").
   */
  function pageOf(items, q, view, messages) {
    const page = pageParam(q);
    const size = items.length;
    const pages = Math.ceil(size / PAGE_SIZE);
    if (page > 1 && page > pages) {
      if (config.pastEnd === "empty") {
        return [200, v2Ok(messages.none, { size, pages, next_page: null, previous_page: page - 1, data: [] })];
      }
      return [404, v2Err(messages.none)];
    }
    const data = items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(view);
    return [
      200,
      v2Ok(size ? messages.found : messages.none, {
        size,
        pages,
        next_page: page < pages ? page + 1 : null,
        previous_page: page > 1 ? page - 1 : null,
        data,
      }),
    ];
  }

  const customerRefs = () => new Map([...store.customers.values()].map((c) => [c.id, c]));
  const customerRef = (c) => ({ id: c.id, internal_id: c.internal_id, name: c.name, email: c.email });
  const v2Attachment = (a) => ({ name: a.nome, url: a.url, size: a.tamanhobytes });

  /** a ticket on the v2 wire (ticket/list item; ticket/detail adds more) */
  function v2Ticket(t, refs) {
    const c = refs.get(t.customer_ref);
    return {
      id: t.idchamado,
      protocol: Number(t.protocolo),
      subject: t.titulo,
      message: t.mensagem,
      priority: t.prioridade,
      ticket_type: t.tipochamado,
      creation_date: v2Date(t.data_criacao),
      end_date: v2Date(t.dataencerramento),
      situation: { id: Number(t.ultimasituacao), description: t.descsituacao },
      category: { id: t.category_id, name: t.category_id ? t.categoria : null },
      department: { id: t.department_id, name: t.departamento },
      operator: { id: t.operator_id, name: t.operator_id ? t.atendente : null },
      customer: c ? customerRef(c) : { id: null, internal_id: t.id_cliente, name: t.nomecliente, email: t.email_cliente },
      current_status: t.status_id ? { id: t.status_id, name: t.status } : null,
      work_time: t.tempotrabalho,
    };
  }

  function evaluationOf(t) {
    if (t.avaliadoproblemaresolvido == null && t.avaliadoatendimento == null) return null;
    const solved = t.avaliadoproblemaresolvido;
    return {
      problem_solved: solved === "S" ? "Y" : solved === "N" ? "N" : null,
      grade: LETTER_GRADE[t.avaliadoatendimento] ?? null,
      comment: t.avaliacaocomentario ?? null,
    };
  }

  function v2TicketDetailView(t, refs, flags) {
    const v = v2Ticket(t, refs);
    v.replies = t.historico.map((h) => ({
      id: h.id,
      sender_type: h.origem,
      message: h.mensagem,
      date: v2Date(h.data_hora),
      operator: h.operator_id ? { id: h.operator_id, name: h.atendente } : null,
      attachments: h.anexos.map(v2Attachment),
    }));
    v.attachments = t.anexos.map(v2Attachment);
    v.custom_fields = {
      open: t.campospersonalizados.map((f) => ({ id: f.id, label: f.label, value: structuredClone(f.value) })),
      closed: t.campospersonalizados_finalizados.map((f) => ({ id: f.id ?? hexId(`closing-field:${f.label}`), label: f.label, value: structuredClone(f.value) })),
    };
    v.evaluation = evaluationOf(t);
    if (flags.stopwatch) v.stopwatch = t.stopwatch.map((w) => ({ ...w, start: v2Date(w.start), end: v2Date(w.end) }));
    if (flags.staggered) {
      v.staggered_tickets = [...store.tickets.values()]
        .filter((x) => x.parent_ticket_id === t.idchamado)
        .map((x) => ({ protocol: Number(x.protocolo), ticket_id: x.idchamado, subject: x.titulo }));
    }
    if (flags.tags) v.tags = t.tags.map((x) => ({ id: x.id, name: x.name }));
    return v;
  }

  function ticketOr404(id) {
    const t = store.tickets.get(id);
    if (!t) refuse("Chamado não encontrado", 404);
    return t;
  }
  function setSituation(t, code, when) {
    t.ultimasituacao = String(code);
    t.descsituacao = SITUATIONS[code];
    t.dataultimasituacao = when;
    t.last_update = when;
    if (code !== 4 && code !== 5) t.dataencerramento = null; // a reply reopens a finished ticket
  }
  /** attachment[0], attachment[1], … file parts → stored attachments (25 files / 25 MiB at most) */
  function attachmentsOf(ctx, ticketId) {
    const files = (ctx.parts ?? []).filter((p) => p.filename !== undefined && /^attachment\[\d*\]$/.test(p.name));
    if (files.length > MAX_ATTACHMENTS) refuse(`Limite de ${MAX_ATTACHMENTS} anexos por requisição excedido (${files.length} enviados)`);
    const total = files.reduce((n, p) => n + p.data.length, 0);
    if (total > MAX_ATTACHMENT_BYTES) refuse(`Os anexos excedem o limite de 25 MB por requisição (${total} bytes)`);
    return files.map((p) => ({
      ...att(ticketId, p.filename, p.data.length, p.contentType ?? "application/octet-stream"),
      md5: createHash("md5").update(p.data).digest("hex"), // store only, never on the wire
    }));
  }
  function addReply(t, origem, mensagem, op, anexos, when) {
    const r = {
      id: hexId(`reply:${t.idchamado}:${nextSerial()}`),
      origem,
      mensagem,
      atendente: op?.name ?? null,
      data_hora: when,
      hora_inicio: null,
      hora_fim: null,
      anexos,
      operator_id: op?.id ?? null,
    };
    t.historico.push(r);
    return r;
  }

  /** GET /v2.0/ticket/list */
  function v2TicketList(ctx) {
    const q = ctx.query;
    let items = [...store.tickets.values()];
    const who = customerFilter(q);
    if (who !== null) items = items.filter((t) => t.customer_ref === who);
    if (given(q, "situation")) {
      const codes = q.situation.split(",").map((x) => x.trim());
      for (const c of codes) if (!/^[0-9]$/.test(c)) refuse(`Parâmetro situation inválido: ${c} (use códigos de 0 a 9 separados por vírgula)`);
      const set = new Set(codes.map(Number));
      items = items.filter((t) => set.has(Number(t.ultimasituacao)));
    }
    if (given(q, "department_id")) items = items.filter((t) => t.department_id === q.department_id);
    if (given(q, "status_id")) items = items.filter((t) => t.status_id === q.status_id);
    if (given(q, "category_id")) items = items.filter((t) => t.category_id === q.category_id);
    items = dateRange(items, q, "creation_date", (t) => t.data_criacao);
    items = dateRange(items, q, "last_update", (t) => t.last_update);
    items = dateRange(items, q, "last_situation", (t) => t.dataultimasituacao);
    items = protocolRange(items, q, (t) => Number(t.protocolo));
    const order = given(q, "order") ? q.order.toUpperCase() : "DESC";
    if (order !== "ASC" && order !== "DESC") refuse("Parâmetro order inválido (use ASC ou DESC)");
    const column = given(q, "column") ? q.column : "protocol";
    const keyOf = { protocol: (t) => Number(t.protocolo), creation_date: (t) => parseLocal(t.data_criacao), last_update: (t) => parseLocal(t.last_update) }[column];
    if (!keyOf) refuse("Parâmetro column inválido (use protocol, creation_date ou last_update)");
    const dir = order === "ASC" ? 1 : -1;
    items.sort((a, b) => dir * (keyOf(a) - keyOf(b) || Number(a.protocolo) - Number(b.protocolo)));
    const refs = customerRefs();
    return pageOf(items, q, (t) => v2Ticket(t, refs), { found: "Chamados encontrados", none: "Nenhum chamado encontrado" });
  }

  /** GET /v2.0/ticket/detail */
  function v2TicketDetail(ctx) {
    const q = ctx.query;
    required(q, ["ticket_id"]);
    const t = ticketOr404(q.ticket_id);
    const flags = { stopwatch: q.show_stopwatch === "1", staggered: q.show_staggered_tickets === "1", tags: q.show_tags === "1" };
    return [200, v2Ok("Chamado encontrado", { data: v2TicketDetailView(t, customerRefs(), flags) })];
  }

  /** POST /v2.0/ticket/new (multipart) */
  function v2TicketNew(ctx) {
    const f = formOf(ctx);
    required(f, ["customer_id", "department_id", "subject", "message"]);
    maxLengths(f, { customer_id: 250, subject: 250, department_id: 512, category_id: 512 });
    // the pages say customer_type_id, a live client sends customer_id_type: read either, record both
    const sent = {
      customer_type_id: has(f, "customer_type_id") ? f.customer_type_id : null,
      customer_id_type: has(f, "customer_id_type") ? f.customer_id_type : null,
    };
    const type = customerType(sent.customer_type_id || sent.customer_id_type || "I", sent.customer_type_id ? "customer_type_id" : "customer_id_type");
    const c = findCustomer(f.customer_id, type);
    if (!c) refuse("Cliente não encontrado");
    const dept = DEPARTMENT_BY_ID.get(f.department_id);
    if (!dept) refuse("Departamento não encontrado");
    let cat = null;
    if (given(f, "category_id")) {
      cat = CATEGORY_BY_ID.get(f.category_id) ?? null;
      if (!cat || cat.department_id !== dept.id) refuse("Categoria não encontrada neste departamento");
    }
    let priority = 1;
    if (given(f, "priority")) {
      if (!/^[1-4]$/.test(f.priority)) refuse("Prioridade inválida (use 1, 2, 3 ou 4)");
      priority = Number(f.priority);
    }
    const protocol = Math.max(0, ...[...store.tickets.values()].map((t) => Number(t.protocolo))) + 1;
    const id = hexId(`ticket:new:${protocol}`);
    const anexos = attachmentsOf(ctx, id);
    // custom fields outside the category's (or, without a category, the department's general) fields are dropped silently
    const allowed = cat ? cat.fields : dept.general;
    const fields = [];
    const dropped = [];
    for (const [k, v] of Object.entries(f)) {
      const m = /^custom_field\[(.*)\]$/.exec(k);
      if (!m) continue;
      if (allowed.includes(m[1])) fields.push({ id: m[1], label: TICKET_FIELD_LABELS[m[1]], value: v });
      else dropped.push(m[1]);
    }
    const org = c.organization_id ? store.organizations.get(c.organization_id) : null;
    const now = nowLocal();
    store.tickets.set(id, {
      idchamado: id,
      protocolo: String(protocol),
      titulo: f.subject,
      mensagem: f.message, // the opening message: always the customer's
      nomecliente: c.name,
      email_cliente: c.email,
      id_cliente: c.internal_id,
      nomeorganizacao: org?.name ?? null,
      prioridade: priority,
      tipochamado: "E",
      tempotrabalho: 0,
      tempoabertura: 0,
      data_criacao: now,
      deadline: null,
      valoritemhora: 0,
      valoritemhoraextra: 0,
      valorfinal: 0,
      valorfinalextra: 0,
      valorfinalbruto: 0,
      avaliadoproblemaresolvido: null,
      avaliadoatendimento: null,
      avaliacaocomentario: null,
      dataprimeiraresposta: null,
      dataencerramento: null,
      ultimasituacao: "1",
      dataultimasituacao: now,
      sla_inicializacao_cumprido: null,
      sla_deadline_cumprido: null,
      descsituacao: SITUATIONS[1],
      categoria: cat?.name ?? null,
      departamento: dept.name,
      atendente: null,
      status: null,
      dataultimostatus: null,
      anexos,
      historico: [],
      campospersonalizados: fields,
      campospersonalizados_finalizados: [],
      historico_status: [],
      stopwatch: [],
      parent_ticket_id: null,
      _dev: {},
      customer_ref: c.id,
      department_id: dept.id,
      category_id: cat?.id ?? null,
      operator_id: null,
      status_id: null,
      last_update: now,
      tags: [],
      created_with: sent,
      dropped_custom_fields: dropped,
    });
    // ids at the ROOT of the envelope, as the live API answers (not under data)
    return [200, v2Ok("Chamado criado com sucesso", { ticket_id: id, protocol })];
  }

  /** POST /v2.0/ticket/reply/customer and /v2.0/ticket/reply/operator */
  const v2Reply = (by) => (ctx) => {
    const f = formOf(ctx);
    required(f, ["ticket_id", "message"]);
    const t = ticketOr404(f.ticket_id);
    const anexos = attachmentsOf(ctx, t.idchamado);
    const now = nowLocal();
    // live quirk: with no operator linked an operator reply is stored as the customer's, no error
    const op = by === "operator" && t.operator_id ? OPERATOR_BY_ID.get(t.operator_id) : null;
    addReply(t, op ? "A" : "C", f.message, op, anexos, now);
    if (op && !t.dataprimeiraresposta) t.dataprimeiraresposta = now;
    setSituation(t, op ? 2 : 3, now);
    return [200, v2Ok("Resposta enviada com sucesso")];
  };

  /** POST /v2.0/ticket/comment (internal note, sender_type "I") */
  function v2TicketComment(ctx) {
    const f = formOf(ctx);
    required(f, ["ticket_id", "comment"]);
    const t = ticketOr404(f.ticket_id);
    const now = nowLocal();
    addReply(t, "I", f.comment, t.operator_id ? OPERATOR_BY_ID.get(t.operator_id) : null, [], now);
    t.last_update = now;
    return [200, v2Ok("Comentário adicionado com sucesso")];
  }

  /** POST /v2.0/ticket/finish (time_work in minutes; stored as seconds) */
  function v2TicketFinish(ctx) {
    const f = formOf(ctx);
    required(f, ["ticket_id", "message"]);
    const t = ticketOr404(f.ticket_id);
    let minutes = 0;
    if (given(f, "time_work")) {
      if (!/^\d+$/.test(f.time_work)) refuse("Parâmetro time_work inválido (minutos, número inteiro)");
      minutes = Number(f.time_work);
    }
    if (t.ultimasituacao === "5") refuse("Chamado já finalizado");
    if (t.ultimasituacao === "4") refuse("Chamado cancelado não pode ser finalizado");
    const now = nowLocal();
    const op = t.operator_id ? OPERATOR_BY_ID.get(t.operator_id) : null;
    addReply(t, "A", f.message, op, [], now);
    t.tempotrabalho += 60 * minutes;
    setSituation(t, 5, now);
    t.dataencerramento = now;
    return [200, v2Ok("Chamado finalizado com sucesso")];
  }

  /** POST /v2.0/ticket/transfer */
  function v2TicketTransfer(ctx) {
    const f = formOf(ctx);
    required(f, ["ticket_id"]);
    if (!given(f, "department_id") && !given(f, "operator_id")) refuse("Informe department_id ou operator_id");
    const t = ticketOr404(f.ticket_id);
    if (!t.operator_id) refuse("Não é possível transferir chamados sem atendentes");
    const dept = given(f, "department_id") ? DEPARTMENT_BY_ID.get(f.department_id) : DEPARTMENT_BY_ID.get(t.department_id);
    if (!dept) refuse("Departamento não encontrado");
    if (given(f, "operator_id") && !dept.operators.includes(f.operator_id)) refuse("O atendente não pertence ao departamento de destino");
    // live: the transfer clears the linked operator (operator_id is checked, never applied: use ticket/operator/link)
    t.department_id = dept.id;
    t.departamento = dept.name;
    t.operator_id = null;
    t.atendente = null;
    t.last_update = nowLocal();
    return [200, v2Ok("Chamado transferido com sucesso")];
  }

  /** POST /v2.0/ticket/operator/link */
  function v2TicketOperatorLink(ctx) {
    const f = formOf(ctx);
    required(f, ["ticket_id", "operator_id"]);
    const t = ticketOr404(f.ticket_id);
    if (t.operator_id) refuse("This ticket does not allow adding an operator");
    const op = OPERATOR_BY_ID.get(f.operator_id);
    if (!op) refuse("Atendente não encontrado");
    if (!DEPARTMENT_BY_ID.get(t.department_id)?.operators.includes(op.id)) refuse("O atendente não pertence ao departamento do chamado");
    t.operator_id = op.id;
    t.atendente = op.name;
    t.last_update = nowLocal();
    return [200, v2Ok("Atendente vinculado com sucesso")];
  }

  /** POST /v2.0/ticket/evaluation */
  function v2TicketEvaluation(ctx) {
    const f = formOf(ctx);
    required(f, ["ticket_id", "problem_solved", "grade"]);
    if (f.problem_solved !== "Y" && f.problem_solved !== "N") refuse("Parâmetro problem_solved inválido (use Y ou N)");
    if (!/^[1-5]$/.test(f.grade)) refuse("Parâmetro grade inválido (use 1 a 5)");
    maxLengths(f, { comment: 4096 });
    const t = ticketOr404(f.ticket_id);
    if (t.ultimasituacao !== "5") refuse("Somente chamados finalizados podem ser avaliados");
    t.avaliadoproblemaresolvido = f.problem_solved === "Y" ? "S" : "N";
    t.avaliadoatendimento = GRADE_LETTER[f.grade];
    t.avaliacaocomentario = has(f, "comment") ? f.comment : null;
    t.last_update = nowLocal();
    return [200, v2Ok("Avaliação registrada com sucesso")];
  }

  /** GET /v2.0/customer/list */
  function v2CustomerList(ctx) {
    const items = [...store.customers.values()].sort((a, b) => (a.creation_date < b.creation_date ? -1 : a.creation_date > b.creation_date ? 1 : a.id < b.id ? -1 : 1));
    const view = (c) => {
      const org = c.organization_id ? store.organizations.get(c.organization_id) ?? null : null;
      return {
        id: c.id,
        internal_id: c.internal_id,
        name: c.name,
        email: c.email,
        phone: c.phone,
        monthly_tickets_quota: c.monthly_ticket_quota, // plural "tickets" on this call (as TB saw live)
        allowed_create_tickets: c.allowed_create_tickets,
        email_validated: c.email_validated,
        active: c.active,
        account_approved: c.account_approved,
        organization: org ? { id: org.id, name: org.name } : null,
        creation_date: v2Date(c.creation_date),
        custom_fields: Object.entries(c.custom_fields).map(([id, value]) => ({ field_id: id, field_name: CUSTOM_FIELD_NAMES[id] ?? id, value: structuredClone(value) })),
      };
    };
    return pageOf(items, ctx.query, view, { found: "Clientes encontrados", none: "Nenhum cliente encontrado" });
  }

  /** POST /v2.0/customer/update: partial, only the fields sent change; unknown customer → 404 envelope */
  function v2CustomerUpdate(ctx) {
    const f = formOf(ctx);
    required(f, ["customer_id", "customer_type_id"]);
    const type = customerType(f.customer_type_id);
    const c = findCustomer(f.customer_id, type);
    if (!c) refuse("Cliente não encontrado", 404);
    if (has(f, "internal_id") && type !== "E") refuse("O campo internal_id só pode ser informado quando customer_type_id for E (e-mail)");
    maxLengths(f, { name: 250, email: 250, phone: 20, organization_id: 512, language: 5, portfolio_id: 512, internal_id: 250 });
    const patch = {};
    if (has(f, "name")) {
      if (f.name.trim() === "") refuse("O campo name não pode ser vazio");
      patch.name = f.name;
    }
    if (has(f, "email")) {
      if (f.email !== "" && !EMAIL_RE.test(f.email)) refuse("Endereço de email inválido");
      if (f.email !== "" && emailTaken(f.email, c.internal_id)) refuse("Endereço de email já cadastrado para outro cliente");
      patch.email = f.email === "" ? null : f.email;
    }
    if (has(f, "phone")) patch.phone = f.phone === "" ? null : f.phone;
    if (has(f, "create_tickets")) {
      if (f.create_tickets === "1") patch.allowed_create_tickets = true;
      else if (f.create_tickets === "0") patch.allowed_create_tickets = false;
      else refuse("Valor inválido para create_tickets (use 1 ou 0)");
    }
    if (has(f, "organization_id")) {
      if (f.organization_id !== "" && !store.organizations.has(f.organization_id)) refuse("Organização não encontrada");
      patch.organization_id = f.organization_id === "" ? null : f.organization_id;
    }
    if (has(f, "language")) {
      if (!LANG_V2.has(f.language)) refuse("Idioma inválido (use pt-BR, es_ES ou en-US)");
      patch.language = f.language;
    }
    if (has(f, "portfolio_id")) patch.portfolio_id = f.portfolio_id === "" ? null : f.portfolio_id;
    if (has(f, "internal_id")) {
      if (f.internal_id.trim() === "") refuse("O campo internal_id não pode ser vazio");
      if (f.internal_id !== c.internal_id && store.customers.has(f.internal_id)) refuse("Identificador interno já cadastrado para outro cliente");
      patch.internal_id = f.internal_id;
    }
    const customFields = {};
    for (const [k, v] of Object.entries(f)) {
      const m = /^custom_field\[(.*)\]$/.exec(k);
      if (m) customFields[m[1]] = v;
    }
    const oldId = c.internal_id;
    Object.assign(c, patch);
    Object.assign(c.custom_fields, customFields);
    if (c.internal_id !== oldId) {
      store.customers.delete(oldId);
      store.customers.set(c.internal_id, c);
    }
    return [200, v2Ok("Cliente atualizado com sucesso")];
  }

  /** GET /v2.0/customer/blacklist/search */
  function v2BlacklistSearch(ctx) {
    required(ctx.query, ["email"]);
    const want = ctx.query.email.trim().toLowerCase();
    const blacklisted = store.blacklist.some((e) => e.toLowerCase() === want);
    return [200, v2Ok(blacklisted ? "E-mail encontrado na lista negra" : "E-mail não está na lista negra", { data: { blacklisted } })];
  }

  /** GET /v2.0/organization/list */
  function v2OrganizationList(ctx) {
    const items = [...store.organizations.values()];
    return pageOf(items, ctx.query, (o) => ({ id: o.id, name: o.name }), { found: "Organizações encontradas", none: "Nenhuma organização encontrada" });
  }

  const fieldView = (id) => ({ id, label: TICKET_FIELD_LABELS[id] });
  function departmentOr404(id) {
    const d = DEPARTMENT_BY_ID.get(id);
    if (!d) refuse("Departamento não encontrado", 404);
    return d;
  }

  /** GET /v2.0/department/list */
  function v2DepartmentList(ctx) {
    const nested = ctx.query.show_nested_items;
    if (nested !== undefined && nested !== "" && nested !== "0" && nested !== "1") refuse("Parâmetro show_nested_items inválido (use 1 ou 0)");
    const data = DEPARTMENTS.map((d) =>
      nested === "1"
        ? {
            id: d.id,
            name: d.name,
            categories: d.categories.map((c) => ({ id: c.id, name: c.name, custom_fields: c.fields.map(fieldView) })),
            general_custom_fields: { tickets: d.general.map(fieldView) },
            operators: d.operators.map((id) => ({ id, name: OPERATOR_BY_ID.get(id).name })),
          }
        : { id: d.id, name: d.name },
    );
    return [200, v2Ok("Departamentos encontrados", { size: data.length, data })];
  }

  /** GET /v2.0/custom_field/department/list */
  function v2DepartmentFields(ctx) {
    const q = ctx.query;
    required(q, ["department_id"]);
    const d = departmentOr404(q.department_id);
    let ids = d.general;
    if (given(q, "category_id")) {
      const c = CATEGORY_BY_ID.get(q.category_id);
      if (!c || c.department_id !== d.id) refuse("Categoria não encontrada neste departamento", 404);
      ids = c.fields;
    }
    return [200, v2Ok("Campos personalizados encontrados", { size: ids.length, data: ids.map(fieldView) })];
  }

  /** GET /v2.0/department/operator/list (Premium and Enterprise only: config plan "basic" → 403) */
  function v2DepartmentOperators(ctx) {
    if (config.plan === "basic") refuse("Recurso disponível apenas nos planos Premium e Enterprise", 403);
    required(ctx.query, ["department_id"]);
    const d = departmentOr404(ctx.query.department_id);
    const data = d.operators.map((id) => {
      const o = OPERATOR_BY_ID.get(id);
      return { id: o.id, name: o.name, mail_hash: hexId(o.email.toLowerCase()) };
    });
    return [200, v2Ok("Atendentes encontrados", { size: data.length, data })];
  }

  /** GET /v2.0/chat/list */
  function v2ChatList(ctx) {
    const q = ctx.query;
    const refs = customerRefs();
    let items = [...store.chats];
    const who = customerFilter(q);
    if (who !== null) items = items.filter((c) => c.customer_ref === who);
    if (given(q, "department_id")) items = items.filter((c) => c.department_id === q.department_id);
    if (given(q, "organization_id")) {
      // the customer's organisation or its mother organisation
      items = items.filter((c) => {
        const org = store.organizations.get(refs.get(c.customer_ref)?.organization_id ?? "");
        return !!org && (org.id === q.organization_id || org.mother_id === q.organization_id);
      });
    }
    if (given(q, "situation")) {
      const codes = q.situation.split(",").map((x) => x.trim());
      for (const c of codes) if (!/^\d+$/.test(c)) refuse(`Parâmetro situation inválido: ${c}`);
      const set = new Set(codes.map(Number));
      items = items.filter((c) => set.has(c.situation_id));
    }
    items = protocolRange(items, q, (c) => c.protocol);
    items = dateRange(items, q, "creation_date", (c) => c.creation_date);
    items.sort((a, b) => b.protocol - a.protocol);
    const view = (c) => {
      const cust = refs.get(c.customer_ref);
      const dept = DEPARTMENT_BY_ID.get(c.department_id);
      const op = c.operator_id ? OPERATOR_BY_ID.get(c.operator_id) : null;
      return {
        id: c.id,
        protocol: c.protocol,
        situation: { id: c.situation_id, description: CHAT_SITUATIONS[c.situation_id] },
        customer: cust ? customerRef(cust) : { id: c.customer_ref, internal_id: null, name: null, email: null },
        department: { id: dept.id, name: dept.name },
        operator: { id: op?.id ?? null, name: op?.name ?? null },
        creation_date: v2Date(c.creation_date),
        end_date: v2Date(c.end_date),
      };
    };
    return pageOf(items, q, view, { found: "Chats encontrados", none: "Nenhum chat encontrado" });
  }

  /** method → handler of every v2 route (Bearer auth). Anything else under /v2.0/ is nginx's 404 page. */
  const V2_ROUTES = {
    "/v2.0/customer/details": { GET: v2CustomerDetails },
    "/v2.0/customer/new": { POST: v2CustomerNew },
    // only the singular: a client sending customers/exists gets the plain 404 page (no envelope)
    "/v2.0/customer/exists": { GET: v2CustomerExists },
    "/v2.0/customer/list": { GET: v2CustomerList },
    "/v2.0/customer/update": { POST: v2CustomerUpdate },
    "/v2.0/customer/blacklist/search": { GET: v2BlacklistSearch },
    "/v2.0/ticket/list": { GET: v2TicketList },
    "/v2.0/ticket/detail": { GET: v2TicketDetail },
    "/v2.0/ticket/new": { POST: v2TicketNew },
    "/v2.0/ticket/reply/customer": { POST: v2Reply("customer") },
    "/v2.0/ticket/reply/operator": { POST: v2Reply("operator") },
    "/v2.0/ticket/comment": { POST: v2TicketComment },
    "/v2.0/ticket/finish": { POST: v2TicketFinish },
    "/v2.0/ticket/transfer": { POST: v2TicketTransfer },
    "/v2.0/ticket/operator/link": { POST: v2TicketOperatorLink },
    "/v2.0/ticket/evaluation": { POST: v2TicketEvaluation },
    "/v2.0/organization/list": { GET: v2OrganizationList },
    "/v2.0/department/list": { GET: v2DepartmentList },
    "/v2.0/custom_field/department/list": { GET: v2DepartmentFields },
    "/v2.0/department/operator/list": { GET: v2DepartmentOperators },
    "/v2.0/chat/list": { GET: v2ChatList },
  };

  function route(method, rawPath, segs) {
    let r = null;
    if (has(V2_ROUTES, rawPath)) r = { methods: V2_ROUTES[rawPath], auth: "bearer" };
    else if (segs[0] === "update_cliente" && segs.length === 4) r = { methods: { POST: legacyUpdateCliente }, auth: "path" };
    else if (segs[0] === "chamado" && segs.length === 3) r = { methods: { GET: legacyChamado }, auth: "path" };
    if (!r) return { status: 404, html: rawPath === "/v2.0" || rawPath.startsWith("/v2.0/") };
    const handler = r.methods[method];
    if (!handler) return { status: 405, allow: Object.keys(r.methods).join(", ") };
    return { handler, auth: r.auth };
  }

  // ---- faults ----
  function applyFault(f, rec, req, res, family) {
    switch (f.kind) {
      case "status": {
        const headers = f.retryAfter !== undefined ? { "Retry-After": String(f.retryAfter) } : undefined;
        return reply(rec, res, f.status, errEnv(family, f.message ?? STATUS_MESSAGES[f.status] ?? "Erro simulado"), headers);
      }
      case "businessError":
        return reply(rec, res, 200, errEnv(family, f.message ?? "Erro de negócio simulado"));
      case "html": {
        rec.status = f.status;
        const title = `${f.status} ${STATUS_MESSAGES[f.status] ?? http.STATUS_CODES[f.status] ?? "Error"}`;
        const html = `<!DOCTYPE html>\n<html><head><title>${title}</title></head>\n<body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>\n`;
        return writeRaw(res, f.status, html, "text/html; charset=utf-8");
      }
      case "truncated": {
        rec.status = 200;
        const full =
          family === "legacy"
            ? JSON.stringify({ erro: false, mensagem: "Chamado encontrado", idchamado: TICKET.rich, protocolo: "4821", titulo: "Erro ao emitir nota fiscal" })
            : JSON.stringify({ error: false, message: "Cliente encontrado", success: true, data: { name: "Maria Silva", email: "maria.silva@acme.com.br", internal_id: "cli-001" } });
        return writeRaw(res, 200, full.slice(0, Math.floor(full.length / 2)), "application/json; charset=utf-8");
      }
      case "empty":
        rec.status = 200;
        return writeRaw(res, 200, "", "application/json; charset=utf-8");
      case "drop":
        rec.status = null;
        req.socket.destroy();
        return;
      case "hang":
        rec.status = null;
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
    }
  }

  // ---- request handling ----
  function preflight(req, res) {
    const headers = { ...CORS_HEADERS, "Access-Control-Max-Age": "600", "Content-Length": "0" };
    if (req.headers["access-control-request-private-network"] === "true") headers["Access-Control-Allow-Private-Network"] = "true";
    res.writeHead(204, headers);
    res.end();
  }

  async function handleApi(req, res, rawPath, rawQuery) {
    let body;
    try {
      body = await readBody(req);
    } catch (e) {
      if (e.status === 413) {
        res.setHeader("Connection", "close");
        return writeJson(res, 413, errEnv(familyOf(rawPath.split("/").slice(1)), STATUS_MESSAGES[413]));
      }
      throw e;
    }
    const pathSegments = rawPath.split("/").slice(1).map(safeDecode);
    const decodedPath = "/" + pathSegments.join("/");
    const query = Object.fromEntries(new URLSearchParams(rawQuery));
    const contentType = req.headers["content-type"] ?? null;
    let form = null;
    let files = null;
    let parts = [];
    let formError = null;
    try {
      ({ form, files, parts } = parseForm(contentType, body));
    } catch (e) {
      formError = e.message;
    }
    const rec = {
      seq: ++seq,
      time: Date.now(),
      method: req.method,
      path: rawPath,
      pathSegments,
      query,
      headers: { ...req.headers },
      contentType,
      form,
      status: null,
      body: body.length > 65536 ? body.subarray(0, 65536).toString("utf8") : body.toString("utf8"),
    };
    if (files) rec.files = files;
    if (formError) rec.formError = formError;
    record(rec);
    const family = familyOf(pathSegments);

    // 1. injected faults (never count toward the rate limit, except `delay`, which proceeds normally)
    const fault = takeFault(req.method, rawPath, decodedPath);
    if (fault) {
      rec.fault = fault.kind;
      if (fault.delayMs > 0) await sleep(fault.delayMs);
      if (closing || res.destroyed) return;
      if (fault.kind !== "delay") return applyFault(fault, rec, req, res, family);
    }

    // 2. rate limit: sliding 1000 ms window over accepted requests; checked before auth
    if (config.rps > 0) {
      const now = performance.now();
      while (accepted.length && now - accepted[0] >= 1000) accepted.shift();
      if (accepted.length >= config.rps) {
        if (family === "legacy") return reply(rec, res, 429, errEnv(family, STATUS_MESSAGES[429]));
        // v2: nginx answers before the application, with its stock HTML page (as the live API does)
        rec.status = 429;
        return writeRaw(res, 429, nginxPage(429), "text/html");
      }
      accepted.push(now);
    }

    // 3. routing
    const r = route(req.method, rawPath, pathSegments);
    if (r.status === 404 && r.html) {
      // an unknown /v2.0/ route (e.g. customers/exists): the server's plain 404 page, no envelope
      rec.status = 404;
      return writeRaw(res, 404, nginxPage(404), "text/html");
    }
    if (r.status === 404) return reply(rec, res, 404, errEnv(family, "Recurso não encontrado"));
    if (r.status === 405) return reply(rec, res, 405, errEnv(family, STATUS_MESSAGES[405]), { Allow: r.allow });

    // 4. auth
    if (r.auth === "bearer") {
      const h = req.headers.authorization;
      const m = h ? /^Bearer[ \t]+(.+?)[ \t]*$/i.exec(h) : null;
      if (!h) return reply(rec, res, 401, v2Err("Token de acesso não informado"));
      if (!m || m[1] !== config.token) return reply(rec, res, 401, v2Err("Token inválido"));
    } else if (pathSegments[1] !== config.token) {
      return reply(rec, res, 401, legacyEnv(true, "Token inválido"));
    }

    // 5. handler (a v2 handler may throw a Refusal: an error envelope with its status)
    let status;
    let obj;
    try {
      [status, obj] = r.handler({ query, form, formError, files, parts, pathSegments, rawPath });
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      [status, obj] = [e.status, v2Err(e.message)];
    }
    reply(rec, res, status, obj);
  }

  async function readControlJson(req) {
    const body = await readBody(req);
    const text = body.toString("utf8").trim();
    if (!text) return {};
    try {
      return JSON.parse(text);
    } catch {
      const e = new Error("invalid JSON body");
      e.status = 400;
      throw e;
    }
  }

  async function handleControl(req, res, rawPath) {
    if (req.method === "OPTIONS") return preflight(req, res);
    const op = `${req.method} ${rawPath.slice("/__control".length) || "/"}`;
    const body = req.method === "POST" ? await readControlJson(req) : (await readBody(req), {});
    switch (op) {
      case "POST /reset":
        reset();
        return writeJson(res, 200, { ok: true });
      case "GET /config":
        return writeJson(res, 200, { ok: true, config: { ...config } });
      case "POST /config":
        return writeJson(res, 200, { ok: true, config: setConfig(body) });
      case "GET /fault":
      case "GET /faults":
        return writeJson(res, 200, { ok: true, faults: faults.map((f) => ({ ...f })) });
      case "POST /fault": {
        const list = Array.isArray(body) ? body.map(normalizeFault) : [normalizeFault(body)];
        faults.push(...list);
        return writeJson(res, 200, { ok: true, fault: Array.isArray(body) ? list : list[0], faults: faults.map((f) => ({ ...f })) });
      }
      case "DELETE /fault":
      case "DELETE /faults":
        clearFaults();
        return writeJson(res, 200, { ok: true });
      case "GET /requests":
        return writeJson(res, 200, { requests });
      case "DELETE /requests":
        requests.length = 0;
        return writeJson(res, 200, { ok: true });
      case "GET /store":
        return writeJson(res, 200, storeSnapshot());
      case "GET /seed":
        return writeJson(res, 200, SEED);
      case "GET /health":
        return writeJson(res, 200, { ok: true });
      default:
        return writeJson(res, 404, { ok: false, error: `unknown control endpoint: ${op}` });
    }
  }

  async function handle(req, res) {
    try {
      const { rawPath, rawQuery } = splitUrl(req.url);
      if (rawPath === "/__control" || rawPath.startsWith("/__control/")) return await handleControl(req, res, rawPath);
      if (req.method === "OPTIONS") return preflight(req, res);
      await handleApi(req, res, rawPath, rawQuery);
    } catch (err) {
      const status = err?.status ?? 500;
      writeJson(res, status, { ok: false, error: String(err?.message ?? err) });
    }
  }

  const server = http.createServer(handle);
  server.keepAliveTimeout = 5000;
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = server.address().port;
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;

  function close() {
    if (closing) return closing;
    closing = new Promise((resolve) => {
      server.close(() => resolve());
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections?.();
      for (const s of sockets) s.destroy();
      sockets.clear();
      hanging.clear();
    });
    return closing;
  }

  return {
    url: `http://${urlHost}:${port}`,
    port,
    server,
    requests,
    close,
    reset,
    setConfig,
    setFault,
    clearFaults,
    get faults() {
      return faults.map((f) => ({ ...f }));
    },
    get config() {
      return { ...config };
    },
    store: storeSnapshot,
  };
}

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

const USAGE = `usage: node tomticket-fake.mjs [--port 0] [--token test-token] [--rps 3] [--deviations] [--past-end 404|empty] [--plan basic|premium|enterprise] [--ready-file PATH]`;

function parseArgs(argv) {
  const out = { port: 0, token: DEFAULT_TOKEN, rps: 3, deviations: false, pastEnd: "404", plan: "enterprise", readyFile: null };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let val;
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq > 0) [a, val] = [a.slice(0, eq), a.slice(eq + 1)];
    const next = () => {
      if (val !== undefined) return val;
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case "--port": {
        const p = Number(next());
        if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error("--port must be 0..65535");
        out.port = p;
        break;
      }
      case "--token":
        out.token = next();
        if (!out.token) throw new Error("--token must not be empty");
        break;
      case "--rps": {
        const r = Number(next());
        if (!Number.isFinite(r) || r < 0) throw new Error("--rps must be a number >= 0");
        out.rps = r;
        break;
      }
      case "--deviations":
        out.deviations = val === undefined ? true : val !== "false" && val !== "0";
        break;
      case "--past-end":
        out.pastEnd = next();
        if (out.pastEnd !== "404" && out.pastEnd !== "empty") throw new Error("--past-end must be 404 or empty");
        break;
      case "--plan":
        out.plan = next();
        if (!PLANS.has(out.plan)) throw new Error("--plan must be basic, premium or enterprise");
        break;
      case "--ready-file":
        out.readyFile = next();
        break;
      case "--help":
      case "-h":
        process.stderr.write(USAGE + "\n");
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument: ${a}`);
    }
  }
  return out;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`tomticket-fake: ${e.message}\n${USAGE}\n`);
    process.exit(2);
  }
  // Install the signal handlers first: a signal that arrives right after the ready line
  // (or even before the server is listening) must still end in a clean exit 0.
  let fake = null;
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), 2000).unref();
    if (!fake) return; // still starting: exit once started (see below)
    fake.close().then(() => {
      if (args.readyFile) {
        try {
          fs.unlinkSync(args.readyFile);
        } catch {
          /* already gone */
        }
      }
      process.exit(0);
    });
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  try {
    fake = await startFake({ port: args.port, host: "127.0.0.1", token: args.token, rps: args.rps, deviations: args.deviations, pastEnd: args.pastEnd, plan: args.plan });
  } catch (e) {
    process.stderr.write(`tomticket-fake: cannot listen: ${e.message}\n`);
    process.exit(1);
  }
  if (stopping) {
    await fake.close();
    process.exit(0);
  }
  if (args.readyFile) {
    const tmp = `${args.readyFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, fake.url);
    fs.renameSync(tmp, args.readyFile); // atomic: readers never see a partial URL
  }
  process.stdout.on("error", () => {}); // parent may close the pipe early
  process.stdout.write(`FAKE_TOMTICKET_URL=${fake.url}\n`);
}

const isMain = (() => {
  try {
    return !!process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (isMain) main();
