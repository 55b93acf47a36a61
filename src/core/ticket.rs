//! Legacy `GET /chamado/{token}/{ticket_id}`: read one ticket, with every documented field.
//! The call's codec is [`GetTicket`].
//!
//! # Input: [`TicketQuery`]
//! `{ ticketId: string, includeStopwatch?: boolean, includeEscalatedTickets?: boolean }`.
//! - `ticketId` is required. TomTicket ids are 32-char lowercase hex, but other formats are not
//!   rejected (the server decides what exists). Rejected: absent/blank (`required`), control
//!   characters (`invalidCharacters`), more than [`TICKET_ID_MAX_CHARS`] characters (`tooLong`):
//!   an id is never that long, so a longer value is a mistake (e.g. a pasted URL). `/ ? # %` and
//!   non-ASCII are percent-encoded as one path segment by [`crate::core::http`].
//! - `includeStopwatch: true` sends `stopwatch=1`, `includeEscalatedTickets: true` sends
//!   `show_staggered_tickets=1`; `false`, `null` or absent send nothing.
//!
//! # Output: [`Ticket`]
//! Names are English camelCase; wire names appear only in the decoder below. Decisions where the
//! page is silent:
//! - **Nullability.** `id` is the only required value (a payload without `idchamado` is a
//!   `decode` error). Every other scalar is `T | null`: absent, `null`, `""` and unreadable values
//!   (e.g. `"abc"` for a number) all read as `null`. Lists (`attachments`, `history`,
//!   `customFields`, `closingCustomFields`, `statusHistory`) are always arrays, empty when absent.
//!   `stopwatch` and `escalatedTickets` are `null` when the server did not send them (not
//!   requested), and an array (possibly empty) when it did. The groups `customer`, `pricing`,
//!   `evaluation` and `sla` are always objects whose members may be null.
//! - **Codes** (`priority`, `type`, `evaluation.rating`, `lastSituation`, `history[].from`) are
//!   string unions with an `{ unknown: "<raw>" }` member: a code this SDK does not know never
//!   fails the decode. Numbers and numeric strings are both accepted (`3`, `"3"`); letters are
//!   case-insensitive; the live API's words are accepted too (`"Externo"`, `"Interno"`).
//! - **SLA** (`sla.firstResponse`, `sla.deadline`) is a [`SlaStatus`]: `"met"`, `"missed"` or
//!   `"noSla"` — the page says `null` means "no SLA defined", so it is never a bare `null` that
//!   could be read as "missed". Absent and `""` also mean `"noSla"`; a value that is not a
//!   boolean in any spelling is `{ unknown: "<raw>" }`.
//! - **Dates** are ISO 8601 text (see [`crate::core::dates`]): `2023-11-02 20:17:45` and the live
//!   `02/11/2023 20:17` become `2023-11-02T20:17:45` / `2023-11-02T20:17:00` (no offset: none was
//!   sent; TomTicket means Brasília local time); `…-0300` keeps its offset (`-03:00`); Unix
//!   seconds become UTC (`Z`). Text in no known format is passed through unchanged, so it stays
//!   visible instead of being dropped.
//! - **`history[].startedAt` / `endedAt`** (`hora_inicio`/`hora_fim`, documented as timestamps)
//!   are dates as above; when the server sends only a time of day (`"10:30"`, `"10:30:15"`) it
//!   becomes an ISO 8601 partial time `"10:30:00"` — no date and no offset are invented.
//! - **Durations** (`workedSeconds`, `openSeconds`) are integers; `"9000"` and `"02:30:00"`
//!   (hours:minutes[:seconds]) are accepted.
//! - **Money** (`pricing.*`) is a JS number; `"150,50"`, `"1.234,56"`, `"R$ 10,00"` are accepted.
//! - **Custom field values** keep the JSON type the server sent (copied verbatim as
//!   [`RawJson`], declared as `JsonValue`): a string stays a string (even `""`), a number stays a
//!   number, absent is `null`.
//! - **`message`**: in the documented flat shape the ticket's `mensagem` shares its key with the
//!   envelope's `mensagem`; the ticket field wins (there is only one key). When the ticket is
//!   nested under `data`, `data.mensagem` is read, and `data.message` as a fallback; a top-level
//!   `message` is the envelope's and is never taken as the ticket's message.
//! - **Lists sent as objects** (PHP's `{"0": {...}, "1": {...}}`) are read when every member is
//!   an object, in the order of their keys as text (`"0"`, `"1"`, `"10"`, `"2"`), the last of
//!   duplicate keys winning — as the first version of this decoder did.
//!
//! # Decoding
//! Text → tape ([`Doc`]) → [`Ticket`], which borrows the response text: a string without escapes
//! is never copied, custom-field values are copied verbatim into the output, and money stays the
//! text it was sent as. Each object is read in one pass over its members (the last of duplicate
//! keys wins, as with a lookup by key).
use std::borrow::Cow;


use super::calls::{codec, Codec, Input};
use super::envelope::{self, Response};
use super::error::{Error, ErrorKind};
use super::http::{Family, Request};
use super::json::{Kind, Val};
use super::read::{fold_case, lenient_bool, lenient_date, lenient_decimal, lenient_int, text_of, Decimal, Mode, Reader, MAX_SAFE_INTEGER, object_items};
use super::rules;
use super::write::RawJson;

/// Sanity limit for `ticketId` (real ids have 32 characters).
pub(super) const TICKET_ID_MAX_CHARS: u32 = 64;

// ---------------------------------------------------------------------------------------------
// Input

models_skip_none! {
    [#[derive(Eq)]]

    /// Which ticket to read, and what to include.
    pub struct TicketQuery {
        /// The ticket's id (32-char hex in TomTicket). Not the protocol number.
        pub ticket_id: String,
        /// Include the timed intervals (`stopwatch`). Default false.
        pub include_stopwatch: Option<bool>,
        /// Include the tickets escalated from this one (`escalatedTickets`). Default false.
        pub include_escalated_tickets: Option<bool>,
    }
}

impl Input for TicketQuery {
    /// Type problems, then unknown properties, then `required` / characters / length of the id.
    fn read(mut r: Reader<'_, '_, '_>) -> Option<TicketQuery> {
        let ticket_id = r.text("ticketId");
        let include_stopwatch = r.bool("includeStopwatch");
        let include_escalated_tickets = r.bool("includeEscalatedTickets");
        let is_object = r.is_object();
        // A wrong type was already reported by the reader: do not also call it missing.
        let type_ok = is_object && (ticket_id.is_some() || !r.given("ticketId"));
        let issues = r.finish();
        let id = if type_ok { rules::required(issues, "ticketId", ticket_id.as_deref()) } else { None };
        if let Some(id) = id {
            rules::path_value(issues, "ticketId", id);
            rules::max_chars(issues, "ticketId", id, TICKET_ID_MAX_CHARS);
        }
        is_object.then(|| TicketQuery {
            ticket_id: ticket_id.map(Cow::into_owned).unwrap_or_default(),
            include_stopwatch,
            include_escalated_tickets,
        })
    }

    fn encode(&self, request: &mut Request) {
        request.params.push(self.ticket_id.clone());
        if self.include_stopwatch == Some(true) {
            request.query.push(("stopwatch".to_owned(), "1".to_owned()));
        }
        if self.include_escalated_tickets == Some(true) {
            request.query.push(("show_staggered_tickets".to_owned(), "1".to_owned()));
        }
    }
}

codec!(
    /// `getTicket`: `GET chamado/{token}/{ticketId}[?stopwatch=1][&show_staggered_tickets=1]`.
    pub(super) GetTicket: TicketQuery => Ticket<'a>, decode_get_ticket
);

fn decode_get_ticket<'a>(response: &Response<'a>) -> Result<Ticket<'a>, Error> {
    let doc = envelope::decode(Family::Legacy, response)?;
    let top = doc.root();
    match find_payload(top) {
        Some((payload, id, nested)) => Ok(ticket_from(payload, id, nested)),
        None => {
            let server = top.get("mensagem").or_else(|| top.get("message")).and_then(|v| text_of(v, Mode::Lenient));
            Err(Error::new(
                ErrorKind::Decode,
                "expected a ticket in the response: an object with `idchamado`, flat beside `erro` or under `data`",
            )
            .with_status(response.status)
            .with_server_message(server.map(Cow::into_owned)))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Output

models! {
    [#[tsify(missing_as_null)]]

    /// One ticket, as read by `getTicket`. See the module notes for null/empty rules.
    pub struct Ticket<'a> {
        /// The ticket's id (32-char hex). Always present.
        pub id: Cow<'a, str>,
        /// The protocol number shown to people, as text (the live API sends a number).
        pub protocol: Option<Cow<'a, str>>,
        pub subject: Option<Cow<'a, str>>,
        /// The customer's opening message (HTML as sent).
        pub message: Option<Cow<'a, str>>,
        pub customer: TicketCustomer<'a>,
        pub organization_name: Option<Cow<'a, str>>,
        pub priority: Option<TicketPriority<'a>>,
        #[serde(rename = "type")]
        pub kind: Option<TicketType<'a>>,
        /// Seconds worked on the ticket.
        pub worked_seconds: Option<i64>,
        /// Seconds since the ticket was opened.
        pub open_seconds: Option<i64>,
        pub created_at: Option<Cow<'a, str>>,
        /// When the ticket must be closed.
        pub deadline: Option<Cow<'a, str>>,
        pub first_response_at: Option<Cow<'a, str>>,
        pub closed_at: Option<Cow<'a, str>>,
        pub last_situation_at: Option<Cow<'a, str>>,
        pub last_status_at: Option<Cow<'a, str>>,
        pub pricing: TicketPricing,
        pub evaluation: TicketEvaluation<'a>,
        pub last_situation: Option<TicketSituation<'a>>,
        /// The server's text for the last situation (e.g. "Finalizada").
        pub last_situation_description: Option<Cow<'a, str>>,
        pub sla: TicketSla<'a>,
        pub category: Option<Cow<'a, str>>,
        pub department: Option<Cow<'a, str>>,
        /// Name of the agent responsible for the ticket.
        pub agent: Option<Cow<'a, str>>,
        /// Name of the ticket's current status.
        pub status: Option<Cow<'a, str>>,
        /// The parent's id when this ticket was escalated from another one; else null.
        pub parent_ticket_id: Option<Cow<'a, str>>,
        /// Files attached when the ticket was opened.
        pub attachments: Vec<TicketAttachment<'a>>,
        /// Every reply by the customer and the agents, in the server's order.
        pub history: Vec<TicketHistoryEntry<'a>>,
        /// Custom fields filled when the ticket was opened.
        pub custom_fields: Vec<TicketCustomField<'a>>,
        /// Custom fields filled when the ticket was closed.
        pub closing_custom_fields: Vec<TicketClosingField<'a>>,
        pub status_history: Vec<TicketStatusChange<'a>>,
        /// Timed intervals; null unless requested with `includeStopwatch` (and sent).
        pub stopwatch: Option<Vec<StopwatchEntry<'a>>>,
        /// Tickets escalated from this one; null unless requested with `includeEscalatedTickets`.
        pub escalated_tickets: Option<Vec<EscalatedTicket<'a>>>,
        /// v2 only: the department's id (for `transferTicket`, `listDepartmentOperators`).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub department_id: Option<Cow<'a, str>>,
        /// v2 only: the category's id.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub category_id: Option<Cow<'a, str>>,
        /// v2 only: the linked operator's id; absent (and `agent` null) when no operator is linked —
        /// then an operator reply would be stored as the customer's (see `replyAsOperatorSafely`).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub agent_id: Option<Cow<'a, str>>,
        /// v2 only, with `includeTags`: the ticket's tags.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub tags: Option<Vec<Cow<'a, str>>>,
    }

    pub struct TicketCustomer<'a> {
        pub name: Option<Cow<'a, str>>,
        pub email: Option<Cow<'a, str>>,
        /// The customer's internal id.
        pub id: Option<Cow<'a, str>>,
    }

    /// Money of the ticket, as numbers in the account's currency.
    pub struct TicketPricing {
        #[tsify(type = "number | null")]
        pub hourly_rate: Option<Decimal>,
        #[tsify(type = "number | null")]
        pub overtime_hourly_rate: Option<Decimal>,
        /// Final value of the regular hours.
        #[tsify(type = "number | null")]
        pub total: Option<Decimal>,
        /// Final value of the overtime hours.
        #[tsify(type = "number | null")]
        pub overtime_total: Option<Decimal>,
        /// `total + overtimeTotal`, as computed by TomTicket.
        #[tsify(type = "number | null")]
        pub gross_total: Option<Decimal>,
    }

    /// The customer's evaluation; every member is null when the ticket was not evaluated.
    pub struct TicketEvaluation<'a> {
        /// Whether the customer said the problem was solved.
        pub problem_solved: Option<bool>,
        pub rating: Option<EvaluationRating<'a>>,
        pub comment: Option<Cow<'a, str>>,
    }

    pub struct TicketSla<'a> {
        /// The first-response ("inicialização") SLA.
        pub first_response: SlaStatus<'a>,
        /// The deadline SLA.
        pub deadline: SlaStatus<'a>,
    }
}

models! {
    [#[derive(Eq)]]

    /// Outcome of one SLA. `"noSla"`: the ticket has no such SLA defined.
    pub enum SlaStatus<'a> {
        Met,
        Missed,
        NoSla,
        Unknown(Cow<'a, str>),
    }

    pub enum TicketPriority<'a> {
        Low,
        Normal,
        High,
        Urgent,
        Unknown(Cow<'a, str>),
    }

    /// `internal`: created between agents; `external`: opened by a customer.
    pub enum TicketType<'a> {
        Internal,
        External,
        Unknown(Cow<'a, str>),
    }

    pub enum EvaluationRating<'a> {
        Excellent,
        Good,
        Average,
        Poor,
        Terrible,
        Unknown(Cow<'a, str>),
    }

    /// The last thing that happened to the ticket.
    pub enum TicketSituation<'a> {
        /// v2 code 0: waiting for an agent's interaction.
        WaitingForAgent,
        /// v2 code 1: not started yet.
        NotStarted,
        /// Legacy code 1.
        AcceptedByAgent,
        AnsweredByAgent,
        AnsweredByCustomer,
        Cancelled,
        Finished,
        AgentChanged,
        SentToSupportTeam,
        /// v2 codes 8 and 9 (the page gives both the same meaning).
        WaitingForManagerEvaluation,
        Unknown(Cow<'a, str>),
    }

    /// Who wrote a history entry.
    pub enum MessageOrigin<'a> {
        Customer,
        Agent,
        /// v2: an internal note (`commentTicket`), not shown to the customer.
        InternalNote,
        Unknown(Cow<'a, str>),
    }
}

models! {
    [#[tsify(missing_as_null)]]

    pub struct TicketAttachment<'a> {
        pub name: Option<Cow<'a, str>>,
        /// Download URL.
        pub url: Option<Cow<'a, str>>,
        pub size_bytes: Option<i64>,
        /// Only the live API sends it (undocumented); null otherwise.
        pub mime_type: Option<Cow<'a, str>>,
    }

    pub struct TicketHistoryEntry<'a> {
        pub id: Option<Cow<'a, str>>,
        pub from: Option<MessageOrigin<'a>>,
        pub message: Option<Cow<'a, str>>,
        /// The agent's name when an agent wrote it.
        pub agent: Option<Cow<'a, str>>,
        /// When the reply was sent.
        pub at: Option<Cow<'a, str>>,
        /// Start of the work the agent logged for this reply (date, or a time of day `HH:MM:SS`).
        pub started_at: Option<Cow<'a, str>>,
        /// End of the logged work (date, or a time of day `HH:MM:SS`).
        pub ended_at: Option<Cow<'a, str>>,
        pub attachments: Vec<TicketAttachment<'a>>,
    }

    pub struct TicketCustomField<'a> {
        pub id: Option<Cow<'a, str>>,
        pub label: Option<Cow<'a, str>>,
        /// The value with the JSON type the server sent (null when absent).
        #[tsify(type = "JsonValue")]
        pub value: RawJson<'a>,
    }

    pub struct TicketClosingField<'a> {
        pub label: Option<Cow<'a, str>>,
        /// The value with the JSON type the server sent (null when absent).
        #[tsify(type = "JsonValue")]
        pub value: RawJson<'a>,
    }

    pub struct TicketStatusChange<'a> {
        pub id: Option<Cow<'a, str>>,
        /// The status name.
        pub status: Option<Cow<'a, str>>,
        pub comment: Option<Cow<'a, str>>,
        /// Agent who set the status.
        pub started_by: Option<Cow<'a, str>>,
        /// Agent who ended it (null while it is the current status).
        pub ended_by: Option<Cow<'a, str>>,
        pub started_at: Option<Cow<'a, str>>,
        pub ended_at: Option<Cow<'a, str>>,
    }

    pub struct StopwatchEntry<'a> {
        pub id: Option<Cow<'a, str>>,
        pub start: Option<Cow<'a, str>>,
        /// Null while the stopwatch is running.
        pub end: Option<Cow<'a, str>>,
        /// true: added by hand; false: recorded by the stopwatch.
        pub created_manually: Option<bool>,
        /// The agent who created the interval.
        pub operator: Option<Cow<'a, str>>,
    }

    pub struct EscalatedTicket<'a> {
        pub protocol: Option<Cow<'a, str>>,
        pub id: Option<Cow<'a, str>>,
        pub subject: Option<Cow<'a, str>>,
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding

use super::read::slots;

#[path = "ticket_v2.rs"]
mod v2;
pub use v2::*;

/// The object that carries the ticket, its id, and whether it is nested (under `data`).
/// Candidates in order: `data` when it is a non-empty object (else the top), `data` as a list of
/// exactly one object, the top; the first with an `idchamado` wins.
fn find_payload<'d, 'a>(top: Val<'d, 'a>) -> Option<(Val<'d, 'a>, Cow<'a, str>, bool)> {
    let data = top.get("data");
    let preferred = match data {
        Some(d) if d.kind() == Kind::Object && !d.is_empty() => (d, true),
        _ => (top, false),
    };
    let single = data
        .filter(|d| d.kind() == Kind::Array && d.len() == 1)
        .and_then(|d| d.items().next())
        .filter(|i| i.kind() == Kind::Object)
        .map(|i| (i, true));
    [Some(preferred), single, Some((top, false))]
        .into_iter()
        .flatten()
        .find_map(|(o, nested)| text(o.get("idchamado")).map(|id| (o, id, nested)))
}

fn ticket_from<'a>(o: Val<'_, 'a>, id: Cow<'a, str>, nested: bool) -> Ticket<'a> {
    let f = slots!(o;
        mensagem = "mensagem", message = "message", protocolo = "protocolo", titulo = "titulo",
        nomecliente = "nomecliente", email_cliente = "email_cliente", id_cliente = "id_cliente",
        nomeorganizacao = "nomeorganizacao", prioridade = "prioridade", tipochamado = "tipochamado",
        tempotrabalho = "tempotrabalho", tempoabertura = "tempoabertura", data_criacao = "data_criacao",
        deadline = "deadline", dataprimeiraresposta = "dataprimeiraresposta", dataencerramento = "dataencerramento",
        dataultimasituacao = "dataultimasituacao", dataultimostatus = "dataultimostatus",
        valoritemhora = "valoritemhora", valoritemhoraextra = "valoritemhoraextra", valorfinal = "valorfinal",
        valorfinalextra = "valorfinalextra", valorfinalbruto = "valorfinalbruto",
        avaliadoproblemaresolvido = "avaliadoproblemaresolvido", avaliadoatendimento = "avaliadoatendimento",
        avaliacaocomentario = "avaliacaocomentario", ultimasituacao = "ultimasituacao", descsituacao = "descsituacao",
        sla_inicializacao_cumprido = "sla_inicializacao_cumprido", sla_deadline_cumprido = "sla_deadline_cumprido",
        categoria = "categoria", departamento = "departamento", atendente = "atendente", status = "status",
        parent_ticket_id = "parent_ticket_id", anexos = "anexos", historico = "historico",
        campospersonalizados = "campospersonalizados", campospersonalizados_finalizados = "campospersonalizados_finalizados",
        historico_status = "historico_status", stopwatch = "stopwatch", staggered_tickets = "staggered_tickets",
    );
    let message = text(f.mensagem).or_else(|| if nested { text(f.message) } else { None });
    Ticket {
        id,
        protocol: text(f.protocolo),
        subject: text(f.titulo),
        message,
        customer: TicketCustomer { name: text(f.nomecliente), email: text(f.email_cliente), id: text(f.id_cliente) },
        organization_name: text(f.nomeorganizacao),
        priority: priority(f.prioridade),
        kind: ticket_type(f.tipochamado),
        worked_seconds: duration(f.tempotrabalho),
        open_seconds: duration(f.tempoabertura),
        created_at: date(f.data_criacao),
        deadline: date(f.deadline),
        first_response_at: date(f.dataprimeiraresposta),
        closed_at: date(f.dataencerramento),
        last_situation_at: date(f.dataultimasituacao),
        last_status_at: date(f.dataultimostatus),
        pricing: TicketPricing {
            hourly_rate: decimal(f.valoritemhora),
            overtime_hourly_rate: decimal(f.valoritemhoraextra),
            total: decimal(f.valorfinal),
            overtime_total: decimal(f.valorfinalextra),
            gross_total: decimal(f.valorfinalbruto),
        },
        evaluation: TicketEvaluation {
            problem_solved: f.avaliadoproblemaresolvido.and_then(lenient_bool),
            rating: rating(f.avaliadoatendimento),
            comment: text(f.avaliacaocomentario),
        },
        last_situation: situation(f.ultimasituacao),
        last_situation_description: text(f.descsituacao),
        sla: TicketSla { first_response: sla(f.sla_inicializacao_cumprido), deadline: sla(f.sla_deadline_cumprido) },
        category: text(f.categoria),
        department: text(f.departamento),
        agent: text(f.atendente),
        status: text(f.status),
        parent_ticket_id: text(f.parent_ticket_id),
        attachments: attachments(f.anexos),
        history: list(f.historico, history_entry),
        custom_fields: list(f.campospersonalizados, |c| {
            let c = slots!(c; id = "id", label = "label", value = "value");
            TicketCustomField { id: text(c.id), label: text(c.label), value: json_value(c.value) }
        }),
        closing_custom_fields: list(f.campospersonalizados_finalizados, |c| {
            let c = slots!(c; label = "label", value = "value");
            TicketClosingField { label: text(c.label), value: json_value(c.value) }
        }),
        status_history: list(f.historico_status, |s| {
            let s = slots!(s;
                id = "id", status = "status", comentario = "comentario", atendente_inicio = "atendente_inicio",
                atendente_fim = "atendente_fim", inicio = "inicio", fim = "fim",
            );
            TicketStatusChange {
                id: text(s.id),
                status: text(s.status),
                comment: text(s.comentario),
                started_by: text(s.atendente_inicio),
                ended_by: text(s.atendente_fim),
                started_at: date(s.inicio),
                ended_at: date(s.fim),
            }
        }),
        stopwatch: stopwatch(f.stopwatch, text),
        escalated_tickets: given(f.staggered_tickets).map(|v| {
            list(Some(v), |s| {
                let s = slots!(s; protocolo = "protocolo", idchamado = "idchamado", titulo = "titulo");
                EscalatedTicket { protocol: text(s.protocolo), id: text(s.idchamado), subject: text(s.titulo) }
            })
        }),
        department_id: None,
        category_id: None,
        agent_id: None,
        tags: None,
    }
}

/// The `stopwatch` intervals (absent when the field is absent or `null`), each `operator` read by
/// `operator` (legacy: text; v2: an `{id, name}`).
fn stopwatch<'a>(v: Option<Val<'_, 'a>>, operator: fn(Option<Val<'_, 'a>>) -> Option<Cow<'a, str>>) -> Option<Vec<StopwatchEntry<'a>>> {
    given(v).map(|v| {
        list(Some(v), |w| {
            let w = slots!(w; id = "id", start = "start", end = "end", created_manually = "created_manually", operator = "operator");
            StopwatchEntry {
                id: text(w.id),
                start: date(w.start),
                end: date(w.end),
                created_manually: w.created_manually.and_then(lenient_bool),
                operator: operator(w.operator),
            }
        })
    })
}

fn history_entry<'a>(h: Val<'_, 'a>) -> TicketHistoryEntry<'a> {
    let h = slots!(h;
        id = "id", origem = "origem", mensagem = "mensagem", atendente = "atendente", data_hora = "data_hora",
        hora_inicio = "hora_inicio", hora_fim = "hora_fim", anexos = "anexos",
    );
    TicketHistoryEntry {
        id: text(h.id),
        from: origin(h.origem),
        message: text(h.mensagem),
        agent: text(h.atendente),
        at: date(h.data_hora),
        started_at: date_or_time(h.hora_inicio),
        ended_at: date_or_time(h.hora_fim),
        attachments: attachments(h.anexos),
    }
}

fn attachments<'a>(v: Option<Val<'_, 'a>>) -> Vec<TicketAttachment<'a>> {
    list(v, |a| {
        let a = slots!(a; nome = "nome", url = "url", tamanhobytes = "tamanhobytes", mimetype = "mimetype", mime_type = "mime_type");
        TicketAttachment {
            name: text(a.nome),
            url: text(a.url),
            size_bytes: safe(a.tamanhobytes.and_then(lenient_int)),
            mime_type: text(a.mimetype).or_else(|| text(a.mime_type)),
        }
    })
}

/// The objects of a list, each mapped by `f`; empty when the value is absent or not a list.
/// Entries that are not objects are skipped. PHP's object-shaped list (`{"0": {...}, ...}`) is
/// accepted when every member is an object (see the module notes for its order).
fn list<'d, 'a, T>(v: Option<Val<'d, 'a>>, f: impl FnMut(Val<'d, 'a>) -> T) -> Vec<T> {
    v.and_then(object_items).unwrap_or_default().into_iter().map(f).collect()
}

/// The value unless it is `null`.
fn given<'d, 'a>(v: Option<Val<'d, 'a>>) -> Option<Val<'d, 'a>> {
    v.filter(|v| !v.is_null())
}

// Lenient text: a string (blank → `None`), a number's or a boolean's text.
use super::read::opt_text as text;

fn date<'a>(v: Option<Val<'_, 'a>>) -> Option<Cow<'a, str>> {
    lenient_date(v?)
}

fn decimal(v: Option<Val<'_, '_>>) -> Option<Decimal> {
    lenient_decimal(v?)
}

/// A custom-field value as sent (any JSON type); absent → `null`.
fn json_value<'a>(v: Option<Val<'_, 'a>>) -> RawJson<'a> {
    v.map_or(RawJson::NULL, |v| RawJson(v.raw_json()))
}

/// Integers JS can hold exactly; anything larger is unreadable rather than silently wrong.
fn safe(n: Option<i64>) -> Option<i64> {
    n.filter(|n| (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(n))
}

/// Seconds: `9000`, `"9000"`, or `"H…H:MM[:SS]"`.
fn duration(v: Option<Val<'_, '_>>) -> Option<i64> {
    let v = given(v)?;
    if let Some(n) = safe(lenient_int(v)) {
        return Some(n);
    }
    let s = v.as_str()?;
    let mut parts = s.trim().split(':');
    let h: i64 = digits(parts.next()?)?;
    let m: i64 = digits(parts.next()?)?;
    let sec: i64 = match parts.next() {
        Some(p) => digits(p)?,
        None => 0,
    };
    if parts.next().is_some() || m > 59 || sec > 59 {
        return None;
    }
    safe(h.checked_mul(3600)?.checked_add(m * 60 + sec))
}

fn digits(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A date as ISO 8601, or a time of day only (`"10:30"`, `"10:30:15"`) as `"HH:MM:SS"`.
fn date_or_time<'a>(v: Option<Val<'_, 'a>>) -> Option<Cow<'a, str>> {
    let v = v?;
    if let Some(t) = v.as_str().and_then(|s| time_of_day(s.trim())) {
        return Some(Cow::Owned(t));
    }
    lenient_date(v)
}

fn time_of_day(s: &str) -> Option<String> {
    let mut parts = s.split(':');
    let two = |p: Option<&str>| -> Option<u32> {
        let p = p?;
        if p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    let h = two(parts.next())?;
    let m = two(parts.next())?;
    let sec = match parts.next() {
        Some(p) => two(Some(p))?,
        None => 0,
    };
    if parts.next().is_some() || h > 23 || m > 59 || sec > 59 {
        return None;
    }
    let mut out = String::with_capacity(8);
    for (i, n) in [h, m, sec].into_iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push(char::from(b'0' + (n / 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    }
    Some(out)
}

/// The code as trimmed text (numbers and booleans become their text); `None` for absent,
/// `null`, blank and non-scalars.
fn code_text<'a>(v: Val<'_, 'a>) -> Option<Cow<'a, str>> {
    Some(match text_of(v, Mode::Lenient)? {
        Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
        Cow::Owned(s) if s.trim().len() == s.len() => Cow::Owned(s),
        Cow::Owned(s) => Cow::Owned(s.trim().to_owned()),
    })
}

/// A numeric code: `3`, `3.0`, `"3"`.
fn code_number(v: Val<'_, '_>) -> Option<i64> {
    match v.kind() {
        Kind::Number | Kind::String => lenient_int(v),
        _ => None,
    }
}

fn priority<'a>(v: Option<Val<'_, 'a>>) -> Option<TicketPriority<'a>> {
    let v = v?;
    let text = code_text(v)?;
    let known = match code_number(v) {
        Some(1) => Some(TicketPriority::Low),
        Some(2) => Some(TicketPriority::Normal),
        Some(3) => Some(TicketPriority::High),
        Some(4) => Some(TicketPriority::Urgent),
        Some(_) => None,
        None => match fold_case(&text).as_str() {
            "baixa" | "baixo" | "low" => Some(TicketPriority::Low),
            "normal" | "média" | "media" | "medium" => Some(TicketPriority::Normal),
            "alta" | "alto" | "high" => Some(TicketPriority::High),
            "urgente" | "urgent" => Some(TicketPriority::Urgent),
            _ => None,
        },
    };
    Some(known.unwrap_or(TicketPriority::Unknown(text)))
}

fn ticket_type<'a>(v: Option<Val<'_, 'a>>) -> Option<TicketType<'a>> {
    let text = code_text(v?)?;
    let known = match fold_case(&text).as_str() {
        "i" | "interno" | "interna" | "internal" => Some(TicketType::Internal),
        "e" | "externo" | "externa" | "external" => Some(TicketType::External),
        _ => None,
    };
    Some(known.unwrap_or(TicketType::Unknown(text)))
}

fn rating<'a>(v: Option<Val<'_, 'a>>) -> Option<EvaluationRating<'a>> {
    let text = code_text(v?)?;
    let known = match fold_case(&text).as_str() {
        "o" | "ótimo" | "otimo" | "excellent" => Some(EvaluationRating::Excellent),
        "b" | "bom" | "good" => Some(EvaluationRating::Good),
        "m" | "regular" | "average" => Some(EvaluationRating::Average),
        "r" | "ruim" | "poor" => Some(EvaluationRating::Poor),
        "p" | "péssimo" | "pessimo" | "terrible" => Some(EvaluationRating::Terrible),
        _ => None,
    };
    Some(known.unwrap_or(EvaluationRating::Unknown(text)))
}

fn situation<'a>(v: Option<Val<'_, 'a>>) -> Option<TicketSituation<'a>> {
    situation_code(v?, false)
}

/// A situation code, legacy or v2 (`v2`): the two share 2 to 7; 1 differs, and 0, 8 and 9 are
/// v2 only. Any other code is kept as `Unknown`.
fn situation_code<'a>(v: Val<'_, 'a>, v2: bool) -> Option<TicketSituation<'a>> {
    let text = code_text(v)?;
    let known = match (code_number(v), v2) {
        (Some(0), true) => Some(TicketSituation::WaitingForAgent),
        (Some(1), false) => Some(TicketSituation::AcceptedByAgent),
        (Some(1), true) => Some(TicketSituation::NotStarted),
        (Some(2), _) => Some(TicketSituation::AnsweredByAgent),
        (Some(3), _) => Some(TicketSituation::AnsweredByCustomer),
        (Some(4), _) => Some(TicketSituation::Cancelled),
        (Some(5), _) => Some(TicketSituation::Finished),
        (Some(6), _) => Some(TicketSituation::AgentChanged),
        (Some(7), _) => Some(TicketSituation::SentToSupportTeam),
        (Some(8 | 9), true) => Some(TicketSituation::WaitingForManagerEvaluation),
        _ => None,
    };
    Some(known.unwrap_or(TicketSituation::Unknown(text)))
}

fn origin<'a>(v: Option<Val<'_, 'a>>) -> Option<MessageOrigin<'a>> {
    let text = code_text(v?)?;
    // The two documented codes first: one per history entry, no case folding needed.
    let known = match &*text {
        "A" | "a" => Some(MessageOrigin::Agent),
        "C" | "c" => Some(MessageOrigin::Customer),
        other => match fold_case(other).as_str() {
            "cliente" | "customer" => Some(MessageOrigin::Customer),
            "atendente" | "agent" => Some(MessageOrigin::Agent),
            _ => None,
        },
    };
    Some(known.unwrap_or(MessageOrigin::Unknown(text)))
}

/// `true`/`false` in any spelling; `null`, absent and `""` mean "no SLA defined".
fn sla<'a>(v: Option<Val<'_, 'a>>) -> SlaStatus<'a> {
    let Some(v) = given(v) else { return SlaStatus::NoSla };
    match lenient_bool(v) {
        Some(true) => SlaStatus::Met,
        Some(false) => SlaStatus::Missed,
        None => match code_text(v) {
            None => SlaStatus::NoSla,
            Some(text) => SlaStatus::Unknown(text),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Tests

#[cfg(test)]
#[allow(unreachable_pub)] // shared with tests/web.rs and the fuzz crate, where these are public
#[path = "../../tests/support/sample_ticket.rs"]
mod sample_ticket;

#[cfg(test)]
mod tests {
    use super::sample_ticket::{sample_ticket_json, SAMPLE_TICKET_ID};
    use super::*;
    use tsify::Tsify;
    use crate::core::calls::{self, CallInfo};
    use crate::core::http::{Auth, AuthPlacement, Method};
    use crate::core::issue::{Issue, IssueCode, Issues};
    use crate::core::json::Doc;
    use crate::core::testing::{response, to_value};
    use crate::core::write::to_json;
    use serde_json::{json, Map, Value};

    /// The call as `with_calls!` describes it.
    const INFO: CallInfo = calls::GET_TICKET;

    /// How errors name the call when the concrete id is not known.
    const ENDPOINT: &str = "GET /chamado/***/{ticketId}";

    /// The output borrows the body: tests keep their bodies for the whole run.
    fn leak(body: &str) -> &'static str {
        Box::leak(body.to_owned().into_boxed_str())
    }
    fn ok(status: u16, body: &str) -> Ticket<'static> {
        let body = leak(body);
        match GetTicket::decode(&response(status, body)) {
            Ok(t) => t,
            Err(e) => panic!("decode failed: {e:?}\n{body}"),
        }
    }
    /// Through the call's description, as the client decodes (errors name the call).
    fn err(status: u16, body: &str) -> Error {
        INFO.decode(&response(status, body)).expect_err("should fail")
    }
    /// A minimal flat ticket with `extra` fields merged in.
    fn with(extra: Value) -> Ticket<'static> {
        let mut m = Map::new();
        m.insert("erro".into(), json!(false));
        m.insert("idchamado".into(), json!("abc"));
        if let Value::Object(e) = extra {
            m.extend(e);
        }
        ok(200, &Value::Object(m).to_string())
    }
    fn raw(v: RawJson<'_>) -> Value {
        serde_json::from_str(v.0).unwrap()
    }
    /// The input read by the codec alone.
    fn query(v: Value) -> Result<TicketQuery, Vec<Issue>> {
        let text = v.to_string();
        let doc = Doc::parse(&text).unwrap();
        let mut issues = Issues::new();
        let q = <TicketQuery as Input>::read(Reader::strict(doc.root(), "TicketQuery", &mut issues));
        match q {
            Some(q) if issues.is_empty() => Ok(q),
            _ => Err(issues.into_vec()),
        }
    }
    fn request(v: Value) -> Request {
        INFO.prepare(&v.to_string()).unwrap()
    }
    fn issues(v: Value) -> Vec<(String, IssueCode, Option<u32>, Option<u32>)> {
        INFO.validate(&v.to_string()).into_iter().map(|i| (i.field, i.code, i.limit, i.actual)).collect()
    }

    // ---- input ------------------------------------------------------------------------------

    const ID: &str = "8f14e45fceea167a5a36dedd4bea2543";

    #[test]
    fn query_minimal_builds_the_legacy_get() {
        let q = query(json!({"ticketId": ID})).unwrap();
        assert_eq!(q, TicketQuery { ticket_id: ID.into(), include_stopwatch: None, include_escalated_tickets: None });
        let r = request(json!({"ticketId": ID}));
        assert_eq!(r.method, Method::Get);
        assert_eq!(r.path, "chamado/{token}/{ticketId}");
        assert_eq!(r.params, vec![ID.to_owned()]);
        assert!(r.query.is_empty());
        assert_eq!(r.form, None);
        assert_eq!(r.auth, Auth::InPath);
        assert_eq!(r.family, Family::Legacy);
        assert_eq!(r.display(), format!("GET /chamado/***/{ID}"));
        let mut direct = INFO.new_request();
        q.encode(&mut direct);
        assert_eq!(direct, r);
    }

    #[test]
    fn query_flags_are_sent_only_when_true() {
        let r = request(json!({"ticketId": ID, "includeStopwatch": true, "includeEscalatedTickets": true}));
        assert_eq!(r.display_path(), format!("/chamado/***/{ID}?stopwatch=1&show_staggered_tickets=1"));
        let r = request(json!({"ticketId": ID, "includeEscalatedTickets": true}));
        assert_eq!(r.display_path(), format!("/chamado/***/{ID}?show_staggered_tickets=1"));
        let r = request(json!({"ticketId": ID, "includeStopwatch": true, "includeEscalatedTickets": false}));
        assert_eq!(r.query, vec![("stopwatch".to_owned(), "1".to_owned())]);
        for off in [json!({"ticketId": ID, "includeStopwatch": false, "includeEscalatedTickets": false}), json!({"ticketId": ID, "includeStopwatch": null})] {
            assert!(request(off.clone()).query.is_empty(), "{off}");
        }
        assert_eq!(
            query(json!({"ticketId": ID, "includeStopwatch": false, "includeEscalatedTickets": true})).unwrap(),
            TicketQuery { ticket_id: ID.into(), include_stopwatch: Some(false), include_escalated_tickets: Some(true) }
        );
    }

    #[test]
    fn query_id_other_formats_are_accepted_and_percent_encoded() {
        let r = request(json!({"ticketId": "a/b?c#d%e ção"}));
        assert_eq!(r.display_path(), "/chamado/***/a%2Fb%3Fc%23d%25e%20%C3%A7%C3%A3o");
        assert!(INFO.validate(&json!({"ticketId": "4821"}).to_string()).is_empty());
        assert!(INFO.validate(&json!({"ticketId": "x".repeat(64)}).to_string()).is_empty());
        assert!(INFO.validate(&json!({"ticketId": "😀".repeat(64)}).to_string()).is_empty(), "64 characters, not bytes");
        assert_eq!(query(json!({"ticketId": "a\"b"})).unwrap().ticket_id, "a\"b", "escaped text is unescaped");
    }

    #[test]
    fn query_rules_each_issue_exactly() {
        assert_eq!(issues(json!({})), vec![("ticketId".into(), IssueCode::Required, None, None)]);
        assert_eq!(issues(json!({"ticketId": ""})), vec![("ticketId".into(), IssueCode::Required, None, None)]);
        assert_eq!(issues(json!({"ticketId": "  "})), vec![("ticketId".into(), IssueCode::Required, None, None)]);
        assert_eq!(issues(json!({"ticketId": null})), vec![("ticketId".into(), IssueCode::Required, None, None)]);
        assert_eq!(issues(json!({"ticketId": "ab\ncd"})), vec![("ticketId".into(), IssueCode::InvalidCharacters, None, None)]);
        assert_eq!(issues(json!({"ticketId": "ab\u{0}"})), vec![("ticketId".into(), IssueCode::InvalidCharacters, None, None)]);
        assert_eq!(issues(json!({"ticketId": "x".repeat(65)})), vec![("ticketId".into(), IssueCode::TooLong, Some(64), Some(65))]);
        assert_eq!(issues(json!({"ticketId": 4821})), vec![("ticketId".into(), IssueCode::InvalidType, None, None)]);
        assert_eq!(issues(json!({"ticketId": "."})), vec![("ticketId".into(), IssueCode::InvalidValue, None, None)]);
    }

    #[test]
    fn query_every_problem_at_once() {
        let got = issues(json!({"ticketId": "é\t".repeat(40), "includeStopwatch": "yes", "includeEscalatedTickets": 1, "stopwatch": true}));
        assert_eq!(
            got,
            vec![
                ("includeStopwatch".into(), IssueCode::InvalidType, None, None),
                ("includeEscalatedTickets".into(), IssueCode::InvalidType, None, None),
                ("stopwatch".into(), IssueCode::UnknownField, None, None),
                ("ticketId".into(), IssueCode::InvalidCharacters, None, None),
                ("ticketId".into(), IssueCode::TooLong, Some(64), Some(80)),
            ]
        );
        let e = INFO.encode(&json!({"ticketId": "", "x": 1}).to_string()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Validation);
        assert_eq!(e.issues.len(), 2);
    }

    #[test]
    fn query_messages_are_the_first_versions() {
        let got: Vec<String> = INFO
            .validate(&json!({"ticketId": 5, "includeStopwatch": "yes", "b": 1, "a": 2}).to_string())
            .into_iter()
            .map(|i| i.message)
            .collect();
        assert_eq!(
            got,
            [
                "ticketId must be a string, got number",
                "includeStopwatch must be a boolean, got string",
                "a is not a known property (allowed: ticketId, includeStopwatch, includeEscalatedTickets)",
                "b is not a known property (allowed: ticketId, includeStopwatch, includeEscalatedTickets)",
            ]
        );
        let got: Vec<String> = INFO.validate(&json!({"ticketId": "x\n".repeat(40)}).to_string()).into_iter().map(|i| i.message).collect();
        assert_eq!(got, ["ticketId must not contain line breaks or control characters", "ticketId must be at most 64 characters (got 80)"]);
        let got: Vec<String> = INFO.validate(&json!({}).to_string()).into_iter().map(|i| i.message).collect();
        assert_eq!(got, ["ticketId is required"]);
    }

    #[test]
    fn query_not_an_object() {
        for v in [json!("abc"), json!(null), json!([ID]), json!(5)] {
            let got = issues(v.clone());
            assert_eq!(got.first().map(|i| (i.0.as_str(), i.1)), Some(("", IssueCode::InvalidType)), "{v}");
            assert_eq!(got.len(), 1, "{v}");
        }
        assert_eq!(INFO.validate("\"abc\"")[0].message, "TicketQuery must be an object, got string");
    }

    #[test]
    fn encode_previews_without_token() {
        let r = INFO.encode(&json!({"ticketId": ID, "includeStopwatch": true}).to_string()).unwrap();
        assert_eq!(r.method, Method::Get);
        assert_eq!(r.path, format!("/chamado/***/{ID}?stopwatch=1"));
        assert_eq!(r.auth, AuthPlacement::Path);
        assert_eq!((r.form, r.body), (None, None));
    }

    // ---- documented shape -------------------------------------------------------------------

    const DOCUMENTED: &str = r#"{
      "erro": false,
      "idchamado": "8f14e45fceea167a5a36dedd4bea2543",
      "protocolo": "4821",
      "titulo": "Erro ao emitir nota fiscal",
      "mensagem": "<p>Olá, erro 500 🙏</p>",
      "nomecliente": "Maria Silva",
      "email_cliente": "maria.silva@acme.com.br",
      "id_cliente": "cli-001",
      "nomeorganizacao": "ACME Brasil Ltda",
      "prioridade": 3,
      "tipochamado": "E",
      "tempotrabalho": 9000,
      "tempoabertura": 247460,
      "data_criacao": "2023-11-02 20:17:45",
      "deadline": "2023-11-04 18:00:00",
      "valoritemhora": 150.5,
      "valoritemhoraextra": 225.75,
      "valorfinal": 376.25,
      "valorfinalextra": 112.88,
      "valorfinalbruto": 489.13,
      "avaliadoproblemaresolvido": "S",
      "avaliadoatendimento": "O",
      "avaliacaocomentario": "Atendimento rápido!",
      "dataprimeiraresposta": "2023-11-02 20:31:10",
      "dataencerramento": "2023-11-03 16:42:05",
      "ultimasituacao": "5",
      "dataultimasituacao": "2023-11-03 16:42:06",
      "sla_inicializacao_cumprido": true,
      "sla_deadline_cumprido": false,
      "descsituacao": "Finalizada",
      "categoria": "Financeiro",
      "departamento": "Suporte Técnico",
      "atendente": "Carlos Andrade",
      "status": "Resolvido",
      "dataultimostatus": "2023-11-03 16:40:00",
      "anexos": [{"nome": "print.png", "url": "https://x.example/print.png", "tamanhobytes": 48213}],
      "historico": [
        {"id": "h1", "origem": "A", "mensagem": "<p>Analisando</p>", "atendente": "Carlos Andrade",
         "data_hora": "2023-11-02 20:31:10", "hora_inicio": "2023-11-02 20:25:00", "hora_fim": "2023-11-02 20:31:00",
         "anexos": []},
        {"id": "h2", "origem": "C", "mensagem": "<p>Segue XML</p>", "atendente": null,
         "data_hora": "2023-11-02 21:02:33", "hora_inicio": null, "hora_fim": null,
         "anexos": [{"nome": "nfe.xml", "url": "https://x.example/nfe.xml", "tamanhobytes": 8731}]}
      ],
      "campospersonalizados": [
        {"id": "cf1", "label": "Número da NF-e", "value": "000123456"},
        {"id": "cf2", "label": "Quantidade", "value": 3},
        {"id": "cf3", "label": "Opções", "value": ["a", "b"]}
      ],
      "campospersonalizados_finalizados": [{"label": "Causa raiz", "value": "Certificado expirado"}],
      "historico_status": [
        {"id": "s1", "status": "Em análise", "comentario": "Verificando logs", "atendente_inicio": "Carlos Andrade",
         "atendente_fim": "Beatriz Lima", "inicio": "2023-11-02 20:31:10", "fim": "2023-11-03 09:15:00"}
      ],
      "stopwatch": [
        {"id": "w1", "start": "2023-11-03 08:30:00", "end": "2023-11-03 09:15:00", "created_manually": false, "operator": "Carlos Andrade"},
        {"id": "w2", "start": "2023-11-03 13:00:00", "end": null, "created_manually": true, "operator": "Beatriz Lima"}
      ],
      "staggered_tickets": [{"protocolo": "4823", "idchamado": "c4f5", "titulo": "[Escalonado] Certificado"}],
      "parent_ticket_id": null
    }"#;

    const LIVE: &str = r#"{
      "erro": false,
      "message": "Chamado encontrado",
      "data": {
        "idchamado": "8f14e45fceea167a5a36dedd4bea2543",
        "protocolo": 4821,
        "titulo": "Erro ao emitir nota fiscal",
        "mensagem": "<p>Olá</p>",
        "nomecliente": "Maria Silva",
        "email_cliente": "maria.silva@acme.com.br",
        "id_cliente": "",
        "nomeorganizacao": "",
        "prioridade": "4",
        "tipochamado": "Externo",
        "tempotrabalho": "9000",
        "tempoabertura": "247460",
        "data_criacao": "02/11/2023 20:17",
        "deadline": "",
        "valoritemhora": "150,50",
        "valoritemhoraextra": "1.234,56",
        "valorfinal": "",
        "valorfinalextra": "0,00",
        "valorfinalbruto": "376,25",
        "avaliadoproblemaresolvido": "1",
        "avaliadoatendimento": "",
        "avaliacaocomentario": "",
        "dataprimeiraresposta": "02/11/2023 20:31",
        "dataencerramento": "",
        "ultimasituacao": 2,
        "dataultimasituacao": "2023-11-03 16:42:05-0300",
        "sla_inicializacao_cumprido": "",
        "sla_deadline_cumprido": "1",
        "descsituacao": "Respondida pelo atendente",
        "categoria": "",
        "departamento": "Suporte",
        "atendente": "",
        "status": "",
        "dataultimostatus": "",
        "anexos": [{"nome": "print.png", "url": "https://x.example/p.png", "tamanhobytes": "48213", "mimetype": "image/png"}],
        "historico": [
          {"id": "h1", "origem": "C", "mensagem": "<p>Oi</p>", "atendente": "", "data_hora": "02/11/2023 21:02",
           "hora_inicio": "", "hora_fim": "", "anexos": [{"nome": "a.xml", "url": "u", "tamanhobytes": 1, "mimetype": "application/xml"}]},
          {"id": "h2", "origem": "a", "mensagem": "<p>Ok</p>", "atendente": "Carlos", "data_hora": "03/11/2023 09:15",
           "hora_inicio": "08:30", "hora_fim": "09:15:30", "anexos": []}
        ],
        "campospersonalizados": [{"id": "cf1", "label": "NF", "value": ""}],
        "campospersonalizados_finalizados": [],
        "historico_status": [{"id": "s1", "status": "Resolvido", "comentario": "", "atendente_inicio": "Beatriz",
                              "atendente_fim": "", "inicio": "03/11/2023 16:40", "fim": ""}],
        "parent_ticket_id": ""
      }
    }"#;


    /// Money as a number (tests only: the crate itself never parses floats).
    fn money(n: &Option<Decimal>) -> Option<f64> {
        n.as_ref().map(|n| n.as_str().parse().unwrap())
    }

    fn s(v: &str) -> Option<Cow<'static, str>> {
        Some(Cow::Owned(v.to_owned()))
    }

    #[test]
    fn documented_shape_maps_every_field() {
        let t = ok(200, DOCUMENTED);
        assert_eq!(t.id, ID);
        assert_eq!(t.protocol, s("4821"));
        assert_eq!(t.subject, s("Erro ao emitir nota fiscal"));
        assert_eq!(t.message, s("<p>Olá, erro 500 🙏</p>"), "flat: the ticket's `mensagem` wins");
        assert_eq!(t.customer, TicketCustomer { name: s("Maria Silva"), email: s("maria.silva@acme.com.br"), id: s("cli-001") });
        assert_eq!(t.organization_name, s("ACME Brasil Ltda"));
        assert_eq!(t.priority, Some(TicketPriority::High));
        assert_eq!(t.kind, Some(TicketType::External));
        assert_eq!((t.worked_seconds, t.open_seconds), (Some(9000), Some(247_460)));
        assert_eq!(t.created_at, s("2023-11-02T20:17:45"));
        assert_eq!(t.deadline, s("2023-11-04T18:00:00"));
        assert_eq!(t.first_response_at, s("2023-11-02T20:31:10"));
        assert_eq!(t.closed_at, s("2023-11-03T16:42:05"));
        assert_eq!(t.last_situation_at, s("2023-11-03T16:42:06"));
        assert_eq!(t.last_status_at, s("2023-11-03T16:40:00"));
        let p = &t.pricing;
        assert_eq!(
            [money(&p.hourly_rate), money(&p.overtime_hourly_rate), money(&p.total), money(&p.overtime_total), money(&p.gross_total)],
            [Some(150.5), Some(225.75), Some(376.25), Some(112.88), Some(489.13)]
        );
        assert_eq!(
            t.evaluation,
            TicketEvaluation { problem_solved: Some(true), rating: Some(EvaluationRating::Excellent), comment: s("Atendimento rápido!") }
        );
        assert_eq!(t.last_situation, Some(TicketSituation::Finished));
        assert_eq!(t.last_situation_description, s("Finalizada"));
        assert_eq!(t.sla, TicketSla { first_response: SlaStatus::Met, deadline: SlaStatus::Missed });
        assert_eq!(t.category, s("Financeiro"));
        assert_eq!(t.department, s("Suporte Técnico"));
        assert_eq!(t.agent, s("Carlos Andrade"));
        assert_eq!(t.status, s("Resolvido"));
        assert_eq!(t.parent_ticket_id, None);
        assert_eq!(
            t.attachments,
            vec![TicketAttachment { name: s("print.png"), url: s("https://x.example/print.png"), size_bytes: Some(48213), mime_type: None }]
        );
        assert_eq!(t.history.len(), 2);
        assert_eq!(
            t.history[0],
            TicketHistoryEntry {
                id: s("h1"),
                from: Some(MessageOrigin::Agent),
                message: s("<p>Analisando</p>"),
                agent: s("Carlos Andrade"),
                at: s("2023-11-02T20:31:10"),
                started_at: s("2023-11-02T20:25:00"),
                ended_at: s("2023-11-02T20:31:00"),
                attachments: vec![],
            }
        );
        let h2 = &t.history[1];
        assert_eq!((h2.from.clone(), h2.agent.clone(), h2.started_at.clone(), h2.ended_at.clone()), (Some(MessageOrigin::Customer), None, None, None));
        assert_eq!(h2.attachments[0].name, s("nfe.xml"));
        assert_eq!(h2.attachments[0].size_bytes, Some(8731));
        let fields: Vec<_> = t.custom_fields.iter().map(|f| (f.id.clone(), f.label.clone(), raw(f.value))).collect();
        assert_eq!(
            fields,
            vec![
                (s("cf1"), s("Número da NF-e"), json!("000123456")),
                (s("cf2"), s("Quantidade"), json!(3)),
                (s("cf3"), s("Opções"), json!(["a", "b"])),
            ]
        );
        assert_eq!(t.custom_fields[2].value, RawJson(r#"["a", "b"]"#), "copied verbatim");
        let closing: Vec<_> = t.closing_custom_fields.iter().map(|f| (f.label.clone(), raw(f.value))).collect();
        assert_eq!(closing, vec![(s("Causa raiz"), json!("Certificado expirado"))]);
        assert_eq!(
            t.status_history,
            vec![TicketStatusChange {
                id: s("s1"),
                status: s("Em análise"),
                comment: s("Verificando logs"),
                started_by: s("Carlos Andrade"),
                ended_by: s("Beatriz Lima"),
                started_at: s("2023-11-02T20:31:10"),
                ended_at: s("2023-11-03T09:15:00"),
            }]
        );
        assert_eq!(
            t.stopwatch,
            Some(vec![
                StopwatchEntry {
                    id: s("w1"),
                    start: s("2023-11-03T08:30:00"),
                    end: s("2023-11-03T09:15:00"),
                    created_manually: Some(false),
                    operator: s("Carlos Andrade"),
                },
                StopwatchEntry { id: s("w2"), start: s("2023-11-03T13:00:00"), end: None, created_manually: Some(true), operator: s("Beatriz Lima") },
            ])
        );
        assert_eq!(t.escalated_tickets, Some(vec![EscalatedTicket { protocol: s("4823"), id: s("c4f5"), subject: s("[Escalonado] Certificado") }]));
    }

    #[test]
    fn text_is_borrowed_from_the_body_unless_escaped_or_rewritten() {
        let t = ok(200, DOCUMENTED);
        assert!(matches!(t.id, Cow::Borrowed(_)));
        assert!(matches!(t.message, Some(Cow::Borrowed(_))));
        assert!(matches!(t.history[0].attachments.first().or(t.history[1].attachments.first()).and_then(|a| a.url.clone()), Some(Cow::Borrowed(_))));
        assert!(matches!(t.created_at, Some(Cow::Owned(_))), "dates are rewritten");
        let t = with(json!({"titulo": "a\"b", "tipochamado": " X ", "data_criacao": "amanhã"}));
        assert_eq!(t.subject, s("a\"b"));
        assert!(matches!(t.subject, Some(Cow::Owned(_))));
        assert_eq!(t.kind, Some(TicketType::Unknown("X".into())));
        assert!(matches!(t.kind, Some(TicketType::Unknown(Cow::Borrowed("X")))), "trimmed, still borrowed");
        assert!(matches!(t.created_at, Some(Cow::Borrowed("amanhã"))), "unknown date text kept as sent");
    }

    #[test]
    fn serializes_with_english_camel_case_names_and_nulls() {
        let v = to_value(&ok(200, DOCUMENTED));
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        for k in [
            "id", "protocol", "subject", "message", "customer", "organizationName", "priority", "type", "workedSeconds",
            "openSeconds", "createdAt", "deadline", "firstResponseAt", "closedAt", "lastSituationAt", "lastStatusAt",
            "pricing", "evaluation", "lastSituation", "lastSituationDescription", "sla", "category", "department", "agent",
            "status", "parentTicketId", "attachments", "history", "customFields", "closingCustomFields", "statusHistory",
            "stopwatch", "escalatedTickets",
        ] {
            assert!(keys.contains(&k), "missing {k}");
        }
        assert_eq!(keys.len(), 33, "{keys:?}");
        assert_eq!(v["priority"], "high");
        assert_eq!(v["type"], "external");
        assert_eq!(v["lastSituation"], "finished");
        assert_eq!(v["evaluation"]["rating"], "excellent");
        assert_eq!(v["sla"], json!({"firstResponse": "met", "deadline": "missed"}));
        assert_eq!(v["parentTicketId"], Value::Null);
        assert_eq!(v["history"][0]["from"], "agent");
        assert_eq!(v["history"][1]["startedAt"], Value::Null);
        assert_eq!(v["attachments"][0], json!({"name": "print.png", "url": "https://x.example/print.png", "sizeBytes": 48213, "mimeType": null}));
        assert_eq!(v["statusHistory"][0]["startedBy"], "Carlos Andrade");
        assert_eq!(v["stopwatch"][1]["createdManually"], true);
        assert_eq!(v["escalatedTickets"][0]["subject"], "[Escalonado] Certificado");
        assert_eq!(v["customFields"][1]["value"], json!(3));
        assert_eq!(v["pricing"]["hourlyRate"], serde_json::from_str::<Value>("150.5").unwrap());
        let unknown = to_value(&with(json!({"prioridade": 9})));
        assert_eq!(unknown["priority"], json!({"unknown": "9"}));
        assert_eq!(unknown["sla"], json!({"firstResponse": "noSla", "deadline": "noSla"}));
        assert_eq!(unknown["stopwatch"], Value::Null);
        assert_eq!(unknown["history"], json!([]));
    }

    /// The declarations of the objects a [`Ticket`] holds.
    fn part_decls() -> [&'static str; 11] {
        [
            TicketCustomer::DECL,
            TicketPricing::DECL,
            TicketEvaluation::DECL,
            TicketSla::DECL,
            TicketAttachment::DECL,
            TicketHistoryEntry::DECL,
            TicketCustomField::DECL,
            TicketClosingField::DECL,
            TicketStatusChange::DECL,
            StopwatchEntry::DECL,
            EscalatedTicket::DECL,
        ]
    }

    #[test]
    fn typescript_declarations_are_explicit() {
        use tsify::Tsify as _;
        let sla = SlaStatus::DECL;
        assert!(sla.contains("\"met\"") && sla.contains("\"missed\"") && sla.contains("\"noSla\"") && sla.contains("unknown"), "{sla}");
        let t = Ticket::DECL;
        for needle in ["type: TicketType | null", "sla: TicketSla", "stopwatch: StopwatchEntry[] | null", "history: TicketHistoryEntry[]"] {
            assert!(t.contains(needle), "{needle} not in {t}");
        }
        assert!(TicketCustomField::DECL.contains("value: JsonValue"), "{}", TicketCustomField::DECL);
        assert!(TicketQuery::DECL.contains("includeStopwatch?: boolean"), "{}", TicketQuery::DECL);
        assert!(!t.contains("any"), "{t}");
        // Output `Option`s serialize as `null` (json_compatible), so they must be declared `| null`.
        // Only the four v2-only fields of Ticket are optional (absent from legacy tickets).
        let legacy_fields = Ticket::DECL.replace("departmentId?: string", "").replace("categoryId?: string", "").replace("agentId?: string", "").replace("tags?: string[]", "");
        for decl in std::iter::once(legacy_fields.as_str()).chain(part_decls()) {
            assert!(!decl.contains("undefined") && !decl.contains("?:"), "{decl}");
        }
        assert!(Ticket::DECL.contains("parentTicketId: string | null"), "{}", Ticket::DECL);
        assert_eq!(TicketPriority::DECL, r#"export type TicketPriority = "low" | "normal" | "high" | "urgent" | { unknown: string };"#);
    }

    /// Borrowed fields (`Cow`, `RawJson`, `Decimal`) and lifetimes change nothing in the
    /// declarations: each is, byte for byte, in the golden `.d.ts` of the first version.
    #[test]
    fn typescript_declarations_match_the_golden_file() {
        use tsify::Tsify as _;
        let golden = include_str!("../../tests/golden/tomticket_wasm.d.ts");
        let codes = [SlaStatus::DECL, TicketPriority::DECL, TicketType::DECL, EvaluationRating::DECL, TicketSituation::DECL, MessageOrigin::DECL];
        for decl in [Ticket::DECL, TicketQuery::DECL].into_iter().chain(codes).chain(part_decls()) {
            assert!(golden.contains(decl), "not in tests/golden/tomticket_wasm.d.ts:\n{decl}");
        }
    }

    // ---- live deviations --------------------------------------------------------------------


    #[test]
    fn live_shape_decodes() {
        let t = ok(200, LIVE);
        assert_eq!(t.id, ID);
        assert_eq!(t.protocol, s("4821"), "number → text");
        assert_eq!(t.message, s("<p>Olá</p>"), "ticket message, not the envelope's `message`");
        assert_eq!(t.customer.id, None, "\"\" → null");
        assert_eq!(t.organization_name, None);
        assert_eq!(t.priority, Some(TicketPriority::Urgent));
        assert_eq!(t.kind, Some(TicketType::External), "\"Externo\"");
        assert_eq!((t.worked_seconds, t.open_seconds), (Some(9000), Some(247_460)));
        assert_eq!(t.created_at, s("2023-11-02T20:17:00"), "dd/mm/yyyy HH:MM → ISO without offset");
        assert_eq!(t.first_response_at, s("2023-11-02T20:31:00"));
        assert_eq!(t.deadline, None);
        assert_eq!(t.closed_at, None);
        assert_eq!(t.last_situation_at, s("2023-11-03T16:42:05-03:00"), "offset kept");
        assert_eq!(t.last_status_at, None);
        assert_eq!(money(&t.pricing.hourly_rate), Some(150.5));
        assert_eq!(money(&t.pricing.overtime_hourly_rate), Some(1234.56));
        assert_eq!(money(&t.pricing.total), None);
        assert_eq!(money(&t.pricing.overtime_total), Some(0.0));
        assert_eq!(money(&t.pricing.gross_total), Some(376.25));
        assert_eq!(t.pricing.hourly_rate.as_ref().map(Decimal::as_str), Some("150.50"), "the digits as sent");
        assert_eq!(t.evaluation, TicketEvaluation { problem_solved: Some(true), rating: None, comment: None });
        assert_eq!(t.last_situation, Some(TicketSituation::AnsweredByAgent), "number 2");
        assert_eq!(t.sla, TicketSla { first_response: SlaStatus::NoSla, deadline: SlaStatus::Met });
        assert_eq!((t.category.clone(), t.agent.clone(), t.status.clone(), t.parent_ticket_id.clone()), (None, None, None, None));
        assert_eq!(t.department, s("Suporte"));
        assert_eq!(
            t.attachments,
            vec![TicketAttachment { name: s("print.png"), url: s("https://x.example/p.png"), size_bytes: Some(48213), mime_type: s("image/png") }]
        );
        assert_eq!(t.history[0].from, Some(MessageOrigin::Customer));
        assert_eq!(t.history[0].agent, None);
        assert_eq!(t.history[0].at, s("2023-11-02T21:02:00"));
        assert_eq!((t.history[0].started_at.clone(), t.history[0].ended_at.clone()), (None, None));
        assert_eq!(t.history[0].attachments[0].mime_type, s("application/xml"));
        assert_eq!(t.history[1].from, Some(MessageOrigin::Agent), "lower-case code");
        assert_eq!(t.history[1].started_at, s("08:30:00"), "time of day only → ISO partial time");
        assert_eq!(t.history[1].ended_at, s("09:15:30"));
        assert_eq!(raw(t.custom_fields[0].value), json!(""), "custom field values are kept as sent");
        assert!(t.closing_custom_fields.is_empty());
        assert_eq!(t.status_history[0].comment, None);
        assert_eq!(t.status_history[0].ended_by, None);
        assert_eq!(t.status_history[0].started_at, s("2023-11-03T16:40:00"));
        assert_eq!(t.status_history[0].ended_at, None);
        assert_eq!((t.stopwatch.clone(), t.escalated_tickets.clone()), (None, None), "not requested");
    }

    #[test]
    fn envelope_variants_flat_nested_and_message_keys() {
        // Flat with envelope `message`: the envelope text is not the ticket's message.
        let t = ok(200, r#"{"erro":false,"message":"Chamado encontrado","idchamado":"x1"}"#);
        assert_eq!((&*t.id, t.message), ("x1", None));
        // Nested: `data.message` is accepted as the ticket's message when `mensagem` is absent.
        let t = ok(200, r#"{"erro":false,"mensagem":"ok","data":{"idchamado":"x2","message":"<p>m</p>"}}"#);
        assert_eq!((&*t.id, t.message.as_deref()), ("x2", Some("<p>m</p>")));
        // `data` as a one-element list.
        let t = ok(200, r#"{"erro":false,"data":[{"idchamado":"x3"}]}"#);
        assert_eq!(t.id, "x3");
        // `data` present but not the ticket: the flat ticket is used.
        let t = ok(200, r#"{"erro":false,"data":{"foo":1},"idchamado":"x4"}"#);
        assert_eq!(t.id, "x4");
        // No `erro` at all, id as a number.
        let t = ok(200, r#"{"idchamado":12345}"#);
        assert_eq!(t.id, "12345");
        // A flat ticket beside a one-element `data` list: the flat one comes first, and is flat.
        let t = ok(200, r#"{"erro":false,"data":[{"idchamado":"x5","message":"n"}],"idchamado":"x6","message":"env"}"#);
        assert_eq!((&*t.id, t.message), ("x6", None));
        let t = ok(200, r#"{"erro":false,"data":[{"idchamado":"x7","message":"n"}],"message":"env"}"#);
        assert_eq!((&*t.id, t.message.as_deref()), ("x7", Some("n")));
    }

    #[test]
    fn missing_ticket_id_is_a_decode_error_that_says_what_was_expected() {
        for body in [
            r#"{"erro":false,"mensagem":"ok"}"#,
            r#"{"erro":false,"idchamado":""}"#,
            r#"{"erro":false,"idchamado":{"a":1}}"#,
            r#"{"erro":false,"data":{"titulo":"x"}}"#,
            r#"{"erro":false,"data":[]}"#,
            "{}",
        ] {
            let e = err(200, body);
            assert_eq!(e.kind, ErrorKind::Decode, "{body}");
            assert!(e.message.contains("idchamado"), "{}", e.message);
            assert_eq!(e.status, Some(200));
            assert_eq!(e.endpoint.as_deref(), Some(ENDPOINT));
        }
        assert_eq!(err(200, r#"{"erro":false,"mensagem":"Sem dados"}"#).server_message.as_deref(), Some("Sem dados"));
        assert_eq!(err(200, r#"{"erro":false,"message":"Sem dados"}"#).server_message.as_deref(), Some("Sem dados"));
        assert_eq!(err(200, r#"{"erro":false,"mensagem":null,"message":"x"}"#).server_message, None, "`mensagem` is there: no fallback");
    }

    // ---- codes ------------------------------------------------------------------------------

    #[test]
    fn every_priority_code() {
        use TicketPriority::*;
        for (wire, want) in [
            (json!(1), Low), (json!("2"), Normal), (json!(3.0), High), (json!(" 4 "), Urgent),
            (json!("Urgente"), Urgent), (json!("baixa"), Low),
            (json!(9), Unknown("9".into())), (json!("0"), Unknown("0".into())), (json!("x"), Unknown("x".into())),
        ] {
            assert_eq!(with(json!({"prioridade": wire})).priority, Some(want), "{wire}");
        }
        for none in [json!(""), json!(null), json!([]), json!({})] {
            assert_eq!(with(json!({"prioridade": none})).priority, None, "{none}");
        }
    }

    #[test]
    fn every_type_code() {
        use TicketType::*;
        for (wire, want) in [
            ("I", Internal), ("i", Internal), ("Interno", Internal), ("INTERNO", Internal),
            ("E", External), ("Externo", External), ("externo", External),
            ("X", Unknown("X".into())),
        ] {
            assert_eq!(with(json!({"tipochamado": wire})).kind, Some(want), "{wire}");
        }
        assert_eq!(with(json!({"tipochamado": ""})).kind, None);
    }

    #[test]
    fn every_rating_and_problem_solved_code() {
        use EvaluationRating::*;
        for (wire, want) in [
            ("O", Excellent), ("B", Good), ("M", Average), ("R", Poor), ("P", Terrible),
            ("o", Excellent), ("Péssimo", Terrible), ("Z", Unknown("Z".into())),
        ] {
            assert_eq!(with(json!({"avaliadoatendimento": wire})).evaluation.rating, Some(want), "{wire}");
        }
        assert_eq!(with(json!({"avaliadoatendimento": 5})).evaluation.rating, Some(Unknown("5".into())));
        for (wire, want) in [
            (json!("S"), Some(true)), (json!("N"), Some(false)), (json!("1"), Some(true)), (json!(0), Some(false)),
            (json!(true), Some(true)), (json!(false), Some(false)),
            (json!(""), None), (json!(null), None), (json!("talvez"), None),
        ] {
            assert_eq!(with(json!({"avaliadoproblemaresolvido": wire})).evaluation.problem_solved, want, "{wire}");
        }
    }

    #[test]
    fn every_situation_code() {
        let all = [
            TicketSituation::AcceptedByAgent,
            TicketSituation::AnsweredByAgent,
            TicketSituation::AnsweredByCustomer,
            TicketSituation::Cancelled,
            TicketSituation::Finished,
            TicketSituation::AgentChanged,
            TicketSituation::SentToSupportTeam,
        ];
        for (i, want) in all.iter().enumerate() {
            let n = i + 1;
            assert_eq!(with(json!({"ultimasituacao": n})).last_situation.as_ref(), Some(want), "number {n}");
            assert_eq!(with(json!({"ultimasituacao": n.to_string()})).last_situation.as_ref(), Some(want), "string {n}");
        }
        assert_eq!(with(json!({"ultimasituacao": 8})).last_situation, Some(TicketSituation::Unknown("8".into())));
        assert_eq!(with(json!({"ultimasituacao": "Finalizada"})).last_situation, Some(TicketSituation::Unknown("Finalizada".into())));
        assert_eq!(with(json!({"ultimasituacao": ""})).last_situation, None);
        assert_eq!(
            to_value(&all),
            json!(["acceptedByAgent", "answeredByAgent", "answeredByCustomer", "cancelled", "finished", "agentChanged", "sentToSupportTeam"])
        );
    }

    #[test]
    fn every_origin_code() {
        use MessageOrigin::*;
        for (wire, want) in [("C", Customer), ("A", Agent), ("Cliente", Customer), ("atendente", Agent), ("S", Unknown("S".into()))] {
            let t = with(json!({"historico": [{"origem": wire}]}));
            assert_eq!(t.history[0].from, Some(want), "{wire}");
        }
        assert_eq!(with(json!({"historico": [{"origem": ""}]})).history[0].from, None);
    }

    #[test]
    fn sla_null_true_false_and_odd_values() {
        for (wire, want) in [
            (json!(null), SlaStatus::NoSla), (json!(""), SlaStatus::NoSla),
            (json!(true), SlaStatus::Met), (json!(false), SlaStatus::Missed),
            (json!("1"), SlaStatus::Met), (json!(0), SlaStatus::Missed),
            (json!("S"), SlaStatus::Met), (json!("N"), SlaStatus::Missed),
            (json!("x"), SlaStatus::Unknown("x".into())), (json!(2), SlaStatus::Unknown("2".into())),
        ] {
            let t = with(json!({"sla_inicializacao_cumprido": wire, "sla_deadline_cumprido": wire}));
            assert_eq!(t.sla, TicketSla { first_response: want.clone(), deadline: want.clone() }, "{wire}");
        }
        assert_eq!(with(json!({})).sla, TicketSla { first_response: SlaStatus::NoSla, deadline: SlaStatus::NoSla }, "absent");
        assert_eq!(to_value(&SlaStatus::Missed), json!("missed"), "never a bare null or false");
    }

    // ---- optional lists ---------------------------------------------------------------------

    #[test]
    fn stopwatch_and_escalated_present_vs_absent() {
        let absent = with(json!({}));
        assert_eq!((absent.stopwatch, absent.escalated_tickets), (None, None));
        let null = with(json!({"stopwatch": null, "staggered_tickets": null}));
        assert_eq!((null.stopwatch, null.escalated_tickets), (None, None));
        let empty = with(json!({"stopwatch": [], "staggered_tickets": []}));
        assert_eq!((empty.stopwatch, empty.escalated_tickets), (Some(vec![]), Some(vec![])));
        let full = with(json!({
            "stopwatch": [{"id": 1, "start": "02/11/2023 20:17", "end": "", "created_manually": "1", "operator": "Ana"}],
            "staggered_tickets": [{"protocolo": 4823, "idchamado": "c4", "titulo": "Filho"}, "junk"]
        }));
        assert_eq!(
            full.stopwatch,
            Some(vec![StopwatchEntry { id: s("1"), start: s("2023-11-02T20:17:00"), end: None, created_manually: Some(true), operator: s("Ana") }])
        );
        assert_eq!(full.escalated_tickets, Some(vec![EscalatedTicket { protocol: s("4823"), id: s("c4"), subject: s("Filho") }]));
        let odd = with(json!({"stopwatch": "", "staggered_tickets": {"x": 1}}));
        assert_eq!((odd.stopwatch, odd.escalated_tickets), (Some(vec![]), Some(vec![])), "sent, but not a list");
    }

    #[test]
    fn lists_tolerate_odd_shapes() {
        let t = with(json!({
            "anexos": {"0": {"nome": "a"}, "1": {"nome": "b"}},
            "historico": "",
            "campospersonalizados": {},
            "campospersonalizados_finalizados": [1, null, {"label": "L"}],
            "historico_status": {"id": "not a list of objects"},
        }));
        assert_eq!(t.attachments.iter().map(|a| a.name.clone()).collect::<Vec<_>>(), vec![s("a"), s("b")]);
        assert!(t.history.is_empty() && t.custom_fields.is_empty() && t.status_history.is_empty());
        assert_eq!(t.closing_custom_fields, vec![TicketClosingField { label: s("L"), value: RawJson::NULL }]);
    }

    /// PHP's object-shaped lists come in the order of their keys as text, the last of duplicate
    /// keys winning (what the first version, on a sorted map, did).
    #[test]
    fn object_shaped_lists_are_read_in_key_order() {
        let body = r#"{"idchamado":"abc","historico":{"2":{"id":"two"},"10":{"id":"ten"},"1":{"id":"one-a"},"1":{"id":"one-b"}},
                      "anexos":{"b":{"nome":"B"},"a":{"nome":"A"},"a":7}}"#;
        let t = ok(200, body);
        let ids: Vec<_> = t.history.iter().map(|h| h.id.as_deref().unwrap_or("")).collect();
        assert_eq!(ids, ["one-b", "ten", "two"]);
        assert!(t.attachments.is_empty(), "the last `a` is not an object");
        let t = ok(200, r#"{"idchamado":"abc","anexos":{"a":7,"a":{"nome":"A"}}}"#);
        assert_eq!(t.attachments.len(), 1, "the last `a` is an object");
    }

    #[test]
    fn duplicate_keys_the_last_wins() {
        let t = ok(200, r#"{"idchamado":"a","prioridade":1,"idchamado":"b","prioridade":null,"historico":[{"id":"x","id":"y"}]}"#);
        assert_eq!(t.id, "b");
        assert_eq!(t.priority, None);
        assert_eq!(t.history[0].id, s("y"));
    }

    #[test]
    fn scalars_tolerate_odd_values() {
        let t = with(json!({
            "tempotrabalho": "02:30:00",
            "tempoabertura": "abc",
            "valoritemhora": "R$ 10,00",
            "valorfinal": "n/a",
            "data_criacao": "amanhã",
            "deadline": "0000-00-00 00:00:00",
            "dataencerramento": 1698966000,
            "protocolo": 4821.0,
            "anexos": [{"nome": "a", "tamanhobytes": 1e300}],
            "historico": [{"hora_inicio": "25:00", "hora_fim": "10:30"}],
        }));
        assert_eq!(t.worked_seconds, Some(9000));
        assert_eq!(t.open_seconds, None);
        assert_eq!(money(&t.pricing.hourly_rate), Some(10.0));
        assert_eq!(money(&t.pricing.total), None);
        assert_eq!(t.created_at, s("amanhã"), "unknown date text is kept visible");
        assert_eq!(t.deadline, None, "zero date");
        assert_eq!(t.closed_at, s("2023-11-02T23:00:00Z"), "Unix seconds are UTC");
        assert_eq!(t.protocol, s("4821.0"));
        assert_eq!(t.attachments[0].size_bytes, None, "beyond JS safe integers");
        assert_eq!(t.history[0].started_at, s("25:00"), "not a time of day: kept as text");
        assert_eq!(t.history[0].ended_at, s("10:30:00"));
        assert_eq!(duration(None), None);
        assert_eq!(time_of_day("23:59:59").as_deref(), Some("23:59:59"));
        for bad in ["", "1:30", "12:60", "12:30:60", "12:30:00:00", "ab:cd", "１２:３０"] {
            assert_eq!(time_of_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let t = with(json!({"tags": ["a"], "novo_campo": {"x": 1}, "erro": false}));
        assert_eq!(t.id, "abc");
    }

    // ---- sample, size, robustness -----------------------------------------------------------

    #[test]
    fn sample_documented_and_live_decode_alike() {
        let doc = ok(200, &sample_ticket_json(5, false));
        let live = ok(200, &sample_ticket_json(5, true));
        assert_eq!(doc.id, SAMPLE_TICKET_ID);
        assert_eq!(live.id, SAMPLE_TICKET_ID);
        for t in [&doc, &live] {
            assert_eq!(t.protocol, s("4821"));
            assert_eq!(t.kind, Some(TicketType::External));
            assert_eq!(t.priority, Some(TicketPriority::High));
            assert_eq!(t.last_situation, Some(TicketSituation::Finished));
            assert_eq!(money(&t.pricing.hourly_rate), Some(150.5));
            assert_eq!(money(&t.pricing.gross_total), Some(489.13));
            assert_eq!(t.worked_seconds, Some(9000));
            assert_eq!(t.evaluation.problem_solved, Some(true));
            assert_eq!(t.sla, TicketSla { first_response: SlaStatus::Met, deadline: SlaStatus::NoSla });
            assert_eq!(t.history.len(), 5);
            assert!(t.history.iter().all(|h| !h.attachments.is_empty()));
            assert_eq!(t.stopwatch.as_ref().map(Vec::len), Some(2));
            assert_eq!(t.escalated_tickets.as_ref().map(Vec::len), Some(1));
            assert_eq!(t.parent_ticket_id, None);
            assert!(t.message.as_deref().unwrap_or("").contains("NF-e"));
        }
        assert_eq!(doc.created_at, s("2023-11-02T20:17:00"));
        assert_eq!(live.created_at, s("2023-11-02T20:17:00"));
        assert_eq!(doc.history[0].agent, live.history[0].agent);
        assert_eq!(doc.history[1].started_at, None);
        assert_eq!(live.history[1].started_at, None);
        assert!(doc.attachments.iter().all(|a| a.mime_type.is_none()));
        assert!(live.attachments.iter().all(|a| a.mime_type.is_some()));
        assert_eq!(doc.history, live.history.iter().cloned().map(|mut h| {
            h.attachments.iter_mut().for_each(|a| a.mime_type = None);
            h
        }).collect::<Vec<_>>());
        let raw: Value = serde_json::from_str(&sample_ticket_json(1, true)).unwrap();
        assert_eq!(raw["data"]["protocolo"], json!(4821));
        assert_eq!(raw["data"]["valoritemhora"], json!("150,50"));
        assert_eq!(raw["data"]["data_criacao"], json!("02/11/2023 20:17"));
        assert_eq!(raw["message"], json!("Chamado encontrado"));
    }

    /// The output of the first version (serde_json `Value` in between), byte for byte.
    const SAMPLE_2_DOCUMENTED: &str = r#"{"id":"8f14e45fceea167a5a36dedd4bea2543","protocol":"4821","subject":"Erro ao emitir nota fiscal — módulo financeiro","message":"<p>Olá, ao emitir a NF-e o sistema retorna <b>erro 500</b>. Poderiam verificar? 🙏</p>","customer":{"name":"Maria Silva","email":"maria.silva@acme.com.br","id":"cli-001"},"organizationName":"ACME Brasil Ltda","priority":"high","type":"external","workedSeconds":9000,"openSeconds":247460,"createdAt":"2023-11-02T20:17:00","deadline":"2023-11-04T20:17:00","firstResponseAt":"2023-11-02T20:31:00","closedAt":"2023-11-03T16:17:00","lastSituationAt":"2023-11-03T16:17:00","lastStatusAt":"2023-11-03T16:07:00","pricing":{"hourlyRate":150.5,"overtimeHourlyRate":225.75,"total":376.25,"overtimeTotal":112.88,"grossTotal":489.13},"evaluation":{"problemSolved":true,"rating":"excellent","comment":"Atendimento rápido e eficiente!"},"lastSituation":"finished","lastSituationDescription":"Finalizada","sla":{"firstResponse":"met","deadline":"noSla"},"category":"Financeiro","department":"Suporte Técnico","agent":"Carlos Andrade","status":"Resolvido","parentTicketId":null,"attachments":[{"name":"print-erro.png","url":"https://anexos.tomticket.example/8f14e45fceea167a5a36dedd4bea2543/print-erro.png","sizeBytes":48213,"mimeType":null},{"name":"log nf-e.txt","url":"https://anexos.tomticket.example/8f14e45fceea167a5a36dedd4bea2543/log nf-e.txt","sizeBytes":1024,"mimeType":null}],"history":[{"id":"000000000000000000000000a0000000","from":"agent","message":"<p>Resposta nº 0: estamos analisando o erro da NF-e.</p>","agent":"Carlos Andrade","at":"2023-11-02T20:27:00","startedAt":"2023-11-02T20:22:00","endedAt":"2023-11-02T20:27:00","attachments":[{"name":"anexo-0.png","url":"https://anexos.tomticket.example/8f14e45fceea167a5a36dedd4bea2543/anexo-0.png","sizeBytes":1000,"mimeType":null},{"name":"log-0.txt","url":"https://anexos.tomticket.example/8f14e45fceea167a5a36dedd4bea2543/log-0.txt","sizeBytes":512,"mimeType":null}]},{"id":"000000000000000000000000a0000001","from":"customer","message":"<p>Resposta nº 1: segue o arquivo solicitado 🙏</p>","agent":null,"at":"2023-11-02T20:34:00","startedAt":null,"endedAt":null,"attachments":[{"name":"anexo-1.png","url":"https://anexos.tomticket.example/8f14e45fceea167a5a36dedd4bea2543/anexo-1.png","sizeBytes":1037,"mimeType":null}]}],"customFields":[{"id":"e1f2a3b4c5d6e7f8091a2b3c4d5e6f71","label":"Número da NF-e","value":"000123456"},{"id":"e1f2a3b4c5d6e7f8091a2b3c4d5e6f72","label":"Ambiente","value":"Produção"}],"closingCustomFields":[{"label":"Causa raiz","value":"Certificado digital expirado"}],"statusHistory":[{"id":"5a0000000000000000000000000000s1","status":"Em análise","comment":"Verificando logs","startedBy":"Carlos Andrade","endedBy":"Carlos Andrade","startedAt":"2023-11-02T20:31:00","endedAt":"2023-11-03T09:17:00"},{"id":"5a0000000000000000000000000000s2","status":"Resolvido","comment":null,"startedBy":"Beatriz Lima","endedBy":null,"startedAt":"2023-11-03T16:07:00","endedAt":null}],"stopwatch":[{"id":"7c0000000000000000000000000000w1","start":"2023-11-03T08:27:00","end":"2023-11-03T09:12:00","createdManually":false,"operator":"Carlos Andrade"},{"id":"7c0000000000000000000000000000w2","start":"2023-11-03T12:57:00","end":null,"createdManually":true,"operator":"Beatriz Lima"}],"escalatedTickets":[{"protocol":"4823","id":"c4f5e6d7a8b9c0d1e2f3a4b5c6d7e8f9","subject":"[Escalonado] Renovar certificado digital do emissor"}]}"#;
    const SAMPLE_2_LIVE: &str = r#"{"id":"8f14e45fceea167a5a36dedd4bea2543","protocol":"4821","subject":"Erro ao emitir nota fiscal — módulo financeiro","message":"<p>Olá, ao emitir a NF-e o sistema retorna <b>erro 500</b>. Poderiam verificar? 🙏</p>","customer":{"name":"Maria Silva","email":"maria.silva@acme.com.br","id":"cli-001"},"organizationName":"ACME Brasil Ltda","priority":"high","type":"external","workedSeconds":9000,"openSeconds":247460,"createdAt":"2023-11-02T20:17:00","deadline":"2023-11-04T20:17:00","firstResponseAt":"2023-11-02T20:31:00","closedAt":"2023-11-03T16:17:00","lastSituationAt":"2023-11-03T16:17:00","lastStatusAt":"2023-11-03T16:07:00","pricing":{"hourlyRate":150.50,"overtimeHourlyRate":225.75,"total":376.25,"overtimeTotal":112.88,"grossTotal":489.13},"evaluation":{"problemSolved":true,"rating":"excellent","comment":"Atendimento rápido e eficiente!"},"lastSituation":"finished","lastSituationDescription":"Finalizada","sla":{"firstResponse":"met","deadline":"noSla"},"category":"Financeiro","department":"Suporte Técnico","agent":"Carlos Andrade","status":"Resolvido","parentTicketId":null,"attachments":[{"name":"print-erro.png","url":"https://anexos.tomticket.example/8f14e45fceea167a5a36dedd4bea2543/print-erro.png","sizeBytes":48213,"mimeType":"image/png"},{"name":"log nf-e.txt","url":"https://anexos.tomticket.example/8f14e45fceea167a5a36dedd4bea2543/log nf-e.txt","sizeBytes":1024,"mimeType":"text/plain"}],"history":[{"id":"000000000000000000000000a0000000","from":"agent","message":"<p>Resposta nº 0: estamos analisando o erro da NF-e.</p>","agent":"Carlos Andrade","at":"2023-11-02T20:27:00","startedAt":"2023-11-02T20:22:00","endedAt":"2023-11-02T20:27:00","attachments":[{"name":"anexo-0.png","url":"https://anexos.tomticket.example/8f14e45fceea167a5a36dedd4bea2543/anexo-0.png","sizeBytes":1000,"mimeType":"image/png"},{"name":"log-0.txt","url":"https://anexos.tomticket.example/8f14e45fceea167a5a36dedd4bea2543/log-0.txt","sizeBytes":512,"mimeType":"text/plain"}]},{"id":"000000000000000000000000a0000001","from":"customer","message":"<p>Resposta nº 1: segue o arquivo solicitado 🙏</p>","agent":null,"at":"2023-11-02T20:34:00","startedAt":null,"endedAt":null,"attachments":[{"name":"anexo-1.png","url":"https://anexos.tomticket.example/8f14e45fceea167a5a36dedd4bea2543/anexo-1.png","sizeBytes":1037,"mimeType":"image/png"}]}],"customFields":[{"id":"e1f2a3b4c5d6e7f8091a2b3c4d5e6f71","label":"Número da NF-e","value":"000123456"},{"id":"e1f2a3b4c5d6e7f8091a2b3c4d5e6f72","label":"Ambiente","value":"Produção"}],"closingCustomFields":[{"label":"Causa raiz","value":"Certificado digital expirado"}],"statusHistory":[{"id":"5a0000000000000000000000000000s1","status":"Em análise","comment":"Verificando logs","startedBy":"Carlos Andrade","endedBy":"Carlos Andrade","startedAt":"2023-11-02T20:31:00","endedAt":"2023-11-03T09:17:00"},{"id":"5a0000000000000000000000000000s2","status":"Resolvido","comment":null,"startedBy":"Beatriz Lima","endedBy":null,"startedAt":"2023-11-03T16:07:00","endedAt":null}],"stopwatch":[{"id":"7c0000000000000000000000000000w1","start":"2023-11-03T08:27:00","end":"2023-11-03T09:12:00","createdManually":false,"operator":"Carlos Andrade"},{"id":"7c0000000000000000000000000000w2","start":"2023-11-03T12:57:00","end":null,"createdManually":true,"operator":"Beatriz Lima"}],"escalatedTickets":[{"protocol":"4823","id":"c4f5e6d7a8b9c0d1e2f3a4b5c6d7e8f9","subject":"[Escalonado] Renovar certificado digital do emissor"}]}"#;

    /// Length and FNV-1a 64 of the first version's JSON output for `sample_ticket_json(n, live)`.
    const FIRST_VERSION: &[(usize, bool, usize, u64)] = &[
        (0, false, 2539, 0xddbed79bcadf38e5),
        (1, false, 3078, 0x50d54eb3ace8154d),
        (2, false, 3435, 0x68ca26fd29459996),
        (3, false, 3838, 0x96bdf1cb91d28aea),
        (5, false, 4735, 0xd7784ee3801bf3ae),
        (7, false, 5632, 0x829a6095c55f234e),
        (200, false, 88779, 0x45e198e7f487c040),
        (0, true, 2555, 0x3a7dbbf967846968),
        (1, true, 3109, 0x863468ada60b6de3),
        (2, true, 3473, 0x37f840eb69e081f4),
        (3, true, 3883, 0x6880779d0df1324c),
        (5, true, 4802, 0xbdc62993e09b4efb),
        (7, true, 5721, 0xd767d81392e8c086),
        (200, true, 90731, 0xddcbd432279210de),
    ];

    fn fnv1a(bytes: &[u8]) -> u64 {
        bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
    }

    fn decode_to_json(body: &str) -> String {
        INFO.decode(&response(200, body)).unwrap()
    }

    #[test]
    fn sample_output_is_the_first_versions_byte_for_byte() {
        assert_eq!(decode_to_json(&sample_ticket_json(2, false)), SAMPLE_2_DOCUMENTED);
        assert_eq!(decode_to_json(&sample_ticket_json(2, true)), SAMPLE_2_LIVE);
        for &(n, live, len, hash) in FIRST_VERSION {
            let out = decode_to_json(&sample_ticket_json(n, live));
            assert_eq!((out.len(), fnv1a(out.as_bytes())), (len, hash), "sample_ticket_json({n}, {live})");
        }
    }

    #[test]
    fn large_ticket_decodes() {
        let body = sample_ticket_json(200, true);
        let t = ok(200, &body);
        assert_eq!(t.history.len(), 200);
        assert_eq!(t.history.iter().map(|h| h.attachments.len()).sum::<usize>(), 200 + 67);
        assert_eq!(t.history[199].id.as_deref(), Some(format!("{:032x}", 0xa000_0000_u64 + 199).as_str()));
        assert!(t.history.iter().all(|h| h.at.as_deref().is_some_and(|d| d.starts_with("2023-11-") && d.contains('T'))));
        let t = ok(200, &sample_ticket_json(2000, false));
        assert_eq!(t.history.len(), 2000);
        assert_eq!(ok(200, &sample_ticket_json(0, false)).history.len(), 0);
    }

    #[test]
    fn never_panics_on_truncations() {
        for live in [false, true] {
            let body = sample_ticket_json(3, live);
            for i in 0..body.len() {
                if !body.is_char_boundary(i) {
                    continue;
                }
                let r = GetTicket::decode(&response(200, &body[..i]));
                assert_eq!(r.map(|_| ()).map_err(|e| e.kind), Err(ErrorKind::Decode), "prefix of {i} bytes");
            }
        }
    }

    #[test]
    fn never_panics_on_garbage() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for len in 0..300 {
            let bytes: Vec<u8> = (0..len).map(|_| (next() & 0xff) as u8).collect();
            let text = String::from_utf8_lossy(&bytes);
            let _ = GetTicket::decode(&response(200, &text));
        }
        // Structurally valid JSON with every field of the wrong type.
        let odd = [json!(null), json!(true), json!(-1), json!(1e308), json!(""), json!("\u{0}"), json!([[]]), json!({"a": {"b": []}})];
        let keys = [
            "protocolo", "titulo", "mensagem", "prioridade", "tipochamado", "tempotrabalho", "tempoabertura", "data_criacao",
            "valoritemhora", "avaliadoproblemaresolvido", "avaliadoatendimento", "ultimasituacao", "sla_inicializacao_cumprido",
            "anexos", "historico", "campospersonalizados", "campospersonalizados_finalizados", "historico_status", "stopwatch",
            "staggered_tickets", "parent_ticket_id",
        ];
        for v in &odd {
            let mut m = Map::new();
            m.insert("idchamado".into(), json!("z"));
            for k in keys {
                m.insert(k.into(), v.clone());
            }
            m.insert("historico".into(), json!([{"origem": v, "anexos": v, "hora_inicio": v, "data_hora": v}, v]));
            let t = ok(200, &Value::Object(m).to_string());
            assert_eq!(t.id, "z");
            assert!(to_json(&t).is_ok());
        }
        for body in ["[]", "null", "\"x\"", "{\"data\": null}", "{\"erro\": \"x\"}", "{\"idchamado\": [1]}"] {
            assert_eq!(err(200, body).kind, ErrorKind::Decode, "{body}");
        }
    }

    #[test]
    fn error_kinds() {
        let e = err(401, r#"{"erro":true,"mensagem":"Token inválido"}"#);
        assert_eq!((e.kind, e.status, e.server_message.as_deref()), (ErrorKind::Unauthorized, Some(401), Some("Token inválido")));
        assert_eq!(e.endpoint.as_deref(), Some(ENDPOINT));
        assert_eq!(err(404, r#"{"erro":true,"message":"Chamado não encontrado"}"#).kind, ErrorKind::NotFound);
        assert_eq!(err(200, r#"{"erro":true,"mensagem":"Chamado não encontrado"}"#).kind, ErrorKind::NotFound);
        assert_eq!(err(429, "").kind, ErrorKind::RateLimited);
        assert_eq!(err(500, "<html>oops</html>").kind, ErrorKind::Server);
        let html = err(200, "<!DOCTYPE html><html><body>Manutenção</body></html>");
        assert_eq!(html.kind, ErrorKind::Decode);
        assert!(html.message.contains("HTML"), "{}", html.message);
        assert_eq!(err(200, "").kind, ErrorKind::Decode);
        assert_eq!(err(200, "   ").kind, ErrorKind::Decode);
        let api = err(200, r#"{"erro":true,"mensagem":"Token sem permissão","idchamado":"x"}"#);
        assert_eq!((api.kind, api.server_message.as_deref()), (ErrorKind::Api, Some("Token sem permissão")));
        assert_eq!(err(200, r#"{"erro":"1","message":"Falhou"}"#).kind, ErrorKind::Api);
    }

    /// `cargo test --release --lib -- --ignored --nocapture decode_timing`: text → tape → typed
    /// ticket → JSON text, for the 200-entry sample.
    #[test]
    #[ignore]
    fn decode_timing() {
        for live in [false, true] {
            let body = sample_ticket_json(200, live);
            let run = |k: usize| (0..k).map(|_| decode_to_json(&body).len()).sum::<usize>();
            run(200);
            let mut best = f64::MAX;
            for _ in 0..7 {
                let t0 = std::time::Instant::now();
                assert!(run(500) > 0);
                best = best.min(t0.elapsed().as_secs_f64() * 1e6 / 500.0);
            }
            let parse_only = {
                let t0 = std::time::Instant::now();
                for _ in 0..500 {
                    std::hint::black_box(Doc::parse(&body).map(|d| d.root().len()).ok());
                }
                t0.elapsed().as_secs_f64() * 1e6 / 500.0
            };
            println!(
                "{} shape, {} bytes: {best:.1} µs per decode to JSON text (Doc::parse alone ≈ {parse_only:.1} µs)",
                if live { "live" } else { "documented" },
                body.len()
            );
        }
    }
}
