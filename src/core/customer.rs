//! v2.0 customers: `GET /v2.0/customer/details` (look one up) and `POST /v2.0/customer/new`.
//!
//! # Lookup input: [`CustomerLookup`]
//! `{ customerId: string }` (the internal id, sent as `customer_id=<id>&customer_type_id=I`) or
//! `{ email: string }` (sent as `customer_id=<email>&customer_type_id=E`). Exactly one of them:
//! neither → `required` on `customerId`; both → `notAllowed` on `email`. A blank string (`""`,
//! spaces) counts as "not given", so a form that binds both inputs with `""` works. The value
//! is sent as typed (not trimmed). Rules: ≤ 250 characters, one line; `email` must be an e-mail.
//! `customer_type_id=I` is sent explicitly even though it is the server's default.
//!
//! # Lookup output: [`Customer`]
//! Names are English camelCase; wire names appear only in the decoder. Decisions:
//! - **Quotas** ([`Quota`]) are `number | "unlimited"`. The page says a `null` quota means
//!   unlimited, so wire `null` (and `""`, `"unlimited"`/`"ilimitado"`) becomes `"unlimited"` —
//!   never `0`. A number or a numeric string becomes a number (`0` stays `0`: a real quota of
//!   zero tickets). The field itself is `Quota | null`, and `null` means only "the server did not
//!   send this key, or sent something unreadable" (a negative number, text, a fraction): it is
//!   never to be read as unlimited.
//! - **`permissions.monthlyTicketQuota`** is documented as Boolean, which is a page error (it is
//!   the effective quota: the smallest of the customer's, the organization's and the mother
//!   organization's). Numbers, numeric strings and `null` read as above. A boolean is read as
//!   "does a quota apply?": `false` → `"unlimited"`, `true` → `null` (a quota applies but its
//!   number was not sent; compare the three quotas yourself).
//! - **`organization` / `motherOrganization`** are `null` when absent, `null`, `""`, `[]`, `{}`,
//!   or an object with neither `id` nor `name` (PHP all-null objects). A one-element list
//!   `[{...}]` is accepted. `active` is read leniently (`true`, `"1"`, `"S"`, ...): the page
//!   types it as String.
//! - **`permissions`** is always an object; its members are `null` when not sent.
//! - **Scalars** are lenient: numbers as strings, `""` → `null`, booleans as `"1"`/`"S"`/...
//! - **`customFields`** is always an array: `value` keeps the JSON type the server sent (a string
//!   stays a string, even `""`; absent → `null`). A `{ "<id>": {...} }` object instead of a list
//!   is accepted (the key is the id when the entry has none); `label` is read when `name` is absent.
//! - An empty `data` (`{}`, `[]`) or no `data` is a `decode` error, not an empty customer.
//!
//! # Create input: [`NewCustomer`]
//! `{ customerId, name, email?, phone?, canCreateTickets?, organizationId?, language?,
//! portfolioId?, customFields? }` → form fields in the page's names and order: `customer_id`,
//! `name`, `email`, `phone`, `create_tickets`, `organization_id`, `language`, `portfolio_id`,
//! `custom_field[<id>]` (ids in ascending order). Decisions:
//! - Optional text fields that are blank (`""`, spaces) or `null` are **not sent** (nothing to
//!   create with an empty value), so forms can pass empty inputs as they are.
//! - `canCreateTickets` → `create_tickets` `1`/`0`, sent only when given (the server's default is `1`).
//! - `language` accepts `pt-BR`/`pt_BR`, `en-US`/`en_US`, `es-ES`/`es_ES` and sends the page's
//!   spelling for this endpoint: `pt-BR`, `en-US`, `es_ES` (the page mixes separators).
//! - `customFields` values (string, number, boolean; `null` → `""`) are sent as text and may be
//!   multi-line; ids follow the bracket-key rule. The page's "max 1" for them is not enforced.
//!
//! # Create output: [`CreateCustomerResult`]
//! `{ message: string | null }` (the server's message). Success requires the v2 envelope to say so
//! (`success: true` or `error: false`); a 2xx body with neither is a `decode` error.
use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Serialize, Serializer};
use tsify::Tsify;

use super::calls::{codec, Codec, Input};
use super::envelope::{self, Response};
use super::error::{Error, ErrorKind};
use super::fields::{self, optional_email, optional_line, required_line, Language};
use super::http::{Family, Request};
use super::issue::IssueCode;
use super::json::{Kind, Val};
use super::read::{lenient_int, Reader};
use super::write::RawJson;

/// Max characters of `customer_id` (lookup and create), `name`, `email`.
pub(super) const CUSTOMER_ID_MAX_CHARS: u32 = 250;
pub(super) const NAME_MAX_CHARS: u32 = 250;
pub(super) const EMAIL_MAX_CHARS: u32 = 250;
pub(super) const PHONE_MAX_CHARS: u32 = 20;
/// `organization_id` and `portfolio_id` of `customer/new`.
pub(super) const NEW_ORGANIZATION_ID_MAX_CHARS: u32 = 512;
pub(super) const NEW_PORTFOLIO_ID_MAX_CHARS: u32 = 512;

// ---------------------------------------------------------------------------------------------
// Lookup input

/// Which customer to read: by internal id or by e-mail (exactly one).
#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq)]
#[serde(untagged)]
#[tsify(type = "{ customerId: string; email?: never } | { email: string; customerId?: never }")]
pub enum CustomerLookup {
    /// `customer_type_id=I`.
    InternalId {
        #[serde(rename = "customerId")]
        customer_id: String,
    },
    /// `customer_type_id=E`.
    Email { email: String },
}

impl Input for CustomerLookup {
    /// Reads the lookup; every issue at once.
    fn read(mut r: Reader<'_, '_, '_>) -> Option<CustomerLookup> {
        let is_object = r.is_object();
        let wrong_type = ["customerId", "email"].iter().any(|k| r.kind_of(k).is_some_and(|k| k != Kind::String));
        let id = optional_line(&mut r, "customerId", CUSTOMER_ID_MAX_CHARS);
        let email = optional_email(&mut r, "email", EMAIL_MAX_CHARS);
        let issues = r.finish();
        match (id, email) {
            (Some(_), Some(_)) => {
                issues.push(
                    "email",
                    IssueCode::NotAllowed,
                    "give either customerId or email, not both (a customer is looked up by one of them)",
                );
                None
            }
            (Some(customer_id), None) => Some(CustomerLookup::InternalId { customer_id }),
            (None, Some(email)) => Some(CustomerLookup::Email { email }),
            (None, None) => {
                if is_object && !wrong_type {
                    issues.push("customerId", IssueCode::Required, "customerId or email is required");
                }
                None
            }
        }
    }

    /// `customer_id=…&customer_type_id=I|E`.
    fn encode(&self, request: &mut Request) {
        let (value, kind) = match self {
            CustomerLookup::InternalId { customer_id } => (customer_id, "I"),
            CustomerLookup::Email { email } => (email, "E"),
        };
        request.query.push(("customer_id".to_owned(), value.clone()));
        request.query.push(("customer_type_id".to_owned(), kind.to_owned()));
    }
}

// ---------------------------------------------------------------------------------------------
// Lookup output

/// A monthly ticket quota: a number of tickets, or `"unlimited"` (the API's `null`). Never `0`
/// for "unlimited": `0` is a real quota of zero tickets.
#[derive(Tsify, Clone, Copy, Debug, PartialEq, Eq)]
#[tsify(type = "number | \"unlimited\"")]
pub enum Quota {
    Limited(u32),
    Unlimited,
}

impl Serialize for Quota {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Quota::Limited(n) => s.serialize_u32(*n),
            Quota::Unlimited => s.serialize_str("unlimited"),
        }
    }
}

/// Reads a quota key. `None`: not sent, or unreadable (see the module notes).
fn quota(o: &mut Reader<'_, '_, '_>, key: &'static str) -> Option<Quota> {
    quota_of(o.member(key)?)
}

/// A quota value (see the module notes): `null`, `false`, blank, `"unlimited"` → unlimited; a
/// whole number ≥ 0 (or its text) → that number; anything else → `None` (unreadable).
pub(super) fn quota_of(v: Val<'_, '_>) -> Option<Quota> {
    match v.kind() {
        Kind::Null | Kind::False => Some(Quota::Unlimited),
        Kind::True => None,
        Kind::String => {
            let s = v.as_str()?;
            let t = s.trim();
            if t.is_empty() || ["unlimited", "ilimitado", "null"].iter().any(|w| t.eq_ignore_ascii_case(w)) {
                Some(Quota::Unlimited)
            } else {
                lenient_int(v).and_then(|n| u32::try_from(n).ok()).map(Quota::Limited)
            }
        }
        Kind::Number => lenient_int(v).and_then(|n| u32::try_from(n).ok()).map(Quota::Limited),
        _ => None,
    }
}

models! {
    [#[tsify(missing_as_null)]]

    /// A customer as read by `getCustomer`.
    pub struct Customer<'a> {
        pub name: Option<Cow<'a, str>>,
        pub email: Option<Cow<'a, str>>,
        pub phone: Option<Cow<'a, str>>,
        /// The customer's internal id (`customerId` of a lookup).
        pub internal_id: Option<Cow<'a, str>>,
        /// The customer's own quota. `null`: not sent or unreadable (never "unlimited").
        pub monthly_ticket_quota: Option<Quota>,
        /// The customer's own flag (see `permissions.active` for the effective one).
        pub active: Option<bool>,
        pub organization: Option<Organization<'a>>,
        /// The organization's mother organization.
        pub mother_organization: Option<Organization<'a>>,
        /// What the customer may do, combining the customer and both organizations.
        pub permissions: CustomerPermissions,
        pub custom_fields: Vec<CustomerCustomField<'a>>,
    }

    pub struct Organization<'a> {
        pub id: Option<Cow<'a, str>>,
        pub name: Option<Cow<'a, str>>,
        pub active: Option<bool>,
        /// `null`: not sent or unreadable (never "unlimited").
        pub monthly_ticket_quota: Option<Quota>,
    }

    /// Effective permissions (customer + organization + mother organization).
    pub struct CustomerPermissions {
        /// False when the customer or either organization is inactive.
        pub active: Option<bool>,
        pub email_validated: Option<bool>,
        pub can_create_tickets: Option<bool>,
        /// The effective quota. `null`: not sent, unreadable, or sent as `true` (see module notes).
        pub monthly_ticket_quota: Option<Quota>,
    }

    pub struct CustomerCustomField<'a> {
        pub id: Option<Cow<'a, str>>,
        /// The field's label.
        pub name: Option<Cow<'a, str>>,
        /// The value with the JSON type the server sent (null when absent).
        #[tsify(type = "JsonValue")]
        pub value: RawJson<'a>,
    }
}

fn customer_from<'a>(mut o: Reader<'_, '_, 'a>) -> Customer<'a> {
    let permissions = match o.object("permissions") {
        Some(mut p) => CustomerPermissions {
            active: p.bool("active"),
            email_validated: p.bool("email_validated"),
            can_create_tickets: p.bool("allowed_create_tickets"),
            monthly_ticket_quota: quota(&mut p, "monthly_ticket_quota"),
        },
        None => CustomerPermissions { active: None, email_validated: None, can_create_tickets: None, monthly_ticket_quota: None },
    };
    Customer {
        name: o.text("name"),
        email: o.text("email"),
        phone: o.text("phone"),
        internal_id: o.text("internal_id"),
        monthly_ticket_quota: quota(&mut o, "monthly_ticket_quota"),
        active: o.bool("active"),
        organization: organization(&mut o, "organization"),
        mother_organization: organization(&mut o, "organization_mother"),
        permissions,
        custom_fields: custom_fields_out(&mut o),
    }
}

fn organization<'a>(o: &mut Reader<'_, '_, 'a>, key: &'static str) -> Option<Organization<'a>> {
    let mut org = o.object(key)?;
    let id = org.text("id");
    let name = org.text("name");
    if id.is_none() && name.is_none() {
        return None;
    }
    Some(Organization { id, name, active: org.bool("active"), monthly_ticket_quota: quota(&mut org, "monthly_ticket_quota") })
}

fn custom_fields_out<'a>(o: &mut Reader<'_, '_, 'a>) -> Vec<CustomerCustomField<'a>> {
    fn field<'a>(f: Val<'_, 'a>, key: Option<Cow<'a, str>>) -> CustomerCustomField<'a> {
        let text = |k: &str| f.get(k).and_then(|v| super::read::text_of(v, super::read::Mode::Lenient));
        CustomerCustomField {
            id: text("id").or(key),
            name: text("name").or_else(|| text("label")),
            value: RawJson(f.get("value").map_or("null", |v| v.raw_json())),
        }
    }
    let Some(v) = o.raw("custom_fields") else { return Vec::new() };
    match v.kind() {
        Kind::Array => v.items().filter(|i| i.kind() == Kind::Object).map(|f| field(f, None)).collect(),
        Kind::Object => v.members().filter(|(_, f)| f.kind() == Kind::Object).map(|(k, f)| field(f, Some(k.text()))).collect(),
        _ => Vec::new(),
    }
}

codec!(
    /// `GET /v2.0/customer/details`.
    pub(super) GetCustomer: CustomerLookup => Customer<'a>, decode_get_customer
);

fn decode_get_customer<'a>(resp: &Response<'a>) -> Result<Customer<'a>, Error> {
    let doc = envelope::decode(Family::V2, resp)?;
    let top = doc.root();
    let fail = |e: Error| e.with_status(resp.status).with_server_message(envelope::server_message(top, Family::V2));
    let data = envelope::v2_data(top, resp.status)?;
    if data.is_empty() {
        return Err(fail(Error::new(ErrorKind::Decode, "expected a customer in `data`, got an empty object")));
    }
    let mut sink = super::read::sink();
    match Reader::lenient(data, &mut sink) {
        Some(r) => Ok(customer_from(r)),
        None => Err(fail(Error::new(ErrorKind::Decode, "expected `data` to be an object in the response"))),
    }
}

models! {
    [#[derive(Eq)] #[tsify(missing_as_null)]]

    /// The answer to `customerExists`.
    pub(super) struct CustomerExistsResult<'a> {
        pub exists: bool,
        /// The server's message.
        pub message: Option<Cow<'a, str>>,
    }
}

codec!(
    /// `GET /v2.0/customer/exists`. The help centre also shows `customers/exists`; the call sends
    /// the singular, like every other `customer/…` path (see docs/architecture.md). A 404 *with* a
    /// TomTicket envelope means "no such customer" (`exists: false`); a 404 without one (an HTML
    /// page, an empty body: the route is not there) stays a `notFound` error.
    pub(super) CustomerExists: CustomerLookup => CustomerExistsResult<'a>, decode_customer_exists
);

fn decode_customer_exists<'a>(resp: &Response<'a>) -> Result<CustomerExistsResult<'a>, Error> {
    let doc = match envelope::decode(Family::V2, resp) {
        Ok(doc) => doc,
        Err(e) if envelope::is_nothing_found(&e) => {
            return Ok(CustomerExistsResult { exists: false, message: e.server_message.map(Cow::Owned) })
        }
        Err(e) => return Err(e),
    };
    let mut sink = super::read::sink();
    let Some(mut r) = Reader::lenient(doc.root(), &mut sink) else {
        return Err(Error::new(ErrorKind::Decode, "expected a JSON object"));
    };
    let message = r.text("message");
    // `data.exists` when sent; else the envelope's success says it was found.
    let flag = r.object("data").and_then(|mut d| d.bool("exists"));
    Ok(CustomerExistsResult { exists: flag.unwrap_or(true), message })
}

// ---------------------------------------------------------------------------------------------
// Create input

models_skip_none! {
    [#[derive(Eq)]]

    /// A customer to create (`createCustomer`).
    pub struct NewCustomer {
        /// Your id for the customer (e.g. a primary key, CPF or CNPJ). ≤ 250 characters.
        pub customer_id: String,
        /// ≤ 250 characters.
        pub name: String,
        /// ≤ 250 characters; lets the customer sign in to the customer panel.
        pub email: Option<String>,
        /// ≤ 20 characters.
        pub phone: Option<String>,
        /// Whether the customer may create tickets (server default: true).
        pub can_create_tickets: Option<bool>,
        /// ≤ 512 characters.
        pub organization_id: Option<String>,
        /// Language of the customer panel (server default: pt-BR).
        #[tsify(type = "Language | \"pt_BR\" | \"en_US\" | \"es_ES\"")]
        pub language: Option<Language>,
        /// Customer portfolio (Enterprise accounts). ≤ 512 characters.
        pub portfolio_id: Option<String>,
        /// Custom fields by field id.
        #[tsify(type = "{ [fieldId: string]: string | number | boolean }")]
        pub custom_fields: Option<BTreeMap<String, String>>,
    }
}

fn pair(k: &str, v: &str) -> (String, String) {
    (k.to_owned(), v.to_owned())
}

impl Input for NewCustomer {
    /// Reads a `NewCustomer`; every issue at once, in field order.
    fn read(mut r: Reader<'_, '_, '_>) -> Option<NewCustomer> {
        let customer_id = required_line(&mut r, "customerId", CUSTOMER_ID_MAX_CHARS);
        let name = required_line(&mut r, "name", NAME_MAX_CHARS);
        let email = optional_email(&mut r, "email", EMAIL_MAX_CHARS);
        let phone = optional_line(&mut r, "phone", PHONE_MAX_CHARS);
        let can_create_tickets = r.bool("canCreateTickets");
        let organization_id = optional_line(&mut r, "organizationId", NEW_ORGANIZATION_ID_MAX_CHARS);
        let language = r.one_of("language", Language::INPUTS);
        let portfolio_id = optional_line(&mut r, "portfolioId", NEW_PORTFOLIO_ID_MAX_CHARS);
        let custom_fields = fields::custom_fields(&mut r, "customFields");
        r.finish();
        Some(NewCustomer { customer_id, name, email, phone, can_create_tickets, organization_id, language, portfolio_id, custom_fields })
    }

    fn encode(&self, request: &mut Request) {
        request.form = Some(self.form());
    }
}

impl NewCustomer {

    /// The form fields in wire names and the page's order.
    pub(super) fn form(&self) -> Vec<(String, String)> {
        let mut f = vec![pair("customer_id", &self.customer_id), pair("name", &self.name)];
        if let Some(v) = &self.email {
            f.push(pair("email", v));
        }
        if let Some(v) = &self.phone {
            f.push(pair("phone", v));
        }
        if let Some(v) = self.can_create_tickets {
            f.push(pair("create_tickets", if v { "1" } else { "0" }));
        }
        if let Some(v) = &self.organization_id {
            f.push(pair("organization_id", v));
        }
        if let Some(v) = self.language {
            f.push(pair("language", v.new_customer_wire()));
        }
        if let Some(v) = &self.portfolio_id {
            f.push(pair("portfolio_id", v));
        }
        for (id, v) in self.custom_fields.iter().flatten() {
            f.push((format!("custom_field[{id}]"), v.clone()));
        }
        f
    }
}

// ---------------------------------------------------------------------------------------------
// Create output

models! {
    [#[derive(Eq)] #[tsify(missing_as_null)]]

    /// The answer to `createCustomer`.
    pub struct CreateCustomerResult {
        /// The server's message (e.g. "Cliente criado com sucesso").
        pub message: Option<String>,
    }
}

codec!(
    /// `POST /v2.0/customer/new`.
    pub(super) CreateCustomer: NewCustomer => CreateCustomerResult,
    |resp| Ok(CreateCustomerResult { message: envelope::decode_write(Family::V2, resp, "the customer was created")? })
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::testing::{codes, listed, response as ok, xorshift_bytes, TestCall};
    use crate::core::calls::{CREATE_CUSTOMER, GET_CUSTOMER};
    use crate::core::http::{Auth, Method};
    use crate::core::json::Doc;
    use serde_json::{json, Value};

    const CUSTOMER_DETAILS_DISPLAY: &str = "GET /v2.0/customer/details";
    const NEW_CUSTOMER_DISPLAY: &str = "POST /v2.0/customer/new";

    const LOOKUP: TestCall<GetCustomer> = TestCall::new(&GET_CUSTOMER);
    const CREATE: TestCall<CreateCustomer> = TestCall::new(&CREATE_CUSTOMER);

    fn raw_values(c: &Customer<'_>) -> Vec<Value> {
        c.custom_fields.iter().map(|f| serde_json::from_str(f.value.0).unwrap()).collect()
    }
    /// `n` characters, mostly 4-byte emoji (2 UTF-16 units each), plus accents.
    fn emoji(n: usize) -> String {
        let mut s = String::from("é");
        while s.chars().count() < n {
            s.push('😀');
        }
        s
    }

    // ---- lookup input ----------------------------------------------------------------------

    #[test]
    fn lookup_by_internal_id_sends_type_i() {
        let l = LOOKUP.parse(&json!({"customerId": "12.345.678/0001-90"})).unwrap();
        assert_eq!(l, CustomerLookup::InternalId { customer_id: "12.345.678/0001-90".into() });
        let e = LOOKUP.request(&l);
        assert_eq!((e.method, e.auth, e.family), (Method::Get, Auth::Bearer, Family::V2));
        assert_eq!(e.display(), "GET /v2.0/customer/details?customer_id=12.345.678%2F0001-90&customer_type_id=I");
        assert_eq!(e.form, None);
    }

    #[test]
    fn lookup_by_email_sends_type_e() {
        let p = LOOKUP.encode(&json!({"email": "Ana+Suporte@Exemplo.com.br"})).unwrap();
        assert_eq!(p.path, "/v2.0/customer/details?customer_id=Ana%2BSuporte%40Exemplo.com.br&customer_type_id=E");
        assert_eq!(p.form, None);
        assert_eq!(p.body, None);
    }

    #[test]
    fn lookup_needs_exactly_one() {
        let v = LOOKUP.validate(&json!({}));
        assert_eq!(codes(&v), vec![("customerId", IssueCode::Required)]);
        let v = LOOKUP.validate(&json!({"customerId": "", "email": "  "}));
        assert_eq!(codes(&v), vec![("customerId", IssueCode::Required)]);
        let v = LOOKUP.validate(&json!({"customerId": null}));
        assert_eq!(codes(&v), vec![("customerId", IssueCode::Required)]);
        let v = LOOKUP.validate(&json!({"customerId": "a", "email": "a@b.co"}));
        assert_eq!(codes(&v), vec![("email", IssueCode::NotAllowed)]);
        // A blank one does not count: forms can bind both inputs.
        let l = LOOKUP.parse(&json!({"customerId": "", "email": "a@b.co"})).unwrap();
        assert_eq!(l, CustomerLookup::Email { email: "a@b.co".into() });
    }

    #[test]
    fn lookup_rules_all_at_once() {
        let v = LOOKUP.validate(&json!({"customerId": "a\r\nb", "email": "not-an-email", "extra": 1}));
        assert_eq!(
            listed(&codes(&v)),
            "customerId InvalidCharacters, email InvalidEmail, extra UnknownField, email NotAllowed",
        );
        let v = LOOKUP.validate(&json!({"customerId": 5}));
        assert_eq!(codes(&v), vec![("customerId", IssueCode::InvalidType)], "a wrong type is not also `required`");
        let v = LOOKUP.validate(&json!("x"));
        assert_eq!(codes(&v), vec![("", IssueCode::InvalidType)]);
        let v = LOOKUP.validate(&json!({"email": "a@b.co\n"}));
        assert_eq!(codes(&v), vec![("email", IssueCode::InvalidCharacters)]);
    }

    #[test]
    fn lookup_limits_at_250_and_251() {
        assert!(LOOKUP.validate(&json!({"customerId": emoji(250)})).is_empty());
        let v = LOOKUP.validate(&json!({"customerId": emoji(251)}));
        assert_eq!(v.len(), 1);
        assert_eq!((v[0].field.as_str(), v[0].code, v[0].limit, v[0].actual), ("customerId", IssueCode::TooLong, Some(250), Some(251)));
        let email = |n: usize| {
            // local@ + labels of ≤ 60 chars separated by dots, total n characters
            let mut s = String::from("local@");
            let mut label = 0;
            while s.chars().count() < n - 4 {
                if label == 60 {
                    s.push('.');
                    label = 0;
                } else {
                    s.push('d');
                    label += 1;
                }
            }
            s.push_str(".com");
            assert_eq!(s.chars().count(), n);
            s
        };
        assert!(LOOKUP.validate(&json!({"email": email(250)})).is_empty());
        let v = LOOKUP.validate(&json!({"email": email(251)}));
        assert_eq!(codes(&v), vec![("email", IssueCode::TooLong)]);
        assert_eq!((v[0].limit, v[0].actual), (Some(250), Some(251)));
    }

    #[test]
    fn lookup_serializes_as_its_input_shape() {
        let l = LOOKUP.parse(&json!({"email": "a@b.co"})).unwrap();
        assert_eq!(serde_json::to_value(&l).unwrap(), json!({"email": "a@b.co"}));
        let l = LOOKUP.parse(&json!({"customerId": "x"})).unwrap();
        let v = serde_json::to_value(&l).unwrap();
        assert_eq!(v, json!({"customerId": "x"}));
        assert_eq!(LOOKUP.parse(&v).unwrap(), l);
    }

    // ---- lookup output ---------------------------------------------------------------------

    const DOCUMENTED: &str = r#"{
      "error": false, "message": "Cliente encontrado", "success": true,
      "data": {
        "name": "Maria Silva", "email": "maria.silva@acme.com.br", "phone": "+55 11 98765-4321",
        "internal_id": "cli-001", "monthly_ticket_quota": null, "active": true,
        "organization": {"id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "name": "ACME Brasil Ltda", "active": true, "monthly_ticket_quota": 20},
        "organization_mother": {"id": "ffeeddccbbaa99887766554433221100", "name": "ACME Holding S.A.", "active": true, "monthly_ticket_quota": null},
        "permissions": {"active": true, "email_validated": true, "allowed_create_tickets": false, "monthly_ticket_quota": 20},
        "custom_fields": [
          {"id": "cf1", "name": "Plano", "value": "Ouro"},
          {"id": "cf2", "name": "Número de licenças", "value": 15},
          {"id": "cf3", "name": "Cliente VIP", "value": true},
          {"id": "cf4", "name": "Observações", "value": ""},
          {"id": "cf5", "name": "Produtos", "value": ["NF-e", "CT-e"]},
          {"id": "cf6", "name": "Vazio"}
        ]
      }
    }"#;

    #[test]
    fn decodes_the_documented_shape() {
        let c = LOOKUP.decode(ok(200, DOCUMENTED)).unwrap();
        assert_eq!(c.name.as_deref(), Some("Maria Silva"));
        assert_eq!(c.internal_id.as_deref(), Some("cli-001"));
        assert_eq!(c.monthly_ticket_quota, Some(Quota::Unlimited), "null means unlimited, never 0");
        assert_eq!(c.active, Some(true));
        let org = c.organization.clone().unwrap();
        assert_eq!(org.name.as_deref(), Some("ACME Brasil Ltda"));
        assert_eq!(org.monthly_ticket_quota, Some(Quota::Limited(20)));
        assert_eq!(c.mother_organization.clone().unwrap().monthly_ticket_quota, Some(Quota::Unlimited));
        assert_eq!(
            c.permissions,
            CustomerPermissions {
                active: Some(true),
                email_validated: Some(true),
                can_create_tickets: Some(false),
                monthly_ticket_quota: Some(Quota::Limited(20)),
            }
        );
        let values = raw_values(&c);
        assert_eq!(values, vec![json!("Ouro"), json!(15), json!(true), json!(""), json!(["NF-e", "CT-e"]), Value::Null]);
        let v: Value = serde_json::from_str(&crate::core::write::to_json(&c).unwrap()).unwrap();
        assert_eq!(v["monthlyTicketQuota"], json!("unlimited"));
        assert_eq!(v["organization"]["monthlyTicketQuota"], json!(20));
        assert_eq!(v["motherOrganization"]["id"], json!("ffeeddccbbaa99887766554433221100"));
        assert_eq!(v["permissions"]["canCreateTickets"], json!(false));
        assert_eq!(v["customFields"][1], json!({"id": "cf2", "name": "Número de licenças", "value": 15}));
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 10, "{keys:?}");
    }

    #[test]
    fn decodes_the_live_deviations() {
        // Numbers as strings, "1"/"0" booleans, [] for no organization, mother absent.
        let body = r#"{"error":"false","message":"ok","success":"true","data":{
            "name":"João","email":"","phone":"","internal_id":12345,"monthly_ticket_quota":"10","active":"1",
            "organization":[],"permissions":{"active":"0","email_validated":"N","allowed_create_tickets":1,"monthly_ticket_quota":"10"},
            "custom_fields":{"cfA":{"label":"Plano","value":0}}}}"#;
        let c = LOOKUP.decode(ok(200, body)).unwrap();
        assert_eq!(c.email, None);
        assert_eq!(c.phone, None);
        assert_eq!(c.internal_id.as_deref(), Some("12345"));
        assert_eq!(c.monthly_ticket_quota, Some(Quota::Limited(10)));
        assert_eq!(c.active, Some(true));
        assert_eq!(c.organization, None);
        assert_eq!(c.mother_organization, None);
        assert_eq!(c.permissions.active, Some(false));
        assert_eq!(c.permissions.email_validated, Some(false));
        assert_eq!(c.permissions.can_create_tickets, Some(true));
        assert_eq!(c.custom_fields, vec![CustomerCustomField { id: Some("cfA".into()), name: Some("Plano".into()), value: RawJson("0") }]);
    }

    #[test]
    fn organizations_absent_null_empty_or_all_null() {
        for org in [json!(null), json!([]), json!({}), json!(""), json!({"id": null, "name": "", "active": null, "monthly_ticket_quota": null}), json!(5)] {
            let body = json!({"error": false, "success": true, "data": {"name": "x", "organization": org, "organization_mother": org}}).to_string();
            let c = LOOKUP.decode(ok(200, &body)).unwrap();
            assert_eq!((c.organization, c.mother_organization), (None, None), "{org}");
        }
        let body = json!({"success": true, "data": {"name": "x", "organization": [{"id": "o1", "name": "Beta", "active": "0", "monthly_ticket_quota": "3"}]}}).to_string();
        let c = LOOKUP.decode(ok(200, &body)).unwrap();
        assert_eq!(
            c.organization,
            Some(Organization { id: Some("o1".into()), name: Some("Beta".into()), active: Some(false), monthly_ticket_quota: Some(Quota::Limited(3)) })
        );
    }

    #[test]
    fn quotas_never_turn_null_into_zero() {
        let q = |v: Value| {
            let text = json!({ "q": v }).to_string();
            let doc = Doc::parse(&text).unwrap();
            let mut sink = crate::core::read::sink();
            quota(&mut Reader::lenient(doc.root(), &mut sink).unwrap(), "q")
        };
        assert_eq!(q(json!(null)), Some(Quota::Unlimited));
        assert_eq!(q(json!("")), Some(Quota::Unlimited));
        assert_eq!(q(json!("Ilimitado")), Some(Quota::Unlimited));
        assert_eq!(q(json!(0)), Some(Quota::Limited(0)), "a real zero stays zero");
        assert_eq!(q(json!("0")), Some(Quota::Limited(0)));
        assert_eq!(q(json!(12)), Some(Quota::Limited(12)));
        assert_eq!(q(json!(" 12 ")), Some(Quota::Limited(12)));
        assert_eq!(q(json!(12.0)), Some(Quota::Limited(12)));
        // Documented as Boolean on permissions: false = no quota applies, true = unknown number.
        assert_eq!(q(json!(false)), Some(Quota::Unlimited));
        assert_eq!(q(json!(true)), None);
        for bad in [json!(-1), json!(1.5), json!("abc"), json!([]), json!({}), json!(1e20)] {
            assert_eq!(q(bad.clone()), None, "{bad}");
        }
        let doc = Doc::parse("{}").unwrap();
        let mut sink = crate::core::read::sink();
        assert_eq!(quota(&mut Reader::lenient(doc.root(), &mut sink).unwrap(), "q"), None, "absent is not unlimited");
        assert_eq!(serde_json::to_value(Quota::Unlimited).unwrap(), json!("unlimited"));
        assert_eq!(serde_json::to_value(Quota::Limited(0)).unwrap(), json!(0));
    }

    #[test]
    fn permissions_quota_documented_as_boolean() {
        let body = r#"{"success":true,"data":{"name":"x","permissions":{"monthly_ticket_quota":false}}}"#;
        assert_eq!(LOOKUP.decode(ok(200, body)).unwrap().permissions.monthly_ticket_quota, Some(Quota::Unlimited));
        let body = r#"{"success":true,"data":{"name":"x","permissions":{"monthly_ticket_quota":true}}}"#;
        assert_eq!(LOOKUP.decode(ok(200, body)).unwrap().permissions.monthly_ticket_quota, None);
        let body = r#"{"success":true,"data":{"name":"x"}}"#;
        let c = LOOKUP.decode(ok(200, body)).unwrap();
        assert_eq!(c.permissions, CustomerPermissions { active: None, email_validated: None, can_create_tickets: None, monthly_ticket_quota: None });
        assert_eq!(c.monthly_ticket_quota, None);
        assert!(c.custom_fields.is_empty());
    }

    #[test]
    fn details_errors() {
        let e = LOOKUP.decode(ok(404, r#"{"error":true,"message":"Cliente não encontrado","success":false}"#)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert_eq!(e.server_message.as_deref(), Some("Cliente não encontrado"));
        assert_eq!(e.endpoint.as_deref(), Some(CUSTOMER_DETAILS_DISPLAY));
        let e = LOOKUP.decode(ok(200, r#"{"error":true,"message":"Cliente não encontrado","success":false}"#)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert_eq!(LOOKUP.decode(ok(403, r#"{"error":true,"message":"Recurso não disponível"}"#)).unwrap_err().kind, ErrorKind::Forbidden);
        assert_eq!(LOOKUP.decode(ok(401, "")).unwrap_err().kind, ErrorKind::Unauthorized);
        assert_eq!(LOOKUP.decode(ok(429, "")).unwrap_err().kind, ErrorKind::RateLimited);
        for body in [r#"{"error":false,"success":true}"#, r#"{"success":true,"data":{}}"#, r#"{"success":true,"data":[]}"#, r#"{"success":true,"data":"x"}"#] {
            let e = LOOKUP.decode(ok(200, body)).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Decode, "{body}");
            assert_eq!(e.status, Some(200));
        }
        assert_eq!(LOOKUP.decode(ok(200, "<html>")).unwrap_err().kind, ErrorKind::Decode);
    }

    #[test]
    fn garbage_never_panics() {
        for end in 0..=DOCUMENTED.len() {
            if let Some(prefix) = DOCUMENTED.get(..end) {
                let _ = LOOKUP.decode(ok(200, prefix));
                let _ = CREATE.decode(ok(200, prefix));
            }
        }
        let mut seed: u32 = 0x2545_f491;
        for _ in 0..300 {
            let bytes = xorshift_bytes(&mut seed, 64);
            let text = String::from_utf8_lossy(&bytes);
            let _ = LOOKUP.decode(ok(200, &text));
            let _ = CREATE.decode(ok(500, &text));
        }
        // Every JSON type in every position.
        for v in [json!(null), json!(1), json!("x"), json!(true), json!([1, {}]), json!({"a": []})] {
            let body = json!({"success": true, "data": {
                "name": v, "email": v, "phone": v, "internal_id": v, "monthly_ticket_quota": v, "active": v,
                "organization": v, "organization_mother": v, "permissions": v, "custom_fields": v }})
            .to_string();
            let _ = LOOKUP.decode(ok(200, &body));
            let _ = LOOKUP.parse(&v);
            let _ = CREATE.parse(&v);
        }
    }

    // ---- create input ----------------------------------------------------------------------

    fn full() -> Value {
        json!({
            "customerId": "12.345.678/0001-90", "name": "Zé Ninguém & Cia 🚀", "email": "ze@exemplo.com.br",
            "phone": "+55 11 3333-4444", "canCreateTickets": false, "organizationId": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
            "language": "es-ES", "portfolioId": "p1", "customFields": {"zz": "última", "aa": 15, "mm": true}
        })
    }

    #[test]
    fn new_customer_form_in_page_order() {
        let c = CREATE.parse(&full()).unwrap();
        let e = CREATE.request(&c);
        assert_eq!(e.display(), "POST /v2.0/customer/new");
        assert_eq!((e.auth, e.family), (Auth::Bearer, Family::V2));
        let names: Vec<&str> = e.form.as_ref().unwrap().iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "customer_id", "name", "email", "phone", "create_tickets", "organization_id", "language", "portfolio_id",
                "custom_field[aa]", "custom_field[mm]", "custom_field[zz]",
            ]
        );
        let form = e.form.unwrap();
        assert_eq!(form[4].1, "0");
        assert_eq!(form[6].1, "es_ES");
        assert_eq!(form[8].1, "15");
        assert_eq!(form[9].1, "true");
        let p = CREATE.encode(&full()).unwrap();
        assert!(p.body.unwrap().starts_with("customer_id=12.345.678%2F0001-90&name=Z%C3%A9+Ningu%C3%A9m+%26+Cia+%F0%9F%9A%80&"));
    }

    #[test]
    fn minimal_new_customer_sends_only_required_fields() {
        let p = CREATE.encode(&json!({"customerId": "c1", "name": "Ana", "email": "", "phone": "  ", "organizationId": null})).unwrap();
        assert_eq!(p.body.as_deref(), Some("customer_id=c1&name=Ana"));
        let p = CREATE.encode(&json!({"customerId": "c1", "name": "Ana", "canCreateTickets": true})).unwrap();
        assert_eq!(p.body.as_deref(), Some("customer_id=c1&name=Ana&create_tickets=1"));
    }

    #[test]
    fn language_spellings_pinned_per_page() {
        // customer/new documents pt-BR, en-US and es_ES (mixed separators): sent as documented.
        for (input, wire) in [("pt-BR", "pt-BR"), ("pt_BR", "pt-BR"), ("en-US", "en-US"), ("en_US", "en-US"), ("es-ES", "es_ES"), ("es_ES", "es_ES")] {
            let c = CREATE.parse(&json!({"customerId": "c", "name": "n", "language": input})).unwrap();
            assert!(c.form().contains(&("language".into(), wire.into())), "{input}");
        }
        assert_eq!(Language::EsEs.legacy_wire(), "es_ES");
        assert_eq!(Language::PtBr.legacy_wire(), "pt_BR");
        assert_eq!(serde_json::to_value(Language::EsEs).unwrap(), json!("es-ES"));
        let v = CREATE.validate(&json!({"customerId": "c", "name": "n", "language": "pt"}));
        assert_eq!(codes(&v), vec![("language", IssueCode::InvalidValue)]);
    }

    #[test]
    fn new_customer_every_problem_at_once_in_field_order() {
        let v = CREATE.validate(&json!({
            "name": " ", "email": "x@", "phone": "1\n2", "canCreateTickets": "yes", "organizationId": 7,
            "language": "fr-FR", "portfolioId": ["p"], "customFields": {"a]b": "x", "ok": {"no": 1}}, "nmae": "typo"
        }));
        assert_eq!(
            listed(&codes(&v)),
            "customerId Required, name Required, email InvalidEmail, phone InvalidCharacters, \
             canCreateTickets InvalidType, organizationId InvalidType, language InvalidValue, portfolioId InvalidType, \
             customFields.ok InvalidType, customFields.a]b InvalidCharacters, nmae UnknownField",
        );
        let e = CREATE.encode(&json!({"name": "x"})).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Validation);
        assert_eq!(codes(&e.issues), vec![("customerId", IssueCode::Required)]);
        assert_eq!(codes(&CREATE.validate(&json!({"customerId": 1, "name": "x"}))), vec![("customerId", IssueCode::InvalidType)]);
    }

    #[test]
    fn new_customer_limits_at_n_and_n_plus_1() {
        for (key, max) in [("customerId", 250), ("name", 250), ("phone", 20), ("organizationId", 512), ("portfolioId", 512)] {
            let mut at = json!({"customerId": "c", "name": "n"});
            at[key] = json!(emoji(max));
            assert!(CREATE.validate(&at).is_empty(), "{key} at {max}");
            let mut over = json!({"customerId": "c", "name": "n"});
            over[key] = json!(emoji(max + 1));
            let v = CREATE.validate(&over);
            assert_eq!(v.len(), 1, "{key}");
            assert_eq!(
                (v[0].field.as_str(), v[0].code, v[0].limit, v[0].actual),
                (key, IssueCode::TooLong, Some(max as u32), Some(max as u32 + 1))
            );
        }
        let long_email = format!("a@{}.com", "b".repeat(60) + "." + &"c".repeat(60) + "." + &"d".repeat(60) + "." + &"e".repeat(61));
        assert_eq!(long_email.chars().count(), 250);
        assert!(CREATE.validate(&json!({"customerId": "c", "name": "n", "email": long_email})).is_empty());
        let v = CREATE.validate(&json!({"customerId": "c", "name": "n", "email": format!("a{long_email}")}));
        assert_eq!(codes(&v), vec![("email", IssueCode::TooLong)]);
        // Custom field values have no enforced limit (the page's "1" is an error).
        assert!(CREATE.validate(&json!({"customerId": "c", "name": "n", "customFields": {"f": emoji(5000)}})).is_empty());
    }

    #[test]
    fn new_customer_round_trips_through_its_serialization() {
        let c = CREATE.parse(&full()).unwrap();
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["language"], json!("es-ES"));
        assert_eq!(v["customFields"], json!({"aa": "15", "mm": "true", "zz": "última"}));
        assert_eq!(CREATE.parse(&v).unwrap(), c);
        let min = CREATE.parse(&json!({"customerId": "c", "name": "n"})).unwrap();
        assert_eq!(serde_json::to_value(&min).unwrap(), json!({"customerId": "c", "name": "n"}));
    }

    #[test]
    fn new_customer_multiline_custom_field_values_are_sent() {
        let c = CREATE.parse(&json!({"customerId": "c", "name": "n", "customFields": {"obs": "linha 1\r\nlinha 2", "n": null}})).unwrap();
        let f = c.form();
        assert!(f.contains(&("custom_field[obs]".into(), "linha 1\r\nlinha 2".into())));
        assert!(f.contains(&("custom_field[n]".into(), String::new())));
    }

    // ---- create output ---------------------------------------------------------------------

    #[test]
    fn exists_reads_a_404_with_an_envelope_as_false_and_nothing_else() {
        let decode = |status, body| CustomerExists::decode(&ok(status, body)).map(|r| r.exists);
        assert_eq!(decode(200, r#"{"error":false,"message":"Cliente encontrado","success":true}"#).ok(), Some(true));
        let nothing = r#"{"error":true,"message":"Cliente não encontrado","success":false}"#;
        assert_eq!(decode(404, nothing).ok(), Some(false));
        // Found by the fuzzer (fuzz/regressions/decode_customer_exists): a 410 with an envelope
        // was read as `exists: false`; like the lists and searchBlacklist, only a 404 means that.
        let e = decode(410, nothing).unwrap_err();
        assert_eq!((e.kind, e.status), (ErrorKind::NotFound, Some(410)));
        assert_eq!(decode(404, "<html>Not Found</html>").unwrap_err().kind, ErrorKind::NotFound);
    }

    #[test]
    fn create_result() {
        let r = CREATE.decode(ok(200, r#"{"error":false,"message":"Cliente criado com sucesso","success":true}"#)).unwrap();
        assert_eq!(r.message.as_deref(), Some("Cliente criado com sucesso"));
        assert_eq!(serde_json::to_value(&r).unwrap(), json!({"message": "Cliente criado com sucesso"}));
        assert_eq!(CREATE.decode(ok(200, r#"{"success":true}"#)).unwrap().message, None);
        assert!(CREATE.decode(ok(201, r#"{"error":"0","message":"ok"}"#)).is_ok());
        let e = CREATE.decode(ok(200, r#"{"error":true,"message":"Cliente já cadastrado","success":false}"#)).unwrap_err();
        assert_eq!((e.kind, e.server_message.as_deref()), (ErrorKind::Api, Some("Cliente já cadastrado")));
        let e = CREATE.decode(ok(200, r#"{"message":"hmm"}"#)).unwrap_err();
        assert_eq!((e.kind, e.status, e.server_message.as_deref()), (ErrorKind::Decode, Some(200), Some("hmm")));
        assert_eq!(e.endpoint.as_deref(), Some(NEW_CUSTOMER_DISPLAY));
        assert_eq!(CREATE.decode(ok(200, "")).unwrap_err().kind, ErrorKind::Decode);
        assert_eq!(CREATE.decode(ok(503, "<html>")).unwrap_err().kind, ErrorKind::Server);
    }

    #[test]
    fn typescript_declarations() {
        assert!(Quota::DECL.ends_with(r#"export type Quota = number | "unlimited";"#), "{}", Quota::DECL);
        assert!(Language::DECL.ends_with(r#"export type Language = "pt-BR" | "en-US" | "es-ES";"#), "{}", Language::DECL);
        assert!(CustomerLookup::DECL.contains("{ customerId: string; email?: never } | { email: string; customerId?: never }"), "{}", CustomerLookup::DECL);
        let c = Customer::DECL;
        for needle in [
            "monthlyTicketQuota: Quota | null",
            "organization: Organization | null",
            "motherOrganization: Organization | null",
            "permissions: CustomerPermissions",
            "customFields: CustomerCustomField[]",
            "internalId: string | null",
        ] {
            assert!(c.contains(needle), "{needle} not in {c}");
        }
        assert!(CustomerCustomField::DECL.contains("value: JsonValue"), "{}", CustomerCustomField::DECL);
        assert!(CustomerPermissions::DECL.contains("canCreateTickets: boolean | null"), "{}", CustomerPermissions::DECL);
        for decl in [Customer::DECL, Organization::DECL, CustomerPermissions::DECL, CustomerCustomField::DECL, CreateCustomerResult::DECL] {
            assert!(!decl.contains("undefined") && !decl.contains("?:") && !decl.contains("any"), "{decl}");
        }
        let n = NewCustomer::DECL;
        for needle in [
            "customerId: string",
            "name: string",
            "email?: string",
            "canCreateTickets?: boolean",
            "language?: Language | \"pt_BR\" | \"en_US\" | \"es_ES\"",
            "customFields?: { [fieldId: string]: string | number | boolean }",
        ] {
            assert!(n.contains(needle), "{needle} not in {n}");
        }
        assert!(!n.contains("any") && !n.contains("null"), "{n}");
    }
}
