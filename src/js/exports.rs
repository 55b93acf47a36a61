//! Pure exports (no network): validate, encode and decode for every endpoint, PipeRun parsing
//! and mapping. A portal uses them for live form validation with the same rules as the client.
//! Each export is a one-line delegation to the core through the three helpers below.
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::convert::{input_value, to_js};
use super::error::throw;
use crate::core::envelope::RawResponse;
use crate::core::http::EncodedRequest;
use crate::core::{customer, legacy_update, piperun, ticket, Error, Issue};

type JsResult = Result<JsValue, JsValue>;

fn validate_with(input: &JsValue, what: &str, f: fn(&Value) -> Vec<Issue>) -> JsResult {
    match input_value(input, what) {
        Ok(v) => to_js(&f(&v)).map_err(throw),
        Err(e) => to_js(&e.issues).map_err(throw),
    }
}

fn encode_with(input: &JsValue, what: &str, f: fn(&Value) -> Result<EncodedRequest, Error>) -> JsResult {
    let v = input_value(input, what).map_err(throw)?;
    to_js(&f(&v).map_err(throw)?).map_err(throw)
}

fn decode_with<T: Serialize>(status: u16, body: &str, retry_after: Option<String>, f: fn(RawResponse<'_>) -> Result<T, Error>) -> JsResult {
    let value = f(RawResponse { status, body, retry_after: retry_after.as_deref() }).map_err(throw)?;
    to_js(&value).map_err(throw)
}

// ---- v2 customer/details ----------------------------------------------------------------------

/// Every problem of a customer lookup (empty array = valid). No network.
#[wasm_bindgen(js_name = validateCustomerLookup, unchecked_return_type = "Issue[]")]
pub fn validate_customer_lookup(#[wasm_bindgen(unchecked_param_type = "CustomerLookup")] input: JsValue) -> JsResult {
    validate_with(&input, "CustomerLookup", customer::validate_customer_lookup)
}

/// The request `getCustomer` would send (token-free). Throws a validation TomTicketError.
#[wasm_bindgen(js_name = encodeCustomerLookup, unchecked_return_type = "EncodedRequest")]
pub fn encode_customer_lookup(#[wasm_bindgen(unchecked_param_type = "CustomerLookup")] input: JsValue) -> JsResult {
    encode_with(&input, "CustomerLookup", customer::encode_customer_lookup)
}

/// Decodes a `customer/details` response (status + body text). Throws a TomTicketError.
#[wasm_bindgen(js_name = decodeCustomerDetails, unchecked_return_type = "Customer")]
pub fn decode_customer_details(status: u16, body: &str, #[allow(non_snake_case)] retryAfter: Option<String>) -> JsResult {
    decode_with(status, body, retryAfter, customer::decode_customer_details)
}

// ---- v2 customer/new --------------------------------------------------------------------------

/// Every problem of a new-customer input (empty array = valid). No network.
#[wasm_bindgen(js_name = validateNewCustomer, unchecked_return_type = "Issue[]")]
pub fn validate_new_customer(#[wasm_bindgen(unchecked_param_type = "NewCustomer")] input: JsValue) -> JsResult {
    validate_with(&input, "NewCustomer", customer::validate_new_customer)
}

/// The form `createCustomer` would send (token-free). Throws a validation TomTicketError.
#[wasm_bindgen(js_name = encodeNewCustomer, unchecked_return_type = "EncodedRequest")]
pub fn encode_new_customer(#[wasm_bindgen(unchecked_param_type = "NewCustomer")] input: JsValue) -> JsResult {
    encode_with(&input, "NewCustomer", customer::encode_new_customer)
}

/// Decodes a `customer/new` response. Throws a TomTicketError.
#[wasm_bindgen(js_name = decodeCreateCustomer, unchecked_return_type = "CreateCustomerResult")]
pub fn decode_create_customer(status: u16, body: &str, #[allow(non_snake_case)] retryAfter: Option<String>) -> JsResult {
    decode_with(status, body, retryAfter, customer::decode_create_customer)
}

// ---- legacy update_cliente --------------------------------------------------------------------

/// Every problem of a customer update (empty array = valid). No network.
#[wasm_bindgen(js_name = validateCustomerUpdate, unchecked_return_type = "Issue[]")]
pub fn validate_customer_update(#[wasm_bindgen(unchecked_param_type = "LegacyCustomerUpdate")] input: JsValue) -> JsResult {
    validate_with(&input, "LegacyCustomerUpdate", legacy_update::validate_legacy_customer_update)
}

/// The form `updateCustomer` would send; the token segment of the path shows as `***`.
#[wasm_bindgen(js_name = encodeCustomerUpdate, unchecked_return_type = "EncodedRequest")]
pub fn encode_customer_update(#[wasm_bindgen(unchecked_param_type = "LegacyCustomerUpdate")] input: JsValue) -> JsResult {
    encode_with(&input, "LegacyCustomerUpdate", legacy_update::encode_legacy_customer_update)
}

/// Decodes an `update_cliente` response. Throws a TomTicketError.
#[wasm_bindgen(js_name = decodeCustomerUpdate, unchecked_return_type = "UpdateCustomerResult")]
pub fn decode_customer_update(status: u16, body: &str, #[allow(non_snake_case)] retryAfter: Option<String>) -> JsResult {
    decode_with(status, body, retryAfter, legacy_update::decode_update_customer)
}

// ---- legacy chamado ---------------------------------------------------------------------------

/// Every problem of a ticket query (empty array = valid). No network.
#[wasm_bindgen(js_name = validateTicketQuery, unchecked_return_type = "Issue[]")]
pub fn validate_ticket_query(#[wasm_bindgen(unchecked_param_type = "TicketQuery")] input: JsValue) -> JsResult {
    validate_with(&input, "TicketQuery", ticket::validate_ticket_query)
}

/// The request `getTicket` would send; the token segment of the path shows as `***`.
#[wasm_bindgen(js_name = encodeTicketQuery, unchecked_return_type = "EncodedRequest")]
pub fn encode_ticket_query(#[wasm_bindgen(unchecked_param_type = "TicketQuery")] input: JsValue) -> JsResult {
    encode_with(&input, "TicketQuery", ticket::encode_ticket_query)
}

/// Decodes a `chamado` response (documented or live shape). Throws a TomTicketError.
#[wasm_bindgen(js_name = decodeTicket, unchecked_return_type = "Ticket")]
pub fn decode_ticket(status: u16, body: &str, #[allow(non_snake_case)] retryAfter: Option<String>) -> JsResult {
    decode_with(status, body, retryAfter, ticket::decode_ticket)
}

// ---- PipeRun Atendimentos ---------------------------------------------------------------------

#[wasm_bindgen]
extern "C" {
    /// An extern type so that `Option<…>` makes the parameter optional in the `.d.ts`.
    #[wasm_bindgen(typescript_type = "MappingOptions")]
    pub type MappingOptionsJs;
}

/// A webhook payload as the core wants it: JSON text is passed as a string and parsed there.
fn payload_value(payload: &JsValue) -> Result<Value, JsValue> {
    match payload.as_string() {
        Some(text) => Ok(Value::String(text)),
        None => input_value(payload, "PipeRun payload").map_err(throw),
    }
}

/// Parses a PipeRun Atendimentos webhook body (JSON text or object: the `customer` itself,
/// `{ customer }`, a talk, or `{ talk: { customer } }`). Throws a validation TomTicketError
/// listing every problem, named by its path in the payload (`talk.customer.id`).
#[wasm_bindgen(js_name = parsePipeRunCustomer, unchecked_return_type = "PipeRunCustomer")]
pub fn parse_piperun_customer(#[wasm_bindgen(unchecked_param_type = "string | object")] payload: JsValue) -> JsResult {
    let value = payload_value(&payload)?;
    to_js(&piperun::parse_piperun_customer(&value).map_err(throw)?).map_err(throw)
}

/// Parses a PipeRun payload and maps it to TomTicket inputs: `newCustomer` (for
/// `createCustomer`), `update` (for `updateCustomer`) and `notes` on what could not be carried.
/// Throws a validation TomTicketError listing every problem of the payload and the options.
#[wasm_bindgen(js_name = mapPipeRunCustomer, unchecked_return_type = "Mapping")]
pub fn map_piperun_customer(
    #[wasm_bindgen(unchecked_param_type = "string | object")] payload: JsValue,
    options: Option<MappingOptionsJs>,
) -> JsResult {
    let value = payload_value(&payload)?;
    let opts = match options {
        Some(o) => input_value(&o.into(), "MappingOptions").map_err(throw)?,
        None => Value::Null,
    };
    to_js(&piperun::map_piperun_customer(&value, &opts).map_err(throw)?).map_err(throw)
}
