//! The target bodies: `fn(&[u8])`, or `fn(&CallInfo, &[u8])` for the per-call ones.
//!
//! Decoders take a response as bytes: an optional header line `<status>[;<retry-after>]\n`
//! (1–5 digits; without it the status is 200), then the body, read as lossy UTF-8.
//! Encoders take structured input (see [`crate::input`]) or JSON text.
use serde_json::Value;
use tomticket_wasm::core::{piperun, retry_after_ms, CallInfo, Doc, ErrorKind, Kind, Val, CALLS};

use crate::checks;
use crate::input::{self, TOKEN_MARKER};

/// A decoder's input: status, `Retry-After` and body.
pub struct FuzzResponse {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: String,
}

impl FuzzResponse {
    pub fn parse(data: &[u8]) -> FuzzResponse {
        let header = data.iter().position(|&b| b == b'\n').filter(|&i| i <= 64).map(|i| (&data[..i], &data[i + 1..]));
        if let Some((head, body)) = header {
            let (digits, retry) = match head.iter().position(|&b| b == b';') {
                Some(i) => (&head[..i], Some(&head[i + 1..])),
                None => (head, None),
            };
            if (1..=5).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit) {
                let n: u32 = digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'));
                return FuzzResponse {
                    status: (n % 65_536) as u16,
                    retry_after: retry.map(|r| String::from_utf8_lossy(r).into_owned()),
                    body: String::from_utf8_lossy(body).into_owned(),
                };
            }
        }
        FuzzResponse { status: 200, retry_after: None, body: String::from_utf8_lossy(data).into_owned() }
    }

    pub fn response(&self) -> tomticket_wasm::core::Response<'_> {
        tomticket_wasm::core::Response { status: self.status, body: &self.body, retry_after: self.retry_after.as_deref() }
    }

    /// Whether the token marker is anywhere in the response, as is or JSON-escaped (then an
    /// error may show it: it came from the server, and only the scrub check applies).
    pub fn has_marker(&self) -> bool {
        let unescaped = || serde_json::from_str::<Value>(self.body.trim()).is_ok_and(|v| v.to_string().contains(TOKEN_MARKER));
        self.body.contains(TOKEN_MARKER)
            || self.retry_after.as_deref().is_some_and(|r| r.contains(TOKEN_MARKER))
            || unescaped()
    }
}

/// `CallInfo::decode` of one call: no panic; an `Ok` output is JSON text; a non-2xx status is
/// never `Ok`; errors pass [`checks::decode_error`].
pub fn decode(call: &CallInfo, data: &[u8]) {
    let r = FuzzResponse::parse(data);
    checks::decoded(call, &r, call.decode(&r.response()));
}

/// The envelope, through every call's decoder: the error kind and `retry_after_ms` of a
/// non-2xx status follow from the status alone (whatever the body), and every decoder agrees
/// on them; `retry_after_ms` is capped at one hour.
pub fn envelope(data: &[u8]) {
    let r = FuzzResponse::parse(data);
    let header_ms = retry_after_ms(r.retry_after.as_deref());
    if let Some(ms) = header_ms {
        assert!(ms <= 3_600_000, "Retry-After is capped at one hour, got {ms} ms");
    }
    let ok_status = (200..300).contains(&r.status);
    for call in CALLS {
        let result = call.decode(&r.response());
        if let (false, Ok(text)) = (ok_status, &result) {
            let out: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
            assert!(checks::absent_answer(r.status, &out), "{}: HTTP {} decoded as a success", call.name, r.status);
            continue;
        }
        if !ok_status {
            let e = result.as_ref().expect_err("a non-2xx status decoded as a success");
            let want = match r.status {
                401 => ErrorKind::Unauthorized,
                403 => ErrorKind::Forbidden,
                404 | 410 => ErrorKind::NotFound,
                429 => ErrorKind::RateLimited,
                500..=599 => ErrorKind::Server,
                _ => ErrorKind::Api,
            };
            assert_eq!(e.kind, want, "{}: kind of HTTP {}", call.name, r.status);
            assert_eq!(e.status, Some(r.status), "{}: the error keeps the status", call.name);
            let want_ms = if r.status == 429 { header_ms } else { None };
            assert_eq!(e.retry_after_ms, want_ms, "{}: retry_after_ms of HTTP {}", call.name, r.status);
        }
        checks::decoded(call, &r, result);
    }
}

/// The core's JSON tape reader (`Doc`, which replaced serde_json's deserializer in the .wasm)
/// against serde_json itself: the same tree (converted to a `serde_json::Value`, numbers by
/// their text), or both refuse. Any difference is a crash. "Truncated" vs "invalid" is not
/// compared: serde_json calls some invalid escapes in the middle of a text "EOF"
/// (`"\ud83d\u""`); ours says EOF only at the end of the text.
pub fn json_reader(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match (Doc::parse(&text), serde_json::from_str::<Value>(&text)) {
        (Ok(ours), Ok(theirs)) => {
            let root = ours.root();
            let ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
            assert_eq!(root.raw_json(), text.trim_matches(ws), "the root's raw JSON is the whole text");
            let mine = to_value(root);
            assert_eq!(mine, theirs, "different values for {text:?}");
        }
        (Err(_), Err(_)) => {}
        (ours, theirs) => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
    }
}

/// A tape value as a `serde_json::Value`: numbers through serde_json's own reading of their
/// text; of duplicate keys the last wins (as in both readers). Also checks the accessors agree
/// with the kind, and that each value's raw JSON parses to the same value.
fn to_value(v: Val<'_, '_>) -> Value {
    let out = match v.kind() {
        Kind::Null => {
            assert!(v.is_null());
            Value::Null
        }
        Kind::True | Kind::False => Value::Bool(v.as_bool().expect("a boolean has as_bool")),
        Kind::Number => {
            let t = v.number_text().expect("a number has its text");
            serde_json::from_str::<Value>(t).unwrap_or_else(|e| panic!("number text {t:?} is not a JSON number: {e}"))
        }
        Kind::String => Value::String(v.as_str().expect("a string has as_str").into_owned()),
        Kind::Array => {
            let items: Vec<Value> = v.items().map(to_value).collect();
            assert_eq!(items.len(), v.len());
            Value::Array(items)
        }
        Kind::Object => {
            let mut m = serde_json::Map::new();
            for (k, val) in v.members() {
                let key = k.text().into_owned();
                assert!(k.is(&key), "key {key:?} is not itself");
                m.insert(key, to_value(val));
            }
            // `get` finds the last member of a key (quadratic: small objects only)
            for (k, _) in v.members().take(64) {
                let key = k.text();
                let got = v.get(&key).map(to_value);
                assert_eq!(got.as_ref(), m.get(key.as_ref()), "get({key:?}) is not the last member of that key");
            }
            Value::Object(m)
        }
    };
    if !matches!(v.kind(), Kind::Array | Kind::Object) {
        assert!(v.as_str().is_some() == (v.kind() == Kind::String));
        assert!(v.number_text().is_some() == (v.kind() == Kind::Number));
    }
    let raw = v.raw_json();
    let again: Value = serde_json::from_str(raw).unwrap_or_else(|e| panic!("raw_json {raw:?} is not JSON: {e}"));
    assert_eq!(again, out, "raw_json {raw:?} reads differently");
    out
}

/// The webhook body as bytes and as text (the two agree), then the mapping with default
/// options, which must be valid input of the calls it feeds.
pub fn parse_piperun_customer(data: &[u8]) {
    let from_bytes = piperun::parse_piperun_customer_bytes(data);
    if let Ok(text) = std::str::from_utf8(data) {
        assert_eq!(piperun::parse_piperun_customer(text), from_bytes, "text and bytes disagree");
    }
    match from_bytes {
        Ok(c) => {
            tomticket_wasm::core::to_json(&c).expect("a PipeRun customer serializes");
            checks::mapping(&piperun::piperun_to_tomticket(&c, &piperun::MappingOptions::default()));
        }
        Err(e) => {
            let body = FuzzResponse { status: 200, retry_after: None, body: String::from_utf8_lossy(data).into_owned() };
            checks::decode_error(&e, body.has_marker());
        }
    }
}

/// `mapPipeRunCustomer(payload, options)` over a structured payload and options: options that
/// parse are exactly those a mapping accepts, and every mapping passes [`checks::mapping`].
pub fn map_piperun_customer(data: &[u8]) {
    let Some(call) = input::json_input::<input::MapCall>(data) else { return };
    let payload = call.get("payload").cloned().unwrap_or(Value::Null).to_string();
    let options = call.get("options").map(Value::to_string); // `null` too: it means the defaults
    let options_ok = options.as_deref().map_or(true, |o| piperun::parse_mapping_options(o).is_ok());
    let payload_ok = piperun::parse_piperun_customer(&payload).is_ok();
    match piperun::map_piperun_customer(&payload, options.as_deref()) {
        Ok(m) => {
            assert!(options_ok, "mapped with invalid options");
            assert!(payload_ok, "mapped a payload that does not parse");
            checks::mapping(&m);
        }
        Err(e) => {
            assert!(!(options_ok && payload_ok), "valid payload and options, yet: {e:?}");
            checks::decode_error(&e, call.to_string().contains(TOKEN_MARKER));
        }
    }
}

/// One call's `validate`, `encode` and `prepare` over structured input: see
/// [`checks::encoded`].
pub fn encode(call: &CallInfo, data: &[u8]) {
    let Some(json) = input::call_input(call, data) else { return };
    checks::encoded(call, &json);
}

/// Client options, in and out of a browser page: neither `Debug` of the config nor any error
/// shows the token; the page only adds the browser refusal; the limits hold.
pub fn client_options(data: &[u8]) {
    let Some(text) = input::options_input(data) else { return };
    checks::client_options(&text);
}
