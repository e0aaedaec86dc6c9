//! Sign-in sessions, kept in the database so every node of a deployment sees the same
//! ones. A session's id column holds the SHA-256 of the cookie's token, never the token
//! itself: a copy of the database does not let anyone sign in as a reader.

use crate::users::AccountRow;
use crate::{Result, Store};

#[derive(Debug, Clone)]
pub struct NewSession {
    pub id_hash: String,
    pub user_id: String,
    pub csrf_token: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A live session with the account it belongs to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub csrf_token: String,
    pub expires_at: i64,
    #[sqlx(flatten)]
    pub account: AccountRow,
}

impl Store {
    pub async fn insert_session(&self, s: &NewSession) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO sessions (id, user_id, csrf_token, data, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&s.id_hash)
            .bind(&s.user_id)
            .bind(&s.csrf_token)
            .bind(sqlx::types::Json(serde_json::json!({})))
            .bind(s.created_at)
            .bind(s.expires_at)
            .execute(pool)
            .await.map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// The unexpired session with this id hash, with its account (active or not: the
    /// caller decides what a disabled account may do).
    pub async fn find_session(&self, id_hash: &str, now: i64) -> Result<Option<SessionRow>> {
        let row = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT s.csrf_token, s.expires_at, u.id, u.name, u.email, u.role, u.status, u.email_verified_at, \
                 u.banned_until, u.created_at FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.id = $1 AND s.expires_at > $2",
            )
            .bind(id_hash)
            .bind(now)
            .fetch_optional(pool)
            .await
        })?;
        Ok(row)
    }

    /// Moves a session's end further out (sliding expiry), at most once per call site's
    /// choosing: the caller only asks when the session is past half its life.
    pub async fn extend_session(&self, id_hash: &str, expires_at: i64) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query("UPDATE sessions SET expires_at = $2 WHERE id = $1")
                .bind(id_hash)
                .bind(expires_at)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        on_db!(self, |pool| sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id_hash)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Ends every session of an account (password change, "sign out everywhere").
    pub async fn delete_sessions_of(&self, user_id: &str) -> Result<u64> {
        let done = on_db!(self, |pool| {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(done)
    }

    /// Removes sessions that ended before `now`; returns how many.
    pub async fn delete_expired_sessions(&self, now: i64) -> Result<u64> {
        let done = on_db!(self, |pool| {
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(now)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(done)
    }
}
