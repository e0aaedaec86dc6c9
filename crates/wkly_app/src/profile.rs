//! A reader's profile, the export of everything they have on the site, and deleting it.
//!
//! What anyone sees at `/u/{name}`: the name, when they joined and their comments. What
//! only the reader sees on their own profile: their goals, the polls they voted in and
//! their answers, their reactions and their roadmap progress. Nothing here is shared with
//! anyone but the site's own database.

use serde_json::json;
use wkly_core::{Goal, Reaction, Role, Taxonomy, Timestamp};
use wkly_store::Store;

use crate::AppError;
use crate::accounts::Reader;
use crate::pages::goal_of;

#[derive(Debug, Clone)]
pub struct VoteEntry {
    pub story_slug: String,
    pub story_title: String,
    pub question: String,
    pub answer: String,
    pub at: Timestamp,
    /// False once the story was taken down (the vote is still the reader's).
    pub story_published: bool,
}

#[derive(Debug, Clone)]
pub struct ReactionEntry {
    pub story_slug: String,
    pub story_title: String,
    pub reaction: Option<Reaction>,
    pub at: Timestamp,
    pub story_published: bool,
}

/// The reader's own part of their profile.
#[derive(Debug, Clone)]
pub struct OwnProfile {
    pub email: String,
    pub email_verified: bool,
    pub goals: Vec<Goal>,
    pub votes: Vec<VoteEntry>,
    pub reactions: Vec<ReactionEntry>,
    pub roadmaps: Vec<RoadmapProgress>,
}

/// How far the reader got in one roadmap.
#[derive(Debug, Clone)]
pub struct RoadmapProgress {
    pub slug: String,
    pub title: String,
    pub done: i64,
    pub total: i64,
}

/// A comment as the profile lists it (visible comments on published stories only).
#[derive(Debug, Clone)]
pub struct CommentEntry {
    pub id: String,
    pub story_slug: String,
    pub story_title: String,
    /// Sanitised when written.
    pub body_html: String,
    pub at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct ProfilePage {
    pub name: String,
    pub role: Role,
    pub joined: Timestamp,
    /// The newest comments (public), and how many there are in all.
    pub comments: Vec<CommentEntry>,
    pub comment_count: i64,
    /// Present only when the viewer is the profile's owner.
    pub own: Option<OwnProfile>,
}

/// The profile of `name` as `viewer` may see it; `None` when there is no such reader.
pub async fn profile_page(
    store: &Store,
    taxonomy: &Taxonomy,
    name: &str,
    viewer: Option<&Reader>,
) -> Result<Option<ProfilePage>, AppError> {
    let Some(account) = store.find_account_by_name(&name.to_lowercase()).await? else {
        return Ok(None);
    };
    if account.status != "active" {
        return Ok(None);
    }
    let own = match viewer.filter(|r| r.user_id == account.id) {
        None => None,
        Some(r) => Some(OwnProfile {
            email: r.email.clone(),
            email_verified: r.email_verified,
            goals: {
                // In the site's order, with keys it no longer configures at the end.
                let chosen = store.list_user_goals(&account.id).await?;
                let mut goals: Vec<Goal> = taxonomy.goals.iter().filter(|g| chosen.contains(&g.key)).cloned().collect();
                goals.extend(chosen.iter().filter(|k| taxonomy.goal(k).is_none()).map(|k| goal_of(taxonomy, k)));
                goals
            },
            votes: store
                .list_votes_of_user(&account.id)
                .await?
                .into_iter()
                .map(|v| VoteEntry {
                    story_slug: v.story_slug,
                    story_title: v.story_title,
                    question: v.question,
                    answer: v.answer,
                    at: Timestamp(v.created_at),
                    story_published: v.story_published,
                })
                .collect(),
            reactions: store
                .list_reactions_of_user(&account.id)
                .await?
                .into_iter()
                .map(|r| ReactionEntry {
                    story_slug: r.story_slug,
                    story_title: r.story_title,
                    reaction: r.kind.parse().ok(),
                    at: Timestamp(r.created_at),
                    story_published: r.story_published,
                })
                .collect(),
            roadmaps: store
                .list_progress_of_user(&account.id)
                .await?
                .into_iter()
                .map(|p| RoadmapProgress { slug: p.slug, title: p.title, done: p.done, total: p.total })
                .collect(),
        }),
    };
    let comments = store
        .list_comments_by_user(&account.id, 20, 0)
        .await?
        .into_iter()
        .map(|c| CommentEntry {
            id: c.id,
            story_slug: c.story_slug,
            story_title: c.story_title,
            body_html: c.body_html,
            at: Timestamp(c.created_at),
        })
        .collect();
    let comment_count = store.count_comments_by_user(&account.id).await?;
    Ok(Some(ProfilePage {
        comments,
        comment_count,
        name: account.name,
        role: account.role.parse().unwrap_or(Role::Reader),
        joined: Timestamp(account.created_at),
        own,
    }))
}

/// Everything the site holds about the reader, as one JSON document they can download.
pub async fn export(store: &Store, reader: &Reader) -> Result<serde_json::Value, AppError> {
    let account = store
        .find_account(&reader.user_id)
        .await?
        .ok_or_else(|| AppError::Input("this account no longer exists".into()))?;
    let votes: Vec<_> = store
        .list_votes_of_user(&reader.user_id)
        .await?
        .into_iter()
        .map(|v| {
            json!({
                "story": v.story_slug, "story_title": v.story_title, "question": v.question,
                "answer": v.answer, "at": Timestamp(v.created_at).to_rfc3339(),
            })
        })
        .collect();
    let reactions: Vec<_> = store
        .list_reactions_of_user(&reader.user_id)
        .await?
        .into_iter()
        .map(|r| json!({ "story": r.story_slug, "story_title": r.story_title, "reaction": r.kind, "at": Timestamp(r.created_at).to_rfc3339() }))
        .collect();
    let comments: Vec<_> = store
        .list_comments_of_user_for_export(&reader.user_id)
        .await?
        .into_iter()
        .map(|c| json!({ "story": c.story_slug, "body": c.body, "status": c.status, "at": Timestamp(c.created_at).to_rfc3339(), "edited_at": c.edited_at.map(|t| Timestamp(t).to_rfc3339()) }))
        .collect();
    Ok(json!({
        "format": "wkly-account-export/1",
        "exported_at": Timestamp::now().to_rfc3339(),
        "account": {
            "name": account.name,
            "email": account.email,
            "role": account.role,
            "joined_at": Timestamp(account.created_at).to_rfc3339(),
            "email_verified_at": account.email_verified_at.map(|t| Timestamp(t).to_rfc3339()),
        },
        "goals": store.list_user_goals(&reader.user_id).await?,
        "votes": votes,
        "reactions": reactions,
        "comments": comments,
        "roadmaps": store.list_progress_of_user(&reader.user_id).await?.into_iter()
            .map(|p| json!({ "roadmap": p.slug, "title": p.title, "steps_done": p.done, "steps": p.total }))
            .collect::<Vec<_>>(),
    }))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeleteOutcome {
    Deleted,
    WrongPassword,
}

/// Deletes the reader's account after they typed their password again. Their comments
/// become "deleted" placeholders; their votes and reactions stay counted, unlinked.
pub async fn delete_account(store: &Store, reader: &Reader, password: &str) -> Result<DeleteOutcome, AppError> {
    if !crate::accounts::password_matches(store, reader, password).await? {
        return Ok(DeleteOutcome::WrongPassword);
    }
    store.delete_account(&reader.user_id).await?;
    Ok(DeleteOutcome::Deleted)
}
