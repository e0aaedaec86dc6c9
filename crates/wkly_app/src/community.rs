//! What readers do on a story: vote in its poll and react to it.
//!
//! A voter is either an account (`u:<user id>`, counted in the reader's profile) or a
//! signed-out browser (`b:<token>`, one vote per browser, moved into the account when the
//! browser signs in). The store's primary keys make "one vote per poll" and "one reaction
//! per story" hold under any concurrency; these use cases add the rules around them: the
//! story must be published, the poll open, the option and reaction real.

use std::collections::HashMap;

use wkly_core::{Reaction, Timestamp};
use wkly_store::Store;
use wkly_store::community::{ReactionOutcome, VoteOutcome};

use crate::AppError;
use crate::pages::{PollView, ReactionView, poll_view};

/// Who is acting: an account or a signed-out browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Voter {
    Account { user_id: String },
    Browser { token: String },
}

impl Voter {
    /// The key stored with votes and reactions.
    pub fn key(&self) -> String {
        match self {
            Voter::Account { user_id } => format!("u:{user_id}"),
            Voter::Browser { token } => format!("b:{token}"),
        }
    }

    fn user_id(&self) -> Option<&str> {
        match self {
            Voter::Account { user_id } => Some(user_id),
            Voter::Browser { .. } => None,
        }
    }
}

/// What happened to a vote, in words the page can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteResult {
    Counted,
    AlreadyVoted,
    Closed,
    UnknownOption,
    NoPoll,
}

/// The outcome of a vote with the poll as it stands afterwards (for in-place updates).
#[derive(Debug, Clone)]
pub struct VoteReport {
    pub result: VoteResult,
    pub poll: Option<PollView>,
    pub chosen: Option<String>,
}

/// Casts a vote in the poll of the published story `slug`, with the poll as it stands
/// afterwards. `None` when there is no such story.
pub async fn vote(store: &Store, slug: &str, option_id: &str, voter: &Voter) -> Result<Option<VoteReport>, AppError> {
    let Some((story_id, result)) = cast_vote(store, slug, option_id, voter).await? else {
        return Ok(None);
    };
    if result == VoteResult::NoPoll {
        return Ok(Some(VoteReport { result, poll: None, chosen: None }));
    }
    let (poll, chosen) = poll_state(store, &story_id, voter).await?;
    Ok(Some(VoteReport { result, poll, chosen }))
}

/// A story's poll with its results, and the option this voter chose.
pub async fn poll_state(
    store: &Store,
    story_id: &str,
    voter: &Voter,
) -> Result<(Option<PollView>, Option<String>), AppError> {
    let chosen = match store.find_poll(story_id).await? {
        Some(poll) => store.find_vote(&poll.id, &voter.key()).await?,
        None => None,
    };
    Ok((poll_view(store, story_id).await?, chosen))
}

/// Casts the vote only (what a plain form post needs before its redirect): the story's id
/// and what happened. `None` when there is no such story.
pub async fn cast_vote(
    store: &Store,
    slug: &str,
    option_id: &str,
    voter: &Voter,
) -> Result<Option<(String, VoteResult)>, AppError> {
    let Some(story) = store.find_published_story(slug).await? else {
        return Ok(None);
    };
    let Some(poll) = store.find_poll(&story.id).await? else {
        return Ok(Some((story.id, VoteResult::NoPoll)));
    };
    let result = if poll.closes_at.is_some_and(|t| t <= Timestamp::now().millis()) {
        VoteResult::Closed
    } else {
        match store.cast_vote(&poll.id, option_id, &voter.key(), voter.user_id()).await? {
            VoteOutcome::Counted => VoteResult::Counted,
            VoteOutcome::AlreadyVoted => VoteResult::AlreadyVoted,
            VoteOutcome::UnknownOption => VoteResult::UnknownOption,
        }
    };
    Ok(Some((story.id, result)))
}

/// The outcome of a reaction click with the counts afterwards.
#[derive(Debug, Clone)]
pub struct ReactReport {
    /// `None` when the reaction kind is not one of the site's.
    pub outcome: Option<ReactionOutcome>,
    pub reactions: Vec<ReactionView>,
    pub mine: Option<Reaction>,
}

/// Toggles the reader's reaction on the published story `slug`: the same reaction again
/// removes it, another one replaces it. Returns the counts afterwards; `None` when there is
/// no such story.
pub async fn react(store: &Store, slug: &str, kind: &str, voter: &Voter) -> Result<Option<ReactReport>, AppError> {
    let Some((story_id, outcome)) = toggle_reaction(store, slug, kind, voter).await? else {
        return Ok(None);
    };
    let (reactions, mine) = reaction_state(store, &story_id, voter).await?;
    Ok(Some(ReactReport { outcome, reactions, mine }))
}

/// A story's reactions with their counts, and the one this voter left.
pub async fn reaction_state(
    store: &Store,
    story_id: &str,
    voter: &Voter,
) -> Result<(Vec<ReactionView>, Option<Reaction>), AppError> {
    let mine = store.find_reaction(story_id, &voter.key()).await?.and_then(|k| k.parse().ok());
    Ok((reaction_views(store, story_id).await?, mine))
}

/// The toggle only: the story's id and what happened (`None` for a kind the site does not
/// offer). `None` when there is no such story.
pub async fn toggle_reaction(
    store: &Store,
    slug: &str,
    kind: &str,
    voter: &Voter,
) -> Result<Option<(String, Option<ReactionOutcome>)>, AppError> {
    let Some(story) = store.find_published_story(slug).await? else {
        return Ok(None);
    };
    let outcome = match kind.parse::<Reaction>() {
        Ok(r) => Some(store.toggle_reaction(&story.id, &voter.key(), r.as_str(), voter.user_id()).await?),
        Err(_) => None,
    };
    Ok(Some((story.id, outcome)))
}

/// Every reaction with its count, in the site's fixed order.
pub async fn reaction_views(store: &Store, story_id: &str) -> Result<Vec<ReactionView>, AppError> {
    let counts: HashMap<String, i64> = store.reaction_counts(story_id).await?.into_iter().collect();
    Ok(Reaction::ALL
        .iter()
        .map(|r| ReactionView { reaction: *r, count: counts.get(r.as_str()).copied().unwrap_or(0) })
        .collect())
}

/// What one reader did on one story: the option they chose and the reaction they left.
#[derive(Debug, Clone, Default)]
pub struct ReaderMarks {
    pub vote: Option<String>,
    pub reaction: Option<Reaction>,
}

pub async fn reader_marks(store: &Store, story_id: &str, voter: &Voter) -> Result<ReaderMarks, AppError> {
    let key = voter.key();
    let vote = match store.find_poll(story_id).await? {
        Some(poll) => store.find_vote(&poll.id, &key).await?,
        None => None,
    };
    let reaction = store.find_reaction(story_id, &key).await?.and_then(|k| k.parse().ok());
    Ok(ReaderMarks { vote, reaction })
}
