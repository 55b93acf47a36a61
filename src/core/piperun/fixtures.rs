//! What the tests of every part share: the page's example payload, payload builders, and shims
//! with the old `serde_json::Value` signatures over the text API, so that the tests read as they
//! did before the port (a `Value` string is JSON text, as it was).
use serde_json::{json, Value};

use super::super::error::Error;
use super::super::issue::{Issue, IssueCode};
use super::{piperun_to_tomticket, Mapping, MappingNoteCode, MappingOptions, PipeRunCustomer};

/// The page's example payload, with the copy damage repaired (`"12:28:45"`, `"https://"`,
/// a real e-mail instead of the obfuscated one).
pub(super) const EXAMPLE: &str = r#"{
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

/// A payload as the binding passes it: a JS string is the JSON text itself.
fn text(v: &Value) -> String {
    match v {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

pub(super) fn parse_piperun_customer(input: &Value) -> Result<PipeRunCustomer, Error> {
    super::parse_piperun_customer(&text(input))
}

pub(super) fn parse_piperun_customer_json(body: &[u8]) -> Result<PipeRunCustomer, Error> {
    super::parse_piperun_customer_bytes(body)
}

pub(super) fn validate_piperun_customer(input: &Value) -> Vec<Issue> {
    parse_piperun_customer(input).err().map(|e| e.issues).unwrap_or_default()
}

pub(super) fn parse_mapping_options(input: &Value) -> Result<MappingOptions, Vec<Issue>> {
    super::parse_mapping_options(&input.to_string())
}

pub(super) fn validate_mapping_options(input: &Value) -> Vec<Issue> {
    parse_mapping_options(input).err().unwrap_or_default()
}

pub(super) fn map_piperun_customer(payload: &Value, options: &Value) -> Result<Mapping, Error> {
    super::map_piperun_customer(&text(payload), Some(&options.to_string()))
}

/// A value as JS gets it: through the package's serializer, read back.
pub(super) fn js_value<T: serde::Serialize>(x: &T) -> Value {
    serde_json::from_str(&super::super::write::to_json(x).unwrap()).unwrap()
}

pub(super) fn example() -> Value {
    serde_json::from_str(EXAMPLE).unwrap()
}

pub(super) fn parse(v: Value) -> PipeRunCustomer {
    parse_piperun_customer(&v).unwrap()
}

pub(super) fn issues_of(v: Value) -> Vec<(String, IssueCode)> {
    let e = parse_piperun_customer(&v).unwrap_err();
    assert_eq!(e.kind, crate::core::ErrorKind::Validation);
    e.issues.into_iter().map(|i| (i.field, i.code)).collect()
}

pub(super) fn with(patch: Value) -> Value {
    let mut v = example();
    if let (Value::Object(m), Value::Object(p)) = (&mut v, patch) {
        for (k, val) in p {
            m.insert(k, val);
        }
    }
    v
}

pub(super) fn map(v: Value) -> Mapping {
    piperun_to_tomticket(&parse(v), &MappingOptions::default())
}

pub(super) fn map_opts(v: Value, opts: Value) -> Mapping {
    piperun_to_tomticket(&parse(v), &parse_mapping_options(&opts).unwrap())
}

pub(super) fn codes(m: &Mapping) -> Vec<MappingNoteCode> {
    m.notes.iter().map(|n| n.code).collect()
}

pub(super) fn tel(extra: Value) -> Value {
    let mut t = json!({"id": 1, "area_code": "51", "number": "999887766", "type": "m", "country_code": "55"});
    if let (Value::Object(m), Value::Object(p)) = (&mut t, extra) {
        for (k, val) in p {
            m.insert(k, val);
        }
    }
    t
}
