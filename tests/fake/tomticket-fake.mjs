#!/usr/bin/env node
// Local fake of the TomTicket API (v2.0 customer/details + customer/new, legacy
// update_cliente + chamado), modelled on the pages in /work/shared/spec.
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
//        [--deviations] [--ready-file PATH]
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
});

function seedOrganizations() {
  return new Map(
    [
      { id: ORG.acme, name: "ACME Brasil Ltda", active: true, monthly_ticket_quota: null, allow_create_tickets: true, mother_id: ORG.holding },
      { id: ORG.holding, name: "ACME Holding S.A.", active: true, monthly_ticket_quota: null, allow_create_tickets: true, mother_id: null },
      { id: ORG.beta, name: "Beta Comércio ME", active: true, monthly_ticket_quota: 20, allow_create_tickets: true, mother_id: null },
      { id: ORG.gamma, name: "Gamma Serviços", active: false, monthly_ticket_quota: 3, allow_create_tickets: true, mother_id: null },
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
      },
      {
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
      },
      {
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
      },
      {
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
      },
    ].map((c) => [c.internal_id, c]),
  );
}

const att = (ticket, nome, tamanhobytes, mimetype) => ({
  nome,
  url: `https://anexos.tomticket.example/${ticket}/${encodeURIComponent(nome)}`,
  tamanhobytes,
  mimetype, // only emitted with deviations: true
});

function seedTickets() {
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

  return new Map([rich, minimal, child, child2].map((t) => [t.idchamado, t]));
}

function seedStore() {
  return { customers: seedCustomers(), organizations: seedOrganizations(), tickets: seedTickets() };
}

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
 * Minimal, careful multipart/form-data parser.
 * Returns { fields: [[name, value], ...], files: [{ name, filename, contentType, size }] }.
 * Throws on malformed input.
 */
export function parseMultipart(buf, boundary) {
  if (!boundary) throw new Error("multipart boundary ausente");
  if (boundary.length > 70) throw new Error("multipart boundary longo demais");
  const delim = Buffer.from("--" + boundary, "latin1");
  const nextDelim = Buffer.concat([CRLF, delim]);
  const fields = [];
  const files = [];
  let pos = buf.indexOf(delim);
  if (pos < 0) throw new Error("multipart: delimitador inicial não encontrado");
  pos += delim.length;
  for (;;) {
    if (buf[pos] === 0x2d && buf[pos + 1] === 0x2d) return { fields, files }; // close delimiter
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

/** → { form, files } ; form is null when the content type is not a form type. Throws on malformed multipart. */
function parseForm(contentType, body) {
  if (!contentType) return { form: null, files: null };
  const { value, params } = parseHeaderParams(contentType);
  const type = value.toLowerCase();
  if (type === "application/x-www-form-urlencoded") {
    const entries = [...new URLSearchParams(body.toString("utf8"))];
    return { form: Object.fromEntries(new Map(entries)), files: null };
  }
  if (type === "multipart/form-data") {
    const { fields, files } = parseMultipart(body, params.boundary);
    return { form: Object.fromEntries(new Map(fields)), files: files.length ? files : null };
  }
  return { form: null, files: null };
}

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

const FAULT_KINDS = new Set(["status", "hang", "drop", "html", "truncated", "empty", "businessError", "delay"]);
const MAX_BODY = 10 * 1024 * 1024;

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
 *          record?: boolean, maxRequests?: number}} [opts]
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
    },
    {},
  );
  let config = { ...startupConfig };
  let store = seedStore();
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
    store = seedStore();
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
    const attView = (a) => (dev ? { ...a } : { nome: a.nome, url: a.url, tamanhobytes: a.tamanhobytes });
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
      historico: t.historico.map((h) => ({ ...h, anexos: h.anexos.map(attView) })),
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

  function route(method, rawPath, segs) {
    let r = null;
    if (rawPath === "/v2.0/customer/details") r = { methods: { GET: v2CustomerDetails }, auth: "bearer" };
    else if (rawPath === "/v2.0/customer/new") r = { methods: { POST: v2CustomerNew }, auth: "bearer" };
    else if (rawPath === "/v2.0/customer/exists") r = { methods: { GET: v2CustomerExists }, auth: "bearer" };
    else if (segs[0] === "update_cliente" && segs.length === 4) r = { methods: { POST: legacyUpdateCliente }, auth: "path" };
    else if (segs[0] === "chamado" && segs.length === 3) r = { methods: { GET: legacyChamado }, auth: "path" };
    if (!r) return { status: 404 };
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
    let formError = null;
    try {
      ({ form, files } = parseForm(contentType, body));
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
      if (accepted.length >= config.rps) return reply(rec, res, 429, errEnv(family, STATUS_MESSAGES[429]));
      accepted.push(now);
    }

    // 3. routing
    const r = route(req.method, rawPath, pathSegments);
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

    // 5. handler
    const [status, obj] = r.handler({ query, form, formError, pathSegments, rawPath });
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

const USAGE = `usage: node tomticket-fake.mjs [--port 0] [--token test-token] [--rps 3] [--deviations] [--ready-file PATH]`;

function parseArgs(argv) {
  const out = { port: 0, token: DEFAULT_TOKEN, rps: 3, deviations: false, readyFile: null };
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
    fake = await startFake({ port: args.port, host: "127.0.0.1", token: args.token, rps: args.rps, deviations: args.deviations });
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
