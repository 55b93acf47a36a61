//! TomTicket webhooks: check the `X-Hub-Signature` of a notification, then read its body.
//!
//! # What TomTicket sends (docs: Enterprise → Webhook; see shared spec §5)
//! `POST` with the JSON body `{ "type": "ticket" | "customer", "id": "<32-hex>",
//! "action": "created" | "updated" | "deleted" }` and the header `X-Hub-Signature: sha1=<digest>`,
//! where the documented computation is HMAC-SHA1(key = the webhook's secret, message =
//! Base64(the JSON that was sent)). Not documented: whether `<digest>` is hex or base64.
//!
//! # What [`verify_webhook`] accepts
//! The header `sha1=<digest>` (prefix case-insensitive, surrounding whitespace ignored) where
//! `<digest>` is the 20-byte HMAC-SHA1 as 40 hex digits (either case) or as standard base64
//! (28 characters with `=`, or 27 without). The digest is compared, in constant time
//! (`hmac`'s `verify_slice`), with the HMAC of
//! - the **raw body bytes**, and
//! - **Base64(raw body bytes)** (standard alphabet, padded), the documented message.
//!
//! Two digest spellings × two messages = the four plausible schemes; any one matching is success.
//! Verification is over the bytes as received: a receiver that parses and re-serialises the
//! JSON first (`JSON.stringify(req.body)`) changes them whenever TomTicket's text has
//! whitespace, escaped `/` or another key order, and then fails.
//!
//! # Errors
//! - kind `config`: the secret is empty (issue on field `secret`).
//! - kind `webhook`, [`Error::reason`] = [`WebhookFailure`]: `missing` (no header, or blank),
//!   `malformed` (not `sha1=` + a 20-byte hex/base64 digest), `mismatch` (no scheme matches:
//!   wrong secret or altered body).
//! - kind `decode`: the signature matched but the body is not the documented JSON (not UTF-8,
//!   not JSON, not an object, `type`/`action` absent or unknown, `id` absent or blank); the
//!   message names every field at fault.
//!
//! No message, `Debug` or `Display` of an error holds the secret, a computed digest or the
//! received digest: the secret is only ever handed to the HMAC.

use hmac::{Hmac, Mac};
use sha1::Sha1;

use super::error::{Error, ErrorKind};
use super::issue::{Issue, IssueCode};
use super::json::{Doc, Kind};
use super::read::{sink, Reader};

type HmacSha1 = Hmac<Sha1>;

/// Length of an HMAC-SHA1 digest in bytes.
const DIGEST_LEN: usize = 20;

models! {
    [#[derive(Copy, Eq)]]

    /// Why a webhook's signature was refused (the `reason` of an error of kind `webhook`).
    pub enum WebhookFailure {
        /// No `X-Hub-Signature` header, or a blank one.
        Missing,
        /// The header is not `sha1=` followed by a 20-byte digest in hex or base64.
        Malformed,
        /// The digest matches none of the accepted schemes: wrong secret, or the body was changed.
        Mismatch,
    }
}

impl WebhookFailure {
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookFailure::Missing => "missing",
            WebhookFailure::Malformed => "malformed",
            WebhookFailure::Mismatch => "mismatch",
        }
    }
}

models! {
    [#[derive(Copy, Eq)]]

    /// What a webhook is about.
    pub enum WebhookEventType {
        Ticket,
        Customer,
    }

    /// What happened to it.
    pub enum WebhookAction {
        Created,
        Updated,
        Deleted,
    }
}

models! {
    [#[derive(Eq)]]

    /// A verified webhook notification. It carries no data: fetch the record by `id`
    /// (`getTicket` / the customer calls).
    pub struct WebhookEvent {
        #[serde(rename = "type")]
        pub kind: WebhookEventType,
        /// The ticket's or customer's id (32-char hex in TomTicket), as sent.
        pub id: String,
        pub action: WebhookAction,
    }
}

/// Checks the signature of a webhook request, then reads its body. See the module notes.
///
/// `raw_body` must be the request body exactly as received (before any JSON parsing);
/// `signature_header` the value of `X-Hub-Signature`; `secret` the webhook's secret.
pub fn verify_webhook(raw_body: &[u8], signature_header: Option<&str>, secret: &[u8]) -> Result<WebhookEvent, Error> {
    if secret.is_empty() {
        let message = "secret is required: the webhook's secret as configured in TomTicket";
        return Err(Error::invalid(
            ErrorKind::Config,
            vec![Issue { field: "secret".to_owned(), code: IssueCode::Required, message: message.to_owned(), limit: None, actual: None }],
        ));
    }
    let digest = parse_header(signature_header)?;
    // Hmac accepts a key of any length (longer keys are hashed first).
    let keyed = HmacSha1::new_from_slice(secret).map_err(|_| Error::new(ErrorKind::Config, "the webhook secret cannot be used as an HMAC key"))?;

    let mut over_raw = keyed.clone();
    over_raw.update(raw_body);
    let mut over_base64 = keyed;
    update_base64(&mut over_base64, raw_body);
    // Both comparisons always run (no short-circuit), each in constant time.
    let matched = over_raw.verify_slice(&digest).is_ok() | over_base64.verify_slice(&digest).is_ok();
    if !matched {
        return Err(failure(
            WebhookFailure::Mismatch,
            "webhook signature does not match the body: wrong secret, or the body was changed (verify the raw body bytes, not re-serialised JSON)",
        ));
    }
    read_event(raw_body)
}

fn failure(reason: WebhookFailure, message: &str) -> Error {
    let mut e = Error::new(ErrorKind::Webhook, message);
    e.reason = Some(reason);
    e
}

/// `sha1=<hex|base64>` → the 20 digest bytes. Never puts the header's digest in a message.
fn parse_header(header: Option<&str>) -> Result<[u8; DIGEST_LEN], Error> {
    let header = header.map(str::trim).unwrap_or("");
    if header.is_empty() {
        return Err(failure(WebhookFailure::Missing, "webhook signature missing: no X-Hub-Signature header"));
    }
    let malformed = |what: &str| failure(WebhookFailure::Malformed, &format!("webhook signature malformed: {what}"));
    let Some((algorithm, digest)) = header.split_once('=') else {
        return Err(malformed("expected `sha1=` followed by the digest"));
    };
    if !algorithm.trim().eq_ignore_ascii_case("sha1") {
        // The algorithm's name is not secret; show it when it looks like one.
        let shown = algorithm.trim();
        return Err(if !shown.is_empty() && shown.len() <= 16 && shown.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            malformed(&format!("expected `sha1=`, got `{shown}=`"))
        } else {
            malformed("expected `sha1=` followed by the digest")
        });
    }
    let digest = digest.trim().as_bytes();
    decode_hex(digest).or_else(|| decode_base64_digest(digest)).ok_or_else(|| {
        malformed(&format!(
            "expected a 20-byte HMAC-SHA1 digest as 40 hex digits or 28 base64 characters, got {} characters",
            digest.len()
        ))
    })
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// 40 hex digits, either case.
fn decode_hex(text: &[u8]) -> Option<[u8; DIGEST_LEN]> {
    if text.len() != 2 * DIGEST_LEN {
        return None;
    }
    let mut out = [0u8; DIGEST_LEN];
    for (o, pair) in out.iter_mut().zip(text.chunks_exact(2)) {
        *o = hex_value(pair[0])? << 4 | hex_value(pair[1])?;
    }
    Some(out)
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_value(b: u8) -> Option<u32> {
    match b {
        b'A'..=b'Z' => Some(u32::from(b - b'A')),
        b'a'..=b'z' => Some(u32::from(b - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(b - b'0') + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// 20 bytes as standard base64: 27 characters, then an optional `=`. The unused low bits of the
/// last character must be zero (the canonical spelling, as the `base64` crate requires).
fn decode_base64_digest(text: &[u8]) -> Option<[u8; DIGEST_LEN]> {
    const CHARS: usize = (DIGEST_LEN * 8).div_ceil(6); // 27
    let text = match text.len() {
        n if n == CHARS => text,
        n if n == CHARS + 1 && text[CHARS] == b'=' => &text[..CHARS],
        _ => return None,
    };
    let mut out = [0u8; DIGEST_LEN];
    // 6 groups of 4 characters → 18 bytes, then 3 characters → 2 bytes (+ 2 zero bits).
    for (o, quad) in out.chunks_mut(3).zip(text.chunks(4)) {
        let mut acc = 0u32;
        for &c in quad {
            acc = acc << 6 | base64_value(c)?;
        }
        if quad.len() == 4 {
            o.copy_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
        } else {
            // 3 characters = 18 bits: 16 bits of data and 2 that must be zero.
            if acc & 0b11 != 0 {
                return None;
            }
            o.copy_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]);
        }
    }
    Some(out)
}

/// Feeds Base64(`bytes`) (standard, padded) to `mac` without building the whole text.
fn update_base64(mac: &mut HmacSha1, bytes: &[u8]) {
    let mut buf = [0u8; 256];
    let mut len = 0;
    let mut chunks = bytes.chunks_exact(3);
    for c in &mut chunks {
        let n = u32::from(c[0]) << 16 | u32::from(c[1]) << 8 | u32::from(c[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            buf[len + i] = BASE64[(n >> shift & 63) as usize];
        }
        len += 4;
        if len == buf.len() {
            mac.update(&buf);
            len = 0;
        }
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let n = u32::from(rest[0]) << 16 | rest.get(1).map_or(0, |&b| u32::from(b) << 8);
        buf[len] = BASE64[(n >> 18 & 63) as usize];
        buf[len + 1] = BASE64[(n >> 12 & 63) as usize];
        buf[len + 2] = if rest.len() == 2 { BASE64[(n >> 6 & 63) as usize] } else { b'=' };
        buf[len + 3] = b'=';
        len += 4;
    }
    mac.update(&buf[..len]);
}

/// The verified body → [`WebhookEvent`], read leniently (case and surrounding spaces of
/// `type`/`action` ignored, a numeric `id` taken as its text, other keys ignored).
fn read_event(raw_body: &[u8]) -> Result<WebhookEvent, Error> {
    let decode = |what: String| Error::new(ErrorKind::Decode, format!("webhook body: {what}"));
    let text = std::str::from_utf8(raw_body).map_err(|e| decode(format!("not UTF-8 text (invalid byte at offset {})", e.valid_up_to())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = Doc::parse(text).map_err(|e| decode(format!("not JSON ({})", e.position())))?;
    let root = doc.root();
    let mut issues = sink();
    let Some(mut r) = Reader::lenient(root, &mut issues) else {
        return Err(decode(format!("expected a JSON object, got {}", root.type_name())));
    };
    let mut problems: Vec<String> = Vec::new();
    let kind = r.one_of("type", &[("ticket", WebhookEventType::Ticket), ("customer", WebhookEventType::Customer)]);
    if kind.is_none() {
        problems.push(problem(&r, "type", "\"ticket\" or \"customer\""));
    }
    let id = match r.peek("id").map(|v| v.kind()) {
        Some(Kind::String | Kind::Number) => r.key_text("id").map(|s| s.trim().to_owned()),
        _ => None,
    };
    if id.is_none() {
        problems.push(match r.peek("id") {
            Some(v) if !matches!(v.kind(), Kind::String | Kind::Number) => format!("`id` must be a string, got {}", v.type_name()),
            Some(_) => "`id` is blank".to_owned(),
            None => "`id` is missing".to_owned(),
        });
    }
    let action = r.one_of(
        "action",
        &[("created", WebhookAction::Created), ("updated", WebhookAction::Updated), ("deleted", WebhookAction::Deleted)],
    );
    if action.is_none() {
        problems.push(problem(&r, "action", "\"created\", \"updated\" or \"deleted\""));
    }
    match (kind, id, action) {
        (Some(kind), Some(id), Some(action)) => Ok(WebhookEvent { kind, id, action }),
        _ => Err(decode(problems.join("; "))),
    }
}

/// `` `key` is missing `` / `` `key` must be …, got "…" `` for a code that did not read.
fn problem(r: &Reader<'_, '_, '_>, key: &str, allowed: &str) -> String {
    match r.peek(key) {
        None => format!("`{key}` is missing"),
        Some(v) => match v.as_str() {
            Some(s) => {
                let shown: String = s.chars().take(40).collect();
                let more = if s.chars().count() > 40 { "…" } else { "" };
                format!("`{key}` must be {allowed}, got {shown:?}{more}")
            }
            None => format!("`{key}` must be {allowed}, got {}", v.type_name()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors from Node's crypto.createHmac (OpenSSL), an implementation independent of the
    // RustCrypto crates used above: `node tests/support/webhook-vectors.mjs` printed these.
    const SECRET: &[u8] = b"whsec-Zx9!tomticket-test-secret";
    const COMPACT: &str = r#"{"type":"ticket","id":"0123456789abcdef0123456789abcdef","action":"created"}"#;
    const SPACED: &str = "{ \"type\" : \"customer\",\n  \"id\": \"fedcba9876543210fedcba9876543210\", \"action\": \"updated\",  \"url\": \"https:\\/\\/x.tomticket.com\\/a\" }";
    const SPACED_RESERIALISED: &str =
        r#"{"type":"customer","id":"fedcba9876543210fedcba9876543210","action":"updated","url":"https://x.tomticket.com/a"}"#;
    const UNICODE: &str = r#"{"type":"ticket","id":"aaaabbbbccccddddeeeeffff00001111","action":"deleted","note":"ação — 日本 🎫\u00e9"}"#;
    // COMPACT: 76 bytes (1 mod 3); base64(body) = 104 chars
    const COMPACT_RAW_HEX: &str = "sha1=625df0596bf84a8a6c600b8f01f43495e58d10fe";
    const COMPACT_RAW_B64: &str = "sha1=Yl3wWWv4SopsYAuPAfQ0leWNEP4=";
    const COMPACT_B64_HEX: &str = "sha1=3366cf30d5d63c479957916ef697c950a332f467";
    const COMPACT_B64_B64: &str = "sha1=M2bPMNXWPEeZV5Fu9pfJUKMy9Gc=";
    // SPACED: 128 bytes (2 mod 3); base64(body) = 172 chars
    const SPACED_RAW_HEX: &str = "sha1=1ca063f68485a26eef5d012eac4eac2abfc96345";
    const SPACED_RAW_B64: &str = "sha1=HKBj9oSFom7vXQEurE6sKr/JY0U=";
    const SPACED_B64_HEX: &str = "sha1=f948446e59a060f2c5d571adf24a18ce060763dc";
    const SPACED_B64_B64: &str = "sha1=+UhEblmgYPLF1XGt8koYzgYHY9w=";
    // HMAC(secret, base64(JSON.stringify(JSON.parse(SPACED)))) — what a re-serialising receiver computes.
    const SPACED_RESERIALISED_B64_B64: &str = "sha1=2lcN383jYB+bQxrpQp60dO/O7LQ=";
    // UNICODE: 114 bytes (0 mod 3); base64(body) = 152 chars
    const UNICODE_RAW_HEX: &str = "sha1=bd986e02074a9e17bcbd8300cb55c5d4dbfe3730";
    const UNICODE_RAW_B64: &str = "sha1=vZhuAgdKnhe8vYMAy1XF1Nv+NzA=";
    const UNICODE_B64_HEX: &str = "sha1=52fa1eae7287a10f67737a13a9332f882fceaba5";
    const UNICODE_B64_B64: &str = "sha1=UvoernKHoQ9nc3oTqTMviC/Oq6U=";

    const ALL: [(&str, [&str; 4]); 3] = [
        (COMPACT, [COMPACT_RAW_HEX, COMPACT_RAW_B64, COMPACT_B64_HEX, COMPACT_B64_B64]),
        (SPACED, [SPACED_RAW_HEX, SPACED_RAW_B64, SPACED_B64_HEX, SPACED_B64_B64]),
        (UNICODE, [UNICODE_RAW_HEX, UNICODE_RAW_B64, UNICODE_B64_HEX, UNICODE_B64_B64]),
    ];

    fn verify(body: &str, header: &str) -> Result<WebhookEvent, Error> {
        verify_webhook(body.as_bytes(), Some(header), SECRET)
    }

    fn reason(r: Result<WebhookEvent, Error>) -> Option<&'static str> {
        let e = r.unwrap_err();
        assert_eq!(e.kind == ErrorKind::Webhook, e.reason.is_some(), "{e:?}");
        e.reason.map(WebhookFailure::as_str)
    }

    /// Everything a caller could see of an error.
    fn visible(e: &Error) -> String {
        format!("{e} {e:?} {:?}", e.issues)
    }

    #[test]
    fn vector_bodies_have_the_documented_lengths() {
        // The three bodies cover all three base64 tails (no padding, `==`, `=`).
        assert_eq!([COMPACT.len() % 3, SPACED.len() % 3, UNICODE.len() % 3], [1, 2, 0]);
        assert_eq!((COMPACT.len(), SPACED.len(), UNICODE.len()), (76, 128, 114));
    }

    #[test]
    fn all_four_schemes_verify_for_every_body() {
        let expected = [
            WebhookEvent { kind: WebhookEventType::Ticket, id: "0123456789abcdef0123456789abcdef".into(), action: WebhookAction::Created },
            WebhookEvent { kind: WebhookEventType::Customer, id: "fedcba9876543210fedcba9876543210".into(), action: WebhookAction::Updated },
            WebhookEvent { kind: WebhookEventType::Ticket, id: "aaaabbbbccccddddeeeeffff00001111".into(), action: WebhookAction::Deleted },
        ];
        for ((body, headers), want) in ALL.iter().zip(expected) {
            for h in headers {
                assert_eq!(verify(body, h).as_ref(), Ok(&want), "{h} over {body}");
            }
        }
    }

    #[test]
    fn header_spelling_variants_verify() {
        let hex = &COMPACT_B64_HEX["sha1=".len()..];
        let b64 = &COMPACT_B64_B64["sha1=".len()..];
        for h in [
            format!("sha1={}", hex.to_uppercase()),
            format!("SHA1={hex}"),
            format!("  sha1={hex}  "),
            format!("sha1={}", b64.trim_end_matches('=')), // unpadded
            format!("Sha1={b64}"),
        ] {
            assert!(verify(COMPACT, &h).is_ok(), "{h}");
        }
    }

    #[test]
    fn a_signature_for_one_body_does_not_verify_another() {
        for (i, (body, _)) in ALL.iter().enumerate() {
            for (j, (_, headers)) in ALL.iter().enumerate() {
                if i != j {
                    for h in headers {
                        assert_eq!(reason(verify(body, h)), Some("mismatch"));
                    }
                }
            }
        }
    }

    #[test]
    fn wrong_secret_is_a_mismatch() {
        for (body, headers) in ALL {
            for h in headers {
                assert_eq!(reason(verify_webhook(body.as_bytes(), Some(h), b"whsec-Zx9!tomticket-test-secreT")), Some("mismatch"));
                assert_eq!(reason(verify_webhook(body.as_bytes(), Some(h), b"whsec-Zx9!tomticket-test-secret ")), Some("mismatch"));
            }
        }
    }

    #[test]
    fn any_one_byte_change_of_the_body_is_a_mismatch() {
        for (body, headers) in ALL {
            for i in 0..body.len() {
                let mut tampered = body.as_bytes().to_vec();
                tampered[i] ^= 0x01;
                for h in headers {
                    assert_eq!(reason(verify_webhook(&tampered, Some(h), SECRET)), Some("mismatch"), "byte {i}, {h}");
                }
            }
            // Appended and removed bytes too.
            let longer = format!("{body} ");
            assert_eq!(reason(verify(&longer, headers[3])), Some("mismatch"));
            assert_eq!(reason(verify(&body[..body.len() - 1], headers[3])), Some("mismatch"));
        }
    }

    #[test]
    fn raw_bytes_verify_where_re_serialised_json_would_not() {
        // The body as sent verifies under every scheme (see all_four_schemes_verify_for_every_body)…
        assert!(verify(SPACED, SPACED_B64_B64).is_ok());
        // …while the same JSON re-serialised (JSON.stringify) is other bytes with another HMAC:
        assert_ne!(SPACED, SPACED_RESERIALISED);
        assert_ne!(SPACED_B64_B64, SPACED_RESERIALISED_B64_B64);
        assert_eq!(reason(verify(SPACED_RESERIALISED, SPACED_B64_B64)), Some("mismatch"));
        assert_eq!(reason(verify(SPACED, SPACED_RESERIALISED_B64_B64)), Some("mismatch"));
        // (and the re-serialised text with its own signature is fine: the check is about bytes)
        assert!(verify(SPACED_RESERIALISED, SPACED_RESERIALISED_B64_B64).is_ok());
    }

    #[test]
    fn missing_or_blank_header() {
        for h in [None, Some(""), Some("   "), Some("\t\r\n")] {
            let e = verify_webhook(COMPACT.as_bytes(), h, SECRET).unwrap_err();
            assert_eq!((e.kind, e.reason), (ErrorKind::Webhook, Some(WebhookFailure::Missing)), "{h:?}");
            assert!(e.message.contains("missing"), "{}", e.message);
        }
    }

    #[test]
    fn malformed_headers() {
        let hex = &COMPACT_RAW_HEX["sha1=".len()..];
        let b64 = &COMPACT_RAW_B64["sha1=".len()..];
        let cases = [
            format!("sha256={hex}"),
            "sha256=ab12".to_owned(),
            format!("md5={b64}"),
            hex.to_owned(),                      // no prefix
            format!("sha1{hex}"),                // no `=`
            "sha1=".to_owned(),                  // empty digest
            "sha1=   ".to_owned(),
            format!("sha1={}", &hex[..39]),      // truncated hex
            format!("sha1={}", &hex[..38]),
            format!("sha1={hex}00"),             // too long
            format!("sha1={}", &b64[..26]),      // truncated base64
            format!("sha1={}==", &b64[..26]),
            format!("sha1={b64}="),              // extra padding
            format!("sha1={}g", &hex[..39]),     // not hex, not base64
            "sha1=zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz".to_owned(),
            "sha1=this is not a digest at all!!".to_owned(),
            "sha1=Yl3wWWv4SopsYAuPAfQ0leWNEP5=".to_owned(), // non-zero unused bits
            format!("sha1= {hex} extra"),
            "=".to_owned(),
            "sha1==".to_owned(),
            "sha1=é".repeat(20),
        ];
        for h in &cases {
            assert_eq!(reason(verify(COMPACT, h)), Some("malformed"), "{h}");
        }
        let e = verify(COMPACT, &format!("sha256={hex}")).unwrap_err();
        assert!(e.message.contains("`sha256=`"), "{}", e.message);
        assert!(!visible(&e).contains(hex), "{e:?}");
        let e = verify(COMPACT, "sha1=abc").unwrap_err();
        assert!(e.message.contains("got 3 characters"), "{}", e.message);
    }

    #[test]
    fn url_safe_base64_digest_is_malformed() {
        // SPACED_RAW_B64's digest has a `/`: its URL-safe spelling (`_`) is refused.
        let urlsafe = SPACED_RAW_B64.replace('/', "_");
        assert_ne!(urlsafe, SPACED_RAW_B64);
        assert_eq!(reason(verify(SPACED, &urlsafe)), Some("malformed"));
        // `+` → `-` likewise (SPACED_B64_B64 starts with `+`).
        assert_eq!(reason(verify(SPACED, &SPACED_B64_B64.replace('+', "-"))), Some("malformed"));
    }

    #[test]
    fn a_valid_digest_of_other_bytes_is_a_mismatch_not_malformed() {
        assert_eq!(reason(verify(COMPACT, "sha1=0000000000000000000000000000000000000000")), Some("mismatch"));
        assert_eq!(reason(verify(COMPACT, "sha1=AAAAAAAAAAAAAAAAAAAAAAAAAAA=")), Some("mismatch"));
    }

    #[test]
    fn empty_secret_is_a_config_error() {
        let e = verify_webhook(COMPACT.as_bytes(), Some(COMPACT_B64_B64), b"").unwrap_err();
        assert_eq!((e.kind, e.reason), (ErrorKind::Config, None));
        assert_eq!(e.issues.len(), 1);
        assert_eq!((e.issues[0].field.as_str(), e.issues[0].code), ("secret", IssueCode::Required));
    }

    #[test]
    fn secret_and_digests_never_appear_in_errors() {
        let secret_text = std::str::from_utf8(SECRET).unwrap();
        let mut errors = Vec::new();
        for (body, headers) in ALL {
            for h in headers {
                errors.push(verify_webhook(b"{}", Some(h), SECRET).unwrap_err()); // mismatch
                errors.push(verify_webhook(body.as_bytes(), Some(&h.replace("sha1=", "sha256=")), SECRET).unwrap_err());
                errors.push(verify_webhook(format!("{body}x").as_bytes(), Some(h), SECRET).unwrap_err());
            }
        }
        errors.push(verify_webhook(b"", None, SECRET).unwrap_err());
        errors.push(verify_webhook(b"x", Some("sha1=nope"), SECRET).unwrap_err());
        errors.push(verify_webhook(b"x", Some("x"), b"").unwrap_err());
        // A body that verifies but does not decode (signature computed here with the same HMAC
        // the vectors validated above).
        errors.push(verify_webhook(b"[1]", Some(&sign(b"[1]")), SECRET).unwrap_err());
        for e in &errors {
            let seen = visible(e);
            assert!(!seen.contains(secret_text), "{seen}");
            for (_, headers) in ALL {
                for h in headers {
                    assert!(!seen.contains(&h["sha1=".len()..]), "{seen}");
                    assert!(!seen.contains(&h["sha1=".len()..].to_uppercase()), "{seen}");
                }
            }
        }
    }

    /// `sha1=<base64>` of HMAC(secret, base64(body)), with the module's own (vector-checked) code.
    fn sign(body: &[u8]) -> String {
        let mut mac = HmacSha1::new_from_slice(SECRET).unwrap();
        update_base64(&mut mac, body);
        let d = mac.finalize().into_bytes();
        let mut s = String::from("sha1=");
        for q in d.chunks(3) {
            let n = q.iter().enumerate().fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
            let chars = q.len() + 1;
            for i in 0..4 {
                s.push(if i < chars { BASE64[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
            }
        }
        s
    }

    #[test]
    fn sign_helper_agrees_with_node() {
        for (body, headers) in ALL {
            assert_eq!(sign(body.as_bytes()), headers[3]);
        }
    }

    #[test]
    fn base64_stream_matches_rfc4648_and_crosses_the_buffer() {
        // RFC 4648 §10 vectors, hashed both ways: HMAC over our stream == HMAC over the text.
        let pairs: [(&[u8], &str); 7] =
            [(b"", ""), (b"f", "Zg=="), (b"fo", "Zm8="), (b"foo", "Zm9v"), (b"foob", "Zm9vYg=="), (b"fooba", "Zm9vYmE="), (b"foobar", "Zm9vYmFy")];
        let big: Vec<u8> = (0..1000u32).map(|i| (i * 7 + 3) as u8).collect();
        let big_b64 = naive_base64(&big);
        let mut all: Vec<(Vec<u8>, String)> = pairs.iter().map(|(a, b)| (a.to_vec(), b.to_string())).collect();
        for n in [189, 190, 191, 192, 193, 194, 195, 999, 1000] {
            all.push((big[..n].to_vec(), naive_base64(&big[..n])));
        }
        assert_eq!(&big_b64[..8], naive_base64(&big[..6]));
        for (input, text) in all {
            let mut a = HmacSha1::new_from_slice(b"k").unwrap();
            update_base64(&mut a, &input);
            let mut b = HmacSha1::new_from_slice(b"k").unwrap();
            b.update(text.as_bytes());
            assert_eq!(a.finalize().into_bytes(), b.finalize().into_bytes(), "{} bytes", input.len());
        }
    }

    /// A bit-by-bit base64 encoder, unlike the one under test.
    fn naive_base64(bytes: &[u8]) -> String {
        let bits: Vec<u8> = bytes.iter().flat_map(|b| (0..8).rev().map(move |i| b >> i & 1)).collect();
        let mut s: String = bits.chunks(6).map(|c| BASE64[c.iter().chain(std::iter::repeat(&0)).take(6).fold(0, |a, &b| a << 1 | b) as usize] as char).collect();
        while s.len() % 4 != 0 {
            s.push('=');
        }
        s
    }

    #[test]
    fn digest_decoders() {
        let want: [u8; 20] = std::array::from_fn(|i| (i as u8) * 13 + 1);
        let hex: String = want.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(decode_hex(hex.as_bytes()), Some(want));
        assert_eq!(decode_hex(hex.to_uppercase().as_bytes()), Some(want));
        let b64 = naive_base64(&want);
        assert_eq!(b64.len(), 28);
        assert_eq!(decode_base64_digest(b64.as_bytes()), Some(want));
        assert_eq!(decode_base64_digest(b64.trim_end_matches('=').as_bytes()), Some(want));
        assert_eq!(decode_base64_digest(&b64.as_bytes()[..26]), None);
        assert_eq!(decode_hex(&hex.as_bytes()[..38]), None);
    }

    fn body_error(body: &str) -> Error {
        let e = verify_webhook(body.as_bytes(), Some(&sign(body.as_bytes())), SECRET).unwrap_err();
        assert_eq!((e.kind, e.reason), (ErrorKind::Decode, None), "{body}: {e:?}");
        e
    }

    #[test]
    fn verified_bodies_that_are_not_the_documented_json_are_decode_errors_naming_the_field() {
        let id = "0123456789abcdef0123456789abcdef";
        let cases: Vec<(String, &[&str])> = vec![
            ("not json".into(), &["not JSON"]),
            (r#"{"type":"ticket""#.into(), &["not JSON"]),
            ("".into(), &["not JSON"]),
            ("[]".into(), &["expected a JSON object, got"]),
            ("null".into(), &["expected a JSON object"]),
            ("{}".into(), &["`type` is missing", "`id` is missing", "`action` is missing"]),
            (format!(r#"{{"type":"chat","id":"{id}","action":"created"}}"#), &["`type` must be \"ticket\" or \"customer\", got \"chat\""]),
            (format!(r#"{{"type":1,"id":"{id}","action":"created"}}"#), &["`type` must be", "got number"]),
            (format!(r#"{{"type":"ticket","id":"{id}","action":"closed"}}"#), &["`action` must be", "\"closed\""]),
            (format!(r#"{{"type":"ticket","id":"{id}"}}"#), &["`action` is missing"]),
            (r#"{"type":"ticket","action":"created"}"#.into(), &["`id` is missing"]),
            (r#"{"type":"ticket","id":null,"action":"created"}"#.into(), &["`id` is missing"]),
            (r#"{"type":"ticket","id":"  ","action":"created"}"#.into(), &["`id` is blank"]),
            (r#"{"type":"ticket","id":{},"action":"created"}"#.into(), &["`id` must be a string, got object"]),
            (r#"{"type":"ticket","id":true,"action":"created"}"#.into(), &["`id` must be a string"]),
            // The page's own example is malformed JSON (a missing quote after `action`).
            (format!(r#"{{"type": "ticket", "id": "{id}", "action: "created"}}"#), &["not JSON"]),
            (format!(r#"{{"type":"{}","id":"{id}","action":"created"}}"#, "x".repeat(500)), &["…"]),
        ];
        for (body, wanted) in cases {
            let e = body_error(&body);
            assert!(e.message.starts_with("webhook body: "), "{}", e.message);
            for w in wanted {
                assert!(e.message.contains(w), "{body}: {} (wanted {w})", e.message);
            }
            assert!(e.message.len() < 300, "{}", e.message);
        }
        // Not UTF-8.
        let bad = b"{\"type\":\"ticket\",\"id\":\"\xff\",\"action\":\"created\"}";
        let e = verify_webhook(bad, Some(&sign(bad)), SECRET).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Decode);
        assert!(e.message.contains("not UTF-8"), "{}", e.message);
    }

    #[test]
    fn lenient_reading_of_a_verified_body() {
        let cases = [
            (r#"{"type":" Ticket ","id":" abc ","action":"UPDATED","extra":[1,2]}"#, (WebhookEventType::Ticket, "abc", WebhookAction::Updated)),
            (r#"{"action":"deleted","id":12345,"type":"customer"}"#, (WebhookEventType::Customer, "12345", WebhookAction::Deleted)),
            ("\u{feff}{\"type\":\"ticket\",\"id\":\"x\",\"action\":\"created\"}", (WebhookEventType::Ticket, "x", WebhookAction::Created)),
            (r#"{"type":"ticket","id":"a\/b","action":"created"}"#, (WebhookEventType::Ticket, "a/b", WebhookAction::Created)),
        ];
        for (body, (kind, id, action)) in cases {
            let got = verify_webhook(body.as_bytes(), Some(&sign(body.as_bytes())), SECRET).unwrap();
            assert_eq!(got, WebhookEvent { kind, id: id.into(), action }, "{body}");
        }
    }

    #[test]
    fn serialises_as_the_documented_shape() {
        let e = verify(COMPACT, COMPACT_B64_B64).unwrap();
        let json = crate::core::to_json(&e).unwrap();
        assert_eq!(json, r#"{"type":"ticket","id":"0123456789abcdef0123456789abcdef","action":"created"}"#);
        assert_eq!(ErrorKind::Webhook.as_str(), "webhook");
        let reasons = [WebhookFailure::Missing, WebhookFailure::Malformed, WebhookFailure::Mismatch];
        for r in reasons {
            assert_eq!(crate::core::to_json(&r).unwrap(), format!("\"{}\"", r.as_str()));
        }
        assert_eq!(crate::core::to_json(&ErrorKind::Webhook).unwrap(), "\"webhook\"");
    }

    /// No input panics; only a matching signature gets past the header check.
    #[test]
    fn no_panic_on_arbitrary_bytes_and_headers() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b"sha1=SHA256=0123456789abcdefABCDEF+/=-_ \t\xc3\xa9zZ{}\":,";
        for _ in 0..20_000 {
            let body: Vec<u8> = (0..next() % 200).map(|_| next() as u8).collect();
            let header: Vec<u8> = (0..next() % 60).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            let header = String::from_utf8_lossy(&header).into_owned();
            let secret: Vec<u8> = (0..next() % 100).map(|_| next() as u8).collect();
            match verify_webhook(&body, Some(&header), &secret) {
                Ok(_) => panic!("random header verified: {header}"),
                Err(e) => assert!(matches!(e.kind, ErrorKind::Webhook | ErrorKind::Config), "{e:?}"),
            }
            // Signed random bodies: only decode errors or success.
            if let Err(e) = verify_webhook(&body, Some(&sign(&body)), SECRET) {
                assert_eq!(e.kind, ErrorKind::Decode, "{e:?}");
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn never_panics(body in proptest::collection::vec(any::<u8>(), 0..512), header in proptest::option::of(".{0,80}"), secret in proptest::collection::vec(any::<u8>(), 0..128)) {
                let _ = verify_webhook(&body, header.as_deref(), &secret);
            }

            #[test]
            fn signed_json_like_bodies_never_panic(body in r#"\{("(type|id|action|x)":("[a-zA-Z0-9 ]{0,40}"|[0-9]{1,5}|null|true|\[\]|\{\}),?){0,5}\}"#) {
                let r = verify_webhook(body.as_bytes(), Some(&sign(body.as_bytes())), SECRET);
                if let Err(e) = r {
                    prop_assert_eq!(e.kind, ErrorKind::Decode);
                }
            }
        }
    }
}

/// The request that fetches a webhook's subject (`getWebhookSubject`): `getTicketV2` for a
/// ticket, `getCustomer` (by the id TomTicket sent, as `customer_id`) for a customer; `None` for
/// a deletion (there is nothing left to fetch). `event_json` is the event `verifyWebhook` gave.
/// With the call and its request comes the output's key for the fetched record (`ticket` or
/// `customer`).
pub fn subject_request(event_json: &str) -> Result<Option<(&'static super::calls::CallInfo, super::http::Request, &'static str)>, Error> {
    use super::calls::{GET_CUSTOMER, GET_TICKET_V2};
    let bad = |m: &str| {
        let mut issues = super::issue::Issues::new();
        issues.push("event", IssueCode::InvalidValue, m);
        Error::validation(issues.into_vec())
    };
    let doc = Doc::parse(event_json).map_err(|_| bad("event must be the object verifyWebhook returned"))?;
    let root = doc.root();
    let field = |k: &str| root.get(k).and_then(|v| v.as_str()).map(|s| s.into_owned());
    let (Some(kind), Some(id), Some(action)) = (field("type"), field("id"), field("action")) else {
        return Err(bad("event must be the object verifyWebhook returned: { type, id, action }"));
    };
    if action == "deleted" {
        return Ok(None);
    }
    let (info, key, wire_type, out_key) = match kind.as_str() {
        "ticket" => (&GET_TICKET_V2, "ticket_id", None, "ticket"),
        "customer" => (&GET_CUSTOMER, "customer_id", Some("I"), "customer"),
        _ => return Err(bad("event.type must be \"ticket\" or \"customer\"")),
    };
    let mut req = info.new_request();
    req.query.push((key.to_owned(), id));
    if let Some(t) = wire_type {
        req.query.push(("customer_type_id".to_owned(), t.to_owned()));
    }
    Ok(Some((info, req, out_key)))
}

#[cfg(test)]
mod subject_tests {
    use super::*;

    #[test]
    fn the_subject_of_an_event() {
        let (info, req, key) = subject_request(r#"{"type":"ticket","id":"abc","action":"updated"}"#).unwrap().unwrap();
        assert_eq!((info.name, req.display(), key), ("getTicketV2", "GET /v2.0/ticket/detail?ticket_id=abc".to_owned(), "ticket"));
        let (info, req, key) = subject_request(r#"{"type":"customer","id":"h1","action":"created"}"#).unwrap().unwrap();
        assert_eq!((info.name, req.display(), key), ("getCustomer", "GET /v2.0/customer/details?customer_id=h1&customer_type_id=I".to_owned(), "customer"));
        assert!(subject_request(r#"{"type":"ticket","id":"abc","action":"deleted"}"#).unwrap().is_none());
        for bad in ["{}", "[]", "x", r#"{"type":"chat","id":"a","action":"created"}"#] {
            assert_eq!(subject_request(bad).unwrap_err().kind, ErrorKind::Validation, "{bad}");
        }
    }
}
