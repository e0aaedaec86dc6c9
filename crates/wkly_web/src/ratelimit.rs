//! Abuse limits: how often one address or one account may sign in, sign up, ask for a
//! reset link, vote, react or comment.
//!
//! A generic cell rate algorithm per key: each rule allows `count` actions per `period`
//! with bursts up to `count`, and remembers one instant per key. Written here rather than
//! taken from governor because a rule set this small needs ~60 lines and no clock
//! abstraction.
//!
//! Two places keep the instants:
//! - [`RateLimiter::check_shared`]: the database, for sign-in, sign-up, reset and comments,
//!   so several nodes behind a load balancer enforce one limit together. These actions
//!   write to the database anyway; the limit adds one small upsert
//!   ([`wkly_store::limits`]), and keys are stored as SHA-256 hashes.
//! - [`RateLimiter::check_all`]: this node's memory, for votes and reactions, which come
//!   by the thousand a second; with N nodes a visitor gets at most N × that limit.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use wkly_store::limits::{LimitOutcome, Pace};

/// One limit: at most `count` actions per `period`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule {
    pub name: &'static str,
    pub count: u32,
    pub period: Duration,
}

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

pub(crate) const SIGN_IN_PER_IP: Rule = Rule { name: "sign-in/ip", count: 20, period: Duration::from_secs(600) };
pub(crate) const SIGN_IN_PER_ACCOUNT: Rule =
    Rule { name: "sign-in/account", count: 8, period: Duration::from_secs(600) };
pub(crate) const SIGN_UP_PER_IP: Rule = Rule { name: "sign-up/ip", count: 10, period: HOUR };
pub(crate) const VOTE_PER_VOTER: Rule = Rule { name: "vote/voter", count: 30, period: MINUTE };
pub(crate) const RESET_PER_IP: Rule = Rule { name: "reset/ip", count: 10, period: HOUR };
pub(crate) const RESET_PER_ADDRESS: Rule = Rule { name: "reset/address", count: 5, period: HOUR };
pub(crate) const COMMENT_PER_ACCOUNT: Rule = Rule { name: "comment/account", count: 6, period: MINUTE };
pub(crate) const COMMENT_PER_IP: Rule = Rule { name: "comment/ip", count: 30, period: MINUTE };
pub(crate) const VOTE_PER_IP: Rule = Rule { name: "vote/ip", count: 300, period: MINUTE };

/// How long until the action may be tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole seconds, at least one, for the `Retry-After` header.
    pub fn secs(self) -> u64 {
        self.0.as_secs() + u64::from(self.0.subsec_nanos() > 0)
    }
}

pub(crate) struct RateLimiter {
    enabled: bool,
    /// Where the shared limits live (`None` in unit tests of the in-memory part).
    shared: Option<wkly_store::Store>,
    /// Per rule and key: the instant the next action is "due" (GCRA's theoretical arrival).
    cells: Mutex<HashMap<(&'static str, String), Instant>>,
}

/// Above this many remembered keys, keys whose bursts are fully restored are dropped.
const PRUNE_ABOVE: usize = 50_000;

impl RateLimiter {
    pub fn new(enabled: bool, shared: Option<wkly_store::Store>) -> Self {
        Self { enabled, shared, cells: Mutex::new(HashMap::new()) }
    }

    /// Like [`RateLimiter::check_all`], with the instants in the database every node
    /// shares. When the database cannot be asked the action is let through (and logged):
    /// the action itself needs the database and will fail on its own.
    pub async fn check_shared(&self, checks: &[(Rule, &str)]) -> Result<(), RetryAfter> {
        let Some(store) = self.shared.as_ref().filter(|_| self.enabled) else {
            return self.check_all(checks);
        };
        let now = wkly_core::Timestamp::now().millis();
        let keys: Vec<_> =
            checks.iter().map(|(rule, key)| (*rule, wkly_app::accounts::secrets::token_hash(key))).collect();
        for take in [false, true] {
            for (rule, key) in &keys {
                let pace = pace(*rule);
                let outcome = match take {
                    false => store.peek_limit(rule.name, key, pace, now).await,
                    true => store.take_limit(rule.name, key, pace, now).await,
                };
                match outcome {
                    Ok(LimitOutcome::Allowed) => {}
                    Ok(LimitOutcome::Refused { retry_after_ms }) => {
                        return Err(RetryAfter(Duration::from_millis(retry_after_ms.max(0) as u64)));
                    }
                    Err(e) => tracing::warn!(error = %e, rule = rule.name, "shared rate limit unavailable; allowed"),
                }
            }
        }
        Ok(())
    }

    /// Checks several rules at once: the action is counted under all of them only when
    /// every one allows it.
    pub fn check_all(&self, checks: &[(Rule, &str)]) -> Result<(), RetryAfter> {
        let now = Instant::now();
        for (rule, key) in checks {
            self.peek_at(*rule, key, now)?;
        }
        for (rule, key) in checks {
            self.check_at(*rule, key, now)?;
        }
        Ok(())
    }

    fn peek_at(&self, rule: Rule, key: &str, now: Instant) -> Result<(), RetryAfter> {
        if !self.enabled {
            return Ok(());
        }
        let cells = self.cells.lock().unwrap_or_else(|e| e.into_inner());
        let tat = cells.get(&(rule.name, key.to_string())).copied().unwrap_or(now).max(now);
        let (_, tolerance) = intervals(rule);
        let ahead = tat - now;
        if ahead > tolerance { Err(RetryAfter(ahead - tolerance)) } else { Ok(()) }
    }

    fn check_at(&self, rule: Rule, key: &str, now: Instant) -> Result<(), RetryAfter> {
        if !self.enabled {
            return Ok(());
        }
        let (interval, tolerance) = intervals(rule);
        let mut cells = self.cells.lock().unwrap_or_else(|e| e.into_inner());
        if cells.len() > PRUNE_ABOVE {
            cells.retain(|_, tat| *tat > now);
        }
        let cell = cells.entry((rule.name, key.to_string())).or_insert(now);
        let tat = (*cell).max(now);
        let ahead = tat - now;
        if ahead > tolerance {
            return Err(RetryAfter(ahead - tolerance));
        }
        *cell = tat + interval;
        Ok(())
    }
}

fn pace(rule: Rule) -> Pace {
    let (interval, tolerance) = intervals(rule);
    Pace { interval_ms: interval.as_millis() as i64, tolerance_ms: tolerance.as_millis() as i64 }
}

/// The emission interval (period / count) and how far ahead of now a key may run.
fn intervals(rule: Rule) -> (Duration, Duration) {
    let interval = rule.period / rule.count.max(1);
    (interval, rule.period.saturating_sub(interval))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule { name: "test", count: 3, period: Duration::from_secs(60) };

    #[test]
    fn a_burst_up_to_the_count_passes_then_waits_for_one_interval() {
        let limiter = RateLimiter::new(true, None);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check_at(RULE, "a", t0), Ok(()));
        }
        let refused = limiter.check_at(RULE, "a", t0).expect_err("fourth in a burst");
        assert_eq!(refused.secs(), 20);
        assert_eq!(limiter.check_at(RULE, "b", t0), Ok(()), "keys are separate");
        assert_eq!(limiter.check_at(RULE, "a", t0 + Duration::from_secs(20)), Ok(()));
        assert!(limiter.check_at(RULE, "a", t0 + Duration::from_secs(20)).is_err());
    }

    #[test]
    fn refused_actions_do_not_push_the_wait_further() {
        let limiter = RateLimiter::new(true, None);
        let t0 = Instant::now();
        for _ in 0..3 {
            limiter.check_at(RULE, "a", t0).expect("burst");
        }
        for _ in 0..100 {
            assert!(limiter.check_at(RULE, "a", t0).is_err());
        }
        assert_eq!(limiter.check_at(RULE, "a", t0 + Duration::from_secs(20)), Ok(()));
    }

    #[test]
    fn a_disabled_limiter_allows_everything() {
        let limiter = RateLimiter::new(false, None);
        for _ in 0..1000 {
            assert_eq!(limiter.check_all(&[(RULE, "a")]), Ok(()));
        }
    }

    #[test]
    fn check_all_counts_nothing_when_one_rule_refuses() {
        let limiter = RateLimiter::new(true, None);
        let small = Rule { name: "small", count: 1, period: Duration::from_secs(60) };
        assert_eq!(limiter.check_all(&[(RULE, "a"), (small, "a")]), Ok(()));
        assert!(limiter.check_all(&[(RULE, "a"), (small, "a")]).is_err());
        // RULE was not charged by the refused attempt: two more fit its burst of three.
        assert_eq!(limiter.check_all(&[(RULE, "a")]), Ok(()));
        assert_eq!(limiter.check_all(&[(RULE, "a")]), Ok(()));
        assert!(limiter.check_all(&[(RULE, "a")]).is_err());
    }
}
