//! The [`RetryPolicy`] for throttled and temporarily unavailable responses.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

/// When and how long to wait before sending a request again.
///
/// Responses with status `429 Too Many Requests`, `503 Service Unavailable`
/// and `504 Gateway Timeout` are retried (the body is sent again unchanged)
/// until [`max_attempts`](Self::max_attempts) attempts were made; other
/// statuses and transport errors are not retried. Before a retry the client
/// waits for the `Retry-After` header's number of seconds (at most
/// [`max_retry_after`](Self::max_retry_after)) when the response has one, else
/// for an exponential backoff with jitter: the ceiling `base_delay * factor^(n-1)`
/// for the `n`-th retry, capped at [`max_delay`](Self::max_delay), of which a
/// random amount of up to half is taken off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, including the first (`1` disables retries).
    pub max_attempts: u32,
    /// Backoff before the first retry (before jitter).
    pub base_delay: Duration,
    /// Growth of the backoff per retry.
    pub factor: u32,
    /// Upper bound of the backoff.
    pub max_delay: Duration,
    /// Upper bound of a wait requested by `Retry-After`.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 5 attempts, 500 ms base delay, factor 2, 30 s cap, `Retry-After` up to 5 minutes.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(500),
            factor: 2,
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(300),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Returns `true` for the statuses that are retried: 429, 503 and 504.
    pub fn is_retryable(status: u16) -> bool {
        matches!(status, 429 | 503 | 504)
    }

    /// The backoff ceiling before retry number `retry` (1 for the first retry),
    /// without jitter.
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let mut delay = self.base_delay;
        for _ in 1..retry {
            delay = delay.saturating_mul(self.factor);
            if delay >= self.max_delay {
                break;
            }
        }
        delay.min(self.max_delay)
    }

    /// The wait before retry number `retry` (1 for the first retry): the
    /// `Retry-After` value when given (capped at `max_retry_after`), else the
    /// jittered backoff, between half the ceiling and the ceiling.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_retry_after);
        }
        let ceiling = self.backoff_ceiling(retry);
        let half = ceiling / 2;
        let jitter_nanos = (half.as_nanos() as f64 * random_fraction()) as u64;
        ceiling - Duration::from_nanos(jitter_nanos).min(half)
    }
}

/// A pseudo-random number in `[0, 1)` from the standard library's randomly
/// keyed hasher, mixed with the current time.
fn random_fraction() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    if let Ok(now) = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The `Retry-After` header as a delay, when it is a number of seconds.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    let seconds: f64 = value.parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds.min(1e9)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff_ceiling(1), Duration::from_millis(500));
        assert_eq!(p.backoff_ceiling(2), Duration::from_secs(1));
        assert_eq!(p.backoff_ceiling(3), Duration::from_secs(2));
        assert_eq!(p.backoff_ceiling(10), Duration::from_secs(30));
        assert_eq!(p.backoff_ceiling(1000), Duration::from_secs(30));
        for retry in 1..8 {
            let d = p.delay(retry, None);
            let c = p.backoff_ceiling(retry);
            assert!(d <= c && d >= c / 2, "{d:?} vs {c:?}");
        }
    }

    #[test]
    fn jitter_varies() {
        let p = RetryPolicy::default();
        let delays: std::collections::HashSet<_> = (0..20).map(|_| p.delay(3, None)).collect();
        assert!(delays.len() > 1);
    }

    #[test]
    fn retry_after_wins_and_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(9999))),
            Duration::from_secs(300)
        );
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert(RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(
            RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&h), None);
        h.insert(RETRY_AFTER, "-1".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn retryable_statuses() {
        for s in [429, 503, 504] {
            assert!(RetryPolicy::is_retryable(s));
        }
        for s in [200, 400, 401, 403, 404, 500, 502] {
            assert!(!RetryPolicy::is_retryable(s));
        }
        assert_eq!(RetryPolicy::none().max_attempts, 1);
    }
}
