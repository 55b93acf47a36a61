//! PipeRun → TomTicket: [`piperun_to_tomticket`] builds `createCustomer`'s and
//! `updateCustomer`'s inputs from a [`PipeRunCustomer`] (see the module notes for every rule).
use std::borrow::Cow;
use std::collections::BTreeMap;

use super::super::customer::NewCustomer;
use super::super::fields::{CustomerIdentifierType, CUSTOM_FIELD_VALUE_MAX_CHARS};
use super::super::json::{Doc, Kind, Val};
use super::super::legacy::LegacyCustomerUpdate;
use super::super::read::{fold_case, index, text_of, Mode};
use super::super::rules;
use super::model::{
    JsonText, Mapping, MappingNote, MappingNoteCode, MappingOptions, PipeRunCustomField, PipeRunCustomer,
    PipeRunTelephone, PipeRunTelephoneType,
};
use super::{
    DEFAULT_CUSTOMER_ID_PREFIX, TOMTICKET_CUSTOMER_ID_MAX_CHARS, TOMTICKET_EMAIL_MAX_CHARS, TOMTICKET_NAME_MAX_CHARS,
    TOMTICKET_PHONE_MAX_CHARS,
};

fn note(notes: &mut Vec<MappingNote>, code: MappingNoteCode, field: &str, source: Option<String>, message: String) {
    notes.push(MappingNote { code, field: field.to_owned(), source, message });
}

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

/// Why `externalId` cannot be a TomTicket id, if it cannot.
fn external_id_problem(id: &str) -> Option<String> {
    let n = rules::char_len(id);
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
        let n = rules::char_len(addr);
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
    let n = rules::char_len(&name);
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

/// A custom field value as TomTicket text; `None` when empty.
fn field_text(value: &JsonText) -> Option<String> {
    let doc = Doc::parse(value.as_str()).ok()?;
    let v = doc.root();
    let scalar = |i: Val<'_, '_>| text_of(i, Mode::Lenient).map(Cow::into_owned);
    match v.kind() {
        Kind::Array if v.items().all(|i| !matches!(i.kind(), Kind::Array | Kind::Object)) => {
            let parts: Vec<String> = v.items().filter_map(scalar).collect();
            non_empty(parts.join(", "))
        }
        Kind::Object if v.is_empty() => None,
        // Already compact JSON with sorted keys.
        Kind::Array | Kind::Object => Some(value.as_str().to_owned()),
        _ => scalar(v),
    }
}

fn lookup_field_id<'a>(opts: &'a MappingOptions, f: &PipeRunCustomField) -> Option<&'a String> {
    let map = &opts.custom_field_ids;
    if let Some(label) = f.label.as_deref() {
        if let Some(id) = map.get(label) {
            return Some(id);
        }
        let wanted = fold_case(label.trim());
        if let Some((_, id)) = map.iter().find(|(k, _)| fold_case(k.trim()) == wanted) {
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
            Some(id) => match rules::char_len(&text) {
                // Not cut: a value (a JSON text, a document number) is data, and half of it is wrong.
                n if n > CUSTOM_FIELD_VALUE_MAX_CHARS as usize => note(
                    notes,
                    MappingNoteCode::CustomFieldTooLong,
                    "customFields",
                    Some(source),
                    format!("{what} has {n} characters (TomTicket's inputs take at most {CUSTOM_FIELD_VALUE_MAX_CHARS}); not carried"),
                ),
                _ => {
                    out.insert(id.clone(), text);
                }
            },
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

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::fixtures::*;
    use super::*;

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

    #[test]
    fn a_custom_field_value_over_the_limit_is_not_carried_nor_cut() {
        // 65,536 characters (two bytes each: the limit counts characters) joined from a list, then
        // one exactly at the limit, then a later field for the same id, which is carried instead.
        let half = "é".repeat(32_767);
        let fields = json!({"custom_fields": [
            {"label": "Longo", "value": [half, half]},
            {"label": "Limite", "value": "é".repeat(65_535)},
            {"label": "Outro", "value": "curto"}
        ]});
        let opts = json!({"customFieldIds": {"Longo": "f1", "Limite": "f2", "Outro": "f1"}});
        let m = map_opts(with(fields), opts);
        let got = m.new_customer.custom_fields.clone().unwrap_or_default();
        assert_eq!(got.get("f1").map(String::as_str), Some("curto"));
        assert_eq!(got.get("f2").map(|v| v.chars().count()), Some(65_535));
        assert_eq!(m.update.custom_fields.as_ref(), Some(&got));
        let long: Vec<_> = m.notes.iter().filter(|n| n.code == MappingNoteCode::CustomFieldTooLong).collect();
        assert_eq!(long.len(), 1, "{:?}", m.notes);
        assert_eq!(long[0].source.as_deref(), Some("customFields[0]"));
        assert!(long[0].message.contains("65536 characters") && long[0].message.contains("65535"), "{}", long[0].message);
        assert!(!long[0].message.contains('é'), "a note never quotes the value: {}", long[0].message);
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
}
