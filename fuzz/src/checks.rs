//! The invariants every target checks besides "no panic".
use serde::Serialize;
use serde_json::Value;
use tomticket_wasm::core::http::{encode_path_segment, BaseUrl, Endpoint};
use tomticket_wasm::core::piperun::Mapping;
use tomticket_wasm::core::{customer, legacy_update, Error};

/// The token the encoders' URLs are built with: it has every character that must be encoded.
pub const SECRET: &str = "s3cr3t/tok?en#%";

/// After a decoder: an `Ok` value serializes; an error holds no token once scrubbed.
pub fn decoded<T: Serialize>(r: Result<T, Error>) {
    match r {
        Ok(v) => {
            serde_json::to_string(&v).expect("a decoded value must serialize");
        }
        Err(e) => scrubbed(e),
    }
}

/// A scrubbed error holds the token in none of the texts `Error::scrub` covers (`message`,
/// `server_message`, `endpoint`, the issues' `message`; not `issues[].field`, a property name
/// taken from the caller's input).
pub fn scrubbed(mut e: Error) {
    e.scrub(SECRET);
    let messages: Vec<&str> = e.issues.iter().map(|i| i.message.as_str()).collect();
    let all = format!("{} {:?} {:?} {messages:?}", e.message, e.server_message, e.endpoint);
    assert!(!all.contains(SECRET), "token survived scrub: {all}");
    assert!(!all.contains(&encode_path_segment(SECRET)), "encoded token survived scrub: {all}");
}

/// After an encoder: the token is percent-encoded in the URL, absent from `display()` and
/// `preview()`, and no path segment holds a raw `? # space CR LF`. `input` is what the endpoint
/// was built from (a token-like text the caller typed in may legitimately be displayed).
pub fn endpoint(ep: &Endpoint, input: &Value) {
    let base = BaseUrl::parse("https://api.tomticket.com").expect("base");
    let url = ep.url(&base, SECRET);
    assert!(!url.contains(SECRET), "raw token in URL (must be percent-encoded): {url}");
    let path = url.split('?').next().unwrap_or("");
    for seg in path.split('/').skip(3) {
        assert!(!seg.contains(['?', '#', ' ', '\r', '\n']), "unencoded character in path segment {seg:?} of {url}");
    }
    let shown = format!("{} {:?} {:?}", ep.display(), ep.preview(), serde_json::to_string(&ep.preview()));
    if !input.to_string().contains("s3cr3t") {
        assert!(!shown.contains("s3cr3t"), "token in display: {shown}");
    }
}

/// A parsed input, serialized back to its JS shape, parses to itself.
pub fn round_trip<T, E: std::fmt::Debug>(value: &T, parse: impl Fn(&Value) -> Result<T, E>)
where
    T: Serialize + PartialEq + std::fmt::Debug,
{
    let js = serde_json::to_value(value).expect("an input serializes");
    match parse(&js) {
        Ok(again) => assert_eq!(&again, value, "parse(serialize(x)) != x for {js}"),
        Err(issues) => panic!("a parsed input does not parse again: {js} → {issues:?}"),
    }
}

/// A PipeRun mapping: both inputs are valid for `createCustomer`/`updateCustomer` (documented:
/// "valid by construction"), their requests keep the token safe, and the notes serialize.
pub fn mapping(m: &Mapping) {
    let new_customer = serde_json::to_value(&m.new_customer).expect("newCustomer serializes");
    match customer::parse_new_customer(&new_customer) {
        Ok(c) => endpoint(&c.endpoint(), &new_customer),
        Err(issues) => panic!("mapped newCustomer is not a valid NewCustomer: {new_customer} → {issues:?}"),
    }
    let update = serde_json::to_value(&m.update).expect("update serializes");
    match legacy_update::parse_legacy_customer_update(&update) {
        Ok(u) => endpoint(&u.endpoint(), &update),
        Err(issues) => panic!("mapped update is not a valid LegacyCustomerUpdate: {update} → {issues:?}"),
    }
    serde_json::to_string(&m.notes).expect("notes serialize");
}
