//! Retry and rate-limit policy as plain functions of data (the binding layer supplies the clock,
//! the randomness and the sleeping).
//!
//! Retries (README "Retries and rate limit"):
//! - 429 (rate limited): retried for every method — the server refused the request, so it cannot
//!   have acted on it. Waits `Retry-After` when sent, else the backoff but at least one second
//!   (TomTicket's window).
//! - 5xx and network errors: retried for GET only. A POST that got a 5xx, a dropped connection or
//!   a timeout may have been executed: repeating it could create a duplicate customer, which is
//!   worse than an error.
//! - Timeouts, aborts, 4xx, decode and validation errors: never retried.
//! - Backoff: `base · 2^attempt`, capped, with "equal jitter" (50–100 % of the value).
use super::error::{Error, ErrorKind};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: u32,
    pub base_delay_ms: u32,
    pub max_delay_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_retries: 2, base_delay_ms: 300, max_delay_ms: 10_000 }
    }
}

impl RetryPolicy {
    /// The wait before retry number `attempt + 1` (attempt 0 = the first try failed), or `None`
    /// when the failure must not be retried. `random` is uniform in `[0, 1)`.
    pub fn delay(&self, attempt: u32, idempotent: bool, err: &Error, random: f64) -> Option<u32> {
        if attempt >= self.max_retries {
            return None;
        }
        let retryable = match err.kind {
            ErrorKind::RateLimited => true,
            ErrorKind::Server | ErrorKind::Network => idempotent,
            _ => false,
        };
        if !retryable {
            return None;
        }
        let exp = u64::from(self.base_delay_ms).saturating_mul(1u64 << attempt.min(20));
        let capped = exp.min(u64::from(self.max_delay_ms)) as f64;
        let r = if random.is_finite() { random.clamp(0.0, 1.0) } else { 0.5 };
        let mut wait = (capped * (0.5 + 0.5 * r)) as u32;
        if err.kind == ErrorKind::RateLimited {
            wait = match err.retry_after_ms {
                Some(ms) => ms,
                None => wait.max(1000),
            };
        }
        Some(wait)
    }
}

/// A sliding-window limiter: at most `per_window` requests start in any `window_ms` interval.
/// One per client, shared by all of its calls. `reserve` books a slot synchronously and says how
/// long to wait for it, so concurrent callers (JS promises on one thread) never overbook.
#[derive(Clone, Debug)]
pub struct RateLimiter {
    per_window: usize,
    window_ms: f64,
    /// Start times of the last `per_window` booked requests, oldest first.
    booked: std::collections::VecDeque<f64>,
}

/// Added to TomTicket's 1000 ms window: requests that leave 1 s apart can arrive less than 1 s
/// apart when latency varies. 3 % of throughput buys that margin.
pub const WINDOW_MARGIN_MS: f64 = 30.0;

impl RateLimiter {
    /// `requests_per_second` = 0 disables limiting.
    pub fn new(requests_per_second: u32) -> Self {
        RateLimiter {
            per_window: requests_per_second as usize,
            window_ms: 1000.0 + WINDOW_MARGIN_MS,
            booked: std::collections::VecDeque::new(),
        }
    }

    /// Books the earliest free slot at or after `now_ms` and returns the wait in ms until it.
    pub fn reserve(&mut self, now_ms: f64) -> f64 {
        if self.per_window == 0 {
            return 0.0;
        }
        let mut start = now_ms;
        if self.booked.len() >= self.per_window {
            // The slot frees when the request `per_window` places back leaves the window.
            let idx = self.booked.len() - self.per_window;
            if let Some(&t) = self.booked.get(idx) {
                start = start.max(t + self.window_ms);
            }
        }
        self.booked.push_back(start);
        while self.booked.len() > self.per_window {
            self.booked.pop_front();
        }
        (start - now_ms).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(kind: ErrorKind) -> Error {
        Error::new(kind, "x")
    }

    #[test]
    fn post_is_retried_only_on_429() {
        let p = RetryPolicy::default();
        assert!(p.delay(0, false, &err(ErrorKind::RateLimited), 0.5).is_some());
        for k in [ErrorKind::Server, ErrorKind::Network, ErrorKind::Timeout, ErrorKind::Aborted, ErrorKind::Decode] {
            assert_eq!(p.delay(0, false, &err(k), 0.5), None, "{k:?}");
        }
    }

    #[test]
    fn get_is_retried_on_transient_errors_only() {
        let p = RetryPolicy::default();
        for k in [ErrorKind::Server, ErrorKind::Network, ErrorKind::RateLimited] {
            assert!(p.delay(0, true, &err(k), 0.5).is_some(), "{k:?}");
        }
        for k in [ErrorKind::Unauthorized, ErrorKind::Forbidden, ErrorKind::NotFound, ErrorKind::Api, ErrorKind::Timeout, ErrorKind::Aborted, ErrorKind::Validation, ErrorKind::Decode] {
            assert_eq!(p.delay(0, true, &err(k), 0.5), None, "{k:?}");
        }
    }

    #[test]
    fn bounded_by_count_with_exponential_jittered_backoff() {
        let p = RetryPolicy { max_retries: 3, base_delay_ms: 100, max_delay_ms: 350 };
        let e = err(ErrorKind::Server);
        assert_eq!(p.delay(0, true, &e, 0.0), Some(50));
        assert_eq!(p.delay(0, true, &e, 1.0), Some(100));
        assert_eq!(p.delay(1, true, &e, 1.0), Some(200));
        assert_eq!(p.delay(2, true, &e, 1.0), Some(350), "capped");
        assert_eq!(p.delay(3, true, &e, 1.0), None, "count exhausted");
        assert_eq!(p.delay(40, true, &e, f64::NAN), None);
        let zero = RetryPolicy { max_retries: 0, ..p };
        assert_eq!(zero.delay(0, true, &e, 0.5), None);
    }

    #[test]
    fn rate_limited_waits_retry_after_or_a_second() {
        let p = RetryPolicy::default();
        let mut e = err(ErrorKind::RateLimited);
        assert!(p.delay(0, false, &e, 0.0).unwrap() >= 1000);
        e.retry_after_ms = Some(2500);
        assert_eq!(p.delay(0, false, &e, 0.0), Some(2500));
    }

    #[test]
    fn limiter_never_books_more_than_n_per_window() {
        let mut l = RateLimiter::new(3);
        let waits: Vec<f64> = (0..7).map(|_| l.reserve(0.0)).collect();
        let w = 1000.0 + WINDOW_MARGIN_MS;
        assert_eq!(waits, vec![0.0, 0.0, 0.0, w, w, w, 2.0 * w]);
        // Later arrivals: a slot frees exactly one window after the booking it replaces.
        let mut l = RateLimiter::new(2);
        assert_eq!(l.reserve(0.0), 0.0);
        assert_eq!(l.reserve(500.0), 0.0);
        assert_eq!(l.reserve(600.0), w - 600.0);
        assert_eq!(l.reserve(5000.0), 0.0);
    }

    #[test]
    fn any_window_holds_at_most_n_bookings() {
        let mut l = RateLimiter::new(3);
        let mut starts = Vec::new();
        let mut now = 0.0;
        for i in 0..200 {
            now += f64::from((i * 37) % 400);
            starts.push(now + l.reserve(now));
        }
        starts.sort_by(|a, b| a.total_cmp(b));
        for (i, s) in starts.iter().enumerate() {
            let in_window = starts[i..].iter().take_while(|t| **t < s + 1000.0).count();
            assert!(in_window <= 3, "window at {s} holds {in_window}");
        }
    }

    #[test]
    fn zero_disables() {
        let mut l = RateLimiter::new(0);
        assert!((0..100).all(|_| l.reserve(0.0) == 0.0));
    }
}
