//! HTTP status + body text → the response document, or a typed [`Error`].
//!
//! A call failed when the status is not 2xx, OR (v2) `error` is true OR `success` is false, OR
//! (legacy) `erro` is true — TomTicket reports business errors inside HTTP 200.
use std::borrow::Cow;

use super::error::{Error, ErrorKind};
use super::http::Family;
use super::json::{Doc, Kind, Val};
use super::read::{fold_case, lenient_bool, text_of, Mode};

/// What the transport got back.
#[derive(Clone, Copy, Debug)]
pub struct Response<'a> {
    pub status: u16,
    pub body: &'a str,
    /// The `Retry-After` header, if any (seconds or an HTTP date; only seconds are used).
    pub retry_after: Option<&'a str>,
}

/// `Retry-After: <seconds>` → milliseconds (capped at one hour). Fractions are read to the
/// millisecond (`"1.5"` → 1500); an HTTP date or anything else → `None`. Integer arithmetic only
/// (see `lenient.rs` on floats).
pub fn retry_after_ms(header: Option<&str>) -> Option<u32> {
    const CAP_MS: u64 = 3_600_000;
    let text = header?.trim();
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let int = int.trim_start_matches('0');
    if int.len() > 7 {
        return Some(CAP_MS as u32);
    }
    let secs: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let ms = frac.bytes().chain(std::iter::repeat(b'0')).take(3).fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'));
    Some((secs * 1000 + ms).min(CAP_MS) as u32)
}

fn kind_for_status(status: u16) -> ErrorKind {
    match status {
        401 => ErrorKind::Unauthorized,
        403 => ErrorKind::Forbidden,
        404 | 410 => ErrorKind::NotFound,
        429 => ErrorKind::RateLimited,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::Api,
    }
}

fn status_text(kind: ErrorKind, status: u16) -> String {
    match kind {
        ErrorKind::Unauthorized => format!("HTTP {status}: the token is wrong, or not allowed to use these values"),
        ErrorKind::Forbidden => format!(
            "HTTP {status}: resource not available: the account's plan (API v2.0 needs Premium/Enterprise) or the token's permission (writes need \"create and modify data\") does not allow this call"
        ),
        ErrorKind::NotFound => format!("HTTP {status}: not found"),
        ErrorKind::RateLimited => format!("HTTP {status}: rate limited: TomTicket allows 3 requests per second per account"),
        ErrorKind::Server => format!("HTTP {status}: TomTicket server error"),
        _ => format!("HTTP {status}: request refused"),
    }
}

/// Server messages that mean "no such record" when they come inside an HTTP 200.
fn looks_not_found(msg: &str) -> bool {
    let m = fold_case(msg);
    m.contains("não encontrad") || m.contains("nao encontrad") || m.contains("not found") || m.contains("no encontrad")
}

/// The server's message of an envelope (`message`, else `mensagem`; legacy: the other way round).
pub(super) fn server_message(top: Val<'_, '_>, family: Family) -> Option<String> {
    let keys: [&str; 2] = match family {
        Family::V2 => ["message", "mensagem"],
        Family::Legacy => ["mensagem", "message"],
    };
    keys.iter().find_map(|k| top.get(k).and_then(|v| text_of(v, Mode::Lenient))).map(Cow::into_owned)
}

fn flag(top: Val<'_, '_>, key: &str) -> Option<bool> {
    top.get(key).and_then(lenient_bool)
}

fn describe_non_json(body: &str) -> &'static str {
    let t = body.trim_start();
    if t.starts_with('<') {
        "an HTML page"
    } else {
        "text that is not JSON"
    }
}

/// "Nothing found" as the v2 API answers it: a 404 that carries a TomTicket envelope (a
/// message). Lists read it as an empty page, `customerExists` as `exists: false`,
/// `searchBlacklist` as `blacklisted: false`. A 404 without an envelope (an HTML page, an empty
/// body: the route is not there) and any other status (410 too) stay errors.
pub(super) fn is_nothing_found(e: &Error) -> bool {
    e.kind == ErrorKind::NotFound && e.status == Some(404) && e.server_message.is_some()
}

/// Checks status and envelope. On success returns the parsed document, whose root is an object.
pub(super) fn decode<'a>(family: Family, resp: &Response<'a>) -> Result<Doc<'a>, Error> {
    let ok_status = (200..300).contains(&resp.status);
    let fail = |kind: ErrorKind, message: String, server: Option<String>| {
        let mut e = Error::new(kind, message).with_status(resp.status).with_server_message(server);
        if kind == ErrorKind::RateLimited {
            e.retry_after_ms = retry_after_ms(resp.retry_after);
        }
        e
    };
    let body = resp.body.trim();
    let parsed = if body.is_empty() { None } else { Some(Doc::parse(body)) };
    let doc = match parsed {
        Some(Ok(d)) if d.root().kind() == Kind::Object => Some(d),
        _ => None,
    };

    if !ok_status {
        let kind = kind_for_status(resp.status);
        let server = doc.as_ref().and_then(|d| server_message(d.root(), family));
        let mut msg = status_text(kind, resp.status);
        if doc.is_none() && !body.is_empty() {
            msg.push_str(" (the body was ");
            msg.push_str(describe_non_json(body));
            msg.push(')');
        }
        return Err(fail(kind, msg, server));
    }

    let Some(doc) = doc else {
        return Err(fail(ErrorKind::Decode, not_an_object(body), None));
    };
    let top = doc.root();
    let server = server_message(top, family);
    let business_error = match family {
        Family::V2 => flag(top, "error") == Some(true) || flag(top, "success") == Some(false),
        Family::Legacy => flag(top, "erro") == Some(true) || flag(top, "error") == Some(true),
    };
    if business_error {
        let not_found = server.as_deref().is_some_and(looks_not_found);
        let (kind, msg) = if not_found {
            (ErrorKind::NotFound, format!("HTTP {}: TomTicket says the record does not exist", resp.status))
        } else {
            (ErrorKind::Api, format!("HTTP {} with an error in the body: TomTicket refused the request", resp.status))
        };
        return Err(fail(kind, msg, server));
    }
    Ok(doc)
}

/// Explains why a 2xx body is not a JSON object.
fn not_an_object(body: &str) -> String {
    if body.is_empty() {
        return "expected a JSON object, got an empty body".into();
    }
    match Doc::parse(body) {
        Ok(d) => format!(
            "expected a JSON object, got {}",
            match d.root().kind() {
                Kind::Array => "an array",
                Kind::String => "a string",
                Kind::Number => "a number",
                Kind::True | Kind::False => "a boolean",
                _ => "null",
            }
        ),
        Err(e) if e.is_eof() => format!("expected a JSON object, got truncated JSON (it ends {})", e.position()),
        Err(e) if body.trim_start().starts_with(['{', '[']) => format!("expected a JSON object, got invalid JSON ({})", e.position()),
        Err(_) => format!("expected a JSON object, got {}", describe_non_json(body)),
    }
}

/// For writes (create, update, reply, …): the body must say the call worked — `success: true` or
/// `error: false` (v2), `erro: false` (legacy; `error: false` / `success: true` accepted too). A
/// body that says neither is a `Decode` error, never a silent success. Decodes the envelope
/// first ([`decode`]); returns the server's message.
pub(super) fn decode_write(family: Family, resp: &Response<'_>, what: &str) -> Result<Option<String>, Error> {
    decode_write_doc(family, resp, what).map(|(_, message)| message)
}

/// [`decode_write`], also giving the parsed document (for a write whose answer carries more
/// than its message, e.g. the ids of a new ticket): the body is parsed once.
pub(super) fn decode_write_doc<'a>(family: Family, resp: &Response<'a>, what: &str) -> Result<(Doc<'a>, Option<String>), Error> {
    let doc = decode(family, resp)?;
    let top = doc.root();
    let status = resp.status;
    let confirmed = match family {
        Family::V2 => flag(top, "success") == Some(true) || flag(top, "error") == Some(false),
        Family::Legacy => flag(top, "erro") == Some(false) || flag(top, "error") == Some(false) || flag(top, "success") == Some(true),
    };
    let message = server_message(top, family);
    if confirmed {
        return Ok((doc, message));
    }
    let flags = match family {
        Family::V2 => "neither `success: true` nor `error: false`",
        Family::Legacy => "no `erro: false`",
    };
    Err(Error::new(ErrorKind::Decode, format!("the response did not confirm that {what} ({flags})"))
        .with_status(status)
        .with_server_message(message))
}

/// The `data` member of a v2 envelope, which must be an object (or a list of exactly one).
pub(super) fn v2_data<'d, 'a>(top: Val<'d, 'a>, status: u16) -> Result<Val<'d, 'a>, Error> {
    let data = match top.get("data") {
        Some(d) if d.kind() == Kind::Object => Some(d),
        Some(d) if d.kind() == Kind::Array && d.len() == 1 => d.items().next().filter(|i| i.kind() == Kind::Object),
        _ => None,
    };
    match data {
        Some(d) => Ok(d),
        None => Err(Error::new(ErrorKind::Decode, "expected `data` to be an object in the response")
            .with_status(status)
            .with_server_message(server_message(top, Family::V2))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(status: u16, body: &str) -> Response<'_> {
        Response { status, body, retry_after: None }
    }
    fn kind(family: Family, status: u16, body: &str) -> ErrorKind {
        decode(family, &r(status, body)).unwrap_err().kind
    }

    #[test]
    fn status_codes_map_to_kinds() {
        assert_eq!(kind(Family::V2, 401, r#"{"error":true,"message":"Token inválido"}"#), ErrorKind::Unauthorized);
        assert_eq!(kind(Family::V2, 403, "{}"), ErrorKind::Forbidden);
        assert_eq!(kind(Family::V2, 404, ""), ErrorKind::NotFound);
        assert_eq!(kind(Family::V2, 429, ""), ErrorKind::RateLimited);
        assert_eq!(kind(Family::V2, 503, "<html>"), ErrorKind::Server);
        assert_eq!(kind(Family::V2, 400, "{}"), ErrorKind::Api);
    }

    #[test]
    fn server_message_is_kept_apart() {
        let e = decode(Family::V2, &r(401, r#"{"error":true,"message":"Token inválido","success":false}"#)).unwrap_err();
        assert_eq!(e.server_message.as_deref(), Some("Token inválido"));
        assert!(e.message.contains("401"));
    }

    #[test]
    fn business_errors_inside_200() {
        assert_eq!(kind(Family::V2, 200, r#"{"error":true,"message":"x","success":false}"#), ErrorKind::Api);
        assert_eq!(kind(Family::V2, 200, r#"{"error":false,"message":"x","success":false}"#), ErrorKind::Api);
        assert_eq!(kind(Family::V2, 200, r#"{"error":"S","message":"x"}"#), ErrorKind::Api);
        assert_eq!(kind(Family::Legacy, 200, r#"{"erro":true,"mensagem":"Falhou"}"#), ErrorKind::Api);
        assert_eq!(kind(Family::Legacy, 200, r#"{"erro":true,"message":"Cliente não encontrado"}"#), ErrorKind::NotFound);
        let e = decode(Family::Legacy, &r(200, r#"{"erro":true,"message":"Falhou"}"#)).unwrap_err();
        assert_eq!(e.server_message.as_deref(), Some("Falhou"), "legacy `message` accepted like `mensagem`");
        assert!(decode(Family::Legacy, &r(200, r#"{"erro":false,"mensagem":"ok"}"#)).is_ok());
        assert!(decode(Family::V2, &r(200, r#"{"error":false,"message":"ok","success":true}"#)).is_ok());
    }

    #[test]
    fn bodies_that_are_not_json_objects() {
        for (body, needle) in [
            ("", "empty body"),
            ("<html><body>502</body></html>", "HTML page"),
            (r#"{"error":false,"data":{"na"#, "truncated JSON"),
            ("[1,2]", "an array"),
            ("{,}", "invalid JSON"),
            ("hello", "not JSON"),
        ] {
            let e = decode(Family::V2, &r(200, body)).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Decode, "{body}");
            assert!(e.message.contains(needle), "{body}: {}", e.message);
        }
        let e = decode(Family::V2, &r(502, "<html>bad gateway</html>")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Server);
        assert!(e.message.contains("HTML page"));
    }

    #[test]
    fn retry_after_is_read_on_429() {
        let e = decode(Family::V2, &Response { status: 429, body: "", retry_after: Some("2") }).unwrap_err();
        assert_eq!(e.retry_after_ms, Some(2000));
        assert_eq!(retry_after_ms(Some("Wed, 21 Oct 2015 07:28:00 GMT")), None);
        assert_eq!(retry_after_ms(Some("-1")), None);
        assert_eq!(retry_after_ms(Some("1e9")), None, "not delay-seconds");
        assert_eq!(retry_after_ms(Some("99999999")), Some(3_600_000));
        assert_eq!(retry_after_ms(Some("1.5")), Some(1500));
        assert_eq!(retry_after_ms(Some("0.0004")), Some(0));
    }

}
