//! The one interface every enrichment backend implements, and the values it produces.
//!
//! A backend turns a [`Document`] (a headline and plain text) into labels, a summary,
//! entities and quotes. The builtin backend (`wkly_nlp`) is pure and deterministic; a model
//! backend implements the same trait and falls back to the builtin one stage by stage.
//! Nothing here does IO: storing results, provenance and editor overrides are the
//! pipeline's job.

use serde::{Deserialize, Serialize};

use crate::{Sentiment, Taxonomy};

/// What to enrich: one article, or the merged text of a story's coverage.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The headline; may be empty.
    pub title: &'a str,
    /// Plain text, paragraphs separated by blank lines.
    pub text: &'a str,
    /// Categories or tags the source itself gave the article (feed `<category>`), as hints.
    pub source_categories: &'a [String],
}

impl<'a> Document<'a> {
    pub fn new(title: &'a str, text: &'a str) -> Self {
        Self { title, text, source_categories: &[] }
    }
}

/// Which backend produced a value, recorded as provenance beside every generated field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackendInfo {
    /// `builtin`, `llm`, ...
    pub name: String,
    /// Rule or model version: a new version re-enriches stories whose fields it produced.
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentimentResult {
    pub label: Sentiment,
    /// From -1 (clearly bad news for the people it touches) to 1 (clearly good news).
    pub score: f32,
    /// The sentences that moved the score most, strongest first.
    pub drivers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryResult {
    /// A key of the taxonomy in force.
    pub key: String,
    /// From 0 to 1: how far ahead of the runner-up the winner is.
    pub confidence: f32,
}

/// The place a story is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub city: Option<String>,
    /// State, province or region, where it disambiguates (Paris, Texas).
    pub region: Option<String>,
    pub country: String,
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
}

impl Place {
    /// "Tokyo, Japan", "Paris, Texas, United States" or "Japan".
    pub fn display(&self) -> String {
        let mut parts: Vec<&str> = Vec::with_capacity(3);
        if let Some(city) = &self.city {
            parts.push(city);
        }
        if let Some(region) = &self.region {
            parts.push(region);
        }
        parts.push(&self.country);
        parts.join(", ")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Organisation,
    Place,
    Ticker,
    Money,
    Percent,
    Date,
}

/// A named thing or number found in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub kind: EntityKind,
    /// The form used to compare entities across articles: "jane doe", "usd 1200000000",
    /// "3.5%", "2026-11-04", "AAPL". Stable, lower case for names.
    pub key: String,
    /// The fullest form seen in the text: "Jane Doe", "$1.2 billion".
    pub text: String,
    /// How often it occurs (all forms, including "Doe" for "Jane Doe").
    pub count: u32,
}

/// A direct quote and who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without quotation marks.
    pub text: String,
    pub speaker: String,
    pub role: Option<String>,
    pub organisation: Option<String>,
    /// The whole sentence the quote was found in, verbatim from the text.
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// One neutral paragraph, about 60–160 words, never longer than the source.
    pub summary: String,
    /// One sentence for cards.
    pub teaser: String,
}

/// One bullet of "what this means for you", resting on one sentence of the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Impact {
    /// A goal key of the taxonomy in force.
    pub goal: String,
    /// Imperative advice naming the story's actor, place or number.
    pub text: String,
    /// The sentence it rests on, verbatim from the text.
    pub evidence: String,
}

/// A poll drafted for a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollDraft {
    pub question: String,
    pub options: Vec<String>,
}

/// Everything a backend says about one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enrichment {
    pub sentiment: SentimentResult,
    pub category: Option<CategoryResult>,
    pub location: Option<Place>,
    pub goal: Option<String>,
    pub summary: Summary,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    /// At most four; none when nothing in the text supports specific advice.
    pub impacts: Vec<Impact>,
    pub poll: Option<PollDraft>,
}

/// One interface for every enrichment stage. Stages take what earlier stages found
/// (entities feed category, location and goal) so that a backend can replace any one of
/// them and keep the others.
pub trait Enricher: Send + Sync {
    fn info(&self) -> BackendInfo;
    fn entities(&self, doc: &Document<'_>) -> Vec<Entity>;
    fn sentiment(&self, doc: &Document<'_>) -> SentimentResult;
    fn category(&self, doc: &Document<'_>, entities: &[Entity], taxonomy: &Taxonomy) -> Option<CategoryResult>;
    fn location(&self, doc: &Document<'_>, entities: &[Entity]) -> Option<Place>;
    fn goal(
        &self,
        doc: &Document<'_>,
        category: Option<&CategoryResult>,
        entities: &[Entity],
        taxonomy: &Taxonomy,
    ) -> Option<String>;
    fn summary(&self, doc: &Document<'_>) -> Summary;
    fn quotes(&self, doc: &Document<'_>) -> Vec<Quote>;
    /// What the story means for readers, the `goal` first.
    fn impacts(&self, doc: &Document<'_>, category: Option<&str>, goal: Option<&str>) -> Vec<Impact>;
    fn poll(&self, doc: &Document<'_>, category: Option<&str>) -> Option<PollDraft>;

    /// All stages in order.
    fn enrich(&self, doc: &Document<'_>, taxonomy: &Taxonomy) -> Enrichment {
        let entities = self.entities(doc);
        let category = self.category(doc, &entities, taxonomy);
        let location = self.location(doc, &entities);
        let goal = self.goal(doc, category.as_ref(), &entities, taxonomy);
        let key = category.as_ref().map(|c| c.key.as_str());
        Enrichment {
            sentiment: self.sentiment(doc),
            summary: self.summary(doc),
            quotes: self.quotes(doc),
            impacts: self.impacts(doc, key, goal.as_deref()),
            poll: self.poll(doc, key),
            category,
            location,
            goal,
            entities,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_reads_from_city_to_country() {
        let tokyo =
            Place { city: Some("Tokyo".into()), region: None, country: "Japan".into(), country_code: "JP".into() };
        assert_eq!(tokyo.display(), "Tokyo, Japan");
        let paris = Place {
            city: Some("Paris".into()),
            region: Some("Texas".into()),
            country: "United States".into(),
            country_code: "US".into(),
        };
        assert_eq!(paris.display(), "Paris, Texas, United States");
        let japan = Place { city: None, region: None, country: "Japan".into(), country_code: "JP".into() };
        assert_eq!(japan.display(), "Japan");
    }
}
