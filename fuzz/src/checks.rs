//! The invariants every target checks besides "no panic".
use serde_json::Value;
use tomticket_wasm::core::piperun::Mapping;
use tomticket_wasm::core::{
    parse_client_options, redact, to_json, Auth, BaseUrl, CallInfo, Error, ErrorKind, Token, CALLS, REDACTED,
};

use crate::input::TOKEN_MARKER;
use crate::targets::FuzzResponse;

/// The token URLs are built with: it has every character that must be percent-encoded in a
/// path segment.
pub const SECRET: &str = "s3cr3t/tok?en#%";

/// A realistic token (letters, digits, `-`; starts with [`TOKEN_MARKER`]) for the scrub check:
/// the dictionary and the seeds hold it, so responses echo it in every encoding.
pub const TOKEN: &str = "Zq9-tok3n";

const BASE: &str = "https://api.tomticket.com/base";

/// The texts of an error that `Error::scrub` covers (`message`, `server_message`, `endpoint`,
/// the issues' `message`; not `issues[].field`, a property name from the caller's input).
fn texts(e: &Error) -> Vec<&str> {
    let mut out = vec![e.message.as_str()];
    out.extend(e.server_message.as_deref());
    out.extend(e.endpoint.as_deref());
    out.extend(e.issues.iter().map(|i| i.message.as_str()));
    out
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// `token` occurs in `text` as is, standing alone (no letter, digit, `-`, `_` either side).
fn standalone(text: &str, token: &str) -> bool {
    let t = text.as_bytes();
    text.match_indices(token).any(|(i, m)| {
        let before = i.checked_sub(1).and_then(|j| t.get(j)).copied();
        let after = t.get(i + m.len()).copied();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// An error of a decoder (or of any code that reads outside text): it never shows the token
/// marker unless its input held it (`input_has_marker`), and once scrubbed with [`TOKEN`] no
/// text of it holds that token standing alone (the rule `redact` documents).
pub fn decode_error(e: &Error, input_has_marker: bool) {
    assert!(!e.message.is_empty(), "an error without a message: {e:?}");
    if !input_has_marker {
        let all = format!("{e:?}");
        assert!(!all.contains(TOKEN_MARKER), "an error shows the token marker the input did not hold: {all}");
    }
    let mut scrubbed = e.clone();
    scrubbed.scrub(&Token::new(TOKEN.to_owned()));
    for text in texts(&scrubbed) {
        assert!(!standalone(text, TOKEN), "the token survived scrub: {text:?} (before: {e:?})");
    }
    // scrubbing with the URL secret too: nothing panics on a token of URL syntax
    scrubbed.scrub(&Token::new(SECRET.to_owned()));
}

/// After a decoder: an `Ok` output is JSON text (and the status was 2xx); an error names the
/// call and passes [`decode_error`].
pub fn decoded(call: &CallInfo, r: &FuzzResponse, result: Result<String, Error>) {
    match result {
        Ok(text) => {
            let out = match serde_json::from_str::<Value>(&text) {
                Ok(v) => v,
                Err(e) => panic!("{}: the output is not JSON ({e}): {text}", call.name),
            };
            assert!(
                (200..300).contains(&r.status) || absent_answer(r.status, &out),
                "{}: HTTP {} decoded as a success",
                call.name,
                r.status
            );
        }
        Err(e) => {
            assert!(e.endpoint.is_some(), "{}: the error does not name the call: {e:?}", call.name);
            assert!(e.issues.is_empty() || e.kind != ErrorKind::Validation, "{}: a decode error of kind validation", call.name);
            decode_error(&e, r.has_marker());
        }
    }
}

/// `%XX` → byte; `None` when not UTF-8 or a `%` is not followed by two hex digits.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A URL path segment: printable ASCII, no `/ ? #`, every `%` an escape.
fn clean_segment(seg: &str) -> bool {
    seg.bytes().all(|b| b.is_ascii_graphic() && !matches!(b, b'/' | b'?' | b'#')) && percent_decode(seg).is_some()
}

/// Whether the input holds the token marker in a key or a string once its JSON escapes are
/// decoded (`"tok\u0033ne"` holds it too; an error may then echo it as the input's own text).
fn holds_marker(input_json: &str) -> bool {
    fn walk(v: &Value) -> bool {
        match v {
            Value::String(s) => s.contains(TOKEN_MARKER),
            Value::Array(a) => a.iter().any(walk),
            Value::Object(o) => o.iter().any(|(k, v)| k.contains(TOKEN_MARKER) || walk(v)),
            _ => false,
        }
    }
    input_json.contains(TOKEN_MARKER) || serde_json::from_str::<Value>(input_json).map_or(true, |v| walk(&v))
}

/// One call's `validate`, `encode` and `prepare` of the same input:
/// - `validate` is empty exactly when `encode` succeeds, and exactly when `prepare` does;
/// - an `encode` error is a validation error whose issues are `validate`'s, the same error as
///   `prepare`'s, and never shows the token marker unless the input held it;
/// - a success: `encode` is `prepare(…).preview()`; the preview's path shows `***` where the
///   token goes and nothing of the token; the URL holds each path parameter percent-encoded as
///   one segment (decoding to the parameter), the token likewise (never raw), the literal
///   segments of the template, and a query that decodes to the request's; the form body
///   decodes to the form; the `Authorization` header is there exactly for bearer calls.
pub fn encoded(call: &CallInfo, input_json: &str) {
    let issues = call.validate(input_json);
    let encoded = call.encode(input_json);
    let prepared = call.prepare(input_json);
    match (&encoded, &prepared) {
        (Ok(enc), Ok(req)) => {
            assert!(issues.is_empty(), "{}: encode succeeds but validate says {issues:?}", call.name);
            assert_eq!(enc, &req.preview(), "{}: encode is not prepare's preview", call.name);
            request(call, req, input_json);
        }
        (Err(e), Err(p)) => {
            assert!(!issues.is_empty(), "{}: encode fails ({e:?}) but validate is empty", call.name);
            assert_eq!(e.kind, ErrorKind::Validation, "{}: encode error kind", call.name);
            assert_eq!(e.issues, issues, "{}: encode's issues are not validate's", call.name);
            assert_eq!(e, p, "{}: encode and prepare fail differently", call.name);
            if !holds_marker(input_json) {
                let all = format!("{e:?}");
                assert!(!all.contains(TOKEN_MARKER), "{}: an error shows the token marker: {all}", call.name);
            }
        }
        _ => panic!("{}: encode {encoded:?} but prepare {prepared:?}", call.name),
    }
}

/// The checks of a prepared request (see [`encoded`]).
fn request(call: &CallInfo, req: &tomticket_wasm::core::Request, input_json: &str) {
    let preview = req.preview();
    let template: Vec<&str> = call.path.split('/').filter(|s| !s.is_empty()).collect();
    let placeholders = template.iter().filter(|s| s.starts_with('{') && **s != "{token}").count();
    assert_eq!(req.params.len(), placeholders, "{}: {} params for the path {}", call.name, req.params.len(), call.path);

    // the preview: token redacted, never shown
    let shown = format!("{} {:?} {:?}", req.display(), preview, to_json(&preview).ok());
    if !input_json.contains("s3cr3t") {
        assert!(!shown.contains("s3cr3t"), "{}: the token in a display: {shown}", call.name);
    }
    let preview_path = preview.path.split('?').next().unwrap_or("");
    let preview_segs: Vec<&str> = preview_path.strip_prefix('/').unwrap_or(preview_path).split('/').collect();
    assert_eq!(preview_segs.len(), template.len(), "{}: preview path {}", call.name, preview.path);
    for (seg, tpl) in preview_segs.iter().zip(&template) {
        if *tpl == "{token}" {
            assert_eq!(*seg, REDACTED, "{}: the token is not redacted in {}", call.name, preview.path);
        }
    }

    // the URL: every segment in its place, percent-encoded
    let base = BaseUrl::parse(BASE).expect("base URL");
    let url = req.url(&base, SECRET);
    assert!(!url.contains(SECRET), "{}: raw token in URL (must be percent-encoded): {url}", call.name);
    let rest = url.strip_prefix(base.as_str()).unwrap_or_else(|| panic!("{}: {url} is not under {BASE}", call.name));
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    assert!(!rest.contains('#'), "{}: a raw # in {url}", call.name);
    let segs: Vec<&str> = path.strip_prefix('/').unwrap_or_else(|| panic!("{}: path {path:?}", call.name)).split('/').collect();
    assert_eq!(segs.len(), template.len(), "{}: {url} has not the segments of {}", call.name, call.path);
    let mut params = req.params.iter();
    for (seg, tpl) in segs.iter().zip(&template) {
        assert!(clean_segment(seg), "{}: segment {seg:?} of {url} is not percent-encoded", call.name);
        let decoded = percent_decode(seg).unwrap_or_default();
        if *tpl == "{token}" {
            assert_eq!(decoded, SECRET, "{}: token segment {seg:?}", call.name);
        } else if tpl.starts_with('{') {
            let param = params.next().map(String::as_str).unwrap_or_default();
            assert_eq!(decoded, param, "{}: segment {seg:?} for {tpl} of {url}", call.name);
        } else {
            assert_eq!(*seg, *tpl, "{}: literal segment of {url}", call.name);
        }
    }
    let query_pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    assert_eq!(query_pairs, req.query, "{}: the query of {url} does not decode to the request's", call.name);
    if let Some(body) = req.form_urlencoded() {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
        assert_eq!(Some(&pairs), req.form.as_ref(), "{}: the form body does not decode to the form", call.name);
    }

    // the token goes where `auth` says, and only there
    let header = req.authorization(&Token::new(SECRET.to_owned()));
    match call.auth {
        Auth::Bearer => {
            assert_eq!(header.as_deref(), Some(format!("Bearer {SECRET}").as_str()), "{}: authorization", call.name);
            assert!(!url.contains("s3cr3t") || input_json.contains("s3cr3t"), "{}: a bearer call's URL holds the token: {url}", call.name);
        }
        Auth::InPath => assert_eq!(header, None, "{}: a token-in-path call with an Authorization header", call.name),
    }
}

/// The call that takes `input` (its TypeScript name).
fn call_taking(input: &str) -> &'static CallInfo {
    CALLS.iter().find(|c| c.input == input).unwrap_or_else(|| panic!("no call takes {input}"))
}

/// A PipeRun mapping: `newCustomer` and `update`, written as the JS sees them, are valid input
/// of the calls that take a `NewCustomer` and a `LegacyCustomerUpdate` (documented: "valid by
/// construction") and pass [`encoded`]; the notes serialize.
pub fn mapping(m: &Mapping) {
    for (what, json) in [("NewCustomer", to_json(&m.new_customer)), ("LegacyCustomerUpdate", to_json(&m.update))] {
        let json = json.unwrap_or_else(|_| panic!("a mapped {what} serializes"));
        let call = call_taking(what);
        let issues = call.validate(&json);
        assert!(issues.is_empty(), "mapped {what} is not valid input of {}: {json} → {issues:?}", call.name);
        encoded(call, &json);
    }
    to_json(&m.notes).expect("notes serialize");
}

/// Client options, in and out of a browser page (see [`crate::targets::client_options`]).
pub fn client_options(text: &str) {
    // the marker elsewhere than in the token could be shown legitimately
    let others = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(mut m)) => {
            m.remove("token");
            Value::Object(m).to_string()
        }
        _ => text.to_owned(),
    };
    let check_marker = !others.contains(TOKEN_MARKER);
    let server = parse_client_options(text, false);
    let page = parse_client_options(text, true);
    for r in [&server, &page] {
        match r {
            Ok(c) => {
                let shown = format!("{c:?}");
                assert!(!shown.contains(TOKEN_MARKER) || !check_marker, "Debug shows the token: {shown}");
                assert!(c.timeout_ms <= 600_000 && c.requests_per_second <= 1000, "limits: {c:?}");
                assert!(c.retry.max_retries <= 10 && c.retry.base_delay_ms <= 60_000 && c.retry.max_delay_ms <= 600_000);
                assert!(!c.token.in_path().is_empty(), "an empty token path segment");
                let again = BaseUrl::parse(c.base_url.as_str()).expect("a parsed base URL parses again");
                assert_eq!(again, c.base_url, "base URL parsing is not idempotent");
                assert!(!c.base_url.as_str().ends_with('/'), "base URL with a trailing slash: {c:?}");
            }
            Err(e) => {
                assert_eq!(e.kind, ErrorKind::Config, "options error kind: {e:?}");
                if check_marker {
                    let all = format!("{e:?}");
                    assert!(!all.contains(TOKEN_MARKER), "config error shows the token: {all}");
                }
            }
        }
    }
    match (&server, &page) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.token, b.token);
            assert_eq!(a.base_url, b.base_url);
        }
        (Ok(a), Err(e)) => {
            assert!(!a.token.is_empty() && e.issues.is_empty(), "a page refuses more than the token: {e:?}");
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "the page changes a server error"),
        (Err(e), Ok(_)) => panic!("accepted in a page, refused in a server: {e:?}"),
    }
}

/// A self-check of [`standalone`] and [`percent_decode`] (run by `fuzz_tool selftest`).
pub fn selftest() {
    assert!(standalone("token Zq9-tok3n bad", TOKEN) && standalone("Zq9-tok3n", TOKEN));
    assert!(!standalone("xZq9-tok3n", TOKEN) && !standalone("Zq9-tok3n_", TOKEN) && !standalone(REDACTED, TOKEN));
    assert_eq!(redact("a Zq9-tok3n b", TOKEN), "a *** b");
    assert_eq!(percent_decode("s3cr3t%2Ftok%3Fen%23%25").as_deref(), Some(SECRET));
    assert_eq!(percent_decode("%zz"), None);
    assert!(clean_segment("a%20b") && !clean_segment("a b") && !clean_segment("a%2"));
}

/// The non-2xx successes: a 404 with a TomTicket envelope that a call reads as "no such record"
/// (`customerExists` → `{ exists: false }`, `searchBlacklist` → `{ blacklisted: false }`), or as
/// "nothing more" (a page past the end → an empty page with `nextPage: null`; a department list →
/// an empty list). See docs/architecture.md and core/page.rs.
pub fn absent_answer(status: u16, out: &Value) -> bool {
    let empty_page = || out.get("items").and_then(Value::as_array).is_some_and(Vec::is_empty) && out.get("nextPage") == Some(&Value::Null);
    let empty_list = || out.as_object().is_some_and(|o| o.len() == 1 && o.values().all(|v| v.as_array().is_some_and(Vec::is_empty)));
    status == 404
        && (out.get("exists") == Some(&Value::Bool(false))
            || out.get("blacklisted") == Some(&Value::Bool(false))
            || empty_page()
            || empty_list())
}
