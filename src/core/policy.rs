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

/// A sliding-window limiter: at most `per_window` requests in any window, one per client,
/// shared by all of its calls.
///
/// A slot is held from the moment a request is sent until one window after its response
/// *finished* (or it failed). The server saw the request somewhere between those two moments, so
/// the next request in that slot reaches the server at least one window later, whatever the
/// latency or a stalled event loop did — zero 429s from our own traffic. The price is that a slot
/// turns over every `window + round-trip` instead of every `window`.
#[derive(Clone, Debug)]
pub struct RateLimiter {
    per_window: usize,
    window_ms: f64,
    slots: Vec<Slot>,
    next_permit: u64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Slot {
    InFlight(u64),
    FreeAt(f64),
}

/// A held slot; give it back with [`RateLimiter::release`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Permit(u64);

/// Added to the 1000 ms window against timer granularity on either side.
pub(super) const WINDOW_MARGIN_MS: f64 = 5.0;
/// How long to wait before asking again when every slot is held by a request in flight.
pub(super) const IN_FLIGHT_POLL_MS: f64 = 20.0;

impl RateLimiter {
    /// `requests_per_second` = 0 disables limiting.
    pub fn new(requests_per_second: u32) -> Self {
        RateLimiter {
            per_window: requests_per_second as usize,
            window_ms: 1000.0 + WINDOW_MARGIN_MS,
            slots: Vec::new(),
            next_permit: 0,
        }
    }

    /// Takes a slot now (`Ok`), or says how long to wait before trying again (`Err(ms)`).
    pub fn try_acquire(&mut self, now_ms: f64) -> Result<Option<Permit>, f64> {
        if self.per_window == 0 {
            return Ok(None);
        }
        self.next_permit += 1;
        let permit = Permit(self.next_permit);
        if self.slots.len() < self.per_window {
            self.slots.push(Slot::InFlight(permit.0));
            return Ok(Some(permit));
        }
        let mut earliest = f64::INFINITY;
        let mut free = None;
        for (i, slot) in self.slots.iter().enumerate() {
            if let Slot::FreeAt(t) = *slot {
                if t <= now_ms {
                    free = Some(i);
                    break;
                }
                earliest = earliest.min(t);
            }
        }
        match free.and_then(|i| self.slots.get_mut(i)) {
            Some(slot) => {
                *slot = Slot::InFlight(permit.0);
                Ok(Some(permit))
            }
            None if earliest.is_finite() => Err(earliest - now_ms),
            None => Err(IN_FLIGHT_POLL_MS),
        }
    }

    /// The request holding `permit` finished (response read, or failed) at `now_ms`.
    pub fn release(&mut self, permit: Option<Permit>, now_ms: f64) {
        let Some(Permit(id)) = permit else { return };
        let window = self.window_ms;
        if let Some(slot) = self.slots.iter_mut().find(|s| **s == Slot::InFlight(id)) {
            *slot = Slot::FreeAt(now_ms + window);
        }
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

    const W: f64 = 1000.0 + WINDOW_MARGIN_MS;

    #[test]
    fn a_slot_frees_one_window_after_its_response() {
        let mut l = RateLimiter::new(3);
        let p: Vec<_> = (0..3).map(|_| l.try_acquire(0.0).unwrap()).collect();
        assert_eq!(l.try_acquire(0.0), Err(IN_FLIGHT_POLL_MS), "all three in flight");
        l.release(p[0], 40.0);
        l.release(p[1], 60.0);
        assert_eq!(l.try_acquire(100.0), Err(40.0 + W - 100.0), "the earliest release decides");
        assert!(l.try_acquire(40.0 + W).unwrap().is_some());
        assert!(l.try_acquire(60.0 + W).unwrap().is_some());
        assert_eq!(l.try_acquire(60.0 + W), Err(IN_FLIGHT_POLL_MS));
    }

    #[test]
    fn simulated_traffic_never_puts_more_than_n_arrivals_in_a_window() {
        // Requests arrive at the server at a random point between send and response; whatever
        // the latency, no window of 1000 ms at the server holds more than 3 arrivals.
        let mut l = RateLimiter::new(3);
        let mut seed = 7u64;
        let mut rand = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 1000) as f64
        };
        let mut now = 0.0;
        let mut arrivals = Vec::new();
        let mut in_flight: Vec<(f64, Option<Permit>)> = Vec::new();
        while arrivals.len() < 300 {
            // finish what is due
            in_flight.sort_by(|a, b| a.0.total_cmp(&b.0));
            while in_flight.first().is_some_and(|f| f.0 <= now) {
                let (t, p) = in_flight.remove(0);
                l.release(p, t);
            }
            match l.try_acquire(now) {
                Ok(p) => {
                    let latency = rand() / 4.0;
                    arrivals.push(now + rand() / 1000.0 * latency);
                    in_flight.push((now + latency, p));
                }
                Err(wait) => now += wait.min(in_flight.iter().map(|f| f.0 - now).fold(f64::INFINITY, f64::min).max(0.1)),
            }
        }
        arrivals.sort_by(|a, b| a.total_cmp(b));
        for (i, a) in arrivals.iter().enumerate() {
            let n = arrivals.get(i..).unwrap_or(&[]).iter().take_while(|t| **t < a + 1000.0).count();
            assert!(n <= 3, "{n} arrivals in the window starting at {a}");
        }
    }

    #[test]
    fn zero_disables() {
        let mut l = RateLimiter::new(0);
        assert!((0..100).all(|_| l.try_acquire(0.0) == Ok(None)));
    }
}
