//! The one error type of the SDK. The binding layer turns it into a JS `Error` object.
//!
//! Secrets: an [`Error`] never holds the token. Endpoints are stored already redacted
//! ([`crate::core::http::redact_path`]), and [`Error::scrub`] removes the token from any
//! text the server sent back before the error leaves the client.
use serde::Serialize;
use tsify::Tsify;

use super::issue::Issue;

/// What went wrong, as a stable string a program can switch on.
#[derive(Serialize, Tsify, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input broke a rule; nothing was sent. See `issues`.
    Validation,
    /// The client options are unusable (bad base URL, token with whitespace, ...).
    Config,
    /// HTTP 401: the token is wrong or not allowed for these values.
    Unauthorized,
    /// HTTP 403: the plan or the token's permissions do not include this resource.
    Forbidden,
    /// HTTP 404 (or the API said the record does not exist).
    NotFound,
    /// HTTP 429: over TomTicket's requests-per-second limit.
    RateLimited,
    /// HTTP 5xx.
    Server,
    /// The API refused the request: a non-2xx status not covered above, or a
    /// business error inside an HTTP 200 (`error: true`, `success: false`, `erro: true`).
    Api,
    /// The request did not get an HTTP response (DNS, refused, dropped connection, CORS).
    Network,
    /// No response within the configured timeout.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// The response could not be understood (HTML page, empty or truncated JSON, wrong shape).
    Decode,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation",
            ErrorKind::Config => "config",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "notFound",
            ErrorKind::RateLimited => "rateLimited",
            ErrorKind::Server => "server",
            ErrorKind::Api => "api",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::Decode => "decode",
        }
    }
}

/// A failure of one SDK call.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub kind: ErrorKind,
    /// Our own explanation, in English.
    pub message: String,
    /// The HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// The server's own message (`message` / `mensagem`), kept apart from ours.
    pub server_message: Option<String>,
    /// Field issues (validation errors).
    pub issues: Vec<Issue>,
    /// How long to wait before retrying, when known (429 with `Retry-After`).
    pub retry_after_ms: Option<u32>,
    /// `METHOD path` of the call, token already redacted.
    pub endpoint: Option<String>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            status: None,
            server_message: None,
            issues: Vec::new(),
            retry_after_ms: None,
            endpoint: None,
        }
    }

    pub fn validation(issues: Vec<Issue>) -> Self {
        let n = issues.len();
        let mut message = String::from("Invalid input: ");
        for (i, issue) in issues.iter().enumerate() {
            if i > 0 {
                message.push_str("; ");
            }
            message.push_str(&issue.message);
        }
        if n == 0 {
            message.push_str("no details");
        }
        Error { issues, ..Error::new(ErrorKind::Validation, message) }
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    pub fn with_server_message(mut self, msg: Option<String>) -> Self {
        self.server_message = msg.filter(|m| !m.trim().is_empty());
        self
    }

    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Removes every occurrence of `secret` (raw and percent-encoded) from all texts of the error.
    pub fn scrub(&mut self, secret: &str) {
        if secret.is_empty() {
            return;
        }
        let encoded = super::http::encode_path_segment(secret);
        let fix = |s: &mut String| {
            if s.contains(secret) {
                *s = s.replace(secret, super::http::REDACTED);
            }
            if encoded != secret && s.contains(encoded.as_str()) {
                *s = s.replace(encoded.as_str(), super::http::REDACTED);
            }
        };
        fix(&mut self.message);
        if let Some(m) = self.server_message.as_mut() {
            fix(m);
        }
        if let Some(e) = self.endpoint.as_mut() {
            fix(e);
        }
        for issue in &mut self.issues {
            fix(&mut issue.message);
        }
    }

    /// Whether retrying the same request may succeed (the retry policy also looks at the method).
    pub fn is_transient(&self) -> bool {
        matches!(self.kind, ErrorKind::RateLimited | ErrorKind::Server | ErrorKind::Network)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
