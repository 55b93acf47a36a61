//! Requests as data: what to send, built from a call's description and its input, turned into
//! a URL by [`Request::url`] and executed by the binding layer. The token lives only in the
//! strings returned by [`Request::url`] / [`Request::authorization`]; everything printable uses
//! [`Request::display`], where the token is [`REDACTED`] by construction.
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Serialize;
use tsify::Tsify;

use super::error::{Error, ErrorKind};
use super::secret::{Token, REDACTED};

/// Characters percent-encoded in one path segment: everything that could end or split the
/// segment or the URL (`/ ? # %`), controls, space and the URL-unsafe ASCII set (RFC 3986 §3.3).
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'+') // a PHP server may urldecode paths: `+` would become a space
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Percent-encodes one path segment (UTF-8, then `%XX`).
pub(super) fn encode_path_segment(s: &str) -> String {
    utf8_percent_encode(s, PATH_SEGMENT).to_string()
}

#[derive(Serialize, Tsify, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    #[serde(rename = "GET")]
    Get,
    #[serde(rename = "POST")]
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// How the token is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer <token>` (v2.0 endpoints).
    Bearer,
    /// The token is a path segment, `{token}` in the path (legacy endpoints).
    InPath,
}

/// The two response envelopes of TomTicket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// `{ error, message, success, data }`
    V2,
    /// `{ erro, mensagem | message, ... }`
    Legacy,
}

/// A request, described as data. Contains no secret: the token is added by [`Request::url`] and
/// [`Request::authorization`] only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    /// The path template of the call: literal segments, `{token}`, and `{name}` placeholders
    /// filled from `params` in order (each percent-encoded as one segment).
    pub path: &'static str,
    pub params: Vec<String>,
    pub query: Vec<(String, String)>,
    /// Form fields (sent as `multipart/form-data`, as the pages say "form-data").
    pub form: Option<Vec<(String, String)>>,
    /// File parts after the form fields (`attachment[0]`, …); the binding layer holds the bytes.
    pub files: Vec<FilePart>,
    pub auth: Auth,
    /// Which response family decodes the answer.
    pub family: Family,
}

impl Request {
    fn path_with(&self, token: Option<&str>) -> String {
        let mut out = String::new();
        let mut params = self.params.iter();
        for seg in self.path.split('/').filter(|s| !s.is_empty()) {
            out.push('/');
            if seg == "{token}" {
                match token {
                    Some(t) => out.push_str(&encode_path_segment(t)),
                    None => out.push_str(REDACTED),
                }
            } else if seg.starts_with('{') {
                out.push_str(&encode_path_segment(params.next().map(String::as_str).unwrap_or("")));
            } else {
                out.push_str(seg);
            }
        }
        if !self.query.is_empty() {
            out.push('?');
            let mut ser = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &self.query {
                ser.append_pair(k, v);
            }
            out.push_str(&ser.finish());
        }
        out
    }

    /// The path and query with the token redacted: safe to print, log, or put in an error.
    pub fn display_path(&self) -> String {
        self.path_with(None)
    }

    /// `METHOD /path?query`, token redacted.
    pub fn display(&self) -> String {
        let mut s = String::from(self.method.as_str());
        s.push(' ');
        s.push_str(&self.display_path());
        s
    }

    /// The real URL. Holds the token for legacy endpoints: never print it, never put it in an error.
    pub fn url(&self, base: &BaseUrl, token: &str) -> String {
        let mut s = base.0.clone();
        s.push_str(&self.path_with(Some(token)));
        s
    }

    /// The `Authorization` header value, if this call uses one and a token is configured.
    pub fn authorization(&self, token: &Token) -> Option<String> {
        if self.auth == Auth::Bearer && !token.is_empty() {
            Some(format!("Bearer {}", token.expose()))
        } else {
            None
        }
    }

    /// The form as `application/x-www-form-urlencoded` text (for previews and tests).
    pub fn form_urlencoded(&self) -> Option<String> {
        self.form.as_ref().map(|pairs| {
            // sized for the worst case (every byte percent-encoded): no regrowth while appending
            let cap = pairs.iter().map(|(k, v)| 3 * (k.len() + v.len()) + 2).sum();
            let mut ser = form_urlencoded::Serializer::new(String::with_capacity(cap));
            for (k, v) in pairs {
                ser.append_pair(k, v);
            }
            ser.finish()
        })
    }

    /// The printable, token-free view returned by the `encode…` exports.
    pub fn preview(&self) -> EncodedRequest {
        EncodedRequest {
            method: self.method,
            path: self.display_path(),
            auth: match self.auth {
                Auth::Bearer => AuthPlacement::BearerHeader,
                Auth::InPath => AuthPlacement::Path,
            },
            form: self
                .form
                .as_ref()
                .map(|f| f.iter().map(|(k, v)| FormField { name: k.clone(), value: v.clone() }).collect()),
            body: self.form_urlencoded(),
            files: self.files.clone(),
        }
    }
}

models! {
    [#[derive(Copy, Eq)]]

    /// Where the token goes.
    pub enum AuthPlacement {
        /// `Authorization: Bearer <token>` header.
        BearerHeader,
        /// First path segment (shown as `***`).
        Path,
    }
}

#[derive(Serialize, Tsify, Clone, Debug, PartialEq, Eq)]
pub struct FormField {
    pub name: String,
    pub value: String,
}

models! {
    [#[derive(Eq)] #[tsify(missing_as_null)]]

    /// What a call would send, without the token: `path` shows it as `***`.
    pub struct EncodedRequest {
        pub method: Method,
        /// Path and query string, percent-encoded, relative to the base URL; token redacted.
        pub path: String,
        pub auth: AuthPlacement,
        /// Form fields in wire names and order, or null for a GET.
        pub form: Option<Vec<FormField>>,
        /// The same form as `application/x-www-form-urlencoded` text, or null for a GET.
        pub body: Option<String>,
        /// File parts sent after the form (multipart), without their bytes.
        pub files: Vec<FilePart>,
    }

    /// One file part of a multipart request.
    pub struct FilePart {
        /// The form field: `attachment[0]`, `attachment[1]`, …
        pub field: String,
        /// Which of the input's attachments (its index in `attachments`).
        pub index: u32,
        pub file_name: String,
        pub size_bytes: u64,
        /// The MIME type given with the file, when any.
        pub mime_type: Option<String>,
    }
}

/// A validated base URL: `scheme://host[:port][/prefix]`, no trailing slash, no query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(String);

pub(super) const DEFAULT_BASE_URL: &str = "https://api.tomticket.com";

impl BaseUrl {
    /// Accepts `https://…` anywhere and `http://…` only for loopback hosts
    /// (`127.0.0.0/8`, `localhost`, `[::1]`): anything else would send the token in clear text.
    pub fn parse(raw: &str) -> Result<BaseUrl, Error> {
        let bad = |why: &str| Error::new(ErrorKind::Config, format!("baseUrl {why}"));
        let s = raw.trim();
        // Any Unicode space, not only ' ': `trim` above strips them, so one kept inside
        // (`/a\u{a0}/`) would end the URL after the trailing slashes are cut, and the URL we
        // hand back would not parse to itself.
        if s.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(bad("must not contain spaces or control characters"));
        }
        let (scheme, rest) = match s.split_once("://") {
            Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
            None => return Err(bad("must be an absolute http(s) URL, e.g. https://api.tomticket.com")),
        };
        if rest.contains('?') || rest.contains('#') {
            return Err(bad("must not have a query string or a fragment"));
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        if authority.is_empty() || authority.contains('@') {
            return Err(bad("must have a host and no user:password part"));
        }
        let host = host_of(authority).to_ascii_lowercase();
        match scheme.as_str() {
            "https" => {}
            "http" if is_loopback(&host) => {}
            "http" => {
                return Err(bad(
                    "must use https:// (http:// is allowed only for loopback hosts such as 127.0.0.1 and localhost)",
                ))
            }
            _ => return Err(bad("must start with https://")),
        }
        let path = path.trim_end_matches('/');
        Ok(BaseUrl(format!("{scheme}://{authority}{path}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn host_of(authority: &str) -> &str {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("");
    }
    authority.split(':').next().unwrap_or("")
}

fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host.ends_with(".localhost") || host == "::1" {
        return true;
    }
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4 && parts.first() == Some(&"127") && parts.iter().all(|p| p.parse::<u8>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn legacy() -> Request {
        Request {
            method: Method::Get,
            path: "chamado/{token}/{ticketId}",
            params: vec!["a/b?c#d%e".into()],
            query: vec![("stopwatch".into(), "1".into())],
            form: None,
            files: Vec::new(),
            auth: Auth::InPath,
            family: Family::Legacy,
        }
    }

    #[test]
    fn path_segments_are_percent_encoded_and_token_redacted_in_display() {
        let e = legacy();
        assert_eq!(e.display_path(), "/chamado/***/a%2Fb%3Fc%23d%25e?stopwatch=1");
        let base = BaseUrl::parse("http://127.0.0.1:8080/").unwrap();
        let url = e.url(&base, "to/k en");
        assert_eq!(url, "http://127.0.0.1:8080/chamado/to%2Fk%20en/a%2Fb%3Fc%23d%25e?stopwatch=1");
        assert!(!e.display().contains("to%2Fk") && !e.display().contains("k en"));
    }

    #[test]
    fn base_url_rules() {
        assert!(BaseUrl::parse("https://api.tomticket.com").is_ok());
        assert_eq!(BaseUrl::parse("https://proxy.example/api/tt/").unwrap().as_str(), "https://proxy.example/api/tt");
        assert!(BaseUrl::parse("http://localhost:1234").is_ok());
        assert!(BaseUrl::parse("http://[::1]:1234").is_ok());
        assert!(BaseUrl::parse("http://127.9.0.1").is_ok());
        for bad in ["http://api.tomticket.com", "ftp://x", "api.tomticket.com", "https://a/b?x=1", "https://u:p@h", "http://127.0.0.1.evil.com", "https://a b", "https://a/b\u{a0}/", "https://a\u{2028}/", "https://a/\u{3000}b"] {
            let e = BaseUrl::parse(bad).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Config, "{bad}");
        }
    }

    #[test]
    fn a_parsed_base_url_parses_to_itself() {
        // Found by the client_options fuzz target: a Unicode space before a trailing slash.
        let alphabet = ['a', '/', ':', '.', '[', ']', '1', ' ', '\u{a0}', '\u{2028}', '\u{301}', 'é', '%', '@', '?'];
        let mut seed = 7;
        for round in 0..20_000 {
            let mut raw = String::from(if round % 2 == 0 { "https://" } else { "http://localhost" });
            for b in crate::core::testing::xorshift_bytes(&mut seed, round % 12) {
                raw.push(alphabet.get(usize::from(b) % alphabet.len()).copied().unwrap_or('a'));
            }
            if let Ok(url) = BaseUrl::parse(&raw) {
                assert_eq!(BaseUrl::parse(url.as_str()).as_ref(), Ok(&url), "{raw:?}");
            }
        }
    }

    #[test]
    fn bearer_header_only_for_v2_and_non_empty_token() {
        let mut e = legacy();
        let t = Token::new("t".into());
        assert_eq!(e.authorization(&t), None);
        e.auth = Auth::Bearer;
        assert_eq!(e.authorization(&t).as_deref(), Some("Bearer t"));
        assert_eq!(e.authorization(&Token::default()), None);
    }
}
