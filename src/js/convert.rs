//! All JS ⇄ Rust value conversion in one place. Values cross the boundary as JSON text, once
//! each way: `JSON.stringify` of the caller's input, read by the core's tape parser; the core's
//! output written as JSON text, turned into JS by the host's `JSON.parse`. One serializer for
//! every type keeps the .wasm small, and the host's JSON is fast.
use wasm_bindgen::prelude::*;

use crate::core::{Error, ErrorKind, IssueCode, Issues};

#[wasm_bindgen(module = "/src/js/input.js")]
extern "C" {
    /// JSON text, or `[field, code, message]` problems (see input.js).
    #[wasm_bindgen(js_name = inputJson)]
    fn input_json_js(value: &JsValue) -> JsValue;
}

// One imported function per JS module: wasm-bindgen imports a module once per function, and two
// imports of one module give the glue a duplicate key (bundlers warn).
#[wasm_bindgen(module = "/src/js/attachments.js")]
extern "C" {
    #[wasm_bindgen(js_name = splitAttachments)]
    fn split_attachments_js(value: &JsValue) -> js_sys::Array;
}

/// The caller's input with its files taken out (see `splitAttachments` in input.js): the input
/// with one descriptor per attachment, for the core's rules, and the files' Blobs in order.
pub(super) fn split_attachments(input: &JsValue) -> (JsValue, Vec<JsValue>) {
    let pair = split_attachments_js(input);
    let blobs = js_sys::Array::from(&pair.get(1)).iter().collect();
    (pair.get(0), blobs)
}

/// A caller's input (plain JS data) → JSON text for the core's readers (`src/js/input.js`). A
/// property set to `undefined` is dropped, exactly as if it were absent (so
/// `{ ...base, portfolioId: maybe }` never turns into "portfolioId: null"), while an explicit
/// `null` is kept; `undefined` itself reads as `null`. NaN, ±Infinity, BigInt, symbols,
/// functions, cycles, throwing getters and lone surrogates are validation issues naming the field.
pub(super) fn input_json(input: &JsValue, what: &str) -> Result<String, Error> {
    let out = input_json_js(input);
    if let Some(text) = out.as_string() {
        return Ok(text);
    }
    let mut issues = Issues::new();
    for p in js_sys::Array::from(&out).iter() {
        let p = js_sys::Array::from(&p);
        let field = p.get(0).as_string().unwrap_or_default();
        let code = match p.get(1).as_string().as_deref() {
            Some("invalidValue") => IssueCode::InvalidValue,
            Some("invalidCharacters") => IssueCode::InvalidCharacters,
            _ => IssueCode::InvalidType,
        };
        let message = p.get(2).as_string().unwrap_or_else(|| format!("{what} must be plain JSON data"));
        issues.push(&field, code, message);
    }
    Err(Error::validation(issues.into_vec()))
}

/// JSON text from the core → a JS value.
pub(super) fn from_json_text(text: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(text)
        .map_err(|e| Error::new(ErrorKind::Decode, format!("could not convert the result to JS: {}", super::error::js_message(&e))))
}

/// A core value → JS, through [`crate::core::to_json`].
pub(super) fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    let text = crate::core::to_json(value).map_err(|_| Error::new(ErrorKind::Decode, "could not convert the result to JSON"))?;
    from_json_text(&text)
}
