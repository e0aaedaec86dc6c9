//! Stories made from articles: the index a new article is matched against, creating a
//! story for an article or attaching it to one, and writing what enrichment found while
//! leaving every field an editor owns alone.
//!
//! Matching itself (which candidate is the same event) is decided by the caller; this
//! module only stores and finds.

use std::collections::HashSet;

use sqlx::AssertSqlSafe;
use sqlx::types::Json;

use wkly_core::{Provenance, StoryField, Timestamp, new_id};

use crate::stories::WatchNext;
use crate::{Result, Store, StoreError};

/// Index keys written per statement (well under both backends' parameter limits).
const KEYS_PER_INSERT: usize = 200;

/// An article as clustering and enrichment need it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClusterArticle {
    pub id: String,
    pub source_id: Option<String>,
    pub outlet: String,
    pub url: String,
    pub title: String,
    pub text: String,
    /// When it was published, or fetched when the source gave no date.
    pub published_at: i64,
    pub features: Option<String>,
    /// The story it belongs to, once clustered.
    pub story_id: Option<String>,
    /// The review policy of its source (`auto` or `hold`); `None` for editor-written articles.
    pub review_policy: Option<String>,
}

const CLUSTER_ARTICLE: &str = "SELECT a.id, a.source_id, a.outlet, a.url, a.title, a.text, \
     COALESCE(a.published_at, a.fetched_at) AS published_at, a.features, sa.story_id, s.review_policy \
     FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id LEFT JOIN sources s ON s.id = a.source_id";

/// An article already in a story that shares index keys with the article being placed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Candidate {
    pub article_id: String,
    pub story_id: String,
    pub features: Option<String>,
    /// How many index keys it shares.
    pub shared: i64,
}

/// A story's first draft, made from its first article until enrichment fills it in.
#[derive(Debug, Clone)]
pub struct NewDraftStory {
    pub slug: String,
    pub title: String,
    pub teaser: String,
    pub published_at: i64,
}

/// What clustering stores about an article so later articles can find it.
#[derive(Debug, Clone)]
pub struct ArticleIndex {
    pub features_json: String,
    pub keys: Vec<String>,
    pub published_at: i64,
}

/// Where clustering decided an article goes.
#[derive(Debug, Clone)]
pub enum Placement {
    Attach { story_id: String },
    Create(NewDraftStory),
}

/// Where the article ended up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    Attached(String),
    Created(String),
    /// It was in a story already and stays there.
    AlreadyPlaced(String),
    /// No placement was asked for and it is in no story.
    Unplaced,
}

/// Fields enrichment writes. Each is skipped when an editor owns it.
#[derive(Debug, Clone)]
pub struct StoryEnrichment {
    pub title: String,
    pub summary: String,
    pub teaser: String,
    pub category: String,
    pub goal: String,
    pub sentiment: String,
    pub sentiment_score: f64,
    pub location: String,
    /// Attributed quotes: (speaker, role, organisation, quote, article id).
    pub perspectives: Vec<(String, String, String, String, String)>,
    /// What the story means for readers: (goal, text, evidence sentence, article id of the evidence).
    pub impacts: Vec<(String, String, String, String)>,
    /// A poll (question, options), written only when the story has none yet: a poll readers
    /// have voted on is never swapped for another.
    pub poll: Option<(String, Vec<String>)>,
    /// Roadmaps that help with the story, best first: (roadmap id, reason shown to readers).
    pub roadmaps: Vec<(String, String)>,
    /// What to watch next: sentences of the coverage, each with the article it comes from.
    pub watch_next: Vec<WatchNext>,
    /// Status once enriched, applied only to a draft: `published` or `held`.
    pub status_when_ready: String,
}

/// Counts that show whether clustering kept its promises: every article in one story.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClusterCounts {
    pub articles: i64,
    pub stories: i64,
    /// Rows of story coverage.
    pub placements: i64,
    /// Articles in no story (none once the pipeline is idle).
    pub unplaced: i64,
    /// Stories with no article (never expected).
    pub empty_stories: i64,
}

impl Store {
    pub async fn count_clusters(&self) -> Result<ClusterCounts> {
        Ok(on_db!(self, |pool| {
            sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM articles) AS articles, (SELECT COUNT(*) FROM stories) AS stories, \
             (SELECT COUNT(*) FROM story_articles) AS placements, \
             (SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.article_id = a.id)) AS unplaced, \
             (SELECT COUNT(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = s.id)) AS empty_stories"
        )
        .fetch_one(pool)
        .await
        })?)
    }

    /// Every placement as (story id, article canonical URL), by story then position.
    pub async fn list_placements(&self) -> Result<Vec<(String, String)>> {
        Ok(on_db!(self, |pool| sqlx::query_as(
            "SELECT sa.story_id, a.canonical_url FROM story_articles sa JOIN articles a ON a.id = sa.article_id \
             ORDER BY sa.story_id, sa.position"
        )
        .fetch_all(pool)
        .await)?)
    }

    pub async fn get_cluster_article(&self, id: &str) -> Result<ClusterArticle> {
        let sql = format!("{CLUSTER_ARTICLE} WHERE a.id = $1");
        let found: Option<ClusterArticle> =
            on_db!(self, |pool| sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(pool).await)?;
        found.ok_or_else(|| StoreError::NotFound(format!("article {id}")))
    }

    /// The articles of a story in the order they joined it.
    pub async fn list_story_articles(&self, story_id: &str) -> Result<Vec<ClusterArticle>> {
        let sql = format!("{CLUSTER_ARTICLE} WHERE sa.story_id = $1 ORDER BY sa.position, a.id");
        Ok(on_db!(self, |pool| sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(story_id).fetch_all(pool).await)?)
    }

    /// Stores an article's clustering features and replaces its index keys.
    pub async fn save_article_features(
        &self,
        article_id: &str,
        features_json: &str,
        keys: &[String],
        published_at: i64,
    ) -> Result<()> {
        let index = ArticleIndex { features_json: features_json.to_string(), keys: keys.to_vec(), published_at };
        self.place_article(article_id, Some(&index), None).await.map(|_| ())
    }

    /// Articles already in a story, published between `from` and `to`, sharing at least
    /// one of `keys`, most shared keys first.
    pub async fn list_cluster_candidates(
        &self,
        keys: &[String],
        from: i64,
        to: i64,
        exclude_article: &str,
        limit: i64,
    ) -> Result<Vec<Candidate>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (0..keys.len()).map(|i| format!("${}", i + 5)).collect();
        // Count shared keys on the narrow index alone, then fetch the few winners' features:
        // grouping by the features themselves would carry every candidate's JSON through a sort.
        let sql = format!(
            "SELECT c.article_id, sa.story_id, a.features, c.shared FROM \
             (SELECT article_id, COUNT(*) AS shared FROM article_keys \
              WHERE published_at BETWEEN $1 AND $2 AND article_id <> $3 AND key IN ({}) \
              GROUP BY article_id ORDER BY shared DESC, article_id LIMIT $4) c \
             JOIN story_articles sa ON sa.article_id = c.article_id JOIN articles a ON a.id = c.article_id \
             ORDER BY c.shared DESC, c.article_id",
            placeholders.join(", ")
        );
        on_db!(self, |pool| {
            // Only numbered placeholders are formatted in; the keys are bound.
            let mut q =
                sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(from).bind(to).bind(exclude_article).bind(limit);
            for key in keys {
                q = q.bind(key);
            }
            Ok(q.fetch_all(pool).await?)
        })
    }

    /// Creates a draft story holding one article. Returns `None` when the article joined a
    /// story meanwhile (a repeated job after a crash), so no second story is made.
    pub async fn create_story_for_article(&self, draft: &NewDraftStory, article_id: &str) -> Result<Option<String>> {
        Ok(match self.place_article(article_id, None, Some(&Placement::Create(draft.clone()))).await? {
            Placed::Created(id) => Some(id),
            Placed::Attached(_) | Placed::AlreadyPlaced(_) | Placed::Unplaced => None,
        })
    }

    /// Adds an article to a story's coverage. Returns false when the article is already
    /// in a story (this one or another), which leaves it where it is.
    pub async fn attach_article(&self, story_id: &str, article_id: &str) -> Result<bool> {
        let placement = Placement::Attach { story_id: story_id.to_string() };
        Ok(matches!(self.place_article(article_id, None, Some(&placement)).await?, Placed::Attached(_)))
    }

    /// In one transaction: stores the article's clustering features and index keys (when
    /// given), then places it as decided (when given), unless it is in a story already (a
    /// repeated job after a crash), where it stays.
    pub async fn place_article(
        &self,
        article_id: &str,
        index: Option<&ArticleIndex>,
        placement: Option<&Placement>,
    ) -> Result<Placed> {
        let now = Timestamp::now().millis();
        on_db!(self, |pool| in_tx!(pool, |tx| {
            if let Some(ix) = index {
                sqlx::query("UPDATE articles SET features = $2 WHERE id = $1")
                    .bind(article_id)
                    .bind(&ix.features_json)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM article_keys WHERE article_id = $1")
                    .bind(article_id)
                    .execute(&mut *tx)
                    .await?;
                for chunk in ix.keys.chunks(KEYS_PER_INSERT) {
                    let rows: Vec<String> = (0..chunk.len()).map(|i| format!("($1, $2, ${})", i + 3)).collect();
                    let sql = format!(
                        "INSERT INTO article_keys (article_id, published_at, key) VALUES {} ON CONFLICT DO NOTHING",
                        rows.join(", ")
                    );
                    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(article_id).bind(ix.published_at);
                    for key in chunk {
                        q = q.bind(key);
                    }
                    q.execute(&mut *tx).await?;
                }
            }
            let placed: Option<(String,)> = sqlx::query_as("SELECT story_id FROM story_articles WHERE article_id = $1")
                .bind(article_id)
                .fetch_optional(&mut *tx)
                .await?;
            if let Some((story,)) = placed {
                return Ok(Placed::AlreadyPlaced(story));
            }
            let Some(placement) = placement else {
                return Ok(Placed::Unplaced);
            };
            let (story_id, position, action, outcome) = match placement {
                Placement::Attach { story_id } => {
                    let (position,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM story_articles WHERE story_id = $1")
                        .bind(story_id)
                        .fetch_one(&mut *tx)
                        .await?;
                    (story_id.clone(), position, "coverage", Placed::Attached(story_id.clone()))
                }
                Placement::Create(draft) => {
                    // Two events may share a headline: the second one's slug gets a short suffix.
                    let taken: Option<(String,)> = sqlx::query_as("SELECT id FROM stories WHERE slug = $1")
                        .bind(&draft.slug)
                        .fetch_optional(&mut *tx)
                        .await?;
                    let id = new_id();
                    let slug = match taken {
                        None => draft.slug.clone(),
                        Some(_) => format!("{}-{}", draft.slug, &id[id.len() - 6..]),
                    };
                    sqlx::query(
                        "INSERT INTO stories (id, slug, status, title, summary, teaser, category, goal, sentiment, sentiment_score, \
                         location, background, watch_next, image_url, published_at, created_at, updated_at) \
                         VALUES ($1, $2, 'draft', $3, $4, $4, '', '', 'neutral', NULL, '', '', '[]', NULL, $5, $6, $6)",
                    )
                    .bind(&id)
                    .bind(&slug)
                    .bind(&draft.title)
                    .bind(&draft.teaser)
                    .bind(draft.published_at)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    (id.clone(), 0, "created", Placed::Created(id))
                }
            };
            sqlx::query(
                "INSERT INTO story_articles (story_id, article_id, position, added_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(&story_id)
            .bind(article_id)
            .bind(position)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO story_events (id, story_id, at, actor, action, field, detail) VALUES ($1, $2, $3, 'pipeline', $4, NULL, $5)",
            )
            .bind(new_id())
            .bind(&story_id)
            .bind(now)
            .bind(action)
            .bind(format!("article {article_id}"))
            .execute(&mut *tx)
            .await?;
            Ok(outcome)
        }))
    }

    /// Folds story `from` into story `into` when one article turned out to report the
    /// events of both (the second report of an event arrived before the bridge between
    /// them). Only a story nobody has touched is folded: no field owned by an editor, no
    /// votes, reactions or comments. Returns whether it was folded.
    pub async fn merge_stories(&self, into: &str, from: &str) -> Result<bool> {
        if into == from {
            return Ok(false);
        }
        let now = Timestamp::now().millis();
        on_db!(self, |pool| in_tx!(pool, |tx| {
            let (touched,): (i64,) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM story_fields WHERE story_id = $1 AND overridden = $2) \
                 + (SELECT COUNT(*) FROM reactions WHERE story_id = $1) \
                 + (SELECT COUNT(*) FROM comments WHERE story_id = $1) \
                 + (SELECT COUNT(*) FROM votes v JOIN polls p ON p.id = v.poll_id WHERE p.story_id = $1) \
                 + 2 - (SELECT COUNT(*) FROM stories WHERE id IN ($1, $3))",
            )
            .bind(from)
            .bind(true)
            .bind(into)
            .fetch_one(&mut *tx)
            .await?;
            // Anything counted means `from` has a reader's or an editor's mark on it, or one
            // of the two stories is gone.
            if touched != 0 {
                return Ok(false);
            }
            let (offset,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM story_articles WHERE story_id = $1")
                .bind(into)
                .fetch_one(&mut *tx)
                .await?;
            let moved = sqlx::query(
                "UPDATE story_articles SET story_id = $1, position = position + $3, added_at = $4 WHERE story_id = $2",
            )
            .bind(into)
            .bind(from)
            .bind(offset)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            sqlx::query("DELETE FROM stories WHERE id = $1").bind(from).execute(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO story_events (id, story_id, at, actor, action, field, detail) VALUES ($1, $2, $3, 'pipeline', 'coverage', NULL, $4)",
            )
            .bind(new_id())
            .bind(into)
            .bind(now)
            .bind(format!("merged {moved} article(s) of a story about the same event"))
            .execute(&mut *tx)
            .await?;
            Ok(true)
        }))
    }

    /// Writes what enrichment found. Fields an editor owns (overridden) are left alone and
    /// keep their provenance; every written field records `prov`. A draft becomes
    /// `status_when_ready`; a story in any other status keeps it.
    pub async fn apply_enrichment(&self, story_id: &str, e: &StoryEnrichment, prov: &Provenance) -> Result<()> {
        let now = Timestamp::now().millis();
        on_db!(self, |pool| in_tx!(pool, |tx| {
            let owned: Vec<(String,)> =
                sqlx::query_as("SELECT field FROM story_fields WHERE story_id = $1 AND overridden = $2")
                    .bind(story_id)
                    .bind(true)
                    .fetch_all(&mut *tx)
                    .await?;
            let owned: HashSet<String> = owned.into_iter().map(|(f,)| f).collect();
            let text_fields: [(StoryField, &str, &str); 7] = [
                (StoryField::Title, "title", &e.title),
                (StoryField::Summary, "summary", &e.summary),
                (StoryField::Teaser, "teaser", &e.teaser),
                (StoryField::Category, "category", &e.category),
                (StoryField::Goal, "goal", &e.goal),
                (StoryField::Location, "location", &e.location),
                (StoryField::Sentiment, "sentiment", &e.sentiment),
            ];
            // One UPDATE for every field the pipeline still owns (column names come from
            // the fixed table above, never from input), one insert per table after it:
            // statement round trips, not SQL work, bound the pipeline's speed.
            let mut written = Vec::new();
            let mut sets = Vec::new();
            let mut values: Vec<&str> = Vec::new();
            for (field, column, value) in text_fields {
                if !owned.contains(field.as_str()) {
                    values.push(value);
                    sets.push(format!("{column} = ${}", values.len() + 4));
                    written.push(field);
                }
            }
            let score = if owned.contains(StoryField::Sentiment.as_str()) { "" } else { ", sentiment_score = $3" };
            let sql = format!(
                "UPDATE stories SET status = CASE WHEN status = 'draft' THEN $2 ELSE status END, updated_at = $4{score}{}{} \
                 WHERE id = $1",
                if sets.is_empty() { "" } else { ", " },
                sets.join(", ")
            );
            let mut q = sqlx::query(AssertSqlSafe(sql))
                .bind(story_id)
                .bind(&e.status_when_ready)
                .bind(e.sentiment_score)
                .bind(now);
            for v in values {
                q = q.bind(v);
            }
            q.execute(&mut *tx).await?;

            if !owned.contains(StoryField::Perspectives.as_str()) {
                sqlx::query("DELETE FROM perspectives WHERE story_id = $1").bind(story_id).execute(&mut *tx).await?;
                if !e.perspectives.is_empty() {
                    let rows: Vec<String> = (0..e.perspectives.len())
                        .map(|i| {
                            let b = 3 + i * 7;
                            format!(
                                "(${b}, $1, ${}, ${}, ${}, ${}, ${}, ${}, $2)",
                                b + 1,
                                b + 2,
                                b + 3,
                                b + 4,
                                b + 5,
                                b + 6
                            )
                        })
                        .collect();
                    let sql = format!(
                        "INSERT INTO perspectives (id, story_id, position, speaker, role, organisation, quote, article_id, generated) \
                         VALUES {}",
                        rows.join(", ")
                    );
                    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(story_id).bind(false);
                    for (i, (speaker, role, organisation, quote, article_id)) in e.perspectives.iter().enumerate() {
                        q = q
                            .bind(new_id())
                            .bind(i as i64)
                            .bind(speaker)
                            .bind(role)
                            .bind(organisation)
                            .bind(quote)
                            .bind(article_id);
                    }
                    q.execute(&mut *tx).await?;
                }
                written.push(StoryField::Perspectives);
            }
            if !owned.contains(StoryField::Impacts.as_str()) {
                sqlx::query("DELETE FROM impacts WHERE story_id = $1").bind(story_id).execute(&mut *tx).await?;
                for (i, (goal, text, evidence, article_id)) in e.impacts.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO impacts (id, story_id, goal, position, text, evidence_text, evidence_article_id, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(new_id())
                    .bind(story_id)
                    .bind(goal)
                    .bind(i as i64)
                    .bind(text)
                    .bind(evidence)
                    .bind(article_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                written.push(StoryField::Impacts);
            }
            if !owned.contains(StoryField::WatchNext.as_str()) {
                sqlx::query("UPDATE stories SET watch_next = $1 WHERE id = $2")
                    .bind(Json(&e.watch_next))
                    .bind(story_id)
                    .execute(&mut *tx)
                    .await?;
                written.push(StoryField::WatchNext);
            }
            if !owned.contains(StoryField::Roadmaps.as_str()) {
                sqlx::query("DELETE FROM story_roadmaps WHERE story_id = $1").bind(story_id).execute(&mut *tx).await?;
                for (i, (roadmap_id, reason)) in e.roadmaps.iter().enumerate() {
                    // A roadmap deleted since it was read is skipped, not an error.
                    sqlx::query(
                        "INSERT INTO story_roadmaps (story_id, roadmap_id, position, reason) \
                         SELECT $1, id, $3, $4 FROM roadmaps WHERE id = $2",
                    )
                    .bind(story_id)
                    .bind(roadmap_id)
                    .bind(i as i64)
                    .bind(reason)
                    .execute(&mut *tx)
                    .await?;
                }
                written.push(StoryField::Roadmaps);
            }
            if let Some((question, options)) = &e.poll
                && !owned.contains(StoryField::Poll.as_str())
            {
                let poll_id = new_id();
                let inserted = sqlx::query(
                    "INSERT INTO polls (id, story_id, question, closes_at, created_at, updated_at) VALUES ($1, $2, $3, NULL, $4, $4) \
                     ON CONFLICT (story_id) DO NOTHING",
                )
                .bind(&poll_id)
                .bind(story_id)
                .bind(question)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if inserted == 1 {
                    for (i, label) in options.iter().enumerate() {
                        sqlx::query("INSERT INTO poll_options (id, poll_id, position, label) VALUES ($1, $2, $3, $4)")
                            .bind(new_id())
                            .bind(&poll_id)
                            .bind(i as i64)
                            .bind(label)
                            .execute(&mut *tx)
                            .await?;
                    }
                    written.push(StoryField::Poll);
                }
            }
            if !written.is_empty() {
                let rows: Vec<String> =
                    (0..written.len()).map(|i| format!("($1, $2, $3, $4, $5, $6, ${})", i + 7)).collect();
                let sql = format!(
                    "INSERT INTO story_fields (story_id, backend, model, version, generated_at, overridden, field) VALUES {} \
                     ON CONFLICT (story_id, field) DO UPDATE SET backend = excluded.backend, model = excluded.model, \
                     version = excluded.version, generated_at = excluded.generated_at, overridden = excluded.overridden",
                    rows.join(", ")
                );
                let mut q = sqlx::query(AssertSqlSafe(sql))
                    .bind(story_id)
                    .bind(&prov.backend)
                    .bind(&prov.model)
                    .bind(&prov.version)
                    .bind(prov.at.millis())
                    .bind(false);
                for field in &written {
                    q = q.bind(field.as_str());
                }
                q.execute(&mut *tx).await?;
            }
            let names: Vec<&str> = written.iter().map(|f| f.as_str()).collect();
            sqlx::query(
                "INSERT INTO story_events (id, story_id, at, actor, action, field, detail) VALUES ($1, $2, $3, $4, 'enriched', NULL, $5)",
            )
            .bind(new_id())
            .bind(story_id)
            .bind(now)
            .bind(format!("{} {}", prov.backend, prov.version))
            .bind(names.join(", "))
            .execute(&mut *tx)
            .await?;
            Ok(())
        }))
    }
}
