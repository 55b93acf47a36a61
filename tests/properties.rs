//! Property tests of the pure core (native only): encode → parse as a server would, and no
//! decoder panics on any bytes.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::{json, Value};
use tomticket_wasm::core::{self as core, piperun, Doc, IssueCode, JsonError, Kind, Response, Val, CALLS};

fn call(name: &str) -> &'static core::CallInfo {
    core::find(name).expect("registered")
}

/// Every registered decoder on one response (none may panic).
fn decode_all(r: &Response<'_>) {
    for c in CALLS {
        let _ = c.decode(r);
    }
}

/// A single-line text of `1..=max` Unicode characters (accents, emoji, `/?#%&=+[]` included).
fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            proptest::char::range('a', 'z'),
            Just('é'),
            Just('😀'),
            Just('ç'),
            Just(' '),
            proptest::sample::select(vec!['/', '?', '#', '%', '&', '=', '+', '[', ']', '"', '\'', '.', '@']),
        ],
        1..=max,
    )
    .prop_map(|v| v.into_iter().collect::<String>())
    .prop_filter("not blank", |s| !s.trim().is_empty())
}

fn hex_id() -> impl Strategy<Value = String> {
    "[0-9a-f]{32}"
}

/// The form as a server parses an `application/x-www-form-urlencoded` body.
fn server_parse(body: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(body.as_bytes()).into_owned().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn new_customer_round_trips_through_the_form(
        id in text(250), name in text(250), phone in proptest::option::of(text(20)),
        fields in proptest::collection::btree_map(hex_id(), text(40), 0..4),
        can in proptest::option::of(any::<bool>()),
    ) {
        let mut input = json!({"customerId": id, "name": name, "customFields": fields});
        if let Some(p) = &phone { input["phone"] = json!(p); }
        if let Some(c) = can { input["canCreateTickets"] = json!(c); }
        prop_assert_eq!(call("createCustomer").validate(&input.to_string()), vec![]);
        let enc = call("createCustomer").encode(&input.to_string()).unwrap();
        let got = server_parse(enc.body.as_deref().unwrap_or(""));
        let get = |k: &str| got.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        prop_assert_eq!(get("customer_id"), Some(id));
        prop_assert_eq!(get("name"), Some(name));
        prop_assert_eq!(get("phone"), phone);
        prop_assert_eq!(get("create_tickets"), can.map(|c| if c { "1".to_string() } else { "0".to_string() }));
        for (k, v) in &fields {
            prop_assert_eq!(get(&format!("custom_field[{k}]")), Some(v.clone()));
        }
        // The multipart form (what is really sent) carries the same pairs.
        let pairs: Vec<(String, String)> = enc.form.unwrap_or_default().into_iter().map(|f| (f.name, f.value)).collect();
        prop_assert_eq!(pairs, got);
    }

    #[test]
    fn over_the_limit_is_one_too_long_issue_counting_code_points(extra in 1usize..40, base in text(250)) {
        let mut name = base.clone();
        while name.chars().count() < 250 + extra { name.push('😀'); }
        let n = name.chars().count() as u32;
        let issues = call("createCustomer").validate(&json!({"customerId": "c", "name": name}).to_string());
        prop_assert_eq!(issues.len(), 1);
        prop_assert_eq!(issues[0].code, IssueCode::TooLong);
        prop_assert_eq!((issues[0].limit, issues[0].actual), (Some(250), Some(n)));
    }

    #[test]
    fn legacy_identifier_is_one_path_segment(id in text(250).prop_filter("dots", |s| s != "." && s != "..")) {
        let input = json!({"identifier": id, "identifierType": "internalId", "name": "N"});
        let enc = call("updateCustomer").encode(&input.to_string()).unwrap();
        let segs: Vec<&str> = enc.path.trim_start_matches('/').split('/').collect();
        prop_assert_eq!(segs.len(), 4, "{}", enc.path);
        prop_assert_eq!(segs[1], "***");
        prop_assert!(!enc.path.contains('?') && !enc.path.contains('#'));
        let decoded = percent_encoding::percent_decode_str(segs[2]).decode_utf8().unwrap();
        prop_assert_eq!(decoded.as_ref(), id.as_str());
    }

    #[test]
    fn decoders_never_panic_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400), status in 100u16..600) {
        let body = String::from_utf8_lossy(&bytes);
        decode_all(&Response { status, body: &body, retry_after: None });
        let _ = piperun::parse_piperun_customer_bytes(&bytes);
    }

    #[test]
    fn decoders_never_panic_on_json_shaped_garbage(v in arb_json(), status in prop_oneof![Just(200u16), 100u16..600]) {
        for body in [json!({"erro": false, "data": v.clone()}), json!({"error": false, "success": true, "data": v.clone()}), v.clone()] {
            let text = body.to_string();
            decode_all(&Response { status, body: &text, retry_after: None });
            let _ = piperun::parse_piperun_customer(&json!({"customer": v.clone()}).to_string());
        }
    }

    #[test]
    fn ticket_codes_decode_or_stay_visible(p in 0i64..12, s in 0i64..12, live in any::<bool>()) {
        let mut t = json!({"erro": false, "idchamado": "a", "prioridade": p, "ultimasituacao": s.to_string()});
        if live { t = json!({"erro": false, "message": "ok", "data": t}); }
        let got = call("getTicket").decode(&Response { status: 200, body: &t.to_string(), retry_after: None }).unwrap();
        let v: Value = serde_json::from_str(&got).unwrap();
        let known_p = ["low", "normal", "high", "urgent"];
        match usize::try_from(p - 1).ok().and_then(|i| known_p.get(i)) {
            Some(name) => prop_assert_eq!(&v["priority"], &json!(name)),
            None => prop_assert_eq!(&v["priority"], &json!({"unknown": p.to_string()})),
        }
        prop_assert!(v["lastSituation"].is_string() || v["lastSituation"]["unknown"] == json!(s.to_string()));
    }
}

/// The core's JSON reader against serde_json: the same `Value`, or both refuse. ("Truncated" vs
/// "invalid" is checked on prefixes below, not against serde_json, which calls some invalid
/// escapes in mid-text "EOF": `"\ud83d\u""`.)
fn parse(text: &str) -> Result<Value, JsonError> {
    Doc::parse(text).map(|d| to_value(d.root()))
}

fn to_value(v: Val<'_, '_>) -> Value {
    match v.kind() {
        Kind::Null => Value::Null,
        Kind::True => Value::Bool(true),
        Kind::False => Value::Bool(false),
        Kind::Number => serde_json::from_str(v.number_text().unwrap_or("null")).unwrap_or(Value::Null),
        Kind::String => Value::String(v.as_str().map(|s| s.into_owned()).unwrap_or_default()),
        Kind::Array => Value::Array(v.items().map(to_value).collect()),
        Kind::Object => Value::Object(v.members().map(|(k, x)| (k.text().into_owned(), to_value(x))).collect()),
    }
}

fn same_as_serde_json(text: &str) -> Result<(), TestCaseError> {
    match (parse(text), serde_json::from_str::<Value>(text)) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{:?}", text),
        (Err(_), Err(_)) => {}
        (a, b) => prop_assert!(false, "{:?}: ours {:?}, serde_json {:?}", text, a, b),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn json_reader_agrees_with_serde_json_on_json(v in arb_json(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&v).unwrap() } else { v.to_string() };
        same_as_serde_json(&text)?;
    }

    #[test]
    fn json_reader_agrees_with_serde_json_on_cut_and_mutated_json(v in arb_json(), cut in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), with in "[\\\"{}\\[\\],:0-9eE.+\\-a-z \n\u{1}\u{e9}\u{1F600}]") {
        let text = v.to_string();
        let chars: Vec<char> = text.chars().collect();
        let truncated: String = chars[..cut.index(chars.len() + 1)].iter().collect();
        same_as_serde_json(&truncated)?;
        // a cut-off valid text is valid or "truncated", never "invalid"
        if let Err(e) = parse(&truncated) {
            prop_assert!(e.is_eof(), "{:?}: {:?}", truncated, e);
        }
        let mut mutated = chars.clone();
        if !mutated.is_empty() {
            let i = at.index(mutated.len());
            mutated.splice(i..=i, with.chars());
        }
        same_as_serde_json(&mutated.into_iter().collect::<String>())?;
    }

    #[test]
    fn json_reader_agrees_with_serde_json_on_json_alphabet_soup(text in "[\\\"{}\\[\\],:0-9eE.+\\-tfrueals nu\\\\/bfnrt]{0,40}") {
        same_as_serde_json(&text)?;
    }
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        "[ -~éS0N1\u{0}-\u{1f}\u{1F600}\u{2028}]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let key = prop_oneof![
            Just("idchamado".to_string()), Just("historico".to_string()), Just("anexos".to_string()),
            Just("prioridade".to_string()), Just("data_criacao".to_string()), Just("organization".to_string()),
            Just("permissions".to_string()), Just("custom_fields".to_string()), Just("telephones".to_string()),
            Just("emails".to_string()), Just("id".to_string()), Just("name".to_string()), "[a-z_]{1,8}",
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(key, inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}
