//! The operator's sources: feeds, single pages and local folders, with their fetch state.

use sqlx::types::Json;
use wkly_core::{Timestamp, new_id};

use crate::{Result, Store};

#[derive(Debug, Clone)]
pub struct NewSource {
    /// `feed`, `page` or `folder`.
    pub kind: String,
    pub url: String,
    pub name: String,
    pub category: Option<String>,
    /// `auto` (publish at once) or `hold` (an editor reviews first).
    pub review_policy: String,
    /// Request headers sent with every fetch of this source (an API key, a cookie).
    pub extra_headers: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddSourceOutcome {
    Added(String),
    /// A source with this URL exists already; nothing was changed.
    AlreadyExists(String),
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SourceRow {
    pub id: String,
    pub kind: String,
    pub url: String,
    pub name: String,
    pub category: Option<String>,
    pub review_policy: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_fetched_at: Option<i64>,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub next_fetch_at: Option<i64>,
    pub created_at: i64,
    /// `[[name, value], ...]`; rows written before headers existed hold `{}`.
    pub extra_headers: Json<serde_json::Value>,
}

impl SourceRow {
    /// The request headers sent with every fetch of this source.
    pub fn headers(&self) -> Vec<(String, String)> {
        serde_json::from_value(self.extra_headers.0.clone()).unwrap_or_default()
    }
}

pub(crate) const COLUMNS: &str = "id, kind, url, name, category, review_policy, etag, last_modified, last_fetched_at, \
     last_status, last_error, next_fetch_at, created_at, extra_headers";

impl Store {
    /// Adds a source; a URL already present is an outcome, and the first one stays as it was.
    pub async fn add_source(&self, s: &NewSource) -> Result<AddSourceOutcome> {
        let now = Timestamp::now().millis();
        let id = new_id();
        on_db!(self, |pool| {
            let inserted = sqlx::query(
                "INSERT INTO sources (id, kind, url, name, category, review_policy, extra_headers, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (url) DO NOTHING",
            )
            .bind(&id)
            .bind(&s.kind)
            .bind(&s.url)
            .bind(&s.name)
            .bind(&s.category)
            .bind(&s.review_policy)
            .bind(Json(&s.extra_headers))
            .bind(now)
            .execute(pool)
            .await?;
            if inserted.rows_affected() == 1 {
                return Ok(AddSourceOutcome::Added(id));
            }
            let (existing,): (String,) =
                sqlx::query_as("SELECT id FROM sources WHERE url = $1").bind(&s.url).fetch_one(pool).await?;
            Ok(AddSourceOutcome::AlreadyExists(existing))
        })
    }

    /// Every source, by name.
    pub async fn list_sources(&self) -> Result<Vec<SourceRow>> {
        let sql = format!("SELECT {COLUMNS} FROM sources ORDER BY name, url");
        let rows = on_db!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(pool).await)?;
        Ok(rows)
    }

    pub async fn find_source(&self, id: &str) -> Result<Option<SourceRow>> {
        let sql = format!("SELECT {COLUMNS} FROM sources WHERE id = $1");
        let row =
            on_db!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(pool).await)?;
        Ok(row)
    }

    /// Removes a source by id; its articles stay (they lose the link to it). Returns whether
    /// a source was removed.
    pub async fn remove_source(&self, id: &str) -> Result<bool> {
        let removed = on_db!(self, |pool| {
            sqlx::query("DELETE FROM sources WHERE id = $1").bind(id).execute(pool).await.map(|r| r.rows_affected())
        })?;
        Ok(removed > 0)
    }
}
