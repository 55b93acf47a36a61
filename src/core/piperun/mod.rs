//! PipeRun Atendimentos: the `customer` object of a webhook `talk` payload, read into a typed
//! [`PipeRunCustomer`], and mapped to the inputs of TomTicket's `createCustomer`
//! (`POST /v2.0/customer/new`) and `updateCustomer` (legacy `update_cliente`).
//!
//! # Reading: [`parse_piperun_customer`] / [`parse_piperun_customer_bytes`]
//! Accepted payloads: the `customer` object itself, `{ customer: {...} }`, a `talk` object that
//! has a `customer`, or a whole webhook body `{ talk: { customer: {...} } }`; as JSON text (what
//! the binding passes: the JS string, or the JS object `JSON.stringify`d) or as the raw bytes of
//! a webhook request (UTF-8 checked first). A root object with neither `customer` nor `talk` is
//! read as the customer when it has at least one customer-only key (`name`, `telephones`,
//! `emails`, `external_id`, ...); otherwise "no customer" is reported.
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
//!   are accepted and normalized to `[{ id, label, value }]` (see [`PipeRunCustomField`]);
//!   `value` keeps the JSON type sent ([`JsonText`]).
//! - Object-shaped lists and maps (`telephones`, `emails`, `custom_fields`) are read in key order
//!   (sorted, not document order), the last of duplicate keys winning.
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
//!   `customFieldDuplicate`. A value over 65,535 characters (the limit of `customFields` values
//!   in both inputs) is not carried, never cut (`customFieldTooLong`): the next field mapped to
//!   the same id may then set it.
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
//! [`parse_mapping_options`] (JSON text); `null`, or no options at all, → defaults. Rules: the
//! prefix is one line of at most [`CUSTOMER_ID_PREFIX_MAX_CHARS`] characters (so `<prefix><id>`
//! fits in 250; `""` allowed); field ids are non-blank strings (or numbers) that are valid bracket
//! keys; unknown keys are `unknownField` (in name order). [`map_piperun_customer`] does both steps,
//! options issues named `options.<key>`.
//!
//! # Layout
//! `model.rs` the types; `read.rs` the payload (a lenient `core::read::Reader`, key fields
//! checked) and the options (a strict one); `map.rs` the mapping. The scalar rules (lenient
//! numbers, booleans and dates, the JS safe-integer limit, character counts, type names) are the
//! shared ones of `core::read` and `core::rules`.
mod map;
mod model;
mod read;

pub use map::piperun_to_tomticket;
pub use model::{
    JsonText, Mapping, MappingNote, MappingNoteCode, MappingOptions, PipeRunCustomField, PipeRunCustomer,
    PipeRunDeprecated, PipeRunEmail, PipeRunInsertOrigin, PipeRunProfile, PipeRunTelephone, PipeRunTelephoneType,
    PipeRunWildcard,
};

use super::error::Error;
use super::issue::{Issue, IssueCode, Issues};
use super::json::{Doc, JsonError};

/// Default prefix of `customerId` when it is built from the PipeRun id.
pub const DEFAULT_CUSTOMER_ID_PREFIX: &str = "piperun:";
/// TomTicket's limits for the mapped fields (Unicode characters).
pub const TOMTICKET_CUSTOMER_ID_MAX_CHARS: usize = 250;
pub const TOMTICKET_NAME_MAX_CHARS: usize = 250;
pub const TOMTICKET_EMAIL_MAX_CHARS: usize = 250;
pub const TOMTICKET_PHONE_MAX_CHARS: usize = 20;
/// 250 minus the 20 characters of the longest id text.
pub const CUSTOMER_ID_PREFIX_MAX_CHARS: u32 = 230;

fn one_issue(field: &str, message: String) -> Vec<Issue> {
    let mut issues = Issues::new();
    issues.push(field, IssueCode::InvalidType, message);
    issues.into_vec()
}

/// Reads a PipeRun customer from a payload's JSON text (see the module notes for the accepted
/// shapes). Never panics, whatever the text.
pub fn parse_piperun_customer(payload_json: &str) -> Result<PipeRunCustomer, Error> {
    match Doc::parse(payload_json) {
        Ok(doc) => read::read_payload(doc.root()).map_err(Error::validation),
        Err(e) => {
            Err(Error::validation(one_issue("", format!("the PipeRun payload is not valid JSON ({})", e.position()))))
        }
    }
}

/// Reads a PipeRun customer from the raw body of a webhook request (any bytes; never panics).
pub fn parse_piperun_customer_bytes(body: &[u8]) -> Result<PipeRunCustomer, Error> {
    match std::str::from_utf8(body) {
        Ok(text) => parse_piperun_customer(text),
        Err(e) => {
            let msg = format!("the PipeRun payload is not valid UTF-8 (at byte {})", e.valid_up_to());
            Err(Error::validation(one_issue("", msg)))
        }
    }
}

fn options_not_json(field: &str, e: &JsonError) -> Vec<Issue> {
    one_issue(field, format!("the mapping options are not valid JSON ({})", e.position()))
}

/// Reads and validates [`MappingOptions`] from JSON text (`null` → defaults); every issue at once.
pub fn parse_mapping_options(options_json: &str) -> Result<MappingOptions, Vec<Issue>> {
    match Doc::parse(options_json) {
        Ok(doc) => read::read_options(doc.root(), ""),
        Err(e) => Err(options_not_json("", &e)),
    }
}

/// Reads the payload and the options (`None`: none given), and maps: every issue of both at
/// once (payload issues named by their PipeRun path, options issues as `options.<key>`).
pub fn map_piperun_customer(payload_json: &str, options_json: Option<&str>) -> Result<Mapping, Error> {
    let customer = parse_piperun_customer(payload_json);
    let opts = match options_json.map(Doc::parse) {
        None => Ok(MappingOptions::default()),
        Some(Ok(doc)) => read::read_options(doc.root(), "options"),
        Some(Err(e)) => Err(options_not_json("options", &e)),
    };
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
mod fixtures;

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::issue::IssueCode;
    use crate::core::testing::{codes, listed};
    use super::fixtures::{example, map, map_piperun_customer};

    #[test]
    fn map_in_one_call_reports_payload_and_options_issues() {
        let m = map_piperun_customer(&json!({"talk": {"customer": example()}}), &Value::Null).unwrap();
        assert_eq!(m, map(example()));
        let e = map_piperun_customer(&json!({"customer": {"name": "x"}}), &json!({"language": 1, "nope": true}))
            .unwrap_err();
        assert_eq!(listed(&codes(&e.issues)), "customer.id Required, options.language InvalidType, options.nope UnknownField");
        let e = map_piperun_customer(&example(), &json!(3)).unwrap_err();
        assert_eq!(e.issues[0].field, "options");
    }

    #[test]
    fn text_api_options_absent_or_not_json() {
        let payload = example().to_string();
        assert_eq!(super::map_piperun_customer(&payload, None).unwrap(), map(example()));
        assert_eq!(super::map_piperun_customer(&payload, Some("null")).unwrap(), map(example()));
        let e = super::map_piperun_customer("{", Some("{\"language\":")).unwrap_err();
        let got = codes(&e.issues);
        assert_eq!(got, vec![("", IssueCode::InvalidType), ("options", IssueCode::InvalidType)]);
        assert!(e.issues[1].message.contains("not valid JSON (at line 1, column 12)"), "{}", e.issues[1].message);
        let issues = super::parse_mapping_options("nope").unwrap_err();
        assert_eq!((issues[0].field.as_str(), issues[0].code), ("", IssueCode::InvalidType));
        let e = super::parse_piperun_customer_bytes(b"{\"id\": \"\xff\"}").unwrap_err();
        assert_eq!(e.issues[0].message, "the PipeRun payload is not valid UTF-8 (at byte 8)");
    }
}
