//! The client over a real host fetch, against the fake TomTicket (tests/fake), in Node,
//! headless Chromium and headless Firefox (`scripts/test.sh` starts the fake on
//! FAKE_TOMTICKET_URL and runs `wasm-pack test --node/--chrome/--firefox`).
//! Each test resets the fake first; wasm-bindgen-test runs them one at a time.
#![cfg(target_arch = "wasm32")]

use js_sys::{Promise, Reflect};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use tomticket_wasm::js::{is_tomticket_error, Client};

#[path = "support/sample_ticket.rs"]
mod sample_ticket;

const FAKE: &str = match option_env!("FAKE_TOMTICKET_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:47311",
};
const TOKEN: &str = "test-token";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(cb: &js_sys::Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn now() -> f64;
}

// Through JSON text, as a user's data would be: the crate builds serde_json with
// `arbitrary_precision`, whose numbers serde-wasm-bindgen would turn into objects.
fn js(v: &Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap()
}

fn rust(v: &JsValue) -> Value {
    js_sys::JSON::stringify(v).ok().and_then(|s| s.as_string()).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or(Value::Null)
}

async fn control(method: &str, path: &str, body: Option<Value>) -> Value {
    let url = format!("{FAKE}/__control/{path}");
    let req = match method {
        "GET" => gloo_net::http::Request::get(&url).build().unwrap(),
        "DELETE" => gloo_net::http::Request::delete(&url).build().unwrap(),
        _ => gloo_net::http::Request::post(&url).json(&body.unwrap_or(json!({}))).unwrap(),
    };
    let resp = req.send().await.expect("the fake TomTicket must be running (scripts/test.sh starts it)");
    resp.json().await.unwrap_or(Value::Null)
}

async fn reset() {
    control("POST", "reset", None).await;
}

async fn fault(f: Value) {
    control("POST", "fault", Some(f)).await;
}

async fn requests() -> Vec<Value> {
    let v = control("GET", "requests", None).await;
    v["requests"].as_array().cloned().unwrap_or_default()
}

#[allow(dead_code)]
async fn store() -> Value {
    control("GET", "store", None).await
}

fn client(extra: Value) -> Client {
    let mut opts = json!({"token": TOKEN, "baseUrl": FAKE, "dangerouslyAllowTokenInBrowser": true});
    if let (Some(o), Some(e)) = (opts.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            o.insert(k.clone(), v.clone());
        }
    }
    match Client::new(js(&opts)) {
        Ok(c) => c,
        Err(e) => panic!("client: {:?}", rust(&e)),
    }
}

/// A client method's return value as a promise: a call returns a promise, and a synchronous
/// throw (the `Err` of the binding) is a rejection.
fn promise(r: Result<JsValue, JsValue>) -> Promise {
    match r {
        Ok(v) => v.unchecked_into(),
        Err(e) => Promise::reject(&e),
    }
}

async fn settle(r: Result<JsValue, JsValue>) -> Result<Value, JsValue> {
    JsFuture::from(promise(r)).await.map(|v| rust(&v))
}

fn prop(e: &JsValue, k: &str) -> Value {
    rust(&Reflect::get(e, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED))
}

fn kind(e: &JsValue) -> String {
    prop(e, "kind").as_str().unwrap_or("").to_owned()
}

/// Everything printable about an error: message, toString, and every property as JSON.
fn printable(e: &JsValue) -> String {
    let mut s = String::new();
    if let Ok(t) = Reflect::get(e, &JsValue::from_str("toString")).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        if let Ok(v) = t.call0(e) {
            s.push_str(&v.as_string().unwrap_or_default());
        }
    }
    for k in ["message", "stack", "kind", "status", "serverMessage", "issues", "endpoint", "name"] {
        s.push_str(&prop(e, k).to_string());
    }
    s
}

async fn seed() -> Value {
    control("GET", "seed", None).await
}

/// (internal id, e-mail, name) of a seeded customer.
async fn seed_customer() -> (String, String, String) {
    let c = seed().await["customers"]["withOrg"].clone();
    let f = |k: &str| c[k].as_str().unwrap_or_default().to_owned();
    (f("id"), f("email"), f("name"))
}

/// The seeded ticket with the long history, attachments, stopwatch and escalated tickets.
async fn seed_ticket() -> String {
    seed().await["tickets"]["rich"].as_str().unwrap_or_default().to_owned()
}

// ---------------------------------------------------------------------------------------------
// The four calls, and what the fake received.

#[wasm_bindgen_test]
async fn get_customer_by_id_and_by_email_sends_the_documented_request() {
    reset().await;
    let (id, email, name) = seed_customer().await;
    let c = client(json!({}));
    let got = settle(c.get_customer(js(&json!({"customerId": id})), None)).await.unwrap();
    assert_eq!(got["name"], json!(name));
    let got = settle(c.get_customer(js(&json!({"email": email.to_uppercase()})), None)).await.unwrap();
    assert_eq!(got["name"], json!(name));
    let reqs = requests().await;
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0]["method"], "GET");
    assert_eq!(reqs[0]["pathSegments"], json!(["v2.0", "customer", "details"]));
    assert_eq!(reqs[0]["query"]["customer_id"], json!(id));
    assert_eq!(reqs[0]["query"]["customer_type_id"], "I");
    assert_eq!(reqs[1]["query"]["customer_type_id"], "E");
    assert_eq!(reqs[0]["headers"]["authorization"], json!(format!("Bearer {TOKEN}")));
}

#[wasm_bindgen_test]
async fn create_customer_posts_form_data_in_wire_names() {
    reset().await;
    let c = client(json!({}));
    let input = json!({
        "customerId": "wasm-1", "name": "Zoë Ávila", "email": "zoe@example.com", "phone": "+55 11 99999-0000",
        "canCreateTickets": false, "language": "en_US", "customFields": {"abc123": "Gold"}
    });
    let got = settle(c.create_customer(js(&input), None)).await;
    assert!(got.is_ok(), "{got:?}");
    let reqs = requests().await;
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r["method"], "POST");
    assert_eq!(r["path"], "/v2.0/customer/new");
    assert!(r["contentType"].as_str().unwrap_or("").starts_with("multipart/form-data"), "{}", r["contentType"]);
    let f = &r["form"];
    assert_eq!(f["customer_id"], "wasm-1");
    assert_eq!(f["name"], "Zoë Ávila");
    assert_eq!(f["email"], "zoe@example.com");
    assert_eq!(f["create_tickets"], "0");
    assert_eq!(f["language"], "en-US");
    assert_eq!(f["custom_field[abc123]"], "Gold");
    // And it really is there now.
    let found = settle(c.get_customer(js(&json!({"customerId": "wasm-1"})), None)).await.unwrap();
    assert_eq!(found["name"], "Zoë Ávila");
}

#[wasm_bindgen_test]
async fn legacy_update_puts_the_token_in_the_path_and_sends_only_given_fields() {
    reset().await;
    let (_, email, _) = seed_customer().await;
    let c = client(json!({}));
    let input = json!({"identifier": email, "identifierType": "email", "phone": "1133334444", "portfolioId": null});
    let got = settle(c.update_customer(js(&input), None)).await;
    assert!(got.is_ok(), "{got:?}");
    let reqs = requests().await;
    let r = &reqs[0];
    assert_eq!(r["pathSegments"], json!(["update_cliente", TOKEN, email, "E"]));
    let form = r["form"].as_object().cloned().unwrap_or_default();
    assert_eq!(form.get("telefone"), Some(&json!("1133334444")));
    assert_eq!(form.get("portfolio_id"), Some(&json!("")), "null portfolioId is sent empty: remove from portfolio");
    assert!(!form.contains_key("nome"), "fields not given are not sent: {form:?}");
}

#[wasm_bindgen_test]
async fn get_ticket_with_both_flags_decodes_the_whole_ticket() {
    reset().await;
    let id = seed_ticket().await;
    let c = client(json!({}));
    let q = json!({"ticketId": id, "includeStopwatch": true, "includeEscalatedTickets": true});
    let t = settle(c.get_ticket(js(&q), None)).await.unwrap();
    assert_eq!(t["id"], json!(id));
    assert!(t["history"].as_array().map(|h| h.len()).unwrap_or(0) >= 6, "{t}");
    assert!(t["stopwatch"].is_array());
    assert!(t["escalatedTickets"].is_array());
    assert!(t["priority"].is_string() || t["priority"].is_object());
    let reqs = requests().await;
    assert_eq!(reqs[0]["pathSegments"], json!(["chamado", TOKEN, id]));
    assert_eq!(reqs[0]["query"]["stopwatch"], "1");
    assert_eq!(reqs[0]["query"]["show_staggered_tickets"], "1");
}

#[wasm_bindgen_test]
async fn live_deviation_shapes_decode_too() {
    reset().await;
    let id = seed_ticket().await;
    control("POST", "config", Some(json!({"deviations": true}))).await;
    let c = client(json!({}));
    let t = settle(c.get_ticket(js(&json!({"ticketId": id})), None)).await.unwrap();
    assert_eq!(t["id"], json!(id));
    assert_eq!(t["type"], "external");
    let created = t["createdAt"].as_str().unwrap_or_default();
    assert!(created.contains('T') && !created.ends_with('Z'), "ISO without an invented offset: {created}");
}

// ---------------------------------------------------------------------------------------------
// Errors: every kind, typed, and never the token.

#[wasm_bindgen_test]
async fn validation_errors_never_reach_the_network() {
    reset().await;
    let c = client(json!({}));
    let e = settle(c.create_customer(js(&json!({"customerId": "", "name": "x".repeat(251), "email": "nope"})), None))
        .await
        .unwrap_err();
    assert!(is_tomticket_error(&e));
    assert_eq!(kind(&e), "validation");
    let fields: Vec<String> = prop(&e, "issues").as_array().unwrap().iter().map(|i| i["field"].as_str().unwrap_or("").to_owned()).collect();
    assert!(fields.contains(&"customerId".into()) && fields.contains(&"name".into()) && fields.contains(&"email".into()), "{fields:?}");
    assert!(e.dyn_ref::<js_sys::Error>().is_some(), "a real Error object");
    assert_eq!(requests().await.len(), 0);
}

#[wasm_bindgen_test]
async fn each_error_kind_is_typed_and_never_shows_the_token() {
    reset().await;
    let (id, _, _) = seed_customer().await;
    let ticket = seed_ticket().await;
    let lookup = js(&json!({"customerId": id}));
    let no_retry = json!({"retry": false, "timeoutMs": 1500});
    let mut seen = Vec::new();
    let cases: Vec<(Value, &str, bool)> = vec![
        (json!({"kind": "status", "status": 403}), "forbidden", false),
        (json!({"kind": "status", "status": 500}), "server", false),
        (json!({"kind": "status", "status": 429}), "rateLimited", false),
        (json!({"kind": "html"}), "server", false),
        (json!({"kind": "truncated"}), "decode", false),
        (json!({"kind": "empty"}), "decode", false),
        (json!({"kind": "businessError"}), "api", false),
        // `times: 0` = until cleared: a browser silently re-sends a GET once when a reused
        // keep-alive connection is dropped, which would consume a one-shot fault.
        (json!({"kind": "drop", "times": 0}), "network", false),
        (json!({"kind": "hang"}), "timeout", false),
        (json!({"kind": "status", "status": 500}), "server", true),
    ];
    for (f, want, legacy) in cases {
        control("DELETE", "fault", None).await;
        fault(f.clone()).await;
        let c = client(no_retry.clone());
        let p = if legacy { c.get_ticket(js(&json!({"ticketId": ticket})), None) } else { c.get_customer(lookup.clone(), None) };
        let e = match settle(p).await {
            Err(e) => e,
            Ok(v) => panic!("{f} should fail, got {v}"),
        };
        assert!(is_tomticket_error(&e), "{f}");
        assert_eq!(kind(&e), want, "{f}: {}", printable(&e));
        let text = printable(&e);
        assert!(!text.contains(TOKEN), "token leaked for {f}: {text}");
        if legacy {
            assert!(prop(&e, "endpoint").as_str().unwrap_or("").contains("/chamado/***/"), "{text}");
        }
        seen.push(want);
    }
    // 401 and 404 from the real endpoints.
    control("DELETE", "fault", None).await;
    let bad = Client::new(js(&json!({"token": "wrong-token", "baseUrl": FAKE, "dangerouslyAllowTokenInBrowser": true}))).unwrap();
    let e = settle(bad.get_ticket(js(&json!({"ticketId": ticket})), None)).await.unwrap_err();
    assert_eq!(kind(&e), "unauthorized");
    assert_eq!(prop(&e, "status"), json!(401));
    assert!(!printable(&e).contains("wrong-token"), "{}", printable(&e));
    let c = client(json!({}));
    let e = settle(c.get_customer(js(&json!({"customerId": "nobody-here"})), None)).await.unwrap_err();
    assert_eq!(kind(&e), "notFound");
    assert!(prop(&e, "serverMessage").is_string());
}

#[wasm_bindgen_test]
async fn a_stopped_server_is_a_network_error() {
    let c = Client::new(js(&json!({"token": TOKEN, "baseUrl": "http://127.0.0.1:9", "retry": false, "dangerouslyAllowTokenInBrowser": true}))).unwrap();
    let e = settle(c.get_customer(js(&json!({"customerId": "x"})), None)).await.unwrap_err();
    assert_eq!(kind(&e), "network", "{}", printable(&e));
}

#[wasm_bindgen_test]
async fn abort_rejects_promptly_and_stops_retrying() {
    reset().await;
    let (id, _, _) = seed_customer().await;
    fault(json!({"kind": "hang"})).await;
    let c = client(json!({}));
    let controller = web_sys::AbortController::new().unwrap();
    let opts = js_sys::Object::new();
    Reflect::set(&opts, &"signal".into(), &controller.signal()).unwrap();
    let t0 = now();
    let p = c.get_customer(js(&json!({"customerId": id})), Some(opts.unchecked_into()));
    let ctl = controller.clone();
    let cb = Closure::once_into_js(move || ctl.abort());
    set_timeout(cb.unchecked_ref(), 200.0);
    let e = settle(p).await.unwrap_err();
    let took = now() - t0;
    assert_eq!(kind(&e), "aborted");
    assert!(took < 1500.0, "aborted after {took} ms");
    // No retry keeps running: after a pause, the fake saw only the one hung request.
    JsFuture::from(Promise::new(&mut |r, _| {
        set_timeout(&r, 700.0);
    }))
    .await
    .unwrap();
    assert_eq!(requests().await.len(), 1);
}

#[wasm_bindgen_test]
async fn timeout_rejects_promptly() {
    reset().await;
    let (id, _, _) = seed_customer().await;
    fault(json!({"kind": "hang", "times": 0})).await;
    let c = client(json!({"timeoutMs": 400}));
    let t0 = now();
    let e = settle(c.get_customer(js(&json!({"customerId": id})), None)).await.unwrap_err();
    let took = now() - t0;
    assert_eq!(kind(&e), "timeout");
    assert!((350.0..2000.0).contains(&took), "timed out after {took} ms");
    control("DELETE", "fault", None).await;
}

// ---------------------------------------------------------------------------------------------
// Retries.

#[wasm_bindgen_test]
async fn get_retries_503_503_then_succeeds() {
    reset().await;
    let (id, _, name) = seed_customer().await;
    fault(json!({"kind": "status", "status": 503, "times": 2})).await;
    let c = client(json!({"retry": {"baseDelayMs": 20}}));
    let got = settle(c.get_customer(js(&json!({"customerId": id})), None)).await.unwrap();
    assert_eq!(got["name"], json!(name));
    let statuses: Vec<Value> = requests().await.iter().map(|r| r["status"].clone()).collect();
    assert_eq!(statuses, vec![json!(503), json!(503), json!(200)]);
}

#[wasm_bindgen_test]
async fn post_is_not_retried_after_500() {
    reset().await;
    fault(json!({"kind": "status", "status": 500, "path": "/v2.0/customer/new"})).await;
    let c = client(json!({"retry": {"baseDelayMs": 20}}));
    let e = settle(c.create_customer(js(&json!({"customerId": "dup-1", "name": "Dup"})), None)).await.unwrap_err();
    assert_eq!(kind(&e), "server");
    assert_eq!(requests().await.len(), 1, "a POST that may have acted is never repeated");
}

#[wasm_bindgen_test]
async fn post_is_retried_after_429() {
    reset().await;
    fault(json!({"kind": "status", "status": 429, "path": "/v2.0/customer/new", "retryAfter": 0.1})).await;
    let c = client(json!({}));
    let got = settle(c.create_customer(js(&json!({"customerId": "rl-1", "name": "Later"})), None)).await;
    assert!(got.is_ok(), "{got:?}");
    let statuses: Vec<Value> = requests().await.iter().map(|r| r["status"].clone()).collect();
    assert_eq!(statuses, vec![json!(429), json!(200)]);
}

// ---------------------------------------------------------------------------------------------
// Concurrency and the rate limit.

#[wasm_bindgen_test]
async fn concurrent_calls_on_one_client() {
    reset().await;
    let (id, _, _) = seed_customer().await;
    let c = client(json!({"requestsPerSecond": 0}));
    let ticket = seed_ticket().await;
    let all = js_sys::Array::new();
    for i in 0..8 {
        let p = if i % 2 == 0 { c.get_customer(js(&json!({"customerId": id})), None) } else { c.get_ticket(js(&json!({"ticketId": ticket})), None) };
        all.push(&promise(p));
    }
    control("POST", "config", Some(json!({"rps": 0}))).await;
    let res = JsFuture::from(Promise::all(&all)).await;
    assert!(res.is_ok(), "{:?}", res.err().map(|e| printable(&e)));
}

#[wasm_bindgen_test]
async fn burst_of_30_at_3_per_second_gets_no_429() {
    reset().await;
    let (id, _, _) = seed_customer().await;
    let c = client(json!({"retry": false}));
    let all = js_sys::Array::new();
    let t0 = now();
    for _ in 0..30 {
        all.push(&promise(c.get_customer(js(&json!({"customerId": id})), None)));
    }
    let res = JsFuture::from(Promise::all(&all)).await;
    let secs = (now() - t0) / 1000.0;
    let reqs = requests().await;
    let n429 = reqs.iter().filter(|r| r["status"] == json!(429)).count();
    console_log!("burst: {} requests, {n429} answered 429, {secs:.2} s", reqs.len());
    assert!(res.is_ok());
    assert_eq!((reqs.len(), n429), (30, 0));
    assert!((8.5..13.0).contains(&secs), "30 calls at 3/s took {secs} s");
}

// ---------------------------------------------------------------------------------------------
// Options.

#[wasm_bindgen_test]
async fn injected_fetch_function_and_object_are_used() {
    reset().await;
    let (id, _, name) = seed_customer().await;
    let calls = std::rc::Rc::new(std::cell::Cell::new(0));
    let counter = calls.clone();
    let global_fetch: js_sys::Function = Reflect::get(&js_sys::global(), &"fetch".into()).unwrap().unchecked_into();
    let f = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |req: JsValue| {
        counter.set(counter.get() + 1);
        global_fetch.call1(&JsValue::UNDEFINED, &req).unwrap()
    });
    let as_fn: JsValue = f.as_ref().clone();
    let obj = js_sys::Object::new();
    Reflect::set(&obj, &"fetch".into(), &as_fn).unwrap();
    for fetch in [as_fn.clone(), obj.into()] {
        let opts = js(&json!({"token": TOKEN, "baseUrl": FAKE, "dangerouslyAllowTokenInBrowser": true}));
        Reflect::set(&opts, &"fetch".into(), &fetch).unwrap();
        let c = Client::new(opts).unwrap();
        let got = settle(c.get_customer(js(&json!({"customerId": id})), None)).await.unwrap();
        assert_eq!(got["name"], json!(name));
    }
    assert_eq!(calls.get(), 2);
    drop(f);
}

#[wasm_bindgen_test]
fn bad_options_are_all_reported_and_never_echo_the_token() {
    let e = Client::new(js(&json!({"token": "sec ret\n", "baseUrl": "http://api.tomticket.com", "timeoutMs": "soon"}))).err().unwrap();
    assert_eq!(kind(&e), "config");
    assert_eq!(prop(&e, "issues").as_array().map(|a| a.len()), Some(3));
    assert!(!printable(&e).contains("sec ret"));
}

#[wasm_bindgen_test]
fn raw_token_in_a_browser_page_needs_the_opt_in() {
    let in_page = Reflect::get(&js_sys::global(), &"document".into()).map(|d| d.is_object()).unwrap_or(false);
    let r = Client::new(js(&json!({"token": "t", "baseUrl": FAKE})));
    if in_page {
        let e = r.err().unwrap();
        assert_eq!(kind(&e), "config");
        assert!(prop(&e, "message").as_str().unwrap().contains("dangerouslyAllowTokenInBrowser"));
    } else {
        assert!(r.is_ok(), "no window/document: not a page (Node, Workers)");
    }
    // A proxy with no token is always fine.
    assert!(Client::new(js(&json!({"baseUrl": "https://proxy.example/tt"}))).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Pure exports (no network) through the same binding.

use tomticket_wasm::js::exports as x;

#[wasm_bindgen_test]
fn validate_and_encode_exports() {
    let bad = js(&json!({"customerId": "c", "name": "😀".repeat(251), "email": "x@", "phone": undefined_marker()}));
    let issues = rust(&x::validate_new_customer(bad).unwrap());
    let got: Vec<(String, String)> = issues
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["field"].as_str().unwrap().to_owned(), i["code"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(got, vec![("name".into(), "tooLong".into()), ("email".into(), "invalidEmail".into())]);
    assert_eq!(issues[0]["limit"], 250);
    assert_eq!(issues[0]["actual"], 251, "code points, not UTF-16 units");
    let enc = rust(&x::encode_customer_update(js(&json!({"identifier": "a/b?c#d", "identifierType": "internalId", "name": "N"}))).unwrap());
    assert_eq!(enc["path"], "/update_cliente/***/a%2Fb%3Fc%23d/I");
    let err = x::encode_new_customer(js(&json!({}))).unwrap_err();
    assert!(is_tomticket_error(&err));
    assert_eq!(kind(&err), "validation");
}

/// `{ phone: undefined }` must read as "not given" (JSON.stringify drops it).
fn undefined_marker() -> Value {
    Value::Null
}

#[wasm_bindgen_test]
fn undefined_properties_are_absent_but_null_is_kept() {
    let input = js_sys::Object::new();
    Reflect::set(&input, &"identifier".into(), &"a@b.co".into()).unwrap();
    Reflect::set(&input, &"identifierType".into(), &"email".into()).unwrap();
    Reflect::set(&input, &"phone".into(), &"1".into()).unwrap();
    Reflect::set(&input, &"portfolioId".into(), &JsValue::UNDEFINED).unwrap();
    let enc = rust(&x::encode_customer_update(input.clone().into()).unwrap());
    assert!(!enc["body"].as_str().unwrap().contains("portfolio_id"), "{enc}");
    Reflect::set(&input, &"portfolioId".into(), &JsValue::NULL).unwrap();
    let enc = rust(&x::encode_customer_update(input.into()).unwrap());
    assert!(enc["body"].as_str().unwrap().contains("portfolio_id="), "{enc}");
}

#[wasm_bindgen_test]
fn decode_exports_and_piperun() {
    let t = rust(&x::decode_ticket(200.into(), sample_ticket::sample_ticket_json(3, true).into(), None).unwrap());
    assert_eq!(t["history"].as_array().map(|h| h.len()), Some(3));
    let e = x::decode_ticket(200.into(), "<html>oops</html>".into(), None).unwrap_err();
    assert_eq!(kind(&e), "decode");
    let e = x::decode_customer_details(429.into(), "".into(), Some(JsValue::from_str("2").unchecked_into())).unwrap_err();
    assert_eq!((kind(&e), prop(&e, "retryAfterMs")), ("rateLimited".into(), json!(2000)));
    let body = r#"{"talk":{"customer":{"id":7,"name":"Ana","emails":[{"id":1,"email":"ana@example.com"}],"telephones":[]}}}"#;
    let m = rust(&x::map_piperun_customer(JsValue::from_str(body), None).unwrap());
    assert_eq!(m["update"]["identifierType"], "email");
    assert_eq!(m["newCustomer"]["customerId"], "piperun:7");
    let e = x::parse_piperun_customer(JsValue::from_str(r#"{"talk":{"customer":{"name":"A","telephones":"nope"}}}"#)).unwrap_err();
    assert_eq!(kind(&e), "validation");
    let fields: Vec<Value> = prop(&e, "issues").as_array().unwrap().iter().map(|i| i["field"].clone()).collect();
    assert!(fields.contains(&json!("talk.customer.id")) && fields.contains(&json!("talk.customer.telephones")), "{fields:?}");
}

// ---------------------------------------------------------------------------------------------
// Hardening (issue 15): what a fetch that ignores signals and a hostile caller do.

/// A client whose fetch never settles (it ignores the abort signal, like some injected fetches).
fn hanging_client(timeout_ms: u32) -> (Client, Closure<dyn FnMut(JsValue) -> JsValue>) {
    let f = Closure::<dyn FnMut(JsValue) -> JsValue>::new(|_req: JsValue| Promise::new(&mut |_, _| {}).into());
    let opts = js(&json!({"token": TOKEN, "baseUrl": FAKE, "timeoutMs": timeout_ms, "dangerouslyAllowTokenInBrowser": true}));
    Reflect::set(&opts, &"fetch".into(), f.as_ref()).unwrap();
    (Client::new(opts).unwrap(), f)
}

#[wasm_bindgen_test]
async fn a_fetch_that_ignores_the_signal_still_ends_at_the_deadline_and_on_abort() {
    let (c, _f) = hanging_client(300);
    let t0 = now();
    let e = settle(c.get_customer(js(&json!({"customerId": "c"})), None)).await.unwrap_err();
    let took = now() - t0;
    assert_eq!(kind(&e), "timeout");
    assert!(took < 2000.0, "ended after {took} ms, deadline 300 ms");
    let (c, _f) = hanging_client(30_000);
    let ac = web_sys::AbortController::new().unwrap();
    let opts = js_sys::Object::new();
    Reflect::set(&opts, &"signal".into(), &ac.signal()).unwrap();
    let p = c.get_customer(js(&json!({"customerId": "c"})), Some(opts.unchecked_into()));
    let abort = ac.clone();
    let cb = Closure::<dyn FnMut()>::new(move || abort.abort());
    set_timeout(cb.as_ref().unchecked_ref(), 50.0);
    let t0 = now();
    let e = settle(p).await.unwrap_err();
    assert_eq!(kind(&e), "aborted");
    assert!(now() - t0 < 2000.0);
}

#[wasm_bindgen_test]
async fn a_retry_after_past_the_deadline_fails_at_once_as_rate_limited() {
    reset().await;
    fault(json!({"kind": "status", "status": 429, "retryAfter": 60, "times": 1})).await;
    let c = client(json!({"timeoutMs": 5000}));
    let t0 = now();
    let e = settle(c.get_customer(js(&json!({"customerId": "c"})), None)).await.unwrap_err();
    assert_eq!(kind(&e), "rateLimited");
    assert_eq!(prop(&e, "retryAfterMs"), json!(60_000));
    assert!(now() - t0 < 3000.0, "it slept on a Retry-After it could not honour");
}

#[wasm_bindgen_test]
fn non_json_values_are_issues_naming_their_field() {
    let input = js(&json!({"customerId": "c", "name": "n", "customFields": {"a": "x"}}));
    let fields = Reflect::get(&input, &"customFields".into()).unwrap();
    Reflect::set(&fields, &"nan".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    Reflect::set(&fields, &"inf".into(), &JsValue::from_f64(f64::INFINITY)).unwrap();
    Reflect::set(&fields, &"sym".into(), &js_sys::Symbol::for_("x").into()).unwrap();
    Reflect::set(&fields, &"big".into(), &js_sys::BigInt::from(5u32).into()).unwrap();
    let issues = rust(&x::validate_new_customer(input).unwrap());
    let got: Vec<&str> = issues.as_array().unwrap().iter().map(|i| i["field"].as_str().unwrap()).collect();
    assert_eq!(got, vec!["customFields.nan", "customFields.inf", "customFields.sym", "customFields.big"]);
    // a cycle, a lone surrogate
    let cyc = js(&json!({"identifier": "a@b.co", "identifierType": "email", "customFields": {}}));
    let inner = Reflect::get(&cyc, &"customFields".into()).unwrap();
    Reflect::set(&inner, &"self".into(), &inner).unwrap();
    Reflect::set(&cyc, &"name".into(), &js_sys::JSON::parse(r#""a\ud800b""#).unwrap()).unwrap();
    let issues = rust(&x::validate_customer_update(cyc).unwrap());
    let got: Vec<(&str, &str)> = issues.as_array().unwrap().iter().map(|i| (i["field"].as_str().unwrap(), i["code"].as_str().unwrap())).collect();
    assert!(got.contains(&("customFields.self", "invalidType")), "{got:?}");
    assert!(got.contains(&("name", "invalidCharacters")), "{got:?}");
}

#[wasm_bindgen_test]
fn bad_option_values_are_config_errors_not_defaults() {
    for (key, value) in [("timeoutMs", JsValue::from_f64(f64::NAN)), ("requestsPerSecond", JsValue::from_f64(f64::INFINITY)), ("token", js_sys::Symbol::for_("t").into())] {
        let opts = js(&json!({"baseUrl": FAKE}));
        Reflect::set(&opts, &key.into(), &value).unwrap();
        let e = Client::new(opts).err().unwrap_or_else(|| panic!("{key} accepted"));
        assert_eq!(kind(&e), "config", "{key}");
        assert_eq!(prop(&e, "issues")[0]["field"], json!(key));
    }
}

#[wasm_bindgen_test]
fn decode_exports_check_their_arguments() {
    for (status, body) in [(JsValue::from_f64(200.5), JsValue::from_str("{}")), (JsValue::from_f64(65736.0), JsValue::from_str("{}")), (JsValue::from_f64(200.0), JsValue::from_f64(5.0))] {
        let e = x::decode_customer_details(status, body, None).unwrap_err();
        assert!(is_tomticket_error(&e));
        assert_eq!(kind(&e), "validation");
    }
    let e = x::decode_customer_details(200.into(), "{}".into(), Some(JsValue::from(js_sys::Symbol::for_("r")).unchecked_into())).unwrap_err();
    assert_eq!(prop(&e, "issues")[0]["field"], json!("retryAfter"));
}

/// `customer/exists`: the help centre shows it as `customer/exists` and as `customers/exists`.
/// Decision (docs/architecture.md): the singular is sent; a 404 with TomTicket's envelope is
/// "no such customer", a 404 without one (the route is not there) stays an error.
#[wasm_bindgen_test]
async fn customer_exists_sends_the_singular_path_and_reads_404_as_absent() {
    reset().await;
    let (id, email, _) = seed_customer().await;
    let c = client(json!({}));
    let got = settle(c.customer_exists(js(&json!({"email": email})), None)).await.unwrap();
    assert_eq!(got["exists"], json!(true));
    let got = settle(c.customer_exists(js(&json!({"customerId": id})), None)).await.unwrap();
    assert_eq!(got["exists"], json!(true));
    let got = settle(c.customer_exists(js(&json!({"customerId": "nobody-here"})), None)).await.unwrap();
    assert_eq!(got["exists"], json!(false));
    let reqs = requests().await;
    assert_eq!(reqs.len(), 3);
    for r in &reqs {
        assert_eq!(r["path"], "/v2.0/customer/exists", "{r}");
    }
}

#[wasm_bindgen_test]
async fn a_host_error_is_the_cause_as_a_scrubbed_copy() {
    let f = Closure::<dyn FnMut(JsValue) -> JsValue>::new(|_req: JsValue| {
        let e = js_sys::Error::new(&format!("socket closed while talking to /chamado/{TOKEN}/x"));
        e.set_name("TypeError");
        js_sys::Promise::reject(&e).into()
    });
    let opts = js(&json!({"token": TOKEN, "baseUrl": FAKE, "retry": false, "dangerouslyAllowTokenInBrowser": true}));
    Reflect::set(&opts, &"fetch".into(), f.as_ref()).unwrap();
    let c = Client::new(opts).unwrap();
    let e = settle(c.get_ticket(js(&json!({"ticketId": "t1"})), None)).await.unwrap_err();
    assert_eq!(kind(&e), "network");
    let cause = Reflect::get(&e, &"cause".into()).unwrap();
    assert!(cause.is_instance_of::<js_sys::Error>(), "cause is an Error");
    let msg = Reflect::get(&cause, &"message".into()).unwrap().as_string().unwrap_or_default();
    assert!(msg.starts_with("TypeError: socket closed"), "{msg}");
    assert!(!msg.contains(TOKEN) && !printable(&e).contains(TOKEN), "{msg}");
}

// ---------------------------------------------------------------------------------------------
// The v2 calls: pagination, abort between and during pages, attachments, what is sent.

/// `obj[name](...args)`.
fn invoke(obj: &JsValue, name: &str, args: &[JsValue]) -> JsValue {
    let f: js_sys::Function = Reflect::get(obj, &name.into()).unwrap().unchecked_into();
    f.apply(obj, &args.iter().collect::<js_sys::Array>()).unwrap()
}

/// The next value of an async iterator: `Ok(None)` at its end, `Err` when it rejects.
async fn next(it: &JsValue) -> Result<Option<JsValue>, JsValue> {
    let r = JsFuture::from(invoke(it, "next", &[]).unchecked_into::<Promise>()).await?;
    if Reflect::get(&r, &"done".into()).unwrap().as_bool().unwrap_or(false) {
        Ok(None)
    } else {
        Ok(Some(Reflect::get(&r, &"value".into()).unwrap()))
    }
}

/// List options `{ ...extra, signal? }` (pass as `Some(list_options(..).unchecked_into())`).
fn list_options(extra: Value, signal: Option<&web_sys::AbortSignal>) -> JsValue {
    let o = js(&extra);
    if let Some(s) = signal {
        Reflect::set(&o, &"signal".into(), s).unwrap();
    }
    o
}

/// A `File` of `size` zero bytes (the host's own constructor).
fn file(name: &str, size: u32, mime: &str) -> JsValue {
    let ctor: js_sys::Function = Reflect::get(&js_sys::global(), &"File".into()).unwrap().unchecked_into();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::new_with_length(size));
    Reflect::construct(&ctor, &js_sys::Array::of3(&parts, &name.into(), &js(&json!({ "type": mime })))).unwrap()
}

/// `input` with `attachments` set to these JS values.
fn with_attachments(input: Value, files: &[JsValue]) -> JsValue {
    let o = js(&input);
    Reflect::set(&o, &"attachments".into(), &files.iter().collect::<js_sys::Array>()).unwrap();
    o
}

fn page_numbers(reqs: &[Value]) -> Vec<String> {
    reqs.iter().map(|r| r["query"]["page"].as_str().unwrap_or("-").to_owned()).collect()
}

#[wasm_bindgen_test]
async fn list_tickets_walks_the_pages_and_stops_at_the_last() {
    reset().await;
    control("POST", "config", Some(json!({"rps": 0}))).await;
    let seed = seed().await;
    let maria = seed["demo"]["customer"].as_str().unwrap().to_owned();
    let hers = seed["demo"]["tickets"].as_u64().unwrap() as usize;
    let total = seed["counts"]["tickets"].as_u64().unwrap() as usize;
    let c = client(json!({"requestsPerSecond": 0}));

    // Every item of every page: 2 pages for her (50 + 15), then next_page null ends it.
    let it = c.list_tickets(js(&json!({"customerId": maria})), None).unwrap();
    let all = rust(&JsFuture::from(invoke(&it, "toArray", &[]).unchecked_into::<Promise>()).await.unwrap());
    let all = all.as_array().cloned().unwrap_or_default();
    assert_eq!(all.len(), hers);
    assert!(all.iter().all(|t| t["customer"]["id"] == json!(maria)), "someone else's ticket in her list");
    let reqs = requests().await;
    assert_eq!(page_numbers(&reqs), vec!["1", "2"]);
    for r in &reqs {
        assert_eq!(r["path"], "/v2.0/ticket/list");
        assert_eq!((r["query"]["customer_id"].as_str(), r["query"]["customer_type_id"].as_str()), (Some(maria.as_str()), Some("I")));
    }

    // Page by page, at most 2 pages of everything.
    control("DELETE", "requests", None).await;
    let pages = invoke(&c.list_tickets(js(&json!({})), Some(list_options(json!({"maxPages": 2}), None).unchecked_into())).unwrap(), "pages", &[]);
    let p1 = rust(&next(&pages).await.unwrap().unwrap());
    let p2 = rust(&next(&pages).await.unwrap().unwrap());
    assert!(next(&pages).await.unwrap().is_none(), "maxPages: 2 stops after two pages");
    assert_eq!((p1["page"].clone(), p1["nextPage"].clone(), p1["total"].clone()), (json!(1), json!(2), json!(total)));
    assert_eq!((p2["page"].clone(), p2["nextPage"].clone()), (json!(2), json!(3)));
    assert_eq!(p1["items"].as_array().map(Vec::len), Some(50));
    assert_eq!(p2["items"].as_array().map(Vec::len), Some(50));
    assert_eq!(page_numbers(&requests().await), vec!["1", "2"]);

    // `for await` over the items from page 3: the rest, in one request.
    control("DELETE", "requests", None).await;
    let from3 = c.list_tickets(js(&json!({})), Some(list_options(json!({"startPage": 3}), None).unchecked_into())).unwrap();
    let make: js_sys::Function = Reflect::get(&from3, &js_sys::Symbol::async_iterator().into()).unwrap().unchecked_into();
    let items = make.call0(&from3).unwrap();
    let mut n = 0;
    while let Some(t) = next(&items).await.unwrap() {
        assert!(rust(&t)["id"].is_string());
        n += 1;
    }
    assert_eq!(n, total - 100);
    assert_eq!(page_numbers(&requests().await), vec!["3"]);
}

#[wasm_bindgen_test]
async fn aborting_between_pages_and_during_a_page_rejects_as_aborted() {
    reset().await;
    control("POST", "config", Some(json!({"rps": 0}))).await;
    let c = client(json!({"requestsPerSecond": 0}));

    // Between pages: page 1 arrives, then the signal fires; the next page rejects.
    let ac = web_sys::AbortController::new().unwrap();
    let pages = invoke(&c.list_tickets(js(&json!({})), Some(list_options(json!({}), Some(&ac.signal())).unchecked_into())).unwrap(), "pages", &[]);
    let p1 = rust(&next(&pages).await.unwrap().unwrap());
    assert_eq!(p1["page"], 1);
    let before = requests().await.len();
    ac.abort();
    let e = next(&pages).await.unwrap_err();
    assert!(is_tomticket_error(&e), "{}", printable(&e));
    assert_eq!(kind(&e), "aborted", "{}", printable(&e));
    let after = requests().await.len();
    assert!(after - before <= 1, "{} more requests after the abort", after - before);
    assert!(next(&pages).await.unwrap().is_none(), "the iteration is over after the rejection");

    // During a page: page 2 is slow (2 s); the signal fires after 100 ms.
    control("DELETE", "requests", None).await;
    let ac = web_sys::AbortController::new().unwrap();
    let pages = invoke(&c.list_tickets(js(&json!({})), Some(list_options(json!({}), Some(&ac.signal())).unchecked_into())).unwrap(), "pages", &[]);
    next(&pages).await.unwrap().unwrap();
    fault(json!({"kind": "delay", "delayMs": 2000, "path": "/v2.0/ticket/list"})).await;
    let abort = ac.clone();
    let cb = Closure::<dyn FnMut()>::new(move || abort.abort());
    set_timeout(cb.as_ref().unchecked_ref(), 100.0);
    let t0 = now();
    let e = next(&pages).await.unwrap_err();
    let took = now() - t0;
    assert_eq!(kind(&e), "aborted", "{}", printable(&e));
    assert!(took < 1500.0, "the abort took {took} ms to end a 2 s page");
    assert_eq!(page_numbers(&requests().await), vec!["1", "2"], "page 2 was sent once, then abandoned");
}

#[wasm_bindgen_test]
async fn attachments_over_the_limits_are_refused_with_nothing_sent() {
    reset().await;
    let seed = seed().await;
    let maria = seed["demo"]["customer"].clone();
    let support = seed["departments"]["support"].clone();
    let ticket = seed["v2Tickets"]["notStarted"].clone();
    let c = client(json!({}));

    // 26 files on a new ticket.
    let files: Vec<JsValue> = (0..26).map(|i| file(&format!("f{i}.txt"), 1, "text/plain")).collect();
    let input = with_attachments(json!({"customerId": maria, "departmentId": support, "subject": "s", "message": "m"}), &files);
    let e = settle(c.create_ticket(input, None)).await.unwrap_err();
    assert_eq!(kind(&e), "validation", "{}", printable(&e));
    let i = &prop(&e, "issues")[0];
    assert_eq!((i["field"].clone(), i["code"].clone(), i["limit"].clone(), i["actual"].clone()), (json!("attachments"), json!("tooMany"), json!(25), json!(26)));

    // 25 MiB + 1 byte on a reply, as bytes with a name.
    let big = js(&json!({"name": "big.bin"}));
    Reflect::set(&big, &"data".into(), &js_sys::Uint8Array::new_with_length(26_214_401)).unwrap();
    let input = with_attachments(json!({"ticketId": ticket, "message": "m"}), &[big]);
    let e = settle(c.reply_as_customer(input, None)).await.unwrap_err();
    assert_eq!(kind(&e), "validation", "{}", printable(&e));
    assert_eq!(prop(&e, "issues")[0]["code"], "tooLarge");

    // A Blob without a name.
    let blob = Reflect::construct(
        &Reflect::get(&js_sys::global(), &"Blob".into()).unwrap().unchecked_into::<js_sys::Function>(),
        &js_sys::Array::of1(&js_sys::Array::of1(&"abc".into())),
    )
    .unwrap();
    let input = with_attachments(json!({"ticketId": ticket, "message": "m"}), &[blob]);
    let e = settle(c.reply_as_operator(input, None)).await.unwrap_err();
    assert_eq!(prop(&e, "issues")[0]["field"], "attachments[0].name");

    assert_eq!(requests().await.len(), 0, "a refused attachment must not reach the network");
}

#[wasm_bindgen_test]
async fn create_ticket_reads_the_ids_from_the_root_and_sends_the_file() {
    reset().await;
    let seed = seed().await;
    let email = seed["demo"]["email"].clone();
    let support = seed["departments"]["support"].clone();
    let invoice = seed["categories"]["support"]["invoice"].clone();
    let nfe = seed["ticketCustomFields"]["nfe"].as_str().unwrap().to_owned();
    // A fetch that keeps a copy of every answer's text.
    let bodies = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let seen = bodies.clone();
    let global_fetch: js_sys::Function = Reflect::get(&js_sys::global(), &"fetch".into()).unwrap().unchecked_into();
    let f = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |req: JsValue| {
        let sent: Promise = global_fetch.call1(&JsValue::UNDEFINED, &req).unwrap().unchecked_into();
        let seen = seen.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let resp = JsFuture::from(sent).await?;
            let copy = resp.unchecked_ref::<web_sys::Response>().clone()?;
            let text = JsFuture::from(copy.text()?).await?;
            seen.borrow_mut().push(text.as_string().unwrap_or_default());
            Ok(resp)
        })
        .into()
    });
    let opts = js(&json!({"token": TOKEN, "baseUrl": FAKE, "dangerouslyAllowTokenInBrowser": true}));
    Reflect::set(&opts, &"fetch".into(), f.as_ref()).unwrap();
    let c = Client::new(opts).unwrap();

    let input = with_attachments(
        json!({"email": email, "departmentId": support, "categoryId": invoice, "subject": "Nota fiscal rejeitada", "message": "<p>Erro 539</p>",
               "priority": "urgent", "customFields": {nfe.clone(): "999"}}),
        &[file("nota.pdf", 2048, "application/pdf")],
    );
    let got = settle(c.create_ticket(input, None)).await.unwrap();
    // The fake answers the ids at the root only (as the live API does).
    let raw: Value = serde_json::from_str(&bodies.borrow()[0]).unwrap();
    assert!(raw["ticket_id"].is_string() && raw.get("data").map_or(true, |d| d.get("ticket_id").is_none()), "{raw}");
    let id = got["ticketId"].as_str().unwrap_or_default().to_owned();
    assert_eq!(json!(id), raw["ticket_id"]);
    assert!(id.len() == 32 && id.chars().all(|ch| ch.is_ascii_hexdigit()), "{got}");
    assert_eq!(got["protocol"], raw["protocol"]);
    assert!(got["protocol"].as_i64().unwrap_or(0) > 5000, "{got}");

    // What was sent: multipart, both names of the identifier type, the file as attachment[0].
    let r = &requests().await[0];
    assert_eq!(r["path"], "/v2.0/ticket/new");
    assert!(r["contentType"].as_str().unwrap_or("").starts_with("multipart/form-data"), "{}", r["contentType"]);
    let form = &r["form"];
    assert_eq!((form["customer_id"].clone(), form["customer_type_id"].clone(), form["customer_id_type"].clone()), (email.clone(), json!("E"), json!("E")));
    assert_eq!((form["priority"].clone(), form[format!("custom_field[{nfe}]")].clone()), (json!("4"), json!("999")));
    let part = &r["files"][0];
    assert_eq!((part["name"].clone(), part["filename"].clone(), part["size"].clone()), (json!("attachment[0]"), json!("nota.pdf"), json!(2048)), "{r}");

    // The id is good for the rest of the calls: the detail shows the file.
    let d = settle(c.get_ticket_v2(js(&json!({"ticketId": id})), None)).await.unwrap();
    assert_eq!(d["id"], json!(id));
    assert_eq!(d["protocol"], json!(got["protocol"].to_string()));
    assert_eq!((d["attachments"][0]["name"].clone(), d["attachments"][0]["sizeBytes"].clone()), (json!("nota.pdf"), json!(2048)));
    drop(f);
}

#[wasm_bindgen_test]
async fn update_customer_v2_sends_only_the_fields_given() {
    reset().await;
    let (id, email, name) = seed_customer().await;
    let c = client(json!({}));
    let before = settle(c.get_customer(js(&json!({"customerId": id})), None)).await.unwrap();

    settle(c.update_customer_v2(js(&json!({"customerId": id, "phone": "11 4444-5555"})), None)).await.unwrap();
    let reqs = requests().await;
    let r = reqs.last().unwrap();
    assert_eq!((r["method"].clone(), r["path"].clone()), (json!("POST"), json!("/v2.0/customer/update")));
    let mut keys: Vec<String> = r["form"].as_object().map(|f| f.keys().cloned().collect()).unwrap_or_default();
    keys.sort();
    assert_eq!(keys, vec!["customer_id", "customer_type_id", "phone"], "{}", r["form"]);
    assert_eq!((r["form"]["customer_id"].clone(), r["form"]["customer_type_id"].clone()), (json!(id), json!("I")));
    let after = settle(c.get_customer(js(&json!({"customerId": id})), None)).await.unwrap();
    assert_eq!(after["phone"], "11 4444-5555");
    assert_eq!((after["name"].clone(), after["email"].clone()), (json!(name), json!(email)), "fields not given are kept");
    assert_eq!(after["organization"], before["organization"]);

    // By e-mail: a new internal id, and the phone cleared with null (sent empty).
    settle(c.update_customer_v2(js(&json!({"email": email, "newInternalId": "cli-001-new", "phone": null})), None)).await.unwrap();
    let reqs = requests().await;
    let r = reqs.last().unwrap();
    let mut keys: Vec<String> = r["form"].as_object().map(|f| f.keys().cloned().collect()).unwrap_or_default();
    keys.sort();
    assert_eq!(keys, vec!["customer_id", "customer_type_id", "internal_id", "phone"], "{}", r["form"]);
    assert_eq!((r["form"]["customer_type_id"].clone(), r["form"]["phone"].clone()), (json!("E"), json!("")));
    let moved = settle(c.get_customer(js(&json!({"customerId": "cli-001-new"})), None)).await.unwrap();
    assert_eq!((moved["name"].clone(), moved["phone"].clone()), (json!(name), Value::Null));
}

/// The plural `customers/exists` is not a route: the live server (and the fake) answer nginx's
/// HTML 404 there, which decodes as an error, never as "no such customer". The client must ask
/// the singular.
#[wasm_bindgen_test]
async fn customer_exists_asks_the_singular_path_the_plural_is_an_html_404() {
    reset().await;
    let (id, _, _) = seed_customer().await;
    let plural = gloo_net::http::Request::get(&format!("{FAKE}/v2.0/customers/exists?customer_id={id}&customer_type_id=I"))
        .header("Authorization", &format!("Bearer {TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(plural.status(), 404);
    assert!(plural.headers().get("content-type").unwrap_or_default().starts_with("text/html"));
    let page = plural.text().await.unwrap();
    assert!(page.contains("<center>nginx</center>"), "{page}");
    let e = x::decode_customer_exists(404.into(), page.into(), None).unwrap_err();
    assert_eq!(kind(&e), "notFound", "an HTML 404 is not an answer about the customer");

    control("DELETE", "requests", None).await;
    let c = client(json!({}));
    assert_eq!(settle(c.customer_exists(js(&json!({"customerId": id})), None)).await.unwrap()["exists"], json!(true));
    assert_eq!(settle(c.customer_exists(js(&json!({"customerId": "cli-404"})), None)).await.unwrap()["exists"], json!(false));
    let paths: Vec<Value> = requests().await.iter().map(|r| r["path"].clone()).collect();
    assert_eq!(paths, vec![json!("/v2.0/customer/exists"), json!("/v2.0/customer/exists")]);
}

/// `verifyWebhook` in the package: the four schemes (hex/base64 digest × raw/base64 body) of one
/// body, vectors computed with Node's `crypto.createHmac` (tests/support/webhook-vectors.mjs);
/// the body given as a string, a Uint8Array and an ArrayBuffer; typed refusals without the secret.
#[wasm_bindgen_test]
fn verify_webhook_accepts_the_four_schemes_and_refuses_with_a_reason() {
    use tomticket_wasm::js::exports::verify_webhook;
    const SECRET: &str = "whsec-Zx9!tomticket-test-secret";
    const BODY: &str = r#"{"type":"ticket","id":"0123456789abcdef0123456789abcdef","action":"created"}"#;
    let want = json!({"type": "ticket", "id": "0123456789abcdef0123456789abcdef", "action": "created"});
    for header in [
        "sha1=625df0596bf84a8a6c600b8f01f43495e58d10fe",
        "sha1=Yl3wWWv4SopsYAuPAfQ0leWNEP4=",
        "sha1=3366cf30d5d63c479957916ef697c950a332f467",
        "sha1=M2bPMNXWPEeZV5Fu9pfJUKMy9Gc=",
    ] {
        let bytes = js_sys::Uint8Array::from(BODY.as_bytes());
        for body in [JsValue::from_str(BODY), bytes.clone().into(), bytes.buffer().into()] {
            let got = verify_webhook(body, JsValue::from_str(header), JsValue::from_str(SECRET)).unwrap_or_else(|e| panic!("{header}: {}", printable(&e)));
            assert_eq!(rust(&got), want, "{header}");
        }
    }
    let refused = |body: &str, header: JsValue, secret: &str| verify_webhook(JsValue::from_str(body), header, JsValue::from_str(secret)).unwrap_err();
    for (e, reason) in [
        (refused(BODY, JsValue::NULL, SECRET), "missing"),
        (refused(BODY, JsValue::from_str("sha256=abc"), SECRET), "malformed"),
        (refused(BODY, JsValue::from_str("sha1=625df0596bf84a8a6c600b8f01f43495e58d10fe"), "another-secret"), "mismatch"),
        (refused(&BODY.replace("created", "updated"), JsValue::from_str("sha1=625df0596bf84a8a6c600b8f01f43495e58d10fe"), SECRET), "mismatch"),
    ] {
        assert!(is_tomticket_error(&e));
        assert_eq!((kind(&e), prop(&e, "reason")), ("webhook".to_owned(), json!(reason)));
        assert!(!printable(&e).contains(SECRET) && !printable(&e).contains("another-secret"), "{}", printable(&e));
    }
}
