//! Legacy `GET /chamado/{token}/{ticket_id}`: read one ticket, with every documented field.
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
//! - **Custom field values** keep the JSON type the server sent ([`serde_json::Value`], declared
//!   as `JsonValue`): a string stays a string (even `""`), a number stays a number, absent is `null`.
//! - **`message`**: in the documented flat shape the ticket's `mensagem` shares its key with the
//!   envelope's `mensagem`; the ticket field wins (there is only one key). When the ticket is
//!   nested under `data`, `data.mensagem` is read, and `data.message` as a fallback; a top-level
//!   `message` is the envelope's and is never taken as the ticket's message.
use serde::Serialize;
use serde_json::{Map, Value};
use tsify::Tsify;

use super::envelope::{self, RawResponse};
use super::error::{Error, ErrorKind};
use super::http::{Auth, EncodedRequest, Endpoint, Family, Method, Segment};
use super::input::Reader;
use super::issue::Issue;
use super::lenient::{value_bool, value_int, value_string, Obj};
use super::rules;

/// Sanity limit for `ticketId` (real ids have 32 characters).
pub const TICKET_ID_MAX_CHARS: u32 = 64;

/// The endpoint as printed in errors when the concrete id is not known.
pub const TICKET_ENDPOINT_DISPLAY: &str = "GET /chamado/***/{ticketId}";

// ---------------------------------------------------------------------------------------------
// Input

/// Which ticket to read, and what to include.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct TicketQuery {
    /// The ticket's id (32-char hex in TomTicket). Not the protocol number.
    pub ticket_id: String,
    /// Include the timed intervals (`stopwatch`). Default false.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub include_stopwatch: Option<bool>,
    /// Include the tickets escalated from this one (`escalatedTickets`). Default false.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub include_escalated_tickets: Option<bool>,
}

/// Reads and validates a `TicketQuery`; every issue at once.
pub fn parse_ticket_query(input: &Value) -> Result<TicketQuery, Vec<Issue>> {
    let mut r = Reader::new(input, "TicketQuery");
    let ticket_id = r.string("ticketId");
    let include_stopwatch = r.boolean("includeStopwatch");
    let include_escalated_tickets = r.boolean("includeEscalatedTickets");
    let type_ok = input.is_object() && (!r.has("ticketId") || ticket_id.is_some() || input.get("ticketId").is_some_and(Value::is_null));
    let mut issues = r.finish();
    // A wrong type was already reported by the reader: do not also call it missing.
    let id = if type_ok { rules::required(&mut issues, "ticketId", ticket_id.as_deref()) } else { None };
    if let Some(id) = id {
        rules::path_value(&mut issues, "ticketId", id);
        rules::max_chars(&mut issues, "ticketId", id, TICKET_ID_MAX_CHARS);
    }
    let query = TicketQuery { ticket_id: ticket_id.unwrap_or_default(), include_stopwatch, include_escalated_tickets };
    issues.finish(query)
}

/// Every issue of a `TicketQuery` (empty = valid).
pub fn validate_ticket_query(input: &Value) -> Vec<Issue> {
    parse_ticket_query(input).err().unwrap_or_default()
}

/// What `getTicket` would send, token redacted.
pub fn encode_ticket_query(input: &Value) -> Result<EncodedRequest, Error> {
    parse_ticket_query(input).map(|q| q.endpoint().preview()).map_err(Error::validation)
}

impl TicketQuery {
    /// `GET /chamado/{token}/{ticketId}[?stopwatch=1][&show_staggered_tickets=1]`.
    pub fn endpoint(&self) -> Endpoint {
        let mut query = Vec::new();
        if self.include_stopwatch == Some(true) {
            query.push(("stopwatch".to_owned(), "1".to_owned()));
        }
        if self.include_escalated_tickets == Some(true) {
            query.push(("show_staggered_tickets".to_owned(), "1".to_owned()));
        }
        Endpoint {
            method: Method::Get,
            segments: vec![Segment::Lit("chamado"), Segment::Token, Segment::Value(self.ticket_id.clone())],
            query,
            form: None,
            auth: Auth::InPath,
            family: Family::Legacy,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Output

/// One ticket, as read by `getTicket`. See the module notes for null/empty rules.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Ticket {
    /// The ticket's id (32-char hex). Always present.
    pub id: String,
    /// The protocol number shown to people, as text (the live API sends a number).
    pub protocol: Option<String>,
    pub subject: Option<String>,
    /// The customer's opening message (HTML as sent).
    pub message: Option<String>,
    pub customer: TicketCustomer,
    pub organization_name: Option<String>,
    pub priority: Option<TicketPriority>,
    #[serde(rename = "type")]
    pub kind: Option<TicketType>,
    /// Seconds worked on the ticket.
    pub worked_seconds: Option<i64>,
    /// Seconds since the ticket was opened.
    pub open_seconds: Option<i64>,
    pub created_at: Option<String>,
    /// When the ticket must be closed.
    pub deadline: Option<String>,
    pub first_response_at: Option<String>,
    pub closed_at: Option<String>,
    pub last_situation_at: Option<String>,
    pub last_status_at: Option<String>,
    pub pricing: TicketPricing,
    pub evaluation: TicketEvaluation,
    pub last_situation: Option<TicketSituation>,
    /// The server's text for the last situation (e.g. "Finalizada").
    pub last_situation_description: Option<String>,
    pub sla: TicketSla,
    pub category: Option<String>,
    pub department: Option<String>,
    /// Name of the agent responsible for the ticket.
    pub agent: Option<String>,
    /// Name of the ticket's current status.
    pub status: Option<String>,
    /// The parent's id when this ticket was escalated from another one; else null.
    pub parent_ticket_id: Option<String>,
    /// Files attached when the ticket was opened.
    pub attachments: Vec<TicketAttachment>,
    /// Every reply by the customer and the agents, in the server's order.
    pub history: Vec<TicketHistoryEntry>,
    /// Custom fields filled when the ticket was opened.
    pub custom_fields: Vec<TicketCustomField>,
    /// Custom fields filled when the ticket was closed.
    pub closing_custom_fields: Vec<TicketClosingField>,
    pub status_history: Vec<TicketStatusChange>,
    /// Timed intervals; null unless requested with `includeStopwatch` (and sent).
    pub stopwatch: Option<Vec<StopwatchEntry>>,
    /// Tickets escalated from this one; null unless requested with `includeEscalatedTickets`.
    pub escalated_tickets: Option<Vec<EscalatedTicket>>,
}

#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct TicketCustomer {
    pub name: Option<String>,
    pub email: Option<String>,
    /// The customer's internal id.
    pub id: Option<String>,
}

/// Money of the ticket, as numbers in the account's currency.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct TicketPricing {
    #[tsify(type = "number | null")]
    pub hourly_rate: Option<serde_json::Number>,
    #[tsify(type = "number | null")]
    pub overtime_hourly_rate: Option<serde_json::Number>,
    /// Final value of the regular hours.
    #[tsify(type = "number | null")]
    pub total: Option<serde_json::Number>,
    /// Final value of the overtime hours.
    #[tsify(type = "number | null")]
    pub overtime_total: Option<serde_json::Number>,
    /// `total + overtimeTotal`, as computed by TomTicket.
    #[tsify(type = "number | null")]
    pub gross_total: Option<serde_json::Number>,
}

/// The customer's evaluation; every member is null when the ticket was not evaluated.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct TicketEvaluation {
    /// Whether the customer said the problem was solved.
    pub problem_solved: Option<bool>,
    pub rating: Option<EvaluationRating>,
    pub comment: Option<String>,
}

#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct TicketSla {
    /// The first-response ("inicialização") SLA.
    pub first_response: SlaStatus,
    /// The deadline SLA.
    pub deadline: SlaStatus,
}

/// Outcome of one SLA. `"noSla"`: the ticket has no such SLA defined.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum SlaStatus {
    Met,
    Missed,
    NoSla,
    Unknown(String),
}

#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum TicketPriority {
    Low,
    Normal,
    High,
    Urgent,
    Unknown(String),
}

/// `internal`: created between agents; `external`: opened by a customer.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum TicketType {
    Internal,
    External,
    Unknown(String),
}

#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum EvaluationRating {
    Excellent,
    Good,
    Average,
    Poor,
    Terrible,
    Unknown(String),
}

/// The last thing that happened to the ticket.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum TicketSituation {
    AcceptedByAgent,
    AnsweredByAgent,
    AnsweredByCustomer,
    Cancelled,
    Finished,
    AgentChanged,
    SentToSupportTeam,
    Unknown(String),
}

/// Who wrote a history entry.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum MessageOrigin {
    Customer,
    Agent,
    Unknown(String),
}

#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct TicketAttachment {
    pub name: Option<String>,
    /// Download URL.
    pub url: Option<String>,
    pub size_bytes: Option<i64>,
    /// Only the live API sends it (undocumented); null otherwise.
    pub mime_type: Option<String>,
}

#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct TicketHistoryEntry {
    pub id: Option<String>,
    pub from: Option<MessageOrigin>,
    pub message: Option<String>,
    /// The agent's name when an agent wrote it.
    pub agent: Option<String>,
    /// When the reply was sent.
    pub at: Option<String>,
    /// Start of the work the agent logged for this reply (date, or a time of day `HH:MM:SS`).
    pub started_at: Option<String>,
    /// End of the logged work (date, or a time of day `HH:MM:SS`).
    pub ended_at: Option<String>,
    pub attachments: Vec<TicketAttachment>,
}

#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct TicketCustomField {
    pub id: Option<String>,
    pub label: Option<String>,
    /// The value with the JSON type the server sent (null when absent).
    #[tsify(type = "JsonValue")]
    pub value: Value,
}

#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct TicketClosingField {
    pub label: Option<String>,
    /// The value with the JSON type the server sent (null when absent).
    #[tsify(type = "JsonValue")]
    pub value: Value,
}

#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct TicketStatusChange {
    pub id: Option<String>,
    /// The status name.
    pub status: Option<String>,
    pub comment: Option<String>,
    /// Agent who set the status.
    pub started_by: Option<String>,
    /// Agent who ended it (null while it is the current status).
    pub ended_by: Option<String>,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
}

#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct StopwatchEntry {
    pub id: Option<String>,
    pub start: Option<String>,
    /// Null while the stopwatch is running.
    pub end: Option<String>,
    /// true: added by hand; false: recorded by the stopwatch.
    pub created_manually: Option<bool>,
    /// The agent who created the interval.
    pub operator: Option<String>,
}

#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct EscalatedTicket {
    pub protocol: Option<String>,
    pub id: Option<String>,
    pub subject: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// Status + body of `GET /chamado/…` → the ticket, or a typed error.
pub fn decode_ticket(resp: RawResponse<'_>) -> Result<Ticket, Error> {
    let top = envelope::decode(Family::Legacy, resp, TICKET_ENDPOINT_DISPLAY)?;
    let (payload, nested) = match find_payload(&top) {
        Some(found) => found,
        None => {
            let server = top.get("mensagem").or_else(|| top.get("message")).and_then(value_string);
            return Err(Error::new(
                ErrorKind::Decode,
                "expected a ticket in the response: an object with `idchamado`, flat beside `erro` or under `data`",
            )
            .with_status(resp.status)
            .with_server_message(server)
            .with_endpoint(TICKET_ENDPOINT_DISPLAY));
        }
    };
    Ok(ticket_from(Obj(payload), nested))
}

/// The object that carries the ticket, and whether it is nested (under `data`).
fn find_payload(top: &Map<String, Value>) -> Option<(&Map<String, Value>, bool)> {
    let has_id = |m: &Map<String, Value>| m.get("idchamado").and_then(value_string).is_some();
    let preferred = envelope::legacy_payload(top);
    let nested_array = match top.get("data") {
        Some(Value::Array(a)) if a.len() == 1 => a.first().and_then(Value::as_object),
        _ => None,
    };
    [Some(preferred), nested_array, Some(top)]
        .into_iter()
        .flatten()
        .find(|m| has_id(m))
        .map(|m| (m, !std::ptr::eq(m, top)))
}

fn ticket_from(o: Obj<'_>, nested: bool) -> Ticket {
    let message = o.string("mensagem").or_else(|| if nested { o.string("message") } else { None });
    Ticket {
        id: o.string("idchamado").unwrap_or_default(),
        protocol: o.string("protocolo"),
        subject: o.string("titulo"),
        message,
        customer: TicketCustomer { name: o.string("nomecliente"), email: o.string("email_cliente"), id: o.string("id_cliente") },
        organization_name: o.string("nomeorganizacao"),
        priority: o.raw("prioridade").and_then(priority),
        kind: o.raw("tipochamado").and_then(ticket_type),
        worked_seconds: duration(&o, "tempotrabalho"),
        open_seconds: duration(&o, "tempoabertura"),
        created_at: o.date("data_criacao"),
        deadline: o.date("deadline"),
        first_response_at: o.date("dataprimeiraresposta"),
        closed_at: o.date("dataencerramento"),
        last_situation_at: o.date("dataultimasituacao"),
        last_status_at: o.date("dataultimostatus"),
        pricing: TicketPricing {
            hourly_rate: o.decimal("valoritemhora"),
            overtime_hourly_rate: o.decimal("valoritemhoraextra"),
            total: o.decimal("valorfinal"),
            overtime_total: o.decimal("valorfinalextra"),
            gross_total: o.decimal("valorfinalbruto"),
        },
        evaluation: TicketEvaluation {
            problem_solved: o.boolean("avaliadoproblemaresolvido"),
            rating: o.raw("avaliadoatendimento").and_then(rating),
            comment: o.string("avaliacaocomentario"),
        },
        last_situation: o.raw("ultimasituacao").and_then(situation),
        last_situation_description: o.string("descsituacao"),
        sla: TicketSla { first_response: sla(o.raw("sla_inicializacao_cumprido")), deadline: sla(o.raw("sla_deadline_cumprido")) },
        category: o.string("categoria"),
        department: o.string("departamento"),
        agent: o.string("atendente"),
        status: o.string("status"),
        parent_ticket_id: o.string("parent_ticket_id"),
        attachments: attachments(&o),
        history: list(&o, "historico").map(history_entry).collect(),
        custom_fields: list(&o, "campospersonalizados")
            .map(|f| TicketCustomField { id: f.string("id"), label: f.string("label"), value: json_value(&f, "value") })
            .collect(),
        closing_custom_fields: list(&o, "campospersonalizados_finalizados")
            .map(|f| TicketClosingField { label: f.string("label"), value: json_value(&f, "value") })
            .collect(),
        status_history: list(&o, "historico_status")
            .map(|s| TicketStatusChange {
                id: s.string("id"),
                status: s.string("status"),
                comment: s.string("comentario"),
                started_by: s.string("atendente_inicio"),
                ended_by: s.string("atendente_fim"),
                started_at: s.date("inicio"),
                ended_at: s.date("fim"),
            })
            .collect(),
        stopwatch: o.raw("stopwatch").map(|_| {
            list(&o, "stopwatch")
                .map(|w| StopwatchEntry {
                    id: w.string("id"),
                    start: w.date("start"),
                    end: w.date("end"),
                    created_manually: w.boolean("created_manually"),
                    operator: w.string("operator"),
                })
                .collect()
        }),
        escalated_tickets: o.raw("staggered_tickets").map(|_| {
            list(&o, "staggered_tickets")
                .map(|s| EscalatedTicket { protocol: s.string("protocolo"), id: s.string("idchamado"), subject: s.string("titulo") })
                .collect()
        }),
    }
}

fn history_entry(h: Obj<'_>) -> TicketHistoryEntry {
    TicketHistoryEntry {
        id: h.string("id"),
        from: h.raw("origem").and_then(origin),
        message: h.string("mensagem"),
        agent: h.string("atendente"),
        at: h.date("data_hora"),
        started_at: date_or_time(&h, "hora_inicio"),
        ended_at: date_or_time(&h, "hora_fim"),
        attachments: attachments(&h),
    }
}

fn attachments(o: &Obj<'_>) -> Vec<TicketAttachment> {
    list(o, "anexos")
        .map(|a| TicketAttachment {
            name: a.string("nome"),
            url: a.string("url"),
            size_bytes: safe(a.int("tamanhobytes")),
            mime_type: a.string("mimetype").or_else(|| a.string("mime_type")),
        })
        .collect()
}

/// The objects of a list. Also accepts PHP's object-shaped list (`{"0": {...}, "1": {...}}`).
fn list<'a>(o: &Obj<'a>, key: &str) -> impl Iterator<Item = Obj<'a>> + 'a {
    let items: Box<dyn Iterator<Item = &'a Value> + 'a> = match o.raw(key) {
        Some(Value::Array(a)) => Box::new(a.iter()),
        Some(Value::Object(m)) if m.values().all(Value::is_object) => Box::new(m.values()),
        _ => Box::new(std::iter::empty()),
    };
    items.filter_map(Obj::from_value)
}

/// A custom-field value as sent (any JSON type); absent → `null`.
fn json_value(o: &Obj<'_>, key: &str) -> Value {
    o.0.get(key).cloned().unwrap_or(Value::Null)
}

const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

/// Integers JS can hold exactly; anything larger is unreadable rather than silently wrong.
fn safe(n: Option<i64>) -> Option<i64> {
    n.filter(|n| (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(n))
}

/// Seconds: `9000`, `"9000"`, or `"H…H:MM[:SS]"`.
fn duration(o: &Obj<'_>, key: &str) -> Option<i64> {
    let v = o.raw(key)?;
    if let Some(n) = safe(value_int(v)) {
        return Some(n);
    }
    let s = v.as_str()?.trim();
    let mut parts = s.split(':');
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
fn date_or_time(o: &Obj<'_>, key: &str) -> Option<String> {
    if let Some(Value::String(s)) = o.raw(key) {
        if let Some(t) = time_of_day(s.trim()) {
            return Some(t);
        }
    }
    o.date(key)
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

/// The code as trimmed text (numbers become their text); `None` for `""` and non-scalars.
fn code_text(v: &Value) -> Option<String> {
    value_string(v).map(|s| s.trim().to_owned())
}

/// A numeric code: `3`, `3.0`, `"3"`.
fn code_number(v: &Value) -> Option<i64> {
    match v {
        Value::Number(_) | Value::String(_) => value_int(v),
        _ => None,
    }
}

fn priority(v: &Value) -> Option<TicketPriority> {
    let text = code_text(v)?;
    let known = match code_number(v) {
        Some(1) => Some(TicketPriority::Low),
        Some(2) => Some(TicketPriority::Normal),
        Some(3) => Some(TicketPriority::High),
        Some(4) => Some(TicketPriority::Urgent),
        Some(_) => None,
        None => match super::lenient::fold_case(&text).as_str() {
            "baixa" | "baixo" | "low" => Some(TicketPriority::Low),
            "normal" | "média" | "media" | "medium" => Some(TicketPriority::Normal),
            "alta" | "alto" | "high" => Some(TicketPriority::High),
            "urgente" | "urgent" => Some(TicketPriority::Urgent),
            _ => None,
        },
    };
    Some(known.unwrap_or(TicketPriority::Unknown(text)))
}

fn ticket_type(v: &Value) -> Option<TicketType> {
    let text = code_text(v)?;
    let known = match super::lenient::fold_case(&text).as_str() {
        "i" | "interno" | "interna" | "internal" => Some(TicketType::Internal),
        "e" | "externo" | "externa" | "external" => Some(TicketType::External),
        _ => None,
    };
    Some(known.unwrap_or(TicketType::Unknown(text)))
}

fn rating(v: &Value) -> Option<EvaluationRating> {
    let text = code_text(v)?;
    let known = match super::lenient::fold_case(&text).as_str() {
        "o" | "ótimo" | "otimo" | "excellent" => Some(EvaluationRating::Excellent),
        "b" | "bom" | "good" => Some(EvaluationRating::Good),
        "m" | "regular" | "average" => Some(EvaluationRating::Average),
        "r" | "ruim" | "poor" => Some(EvaluationRating::Poor),
        "p" | "péssimo" | "pessimo" | "terrible" => Some(EvaluationRating::Terrible),
        _ => None,
    };
    Some(known.unwrap_or(EvaluationRating::Unknown(text)))
}

fn situation(v: &Value) -> Option<TicketSituation> {
    let text = code_text(v)?;
    let known = match code_number(v) {
        Some(1) => Some(TicketSituation::AcceptedByAgent),
        Some(2) => Some(TicketSituation::AnsweredByAgent),
        Some(3) => Some(TicketSituation::AnsweredByCustomer),
        Some(4) => Some(TicketSituation::Cancelled),
        Some(5) => Some(TicketSituation::Finished),
        Some(6) => Some(TicketSituation::AgentChanged),
        Some(7) => Some(TicketSituation::SentToSupportTeam),
        _ => None,
    };
    Some(known.unwrap_or(TicketSituation::Unknown(text)))
}

fn origin(v: &Value) -> Option<MessageOrigin> {
    let text = code_text(v)?;
    let known = match super::lenient::fold_case(&text).as_str() {
        "c" | "cliente" | "customer" => Some(MessageOrigin::Customer),
        "a" | "atendente" | "agent" => Some(MessageOrigin::Agent),
        _ => None,
    };
    Some(known.unwrap_or(MessageOrigin::Unknown(text)))
}

/// `true`/`false` in any spelling; `null`, absent and `""` mean "no SLA defined".
fn sla(v: Option<&Value>) -> SlaStatus {
    let Some(v) = v else { return SlaStatus::NoSla };
    match value_bool(v) {
        Some(true) => SlaStatus::Met,
        Some(false) => SlaStatus::Missed,
        None => match code_text(v) {
            None => SlaStatus::NoSla,
            Some(text) => SlaStatus::Unknown(text),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Sample data (benchmarks, wasm tests, native tests)

/// A realistic `GET /chamado` response body with `history_len` history entries (each with one or
/// two attachments), stopwatch and escalated tickets included.
///
/// `live_shape: false` is the documented shape (flat beside `erro`, `YYYY-MM-DD HH:MM:SS` dates,
/// codes as documented). `live_shape: true` has the live API's deviations: ticket under `data`,
/// envelope `message`, `dd/mm/yyyy HH:MM` dates, `protocolo`/`ultimasituacao` as numbers,
/// `tipochamado: "Externo"`, money as `"150,50"`, numbers as strings, `""` for nulls, `mimetype`
/// on attachments. Ticket id: `8f14e45fceea167a5a36dedd4bea2543`.
pub fn sample_ticket_json(history_len: usize, live_shape: bool) -> String {
    use serde_json::json;
    let live = live_shape;
    let id = SAMPLE_TICKET_ID;
    // Minutes after 2023-11-02 00:00 → a date in November 2023 (wrapping inside the month).
    let date = |minutes: usize| -> String {
        let day = 2 + (minutes / 1440) % 27;
        let h = (minutes / 60) % 24;
        let m = minutes % 60;
        if live {
            format!("{day:02}/11/2023 {h:02}:{m:02}")
        } else {
            format!("2023-11-{day:02} {h:02}:{m:02}:00")
        }
    };
    let null_text = || if live { json!("") } else { Value::Null };
    let money = |v: f64| if live { json!(format!("{v:.2}").replace('.', ",")) } else { json!(v) };
    let int = |n: u64| if live { json!(n.to_string()) } else { json!(n) };
    let att = |name: &str, size: u64, mime: &str| {
        let mut a = json!({
            "nome": name,
            "url": format!("https://anexos.tomticket.example/{id}/{name}"),
            "tamanhobytes": size,
        });
        if live {
            if let Some(m) = a.as_object_mut() {
                m.insert("mimetype".into(), json!(mime));
            }
        }
        a
    };
    let start = 20 * 60 + 17;
    let history: Vec<Value> = (0..history_len)
        .map(|i| {
            let agent = i % 2 == 0;
            let at = start + 10 + i * 7;
            let mut files = vec![att(&format!("anexo-{i}.png"), 1000 + i as u64 * 37, "image/png")];
            if i % 3 == 0 {
                files.push(att(&format!("log-{i}.txt"), 512 + i as u64, "text/plain"));
            }
            json!({
                "id": format!("{:032x}", 0xa000_0000_u64 + i as u64),
                "origem": if agent { "A" } else { "C" },
                "mensagem": format!("<p>Resposta nº {i}: {}</p>", if agent { "estamos analisando o erro da NF-e." } else { "segue o arquivo solicitado 🙏" }),
                "atendente": if agent { json!("Carlos Andrade") } else { null_text() },
                "data_hora": date(at),
                "hora_inicio": if agent { json!(date(at - 5)) } else { null_text() },
                "hora_fim": if agent { json!(date(at)) } else { null_text() },
                "anexos": files,
            })
        })
        .collect();
    let ticket = json!({
        "idchamado": id,
        "protocolo": if live { json!(4821) } else { json!("4821") },
        "titulo": "Erro ao emitir nota fiscal — módulo financeiro",
        "mensagem": "<p>Olá, ao emitir a NF-e o sistema retorna <b>erro 500</b>. Poderiam verificar? 🙏</p>",
        "nomecliente": "Maria Silva",
        "email_cliente": "maria.silva@acme.com.br",
        "id_cliente": "cli-001",
        "nomeorganizacao": "ACME Brasil Ltda",
        "prioridade": 3,
        "tipochamado": if live { "Externo" } else { "E" },
        "tempotrabalho": int(9000),
        "tempoabertura": int(247_460),
        "data_criacao": date(start),
        "deadline": date(start + 2 * 1440),
        "valoritemhora": money(150.5),
        "valoritemhoraextra": money(225.75),
        "valorfinal": money(376.25),
        "valorfinalextra": money(112.88),
        "valorfinalbruto": money(489.13),
        "avaliadoproblemaresolvido": if live { "1" } else { "S" },
        "avaliadoatendimento": "O",
        "avaliacaocomentario": "Atendimento rápido e eficiente!",
        "dataprimeiraresposta": date(start + 14),
        "dataencerramento": date(start + 1200),
        "ultimasituacao": if live { json!(5) } else { json!("5") },
        "dataultimasituacao": date(start + 1200),
        "sla_inicializacao_cumprido": true,
        "sla_deadline_cumprido": null_text(),
        "descsituacao": "Finalizada",
        "categoria": "Financeiro",
        "departamento": "Suporte Técnico",
        "atendente": "Carlos Andrade",
        "status": "Resolvido",
        "dataultimostatus": date(start + 1190),
    });
    let lists = json!({
        "anexos": [att("print-erro.png", 48_213, "image/png"), att("log nf-e.txt", 1024, "text/plain")],
        "historico": history,
        "campospersonalizados": [
            {"id": "e1f2a3b4c5d6e7f8091a2b3c4d5e6f71", "label": "Número da NF-e", "value": "000123456"},
            {"id": "e1f2a3b4c5d6e7f8091a2b3c4d5e6f72", "label": "Ambiente", "value": "Produção"},
        ],
        "campospersonalizados_finalizados": [
            {"label": "Causa raiz", "value": "Certificado digital expirado"},
        ],
        "historico_status": [
            {"id": "5a0000000000000000000000000000s1", "status": "Em análise", "comentario": "Verificando logs",
             "atendente_inicio": "Carlos Andrade", "atendente_fim": "Carlos Andrade",
             "inicio": date(start + 14), "fim": date(start + 780)},
            {"id": "5a0000000000000000000000000000s2", "status": "Resolvido", "comentario": null_text(),
             "atendente_inicio": "Beatriz Lima", "atendente_fim": null_text(),
             "inicio": date(start + 1190), "fim": null_text()},
        ],
        "stopwatch": [
            {"id": "7c0000000000000000000000000000w1", "start": date(start + 730), "end": date(start + 775),
             "created_manually": false, "operator": "Carlos Andrade"},
            {"id": "7c0000000000000000000000000000w2", "start": date(start + 1000), "end": null_text(),
             "created_manually": true, "operator": "Beatriz Lima"},
        ],
        "staggered_tickets": [
            {"protocolo": if live { json!(4823) } else { json!("4823") }, "idchamado": "c4f5e6d7a8b9c0d1e2f3a4b5c6d7e8f9",
             "titulo": "[Escalonado] Renovar certificado digital do emissor"},
        ],
        "parent_ticket_id": null_text(),
    });
    let mut ticket = ticket;
    if let (Some(t), Value::Object(more)) = (ticket.as_object_mut(), lists) {
        t.extend(more);
    }
    let body = if live {
        json!({"erro": false, "message": "Chamado encontrado", "data": ticket})
    } else {
        let mut top = Map::new();
        top.insert("erro".into(), json!(false));
        if let Value::Object(fields) = ticket {
            top.extend(fields);
        }
        Value::Object(top)
    };
    serde_json::to_string(&body).unwrap_or_default()
}

/// The id of the ticket in [`sample_ticket_json`].
pub const SAMPLE_TICKET_ID: &str = "8f14e45fceea167a5a36dedd4bea2543";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::issue::IssueCode;
    use serde_json::json;

    fn ok(status: u16, body: &str) -> Ticket {
        match decode_ticket(RawResponse { status, body, retry_after: None }) {
            Ok(t) => t,
            Err(e) => panic!("decode failed: {e:?}\n{body}"),
        }
    }
    fn err(status: u16, body: &str) -> Error {
        decode_ticket(RawResponse { status, body, retry_after: None }).expect_err("should fail")
    }
    /// A minimal flat ticket with `extra` fields merged in.
    fn with(extra: Value) -> Ticket {
        let mut m = Map::new();
        m.insert("erro".into(), json!(false));
        m.insert("idchamado".into(), json!("abc"));
        if let Value::Object(e) = extra {
            m.extend(e);
        }
        ok(200, &Value::Object(m).to_string())
    }
    fn issues(v: Value) -> Vec<(String, IssueCode, Option<u32>, Option<u32>)> {
        validate_ticket_query(&v).into_iter().map(|i| (i.field, i.code, i.limit, i.actual)).collect()
    }

    // ---- input ------------------------------------------------------------------------------

    const ID: &str = "8f14e45fceea167a5a36dedd4bea2543";

    #[test]
    fn query_minimal_builds_the_legacy_get() {
        let q = parse_ticket_query(&json!({"ticketId": ID})).unwrap();
        assert_eq!(q, TicketQuery { ticket_id: ID.into(), include_stopwatch: None, include_escalated_tickets: None });
        let ep = q.endpoint();
        assert_eq!(ep.method, Method::Get);
        assert_eq!(ep.segments, vec![Segment::Lit("chamado"), Segment::Token, Segment::Value(ID.into())]);
        assert!(ep.query.is_empty());
        assert_eq!(ep.form, None);
        assert_eq!(ep.auth, Auth::InPath);
        assert_eq!(ep.family, Family::Legacy);
        assert_eq!(ep.display(), format!("GET /chamado/***/{ID}"));
    }

    #[test]
    fn query_flags_are_sent_only_when_true() {
        let q = parse_ticket_query(&json!({"ticketId": ID, "includeStopwatch": true, "includeEscalatedTickets": true})).unwrap();
        assert_eq!(q.endpoint().display_path(), format!("/chamado/***/{ID}?stopwatch=1&show_staggered_tickets=1"));
        let q = parse_ticket_query(&json!({"ticketId": ID, "includeEscalatedTickets": true})).unwrap();
        assert_eq!(q.endpoint().display_path(), format!("/chamado/***/{ID}?show_staggered_tickets=1"));
        let q = parse_ticket_query(&json!({"ticketId": ID, "includeStopwatch": true, "includeEscalatedTickets": false})).unwrap();
        assert_eq!(q.endpoint().query, vec![("stopwatch".to_owned(), "1".to_owned())]);
        for off in [json!({"ticketId": ID, "includeStopwatch": false, "includeEscalatedTickets": false}), json!({"ticketId": ID, "includeStopwatch": null})] {
            assert!(parse_ticket_query(&off).unwrap().endpoint().query.is_empty(), "{off}");
        }
    }

    #[test]
    fn query_id_other_formats_are_accepted_and_percent_encoded() {
        let q = parse_ticket_query(&json!({"ticketId": "a/b?c#d%e ção"})).unwrap();
        assert_eq!(q.endpoint().display_path(), "/chamado/***/a%2Fb%3Fc%23d%25e%20%C3%A7%C3%A3o");
        assert!(validate_ticket_query(&json!({"ticketId": "4821"})).is_empty());
        assert!(validate_ticket_query(&json!({"ticketId": "x".repeat(64)})).is_empty());
        assert!(validate_ticket_query(&json!({"ticketId": "😀".repeat(64)})).is_empty(), "64 characters, not bytes");
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
        let e = encode_ticket_query(&json!({"ticketId": "", "x": 1})).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Validation);
        assert_eq!(e.issues.len(), 2);
    }

    #[test]
    fn query_not_an_object() {
        for v in [json!("abc"), json!(null), json!([ID]), json!(5)] {
            let got = issues(v.clone());
            assert_eq!(got.first().map(|i| (i.0.as_str(), i.1)), Some(("", IssueCode::InvalidType)), "{v}");
        }
    }

    #[test]
    fn encode_previews_without_token() {
        let r = encode_ticket_query(&json!({"ticketId": ID, "includeStopwatch": true})).unwrap();
        assert_eq!(r.method, Method::Get);
        assert_eq!(r.path, format!("/chamado/***/{ID}?stopwatch=1"));
        assert_eq!(r.auth, crate::core::http::AuthPlacement::Path);
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

    /// Money as a number (tests only: the crate itself never parses floats).
    fn money(n: &Option<serde_json::Number>) -> Option<f64> {
        n.as_ref().map(|n| n.to_string().parse().unwrap())
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_owned())
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
        assert_eq!(
            t.custom_fields,
            vec![
                TicketCustomField { id: s("cf1"), label: s("Número da NF-e"), value: json!("000123456") },
                TicketCustomField { id: s("cf2"), label: s("Quantidade"), value: json!(3) },
                TicketCustomField { id: s("cf3"), label: s("Opções"), value: json!(["a", "b"]) },
            ]
        );
        assert_eq!(t.closing_custom_fields, vec![TicketClosingField { label: s("Causa raiz"), value: json!("Certificado expirado") }]);
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
    fn serializes_with_english_camel_case_names_and_nulls() {
        let v = serde_json::to_value(ok(200, DOCUMENTED)).unwrap();
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
        let unknown = serde_json::to_value(with(json!({"prioridade": 9}))).unwrap();
        assert_eq!(unknown["priority"], json!({"unknown": "9"}));
        assert_eq!(unknown["sla"], json!({"firstResponse": "noSla", "deadline": "noSla"}));
        assert_eq!(unknown["stopwatch"], Value::Null);
        assert_eq!(unknown["history"], json!([]));
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
        for decl in [
            Ticket::DECL,
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
        ] {
            assert!(!decl.contains("undefined") && !decl.contains("?:"), "{decl}");
        }
        assert!(Ticket::DECL.contains("parentTicketId: string | null"), "{}", Ticket::DECL);
        assert_eq!(TicketPriority::DECL, r#"export type TicketPriority = "low" | "normal" | "high" | "urgent" | { unknown: string };"#);
    }

    // ---- live deviations --------------------------------------------------------------------

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
        assert_eq!(t.custom_fields[0].value, json!(""), "custom field values are kept as sent");
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
        assert_eq!((t.id.as_str(), t.message), ("x1", None));
        // Nested: `data.message` is accepted as the ticket's message when `mensagem` is absent.
        let t = ok(200, r#"{"erro":false,"mensagem":"ok","data":{"idchamado":"x2","message":"<p>m</p>"}}"#);
        assert_eq!((t.id.as_str(), t.message.as_deref()), ("x2", Some("<p>m</p>")));
        // `data` as a one-element list.
        let t = ok(200, r#"{"erro":false,"data":[{"idchamado":"x3"}]}"#);
        assert_eq!(t.id, "x3");
        // `data` present but not the ticket: the flat ticket is used.
        let t = ok(200, r#"{"erro":false,"data":{"foo":1},"idchamado":"x4"}"#);
        assert_eq!(t.id, "x4");
        // No `erro` at all, id as a number.
        let t = ok(200, r#"{"idchamado":12345}"#);
        assert_eq!(t.id, "12345");
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
            assert_eq!(e.endpoint.as_deref(), Some(TICKET_ENDPOINT_DISPLAY));
        }
        assert_eq!(err(200, r#"{"erro":false,"mensagem":"Sem dados"}"#).server_message.as_deref(), Some("Sem dados"));
    }

    // ---- codes ------------------------------------------------------------------------------

    #[test]
    fn every_priority_code() {
        for (wire, want) in [
            (json!(1), TicketPriority::Low),
            (json!("2"), TicketPriority::Normal),
            (json!(3.0), TicketPriority::High),
            (json!(" 4 "), TicketPriority::Urgent),
            (json!("Urgente"), TicketPriority::Urgent),
            (json!("baixa"), TicketPriority::Low),
            (json!(9), TicketPriority::Unknown("9".into())),
            (json!("0"), TicketPriority::Unknown("0".into())),
            (json!("x"), TicketPriority::Unknown("x".into())),
        ] {
            assert_eq!(with(json!({"prioridade": wire})).priority, Some(want), "{wire}");
        }
        for none in [json!(""), json!(null), json!([]), json!({})] {
            assert_eq!(with(json!({"prioridade": none})).priority, None, "{none}");
        }
    }

    #[test]
    fn every_type_code() {
        for (wire, want) in [
            ("I", TicketType::Internal),
            ("i", TicketType::Internal),
            ("Interno", TicketType::Internal),
            ("INTERNO", TicketType::Internal),
            ("E", TicketType::External),
            ("Externo", TicketType::External),
            ("externo", TicketType::External),
            ("X", TicketType::Unknown("X".into())),
        ] {
            assert_eq!(with(json!({"tipochamado": wire})).kind, Some(want), "{wire}");
        }
        assert_eq!(with(json!({"tipochamado": ""})).kind, None);
    }

    #[test]
    fn every_rating_and_problem_solved_code() {
        for (wire, want) in [
            ("O", EvaluationRating::Excellent),
            ("B", EvaluationRating::Good),
            ("M", EvaluationRating::Average),
            ("R", EvaluationRating::Poor),
            ("P", EvaluationRating::Terrible),
            ("o", EvaluationRating::Excellent),
            ("Péssimo", EvaluationRating::Terrible),
            ("Z", EvaluationRating::Unknown("Z".into())),
        ] {
            assert_eq!(with(json!({"avaliadoatendimento": wire})).evaluation.rating, Some(want), "{wire}");
        }
        assert_eq!(with(json!({"avaliadoatendimento": 5})).evaluation.rating, Some(EvaluationRating::Unknown("5".into())));
        for (wire, want) in [
            (json!("S"), Some(true)),
            (json!("N"), Some(false)),
            (json!("1"), Some(true)),
            (json!(0), Some(false)),
            (json!(true), Some(true)),
            (json!(false), Some(false)),
            (json!(""), None),
            (json!(null), None),
            (json!("talvez"), None),
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
        let v = serde_json::to_value(&all).unwrap();
        assert_eq!(
            v,
            json!(["acceptedByAgent", "answeredByAgent", "answeredByCustomer", "cancelled", "finished", "agentChanged", "sentToSupportTeam"])
        );
    }

    #[test]
    fn every_origin_code() {
        for (wire, want) in [
            ("C", MessageOrigin::Customer),
            ("A", MessageOrigin::Agent),
            ("Cliente", MessageOrigin::Customer),
            ("atendente", MessageOrigin::Agent),
            ("S", MessageOrigin::Unknown("S".into())),
        ] {
            let t = with(json!({"historico": [{"origem": wire}]}));
            assert_eq!(t.history[0].from, Some(want), "{wire}");
        }
        assert_eq!(with(json!({"historico": [{"origem": ""}]})).history[0].from, None);
    }

    #[test]
    fn sla_null_true_false_and_odd_values() {
        for (wire, want) in [
            (json!(null), SlaStatus::NoSla),
            (json!(""), SlaStatus::NoSla),
            (json!(true), SlaStatus::Met),
            (json!(false), SlaStatus::Missed),
            (json!("1"), SlaStatus::Met),
            (json!(0), SlaStatus::Missed),
            (json!("S"), SlaStatus::Met),
            (json!("N"), SlaStatus::Missed),
            (json!("x"), SlaStatus::Unknown("x".into())),
            (json!(2), SlaStatus::Unknown("2".into())),
        ] {
            let t = with(json!({"sla_inicializacao_cumprido": wire, "sla_deadline_cumprido": wire}));
            assert_eq!(t.sla, TicketSla { first_response: want.clone(), deadline: want.clone() }, "{wire}");
        }
        assert_eq!(with(json!({})).sla, TicketSla { first_response: SlaStatus::NoSla, deadline: SlaStatus::NoSla }, "absent");
        let missed = serde_json::to_value(SlaStatus::Missed).unwrap();
        assert_eq!(missed, json!("missed"), "never a bare null or false");
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
        assert_eq!(t.closing_custom_fields, vec![TicketClosingField { label: s("L"), value: Value::Null }]);
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
        assert_eq!(duration(&Obj(&Map::new()), "x"), None);
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
                let r = decode_ticket(RawResponse { status: 200, body: &body[..i], retry_after: None });
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
            let _ = decode_ticket(RawResponse { status: 200, body: &text, retry_after: None });
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
        }
        for body in ["[]", "null", "\"x\"", "{\"data\": null}", "{\"erro\": \"x\"}", "{\"idchamado\": [1]}"] {
            assert_eq!(err(200, body).kind, ErrorKind::Decode, "{body}");
        }
    }

    #[test]
    fn error_kinds() {
        let e = err(401, r#"{"erro":true,"mensagem":"Token inválido"}"#);
        assert_eq!((e.kind, e.status, e.server_message.as_deref()), (ErrorKind::Unauthorized, Some(401), Some("Token inválido")));
        assert_eq!(e.endpoint.as_deref(), Some(TICKET_ENDPOINT_DISPLAY));
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
}
