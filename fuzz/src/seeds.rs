//! The seed corpus of every logical target, written into `fuzz/corpus/<target>/seed-<n>` by
//! [`crate::init`] (nothing is committed): the sample ticket of
//! `tests/support/sample_ticket.rs` in both shapes, v2 details in the documented and the live
//! shape, create/update envelopes, error envelopes with their status (some echoing the token),
//! an nginx HTML page, empty/`[]`/`null`, a PipeRun customer flat and under `talk`, the inputs of
//! each call (by its input type; every input for a call not known here), client options.
use std::path::Path;

use serde_json::{json, Value};

use crate::checks::TOKEN;

#[path = "../../tests/support/sample_ticket.rs"]
#[allow(dead_code)]
pub mod sample_ticket;

fn seeds_responses() -> Vec<String> {
    let details = json!({"error": false, "message": "Cliente encontrado", "success": true, "data": {
        "name": "Maria Silva", "email": "maria.silva@acme.com.br", "phone": "+55 11 98765-4321", "internal_id": "cli-001",
        "monthly_ticket_quota": null, "active": true,
        "organization": {"id": "5d41402abc4b2a76b9719d911017c592", "name": "ACME", "active": true, "monthly_ticket_quota": null},
        "organization_mother": {"id": "7215ee9c7d9dc229d2921a40e899ec5f", "name": "Holding", "active": "1", "monthly_ticket_quota": "10"},
        "permissions": {"active": true, "email_validated": true, "allowed_create_tickets": true, "monthly_ticket_quota": null},
        "custom_fields": [{"id": "a1", "name": "Plano", "value": "Enterprise"}, {"id": "a2", "name": "n", "value": 25},
                          {"id": "a3", "name": "b", "value": true}, {"id": "a4", "name": "x", "value": null}, {"id": "a5", "name": "l", "value": ["a"]}]}});
    let details_live = json!({"error": false, "message": "ok", "success": true, "data": {
        "name": "João", "email": "", "phone": "", "internal_id": "cli-002", "monthly_ticket_quota": "10", "active": "1",
        "organization": [], "organization_mother": [], "permissions": {"active": "0", "email_validated": "N",
        "allowed_create_tickets": 0, "monthly_ticket_quota": "3"}, "custom_fields": []}});
    vec![
        sample_ticket::sample_ticket_json(3, false),
        sample_ticket::sample_ticket_json(3, true),
        sample_ticket::sample_ticket_json(0, true),
        details.to_string(),
        details_live.to_string(),
        r#"{"error":false,"message":"Cliente criado com sucesso","success":true}"#.into(),
        r#"{"error":true,"message":"Cliente já cadastrado","success":false}"#.into(),
        r#"{"erro":false,"mensagem":"Cliente atualizado com sucesso"}"#.into(),
        r#"{"erro":true,"message":"Cliente não encontrado"}"#.into(),
        format!(r#"{{"erro":true,"mensagem":"token {TOKEN} inválido"}}"#),
        format!(r#"{{"error":true,"success":false,"message":"GET /v2.0/x?token=Zq9%2Dtok3n: \u005Aq9-tok3n"}}"#),
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>".into(),
        String::new(),
        "[]".into(),
        "null".into(),
        piperun_seed().to_string(),
        json!({"talk": {"customer": piperun_seed()}}).to_string(),
    ]
}

fn piperun_seed() -> Value {
    json!({
        "id": 123456, "name": "Maria Silva", "external_id": "ext-9", "document_number": "123.456.789-00",
        "created_at": "2023-11-02 12:28:45", "main_sms": 11, "main_whatsapp": 11, "main_email": 21,
        "agent_id": null, "queue_id": 3, "customer_group_id": null, "profile_picture_url": null, "is_priority": false,
        "customer_organization_id": 77, "custom_fields": {"Plano": "Enterprise", "Licenças": 25},
        "profile_info": {"name": "maria", "username": "@maria", "is_verified_user": false, "follower_count": 10},
        "telephones": [{"id": 11, "customer_id": 123456, "area_code": "11", "number": "987654321", "type": "m",
                        "level_id": 1, "has_sms": true, "has_whatsapp": true, "insert_origin": "MANUAL", "inserted_by": 5,
                        "country_code": "55", "country_iso2": "BR", "full_number": "11987654321", "full_number_cc": "5511987654321"}],
        "emails": [{"id": 21, "customer_id": 123456, "email": "maria.silva@acme.com.br", "level_id": 1,
                    "insert_origin": "AUTO", "inserted_by": null, "unsubscribed_at": null}]
    })
}

fn seeds_inputs() -> Vec<Value> {
    vec![
        json!({"customerId": "cli-1", "name": "Maria", "email": "maria@acme.com.br", "phone": "+55 11 1",
               "canCreateTickets": true, "organizationId": "5d41", "language": "pt-BR", "portfolioId": "8f14",
               "customFields": {"a1": "x", "a2": 2, "a3": false, "a4": null}}),
        json!({"customerId": "cli-1"}),
        json!({"email": "a@b.co"}),
        json!({"identifier": "maria@acme.com.br", "identifierType": "email", "name": "Maria", "internalId": "cli-9",
               "portfolioId": "", "customFields": {"a": "b"}, "language": "en_US", "canCreateTickets": false}),
        json!({"identifier": "12.345.678/0001-90", "identifierType": "internalId", "phone": ""}),
        json!({"ticketId": "9f3c1a2b4d5e6f708192a3b4c5d6e7f8", "includeStopwatch": true, "includeEscalatedTickets": true}),
    ]
}

/// Seeds for client options: every token starts with the marker the checks look for.
fn seeds_client_options() -> Vec<Value> {
    vec![
        json!({"token": "Zq9-t", "baseUrl": "http://127.0.0.1:8080", "timeoutMs": 1000, "retry": {"maxRetries": 1, "baseDelayMs": 10, "maxDelayMs": 100}, "requestsPerSecond": 3}),
        json!({"token": "Zq9-\nx", "retry": false, "dangerouslyAllowTokenInBrowser": true}),
        json!({"baseUrl": "https://my-worker.example/api", "timeoutMs": "600000", "requestsPerSecond": 1001}),
    ]
}

/// The inputs of a call, by its input type (TypeScript name); every input for one not known.
fn seeds_inputs_of(input: &str) -> Vec<Value> {
    let all = seeds_inputs();
    let keep = |v: &Value, keys: &[&str]| v.as_object().is_some_and(|m| m.keys().any(|k| keys.contains(&k.as_str())));
    let of: Vec<Value> = match input {
        "NewCustomer" => all.iter().filter(|v| keep(v, &["name", "customerId"]) && !keep(v, &["identifier"])).cloned().collect(),
        "CustomerLookup" => all.iter().filter(|v| v.as_object().is_some_and(|m| m.len() == 1)).cloned().collect(),
        "LegacyCustomerUpdate" => all.iter().filter(|v| keep(v, &["identifier"])).cloned().collect(),
        "TicketQuery" => all.iter().filter(|v| keep(v, &["ticketId"])).cloned().collect(),
        _ => Vec::new(),
    };
    if of.is_empty() {
        all
    } else {
        of
    }
}

/// The seeds of one logical target (see [`crate::targets`]).
pub fn seeds(target: &str) -> Vec<Vec<u8>> {
    let json_seeds = |vs: Vec<Value>| vs.into_iter().map(|v| v.to_string().into_bytes()).collect::<Vec<_>>();
    let logical = crate::target(target);
    match logical.as_ref().map(|t| (t.binary, t.call)) {
        Some(("decode", _)) | Some(("envelope", _)) => {
            let mut out: Vec<Vec<u8>> = seeds_responses().into_iter().map(String::into_bytes).collect();
            for (head, body) in [
                ("404", r#"{"erro":true,"message":"Chamado não encontrado"}"#.to_owned()),
                ("401", r#"{"error":true,"message":"Token inválido","success":false}"#.to_owned()),
                ("403", format!(r#"{{"error":true,"message":"token {TOKEN} sem permissão"}}"#)),
                ("429;2", String::new()),
                ("429;1.5", r#"{"error":true}"#.to_owned()),
                ("503;1e9", "<html>busy</html>".to_owned()),
                ("204", String::new()),
                ("500", r#"{"error":true}"#.to_owned()),
            ] {
                out.push(format!("{head}\n{body}").into_bytes());
            }
            out
        }
        Some(("json_reader", _)) => {
            // every response body the decoders start from (status lines included: garbage to
            // the reader, which must refuse it exactly as serde_json does), plus the inputs
            let mut out = seeds("envelope");
            out.push(piperun_seed().to_string().into_bytes());
            out.extend(json_seeds(seeds_inputs()));
            for t in [r#""\ud83d\ude00 \u00e9 \n \"""#, "-0.0e-7", "[1e400, -9223372036854775809, 18446744073709551616]", "{\"a\":1,\"a\":[]}"] {
                out.push(t.as_bytes().to_vec());
            }
            out
        }
        Some(("parse_piperun_customer", _)) => vec![
            piperun_seed().to_string().into_bytes(),
            json!({"talk": {"id": 1, "customer": piperun_seed()}}).to_string().into_bytes(),
            json!({"customer": piperun_seed()}).to_string().into_bytes(),
            json!({"customer": null}).to_string().into_bytes(),
        ],
        Some(("map_piperun_customer", _)) => json_seeds(vec![
            json!({"payload": piperun_seed(), "options": null}),
            json!({"payload": {"talk": {"customer": piperun_seed()}}, "options": {"customerIdPrefix": "pr-",
                   "preferExternalId": false, "customFieldIds": {"Plano": "a1", "licenças": 7}, "language": "en_US"}}),
        ]),
        Some(("encode", Some(call))) => json_seeds(seeds_inputs_of(call.input)),
        Some(("client_options", _)) => json_seeds(seeds_client_options()),
        _ => Vec::new(),
    }
}

/// Writes the seeds of `target` into `dir` as `seed-<n>` (only missing ones).
pub fn write_corpus(target: &str, dir: &Path) {
    for (i, seed) in seeds(target).iter().enumerate() {
        let file = dir.join(format!("seed-{i:02}"));
        if !file.exists() {
            let _ = std::fs::write(file, seed);
        }
    }
}
