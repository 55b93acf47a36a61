//! The token, and keeping it out of everything printable.
//!
//! - **Structural** where we build text: URLs shown in errors and `encode…` previews are
//!   rendered with [`REDACTED`] in the token's place (`http.rs`), never by search and replace.
//! - **By matching** where text comes from outside (a server's message, a host error): every
//!   occurrence of the token is replaced, in any of the encodings a server or a runtime may use
//!   to echo it: as is, percent-encoded (either hex case, `+` for a space), or JSON-escaped
//!   (`\/`, `\"`, `\\`, `\uXXXX`), also mixed. An occurrence counts only when it stands alone:
//!   the characters around it are not letters, digits, `-` or `_`. So a short test token such as
//!   `"t"` never garbles a message (`"not found"` stays as it is), while a real token, which a
//!   URL, a header or a sentence delimits, is always found.
use std::borrow::Cow;

use super::error::Error;

/// What stands in for the token in anything printable.
pub const REDACTED: &str = "***";

/// The API token. `Debug` never shows it; read it only where it is sent.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(token: String) -> Token {
        Token(token)
    }

    /// The token itself: only for the `Authorization` header and legacy paths.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// What goes in the `{token}` path segment of legacy calls: the token, or `-` without one
    /// (a proxy set-up, where the proxy puts the real token in).
    pub fn in_path(&self) -> &str {
        if self.0.is_empty() {
            "-"
        } else {
            &self.0
        }
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "(none)" } else { REDACTED })
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// How many bytes of `text` at `at` spell the byte `want`, in any encoding (0 = none).
fn spelled(text: &[u8], at: usize, want: u8) -> usize {
    let get = |i: usize| text.get(at + i).copied();
    match get(0) {
        Some(b) if b == want => 1,
        Some(b'+') if want == b' ' => 1,
        Some(b'%') => match (get(1).and_then(hex_value), get(2).and_then(hex_value)) {
            (Some(h), Some(l)) if h * 16 + l == want => 3,
            _ => 0,
        },
        Some(b'\\') => match get(1) {
            Some(c @ (b'/' | b'"' | b'\\')) if c == want => 2,
            Some(b'u') => {
                let digits = [get(2), get(3), get(4), get(5)];
                let mut n: u32 = 0;
                for d in digits {
                    match d.and_then(hex_value) {
                        Some(v) => n = n * 16 + u32::from(v),
                        None => return 0,
                    }
                }
                if n == u32::from(want) {
                    6
                } else {
                    0
                }
            }
            _ => 0,
        },
        _ => 0,
    }
}

/// The end of an occurrence of `token` starting at `at`, in any encoding.
fn occurrence(text: &[u8], at: usize, token: &[u8]) -> Option<usize> {
    let mut i = at;
    for &want in token {
        match spelled(text, i, want) {
            0 => return None,
            n => i += n,
        }
    }
    Some(i)
}

/// `text` with every standalone occurrence of `token` (in any encoding) replaced by
/// [`REDACTED`]. Borrowed when there is none.
pub fn redact<'t>(text: &'t str, token: &str) -> Cow<'t, str> {
    let (t, tok) = (text.as_bytes(), token.as_bytes());
    if tok.is_empty() || t.len() < tok.len() {
        return Cow::Borrowed(text);
    }
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `text` already in `out`
    let mut i = 0;
    while i < t.len() {
        let starts_alone = i == 0 || !t.get(i - 1).copied().is_some_and(is_word);
        let end = if starts_alone { occurrence(t, i, tok) } else { None };
        match end {
            Some(end) if !t.get(end).copied().is_some_and(is_word) => {
                let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
                o.push_str(text.get(copied..i).unwrap_or(""));
                o.push_str(REDACTED);
                copied = end;
                i = end;
            }
            _ => i += 1,
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(text.get(copied..).unwrap_or(""));
            Cow::Owned(o)
        }
    }
}

impl Error {
    /// Removes the token from every text of the error (see the module notes).
    pub fn scrub(&mut self, token: &Token) {
        let token = token.expose();
        if token.is_empty() {
            return;
        }
        let fix = |s: &mut String| {
            if let Cow::Owned(clean) = redact(s, token) {
                *s = clean;
            }
        };
        fix(&mut self.message);
        if let Some(m) = self.server_message.as_mut() {
            fix(m);
        }
        if let Some(e) = self.endpoint.as_mut() {
            fix(e);
        }
        if let Some(c) = self.cause.as_mut() {
            fix(c);
        }
        for issue in &mut self.issues {
            fix(&mut issue.message);
            fix(&mut issue.field);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_of_the_token_is_redacted() {
        let token = "ab/c d\"e";
        for echo in [
            "ab/c d\"e",
            "ab%2Fc%20d%22e",
            "ab%2fc%20d%22e",
            "ab%2Fc+d%22e",
            "ab\\/c d\\\"e",
            "ab\\u002fc\\u0020d\\u0022e",
            "%61b/c d\\u0022e",
        ] {
            let text = format!("token {echo}: refused");
            assert_eq!(redact(&text, token), "token ***: refused", "{echo}");
        }
    }

    #[test]
    fn a_short_token_never_garbles_a_message() {
        assert_eq!(redact("HTTP 404: not found", "t"), "HTTP 404: not found");
        assert_eq!(redact("GET /v2.0/customer/details?t=1", "t"), "GET /v2.0/customer/details?***=1");
        assert_eq!(redact("token t is wrong", "t"), "token *** is wrong");
        assert!(matches!(redact("nothing here", "secret-token"), Cow::Borrowed(_)));
    }

    #[test]
    fn real_tokens_are_found_wherever_they_stand() {
        let token = "9f3c1a2b4d5e6f708192a3b4c5d6e7f8";
        let texts = [
            format!("/chamado/{token}/abc"),
            format!("Bearer {token}"),
            format!("\"token\":\"{token}\""),
            token.to_string(),
            format!("x={token}&y=1"),
        ];
        for t in texts {
            assert!(!redact(&t, token).contains(token), "{t}");
        }
        // Inside a longer word it is not the token (and not redacted).
        assert_eq!(redact(&format!("x{token}"), token), format!("x{token}"));
    }

    #[test]
    fn scrub_covers_every_text_of_an_error() {
        let tok = Token::new("s3cr3t-t0k3n".into());
        let mut e = Error::new(super::super::error::ErrorKind::Api, "failed for s3cr3t-t0k3n")
            .with_server_message(Some("token s3cr3t%2Dt0k3n".into()))
            .with_endpoint("GET /chamado/s3cr3t-t0k3n/x");
        e.cause = Some("TypeError: fetch failed for https://h/chamado/s3cr3t-t0k3n/x".into());
        e.issues.push(super::super::issue::Issue {
            field: "customFields.s3cr3t-t0k3n".into(),
            code: super::super::issue::IssueCode::InvalidValue,
            message: "s3cr3t-t0k3n".into(),
            limit: None,
            actual: None,
        });
        e.scrub(&tok);
        let all = format!("{e:?}");
        assert!(!all.contains("s3cr3t"), "{all}");
        assert_eq!(format!("{tok:?}"), "***");
    }
}
