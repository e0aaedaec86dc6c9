//! What readers add to a story: poll votes and reactions (comments live in [`crate::comments`]).
//!
//! A voter is a string naming one reader: `u:<user id>` for an account, `b:<token>` for a
//! signed-out browser. The primary keys make "one vote per poll" and "one reaction per
//! story" hold under any concurrency; a repeat is an outcome, not an error.

use wkly_core::Timestamp;

use crate::{Result, Store};

// Moved to `comments`; still reachable here for callers that import them from `community`.
pub use crate::comments::{CommentRow, NewComment};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PollRow {
    pub id: String,
    pub question: String,
    pub closes_at: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PollOptionResult {
    pub id: String,
    pub label: String,
    pub votes: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteOutcome {
    Counted,
    AlreadyVoted,
    UnknownOption,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReactionOutcome {
    /// The reaction is now the reader's one reaction (new, or switched from another).
    Set,
    /// The reader clicked the reaction they had: it is gone.
    Removed,
}

impl Store {
    pub async fn find_poll(&self, story_id: &str) -> Result<Option<PollRow>> {
        let row = on_db!(self, |pool| {
            sqlx::query_as("SELECT id, question, closes_at FROM polls WHERE story_id = $1")
                .bind(story_id)
                .fetch_optional(pool)
                .await
        })?;
        Ok(row)
    }

    /// Options in order with their vote counts.
    pub async fn list_poll_results(&self, poll_id: &str) -> Result<Vec<PollOptionResult>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT o.id, o.label, COUNT(v.voter) AS votes FROM poll_options o LEFT JOIN votes v ON v.option_id = o.id \
                 WHERE o.poll_id = $1 GROUP BY o.id, o.label, o.position ORDER BY o.position",
            )
            .bind(poll_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    pub async fn cast_vote(
        &self,
        poll_id: &str,
        option_id: &str,
        voter: &str,
        user_id: Option<&str>,
    ) -> Result<VoteOutcome> {
        let now = Timestamp::now().millis();
        on_db!(self, |pool| {
            let done = sqlx::query(
                "INSERT INTO votes (poll_id, voter, option_id, user_id, created_at) \
                 SELECT $1, $2, id, $4, $5 FROM poll_options WHERE id = $3 AND poll_id = $1 \
                 ON CONFLICT (poll_id, voter) DO NOTHING",
            )
            .bind(poll_id)
            .bind(voter)
            .bind(option_id)
            .bind(user_id)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())?;
            if done == 1 {
                return Ok(VoteOutcome::Counted);
            }
            let known: Option<(String,)> = sqlx::query_as("SELECT id FROM poll_options WHERE id = $1 AND poll_id = $2")
                .bind(option_id)
                .bind(poll_id)
                .fetch_optional(pool)
                .await?;
            Ok(if known.is_some() { VoteOutcome::AlreadyVoted } else { VoteOutcome::UnknownOption })
        })
    }

    /// Reaction kinds with their counts (kinds with no reactions are absent).
    pub async fn reaction_counts(&self, story_id: &str) -> Result<Vec<(String, i64)>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as("SELECT kind, COUNT(*) FROM reactions WHERE story_id = $1 GROUP BY kind")
                .bind(story_id)
                .fetch_all(pool)
                .await
        })?;
        Ok(rows)
    }

    /// Toggles a reaction: the same kind again removes it, another kind replaces it.
    /// Each branch is a single statement, so concurrent clicks never double-count.
    pub async fn toggle_reaction(
        &self,
        story_id: &str,
        voter: &str,
        kind: &str,
        user_id: Option<&str>,
    ) -> Result<ReactionOutcome> {
        let now = Timestamp::now().millis();
        on_db!(self, |pool| {
            let removed = sqlx::query("DELETE FROM reactions WHERE story_id = $1 AND voter = $2 AND kind = $3")
                .bind(story_id)
                .bind(voter)
                .bind(kind)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())?;
            if removed > 0 {
                return Ok(ReactionOutcome::Removed);
            }
            sqlx::query(
                "INSERT INTO reactions (story_id, voter, kind, user_id, created_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (story_id, voter) DO UPDATE SET kind = excluded.kind, created_at = excluded.created_at",
            )
            .bind(story_id)
            .bind(voter)
            .bind(kind)
            .bind(user_id)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())?;
            Ok(ReactionOutcome::Set)
        })
    }
}

/// A vote as the reader's profile shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VoteOfReader {
    pub story_slug: String,
    pub story_title: String,
    pub question: String,
    pub answer: String,
    pub created_at: i64,
    /// False once the story was taken down: the vote stays the reader's, without a link.
    pub story_published: bool,
}

/// A reaction as the reader's profile shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReactionOfReader {
    pub story_slug: String,
    pub story_title: String,
    pub kind: String,
    pub created_at: i64,
    /// False once the story was taken down.
    pub story_published: bool,
}

impl Store {
    /// The option this voter chose in this poll, if they voted.
    pub async fn find_vote(&self, poll_id: &str, voter: &str) -> Result<Option<String>> {
        let row: Option<(String,)> = on_db!(self, |pool| {
            sqlx::query_as("SELECT option_id FROM votes WHERE poll_id = $1 AND voter = $2")
                .bind(poll_id)
                .bind(voter)
                .fetch_optional(pool)
                .await
        })?;
        Ok(row.map(|(o,)| o))
    }

    /// The reaction this voter left on this story, if any.
    pub async fn find_reaction(&self, story_id: &str, voter: &str) -> Result<Option<String>> {
        let row: Option<(String,)> = on_db!(self, |pool| {
            sqlx::query_as("SELECT kind FROM reactions WHERE story_id = $1 AND voter = $2")
                .bind(story_id)
                .bind(voter)
                .fetch_optional(pool)
                .await
        })?;
        Ok(row.map(|(k,)| k))
    }

    /// Moves what a signed-out browser did into the account that just signed in on it:
    /// its votes and reactions count under the account from now on. Where the account had
    /// already voted in the same poll (or reacted to the same story) the account's choice
    /// stands and the browser's is dropped, so nothing is ever counted twice. Returns how
    /// many votes and reactions moved.
    pub async fn claim_browser_actions(&self, browser_voter: &str, user_id: &str) -> Result<(u64, u64)> {
        let account_voter = format!("u:{user_id}");
        on_db!(self, |pool| in_tx!(pool, |tx| {
            // Copy, then delete: `ON CONFLICT DO NOTHING` waits for, then skips, a vote the
            // account casts at this very moment, where an `UPDATE` of the key would fail on it.
            let votes = sqlx::query(
                "INSERT INTO votes (poll_id, voter, option_id, user_id, created_at) \
                 SELECT poll_id, $2, option_id, $3, created_at FROM votes WHERE voter = $1 \
                 ON CONFLICT (poll_id, voter) DO NOTHING",
            )
            .bind(browser_voter)
            .bind(&account_voter)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            sqlx::query("DELETE FROM votes WHERE voter = $1").bind(browser_voter).execute(&mut *tx).await?;
            let reactions = sqlx::query(
                "INSERT INTO reactions (story_id, voter, kind, user_id, created_at) \
                 SELECT story_id, $2, kind, $3, created_at FROM reactions WHERE voter = $1 \
                 ON CONFLICT (story_id, voter) DO NOTHING",
            )
            .bind(browser_voter)
            .bind(&account_voter)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            sqlx::query("DELETE FROM reactions WHERE voter = $1").bind(browser_voter).execute(&mut *tx).await?;
            Ok((votes, reactions))
        }))
    }

    /// The polls an account voted in, newest first.
    pub async fn list_votes_of_user(&self, user_id: &str) -> Result<Vec<VoteOfReader>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT s.slug AS story_slug, s.title AS story_title, p.question, o.label AS answer, v.created_at, \
                 s.status = 'published' AS story_published \
                 FROM votes v JOIN polls p ON p.id = v.poll_id JOIN poll_options o ON o.id = v.option_id \
                 JOIN stories s ON s.id = p.story_id WHERE v.user_id = $1 ORDER BY v.created_at DESC",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }

    /// The stories an account reacted to, newest first.
    pub async fn list_reactions_of_user(&self, user_id: &str) -> Result<Vec<ReactionOfReader>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT s.slug AS story_slug, s.title AS story_title, r.kind, r.created_at, \
                 s.status = 'published' AS story_published \
                 FROM reactions r JOIN stories s ON s.id = r.story_id WHERE r.user_id = $1 ORDER BY r.created_at DESC",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }
}
