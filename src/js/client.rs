//! `TomTicketClient`: one object, one limiter, four calls. Holds no business rule: it asks the
//! core for the request, the retry decision and the decoding, and does the I/O in between.
use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use super::convert::{from_json_text, input_json};
use super::error::throw;
use super::transport::{date_now, math_random, send, sleep, CallScope, Fetcher};
use crate::core::{parse_client_options, CallInfo, ClientConfig, Error, RateLimiter, Request, Response, Retry};

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
        // Non-JSON option values (NaN, a Symbol token…) are option problems: kind `config`.
        let text = input_json(&rest, "TomTicketClient options")
            .map_err(|e| throw(Error::invalid(crate::core::ErrorKind::Config, e.issues)))?;
        let config = parse_client_options(&text, in_browser_page()).map_err(throw)?;
        let fetcher = Fetcher::from_option(&fetch).map_err(throw)?;
        let limiter = RefCell::new(RateLimiter::new(config.requests_per_second));
        Ok(Client { inner: Rc::new(Inner { config, fetcher, limiter }) })
    }

    /// `TomTicketClient(https://api.tomticket.com)` — never the token.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        format!("TomTicketClient({})", self.inner.config.base_url.as_str())
    }
}

macro_rules! methods {
    ($([$name:ident $method:ident $path:literal $family:ident $auth:ident $retry:ident $paged:literal $in_stem:ident $in_ts:literal $out_stem:ident $out_ts:literal ($($codec:tt)*) ($($doc:literal)*)])*) => {
        paste::paste! {
            #[wasm_bindgen(js_class = TomTicketClient)]
            impl Client {
                $(
                    $(#[doc = $doc])*
                    #[wasm_bindgen(js_name = $name, skip_typescript)]
                    pub fn [<$name:snake>](&self, input: JsValue, options: Option<CallOptions>) -> Promise {
                        self.run(&crate::core::[<$name:snake:upper>], input, options)
                    }
                )*
            }

            // The methods' declarations, merged into the class by TypeScript (a class and an
            // interface of the same name merge).
            #[wasm_bindgen(typescript_custom_section)]
            const TS_METHODS: &'static str = concat!(
                "export interface TomTicketClient {\n",
                $(
                    "  /**", $($doc,)* " */\n",
                    "  ", stringify!($name), "(input: ", $in_ts, ", options?: CallOptions): Promise<", $out_ts, ">;\n",
                )*
                "}\n"
            );
        }
    };
}
crate::with_calls!(methods);

impl Client {
    fn run(&self, call: &'static CallInfo, input: JsValue, options: Option<CallOptions>) -> Promise {
        let inner = self.inner.clone();
        // Validation happens before the promise starts: nothing reaches the network on bad input.
        let prepared = input_json(&input, call.input)
            .and_then(|text| call.prepare(&text))
            .and_then(|req| call_signal(&options.map(JsValue::from).unwrap_or(JsValue::UNDEFINED)).map(|sig| (req, sig)));
        future_to_promise(async move {
            let (req, signal) = prepared.map_err(throw)?;
            let value = inner.execute(call, &req, signal).await.map_err(throw)?;
            from_json_text(&value).map_err(throw)
        })
    }
}

impl Inner {
    async fn execute(&self, call: &CallInfo, req: &Request, signal: Option<AbortSignal>) -> Result<String, Error> {
        let cfg = &self.config;
        let result = self.attempts(call, req, signal).await;
        result.map_err(|mut e| {
            e.endpoint = Some(req.display());
            e.scrub(&cfg.token);
            e
        })
    }

    async fn attempts(&self, call: &CallInfo, req: &Request, signal: Option<AbortSignal>) -> Result<String, Error> {
        let cfg = &self.config;
        let scope = CallScope::new(cfg.timeout_ms, signal)?;
        let url = req.url(&cfg.base_url, cfg.token.in_path());
        let auth = req.authorization(&cfg.token);
        let idempotent = call.retry == Retry::Safe;
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
            let sent = send(&self.fetcher, req, &url, auth.as_deref(), &scope, cfg.timeout_ms).await;
            self.limiter.borrow_mut().release(permit, date_now());
            let outcome = match sent {
                Ok(r) => call.decode(&Response { status: r.status, body: &r.body, retry_after: r.retry_after.as_deref() }),
                Err(e) => Err(e),
            };
            let err = match outcome {
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            match cfg.retry.delay(attempt, idempotent, &err, math_random()) {
                // A wait that ends after the deadline (a long Retry-After) would only turn this
                // error into a timeout: give the error now, with its retryAfterMs.
                Some(delay) if f64::from(delay) >= scope.remaining_ms() => return Err(err),
                Some(delay) => {
                    sleep(f64::from(delay), &scope.signal()).await;
                    attempt += 1;
                }
                None => return Err(err),
            }
        }
    }
}
