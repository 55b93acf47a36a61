//! Stable-Rust fuzzer for tomticket-wasm: every decoder (ticket, customer details, create,
//! update, PipeRun), the envelope, the date and decimal parsers, and every input parser/encoder,
//! fed with mutated real bodies, truncated and random bytes, and structure-aware random JSON.
//! Every call runs under `catch_unwind`; a panic is a crash: its input is written to
//! `fuzz/crashes/<target>-<hash>.txt` and counted. Besides "no panic", it checks invariants:
//! decoded values serialize, encoders never put the token in anything printable, errors never
//! carry the token after `scrub`.
//!
//!   cargo run --release --manifest-path fuzz/Cargo.toml --target-dir target/fuzz -- [OPTIONS]
//!     --seconds S       time budget per target (default 10)
//!     --iterations N    stop each target after N executions (default: unlimited within --seconds)
//!     --target NAME     only this target (repeatable); --list prints them
//!     --seed X          PRNG seed (default: from the clock; printed)
//!     --replay FILE     run the target named in FILE's name on FILE's content (a saved crash)
//!
//! Exit status 1 when any target crashed.
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};
use tomticket_wasm::core::envelope::{self, RawResponse};
use tomticket_wasm::core::http::{BaseUrl, Family};
use tomticket_wasm::core::{config, customer, dates, legacy_update, lenient, piperun, ticket, Error};

// ---------------------------------------------------------------------------------------------
// PRNG (splitmix64): no dependency, reproducible from the printed seed.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Dictionaries

/// Wire keys of every response family, so that mutations hit fields the decoders read.
const WIRE_KEYS: &[&str] = &[
    "erro", "error", "success", "message", "mensagem", "data", "idchamado", "protocolo", "titulo", "nomecliente",
    "email_cliente", "id_cliente", "nomeorganizacao", "prioridade", "tipochamado", "tempotrabalho", "tempoabertura",
    "data_criacao", "deadline", "dataprimeiraresposta", "dataencerramento", "dataultimasituacao", "dataultimostatus",
    "valoritemhora", "valoritemhoraextra", "valorfinal", "valorfinalextra", "valorfinalbruto",
    "avaliadoproblemaresolvido", "avaliadoatendimento", "avaliacaocomentario", "ultimasituacao", "descsituacao",
    "sla_inicializacao_cumprido", "sla_deadline_cumprido", "categoria", "departamento", "atendente", "status",
    "parent_ticket_id", "anexos", "nome", "url", "tamanhobytes", "mimetype", "mime_type", "historico", "id", "origem",
    "data_hora", "hora_inicio", "hora_fim", "campospersonalizados", "campospersonalizados_finalizados", "label",
    "value", "historico_status", "comentario", "atendente_inicio", "atendente_fim", "inicio", "fim", "stopwatch",
    "start", "end", "created_manually", "operator", "staggered_tickets", "name", "email", "phone", "internal_id",
    "monthly_ticket_quota", "active", "organization", "organization_mother", "permissions", "email_validated",
    "allowed_create_tickets", "custom_fields", "customer", "talk", "external_id", "document_number", "created_at",
    "main_sms", "main_whatsapp", "main_email", "agent_id", "queue_id", "customer_group_id", "is_priority",
    "last_base_api", "customer_organization_id", "profile_info", "telephones", "emails", "area_code", "number",
    "type", "level_id", "has_sms", "has_whatsapp", "insert_origin", "inserted_by", "country_code", "country_iso2",
    "full_number", "full_number_cc", "customer_id", "unsubscribed_at", "wildcard_01", "profile_picture_url",
];

/// JS property names of every input object.
const JS_KEYS: &[&str] = &[
    "customerId", "email", "name", "phone", "canCreateTickets", "organizationId", "language", "portfolioId",
    "customFields", "identifier", "identifierType", "internalId", "ticketId", "includeStopwatch",
    "includeEscalatedTickets", "token", "baseUrl", "timeoutMs", "retry", "maxRetries", "baseDelayMs", "maxDelayMs",
    "requestsPerSecond", "dangerouslyAllowTokenInBrowser", "fetch", "preferredPhone", "phoneOverflow", "nmae",
];

/// Strings that have broken parsers before: limits, encodings, separators, dates, codes.
const NASTY: &[&str] = &[
    "", " ", "\u{0}", "\r\n", "\t", "/", "..", "../", "%", "%2F", "%zz", "?", "#", "&", "=", "[", "]", "a]b", "[]",
    "\\", "\"", "'", "<html>", "é", "e\u{301}", "😀", "🇧🇷", "\u{200d}", "\u{feff}", "\u{fffd}", "\u{202e}",
    "S", "N", "s", "n", "1", "0", "-1", "true", "false", "sim", "não", "Externo", "Interno", "E", "I", "A", "C",
    "O", "B", "M", "R", "P", "I", "x", "null", "NaN", "Infinity", "-0", "1e309", "9007199254740993",
    "-9223372036854775809", "18446744073709551616", "12,50", "1.234,56", "1,234.56", "R$ 10,00", ",", ".", "1,2,3",
    "02/11/2023 20:17", "2023-11-02 20:17:45", "2024-01-05 10:20:30-0300", "2024-01-05T10:20:30.123456789Z",
    "0000-00-00 00:00:00", "00/00/0000", "2023-02-29", "31/02/2023 10:00", "1698966000", "99999999999",
    "2023-01-01 10:00:00+99", "2023-01-01 10:00:00.", "24:00", "23:59:60", "12:34", "99:99", "1:2:3:4",
    "123:45:67", "pt-BR", "pt_BR", "en-US", "en_US", "es-ES", "es_ES", "pt", "email", "internalId", "I", "E",
    "maria.silva@acme.com.br", "a@b", "a@@b.com", "Ana+Suporte@Exemplo.com.br", "x@[127.0.0.1]",
    "http://127.0.0.1:1", "https://api.tomticket.com/", "https://u:p@h", "http://evil.com", "test-token",
];

fn nasty_string(rng: &mut Rng) -> String {
    match rng.below(7) {
        0 => (*rng.pick(NASTY)).to_owned(),
        1 => {
            // around the limits (20, 64, 250, 512 characters), in multi-unit characters
            let n = *rng.pick(&[19usize, 20, 21, 63, 64, 65, 249, 250, 251, 511, 512, 513]);
            let ch = *rng.pick(&["a", "é", "😀", "e\u{301}", "\u{0}"]);
            ch.repeat(n)
        }
        2 => {
            let mut s = String::new();
            for _ in 0..rng.below(6) {
                s.push_str(*rng.pick(NASTY));
            }
            s
        }
        3 => {
            let len = rng.below(40);
            (0..len).map(|_| char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}')).collect()
        }
        4 => (*rng.pick(WIRE_KEYS)).to_owned(),
        5 => format!("{:032x}", rng.next() as u128 * rng.next() as u128),
        _ => {
            let len = rng.below(12);
            (0..len).map(|_| (b' ' + rng.below(95) as u8) as char).collect()
        }
    }
}

fn random_number(rng: &mut Rng) -> Value {
    match rng.below(8) {
        0 => json!(rng.below(10)),
        1 => json!(rng.next()),
        2 => json!(-(rng.next() as i64).abs()),
        3 => {
            let f = f64::from_bits(rng.next());
            if f.is_finite() {
                json!(f)
            } else {
                json!(1e308)
            }
        }
        4 => json!(9_007_199_254_740_993_u64),
        5 => json!(-0.0),
        6 => json!(rng.below(1000) as f64 / 7.0),
        _ => json!(*rng.pick(&[1, 2, 3, 4, 5, 6, 7, 8, 0, -1, 250, 251])),
    }
}

fn random_value(rng: &mut Rng, depth: usize, keys: &[&str]) -> Value {
    let leaf = depth >= 4 || rng.chance(55);
    if leaf {
        return match rng.below(6) {
            0 => Value::Null,
            1 => Value::Bool(rng.chance(50)),
            2 => random_number(rng),
            _ => Value::String(nasty_string(rng)),
        };
    }
    if rng.chance(40) {
        Value::Array((0..rng.below(5)).map(|_| random_value(rng, depth + 1, keys)).collect())
    } else {
        let mut m = Map::new();
        for _ in 0..rng.below(8) {
            let k = if rng.chance(85) { (*rng.pick(keys)).to_owned() } else { nasty_string(rng) };
            m.insert(k, random_value(rng, depth + 1, keys));
        }
        Value::Object(m)
    }
}

/// Replaces one random node of `v` (or adds a dictionary key to an object) with random JSON.
fn mutate_value(rng: &mut Rng, v: &mut Value, keys: &[&str]) {
    let depth = rng.below(6);
    mutate_at(rng, v, depth, keys);
}

fn mutate_at(rng: &mut Rng, v: &mut Value, depth_left: usize, keys: &[&str]) {
    if depth_left > 0 {
        match v {
            Value::Object(m) if !m.is_empty() => {
                let i = rng.below(m.len());
                if let Some(child) = m.values_mut().nth(i) {
                    return mutate_at(rng, child, depth_left - 1, keys);
                }
            }
            Value::Array(a) if !a.is_empty() => {
                let i = rng.below(a.len());
                return mutate_at(rng, &mut a[i], depth_left - 1, keys);
            }
            _ => {}
        }
    }
    match v {
        Value::Object(m) if rng.chance(40) => {
            let k = (*rng.pick(keys)).to_owned();
            m.insert(k, random_value(rng, 2, keys));
        }
        Value::Array(a) if rng.chance(30) => {
            let copy = a.first().cloned().unwrap_or(Value::Null);
            for _ in 0..rng.below(3) {
                a.push(copy.clone());
            }
        }
        other => *other = random_value(rng, 2, keys),
    }
}

/// Byte-level havoc: truncate, flip, insert, delete, splice dictionary words.
fn mutate_bytes(rng: &mut Rng, s: &str) -> String {
    let mut b = s.as_bytes().to_vec();
    match rng.below(6) {
        0 => b.truncate(rng.below(b.len() + 1)),
        1 => {
            for _ in 0..=rng.below(8) {
                if !b.is_empty() {
                    let i = rng.below(b.len());
                    b[i] ^= 1 << rng.below(8);
                }
            }
        }
        2 => {
            for _ in 0..=rng.below(4) {
                let i = rng.below(b.len() + 1);
                let w = nasty_string(rng);
                b.splice(i..i, w.into_bytes());
            }
        }
        3 => {
            for _ in 0..=rng.below(8) {
                if !b.is_empty() {
                    let i = rng.below(b.len());
                    let n = rng.below(16).min(b.len() - i);
                    b.drain(i..i + n);
                }
            }
        }
        4 => {
            let i = rng.below(b.len() + 1);
            let sym = *rng.pick(&["{", "}", "[", "]", ",", ":", "\"", "\\u0000", "\\ud800", "1e999", "-", "null", "\u{0}"]);
            b.splice(i..i, sym.bytes());
        }
        _ => {
            if !b.is_empty() {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

// ---------------------------------------------------------------------------------------------
// Seeds

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
        ticket::sample_ticket_json(3, false),
        ticket::sample_ticket_json(3, true),
        ticket::sample_ticket_json(0, true),
        details.to_string(),
        details_live.to_string(),
        r#"{"error":false,"message":"Cliente criado com sucesso","success":true}"#.into(),
        r#"{"error":true,"message":"Cliente já cadastrado","success":false}"#.into(),
        r#"{"erro":false,"mensagem":"Cliente atualizado com sucesso"}"#.into(),
        r#"{"erro":true,"message":"Cliente não encontrado"}"#.into(),
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
        json!({"token": "t", "baseUrl": "http://127.0.0.1:8080", "timeoutMs": 1000, "retry": {"maxRetries": 1}, "requestsPerSecond": 3}),
    ]
}

// ---------------------------------------------------------------------------------------------
// Targets

const SECRET: &str = "s3cr3t/tok?en#%";

/// A body for a decoder: mostly a mutated seed, sometimes random JSON or random bytes.
fn body(rng: &mut Rng, seeds: &[String]) -> String {
    let seed = rng.pick(seeds).clone();
    match rng.below(10) {
        0..=3 => match serde_json::from_str::<Value>(&seed) {
            Ok(mut v) => {
                for _ in 0..=rng.below(4) {
                    mutate_value(rng, &mut v, WIRE_KEYS);
                }
                v.to_string()
            }
            Err(_) => mutate_bytes(rng, &seed),
        },
        4..=6 => {
            let mut s = seed;
            for _ in 0..=rng.below(3) {
                s = mutate_bytes(rng, &s);
            }
            s
        }
        7 => random_value(rng, 0, WIRE_KEYS).to_string(),
        8 => {
            // a random ticket-ish object nested like the live shape
            json!({"erro": false, "data": random_value(rng, 1, WIRE_KEYS)}).to_string()
        }
        _ => (0..rng.below(64)).map(|_| rng.next() as u8 as char).collect(),
    }
}

fn status(rng: &mut Rng) -> u16 {
    if rng.chance(75) {
        200
    } else {
        *rng.pick(&[0, 1, 99, 100, 201, 204, 299, 300, 400, 401, 403, 404, 405, 413, 429, 500, 502, 503, 599, 600, 999, u16::MAX])
    }
}

fn retry_after(rng: &mut Rng) -> Option<String> {
    rng.chance(20).then(|| nasty_string(rng))
}

/// After a decoder: an error never holds the token once scrubbed, an Ok value serializes.
fn check_result<T: serde::Serialize>(r: Result<T, Error>) {
    match r {
        Ok(v) => {
            serde_json::to_string(&v).expect("a decoded value must serialize");
        }
        Err(mut e) => {
            e.scrub(SECRET);
            let all = format!("{} {:?} {:?}", e.message, e.server_message, e.endpoint);
            assert!(!all.contains(SECRET), "token survived scrub: {all}");
        }
    }
}

/// After an encoder: a request that holds the token in its URL never shows it in its display.
fn check_endpoint(ep: &tomticket_wasm::core::http::Endpoint) {
    let base = BaseUrl::parse("https://api.tomticket.com").expect("base");
    let url = ep.url(&base, SECRET);
    assert!(!url.contains(SECRET) || ep.segments.is_empty(), "raw token in URL (must be percent-encoded): {url}");
    let shown = format!("{} {:?}", ep.display(), ep.preview());
    assert!(!shown.contains(SECRET) && !shown.contains("s3cr3t"), "token in display: {shown}");
    for seg in url.split('?').next().unwrap_or("").split('/').skip(3) {
        assert!(!seg.contains(['?', '#', ' ', '\r', '\n']), "unencoded character in path segment {seg:?} of {url}");
    }
}

fn input(rng: &mut Rng, seeds: &[Value]) -> Value {
    if rng.chance(70) {
        let mut v = rng.pick(seeds).clone();
        for _ in 0..=rng.below(4) {
            mutate_value(rng, &mut v, JS_KEYS);
        }
        v
    } else {
        random_value(rng, 0, JS_KEYS)
    }
}

type Case = Box<dyn Fn(&mut Rng) -> (String, Box<dyn FnOnce() + Send>)>;

/// Each target makes one case: (a printable input, the call).
fn targets() -> Vec<(&'static str, Case)> {
    let responses = Arc::new(seeds_responses());
    let inputs = Arc::new(seeds_inputs());
    let mut t: Vec<(&'static str, Case)> = Vec::new();
    macro_rules! decoder {
        ($name:literal, $f:path) => {{
            let seeds = responses.clone();
            t.push((
                $name,
                Box::new(move |rng: &mut Rng| {
                    let (st, b, ra) = (status(rng), body(rng, &seeds), retry_after(rng));
                    let shown = format!("status={st} retry_after={ra:?}\n{b}");
                    (shown, Box::new(move || check_result($f(RawResponse { status: st, body: &b, retry_after: ra.as_deref() }))) as Box<dyn FnOnce() + Send>)
                }),
            ));
        }};
    }
    decoder!("decode_ticket", ticket::decode_ticket);
    decoder!("decode_customer_details", customer::decode_customer_details);
    decoder!("decode_create_customer", customer::decode_create_customer);
    decoder!("decode_update_customer", legacy_update::decode_update_customer);
    {
        let seeds = responses.clone();
        t.push((
            "envelope",
            Box::new(move |rng: &mut Rng| {
                let (st, b, legacy) = (status(rng), body(rng, &seeds), rng.chance(50));
                let shown = format!("status={st} legacy={legacy}\n{b}");
                (shown, Box::new(move || {
                    let fam = if legacy { Family::Legacy } else { Family::V2 };
                    if let Ok(obj) = envelope::decode(fam, RawResponse { status: st, body: &b, retry_after: None }, "GET /x") {
                        let _ = envelope::legacy_payload(&obj);
                        let _ = envelope::v2_data(&obj, "GET /x");
                    }
                }))
            }),
        ));
    }
    {
        let seeds = responses.clone();
        t.push((
            "parse_piperun_customer",
            Box::new(move |rng: &mut Rng| {
                let text = body(rng, &seeds);
                let options = if rng.chance(50) { Value::Null } else { random_value(rng, 0, JS_KEYS) };
                let shown = format!("options={options}\n{text}");
                (shown, Box::new(move || {
                    check_result(piperun::parse_piperun_customer_json(text.as_bytes()));
                    if let Ok(v) = serde_json::from_str::<Value>(&text) {
                        check_result(piperun::parse_piperun_customer(&v));
                        check_result(piperun::map_piperun_customer(&v, &options));
                    }
                }))
            }),
        ));
    }
    t.push((
        "dates_and_scalars",
        Box::new(|rng: &mut Rng| {
            let s = if rng.chance(50) {
                nasty_string(rng)
            } else {
                let base = rng_pick_owned(rng, NASTY);
                mutate_bytes(rng, &base)
            };
            (s.clone(), Box::new(move || {
                if let Ok(Some(iso)) = dates::to_iso(&s) {
                    assert!(!iso.is_empty());
                }
                let _ = lenient::parse_decimal(&s);
                let v = Value::String(s);
                let _ = (lenient::value_int(&v), lenient::value_bool(&v), lenient::value_date(&v), lenient::value_decimal(&v));
            }))
        }),
    ));
    macro_rules! encoder {
        ($name:literal, $parse:expr) => {{
            let seeds = inputs.clone();
            t.push((
                $name,
                Box::new(move |rng: &mut Rng| {
                    let v = input(rng, &seeds);
                    (v.to_string(), Box::new(move || $parse(&v)) as Box<dyn FnOnce() + Send>)
                }),
            ));
        }};
    }
    encoder!("encode_new_customer", |v: &Value| {
        let _ = customer::validate_new_customer(v);
        let _ = customer::encode_new_customer(v);
        if let Ok(c) = customer::parse_new_customer(v) {
            check_endpoint(&c.endpoint());
        }
    });
    encoder!("encode_customer_lookup", |v: &Value| {
        let _ = customer::validate_customer_lookup(v);
        let _ = customer::encode_customer_lookup(v);
        if let Ok(c) = customer::parse_customer_lookup(v) {
            check_endpoint(&c.endpoint());
        }
    });
    encoder!("encode_customer_update", |v: &Value| {
        let _ = legacy_update::validate_legacy_customer_update(v);
        let _ = legacy_update::encode_legacy_customer_update(v);
        if let Ok(c) = legacy_update::parse_legacy_customer_update(v) {
            check_endpoint(&c.endpoint());
        }
    });
    encoder!("encode_ticket_query", |v: &Value| {
        let _ = ticket::validate_ticket_query(v);
        let _ = ticket::encode_ticket_query(v);
        if let Ok(q) = ticket::parse_ticket_query(v) {
            check_endpoint(&q.endpoint());
        }
    });
    encoder!("client_options", |v: &Value| {
        // a recognisable token (sometimes with a pasted newline) that must never be echoed
        let mut v = v.clone();
        if let Value::Object(m) = &mut v {
            m.insert("token".into(), Value::String(format!("Zq9-{}{}", SECRET.len(), if m.len() % 2 == 0 { "\n" } else { "" })));
        }
        for browser in [false, true] {
            match config::parse_client_options(&v, browser) {
                Ok(c) => assert!(!format!("{c:?}").contains("Zq9-"), "Debug shows the token"),
                Err(e) => {
                    let all = format!("{} {:?}", e.message, e.issues);
                    assert!(!all.contains("Zq9-"), "config error shows the token: {all}");
                }
            }
        }
    });
    t
}

fn rng_pick_owned(rng: &mut Rng, xs: &[&str]) -> String {
    (*rng.pick(xs)).to_owned()
}

// ---------------------------------------------------------------------------------------------
// Driver

struct Stats {
    execs: u64,
    crashes: u64,
    unique: std::collections::HashSet<u64>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut seconds = 10.0_f64;
    let mut iterations = u64::MAX;
    let mut only: Vec<String> = Vec::new();
    let mut seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1);
    let mut replay: Option<PathBuf> = None;
    let mut i = 0;
    let value = |i: &mut usize| -> String {
        *i += 1;
        args.get(*i).cloned().unwrap_or_else(|| {
            eprintln!("missing value for {}", args[*i - 1]);
            std::process::exit(2)
        })
    };
    while i < args.len() {
        match args[i].as_str() {
            "--seconds" => seconds = value(&mut i).parse().expect("--seconds N"),
            "--iterations" => iterations = value(&mut i).parse().expect("--iterations N"),
            "--target" => only.push(value(&mut i)),
            "--seed" => seed = value(&mut i).parse().expect("--seed N"),
            "--replay" => replay = Some(PathBuf::from(value(&mut i))),
            "--list" => {
                for (name, _) in targets() {
                    println!("{name}");
                }
                return;
            }
            "--help" | "-h" => {
                println!("usage: fuzz [--seconds S] [--iterations N] [--target NAME]... [--seed X] [--replay FILE] [--list]");
                return;
            }
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2);
            }
        }
        i += 1;
    }
    if let Some(file) = replay {
        return replay_file(&file);
    }

    // Panics are expected to be caught: record the message instead of printing a backtrace each time.
    let last_panic: Arc<Mutex<String>> = Arc::new(Mutex::new(String::new()));
    {
        let last = last_panic.clone();
        panic::set_hook(Box::new(move |info| {
            let loc = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
            let msg = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            *last.lock().unwrap_or_else(|e| e.into_inner()) = format!("{msg} at {loc}");
        }));
    }
    let crash_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("crashes");
    println!("seed {seed}; {seconds} s per target{}", if iterations < u64::MAX { format!(", at most {iterations} executions") } else { String::new() });
    let mut rng = Rng(seed);
    let mut total_crashes = 0;
    let mut results = Vec::new();
    for (name, make) in targets() {
        if !only.is_empty() && !only.iter().any(|o| o == name) {
            continue;
        }
        let mut st = Stats { execs: 0, crashes: 0, unique: Default::default() };
        let start = Instant::now();
        let budget = Duration::from_secs_f64(seconds);
        while st.execs < iterations && (st.execs % 64 != 0 || start.elapsed() < budget) {
            let (shown, call) = make(&mut rng);
            st.execs += 1;
            if panic::catch_unwind(AssertUnwindSafe(call)).is_err() {
                st.crashes += 1;
                let why = last_panic.lock().map(|s| s.clone()).unwrap_or_default();
                let mut h = DefaultHasher::new();
                why.hash(&mut h);
                if st.unique.insert(h.finish()) {
                    let _ = std::fs::create_dir_all(&crash_dir);
                    let mut hi = DefaultHasher::new();
                    shown.hash(&mut hi);
                    let file = crash_dir.join(format!("{name}-{:016x}.txt", hi.finish()));
                    let _ = std::fs::write(&file, &shown);
                    println!("CRASH {name}: {why}\n  input saved to {}", file.display());
                }
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{name:<26} {:>12} execs in {secs:>6.1} s ({:>9.0}/s), {} crashes ({} unique)",
            st.execs,
            st.execs as f64 / secs,
            st.crashes,
            st.unique.len()
        );
        total_crashes += st.crashes;
        results.push((name, st.execs, st.crashes));
    }
    let targets_run = results.len();
    let crashed = results.iter().filter(|r| r.2 > 0).count();
    println!("{} passed, {} failed", targets_run - crashed, crashed);
    if total_crashes > 0 {
        std::process::exit(1);
    }
}

/// Re-runs a saved crash (`<target>-<hash>.txt`) with the default panic hook (full message).
fn replay_file(file: &std::path::Path) {
    let text = std::fs::read_to_string(file).expect("read the crash file");
    let name = file.file_name().and_then(|n| n.to_str()).and_then(|n| n.rsplit_once('-')).map(|(t, _)| t.to_owned()).unwrap_or_default();
    let (header, body) = text.split_once('\n').unwrap_or(("", &text));
    let field = |key: &str| header.split(' ').find_map(|kv| kv.strip_prefix(key)).unwrap_or("");
    let st: u16 = field("status=").parse().unwrap_or(200);
    match name.as_str() {
        "decode_ticket" => check_result(ticket::decode_ticket(RawResponse { status: st, body, retry_after: None })),
        "decode_customer_details" => check_result(customer::decode_customer_details(RawResponse { status: st, body, retry_after: None })),
        "decode_create_customer" => check_result(customer::decode_create_customer(RawResponse { status: st, body, retry_after: None })),
        "decode_update_customer" => check_result(legacy_update::decode_update_customer(RawResponse { status: st, body, retry_after: None })),
        "parse_piperun_customer" => {
            if let Ok(v) = serde_json::from_str::<Value>(body) {
                check_result(piperun::parse_piperun_customer(&v));
            }
        }
        other => {
            eprintln!("replay of {other} inputs: run the target with --seed instead (the printed seed reproduces the run)");
            std::process::exit(2);
        }
    }
    println!("no panic");
}
