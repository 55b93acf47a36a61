//! PipeRun Atendimentos: the `customer` object of a webhook `talk` payload, read into a typed
//! [`PipeRunCustomer`], and mapped to the inputs of TomTicket's `createCustomer`
//! (`POST /v2.0/customer/new`) and `updateCustomer` (legacy `update_cliente`).
//!
//! # Reading: [`parse_piperun_customer`] / [`parse_piperun_customer_json`]
//! Accepted payloads: the `customer` object itself, `{ customer: {...} }`, a `talk` object that
//! has a `customer`, or a whole webhook body `{ talk: { customer: {...} } }`; as a parsed JSON
//! value, as JSON text (a JS string), or as raw bytes. A root object with neither `customer` nor
//! `talk` is read as the customer when it has at least one customer-only key (`name`,
//! `telephones`, `emails`, `external_id`, ...); otherwise "no customer" is reported.
//!
//! Problems are a `validation` [`Error`] whose `issues` list EVERY problem at once, named by
//! their path in the PipeRun JSON as given: `customer.id`, `talk.customer.telephones[0].number`
//! (a bare customer object is named `customer`). Not JSON / not an object → field `""`.
//! Key fields are checked; everything else is read leniently (unreadable → `null`):
//! - `id`: required, an integer or a numeric string, `1 ..= 2^53-1` (a JS-safe number).
//! - `name`, `external_id`, `document_number`, `main_sms`, `main_whatsapp`, `main_email`, and in
//!   `telephones[]`/`emails[]`: `id`, `number`, `area_code`, `country_code`, `full_number`,
//!   `full_number_cc`, `email`: text or a number (taken as its text); a boolean, list or object is
//!   `invalidType`. Blank text reads as `null`.
//! - `telephones`, `emails`: a list of objects (an object keyed by id — PHP's non-sequential
//!   array — is accepted too); `null`, `""`, `[]`, `{}` read as empty; an entry that is not an
//!   object is `invalidType` (`null` entries are skipped).
//! - `custom_fields`: declared a list, the page's example is a `{ "label": value }` map: both
//!   are accepted and normalized to `[{ id, label, value }]` (see [`PipeRunCustomField`]).
//!
//! Model decisions (JS names are English camelCase; wire names appear only in the reader):
//! - `id`, `agentId`, `queueId`, `customerGroupId`, `organizationId` (the page's
//!   `customer_organization_id`), `telephones[].customerId`, `insertedBy` are numbers (the page
//!   types them int). The telephone/e-mail `id`s are **strings** (the page types the telephone id
//!   as string, the example sends an int) and so are `mainSmsId`, `mainWhatsappId`,
//!   `mainEmailId`, because they refer to those ids: `t.id === c.mainWhatsappId` works in JS.
//! - `type` (`m`/`f`) → `"mobile"`/`"landline"`; `insertOrigin` (`AUTO`, `HUBSTORE`, `MAILING`,
//!   `MANUAL`, any case) → camelCase; any other code is kept as `{ unknown: "<raw>" }`.
//! - Dates (`createdAt`, `emails[].unsubscribedAt`) are ISO 8601 (`…T12:28:45.000000Z` stays as
//!   is). The page's example was damaged (`"12: 28: 45"`): spaces after `:` are repaired when that
//!   makes a valid date; text in no known format is kept unchanged. URLs are not repaired.
//! - `profile` (the page's `profile_info`, a social network profile): `id`, `name`, `username`,
//!   `pictureUrl`, `isVerified`, `followerCount`, `followsBusiness`, `followedByBusiness`;
//!   unknown keys are ignored; `null` when absent or empty.
//! - The deprecated fields are kept, read leniently, under `deprecated`: `wildcards` (the
//!   non-empty `wildcard_01..10` as `[{ slot, value }]`), `profilePictureUrl`, `crmvUserId`,
//!   `crmvPersonId`, `cxmUserId`, `isActive`. The telephones' deprecated `wa_*`,
//!   `has_whatsapp_api`, `session_expires_at` are ignored.
//!
//! # Mapping: [`piperun_to_tomticket`] → [`Mapping`] `{ newCustomer, update, notes }`
//! `newCustomer` has the JS shape of `createCustomer`'s input, `update` the shape of
//! `updateCustomer`'s input; both are valid for them by construction (and they validate again).
//! `notes` say what the user should know; they never quote personal data (names, e-mails,
//! numbers), only paths in [`PipeRunCustomer`] (`source`), counts and custom-field labels.
//! - **customerId**: `externalId` (trimmed) when present and usable (≤ 250 characters, one line,
//!   not `.`/`..`), else `<prefix><id>` with the prefix `"piperun:"` by default
//!   (`customerIdPrefix`), so it cannot collide with ids from other sources. `preferExternalId:
//!   false` always uses `<prefix><id>`: the PipeRun id never changes, while an `externalId` may be
//!   added later (an ERP sync) and would then give the same person a second TomTicket id. An
//!   unusable `externalId` gives an `externalIdUnusable` note.
//! - **email**: the address whose id is `mainEmailId`, else the first in list order; addresses
//!   with `unsubscribedAt` are skipped (an opt-out is respected: TomTicket sends e-mail), as are
//!   invalid ones and ones over 250 characters (`emailUnsubscribed` / `emailInvalid` notes). None
//!   left → `noEmail` note.
//! - **phone**: the telephone whose id is `mainWhatsappId`, else `mainSmsId`, else the first
//!   mobile, else the first; sent as `+<digits>` from `fullNumberCc`, else
//!   `+<countryCode><areaCode><number>`. Over 20 characters (TomTicket's limit) → the national
//!   number without `+` and country code when that fits (`phoneCountryCodeDropped` note), else
//!   that telephone is skipped (`phoneUnusable` note) and the next candidate is tried. Digits are
//!   never truncated.
//! - **name**: trimmed; control characters (line breaks) become one space (`nameCleaned`); over
//!   250 characters → cut at 250 characters (`nameTruncated`: a name is not an identifier, so a
//!   shortened name is better than no customer). Empty → the profile's name, the profile's
//!   username, the chosen e-mail, the chosen phone, the customerId, in that order (`nameMissing`).
//! - **customFields**: each PipeRun field is looked up in `customFieldIds` by its label (exact,
//!   then trimmed and case-insensitive), then by its PipeRun id; values become text (numbers and
//!   booleans as their text, a list of scalars joined with `", "`, other lists and objects as
//!   compact JSON). Empty values (`null`, `""`, `[]`, `{}`) are not carried. A label without a
//!   mapping → `customFieldUnmapped`; two fields mapped to one id → the first wins,
//!   `customFieldDuplicate`.
//! - **organization**: PipeRun organization ids are not TomTicket organization ids; a customer
//!   with one gets an `organizationNotMapped` note. `canCreateTickets` and `portfolioId` are
//!   never set (TomTicket's defaults / current values stay).
//! - **language**: `options.language` when given, else not set.
//! - **update**: `identifierType: "email"` with the chosen e-mail as `identifier` and
//!   `internalId: customerId` (this links a customer that signed up by e-mail to the PipeRun id),
//!   else `identifierType: "internalId"` with `identifier: customerId`. It carries `name`, `phone`,
//!   `customFields`, `language` only when there is a value: it never clears TomTicket data.
//!
//! # Options: [`MappingOptions`]
//! `{ customerIdPrefix?: string, preferExternalId?: boolean, customFieldIds?: { [label]: fieldId },
//! language?: "pt-BR" | "en-US" | "es-ES" }` (`pt_BR`, `en_US`, `es_ES` accepted), read by
//! [`parse_mapping_options`]; `null`/`undefined` → defaults. Rules: the prefix is one line of at
//! most [`CUSTOMER_ID_PREFIX_MAX_CHARS`] characters (so `<prefix><id>` fits in 250; `""` allowed);
//! field ids are non-blank strings (or numbers) that are valid bracket keys; unknown keys are
//! `unknownField`. [`map_piperun_customer`] does both steps, options issues named `options.<key>`.
use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};
use tsify::Tsify;

use super::customer::{Language, NewCustomer};
use super::dates;
use super::error::Error;
use super::input::Reader;
use super::legacy_update::{CustomerIdentifierType, LegacyCustomerUpdate};
use super::issue::{Issue, IssueCode, Issues};
use super::lenient::{value_bool, value_date, value_int, value_string};
use super::rules;

/// Default prefix of `customerId` when it is built from the PipeRun id.
pub const DEFAULT_CUSTOMER_ID_PREFIX: &str = "piperun:";
/// TomTicket's limits for the mapped fields (Unicode characters).
pub const TOMTICKET_CUSTOMER_ID_MAX_CHARS: usize = 250;
pub const TOMTICKET_NAME_MAX_CHARS: usize = 250;
pub const TOMTICKET_EMAIL_MAX_CHARS: usize = 250;
pub const TOMTICKET_PHONE_MAX_CHARS: usize = 20;
/// 250 minus the 20 characters of the longest id text.
pub const CUSTOMER_ID_PREFIX_MAX_CHARS: u32 = 230;

/// Largest integer a JS number holds exactly (ids beyond it could not reach JS unchanged).
const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

// ---------------------------------------------------------------------------------------------
// Model

/// A PipeRun Atendimentos customer (`talk.customer` of a webhook). See the module notes.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PipeRunCustomer {
    /// PipeRun's internal id. Always present.
    pub id: i64,
    pub name: Option<String>,
    /// The customer's id in an external system (ERP, CRM), when set.
    pub external_id: Option<String>,
    /// The customer's document (CPF/CNPJ, ...), as sent.
    pub document_number: Option<String>,
    /// When the customer was created (ISO 8601).
    pub created_at: Option<String>,
    /// Id of the preferred telephone for SMS (a `telephones[].id`).
    pub main_sms_id: Option<String>,
    /// Id of the preferred telephone for WhatsApp (a `telephones[].id`).
    pub main_whatsapp_id: Option<String>,
    /// Id of the preferred e-mail address (an `emails[].id`).
    pub main_email_id: Option<String>,
    /// The agent the customer is bound to.
    pub agent_id: Option<i64>,
    /// The service queue the customer is bound to.
    pub queue_id: Option<i64>,
    pub customer_group_id: Option<i64>,
    /// The PipeRun organization (not a TomTicket organization id).
    pub organization_id: Option<i64>,
    pub is_priority: Option<bool>,
    /// The ERP base of the last conversation (multi-base ERP integrations only).
    pub last_base_api: Option<String>,
    /// Social network profile (`profile_info`).
    pub profile: Option<PipeRunProfile>,
    pub custom_fields: Vec<PipeRunCustomField>,
    pub telephones: Vec<PipeRunTelephone>,
    pub emails: Vec<PipeRunEmail>,
    /// Fields PipeRun marks as deprecated.
    pub deprecated: PipeRunDeprecated,
}

/// The customer's social network profile.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PipeRunProfile {
    /// The id on the social network.
    pub id: Option<String>,
    pub name: Option<String>,
    pub username: Option<String>,
    pub picture_url: Option<String>,
    pub is_verified: Option<bool>,
    pub follower_count: Option<i64>,
    /// Whether the customer follows the business's account.
    pub follows_business: Option<bool>,
    /// Whether the business's account follows the customer.
    pub followed_by_business: Option<bool>,
}

/// One custom field. From the map shape `{ "Empresa": "Piperun" }`: `{ id: null, label:
/// "Empresa", value: "Piperun" }`. From the list shape: `label` is read from `label`, `name`,
/// `title`, `key` or `field`; `id` from `id`, `custom_field_id` or `field_id`.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PipeRunCustomField {
    pub id: Option<String>,
    pub label: Option<String>,
    /// The value with the JSON type PipeRun sent (`null` when absent).
    #[tsify(type = "JsonValue")]
    pub value: Value,
}

#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum PipeRunTelephoneType {
    /// `m`
    Mobile,
    /// `f` (fixo)
    Landline,
    Unknown(String),
}

/// How a telephone or e-mail got into PipeRun.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum PipeRunInsertOrigin {
    Auto,
    Hubstore,
    Mailing,
    Manual,
    Unknown(String),
}

#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PipeRunTelephone {
    pub id: Option<String>,
    pub customer_id: Option<i64>,
    /// E.g. `"55"`.
    pub country_code: Option<String>,
    /// E.g. `"br"`.
    pub country_iso2: Option<String>,
    pub area_code: Option<String>,
    pub number: Option<String>,
    /// Area code + number, e.g. `"51999887766"`.
    pub full_number: Option<String>,
    /// With the country code, e.g. `"+55 51999887766"`.
    pub full_number_cc: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<PipeRunTelephoneType>,
    pub level_id: Option<String>,
    pub has_sms: Option<bool>,
    pub has_whatsapp: Option<bool>,
    pub insert_origin: Option<PipeRunInsertOrigin>,
    /// Who added it (a PipeRun user id).
    pub inserted_by: Option<i64>,
}

#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PipeRunEmail {
    pub id: Option<String>,
    pub customer_id: Option<i64>,
    pub email: Option<String>,
    pub level_id: Option<String>,
    pub insert_origin: Option<PipeRunInsertOrigin>,
    pub inserted_by: Option<i64>,
    /// When the customer unsubscribed this address (ISO 8601); `null` while subscribed.
    pub unsubscribed_at: Option<String>,
}

/// Deprecated fields, kept for migrations.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct PipeRunDeprecated {
    /// The non-empty `wildcard_01` … `wildcard_10`.
    pub wildcards: Vec<PipeRunWildcard>,
    pub profile_picture_url: Option<String>,
    pub crmv_user_id: Option<i64>,
    pub crmv_person_id: Option<i64>,
    pub cxm_user_id: Option<i64>,
    pub is_active: Option<bool>,
}

#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PipeRunWildcard {
    /// 1 to 10 (`wildcard_01` is slot 1).
    pub slot: u8,
    pub value: String,
}

// ---------------------------------------------------------------------------------------------
// Reading

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn join(prefix: &str, key: &str) -> String {
    let mut s = String::with_capacity(prefix.len() + key.len() + 1);
    s.push_str(prefix);
    if !prefix.is_empty() {
        s.push('.');
    }
    s.push_str(key);
    s
}

fn index(prefix: &str, i: usize) -> String {
    format!("{prefix}[{i}]")
}

fn wrong_type(issues: &mut Issues, field: &str, expected: &str, got: &Value) {
    issues.push(field, IssueCode::InvalidType, format!("{field} must be {expected}, got {}", type_name(got)));
}

/// A key text field: text or a number; blank → `None`; boolean/list/object → `invalidType`.
fn key_text(m: &Map<String, Value>, key: &str, prefix: &str, issues: &mut Issues) -> Option<String> {
    match m.get(key)? {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        other => {
            wrong_type(issues, &join(prefix, key), "a string", other);
            None
        }
    }
}

fn safe(n: i64) -> Option<i64> {
    (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&n).then_some(n)
}

fn lenient_int(m: &Map<String, Value>, key: &str) -> Option<i64> {
    m.get(key).and_then(value_int).and_then(safe)
}

fn lenient_text(m: &Map<String, Value>, key: &str) -> Option<String> {
    m.get(key).and_then(value_string)
}

fn lenient_bool(m: &Map<String, Value>, key: &str) -> Option<bool> {
    m.get(key).and_then(value_bool)
}

/// A date as ISO 8601; the page example's `"12: 28: 45"` is repaired; unknown text kept.
fn lenient_date(m: &Map<String, Value>, key: &str) -> Option<String> {
    match m.get(key)? {
        Value::String(s) => {
            let text = s.trim();
            match dates::to_iso(text) {
                Ok(iso) => iso,
                Err(()) => {
                    if text.contains(": ") {
                        if let Ok(iso) = dates::to_iso(&text.replace(": ", ":")) {
                            return iso;
                        }
                    }
                    Some(text.to_owned())
                }
            }
        }
        other => value_date(other),
    }
}

/// The entries of a list field: `[obj, ...]`, or `{ key: obj, ... }` (PHP non-sequential
/// array). Returns `(path, object)` pairs.
fn entries<'a>(
    m: &'a Map<String, Value>,
    key: &str,
    prefix: &str,
    issues: &mut Issues,
) -> Vec<(String, &'a Map<String, Value>)> {
    let field = join(prefix, key);
    let mut out = Vec::new();
    match m.get(key) {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if s.trim().is_empty() => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::Object(o) => out.push((index(&field, i), o)),
                    Value::Null => {}
                    other => wrong_type(issues, &index(&field, i), "an object", other),
                }
            }
        }
        Some(Value::Object(o)) => {
            for (k, item) in o {
                match item {
                    Value::Object(e) => out.push((join(&field, k), e)),
                    Value::Null => {}
                    other => wrong_type(issues, &join(&field, k), "an object", other),
                }
            }
        }
        Some(other) => wrong_type(issues, &field, "a list of objects", other),
    }
    out
}

fn telephone_type(m: &Map<String, Value>) -> Option<PipeRunTelephoneType> {
    let raw = lenient_text(m, "type")?;
    let known = match super::lenient::fold_case(raw.trim()).as_str() {
        "m" | "mobile" | "celular" => Some(PipeRunTelephoneType::Mobile),
        "f" | "landline" | "fixo" => Some(PipeRunTelephoneType::Landline),
        _ => None,
    };
    Some(known.unwrap_or(PipeRunTelephoneType::Unknown(raw)))
}

fn insert_origin(m: &Map<String, Value>) -> Option<PipeRunInsertOrigin> {
    let raw = lenient_text(m, "insert_origin")?;
    let known = match raw.trim().to_ascii_uppercase().as_str() {
        "AUTO" => Some(PipeRunInsertOrigin::Auto),
        "HUBSTORE" => Some(PipeRunInsertOrigin::Hubstore),
        "MAILING" => Some(PipeRunInsertOrigin::Mailing),
        "MANUAL" => Some(PipeRunInsertOrigin::Manual),
        _ => None,
    };
    Some(known.unwrap_or(PipeRunInsertOrigin::Unknown(raw)))
}

fn read_telephone(t: &Map<String, Value>, path: &str, issues: &mut Issues) -> PipeRunTelephone {
    PipeRunTelephone {
        id: key_text(t, "id", path, issues),
        customer_id: lenient_int(t, "customer_id"),
        country_code: key_text(t, "country_code", path, issues),
        country_iso2: lenient_text(t, "country_iso2"),
        area_code: key_text(t, "area_code", path, issues),
        number: key_text(t, "number", path, issues),
        full_number: key_text(t, "full_number", path, issues),
        full_number_cc: key_text(t, "full_number_cc", path, issues),
        kind: telephone_type(t),
        level_id: lenient_text(t, "level_id"),
        has_sms: lenient_bool(t, "has_sms"),
        has_whatsapp: lenient_bool(t, "has_whatsapp"),
        insert_origin: insert_origin(t),
        inserted_by: lenient_int(t, "inserted_by"),
    }
}

fn read_email(e: &Map<String, Value>, path: &str, issues: &mut Issues) -> PipeRunEmail {
    PipeRunEmail {
        id: key_text(e, "id", path, issues),
        customer_id: lenient_int(e, "customer_id"),
        email: key_text(e, "email", path, issues),
        level_id: lenient_text(e, "level_id"),
        insert_origin: insert_origin(e),
        inserted_by: lenient_int(e, "inserted_by"),
        unsubscribed_at: lenient_date(e, "unsubscribed_at"),
    }
}

fn read_profile(m: &Map<String, Value>) -> Option<PipeRunProfile> {
    let p = match m.get("profile_info")? {
        Value::Object(p) if !p.is_empty() => p,
        _ => return None,
    };
    Some(PipeRunProfile {
        id: lenient_text(p, "id"),
        name: lenient_text(p, "name"),
        username: lenient_text(p, "username"),
        picture_url: lenient_text(p, "profile_pic").or_else(|| lenient_text(p, "profile_picture_url")),
        is_verified: lenient_bool(p, "is_verified_user"),
        follower_count: lenient_int(p, "follower_count"),
        follows_business: lenient_bool(p, "is_user_follow_business"),
        followed_by_business: lenient_bool(p, "is_business_follow_user"),
    })
}

const LABEL_KEYS: [&str; 5] = ["label", "name", "title", "key", "field"];
const FIELD_ID_KEYS: [&str; 3] = ["id", "custom_field_id", "field_id"];

fn first_text(m: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| lenient_text(m, k))
}

/// A list entry or a map value that is itself a field object.
fn field_entry(o: &Map<String, Value>, fallback_label: Option<&str>) -> PipeRunCustomField {
    let label = first_text(o, &LABEL_KEYS);
    let id = first_text(o, &FIELD_ID_KEYS);
    if label.is_none() && id.is_none() && !o.contains_key("value") && o.len() == 1 {
        // `[{ "Empresa": "Piperun" }]`: a one-key map per entry.
        if let Some((k, v)) = o.iter().next() {
            return PipeRunCustomField { id: None, label: Some(k.clone()), value: v.clone() };
        }
    }
    PipeRunCustomField {
        id: if id.is_none() && label.is_some() { fallback_label.map(str::to_owned) } else { id },
        label: label.or_else(|| fallback_label.map(str::to_owned)),
        value: o.get("value").cloned().unwrap_or(Value::Null),
    }
}

fn read_custom_fields(m: &Map<String, Value>, prefix: &str, issues: &mut Issues) -> Vec<PipeRunCustomField> {
    let field = join(prefix, "custom_fields");
    let mut out = Vec::new();
    match m.get("custom_fields") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if s.trim().is_empty() => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::Object(o) => out.push(field_entry(o, None)),
                    Value::Null => {}
                    other => wrong_type(issues, &index(&field, i), "an object", other),
                }
            }
        }
        Some(Value::Object(o)) => {
            for (k, v) in o {
                match v {
                    // `{ "<id>": { label, value } }`
                    Value::Object(e) if e.contains_key("value") || e.contains_key("label") => {
                        out.push(field_entry(e, Some(k)));
                    }
                    // `{ "<label>": value }` (the page's example)
                    _ => out.push(PipeRunCustomField { id: None, label: Some(k.clone()), value: v.clone() }),
                }
            }
        }
        Some(other) => wrong_type(issues, &field, "a list or an object of custom fields", other),
    }
    out
}

fn read_id(m: &Map<String, Value>, prefix: &str, issues: &mut Issues) -> Option<i64> {
    let field = join(prefix, "id");
    let v = match m.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(v) => Some(v),
    };
    let Some(v) = v else {
        issues.push(&field, IssueCode::Required, format!("{field} is required (the PipeRun customer id)"));
        return None;
    };
    let n = match v {
        Value::Number(_) | Value::String(_) => value_int(v),
        _ => None,
    };
    // An integer beyond i64 (`18446744073709551616`, `1e20`) is out of range like 2^53, not a type
    // error: digits with at most a positive exponent, read from the text (no float parsing).
    let big_integer = |text: &str| {
        let t = text.trim().trim_start_matches('-');
        let (digits, exp) = t.split_once(['e', 'E']).unwrap_or((t, "0"));
        let exp = exp.strip_prefix('+').unwrap_or(exp);
        [digits, exp].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let big = match v {
        Value::Number(x) => big_integer(&x.to_string()),
        Value::String(s) => big_integer(s),
        _ => false,
    };
    match n {
        Some(n) if (1..=MAX_SAFE_INTEGER).contains(&n) => Some(n),
        _ if n.is_some() || big => {
            issues.push(&field, IssueCode::InvalidValue, format!("{field} must be a positive integer up to 2^53-1"));
            None
        }
        _ => {
            wrong_type(issues, &field, "an integer", v);
            None
        }
    }
}

fn read_customer(m: &Map<String, Value>, prefix: &str, issues: &mut Issues) -> Option<PipeRunCustomer> {
    let id = read_id(m, prefix, issues);
    let name = key_text(m, "name", prefix, issues);
    let external_id = key_text(m, "external_id", prefix, issues);
    let document_number = key_text(m, "document_number", prefix, issues);
    let main_sms_id = key_text(m, "main_sms", prefix, issues);
    let main_whatsapp_id = key_text(m, "main_whatsapp", prefix, issues);
    let main_email_id = key_text(m, "main_email", prefix, issues);
    let custom_fields = read_custom_fields(m, prefix, issues);
    let telephones = entries(m, "telephones", prefix, issues)
        .into_iter()
        .map(|(path, t)| read_telephone(t, &path, issues))
        .collect();
    let emails =
        entries(m, "emails", prefix, issues).into_iter().map(|(path, e)| read_email(e, &path, issues)).collect();
    let mut wildcards = Vec::new();
    for slot in 1..=10u8 {
        let key = format!("wildcard_{slot:02}");
        if let Some(value) = lenient_text(m, &key) {
            wildcards.push(PipeRunWildcard { slot, value });
        }
    }
    Some(PipeRunCustomer {
        id: id?,
        name,
        external_id,
        document_number,
        created_at: lenient_date(m, "created_at"),
        main_sms_id,
        main_whatsapp_id,
        main_email_id,
        agent_id: lenient_int(m, "agent_id"),
        queue_id: lenient_int(m, "queue_id"),
        customer_group_id: lenient_int(m, "customer_group_id"),
        organization_id: lenient_int(m, "customer_organization_id"),
        is_priority: lenient_bool(m, "is_priority"),
        last_base_api: lenient_text(m, "last_base_api"),
        profile: read_profile(m),
        custom_fields,
        telephones,
        emails,
        deprecated: PipeRunDeprecated {
            wildcards,
            profile_picture_url: lenient_text(m, "profile_picture_url"),
            crmv_user_id: lenient_int(m, "crmv_user_id"),
            crmv_person_id: lenient_int(m, "crmv_person_id"),
            cxm_user_id: lenient_int(m, "cxm_user_id"),
            is_active: lenient_bool(m, "is_active"),
        },
    })
}

/// Keys only a customer object has (a `talk` has an `id` and dates too).
const CUSTOMER_KEYS: [&str; 11] = [
    "name",
    "external_id",
    "document_number",
    "telephones",
    "emails",
    "main_sms",
    "main_whatsapp",
    "main_email",
    "custom_fields",
    "is_priority",
    "customer_organization_id",
];

const WHERE_CUSTOMER: &str =
    "expected the customer object, { customer }, a talk with a customer, or { talk: { customer } }";

fn object_at<'a>(v: &'a Value, field: &str, issues: &mut Issues) -> Option<&'a Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m),
        other => {
            wrong_type(issues, field, "an object", other);
            None
        }
    }
}

/// Finds the customer object and the path that names it in issues.
fn locate<'a>(root: &'a Value, issues: &mut Issues) -> Option<(&'a Map<String, Value>, &'static str)> {
    let Value::Object(top) = root else {
        issues.push(
            "",
            IssueCode::InvalidType,
            format!("the PipeRun payload must be a JSON object ({WHERE_CUSTOMER}), got {}", type_name(root)),
        );
        return None;
    };
    if let Some(c) = top.get("customer").filter(|v| !v.is_null()) {
        return object_at(c, "customer", issues).map(|m| (m, "customer"));
    }
    if let Some(t) = top.get("talk").filter(|v| !v.is_null()) {
        let talk = object_at(t, "talk", issues)?;
        return match talk.get("customer") {
            None | Some(Value::Null) => {
                issues.push(
                    "talk.customer",
                    IssueCode::Required,
                    "talk.customer is required (the talk has no customer)",
                );
                None
            }
            Some(c) => object_at(c, "talk.customer", issues).map(|m| (m, "talk.customer")),
        };
    }
    if top.contains_key("customer") {
        issues.push("customer", IssueCode::Required, "customer is null (the payload has no customer)");
        return None;
    }
    if CUSTOMER_KEYS.iter().any(|k| top.contains_key(*k)) {
        return Some((top, "customer"));
    }
    issues.push("customer", IssueCode::Required, format!("no customer found: {WHERE_CUSTOMER}"));
    None
}

fn read_payload(root: &Value) -> Result<PipeRunCustomer, Vec<Issue>> {
    let mut issues = Issues::new();
    let customer = locate(root, &mut issues).and_then(|(m, prefix)| read_customer(m, prefix, &mut issues));
    match customer {
        Some(c) if issues.is_empty() => Ok(c),
        _ => Err(issues.into_vec()),
    }
}

fn not_json(e: &super::json::JsonError) -> Error {
    let mut issues = Issues::new();
    issues.push("", IssueCode::InvalidType, format!("the PipeRun payload is not valid JSON ({})", e.position()));
    Error::validation(issues.into_vec())
}

/// Reads a PipeRun customer from a parsed payload (see the module notes for the accepted
/// shapes). A JSON string value is taken as the payload's JSON text.
pub fn parse_piperun_customer(input: &Value) -> Result<PipeRunCustomer, Error> {
    match input {
        Value::String(text) => parse_piperun_customer_json(text.as_bytes()),
        other => read_payload(other).map_err(Error::validation),
    }
}

/// Reads a PipeRun customer from the raw body of a webhook request (any bytes; never panics).
pub fn parse_piperun_customer_json(body: &[u8]) -> Result<PipeRunCustomer, Error> {
    let text = match std::str::from_utf8(body) {
        Ok(t) => t,
        Err(e) => {
            let mut issues = Issues::new();
            issues.push("", IssueCode::InvalidType, format!("the PipeRun payload is not valid UTF-8 (at byte {})", e.valid_up_to()));
            return Err(Error::validation(issues.into_vec()));
        }
    };
    match super::json::parse(text) {
        Ok(v) => read_payload(&v).map_err(Error::validation),
        Err(e) => Err(not_json(&e)),
    }
}

/// Every issue of a payload (empty = readable).
pub fn validate_piperun_customer(input: &Value) -> Vec<Issue> {
    parse_piperun_customer(input).err().map(|e| e.issues).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Mapping options

/// How to map a PipeRun customer to TomTicket. Every member is optional.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct MappingOptions {
    /// Prefix of `customerId` when it is built from the PipeRun id. Default `"piperun:"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub customer_id_prefix: Option<String>,
    /// Use the PipeRun `externalId` as `customerId` when it has one. Default true.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub prefer_external_id: Option<bool>,
    /// TomTicket custom field id for each PipeRun custom field label (or PipeRun field id).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[tsify(optional, type = "{ [label: string]: string }")]
    pub custom_field_ids: BTreeMap<String, String>,
    /// Language of the customer panel, set on both inputs. Normalized to `pt-BR`/`en-US`/`es-ES`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "Language | \"pt_BR\" | \"en_US\" | \"es_ES\"")]
    pub language: Option<Language>,
}

fn read_options(input: &Value, prefix: &'static str) -> Result<MappingOptions, Vec<Issue>> {
    if input.is_null() {
        return Ok(MappingOptions::default());
    }
    if !input.is_object() {
        let mut issues = Issues::new();
        let field = if prefix.is_empty() { "" } else { prefix };
        wrong_type(&mut issues, field, "an object of mapping options", input);
        return Err(issues.into_vec());
    }
    let mut r = Reader::new(input, "PipeRunMappingOptions").with_prefix(prefix);
    let customer_id_prefix = r.string("customerIdPrefix");
    if let Some(p) = &customer_id_prefix {
        let field = r.field_name("customerIdPrefix");
        rules::single_line(&mut r.issues, &field, p);
        rules::max_chars(&mut r.issues, &field, p, CUSTOMER_ID_PREFIX_MAX_CHARS);
    }
    let prefer_external_id = r.boolean("preferExternalId");
    let mut custom_field_ids = BTreeMap::new();
    let field = r.field_name("customFieldIds");
    match r.raw("customFieldIds") {
        None => {}
        Some(Value::Object(m)) => {
            for (label, v) in m {
                let f = join(&field, label);
                let id = match v {
                    Value::String(s) => s.trim().to_owned(),
                    Value::Number(n) => n.to_string(),
                    other => {
                        wrong_type(&mut r.issues, &f, "a TomTicket custom field id (string)", other);
                        continue;
                    }
                };
                if id.is_empty() {
                    r.issues.push(
                        &f,
                        IssueCode::Required,
                        format!("{f}: the TomTicket custom field id must not be empty"),
                    );
                    continue;
                }
                rules::bracket_key(&mut r.issues, &f, &id);
                custom_field_ids.insert(label.clone(), id);
            }
        }
        Some(other) => wrong_type(&mut r.issues, &field, "an object of label → TomTicket field id", other),
    }
    let language = r.one_of("language", Language::INPUTS);
    r.finish().finish(MappingOptions { customer_id_prefix, prefer_external_id, custom_field_ids, language })
}

/// Reads and validates [`MappingOptions`] (`null` → defaults); every issue at once.
pub fn parse_mapping_options(input: &Value) -> Result<MappingOptions, Vec<Issue>> {
    read_options(input, "")
}

/// Every issue of the options (empty = valid).
pub fn validate_mapping_options(input: &Value) -> Vec<Issue> {
    parse_mapping_options(input).err().unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Mapping output

/// What a [`MappingNote`] is about.
#[derive(Serialize, Tsify, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum MappingNoteCode {
    /// `externalId` cannot be a TomTicket id (too long, line breaks, `.`); `<prefix><id>` used.
    ExternalIdUnusable,
    /// The customer has no name; another value was used (see the message).
    NameMissing,
    /// Line breaks or control characters in the name were replaced with spaces.
    NameCleaned,
    /// The name was cut at 250 characters.
    NameTruncated,
    /// No usable e-mail: created without one; `update` identifies the customer by internalId.
    NoEmail,
    /// An unsubscribed address was skipped.
    EmailUnsubscribed,
    /// An address that is not a valid e-mail (or over 250 characters) was skipped.
    EmailInvalid,
    /// The phone was sent without `+` and country code to fit in 20 characters.
    PhoneCountryCodeDropped,
    /// A telephone with no digits or too many for 20 characters was skipped.
    PhoneUnusable,
    /// A custom field has no TomTicket field id in `customFieldIds`; not carried.
    CustomFieldUnmapped,
    /// Two PipeRun fields map to one TomTicket field; the first one was kept.
    CustomFieldDuplicate,
    /// The PipeRun organization is not carried (its ids are not TomTicket ids).
    OrganizationNotMapped,
}

/// Something the user should know about a mapping.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct MappingNote {
    pub code: MappingNoteCode,
    /// The TomTicket input field concerned (`customerId`, `name`, `email`, `phone`,
    /// `customFields`, `organizationId`).
    pub field: String,
    /// Where the value came from, as a path in `PipeRunCustomer` (`emails[1]`, `externalId`).
    pub source: Option<String>,
    pub message: String,
}

/// A PipeRun customer as TomTicket inputs: create it, or update it when it exists.
#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Mapping {
    /// For `createCustomer`.
    pub new_customer: NewCustomer,
    /// For `updateCustomer` (only values it has: it never clears TomTicket data).
    pub update: LegacyCustomerUpdate,
    pub notes: Vec<MappingNote>,
}

fn note(notes: &mut Vec<MappingNote>, code: MappingNoteCode, field: &str, source: Option<String>, message: String) {
    notes.push(MappingNote { code, field: field.to_owned(), source, message });
}

// ---------------------------------------------------------------------------------------------
// Mapping

fn ids_match(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    a == b || matches!((a.parse::<i64>(), b.parse::<i64>()), (Ok(x), Ok(y)) if x == y)
}

/// Indices of `len` items: the preferred ones (in order) first, then the rest in list order.
fn preference(len: usize, preferred: &[Option<usize>]) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(len);
    for i in preferred.iter().flatten().copied().chain(0..len) {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    order
}

fn position_of<T>(items: &[T], wanted: Option<&str>, id: impl Fn(&T) -> Option<&str>) -> Option<usize> {
    let wanted = wanted?;
    items.iter().position(|item| id(item).is_some_and(|i| ids_match(i, wanted)))
}

fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// Why `externalId` cannot be a TomTicket id, if it cannot.
fn external_id_problem(id: &str) -> Option<String> {
    let n = char_count(id);
    if n > TOMTICKET_CUSTOMER_ID_MAX_CHARS {
        Some(format!("externalId has {n} characters (TomTicket allows at most {TOMTICKET_CUSTOMER_ID_MAX_CHARS})"))
    } else if id.chars().any(char::is_control) {
        Some("externalId contains line breaks or control characters".to_owned())
    } else if id == "." || id == ".." {
        Some("externalId is \".\" or \"..\", which cannot be a URL path segment".to_owned())
    } else {
        None
    }
}

fn choose_customer_id(c: &PipeRunCustomer, opts: &MappingOptions, notes: &mut Vec<MappingNote>) -> String {
    let prefix = opts.customer_id_prefix.as_deref().unwrap_or(DEFAULT_CUSTOMER_ID_PREFIX);
    let built = format!("{prefix}{}", c.id);
    if opts.prefer_external_id == Some(false) {
        return built;
    }
    if let Some(ext) = c.external_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        match external_id_problem(ext) {
            None => return ext.to_owned(),
            Some(why) => note(
                notes,
                MappingNoteCode::ExternalIdUnusable,
                "customerId",
                Some("externalId".to_owned()),
                format!("{why}; the customerId is built from the PipeRun id instead"),
            ),
        }
    }
    built
}

fn choose_email(c: &PipeRunCustomer, notes: &mut Vec<MappingNote>) -> Option<String> {
    let main = position_of(&c.emails, c.main_email_id.as_deref(), |e| e.id.as_deref());
    for i in preference(c.emails.len(), &[main]) {
        let Some(e) = c.emails.get(i) else { continue };
        let Some(addr) = e.email.as_deref().map(str::trim).filter(|s| !s.is_empty()) else { continue };
        let source = index("emails", i);
        if e.unsubscribed_at.is_some() {
            let msg = format!("{source} is unsubscribed (unsubscribedAt is set); skipped");
            note(notes, MappingNoteCode::EmailUnsubscribed, "email", Some(source), msg);
            continue;
        }
        let n = char_count(addr);
        if n > TOMTICKET_EMAIL_MAX_CHARS {
            let msg =
                format!("{source} has {n} characters (TomTicket allows at most {TOMTICKET_EMAIL_MAX_CHARS}); skipped");
            note(notes, MappingNoteCode::EmailInvalid, "email", Some(source), msg);
            continue;
        }
        if !rules::is_email(addr) {
            let msg = format!("{source} is not a valid e-mail address; skipped");
            note(notes, MappingNoteCode::EmailInvalid, "email", Some(source), msg);
            continue;
        }
        return Some(addr.to_owned());
    }
    note(
        notes,
        MappingNoteCode::NoEmail,
        "email",
        None,
        "no usable e-mail: the customer is created without one (so cannot sign in to the customer panel) and the update identifies it by internalId".to_owned(),
    );
    None
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// `(international, national)` forms of a telephone, as digits (`+` in front of the former).
fn phone_forms(t: &PipeRunTelephone) -> (Option<String>, Option<String>) {
    let cc = t.country_code.as_deref().map(digits).unwrap_or_default();
    let mut national = t.full_number.as_deref().map(digits).and_then(non_empty).or_else(|| {
        let mut n = t.area_code.as_deref().map(digits).unwrap_or_default();
        n.push_str(&t.number.as_deref().map(digits).unwrap_or_default());
        non_empty(n)
    });
    let full_cc = t.full_number_cc.as_deref().map(digits).unwrap_or_default();
    let plus = t.full_number_cc.as_deref().is_some_and(|s| s.trim_start().starts_with('+'));
    let mut intl = None;
    if !full_cc.is_empty() {
        let without_cc = if cc.is_empty() { None } else { full_cc.strip_prefix(cc.as_str()).filter(|r| !r.is_empty()) };
        if let Some(rest) = without_cc {
            intl = Some(format!("+{full_cc}"));
            national = national.or_else(|| Some(rest.to_owned()));
        } else if plus {
            intl = Some(format!("+{full_cc}"));
        } else {
            // No `+` and no matching country code: a national number.
            national = national.or(Some(full_cc));
        }
    }
    if intl.is_none() && !cc.is_empty() {
        intl = national.as_ref().map(|n| format!("+{cc}{n}"));
    }
    (intl, national)
}

fn choose_phone(c: &PipeRunCustomer, notes: &mut Vec<MappingNote>) -> Option<String> {
    fn id(t: &PipeRunTelephone) -> Option<&str> {
        t.id.as_deref()
    }
    let whatsapp = position_of(&c.telephones, c.main_whatsapp_id.as_deref(), id);
    let sms = position_of(&c.telephones, c.main_sms_id.as_deref(), id);
    let mobile = c.telephones.iter().position(|t| t.kind == Some(PipeRunTelephoneType::Mobile));
    for i in preference(c.telephones.len(), &[whatsapp, sms, mobile]) {
        let Some(t) = c.telephones.get(i) else { continue };
        let source = index("telephones", i);
        let (intl, national) = phone_forms(t);
        if let Some(p) = intl.as_ref().filter(|p| p.len() <= TOMTICKET_PHONE_MAX_CHARS) {
            return Some(p.clone());
        }
        match (intl, national) {
            (_, None) => {
                let msg = format!("{source} has no digits; skipped");
                note(notes, MappingNoteCode::PhoneUnusable, "phone", Some(source), msg);
            }
            (intl, Some(n)) if n.len() <= TOMTICKET_PHONE_MAX_CHARS => {
                if let Some(full) = intl {
                    let msg = format!(
                        "{source} with its country code has {} characters (TomTicket allows at most {TOMTICKET_PHONE_MAX_CHARS}); sent without + and country code",
                        full.len()
                    );
                    note(notes, MappingNoteCode::PhoneCountryCodeDropped, "phone", Some(source), msg);
                }
                return Some(n);
            }
            (_, Some(n)) => {
                let msg = format!(
                    "{source} has {} digits even without the country code (TomTicket allows at most {TOMTICKET_PHONE_MAX_CHARS} characters); skipped",
                    n.len()
                );
                note(notes, MappingNoteCode::PhoneUnusable, "phone", Some(source), msg);
            }
        }
    }
    None
}

/// Control characters → one space per run; trimmed. `true` when something was replaced.
fn clean_line(raw: &str) -> (String, bool) {
    let mut out = String::with_capacity(raw.len());
    let mut replaced = false;
    let mut in_run = false;
    for ch in raw.chars() {
        if ch.is_control() {
            if !in_run {
                out.push(' ');
            }
            in_run = true;
            replaced = true;
        } else {
            out.push(ch);
            in_run = false;
        }
    }
    (out.trim().to_owned(), replaced)
}

fn choose_name(
    c: &PipeRunCustomer,
    email: Option<&str>,
    phone: Option<&str>,
    customer_id: &str,
    notes: &mut Vec<MappingNote>,
) -> String {
    let profile = c.profile.as_ref();
    let candidates: [(Option<&str>, &str, &str); 6] = [
        (c.name.as_deref(), "name", "the name"),
        (profile.and_then(|p| p.name.as_deref()), "profile.name", "the social profile's name"),
        (profile.and_then(|p| p.username.as_deref()), "profile.username", "the social profile's username"),
        (email, "emails", "the e-mail address"),
        (phone, "telephones", "the phone number"),
        (Some(customer_id), "id", "the customerId"),
    ];
    let mut chosen = None;
    for (i, (value, source, what)) in candidates.iter().enumerate() {
        let Some(value) = value else { continue };
        let (clean, replaced) = clean_line(value);
        if clean.is_empty() {
            continue;
        }
        if i > 0 {
            note(
                notes,
                MappingNoteCode::NameMissing,
                "name",
                Some((*source).to_owned()),
                format!("the customer has no name; {what} is used as the name"),
            );
        }
        if replaced {
            note(
                notes,
                MappingNoteCode::NameCleaned,
                "name",
                Some((*source).to_owned()),
                "line breaks or control characters in the name were replaced with spaces".to_owned(),
            );
        }
        chosen = Some((clean, *source));
        break;
    }
    let (name, source) = chosen.unwrap_or_else(|| (customer_id.to_owned(), "id"));
    let n = char_count(&name);
    if n > TOMTICKET_NAME_MAX_CHARS {
        note(
            notes,
            MappingNoteCode::NameTruncated,
            "name",
            Some(source.to_owned()),
            format!("the name has {n} characters; cut at {TOMTICKET_NAME_MAX_CHARS} (TomTicket's limit)"),
        );
        let cut: String = name.chars().take(TOMTICKET_NAME_MAX_CHARS).collect();
        return cut.trim_end().to_owned();
    }
    name
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A custom field value as TomTicket text; `None` when empty.
fn field_text(v: &Value) -> Option<String> {
    match v {
        Value::Array(items) if items.iter().all(|i| !i.is_array() && !i.is_object()) => {
            let parts: Vec<String> = items.iter().filter_map(scalar_text).collect();
            non_empty(parts.join(", "))
        }
        Value::Array(items) if items.is_empty() => None,
        Value::Object(m) if m.is_empty() => None,
        Value::Array(_) | Value::Object(_) => serde_json::to_string(v).ok(),
        other => scalar_text(other),
    }
}

fn lookup_field_id<'a>(opts: &'a MappingOptions, f: &PipeRunCustomField) -> Option<&'a String> {
    let map = &opts.custom_field_ids;
    if let Some(label) = f.label.as_deref() {
        if let Some(id) = map.get(label) {
            return Some(id);
        }
        let wanted = super::lenient::fold_case(label.trim());
        if let Some((_, id)) = map.iter().find(|(k, _)| super::lenient::fold_case(k.trim()) == wanted) {
            return Some(id);
        }
    }
    f.id.as_deref().and_then(|id| map.get(id))
}

fn map_custom_fields(
    c: &PipeRunCustomer,
    opts: &MappingOptions,
    notes: &mut Vec<MappingNote>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (i, f) in c.custom_fields.iter().enumerate() {
        let Some(text) = field_text(&f.value) else { continue };
        let source = index("customFields", i);
        let what = match (f.label.as_deref(), f.id.as_deref()) {
            (Some(l), _) => format!("custom field {l:?}"),
            (None, Some(id)) => format!("custom field with id {id:?}"),
            (None, None) => format!("{source} (no label)"),
        };
        match lookup_field_id(opts, f) {
            None => note(
                notes,
                MappingNoteCode::CustomFieldUnmapped,
                "customFields",
                Some(source),
                format!("{what} has no TomTicket field id in customFieldIds; not carried"),
            ),
            Some(id) if out.contains_key(id) => note(
                notes,
                MappingNoteCode::CustomFieldDuplicate,
                "customFields",
                Some(source),
                format!("{what} maps to TomTicket field {id:?}, already set by an earlier field; not carried"),
            ),
            Some(id) => {
                out.insert(id.clone(), text);
            }
        }
    }
    out
}

/// Builds the TomTicket inputs for a PipeRun customer. Never fails: what cannot be carried is
/// reported in `notes` (see the module notes for every rule).
pub fn piperun_to_tomticket(c: &PipeRunCustomer, opts: &MappingOptions) -> Mapping {
    let mut id_notes = Vec::new();
    let customer_id = choose_customer_id(c, opts, &mut id_notes);
    let mut email_notes = Vec::new();
    let email = choose_email(c, &mut email_notes);
    let mut phone_notes = Vec::new();
    let phone = choose_phone(c, &mut phone_notes);
    let mut name_notes = Vec::new();
    let name = choose_name(c, email.as_deref(), phone.as_deref(), &customer_id, &mut name_notes);
    let mut field_notes = Vec::new();
    let custom_fields = map_custom_fields(c, opts, &mut field_notes);
    let mut notes = id_notes;
    notes.append(&mut name_notes);
    notes.append(&mut email_notes);
    notes.append(&mut phone_notes);
    notes.append(&mut field_notes);
    if c.organization_id.is_some() {
        note(
            &mut notes,
            MappingNoteCode::OrganizationNotMapped,
            "organizationId",
            Some("organizationId".to_owned()),
            "the PipeRun organization is not carried: its ids are not TomTicket organization ids".to_owned(),
        );
    }
    let language = opts.language;
    let custom_fields = (!custom_fields.is_empty()).then_some(custom_fields);
    let (identifier, identifier_type, internal_id) = match &email {
        Some(e) => (e.clone(), CustomerIdentifierType::Email, Some(customer_id.clone())),
        None => (customer_id.clone(), CustomerIdentifierType::InternalId, None),
    };
    let update = LegacyCustomerUpdate {
        identifier,
        identifier_type,
        name: Some(name.clone()),
        email: None,
        can_create_tickets: None,
        phone: phone.clone(),
        organization_id: None,
        internal_id,
        custom_fields: custom_fields.clone(),
        language,
        portfolio_id: None,
    };
    Mapping {
        new_customer: NewCustomer {
            customer_id,
            name,
            email,
            phone,
            can_create_tickets: None,
            organization_id: None,
            language,
            portfolio_id: None,
            custom_fields,
        },
        update,
        notes,
    }
}

/// Reads the payload and the options, and maps: every issue of both at once (payload issues
/// named by their PipeRun path, options issues as `options.<key>`).
pub fn map_piperun_customer(payload: &Value, options: &Value) -> Result<Mapping, Error> {
    let customer = parse_piperun_customer(payload);
    let opts = read_options(options, "options");
    match (customer, opts) {
        (Ok(c), Ok(o)) => Ok(piperun_to_tomticket(&c, &o)),
        (c, o) => {
            let mut issues = c.err().map(|e| e.issues).unwrap_or_default();
            issues.extend(o.err().unwrap_or_default());
            Err(Error::validation(issues))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The page's example payload, with the copy damage repaired (`"12:28:45"`, `"https://"`,
    /// a real e-mail instead of the obfuscated one).
    const EXAMPLE: &str = r#"{
        "id": 144527,
        "name": "JONAS",
        "external_id": "95238935",
        "document_number": "",
        "wildcard_01": "", "wildcard_02": "", "wildcard_03": "", "wildcard_04": "", "wildcard_05": "",
        "wildcard_06": "", "wildcard_07": "", "wildcard_08": "", "wildcard_09": "", "wildcard_10": "",
        "created_at": "2023-09-21T12:28:45.000000Z",
        "main_sms": 44290,
        "main_whatsapp": 44290,
        "main_email": 25396,
        "agent_id": null,
        "queue_id": null,
        "customer_group_id": null,
        "profile_picture_url": null,
        "is_priority": false,
        "last_base_api": null,
        "customer_organization_id": 15662,
        "crmv_user_id": 65886,
        "crmv_person_id": 9523893,
        "is_active": true,
        "cxm_user_id": null,
        "profile_info": {
            "name": "Jonas Schen",
            "username": "j.schen",
            "profile_pic": "https://scontent-gru1-2.cdninstagram.com/v/t51.2885-19/136402463_n.jpg?stp=dst-jpg_s206x206",
            "is_verified_user": false,
            "follower_count": 219,
            "is_user_follow_business": true,
            "is_business_follow_user": false,
            "id": "8215422678527800"
        },
        "custom_fields": {
            "Empresa": "Piperun",
            "Web Whatsapp - Pessoa": "(51) 99999-8888",
            "Nacionalidade": "Brasileira"
        },
        "telephones": [
            {
                "id": 70994,
                "customer_id": 144527,
                "area_code": "51",
                "number": "999887766",
                "type": "m",
                "level_id": "N",
                "has_sms": false,
                "has_whatsapp": false,
                "has_whatsapp_api": false,
                "wa_is_business": false,
                "wa_is_enterprise": false,
                "wa_contact_name": null,
                "wa_pushname": null,
                "wa_verified_level": null,
                "wa_verified_name": null,
                "wa_profile_picture": null,
                "session_expires_at": null,
                "insert_origin": "MAILING",
                "inserted_by": 127,
                "country_code": "55",
                "country_iso2": "br",
                "full_number": "51999887766",
                "full_number_cc": "+55 51999887766"
            }
        ],
        "emails": [
            {
                "id": 49543,
                "customer_id": 144527,
                "email": "jonas@example.com",
                "level_id": "N",
                "insert_origin": "AUTO",
                "inserted_by": 2,
                "unsubscribed_at": null
            }
        ]
    }"#;

    fn example() -> Value {
        serde_json::from_str(EXAMPLE).unwrap()
    }

    fn parse(v: Value) -> PipeRunCustomer {
        parse_piperun_customer(&v).unwrap()
    }

    fn issues_of(v: Value) -> Vec<(String, IssueCode)> {
        let e = parse_piperun_customer(&v).unwrap_err();
        assert_eq!(e.kind, crate::core::ErrorKind::Validation);
        e.issues.into_iter().map(|i| (i.field, i.code)).collect()
    }

    fn with(patch: Value) -> Value {
        let mut v = example();
        if let (Value::Object(m), Value::Object(p)) = (&mut v, patch) {
            for (k, val) in p {
                m.insert(k, val);
            }
        }
        v
    }

    fn map(v: Value) -> Mapping {
        piperun_to_tomticket(&parse(v), &MappingOptions::default())
    }

    fn map_opts(v: Value, opts: Value) -> Mapping {
        piperun_to_tomticket(&parse(v), &parse_mapping_options(&opts).unwrap())
    }

    fn codes(m: &Mapping) -> Vec<MappingNoteCode> {
        m.notes.iter().map(|n| n.code).collect()
    }

    fn tel(extra: Value) -> Value {
        let mut t = json!({"id": 1, "area_code": "51", "number": "999887766", "type": "m", "country_code": "55"});
        if let (Value::Object(m), Value::Object(p)) = (&mut t, extra) {
            for (k, val) in p {
                m.insert(k, val);
            }
        }
        t
    }

    // ---- reading -------------------------------------------------------------------------

    #[test]
    fn the_page_example_parses_fully() {
        let c = parse(example());
        assert_eq!(c.id, 144527);
        assert_eq!(c.name.as_deref(), Some("JONAS"));
        assert_eq!(c.external_id.as_deref(), Some("95238935"));
        assert_eq!(c.document_number, None, "\"\" reads as null");
        assert_eq!(c.created_at.as_deref(), Some("2023-09-21T12:28:45.000000Z"));
        assert_eq!(c.main_sms_id.as_deref(), Some("44290"));
        assert_eq!(c.main_whatsapp_id.as_deref(), Some("44290"));
        assert_eq!(c.main_email_id.as_deref(), Some("25396"));
        assert_eq!((c.agent_id, c.queue_id, c.customer_group_id), (None, None, None));
        assert_eq!(c.organization_id, Some(15662));
        assert_eq!(c.is_priority, Some(false));
        assert_eq!(c.last_base_api, None);
        let p = c.profile.clone().unwrap();
        assert_eq!(
            p,
            PipeRunProfile {
                id: Some("8215422678527800".into()),
                name: Some("Jonas Schen".into()),
                username: Some("j.schen".into()),
                picture_url: Some(
                    "https://scontent-gru1-2.cdninstagram.com/v/t51.2885-19/136402463_n.jpg?stp=dst-jpg_s206x206"
                        .into()
                ),
                is_verified: Some(false),
                follower_count: Some(219),
                follows_business: Some(true),
                followed_by_business: Some(false),
            }
        );
        assert_eq!(
            c.custom_fields,
            vec![
                PipeRunCustomField { id: None, label: Some("Empresa".into()), value: json!("Piperun") },
                PipeRunCustomField { id: None, label: Some("Nacionalidade".into()), value: json!("Brasileira") },
                PipeRunCustomField {
                    id: None,
                    label: Some("Web Whatsapp - Pessoa".into()),
                    value: json!("(51) 99999-8888")
                },
            ]
        );
        assert_eq!(
            c.telephones,
            vec![PipeRunTelephone {
                id: Some("70994".into()),
                customer_id: Some(144527),
                country_code: Some("55".into()),
                country_iso2: Some("br".into()),
                area_code: Some("51".into()),
                number: Some("999887766".into()),
                full_number: Some("51999887766".into()),
                full_number_cc: Some("+55 51999887766".into()),
                kind: Some(PipeRunTelephoneType::Mobile),
                level_id: Some("N".into()),
                has_sms: Some(false),
                has_whatsapp: Some(false),
                insert_origin: Some(PipeRunInsertOrigin::Mailing),
                inserted_by: Some(127),
            }]
        );
        assert_eq!(
            c.emails,
            vec![PipeRunEmail {
                id: Some("49543".into()),
                customer_id: Some(144527),
                email: Some("jonas@example.com".into()),
                level_id: Some("N".into()),
                insert_origin: Some(PipeRunInsertOrigin::Auto),
                inserted_by: Some(2),
                unsubscribed_at: None,
            }]
        );
        assert_eq!(
            c.deprecated,
            PipeRunDeprecated {
                wildcards: vec![],
                profile_picture_url: None,
                crmv_user_id: Some(65886),
                crmv_person_id: Some(9523893),
                cxm_user_id: None,
                is_active: Some(true),
            }
        );
    }

    #[test]
    fn the_damaged_page_example_still_parses() {
        let damaged = EXAMPLE
            .replace("12:28:45", "12: 28: 45")
            .replace("https://", "https: //")
            .replace("jonas@example.com", "[email protected]");
        let c = parse_piperun_customer_json(damaged.as_bytes()).unwrap();
        assert_eq!(c.created_at.as_deref(), Some("2023-09-21T12:28:45.000000Z"), "spaces after ':' repaired");
        assert!(c.profile.unwrap().picture_url.unwrap().starts_with("https: //"), "URLs are passed through as sent");
        assert_eq!(c.emails[0].email.as_deref(), Some("[email protected]"));
        // The obfuscated address is not an e-mail: skipped with a note, the update uses internalId.
        let m =
            piperun_to_tomticket(&parse_piperun_customer_json(damaged.as_bytes()).unwrap(), &MappingOptions::default());
        assert_eq!(m.new_customer.email, None);
        assert_eq!(m.update.identifier_type, CustomerIdentifierType::InternalId);
        assert_eq!(codes(&m)[..2], [MappingNoteCode::EmailInvalid, MappingNoteCode::NoEmail]);
        assert_eq!(m.notes[0].source.as_deref(), Some("emails[0]"));
    }

    #[test]
    fn serialized_model_uses_js_names_and_nulls() {
        let v = serde_json::to_value(parse(example())).unwrap();
        assert_eq!(v["id"], json!(144527));
        assert_eq!(v["externalId"], json!("95238935"));
        assert_eq!(v["documentNumber"], Value::Null);
        assert_eq!(v["mainWhatsappId"], json!("44290"));
        assert_eq!(v["organizationId"], json!(15662));
        assert_eq!(v["profile"]["pictureUrl"].as_str().map(|s| s.starts_with("https://")), Some(true));
        assert_eq!(v["telephones"][0]["type"], json!("mobile"));
        assert_eq!(v["telephones"][0]["insertOrigin"], json!("mailing"));
        assert_eq!(v["telephones"][0]["fullNumberCc"], json!("+55 51999887766"));
        assert_eq!(v["emails"][0]["unsubscribedAt"], Value::Null);
        assert_eq!(v["customFields"][0], json!({"id": null, "label": "Empresa", "value": "Piperun"}));
        assert_eq!(v["deprecated"]["wildcards"], json!([]));
        for wire in ["external_id", "main_sms", "profile_info", "full_number_cc", "customer_organization_id"] {
            assert!(!v.to_string().contains(wire), "wire name {wire} leaked");
        }
    }

    #[test]
    fn accepted_wrappers() {
        let c = example();
        let want = parse(c.clone());
        for payload in [
            json!({"talk": {"id": 9, "customer": c.clone()}}),
            json!({"customer": c.clone()}),
            json!({"id": 9, "protocol": "123", "created_at": "2024-01-01 10:00:00", "customer": c.clone()}),
            Value::String(EXAMPLE.to_owned()),
            Value::String(json!({"talk": {"customer": c.clone()}}).to_string()),
        ] {
            assert_eq!(parse_piperun_customer(&payload).unwrap(), want);
        }
        let body = json!({"talk": {"customer": c}}).to_string();
        assert_eq!(parse_piperun_customer_json(body.as_bytes()).unwrap(), want);
    }

    #[test]
    fn custom_fields_as_map_and_as_list() {
        let map_shape = parse(with(json!({"custom_fields": {"Empresa": "Piperun", "Idade": 42, "Vazio": null}})));
        let list_shape = parse(with(json!({"custom_fields": [
            {"label": "Empresa", "value": "Piperun"},
            {"name": "Idade", "value": 42},
            {"Vazio": null}
        ]})));
        let labels = |c: &PipeRunCustomer| {
            c.custom_fields.iter().map(|f| (f.label.clone(), f.value.clone())).collect::<Vec<_>>()
        };
        let want = vec![
            (Some("Empresa".into()), json!("Piperun")),
            (Some("Idade".into()), json!(42)),
            (Some("Vazio".into()), Value::Null),
        ];
        assert_eq!(labels(&map_shape), want);
        assert_eq!(labels(&list_shape), want);
        // List entries with ids; a map keyed by id whose values are field objects.
        let with_ids = parse(with(json!({"custom_fields": [{"id": 7, "label": "Empresa", "value": "X"}]})));
        assert_eq!(
            with_ids.custom_fields[0],
            PipeRunCustomField { id: Some("7".into()), label: Some("Empresa".into()), value: json!("X") }
        );
        let keyed = parse(with(json!({"custom_fields": {"7": {"label": "Empresa", "value": "X"}}})));
        assert_eq!(
            keyed.custom_fields[0],
            PipeRunCustomField { id: Some("7".into()), label: Some("Empresa".into()), value: json!("X") }
        );
        let no_label = parse(with(json!({"custom_fields": [{"value": "X"}]})));
        assert_eq!(no_label.custom_fields[0], PipeRunCustomField { id: None, label: None, value: json!("X") });
        // PHP empties.
        for empty in [json!([]), json!({}), json!(""), Value::Null] {
            assert!(parse(with(json!({"custom_fields": empty}))).custom_fields.is_empty());
        }
        // Both shapes map the same way.
        let opts = json!({"customFieldIds": {"Empresa": "aaa", "Idade": "bbb"}});
        let a = map_opts(with(json!({"custom_fields": {"Empresa": "Piperun", "Idade": 42}})), opts.clone());
        let b = map_opts(
            with(json!({"custom_fields": [{"label": "Empresa", "value": "Piperun"}, {"label": "Idade", "value": 42}]})),
            opts,
        );
        assert_eq!(a, b);
        assert_eq!(
            a.new_customer.custom_fields,
            Some(BTreeMap::from([("aaa".to_owned(), "Piperun".to_owned()), ("bbb".to_owned(), "42".to_owned())]))
        );
    }

    #[test]
    fn unknown_codes_are_kept() {
        let c = parse(with(json!({
            "telephones": [{"id": 1, "number": "1", "type": "x", "insert_origin": "API"}, {"id": 2, "type": "F", "insert_origin": "manual"}],
            "emails": [{"id": 3, "email": "a@b.co", "insert_origin": "hubstore"}, {"id": 4, "insert_origin": 5}]
        })));
        assert_eq!(c.telephones[0].kind, Some(PipeRunTelephoneType::Unknown("x".into())));
        assert_eq!(c.telephones[0].insert_origin, Some(PipeRunInsertOrigin::Unknown("API".into())));
        assert_eq!(c.telephones[1].kind, Some(PipeRunTelephoneType::Landline));
        assert_eq!(c.telephones[1].insert_origin, Some(PipeRunInsertOrigin::Manual));
        assert_eq!(c.emails[0].insert_origin, Some(PipeRunInsertOrigin::Hubstore));
        assert_eq!(c.emails[1].insert_origin, Some(PipeRunInsertOrigin::Unknown("5".into())));
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["telephones"][0]["type"], json!({"unknown": "x"}));
        assert_eq!(v["telephones"][0]["insertOrigin"], json!({"unknown": "API"}));
    }

    #[test]
    fn lenient_scalars_and_deprecated_fields() {
        let c = parse(with(json!({
            "id": "144527",
            "external_id": 95238935,
            "is_priority": "1",
            "agent_id": "12",
            "queue_id": "x",
            "wildcard_01": "um", "wildcard_07": 7, "wildcard_10": "  ",
            "profile_picture_url": "https://p",
            "is_active": "N",
            "created_at": "2023-09-21 12:28:45",
            "profile_info": [],
            "telephones": {"70994": {"id": 70994, "number": "1"}},
            "emails": [null, {"id": 1, "email": "a@b.co", "unsubscribed_at": "2024-01-02T03:04:05Z"}]
        })));
        assert_eq!(c.id, 144527);
        assert_eq!(c.external_id.as_deref(), Some("95238935"));
        assert_eq!(c.is_priority, Some(true));
        assert_eq!((c.agent_id, c.queue_id), (Some(12), None));
        assert_eq!(
            c.deprecated.wildcards,
            vec![PipeRunWildcard { slot: 1, value: "um".into() }, PipeRunWildcard { slot: 7, value: "7".into() }]
        );
        assert_eq!(c.deprecated.profile_picture_url.as_deref(), Some("https://p"));
        assert_eq!(c.deprecated.is_active, Some(false));
        assert_eq!(c.created_at.as_deref(), Some("2023-09-21T12:28:45"), "no time zone invented");
        assert_eq!(c.profile, None);
        assert_eq!(c.telephones.len(), 1, "PHP object keyed by id");
        assert_eq!(c.emails.len(), 1, "null entries skipped");
        assert_eq!(c.emails[0].unsubscribed_at.as_deref(), Some("2024-01-02T03:04:05Z"));
        let odd = parse(with(json!({"created_at": "ontem"})));
        assert_eq!(odd.created_at.as_deref(), Some("ontem"), "unknown date text kept");
    }

    // ---- bad payloads --------------------------------------------------------------------

    #[test]
    fn every_issue_at_once_with_paths() {
        let got = issues_of(json!({"talk": {"customer": {
            "name": {"first": "x"},
            "external_id": true,
            "main_whatsapp": [1],
            "custom_fields": 5,
            "telephones": [{"id": 1, "number": ["9"]}, "x", {"full_number_cc": false}],
            "emails": [{"email": {"a": 1}}, 3]
        }}}));
        assert_eq!(
            got,
            vec![
                ("talk.customer.id".into(), IssueCode::Required),
                ("talk.customer.name".into(), IssueCode::InvalidType),
                ("talk.customer.external_id".into(), IssueCode::InvalidType),
                ("talk.customer.main_whatsapp".into(), IssueCode::InvalidType),
                ("talk.customer.custom_fields".into(), IssueCode::InvalidType),
                ("talk.customer.telephones[1]".into(), IssueCode::InvalidType),
                ("talk.customer.telephones[0].number".into(), IssueCode::InvalidType),
                ("talk.customer.telephones[2].full_number_cc".into(), IssueCode::InvalidType),
                ("talk.customer.emails[1]".into(), IssueCode::InvalidType),
                ("talk.customer.emails[0].email".into(), IssueCode::InvalidType),
            ]
        );
    }

    #[test]
    fn bare_customer_paths_start_with_customer() {
        assert_eq!(issues_of(json!({"name": "x"})), vec![("customer.id".into(), IssueCode::Required)]);
        assert_eq!(issues_of(json!({"name": "x", "id": ""})), vec![("customer.id".into(), IssueCode::Required)]);
        assert_eq!(issues_of(json!({"name": "x", "id": "abc"})), vec![("customer.id".into(), IssueCode::InvalidType)]);
        assert_eq!(issues_of(json!({"name": "x", "id": 1.5})), vec![("customer.id".into(), IssueCode::InvalidType)]);
        assert_eq!(issues_of(json!({"name": "x", "id": true})), vec![("customer.id".into(), IssueCode::InvalidType)]);
        assert_eq!(issues_of(json!({"name": "x", "id": 0})), vec![("customer.id".into(), IssueCode::InvalidValue)]);
        assert_eq!(
            issues_of(json!({"name": "x", "id": 9_007_199_254_740_992_i64})),
            vec![("customer.id".into(), IssueCode::InvalidValue)]
        );
        assert_eq!(
            issues_of(json!({"customer": {"id": 1, "emails": {"a": 1}}})),
            vec![("customer.emails.a".into(), IssueCode::InvalidType)]
        );
    }

    #[test]
    fn no_customer() {
        for (payload, field, code) in [
            (json!({}), "customer", IssueCode::Required),
            (json!({"id": 5, "protocol": "1"}), "customer", IssueCode::Required),
            (json!({"customer": null}), "customer", IssueCode::Required),
            (json!({"customer": []}), "customer", IssueCode::InvalidType),
            (json!({"customer": "x"}), "customer", IssueCode::InvalidType),
            (json!({"talk": {"id": 1}}), "talk.customer", IssueCode::Required),
            (json!({"talk": {"customer": null}}), "talk.customer", IssueCode::Required),
            (json!({"talk": {"customer": 3}}), "talk.customer", IssueCode::InvalidType),
            (json!({"talk": 3}), "talk", IssueCode::InvalidType),
            (json!([1]), "", IssueCode::InvalidType),
            (json!(7), "", IssueCode::InvalidType),
            (Value::Null, "", IssueCode::InvalidType),
            (Value::String("not json".into()), "", IssueCode::InvalidType),
            (Value::String("\"a string\"".into()), "", IssueCode::InvalidType),
        ] {
            assert_eq!(issues_of(payload.clone()), vec![(field.to_owned(), code)], "{payload}");
        }
        let e = parse_piperun_customer_json(b"{\"id\": 1,").unwrap_err();
        assert_eq!(e.kind, crate::core::ErrorKind::Validation);
        assert!(e.message.contains("not valid JSON"), "{}", e.message);
        assert_eq!(validate_piperun_customer(&example()), vec![]);
        assert_eq!(validate_piperun_customer(&json!({})).len(), 1);
    }

    #[test]
    fn never_panics_on_truncations_and_garbage() {
        let body = json!({"talk": {"customer": example()}}).to_string();
        let bytes = body.as_bytes();
        for end in 0..bytes.len() {
            let _ = parse_piperun_customer_json(&bytes[..end]);
        }
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for len in 0..300 {
            let mut junk = Vec::with_capacity(len);
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                junk.push((seed >> 24) as u8);
            }
            let _ = parse_piperun_customer_json(&junk);
        }
        let deep = "[".repeat(100_000);
        assert!(parse_piperun_customer_json(deep.as_bytes()).is_err());
        // Every key of the example replaced by each kind of odd value: no panic, and a mapping
        // is always possible when the payload reads.
        let odd = [
            Value::Null,
            json!(""),
            json!(" "),
            json!(-1),
            json!(1e300),
            json!(u64::MAX),
            json!(true),
            json!([]),
            json!([null, 1, "x", {}]),
            json!({}),
            json!({"a": [1]}),
            json!("\u{0}\n\r"),
        ];
        let keys: Vec<String> = example().as_object().unwrap().keys().cloned().collect();
        for key in keys {
            for o in &odd {
                let v = with(json!({ key.clone(): o.clone() }));
                if let Ok(c) = parse_piperun_customer(&v) {
                    let m = piperun_to_tomticket(&c, &MappingOptions::default());
                    assert!(!m.new_customer.name.is_empty() && !m.new_customer.customer_id.is_empty());
                }
            }
        }
        for key in [
            "id",
            "number",
            "area_code",
            "full_number",
            "full_number_cc",
            "country_code",
            "type",
            "has_sms",
            "inserted_by",
        ] {
            for o in &odd {
                let v = with(json!({"telephones": [tel(json!({ key: o.clone() }))]}));
                if let Ok(c) = parse_piperun_customer(&v) {
                    let m = piperun_to_tomticket(&c, &MappingOptions::default());
                    assert!(m.new_customer.phone.as_ref().map_or(true, |p| p.chars().count() <= 20));
                }
            }
        }
    }

    // ---- mapping -------------------------------------------------------------------------

    #[test]
    fn the_example_maps_to_both_inputs() {
        let m = map_opts(example(), json!({"customFieldIds": {"Empresa": "0123abcd"}, "language": "pt_BR"}));
        assert_eq!(
            serde_json::to_value(&m.new_customer).unwrap(),
            json!({
                "customerId": "95238935",
                "name": "JONAS",
                "email": "jonas@example.com",
                "phone": "+5551999887766",
                "language": "pt-BR",
                "customFields": {"0123abcd": "Piperun"}
            })
        );
        assert_eq!(
            serde_json::to_value(&m.update).unwrap(),
            json!({
                "identifier": "jonas@example.com",
                "identifierType": "email",
                "name": "JONAS",
                "phone": "+5551999887766",
                "internalId": "95238935",
                "customFields": {"0123abcd": "Piperun"},
                "language": "pt-BR"
            })
        );
        assert_eq!(
            codes(&m),
            vec![
                MappingNoteCode::CustomFieldUnmapped,
                MappingNoteCode::CustomFieldUnmapped,
                MappingNoteCode::OrganizationNotMapped
            ]
        );
        assert_eq!(m.notes[0].field, "customFields");
        assert_eq!(m.notes[0].source.as_deref(), Some("customFields[1]"));
        assert!(m.notes[0].message.contains("\"Nacionalidade\""), "{}", m.notes[0].message);
        let js = serde_json::to_value(&m).unwrap();
        assert!(js.get("newCustomer").is_some() && js.get("update").is_some());
        assert_eq!(
            js["notes"][2],
            json!({"code": "organizationNotMapped", "field": "organizationId", "source": "organizationId", "message": m.notes[2].message})
        );
    }

    #[test]
    fn customer_id_choice() {
        assert_eq!(map(example()).new_customer.customer_id, "95238935");
        assert_eq!(map(with(json!({"external_id": "  95238935 "}))).new_customer.customer_id, "95238935");
        let none = map(with(json!({"external_id": null})));
        assert_eq!(none.new_customer.customer_id, "piperun:144527");
        assert!(!codes(&none).contains(&MappingNoteCode::ExternalIdUnusable));
        assert_eq!(
            map_opts(with(json!({"external_id": ""})), json!({"customerIdPrefix": "pr-"})).new_customer.customer_id,
            "pr-144527"
        );
        assert_eq!(
            map_opts(with(json!({"external_id": ""})), json!({"customerIdPrefix": ""})).new_customer.customer_id,
            "144527"
        );
        assert_eq!(map_opts(example(), json!({"preferExternalId": false})).new_customer.customer_id, "piperun:144527");
        assert_eq!(map_opts(example(), json!({"preferExternalId": true})).new_customer.customer_id, "95238935");
        for bad in [json!("x".repeat(251)), json!("a\nb"), json!(".."), json!(".")] {
            let m = map(with(json!({"external_id": bad})));
            assert_eq!(m.new_customer.customer_id, "piperun:144527");
            assert_eq!(m.notes[0].code, MappingNoteCode::ExternalIdUnusable);
            assert_eq!((m.notes[0].field.as_str(), m.notes[0].source.as_deref()), ("customerId", Some("externalId")));
        }
        assert_eq!(map(with(json!({"external_id": "é".repeat(250)}))).new_customer.customer_id.chars().count(), 250);
        // The longest prefix still fits with the longest id.
        let m = map_opts(
            with(json!({"external_id": null, "id": 9_007_199_254_740_991_i64})),
            json!({"customerIdPrefix": "p".repeat(230)}),
        );
        assert!(m.new_customer.customer_id.chars().count() <= 250);
    }

    #[test]
    fn email_choice() {
        let emails = json!([
            {"id": 1, "email": "first@example.com"},
            {"id": 2, "email": "main@example.com"},
            {"id": 3, "email": "third@example.com"}
        ]);
        let m = map(with(json!({"emails": emails.clone(), "main_email": 2})));
        assert_eq!(m.new_customer.email.as_deref(), Some("main@example.com"));
        assert_eq!(m.update.identifier, "main@example.com");
        assert_eq!(
            map(with(json!({"emails": emails.clone(), "main_email": "2"}))).new_customer.email.as_deref(),
            Some("main@example.com")
        );
        assert_eq!(
            map(with(json!({"emails": emails.clone(), "main_email": 99}))).new_customer.email.as_deref(),
            Some("first@example.com")
        );
        assert_eq!(
            map(with(json!({"emails": emails, "main_email": null}))).new_customer.email.as_deref(),
            Some("first@example.com")
        );
        // The main one is unsubscribed: the next one is used, with a note.
        let m = map(with(json!({"main_email": 2, "emails": [
            {"id": 1, "email": "first@example.com"},
            {"id": 2, "email": "main@example.com", "unsubscribed_at": "2024-01-01 00:00:00"}
        ]})));
        assert_eq!(m.new_customer.email.as_deref(), Some("first@example.com"));
        assert_eq!(m.notes[0].code, MappingNoteCode::EmailUnsubscribed);
        assert_eq!(m.notes[0].source.as_deref(), Some("emails[1]"));
        assert!(!m.notes[0].message.contains("main@"), "notes never quote personal data");
        // Blank, invalid and too long addresses are skipped.
        let long = format!("{}@example.com", "a".repeat(240));
        let m = map(with(
            json!({"main_email": null, "emails": [{"id": 1, "email": " "}, {"id": 2, "email": "nope"}, {"id": 3, "email": long}, {"id": 4, "email": " ok@example.com "}]}),
        ));
        assert_eq!(m.new_customer.email.as_deref(), Some("ok@example.com"));
        assert_eq!(codes(&m)[..2], [MappingNoteCode::EmailInvalid, MappingNoteCode::EmailInvalid]);
        assert!(m.notes[1].message.contains("252 characters"), "{}", m.notes[1].message);
    }

    #[test]
    fn no_email_means_internal_id_update() {
        for emails in
            [json!([]), Value::Null, json!([{"id": 1, "email": "x@example.com", "unsubscribed_at": "2024-01-01"}])]
        {
            let m = map(with(json!({"emails": emails})));
            assert_eq!(m.new_customer.email, None);
            assert!(!serde_json::to_value(&m.new_customer).unwrap().as_object().unwrap().contains_key("email"));
            assert_eq!(m.update.identifier_type, CustomerIdentifierType::InternalId);
            assert_eq!(m.update.identifier, "95238935");
            assert_eq!(m.update.internal_id, None, "internalId is only allowed with identifierType email");
            let v = serde_json::to_value(&m.update).unwrap();
            assert_eq!(v["identifierType"], json!("internalId"));
            assert!(v.get("internalId").is_none() && v.get("email").is_none());
            assert!(codes(&m).contains(&MappingNoteCode::NoEmail));
        }
    }

    #[test]
    fn phone_choice_follows_main_ids() {
        let phones = json!([
            tel(json!({"id": 1, "type": "f", "area_code": "11", "number": "33334444"})),
            tel(json!({"id": 2, "area_code": "21", "number": "988887777"})),
            tel(json!({"id": 3, "area_code": "31", "number": "977776666"})),
            tel(json!({"id": 4, "area_code": "41", "number": "966665555"}))
        ]);
        let phone = |patch: Value| {
            let mut p = json!({"telephones": phones.clone(), "main_whatsapp": null, "main_sms": null});
            if let (Value::Object(m), Value::Object(x)) = (&mut p, patch) {
                m.extend(x);
            }
            map(with(p)).new_customer.phone
        };
        assert_eq!(phone(json!({"main_whatsapp": 3, "main_sms": 4})).as_deref(), Some("+5531977776666"));
        assert_eq!(phone(json!({"main_sms": 4})).as_deref(), Some("+5541966665555"));
        assert_eq!(phone(json!({"main_whatsapp": 99, "main_sms": "4"})).as_deref(), Some("+5541966665555"));
        assert_eq!(phone(json!({})).as_deref(), Some("+5521988887777"), "first mobile");
        let landline_only =
            map(with(json!({"main_whatsapp": null, "main_sms": null, "telephones": [tel(json!({"type": "f"}))]})));
        assert_eq!(landline_only.new_customer.phone.as_deref(), Some("+5551999887766"), "else the first");
        assert_eq!(map(with(json!({"telephones": []}))).new_customer.phone, None);
        assert_eq!(map(with(json!({"telephones": []}))).update.phone, None);
    }

    #[test]
    fn phone_forms_and_limits() {
        let one = |t: Value| map(with(json!({"telephones": [t], "main_whatsapp": null, "main_sms": null})));
        // full_number_cc wins and is normalized to digits.
        assert_eq!(
            one(tel(json!({"full_number_cc": "+55 (51) 99988-7766"}))).new_customer.phone.as_deref(),
            Some("+5551999887766")
        );
        // Without full_number_cc: +<cc><area><number>; full_number preferred over the parts.
        assert_eq!(
            one(tel(json!({"full_number": "51 3333-4444"}))).new_customer.phone.as_deref(),
            Some("+555133334444")
        );
        // A full_number_cc without "+" that starts with the country code is international.
        assert_eq!(
            one(tel(json!({"full_number_cc": "5551999887766"}))).new_customer.phone.as_deref(),
            Some("+5551999887766")
        );
        // No country code anywhere: the national number, no note.
        let national = one(json!({"id": 1, "area_code": "51", "number": "999887766"}));
        assert_eq!(national.new_customer.phone.as_deref(), Some("51999887766"));
        assert!(!codes(&national)
            .iter()
            .any(|c| matches!(c, MappingNoteCode::PhoneCountryCodeDropped | MappingNoteCode::PhoneUnusable)));
        // Exactly 20 characters fits.
        let fits = one(json!({"id": 1, "country_code": "1", "full_number": "123456789012345678"}));
        assert_eq!(fits.new_customer.phone.as_deref(), Some("+1123456789012345678"));
        // Too long with the country code: sent without it, with a note.
        let dropped = one(json!({"id": 1, "country_code": "55", "full_number": "12345678901234567890"}));
        assert_eq!(dropped.new_customer.phone.as_deref(), Some("12345678901234567890"));
        assert_eq!(dropped.update.phone.as_deref(), Some("12345678901234567890"));
        let n = dropped.notes.iter().find(|n| n.code == MappingNoteCode::PhoneCountryCodeDropped).unwrap();
        assert_eq!((n.field.as_str(), n.source.as_deref()), ("phone", Some("telephones[0]")));
        assert!(n.message.contains("23 characters"), "{}", n.message);
        // Too long even without it: omitted, never truncated.
        let unusable = one(json!({"id": 1, "country_code": "55", "full_number": "123456789012345678901"}));
        assert_eq!(unusable.new_customer.phone, None);
        assert!(codes(&unusable).contains(&MappingNoteCode::PhoneUnusable));
        // No digits at all.
        let empty = one(json!({"id": 1, "number": "sem número", "country_code": "55"}));
        assert_eq!(empty.new_customer.phone, None);
        assert!(codes(&empty).contains(&MappingNoteCode::PhoneUnusable));
        // An unusable preferred phone falls through to the next one.
        let fall = map(with(json!({"main_whatsapp": 1, "main_sms": null, "telephones": [
            {"id": 1, "full_number": "123456789012345678901234"},
            tel(json!({"id": 2}))
        ]})));
        assert_eq!(fall.new_customer.phone.as_deref(), Some("+5551999887766"));
        assert_eq!(
            fall.notes.iter().find(|n| n.code == MappingNoteCode::PhoneUnusable).unwrap().source.as_deref(),
            Some("telephones[0]")
        );
    }

    #[test]
    fn name_rules() {
        assert_eq!(map(with(json!({"name": "  Jonas Schen \t"}))).new_customer.name, "Jonas Schen");
        let cleaned = map(with(json!({"name": "Jonas\r\nSchen"})));
        assert_eq!(cleaned.new_customer.name, "Jonas Schen");
        assert_eq!(cleaned.notes[0].code, MappingNoteCode::NameCleaned);
        let long = map(with(json!({"name": "😀".repeat(300)})));
        assert_eq!(long.new_customer.name.chars().count(), 250);
        assert_eq!(long.update.name.as_ref(), Some(&long.new_customer.name));
        assert_eq!(long.notes[0].code, MappingNoteCode::NameTruncated);
        assert!(long.notes[0].message.contains("300 characters"));
        assert_eq!(
            map(with(json!({"name": "a".repeat(250)})))
                .notes
                .iter()
                .filter(|n| n.code == MappingNoteCode::NameTruncated)
                .count(),
            0
        );
        // Missing: profile name, username, e-mail, phone, customerId.
        let m = map(with(json!({"name": " "})));
        assert_eq!(m.new_customer.name, "Jonas Schen");
        assert_eq!(
            (m.notes[0].code, m.notes[0].source.as_deref()),
            (MappingNoteCode::NameMissing, Some("profile.name"))
        );
        assert_eq!(
            map(with(json!({"name": null, "profile_info": {"username": "j.schen"}}))).new_customer.name,
            "j.schen"
        );
        assert_eq!(map(with(json!({"name": null, "profile_info": null}))).new_customer.name, "jonas@example.com");
        assert_eq!(
            map(with(json!({"name": null, "profile_info": null, "emails": []}))).new_customer.name,
            "+5551999887766"
        );
        assert_eq!(
            map(with(json!({"name": null, "profile_info": null, "emails": [], "telephones": []}))).new_customer.name,
            "95238935"
        );
    }

    #[test]
    fn custom_field_mapping() {
        let fields = json!({"custom_fields": [
            {"label": "Empresa", "value": "Piperun"},
            {"label": "Idade", "value": 42},
            {"label": "Ativo", "value": true},
            {"label": "Tags", "value": ["a", 1, null, "b"]},
            {"label": "Endereço", "value": {"rua": "X"}},
            {"label": "Vazio", "value": ""},
            {"label": "Nulo", "value": null},
            {"label": "Lista vazia", "value": []},
            {"id": 77, "value": "by id"},
            {"label": "Sem mapa", "value": "x"},
            {"label": "empresa ", "value": "duplicate"},
            {"value": "no label"}
        ]});
        let opts = json!({"customFieldIds": {
            "Empresa": "f1", "idade": "f2", "Ativo": "f3", "Tags": "f4", "Endereço": "f5", "Vazio": "f6", "Nulo": "f7", "Lista vazia": "f8", "77": "f9"
        }});
        let m = map_opts(with(fields), opts);
        let want: BTreeMap<String, String> = [
            ("f1", "Piperun"),
            ("f2", "42"),
            ("f3", "true"),
            ("f4", "a, 1, b"),
            ("f5", "{\"rua\":\"X\"}"),
            ("f9", "by id"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(m.new_customer.custom_fields.as_ref(), Some(&want));
        assert_eq!(m.update.custom_fields.as_ref(), Some(&want));
        let field_notes: Vec<_> = m
            .notes
            .iter()
            .filter(|n| n.field == "customFields")
            .map(|n| (n.code, n.source.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            field_notes,
            vec![
                (MappingNoteCode::CustomFieldUnmapped, "customFields[9]".into()),
                (MappingNoteCode::CustomFieldDuplicate, "customFields[10]".into()),
                (MappingNoteCode::CustomFieldUnmapped, "customFields[11]".into()),
            ]
        );
        // No custom fields: the key is absent from both inputs.
        let none = map(with(json!({"custom_fields": null})));
        assert!(serde_json::to_value(&none.new_customer).unwrap().get("customFields").is_none());
        assert!(serde_json::to_value(&none.update).unwrap().get("customFields").is_none());
    }

    // ---- options -------------------------------------------------------------------------

    #[test]
    fn options_parse_and_defaults() {
        assert_eq!(parse_mapping_options(&Value::Null).unwrap(), MappingOptions::default());
        assert_eq!(parse_mapping_options(&json!({})).unwrap(), MappingOptions::default());
        let o = parse_mapping_options(&json!({"customerIdPrefix": "crm-", "preferExternalId": false, "customFieldIds": {"Empresa": " abc ", "N": 12}, "language": "es_ES"})).unwrap();
        assert_eq!(o.customer_id_prefix.as_deref(), Some("crm-"));
        assert_eq!(o.prefer_external_id, Some(false));
        assert_eq!(
            o.custom_field_ids,
            BTreeMap::from([("Empresa".to_owned(), "abc".to_owned()), ("N".to_owned(), "12".to_owned())])
        );
        assert_eq!(o.language, Some(Language::EsEs));
        assert_eq!(validate_mapping_options(&json!({"language": "en-US"})), vec![]);
    }

    #[test]
    fn options_issues_all_at_once() {
        let issues = parse_mapping_options(&json!({
            "customerIdPrefix": "x\n",
            "preferExternalId": "yes",
            "customFieldIds": {"A": "a]b", "B": "", "C": [1], "D": "ok"},
            "language": "fr-FR",
            "prefix": "typo"
        }))
        .unwrap_err();
        let got: Vec<_> = issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
        assert_eq!(
            got,
            vec![
                ("customerIdPrefix", IssueCode::InvalidCharacters),
                ("preferExternalId", IssueCode::InvalidType),
                ("customFieldIds.A", IssueCode::InvalidCharacters),
                ("customFieldIds.B", IssueCode::Required),
                ("customFieldIds.C", IssueCode::InvalidType),
                ("language", IssueCode::InvalidValue),
                ("prefix", IssueCode::UnknownField),
            ]
        );
        let long = parse_mapping_options(&json!({"customerIdPrefix": "p".repeat(231)})).unwrap_err();
        assert_eq!((long[0].code, long[0].limit, long[0].actual), (IssueCode::TooLong, Some(230), Some(231)));
        let not_obj = parse_mapping_options(&json!("x")).unwrap_err();
        assert_eq!((not_obj[0].field.as_str(), not_obj[0].code), ("", IssueCode::InvalidType));
        let ids = parse_mapping_options(&json!({"customFieldIds": "x"})).unwrap_err();
        assert_eq!((ids[0].field.as_str(), ids[0].code), ("customFieldIds", IssueCode::InvalidType));
    }

    #[test]
    fn map_in_one_call_reports_payload_and_options_issues() {
        let m = map_piperun_customer(&json!({"talk": {"customer": example()}}), &Value::Null).unwrap();
        assert_eq!(m, map(example()));
        let e = map_piperun_customer(&json!({"customer": {"name": "x"}}), &json!({"language": 1, "nope": true}))
            .unwrap_err();
        let got: Vec<_> = e.issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
        assert_eq!(
            got,
            vec![
                ("customer.id", IssueCode::Required),
                ("options.language", IssueCode::InvalidType),
                ("options.nope", IssueCode::UnknownField)
            ]
        );
        let e = map_piperun_customer(&example(), &json!(3)).unwrap_err();
        assert_eq!(e.issues[0].field, "options");
    }

    #[test]
    fn mapped_inputs_respect_tomticket_rules() {
        // Whatever the payload, the mapped values satisfy the limits createCustomer/updateCustomer check.
        for patch in [
            json!({"name": "x".repeat(1000), "external_id": "y".repeat(1000)}),
            json!({"name": "\u{7}", "profile_info": {"name": "\n"}, "emails": [], "telephones": []}),
            json!({"emails": [{"id": 1, "email": "a\n@b.co"}]}),
            json!({"telephones": [{"id": 1, "full_number_cc": "+".repeat(5)}]}),
        ] {
            let m = map(with(patch));
            let n = &m.new_customer;
            assert!(n.customer_id.chars().count() <= 250 && !n.customer_id.chars().any(char::is_control));
            assert!(
                !n.name.trim().is_empty() && n.name.chars().count() <= 250 && !n.name.chars().any(char::is_control)
            );
            assert!(n.email.as_deref().map_or(true, rules::is_email));
            assert!(n.phone.as_ref().map_or(true, |p| p.chars().count() <= 20));
        }
    }

    #[test]
    fn typescript_declarations_have_no_any() {
        use tsify::Tsify as _;
        for decl in [
            PipeRunCustomer::DECL,
            PipeRunProfile::DECL,
            PipeRunCustomField::DECL,
            PipeRunTelephone::DECL,
            PipeRunEmail::DECL,
            PipeRunDeprecated::DECL,
            PipeRunWildcard::DECL,
            PipeRunTelephoneType::DECL,
            PipeRunInsertOrigin::DECL,
            MappingOptions::DECL,
            MappingNote::DECL,
            MappingNoteCode::DECL,
            Mapping::DECL,
        ] {
            assert!(!decl.contains("any"), "{decl}");
        }
        assert!(PipeRunCustomField::DECL.contains("value: JsonValue"), "{}", PipeRunCustomField::DECL);
        let c = PipeRunCustomer::DECL;
        for needle in [
            "id: number",
            "externalId: string | null",
            "telephones: PipeRunTelephone[]",
            "profile: PipeRunProfile | null",
            "mainWhatsappId: string | null",
        ] {
            assert!(c.contains(needle), "{needle} not in {c}");
        }
        assert!(PipeRunTelephone::DECL.contains("type: PipeRunTelephoneType | null"), "{}", PipeRunTelephone::DECL);
        assert!(
            MappingOptions::DECL.contains("customFieldIds?: { [label: string]: string }"),
            "{}",
            MappingOptions::DECL
        );
        assert!(Mapping::DECL.contains("newCustomer: NewCustomer"), "{}", Mapping::DECL);
        assert!(Mapping::DECL.contains("update: LegacyCustomerUpdate"), "{}", Mapping::DECL);
        assert!(MappingNote::DECL.contains("source: string | null"), "{}", MappingNote::DECL);
    }
}
