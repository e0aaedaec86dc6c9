//! The outbox of account mail: a row per mail to send, written by the request that asks for
//! it and sent later by a drainer on any node.
//!
//! A drainer claims due rows for a while (a lease, `claimed_until`); while the lease runs no
//! other drainer takes them, and once it ends (the drainer died) they are due again. On
//! PostgreSQL the claim skips rows another drainer is claiming (`FOR UPDATE SKIP LOCKED`); on
//! SQLite the single writer makes the claim atomic by itself. A row leaves `queued` only by
//! being sent, skipped or given up on, so a failure never loses it. Finished rows stay an
//! hour, so the per-hour limit counts mail sent as well as mail waiting, then are purged.
//!
//! Rows hold no link and no token: the drainer makes the one-time token when it sends. The
//! rules (what is due, how long to wait after a failure, how many attempts) are the
//! caller's; this module stores what it decides.

use sqlx::AssertSqlSafe;
use wkly_core::new_id;

use crate::db::Db;
use crate::{Backend, Result, Store, StoreError};

/// What a queued mail is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    /// A link that confirms the account's address.
    Verify,
    /// A link that sets a new password, asked for by address.
    Reset,
    /// The notice that the account's password changed.
    PasswordChanged,
}

impl MailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Verify => "verify",
            MailKind::Reset => "reset",
            MailKind::PasswordChanged => "password_changed",
        }
    }

    fn parse(s: &str) -> Result<MailKind> {
        match s {
            "verify" => Ok(MailKind::Verify),
            "reset" => Ok(MailKind::Reset),
            "password_changed" => Ok(MailKind::PasswordChanged),
            other => Err(StoreError::Corrupt(format!("mail_outbox.kind {other:?}"))),
        }
    }
}

/// Who a queued mail is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    /// An account, by id (its current address is read when the mail is sent).
    Account(String),
    /// An address as a reader typed it, in lookup form; it may have no account.
    Address(String),
}

/// What became of a request to queue a mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnqueueMailOutcome {
    /// Queued under this id.
    Queued(String),
    /// The recipient already has `limit` mails of this kind since `since`, queued or sent.
    TooMany,
}

/// A mail a drainer holds until its lease ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedMail {
    pub id: String,
    pub kind: MailKind,
    pub recipient: Recipient,
    /// Attempts so far, this one included.
    pub attempts: i64,
    pub created_at: i64,
}

/// What a failed attempt left behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryOutcome {
    /// Due again at the time given.
    Rescheduled,
    /// It had used its attempts: `failed` now, with the error kept.
    GaveUp,
    /// The row was no longer queued (another drainer finished it after this one's lease
    /// ended); nothing changed.
    NotQueued,
}

/// A row as it is, for the operator and for tests.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: String,
    pub kind: String,
    pub user_id: Option<String>,
    pub address: Option<String>,
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub claimed_until: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

const ROW_COLUMNS: &str =
    "id, kind, user_id, address, state, attempts, next_attempt_at, claimed_until, last_error, created_at, finished_at";

impl Store {
    /// Queues a mail due at once, unless its recipient already has `limit` mails of this
    /// kind created since `since` (waiting, sent or not). The count and the insert are one
    /// transaction, serialised per recipient, so a flood of requests cannot pass the limit.
    pub async fn enqueue_mail(
        &self,
        kind: MailKind,
        recipient: &Recipient,
        limit: i64,
        since: i64,
        now: i64,
    ) -> Result<EnqueueMailOutcome> {
        let (user_id, address, column, key) = match recipient {
            Recipient::Account(id) => (Some(id.as_str()), None, "user_id", id.as_str()),
            Recipient::Address(a) => (None, Some(a.as_str()), "address", a.as_str()),
        };
        let count_sql =
            format!("SELECT COUNT(*) FROM mail_outbox WHERE {column} = $1 AND kind = $2 AND created_at >= $3");
        let backend = self.backend();
        let id = new_id();
        on_db!(self, |pool| in_tx!(pool, |tx| {
            // SQLite's immediate transaction already serialises writers; PostgreSQL's read
            // committed would let two requests count the same rows and both insert, so they
            // queue on a lock named by the recipient for the rest of the transaction.
            if backend == Backend::Postgres {
                sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                    .bind(format!("mail_outbox:{column}:{key}"))
                    .execute(&mut *tx)
                    .await?;
            }
            let (n,): (i64,) = sqlx::query_as(AssertSqlSafe(count_sql.as_str()))
                .bind(key)
                .bind(kind.as_str())
                .bind(since)
                .fetch_one(&mut *tx)
                .await?;
            if n >= limit {
                return Ok(EnqueueMailOutcome::TooMany);
            }
            sqlx::query(
                "INSERT INTO mail_outbox (id, kind, user_id, address, state, attempts, next_attempt_at, created_at) \
                 VALUES ($1, $2, $3, $4, 'queued', 0, $5, $5)",
            )
            .bind(&id)
            .bind(kind.as_str())
            .bind(user_id)
            .bind(address)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            Ok(EnqueueMailOutcome::Queued(id.clone()))
        }))
    }

    /// Claims up to `limit` due mails, oldest due first, until `lease_until`; each claim
    /// counts as an attempt. A mail whose lease ended unfinished is due again.
    pub async fn claim_mails(&self, now: i64, lease_until: i64, limit: i64) -> Result<Vec<ClaimedMail>> {
        let pick = "SELECT id FROM mail_outbox WHERE state = 'queued' AND next_attempt_at <= $1 \
                    AND (claimed_until IS NULL OR claimed_until <= $1) ORDER BY next_attempt_at, id LIMIT $3";
        let pick = match &self.db {
            // Several drainers share PostgreSQL: skip the rows another one is claiming.
            Db::Postgres(_) => format!("{pick} FOR UPDATE SKIP LOCKED"),
            // SQLite has one writer at a time; the UPDATE below is atomic on its own.
            Db::Sqlite(_) => pick.to_string(),
        };
        let sql = format!(
            "UPDATE mail_outbox SET claimed_until = $2, attempts = attempts + 1 WHERE id IN ({pick}) \
             RETURNING id, kind, user_id, address, attempts, created_at"
        );
        type Claimed = (String, String, Option<String>, Option<String>, i64, i64);
        let rows: Vec<Claimed> = on_db!(self, |pool| sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(now)
            .bind(lease_until)
            .bind(limit)
            .fetch_all(pool)
            .await)?;
        let mut claimed = rows
            .into_iter()
            .map(|(id, kind, user_id, address, attempts, created_at)| {
                let recipient = match (user_id, address) {
                    (Some(user_id), _) => Recipient::Account(user_id),
                    (None, Some(address)) => Recipient::Address(address),
                    (None, None) => return Err(StoreError::Corrupt(format!("mail_outbox {id} has no recipient"))),
                };
                Ok(ClaimedMail { kind: MailKind::parse(&kind)?, id, recipient, attempts, created_at })
            })
            .collect::<Result<Vec<_>>>()?;
        claimed.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(claimed)
    }

    /// Marks a queued mail sent. False when it was not queued any more.
    pub async fn mark_mail_sent(&self, id: &str, now: i64) -> Result<bool> {
        self.finish_mail(id, "sent", None, now).await
    }

    /// Marks a queued mail as not to be sent (its account is gone, or has nothing to be
    /// sent any more), with the reason. False when it was not queued any more.
    pub async fn skip_mail(&self, id: &str, reason: &str, now: i64) -> Result<bool> {
        self.finish_mail(id, "skipped", Some(reason), now).await
    }

    /// Gives up on a queued mail (refused for good), keeping the error. False when it was
    /// not queued any more.
    pub async fn give_up_mail(&self, id: &str, error: &str, now: i64) -> Result<bool> {
        self.finish_mail(id, "failed", Some(error), now).await
    }

    async fn finish_mail(&self, id: &str, state: &str, error: Option<&str>, now: i64) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE mail_outbox SET state = $2, last_error = $3, finished_at = $4, claimed_until = NULL \
                 WHERE id = $1 AND state = 'queued'",
            )
            .bind(id)
            .bind(state)
            .bind(error)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(n == 1)
    }

    /// Records a failed attempt: due again at `retry_at`, or `failed` once the mail has
    /// had `max_attempts`.
    pub async fn retry_mail_later(
        &self,
        id: &str,
        error: &str,
        retry_at: i64,
        max_attempts: i64,
        now: i64,
    ) -> Result<RetryOutcome> {
        let row: Option<(String,)> = on_db!(self, |pool| {
            sqlx::query_as(
                "UPDATE mail_outbox SET state = CASE WHEN attempts >= $4 THEN 'failed' ELSE 'queued' END, \
                 finished_at = CASE WHEN attempts >= $4 THEN $5 ELSE NULL END, \
                 next_attempt_at = $3, claimed_until = NULL, last_error = $2 \
                 WHERE id = $1 AND state = 'queued' RETURNING state",
            )
            .bind(id)
            .bind(error)
            .bind(retry_at)
            .bind(max_attempts)
            .bind(now)
            .fetch_optional(pool)
            .await
        })?;
        Ok(match row.as_ref().map(|(s,)| s.as_str()) {
            Some("queued") => RetryOutcome::Rescheduled,
            Some(_) => RetryOutcome::GaveUp,
            None => RetryOutcome::NotQueued,
        })
    }

    /// Deletes finished mails created before `before`; returns how many.
    pub async fn purge_finished_mails(&self, before: i64) -> Result<u64> {
        let n = on_db!(self, |pool| {
            sqlx::query("DELETE FROM mail_outbox WHERE state <> 'queued' AND created_at < $1")
                .bind(before)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(n)
    }

    /// When the next queued mail is due, if any mail is queued.
    pub async fn next_mail_due(&self) -> Result<Option<i64>> {
        let (at,): (Option<i64>,) = on_db!(self, |pool| {
            sqlx::query_as("SELECT MIN(next_attempt_at) FROM mail_outbox WHERE state = 'queued'").fetch_one(pool).await
        })?;
        Ok(at)
    }

    /// Every row of the outbox, oldest first (for the operator and tests).
    pub async fn list_outbox(&self, limit: i64) -> Result<Vec<OutboxRow>> {
        let sql = format!("SELECT {ROW_COLUMNS} FROM mail_outbox ORDER BY created_at, id LIMIT $1");
        let rows = on_db!(self, |pool| sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(limit).fetch_all(pool).await)?;
        Ok(rows)
    }
}
