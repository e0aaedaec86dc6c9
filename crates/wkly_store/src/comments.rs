//! Readers' comments on a story: threaded replies stored with their sanitised HTML.

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
    pub parent_id: Option<String>,
    pub depth: i64,
    pub body: String,
    pub body_html: String,
    pub status: String,
    pub author: Option<String>,
    pub created_at: i64,
    pub edited_at: Option<i64>,
}

impl Store {
    /// Stores a comment; a reply's depth is its parent's plus one.
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

    /// A story's comments that readers may see (visible, or deleted placeholders), oldest first.
    pub async fn list_comments(&self, story_id: &str) -> Result<Vec<CommentRow>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT c.id, c.parent_id, c.depth, c.body, c.body_html, c.status, u.name AS author, c.created_at, c.edited_at \
                 FROM comments c LEFT JOIN users u ON u.id = c.user_id WHERE c.story_id = $1 AND c.status IN ('visible', 'deleted') \
                 ORDER BY c.created_at, c.id",
            )
            .bind(story_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }
}
