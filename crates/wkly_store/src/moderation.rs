//! Reports on comments and what moderators decide about them.
//!
//! A report stays open until a moderator hides or restores its comment. Every change a
//! moderator makes — and every hold the reports trigger on their own — is written to
//! `moderation_log` in the same transaction as the change, so the log cannot miss one.
//! Who may moderate is the use cases' business; this module stores what they decide.

use wkly_core::new_id;

use crate::{Result, Store};

/// What a `moderation_log` row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModerationAction {
    Hide,
    Restore,
    /// Enough open reports held the comment; no moderator involved.
    AutoHold,
    Ban,
    Unban,
}

impl ModerationAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ModerationAction::Hide => "hide",
            ModerationAction::Restore => "restore",
            ModerationAction::AutoHold => "auto_hold",
            ModerationAction::Ban => "ban",
            ModerationAction::Unban => "unban",
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewReport {
    pub comment_id: String,
    /// `u:<user id>`: one report per reporter per comment.
    pub reporter: String,
    pub reason: String,
    pub created_at: i64,
    /// With this many open reports the comment is held for review.
    pub hold_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportOutcome {
    Reported,
    /// The report was recorded and brought the comment to `hold_at` open reports.
    ReportedAndHeld,
    AlreadyReported,
    /// Missing, or not visible (held, hidden or deleted comments cannot be reported).
    NotReportable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModerateOutcome {
    Done,
    /// The comment was already that way and had no open reports: nothing was logged.
    Unchanged,
    NotFound,
}

/// A comment waiting for a moderator, with how many open reports it has.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueueRow {
    pub id: String,
    pub story_slug: String,
    pub story_title: String,
    pub user_id: Option<String>,
    pub author: Option<String>,
    pub body: String,
    pub body_html: String,
    pub status: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub reports: i64,
    /// When it came to need a moderator: its first open report, or when it was posted.
    pub flagged_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    pub comment_id: String,
    pub reporter: String,
    pub reason: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LogRow {
    pub id: String,
    pub at: i64,
    pub moderator_id: Option<String>,
    pub moderator: Option<String>,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    pub reason: String,
}

/// Writes one `moderation_log` row inside the transaction `$tx`.
macro_rules! log_action {
    ($tx:ident, $moderator:expr, $action:expr, $kind:expr, $target:expr, $reason:expr, $at:expr) => {
        sqlx::query(
            "INSERT INTO moderation_log (id, at, moderator_id, action, target_kind, target_id, reason) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind($at)
        .bind($moderator)
        .bind($action.as_str())
        .bind($kind)
        .bind($target)
        .bind($reason)
        .execute(&mut *$tx)
        .await?
    };
}

/// The comments waiting for a moderator: held ones, and visible ones with open reports.
macro_rules! queue_where {
    () => {
        "c.status = 'held' OR (c.status = 'visible' AND EXISTS \
         (SELECT 1 FROM comment_reports r WHERE r.comment_id = c.id AND r.resolved_at IS NULL))"
    };
}

impl Store {
    /// Records a report; the report that brings a visible comment to `hold_at` open
    /// reports holds it and logs the hold. The comment's row is locked first, so
    /// concurrent reports are counted one after another and the hold is never missed.
    pub async fn insert_comment_report(&self, r: &NewReport) -> Result<ReportOutcome> {
        on_db!(self, |pool| in_tx!(pool, |tx| {
            // A no-op update takes the row lock on PostgreSQL (SQLite's write lock is
            // already ours), where a plain SELECT would not.
            let status: Option<(String,)> =
                sqlx::query_as("UPDATE comments SET status = status WHERE id = $1 RETURNING status")
                    .bind(&r.comment_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if status.is_none_or(|(s,)| s != "visible") {
                return Ok(ReportOutcome::NotReportable);
            }
            let added = sqlx::query(
                "INSERT INTO comment_reports (comment_id, reporter, reason, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (comment_id, reporter) DO NOTHING",
            )
            .bind(&r.comment_id)
            .bind(&r.reporter)
            .bind(&r.reason)
            .bind(r.created_at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if added == 0 {
                return Ok(ReportOutcome::AlreadyReported);
            }
            let (open,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM comment_reports WHERE comment_id = $1 AND resolved_at IS NULL")
                    .bind(&r.comment_id)
                    .fetch_one(&mut *tx)
                    .await?;
            if open < r.hold_at {
                return Ok(ReportOutcome::Reported);
            }
            sqlx::query("UPDATE comments SET status = 'held' WHERE id = $1")
                .bind(&r.comment_id)
                .execute(&mut *tx)
                .await?;
            log_action!(
                tx,
                None::<String>,
                ModerationAction::AutoHold,
                "comment",
                &r.comment_id,
                format!("{open} open reports"),
                r.created_at
            );
            Ok(ReportOutcome::ReportedAndHeld)
        }))
    }

    /// Hides a comment (visible or held) and closes its open reports.
    pub async fn hide_comment(&self, id: &str, moderator_id: &str, reason: &str, at: i64) -> Result<ModerateOutcome> {
        self.decide_comment(id, "hidden", &["visible", "held"], ModerationAction::Hide, moderator_id, reason, at).await
    }

    /// Makes a held or hidden comment visible again, or keeps a reported one visible; its
    /// open reports are closed either way.
    pub async fn restore_comment(
        &self,
        id: &str,
        moderator_id: &str,
        reason: &str,
        at: i64,
    ) -> Result<ModerateOutcome> {
        self.decide_comment(id, "visible", &["hidden", "held"], ModerationAction::Restore, moderator_id, reason, at)
            .await
    }

    /// Moves a comment to `to` when it is in one of `from` (two statuses at most), closes
    /// its open reports, and logs the decision when either changed anything.
    #[expect(clippy::too_many_arguments, reason = "private; both public callers read as one line")]
    async fn decide_comment(
        &self,
        id: &str,
        to: &str,
        from: &[&str; 2],
        action: ModerationAction,
        moderator_id: &str,
        reason: &str,
        at: i64,
    ) -> Result<ModerateOutcome> {
        on_db!(self, |pool| in_tx!(pool, |tx| {
            let found: Option<(String,)> =
                sqlx::query_as("UPDATE comments SET status = status WHERE id = $1 RETURNING status")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if found.is_none() {
                return Ok(ModerateOutcome::NotFound);
            }
            let moved = sqlx::query("UPDATE comments SET status = $1 WHERE id = $2 AND status IN ($3, $4)")
                .bind(to)
                .bind(id)
                .bind(from[0])
                .bind(from[1])
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let resolved = sqlx::query(
                "UPDATE comment_reports SET resolved_at = $1 WHERE comment_id = $2 AND resolved_at IS NULL",
            )
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved == 0 && resolved == 0 {
                return Ok(ModerateOutcome::Unchanged);
            }
            log_action!(tx, Some(moderator_id), action, "comment", id, reason, at);
            Ok(ModerateOutcome::Done)
        }))
    }

    /// Sets (or with `None` lifts) an account's ban and logs it. False when there is no
    /// such account.
    pub async fn set_user_ban(
        &self,
        user_id: &str,
        until: Option<i64>,
        moderator_id: &str,
        reason: &str,
        at: i64,
    ) -> Result<bool> {
        let action = if until.is_some() { ModerationAction::Ban } else { ModerationAction::Unban };
        on_db!(self, |pool| in_tx!(pool, |tx| {
            let n = sqlx::query("UPDATE users SET banned_until = $1, updated_at = $2 WHERE id = $3")
                .bind(until)
                .bind(at)
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 0 {
                return Ok(false);
            }
            log_action!(tx, Some(moderator_id), action, "user", user_id, reason, at);
            Ok(true)
        }))
    }

    /// The moderation queue, longest waiting first.
    pub async fn list_moderation_queue(&self, limit: i64, offset: i64) -> Result<Vec<QueueRow>> {
        const SQL: &str = concat!(
            "SELECT c.id, s.slug AS story_slug, s.title AS story_title, c.user_id, u.name AS author, c.body, \
             c.body_html, c.status, c.created_at, c.edited_at, \
             (SELECT COUNT(*) FROM comment_reports r WHERE r.comment_id = c.id AND r.resolved_at IS NULL) AS reports, \
             COALESCE((SELECT MIN(r.created_at) FROM comment_reports r WHERE r.comment_id = c.id AND r.resolved_at IS NULL), \
             c.created_at) AS flagged_at \
             FROM comments c JOIN stories s ON s.id = c.story_id LEFT JOIN users u ON u.id = c.user_id \
             WHERE ",
            queue_where!(),
            " ORDER BY flagged_at, c.id LIMIT $1 OFFSET $2"
        );
        let rows = on_db!(self, |pool| { sqlx::query_as(SQL).bind(limit).bind(offset).fetch_all(pool).await })?;
        Ok(rows)
    }

    pub async fn count_moderation_queue(&self) -> Result<i64> {
        const SQL: &str = concat!("SELECT COUNT(*) FROM comments c WHERE ", queue_where!());
        let (n,): (i64,) = on_db!(self, |pool| { sqlx::query_as(SQL).fetch_one(pool).await })?;
        Ok(n)
    }

    /// The open reports on one comment, oldest first.
    pub async fn list_open_reports(&self, comment_id: &str) -> Result<Vec<ReportRow>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT comment_id, reporter, reason, created_at FROM comment_reports \
                 WHERE comment_id = $1 AND resolved_at IS NULL ORDER BY created_at, reporter",
            )
            .bind(comment_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// The moderation log, newest first.
    pub async fn list_moderation_log(&self, limit: i64, offset: i64) -> Result<Vec<LogRow>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT l.id, l.at, l.moderator_id, u.name AS moderator, l.action, l.target_kind, l.target_id, l.reason \
                 FROM moderation_log l LEFT JOIN users u ON u.id = l.moderator_id \
                 ORDER BY l.at DESC, l.id DESC LIMIT $1 OFFSET $2",
            )
            .bind(limit)
            .bind(offset)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    pub async fn count_moderation_log(&self) -> Result<i64> {
        let (n,): (i64,) =
            on_db!(self, |pool| { sqlx::query_as("SELECT COUNT(*) FROM moderation_log").fetch_one(pool).await })?;
        Ok(n)
    }
}
