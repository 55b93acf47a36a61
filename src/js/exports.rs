//! Pure exports (no network): `validate…`, `encode…` and `decode…` for every call of the
//! registry (`core::calls`), generated from its rows, plus PipeRun parsing and mapping. A portal
//! uses them for live form validation with the same rules as the client.
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert::{from_json_text, input_json, split_attachments, to_js};
use super::error::throw;
use crate::core::{piperun, CallInfo, Error, IssueCode, Issues, Response};

type JsResult = Result<JsValue, JsValue>;

#[wasm_bindgen]
extern "C" {
    /// The `Retry-After` header text. An extern type: `Option<…>` makes the parameter optional
    /// in the `.d.ts`, and any JS value reaches `decode`, which checks it.
    #[wasm_bindgen(typescript_type = "string")]
    pub type RetryAfterJs;
}

fn validate(info: &CallInfo, input: &JsValue) -> JsResult {
    let (input, _files) = split_attachments(input);
    match input_json(&input, info.input) {
        Ok(text) => to_js(&info.validate(&text)).map_err(throw),
        Err(e) => to_js(&e.issues).map_err(throw),
    }
}

fn encode(info: &CallInfo, input: &JsValue) -> JsResult {
    let (input, _files) = split_attachments(input);
    let text = input_json(&input, info.input).map_err(throw)?;
    to_js(&info.encode(&text).map_err(throw)?).map_err(throw)
}

/// An optional text argument (a header's value): `undefined` and `null` are `None`; anything but
/// a string is an `invalidType` issue of `field`, with `message`.
fn optional_text(value: &JsValue, issues: &mut Issues, field: &str, message: &str) -> Option<String> {
    if value.is_undefined() || value.is_null() {
        return None;
    }
    let text = value.as_string();
    if text.is_none() {
        issues.push(field, IssueCode::InvalidType, message);
    }
    text
}

/// The arguments of a `decode…` export, checked: JS callers may pass anything.
fn decode(info: &CallInfo, status: &JsValue, body: &JsValue, retry_after: &JsValue) -> JsResult {
    let mut issues = Issues::new();
    let status = match status.as_f64() {
        Some(s) if s.fract() == 0.0 && (100.0..=599.0).contains(&s) => s as u16,
        _ => {
            issues.push("status", IssueCode::InvalidValue, "status must be an HTTP status: a whole number from 100 to 599");
            0
        }
    };
    let body_text = body.as_string();
    if body_text.is_none() {
        issues.push("body", IssueCode::InvalidType, "body must be the response text (a string: await response.text())");
    }
    let retry_after = optional_text(retry_after, &mut issues, "retryAfter", "retryAfter must be the Retry-After header text, null or undefined");
    if !issues.is_empty() {
        return Err(throw(Error::validation(issues.into_vec())));
    }
    let body = body_text.unwrap_or_default();
    let text = info.decode(&Response { status, body: &body, retry_after: retry_after.as_deref() }).map_err(throw)?;
    from_json_text(&text).map_err(throw)
}

macro_rules! exports {
    ($([$name:ident $method:ident $path:literal $family:ident $auth:ident $retry:ident $paged:literal $in_stem:ident $in_ts:literal $out_stem:ident $out_ts:literal ($($codec:tt)*) ($($doc:literal)*)])*) => {
        paste::paste! {
            $(
                #[doc = concat!("Every problem of a `", $in_ts, "` (empty array = valid). No network.")]
                #[wasm_bindgen(js_name = [<validate $in_stem>], unchecked_return_type = "Issue[]")]
                pub fn [<validate_ $in_stem:snake>](#[wasm_bindgen(unchecked_param_type = $in_ts)] input: JsValue) -> JsResult {
                    validate(&crate::core::[<$name:snake:upper>], &input)
                }

                #[doc = concat!("The request `", stringify!($name), "` would send (token-free). Throws a validation TomTicketError.")]
                #[wasm_bindgen(js_name = [<encode $in_stem>], unchecked_return_type = "EncodedRequest")]
                pub fn [<encode_ $in_stem:snake>](#[wasm_bindgen(unchecked_param_type = $in_ts)] input: JsValue) -> JsResult {
                    encode(&crate::core::[<$name:snake:upper>], &input)
                }

                #[doc = concat!("Decodes the answer of `", stringify!($name), "` (status, body text, Retry-After). Throws a TomTicketError.")]
                #[wasm_bindgen(js_name = [<decode $out_stem>], unchecked_return_type = $out_ts)]
                pub fn [<decode_ $out_stem:snake>](
                    #[wasm_bindgen(unchecked_param_type = "number")] status: JsValue,
                    #[wasm_bindgen(unchecked_param_type = "string")] body: JsValue,
                    #[wasm_bindgen(js_name = retryAfter)] retry_after: Option<RetryAfterJs>,
                ) -> JsResult {
                    decode(&crate::core::[<$name:snake:upper>], &status, &body, &retry_after.map_or(JsValue::UNDEFINED, JsValue::from))
                }
            )*
        }
    };
}
crate::with_calls!(exports);

// ---- PipeRun Atendimentos ---------------------------------------------------------------------

#[wasm_bindgen]
extern "C" {
    /// An extern type so that `Option<…>` makes the parameter optional in the `.d.ts`.
    #[wasm_bindgen(typescript_type = "MappingOptions")]
    pub type MappingOptionsJs;
}

/// A webhook payload as the core wants it: JSON text is passed as it is, data as its JSON text.
fn payload_text(payload: &JsValue) -> Result<String, JsValue> {
    match payload.as_string() {
        Some(text) => Ok(text),
        None => input_json(payload, "PipeRun payload").map_err(throw),
    }
}

/// Parses a PipeRun Atendimentos webhook body (JSON text or object: the `customer` itself,
/// `{ customer }`, a talk, or `{ talk: { customer } }`). Throws a validation TomTicketError
/// listing every problem, named by its path in the payload (`talk.customer.id`).
#[wasm_bindgen(js_name = parsePipeRunCustomer, unchecked_return_type = "PipeRunCustomer")]
pub fn parse_piperun_customer(#[wasm_bindgen(unchecked_param_type = "string | object")] payload: JsValue) -> JsResult {
    let text = payload_text(&payload)?;
    to_js(&piperun::parse_piperun_customer(&text).map_err(throw)?).map_err(throw)
}

/// Parses a PipeRun payload and maps it to TomTicket inputs: `newCustomer` (for
/// `createCustomer`), `update` (for `updateCustomer`) and `notes` on what could not be carried.
/// Throws a validation TomTicketError listing every problem of the payload and the options.
#[wasm_bindgen(js_name = mapPipeRunCustomer, unchecked_return_type = "Mapping")]
pub fn map_piperun_customer(
    #[wasm_bindgen(unchecked_param_type = "string | object")] payload: JsValue,
    options: Option<MappingOptionsJs>,
) -> JsResult {
    let text = payload_text(&payload)?;
    let options = match options.map(JsValue::from).filter(|o| !o.is_undefined() && !o.is_null()) {
        Some(o) => Some(input_json(&o, "MappingOptions").map_err(throw)?),
        None => None,
    };
    to_js(&piperun::map_piperun_customer(&text, options.as_deref()).map_err(throw)?).map_err(throw)
}

// ---- departments ------------------------------------------------------------------------------

/// The account's custom fields and operators, each once, from the output of
/// `listDepartments({ includeNested: true })` (the same field repeats under many categories).
#[wasm_bindgen(js_name = summarizeDepartments, unchecked_return_type = "DepartmentSummary")]
pub fn summarize_departments(#[wasm_bindgen(unchecked_param_type = "DepartmentList")] list: JsValue) -> JsResult {
    let text = input_json(&list, "DepartmentList").map_err(throw)?;
    to_js(&crate::core::summarize_departments(&text).map_err(throw)?).map_err(throw)
}

// ---- TomTicket webhooks -----------------------------------------------------------------------

/// Verifies a TomTicket webhook (`X-Hub-Signature: sha1=…`, HMAC-SHA1 with the webhook's
/// secret, over the raw body or its base64, digest in hex or base64, compared in constant time)
/// and returns its event. Throws a TomTicketError of kind `webhook` with `reason` `missing`,
/// `malformed` or `mismatch`; the secret never appears in it. Pass the body exactly as received
/// (`await request.text()` or its bytes), never a re-serialised JSON.
#[wasm_bindgen(js_name = verifyWebhook, unchecked_return_type = "WebhookEvent")]
pub fn verify_webhook(
    #[wasm_bindgen(js_name = rawBody, unchecked_param_type = "string | Uint8Array | ArrayBuffer")] raw_body: JsValue,
    #[wasm_bindgen(js_name = signatureHeader, unchecked_param_type = "string | null | undefined")] signature_header: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
) -> JsResult {
    let mut issues = Issues::new();
    let body: Option<Vec<u8>> = if let Some(s) = raw_body.as_string() {
        Some(s.into_bytes())
    } else if let Some(u) = raw_body.dyn_ref::<js_sys::Uint8Array>() {
        Some(u.to_vec())
    } else if let Some(b) = raw_body.dyn_ref::<js_sys::ArrayBuffer>() {
        Some(js_sys::Uint8Array::new(b).to_vec())
    } else {
        issues.push("rawBody", IssueCode::InvalidType, "rawBody must be the request body as received: a string, a Uint8Array or an ArrayBuffer");
        None
    };
    let header = optional_text(
        &signature_header,
        &mut issues,
        "signatureHeader",
        "signatureHeader must be the X-Hub-Signature header text, null or undefined",
    );
    let secret = secret.as_string();
    if secret.is_none() {
        issues.push("secret", IssueCode::InvalidType, "secret must be a string");
    }
    let (Some(body), Some(secret)) = (body, secret) else {
        return Err(throw(Error::validation(issues.into_vec())));
    };
    if !issues.is_empty() {
        return Err(throw(Error::validation(issues.into_vec())));
    }
    let event = crate::core::verify_webhook(&body, header.as_deref(), secret.as_bytes()).map_err(throw)?;
    to_js(&event).map_err(throw)
}
