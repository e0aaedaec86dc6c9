//! Where a story is in review (only `Published` stories are shown to readers), and where a
//! comment stands.

use std::str::FromStr;

use crate::ParseError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryStatus {
    /// Being assembled by the pipeline; not yet reviewable.
    Draft,
    /// Waiting for an editor (the source's review policy is "hold").
    Held,
    Published,
    /// Taken down by an editor; the slug stays reserved.
    Hidden,
}

impl StoryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StoryStatus::Draft => "draft",
            StoryStatus::Held => "held",
            StoryStatus::Published => "published",
            StoryStatus::Hidden => "hidden",
        }
    }
}

impl FromStr for StoryStatus {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "draft" => Ok(StoryStatus::Draft),
            "held" => Ok(StoryStatus::Held),
            "published" => Ok(StoryStatus::Published),
            "hidden" => Ok(StoryStatus::Hidden),
            _ => Err(ParseError::new("status", format!("{s:?} is not one of draft, held, published, hidden"))),
        }
    }
}

/// Where a reader's comment stands. Only `Visible` comments show their words to readers;
/// the others leave a placeholder where replies hang from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentStatus {
    Visible,
    /// Waiting for a moderator: enough readers reported it.
    Held,
    /// Taken down by a moderator.
    Hidden,
    /// Removed by its author (or with their account); its words are gone.
    Deleted,
}

impl CommentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentStatus::Visible => "visible",
            CommentStatus::Held => "held",
            CommentStatus::Hidden => "hidden",
            CommentStatus::Deleted => "deleted",
        }
    }
}

impl FromStr for CommentStatus {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "visible" => Ok(CommentStatus::Visible),
            "held" => Ok(CommentStatus::Held),
            "hidden" => Ok(CommentStatus::Hidden),
            "deleted" => Ok(CommentStatus::Deleted),
            _ => Err(ParseError::new("comment status", format!("{s:?} is not one of visible, held, hidden, deleted"))),
        }
    }
}
