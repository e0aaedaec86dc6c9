//! The demo's reader community: fictional readers and their comments from
//! `demo/community.toml`, plus votes and reactions spread deterministically over the
//! stories so the demo looks lived in. Everything is written through the same store calls
//! real readers' actions use. Demo readers cannot sign in (their password hash is `!`).

use serde::Deserialize;
use wkly_core::fingerprint::hash64;
use wkly_core::{Reaction, Role, Sentiment, Timestamp};
use wkly_store::Store;
use wkly_store::comments::NewComment;
use wkly_store::stories::StoryFilter;
use wkly_store::users::{NewUser, NewUserOutcome};

use std::path::Path;

use wkly_core::Taxonomy;

use crate::sources::{SourceInput, add_source};
use crate::{AppError, comment_html};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommunityFile {
    readers: Vec<ReaderEntry>,
    comments: Vec<CommentEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReaderEntry {
    name: String,
    goals: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommentEntry {
    id: String,
    story: String,
    author: String,
    at: String,
    body: String,
    reply_to: Option<String>,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct CommunityReport {
    pub readers: usize,
    pub comments: usize,
    pub votes: usize,
    pub reactions: usize,
}

/// Seeds readers, comments, votes and reactions into a freshly imported demo.
pub async fn seed_community(store: &Store, toml_text: &str) -> Result<CommunityReport, AppError> {
    let file: CommunityFile =
        toml::from_str(toml_text).map_err(|e| AppError::Input(format!("demo/community.toml: {}", e.message())))?;
    let mut report = CommunityReport::default();
    let mut readers: Vec<(String, String)> = Vec::new();
    for r in &file.readers {
        let user = NewUser {
            name: r.name.clone(),
            email: format!("{}@readers.demo.invalid", r.name),
            password_hash: "!".into(),
            role: Role::Reader,
        };
        let id = match store.insert_user(&user).await? {
            NewUserOutcome::Created(id) => {
                report.readers += 1;
                id
            }
            NewUserOutcome::NameTaken | NewUserOutcome::EmailTaken => match store.find_user_by_name(&r.name).await? {
                Some(existing) => existing.id,
                None => return Err(AppError::Input(format!("demo reader {} clashes with another account", r.name))),
            },
        };
        store.set_user_goals(&id, &r.goals).await?;
        readers.push((r.name.clone(), id));
    }

    let mut comment_ids: Vec<(String, String)> = Vec::new();
    for c in &file.comments {
        let Some(story) = store.find_published_story(&c.story).await? else {
            return Err(AppError::Input(format!("demo comment {}: no story {}", c.id, c.story)));
        };
        let author = readers.iter().find(|(name, _)| *name == c.author).map(|(_, id)| id.clone());
        let parent = match &c.reply_to {
            Some(p) => Some(
                comment_ids
                    .iter()
                    .find(|(local, _)| local == p)
                    .map(|(_, id)| id.clone())
                    .ok_or_else(|| AppError::Input(format!("demo comment {} replies to unknown {p}", c.id)))?,
            ),
            None => None,
        };
        let at = Timestamp::parse_rfc3339(&c.at).map_err(|e| AppError::Input(format!("demo comment {}: {e}", c.id)))?;
        let body = comment_html::clean_text(&c.body);
        let id = store
            .insert_comment(&NewComment {
                story_id: story.id,
                parent_id: parent,
                user_id: author,
                body_html: comment_html::render(&body),
                body,
                status: "visible".into(),
                created_at: at.millis(),
            })
            .await?;
        comment_ids.push((c.id.clone(), id));
        report.comments += 1;
    }

    let all = StoryFilter { limit: 10_000, ..StoryFilter::default() };
    for card in store.list_published(&all).await? {
        let sentiment: Sentiment = card.sentiment.parse().unwrap_or(Sentiment::Neutral);
        let poll = match store.find_poll(&card.id).await? {
            Some(p) => Some((p.id.clone(), store.list_poll_results(&p.id).await?)),
            None => None,
        };
        for (name, user_id) in &readers {
            let roll = hash64(&format!("{name}/{}", card.slug));
            let voter = format!("u:{user_id}");
            if let Some((poll_id, options)) = &poll
                && roll % 100 < 55
                && !options.is_empty()
            {
                // Earlier options get more votes (weights n, n-1, …, 1), as real polls are rarely even.
                let n = options.len();
                let total = n * (n + 1) / 2;
                let mut ticket = ((roll >> 8) % total as u64) as usize;
                let mut pick = 0;
                while ticket >= n - pick {
                    ticket -= n - pick;
                    pick += 1;
                }
                store.cast_vote(poll_id, &options[pick].id, &voter, Some(user_id)).await?;
                report.votes += 1;
            }
            if (roll >> 24) % 100 < 35 {
                let choices: &[Reaction] = match sentiment {
                    Sentiment::Positive => {
                        &[Reaction::Hopeful, Reaction::Useful, Reaction::Insightful, Reaction::Surprising]
                    }
                    Sentiment::Neutral => {
                        &[Reaction::Useful, Reaction::Insightful, Reaction::Surprising, Reaction::Worrying]
                    }
                    Sentiment::Negative => {
                        &[Reaction::Worrying, Reaction::Angry, Reaction::Useful, Reaction::Surprising]
                    }
                };
                let kind = choices[((roll >> 32) % choices.len() as u64) as usize];
                store.toggle_reaction(&card.id, &voter, kind.as_str(), Some(user_id)).await?;
                report.reactions += 1;
            }
        }
    }
    Ok(report)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewsroomFile {
    outlet: Vec<NewsroomOutlet>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewsroomOutlet {
    folder: String,
    name: String,
}

/// Adds each outlet of a newsroom folder (listed in its `outlets.toml`) as a folder source
/// named after the outlet; outlets already added stay as they are. Returns how many outlets
/// the newsroom has.
pub async fn add_newsroom_sources(store: &Store, taxonomy: &Taxonomy, dir: &Path) -> Result<usize, AppError> {
    let list = dir.join("outlets.toml");
    let text =
        std::fs::read_to_string(&list).map_err(|e| AppError::Input(format!("cannot read {}: {e}", list.display())))?;
    let file: NewsroomFile = toml::from_str(&text).map_err(|e| AppError::Input(format!("{}: {e}", list.display())))?;
    for outlet in &file.outlet {
        let folder = dir.join(&outlet.folder);
        // Only folders inside the newsroom: a list naming "../elsewhere" is refused.
        if outlet.folder.contains(['/', '\\']) || outlet.folder.starts_with('.') {
            return Err(AppError::Input(format!(
                "{}: folder {:?} must be a plain folder name",
                list.display(),
                outlet.folder
            )));
        }
        let input = SourceInput {
            location: folder.display().to_string(),
            name: Some(outlet.name.clone()),
            ..SourceInput::default()
        };
        add_source(store, taxonomy, &input).await?;
    }
    Ok(file.outlet.len())
}
