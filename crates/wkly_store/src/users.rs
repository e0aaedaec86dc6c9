//! Accounts. Password hashing and sessions' rules live in the use cases; this module only
//! stores what they decide.

use wkly_core::{Role, Timestamp, new_id};

use crate::{Result, Store};

#[derive(Debug, Clone)]
pub struct NewUser {
    pub name: String,
    pub email: String,
    pub password_hash: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewUserOutcome {
    Created(String),
    NameTaken,
    EmailTaken,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub status: String,
    pub created_at: i64,
}

impl Store {
    /// Creates an account; a taken name or email is an outcome, not an error.
    pub async fn insert_user(&self, u: &NewUser) -> Result<NewUserOutcome> {
        let id = new_id();
        let now = Timestamp::now().millis();
        on_db!(self, |pool| in_tx!(pool, |tx| {
            let taken: Option<(String, String)> =
                sqlx::query_as("SELECT name, email FROM users WHERE name = $1 OR email = $2")
                    .bind(&u.name)
                    .bind(&u.email)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some((name, _)) = taken {
                return Ok(if name == u.name { NewUserOutcome::NameTaken } else { NewUserOutcome::EmailTaken });
            }
            let inserted = sqlx::query(
                "INSERT INTO users (id, name, email, password_hash, role, status, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, 'active', $6, $6) ON CONFLICT DO NOTHING",
            )
            .bind(&id)
            .bind(&u.name)
            .bind(&u.email)
            .bind(&u.password_hash)
            .bind(u.role.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if inserted.rows_affected() == 1 {
                return Ok(NewUserOutcome::Created(id));
            }
            // A concurrent sign-up won between the check and the insert (PostgreSQL; SQLite's
            // immediate transaction serialises them). It has committed, and this new statement
            // sees it, so the reader is told which field was taken.
            let name_taken: Option<(String,)> =
                sqlx::query_as("SELECT id FROM users WHERE name = $1").bind(&u.name).fetch_optional(&mut *tx).await?;
            Ok(if name_taken.is_some() { NewUserOutcome::NameTaken } else { NewUserOutcome::EmailTaken })
        }))
    }

    pub async fn find_user_by_name(&self, name: &str) -> Result<Option<UserRow>> {
        let row = on_db!(self, |pool| {
            sqlx::query_as("SELECT id, name, email, role, status, created_at FROM users WHERE name = $1")
                .bind(name)
                .fetch_optional(pool)
                .await
        })?;
        Ok(row)
    }

    pub async fn set_user_goals(&self, user_id: &str, goals: &[String]) -> Result<()> {
        on_db!(self, |pool| in_tx!(pool, |tx| {
            sqlx::query("DELETE FROM user_goals WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            for g in goals {
                sqlx::query("INSERT INTO user_goals (user_id, goal) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(user_id)
                    .bind(g)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(())
        }))
    }

    pub async fn list_user_goals(&self, user_id: &str) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = on_db!(self, |pool| {
            sqlx::query_as("SELECT goal FROM user_goals WHERE user_id = $1 ORDER BY goal")
                .bind(user_id)
                .fetch_all(pool)
                .await
        })?;
        Ok(rows.into_iter().map(|(g,)| g).collect())
    }
}

/// What sign-in needs to check a password and decide whether the account may enter.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Credentials {
    pub id: String,
    pub name: String,
    pub password_hash: String,
    pub status: String,
}

/// A signed-in reader as every request sees them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub status: String,
    pub email_verified_at: Option<i64>,
    pub banned_until: Option<i64>,
    pub created_at: i64,
}

/// Why a one-time link was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify_email",
            TokenPurpose::ResetPassword => "reset_password",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenOutcome {
    /// The token was valid and is now spent; the account it belongs to.
    Used { user_id: String },
    /// Unknown, already used, expired or made for another purpose: the reader is told the
    /// link no longer works, whichever it was.
    Invalid,
}

const ACCOUNT_COLUMNS: &str = "id, name, email, role, status, email_verified_at, banned_until, created_at";

impl Store {
    /// The credentials of the account with this (lowercase) email or name.
    pub async fn find_credentials(&self, email_or_name: &str) -> Result<Option<Credentials>> {
        let row = on_db!(self, |pool| {
            sqlx::query_as("SELECT id, name, password_hash, status FROM users WHERE email = $1 OR name = $1")
                .bind(email_or_name)
                .fetch_optional(pool)
                .await
        })?;
        Ok(row)
    }

    pub async fn find_account(&self, user_id: &str) -> Result<Option<AccountRow>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM users WHERE id = $1");
        let row = on_db!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(user_id)
            .fetch_optional(pool)
            .await)?;
        Ok(row)
    }

    pub async fn find_account_by_email(&self, email: &str) -> Result<Option<AccountRow>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM users WHERE email = $1");
        let row = on_db!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(email)
            .fetch_optional(pool)
            .await)?;
        Ok(row)
    }

    pub async fn find_account_by_name(&self, name: &str) -> Result<Option<AccountRow>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM users WHERE name = $1");
        let row = on_db!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(name)
            .fetch_optional(pool)
            .await)?;
        Ok(row)
    }

    /// Sets a new password hash and signs the account out everywhere (its sessions go).
    pub async fn set_password_hash(&self, user_id: &str, password_hash: &str) -> Result<bool> {
        let now = Timestamp::now().millis();
        on_db!(self, |pool| in_tx!(pool, |tx| {
            let done = sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
                .bind(user_id)
                .bind(password_hash)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            Ok(done == 1)
        }))
    }

    /// Changes an account's role; false when there is no such account.
    pub async fn set_role(&self, user_id: &str, role: Role) -> Result<bool> {
        let now = Timestamp::now().millis();
        let done = on_db!(self, |pool| {
            sqlx::query("UPDATE users SET role = $2, updated_at = $3 WHERE id = $1")
                .bind(user_id)
                .bind(role.as_str())
                .bind(now)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(done == 1)
    }

    /// Disables (`disabled`) or re-enables (`active`) an account. Disabling also ends its
    /// sessions, so it is signed out at once on every node.
    pub async fn set_user_status(&self, user_id: &str, status: &str) -> Result<bool> {
        let now = Timestamp::now().millis();
        on_db!(self, |pool| in_tx!(pool, |tx| {
            let done = sqlx::query("UPDATE users SET status = $2, updated_at = $3 WHERE id = $1")
                .bind(user_id)
                .bind(status)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if status != "active" {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            }
            Ok(done == 1)
        }))
    }

    pub async fn mark_email_verified(&self, user_id: &str) -> Result<()> {
        let now = Timestamp::now().millis();
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE users SET email_verified_at = $2, updated_at = $2 WHERE id = $1 AND email_verified_at IS NULL",
            )
            .bind(user_id)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Stores a one-time token by its hash (the token itself only travels in the mail).
    /// Earlier unused tokens of the same purpose for the account stop working.
    pub async fn insert_auth_token(
        &self,
        token_hash: &str,
        user_id: &str,
        purpose: TokenPurpose,
        expires_at: i64,
    ) -> Result<()> {
        let now = Timestamp::now().millis();
        on_db!(self, |pool| in_tx!(pool, |tx| {
            sqlx::query("DELETE FROM auth_tokens WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL")
                .bind(user_id)
                .bind(purpose.as_str())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO auth_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(token_hash)
            .bind(user_id)
            .bind(purpose.as_str())
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            Ok(())
        }))
    }

    /// Spends a token: one statement marks it used only if it is unused, unexpired and of
    /// this purpose, so two clicks on one link cannot both succeed.
    pub async fn use_auth_token(&self, token_hash: &str, purpose: TokenPurpose) -> Result<TokenOutcome> {
        let now = Timestamp::now().millis();
        let row: Option<(String,)> = on_db!(self, |pool| {
            sqlx::query_as(
                "UPDATE auth_tokens SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL \
                 AND expires_at > $3 RETURNING user_id",
            )
            .bind(token_hash)
            .bind(purpose.as_str())
            .bind(now)
            .fetch_optional(pool)
            .await
        })?;
        Ok(match row {
            Some((user_id,)) => TokenOutcome::Used { user_id },
            None => TokenOutcome::Invalid,
        })
    }

    /// The account a token would log in as, without spending it: lets a form check what
    /// the reader typed against the account before the one use is spent.
    pub async fn peek_auth_token(&self, token_hash: &str, purpose: TokenPurpose) -> Result<Option<String>> {
        let now = Timestamp::now().millis();
        let row: Option<(String,)> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT user_id FROM auth_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL \
                 AND expires_at > $3",
            )
            .bind(token_hash)
            .bind(purpose.as_str())
            .bind(now)
            .fetch_optional(pool)
            .await
        })?;
        Ok(row.map(|(user_id,)| user_id))
    }

    /// How many tokens of this purpose were made for the account since `since` (bounds
    /// how much mail one address can be sent).
    pub async fn count_recent_tokens(&self, user_id: &str, purpose: TokenPurpose, since: i64) -> Result<i64> {
        let (n,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as("SELECT COUNT(*) FROM auth_tokens WHERE user_id = $1 AND purpose = $2 AND created_at >= $3")
                .bind(user_id)
                .bind(purpose.as_str())
                .bind(since)
                .fetch_one(pool)
                .await
        })?;
        Ok(n)
    }

    /// Deletes an account. Its comments first become deleted placeholders (so threads keep
    /// their shape and nothing it wrote stays readable); its votes and reactions stay
    /// counted under its voter key with the account link gone, so totals do not change.
    pub async fn delete_account(&self, user_id: &str) -> Result<bool> {
        on_db!(self, |pool| in_tx!(pool, |tx| {
            sqlx::query("UPDATE comments SET status = 'deleted', body = '', body_html = '' WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            let done =
                sqlx::query("DELETE FROM users WHERE id = $1").bind(user_id).execute(&mut *tx).await?.rows_affected();
            Ok(done == 1)
        }))
    }

    /// Every account, newest first (for `wkly user list`).
    pub async fn list_accounts(&self, limit: i64) -> Result<Vec<AccountRow>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM users ORDER BY created_at DESC, id LIMIT $1");
        let rows =
            on_db!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(limit).fetch_all(pool).await)?;
        Ok(rows)
    }
}
