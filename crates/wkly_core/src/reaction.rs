//! The fixed set of reactions a reader can leave on a story (one per reader per story).

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ParseError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reaction {
    Useful,
    Insightful,
    Surprising,
    Worrying,
    Hopeful,
    Angry,
}

impl Reaction {
    pub const ALL: [Reaction; 6] = [
        Reaction::Useful,
        Reaction::Insightful,
        Reaction::Surprising,
        Reaction::Worrying,
        Reaction::Hopeful,
        Reaction::Angry,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reaction::Useful => "useful",
            Reaction::Insightful => "insightful",
            Reaction::Surprising => "surprising",
            Reaction::Worrying => "worrying",
            Reaction::Hopeful => "hopeful",
            Reaction::Angry => "angry",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Reaction::Useful => "Useful",
            Reaction::Insightful => "Insightful",
            Reaction::Surprising => "Surprising",
            Reaction::Worrying => "Worrying",
            Reaction::Hopeful => "Hopeful",
            Reaction::Angry => "Angry",
        }
    }

    pub fn emoji(self) -> &'static str {
        match self {
            Reaction::Useful => "👍",
            Reaction::Insightful => "💡",
            Reaction::Surprising => "😮",
            Reaction::Worrying => "😟",
            Reaction::Hopeful => "🌱",
            Reaction::Angry => "😠",
        }
    }
}

impl FromStr for Reaction {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Reaction::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| ParseError::new("reaction", format!("{s:?} is not a known reaction")))
    }
}
