//! Reading a PipeRun payload (lenient: server data, key fields checked) into a
//! [`PipeRunCustomer`], and the caller's [`MappingOptions`] (strict). See the module notes.
use std::borrow::Cow;
use std::collections::BTreeMap;

use super::super::dates::{self, Parsed};
use super::super::fields::{line_rules, Language};
use super::super::issue::{Issue, IssueCode, Issues};
use super::super::json::{Kind, Val};
use super::super::read::{index, join, lenient_date, sorted_members, text_of, wrong_type, Mode, Reader};
use super::super::rules;
use super::model::{
    JsonText, MappingOptions, PipeRunCustomField, PipeRunCustomer, PipeRunDeprecated, PipeRunEmail,
    PipeRunInsertOrigin, PipeRunProfile, PipeRunTelephone, PipeRunTelephoneType, PipeRunWildcard,
};
use super::CUSTOMER_ID_PREFIX_MAX_CHARS;

fn own(s: Option<Cow<'_, str>>) -> Option<String> {
    s.map(Cow::into_owned)
}

/// A date as ISO 8601; the page example's `"12: 28: 45"` is repaired; unknown text is kept
/// (trimmed).
fn date(r: &mut Reader<'_, '_, '_>, key: &'static str) -> Option<String> {
    let v = r.raw(key)?;
    let Some(s) = v.as_str() else { return own(lenient_date(v)) };
    let text = s.trim();
    match dates::to_iso(text) {
        Parsed::Iso(iso) => Some(iso),
        Parsed::NoDate => None,
        Parsed::Unknown => {
            if text.contains(": ") {
                match dates::to_iso(&text.replace(": ", ":")) {
                    Parsed::Iso(iso) => return Some(iso),
                    Parsed::NoDate => return None,
                    Parsed::Unknown => {}
                }
            }
            Some(text.to_owned())
        }
    }
}

/// The entries of a list field: `[obj, ...]`, or `{ key: obj, ... }` (PHP non-sequential
/// array, read in key order). Returns `(path, object)` pairs; `null` entries are skipped, other
/// non-objects are `invalidType`.
fn entries<'d, 'a>(r: &mut Reader<'_, 'd, 'a>, key: &'static str) -> Vec<(String, Val<'d, 'a>)> {
    let field = r.field(key);
    let mut out = Vec::new();
    let Some(v) = r.raw(key) else { return out };
    let mut entry = |r: &mut Reader<'_, 'd, 'a>, path: String, item: Val<'d, 'a>| match item.kind() {
        Kind::Object => out.push((path, item)),
        Kind::Null => {}
        _ => r.wrong_type(&path, "an object", item),
    };
    match v.kind() {
        Kind::String if v.as_str().is_some_and(|s| s.trim().is_empty()) => {}
        Kind::Array => {
            for (i, item) in v.items().enumerate() {
                entry(r, index(&field, i), item);
            }
        }
        Kind::Object => {
            for (k, item) in sorted_members(v) {
                entry(r, join(&field, &k), item);
            }
        }
        _ => r.wrong_type(&field, "a list of objects", v),
    }
    out
}

fn telephone_type(r: &mut Reader<'_, '_, '_>) -> Option<PipeRunTelephoneType> {
    let raw = r.text("type")?;
    let known = match super::super::read::fold_case(raw.trim()).as_str() {
        "m" | "mobile" | "celular" => Some(PipeRunTelephoneType::Mobile),
        "f" | "landline" | "fixo" => Some(PipeRunTelephoneType::Landline),
        _ => None,
    };
    Some(known.unwrap_or_else(|| PipeRunTelephoneType::Unknown(raw.into_owned())))
}

fn insert_origin(r: &mut Reader<'_, '_, '_>) -> Option<PipeRunInsertOrigin> {
    let raw = r.text("insert_origin")?;
    let known = match super::super::read::fold_case(raw.trim()).as_str() {
        "auto" => Some(PipeRunInsertOrigin::Auto),
        "hubstore" => Some(PipeRunInsertOrigin::Hubstore),
        "mailing" => Some(PipeRunInsertOrigin::Mailing),
        "manual" => Some(PipeRunInsertOrigin::Manual),
        _ => None,
    };
    Some(known.unwrap_or_else(|| PipeRunInsertOrigin::Unknown(raw.into_owned())))
}

fn telephone(mut t: Reader<'_, '_, '_>) -> PipeRunTelephone {
    PipeRunTelephone {
        id: own(t.key_text("id")),
        customer_id: t.int("customer_id"),
        country_code: own(t.key_text("country_code")),
        country_iso2: own(t.text("country_iso2")),
        area_code: own(t.key_text("area_code")),
        number: own(t.key_text("number")),
        full_number: own(t.key_text("full_number")),
        full_number_cc: own(t.key_text("full_number_cc")),
        kind: telephone_type(&mut t),
        level_id: own(t.text("level_id")),
        has_sms: t.bool("has_sms"),
        has_whatsapp: t.bool("has_whatsapp"),
        insert_origin: insert_origin(&mut t),
        inserted_by: t.int("inserted_by"),
    }
}

fn email(mut e: Reader<'_, '_, '_>) -> PipeRunEmail {
    PipeRunEmail {
        id: own(e.key_text("id")),
        customer_id: e.int("customer_id"),
        email: own(e.key_text("email")),
        level_id: own(e.text("level_id")),
        insert_origin: insert_origin(&mut e),
        inserted_by: e.int("inserted_by"),
        unsubscribed_at: date(&mut e, "unsubscribed_at"),
    }
}

/// `profile_info` when it is a non-empty object (anything else, PHP's `[]` included, is `null`).
fn profile(r: &mut Reader<'_, '_, '_>) -> Option<PipeRunProfile> {
    let v = r.raw("profile_info").filter(|v| v.kind() == Kind::Object && !v.is_empty())?;
    let path = r.field("profile_info");
    let mut p = r.child(v, path);
    Some(PipeRunProfile {
        id: own(p.text("id")),
        name: own(p.text("name")),
        username: own(p.text("username")),
        picture_url: own(p.text("profile_pic").or_else(|| p.text("profile_picture_url"))),
        is_verified: p.bool("is_verified_user"),
        follower_count: p.int("follower_count"),
        follows_business: p.bool("is_user_follow_business"),
        followed_by_business: p.bool("is_business_follow_user"),
    })
}

const LABEL_KEYS: [&str; 5] = ["label", "name", "title", "key", "field"];
const FIELD_ID_KEYS: [&str; 3] = ["id", "custom_field_id", "field_id"];

fn first_text(o: Val<'_, '_>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| o.get(k).and_then(|v| text_of(v, Mode::Lenient))).map(Cow::into_owned)
}

/// A list entry or a map value that is itself a field object.
fn field_entry(o: Val<'_, '_>, fallback_label: Option<&str>) -> PipeRunCustomField {
    let label = first_text(o, &LABEL_KEYS);
    let id = first_text(o, &FIELD_ID_KEYS);
    if label.is_none() && id.is_none() && o.get("value").is_none() {
        // `[{ "Empresa": "Piperun" }]`: a one-key map per entry.
        if let [(k, v)] = sorted_members(o).as_slice() {
            return PipeRunCustomField { id: None, label: Some(k.clone().into_owned()), value: JsonText::of(*v) };
        }
    }
    PipeRunCustomField {
        id: if id.is_none() && label.is_some() { fallback_label.map(str::to_owned) } else { id },
        label: label.or_else(|| fallback_label.map(str::to_owned)),
        value: o.get("value").map_or_else(JsonText::null, JsonText::of),
    }
}

fn custom_fields(r: &mut Reader<'_, '_, '_>) -> Vec<PipeRunCustomField> {
    let field = r.field("custom_fields");
    let mut out = Vec::new();
    let Some(v) = r.raw("custom_fields") else { return out };
    match v.kind() {
        Kind::String if v.as_str().is_some_and(|s| s.trim().is_empty()) => {}
        Kind::Array => {
            for (i, item) in v.items().enumerate() {
                match item.kind() {
                    Kind::Object => out.push(field_entry(item, None)),
                    Kind::Null => {}
                    _ => r.wrong_type(&index(&field, i), "an object", item),
                }
            }
        }
        Kind::Object => {
            for (k, item) in sorted_members(v) {
                let is_field =
                    item.kind() == Kind::Object && (item.get("value").is_some() || item.get("label").is_some());
                if is_field {
                    // `{ "<id>": { label, value } }`
                    out.push(field_entry(item, Some(&k)));
                } else {
                    // `{ "<label>": value }` (the page's example)
                    out.push(PipeRunCustomField { id: None, label: Some(k.into_owned()), value: JsonText::of(item) });
                }
            }
        }
        _ => r.wrong_type(&field, "a list or an object of custom fields", v),
    }
    out
}

const WILDCARD_KEYS: [&str; 10] = [
    "wildcard_01",
    "wildcard_02",
    "wildcard_03",
    "wildcard_04",
    "wildcard_05",
    "wildcard_06",
    "wildcard_07",
    "wildcard_08",
    "wildcard_09",
    "wildcard_10",
];

/// Issues in field order: `id`, the key texts, `custom_fields`, `telephones` (the entries, then
/// each telephone), `emails`.
fn read_customer(c: Val<'_, '_>, prefix: &'static str, issues: &mut Issues) -> Option<PipeRunCustomer> {
    let mut r = Reader::lenient(c, issues)?.at(prefix);
    let id = r.required_id("id", "the PipeRun customer id");
    let name = own(r.key_text("name"));
    let external_id = own(r.key_text("external_id"));
    let document_number = own(r.key_text("document_number"));
    let main_sms_id = own(r.key_text("main_sms"));
    let main_whatsapp_id = own(r.key_text("main_whatsapp"));
    let main_email_id = own(r.key_text("main_email"));
    let custom_fields = custom_fields(&mut r);
    let telephones = entries(&mut r, "telephones").into_iter().map(|(path, t)| telephone(r.child(t, path))).collect();
    let emails = entries(&mut r, "emails").into_iter().map(|(path, e)| email(r.child(e, path))).collect();
    let mut wildcards = Vec::new();
    for (slot, key) in (1..=10u8).zip(WILDCARD_KEYS) {
        if let Some(value) = r.text(key) {
            wildcards.push(PipeRunWildcard { slot, value: value.into_owned() });
        }
    }
    Some(PipeRunCustomer {
        id: id?,
        name,
        external_id,
        document_number,
        created_at: date(&mut r, "created_at"),
        main_sms_id,
        main_whatsapp_id,
        main_email_id,
        agent_id: r.int("agent_id"),
        queue_id: r.int("queue_id"),
        customer_group_id: r.int("customer_group_id"),
        organization_id: r.int("customer_organization_id"),
        is_priority: r.bool("is_priority"),
        last_base_api: own(r.text("last_base_api")),
        profile: profile(&mut r),
        custom_fields,
        telephones,
        emails,
        deprecated: PipeRunDeprecated {
            wildcards,
            profile_picture_url: own(r.text("profile_picture_url")),
            crmv_user_id: r.int("crmv_user_id"),
            crmv_person_id: r.int("crmv_person_id"),
            cxm_user_id: r.int("cxm_user_id"),
            is_active: r.bool("is_active"),
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

fn object_at<'d, 'a>(v: Val<'d, 'a>, field: &str, issues: &mut Issues) -> Option<Val<'d, 'a>> {
    if v.kind() == Kind::Object {
        return Some(v);
    }
    wrong_type(issues, field, "an object", v);
    None
}

/// Finds the customer object and the path that names it in issues.
fn locate<'d, 'a>(root: Val<'d, 'a>, issues: &mut Issues) -> Option<(Val<'d, 'a>, &'static str)> {
    if root.kind() != Kind::Object {
        let msg = format!("the PipeRun payload must be a JSON object ({WHERE_CUSTOMER}), got {}", root.type_name());
        issues.push("", IssueCode::InvalidType, msg);
        return None;
    }
    let given = |o: Val<'d, 'a>, key: &str| o.get(key).filter(|v| !v.is_null());
    if let Some(c) = given(root, "customer") {
        return object_at(c, "customer", issues).map(|c| (c, "customer"));
    }
    if let Some(t) = given(root, "talk") {
        let talk = object_at(t, "talk", issues)?;
        return match given(talk, "customer") {
            None => {
                issues.push(
                    "talk.customer",
                    IssueCode::Required,
                    "talk.customer is required (the talk has no customer)",
                );
                None
            }
            Some(c) => object_at(c, "talk.customer", issues).map(|c| (c, "talk.customer")),
        };
    }
    if root.get("customer").is_some() {
        issues.push("customer", IssueCode::Required, "customer is null (the payload has no customer)");
        return None;
    }
    if CUSTOMER_KEYS.iter().any(|k| root.get(k).is_some()) {
        return Some((root, "customer"));
    }
    issues.push("customer", IssueCode::Required, format!("no customer found: {WHERE_CUSTOMER}"));
    None
}

/// The customer of a parsed payload, or every issue.
pub(super) fn read_payload(root: Val<'_, '_>) -> Result<PipeRunCustomer, Vec<Issue>> {
    let mut issues = Issues::new();
    let customer = locate(root, &mut issues).and_then(|(c, prefix)| read_customer(c, prefix, &mut issues));
    match customer {
        Some(c) if issues.is_empty() => Ok(c),
        _ => Err(issues.into_vec()),
    }
}

// ---------------------------------------------------------------------------------------------
// Options

/// `customFieldIds`: `{ label: id }`, in label order; ids are trimmed non-blank strings (or
/// numbers) that are valid bracket keys.
fn field_ids(r: &mut Reader<'_, '_, '_>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let field = r.field("customFieldIds");
    let Some(v) = r.raw("customFieldIds") else { return out };
    if v.kind() != Kind::Object {
        r.wrong_type(&field, "an object of label → TomTicket field id", v);
        return out;
    }
    for (label, item) in sorted_members(v) {
        let f = join(&field, &label);
        let id = match item.kind() {
            Kind::String => item.as_str().unwrap_or_default().trim().to_owned(),
            Kind::Number => item.number_text().unwrap_or_default().to_owned(),
            _ => {
                r.wrong_type(&f, "a TomTicket custom field id (string)", item);
                continue;
            }
        };
        if id.is_empty() {
            let msg = format!("{f}: the TomTicket custom field id must not be empty");
            r.issues().push(&f, IssueCode::Required, msg);
            continue;
        }
        rules::bracket_key(r.issues(), &f, &id);
        out.insert(label.into_owned(), id);
    }
    out
}

/// Reads [`MappingOptions`] (`null` → defaults); issues named `prefix.<key>` (`prefix` alone
/// when the options are not an object).
pub(super) fn read_options(input: Val<'_, '_>, prefix: &'static str) -> Result<MappingOptions, Vec<Issue>> {
    if input.is_null() {
        return Ok(MappingOptions::default());
    }
    let mut issues = Issues::new();
    if input.kind() != Kind::Object {
        wrong_type(&mut issues, prefix, "an object of mapping options", input);
        return Err(issues.into_vec());
    }
    let mut r = Reader::strict(input, "PipeRunMappingOptions", &mut issues).at(prefix);
    let customer_id_prefix = own(r.text("customerIdPrefix"));
    if let Some(p) = &customer_id_prefix {
        let field = r.field("customerIdPrefix");
        line_rules(r.issues(), &field, p, CUSTOMER_ID_PREFIX_MAX_CHARS);
    }
    let prefer_external_id = r.bool("preferExternalId");
    let custom_field_ids = field_ids(&mut r);
    let language = r.one_of("language", Language::INPUTS);
    r.finish();
    issues.finish(MappingOptions { customer_id_prefix, prefer_external_id, custom_field_ids, language })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::{json, Value};

    use super::super::super::fields::{CustomerIdentifierType, Language};
    use super::super::super::issue::IssueCode;
    use crate::core::testing::{codes as issue_codes, listed};
    use super::super::fixtures::*;
    use super::super::model::*;
    use super::super::piperun_to_tomticket;

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
                PipeRunCustomField { id: None, label: Some("Empresa".into()), value: json!("Piperun").into() },
                PipeRunCustomField { id: None, label: Some("Nacionalidade".into()), value: json!("Brasileira").into() },
                PipeRunCustomField {
                    id: None,
                    label: Some("Web Whatsapp - Pessoa".into()),
                    value: json!("(51) 99999-8888").into()
                },
            ]
        );
        assert_eq!(
            c.telephones,
            vec![PipeRunTelephone {
                id: Some("70994".into()), customer_id: Some(144527),
                country_code: Some("55".into()), country_iso2: Some("br".into()), area_code: Some("51".into()),
                number: Some("999887766".into()), full_number: Some("51999887766".into()), full_number_cc: Some("+55 51999887766".into()),
                kind: Some(PipeRunTelephoneType::Mobile), level_id: Some("N".into()), has_sms: Some(false), has_whatsapp: Some(false),
                insert_origin: Some(PipeRunInsertOrigin::Mailing), inserted_by: Some(127),
            }]
        );
        assert_eq!(
            c.emails,
            vec![PipeRunEmail {
                id: Some("49543".into()), customer_id: Some(144527), email: Some("jonas@example.com".into()), level_id: Some("N".into()),
                insert_origin: Some(PipeRunInsertOrigin::Auto), inserted_by: Some(2), unsubscribed_at: None,
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
            c.custom_fields.iter().map(|f| (f.label.clone(), f.value.to_value())).collect::<Vec<_>>()
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
            PipeRunCustomField { id: Some("7".into()), label: Some("Empresa".into()), value: json!("X").into() }
        );
        let keyed = parse(with(json!({"custom_fields": {"7": {"label": "Empresa", "value": "X"}}})));
        assert_eq!(
            keyed.custom_fields[0],
            PipeRunCustomField { id: Some("7".into()), label: Some("Empresa".into()), value: json!("X").into() }
        );
        let no_label = parse(with(json!({"custom_fields": [{"value": "X"}]})));
        assert_eq!(no_label.custom_fields[0], PipeRunCustomField { id: None, label: None, value: json!("X").into() });
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
        let v = js_value(&c);
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
            listed(&got),
            "talk.customer.id Required, talk.customer.name InvalidType, talk.customer.external_id InvalidType, \
             talk.customer.main_whatsapp InvalidType, talk.customer.custom_fields InvalidType, \
             talk.customer.telephones[1] InvalidType, talk.customer.telephones[0].number InvalidType, \
             talk.customer.telephones[2].full_number_cc InvalidType, talk.customer.emails[1] InvalidType, \
             talk.customer.emails[0].email InvalidType",
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
        let got = issue_codes(&issues);
        assert_eq!(
            listed(&got),
            "customerIdPrefix InvalidCharacters, preferExternalId InvalidType, customFieldIds.A InvalidCharacters, \
             customFieldIds.B Required, customFieldIds.C InvalidType, language InvalidValue, prefix UnknownField",
        );
        let long = parse_mapping_options(&json!({"customerIdPrefix": "p".repeat(231)})).unwrap_err();
        assert_eq!((long[0].code, long[0].limit, long[0].actual), (IssueCode::TooLong, Some(230), Some(231)));
        let not_obj = parse_mapping_options(&json!("x")).unwrap_err();
        assert_eq!((not_obj[0].field.as_str(), not_obj[0].code), ("", IssueCode::InvalidType));
        let ids = parse_mapping_options(&json!({"customFieldIds": "x"})).unwrap_err();
        assert_eq!((ids[0].field.as_str(), ids[0].code), ("customFieldIds", IssueCode::InvalidType));
    }
}
