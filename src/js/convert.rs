//! All JS ⇄ Rust value conversion in one place.
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::core::{Error, IssueCode, Issues};

/// A caller's input (plain JS data) → JSON for the core's readers, through `JSON.stringify`:
/// a property set to `undefined` is dropped, exactly as if it were absent (so
/// `{ ...base, portfolioId: maybe }` never turns into "portfolioId: null"), while an explicit
/// `null` is kept. BigInt, cycles and other non-JSON data become a validation issue.
pub fn input_value(input: &JsValue, what: &str) -> Result<serde_json::Value, Error> {
    if input.is_undefined() {
        return Ok(serde_json::Value::Null);
    }
    let fail = |detail: String| {
        let mut issues = Issues::new();
        issues.push("", IssueCode::InvalidType, format!("{what} must be plain JSON data (objects, strings, numbers, booleans){detail}"));
        Error::validation(issues.into_vec())
    };
    let text = match js_sys::JSON::stringify(input) {
        Ok(t) => t.as_string().unwrap_or_default(),
        Err(e) => return Err(fail(format!(": {}", super::error::js_message(&e)))),
    };
    // JSON.stringify's output is valid JSON; this fails only on nesting deeper than 128 levels.
    crate::core::json::parse(&text).map_err(|e| fail(format!(": {}", e.position())))
}

/// Core output → JS through JSON text: `serde_json::to_string` here, `JSON.parse` in the host.
/// Plain objects (not `Map`s), `null` for absent values, numbers (not BigInt). Chosen over
/// serde-wasm-bindgen's serializer: one serializer for every type keeps the .wasm much smaller,
/// and the host's JSON.parse is fast.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    from_json_text(&to_json_text(value)?)
}

/// The first half of [`to_js`]: lets callers that are generic over the output type (the client's
/// four calls) share one non-generic async body, so the .wasm holds one state machine, not four.
pub fn to_json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|_| Error::new(crate::core::ErrorKind::Decode, "could not convert the result to JSON"))
}

/// The second half of [`to_js`].
pub fn from_json_text(text: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(text)
        .map_err(|e| Error::new(crate::core::ErrorKind::Decode, format!("could not convert the result to JS: {}", super::error::js_message(&e))))
}
