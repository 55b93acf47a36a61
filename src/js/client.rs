//! `TomTicketClient`: one object, one limiter, four calls. Holds no business rule: it asks the
//! core for the request, the retry decision and the decoding, and does the I/O in between.
use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use super::convert::{from_json_text, input_json, split_attachments};
use super::error::{host_error, throw};
use super::transport::{date_now, math_random, send, sleep, CallScope, Fetcher};
use crate::core::{
    page_request, parse_client_options, parse_list_options, CallInfo, ClientConfig, Error, ErrorKind, RateLimiter, Request, Response,
    Retry,
};

#[wasm_bindgen(module = "/src/js/pages.js")]
extern "C" {
    #[wasm_bindgen(js_name = pageIterator)]
    fn page_iterator(pager: Pager, start_page: u32, max_pages: Option<u32>) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// `{ signal?: AbortSignal }` (declared in the TS section of js/mod.rs). An extern type, so
    /// that `Option<CallOptions>` makes the parameter optional in the `.d.ts`.
    #[wasm_bindgen(typescript_type = "CallOptions")]
    pub type CallOptions;
}

/// Who grants the slots: this client's own limiter, or one the caller injected.
enum Limiter {
    Builtin(RefCell<RateLimiter>),
    /// `{ acquire({ signal }), release(slot, { status }) }`.
    Injected { target: JsValue, acquire: js_sys::Function, release: js_sys::Function },
}

impl Limiter {
    fn from_option(value: &JsValue, rps: u32) -> Result<Limiter, Error> {
        if value.is_undefined() || value.is_null() {
            return Ok(Limiter::Builtin(RefCell::new(RateLimiter::new(rps))));
        }
        let method = |name: &str| Reflect::get(value, &JsValue::from_str(name)).ok().and_then(|m| m.dyn_into::<js_sys::Function>().ok());
        match (value.is_object(), method("acquire"), method("release")) {
            (true, Some(acquire), Some(release)) => Ok(Limiter::Injected { target: value.clone(), acquire, release }),
            _ => {
                let mut issues = crate::core::Issues::new();
                issues.push(
                    "limiter",
                    crate::core::IssueCode::InvalidType,
                    "limiter must be an object with acquire({ signal }) and release(slot, { status }) methods",
                );
                Err(Error::invalid(ErrorKind::Config, issues.into_vec()))
            }
        }
    }
}

/// A slot held for one request.
enum Slot {
    Builtin(Option<crate::core::Permit>),
    Injected(JsValue),
}

struct Inner {
    config: ClientConfig,
    fetcher: Fetcher,
    limiter: Limiter,
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
pub(super) fn call_signal(options: &JsValue) -> Result<Option<AbortSignal>, Error> {
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
        let (fetch, limiter, rest) = if options.is_object() {
            let copy = Object::assign(&Object::new(), options.unchecked_ref());
            let take = |k: &str| {
                let v = Reflect::get(&copy, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
                let _ = Reflect::delete_property(&copy, &JsValue::from_str(k));
                v
            };
            let (f, l) = (take("fetch"), take("limiter"));
            (f, l, JsValue::from(copy))
        } else {
            (JsValue::UNDEFINED, JsValue::UNDEFINED, options)
        };
        // Non-JSON option values (NaN, a Symbol token…) are option problems: kind `config`.
        let text = input_json(&rest, "TomTicketClient options")
            .map_err(|e| throw(Error::invalid(crate::core::ErrorKind::Config, e.issues)))?;
        let config = parse_client_options(&text, in_browser_page()).map_err(throw)?;
        let fetcher = Fetcher::from_option(&fetch).map_err(throw)?;
        let limiter = Limiter::from_option(&limiter, config.requests_per_second).map_err(throw)?;
        Ok(Client { inner: Rc::new(Inner { config, fetcher, limiter }) })
    }

    /// Replies as the ticket's operator without the live API's trap: reads the ticket first;
    /// with no operator linked it links `operatorId` when given, else it rejects (kind
    /// `validation`, issue on `ticketId`) and sends nothing more.
    #[wasm_bindgen(js_name = replyAsOperatorSafely, skip_typescript)]
    pub fn reply_as_operator_safely(&self, input: JsValue, options: Option<CallOptions>) -> Promise {
        use crate::core::{has_no_operator, no_operator_error, plan_safe_operator_reply, GET_TICKET_V2, LINK_OPERATOR, REPLY_AS_OPERATOR};
        let inner = self.inner.clone();
        let (input, blobs) = split_attachments(&input);
        let prepared = input_json(&input, "OperatorReply")
            .and_then(|text| plan_safe_operator_reply(&text))
            .and_then(|plan| call_signal(&options.map(JsValue::from).unwrap_or(JsValue::UNDEFINED)).map(|sig| (plan, sig)));
        future_to_promise(async move {
            let (plan, signal) = prepared.map_err(throw)?;
            let ticket = inner.execute(&GET_TICKET_V2, &plan.detail, &[], signal.clone()).await.map_err(throw)?;
            if has_no_operator(&ticket) {
                match &plan.link {
                    Some(link) => {
                        inner.execute(&LINK_OPERATOR, link, &[], signal.clone()).await.map_err(throw)?;
                    }
                    None => return Err(throw(no_operator_error().with_endpoint(plan.reply.display()))),
                }
            }
            let value = inner.execute(&REPLY_AS_OPERATOR, &plan.reply, &blobs, signal).await.map_err(throw)?;
            from_json_text(&value).map_err(throw)
        })
    }

    /// What a verified webhook is about (see the TypeScript declaration).
    #[wasm_bindgen(js_name = getWebhookSubject, skip_typescript)]
    pub fn get_webhook_subject(&self, event: JsValue, options: Option<CallOptions>) -> Promise {
        let inner = self.inner.clone();
        let prepared = input_json(&event, "WebhookEvent")
            .and_then(|text| crate::core::subject_request(&text))
            .and_then(|plan| call_signal(&options.map(JsValue::from).unwrap_or(JsValue::UNDEFINED)).map(|sig| (plan, sig)));
        future_to_promise(async move {
            let (plan, signal) = prepared.map_err(throw)?;
            let out = Object::new();
            let kind = Reflect::get(&event, &JsValue::from_str("type")).unwrap_or(JsValue::UNDEFINED);
            let _ = Reflect::set(&out, &JsValue::from_str("type"), &kind);
            let _ = Reflect::set(&out, &JsValue::from_str("event"), &event);
            match plan {
                None => {
                    let _ = Reflect::set(&out, &JsValue::from_str("deleted"), &JsValue::TRUE);
                }
                Some((call, req, key)) => {
                    let value = inner.execute(call, &req, &[], signal).await.map_err(throw)?;
                    let _ = Reflect::set(&out, &JsValue::from_str(key), &from_json_text(&value).map_err(throw)?);
                }
            }
            Ok(out.into())
        })
    }

    /// `TomTicketClient(https://api.tomticket.com)` — never the token.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        format!("TomTicketClient({})", self.inner.config.base_url.as_str())
    }
}

/// The TypeScript return type of a client method: a promise, or the page iterator of a paged call.
macro_rules! ts_return {
    (true, $out:literal) => {
        concat!("PageIterator<", $out, "[\"items\"][number]>")
    };
    (false, $out:literal) => {
        concat!("Promise<", $out, ">")
    };
}

/// A paged call's input is optional (`listTickets()` lists everything).
macro_rules! ts_input {
    (true, $in:literal) => {
        concat!("input?: ", $in, ", options?: ListOptions")
    };
    (false, $in:literal) => {
        concat!("input: ", $in, ", options?: CallOptions")
    };
}

macro_rules! method_body {
    (true, $self:ident, $call:expr, $input:ident, $options:ident) => {
        $self.paged($call, $input, $options.map(JsValue::from).unwrap_or(JsValue::UNDEFINED))
    };
    (false, $self:ident, $call:expr, $input:ident, $options:ident) => {
        Ok($self.run($call, $input, $options.map(JsValue::from).unwrap_or(JsValue::UNDEFINED)).into())
    };
}

macro_rules! methods {
    ($([$name:ident $method:ident $path:literal $family:ident $auth:ident $retry:ident $paged:literal $in_stem:ident $in_ts:literal $out_stem:ident $out_ts:literal ($($codec:tt)*) ($($doc:literal)*)])*) => {
        paste::paste! {
            #[wasm_bindgen(js_class = TomTicketClient)]
            impl Client {
                $(
                    $(#[doc = $doc])*
                    #[wasm_bindgen(js_name = $name, skip_typescript)]
                    pub fn [<$name:snake>](&self, input: JsValue, options: Option<CallOptions>) -> Result<JsValue, JsValue> {
                        method_body!($paged, self, &crate::core::[<$name:snake:upper>], input, options)
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
                    "  ", stringify!($name), "(", ts_input!($paged, $in_ts), "): ", ts_return!($paged, $out_ts), ";\n",
                )*
                "}\n"
            );
        }
    };
}
crate::with_calls!(methods);

/// One page at a time of a paged call, for `pageIterator` (src/js/pages.js). Holds the
/// validated request; each `fetch(n)` is one call through the client.
#[wasm_bindgen(skip_typescript)]
pub struct Pager {
    inner: Rc<Inner>,
    call: &'static CallInfo,
    request: Request,
    signal: Option<AbortSignal>,
}

#[wasm_bindgen]
impl Pager {
    /// Page `n` (1-based), decoded.
    pub fn fetch(&self, n: JsValue) -> Promise {
        let prepared = page_request(&self.request, n.as_f64().unwrap_or(f64::NAN));
        let (inner, call, signal) = (self.inner.clone(), self.call, self.signal.clone());
        future_to_promise(async move {
            let req = prepared.map_err(throw)?;
            let value = inner.execute(call, &req, &[], signal).await.map_err(throw)?;
            from_json_text(&value).map_err(throw)
        })
    }
}

impl Client {
    fn run(&self, call: &'static CallInfo, input: JsValue, options: JsValue) -> Promise {
        let inner = self.inner.clone();
        // Validation happens before the promise starts: nothing reaches the network on bad input.
        let (input, blobs) = split_attachments(&input);
        let prepared = input_json(&input, call.input)
            .and_then(|text| call.prepare(&text))
            .and_then(|req| call_signal(&options).map(|sig| (req, sig)));
        future_to_promise(async move {
            let (req, signal) = prepared.map_err(throw)?;
            let value = inner.execute(call, &req, &blobs, signal).await.map_err(throw)?;
            from_json_text(&value).map_err(throw)
        })
    }

    /// A paged call: validates the filter and the options now (a bad one throws here, before
    /// anything is sent), and returns the async iterator of pages.js.
    fn paged(&self, call: &'static CallInfo, input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let input = if input.is_undefined() || input.is_null() { Object::new().into() } else { input };
        let request = input_json(&input, call.input).and_then(|text| call.prepare(&text)).map_err(throw)?;
        let signal = call_signal(&options).map_err(throw)?;
        // The signal is the binding's; the core reads the rest (and refuses a non-object).
        let rest: JsValue = if options.is_object() {
            let copy = Object::assign(&Object::new(), options.unchecked_ref());
            let _ = Reflect::delete_property(&copy, &JsValue::from_str("signal"));
            copy.into()
        } else if options.is_undefined() || options.is_null() {
            Object::new().into()
        } else {
            options.clone()
        };
        let opts = input_json(&rest, "ListOptions").and_then(|t| parse_list_options(&t)).map_err(throw)?;
        let pager = Pager { inner: self.inner.clone(), call, request, signal };
        Ok(page_iterator(pager, opts.start_page, opts.max_pages))
    }
}

impl Inner {
    async fn execute(&self, call: &CallInfo, req: &Request, blobs: &[JsValue], signal: Option<AbortSignal>) -> Result<String, Error> {
        let cfg = &self.config;
        let result = self.attempts(call, req, blobs, signal).await;
        result.map_err(|mut e| {
            e.endpoint = Some(req.display());
            e.scrub(&cfg.token);
            e
        })
    }

    /// Waits for a slot: this client's limiter, or the injected one (bounded by the call's
    /// deadline and signal).
    async fn acquire(&self, scope: &CallScope) -> Result<Slot, Error> {
        let timeout_ms = self.config.timeout_ms;
        match &self.limiter {
            Limiter::Builtin(limiter) => loop {
                // Synchronously: no borrow is held across an await.
                let got = limiter.borrow_mut().try_acquire(date_now());
                match got {
                    Ok(p) => return Ok(Slot::Builtin(p)),
                    Err(wait) => sleep(wait, &scope.signal()).await,
                }
                if let Some(e) = scope.stopped(timeout_ms) {
                    return Err(e);
                }
            },
            Limiter::Injected { target, acquire, .. } => {
                let arg = Object::new();
                let _ = Reflect::set(&arg, &JsValue::from_str("signal"), &scope.signal());
                let promise = acquire
                    .call1(target, &arg)
                    .map_err(|e| scope.stopped(timeout_ms).unwrap_or_else(|| host_error(ErrorKind::Network, "limiter.acquire() threw", &e)))?;
                scope.bounded(Promise::resolve(&promise)).await.map(Slot::Injected).map_err(|e| {
                    scope.stopped(timeout_ms).unwrap_or_else(|| host_error(ErrorKind::Network, "limiter.acquire() rejected", &e))
                })
            }
        }
    }

    /// Gives the slot back; an injected limiter is told the status (`null`: no response).
    fn release(&self, slot: Slot, status: Option<u16>) {
        match (&self.limiter, slot) {
            (Limiter::Builtin(limiter), Slot::Builtin(p)) => limiter.borrow_mut().release(p, date_now()),
            (Limiter::Injected { target, release, .. }, Slot::Injected(slot)) => {
                let outcome = Object::new();
                let _ = Reflect::set(&outcome, &JsValue::from_str("status"), &status.map_or(JsValue::NULL, JsValue::from));
                if let Ok(ret) = release.call2(target, &slot, &outcome) {
                    // Not awaited by the call; a rejection is swallowed here, not left unhandled.
                    wasm_bindgen_futures::spawn_local(async move {
                        let _ = wasm_bindgen_futures::JsFuture::from(Promise::resolve(&ret)).await;
                    });
                }
            }
            _ => {}
        }
    }

    async fn attempts(&self, call: &CallInfo, req: &Request, blobs: &[JsValue], signal: Option<AbortSignal>) -> Result<String, Error> {
        let cfg = &self.config;
        let mut scope = CallScope::new(signal)?;
        let url = req.url(&cfg.base_url, cfg.token.in_path());
        let auth = req.authorization(&cfg.token);
        let idempotent = call.retry == Retry::Safe;
        let mut attempt = 0u32;
        loop {
            if let Some(e) = scope.stopped(cfg.timeout_ms) {
                return Err(e);
            }
            let slot = self.acquire(&scope).await?;
            // The deadline runs from the first slot: queueing behind the rate limit is not slowness.
            scope.arm(cfg.timeout_ms);
            let sent = send(&self.fetcher, req, blobs, &url, auth.as_deref(), &scope, cfg.timeout_ms).await;
            self.release(slot, sent.as_ref().ok().map(|r| r.status));
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
