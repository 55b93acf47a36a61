//! The host's fetch and timers, reached through globals only (no `window`): the same code runs
//! in browsers, Web Workers, Node 20, workerd and Deno.
use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Method as GlooMethod, RequestBuilder};
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, FormData};

use super::error::host_error;
use crate::core::{Method, Request};
use crate::core::{Error, ErrorKind};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(cb: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    pub fn date_now() -> f64;
    #[wasm_bindgen(js_namespace = Math, js_name = random)]
    pub fn math_random() -> f64;
}

/// Why a call's controller was aborted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stop {
    Timeout,
    Caller,
}

/// One call's cancellation: the caller's signal and the deadline both abort one controller.
/// Dropping it clears the timer and the listener, so nothing keeps running after the call.
pub(super) struct CallScope {
    controller: AbortController,
    pub stop: Rc<Cell<Option<Stop>>>,
    /// The deadline's timer, once armed ([`CallScope::arm`]).
    timer: Option<JsValue>,
    deadline_ms: f64,
    _on_timeout: Closure<dyn FnMut()>,
    caller: Option<(AbortSignal, Closure<dyn FnMut()>)>,
}

impl CallScope {
    /// A scope whose deadline is not running yet: the wait for a rate-limit slot does not count
    /// toward `timeoutMs` (300 calls issued at once would otherwise time out in the queue); the
    /// caller's signal stops the wait. [`CallScope::arm`] starts the deadline.
    pub(super) fn new(caller: Option<AbortSignal>) -> Result<CallScope, Error> {
        let controller = AbortController::new()
            .map_err(|e| host_error(ErrorKind::Config, "AbortController is not available in this runtime", &e))?;
        let stop = Rc::new(Cell::new(None));
        let on_timeout = {
            let (c, s) = (controller.clone(), stop.clone());
            Closure::<dyn FnMut()>::new(move || {
                if s.get().is_none() {
                    s.set(Some(Stop::Timeout));
                }
                c.abort();
            })
        };
        let mut scope = CallScope { controller, stop, timer: None, deadline_ms: f64::INFINITY, _on_timeout: on_timeout, caller: None };
        if let Some(sig) = caller {
            if sig.aborted() {
                scope.stop.set(Some(Stop::Caller));
                scope.controller.abort();
            } else {
                let (c, s) = (scope.controller.clone(), scope.stop.clone());
                let cb = Closure::<dyn FnMut()>::new(move || {
                    if s.get().is_none() {
                        s.set(Some(Stop::Caller));
                    }
                    c.abort();
                });
                let _ = sig.add_event_listener_with_callback("abort", cb.as_ref().unchecked_ref());
                scope.caller = Some((sig, cb));
            }
        }
        Ok(scope)
    }

    /// Starts the deadline (once; later calls do nothing).
    pub(super) fn arm(&mut self, timeout_ms: u32) {
        if self.timer.is_none() {
            self.timer = Some(set_timeout(self._on_timeout.as_ref().unchecked_ref(), f64::from(timeout_ms)));
            self.deadline_ms = date_now() + f64::from(timeout_ms);
        }
    }

    pub(super) fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// Milliseconds left before the call's deadline.
    pub(super) fn remaining_ms(&self) -> f64 {
        self.deadline_ms - date_now()
    }

    /// `promise`, or a rejection as soon as the call is stopped: a fetch (or a body read) that
    /// ignores the abort signal — an injected fetch, a service binding, a polyfill — cannot
    /// hold the call past its deadline or its caller's abort.
    pub(super) fn bounded(&self, promise: Promise) -> JsFuture {
        let signal = self.signal();
        let stopped = Promise::new(&mut |_resolve, reject| {
            if signal.aborted() {
                let _ = reject.call0(&JsValue::UNDEFINED);
            } else {
                let _ = signal.add_event_listener_with_callback("abort", &reject);
            }
        });
        JsFuture::from(Promise::race(&js_sys::Array::of2(&promise, &stopped)))
    }

    /// The error for a stopped call, if it was stopped.
    pub(super) fn stopped(&self, timeout_ms: u32) -> Option<Error> {
        self.stop.get().map(|s| match s {
            Stop::Timeout => Error::new(ErrorKind::Timeout, format!("no response within timeoutMs = {timeout_ms} ms")),
            Stop::Caller => Error::new(ErrorKind::Aborted, "the call was aborted by its AbortSignal"),
        })
    }
}

impl Drop for CallScope {
    fn drop(&mut self) {
        if let Some(t) = &self.timer {
            clear_timeout(t);
        }
        if let Some((sig, cb)) = &self.caller {
            let _ = sig.remove_event_listener_with_callback("abort", cb.as_ref().unchecked_ref());
        }
    }
}

/// Waits `ms`, or less if `signal` aborts first. Leaves nothing behind: the abort listener is
/// removed and the timer cleared, so a finished call keeps no timer alive (Node would otherwise
/// wait for it before exiting) and a call that waits many times does not pile up listeners.
pub(super) async fn sleep(ms: f64, signal: &AbortSignal) {
    if ms <= 0.0 || signal.aborted() {
        return;
    }
    let mut armed: Option<(Function, JsValue)> = None;
    let promise = Promise::new(&mut |resolve, _reject| {
        let timer = set_timeout(&resolve, ms);
        let _ = signal.add_event_listener_with_callback("abort", &resolve);
        armed = Some((resolve, timer));
    });
    let _ = JsFuture::from(promise).await;
    if let Some((resolve, timer)) = armed {
        let _ = signal.remove_event_listener_with_callback("abort", &resolve);
        clear_timeout(&timer);
    }
}

/// What the client was given as `fetch`.
#[derive(Clone)]
pub(super) enum Fetcher {
    /// The global `fetch` (through gloo-net).
    Global,
    /// A function `(request) => Promise<Response>`.
    Function(Function),
    /// An object with a `.fetch(request)` method (a Worker service binding).
    Object(JsValue),
}

impl Fetcher {
    pub(super) fn from_option(value: &JsValue) -> Result<Fetcher, Error> {
        if value.is_undefined() || value.is_null() {
            return Ok(Fetcher::Global);
        }
        if let Some(f) = value.dyn_ref::<Function>() {
            return Ok(Fetcher::Function(f.clone()));
        }
        if value.is_object() {
            let m = Reflect::get(value, &JsValue::from_str("fetch")).unwrap_or(JsValue::UNDEFINED);
            if m.is_function() {
                return Ok(Fetcher::Object(value.clone()));
            }
        }
        let mut e = Error::new(
            ErrorKind::Config,
            "Invalid client options: fetch must be a function or an object with a fetch() method",
        );
        e.issues.push(crate::core::Issue {
            field: "fetch".into(),
            code: crate::core::IssueCode::InvalidType,
            message: "fetch must be a function or an object with a fetch() method".into(),
            limit: None,
            actual: None,
        });
        Err(e)
    }
}

/// A response as the core decoders want it.
pub(super) struct Received {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<String>,
}

/// Sends one request and reads its whole body. Errors are `Network`, or `Timeout`/`Aborted`
/// when the scope stopped it. Messages never contain the URL.
pub(super) async fn send(
    fetcher: &Fetcher,
    req: &Request,
    blobs: &[JsValue],
    url: &str,
    authorization: Option<&str>,
    scope: &CallScope,
    timeout_ms: u32,
) -> Result<Received, Error> {
    let method = match req.method {
        Method::Get => GlooMethod::GET,
        Method::Post => GlooMethod::POST,
    };
    let signal = scope.signal();
    let mut builder = RequestBuilder::new(url).method(method).header("Accept", "application/json").abort_signal(Some(&signal));
    if let Some(auth) = authorization {
        builder = builder.header("Authorization", auth);
    }
    let request = match &req.form {
        Some(pairs) => {
            let form = FormData::new().map_err(|e| host_error(ErrorKind::Config, "FormData is not available", &e))?;
            for (k, v) in pairs {
                form.append_with_str(k, v).map_err(|e| host_error(ErrorKind::Config, "FormData.append failed", &e))?;
            }
            for part in &req.files {
                let blob = blobs.get(part.index as usize).and_then(|b| b.dyn_ref::<web_sys::Blob>());
                let Some(blob) = blob else {
                    return Err(Error::new(ErrorKind::Config, format!("the file of {} is missing", part.field)));
                };
                form.append_with_blob_and_filename(&part.field, blob, &part.file_name)
                    .map_err(|e| host_error(ErrorKind::Config, "FormData.append of a file failed", &e))?;
            }
            builder.body(form)
        }
        None => builder.build(),
    }
    .map_err(|e| Error::new(ErrorKind::Config, format!("could not build the request: {}", gloo_message(&e))))?;

    let raw: web_sys::Request = request.into();
    let promise = match fetcher {
        Fetcher::Global => {
            let f = Reflect::get(&js_sys::global(), &JsValue::from_str("fetch")).unwrap_or(JsValue::UNDEFINED);
            match f.dyn_ref::<Function>() {
                Some(f) => f.call1(&JsValue::UNDEFINED, &raw),
                None => return Err(Error::new(ErrorKind::Config, "this runtime has no global fetch: pass options.fetch")),
            }
        }
        Fetcher::Function(f) => f.call1(&JsValue::UNDEFINED, &raw),
        Fetcher::Object(o) => match Reflect::get(o, &JsValue::from_str("fetch")).ok().and_then(|m| m.dyn_into::<Function>().ok()) {
            Some(m) => m.call1(o, &raw),
            None => return Err(Error::new(ErrorKind::Config, "options.fetch has no fetch() method")),
        },
    };
    let stopped = |scope: &CallScope| scope.stopped(timeout_ms);
    let promise: Promise = match promise {
        Ok(p) => Promise::resolve(&p),
        Err(e) => return Err(stopped(scope).unwrap_or_else(|| host_error(ErrorKind::Network, "fetch threw", &e))),
    };
    let response = match scope.bounded(promise).await {
        Ok(r) => r,
        Err(e) => return Err(stopped(scope).unwrap_or_else(|| host_error(ErrorKind::Network, "network error, no HTTP response", &e))),
    };
    let status = Reflect::get(&response, &JsValue::from_str("status")).ok().and_then(|s| s.as_f64());
    let status = match status {
        Some(s) if (100.0..=599.0).contains(&s) => s as u16,
        _ => return Err(Error::new(ErrorKind::Network, "fetch resolved to something that is not a Response")),
    };
    // Through Reflect, not `instanceof`: an injected fetch may return another realm's Response.
    let retry_after = Reflect::get(&response, &JsValue::from_str("headers")).ok().and_then(|h| {
        let get = Reflect::get(&h, &JsValue::from_str("get")).ok()?.dyn_into::<Function>().ok()?;
        get.call1(&h, &JsValue::from_str("retry-after")).ok()?.as_string()
    });
    let text = Reflect::get(&response, &JsValue::from_str("text")).ok().and_then(|m| m.dyn_into::<Function>().ok());
    let body = match text.map(|t| t.call0(&response)) {
        Some(Ok(p)) => match scope.bounded(Promise::resolve(&p)).await {
            Ok(s) => s.as_string().unwrap_or_default(),
            Err(e) => {
                return Err(stopped(scope)
                    .unwrap_or_else(|| host_error(ErrorKind::Network, "the connection failed while reading the body", &e)))
            }
        },
        _ => return Err(Error::new(ErrorKind::Network, "the response body could not be read")),
    };
    Ok(Received { status, body, retry_after })
}

fn gloo_message(e: &gloo_net::Error) -> String {
    match e {
        gloo_net::Error::JsError(j) => j.message.clone(),
        gloo_net::Error::GlooError(m) => m.clone(),
        // `SerdeError` exists only when gloo-net's `json` feature is on (in test builds).
        #[allow(unreachable_patterns)]
        _ => "the request could not be built".into(),
    }
}
