//! Where each generated field of a story came from, and whether an editor owns it.
//!
//! Every field below is recorded once per story with the backend that produced it
//! (`builtin`, `llm`, `import`, `editor`), the model and prompt or rule version, and the
//! time. A field an editor has set is *overridden*: re-enrichment never replaces it.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{ParseError, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoryField {
    Title,
    Summary,
    Teaser,
    Category,
    Location,
    Sentiment,
    Goal,
    Impacts,
    Perspectives,
    Poll,
    Roadmaps,
    Background,
    WatchNext,
}

impl StoryField {
    pub const ALL: [StoryField; 13] = [
        StoryField::Title,
        StoryField::Summary,
        StoryField::Teaser,
        StoryField::Category,
        StoryField::Location,
        StoryField::Sentiment,
        StoryField::Goal,
        StoryField::Impacts,
        StoryField::Perspectives,
        StoryField::Poll,
        StoryField::Roadmaps,
        StoryField::Background,
        StoryField::WatchNext,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StoryField::Title => "title",
            StoryField::Summary => "summary",
            StoryField::Teaser => "teaser",
            StoryField::Category => "category",
            StoryField::Location => "location",
            StoryField::Sentiment => "sentiment",
            StoryField::Goal => "goal",
            StoryField::Impacts => "impacts",
            StoryField::Perspectives => "perspectives",
            StoryField::Poll => "poll",
            StoryField::Roadmaps => "roadmaps",
            StoryField::Background => "background",
            StoryField::WatchNext => "watch_next",
        }
    }
}

impl FromStr for StoryField {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        StoryField::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| ParseError::new("story field", format!("{s:?} is not a story field")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// `builtin`, `llm`, `import` (an editor's file) or `editor` (edited in /admin).
    pub backend: String,
    pub model: Option<String>,
    /// Rule set, prompt or file version that produced the value.
    pub version: String,
    pub at: Timestamp,
    /// An editor owns this value: re-enrichment must leave it alone.
    pub overridden: bool,
}

impl Provenance {
    /// A value written by an editor in a story file.
    pub fn imported(version: impl Into<String>, at: Timestamp) -> Self {
        Self { backend: "import".into(), model: None, version: version.into(), at, overridden: true }
    }
}
