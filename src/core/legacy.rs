//! Legacy `POST /update_cliente/{token}/{identifier}/{identifier_type}`: change a customer.
//!
//! # Input: [`LegacyCustomerUpdate`]
//! `{ identifier, identifierType: "email" | "internalId", name?, email?, canCreateTickets?, phone?,
//! organizationId?, internalId?, customFields?, language?, portfolioId? }`.
//! - `identifier` (required, ≤ 250, one line) is the customer's e-mail (`identifierType: "email"`,
//!   path type `E`; must then be an e-mail) or internal id (`"internalId"`, path type `I`). It is
//!   one path segment: `/ ? # %`, spaces and non-ASCII are percent-encoded, not rejected; control
//!   characters are rejected, and so are `.` and `..`, which a URL parser would resolve as
//!   "this/parent directory" (even percent-encoded) and so send the request elsewhere.
//! - The page lists every field under "required parameters", which cannot be literal (`id_interno`
//!   is forbidden with type `I`): they are the fields this call accepts. **An update sends only
//!   what the caller gave**, in the page's order: `nome`, `email`, `criarchamados`, `telefone`,
//!   `id_organizacao`, `id_interno`, `campos[<id>]` (ids ascending), `idioma`, `portfolio_id`.
//! - **Absent, `undefined`, `null`** → the field is not sent: the server keeps its value. The one
//!   exception is `portfolioId`, where `null` means "no portfolio" (below).
//! - **Empty (`""` or only spaces)** → depends on whether the field can be emptied:
//!   - `name`, `internalId`: `required` issue — a customer needs a name and an internal id. Omit
//!     the field to keep the current value.
//!   - `email`, `phone`, `organizationId`: sent as `""` to **clear** the value (unlink from the
//!     organization, for `organizationId`). Spaces-only is sent as `""` too.
//!   - `portfolioId`: `""` or `null` sends `portfolio_id=` (empty), which the page documents as
//!     "remove the customer from its portfolio". It is distinguishable from "not given", which
//!     sends nothing. (The binding layer must therefore keep `undefined` apart from `null`.)
//!   - `customFields` values: `""` or `null` send `campos[<id>]=` (clear that field).
//!   - `language`: must be one of the spellings; `""` is an `invalidValue`.
//! - `internalId` (`id_interno`) is only allowed with `identifierType: "email"`: otherwise a
//!   `notAllowed` issue on `internalId`.
//! - `canCreateTickets` → `criarchamados=true|false`. `language` accepts `pt-BR`/`pt_BR`,
//!   `en-US`/`en_US`, `es-ES`/`es_ES` and sends `pt_BR`, `en_US`, `es_ES` (this page's spelling).
//! - Limits: name, email, organizationId, internalId ≤ 250; phone ≤ 20 (Unicode characters);
//!   portfolioId has no documented limit (one line only).
//! - Nothing to change (no field besides the identifier, or only `customFields: {}`) → a
//!   `required` issue on the whole input (field `""`).
//!
//! # Output: [`UpdateCustomerResult`]
//! `{ message: string | null }` from `mensagem` (documented) or `message` (live). Success requires
//! the envelope to confirm it (`erro: false`; also `error: false` or `success: true`); a 2xx body
//! with none of these is a `decode` error.
use std::collections::BTreeMap;


use super::calls::{codec, Codec, Input};
use super::envelope::{self, Response};
use super::error::Error;
use super::fields::{self, clearable, clearable_email, kept, CustomerIdentifierType, Language};
use super::http::{Family, Request};
use super::issue::{IssueCode, Issues};
use super::json::Kind;
use super::read::Reader;
use super::rules;

pub(super) const IDENTIFIER_MAX_CHARS: u32 = 250;
pub(super) const NAME_MAX_CHARS: u32 = 250;
pub(super) const EMAIL_MAX_CHARS: u32 = 250;
pub(super) const PHONE_MAX_CHARS: u32 = 20;
pub(super) const ORGANIZATION_ID_MAX_CHARS: u32 = 250;
pub(super) const INTERNAL_ID_MAX_CHARS: u32 = 250;

models_skip_none! {
    [#[derive(Eq)]]

    /// A change to one customer (`updateCustomer`). Only the fields given are sent.
    pub struct LegacyCustomerUpdate {
        /// The customer's e-mail or internal id (see `identifierType`). ≤ 250 characters.
        pub identifier: String,
        pub identifier_type: CustomerIdentifierType,
        /// New name, ≤ 250 characters. Cannot be emptied.
        pub name: Option<String>,
        /// New e-mail, ≤ 250 characters; `""` clears it.
        pub email: Option<String>,
        pub can_create_tickets: Option<bool>,
        /// ≤ 20 characters; `""` clears it.
        pub phone: Option<String>,
        /// ≤ 250 characters; `""` unlinks the customer from its organization.
        pub organization_id: Option<String>,
        /// New internal id, ≤ 250 characters. Only with `identifierType: "email"`. Cannot be emptied.
        pub internal_id: Option<String>,
        /// Custom fields by field id; `""`/`null` clears one.
        #[tsify(type = "{ [fieldId: string]: string | number | boolean | null }")]
        pub custom_fields: Option<BTreeMap<String, String>>,
        #[tsify(type = "Language | \"pt_BR\" | \"en_US\" | \"es_ES\"")]
        pub language: Option<Language>,
        /// Customer portfolio (Enterprise). `null` or `""` removes the customer from its portfolio.
        #[tsify(type = "string | null")]
        pub portfolio_id: Option<String>,
    }
}

/// The fields that change something (everything but the identifier).
const UPDATABLE: [&str; 9] =
    ["name", "email", "canCreateTickets", "phone", "organizationId", "internalId", "customFields", "language", "portfolioId"];

impl Input for LegacyCustomerUpdate {
    /// Reads a `LegacyCustomerUpdate`; every issue at once, in field order.
    fn read(mut r: Reader<'_, '_, '_>) -> Option<LegacyCustomerUpdate> {
        let is_object = r.is_object();
        // identifier (its e-mail rule depends on identifierType, peeked here and read below)
        let by_email = r.peek_text("identifierType").as_deref() == Some("email");
        let id_wrong_type = r.kind_of("identifier").is_some_and(|k| k != Kind::String);
        let identifier = r.text("identifier").map(|s| s.into_owned());
        match identifier.as_deref() {
            Some(id) if !id.trim().is_empty() => {
                let issues = r.issues();
                rules::max_chars(issues, "identifier", id, IDENTIFIER_MAX_CHARS);
                let before = issues.0.len();
                rules::path_value(issues, "identifier", id);
                if by_email && issues.0.len() == before {
                    rules::email(issues, "identifier", id);
                }
            }
            _ if is_object && !id_wrong_type => {
                rules::required(r.issues(), "identifier", None);
            }
            _ => {}
        }

        let type_given = r.given("identifierType");
        let identifier_type = r.one_of("identifierType", CustomerIdentifierType::INPUTS);
        if identifier_type.is_none() && is_object && !type_given {
            r.issues().push("identifierType", IssueCode::Required, "identifierType is required (\"email\" or \"internalId\")");
        }

        let name = kept(&mut r, "name", NAME_MAX_CHARS);
        let email = clearable_email(&mut r, "email", EMAIL_MAX_CHARS);
        let can_create_tickets = r.bool("canCreateTickets");
        let phone = clearable(&mut r, "phone", PHONE_MAX_CHARS);
        let organization_id = clearable(&mut r, "organizationId", ORGANIZATION_ID_MAX_CHARS);
        let internal_id_given = r.given("internalId");
        let internal_id = kept(&mut r, "internalId", INTERNAL_ID_MAX_CHARS);
        if internal_id_given && identifier_type == Some(CustomerIdentifierType::InternalId) {
            r.issues().push(
                "internalId",
                IssueCode::NotAllowed,
                "internalId can only be changed when the customer is identified by e-mail (identifierType \"email\")",
            );
        }
        let custom_fields = fields::custom_fields(&mut r, "customFields");
        let language = r.one_of("language", Language::INPUTS);
        let portfolio_id = if r.has("portfolioId") && !r.given("portfolioId") {
            let _ = r.member("portfolioId"); // null: marks it read
            Some(String::new())
        } else {
            match r.text("portfolioId") {
                Some(p) if p.trim().is_empty() => Some(String::new()),
                Some(p) => {
                    rules::single_line(r.issues(), "portfolioId", &p);
                    Some(p.into_owned())
                }
                None => None,
            }
        };

        let changes_something = UPDATABLE.iter().any(|k| match r.kind_of(k) {
            Some(Kind::Object) if *k == "customFields" => r.peek(k).is_some_and(|v| !v.is_empty()),
            Some(_) => true,
            None => *k == "portfolioId" && r.has(k),
        });
        let issues = r.finish();
        if is_object && !changes_something {
            nothing_to_update(issues);
        }

        Some(LegacyCustomerUpdate {
            identifier: identifier?,
            identifier_type: identifier_type?,
            name,
            email,
            can_create_tickets,
            phone,
            organization_id,
            internal_id,
            custom_fields,
            language,
            portfolio_id,
        })
    }

    fn encode(&self, request: &mut Request) {
        request.params.push(self.identifier.clone());
        request.params.push(self.identifier_type.wire().to_owned());
        request.form = Some(self.form());
    }
}

impl LegacyCustomerUpdate {
    /// The form fields in wire names and the page's order; only the fields given.
    pub(super) fn form(&self) -> Vec<(String, String)> {
        let mut f = Vec::new();
        if let Some(v) = &self.name {
            f.push(pair("nome", v));
        }
        if let Some(v) = &self.email {
            f.push(pair("email", v));
        }
        if let Some(v) = self.can_create_tickets {
            f.push(pair("criarchamados", if v { "true" } else { "false" }));
        }
        if let Some(v) = &self.phone {
            f.push(pair("telefone", v));
        }
        if let Some(v) = &self.organization_id {
            f.push(pair("id_organizacao", v));
        }
        if let Some(v) = &self.internal_id {
            f.push(pair("id_interno", v));
        }
        for (id, v) in self.custom_fields.iter().flatten() {
            f.push((format!("campos[{id}]"), v.clone()));
        }
        if let Some(v) = self.language {
            f.push(pair("idioma", v.legacy_wire()));
        }
        if let Some(v) = &self.portfolio_id {
            f.push(pair("portfolio_id", v));
        }
        f
    }
}

fn nothing_to_update(issues: &mut Issues) {
    let mut msg = String::from("nothing to update: give at least one of ");
    msg.push_str(&UPDATABLE.join(", "));
    issues.push("", IssueCode::Required, msg);
}

fn pair(k: &str, v: &str) -> (String, String) {
    (k.to_owned(), v.to_owned())
}

models! {
    [#[derive(Eq)] #[tsify(missing_as_null)]]

    /// The answer to `updateCustomer`.
    pub struct UpdateCustomerResult {
        /// The server's message (e.g. "Cliente atualizado com sucesso").
        pub message: Option<String>,
    }
}

codec!(
    /// Legacy `POST /update_cliente/{token}/{identifier}/{E|I}`.
    pub(super) UpdateCustomer: LegacyCustomerUpdate => UpdateCustomerResult,
    |resp| Ok(UpdateCustomerResult { message: envelope::decode_write(Family::Legacy, resp, "the customer was updated")? })
);

#[cfg(test)]
mod tests {
    use super::*;
    use tsify::Tsify;
    use crate::core::testing::{codes, listed, response as ok, xorshift_bytes, TestCall};
    use crate::core::calls::UPDATE_CUSTOMER;
    use crate::core::http::{Auth, AuthPlacement, BaseUrl, Method};
    use crate::core::secret::{Token, REDACTED};
    use crate::core::ErrorKind;
    use serde_json::{json, Value};

    const UPDATE_CUSTOMER_DISPLAY: &str = "POST /update_cliente/***/{identifier}/{identifierType}";

    const UPDATE: TestCall<UpdateCustomer> = TestCall::new(&UPDATE_CUSTOMER);

    fn form(input: Value) -> Vec<(String, String)> {
        UPDATE.parse(&input).unwrap().form()
    }
    fn emoji(n: usize) -> String {
        let mut s = String::from("ç");
        while s.chars().count() < n {
            s.push('🚀');
        }
        s
    }
    fn p(k: &str, v: &str) -> (String, String) {
        (k.into(), v.into())
    }

    #[test]
    fn full_update_in_page_order() {
        let u = UPDATE.parse(&json!({
            "identifier": "maria.silva@acme.com.br", "identifierType": "email",
            "portfolioId": "pf1", "language": "en-US", "customFields": {"b": 2, "a": "x"}, "internalId": "cli-009",
            "organizationId": "org1", "phone": "+55 11 1234-5678", "canCreateTickets": false, "email": "m@acme.com.br", "name": "Maria S."
        }))
        .unwrap();
        assert_eq!(
            u.form(),
            vec![
                p("nome", "Maria S."),
                p("email", "m@acme.com.br"),
                p("criarchamados", "false"),
                p("telefone", "+55 11 1234-5678"),
                p("id_organizacao", "org1"),
                p("id_interno", "cli-009"),
                p("campos[a]", "x"),
                p("campos[b]", "2"),
                p("idioma", "en_US"),
                p("portfolio_id", "pf1"),
            ]
        );
        let e = UPDATE.request(&u);
        assert_eq!((e.method, e.auth, e.family), (Method::Post, Auth::InPath, Family::Legacy));
        assert_eq!(e.display(), "POST /update_cliente/***/maria.silva@acme.com.br/E");
        assert!(e.path.starts_with("update_cliente/{token}/"), "the token is a path segment");
    }

    #[test]
    fn only_given_fields_are_sent() {
        assert_eq!(form(json!({"identifier": "cli-1", "identifierType": "internalId", "phone": "123"})), vec![p("telefone", "123")]);
        assert_eq!(
            form(json!({"identifier": "cli-1", "identifierType": "internalId", "canCreateTickets": true, "name": null, "email": null})),
            vec![p("criarchamados", "true")]
        );
    }

    #[test]
    fn portfolio_null_or_empty_sends_empty_and_absent_sends_nothing() {
        let base = json!({"identifier": "cli-1", "identifierType": "internalId", "name": "N"});
        assert!(!form(base.clone()).iter().any(|(k, _)| k == "portfolio_id"));
        for removal in [json!(null), json!(""), json!("  ")] {
            let mut v = base.clone();
            v["portfolioId"] = removal.clone();
            assert_eq!(form(v).last(), Some(&p("portfolio_id", "")), "{removal}");
        }
        // portfolioId: null alone is a change (removal); the body carries the empty field.
        let enc = UPDATE.encode(&json!({"identifier": "cli-1", "identifierType": "internalId", "portfolioId": null})).unwrap();
        assert_eq!(enc.body.as_deref(), Some("portfolio_id="));
        assert_eq!(enc.form.unwrap().len(), 1);
    }

    #[test]
    fn empty_values_clear_or_are_refused() {
        let f = form(json!({"identifier": "a@b.co", "identifierType": "email", "email": "", "phone": " ", "organizationId": "", "customFields": {"x": "", "y": null}}));
        assert_eq!(f, vec![p("email", ""), p("telefone", ""), p("id_organizacao", ""), p("campos[x]", ""), p("campos[y]", "")]);
        let v = UPDATE.validate(&json!({"identifier": "a@b.co", "identifierType": "email", "name": "", "internalId": "  ", "language": ""}));
        assert_eq!(codes(&v), vec![("name", IssueCode::Required), ("internalId", IssueCode::Required), ("language", IssueCode::InvalidValue)]);
    }

    #[test]
    fn nothing_to_update() {
        for input in [
            json!({"identifier": "cli-1", "identifierType": "internalId"}),
            json!({"identifier": "cli-1", "identifierType": "internalId", "name": null, "customFields": {}}),
        ] {
            let v = UPDATE.validate(&input);
            assert_eq!(codes(&v), vec![("", IssueCode::Required)], "{input}");
            assert!(v[0].message.contains("nothing to update"));
        }
        // A wrongly typed field is reported as such, not as "nothing to update".
        let v = UPDATE.validate(&json!({"identifier": "cli-1", "identifierType": "internalId", "name": 3}));
        assert_eq!(codes(&v), vec![("name", IssueCode::InvalidType)]);
    }

    #[test]
    fn internal_id_only_with_email_identifier() {
        let v = UPDATE.validate(&json!({"identifier": "cli-1", "identifierType": "internalId", "internalId": "cli-2"}));
        assert_eq!(codes(&v), vec![("internalId", IssueCode::NotAllowed)]);
        assert_eq!(
            form(json!({"identifier": "a@b.co", "identifierType": "email", "internalId": "cli-2"})),
            vec![p("id_interno", "cli-2")]
        );
    }

    #[test]
    fn identifier_rules() {
        let v = UPDATE.validate(&json!({"name": "x"}));
        assert_eq!(codes(&v), vec![("identifier", IssueCode::Required), ("identifierType", IssueCode::Required)]);
        let v = UPDATE.validate(&json!({"identifier": " ", "identifierType": "cpf", "name": "x"}));
        assert_eq!(codes(&v), vec![("identifier", IssueCode::Required), ("identifierType", IssueCode::InvalidValue)]);
        let v = UPDATE.validate(&json!({"identifier": "not-an-email", "identifierType": "email", "name": "x"}));
        assert_eq!(codes(&v), vec![("identifier", IssueCode::InvalidEmail)]);
        for bad in ["a\r\nb", "a\nb", "a\u{0}b", "a\tb"] {
            let v = UPDATE.validate(&json!({"identifier": bad, "identifierType": "internalId", "name": "x"}));
            assert_eq!(codes(&v), vec![("identifier", IssueCode::InvalidCharacters)], "{bad:?}");
            let v = UPDATE.validate(&json!({"identifier": format!("{bad}@b.co"), "identifierType": "email", "name": "x"}));
            assert_eq!(codes(&v), vec![("identifier", IssueCode::InvalidCharacters)], "{bad:?} (email)");
        }
        for dots in [".", ".."] {
            let v = UPDATE.validate(&json!({"identifier": dots, "identifierType": "internalId", "name": "x"}));
            assert_eq!(codes(&v), vec![("identifier", IssueCode::InvalidValue)], "{dots}");
        }
        let v = UPDATE.validate(&json!({"identifier": 42, "identifierType": 1, "name": "x"}));
        assert_eq!(codes(&v), vec![("identifier", IssueCode::InvalidType), ("identifierType", IssueCode::InvalidType)]);
        let v = UPDATE.validate(&json!([1]));
        assert_eq!(codes(&v), vec![("", IssueCode::InvalidType)]);
    }

    #[test]
    fn identifier_is_path_encoded_never_rejected_for_url_characters() {
        let enc = UPDATE.encode(&json!({"identifier": "a/b?c#d%e f", "identifierType": "internalId", "name": "x"})).unwrap();
        assert_eq!(enc.path, "/update_cliente/***/a%2Fb%3Fc%23d%25e%20f/I");
        let enc = UPDATE.encode(&json!({"identifier": "12.345.678/0001-90", "identifierType": "internalId", "name": "x"})).unwrap();
        assert_eq!(enc.path, "/update_cliente/***/12.345.678%2F0001-90/I");
        let enc = UPDATE.encode(&json!({"identifier": "joão@exemplo.com.br", "identifierType": "email", "name": "x"})).unwrap();
        assert_eq!(enc.path, "/update_cliente/***/jo%C3%A3o@exemplo.com.br/E");
        assert_eq!(enc.method, Method::Post);
        assert_eq!(enc.auth, AuthPlacement::Path);
        assert_eq!(enc.body.as_deref(), Some("nome=x"));
        // '+' must reach the server as '+' (literal, or %2B if the shared path set grows to encode it).
        let enc = UPDATE.encode(&json!({"identifier": "Ana+Suporte@Exemplo.com.br", "identifierType": "email", "name": "x"})).unwrap();
        assert!(enc.path == "/update_cliente/***/Ana+Suporte@Exemplo.com.br/E" || enc.path == "/update_cliente/***/Ana%2BSuporte@Exemplo.com.br/E", "{}", enc.path);
        // "..." is an ordinary name (only "." and ".." are dot segments).
        assert!(UPDATE.validate(&json!({"identifier": "...", "identifierType": "internalId", "name": "x"})).is_empty());
    }

    #[test]
    fn token_never_in_encoded_output() {
        let u = UPDATE.parse(&json!({"identifier": "cli-1", "identifierType": "internalId", "name": "x"})).unwrap();
        let preview = UPDATE.request(&u).preview();
        assert!(preview.path.starts_with("/update_cliente/***/"));
        let text = format!("{:?} {:?} {}", preview, u, serde_json::to_string(&preview).unwrap());
        assert!(!text.contains("s3cr3t"));
        // The real URL carries the token only where it belongs, percent-encoded.
        let url = UPDATE.request(&u).url(&BaseUrl::parse("https://api.tomticket.com").unwrap(), "s3cr3t/x");
        assert_eq!(url, "https://api.tomticket.com/update_cliente/s3cr3t%2Fx/cli-1/I");
        assert_eq!(UPDATE.request(&u).display(), format!("POST /update_cliente/{REDACTED}/cli-1/I"));
        assert_eq!(UPDATE.request(&u).authorization(&Token::new("s3cr3t".into())), None, "legacy: no Authorization header");
    }

    #[test]
    fn language_uses_this_pages_spelling() {
        for (input, wire) in [("pt-BR", "pt_BR"), ("pt_BR", "pt_BR"), ("en-US", "en_US"), ("en_US", "en_US"), ("es-ES", "es_ES"), ("es_ES", "es_ES")] {
            assert_eq!(form(json!({"identifier": "c", "identifierType": "internalId", "language": input})), vec![p("idioma", wire)], "{input}");
        }
    }

    #[test]
    fn limits_at_n_and_n_plus_1_with_emoji() {
        let base = || json!({"identifier": "a@b.co", "identifierType": "email"});
        for (key, max) in [("identifier", 250usize), ("name", 250), ("phone", 20), ("organizationId", 250), ("internalId", 250)] {
            let mut at = base();
            at[key] = json!(emoji(max));
            if key == "identifier" {
                at["identifierType"] = json!("internalId");
                at["name"] = json!("x");
            }
            assert!(UPDATE.validate(&at).is_empty(), "{key} at {max}");
            at[key] = json!(emoji(max + 1));
            let v = UPDATE.validate(&at);
            assert_eq!(v.len(), 1, "{key}: {v:?}");
            assert_eq!(
                (v[0].field.as_str(), v[0].code, v[0].limit, v[0].actual),
                (key, IssueCode::TooLong, Some(max as u32), Some(max as u32 + 1))
            );
        }
        // e-mail fields: a valid address of exactly 250 characters, then 251.
        let mail = |n: usize| {
            let mut s = String::from("x@");
            let labels = ["a".repeat(60), "b".repeat(60), "c".repeat(60)];
            s.push_str(&labels.join("."));
            s.push('.');
            while s.chars().count() < n - 4 {
                s.push('d');
            }
            s.push_str(".com");
            s
        };
        assert_eq!(mail(250).chars().count(), 250);
        for key in ["identifier", "email"] {
            let mut at = json!({"identifier": "a@b.co", "identifierType": "email", "name": "x"});
            at[key] = json!(mail(250));
            assert!(UPDATE.validate(&at).is_empty(), "{key}");
            at[key] = json!(mail(251));
            let v = UPDATE.validate(&at);
            assert_eq!(codes(&v), vec![(key, IssueCode::TooLong)]);
            assert_eq!((v[0].limit, v[0].actual), (Some(250), Some(251)));
        }
        // portfolioId has no documented limit; custom field values have none either.
        assert!(UPDATE.validate(&json!({"identifier": "c", "identifierType": "internalId", "portfolioId": emoji(600), "customFields": {"f": emoji(3000)}})).is_empty());
    }

    #[test]
    fn every_problem_at_once_in_field_order() {
        let v = UPDATE.validate(&json!({
            "identifier": "x\ny", "identifierType": "internalId", "name": "", "email": "bad", "canCreateTickets": "true",
            "phone": "1".repeat(21), "organizationId": {}, "internalId": "i2", "customFields": {"a b": "1"},
            "language": "de-DE", "portfolioId": "p\r", "typo": 1
        }));
        assert_eq!(
            listed(&codes(&v)),
            "identifier InvalidCharacters, name Required, email InvalidEmail, canCreateTickets InvalidType, \
             phone TooLong, organizationId InvalidType, internalId NotAllowed, customFields.a b InvalidCharacters, \
             language InvalidValue, portfolioId InvalidCharacters, typo UnknownField",
        );
        let e = UPDATE.encode(&json!({"identifier": "c", "identifierType": "internalId"})).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Validation);
        assert!(e.message.contains("nothing to update"));
    }

    #[test]
    fn round_trips_through_its_serialization() {
        let input = json!({"identifier": "a@b.co", "identifierType": "email", "name": "N", "portfolioId": null,
                           "customFields": {"f": 1}, "language": "pt_BR", "canCreateTickets": true, "phone": ""});
        let u = UPDATE.parse(&input).unwrap();
        let v = serde_json::to_value(&u).unwrap();
        assert_eq!(
            v,
            json!({"identifier": "a@b.co", "identifierType": "email", "name": "N", "canCreateTickets": true, "phone": "",
                   "customFields": {"f": "1"}, "language": "pt-BR", "portfolioId": ""})
        );
        assert_eq!(UPDATE.parse(&v).unwrap(), u);
    }

    #[test]
    fn decode_documented_and_live_envelopes() {
        let r = UPDATE.decode(ok(200, r#"{"erro":false,"mensagem":"Cliente atualizado com sucesso"}"#)).unwrap();
        assert_eq!(r.message.as_deref(), Some("Cliente atualizado com sucesso"));
        assert_eq!(serde_json::to_value(&r).unwrap(), json!({"message": "Cliente atualizado com sucesso"}));
        let r = UPDATE.decode(ok(200, r#"{"erro":"0","message":"ok (live)"}"#)).unwrap();
        assert_eq!(r.message.as_deref(), Some("ok (live)"));
        assert_eq!(UPDATE.decode(ok(200, r#"{"erro":false}"#)).unwrap().message, None);
        let e = UPDATE.decode(ok(200, r#"{"erro":true,"mensagem":"Organização não encontrada"}"#)).unwrap_err();
        assert_eq!((e.kind, e.server_message.as_deref()), (ErrorKind::NotFound, Some("Organização não encontrada")));
        let e = UPDATE.decode(ok(200, r#"{"erro":true,"message":"Endereço de email inválido"}"#)).unwrap_err();
        assert_eq!((e.kind, e.server_message.as_deref()), (ErrorKind::Api, Some("Endereço de email inválido")));
        assert_eq!(e.endpoint.as_deref(), Some(UPDATE_CUSTOMER_DISPLAY));
        assert_eq!(UPDATE.decode(ok(404, r#"{"erro":true,"mensagem":"Cliente não encontrado"}"#)).unwrap_err().kind, ErrorKind::NotFound);
        assert_eq!(UPDATE.decode(ok(401, "")).unwrap_err().kind, ErrorKind::Unauthorized);
        let e = UPDATE.decode(ok(200, r#"{"mensagem":"?"}"#)).unwrap_err();
        assert_eq!((e.kind, e.status), (ErrorKind::Decode, Some(200)));
        assert_eq!(UPDATE.decode(ok(200, "<html></html>")).unwrap_err().kind, ErrorKind::Decode);
    }

    #[test]
    fn garbage_never_panics() {
        let body = r#"{"erro":false,"mensagem":"Cliente atualizado com sucesso","data":{"x":[1,2,{"y":null}]}}"#;
        for end in 0..=body.len() {
            if let Some(prefix) = body.get(..end) {
                let _ = UPDATE.decode(ok(200, prefix));
            }
        }
        let mut seed: u32 = 0x9e37_79b9;
        for _ in 0..300 {
            let bytes = xorshift_bytes(&mut seed, 48);
            let _ = UPDATE.decode(ok(200, &String::from_utf8_lossy(&bytes)));
        }
        for v in [json!(null), json!(1), json!("x"), json!(true), json!([]), json!({"a": {}})] {
            let mut input = json!({});
            for k in ["identifier", "identifierType"].iter().chain(UPDATABLE.iter()) {
                input[*k] = v.clone();
            }
            let _ = UPDATE.parse(&input);
            let _ = UPDATE.parse(&v);
        }
    }

    #[test]
    fn typescript_declarations() {
        let d = LegacyCustomerUpdate::DECL;
        for needle in [
            "identifier: string",
            "identifierType: CustomerIdentifierType",
            "name?: string",
            "canCreateTickets?: boolean",
            "internalId?: string",
            "customFields?: { [fieldId: string]: string | number | boolean | null }",
            "language?: Language | \"pt_BR\" | \"en_US\" | \"es_ES\"",
            "portfolioId?: string | null",
        ] {
            assert!(d.contains(needle), "{needle} not in {d}");
        }
        assert!(!d.contains("any"), "{d}");
        assert!(CustomerIdentifierType::DECL.ends_with(r#"export type CustomerIdentifierType = "email" | "internalId";"#), "{}", CustomerIdentifierType::DECL);
        let r = UpdateCustomerResult::DECL;
        assert!(r.contains("message: string | null") && !r.contains("?:"), "{r}");
    }
}
