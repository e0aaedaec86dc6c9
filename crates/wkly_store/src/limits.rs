//! Abuse limits shared by every node: one row per rule and key holding the instant its
//! next action is due (a generic cell rate algorithm, as in the web layer's in-memory
//! limiter). Each attempt is one `INSERT … ON CONFLICT DO UPDATE … WHERE` statement, so
//! concurrent attempts on any number of nodes are counted exactly once each and a refused
//! attempt changes nothing.

use crate::{Result, Store};

/// What a limit said about one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitOutcome {
    /// The attempt is allowed (and, for [`Store::take_limit`], counted).
    Allowed,
    /// Refused; it may be tried again after this many milliseconds.
    Refused { retry_after_ms: i64 },
}

/// One rule's pace: an action every `interval_ms`, with up to `tolerance_ms` of the
/// future spent ahead of time (the burst).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub interval_ms: i64,
    pub tolerance_ms: i64,
}

impl Store {
    /// Counts one attempt by `key_hash` under `rule` at `now` if the rule allows it.
    pub async fn take_limit(&self, rule: &str, key_hash: &str, pace: Pace, now: i64) -> Result<LimitOutcome> {
        // `due` is the later of the stored instant and now; the attempt fits when `due`
        // is at most `tolerance` ahead of now, and then moves the instant one interval on.
        let taken: Option<(i64,)> = on_db!(self, |pool| {
            sqlx::query_as(
                "INSERT INTO rate_limits (rule, key_hash, due_at) VALUES ($1, $2, $3 + $4) \
                 ON CONFLICT (rule, key_hash) DO UPDATE \
                 SET due_at = (CASE WHEN rate_limits.due_at > $3 THEN rate_limits.due_at ELSE $3 END) + $4 \
                 WHERE (CASE WHEN rate_limits.due_at > $3 THEN rate_limits.due_at ELSE $3 END) - $3 <= $5 \
                 RETURNING due_at",
            )
            .bind(rule)
            .bind(key_hash)
            .bind(now)
            .bind(pace.interval_ms)
            .bind(pace.tolerance_ms)
            .fetch_optional(pool)
            .await
        })?;
        match taken {
            Some(_) => Ok(LimitOutcome::Allowed),
            None => self.peek_limit(rule, key_hash, pace, now).await.map(|o| match o {
                // Freed in between by the clock: say "try again now" rather than loop.
                LimitOutcome::Allowed => LimitOutcome::Refused { retry_after_ms: 0 },
                refused => refused,
            }),
        }
    }

    /// Whether an attempt would be allowed, counting nothing.
    pub async fn peek_limit(&self, rule: &str, key_hash: &str, pace: Pace, now: i64) -> Result<LimitOutcome> {
        let row: Option<(i64,)> = on_db!(self, |pool| {
            sqlx::query_as("SELECT due_at FROM rate_limits WHERE rule = $1 AND key_hash = $2")
                .bind(rule)
                .bind(key_hash)
                .fetch_optional(pool)
                .await
        })?;
        let ahead = row.map_or(0, |(due,)| due.max(now) - now);
        Ok(match ahead - pace.tolerance_ms {
            over if over > 0 => LimitOutcome::Refused { retry_after_ms: over },
            _ => LimitOutcome::Allowed,
        })
    }

    /// Forgets keys whose instant has passed (they would be allowed a full burst anyway).
    pub async fn sweep_limits(&self, now: i64) -> Result<u64> {
        Ok(on_db!(self, |pool| {
            sqlx::query("DELETE FROM rate_limits WHERE due_at <= $1")
                .bind(now)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?)
    }
}
