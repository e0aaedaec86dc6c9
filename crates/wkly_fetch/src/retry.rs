//! When to try again: `Retry-After` parsing and exponential backoff with jitter.
//!
//! The jitter comes from a SplitMix64 generator seeded from the clock: it only has to
//! spread retries of many workers apart, not be unpredictable, so no `rand` dependency.
//! Which failures are worth a retry is [`crate::FetchError::is_retryable`]'s decision;
//! the waiting itself happens in the host gate (see `politeness`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Reads a `Retry-After` value: delay seconds (`120`) or an HTTP date. A date in the
/// past means "now". `None` for anything else.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or_default())
}

/// Exponential backoff with "equal jitter": attempt 1 waits between half and all of
/// `base`, attempt 2 of `2 × base`, and so on, never more than `cap`.
#[derive(Debug)]
pub(crate) struct Backoff {
    base: Duration,
    cap: Duration,
    state: AtomicU64,
}

impl Backoff {
    pub(crate) fn new(base: Duration, cap: Duration) -> Self {
        let seed =
            SystemTime::now().duration_since(UNIX_EPOCH).map_or(0x2545_f491_4f6c_dd1d, |since| since.as_nanos() as u64);
        Backoff { base, cap, state: AtomicU64::new(seed) }
    }

    /// The wait after failed attempt number `attempt` (1-based).
    pub(crate) fn wait_after(&self, attempt: u32) -> Duration {
        let factor = 1u32 << attempt.saturating_sub(1).min(20);
        let full = self.base.saturating_mul(factor).min(self.cap);
        let half = full / 2;
        let spread = half.as_nanos() as u64;
        let extra = if spread == 0 { 0 } else { self.next_random() % (spread + 1) };
        half + Duration::from_nanos(extra)
    }

    /// SplitMix64: one atomic add per number, so clones of a fetcher can share it.
    fn next_random(&self) -> u64 {
        let mut z = self.state.fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed).wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}
