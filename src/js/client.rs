//! `TomTicketClient`: one object, one limiter, four calls. Holds no business rule: it asks the
//! core for the request, the retry decision and the decoding, and does the I/O in between.
use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use super::convert::{from_json_text, input_value, to_json_text};
use super::error::throw;
use super::transport::{date_now, math_random, send, sleep, CallScope, Fetcher};
use crate::core::config::{parse_client_options, ClientConfig};
use crate::core::envelope::RawResponse;
use crate::core::http::Endpoint;
use crate::core::policy::RateLimiter;
use crate::core::{customer, legacy_update, ticket, Error, Issue};

#[wasm_bindgen]
extern "C" {
    /// `{ signal?: AbortSignal }` (declared in the TS section of js/mod.rs). An extern type, so
    /// that `Option<CallOptions>` makes the parameter optional in the `.d.ts`.
    #[wasm_bindgen(typescript_type = "CallOptions")]
    pub type CallOptions;
}

struct Inner {
    config: ClientConfig,
    fetcher: Fetcher,
    limiter: RefCell<RateLimiter>,
}

/// A TomTicket API client. Safe to share: every method takes `&self`, so `Promise.all` over
/// many calls on one client works, and all of them share one rate limiter.
#[wasm_bindgen(js_name = TomTicketClient)]
pub struct Client {
    inner: Rc<Inner>,
}

fn in_browser_page() -> bool {
    let global = js_sys::global();
    Reflect::get(&global, &JsValue::from_str("window"))
        .ok()
        .filter(|w| w.is_object())
        .and_then(|w| Reflect::get(&w, &JsValue::from_str("document")).ok())
        .is_some_and(|d| d.is_object())
}

/// `{ signal }` of the per-call options.
fn call_signal(options: &JsValue) -> Result<Option<AbortSignal>, Error> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    let sig = Reflect::get(options, &JsValue::from_str("signal")).unwrap_or(JsValue::UNDEFINED);
    if sig.is_undefined() || sig.is_null() {
        return Ok(None);
    }
    let has_aborted = Reflect::get(&sig, &JsValue::from_str("aborted")).map(|a| a.as_bool().is_some()).unwrap_or(false);
    if !has_aborted {
        return Err(Error::new(crate::core::ErrorKind::Config, "options.signal must be an AbortSignal"));
    }
    Ok(Some(wasm_bindgen::JsCast::unchecked_into(sig)))
}

#[wasm_bindgen(js_class = TomTicketClient)]
impl Client {
    /// Creates a client. Throws a `TomTicketError` (kind `config`) listing every bad option.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue) -> Result<Client, JsValue> {
        let (fetch, rest) = if options.is_object() {
            let copy = Object::assign(&Object::new(), options.unchecked_ref());
            let f = Reflect::get(&copy, &JsValue::from_str("fetch")).unwrap_or(JsValue::UNDEFINED);
            let _ = Reflect::delete_property(&copy, &JsValue::from_str("fetch"));
            (f, JsValue::from(copy))
        } else {
            (JsValue::UNDEFINED, options)
        };
        let value = input_value(&rest, "TomTicketClient options").map_err(throw)?;
        let config = parse_client_options(&value, in_browser_page()).map_err(throw)?;
        let fetcher = Fetcher::from_option(&fetch).map_err(throw)?;
        let limiter = RefCell::new(RateLimiter::new(config.requests_per_second));
        Ok(Client { inner: Rc::new(Inner { config, fetcher, limiter }) })
    }

    /// Looks a customer up by internal id or e-mail (v2.0 `GET customer/details`).
    #[wasm_bindgen(js_name = getCustomer, unchecked_return_type = "Promise<Customer>")]
    pub fn get_customer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CustomerLookup")] input: JsValue,
        options: Option<CallOptions>,
    ) -> Promise {
        self.run(input, options, "CustomerLookup", |v| customer::parse_customer_lookup(v).map(|x| x.endpoint()), |r| {
            to_json_text(&customer::decode_customer_details(r)?)
        })
    }

    /// Creates a customer (v2.0 `POST customer/new`). Never retried after a 5xx, a timeout or a
    /// dropped connection (it may have been created); retried after a 429.
    #[wasm_bindgen(js_name = createCustomer, unchecked_return_type = "Promise<CreateCustomerResult>")]
    pub fn create_customer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewCustomer")] input: JsValue,
        options: Option<CallOptions>,
    ) -> Promise {
        self.run(input, options, "NewCustomer", |v| customer::parse_new_customer(v).map(|x| x.endpoint()), |r| {
            to_json_text(&customer::decode_create_customer(r)?)
        })
    }

    /// Updates a customer (legacy `POST update_cliente`): sends only the fields given.
    #[wasm_bindgen(js_name = updateCustomer, unchecked_return_type = "Promise<UpdateCustomerResult>")]
    pub fn update_customer(
        &self,
        #[wasm_bindgen(unchecked_param_type = "LegacyCustomerUpdate")] input: JsValue,
        options: Option<CallOptions>,
    ) -> Promise {
        self.run(
            input,
            options,
            "LegacyCustomerUpdate",
            |v| legacy_update::parse_legacy_customer_update(v).map(|x| x.endpoint()),
            |r| to_json_text(&legacy_update::decode_update_customer(r)?),
        )
    }

    /// Reads one ticket (legacy `GET chamado`), optionally with stopwatch and escalated tickets.
    #[wasm_bindgen(js_name = getTicket, unchecked_return_type = "Promise<Ticket>")]
    pub fn get_ticket(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketQuery")] input: JsValue,
        options: Option<CallOptions>,
    ) -> Promise {
        self.run(input, options, "TicketQuery", |v| ticket::parse_ticket_query(v).map(|x| x.endpoint()), |r| to_json_text(&ticket::decode_ticket(r)?))
    }

    /// `TomTicketClient(https://api.tomticket.com)` — never the token.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        format!("TomTicketClient({})", self.inner.config.base_url.as_str())
    }
}

/// Decodes a response straight to the JSON text of the result: the one non-generic signature
/// that lets the four calls share one async body (one state machine in the .wasm, not four).
type Decode = fn(RawResponse<'_>) -> Result<String, Error>;

impl Client {
    fn run(
        &self,
        input: JsValue,
        options: Option<CallOptions>,
        what: &'static str,
        prepare: fn(&serde_json::Value) -> Result<Endpoint, Vec<Issue>>,
        decode: Decode,
    ) -> Promise {
        let inner = self.inner.clone();
        // Validation happens before the promise starts: nothing reaches the network on bad input.
        let prepared = input_value(&input, what)
            .and_then(|v| prepare(&v).map_err(Error::validation))
            .and_then(|ep| call_signal(&options.map(JsValue::from).unwrap_or(JsValue::UNDEFINED)).map(|sig| (ep, sig)));
        future_to_promise(async move {
            let (ep, signal) = prepared.map_err(throw)?;
            let value = inner.execute(&ep, signal, decode).await.map_err(throw)?;
            from_json_text(&value).map_err(throw)
        })
    }
}

impl Inner {
    async fn execute(&self, ep: &Endpoint, signal: Option<AbortSignal>, decode: Decode) -> Result<String, Error> {
        let cfg = &self.config;
        let result = self.attempts(ep, signal, decode).await;
        result.map_err(|mut e| {
            e.endpoint = Some(ep.display());
            e.scrub(&cfg.token);
            e
        })
    }

    async fn attempts(&self, ep: &Endpoint, signal: Option<AbortSignal>, decode: Decode) -> Result<String, Error> {
        let cfg = &self.config;
        let scope = CallScope::new(cfg.timeout_ms, signal)?;
        let url = ep.url(&cfg.base_url, cfg.path_token());
        let auth = ep.authorization(&cfg.token);
        let mut attempt = 0u32;
        loop {
            if let Some(e) = scope.stopped(cfg.timeout_ms) {
                return Err(e);
            }
            // Take a slot (synchronously: no borrow is held across an await), or wait and ask again.
            let permit = loop {
                let got = self.limiter.borrow_mut().try_acquire(date_now());
                match got {
                    Ok(p) => break p,
                    Err(wait) => sleep(wait, &scope.signal()).await,
                }
                if let Some(e) = scope.stopped(cfg.timeout_ms) {
                    return Err(e);
                }
            };
            let sent = send(&self.fetcher, ep, &url, auth.as_deref(), &scope, cfg.timeout_ms).await;
            self.limiter.borrow_mut().release(permit, date_now());
            let outcome = match sent {
                Ok(r) => decode(RawResponse { status: r.status, body: &r.body, retry_after: r.retry_after.as_deref() }),
                Err(e) => Err(e),
            };
            let err = match outcome {
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            match cfg.retry.delay(attempt, ep.is_idempotent(), &err, math_random()) {
                Some(delay) => {
                    sleep(f64::from(delay), &scope.signal()).await;
                    attempt += 1;
                }
                None => return Err(err),
            }
        }
    }
}
