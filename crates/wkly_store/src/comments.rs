//! Readers' comments on a story: threaded replies stored with their sanitised HTML.
//!
//! A comment is `visible`, `held` (waiting for a moderator), `hidden` (taken down by one)
//! or `deleted` (by its author: the words are cleared, the row stays so replies keep their
//! place). The use cases decide who may do what and compute time limits; the updates here
//! carry those conditions in their `WHERE` clauses, so a racing edit or delete cannot slip
//! past a check made a moment earlier. Reports and moderators' decisions are in
//! [`crate::moderation`].

use wkly_core::new_id;

use crate::{Result, Store, StoreError};

#[derive(Debug, Clone)]
pub struct NewComment {
    pub story_id: String,
    pub parent_id: Option<String>,
    pub user_id: Option<String>,
    pub body: String,
    /// Already sanitised by the caller.
    pub body_html: String,
    pub status: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CommentRow {
    pub id: String,
    pub story_id: String,
    pub parent_id: Option<String>,
    pub user_id: Option<String>,
    pub depth: i64,
    pub body: String,
    pub body_html: String,
    pub status: String,
    /// The author's account name; `None` once the account is gone.
    pub author: Option<String>,
    pub created_at: i64,
    pub edited_at: Option<i64>,
}

/// A comment on a reader's profile, with the story it is on.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserCommentRow {
    pub id: String,
    pub story_slug: String,
    pub story_title: String,
    pub body_html: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
}

impl Store {
    /// Stores a comment; a reply's depth is its parent's plus one. A parent on another
    /// story (or none at all) is `NotFound`: use cases check first and never send one.
    pub async fn insert_comment(&self, c: &NewComment) -> Result<String> {
        let id = new_id();
        on_db!(self, |pool| in_tx!(pool, |tx| {
            let depth = match &c.parent_id {
                None => 0,
                Some(parent) => {
                    let found: Option<(i64,)> =
                        sqlx::query_as("SELECT depth FROM comments WHERE id = $1 AND story_id = $2")
                            .bind(parent)
                            .bind(&c.story_id)
                            .fetch_optional(&mut *tx)
                            .await?;
                    found.ok_or_else(|| StoreError::NotFound(format!("comment {parent}")))?.0 + 1
                }
            };
            sqlx::query(
                "INSERT INTO comments (id, story_id, parent_id, user_id, depth, body, body_html, status, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&id)
            .bind(&c.story_id)
            .bind(&c.parent_id)
            .bind(&c.user_id)
            .bind(depth)
            .bind(&c.body)
            .bind(&c.body_html)
            .bind(&c.status)
            .bind(c.created_at)
            .execute(&mut *tx)
            .await?;
            Ok(id)
        }))
    }

    /// One comment in any status, words included (for the use cases' checks).
    pub async fn find_comment(&self, id: &str) -> Result<Option<CommentRow>> {
        let row = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT c.id, c.story_id, c.parent_id, c.user_id, c.depth, c.body, c.body_html, c.status, \
                 u.name AS author, c.created_at, c.edited_at \
                 FROM comments c LEFT JOIN users u ON u.id = c.user_id WHERE c.id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await
        })?;
        Ok(row)
    }

    /// Every comment of a story, oldest first, in every status, for threading. Only a
    /// visible comment comes with its words, HTML, author and user id: the others come
    /// as bare placeholders, so a held or hidden comment's words can never reach a page
    /// through this list.
    pub async fn list_comment_thread(&self, story_id: &str) -> Result<Vec<CommentRow>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT c.id, c.story_id, c.parent_id, \
                 CASE WHEN c.status = 'visible' THEN c.user_id END AS user_id, c.depth, \
                 CASE WHEN c.status = 'visible' THEN c.body ELSE '' END AS body, \
                 CASE WHEN c.status = 'visible' THEN c.body_html ELSE '' END AS body_html, c.status, \
                 CASE WHEN c.status = 'visible' THEN u.name END AS author, c.created_at, c.edited_at \
                 FROM comments c LEFT JOIN users u ON u.id = c.user_id WHERE c.story_id = $1 \
                 ORDER BY c.created_at, c.id",
            )
            .bind(story_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// How many of a story's comments readers can read ("Comments (N)").
    pub async fn count_visible_comments(&self, story_id: &str) -> Result<i64> {
        let (n,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as("SELECT COUNT(*) FROM comments WHERE story_id = $1 AND status = 'visible'")
                .bind(story_id)
                .fetch_one(pool)
                .await
        })?;
        Ok(n)
    }

    /// Replaces a comment's words when `author_id` wrote it, it is visible, and it was
    /// posted at or after `posted_since` (the edit window). False when any of that fails.
    pub async fn update_comment_body(
        &self,
        id: &str,
        author_id: &str,
        body: &str,
        body_html: &str,
        edited_at: i64,
        posted_since: i64,
    ) -> Result<bool> {
        let n = on_db!(self, |pool| {
            sqlx::query(
                "UPDATE comments SET body = $1, body_html = $2, edited_at = $3 \
                 WHERE id = $4 AND user_id = $5 AND status = 'visible' AND created_at >= $6",
            )
            .bind(body)
            .bind(body_html)
            .bind(edited_at)
            .bind(id)
            .bind(author_id)
            .bind(posted_since)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        })?;
        Ok(n == 1)
    }

    /// Marks a visible or held comment of `author_id` deleted and clears its words; its
    /// replies stay where they are. Its open reports are closed: there is nothing left to
    /// judge. False when the comment is not theirs or not in those states.
    pub async fn mark_comment_deleted(&self, id: &str, author_id: &str, at: i64) -> Result<bool> {
        on_db!(self, |pool| in_tx!(pool, |tx| {
            let n = sqlx::query(
                "UPDATE comments SET status = 'deleted', body = '', body_html = '' \
                 WHERE id = $1 AND user_id = $2 AND status IN ('visible', 'held')",
            )
            .bind(id)
            .bind(author_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                sqlx::query(
                    "UPDATE comment_reports SET resolved_at = $1 WHERE comment_id = $2 AND resolved_at IS NULL",
                )
                .bind(at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            Ok(n == 1)
        }))
    }

    /// A reader's visible comments on published stories, newest first (their profile).
    pub async fn list_comments_by_user(&self, user_id: &str, limit: i64, offset: i64) -> Result<Vec<UserCommentRow>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT c.id, s.slug AS story_slug, s.title AS story_title, c.body_html, c.created_at, c.edited_at \
                 FROM comments c JOIN stories s ON s.id = c.story_id \
                 WHERE c.user_id = $1 AND c.status = 'visible' AND s.status = 'published' \
                 ORDER BY c.created_at DESC, c.id DESC LIMIT $2 OFFSET $3",
            )
            .bind(user_id)
            .bind(limit)
            .bind(offset)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// How many comments [`Store::list_comments_by_user`] can list in all.
    pub async fn count_comments_by_user(&self, user_id: &str) -> Result<i64> {
        let (n,): (i64,) = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT COUNT(*) FROM comments c JOIN stories s ON s.id = c.story_id \
                 WHERE c.user_id = $1 AND c.status = 'visible' AND s.status = 'published'",
            )
            .bind(user_id)
            .fetch_one(pool)
            .await
        })?;
        Ok(n)
    }

    /// Every comment an account wrote, in any state, oldest first: what the reader's
    /// data export holds (their own words, including ones a moderator hid).
    pub async fn list_comments_of_user_for_export(&self, user_id: &str) -> Result<Vec<ExportedComment>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT s.slug AS story_slug, c.body, c.status, c.created_at, c.edited_at \
                 FROM comments c JOIN stories s ON s.id = c.story_id WHERE c.user_id = $1 ORDER BY c.created_at, c.id",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }
}

/// A comment in a reader's data export.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportedComment {
    pub story_slug: String,
    pub body: String,
    pub status: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
}
