//! The PipeRun model ([`PipeRunCustomer`] and its parts), the mapping options and the mapping
//! output, with the JS names and TypeScript declarations they have across the binding.
use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use super::super::customer::NewCustomer;
use super::super::fields::Language;
use super::super::json::{Kind, Val};
use super::super::legacy::LegacyCustomerUpdate;
use super::super::read::sorted_members;
use super::super::write::{push_string, RawJson};

models! {
    [#[tsify(missing_as_null)]]

    /// A PipeRun Atendimentos customer (`talk.customer` of a webhook). See the module notes.
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
    pub struct PipeRunCustomField {
        pub id: Option<String>,
        pub label: Option<String>,
        /// The value with the JSON type PipeRun sent (`null` when absent).
        #[tsify(type = "JsonValue")]
        pub value: JsonText,
    }
}

models! {
    [#[derive(Eq)]]

    pub enum PipeRunTelephoneType {
        /// `m`
        Mobile,
        /// `f` (fixo)
        Landline,
        Unknown(String),
    }

    /// How a telephone or e-mail got into PipeRun.
    pub enum PipeRunInsertOrigin {
        Auto,
        Hubstore,
        Mailing,
        Manual,
        Unknown(String),
    }
}

models! {
    [#[tsify(missing_as_null)]]

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
    pub struct PipeRunDeprecated {
        /// The non-empty `wildcard_01` … `wildcard_10`.
        pub wildcards: Vec<PipeRunWildcard>,
        pub profile_picture_url: Option<String>,
        pub crmv_user_id: Option<i64>,
        pub crmv_person_id: Option<i64>,
        pub cxm_user_id: Option<i64>,
        pub is_active: Option<bool>,
    }
}

models! {
    [#[derive(Eq)]]

    pub struct PipeRunWildcard {
        /// 1 to 10 (`wildcard_01` is slot 1).
        pub slot: u8,
        pub value: String,
    }
}

models_skip_none! {
    [#[derive(Eq, Default)]]

    /// How to map a PipeRun customer to TomTicket. Every member is optional.
    pub struct MappingOptions {
        /// Prefix of `customerId` when it is built from the PipeRun id. Default `"piperun:"`.
        pub customer_id_prefix: Option<String>,
        /// Use the PipeRun `externalId` as `customerId` when it has one. Default true.
        pub prefer_external_id: Option<bool>,
        /// TomTicket custom field id for each PipeRun custom field label (or PipeRun field id).
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        #[tsify(optional, type = "{ [label: string]: string }")]
        pub custom_field_ids: BTreeMap<String, String>,
        /// Language of the customer panel, set on both inputs. Normalized to `pt-BR`/`en-US`/`es-ES`.
        #[tsify(type = "Language | \"pt_BR\" | \"en_US\" | \"es_ES\"")]
        pub language: Option<Language>,
    }
}

// ---------------------------------------------------------------------------------------------
// Mapping output

models! {
    [#[derive(Copy, Eq)]]

    /// What a [`MappingNote`] is about.
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
        /// A custom field value over 65,535 characters (the inputs' limit); not carried, never cut.
        CustomFieldTooLong,
        /// The PipeRun organization is not carried (its ids are not TomTicket ids).
        OrganizationNotMapped,
    }
}

models! {
    [#[derive(Eq)] #[tsify(missing_as_null)]]

    /// Something the user should know about a mapping.
    pub struct MappingNote {
        pub code: MappingNoteCode,
        /// The TomTicket input field concerned (`customerId`, `name`, `email`, `phone`,
        /// `customFields`, `organizationId`).
        pub field: String,
        /// Where the value came from, as a path in `PipeRunCustomer` (`emails[1]`, `externalId`).
        pub source: Option<String>,
        pub message: String,
    }
}

models! {
    [#[derive(Eq)]]

    /// A PipeRun customer as TomTicket inputs: create it, or update it when it exists.
    pub struct Mapping {
        /// For `createCustomer`.
        pub new_customer: NewCustomer,
        /// For `updateCustomer` (only values it has: it never clears TomTicket data).
        pub update: LegacyCustomerUpdate,
        pub notes: Vec<MappingNote>,
    }
}

// ---------------------------------------------------------------------------------------------
// Custom-field values

/// A JSON value as compact JSON text, written the way serde_json writes a parsed value: members
/// sorted by key (the last of duplicate keys kept), numbers with the digits sent, strings
/// escaped as `JSON.stringify` does. Serialized as the JSON value itself (not as a string).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonText(String);

impl JsonText {
    /// `null`.
    pub fn null() -> JsonText {
        JsonText("null".to_owned())
    }

    /// The value of `v`, normalized as above.
    pub fn of(v: Val<'_, '_>) -> JsonText {
        let mut out = String::new();
        write_value(v, &mut out);
        JsonText(out)
    }

    /// The JSON text (always one valid JSON value).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Recursion is bounded: a parsed document nests at most `json::MAX_DEPTH` levels.
fn write_value(v: Val<'_, '_>, out: &mut String) {
    match v.kind() {
        Kind::String => push_string(out, &v.as_str().unwrap_or_default()),
        Kind::Array => {
            out.push('[');
            for (i, item) in v.items().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Kind::Object => {
            out.push('{');
            for (i, (k, item)) in sorted_members(v).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_string(out, &k);
                out.push(':');
                write_value(item, out);
            }
            out.push('}');
        }
        Kind::Null | Kind::True | Kind::False | Kind::Number => out.push_str(v.raw_json()),
    }
}

impl Serialize for JsonText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RawJson(&self.0).serialize(s)
    }
}

#[cfg(test)]
impl JsonText {
    /// The value as serde_json reads it (tests compare with `json!`).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.0).unwrap_or(serde_json::Value::Null)
    }
}

/// A `json!` value as the model holds it (serde_json writes the same normalized text).
#[cfg(test)]
impl From<serde_json::Value> for JsonText {
    fn from(v: serde_json::Value) -> JsonText {
        JsonText(serde_json::to_string(&v).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::fixtures::*;
    use super::*;

    /// The TypeScript declarations of every type of this module.
    fn decls() -> [&'static str; 13] {
        use tsify::Tsify as _;
        [
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
        ]
    }

    #[test]
    fn serialized_model_uses_js_names_and_nulls() {
        let v = js_value(&parse(example()));
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
    fn typescript_declarations_have_no_any() {
        use tsify::Tsify as _;
        for decl in decls() {
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

    #[test]
    fn typescript_declarations_match_the_golden_file() {
        let golden = include_str!("../../../tests/golden/tomticket_wasm.d.ts");
        for decl in decls() {
            assert!(golden.contains(decl), "not in tests/golden/tomticket_wasm.d.ts:\n{decl}");
        }
    }

    #[test]
    fn json_text_is_what_serde_json_wrote() {
        use super::super::super::json::Doc;
        for text in [
            r#"{"b": 1, "a": [1.0, -0, 1E3, 2.5e-3, 18446744073709551616, -9223372036854775809], "a": {"z": null, "y": true}}"#,
            r#"["\u00e9\/\n\u0001\u001f\"\\ \ud83d\ude00", "é😀", "\u2028", {}, [], [[]], {"": ""}]"#,
            r#"{"Z": 1, "a": 2, "É": 3, "é": 4, "10": 5, "9": 6, "a": 7}"#,
            "null",
            "false",
            "  \"x\"  ",
            "-0.0",
        ] {
            let doc = Doc::parse(text).unwrap();
            let want = serde_json::to_string(&serde_json::from_str::<Value>(text).unwrap()).unwrap();
            let got = JsonText::of(doc.root());
            assert_eq!(got.as_str(), want, "{text}");
            assert_eq!(super::super::super::write::to_json(&got).unwrap(), want, "serialized as the value itself");
        }
        assert_eq!(JsonText::null().as_str(), "null");
    }
}
