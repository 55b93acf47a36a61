// Benchmark fixtures, generated in JS (Node): the fake TomTicket's "rich" ticket
// (tests/fake/tomticket-fake.mjs, seedTickets + ticketView) grown to N history entries, each with
// attachments, in both shapes the package decodes:
//   - documented: flat `{erro:false, mensagem, ...ticket}`, dates `YYYY-MM-DD HH:MM:SS`,
//     `protocolo`/`ultimasituacao` strings, numbers and money as JSON numbers, `S`/`N`, `E`/`I`;
//   - live deviation: `{erro:false, message, data:{ticket}}`, dates `dd/mm/yyyy HH:MM`,
//     `protocolo`/`ultimasituacao` numbers, `tempotrabalho` a numeric string, money `"150,50"`,
//     `"1"`/`"0"`, `"Externo"`/`"Interno"`, `mimetype` in attachments, `""` for null.
// `checkAgainstFake(fakeUrl)` proves the generator's 7-entry ticket equals what the fake serves.
//
// Plus the new-customer inputs of benchmark (3) and the customers of benchmark (5).
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";

const hexId = (label) => createHash("md5").update(label).digest("hex");

const R = "9f3c1a2b4d5e6f708192a3b4c5d6e7f8"; // SEED.tickets.rich
const CHILD = "c4f5e6d7a8b9c0d1e2f3a4b5c6d7e8f9";
const CHILD2 = "d8e9f0a1b2c3d4e5f60718293a4b5c6d";
const TCF = { nfe: "e1f2a3b4c5d6e7f8091a2b3c4d5e6f71", env: "e1f2a3b4c5d6e7f8091a2b3c4d5e6f72" };

const att = (nome, tamanhobytes, mimetype) => ({
  nome,
  url: `https://anexos.tomticket.example/${R}/${encodeURIComponent(nome)}`,
  tamanhobytes,
  mimetype,
});

// The fake's 7 history entries of the rich ticket, verbatim.
const RICH_HISTORY = [
  ["A", "<p>Olá Maria, recebemos seu chamado e já estamos analisando.</p>", "Carlos Andrade", "2023-11-02 20:31:10", "2023-11-02 20:25:00", "2023-11-02 20:31:00", []],
  ["C", "<p>Obrigada! Segue o XML da nota que falhou.</p>", null, "2023-11-02 21:02:33", null, null, [att("nfe-000123456.xml", 8731, "application/xml")]],
  ["A", "<p>Identificamos que o certificado digital A1 expirou em 01/11. Poderia enviar o novo certificado?</p>", "Carlos Andrade", "2023-11-03 09:15:00", "2023-11-03 08:30:00", "2023-11-03 09:15:00", [att("passo-a-passo.pdf", 204800, "application/pdf")]],
  ["C", "<p>Certificado renovado e enviado em anexo.</p>", null, "2023-11-03 11:47:12", null, null, [att("certificado.pfx", 5120, "application/x-pkcs12")]],
  ["A", "<p>Certificado instalado. Pode testar novamente a emissão?</p>", "Beatriz Lima", "2023-11-03 14:20:00", "2023-11-03 13:00:00", "2023-11-03 14:20:00", []],
  ["C", "<p>Funcionou! Notas emitidas com sucesso. 🎉</p>", null, "2023-11-03 16:30:41", null, null, []],
  ["A", "<p>Ótimo! Estamos finalizando o chamado.</p>", "Carlos Andrade", "2023-11-03 16:42:05", "2023-11-03 16:35:00", "2023-11-03 16:42:00", []],
].map(([origem, mensagem, atendente, data_hora, hora_inicio, hora_fim, anexos], i) => ({
  id: hexId(`rich-h${i + 1}`),
  origem,
  mensagem,
  atendente,
  data_hora,
  hora_inicio,
  hora_fim,
  anexos,
}));

const pad = (n) => String(n).padStart(2, "0");
/** `YYYY-MM-DD HH:MM:SS`, `minutes` after 2023-11-02 20:00:00 (UTC arithmetic, no zone). */
function stamp(minutes, seconds = 0) {
  const d = new Date(Date.UTC(2023, 10, 2, 20, 0, 0) + minutes * 60_000 + seconds * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

const MIMES = [
  ["png", "image/png"],
  ["pdf", "application/pdf"],
  ["xml", "application/xml"],
  ["txt", "text/plain"],
];

/** History entry number `i` (0-based): the fake's 7 first, then generated ones, all with attachments. */
function historyEntry(i) {
  if (i < RICH_HISTORY.length) return structuredClone(RICH_HISTORY[i]);
  const agent = i % 2 === 0;
  const t = 24 * 60 + i * 7; // one entry every 7 minutes after the seven real ones
  const nAtt = 1 + (i % 3);
  const anexos = [];
  for (let k = 0; k < nAtt; k++) {
    const [ext, mime] = MIMES[(i + k) % MIMES.length];
    anexos.push(att(`anexo-${i}-${k} relatório.${ext}`, 1024 * (1 + ((i * 7 + k * 13) % 500)), mime));
  }
  return {
    id: hexId(`bench-h${i}`),
    origem: agent ? "A" : "C",
    mensagem: agent
      ? `<p>Resposta ${i} do atendente: verificamos o emissor de NF-e e ajustamos a configuração. Pode confirmar? Obrigado!</p>`
      : `<p>Mensagem ${i} do cliente: ainda vejo o erro ao emitir a nota — segue o print. 🙏</p>`,
    atendente: agent ? (i % 4 === 0 ? "Carlos Andrade" : "Beatriz Lima") : null,
    data_hora: stamp(t, i % 60),
    hora_inicio: agent ? stamp(t - 5) : null,
    hora_fim: agent ? stamp(t) : null,
    anexos,
  };
}

/** The rich ticket as stored by the fake (documented field values), with `historyLen` entries. */
function richTicket(historyLen) {
  const historico = [];
  for (let i = 0; i < historyLen; i++) historico.push(historyEntry(i));
  return {
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
    anexos: [att("print-erro.png", 48213, "image/png"), att("log nf-e.txt", 1024, "text/plain")],
    historico,
    campospersonalizados: [
      { id: TCF.nfe, label: "Número da NF-e", value: "000123456" },
      { id: TCF.env, label: "Ambiente", value: "Produção" },
    ],
    campospersonalizados_finalizados: [
      { label: "Causa raiz", value: "Certificado digital expirado" },
      { label: "Retrabalho", value: "Não" },
    ],
    historico_status: [
      { id: hexId("rich-s1"), status: "Em análise", comentario: "Verificando logs do emissor", atendente_inicio: "Carlos Andrade", atendente_fim: "Carlos Andrade", inicio: "2023-11-02 20:31:10", fim: "2023-11-03 09:15:00" },
      { id: hexId("rich-s2"), status: "Aguardando cliente", comentario: "Aguardando novo certificado", atendente_inicio: "Carlos Andrade", atendente_fim: "Beatriz Lima", inicio: "2023-11-03 09:15:00", fim: "2023-11-03 16:40:00" },
      { id: hexId("rich-s3"), status: "Resolvido", comentario: null, atendente_inicio: "Beatriz Lima", atendente_fim: null, inicio: "2023-11-03 16:40:00", fim: null },
    ],
    stopwatch: [
      { id: hexId("rich-w1"), start: "2023-11-03 08:30:00", end: "2023-11-03 09:15:00", created_manually: false, operator: "Carlos Andrade" },
      { id: hexId("rich-w2"), start: "2023-11-03 13:00:00", end: "2023-11-03 14:20:00", created_manually: true, operator: "Beatriz Lima" },
      { id: hexId("rich-w3"), start: "2023-11-03 16:35:00", end: "2023-11-03 16:42:00", created_manually: false, operator: "Carlos Andrade" },
    ],
    staggered_tickets: [
      { protocolo: "4823", idchamado: CHILD, titulo: "[Escalonado] Renovar certificado digital do emissor" },
      { protocolo: "4824", idchamado: CHILD2, titulo: "[Escalonado] Ajustar rotina de emissão em lote" },
    ],
    parent_ticket_id: null,
  };
}

// --- the fake's live-deviation transformation (ticketView with deviations: true) ---
function devDate(s) {
  if (s == null) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})/.exec(s);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : s;
}
const devMoney = (n) => (n == null ? "" : Number(n).toFixed(2).replace(".", ","));
const devStr = (v) => (v == null ? "" : v);

/** The ticket object as the fake serves it (`stopwatch=1&show_staggered_tickets=1`). */
function ticketView(t, live) {
  const attView = (a) => (live ? { ...a } : { nome: a.nome, url: a.url, tamanhobytes: a.tamanhobytes });
  const v = { ...t };
  delete v.stopwatch;
  delete v.staggered_tickets;
  delete v.parent_ticket_id;
  v.anexos = t.anexos.map(attView);
  v.historico = t.historico.map((h) => ({ ...h, anexos: h.anexos.map(attView) }));
  v.stopwatch = structuredClone(t.stopwatch);
  v.staggered_tickets = structuredClone(t.staggered_tickets);
  v.parent_ticket_id = t.parent_ticket_id;
  if (!live) return v;
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
  for (const w of v.stopwatch) ((w.start = devDate(w.start)), (w.end = devDate(w.end)));
  for (const s of v.staggered_tickets) s.protocolo = Number(s.protocolo);
  return v;
}

/** The whole response body object of `GET /chamado/<token>/<id>?stopwatch=1&show_staggered_tickets=1`. */
export function ticketResponse(historyLen, live) {
  const view = ticketView(richTicket(historyLen), live);
  return live ? { erro: false, message: "Chamado encontrado", data: view } : { erro: false, mensagem: "Chamado encontrado", ...view };
}

/** Response body text, as the client would receive it. */
export const ticketBody = (historyLen, live) => JSON.stringify(ticketResponse(historyLen, live));

/**
 * Checks that the generator's 7-entry ticket is exactly what the fake serves, in both shapes.
 * `startFake` is the fake module's export. Returns a list of problems (empty when equal).
 */
export async function checkAgainstFake(startFake) {
  const problems = [];
  for (const live of [false, true]) {
    const fake = await startFake({ port: 0, rps: 0, record: false, deviations: live });
    try {
      const res = await fetch(`${fake.url}/chamado/test-token/${R}?stopwatch=1&show_staggered_tickets=1`);
      const served = await res.json();
      const mine = ticketResponse(7, live);
      if (!isDeepStrictEqual(served, mine)) {
        const keys = new Set([...Object.keys(served), ...Object.keys(mine)]);
        const diff = [...keys].filter((k) => !isDeepStrictEqual(served[k], mine[k]) && !isDeepStrictEqual(served.data?.[k], mine.data?.[k]));
        problems.push(`${live ? "live" : "documented"} shape differs from the fake's in: ${diff.join(", ") || "(nested)"}`);
      }
    } finally {
      await fake.close();
    }
  }
  return problems;
}

// --- benchmark (3): new-customer inputs ---
const CF = "a1b2c3d4e5f60718293a4b5c6d7e8f0"; // + 1..5: the fake's customer custom fields

/** Valid inputs of `createCustomer` / `validateNewCustomer` / `encodeNewCustomer`. */
export const VALID_CUSTOMERS = [
  { customerId: "cli-1001", name: "Maria Silva", email: "maria.silva@acme.com.br", phone: "+55 11 98765-4321", canCreateTickets: true, organizationId: "5d41402abc4b2a76b9719d911017c592", language: "pt-BR", customFields: { [`${CF}1`]: "Enterprise", [`${CF}2`]: 25, [`${CF}3`]: true } },
  { customerId: "12.345.678/0001-90", name: "Zé Ninguém & Cia 🚀", email: "Ana+Suporte@Exemplo.com.br", language: "en-US" },
  { customerId: "cli-1002", name: "João Souza", canCreateTickets: false, phone: "(21) 3333-4444" },
  { customerId: "cli-1003", name: "Ñandú Ülkü Çelik", email: "first.last+tag@sub.example.com.br", language: "es-ES", portfolioId: "8f14e45fceea167a5a36dedd4bea2543" },
  { customerId: "cli-1004", name: "😀".repeat(250), email: "x_y@dominio.com" }, // exactly at the limit, by code points
];

/** Invalid inputs: every one breaks at least one rule (length by code points, e-mail, enum, types, keys). */
export const INVALID_CUSTOMERS = [
  { customerId: "x", name: "a".repeat(251) },
  { customerId: "cli-2001", name: "😀".repeat(251), email: "maria@acme.com.br" }, // 251 code points, 502 UTF-16 units
  { customerId: "", name: "Maria", email: "not-an-email" },
  { customerId: "cli-2002", name: "Maria\r\nBcc: x@y.com", phone: "+55 11 98765-4321 ramal 1234" },
  { customerId: "cli-2003", name: "Maria", language: "pt-PT", canCreateTickets: "yes" },
  { customerId: "cli-2004", name: "Maria", customFields: { "a]b": "x", "": "y", ok: [1] } },
  { customerId: "cli-2005", nmae: "typo", name: 42 },
  { name: "Sem id", email: "a@b" },
];

/** Customers of benchmark (5): `n` distinct e-mails; the first `existing` are created beforehand. */
export function bulkCustomers(n, tag) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push({
      customerId: `bench-${tag}-${i}`,
      name: `Cliente Bench ${i} — ${tag}`,
      email: `bench.${tag}.${i}@exemplo.com.br`,
      phone: `+55 11 9${String(1000_0000 + i)}`,
    });
  }
  return out;
}

/**
 * `GET /v2.0/customer/details` response bodies of the fake's four seed customers, in the
 * documented and the live-deviation shape (for the equivalence check of `decodeCustomerDetails`).
 */
export async function customerDetailsBodies(startFake) {
  const out = {};
  for (const live of [false, true]) {
    const fake = await startFake({ port: 0, rps: 0, record: false, deviations: live });
    try {
      for (const id of ["cli-001", "cli-002", "cli-003", "12.345.678/0001-90"]) {
        const res = await fetch(`${fake.url}/v2.0/customer/details?customer_id=${encodeURIComponent(id)}&customer_type_id=I`, {
          headers: { Authorization: "Bearer test-token" },
        });
        out[`${id} (${live ? "live" : "documented"})`] = [res.status, await res.text()];
      }
    } finally {
      await fake.close();
    }
  }
  return out;
}

// --- benchmark (4), v2 list calls: a 50-ticket page, a 50-customer page, a nested department list ---
// Generated with the keys the fake serves (`checkV2AgainstFake` compares them), documented v2
// values (`YYYY-MM-DD HH:MM:SS-0300` dates, numeric codes, `{id, name}` pairs), and about one item
// in eight with what the live API also sends: numbers as strings, `""`/`null` for absent pairs,
// `"S"`/`"1"` booleans.

const SITUATION_TEXT = ["Aguardando interação do atendente", "Não iniciado", "Respondido pelo atendente", "Respondido pelo cliente", "Cancelado", "Finalizado", "Atendente alterado", "Enviado para a equipe de suporte", "Aguardando avaliação do gestor", "Aguardando avaliação do gestor"];
const FIRST = ["Maria", "João", "Ana", "Pedro", "Carla", "Lucas", "Fernanda", "Rafael", "Juliana", "Bruno", "Patrícia", "Felipe", "Camila", "Gustavo", "Letícia", "André"];
const LAST = ["Silva", "Souza", "Oliveira", "Santos", "Pereira", "Lima", "Gomes", "Costa", "Ribeiro", "Almeida", "Carvalho", "Pinto"];
const SUBJECTS = ["Erro ao emitir nota fiscal", "Lentidão na tela de vendas", "Integração com o ERP parou", "Boleto não gerado", "Acesso bloqueado após troca de senha", "Relatório mensal com valores errados", "Dúvida sobre o plano Enterprise", "Certificado digital expirado", "Importação de clientes falhou", "Solicitação de novo usuário"];
const V2_DEPARTMENTS = ["Suporte Técnico", "Financeiro", "Atendimento", "Comercial", "Implantação", "Desenvolvimento"];
const OPERATOR_NAMES = ["Carlos Andrade", "Beatriz Lima", "Fernanda Costa", "Ricardo Alves", "Marina Duarte", "Tiago Rocha", "Paula Nunes", "Diego Martins"];

/** `YYYY-MM-DD HH:MM:SS-0300`, `minutes` after 2026-01-05 08:00 (Brasília). */
function v2Stamp(minutes) {
  const d = new Date(Date.UTC(2026, 0, 5, 8, 0, 0) + minutes * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}-0300`;
}
const person = (i) => `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
const mailOf = (name, i) => `${name.toLowerCase().normalize("NFD").replace(/[^a-z ]/g, "").replace(" ", ".")}.${i}@clientes.exemplo.com.br`;
const v2Envelope = (message, data, { page, pages, size }) => ({
  error: false,
  message,
  success: true,
  size,
  pages,
  next_page: page < pages ? page + 1 : null,
  previous_page: page > 1 ? page - 1 : null,
  data,
});

/** Ticket number `i` of the v2 list (the fake's `ticket/list` item keys). */
function v2TicketItem(i) {
  const odd = i % 8 === 5; // one in eight: live-API spellings
  const dept = i % V2_DEPARTMENTS.length;
  const situation = (i * 3) % 10;
  const assigned = i % 5 !== 0;
  const categorised = i % 7 !== 0;
  const closed = situation === 4 || situation === 5;
  const customer = person(i);
  const created = 60 * 24 * 200 - i * 173;
  return {
    id: hexId(`bench-v2-ticket-${i}`),
    protocol: odd ? String(9000 - i) : 9000 - i,
    subject: `${SUBJECTS[i % SUBJECTS.length]} — filial ${1 + (i % 9)}`,
    message: `<p>Olá, equipe. ${SUBJECTS[i % SUBJECTS.length]} desde ontem à tarde; já reiniciamos o sistema e o problema continua. Podem verificar? Obrigado! 🙏</p>`,
    priority: odd ? String(1 + (i % 4)) : 1 + (i % 4),
    ticket_type: i % 6 === 0 ? "I" : "E",
    creation_date: v2Stamp(created),
    end_date: closed ? v2Stamp(created + 600 + i * 11) : null,
    situation: { id: odd ? String(situation) : situation, description: SITUATION_TEXT[situation] },
    category: categorised ? { id: hexId(`bench-v2-cat-${dept}-${i % 15}`), name: `Categoria ${1 + (i % 15)}` } : { id: null, name: null },
    department: { id: hexId(`bench-v2-dept-${dept}`), name: V2_DEPARTMENTS[dept] },
    operator: assigned ? { id: hexId(`bench-v2-op-${i % OPERATOR_NAMES.length}`), name: OPERATOR_NAMES[i % OPERATOR_NAMES.length] } : { id: null, name: null },
    customer: { id: hexId(`bench-v2-customer-${i % 37}`), internal_id: `cli-${2000 + (i % 37)}`, name: customer, email: mailOf(customer, i % 37) },
    current_status: i % 3 === 0 ? null : { id: hexId(`bench-v2-status-${i % 4}`), name: ["Em análise", "Aguardando cliente", "Resolvido", "Concluído"][i % 4] },
    work_time: odd ? String((i * 617) % 14_400) : (i * 617) % 14_400,
  };
}

/** `GET v2.0/ticket/list` page 1 of 10 (500 tickets): 50 tickets. */
export const ticketPageBody = (n = 50) =>
  JSON.stringify(v2Envelope("Chamados encontrados", Array.from({ length: n }, (_, i) => v2TicketItem(i)), { page: 1, pages: 10, size: 500 }));

const CUSTOMER_FIELD_NAMES = ["Plano", "Número de licenças", "Cliente VIP", "Segmento", "Gerente de contas", "Data de renovação"];

/** Customer number `i` of the v2 list (the fake's `customer/list` item keys). */
function v2CustomerItem(i) {
  const odd = i % 8 === 3;
  const name = person(i + 5);
  const org = i % 4 === 0 ? null : { id: hexId(`bench-v2-org-${i % 11}`), name: `Empresa ${["Alfa", "Beta", "Gama", "Delta", "Ômega"][i % 5]} ${1 + (i % 11)} Ltda` };
  const fields = [];
  for (let k = 0; k < i % 4; k++) {
    const f = (i + k) % CUSTOMER_FIELD_NAMES.length;
    const value = [`Plano ${["Básico", "Pro", "Enterprise"][i % 3]}`, 1 + (i % 40), i % 2 === 0, "Varejo", person(i + 11), "2027-03-01"][f];
    fields.push({ field_id: hexId(`bench-v2-cf-${f}`), field_name: CUSTOMER_FIELD_NAMES[f], value });
  }
  return {
    id: hexId(`bench-v2-customer-${i}`),
    internal_id: `cli-${3000 + i}`,
    name,
    email: mailOf(name, i),
    phone: i % 6 === 0 ? null : `+55 11 9${String(8000_0000 + i * 7919).slice(0, 4)}-${String(1000 + i * 37).slice(-4)}`,
    monthly_tickets_quota: i % 5 === 0 ? null : odd ? String(5 * (1 + (i % 6))) : 5 * (1 + (i % 6)),
    allowed_create_tickets: odd ? "S" : i % 9 !== 0,
    email_validated: odd ? "1" : i % 7 !== 0,
    active: i % 10 !== 0,
    account_approved: odd ? 1 : i % 11 !== 0,
    organization: odd && org === null ? "" : org,
    creation_date: v2Stamp(-60 * 24 * (900 - i * 13)),
    custom_fields: fields,
  };
}

/** `GET v2.0/customer/list` page 2 of 4 (180 customers): 50 customers. */
export const customerPageBody = (n = 50) =>
  JSON.stringify(v2Envelope("Clientes encontrados", Array.from({ length: n }, (_, i) => v2CustomerItem(i)), { page: 2, pages: 4, size: 180 }));

const TICKET_FIELD_POOL = ["Número da NF-e", "Ambiente", "Módulo do sistema", "Versão", "Número do contrato", "Filial", "Código do produto", "Navegador", "Sistema operacional", "Número do pedido", "Prazo desejado", "Centro de custo", "Link do print", "Impacto"];

/** `GET v2.0/department/list?show_nested_items=1`: `depts` departments × `cats` categories × `fields`
 *  custom fields each, drawn from 14 fields (so the same field repeats, as on a live account). */
export function departmentListBody(depts = 6, cats = 15, fields = 10) {
  const field = (k) => ({ id: hexId(`bench-v2-tcf-${k}`), label: TICKET_FIELD_POOL[k] });
  const data = [];
  for (let d = 0; d < depts; d++) {
    const categories = [];
    for (let c = 0; c < cats; c++) {
      const custom_fields = [];
      for (let f = 0; f < fields; f++) custom_fields.push(field((d + c * 3 + f) % TICKET_FIELD_POOL.length));
      categories.push({ id: hexId(`bench-v2-cat-${d}-${c}`), name: `${V2_DEPARTMENTS[d]} — categoria ${c + 1}`, custom_fields });
    }
    data.push({
      id: hexId(`bench-v2-dept-${d}`),
      name: V2_DEPARTMENTS[d],
      categories,
      general_custom_fields: { tickets: [field(d), field((d + 1) % TICKET_FIELD_POOL.length), field(13)] },
      operators: [0, 1, 2, 3].map((k) => ({ id: hexId(`bench-v2-op-${(d + k) % OPERATOR_NAMES.length}`), name: OPERATOR_NAMES[(d + k) % OPERATOR_NAMES.length] })),
    });
  }
  return JSON.stringify({ error: false, message: "Departamentos encontrados", success: true, size: data.length, data });
}

/** The v2 list bodies of benchmark (4), by name (micro.mjs and run.mjs use these names). */
export const V2_BODIES = { ticketPage: ticketPageBody, customerPage: customerPageBody, departmentList: departmentListBody };

/** Every key path of a JSON value (`.a.b`, `[]` for list items), over all items. */
function keyPaths(v, at = "", out = new Set()) {
  if (Array.isArray(v)) for (const x of v) keyPaths(x, `${at}[]`, out);
  else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      out.add(`${at}.${k}`);
      keyPaths(x, `${at}.${k}`, out);
    }
  }
  return out;
}

/**
 * Checks that the generated v2 bodies have exactly the keys (envelope and items, nested) of what
 * the fake serves for the same calls. Returns a list of problems (empty when they match).
 */
export async function checkV2AgainstFake(startFake) {
  const problems = [];
  const fake = await startFake({ port: 0, rps: 0, record: false });
  try {
    const calls = { ticketPage: "/v2.0/ticket/list", customerPage: "/v2.0/customer/list", departmentList: "/v2.0/department/list?show_nested_items=1" };
    for (const [name, path] of Object.entries(calls)) {
      const res = await fetch(`${fake.url}${path}`, { headers: { Authorization: "Bearer test-token" } });
      const served = keyPaths(await res.json());
      const mine = keyPaths(JSON.parse(V2_BODIES[name]()));
      const onlyFake = [...served].filter((k) => !mine.has(k));
      const onlyMine = [...mine].filter((k) => !served.has(k));
      if (onlyFake.length || onlyMine.length) problems.push(`${name}: keys only the fake sends: ${onlyFake.join(", ") || "none"}; only the fixture: ${onlyMine.join(", ") || "none"}`);
    }
  } finally {
    await fake.close();
  }
  return problems;
}
