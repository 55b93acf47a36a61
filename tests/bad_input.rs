//! The bad-input table (`tests/bad-input/table.json`) run against the native core: every row is
//! one call of a public function with a bad (or just-valid) input, and the error kind, the issue
//! list (field, code, limit, actual), the status or the output it must give. The same table runs
//! through the built wasm package in Node (`tests/bad-input/table.test.mjs`).
//!
//! Each row runs under `catch_unwind`; every mismatch and every panic of every row is collected,
//! and the test fails once, listing them all.
#![cfg(not(target_arch = "wasm32"))]

use std::panic::{catch_unwind, AssertUnwindSafe};

use serde::Serialize;
use serde_json::{json, Map, Value};
use tomticket_wasm::core::{self as core, parse_client_options, piperun, CallInfo, Error, Response, CALLS};

const TABLE: &str = include_str!("bad-input/table.json");

/// Every export the table must exercise: each registered call's `validate…` (with its
/// `encode…`) and `decode…`, and the exports that are not calls.
fn exports() -> Vec<&'static str> {
    let mut names: Vec<&str> = CALLS.iter().flat_map(|c| [c.validate_export, c.decode_export]).collect();
    names.extend(["parsePipeRunCustomer", "mapPipeRunCustomer", "TomTicketClient"]);
    names
}
const CATEGORIES: [&str; 14] = [
    "length",
    "enum",
    "required",
    "pathChars",
    "controlChars",
    "notAllowed",
    "html",
    "emptyBody",
    "truncated",
    "bigNumber",
    "businessError",
    "type",
    "dates",
    "attachments",
];

/// An attachment as the core sees it: the descriptor the binding layer (`splitAttachments` in
/// src/js/input.js) makes of a File (`$file`), a Blob without a name (`$blob`) or
/// `{ data: Uint8Array, name }` (`$bytes`).
fn descriptor(source: &str, spec: &Value) -> Value {
    let spec = &expand(spec);
    let size = spec.get("size").and_then(Value::as_u64).expect("an attachment marker needs a size");
    let name = spec.get("name").cloned().unwrap_or(Value::Null);
    let mime = spec.get("type").cloned().unwrap_or(Value::Null);
    json!({ "source": source, "name": if source == "blob" { Value::Null } else { name }, "size": size, "type": mime })
}

/// The row generators: `{ "$repeat": s, "times": n }`, `{ "$concat": [...] }`, `{ "$json": v }`,
/// attachments `{ "$file": { name, size, type? } }`, `{ "$blob": { size, type? } }`,
/// `{ "$bytes": { name, size, type? } }`, and in a list `{ "$files": n, "size": s }` (n files
/// `f0.bin` … of s bytes each, spliced into the list).
fn expand(v: &Value) -> Value {
    match v {
        Value::Object(m) if m.contains_key("$file") => descriptor("file", &m["$file"]),
        Value::Object(m) if m.contains_key("$blob") => descriptor("blob", &m["$blob"]),
        Value::Object(m) if m.contains_key("$bytes") => descriptor("bytes", &m["$bytes"]),
        Value::Array(a) if a.iter().any(|x| x.get("$files").is_some()) => {
            let mut out = Vec::new();
            for x in a {
                match x.get("$files").and_then(Value::as_u64) {
                    Some(n) => {
                        let size = x.get("size").and_then(Value::as_u64).expect("$files needs a size");
                        out.extend((0..n).map(|i| descriptor("file", &json!({ "name": format!("f{i}.bin"), "size": size }))));
                    }
                    None => out.push(expand(x)),
                }
            }
            Value::Array(out)
        }
        Value::Object(m) if m.contains_key("$repeat") => {
            let s = m["$repeat"].as_str().expect("$repeat needs a string");
            let n = m["times"].as_u64().expect("$repeat needs times") as usize;
            Value::String(s.repeat(n))
        }
        Value::Object(m) if m.contains_key("$concat") => {
            let parts = m["$concat"].as_array().expect("$concat needs a list");
            let mut s = String::new();
            for p in parts {
                match expand(p) {
                    Value::String(t) => s.push_str(&t),
                    other => panic!("$concat part is not a string: {other}"),
                }
            }
            Value::String(s)
        }
        Value::Object(m) if m.contains_key("$json") => Value::String(expand(&m["$json"]).to_string()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), expand(v))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(expand).collect()),
        other => other.clone(),
    }
}

/// The error as JS sees it (`src/js/error.rs`): kind, status, serverMessage, issues, ...
fn error_view(e: &Error) -> Value {
    let mut m = Map::new();
    m.insert("kind".into(), json!(e.kind.as_str()));
    m.insert("message".into(), json!(e.message));
    if let Some(s) = e.status {
        m.insert("status".into(), json!(s));
    }
    if let Some(s) = &e.server_message {
        m.insert("serverMessage".into(), json!(s));
    }
    m.insert("issues".into(), serde_json::to_value(&e.issues).expect("issues serialize"));
    if let Some(ms) = e.retry_after_ms {
        m.insert("retryAfterMs".into(), json!(ms));
    }
    if let Some(ep) = &e.endpoint {
        m.insert("endpoint".into(), json!(ep));
    }
    Value::Object(m)
}

fn outcome<T: Serialize>(r: Result<T, Error>) -> Result<Value, Value> {
    r.map(|v| serde_json::from_str(&core::to_json(&v).expect("output serializes")).expect("output is JSON"))
        .map_err(|e| error_view(&e))
}

/// `validate…` and its `encode…`: both must agree; the outcome is the encode result.
fn validate_and_encode(input: &Value, call: &CallInfo, problems: &mut Vec<String>) -> Result<Value, Value> {
    let text = input.to_string();
    let issues = serde_json::to_value(call.validate(&text)).expect("issues serialize");
    let encoded = outcome(call.encode(&text));
    let encode_issues = match &encoded {
        Ok(_) => json!([]),
        Err(e) => e["issues"].clone(),
    };
    if issues != encode_issues {
        problems.push(format!("validate… returned {issues} but encode… gave {encode_issues}"));
    }
    encoded
}

fn decode(input: &Value, call: &CallInfo) -> Result<Value, Value> {
    let status = input["status"].as_u64().and_then(|s| u16::try_from(s).ok()).expect("decode rows need a u16 status");
    let body = input["body"].as_str().expect("decode rows need a string body");
    let retry_after = input.get("retryAfter").and_then(Value::as_str);
    let text = call.decode(&Response { status, body, retry_after }).map_err(|e| error_view(&e))?;
    Ok(serde_json::from_str(&text).expect("decoded output is JSON"))
}

/// The client constructor (options parsing); on success, the URL of `getTicket({ ticketId: "t1" })`.
fn client(input: &Value) -> Result<Value, Value> {
    let config = parse_client_options(&input.to_string(), false).map_err(|e| error_view(&e))?;
    let get_ticket = core::find("getTicket").expect("getTicket is registered");
    let request = get_ticket.prepare(r#"{"ticketId":"t1"}"#).expect("t1 is a valid ticket id");
    Ok(json!({ "url": request.url(&config.base_url, config.token.in_path()) }))
}

/// A PipeRun payload as the exports take it: JSON text, or data (sent as its JSON text).
fn payload_text(v: &Value) -> String {
    match v {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn call(name: &str, input: &Value, problems: &mut Vec<String>) -> Result<Value, Value> {
    match name {
        "parsePipeRunCustomer" => outcome(piperun::parse_piperun_customer(&payload_text(&input["payload"]))),
        "mapPipeRunCustomer" => {
            let options = input.get("options").filter(|o| !o.is_null()).map(Value::to_string);
            outcome(piperun::map_piperun_customer(&payload_text(&input["payload"]), options.as_deref()))
        }
        "TomTicketClient" => client(input),
        other => match core::find(other) {
            Some(call) if call.validate_export == other => validate_and_encode(input, call, problems),
            Some(call) if call.decode_export == other => decode(input, call),
            _ => panic!("unknown call {other:?}"),
        },
    }
}

/// `a.b.0.c` in a JSON value.
fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |cur, key| match cur {
        Value::Array(a) => a.get(key.parse::<usize>().ok()?),
        Value::Object(m) => m.get(key),
        _ => None,
    })
}

/// JSON equality where `10` equals `10.0`.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        // Integers exactly (2^53 + 1 is not 2^53); a float against anything numerically.
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// The runs of 4+ characters of a token between control characters and spaces.
fn token_pieces(token: &str) -> Vec<&str> {
    token.split(|c: char| c.is_control() || c.is_whitespace()).filter(|p| p.chars().count() >= 4).collect()
}

fn check_issues(expected: &[Value], actual: &Value, problems: &mut Vec<String>) {
    let actual = actual.as_array().cloned().unwrap_or_default();
    let shown = |list: &[Value]| -> String {
        let parts: Vec<String> = list
            .iter()
            .map(|i| {
                let mut s = format!("{}:{}", i["field"].as_str().unwrap_or("?"), i["code"].as_str().unwrap_or("?"));
                if let Some(l) = i.get("limit") {
                    s.push_str(&format!(" limit {l}"));
                }
                if let Some(a) = i.get("actual") {
                    s.push_str(&format!(" actual {a}"));
                }
                s
            })
            .collect();
        format!("[{}]", parts.join(", "))
    };
    let matches = expected.len() == actual.len()
        && expected.iter().zip(&actual).all(|(e, a)| {
            ["field", "code", "limit", "actual"].iter().all(|k| match e.get(*k) {
                Some(want) => a.get(*k).is_some_and(|got| same(want, got)),
                None => true,
            })
        });
    if !matches {
        problems.push(format!("issues: expected {}, got {}", shown(expected), shown(&actual)));
    }
}

fn check_row(row: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let name = row["call"].as_str().unwrap_or_default();
    let input = expand(&row["input"]);
    let got = call(name, &input, &mut problems);
    let expect = &row["expect"];
    match (expect.as_str(), &got) {
        (Some("ok"), Ok(value)) => {
            if let Some(Value::Object(outputs)) = row.get("output") {
                for (path, want) in outputs {
                    let want = expand(want);
                    match at(value, path) {
                        Some(v) if same(v, &want) => {}
                        other => problems.push(format!("output {path}: expected {want}, got {}", other.map_or("nothing".into(), Value::to_string))),
                    }
                }
            }
        }
        (Some("ok"), Err(e)) => problems.push(format!("expected ok, got a {} error: {} {}", e["kind"], e["message"], e["issues"])),
        (None, Ok(v)) => problems.push(format!("expected a {} error, got ok: {}", expect["kind"], truncate(&v.to_string()))),
        (None, Err(e)) => {
            if e["kind"] != expect["kind"] {
                problems.push(format!("kind: expected {}, got {} ({})", expect["kind"], e["kind"], e["message"]));
            }
            let expected_issues = expect.get("issues").and_then(Value::as_array).cloned().unwrap_or_default();
            check_issues(&expected_issues, &e["issues"], &mut problems);
            for key in ["status", "retryAfterMs", "serverMessage"] {
                if let Some(want) = expect.get(key) {
                    if e.get(key) != Some(want) {
                        problems.push(format!("{key}: expected {want}, got {}", e.get(key).unwrap_or(&Value::Null)));
                    }
                }
            }
            if let Some(want) = expect.get("messageContains").and_then(Value::as_str) {
                if !e["message"].as_str().unwrap_or_default().contains(want) {
                    problems.push(format!("message: expected it to contain {want:?}, got {}", e["message"]));
                }
            }
        }
        (Some(other), _) => problems.push(format!("bad row: expect is {other:?}")),
    }
    // A token never appears in what an error or a client prints.
    if name == "TomTicketClient" {
        // The token, or the whole options when they are a string (a token passed by mistake).
        if let Some(token) = input.get("token").and_then(Value::as_str).or(input.as_str()) {
            let text = match &got {
                Ok(_) => String::new(),
                Err(e) => e.to_string(),
            };
            for piece in token_pieces(token) {
                if text.contains(piece) {
                    problems.push(format!("the error shows part of the token ({piece:?}): {text}"));
                }
            }
        }
    }
    problems
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 200 {
        let mut t: String = s.chars().take(200).collect();
        t.push('…');
        t
    } else {
        s.to_owned()
    }
}

fn rows() -> Vec<Value> {
    let table: Value = serde_json::from_str(TABLE).expect("tests/bad-input/table.json is JSON");
    table["rows"].as_array().expect("table.rows is a list").clone()
}

#[test]
fn table_covers_every_call_and_category() {
    let rows = rows();
    assert!(rows.len() >= 60, "only {} rows", rows.len());
    let mut names = std::collections::BTreeSet::new();
    for row in &rows {
        let name = row["name"].as_str().expect("every row has a name");
        assert!(names.insert(name), "duplicate row name {name:?}");
        assert!(exports().contains(&row["call"].as_str().unwrap_or_default()), "{name}: unknown call {}", row["call"]);
        assert!(CATEGORIES.contains(&row["cat"].as_str().unwrap_or_default()), "{name}: unknown cat {}", row["cat"]);
        let expect = &row["expect"];
        assert!(expect == "ok" || expect["kind"].is_string(), "{name}: expect must be \"ok\" or have a kind");
        assert!(row.get("output").is_none() || expect == "ok", "{name}: output only with ok");
    }
    for call in exports() {
        assert!(rows.iter().any(|r| r["call"] == call), "no row calls {call}");
    }
    for cat in CATEGORIES {
        assert!(rows.iter().any(|r| r["cat"] == cat), "no row of category {cat}");
    }
}

#[test]
fn every_row_gives_its_expected_result_without_panicking() {
    let rows = rows();
    let mut failures = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let name = row["name"].as_str().unwrap_or("?");
        match catch_unwind(AssertUnwindSafe(|| check_row(row))) {
            Ok(problems) if problems.is_empty() => {}
            Ok(problems) => failures.push(format!("row {i} [{}] {name}:\n    {}", row["call"], problems.join("\n    "))),
            Err(panic) => {
                let msg = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                failures.push(format!("row {i} [{}] {name}: PANIC {msg}", row["call"]));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} rows failed:\n{}", failures.len(), rows.len(), failures.join("\n"));
}
