//! Field rules and readers shared by several calls (customers today; tickets and organisations
//! next): one-line text, e-mails, custom fields, the panel language, the identifier type.
use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;
use tsify::Tsify;

use super::issue::{IssueCode, Issues};
use super::json::Kind;
use super::read::{join, sorted_members, Reader};
use super::rules;

/// The customer's language in the customer panel. JS output spelling `"pt-BR" | "en-US" |
/// "es-ES"`; input also accepts `pt_BR`, `en_US`, `es_ES`; each call picks its wire spelling.
#[derive(Serialize, Tsify, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    #[serde(rename = "pt-BR")]
    PtBr,
    #[serde(rename = "en-US")]
    EnUs,
    #[serde(rename = "es-ES")]
    EsEs,
}

impl Language {
    /// Every accepted input spelling.
    pub(super) const INPUTS: &'static [(&'static str, Language)] = &[
        ("pt-BR", Language::PtBr), ("pt_BR", Language::PtBr),
        ("en-US", Language::EnUs), ("en_US", Language::EnUs),
        ("es-ES", Language::EsEs), ("es_ES", Language::EsEs),
    ];

    /// What `POST /v2.0/customer/new` documents: `pt-BR`, `en-US`, `es_ES` (sic: mixed separators).
    pub(super) fn new_customer_wire(self) -> &'static str {
        match self {
            Language::PtBr => "pt-BR",
            Language::EnUs => "en-US",
            Language::EsEs => "es_ES",
        }
    }

    /// What legacy `update_cliente` documents for `idioma`: `pt_BR`, `en_US`, `es_ES`.
    pub(super) fn legacy_wire(self) -> &'static str {
        match self {
            Language::PtBr => "pt_BR",
            Language::EnUs => "en_US",
            Language::EsEs => "es_ES",
        }
    }
}

models! {
    [#[derive(Copy, Eq)]]

    /// What a customer identifier is.
    pub enum CustomerIdentifierType {
        /// The customer's e-mail (wire type `E`).
        Email,
        /// The customer's internal id (wire type `I`).
        InternalId,
    }
}

impl CustomerIdentifierType {
    pub(super) const INPUTS: &'static [(&'static str, CustomerIdentifierType)] =
        &[("email", CustomerIdentifierType::Email), ("internalId", CustomerIdentifierType::InternalId)];

    /// The wire code: `E` or `I`.
    pub(super) fn wire(self) -> &'static str {
        match self {
            CustomerIdentifierType::Email => "E",
            CustomerIdentifierType::InternalId => "I",
        }
    }
}

/// One-line text with a maximum length.
pub(super) fn line_rules(issues: &mut Issues, field: &str, value: &str, max: u32) {
    rules::single_line(issues, field, value);
    rules::max_chars(issues, field, value, max);
}

/// An e-mail: length, then control characters or syntax (not both for the same cause).
pub(super) fn email_rules(issues: &mut Issues, field: &str, value: &str, max: u32) {
    rules::max_chars(issues, field, value, max);
    if value.chars().any(char::is_control) {
        rules::single_line(issues, field, value);
    } else {
        rules::email(issues, field, value);
    }
}

fn own(s: Cow<'_, str>) -> String {
    s.into_owned()
}

/// Required one-line text: absent/null/blank → `required` (unless its type was already
/// reported); else the line rules.
pub(super) fn required_line(r: &mut Reader<'_, '_, '_>, key: &'static str, max: u32) -> String {
    match r.required_text(key) {
        Some(s) => {
            let field = r.field(key);
            line_rules(r.issues(), &field, &s, max);
            own(s)
        }
        None => String::new(),
    }
}

/// Optional one-line text: blank or null → `None` (not sent); else the line rules.
pub(super) fn optional_line(r: &mut Reader<'_, '_, '_>, key: &'static str, max: u32) -> Option<String> {
    let v = r.text(key).filter(|s| !s.trim().is_empty())?;
    let field = r.field(key);
    line_rules(r.issues(), &field, &v, max);
    Some(own(v))
}

/// Optional e-mail: blank or null → `None`; else the e-mail rules.
pub(super) fn optional_email(r: &mut Reader<'_, '_, '_>, key: &'static str, max: u32) -> Option<String> {
    let v = r.text(key).filter(|s| !s.trim().is_empty())?;
    let field = r.field(key);
    email_rules(r.issues(), &field, &v, max);
    Some(own(v))
}

/// An update's field that cannot be emptied: blank → `required`.
pub(super) fn kept(r: &mut Reader<'_, '_, '_>, key: &'static str, max: u32) -> Option<String> {
    let v = r.text(key)?;
    let field = r.field(key);
    if v.trim().is_empty() {
        let msg = format!("{field} cannot be emptied (leave it out to keep the current value)");
        r.issues().push(&field, IssueCode::Required, msg);
    } else {
        line_rules(r.issues(), &field, &v, max);
    }
    Some(own(v))
}

/// An update's field that can be cleared: blank → `""`.
pub(super) fn clearable(r: &mut Reader<'_, '_, '_>, key: &'static str, max: u32) -> Option<String> {
    clearable_by(r, key, max, line_rules)
}

/// An update's e-mail that can be cleared: blank → `""`.
pub(super) fn clearable_email(r: &mut Reader<'_, '_, '_>, key: &'static str, max: u32) -> Option<String> {
    clearable_by(r, key, max, email_rules)
}

/// A field that can be cleared (blank → `""`), otherwise checked by `rules`.
fn clearable_by(r: &mut Reader<'_, '_, '_>, key: &'static str, max: u32, rules: fn(&mut Issues, &str, &str, u32)) -> Option<String> {
    let v = r.text(key)?;
    if v.trim().is_empty() {
        return Some(String::new());
    }
    let field = r.field(key);
    rules(r.issues(), &field, &v, max);
    Some(own(v))
}

/// Max characters of one custom-field value. The page documents none; this bound keeps a
/// runaway value (a pasted file) from growing the wasm memory, which is never given back.
pub(super) const CUSTOM_FIELD_VALUE_MAX_CHARS: u32 = 65_535;

/// `customFields`: `{ id: string | number | boolean | null }` → sorted `id → text` (`null` →
/// `""`; the last of duplicate ids wins), then each id checked as a bracket key
/// (`customFields.<id>`). Values are free text (multi-line allowed).
pub(super) fn custom_fields(r: &mut Reader<'_, '_, '_>, key: &'static str) -> Option<BTreeMap<String, String>> {
    let v = r.raw(key)?;
    let field = r.field(key);
    if v.kind() != Kind::Object {
        r.wrong_type(&field, "an object of field id → value", v);
        return None;
    }
    let mut out = BTreeMap::new();
    for (k, item) in sorted_members(v) {
        let text = match item.kind() {
            Kind::String => item.as_str().map(own),
            Kind::Number => item.number_text().map(str::to_owned),
            Kind::True => Some("true".to_owned()),
            Kind::False => Some("false".to_owned()),
            Kind::Null => Some(String::new()),
            _ => None,
        };
        let sub = join(&field, &k);
        match text {
            Some(t) => {
                out.insert(k.into_owned(), t);
            }
            None => {
                let msg = format!("{sub} must be a string, number or boolean, got {}", item.type_name());
                r.issues().push(&sub, IssueCode::InvalidType, msg);
            }
        }
    }
    for (k, t) in &out {
        let sub = join(&field, k);
        rules::bracket_key(r.issues(), &sub, k);
        rules::max_chars(r.issues(), &sub, t, CUSTOM_FIELD_VALUE_MAX_CHARS);
    }
    Some(out)
}

/// Max characters of a customer identifier (`customer_id`: internal id or e-mail).
pub(super) const CUSTOMER_ID_MAX_CHARS: u32 = 250;

/// The customer a call is about: `customerId` (internal id, wire type `I`) or `email` (type
/// `E`), at most one (both → `notAllowed` on `email`); with `required`, exactly one (neither →
/// `required` on `customerId`). Blank counts as not given.
pub(super) fn who(r: &mut Reader<'_, '_, '_>, required: bool) -> Option<(String, CustomerIdentifierType)> {
    let wrong_type = ["customerId", "email"].iter().any(|k| r.kind_of(k).is_some_and(|k| k != Kind::String));
    let id = optional_line(r, "customerId", CUSTOMER_ID_MAX_CHARS);
    let email = optional_email(r, "email", CUSTOMER_ID_MAX_CHARS);
    match (id, email) {
        (Some(_), Some(_)) => {
            let field = r.field("email");
            r.issues().push(&field, IssueCode::NotAllowed, "give either customerId or email, not both");
            None
        }
        (Some(id), None) => Some((id, CustomerIdentifierType::InternalId)),
        (None, Some(e)) => Some((e, CustomerIdentifierType::Email)),
        (None, None) => {
            if required && r.is_object() && !wrong_type {
                let field = r.field("customerId");
                r.issues().push(&field, IssueCode::Required, "customerId or email is required");
            }
            None
        }
    }
}

/// An optional id sent as text: a string (one line, ≤ `max`) or a whole number.
pub(super) fn optional_id(r: &mut Reader<'_, '_, '_>, key: &'static str, max: u32) -> Option<String> {
    let v = r.text_or_number(key).filter(|s| !s.trim().is_empty())?;
    let field = r.field(key);
    line_rules(r.issues(), &field, &v, max);
    Some(own(v))
}

/// A required id (string or number): absent/blank → `required`.
pub(super) fn required_id_text(r: &mut Reader<'_, '_, '_>, key: &'static str, max: u32) -> String {
    let given = r.given(key);
    match optional_id(r, key, max) {
        Some(v) => v,
        None => {
            let wrong = r.kind_of(key).is_some_and(|k| !matches!(k, Kind::String | Kind::Number));
            if r.is_object() && !wrong && (!given || r.kind_of(key) == Some(Kind::String)) {
                let field = r.field(key);
                r.issues().push(&field, IssueCode::Required, format!("{field} is required"));
            }
            String::new()
        }
    }
}
