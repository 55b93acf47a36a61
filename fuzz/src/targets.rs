//! The target bodies: `fn(&[u8])`, each a `fuzz_targets/<name>.rs` of one line.
//!
//! Decoders take a response as bytes: an optional header line `<status>[;<retry-after>]\n`
//! (1–5 digits; without it the status is 200), then the body, read as lossy UTF-8.
//! Encoders take structured input (see [`crate::input`]) or JSON text.
use serde_json::Value;
use tomticket_wasm::core::envelope::{self, RawResponse};
use tomticket_wasm::core::http::Family;
use tomticket_wasm::core::{config, customer, dates, json, legacy_update, lenient, piperun, ticket};

use crate::checks;
use crate::input::{self, TOKEN_MARKER};

/// A decoder's input: status, `Retry-After` and body.
pub struct Response {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: String,
}

impl Response {
    pub fn parse(data: &[u8]) -> Response {
        let header = data.iter().position(|&b| b == b'\n').filter(|&i| i <= 64).map(|i| (&data[..i], &data[i + 1..]));
        if let Some((head, body)) = header {
            let (digits, retry) = match head.iter().position(|&b| b == b';') {
                Some(i) => (&head[..i], Some(&head[i + 1..])),
                None => (head, None),
            };
            if (1..=5).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit) {
                let n: u32 = digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'));
                return Response {
                    status: (n % 65_536) as u16,
                    retry_after: retry.map(|r| String::from_utf8_lossy(r).into_owned()),
                    body: String::from_utf8_lossy(body).into_owned(),
                };
            }
        }
        Response { status: 200, retry_after: None, body: String::from_utf8_lossy(data).into_owned() }
    }

    pub fn raw(&self) -> RawResponse<'_> {
        RawResponse { status: self.status, body: &self.body, retry_after: self.retry_after.as_deref() }
    }
}

pub fn decode_ticket(data: &[u8]) {
    checks::decoded(ticket::decode_ticket(Response::parse(data).raw()));
}

pub fn decode_customer_details(data: &[u8]) {
    checks::decoded(customer::decode_customer_details(Response::parse(data).raw()));
}

pub fn decode_create_customer(data: &[u8]) {
    checks::decoded(customer::decode_create_customer(Response::parse(data).raw()));
}

pub fn decode_update_customer(data: &[u8]) {
    checks::decoded(legacy_update::decode_update_customer(Response::parse(data).raw()));
}

/// Both envelope families, their payload accessors and `Retry-After`.
pub fn envelope(data: &[u8]) {
    let r = Response::parse(data);
    for family in [Family::Legacy, Family::V2] {
        match envelope::decode(family, r.raw(), "GET /x") {
            Ok(obj) => {
                let _ = envelope::legacy_payload(&obj);
                if let Err(e) = envelope::v2_data(&obj, "GET /x") {
                    checks::scrubbed(e);
                }
            }
            Err(e) => checks::scrubbed(e),
        }
    }
    if let Some(ms) = envelope::retry_after_ms(r.retry_after.as_deref()) {
        assert!(ms <= 3_600_000, "Retry-After is capped at one hour, got {ms} ms");
    }
}

/// The core's own JSON reader (`core::json`, which replaced serde_json's deserializer in the
/// .wasm) against serde_json itself: the same `Value`, or both refuse. Any difference is a crash.
/// "Truncated" vs "invalid" is not compared: serde_json calls some invalid escapes in the middle
/// of a text "EOF" (`"\ud83d\u""`, found by this target); ours says EOF only at the end of
/// the text, and every strict prefix of a valid text is EOF (checked in tests/properties.rs).
pub fn json_reader(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match (json::parse(&text), serde_json::from_str::<Value>(&text)) {
        (Ok(ours), Ok(theirs)) => assert_eq!(ours, theirs, "different values for {text:?}"),
        (Err(_), Err(_)) => {}
        (ours, theirs) => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
    }
}

/// The webhook body as bytes, as a parsed value and as a JSON string value (all three agree),
/// then the mapping with default options.
pub fn parse_piperun_customer(data: &[u8]) {
    let from_bytes = piperun::parse_piperun_customer_json(data);
    if let Ok(v) = serde_json::from_slice::<Value>(data) {
        if !v.is_string() {
            assert_eq!(piperun::parse_piperun_customer(&v), from_bytes, "value and bytes disagree");
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        assert_eq!(piperun::parse_piperun_customer(&Value::String(text.to_owned())), from_bytes, "string and bytes disagree");
    }
    match from_bytes {
        Ok(c) => {
            serde_json::to_string(&c).expect("a PipeRun customer serializes");
            checks::mapping(&piperun::piperun_to_tomticket(&c, &Default::default()));
        }
        Err(e) => checks::scrubbed(e),
    }
}

/// `mapPipeRunCustomer(payload, options)` over a structured payload and options.
pub fn map_piperun_customer(data: &[u8]) {
    let Some(call) = input::json_input::<input::MapCall>(data) else { return };
    let payload = call.get("payload").cloned().unwrap_or(Value::Null);
    let options = call.get("options").cloned().unwrap_or(Value::Null);
    let _ = piperun::validate_piperun_customer(&payload);
    let options_ok = piperun::parse_mapping_options(&options).is_ok();
    assert_eq!(options_ok, piperun::validate_mapping_options(&options).is_empty());
    match piperun::map_piperun_customer(&payload, &options) {
        Ok(m) => {
            assert!(options_ok, "mapped with invalid options");
            checks::mapping(&m);
        }
        Err(e) => checks::scrubbed(e),
    }
}

/// Dates, decimals and the lenient scalar readers over any text.
pub fn dates_and_scalars(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    if let Ok(Some(iso)) = dates::to_iso(&s) {
        assert!(!iso.is_empty());
        assert!(matches!(dates::to_iso(&iso), Ok(Some(_))), "the ISO text {iso:?} (from {s:?}) does not parse again");
    }
    let _ = lenient::parse_decimal(&s);
    let v = Value::String(s.into_owned());
    let _ = (lenient::value_int(&v), lenient::value_bool(&v), lenient::value_date(&v), lenient::value_decimal(&v));
    let _ = lenient::value_string(&v);
}

/// The shared checks of an encoder: `validate` is empty exactly when `parse` succeeds, `encode`
/// agrees, a parsed input round-trips through its JS shape and its request keeps the token safe.
macro_rules! encoder {
    ($name:ident, $input:ty, $parse:path, $validate:path, $encode:path) => {
        pub fn $name(data: &[u8]) {
            let Some(v) = input::json_input::<$input>(data) else { return };
            let issues = $validate(&v);
            let encoded = $encode(&v);
            match $parse(&v) {
                Ok(parsed) => {
                    assert!(issues.is_empty() && encoded.is_ok(), "parse succeeds but validate/encode fail: {issues:?}");
                    checks::round_trip(&parsed, $parse);
                    checks::endpoint(&parsed.endpoint(), &v);
                }
                Err(parse_issues) => {
                    assert!(!parse_issues.is_empty(), "an error without issues");
                    assert_eq!(issues, parse_issues);
                    checks::scrubbed(encoded.expect_err("parse fails but encode succeeds"));
                }
            }
        }
    };
}

encoder!(
    encode_new_customer,
    input::NewCustomerInput,
    customer::parse_new_customer,
    customer::validate_new_customer,
    customer::encode_new_customer
);
encoder!(
    encode_customer_lookup,
    input::CustomerLookupInput,
    customer::parse_customer_lookup,
    customer::validate_customer_lookup,
    customer::encode_customer_lookup
);
encoder!(
    encode_customer_update,
    input::CustomerUpdateInput,
    legacy_update::parse_legacy_customer_update,
    legacy_update::validate_legacy_customer_update,
    legacy_update::encode_legacy_customer_update
);
encoder!(
    encode_ticket_query,
    input::TicketQueryInput,
    ticket::parse_ticket_query,
    ticket::validate_ticket_query,
    ticket::encode_ticket_query
);

/// Client options, in and out of a browser page: `Debug` of the config and every error text
/// never show the token.
pub fn client_options(data: &[u8]) {
    let Some(v) = input::json_input::<input::ClientOptionsInput>(data) else { return };
    let mut others = v.clone();
    if let Value::Object(m) = &mut others {
        m.remove("token");
    }
    if others.to_string().contains(TOKEN_MARKER) {
        return; // the marker elsewhere in the input could be shown legitimately
    }
    for browser in [false, true] {
        match config::parse_client_options(&v, browser) {
            Ok(c) => assert!(!format!("{c:?}").contains(TOKEN_MARKER), "Debug shows the token: {c:?}"),
            Err(e) => {
                let all = format!("{e:?}");
                assert!(!all.contains(TOKEN_MARKER), "config error shows the token: {all}");
            }
        }
    }
}
