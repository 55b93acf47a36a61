//! The v2 ticket calls: list (paged), detail, create with attachments, replies and the life
//! cycle. Decisions are in docs/v2-calls.md; the wire facts in the spec's v2-api.md.
//!
//! A v2 ticket decodes to the same [`Ticket`] as the legacy `getTicket`, field by field where
//! they mean the same; `departmentId`, `categoryId`, `agentId` and `tags` exist only here.
use std::borrow::Cow;

use tsify::Tsify;

use super::*;
use crate::core::attachment::Attachments;
use crate::core::calls::{Codec, Input};
use crate::core::dates::filter_date;
use crate::core::envelope::{self, Response};
use crate::core::error::{Error, ErrorKind};
use crate::core::fields::{self, optional_id, required_id_text, who, CustomerIdentifierType};
use crate::core::http::{Family, Request};
use crate::core::issue::IssueCode;
use crate::core::json::{Kind, Val};
use crate::core::page::{decode_page, paged_codec, Page};
use crate::core::read::{lenient_bool, lenient_int, Reader};

/// `department_id`, `status_id`, `category_id`, `operator_id` (the pages: String ≤ 512).
pub(crate) const ID_MAX_CHARS: u32 = 512;
/// `subject` (the legacy page's `titulo`).
pub(crate) const SUBJECT_MAX_CHARS: u32 = 250;
/// A message or comment: no documented cap that the live API enforces (it stored 20 000
/// characters); this bound keeps a runaway value from growing the wasm memory.
pub(crate) const MESSAGE_MAX_CHARS: u32 = 1_000_000;
/// `comment` of an evaluation.
pub(crate) const EVALUATION_COMMENT_MAX_CHARS: u32 = 4096;

// ---------------------------------------------------------------------------------------------
// Situation codes (filter input)

/// v2 situation codes as the filter takes them (`"notStarted"`, …; wire 0–9).
pub(crate) const SITUATIONS: &[(&str, &str)] = &[
    ("waitingForAgent", "0"),
    ("notStarted", "1"),
    ("answeredByAgent", "2"),
    ("answeredByCustomer", "3"),
    ("cancelled", "4"),
    ("finished", "5"),
    ("agentChanged", "6"),
    ("sentToSupportTeam", "7"),
    // The page gives 8 and 9 the same text: one name, both codes.
    ("waitingForManagerEvaluation", "8,9"),
];

fn id_text(r: &mut Reader<'_, '_, '_>) -> String {
    required_id_text(r, "ticketId", TICKET_ID_MAX_CHARS)
}

/// Text that may span lines (a message): required, ≤ [`MESSAGE_MAX_CHARS`].
fn required_message(r: &mut Reader<'_, '_, '_>, key: &'static str) -> String {
    match r.required_text(key) {
        Some(s) => {
            let field = r.field(key);
            crate::core::rules::max_chars(r.issues(), &field, &s, MESSAGE_MAX_CHARS);
            s.into_owned()
        }
        None => String::new(),
    }
}

fn push(q: &mut Vec<(String, String)>, k: &str, v: &str) {
    q.push((k.to_owned(), v.to_owned()));
}

fn form(request: &mut Request) -> &mut Vec<(String, String)> {
    request.form.get_or_insert_with(Vec::new)
}

/// A filter date: `…From` → start, `…To` → end (see [`filter_date`]).
pub(crate) fn date_param(r: &mut Reader<'_, '_, '_>, key: &'static str, end: bool) -> Option<String> {
    let v = r.text(key).filter(|s| !s.trim().is_empty())?;
    match filter_date(&v, end) {
        Ok(d) => Some(d),
        Err(why) => {
            let field = r.field(key);
            r.issues().push(&field, IssueCode::InvalidValue, format!("{field} must be {why} (got {v:?})"));
            None
        }
    }
}

/// `protocol` (exact: sent as min = max) or `minProtocol`/`maxProtocol`, as `min_protocol` and
/// `max_protocol` (ticket and chat lists).
pub(crate) fn protocol_range(r: &mut Reader<'_, '_, '_>, q: &mut Vec<(String, String)>) {
    let exact = protocol(r, "protocol");
    let min = protocol(r, "minProtocol");
    let max = protocol(r, "maxProtocol");
    if exact.is_some() && (r.given("minProtocol") || r.given("maxProtocol")) {
        let field = r.field("protocol");
        r.issues().push(&field, IssueCode::NotAllowed, "give protocol, or minProtocol/maxProtocol, not both");
    }
    if let (Some(a), Some(b)) = (min, max) {
        if a > b {
            let field = r.field("maxProtocol");
            r.issues().push(&field, IssueCode::InvalidValue, "maxProtocol must be ≥ minProtocol");
        }
    }
    if let Some(n) = exact.or(min) {
        push(q, "min_protocol", &n.to_string());
    }
    if let Some(n) = exact.or(max) {
        push(q, "max_protocol", &n.to_string());
    }
}

fn protocol(r: &mut Reader<'_, '_, '_>, key: &'static str) -> Option<i64> {
    let n = r.int(key)?;
    if n < 1 {
        let field = r.field(key);
        r.issues().push(&field, IssueCode::InvalidValue, format!("{field} must be a protocol number (≥ 1)"));
        return None;
    }
    Some(n)
}

// ---------------------------------------------------------------------------------------------
// listTickets

models! {
    [#[derive(Eq, Default)]]

    /// Which tickets to list. Every member is optional; see docs/v2-calls.md for the wire names.
    #[tsify(type = "{ customerId?: string; email?: string; situations?: TicketSituationCode[]; departmentId?: string | number; statusId?: string | number; categoryId?: string | number; createdFrom?: DateInput; createdTo?: DateInput; updatedFrom?: DateInput; updatedTo?: DateInput; lastSituationFrom?: DateInput; lastSituationTo?: DateInput; protocol?: number; minProtocol?: number; maxProtocol?: number; order?: \"asc\" | \"desc\"; orderBy?: \"protocol\" | \"creationDate\" | \"lastUpdate\" }")]
    pub struct TicketFilter {
        #[serde(skip)]
        customer: Option<(String, CustomerIdentifierType)>,
        #[serde(skip)]
        query: Vec<(String, String)>,
    }
}

impl Input for TicketFilter {
    fn read(mut r: Reader<'_, '_, '_>) -> Option<TicketFilter> {
        let customer = who(&mut r, false);
        let mut q = Vec::new();
        if let Some(list) = r.raw("situations") {
            let field = r.field("situations");
            if list.kind() != Kind::Array {
                r.wrong_type(&field, "a list of situation names", list);
            } else {
                let mut codes: Vec<&str> = Vec::new();
                for (i, v) in list.items().enumerate() {
                    let name = v.as_str();
                    match name.as_deref().and_then(|n| SITUATIONS.iter().find(|(k, _)| *k == n)) {
                        Some((_, code)) => codes.extend(code.split(',')),
                        None => {
                            let at = crate::core::read::index(&field, i);
                            let allowed = crate::core::read::quoted_list(SITUATIONS.iter().map(|s| s.0));
                            r.issues().push(&at, IssueCode::InvalidValue, format!("{at} must be one of {allowed}"));
                        }
                    }
                }
                codes.sort_unstable();
                codes.dedup();
                if !codes.is_empty() {
                    push(&mut q, "situation", &codes.join(","));
                }
            }
        }
        for (key, wire) in [("departmentId", "department_id"), ("statusId", "status_id"), ("categoryId", "category_id")] {
            if let Some(v) = optional_id(&mut r, key, ID_MAX_CHARS) {
                push(&mut q, wire, &v);
            }
        }
        for (key, wire, end) in [
            ("createdFrom", "creation_date_ge", false),
            ("createdTo", "creation_date_le", true),
            ("updatedFrom", "last_update_ge", false),
            ("updatedTo", "last_update_le", true),
            ("lastSituationFrom", "last_situation_ge", false),
            ("lastSituationTo", "last_situation_le", true),
        ] {
            if let Some(v) = date_param(&mut r, key, end) {
                push(&mut q, wire, &v);
            }
        }
        protocol_range(&mut r, &mut q);
        if let Some(o) = r.one_of("order", &[("asc", "ASC"), ("desc", "DESC")]) {
            push(&mut q, "order", o);
        }
        if let Some(c) = r.one_of("orderBy", &[("protocol", "protocol"), ("creationDate", "creation_date"), ("lastUpdate", "last_update")]) {
            push(&mut q, "column", c);
        }
        r.finish();
        Some(TicketFilter { customer, query: q })
    }

    fn encode(&self, request: &mut Request) {
        if let Some((id, kind)) = &self.customer {
            push(&mut request.query, "customer_id", id);
            push(&mut request.query, "customer_type_id", kind.wire());
        }
        request.query.extend(self.query.iter().cloned());
    }
}

paged_codec!(
    /// `GET v2.0/ticket/list`, one page.
    pub(crate) ListTickets: TicketFilter => Ticket via v2_ticket
);

// ---------------------------------------------------------------------------------------------
// getTicketV2

models_skip_none! {
    [#[derive(Eq)]]

    /// Which ticket to read through v2, and what to include.
    pub struct TicketDetailQuery {
        /// The ticket's id (32-char hex), not its protocol number.
        pub ticket_id: String,
        /// Include the timed intervals (`stopwatch`).
        pub include_stopwatch: Option<bool>,
        /// Include the tickets escalated from this one (`escalatedTickets`).
        pub include_escalated_tickets: Option<bool>,
        /// Include the ticket's tags (`tags`).
        pub include_tags: Option<bool>,
    }
}

impl Input for TicketDetailQuery {
    fn read(mut r: Reader<'_, '_, '_>) -> Option<TicketDetailQuery> {
        let ticket_id = id_text(&mut r);
        let include_stopwatch = r.bool("includeStopwatch");
        let include_escalated_tickets = r.bool("includeEscalatedTickets");
        let include_tags = r.bool("includeTags");
        r.finish();
        Some(TicketDetailQuery { ticket_id, include_stopwatch, include_escalated_tickets, include_tags })
    }

    fn encode(&self, request: &mut Request) {
        push(&mut request.query, "ticket_id", &self.ticket_id);
        for (flag, wire) in [
            (self.include_stopwatch, "show_stopwatch"),
            (self.include_escalated_tickets, "show_staggered_tickets"),
            (self.include_tags, "show_tags"),
        ] {
            if flag == Some(true) {
                push(&mut request.query, wire, "1");
            }
        }
    }
}

codec!(
    /// `GET v2.0/ticket/detail`.
    pub(crate) GetTicketV2: TicketDetailQuery => Ticket<'a>, decode_get_ticket_v2
);

fn decode_get_ticket_v2<'a>(resp: &Response<'a>) -> Result<Ticket<'a>, Error> {
    let doc = envelope::decode(Family::V2, resp)?;
    let top = doc.root();
    let data = envelope::v2_data(top, resp.status)?;
    v2_ticket(data).ok_or_else(|| {
        Error::new(ErrorKind::Decode, "expected a ticket with an `id` in `data`")
            .with_status(resp.status)
            .with_server_message(envelope::server_message(top, Family::V2))
    })
}

// ---------------------------------------------------------------------------------------------
// createTicket

models! {
    [#[derive(Copy, Eq)]]

    /// A ticket's priority.
    pub enum Priority {
        Low,
        Normal,
        High,
        Urgent,
    }
}

const PRIORITIES: &[(&str, &str)] = &[("low", "1"), ("normal", "2"), ("high", "3"), ("urgent", "4")];

/// A ticket to open (`createTicket`), as a customer. See docs/v2-calls.md.
#[derive(Tsify, Clone, Debug, PartialEq, Eq)]
#[tsify(type = "({ customerId: string; email?: never } | { email: string; customerId?: never }) & { departmentId: string | number; subject: string; message: string; categoryId?: string | number; priority?: Priority; customFields?: { [fieldId: string]: string | number | boolean }; attachments?: Attachment[] }")]
pub struct NewTicket {
    customer: (String, CustomerIdentifierType),
    form: Vec<(String, String)>,
    attachments: Attachments,
}

impl Input for NewTicket {
    fn read(mut r: Reader<'_, '_, '_>) -> Option<NewTicket> {
        let customer = who(&mut r, true);
        let department = required_id_text(&mut r, "departmentId", ID_MAX_CHARS);
        let subject = fields::required_line(&mut r, "subject", SUBJECT_MAX_CHARS);
        let message = required_message(&mut r, "message");
        let category = optional_id(&mut r, "categoryId", ID_MAX_CHARS);
        let priority = r.one_of("priority", PRIORITIES);
        let custom = fields::custom_fields(&mut r, "customFields");
        let attachments = Attachments::read(&mut r);
        r.finish();
        let mut f = Vec::new();
        push(&mut f, "department_id", &department);
        push(&mut f, "subject", &subject);
        push(&mut f, "message", &message);
        if let Some(c) = category {
            push(&mut f, "category_id", &c);
        }
        if let Some(p) = priority {
            push(&mut f, "priority", p);
        }
        for (id, v) in custom.iter().flatten() {
            f.push((format!("custom_field[{id}]"), v.clone()));
        }
        Some(NewTicket { customer: customer.unwrap_or((String::new(), CustomerIdentifierType::InternalId)), form: f, attachments })
    }

    /// `customer_id`, then the identifier type under both names the API is known by (see the
    /// module notes of docs/v2-calls.md), then the ticket's fields and the files.
    fn encode(&self, request: &mut Request) {
        let f = form(request);
        push(f, "customer_id", &self.customer.0);
        push(f, "customer_type_id", self.customer.1.wire());
        push(f, "customer_id_type", self.customer.1.wire());
        f.extend(self.form.iter().cloned());
        self.attachments.encode(request);
    }
}

models! {
    [#[derive(Eq)] #[tsify(missing_as_null)]]

    /// The answer to `createTicket`.
    pub struct CreateTicketResult<'a> {
        /// The new ticket's id (32-char hex): for `getTicketV2`, replies, …
        pub ticket_id: Option<Cow<'a, str>>,
        /// The protocol number shown to people.
        pub protocol: Option<i64>,
        /// The server's message.
        pub message: Option<String>,
    }
}

codec!(
    /// `POST v2.0/ticket/new`.
    pub(crate) CreateTicket: NewTicket => CreateTicketResult<'a>, decode_create_ticket
);

fn decode_create_ticket<'a>(resp: &Response<'a>) -> Result<CreateTicketResult<'a>, Error> {
    let (doc, message) = envelope::decode_write_doc(Family::V2, resp, "the ticket was created")?;
    let top = doc.root();
    // The live API puts the ids at the root; `data` is read too.
    let data = top.get("data").filter(|d| d.kind() == Kind::Object);
    let find = |k: &str| top.get(k).filter(|v| !v.is_null()).or_else(|| data.and_then(|d| d.get(k)).filter(|v| !v.is_null()));
    let ticket_id = find("ticket_id").or_else(|| data.and_then(|d| d.get("id"))).and_then(|v| text(Some(v)));
    let protocol = find("protocol").and_then(lenient_int).filter(|n| (1..=crate::core::read::MAX_SAFE_INTEGER).contains(n));
    Ok(CreateTicketResult { ticket_id, protocol, message })
}

// ---------------------------------------------------------------------------------------------
// Writes on one ticket: replies, comment, finish, transfer, operator link, evaluation

models! {
    [#[derive(Eq)] #[tsify(missing_as_null)]]

    /// The answer to a write that returns only a message.
    pub struct WriteResult {
        /// The server's message.
        pub message: Option<String>,
    }
}

/// A write on one ticket: `ticket_id`, then its fields, then its files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TicketWrite {
    ticket_id: String,
    form: Vec<(String, String)>,
    attachments: Attachments,
}

impl TicketWrite {
    fn encode_into(&self, request: &mut Request) {
        let f = form(request);
        push(f, "ticket_id", &self.ticket_id);
        f.extend(self.form.iter().cloned());
        self.attachments.encode(request);
    }
}

/// A reply's `message` and `attachments`, the customer's and the operator's alike.
fn reply(r: &mut Reader<'_, '_, '_>, f: &mut Vec<(String, String)>) -> Attachments {
    let m = required_message(r, "message");
    push(f, "message", &m);
    Attachments::read(r)
}

macro_rules! ticket_write {
    ($(#[$doc:meta])* $input:ident $ts:literal, $codec:ident, $what:literal, |$r:ident, $f:ident| $body:block) => {
        $(#[$doc])*
        #[derive(Tsify, Clone, Debug, PartialEq, Eq)]
        #[tsify(type = $ts)]
        pub(crate) struct $input(TicketWrite);

        impl Input for $input {
            fn read(mut $r: Reader<'_, '_, '_>) -> Option<$input> {
                let ticket_id = id_text(&mut $r);
                let mut $f: Vec<(String, String)> = Vec::new();
                let attachments: Attachments = $body;
                $r.finish();
                Some($input(TicketWrite { ticket_id, form: $f, attachments }))
            }
            fn encode(&self, request: &mut Request) {
                self.0.encode_into(request);
            }
        }

        codec!(pub(crate) $codec: $input => WriteResult, |resp| Ok(WriteResult { message: envelope::decode_write(Family::V2, resp, $what)? }));
    };
}

ticket_write!(
    /// A reply written as the ticket's customer.
    TicketReply "{ ticketId: string; message: string; attachments?: Attachment[] }",
    ReplyAsCustomer, "the reply was stored", |r, f| { reply(&mut r, &mut f) }
);

ticket_write!(
    /// A reply written as the ticket's linked operator. With no operator linked, the live API
    /// stores it as the customer's (see `replyAsOperatorSafely`).
    OperatorReply "{ ticketId: string; message: string; attachments?: Attachment[] }",
    ReplyAsOperator, "the reply was stored", |r, f| { reply(&mut r, &mut f) }
);

ticket_write!(
    /// An internal note (not shown to the customer).
    TicketComment "{ ticketId: string; comment: string }",
    CommentTicket, "the comment was stored", |r, f| {
        let m = required_message(&mut r, "comment");
        push(&mut f, "comment", &m);
        Attachments::default()
    }
);

ticket_write!(
    /// Finishes a ticket. `workedMinutes` is sent as `time_work` in minutes (the API stores
    /// seconds: the ticket's `workedSeconds` becomes 60 × minutes).
    FinishTicket "{ ticketId: string; message: string; workedMinutes?: number }",
    FinishTicketCall, "the ticket was finished", |r, f| {
        let m = required_message(&mut r, "message");
        push(&mut f, "message", &m);
        if let Some(n) = r.int("workedMinutes") {
            if n < 0 {
                let field = r.field("workedMinutes");
                r.issues().push(&field, IssueCode::InvalidValue, "workedMinutes must be a whole number of minutes ≥ 0");
            }
            push(&mut f, "time_work", &n.to_string());
        }
        Attachments::default()
    }
);

ticket_write!(
    /// Moves a ticket to another department and/or operator (at least one). The live API
    /// refuses tickets with no operator linked, and unlinks the operator.
    TransferTicket "{ ticketId: string; departmentId?: string | number; operatorId?: string | number }",
    TransferTicketCall, "the ticket was transferred", |r, f| {
        let d = optional_id(&mut r, "departmentId", ID_MAX_CHARS);
        let o = optional_id(&mut r, "operatorId", ID_MAX_CHARS);
        let wrong_type = ["departmentId", "operatorId"].iter().any(|k| r.kind_of(k).is_some_and(|k| !matches!(k, Kind::String | Kind::Number)));
        if d.is_none() && o.is_none() && r.is_object() && !wrong_type {
            let field = r.field("departmentId");
            r.issues().push(&field, IssueCode::Required, "departmentId or operatorId is required");
        }
        if let Some(d) = d {
            push(&mut f, "department_id", &d);
        }
        if let Some(o) = o {
            push(&mut f, "operator_id", &o);
        }
        Attachments::default()
    }
);

ticket_write!(
    /// Links an operator to a ticket. The live API refuses when one is already linked.
    LinkOperator "{ ticketId: string; operatorId: string | number }",
    LinkOperatorCall, "the operator was linked", |r, f| {
        let o = required_id_text(&mut r, "operatorId", ID_MAX_CHARS);
        push(&mut f, "operator_id", &o);
        Attachments::default()
    }
);

ticket_write!(
    /// The customer's evaluation of a finished ticket.
    TicketEvaluationInput "{ ticketId: string; problemSolved: boolean; grade: 1 | 2 | 3 | 4 | 5; comment?: string }",
    EvaluateTicket, "the evaluation was stored", |r, f| {
        let solved = r.bool("problemSolved");
        if solved.is_none() && !r.given("problemSolved") && r.is_object() {
            let field = r.field("problemSolved");
            r.issues().push(&field, IssueCode::Required, "problemSolved is required");
        }
        let grade = r.int("grade");
        match grade {
            Some(g) if (1..=5).contains(&g) => {}
            Some(_) => {
                let field = r.field("grade");
                r.issues().push(&field, IssueCode::InvalidValue, "grade must be a whole number from 1 to 5");
            }
            None if !r.given("grade") && r.is_object() => {
                let field = r.field("grade");
                r.issues().push(&field, IssueCode::Required, "grade is required (1 to 5)");
            }
            None => {}
        }
        let comment = optional_line_multi(&mut r, "comment", EVALUATION_COMMENT_MAX_CHARS);
        push(&mut f, "problem_solved", if solved == Some(true) { "Y" } else { "N" });
        push(&mut f, "grade", &grade.unwrap_or(0).to_string());
        if let Some(c) = comment {
            push(&mut f, "comment", &c);
        }
        Attachments::default()
    }
);

/// Optional text that may span lines, ≤ `max`; blank → not sent.
fn optional_line_multi(r: &mut Reader<'_, '_, '_>, key: &'static str, max: u32) -> Option<String> {
    let v = r.text(key).filter(|s| !s.trim().is_empty())?;
    let field = r.field(key);
    crate::core::rules::max_chars(r.issues(), &field, &v, max);
    Some(v.into_owned())
}

// ---------------------------------------------------------------------------------------------
// Decoding a v2 ticket

/// `{id, name}` → (id, name), lenient; `null`s and `{}` read as absent.
fn id_name<'a>(v: Option<Val<'_, 'a>>) -> (Option<Cow<'a, str>>, Option<Cow<'a, str>>) {
    match v.filter(|v| v.kind() == Kind::Object) {
        Some(o) => {
            let s = slots!(o; id = "id", name = "name", description = "description");
            (text(s.id), text(s.name).or_else(|| text(s.description)))
        }
        // Some answers send the name as plain text.
        None => (None, text(v)),
    }
}

fn v2_situation<'a>(v: Option<Val<'_, 'a>>) -> (Option<TicketSituation<'a>>, Option<Cow<'a, str>>) {
    let Some(v) = v.filter(|v| !v.is_null()) else { return (None, None) };
    let (code, description) = match v.kind() {
        Kind::Object => {
            let s = slots!(v; id = "id", description = "description", name = "name");
            (s.id, text(s.description).or_else(|| text(s.name)))
        }
        _ => (Some(v), None),
    };
    (code.and_then(|c| situation_code(c, true)), description)
}

fn v2_attachments<'a>(v: Option<Val<'_, 'a>>) -> Vec<TicketAttachment<'a>> {
    list(v, |a| {
        let a = slots!(a; name = "name", nome = "nome", url = "url", size = "size", tamanhobytes = "tamanhobytes", mime_type = "mime_type", mimetype = "mimetype", type_ = "type");
        TicketAttachment {
            name: text(a.name).or_else(|| text(a.nome)),
            url: text(a.url),
            size_bytes: safe(a.size.or(a.tamanhobytes).and_then(lenient_int)),
            mime_type: text(a.mime_type).or_else(|| text(a.mimetype)).or_else(|| text(a.type_)),
        }
    })
}

fn v2_origin<'a>(v: Option<Val<'_, 'a>>) -> Option<MessageOrigin<'a>> {
    let t = v.and_then(code_text)?;
    match &*t {
        "I" | "i" | "N" | "n" => Some(MessageOrigin::InternalNote),
        "O" | "o" => Some(MessageOrigin::Agent),
        _ => origin(v),
    }
}

fn v2_reply<'a>(h: Val<'_, 'a>) -> TicketHistoryEntry<'a> {
    let h = slots!(h;
        id = "id", sender_type = "sender_type", message = "message", date = "date", creation_date = "creation_date",
        operator = "operator", attachments = "attachments", start = "start", end = "end",
    );
    TicketHistoryEntry {
        id: text(h.id),
        from: v2_origin(h.sender_type),
        message: text(h.message),
        agent: id_name(h.operator).1,
        at: date(h.date.or(h.creation_date)),
        started_at: date_or_time(h.start),
        ended_at: date_or_time(h.end),
        attachments: v2_attachments(h.attachments),
    }
}

fn v2_fields<'a>(v: Option<Val<'_, 'a>>) -> Vec<TicketCustomField<'a>> {
    list(v, |c| {
        let c = slots!(c; id = "id", field_id = "field_id", label = "label", name = "name", field_name = "field_name", value = "value");
        TicketCustomField {
            id: text(c.id).or_else(|| text(c.field_id)),
            label: text(c.label).or_else(|| text(c.name)).or_else(|| text(c.field_name)),
            value: json_value(c.value),
        }
    })
}

fn grade<'a>(v: Option<Val<'_, 'a>>) -> Option<EvaluationRating<'a>> {
    let v = v.filter(|v| !v.is_null())?;
    match code_number(v) {
        Some(5) => Some(EvaluationRating::Excellent),
        Some(4) => Some(EvaluationRating::Good),
        Some(3) => Some(EvaluationRating::Average),
        Some(2) => Some(EvaluationRating::Poor),
        Some(1) => Some(EvaluationRating::Terrible),
        _ => rating(Some(v)),
    }
}

/// One v2 ticket (a list item or the `data` of detail); `None` without an `id`.
pub(crate) fn v2_ticket<'a>(o: Val<'_, 'a>) -> Option<Ticket<'a>> {
    let f = slots!(o;
        id = "id", ticket_id = "ticket_id", protocol = "protocol", subject = "subject", message = "message",
        priority = "priority", ticket_type = "ticket_type", creation_date = "creation_date", end_date = "end_date",
        deadline = "deadline", first_reply_date = "first_reply_date", last_situation_date = "last_situation_date",
        last_update = "last_update", situation = "situation", category = "category", department = "department",
        operator = "operator", customer = "customer", organization = "organization", current_status = "current_status",
        work_time = "work_time", replies = "replies", history = "history", messages = "messages",
        attachments = "attachments", custom_fields = "custom_fields", stopwatch = "stopwatch",
        staggered_tickets = "staggered_tickets", tags = "tags", evaluation = "evaluation", parent_ticket_id = "parent_ticket_id",
    );
    let id = text(f.id).or_else(|| text(f.ticket_id))?;
    let (situation, situation_text) = v2_situation(f.situation);
    let (category_id, category) = id_name(f.category);
    let (department_id, department) = id_name(f.department);
    let (agent_id, agent) = id_name(f.operator);
    let customer = match f.customer.filter(|c| c.kind() == Kind::Object) {
        Some(c) => {
            let c = slots!(c; internal_id = "internal_id", id = "id", name = "name", email = "email", organization = "organization");
            (TicketCustomer { name: text(c.name), email: text(c.email), id: text(c.internal_id).or_else(|| text(c.id)) }, id_name(c.organization).1)
        }
        None => (TicketCustomer { name: None, email: None, id: None }, None),
    };
    let (custom, closing) = match f.custom_fields.filter(|v| v.kind() == Kind::Object && v.get("closed").is_some() || v.kind() == Kind::Object && v.get("open").is_some()) {
        Some(v) => (
            v2_fields(v.get("open").or_else(|| v.get("opening")).or_else(|| v.get("ticket"))),
            v2_fields(v.get("closed")).into_iter().map(|c| TicketClosingField { label: c.label, value: c.value }).collect(),
        ),
        None => (v2_fields(f.custom_fields), Vec::new()),
    };
    let evaluation = match f.evaluation.filter(|e| e.kind() == Kind::Object) {
        Some(e) => {
            let e = slots!(e; problem_solved = "problem_solved", grade = "grade", comment = "comment");
            TicketEvaluation { problem_solved: e.problem_solved.and_then(lenient_bool), rating: grade(e.grade), comment: text(e.comment) }
        }
        None => TicketEvaluation { problem_solved: None, rating: None, comment: None },
    };
    let status = match f.current_status.filter(|v| v.kind() == Kind::Object) {
        Some(_) => id_name(f.current_status).1,
        None => text(f.current_status),
    };
    Some(Ticket {
        id,
        protocol: text(f.protocol),
        subject: text(f.subject),
        message: text(f.message),
        customer: customer.0,
        organization_name: id_name(f.organization).1.or(customer.1),
        priority: priority(f.priority),
        kind: ticket_type(f.ticket_type),
        worked_seconds: duration(f.work_time),
        open_seconds: None,
        created_at: date(f.creation_date),
        deadline: date(f.deadline),
        first_response_at: date(f.first_reply_date),
        closed_at: date(f.end_date),
        last_situation_at: date(f.last_situation_date.or(f.last_update)),
        last_status_at: None,
        pricing: TicketPricing { hourly_rate: None, overtime_hourly_rate: None, total: None, overtime_total: None, gross_total: None },
        evaluation,
        last_situation: situation,
        last_situation_description: situation_text,
        sla: TicketSla { first_response: SlaStatus::NoSla, deadline: SlaStatus::NoSla },
        category,
        department,
        agent,
        status,
        parent_ticket_id: text(f.parent_ticket_id),
        attachments: v2_attachments(f.attachments),
        history: list(f.replies.or(f.history).or(f.messages), v2_reply),
        custom_fields: custom,
        closing_custom_fields: closing,
        status_history: Vec::new(),
        stopwatch: stopwatch(f.stopwatch, |o| id_name(o).1),
        escalated_tickets: given(f.staggered_tickets).map(|v| {
            list(Some(v), |s| {
                let s = slots!(s; protocol = "protocol", ticket_id = "ticket_id", id = "id", subject = "subject");
                EscalatedTicket { protocol: text(s.protocol), id: text(s.ticket_id).or_else(|| text(s.id)), subject: text(s.subject) }
            })
        }),
        department_id,
        category_id,
        agent_id,
        tags: given(f.tags).map(|v| match v.kind() {
            Kind::Array => v.items().filter_map(|t| if t.kind() == Kind::Object { id_name(Some(t)).1 } else { text(Some(t)) }).collect(),
            _ => Vec::new(),
        }),
    })
}

// ---------------------------------------------------------------------------------------------
// replyAsOperatorSafely: the decisions (the client only runs the requests)

/// What `replyAsOperatorSafely` sends: read the ticket, link `operatorId` if none is linked
/// (and one was given), then reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SafeReplyPlan {
    pub ticket_id: String,
    pub detail: Request,
    pub link: Option<Request>,
    pub reply: Request,
}

/// Reads `{ ticketId, message, attachments?, operatorId? }` (JSON text, attachments as
/// descriptors) into the three requests; a validation error lists every problem.
pub fn plan_safe_operator_reply(input_json: &str) -> Result<SafeReplyPlan, Error> {
    use crate::core::calls::{GET_TICKET_V2, LINK_OPERATOR, REPLY_AS_OPERATOR};
    let doc = crate::core::json::Doc::parse(input_json).map_err(|_| Error::new(ErrorKind::Validation, "the input is not JSON data"))?;
    let mut issues = crate::core::issue::Issues::new();
    let mut r = Reader::strict(doc.root(), "OperatorReply", &mut issues);
    let ticket_id = id_text(&mut r);
    let message = required_message(&mut r, "message");
    let attachments = Attachments::read(&mut r);
    let operator = optional_id(&mut r, "operatorId", ID_MAX_CHARS);
    r.finish();
    if !issues.is_empty() {
        return Err(Error::validation(issues.into_vec()));
    }
    let mut detail = GET_TICKET_V2.new_request();
    push(&mut detail.query, "ticket_id", &ticket_id);
    let link = operator.map(|o| {
        let mut l = LINK_OPERATOR.new_request();
        TicketWrite { ticket_id: ticket_id.clone(), form: vec![("operator_id".to_owned(), o)], attachments: Attachments::default() }.encode_into(&mut l);
        l
    });
    let mut reply = REPLY_AS_OPERATOR.new_request();
    TicketWrite { ticket_id: ticket_id.clone(), form: vec![("message".to_owned(), message)], attachments }.encode_into(&mut reply);
    Ok(SafeReplyPlan { ticket_id, detail, link, reply })
}

/// Whether the ticket read by `getTicketV2` (its output JSON text) has no operator linked.
pub fn has_no_operator(ticket_json: &str) -> bool {
    let Ok(doc) = crate::core::json::Doc::parse(ticket_json) else { return false };
    let root = doc.root();
    let given = |k: &str| root.get(k).is_some_and(|v| !v.is_null() && v.as_str().map_or(true, |s| !s.trim().is_empty()));
    !given("agentId") && !given("agent")
}

/// The refusal of `replyAsOperatorSafely` when no operator is linked and none was given.
pub fn no_operator_error() -> Error {
    let mut issues = crate::core::issue::Issues::new();
    issues.push(
        "ticketId",
        IssueCode::NotAllowed,
        "the ticket has no operator linked: TomTicket would store this reply as the customer's. Pass operatorId to link one first, or call replyAsOperator to accept that",
    );
    Error::validation(issues.into_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::calls;
    use crate::core::testing::{codes, issues, listed, pairs, req, to_value};
    use crate::core::write::to_json;
    use serde_json::{json, Value};

    fn q(r: &Request) -> Vec<(&str, &str)> {
        pairs(&r.query)
    }
    fn form(r: &Request) -> Vec<(&str, &str)> {
        pairs(r.form.as_deref().unwrap_or_default())
    }
    fn leak(s: String) -> &'static str {
        Box::leak(s.into_boxed_str())
    }
    fn resp(status: u16, body: Value) -> Response<'static> {
        Response { status, body: leak(body.to_string()), retry_after: None }
    }

    #[test]
    fn the_filter_is_sent_in_the_wire_names_and_formats() {
        let r = req(&calls::LIST_TICKETS, json!({
            "email": "a@b.example", "situations": ["finished", "notStarted", "waitingForManagerEvaluation", "finished"],
            "departmentId": 12, "createdFrom": "2026-01-01", "createdTo": "2026-01-31", "updatedFrom": "2026-02-01T12:00:00.000Z",
            "protocol": 74037, "order": "desc", "orderBy": "creationDate"
        }));
        assert_eq!(q(&r), vec![
            ("customer_id", "a@b.example"),
            ("customer_type_id", "E"),
            ("situation", "1,5,8,9"),
            ("department_id", "12"),
            ("creation_date_ge", "2026-01-01 00:00:00-0300"),
            ("creation_date_le", "2026-01-31 23:59:59-0300"),
            ("last_update_ge", "2026-02-01 09:00:00-0300"),
            ("min_protocol", "74037"),
            ("max_protocol", "74037"),
            ("order", "DESC"),
            ("column", "creation_date"),
        ]);
        let paged = crate::core::page::page_request(&r, 3.0).unwrap();
        assert_eq!(crate::core::page::page_request(&r, 0.0).unwrap_err().issues[0].field, "page");
        assert!(crate::core::page::page_request(&r, 1.5).is_err() && crate::core::page::page_request(&r, f64::NAN).is_err());
        assert_eq!(paged.query.last().map(|(k, v)| (k.as_str(), v.as_str())), Some(("page", "3")));
        assert!(req(&calls::LIST_TICKETS, json!({})).query.is_empty());
    }

    #[test]
    fn every_filter_problem_at_once() {
        assert_eq!(
            listed(&issues(&calls::LIST_TICKETS, json!({
                "customerId": "c", "email": "a@b.example", "situations": ["open", 3], "createdFrom": "2026-01-01T10:00:00",
                "protocol": 5, "minProtocol": 0, "maxProtocol": 1.5, "order": "up", "page": 2
            }))),
            "email NotAllowed, situations[0] InvalidValue, situations[1] InvalidValue, createdFrom InvalidValue, \
             minProtocol InvalidValue, maxProtocol InvalidValue, protocol NotAllowed, order InvalidValue, \
             page UnknownField",
        );
    }

    #[test]
    fn a_new_ticket_sends_both_identifier_type_names_and_its_files() {
        let r = req(&calls::CREATE_TICKET, json!({
            "email": "a@b.example", "departmentId": "d1", "subject": "Olá", "message": "<p>linha 1</p>\n<p>linha 2</p>",
            "categoryId": 7, "priority": "urgent", "customFields": { "f2": 2, "f1": true },
            "attachments": [{ "source": "file", "name": "a.pdf", "size": 10, "type": "application/pdf" }]
        }));
        assert_eq!(form(&r), vec![
            ("customer_id", "a@b.example"),
            ("customer_type_id", "E"),
            ("customer_id_type", "E"),
            ("department_id", "d1"),
            ("subject", "Olá"),
            ("message", "<p>linha 1</p>\n<p>linha 2</p>"),
            ("category_id", "7"),
            ("priority", "4"),
            ("custom_field[f1]", "true"),
            ("custom_field[f2]", "2"),
        ]);
        assert_eq!(r.files.len(), 1);
        assert_eq!((r.files[0].field.as_str(), r.files[0].file_name.as_str()), ("attachment[0]", "a.pdf"));
        assert_eq!(
            listed(&issues(&calls::CREATE_TICKET, json!({ "subject": "a\nb", "message": " ", "priority": 4 }))),
            "customerId Required, departmentId Required, subject InvalidCharacters, message Required, \
             priority InvalidType",
        );
    }

    #[test]
    fn ids_of_a_new_ticket_are_read_from_the_root_or_from_data() {
        let root = CreateTicket::decode(&resp(200, json!({"error": false, "success": true, "message": "ok", "ticket_id": "abc", "protocol": 74037}))).unwrap();
        assert_eq!(to_value(&root), json!({"ticketId": "abc", "protocol": 74037, "message": "ok"}));
        let data = CreateTicket::decode(&resp(200, json!({"error": false, "data": {"ticket_id": "d", "protocol": "12"}}))).unwrap();
        assert_eq!((data.ticket_id.as_deref(), data.protocol), (Some("d"), Some(12)));
        let e = CreateTicket::decode(&resp(200, json!({"error": true, "success": false, "message": "Departamento inválido"}))).unwrap_err();
        assert_eq!((e.kind, e.server_message.as_deref()), (ErrorKind::Api, Some("Departamento inválido")));
        let e = CreateTicket::decode(&Response { status: 429, body: "<html><head><title>429 Too Many Requests</title></head></html>", retry_after: None }).unwrap_err();
        assert_eq!(e.kind, ErrorKind::RateLimited);
    }

    #[test]
    fn writes_on_a_ticket() {
        let r = req(&calls::FINISH_TICKET, json!({"ticketId": "t1", "message": "done", "workedMinutes": 90}));
        assert_eq!(form(&r), vec![("ticket_id", "t1"), ("message", "done"), ("time_work", "90")]);
        let r = req(&calls::EVALUATE_TICKET, json!({"ticketId": "t1", "problemSolved": false, "grade": 5, "comment": "ok"}));
        assert_eq!(form(&r), vec![("ticket_id", "t1"), ("problem_solved", "N"), ("grade", "5"), ("comment", "ok")]);
        let r = req(&calls::TRANSFER_TICKET, json!({"ticketId": "t1", "operatorId": 9}));
        assert_eq!(form(&r), vec![("ticket_id", "t1"), ("operator_id", "9")]);
        assert_eq!(issues(&calls::TRANSFER_TICKET, json!({"ticketId": "t1"})), vec![("departmentId".into(), IssueCode::Required)]);
        assert_eq!(
            listed(&issues(&calls::EVALUATE_TICKET, json!({"ticketId": "", "grade": 6, "comment": "x".repeat(4097)}))),
            "ticketId Required, problemSolved Required, grade InvalidValue, comment TooLong",
        );
        assert_eq!(issues(&calls::FINISH_TICKET, json!({"ticketId": "t", "message": "m", "workedMinutes": -1})), vec![("workedMinutes".into(), IssueCode::InvalidValue)]);
        let ok = ReplyAsCustomer::decode(&resp(200, json!({"error": false, "success": true, "message": "Resposta enviada"}))).unwrap();
        assert_eq!(ok.message.as_deref(), Some("Resposta enviada"));
        assert_eq!(ReplyAsCustomer::decode(&resp(200, json!({"message": "?"}))).unwrap_err().kind, ErrorKind::Decode, "unconfirmed write");
    }

    #[test]
    fn a_v2_ticket_decodes_to_the_shared_ticket_type() {
        let body = json!({"error": false, "success": true, "data": {
            "id": "abc", "protocol": 74037, "subject": "S", "message": "M", "priority": 3, "ticket_type": "E",
            "creation_date": "2026-11-02 10:00:00-0300", "end_date": null,
            "situation": {"id": 0, "description": "Aguardando"}, "category": {"id": "c1", "name": "Cat"},
            "department": {"id": "d1", "name": "Suporte"}, "operator": {"id": null, "name": null},
            "customer": {"id": "h", "internal_id": "cli-1", "name": "Ana", "email": "ana@x.example"},
            "work_time": "120", "current_status": null,
            "replies": [
                {"id": "r1", "sender_type": "C", "message": "oi", "date": "2026-11-02 10:01:00-0300", "attachments": [{"name": "a.png", "url": "u", "size": 3}]},
                {"id": "r2", "sender_type": "A", "message": "olá", "operator": {"id": "o1", "name": "Bia"}},
                {"id": "r3", "sender_type": "I", "message": "nota"}
            ],
            "custom_fields": {"open": [{"id": "f1", "label": "NF", "value": 12}], "closed": [{"id": "f2", "label": "Causa", "value": "x"}]},
            "tags": [{"id": 1, "name": "vip"}, "urgente"],
            "staggered_tickets": [{"protocol": 2, "ticket_id": "t2", "subject": "filho"}]
        }});
        let t = GetTicketV2::decode(&resp(200, body)).unwrap();
        let v = to_value(&t);
        assert_eq!(v["lastSituation"], "waitingForAgent");
        assert_eq!(v["lastSituationDescription"], "Aguardando");
        assert_eq!((v["priority"].clone(), v["type"].clone()), (json!("high"), json!("external")));
        assert_eq!((v["department"].clone(), v["departmentId"].clone()), (json!("Suporte"), json!("d1")));
        assert_eq!((v["agent"].clone(), v.get("agentId").cloned()), (Value::Null, None), "no operator linked");
        assert_eq!(v["customer"], json!({"name": "Ana", "email": "ana@x.example", "id": "cli-1"}));
        assert_eq!(v["workedSeconds"], 120);
        assert_eq!(v["createdAt"], "2026-11-02T10:00:00-03:00");
        let from: Vec<&Value> = v["history"].as_array().unwrap().iter().map(|h| &h["from"]).collect();
        assert_eq!(from, vec!["customer", "agent", "internalNote"]);
        assert_eq!(v["history"][1]["agent"], "Bia");
        assert_eq!(v["history"][0]["attachments"][0]["sizeBytes"], 3);
        assert_eq!(v["customFields"], json!([{"id": "f1", "label": "NF", "value": 12}]));
        assert_eq!(v["closingCustomFields"], json!([{"label": "Causa", "value": "x"}]));
        assert_eq!(v["tags"], json!(["vip", "urgente"]));
        assert_eq!(v["escalatedTickets"], json!([{"protocol": "2", "id": "t2", "subject": "filho"}]));
        assert_eq!(v["stopwatch"], Value::Null);
        // Codes 8 and 9 mean the same; an unknown code is kept.
        for (code, want) in [(8, json!("waitingForManagerEvaluation")), (9, json!("waitingForManagerEvaluation")), (12, json!({"unknown": "12"}))] {
            let t = GetTicketV2::decode(&resp(200, json!({"error": false, "data": {"id": "a", "situation": {"id": code}}}))).unwrap();
            assert_eq!(to_value(&t)["lastSituation"], want);
        }
        let e = GetTicketV2::decode(&resp(200, json!({"error": false, "data": {"subject": "no id"}}))).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Decode);
        assert!(has_no_operator(&to_json(&t).unwrap()));
    }

    #[test]
    fn the_safe_operator_reply_plan() {
        let p = plan_safe_operator_reply(r#"{"ticketId":"t1","message":"m","operatorId":"o1"}"#).unwrap();
        assert_eq!(p.detail.display(), "GET /v2.0/ticket/detail?ticket_id=t1");
        assert_eq!(p.link.as_ref().map(|l| form(l)), Some(vec![("ticket_id", "t1"), ("operator_id", "o1")]));
        assert_eq!(form(&p.reply), vec![("ticket_id", "t1"), ("message", "m")]);
        assert!(plan_safe_operator_reply(r#"{"ticketId":"t1","message":"m"}"#).unwrap().link.is_none());
        let e = plan_safe_operator_reply(r#"{"message":"","oops":1}"#).unwrap_err();
        let f = codes(&e.issues);
        assert_eq!(f, vec![("ticketId", IssueCode::Required), ("message", IssueCode::Required), ("oops", IssueCode::UnknownField)]);
        assert!(!has_no_operator(r#"{"id":"a","agent":"Bia","agentId":"o1"}"#));
        assert!(has_no_operator(r#"{"id":"a","agent":null}"#));
        assert_eq!(no_operator_error().issues[0].field, "ticketId");
    }
}
