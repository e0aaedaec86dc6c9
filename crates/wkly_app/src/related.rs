//! Which stories are related to which: a small, explainable score until the search index
//! and entity extraction arrive. Shared content words of headline and teaser weigh most,
//! each by how rare it is among the candidates (inverse document frequency, so "Canada"
//! or "amlodipine" count for more than "prices"); then the same country, the same category
//! and the same reader goal; nearer in time breaks ties.

use std::collections::{HashMap, HashSet};

use wkly_store::stories::{StoryCard, StoryRow};

/// Words too common in news headlines to say two stories are about the same thing.
const STOPWORDS: &[&str] = &[
    "about",
    "after",
    "again",
    "against",
    "ahead",
    "amid",
    "also",
    "another",
    "back",
    "been",
    "before",
    "being",
    "below",
    "between",
    "could",
    "days",
    "down",
    "during",
    "each",
    "first",
    "from",
    "have",
    "here",
    "into",
    "just",
    "last",
    "like",
    "made",
    "make",
    "more",
    "most",
    "much",
    "must",
    "near",
    "news",
    "next",
    "only",
    "other",
    "over",
    "people",
    "plan",
    "says",
    "should",
    "since",
    "some",
    "still",
    "than",
    "that",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "three",
    "through",
    "time",
    "under",
    "until",
    "very",
    "want",
    "week",
    "weeks",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "will",
    "with",
    "within",
    "would",
    "year",
    "years",
    "your",
    // Calendar words and round-number words appear in most stories.
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "tomorrow",
    "yesterday",
    "percent",
    "million",
    "billion",
    "thousand",
    "hundred",
    "half",
    "quarter",
    "says",
    "said",
    "new",
    "newly",
    "early",
    "late",
    "order",
    "orders",
];

/// A story's content words: those of its headline, and those only in its teaser.
struct Words {
    title: HashSet<String>,
    teaser: HashSet<String>,
}

impl Words {
    fn of(title: &str, teaser: &str) -> Words {
        let title = words(title);
        let teaser = words(teaser).into_iter().filter(|w| !title.contains(w)).collect();
        Words { title, teaser }
    }

    fn all(&self) -> impl Iterator<Item = &String> {
        self.title.iter().chain(&self.teaser)
    }

    /// Headlines say what a story is about; a word both headlines share counts fully, a
    /// headline word in the other's teaser less, a word only the teasers share little.
    fn weight(&self, other: &Words, w: &str) -> f64 {
        match (self.title.contains(w), other.title.contains(w)) {
            (true, true) => 1.0,
            (true, false) | (false, true) => 0.6,
            (false, false) => 0.3,
        }
    }
}

fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.to_lowercase())
        .map(|w| {
            // A light plural/possessive fold, so "rates" meets "rate" and "canada's" meets "canada".
            let w = w.trim_end_matches("'s").trim_matches('\'').to_string();
            if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") { w[..w.len() - 1].to_string() } else { w }
        })
        .filter(|w| {
            w.chars().count() >= 4 && !w.chars().any(|c| c.is_ascii_digit()) && !STOPWORDS.contains(&w.as_str())
        })
        .collect()
}

fn country(location: &str) -> &str {
    location.rsplit(',').next().unwrap_or("").trim()
}

/// Why two stories are related, part by part.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Relation {
    /// Sum of the rarity (IDF) of the content words both share.
    pub content: f64,
    /// The rarity of a word only these two stories use: the most one shared word can add.
    pub rarest: f64,
    pub same_country: bool,
    pub same_category: bool,
    pub same_goal: bool,
}

impl Relation {
    pub fn score(&self) -> f64 {
        self.content * 1.5
            + if self.same_country { 2.0 } else { 0.0 }
            + if self.same_category { 1.5 } else { 0.0 }
            + if self.same_goal { 1.0 } else { 0.0 }
    }

    /// About the same thing, not merely the same section: background material. One rare
    /// shared word ("amlodipine", "Wattlebank") is enough; one common one ("prices") is not.
    pub fn same_topic(&self) -> bool {
        self.content >= self.rarest
    }
}

/// What related lists want from a candidate.
#[derive(Debug, Clone, Copy)]
pub enum Wanted {
    /// Anything sharing at least the section or the goal (related news cards).
    Nearby,
    /// Only stories about the same topic (the deep dive's background).
    SameTopic,
}

/// The `limit` most related stories from `candidates` (never the story itself), best first.
pub fn rank(story: &StoryRow, candidates: Vec<StoryCard>, limit: usize, wanted: Wanted) -> Vec<StoryCard> {
    Candidates::new(candidates).rank(story, limit, wanted)
}

/// Stories to rank against, with their words read and counted once. Reading 500 headlines
/// and teasers costs more than ranking them, so a caller that ranks many stories against
/// the same recent ones (every story page) builds this once and keeps it a while.
pub struct Candidates {
    cards: Vec<StoryCard>,
    words: Vec<Words>,
    /// In how many candidates each word appears.
    df: HashMap<String, usize>,
}

impl Candidates {
    pub fn new(cards: Vec<StoryCard>) -> Candidates {
        let words: Vec<Words> = cards.iter().map(|c| Words::of(&c.title, &c.teaser)).collect();
        let mut df: HashMap<String, usize> = HashMap::new();
        for w in words.iter().flat_map(Words::all) {
            *df.entry(w.clone()).or_default() += 1;
        }
        Candidates { cards, words, df }
    }

    pub fn len(&self) -> usize {
        self.cards.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cards.is_empty()
    }

    /// The `limit` candidates most related to `story` (never the story itself), best first.
    /// Rarity counts the story itself as one more document, as if it were a candidate too.
    pub fn rank(&self, story: &StoryRow, limit: usize, wanted: Wanted) -> Vec<StoryCard> {
        let mine = Words::of(&story.title, &story.teaser);
        let docs = (self.cards.len() + 1) as f64;
        let idf = |w: &str| (docs / (self.df.get(w).copied().unwrap_or(0) + 1) as f64).ln();
        let mut scored: Vec<(f64, &StoryCard)> = self
            .cards
            .iter()
            .zip(&self.words)
            .filter(|(c, _)| c.id != story.id)
            .filter_map(|(c, set)| {
                let content = mine
                    .all()
                    .filter(|w| set.title.contains(*w) || set.teaser.contains(*w))
                    .map(|w| mine.weight(set, w) * idf(w))
                    .sum();
                let relation = Relation {
                    content,
                    rarest: (docs / 2.0).ln(),
                    same_country: !story.location.is_empty() && country(&story.location) == country(&c.location),
                    same_category: story.category == c.category,
                    same_goal: story.goal == c.goal,
                };
                let keep = match wanted {
                    Wanted::Nearby => relation.score() >= 1.0,
                    Wanted::SameTopic => relation.same_topic(),
                };
                let days_apart = (c.published_at - story.published_at).abs() as f64 / 86_400_000.0;
                keep.then(|| (relation.score() - days_apart * 0.01, c))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
        scored.into_iter().take(limit).map(|(_, c)| c.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(title: &str, teaser: &str, category: &str, goal: &str, location: &str) -> StoryRow {
        StoryRow {
            id: "me".into(),
            slug: "me".into(),
            status: "published".into(),
            title: title.into(),
            summary: String::new(),
            teaser: teaser.into(),
            category: category.into(),
            goal: goal.into(),
            sentiment: "neutral".into(),
            sentiment_score: None,
            location: location.into(),
            background: String::new(),
            watch_next: Default::default(),
            image_url: None,
            published_at: 0,
            created_at: 0,
            updated_at: 0,
        }
    }

    fn card(id: &str, title: &str, category: &str, goal: &str, location: &str) -> StoryCard {
        StoryCard {
            id: id.into(),
            slug: id.into(),
            title: title.into(),
            teaser: String::new(),
            category: category.into(),
            goal: goal.into(),
            sentiment: "neutral".into(),
            location: location.into(),
            published_at: 0,
        }
    }

    #[test]
    fn the_same_event_outranks_the_same_category() {
        let story = row(
            "Canada's big lenders cut five-year fixed mortgage rates",
            "Good news for homeowners facing renewal.",
            "money",
            "money",
            "Toronto, Canada",
        );
        let candidates = vec![
            card("outage", "Wattlebank outage leaves customers unable to pay", "money", "money", "Sydney, Australia"),
            card("cut", "Canada's central bank cuts its key rate to 2.5%", "economy", "money", "Ottawa, Canada"),
            card("me", "Canada's big lenders cut five-year fixed mortgage rates", "money", "money", "Toronto, Canada"),
            card("final", "Rugby final sells out", "sports", "informed", "Cape Town, South Africa"),
        ];
        let ranked: Vec<String> = rank(&story, candidates, 3, Wanted::Nearby).into_iter().map(|c| c.id).collect();
        assert_eq!(ranked, ["cut", "outage"], "related by content first, never itself, unrelated dropped");
    }

    #[test]
    fn background_wants_the_same_topic_not_just_the_same_section() {
        let story = row("Regulator orders amlodipine impurity tests", "", "health", "health", "Bonn, Germany");
        let candidates = vec![
            card("recall", "Rhenvale recalls amlodipine batches", "health", "health", "Berlin, Germany"),
            card("measles", "Measles cases climb in schools", "health", "health", "Phoenix, United States"),
            card("jobs", "Auto supplier cuts German jobs", "business", "career", "Stuttgart, Germany"),
            card("museum", "Museum reopens", "culture", "travel", "Lisbon, Portugal"),
        ];
        let filler = (0..12)
            .map(|i| card(&format!("f{i}"), &format!("Filler headline number{i} prices"), "sports", "informed", ""));
        let candidates: Vec<StoryCard> = candidates.into_iter().chain(filler).collect();
        let ranked: Vec<String> = rank(&story, candidates, 5, Wanted::SameTopic).into_iter().map(|c| c.id).collect();
        assert_eq!(ranked, ["recall"]);
    }
}
