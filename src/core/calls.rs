//! Every TomTicket call, described once.
//!
//! [`with_calls!`] holds the list: one row per call with its JS name, HTTP method, path,
//! envelope family, where the token goes, whether a retry is safe, whether it is paginated, its
//! input and output (TypeScript names and the names of the `validate…`/`encode…`/`decode…`
//! exports), a one-line summary, and the [`Codec`] that reads its input and decodes its answer.
//! Everything else is generated from the rows:
//! - here: [`CallInfo`] consts and [`CALLS`] (the README's table, `target/registry.json`, the
//!   fuzz target list and the completeness test read them);
//! - in `js/`: the three pure exports of each call, the client method, and their TypeScript
//!   declarations.
//!
//! Adding a call: a codec (input model, request fields, decoder) in an endpoint module, one row
//! here, a route in the fake TomTicket, and rows in the test tables. The completeness test says
//! what is missing.
use serde::Serialize;

use super::envelope::Response;
use super::error::Error;
use super::http::{Auth, EncodedRequest, Family, Method, Request};
use super::issue::{Issue, Issues};
use super::json::Doc;
use super::read::Reader;
use super::write::to_json;

/// Whether a call may be repeated after a failure that may have reached the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// Reads: retried after a 429, a 5xx or a network error.
    Safe,
    /// Writes: retried only after a 429 (the server refused it, so it did nothing). A 5xx, a
    /// timeout or a dropped connection may have come after the write was done: repeating it
    /// could create a second record.
    OnlyAfter429,
}

impl Retry {
    pub fn as_str(self) -> &'static str {
        match self {
            Retry::Safe => "safe",
            Retry::OnlyAfter429 => "only after 429",
        }
    }
}

/// A call's input model: how it is read from a caller's object and what it puts in the request.
/// Several calls may share one (a lookup by id or e-mail).
pub trait Input: Sized {
    /// Reads and validates with a strict reader; every problem goes to the reader's issues.
    /// Must call [`Reader::finish`] (unknown properties). `None` when unusable.
    fn read(r: Reader<'_, '_, '_>) -> Option<Self>;
    /// Fills the request: path parameters (in the order of the path's `{…}`), query, form.
    fn encode(&self, request: &mut Request);
}

/// A call's codec: its input model and how its answer is decoded.
pub trait Codec {
    /// The validated input.
    type Input: Input;
    /// The decoded answer, borrowing the response text.
    type Output<'a>: Serialize;
    /// Status + body → the output, or a typed error.
    fn decode<'a>(response: &Response<'a>) -> Result<Self::Output<'a>, Error>;
}

/// A call's codec as one declaration: the unit struct and its [`Codec`] impl, whose `decode` is
/// the function given (a `fn` or a closure of the response):
/// `codec!(/// doc  pub(super) GetCustomer: CustomerLookup => Customer<'a>, decode_get_customer);`
/// (`'a` is the response's lifetime).
macro_rules! codec {
    ($(#[$m:meta])* $vis:vis $name:ident: $input:ty => $output:ty, $decode:expr $(,)?) => {
        $(#[$m])*
        $vis struct $name;

        impl Codec for $name {
            type Input = $input;
            type Output<'a> = $output;
            fn decode<'a>(resp: &Response<'a>) -> Result<$output, Error> {
                ($decode)(resp)
            }
        }
    };
}
pub(super) use codec;

/// One call, as data. See the module notes.
#[derive(Clone, Copy)]
pub struct CallInfo {
    /// The client method (`getCustomer`).
    pub name: &'static str,
    pub method: Method,
    /// The path template: `v2.0/customer/details`, `chamado/{token}/{ticketId}`.
    pub path: &'static str,
    pub family: Family,
    pub auth: Auth,
    pub retry: Retry,
    pub paginated: bool,
    /// TypeScript name of the input type.
    pub input: &'static str,
    /// TypeScript name of the output type.
    pub output: &'static str,
    /// The pure exports.
    pub validate_export: &'static str,
    pub encode_export: &'static str,
    pub decode_export: &'static str,
    pub summary: &'static str,
    /// Reads the input (JSON text) and builds the request, or gives every issue.
    pub request: fn(&CallInfo, &str) -> Result<Request, Vec<Issue>>,
    /// Decodes a response straight to the output's JSON text.
    pub decode_json: fn(&Response<'_>) -> Result<String, Error>,
}

impl std::fmt::Debug for CallInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl CallInfo {
    /// `GET /v2.0/customer/details`, `GET /chamado/***/{ticketId}`: the call in errors when the
    /// concrete request is not known.
    pub fn display(&self) -> String {
        let mut s = String::from(self.method.as_str());
        for seg in self.path.split('/').filter(|s| !s.is_empty()) {
            s.push(if s.len() == self.method.as_str().len() { ' ' } else { '/' });
            if s.ends_with(' ') {
                s.push('/');
            }
            s.push_str(if seg == "{token}" { super::secret::REDACTED } else { seg });
        }
        s
    }

    /// An empty request of this call.
    pub fn new_request(&self) -> Request {
        Request {
            method: self.method,
            path: self.path,
            params: Vec::new(),
            query: Vec::new(),
            form: None,
            files: Vec::new(),
            auth: self.auth,
            family: self.family,
        }
    }

    /// Every issue of an input given as JSON text (empty = valid).
    pub fn validate(&self, input_json: &str) -> Vec<Issue> {
        (self.request)(self, input_json).err().unwrap_or_default()
    }

    /// What the call would send, token-free; a validation error listing every issue.
    pub fn encode(&self, input_json: &str) -> Result<EncodedRequest, Error> {
        (self.request)(self, input_json).map(|r| r.preview()).map_err(Error::validation)
    }

    /// The request to send; a validation error listing every issue.
    pub fn prepare(&self, input_json: &str) -> Result<Request, Error> {
        (self.request)(self, input_json).map_err(Error::validation)
    }

    /// Decodes a response to the output's JSON text; errors name this call.
    pub fn decode(&self, response: &Response<'_>) -> Result<String, Error> {
        (self.decode_json)(response).map_err(|mut e| {
            if e.endpoint.is_none() {
                e.endpoint = Some(self.display());
            }
            e
        })
    }
}

/// The generic half of [`CallInfo::request`] (one small instance per codec): read the input
/// and, when it is usable, encode it into the request.
fn request<C: Codec>(info: &CallInfo, input_json: &str) -> Result<Request, Vec<Issue>> {
    prepare(info, input_json, &mut |r, req| match <C::Input as Input>::read(r) {
        Some(input) => {
            input.encode(req);
            true
        }
        None => false,
    })
}

/// The shared half: parse, read with a strict reader, collect every issue.
fn prepare(info: &CallInfo, input_json: &str, read: &mut dyn FnMut(Reader<'_, '_, '_>, &mut Request) -> bool) -> Result<Request, Vec<Issue>> {
    let mut issues = Issues::new();
    let doc = match Doc::parse(input_json) {
        Ok(d) => d,
        Err(e) => {
            issues.push("", super::issue::IssueCode::InvalidType, format!("{} is not JSON ({})", info.input, e.position()));
            return Err(issues.into_vec());
        }
    };
    let mut req = info.new_request();
    let usable = read(Reader::strict(doc.root(), info.input, &mut issues), &mut req);
    if usable && issues.is_empty() {
        Ok(req)
    } else {
        Err(issues.into_vec())
    }
}

/// The generic half of [`CallInfo::decode`] (one instance per codec).
fn decode_json<C: Codec>(response: &Response<'_>) -> Result<String, Error> {
    let out = C::decode(response)?;
    to_json(&out).map_err(|_| Error::new(super::error::ErrorKind::Decode, "could not write the result as JSON"))
}

/// The list of calls. Each row:
///
/// ```text
/// /// summary
/// jsName: METHOD "path/{param}" family auth retry paged,
///     InputStem "InputTs" -> DecodeStem "OutputTs" = module::Codec;
/// ```
///
/// `InputStem` names `validate<InputStem>` / `encode<InputStem>`, `DecodeStem` names
/// `decode<DecodeStem>`. `$cb!` receives one bracketed row per call (see `calls_rows!`):
/// `[name Method "path" Family Auth Retry paged InStem "InTs" OutStem "OutTs" (codec) (docs…)]`.
#[macro_export]
macro_rules! with_calls {
    ($cb:ident) => {
        $crate::calls_rows! { $cb;
            /// Looks a customer up by internal id or e-mail (v2.0).
            getCustomer: Get "v2.0/customer/details" V2 Bearer Safe false,
                CustomerLookup "CustomerLookup" -> CustomerDetails "Customer" = customer::GetCustomer;
            /// Says whether a customer exists, by internal id or e-mail (v2.0).
            customerExists: Get "v2.0/customer/exists" V2 Bearer Safe false,
                CustomerExistsQuery "CustomerLookup" -> CustomerExists "CustomerExistsResult" = customer::CustomerExists;
            /// Creates a customer (v2.0). Retried only after a 429.
            createCustomer: Post "v2.0/customer/new" V2 Bearer OnlyAfter429 false,
                NewCustomer "NewCustomer" -> CreateCustomer "CreateCustomerResult" = customer::CreateCustomer;
            /// Updates a customer through the legacy API (token in the path), sending only the fields given.
            updateCustomer: Post "update_cliente/{token}/{identifier}/{identifierType}" Legacy InPath OnlyAfter429 false,
                CustomerUpdate "LegacyCustomerUpdate" -> CustomerUpdate "UpdateCustomerResult" = legacy::UpdateCustomer;
            /// Reads one ticket through the legacy API, optionally with stopwatch and escalated tickets.
            getTicket: Get "chamado/{token}/{ticketId}" Legacy InPath Safe false,
                TicketQuery "TicketQuery" -> Ticket "Ticket" = ticket::GetTicket;
            /// Lists tickets (v2.0), 50 a page, with typed filters: iterate with `for await`.
            listTickets: Get "v2.0/ticket/list" V2 Bearer Safe true,
                TicketFilter "TicketFilter" -> TicketPage "Page<Ticket>" = ticket::ListTickets;
            /// Reads one ticket through v2.0, optionally with stopwatch, escalated tickets and tags.
            getTicketV2: Get "v2.0/ticket/detail" V2 Bearer Safe false,
                TicketDetailQuery "TicketDetailQuery" -> TicketDetail "Ticket" = ticket::GetTicketV2;
            /// Opens a ticket as a customer (v2.0), with attachments. Retried only after a 429.
            createTicket: Post "v2.0/ticket/new" V2 Bearer OnlyAfter429 false,
                NewTicket "NewTicket" -> CreateTicket "CreateTicketResult" = ticket::CreateTicket;
            /// Replies as the ticket's customer (v2.0), with attachments.
            replyAsCustomer: Post "v2.0/ticket/reply/customer" V2 Bearer OnlyAfter429 false,
                TicketReply "TicketReply" -> CustomerReply "WriteResult" = ticket::ReplyAsCustomer;
            /// Replies as the linked operator (v2.0). With no operator linked the API stores it as the customer's: see replyAsOperatorSafely.
            replyAsOperator: Post "v2.0/ticket/reply/operator" V2 Bearer OnlyAfter429 false,
                OperatorReply "OperatorReply" -> OperatorReply "WriteResult" = ticket::ReplyAsOperator;
            /// Adds an internal note to a ticket (v2.0), not shown to the customer.
            commentTicket: Post "v2.0/ticket/comment" V2 Bearer OnlyAfter429 false,
                TicketComment "TicketComment" -> TicketComment "WriteResult" = ticket::CommentTicket;
            /// Finishes a ticket (v2.0); workedMinutes is in minutes.
            finishTicket: Post "v2.0/ticket/finish" V2 Bearer OnlyAfter429 false,
                FinishTicket "FinishTicket" -> FinishTicket "WriteResult" = ticket::FinishTicketCall;
            /// Transfers a ticket to a department and/or operator (v2.0).
            transferTicket: Post "v2.0/ticket/transfer" V2 Bearer OnlyAfter429 false,
                TransferTicket "TransferTicket" -> TransferTicket "WriteResult" = ticket::TransferTicketCall;
            /// Links an operator to a ticket that has none (v2.0).
            linkOperator: Post "v2.0/ticket/operator/link" V2 Bearer OnlyAfter429 false,
                LinkOperator "LinkOperator" -> LinkOperator "WriteResult" = ticket::LinkOperatorCall;
            /// Records the customer's evaluation of a finished ticket (v2.0).
            evaluateTicket: Post "v2.0/ticket/evaluation" V2 Bearer OnlyAfter429 false,
                TicketEvaluation "TicketEvaluationInput" -> TicketEvaluation "WriteResult" = ticket::EvaluateTicket;
            /// Lists the account's customers (v2.0), 50 a page: iterate with `for await`.
            listCustomers: Get "v2.0/customer/list" V2 Bearer Safe true,
                CustomerListFilter "NoFilter" -> CustomerPage "Page<CustomerSummary>" = directory::ListCustomers;
            /// Updates a customer through v2.0, sending only the fields given (the legacy path is updateCustomer).
            updateCustomerV2: Post "v2.0/customer/update" V2 Bearer OnlyAfter429 false,
                CustomerUpdateV2 "CustomerUpdateV2" -> CustomerUpdateV2 "WriteResult" = directory::UpdateCustomerV2;
            /// Says whether an e-mail is on the blacklist of tickets created by e-mail (v2.0).
            searchBlacklist: Get "v2.0/customer/blacklist/search" V2 Bearer Safe false,
                BlacklistQuery "BlacklistQuery" -> Blacklist "BlacklistResult" = directory::SearchBlacklist;
            /// Lists the account's organisations (v2.0), 50 a page.
            listOrganizations: Get "v2.0/organization/list" V2 Bearer Safe true,
                OrganizationFilter "NoFilter" -> OrganizationPage "Page<Named>" = directory::ListOrganizations;
            /// Lists departments (v2.0), with their categories, custom fields and operators when includeNested.
            listDepartments: Get "v2.0/department/list" V2 Bearer Safe false,
                DepartmentQuery "DepartmentQuery" -> DepartmentList "DepartmentList" = directory::ListDepartments;
            /// Lists the ticket custom fields of a department, or of one of its categories (v2.0).
            listDepartmentCustomFields: Get "v2.0/custom_field/department/list" V2 Bearer Safe false,
                DepartmentFieldsQuery "DepartmentFieldsQuery" -> CustomFieldList "CustomFieldList" = directory::ListDepartmentCustomFields;
            /// Lists a department's operators (v2.0; Premium and Enterprise plans).
            listDepartmentOperators: Get "v2.0/department/operator/list" V2 Bearer Safe false,
                DepartmentOperatorsQuery "DepartmentOperatorsQuery" -> OperatorList "OperatorList" = directory::ListDepartmentOperators;
            /// Lists chats (v2.0), 50 a page, by customer, department, organisation, date and protocol.
            listChats: Get "v2.0/chat/list" V2 Bearer Safe true,
                ChatFilter "ChatFilter" -> ChatPage "Page<Chat>" = directory::ListChats;
        }
    };
}
#[doc(hidden)]
pub use with_calls;

/// The list as written → one bracketed row per call for `$cb!`: the callbacks then match a
/// one-line pattern instead of repeating the row syntax.
#[doc(hidden)]
#[macro_export]
macro_rules! calls_rows {
    ($cb:ident; $(
        $(#[doc = $doc:literal])*
        $name:ident: $method:ident $path:literal $family:ident $auth:ident $retry:ident $paged:literal,
            $in_stem:ident $in_ts:literal -> $out_stem:ident $out_ts:literal = $($codec:ident)::+;
    )*) => {
        $cb! { $([$name $method $path $family $auth $retry $paged $in_stem $in_ts $out_stem $out_ts ($($codec)::+) ($($doc)*)])* }
    };
}

macro_rules! define_calls {
    ($([$name:ident $method:ident $path:literal $family:ident $auth:ident $retry:ident $paged:literal $in_stem:ident $in_ts:literal $out_stem:ident $out_ts:literal ($($codec:tt)*) ($($doc:literal)*)])*) => {
        paste::paste! {
            $(
                #[doc = concat!("`", stringify!($name), "`: ", $($doc,)*)]
                pub const [<$name:snake:upper>]: CallInfo = CallInfo {
                    name: stringify!($name),
                    method: Method::$method,
                    path: $path,
                    family: Family::$family,
                    auth: Auth::$auth,
                    retry: Retry::$retry,
                    paginated: $paged,
                    input: $in_ts,
                    output: $out_ts,
                    validate_export: concat!("validate", stringify!($in_stem)),
                    encode_export: concat!("encode", stringify!($in_stem)),
                    decode_export: concat!("decode", stringify!($out_stem)),
                    summary: concat!($($doc,)*),
                    request: request::<super::$($codec)*>,
                    decode_json: decode_json::<super::$($codec)*>,
                };
                // A write that could be repeated after a 5xx would risk a second record.
                const _: () = assert!(!matches!((Method::$method, Retry::$retry), (Method::Post, Retry::Safe)));
            )*
            /// Every call, in the order of the list.
            pub const CALLS: &[CallInfo] = &[$([<$name:snake:upper>]),*];
        }
    };
}
with_calls!(define_calls);

/// Exports that are not TomTicket calls (the completeness test allows exactly these besides the
/// calls' own).
pub const OTHER_EXPORTS: &[&str] = &["TomTicketClient", "isTomTicketError", "parsePipeRunCustomer", "mapPipeRunCustomer", "summarizeDepartments", "verifyWebhook"];

/// The call with this client method name or export name.
pub fn find(name: &str) -> Option<&'static CallInfo> {
    CALLS.iter().find(|c| c.name == name || c.validate_export == name || c.encode_export == name || c.decode_export == name)
}

/// Test support: a codec's input read from a `serde_json` value, as `request` reads it.
#[cfg(test)]
pub fn read_value<C: Codec>(what: &str, value: &serde_json::Value) -> Result<C::Input, Vec<Issue>> {
    let text = value.to_string();
    let mut issues = Issues::new();
    let doc = Doc::parse(&text).map_err(|_| Vec::new())?;
    match <C::Input as Input>::read(Reader::strict(doc.root(), what, &mut issues)) {
        Some(input) if issues.is_empty() => Ok(input),
        _ => Err(issues.into_vec()),
    }
}

/// Test support: the request of an input already read.
#[cfg(test)]
pub fn request_of<C: Codec>(info: &CallInfo, input: &C::Input) -> Request {
    let mut req = info.new_request();
    input.encode(&mut req);
    req
}

/// Test support: a decode whose errors name the call, as [`CallInfo::decode`] does.
#[cfg(test)]
pub fn decode_as<'a, C: Codec>(info: &CallInfo, response: Response<'a>) -> Result<C::Output<'a>, Error> {
    C::decode(&response).map_err(|mut e| {
        e.endpoint.get_or_insert_with(|| info.display());
        e
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_displays_redact_the_token() {
        let mut names: Vec<&str> = CALLS.iter().flat_map(|c| [c.name, c.validate_export, c.encode_export, c.decode_export]).collect();
        let n = names.len();
        names.sort();
        names.dedup();
        // validate/encode stems may be shared by no two calls; decode exports neither.
        assert_eq!(names.len(), n, "{names:?}");
        assert_eq!(GET_CUSTOMER.display(), "GET /v2.0/customer/details");
        assert_eq!(GET_TICKET.display(), "GET /chamado/***/{ticketId}");
        assert_eq!(UPDATE_CUSTOMER.display(), "POST /update_cliente/***/{identifier}/{identifierType}");
        assert_eq!(find("decodeTicket").map(|c| c.name), Some("getTicket"));
    }

    #[test]
    fn token_goes_where_auth_says() {
        for c in CALLS {
            assert_eq!(c.path.contains("{token}"), c.auth == Auth::InPath, "{}", c.name);
            assert_eq!(c.family == Family::V2, c.path.starts_with("v2.0/"), "{}", c.name);
        }
    }
}
