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
    serde_json::from_str(&text).map_err(|e| fail(format!(": {e}")))
}

/// Core output → JS: plain objects (not `Map`s), `null` for absent values, numbers (not BigInt).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::new(crate::core::ErrorKind::Decode, format!("could not convert the result to JS: {e}")))
}
