//! Stories and their parts: coverage (articles), impacts with evidence, perspectives,
//! provenance of each field, the public change log, related stories.

use sqlx::AssertSqlSafe;
use sqlx::types::Json;
use wkly_core::{Provenance, StoryField, Timestamp, new_id};

use crate::{Result, Store, StoreError};

/// One article of a story's coverage, as written by an editor or fetched from a source.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub url: String,
    pub canonical_url: String,
    pub outlet: String,
    pub title: String,
    pub byline: Option<String>,
    pub lang: Option<String>,
    pub text: String,
    pub content_hash: String,
    /// Word simhash of the text; with it, a near-identical copy under another URL is a duplicate.
    pub simhash: Option<u64>,
    pub published_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewImpact {
    pub goal: String,
    pub text: String,
    pub evidence_text: String,
    /// Index into [`NewStory::articles`] of the article holding the evidence sentence.
    pub evidence_article: usize,
}

#[derive(Debug, Clone)]
pub struct NewPerspective {
    pub speaker: String,
    pub role: String,
    pub organisation: String,
    pub quote: String,
    /// Index into [`NewStory::articles`]; `None` for a generated perspective.
    pub article: Option<usize>,
    pub generated: bool,
}

#[derive(Debug, Clone)]
pub struct NewPoll {
    pub question: String,
    pub options: Vec<String>,
    pub closes_at: Option<i64>,
}

/// A whole story as one unit of writing. Saving it again under the same slug updates it.
#[derive(Debug, Clone)]
pub struct NewStory {
    pub slug: String,
    pub status: String,
    pub title: String,
    pub summary: String,
    pub teaser: String,
    pub category: String,
    pub goal: String,
    pub sentiment: String,
    pub sentiment_score: Option<f64>,
    pub location: String,
    pub background: String,
    pub watch_next: Vec<String>,
    pub image_url: Option<String>,
    pub published_at: i64,
    pub articles: Vec<NewArticle>,
    pub impacts: Vec<NewImpact>,
    pub perspectives: Vec<NewPerspective>,
    pub poll: Option<NewPoll>,
    /// Slugs of related roadmaps, most relevant first; each must exist.
    pub roadmaps: Vec<String>,
    pub provenance: Provenance,
    /// Who wrote it, for the change log ("import: demo/stories/x.md").
    pub actor: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    Created,
    Updated,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoryCard {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub teaser: String,
    pub category: String,
    pub goal: String,
    pub sentiment: String,
    pub location: String,
    pub published_at: i64,
}

/// Published stories matching a [`StoryFilter`]: `$1` category, `$2` goal, `$3` sentiment,
/// each NULL for "any".
const PUBLISHED_MATCHING: &str = "status = 'published' AND (CAST($1 AS TEXT) IS NULL OR category = $1) \
     AND (CAST($2 AS TEXT) IS NULL OR goal = $2) AND (CAST($3 AS TEXT) IS NULL OR sentiment = $3)";

const CARD_COLUMNS: &str = "id, slug, title, teaser, category, goal, sentiment, location, published_at";

/// One item of a story's "what to watch next": a line an editor wrote, or a sentence the
/// pipeline picked from an article of the coverage (stored with that article's id, so the
/// page can name its source).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum WatchNext {
    Written(String),
    Extracted { text: String, article_id: String },
}

impl WatchNext {
    pub fn text(&self) -> &str {
        match self {
            WatchNext::Written(t) | WatchNext::Extracted { text: t, .. } => t,
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoryRow {
    pub id: String,
    pub slug: String,
    pub status: String,
    pub title: String,
    pub summary: String,
    pub teaser: String,
    pub category: String,
    pub goal: String,
    pub sentiment: String,
    pub sentiment_score: Option<f64>,
    pub location: String,
    pub background: String,
    pub watch_next: Json<Vec<WatchNext>>,
    pub image_url: Option<String>,
    pub published_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CoverageRow {
    pub article_id: String,
    pub outlet: String,
    pub title: String,
    pub url: String,
    pub text: String,
    pub published_at: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ImpactRow {
    pub id: String,
    pub goal: String,
    pub text: String,
    pub evidence_text: String,
    pub evidence_article_id: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PerspectiveRow {
    pub id: String,
    pub speaker: String,
    pub role: String,
    pub organisation: String,
    pub quote: String,
    pub generated: bool,
    pub outlet: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FieldProvenanceRow {
    pub field: String,
    pub backend: String,
    pub model: Option<String>,
    pub version: String,
    pub generated_at: i64,
    pub overridden: bool,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoryEventRow {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub field: Option<String>,
    pub detail: String,
}

/// Which published stories to list. `None` means "any".
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    pub category: Option<String>,
    pub goal: Option<String>,
    pub sentiment: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

impl Store {
    /// Writes a story and all its parts in one transaction. An existing story with the
    /// same slug is updated in place: its id, votes, reactions and comments stay; poll
    /// options keep their votes when their label is unchanged.
    pub async fn save_story(&self, s: &NewStory) -> Result<(String, SaveOutcome)> {
        let now = Timestamp::now().millis();
        on_db!(self, |pool| in_tx!(pool, |tx| {
            let existing: Option<(String,)> =
                sqlx::query_as("SELECT id FROM stories WHERE slug = $1").bind(&s.slug).fetch_optional(&mut *tx).await?;
            let (story_id, outcome) = match existing {
                Some((id,)) => (id, SaveOutcome::Updated),
                None => (new_id(), SaveOutcome::Created),
            };
            sqlx::query(
                "INSERT INTO stories (id, slug, status, title, summary, teaser, category, goal, sentiment, sentiment_score, \
                 location, background, watch_next, image_url, published_at, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) \
                 ON CONFLICT (id) DO UPDATE SET status = excluded.status, title = excluded.title, summary = excluded.summary, \
                 teaser = excluded.teaser, category = excluded.category, goal = excluded.goal, sentiment = excluded.sentiment, \
                 sentiment_score = excluded.sentiment_score, location = excluded.location, background = excluded.background, \
                 watch_next = excluded.watch_next, image_url = excluded.image_url, published_at = excluded.published_at, \
                 updated_at = excluded.updated_at",
            )
            .bind(&story_id)
            .bind(&s.slug)
            .bind(&s.status)
            .bind(&s.title)
            .bind(&s.summary)
            .bind(&s.teaser)
            .bind(&s.category)
            .bind(&s.goal)
            .bind(&s.sentiment)
            .bind(s.sentiment_score)
            .bind(&s.location)
            .bind(&s.background)
            .bind(Json(&s.watch_next))
            .bind(&s.image_url)
            .bind(s.published_at)
            .bind(now)
            .execute(&mut *tx)
            .await?;

            let mut article_ids = Vec::with_capacity(s.articles.len());
            for a in &s.articles {
                let (id,): (String,) = sqlx::query_as(
                    "INSERT INTO articles (id, url, canonical_url, outlet, title, byline, lang, text, content_hash, \
                     published_at, fetched_at, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $11) \
                     ON CONFLICT (canonical_url) DO UPDATE SET url = excluded.url, outlet = excluded.outlet, \
                     title = excluded.title, byline = excluded.byline, lang = excluded.lang, text = excluded.text, \
                     content_hash = excluded.content_hash, published_at = excluded.published_at, updated_at = excluded.updated_at \
                     RETURNING id",
                )
                .bind(new_id())
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
                .fetch_one(&mut *tx)
                .await?;
                article_ids.push(id);
            }
            sqlx::query("DELETE FROM story_articles WHERE story_id = $1").bind(&story_id).execute(&mut *tx).await?;
            for (i, id) in article_ids.iter().enumerate() {
                sqlx::query("INSERT INTO story_articles (story_id, article_id, position, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                    .bind(&story_id)
                    .bind(id)
                    .bind(i as i64)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }

            sqlx::query("DELETE FROM impacts WHERE story_id = $1").bind(&story_id).execute(&mut *tx).await?;
            for (i, imp) in s.impacts.iter().enumerate() {
                let article = article_ids.get(imp.evidence_article).ok_or_else(|| {
                    StoreError::Corrupt(format!(
                        "impact {i} names article {} of {}",
                        imp.evidence_article,
                        article_ids.len()
                    ))
                })?;
                sqlx::query(
                    "INSERT INTO impacts (id, story_id, goal, position, text, evidence_text, evidence_article_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(new_id())
                .bind(&story_id)
                .bind(&imp.goal)
                .bind(i as i64)
                .bind(&imp.text)
                .bind(&imp.evidence_text)
                .bind(article)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }

            sqlx::query("DELETE FROM perspectives WHERE story_id = $1").bind(&story_id).execute(&mut *tx).await?;
            for (i, p) in s.perspectives.iter().enumerate() {
                let article = match p.article {
                    Some(ix) => Some(article_ids.get(ix).ok_or_else(|| {
                        StoreError::Corrupt(format!("perspective {i} names article {ix} of {}", article_ids.len()))
                    })?),
                    None => None,
                };
                sqlx::query(
                    "INSERT INTO perspectives (id, story_id, position, speaker, role, organisation, quote, article_id, generated) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(new_id())
                .bind(&story_id)
                .bind(i as i64)
                .bind(&p.speaker)
                .bind(&p.role)
                .bind(&p.organisation)
                .bind(&p.quote)
                .bind(article)
                .bind(p.generated)
                .execute(&mut *tx)
                .await?;
            }

            match &s.poll {
                None => {
                    sqlx::query("DELETE FROM polls WHERE story_id = $1").bind(&story_id).execute(&mut *tx).await?;
                }
                Some(poll) => {
                    let (poll_id,): (String,) = sqlx::query_as(
                        "INSERT INTO polls (id, story_id, question, closes_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) \
                         ON CONFLICT (story_id) DO UPDATE SET question = excluded.question, closes_at = excluded.closes_at, \
                         updated_at = excluded.updated_at RETURNING id",
                    )
                    .bind(new_id())
                    .bind(&story_id)
                    .bind(&poll.question)
                    .bind(poll.closes_at)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                    let old: Vec<(String, String)> =
                        sqlx::query_as("SELECT id, label FROM poll_options WHERE poll_id = $1")
                            .bind(&poll_id)
                            .fetch_all(&mut *tx)
                            .await?;
                    for (id, label) in &old {
                        if !poll.options.contains(label) {
                            sqlx::query("DELETE FROM poll_options WHERE id = $1").bind(id).execute(&mut *tx).await?;
                        }
                    }
                    for (i, label) in poll.options.iter().enumerate() {
                        match old.iter().find(|(_, l)| l == label) {
                            Some((id, _)) => {
                                sqlx::query("UPDATE poll_options SET position = $1 WHERE id = $2")
                                    .bind(i as i64)
                                    .bind(id)
                                    .execute(&mut *tx)
                                    .await?;
                            }
                            None => {
                                sqlx::query(
                                    "INSERT INTO poll_options (id, poll_id, position, label) VALUES ($1, $2, $3, $4)",
                                )
                                .bind(new_id())
                                .bind(&poll_id)
                                .bind(i as i64)
                                .bind(label)
                                .execute(&mut *tx)
                                .await?;
                            }
                        }
                    }
                }
            }

            sqlx::query("DELETE FROM story_roadmaps WHERE story_id = $1").bind(&story_id).execute(&mut *tx).await?;
            for (i, slug) in s.roadmaps.iter().enumerate() {
                let found: Option<(String,)> = sqlx::query_as("SELECT id FROM roadmaps WHERE slug = $1")
                    .bind(slug)
                    .fetch_optional(&mut *tx)
                    .await?;
                let (roadmap_id,) = found.ok_or_else(|| StoreError::NotFound(format!("roadmap {slug:?}")))?;
                sqlx::query(
                    "INSERT INTO story_roadmaps (story_id, roadmap_id, position, reason) VALUES ($1, $2, $3, $4)",
                )
                .bind(&story_id)
                .bind(roadmap_id)
                .bind(i as i64)
                .bind("Chosen by an editor")
                .execute(&mut *tx)
                .await?;
            }

            for field in StoryField::ALL {
                let pv = &s.provenance;
                sqlx::query(
                    "INSERT INTO story_fields (story_id, field, backend, model, version, generated_at, overridden) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (story_id, field) DO UPDATE SET backend = excluded.backend, \
                     model = excluded.model, version = excluded.version, generated_at = excluded.generated_at, overridden = excluded.overridden",
                )
                .bind(&story_id)
                .bind(field.as_str())
                .bind(&pv.backend)
                .bind(&pv.model)
                .bind(&pv.version)
                .bind(pv.at.millis())
                .bind(pv.overridden)
                .execute(&mut *tx)
                .await?;
            }

            let action = match outcome {
                SaveOutcome::Created => "created",
                SaveOutcome::Updated => "updated",
            };
            sqlx::query("INSERT INTO story_events (id, story_id, at, actor, action, field, detail) VALUES ($1, $2, $3, $4, $5, NULL, $6)")
                .bind(new_id())
                .bind(&story_id)
                .bind(now)
                .bind(&s.actor)
                .bind(action)
                .bind(format!("{} {}", s.provenance.backend, s.provenance.version))
                .execute(&mut *tx)
                .await?;
            Ok((story_id, outcome))
        }))
    }

    pub async fn list_published(&self, f: &StoryFilter) -> Result<Vec<StoryCard>> {
        let sql = format!(
            "SELECT {CARD_COLUMNS} FROM stories WHERE {PUBLISHED_MATCHING} ORDER BY published_at DESC, id DESC LIMIT $4 OFFSET $5"
        );
        let rows = on_db!(self, |pool| {
            sqlx::query_as(AssertSqlSafe(sql.as_str()))
                .bind(&f.category)
                .bind(&f.goal)
                .bind(&f.sentiment)
                .bind(f.limit)
                .bind(f.offset)
                .fetch_all(pool)
                .await
        })?;
        Ok(rows)
    }

    pub async fn count_published(&self, f: &StoryFilter) -> Result<i64> {
        let sql = format!("SELECT COUNT(*) FROM stories WHERE {PUBLISHED_MATCHING}");
        let (n,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as(AssertSqlSafe(sql.as_str()))
                .bind(&f.category)
                .bind(&f.goal)
                .bind(&f.sentiment)
                .fetch_one(pool)
                .await
        })?;
        Ok(n)
    }

    /// The published story with this slug, if any.
    pub async fn find_published_story(&self, slug: &str) -> Result<Option<StoryRow>> {
        let row = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, slug, status, title, summary, teaser, category, goal, sentiment, sentiment_score, location, \
                 background, watch_next, image_url, published_at, created_at, updated_at \
                 FROM stories WHERE slug = $1 AND status = 'published'",
            )
            .bind(slug)
            .fetch_optional(pool)
            .await
        })?;
        Ok(row)
    }

    /// The story's articles, oldest first (the order of a timeline).
    pub async fn list_coverage(&self, story_id: &str) -> Result<Vec<CoverageRow>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT a.id AS article_id, a.outlet, a.title, a.url, a.text, a.published_at FROM story_articles sa \
                 JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = $1 ORDER BY a.published_at, sa.position",
            )
            .bind(story_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    pub async fn list_impacts(&self, story_id: &str) -> Result<Vec<ImpactRow>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT i.id, i.goal, i.text, i.evidence_text, i.evidence_article_id, a.outlet, a.url FROM impacts i \
                 LEFT JOIN articles a ON a.id = i.evidence_article_id WHERE i.story_id = $1 ORDER BY i.position",
            )
            .bind(story_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    pub async fn list_perspectives(&self, story_id: &str) -> Result<Vec<PerspectiveRow>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT p.id, p.speaker, p.role, p.organisation, p.quote, p.generated, a.outlet, a.url FROM perspectives p \
                 LEFT JOIN articles a ON a.id = p.article_id WHERE p.story_id = $1 ORDER BY p.position",
            )
            .bind(story_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    pub async fn list_story_fields(&self, story_id: &str) -> Result<Vec<FieldProvenanceRow>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT field, backend, model, version, generated_at, overridden FROM story_fields WHERE story_id = $1 ORDER BY field",
            )
            .bind(story_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    pub async fn list_story_events(&self, story_id: &str) -> Result<Vec<StoryEventRow>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT at, actor, action, field, detail FROM story_events WHERE story_id = $1 ORDER BY at, id",
            )
            .bind(story_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// Table sizes for the CLI summary and tests: (stories, articles, roadmaps).
    pub async fn count_content(&self) -> Result<(i64, i64, i64)> {
        let row: (i64, i64, i64) = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM stories), (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM roadmaps)",
            )
            .fetch_one(pool)
            .await
        })?;
        Ok(row)
    }
}
