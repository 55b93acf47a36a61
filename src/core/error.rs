//! The one error type of the SDK. The binding layer turns it into a JS `Error` object.
//!
//! Secrets: an [`Error`] never holds the token. Endpoints are stored already redacted, and
//! [`Error::scrub`] (in `secret.rs`) removes the token from any text the server sent back
//! before the error leaves the client.

use super::issue::Issue;
use super::webhook::WebhookFailure;

models! {
    [#[derive(Copy, Eq)]]

    /// What went wrong, as a stable string a program can switch on.
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
        /// A webhook request failed signature verification: no signature, an unreadable one, or
        /// one that does not match the body. See `reason`.
        Webhook,
    }
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
            ErrorKind::Webhook => "webhook",
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
    /// Field issues (validation and config errors).
    pub issues: Vec<Issue>,
    /// How long to wait before retrying, when known (429 with `Retry-After`).
    pub retry_after_ms: Option<u32>,
    /// `METHOD path` of the call, token already redacted.
    pub endpoint: Option<String>,
    /// What the host reported underneath (a fetch's own error: `name: message`, its `cause`
    /// chain followed), scrubbed like the rest; the JS error carries it as `cause`.
    pub cause: Option<String>,
    /// Why a webhook was refused (kind `webhook` only): `missing`, `malformed` or `mismatch`.
    pub reason: Option<WebhookFailure>,
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
            cause: None,
            reason: None,
        }
    }

    /// An input that broke rules: kind `validation`, every issue in `issues` and in the message.
    pub fn validation(issues: Vec<Issue>) -> Self {
        Self::invalid(ErrorKind::Validation, issues)
    }

    /// Rules broken by an input (`validation`) or by the client options (`config`). The message
    /// lists every issue after a prefix that says which.
    pub fn invalid(kind: ErrorKind, issues: Vec<Issue>) -> Self {
        let mut message = String::from(match kind {
            ErrorKind::Config => "Invalid client options: ",
            _ => "Invalid input: ",
        });
        for (i, issue) in issues.iter().enumerate() {
            if i > 0 {
                message.push_str("; ");
            }
            message.push_str(&issue.message);
        }
        if issues.is_empty() {
            message.push_str("no details");
        }
        Error { issues, ..Error::new(kind, message) }
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
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
