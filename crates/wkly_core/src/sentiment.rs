//! How a story lands for the people it touches.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ParseError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sentiment {
    Positive,
    Neutral,
    Negative,
}

impl Sentiment {
    pub const ALL: [Sentiment; 3] = [Sentiment::Positive, Sentiment::Neutral, Sentiment::Negative];

    pub fn as_str(self) -> &'static str {
        match self {
            Sentiment::Positive => "positive",
            Sentiment::Neutral => "neutral",
            Sentiment::Negative => "negative",
        }
    }

    /// The word shown on badges.
    pub fn label(self) -> &'static str {
        match self {
            Sentiment::Positive => "Positive",
            Sentiment::Neutral => "Neutral",
            Sentiment::Negative => "Negative",
        }
    }
}

impl FromStr for Sentiment {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "positive" => Ok(Sentiment::Positive),
            "neutral" => Ok(Sentiment::Neutral),
            "negative" => Ok(Sentiment::Negative),
            _ => Err(ParseError::new("sentiment", format!("{s:?} is not one of positive, neutral, negative"))),
        }
    }
}

impl fmt::Display for Sentiment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentiment_round_trips_and_refuses_unknown_words() {
        for s in Sentiment::ALL {
            assert_eq!(s.as_str().parse::<Sentiment>(), Ok(s));
        }
        assert_eq!(" Negative ".parse::<Sentiment>(), Ok(Sentiment::Negative));
        assert!("bullish".parse::<Sentiment>().is_err());
    }
}
