//! What readers do with comments: post, reply, edit, delete, report.
//!
//! The rules:
//! - A body is 1 to [`MAX_BODY_CHARS`] characters once [`comment_html::clean_text`] has
//!   trimmed it and removed control characters. It is rendered to sanitised HTML here, at
//!   write time, and that HTML is the only one a page shows unescaped.
//! - Only published stories take comments. A reply's parent must be a visible comment on
//!   the same story.
//! - Threads are at most [`MAX_DEPTH`] + 1 levels deep (depth 0 to `MAX_DEPTH`). A reply
//!   to a comment at the deepest level is not refused: it is posted beside that comment
//!   (as a reply to its parent), so it lands right after it at the same level and the
//!   conversation goes on without the page running out of width.
//! - A banned reader cannot post, edit or report until the ban ends; they may still
//!   delete their own comments.
//! - Authors may edit a visible comment for [`EDIT_WINDOW_MINUTES`] after posting and
//!   delete it (visible or held) at any time: the words go, replies keep their place.
//! - A signed-in reader may report another reader's visible comment once; the
//!   [`HOLD_AFTER_REPORTS`]th open report holds it for a moderator ([`crate::moderation`]).
//!
//! Every function takes the current time, so tests need no clock and no sleeps. The
//! caller builds [`CommentAuthor`] from the request's signed-in [`Reader`] (loaded with
//! the account on every request) or with [`load_author`]; nothing here caches a role or ban.

use wkly_core::{CommentStatus, Role, Timestamp};
use wkly_store::comments::NewComment;
use wkly_store::moderation::{NewReport, ReportOutcome as StoreReport};
use wkly_store::{Store, StoreError};

use crate::accounts::Reader;
use crate::comment_html;

pub const MAX_BODY_CHARS: usize = 5000;
/// Raw input longer than this is refused before any work is done on it.
const MAX_RAW_BYTES: usize = 64 * 1024;
/// The deepest level a comment can sit at (top-level comments are at 0).
pub const MAX_DEPTH: i64 = 4;
pub const EDIT_WINDOW_MINUTES: i64 = 15;
pub const HOLD_AFTER_REPORTS: i64 = 3;
pub const MAX_REASON_CHARS: usize = 500;

/// The signed-in person acting on comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentAuthor {
    pub user_id: String,
    pub role: Role,
    pub banned_until: Option<Timestamp>,
}

impl From<&Reader> for CommentAuthor {
    /// The signed-in reader of this request (loaded with their account, so the ban is
    /// current).
    fn from(reader: &Reader) -> Self {
        CommentAuthor {
            user_id: reader.user_id.clone(),
            role: reader.role,
            banned_until: reader.banned_until.map(Timestamp),
        }
    }
}

impl CommentAuthor {
    /// Editors and admins moderate.
    pub fn is_moderator(&self) -> bool {
        self.role >= Role::Editor
    }

    /// The end of the ban in force at `now`, if any.
    pub fn banned_at(&self, now: Timestamp) -> Option<Timestamp> {
        self.banned_until.filter(|until| *until > now)
    }

    fn refuse_if_banned(&self, now: Timestamp) -> Result<(), CommentError> {
        match self.banned_at(now) {
            Some(until) => Err(CommentError::Banned { until }),
            None => Ok(()),
        }
    }
}

/// Why a comment action did not happen, in words a reader can act on (the `Display`
/// text is meant to be shown), or a store failure (`Store`: show a generic error).
#[derive(Debug, thiserror::Error)]
pub enum CommentError {
    #[error("Write something before posting.")]
    Empty,
    #[error("A comment can be at most {max} characters long.")]
    TooLong { max: usize },
    #[error("This story is not open for comments.")]
    StoryNotFound,
    #[error("The comment you are replying to is no longer there.")]
    ParentGone,
    #[error("That comment is no longer there.")]
    NotFound,
    #[error("There is no such account.")]
    UserNotFound,
    #[error("You cannot do that.")]
    NotAllowed,
    #[error("Comments can be edited for {minutes} minutes after posting; this one can no longer be changed.")]
    EditWindowOver { minutes: i64 },
    #[error("Your account cannot post, edit or report comments until {until} (UTC).")]
    Banned { until: Timestamp },
    #[error("Give a reason of at most {max} characters.")]
    Reason { max: usize },
    #[error("A ban must end in the future.")]
    BanNotInFuture,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A stored comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posted {
    pub id: String,
    /// The comment it was stored under: the one replied to, or that one's parent when
    /// the reply would have been too deep.
    pub parent_id: Option<String>,
    pub depth: i64,
    pub status: CommentStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportOutcome {
    Reported,
    /// This report was the one that sent the comment to the moderation queue.
    ReportedAndHeld,
    /// This reader had already reported it; nothing changed.
    AlreadyReported,
}

/// The account acting, as the database has it now; `None` when there is no such
/// account or it is not active.
pub async fn load_author(store: &Store, user_id: &str) -> Result<Option<CommentAuthor>, CommentError> {
    let Some(user) = store.find_account(user_id).await? else {
        return Ok(None);
    };
    if user.status != "active" {
        return Ok(None);
    }
    let role = user.role.parse().map_err(|e| StoreError::Corrupt(format!("user {user_id}: {e}")))?;
    Ok(Some(CommentAuthor { user_id: user.id, role, banned_until: user.banned_until.map(Timestamp) }))
}

/// The body as it will be stored, or why it cannot be.
fn checked_body(raw: &str) -> Result<String, CommentError> {
    let too_long = CommentError::TooLong { max: MAX_BODY_CHARS };
    if raw.len() > MAX_RAW_BYTES {
        return Err(too_long);
    }
    let body = comment_html::clean_text(raw);
    match body.chars().count() {
        0 => Err(CommentError::Empty),
        n if n > MAX_BODY_CHARS => Err(too_long),
        _ => Ok(body),
    }
}

/// A reason for a report or a moderator's decision: trimmed, cleaned, bounded.
pub(crate) fn checked_reason(raw: &str, required: bool) -> Result<String, CommentError> {
    let refused = CommentError::Reason { max: MAX_REASON_CHARS };
    if raw.len() > MAX_RAW_BYTES {
        return Err(refused);
    }
    let reason = comment_html::clean_text(raw);
    if (required && reason.is_empty()) || reason.chars().count() > MAX_REASON_CHARS {
        return Err(refused);
    }
    Ok(reason)
}

/// Posts a comment on a published story, or a reply when `parent_id` is given.
pub async fn post_comment(
    store: &Store,
    author: &CommentAuthor,
    story_slug: &str,
    parent_id: Option<&str>,
    body: &str,
    now: Timestamp,
) -> Result<Posted, CommentError> {
    author.refuse_if_banned(now)?;
    let body = checked_body(body)?;
    let Some(story) = store.find_published_story(story_slug).await? else {
        return Err(CommentError::StoryNotFound);
    };
    let (parent_id, depth) = match parent_id {
        None => (None, 0),
        Some(id) => {
            let parent = store
                .find_comment(id)
                .await?
                .filter(|p| p.story_id == story.id && p.status == CommentStatus::Visible.as_str())
                .ok_or(CommentError::ParentGone)?;
            if parent.depth >= MAX_DEPTH {
                (parent.parent_id, parent.depth)
            } else {
                (Some(parent.id), parent.depth + 1)
            }
        }
    };
    let body_html = comment_html::render(&body);
    let status = CommentStatus::Visible;
    let id = store
        .insert_comment(&NewComment {
            story_id: story.id,
            parent_id: parent_id.clone(),
            user_id: Some(author.user_id.clone()),
            body,
            body_html,
            status: status.as_str().into(),
            created_at: now.millis(),
        })
        .await
        .map_err(|e| match e {
            // The parent went between the check and the insert.
            StoreError::NotFound(_) => CommentError::ParentGone,
            other => other.into(),
        })?;
    Ok(Posted { id, parent_id, depth, status })
}

/// Replaces the words of the author's own visible comment within the edit window.
pub async fn edit_comment(
    store: &Store,
    editor: &CommentAuthor,
    comment_id: &str,
    body: &str,
    now: Timestamp,
) -> Result<(), CommentError> {
    editor.refuse_if_banned(now)?;
    let body = checked_body(body)?;
    let comment = store.find_comment(comment_id).await?.ok_or(CommentError::NotFound)?;
    if comment.status == CommentStatus::Deleted.as_str() {
        return Err(CommentError::NotFound);
    }
    if comment.user_id.as_deref() != Some(editor.user_id.as_str()) || comment.status != CommentStatus::Visible.as_str()
    {
        return Err(CommentError::NotAllowed);
    }
    let window = EDIT_WINDOW_MINUTES * 60 * 1000;
    let posted_since = now.millis().saturating_sub(window);
    if comment.created_at < posted_since {
        return Err(CommentError::EditWindowOver { minutes: EDIT_WINDOW_MINUTES });
    }
    let body_html = comment_html::render(&body);
    if store.update_comment_body(comment_id, &editor.user_id, &body, &body_html, now.millis(), posted_since).await? {
        Ok(())
    } else {
        // A moderator held or hid it, or its author deleted it, a moment ago.
        Err(CommentError::NotAllowed)
    }
}

/// Deletes the author's own comment: its words go, its replies stay in place.
pub async fn delete_comment(
    store: &Store,
    author: &CommentAuthor,
    comment_id: &str,
    now: Timestamp,
) -> Result<(), CommentError> {
    let comment = store.find_comment(comment_id).await?.ok_or(CommentError::NotFound)?;
    if comment.status == CommentStatus::Deleted.as_str() {
        return Err(CommentError::NotFound);
    }
    if comment.user_id.as_deref() != Some(author.user_id.as_str()) || comment.status == CommentStatus::Hidden.as_str() {
        return Err(CommentError::NotAllowed);
    }
    if store.mark_comment_deleted(comment_id, &author.user_id, now.millis()).await? {
        Ok(())
    } else {
        Err(CommentError::NotAllowed)
    }
}

/// Reports another reader's visible comment, once per reporter.
pub async fn report_comment(
    store: &Store,
    reporter: &CommentAuthor,
    comment_id: &str,
    reason: &str,
    now: Timestamp,
) -> Result<ReportOutcome, CommentError> {
    reporter.refuse_if_banned(now)?;
    let reason = checked_reason(reason, true)?;
    let comment = store
        .find_comment(comment_id)
        .await?
        .filter(|c| c.status == CommentStatus::Visible.as_str())
        .ok_or(CommentError::NotFound)?;
    if comment.user_id.as_deref() == Some(reporter.user_id.as_str()) {
        return Err(CommentError::NotAllowed);
    }
    let outcome = store
        .insert_comment_report(&NewReport {
            comment_id: comment.id,
            reporter: format!("u:{}", reporter.user_id),
            reason,
            created_at: now.millis(),
            hold_at: HOLD_AFTER_REPORTS,
        })
        .await?;
    match outcome {
        StoreReport::Reported => Ok(ReportOutcome::Reported),
        StoreReport::ReportedAndHeld => Ok(ReportOutcome::ReportedAndHeld),
        StoreReport::AlreadyReported => Ok(ReportOutcome::AlreadyReported),
        StoreReport::NotReportable => Err(CommentError::NotFound),
    }
}
