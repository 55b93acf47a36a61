//! Arbitrary *structured* inputs for the encoders, the client options and the PipeRun mapping:
//! `arbitrary`-derived types that build JSON objects with the JS property names (or PipeRun wire
//! keys) the core's readers read, each member absent, `null`, a value of the expected type
//! biased towards the limits, or any other JSON; plus unknown keys.
//!
//! A call's input type (`CallInfo::input`, its TypeScript name) picks its generator in
//! [`call_input`]; a call this file does not know yet gets [`GenericInput`], an object whose keys
//! lean to the JS property names of the dictionary, so a new call is fuzzed from the start.
use arbitrary::{Arbitrary, Unstructured};
use serde_json::{Map, Number, Value};
use tomticket_wasm::core::CallInfo;

use crate::dict::{BASE_URLS, EMAILS, ID_TYPES, JS_KEYS, LANGUAGES, LIMITS, NASTY, UNITS, WIRE_KEYS};

fn pick<'a>(xs: &[&'a str], i: impl Into<usize>) -> &'a str {
    xs[i.into() % xs.len()]
}

/// Something that becomes a JSON value.
pub trait ToJson {
    fn to_json(&self) -> Value;
}

/// Text biased towards what breaks parsers.
#[derive(Arbitrary, Debug)]
pub enum Text {
    Raw(String),
    Nasty(u8),
    /// A character repeated to a length around a limit.
    Limit { unit: u8, len: u8 },
    Digits(u64),
    Hex(u128),
    Key(u8),
    Concat(Vec<Text>),
}

impl Text {
    pub fn build(&self) -> String {
        match self {
            Text::Raw(s) => s.clone(),
            Text::Nasty(i) => pick(NASTY, *i).to_owned(),
            Text::Limit { unit, len } => pick(UNITS, *unit).repeat(LIMITS[*len as usize % LIMITS.len()]),
            Text::Digits(n) => n.to_string(),
            Text::Hex(n) => format!("{n:032x}"),
            Text::Key(i) => pick(JS_KEYS, *i).to_owned(),
            Text::Concat(parts) => parts.iter().map(Text::build).collect(),
        }
    }
}

impl ToJson for Text {
    fn to_json(&self) -> Value {
        Value::String(self.build())
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

/// Any JSON value.
#[derive(Arbitrary, Debug)]
pub enum Json {
    Null,
    Bool(bool),
    Small(u8),
    Int(i64),
    Float(f64),
    Str(Text),
    Arr(Vec<Json>),
    Obj(Vec<(Key, Json)>),
}

impl ToJson for Json {
    fn to_json(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Small(n) => Value::from(*n),
            Json::Int(n) => Value::from(*n),
            Json::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Json::Str(t) => t.to_json(),
            Json::Arr(items) => Value::Array(items.iter().map(ToJson::to_json).collect()),
            Json::Obj(pairs) => pairs.to_json(),
        }
    }
}

/// An object key: a JS property name, a wire key, or any text.
#[derive(Arbitrary, Debug)]
pub enum Key {
    Js(u8),
    Wire(u8),
    Text(Text),
}

pub trait ToKey {
    fn to_key(&self) -> String;
}

impl ToKey for Key {
    fn to_key(&self) -> String {
        match self {
            Key::Js(i) => pick(JS_KEYS, *i).to_owned(),
            Key::Wire(i) => pick(WIRE_KEYS, *i).to_owned(),
            Key::Text(t) => t.build(),
        }
    }
}

impl ToKey for Text {
    fn to_key(&self) -> String {
        self.build()
    }
}

impl<K: ToKey, V: ToJson> ToJson for Vec<(K, V)> {
    fn to_json(&self) -> Value {
        Value::Object(self.iter().map(|(k, v)| (k.to_key(), v.to_json())).collect())
    }
}

/// A JSON array.
#[derive(Arbitrary, Debug)]
pub struct List<T>(pub Vec<T>);

impl<T: ToJson> ToJson for List<T> {
    fn to_json(&self) -> Value {
        Value::Array(self.0.iter().map(ToJson::to_json).collect())
    }
}

/// A member of an input object.
#[derive(Arbitrary, Debug)]
pub enum Field<T> {
    Absent,
    Set(T),
    Null,
    Other(Json),
}

impl<T: ToJson> Field<T> {
    pub fn put(&self, m: &mut Map<String, Value>, key: &str) {
        let v = match self {
            Field::Absent => return,
            Field::Set(t) => t.to_json(),
            Field::Null => Value::Null,
            Field::Other(j) => j.to_json(),
        };
        m.insert(key.to_owned(), v);
    }
}

/// A scalar the lenient readers accept in many spellings.
#[derive(Arbitrary, Debug)]
pub enum Scalar {
    Str(Text),
    Small(u8),
    Int(i64),
    Bool(bool),
    Float(f64),
}

impl ToJson for Scalar {
    fn to_json(&self) -> Value {
        match self {
            Scalar::Str(t) => t.to_json(),
            Scalar::Small(n) => Value::from(*n),
            Scalar::Int(n) => Value::from(*n),
            Scalar::Bool(b) => Value::Bool(*b),
            Scalar::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
        }
    }
}

/// An e-mail: a valid one, one built from two texts, or any text.
#[derive(Arbitrary, Debug)]
pub enum Email {
    Sample(u8),
    Built(Text, Text),
    Raw(Text),
}

impl ToJson for Email {
    fn to_json(&self) -> Value {
        Value::String(match self {
            Email::Sample(i) => pick(EMAILS, *i).to_owned(),
            Email::Built(a, b) => format!("{}@{}", a.build(), b.build()),
            Email::Raw(t) => t.build(),
        })
    }
}

/// One of the accepted spellings of an enum member (`Language::INPUTS`, …), or any text.
#[derive(Arbitrary, Debug)]
pub enum Choice {
    Known(u8),
    Raw(Text),
}

fn choice(c: &Choice, known: &[&str]) -> Value {
    match c {
        Choice::Known(i) => Value::String(pick(known, *i).to_owned()),
        Choice::Raw(t) => t.to_json(),
    }
}

#[derive(Arbitrary, Debug)]
pub struct Lang(pub Choice);

impl ToJson for Lang {
    fn to_json(&self) -> Value {
        choice(&self.0, LANGUAGES)
    }
}

#[derive(Arbitrary, Debug)]
pub struct IdType(pub Choice);

impl ToJson for IdType {
    fn to_json(&self) -> Value {
        choice(&self.0, ID_TYPES)
    }
}

/// A number option: small, around the limits, any integer or float, or text.
#[derive(Arbitrary, Debug)]
pub enum Num {
    Small(u16),
    Limit(u8),
    Int(i64),
    Float(f64),
    Text(Text),
}

impl ToJson for Num {
    fn to_json(&self) -> Value {
        const EDGES: [i64; 10] = [0, 10, 11, 1000, 1001, 60_000, 60_001, 600_000, 600_001, 4_294_967_296];
        match self {
            Num::Small(n) => Value::from(*n),
            Num::Limit(i) => Value::from(EDGES[*i as usize % EDGES.len()]),
            Num::Int(n) => Value::from(*n),
            Num::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Num::Text(t) => t.to_json(),
        }
    }
}

#[derive(Arbitrary, Debug)]
pub enum BaseUrlText {
    Sample(u8),
    Built { https: bool, host: Text, path: Text },
    Raw(Text),
}

impl ToJson for BaseUrlText {
    fn to_json(&self) -> Value {
        Value::String(match self {
            BaseUrlText::Sample(i) => pick(BASE_URLS, *i).to_owned(),
            BaseUrlText::Built { https, host, path } => {
                format!("{}://{}/{}", if *https { "https" } else { "http" }, host.build(), path.build())
            }
            BaseUrlText::Raw(t) => t.build(),
        })
    }
}

/// A token, always starting with [`TOKEN_MARKER`] so that a leak can be recognised.
#[derive(Arbitrary, Debug)]
pub struct Token(pub Text);

pub const TOKEN_MARKER: &str = "Zq9-";

impl ToJson for Token {
    fn to_json(&self) -> Value {
        Value::String(format!("{TOKEN_MARKER}{}", self.0.build()))
    }
}

/// `retry`: a boolean or an object.
#[derive(Arbitrary, Debug)]
pub enum Retry {
    Bool(bool),
    Obj(RetryInput),
}

impl ToJson for Retry {
    fn to_json(&self) -> Value {
        match self {
            Retry::Bool(b) => Value::Bool(*b),
            Retry::Obj(o) => o.to_json(),
        }
    }
}

/// A struct of `Field`s → a JSON object with the given keys, plus unknown members.
macro_rules! js_object {
    ($(#[$meta:meta])* $name:ident { $($field:ident : $ty:ty = $key:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Arbitrary, Debug)]
        pub struct $name {
            $(pub $field: Field<$ty>,)*
            pub extra: Vec<(Key, Json)>,
        }
        impl ToJson for $name {
            fn to_json(&self) -> Value {
                let mut m = Map::new();
                $(self.$field.put(&mut m, $key);)*
                for (k, v) in &self.extra {
                    m.insert(k.to_key(), v.to_json());
                }
                Value::Object(m)
            }
        }
    };
}

js_object!(
    /// `createCustomer`'s input.
    NewCustomerInput {
        customer_id: Text = "customerId",
        name: Text = "name",
        email: Email = "email",
        phone: Text = "phone",
        can_create_tickets: bool = "canCreateTickets",
        organization_id: Text = "organizationId",
        language: Lang = "language",
        portfolio_id: Text = "portfolioId",
        custom_fields: Vec<(Text, Scalar)> = "customFields",
    }
);

js_object!(
    /// `getCustomer`'s input.
    CustomerLookupInput { customer_id: Text = "customerId", email: Email = "email" }
);

js_object!(
    /// `updateCustomer`'s input (legacy `update_cliente`).
    CustomerUpdateInput {
        identifier: Email = "identifier",
        identifier_type: IdType = "identifierType",
        name: Text = "name",
        email: Email = "email",
        can_create_tickets: bool = "canCreateTickets",
        phone: Text = "phone",
        organization_id: Text = "organizationId",
        internal_id: Text = "internalId",
        custom_fields: Vec<(Text, Scalar)> = "customFields",
        language: Lang = "language",
        portfolio_id: Text = "portfolioId",
    }
);

js_object!(
    /// `getTicket`'s input.
    TicketQueryInput {
        ticket_id: Text = "ticketId",
        include_stopwatch: bool = "includeStopwatch",
        include_escalated_tickets: bool = "includeEscalatedTickets",
    }
);

js_object!(
    /// `new TomTicketClient(options)` (without `fetch`, which the binding removes).
    ClientOptionsInput {
        token: Token = "token",
        base_url: BaseUrlText = "baseUrl",
        timeout_ms: Num = "timeoutMs",
        retry: Retry = "retry",
        requests_per_second: Num = "requestsPerSecond",
        allow_token_in_browser: bool = "dangerouslyAllowTokenInBrowser",
    }
);

js_object!(
    /// `retry` of the client options.
    RetryInput { max_retries: Num = "maxRetries", base_delay_ms: Num = "baseDelayMs", max_delay_ms: Num = "maxDelayMs" }
);

js_object!(
    /// The options of `mapPipeRunCustomer`.
    MappingOptionsInput {
        customer_id_prefix: Text = "customerIdPrefix",
        prefer_external_id: bool = "preferExternalId",
        custom_field_ids: Vec<(Text, Scalar)> = "customFieldIds",
        language: Lang = "language",
    }
);

js_object!(
    /// A PipeRun customer (wire keys).
    PipeRunCustomerInput {
        id: Scalar = "id",
        name: Text = "name",
        external_id: Text = "external_id",
        document_number: Text = "document_number",
        created_at: Text = "created_at",
        main_sms: Scalar = "main_sms",
        main_whatsapp: Scalar = "main_whatsapp",
        main_email: Scalar = "main_email",
        custom_fields: PipeRunCustomFields = "custom_fields",
        profile_info: PipeRunProfile = "profile_info",
        telephones: List<PipeRunTelephone> = "telephones",
        emails: List<PipeRunEmail> = "emails",
        customer_organization_id: Scalar = "customer_organization_id",
        is_priority: Scalar = "is_priority",
    }
);

js_object!(PipeRunTelephone {
    id: Scalar = "id",
    customer_id: Scalar = "customer_id",
    country_code: Text = "country_code",
    area_code: Text = "area_code",
    number: Text = "number",
    full_number: Text = "full_number",
    full_number_cc: Text = "full_number_cc",
    kind: Text = "type",
    has_whatsapp: Scalar = "has_whatsapp",
});

js_object!(PipeRunEmail { id: Scalar = "id", email: Email = "email", unsubscribed_at: Text = "unsubscribed_at" });

js_object!(PipeRunProfile { name: Text = "name", username: Text = "username" });

js_object!(PipeRunCustomField { id: Scalar = "id", label: Text = "label", name: Text = "name", value: Json = "value" });

/// `custom_fields`: `{ label: value }` or a list of field objects.
#[derive(Arbitrary, Debug)]
pub enum PipeRunCustomFields {
    Map(Vec<(Text, Json)>),
    List(List<PipeRunCustomField>),
}

impl ToJson for PipeRunCustomFields {
    fn to_json(&self) -> Value {
        match self {
            PipeRunCustomFields::Map(m) => m.to_json(),
            PipeRunCustomFields::List(l) => l.to_json(),
        }
    }
}

/// The shapes a PipeRun webhook payload comes in.
#[derive(Arbitrary, Debug)]
pub enum PipeRunPayload {
    Flat(PipeRunCustomerInput),
    Customer(PipeRunCustomerInput),
    Talk(PipeRunCustomerInput),
    Any(Json),
}

impl ToJson for PipeRunPayload {
    fn to_json(&self) -> Value {
        match self {
            PipeRunPayload::Flat(c) => c.to_json(),
            PipeRunPayload::Customer(c) => serde_json::json!({ "customer": c.to_json() }),
            PipeRunPayload::Talk(c) => serde_json::json!({ "talk": { "id": 1, "customer": c.to_json() } }),
            PipeRunPayload::Any(j) => j.to_json(),
        }
    }
}

/// `mapPipeRunCustomer(payload, options)`: `{"payload": …, "options": …}`.
#[derive(Arbitrary, Debug)]
pub struct MapCall {
    pub payload: PipeRunPayload,
    pub options: Field<MappingOptionsInput>,
}

impl ToJson for MapCall {
    fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("payload".into(), self.payload.to_json());
        self.options.put(&mut m, "options");
        Value::Object(m)
    }
}

/// An input of a call this file has no generator for: an object whose keys are mostly JS
/// property names of the dictionary, with any values.
#[derive(Arbitrary, Debug)]
pub struct GenericInput(pub Vec<(GenericKey, Json)>);

#[derive(Arbitrary, Debug)]
pub enum GenericKey {
    Js(u8),
    JsToo(u8),
    Any(Key),
}

impl ToKey for GenericKey {
    fn to_key(&self) -> String {
        match self {
            GenericKey::Js(i) | GenericKey::JsToo(i) => pick(JS_KEYS, *i).to_owned(),
            GenericKey::Any(k) => k.to_key(),
        }
    }
}

impl ToJson for GenericInput {
    fn to_json(&self) -> Value {
        self.0.to_json()
    }
}

/// A target's input as JSON: bytes that start with `{` are JSON text (the seeds, and what
/// libFuzzer makes of them), anything else is the `arbitrary` encoding of `T`.
pub fn json_input<T: for<'a> Arbitrary<'a> + ToJson>(data: &[u8]) -> Option<Value> {
    if data.first() == Some(&b'{') {
        serde_json::from_slice(data).ok()
    } else {
        T::arbitrary_take_rest(Unstructured::new(data)).ok().map(|t| t.to_json())
    }
}

/// The same as JSON *text*: bytes that start with `{` are passed as they are (lossy UTF-8), so
/// that broken JSON reaches the core's reader too.
pub fn text_input<T: for<'a> Arbitrary<'a> + ToJson>(data: &[u8]) -> Option<String> {
    if data.first() == Some(&b'{') {
        Some(String::from_utf8_lossy(data).into_owned())
    } else {
        T::arbitrary_take_rest(Unstructured::new(data)).ok().map(|t| t.to_json().to_string())
    }
}

/// A call's input as JSON text, by the call's input type.
pub fn call_input(call: &CallInfo, data: &[u8]) -> Option<String> {
    match call.input {
        "NewCustomer" => text_input::<NewCustomerInput>(data),
        "CustomerLookup" => text_input::<CustomerLookupInput>(data),
        "LegacyCustomerUpdate" => text_input::<CustomerUpdateInput>(data),
        "TicketQuery" => text_input::<TicketQueryInput>(data),
        _ => text_input::<GenericInput>(data),
    }
}

/// `new TomTicketClient(options)` as JSON text.
pub fn options_input(data: &[u8]) -> Option<String> {
    text_input::<ClientOptionsInput>(data)
}
