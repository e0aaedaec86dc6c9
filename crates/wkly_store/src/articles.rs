//! Articles as they arrive from sources, stored once: the same canonical URL updates the
//! article in place, and the same text under another URL is recognised as a duplicate.
//! Also the raw bytes of each fetch, kept until processed.

use wkly_core::{Timestamp, new_id};

use wkly_core::fingerprint::{near_duplicate, simhash_bands};

use crate::stories::NewArticle;
use crate::{Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArticleOutcome {
    New(String),
    /// Same canonical URL, changed title or text: updated in place.
    Updated(String),
    Unchanged(String),
    /// Identical text already stored under another URL; nothing written.
    Duplicate {
        of: String,
    },
}

#[derive(Debug, Clone)]
pub struct NewFetch {
    pub source_id: String,
    pub url: String,
    pub status: i64,
    pub content_type: Option<String>,
    pub content_hash: String,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchInsert {
    New(String),
    /// These exact bytes from this URL were stored before.
    Seen(String),
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FetchRow {
    pub id: String,
    pub source_id: String,
    pub url: String,
    pub content_type: Option<String>,
    pub body: Option<Vec<u8>>,
    pub processed_at: Option<i64>,
    pub error: Option<String>,
}

/// Replaces an article's simhash bands (the near-duplicate index) inside a transaction.
macro_rules! write_bands {
    ($tx:ident, $id:expr, $simhash:expr) => {
        sqlx::query("DELETE FROM article_bands WHERE article_id = $1").bind($id).execute(&mut *$tx).await?;
        if let Some(h) = $simhash {
            let b = simhash_bands(h);
            sqlx::query(
                "INSERT INTO article_bands (article_id, band, value) VALUES ($1, $2, $3), ($1, $4, $5), ($1, $6, $7), ($1, $8, $9)",
            )
            .bind($id)
            .bind(b[0].0)
            .bind(b[0].1)
            .bind(b[1].0)
            .bind(b[1].1)
            .bind(b[2].0)
            .bind(b[2].1)
            .bind(b[3].0)
            .bind(b[3].1)
            .execute(&mut *$tx)
            .await?;
        }
    };
}

impl Store {
    /// Stores an article from a source (see [`ArticleOutcome`]). Safe under concurrency:
    /// the unique canonical URL decides between two workers racing on one article.
    pub async fn save_article(&self, source_id: Option<&str>, a: &NewArticle) -> Result<ArticleOutcome> {
        self.save_article_checked(source_id, a, &|_, _| true).await
    }

    /// [`Store::save_article`], where a text whose simhash is near a stored one counts as a
    /// copy only when `same_article(new text, stored text)` agrees: templated articles (one
    /// explainer per city) are near in words yet different articles.
    pub async fn save_article_checked(
        &self,
        source_id: Option<&str>,
        a: &NewArticle,
        same_article: &(dyn Fn(&str, &str) -> bool + Sync),
    ) -> Result<ArticleOutcome> {
        let now = Timestamp::now().millis();
        on_db!(self, |pool| in_tx!(pool, |tx| {
            let same_url: Option<(String, String, String)> =
                sqlx::query_as("SELECT id, title, content_hash FROM articles WHERE canonical_url = $1")
                    .bind(&a.canonical_url)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some((id, title, hash)) = same_url {
                if title == a.title && hash == a.content_hash {
                    return Ok(ArticleOutcome::Unchanged(id));
                }
                sqlx::query(
                    "UPDATE articles SET url = $2, title = $3, byline = $4, lang = $5, text = $6, content_hash = $7, \
                     published_at = COALESCE($8, published_at), updated_at = $9, simhash = $10 WHERE id = $1",
                )
                .bind(&id)
                .bind(&a.url)
                .bind(&a.title)
                .bind(&a.byline)
                .bind(&a.lang)
                .bind(&a.text)
                .bind(&a.content_hash)
                .bind(a.published_at)
                .bind(now)
                .bind(a.simhash.map(|h| h as i64))
                .execute(&mut *tx)
                .await?;
                write_bands!(tx, &id, a.simhash);
                return Ok(ArticleOutcome::Updated(id));
            }
            let same_text: Option<(String,)> =
                sqlx::query_as("SELECT id FROM articles WHERE content_hash = $1 LIMIT 1")
                    .bind(&a.content_hash)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some((of,)) = same_text {
                return Ok(ArticleOutcome::Duplicate { of });
            }
            if let Some(h) = a.simhash {
                let b = simhash_bands(h);
                let near: Vec<(String, i64, String)> = sqlx::query_as(
                    "SELECT DISTINCT a.id, a.simhash, a.text FROM article_bands b JOIN articles a ON a.id = b.article_id \
                     WHERE a.simhash IS NOT NULL AND ((b.band = $1 AND b.value = $2) OR (b.band = $3 AND b.value = $4) \
                     OR (b.band = $5 AND b.value = $6) OR (b.band = $7 AND b.value = $8)) ORDER BY a.id",
                )
                .bind(b[0].0)
                .bind(b[0].1)
                .bind(b[1].0)
                .bind(b[1].1)
                .bind(b[2].0)
                .bind(b[2].1)
                .bind(b[3].0)
                .bind(b[3].1)
                .fetch_all(&mut *tx)
                .await?;
                let copy_of = near
                    .into_iter()
                    .find(|(_, other, text)| near_duplicate(*other as u64, h) && same_article(&a.text, text));
                if let Some((of, _, _)) = copy_of {
                    return Ok(ArticleOutcome::Duplicate { of });
                }
            }
            let id = new_id();
            let inserted = sqlx::query(
                "INSERT INTO articles (id, source_id, url, canonical_url, outlet, title, byline, lang, text, content_hash, \
                 published_at, fetched_at, created_at, updated_at, simhash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $12, $13) \
                 ON CONFLICT (canonical_url) DO NOTHING",
            )
            .bind(&id)
            .bind(source_id)
            .bind(&a.url)
            .bind(&a.canonical_url)
            .bind(&a.outlet)
            .bind(&a.title)
            .bind(&a.byline)
            .bind(&a.lang)
            .bind(&a.text)
            .bind(&a.content_hash)
            .bind(a.published_at)
            .bind(now)
            .bind(a.simhash.map(|h| h as i64))
            .execute(&mut *tx)
            .await?;
            if inserted.rows_affected() == 1 {
                write_bands!(tx, &id, a.simhash);
                Ok(ArticleOutcome::New(id))
            } else {
                // Another worker stored it between our check and our insert.
                let (winner,): (String,) = sqlx::query_as("SELECT id FROM articles WHERE canonical_url = $1")
                    .bind(&a.canonical_url)
                    .fetch_one(&mut *tx)
                    .await?;
                Ok(ArticleOutcome::Unchanged(winner))
            }
        }))
    }

    /// Keeps the raw bytes of a fetch until [`Store::finish_fetch`]; the same bytes from the
    /// same URL are stored once.
    pub async fn insert_fetch(&self, f: &NewFetch) -> Result<FetchInsert> {
        let id = new_id();
        let now = Timestamp::now().millis();
        on_db!(self, |pool| {
            let inserted = sqlx::query(
                "INSERT INTO fetches (id, source_id, url, fetched_at, status, content_type, content_hash, body) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (source_id, url, content_hash) DO NOTHING",
            )
            .bind(&id)
            .bind(&f.source_id)
            .bind(&f.url)
            .bind(now)
            .bind(f.status)
            .bind(&f.content_type)
            .bind(&f.content_hash)
            .bind(&f.body)
            .execute(pool)
            .await?;
            if inserted.rows_affected() == 1 {
                return Ok(FetchInsert::New(id));
            }
            let (seen,): (String,) =
                sqlx::query_as("SELECT id FROM fetches WHERE source_id = $1 AND url = $2 AND content_hash = $3")
                    .bind(&f.source_id)
                    .bind(&f.url)
                    .bind(&f.content_hash)
                    .fetch_one(pool)
                    .await?;
            Ok(FetchInsert::Seen(seen))
        })
    }

    pub async fn get_fetch(&self, id: &str) -> Result<FetchRow> {
        let row: Option<FetchRow> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, source_id, url, content_type, body, processed_at, error FROM fetches WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await
        })?;
        row.ok_or_else(|| StoreError::NotFound(format!("fetch {id}")))
    }

    /// Marks a fetch processed. Without an error its bytes are dropped (the articles hold
    /// what mattered); with one they stay for a retry or an operator's look.
    pub async fn finish_fetch(&self, id: &str, error: Option<&str>) -> Result<()> {
        let now = Timestamp::now().millis();
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE fetches SET processed_at = $2, error = $3, body = CASE WHEN CAST($3 AS TEXT) IS NULL THEN NULL ELSE body END \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(now)
            .bind(error)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Records how the last fetch of a source went and when to fetch it next.
    pub async fn record_source_fetch(&self, id: &str, outcome: &SourceFetch) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE sources SET last_fetched_at = $2, last_status = $3, last_error = $4, \
                 etag = COALESCE($5, etag), last_modified = COALESCE($6, last_modified), next_fetch_at = $7, updated_at = $2 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(outcome.at)
            .bind(outcome.status)
            .bind(&outcome.error)
            .bind(&outcome.etag)
            .bind(&outcome.last_modified)
            .bind(outcome.next_fetch_at)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Sources whose next fetch is due (never fetched, or due by `now`).
    pub async fn list_due_sources(&self, now: i64) -> Result<Vec<crate::sources::SourceRow>> {
        let sql = format!(
            "SELECT {} FROM sources WHERE next_fetch_at IS NULL OR next_fetch_at <= $1 ORDER BY next_fetch_at, name",
            crate::sources::COLUMNS
        );
        let rows =
            on_db!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(now).fetch_all(pool).await)?;
        Ok(rows)
    }

    /// How many articles a source has given us.
    pub async fn count_source_articles(&self, source_id: &str) -> Result<i64> {
        let (n,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as("SELECT COUNT(*) FROM articles WHERE source_id = $1").bind(source_id).fetch_one(pool).await
        })?;
        Ok(n)
    }
}

/// The result of one fetch of a source, for [`Store::record_source_fetch`].
#[derive(Debug, Clone, Default)]
pub struct SourceFetch {
    pub at: i64,
    pub status: Option<i64>,
    /// In plain words; `None` when the fetch worked.
    pub error: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub next_fetch_at: i64,
}
