//! Roadmaps (step-by-step guides), their steps, and links to the stories they help with.

use sqlx::AssertSqlSafe;
use wkly_core::{Timestamp, new_id};

use crate::stories::{SaveOutcome, StoryCard};
use crate::{Result, Store};

#[derive(Debug, Clone)]
pub struct NewStep {
    pub title: String,
    pub body: String,
    pub why: String,
}

#[derive(Debug, Clone)]
pub struct NewRoadmap {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub intro: String,
    pub goal: String,
    pub category: String,
    pub duration: String,
    pub steps: Vec<NewStep>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RoadmapRow {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub intro: String,
    pub goal: String,
    pub category: String,
    pub duration: String,
    pub updated_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RoadmapCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub goal: String,
    pub duration: String,
    pub steps: i64,
}

/// A roadmap linked to a story, with why.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoryRoadmap {
    #[sqlx(flatten)]
    pub card: RoadmapCard,
    /// "Because this story is about …" for a link the pipeline made; "Chosen by an editor"
    /// for one an editor's file set.
    pub reason: String,
}

/// A roadmap's whole text, as matching stories to roadmaps reads it.
#[derive(Debug, Clone)]
pub struct RoadmapText {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub goal: String,
    pub category: String,
    pub steps: Vec<StepRow>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StepRow {
    pub id: String,
    pub position: i64,
    pub title: String,
    pub body: String,
    pub why: String,
}

const CARD_SELECT: &str = "SELECT r.slug, r.title, r.summary, r.goal, r.duration, \
     (SELECT COUNT(*) FROM roadmap_steps s WHERE s.roadmap_id = r.id) AS steps FROM roadmaps r";

impl Store {
    /// Writes a roadmap. Steps are matched by position, so a reader's progress on a step
    /// survives an edit of its wording; steps beyond the new count are removed.
    pub async fn save_roadmap(&self, r: &NewRoadmap) -> Result<(String, SaveOutcome)> {
        let now = Timestamp::now().millis();
        on_db!(self, |pool| in_tx!(pool, |tx| {
            let existing: Option<(String,)> = sqlx::query_as("SELECT id FROM roadmaps WHERE slug = $1")
                .bind(&r.slug)
                .fetch_optional(&mut *tx)
                .await?;
            let (id, outcome) = match existing {
                Some((id,)) => (id, SaveOutcome::Updated),
                None => (new_id(), SaveOutcome::Created),
            };
            sqlx::query(
                "INSERT INTO roadmaps (id, slug, title, summary, intro, goal, category, duration, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT (id) DO UPDATE SET title = excluded.title, \
                 summary = excluded.summary, intro = excluded.intro, goal = excluded.goal, category = excluded.category, \
                 duration = excluded.duration, updated_at = excluded.updated_at",
            )
            .bind(&id)
            .bind(&r.slug)
            .bind(&r.title)
            .bind(&r.summary)
            .bind(&r.intro)
            .bind(&r.goal)
            .bind(&r.category)
            .bind(&r.duration)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            for (i, step) in r.steps.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO roadmap_steps (id, roadmap_id, position, title, body, why, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (roadmap_id, position) DO UPDATE SET \
                     title = excluded.title, body = excluded.body, why = excluded.why, updated_at = excluded.updated_at",
                )
                .bind(new_id())
                .bind(&id)
                .bind(i as i64)
                .bind(&step.title)
                .bind(&step.body)
                .bind(&step.why)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("DELETE FROM roadmap_steps WHERE roadmap_id = $1 AND position >= $2")
                .bind(&id)
                .bind(r.steps.len() as i64)
                .execute(&mut *tx)
                .await?;
            Ok((id, outcome))
        }))
    }

    pub async fn find_roadmap(&self, slug: &str) -> Result<Option<RoadmapRow>> {
        let row = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, slug, title, summary, intro, goal, category, duration, updated_at FROM roadmaps WHERE slug = $1",
            )
            .bind(slug)
            .fetch_optional(pool)
            .await
        })?;
        Ok(row)
    }

    pub async fn list_steps(&self, roadmap_id: &str) -> Result<Vec<StepRow>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, position, title, body, why FROM roadmap_steps WHERE roadmap_id = $1 ORDER BY position",
            )
            .bind(roadmap_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    pub async fn list_roadmaps(&self) -> Result<Vec<RoadmapCard>> {
        let sql = format!("{CARD_SELECT} ORDER BY r.goal, r.title");
        let rows = on_db!(self, |pool| sqlx::query_as(AssertSqlSafe(sql.as_str())).fetch_all(pool).await)?;
        Ok(rows)
    }

    /// Every roadmap with its steps, in slug order (two queries, however many roadmaps).
    pub async fn list_roadmap_texts(&self) -> Result<Vec<RoadmapText>> {
        type Row = (String, String, String, String, String, String);
        type Step = (String, String, i64, String, String, String);
        let (roadmaps, steps): (Vec<Row>, Vec<Step>) = on_db!(self, |pool| {
            let roadmaps =
                sqlx::query_as("SELECT id, slug, title, summary, goal, category FROM roadmaps ORDER BY slug")
                    .fetch_all(pool)
                    .await?;
            let steps = sqlx::query_as(
                "SELECT roadmap_id, id, position, title, body, why FROM roadmap_steps ORDER BY roadmap_id, position",
            )
            .fetch_all(pool)
            .await?;
            Ok::<_, sqlx::Error>((roadmaps, steps))
        })?;
        Ok(roadmaps
            .into_iter()
            .map(|(id, slug, title, summary, goal, category)| RoadmapText {
                steps: steps
                    .iter()
                    .filter(|s| s.0 == id)
                    .map(|(_, sid, position, title, body, why)| StepRow {
                        id: sid.clone(),
                        position: *position,
                        title: title.clone(),
                        body: body.clone(),
                        why: why.clone(),
                    })
                    .collect(),
                id,
                slug,
                title,
                summary,
                goal,
                category,
            })
            .collect())
    }

    /// Roadmaps linked to a story, most relevant first, each with why.
    pub async fn list_story_roadmaps(&self, story_id: &str) -> Result<Vec<StoryRoadmap>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT r.slug, r.title, r.summary, r.goal, r.duration, \
                 (SELECT COUNT(*) FROM roadmap_steps s WHERE s.roadmap_id = r.id) AS steps, sr.reason FROM roadmaps r \
                 JOIN story_roadmaps sr ON sr.roadmap_id = r.id WHERE sr.story_id = $1 ORDER BY sr.position",
            )
            .bind(story_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// Published stories that link to a roadmap, newest first.
    pub async fn list_roadmap_stories(&self, roadmap_id: &str, limit: i64) -> Result<Vec<StoryCard>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT s.id, s.slug, s.title, s.teaser, s.category, s.goal, s.sentiment, s.location, s.published_at \
                 FROM stories s JOIN story_roadmaps sr ON sr.story_id = s.id WHERE sr.roadmap_id = $1 AND s.status = 'published' \
                 ORDER BY s.published_at DESC LIMIT $2",
            )
            .bind(roadmap_id)
            .bind(limit)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// Which of these roadmap slugs exist.
    pub async fn existing_roadmap_slugs(&self) -> Result<Vec<String>> {
        let rows: Vec<(String,)> =
            on_db!(self, |pool| sqlx::query_as("SELECT slug FROM roadmaps").fetch_all(pool).await)?;
        Ok(rows.into_iter().map(|(s,)| s).collect())
    }

    /// Marks a step done for a reader (idempotent).
    pub async fn mark_step_done(&self, user_id: &str, step_id: &str) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO roadmap_progress (user_id, step_id, done_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(user_id)
            .bind(step_id)
            .bind(Timestamp::now().millis())
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Ids of the steps of a roadmap a reader has done.
    pub async fn list_done_steps(&self, user_id: &str, roadmap_id: &str) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT p.step_id FROM roadmap_progress p JOIN roadmap_steps s ON s.id = p.step_id \
                 WHERE p.user_id = $1 AND s.roadmap_id = $2 ORDER BY s.position",
            )
            .bind(user_id)
            .bind(roadmap_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows.into_iter().map(|(s,)| s).collect())
    }

    /// Takes back a step a reader had marked done.
    pub async fn unmark_step_done(&self, user_id: &str, step_id: &str) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query("DELETE FROM roadmap_progress WHERE user_id = $1 AND step_id = $2")
                .bind(user_id)
                .bind(step_id)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// The roadmaps a reader has started: steps done out of all, most recent activity first.
    pub async fn list_progress_of_user(&self, user_id: &str) -> Result<Vec<RoadmapProgressRow>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT r.slug, r.title, COUNT(p.step_id) AS done, \
                 (SELECT COUNT(*) FROM roadmap_steps t WHERE t.roadmap_id = r.id) AS total, MAX(p.done_at) AS last_done_at \
                 FROM roadmap_progress p JOIN roadmap_steps s ON s.id = p.step_id JOIN roadmaps r ON r.id = s.roadmap_id \
                 WHERE p.user_id = $1 GROUP BY r.id, r.slug, r.title ORDER BY last_done_at DESC",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }
}

/// How far a reader got in one roadmap.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RoadmapProgressRow {
    pub slug: String,
    pub title: String,
    pub done: i64,
    pub total: i64,
    pub last_done_at: i64,
}
