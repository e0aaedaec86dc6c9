//! What editors and admins do about comments and the readers who write them: the queue of
//! held and reported comments, hide, restore, ban for a time, lift a ban, and the log.
//!
//! Only editors and admins moderate ([`CommentAuthor::is_moderator`]). A moderator may ban
//! only accounts of a lower role than their own (an editor bans readers, an admin also
//! editors), never themselves. Every change is logged by the store in the same
//! transaction; a request that changes nothing (hiding a hidden comment) logs nothing and
//! says [`Decision::Unchanged`].

use wkly_core::{CommentStatus, Role, Timestamp};
use wkly_store::moderation::{ModerateOutcome, ModerationAction};
use wkly_store::{Store, StoreError};

use crate::comments::{CommentAuthor, CommentError, checked_reason};
use crate::pages::PAGE_SIZE;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Done,
    /// It was already so: nothing changed and nothing was logged.
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportView {
    pub reason: String,
    pub at: Timestamp,
}

/// A comment waiting for a moderator.
#[derive(Debug, Clone)]
pub struct QueueItem {
    pub id: String,
    pub story_slug: String,
    pub story_title: String,
    pub author_id: Option<String>,
    /// The author's name, or "Former reader" when the account is gone.
    pub author: String,
    /// What the author typed (markdown as text), for the moderator to judge.
    pub body: String,
    /// Sanitised at write time, like on the story page.
    pub body_html: String,
    /// `Held` (enough reports, waiting) or `Visible` (reported, still shown).
    pub status: CommentStatus,
    pub created_at: Timestamp,
    pub edited: bool,
    /// When it started waiting: its first open report, or when it was posted.
    pub flagged_at: Timestamp,
    /// The open reports, oldest first.
    pub reports: Vec<ReportView>,
}

#[derive(Debug, Clone)]
pub struct QueuePage {
    pub items: Vec<QueueItem>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

#[derive(Debug, Clone)]
pub struct LogEntry {
    pub at: Timestamp,
    /// The moderator's name; "automatic" for holds the reports triggered.
    pub moderator: String,
    /// `hide`, `restore`, `auto_hold`, `ban` or `unban`.
    pub action: String,
    /// `comment` or `user`.
    pub target_kind: String,
    pub target_id: String,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct LogPage {
    pub entries: Vec<LogEntry>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

fn require_moderator(actor: &CommentAuthor) -> Result<(), CommentError> {
    if actor.is_moderator() { Ok(()) } else { Err(CommentError::NotAllowed) }
}

fn decision(outcome: ModerateOutcome) -> Result<Decision, CommentError> {
    match outcome {
        ModerateOutcome::Done => Ok(Decision::Done),
        ModerateOutcome::Unchanged => Ok(Decision::Unchanged),
        ModerateOutcome::NotFound => Err(CommentError::NotFound),
    }
}

fn pages(total: i64) -> i64 {
    ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)
}

/// Takes a visible or held comment off the page; its open reports are closed.
pub async fn hide_comment(
    store: &Store,
    moderator: &CommentAuthor,
    comment_id: &str,
    reason: &str,
    now: Timestamp,
) -> Result<Decision, CommentError> {
    require_moderator(moderator)?;
    let reason = checked_reason(reason, false)?;
    decision(store.hide_comment(comment_id, &moderator.user_id, &reason, now.millis()).await?)
}

/// Puts a held or hidden comment back, or keeps a reported one up; its open reports are
/// closed either way (the same readers cannot report it again).
pub async fn restore_comment(
    store: &Store,
    moderator: &CommentAuthor,
    comment_id: &str,
    reason: &str,
    now: Timestamp,
) -> Result<Decision, CommentError> {
    require_moderator(moderator)?;
    let reason = checked_reason(reason, false)?;
    decision(store.restore_comment(comment_id, &moderator.user_id, &reason, now.millis()).await?)
}

/// Stops an account from posting, editing and reporting until `until`. A later ban
/// replaces an earlier one.
pub async fn ban_user(
    store: &Store,
    moderator: &CommentAuthor,
    user_id: &str,
    until: Timestamp,
    reason: &str,
    now: Timestamp,
) -> Result<Decision, CommentError> {
    require_moderator(moderator)?;
    let reason = checked_reason(reason, true)?;
    if until <= now {
        return Err(CommentError::BanNotInFuture);
    }
    check_target(store, moderator, user_id).await?;
    if store.set_user_ban(user_id, Some(until.millis()), &moderator.user_id, &reason, now.millis()).await? {
        Ok(Decision::Done)
    } else {
        Err(CommentError::UserNotFound)
    }
}

/// Ends a ban in force now; `Unchanged` when there is none.
pub async fn unban_user(
    store: &Store,
    moderator: &CommentAuthor,
    user_id: &str,
    reason: &str,
    now: Timestamp,
) -> Result<Decision, CommentError> {
    require_moderator(moderator)?;
    let reason = checked_reason(reason, false)?;
    let banned_until = check_target(store, moderator, user_id).await?;
    if banned_until.is_none_or(|until| until <= now.millis()) {
        return Ok(Decision::Unchanged);
    }
    if store.set_user_ban(user_id, None, &moderator.user_id, &reason, now.millis()).await? {
        Ok(Decision::Done)
    } else {
        Err(CommentError::UserNotFound)
    }
}

/// The account exists and ranks below the moderator; returns its current ban.
async fn check_target(store: &Store, moderator: &CommentAuthor, user_id: &str) -> Result<Option<i64>, CommentError> {
    let target = store.find_account(user_id).await?.ok_or(CommentError::UserNotFound)?;
    let role: Role = target.role.parse().map_err(|e| StoreError::Corrupt(format!("user {user_id}: {e}")))?;
    if target.id == moderator.user_id || role >= moderator.role {
        return Err(CommentError::NotAllowed);
    }
    Ok(target.banned_until)
}

/// Held and reported comments, longest waiting first, [`PAGE_SIZE`] a page (from 1).
pub async fn moderation_queue(store: &Store, moderator: &CommentAuthor, page: i64) -> Result<QueuePage, CommentError> {
    require_moderator(moderator)?;
    let page = page.max(1);
    let total = store.count_moderation_queue().await?;
    let rows = store.list_moderation_queue(PAGE_SIZE, (page - 1).saturating_mul(PAGE_SIZE)).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let reports = store
            .list_open_reports(&row.id)
            .await?
            .into_iter()
            .map(|r| ReportView { reason: r.reason, at: Timestamp(r.created_at) })
            .collect();
        let status = row.status.parse().map_err(|e| StoreError::Corrupt(format!("comment {}: {e}", row.id)))?;
        items.push(QueueItem {
            author: row.author.unwrap_or_else(|| "Former reader".into()),
            author_id: row.user_id,
            story_slug: row.story_slug,
            story_title: row.story_title,
            body: row.body,
            body_html: row.body_html,
            status,
            created_at: Timestamp(row.created_at),
            edited: row.edited_at.is_some(),
            flagged_at: Timestamp(row.flagged_at),
            reports,
            id: row.id,
        });
    }
    Ok(QueuePage { items, total, page, pages: pages(total) })
}

/// Every moderation action, newest first, [`PAGE_SIZE`] a page (from 1).
pub async fn moderation_log(store: &Store, moderator: &CommentAuthor, page: i64) -> Result<LogPage, CommentError> {
    require_moderator(moderator)?;
    let page = page.max(1);
    let total = store.count_moderation_log().await?;
    let entries = store
        .list_moderation_log(PAGE_SIZE, (page - 1).saturating_mul(PAGE_SIZE))
        .await?
        .into_iter()
        .map(|row| LogEntry {
            at: Timestamp(row.at),
            moderator: match row.moderator {
                _ if row.action == ModerationAction::AutoHold.as_str() => "automatic".into(),
                Some(name) => name,
                None => "Former moderator".into(),
            },
            action: row.action,
            target_kind: row.target_kind,
            target_id: row.target_id,
            reason: row.reason,
        })
        .collect();
    Ok(LogPage { entries, total, page, pages: pages(total) })
}
