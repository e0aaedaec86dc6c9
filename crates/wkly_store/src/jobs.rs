//! The persistent job queue every pipeline stage runs on.
//!
//! A job is claimed by one worker at a time: on PostgreSQL with `FOR UPDATE SKIP LOCKED`
//! so several workers never wait on each other; on SQLite the single writer makes the
//! claim's `UPDATE … WHERE id = (SELECT …)` atomic by itself. A failed job is retried at
//! the time the caller gives until it has used its attempts, then it is `dead` with its
//! last error kept for the operator.

use serde_json::Value;
use sqlx::AssertSqlSafe;
use sqlx::types::Json;
use wkly_core::{Timestamp, new_id};

use crate::db::Db;
use crate::{Result, Store};

#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: String,
    pub payload: Value,
    /// Jobs with the same key are enqueued once (content-keyed idempotence).
    pub dedupe_key: Option<String>,
    pub run_at: i64,
    pub max_attempts: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobRow {
    pub id: String,
    pub kind: String,
    pub payload: Json<Value>,
    pub status: String,
    pub attempts: i64,
    pub max_attempts: i64,
    pub last_error: Option<String>,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnqueueOutcome {
    Enqueued,
    AlreadyQueued,
}

const JOB_COLUMNS: &str = "id, kind, payload, status, attempts, max_attempts, last_error, updated_at";

impl Store {
    pub async fn enqueue_job(&self, job: &NewJob) -> Result<EnqueueOutcome> {
        let now = Timestamp::now().millis();
        let done = on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO jobs (id, kind, payload, dedupe_key, status, attempts, max_attempts, run_at, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'queued', 0, $5, $6, $7, $7) ON CONFLICT (dedupe_key) DO NOTHING",
            )
            .bind(new_id())
            .bind(&job.kind)
            .bind(Json(&job.payload))
            .bind(&job.dedupe_key)
            .bind(job.max_attempts)
            .bind(job.run_at)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(if done == 1 { EnqueueOutcome::Enqueued } else { EnqueueOutcome::AlreadyQueued })
    }

    /// Claims the job that has been due longest, if any, for `worker`.
    pub async fn claim_job(&self, worker: &str, now: i64) -> Result<Option<JobRow>> {
        let pick = match &self.db {
            // Several workers share PostgreSQL: skip rows another worker holds.
            Db::Postgres(_) => {
                "SELECT id FROM jobs WHERE status = 'queued' AND run_at <= $2 ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED"
            }
            // SQLite has one writer at a time; the UPDATE below is atomic on its own.
            Db::Sqlite(_) => "SELECT id FROM jobs WHERE status = 'queued' AND run_at <= $2 ORDER BY run_at, id LIMIT 1",
        };
        let sql = format!(
            "UPDATE jobs SET status = 'running', locked_by = $1, locked_at = $2, attempts = attempts + 1, updated_at = $2 \
             WHERE id = ({pick}) RETURNING {JOB_COLUMNS}"
        );
        let row = on_db!(self, |pool| sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(worker)
            .bind(now)
            .fetch_optional(pool)
            .await)?;
        Ok(row)
    }

    pub async fn complete_job(&self, id: &str) -> Result<()> {
        let now = Timestamp::now().millis();
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE jobs SET status = 'done', locked_by = NULL, last_error = NULL, updated_at = $2 WHERE id = $1",
            )
            .bind(id)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Records a failure: back to the queue at `retry_at`, or `dead` when out of attempts.
    pub async fn fail_job(&self, id: &str, error: &str, retry_at: i64) -> Result<()> {
        let now = Timestamp::now().millis();
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END, \
                 run_at = $3, last_error = $2, locked_by = NULL, updated_at = $4 WHERE id = $1",
            )
            .bind(id)
            .bind(error)
            .bind(retry_at)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Puts jobs whose worker vanished (claimed before `stale_before`) back in the queue.
    pub async fn requeue_stale_jobs(&self, stale_before: i64) -> Result<u64> {
        let done = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE jobs SET status = 'queued', locked_by = NULL WHERE status = 'running' AND locked_at < $1",
            )
            .bind(stale_before)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(done)
    }

    /// How many jobs are in each status, by status name.
    pub async fn count_jobs(&self) -> Result<Vec<(String, i64)>> {
        let rows =
            on_db!(self, |pool| sqlx::query_as("SELECT status, COUNT(*) FROM jobs GROUP BY status ORDER BY status")
                .fetch_all(pool)
                .await)?;
        Ok(rows)
    }

    /// Gives a dead (or waiting) job a fresh set of attempts, due now. Returns false when
    /// no such job is dead or queued (a running or done job is left alone).
    pub async fn retry_job(&self, id: &str) -> Result<bool> {
        let now = Timestamp::now().millis();
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE jobs SET status = 'queued', attempts = 0, run_at = $2, updated_at = $2 \
                 WHERE id = $1 AND status IN ('dead', 'queued')",
            )
            .bind(id)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(n == 1)
    }

    /// Gives every dead job a fresh set of attempts; returns how many.
    pub async fn retry_dead_jobs(&self) -> Result<u64> {
        let now = Timestamp::now().millis();
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE jobs SET status = 'queued', attempts = 0, run_at = $1, updated_at = $1 WHERE status = 'dead'",
            )
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(n)
    }

    /// Whether a job whose dedupe key starts with `prefix` is waiting in the queue (a range
    /// on the unique key's index, not a scan).
    pub async fn has_queued_job_with_key_prefix(&self, prefix: &str) -> Result<bool> {
        // The first string after every key with this prefix: the prefix with its last byte
        // raised (prefixes here end in ':', which becomes ';').
        let mut end = prefix.to_string();
        let last = end.pop().map(|c| char::from_u32(c as u32 + 1).unwrap_or(c)).unwrap_or('~');
        end.push(last);
        let (found,): (i64,) = on_db!(self, |pool| sqlx::query_as(
            "SELECT COUNT(*) FROM jobs WHERE dedupe_key >= $1 AND dedupe_key < $2 AND status = 'queued'"
        )
        .bind(prefix)
        .bind(&end)
        .fetch_one(pool)
        .await)?;
        Ok(found > 0)
    }

    /// The workers holding running jobs.
    pub async fn list_job_holders(&self) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = on_db!(self, |pool| {
            sqlx::query_as(
            "SELECT DISTINCT locked_by FROM jobs WHERE status = 'running' AND locked_by IS NOT NULL ORDER BY locked_by"
        )
        .fetch_all(pool)
        .await
        })?;
        Ok(rows.into_iter().map(|(w,)| w).collect())
    }

    /// Puts the running jobs of a worker that is known to be gone back in the queue.
    pub async fn requeue_jobs_held_by(&self, worker: &str) -> Result<u64> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE jobs SET status = 'queued', locked_by = NULL WHERE status = 'running' AND locked_by = $1",
            )
            .bind(worker)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(n)
    }

    pub async fn list_jobs(&self, status: &str, limit: i64) -> Result<Vec<JobRow>> {
        let sql = format!("SELECT {JOB_COLUMNS} FROM jobs WHERE status = $1 ORDER BY updated_at DESC, id LIMIT $2");
        let rows = on_db!(self, |pool| sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(status)
            .bind(limit)
            .fetch_all(pool)
            .await)?;
        Ok(rows)
    }
}
