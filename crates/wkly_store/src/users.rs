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
            // A concurrent sign-up may win between the check and the insert.
            Ok(if inserted.rows_affected() == 1 { NewUserOutcome::Created(id) } else { NewUserOutcome::NameTaken })
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
