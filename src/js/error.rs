//! Core errors → real JS `Error` objects, and the cross-realm `isTomTicketError` guard.
use js_sys::{Object, Reflect, Symbol};
use wasm_bindgen::prelude::*;

use crate::core::{Error, ErrorKind};

const BRAND: &str = "tomticket-wasm.error";

fn set(target: &Object, key: &str, value: &JsValue) {
    // Reflect.set on a fresh Error cannot fail; ignore the impossible error rather than panic.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Builds `Error` with `name = "TomTicketError"`, `kind`, `status`, `serverMessage`, `issues`,
/// `retryAfterMs`, `endpoint`, and a `Symbol.for("tomticket-wasm.error")` brand.
pub(super) fn to_js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    err.set_name("TomTicketError");
    let obj: &Object = err.as_ref();
    set(obj, "kind", &JsValue::from_str(e.kind.as_str()));
    if let Some(s) = e.status {
        set(obj, "status", &JsValue::from(s));
    }
    if let Some(m) = &e.server_message {
        set(obj, "serverMessage", &JsValue::from_str(m));
    }
    let issues = super::convert::to_js(&e.issues).unwrap_or_else(|_| js_sys::Array::new().into());
    set(obj, "issues", &issues);
    if let Some(ms) = e.retry_after_ms {
        set(obj, "retryAfterMs", &JsValue::from(ms));
    }
    if let Some(r) = e.reason {
        set(obj, "reason", &JsValue::from_str(r.as_str()));
    }
    if let Some(ep) = &e.endpoint {
        set(obj, "endpoint", &JsValue::from_str(ep));
    }
    // A copy of the host's error (its text scrubbed of the token), not the original object,
    // which could hold the token in a URL or a request.
    if let Some(c) = &e.cause {
        set(obj, "cause", &js_sys::Error::new(c).into());
    }
    let _ = Reflect::set(obj, &Symbol::for_(BRAND), &JsValue::TRUE);
    err.into()
}

pub(super) fn throw(e: Error) -> JsValue {
    to_js_error(&e)
}

/// Whether `value` is an error thrown by this package — works across realms (iframes, Workers)
/// and duplicate copies of the package, where `instanceof` fails.
#[wasm_bindgen(js_name = isTomTicketError, unchecked_return_type = "value is TomTicketError")]
pub fn is_tomticket_error(#[wasm_bindgen(unchecked_param_type = "unknown")] value: &JsValue) -> bool {
    if !value.is_object() {
        return false;
    }
    Reflect::get(value, &Symbol::for_(BRAND)).map(|v| v.is_truthy()).unwrap_or(false)
}

/// An error for a failure of the JS host itself (no fetch, a broken injected fetch, ...).
pub(super) fn host_error(kind: ErrorKind, what: &str, js: &JsValue) -> Error {
    let detail = js_message(js);
    let mut msg = String::from(what);
    if !detail.is_empty() {
        msg.push_str(": ");
        msg.push_str(&detail);
    }
    let mut e = Error::new(kind, msg);
    let name = Reflect::get(js, &JsValue::from_str("name")).ok().and_then(|n| n.as_string());
    if !detail.is_empty() {
        e.cause = Some(match name {
            Some(n) if !n.is_empty() => format!("{n}: {detail}"),
            _ => detail,
        });
    }
    e
}

/// The `message` (or string form) of a thrown JS value, walking `cause` a few levels
/// (Node's fetch puts the real reason in `cause`).
pub(super) fn js_message(js: &JsValue) -> String {
    let mut out = String::new();
    let mut cur = js.clone();
    for _ in 0..3 {
        let msg = if let Some(s) = cur.as_string() {
            s
        } else {
            Reflect::get(&cur, &JsValue::from_str("message")).ok().and_then(|m| m.as_string()).unwrap_or_default()
        };
        if !msg.is_empty() && !out.contains(&msg) {
            if !out.is_empty() {
                out.push_str(" ← ");
            }
            out.push_str(&msg);
        }
        match Reflect::get(&cur, &JsValue::from_str("cause")) {
            Ok(c) if c.is_object() => cur = c,
            _ => break,
        }
    }
    out
}
