//! Client options: parsed and checked here, used by the binding layer's client class.
use super::error::{Error, ErrorKind};
use super::http::{BaseUrl, DEFAULT_BASE_URL};
use super::issue::{IssueCode, Issues};
use super::json::{Doc, Kind};
use super::policy::RetryPolicy;
use super::read::{decimal_text, whole_number, Reader};
use super::rules;
use super::secret::Token;

/// The JS name of the opt-in that allows a raw token in a browser page. Long on purpose.
pub const BROWSER_OPT_IN: &str = "dangerouslyAllowTokenInBrowser";

models_skip_none! {
    [#[derive(Default)]]

    /// Options of `new TomTicketClient(options)` (declaration only; `fetch` is read by the binding).
    pub struct ClientOptions {
        /// The API token. Omit it when `baseUrl` is your own proxy that adds the token server-side.
        pub token: Option<String>,
        /// Default `https://api.tomticket.com`. `http://` is refused except for loopback hosts.
        pub base_url: Option<String>,
        /// The fetch to use instead of the global one: a function, or an object with a `.fetch`
        /// method (e.g. a Cloudflare service binding).
        #[tsify(type = "FetchLike")]
        pub fetch: Option<()>,
        /// Deadline of a call from the moment its first request gets a rate-limit slot, retries and
        /// their waits included (queueing behind the limiter does not count). Default 30000.
        pub timeout_ms: Option<u32>,
        /// Retry settings, or `false` to never retry.
        #[tsify(type = "RetryOptions | false")]
        pub retry: Option<()>,
        /// Requests per second shared by all calls of this client. Default 3 (TomTicket's limit);
        /// 0 disables the limiter. Ignored when `limiter` is given.
        pub requests_per_second: Option<u32>,
        /// A rate limiter shared beyond this client (e.g. a Durable Object per TomTicket account,
        /// so that every Worker isolate shares the account's 3 requests/second). Default: this
        /// client's own in-memory limiter of `requestsPerSecond`.
        #[tsify(type = "RateLimiterLike")]
        pub limiter: Option<()>,
        /// Allow a raw token in a browser page. Anyone who opens the page can read it: put the token
        /// in a server or Worker proxy instead (see README "Browser").
        pub dangerously_allow_token_in_browser: Option<bool>,
    }

    /// `retry` option.
    pub struct RetryOptions {
        /// Retries after the first attempt. Default 2.
        pub max_retries: Option<u32>,
        /// First backoff step in ms (doubles each retry, 50–100 % jitter). Default 300.
        pub base_delay_ms: Option<u32>,
        /// Cap of one backoff wait in ms. Default 10000.
        pub max_delay_ms: Option<u32>,
    }
}

/// Validated client settings. `Debug` never shows the token.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    pub token: Token,
    pub base_url: BaseUrl,
    pub timeout_ms: u32,
    pub retry: RetryPolicy,
    pub requests_per_second: u32,
}

pub(super) const DEFAULT_TIMEOUT_MS: u32 = 30_000;

fn int_field(r: &mut Reader<'_, '_, '_>, key: &'static str, max: u32) -> Option<u32> {
    let field = r.field(key);
    let v = r.text_or_number(key)?;
    match decimal_text(&v).and_then(|t| whole_number(&t)) {
        Some(n) if (0..=i64::from(max)).contains(&n) => u32::try_from(n).ok(),
        _ => {
            r.issues().push(&field, IssueCode::InvalidValue, format!("{field} must be a whole number from 0 to {max}"));
            None
        }
    }
}

/// Parses the options object, given as JSON text (its `fetch` member removed by the binding).
/// `in_browser_page`: the host has a `window` with a `document`.
pub fn parse_client_options(options_json: &str, in_browser_page: bool) -> Result<ClientConfig, Error> {
    let mut issues = Issues::new();
    let text = match options_json.trim() {
        "" | "null" => "{}",
        t => t,
    };
    let doc = Doc::parse(text).map_err(|e| {
        let mut i = Issues::new();
        i.push("", IssueCode::InvalidType, format!("TomTicketClient options must be plain JSON data ({})", e.position()));
        Error::invalid(ErrorKind::Config, i.into_vec())
    })?;
    let mut r = Reader::strict(doc.root(), "TomTicketClient options", &mut issues);
    let token = r.text("token").map(|t| t.into_owned()).unwrap_or_default();
    let base = r.text("baseUrl").map(|t| t.into_owned());
    let timeout_ms = int_field(&mut r, "timeoutMs", 600_000).unwrap_or(DEFAULT_TIMEOUT_MS);
    let rps = int_field(&mut r, "requestsPerSecond", 1000).unwrap_or(3);
    let allow = r.bool(BROWSER_OPT_IN).unwrap_or(false);
    let _ = r.member("fetch"); // a function: the binding removes it before parsing
    let _ = r.member("limiter"); // an object with functions: likewise
    let retry_value = r.raw("retry");
    r.finish();
    let mut retry = RetryPolicy::default();
    match retry_value.map(|v| (v, v.kind())) {
        None | Some((_, Kind::True)) => {}
        Some((_, Kind::False)) => retry.max_retries = 0,
        Some((v, Kind::Object)) => {
            let mut rr = Reader::strict(v, "retry", &mut issues).at("retry");
            if let Some(n) = int_field(&mut rr, "maxRetries", 10) {
                retry.max_retries = n;
            }
            if let Some(n) = int_field(&mut rr, "baseDelayMs", 60_000) {
                retry.base_delay_ms = n;
            }
            if let Some(n) = int_field(&mut rr, "maxDelayMs", 600_000) {
                retry.max_delay_ms = n;
            }
            rr.finish();
        }
        Some(_) => issues.push("retry", IssueCode::InvalidType, "retry must be an object or false"),
    }
    if let Err(why) = rules::check_token(&token) {
        issues.push("token", IssueCode::InvalidCharacters, why);
    }
    let base_url = match BaseUrl::parse(base.as_deref().unwrap_or(DEFAULT_BASE_URL)) {
        Ok(b) => Some(b),
        Err(e) => {
            issues.push("baseUrl", IssueCode::InvalidValue, e.message);
            None
        }
    };
    let base_url = match base_url {
        Some(b) if issues.is_empty() => b,
        _ => return Err(Error::invalid(ErrorKind::Config, issues.into_vec())),
    };
    if in_browser_page && !token.is_empty() && !allow {
        return Err(Error::new(
            ErrorKind::Config,
            format!(
                "Refusing to use a TomTicket token in a browser page: anyone who opens the page can read it \
                 and act as your account. Keep the token in a server or a Worker and point baseUrl at that proxy \
                 with no token (see the README, \"Browser\"). If this page is private and you accept the risk, \
                 pass {BROWSER_OPT_IN}: true."
            ),
        ));
    }
    Ok(ClientConfig { token: Token::new(token), base_url, timeout_ms, retry, requests_per_second: rps })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    macro_rules! json_text {
        ($($t:tt)*) => { json!($($t)*).to_string() };
    }

    #[test]
    fn defaults() {
        let c = parse_client_options(&json_text!({"token": "abc"}), false).unwrap();
        assert_eq!(c.base_url.as_str(), "https://api.tomticket.com");
        assert_eq!((c.timeout_ms, c.requests_per_second, c.retry), (30_000, 3, RetryPolicy::default()));
        assert!(!format!("{c:?}").contains("abc"), "Debug never shows the token");
        assert_eq!(c.token.expose(), "abc");
    }

    #[test]
    fn every_problem_at_once_without_the_token() {
        let e = parse_client_options(
            &json_text!({"token": "sec\nret", "baseUrl": "http://api.tomticket.com", "timeoutMs": -1, "retry": {"maxRetries": "x", "bogus": 1}, "tokn": 1}),
            false,
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Config);
        let fields: Vec<_> = e.issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, vec!["timeoutMs", "tokn", "retry.maxRetries", "retry.bogus", "token", "baseUrl"]);
        assert!(!e.message.contains("sec"), "{}", e.message);
    }

    #[test]
    fn retry_false_disables() {
        let c = parse_client_options(&json_text!({"retry": false, "requestsPerSecond": 0}), false).unwrap();
        assert_eq!((c.retry.max_retries, c.requests_per_second), (0, 0));
    }

    #[test]
    fn browser_page_needs_the_opt_in_for_a_raw_token() {
        let e = parse_client_options(&json_text!({"token": "t"}), true).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Config);
        assert!(e.message.contains(BROWSER_OPT_IN) && e.message.contains("proxy"));
        assert!(parse_client_options(&json_text!({"token": "t", BROWSER_OPT_IN: true}), true).is_ok());
        // A proxy base URL without a token is the recommended browser set-up.
        assert!(parse_client_options(&json_text!({"baseUrl": "https://my-worker.example/api"}), true).is_ok());
    }
}
