//! Which articles report the same event, and which are the same article twice.
//!
//! An article is reduced to [`Features`]: a 64-bit simhash of its word shingles (for
//! near-identical copies under another URL), its content words weighted by frequency,
//! and the named things it mentions (people, organisations, places, amounts). Two
//! articles are about one event when their words are close *and* they share specific
//! named things: a headline or a topic alone never merges two stories ("strike" in Lyon
//! and "strike" in Leeds stay apart because their unions, cities and numbers differ).
//!
//! Pure: the pipeline stores the features and finds candidates with [`Features::index_keys`]
//! through the database, then asks [`same_event`] about each.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use wkly_core::enrich::{Entity, EntityKind};
use wkly_core::fingerprint::hash64;
pub use wkly_core::fingerprint::{near_duplicate, simhash_bands};

use crate::text;

/// Similarity from which two articles that share a specific name are one event.
pub const SAME_EVENT: f32 = 0.30;
/// Similarity from which two articles are one event even without a shared specific name
/// (nearly the same wording).
pub const SAME_EVENT_WITHOUT_NAMES: f32 = 0.60;
const MAX_TERMS: usize = 48;
const MAX_NAMES: usize = 32;
const MAX_TITLE_KEYS: usize = 8;

/// What clustering knows about one article; stored beside it as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Features {
    pub simhash: u64,
    /// Content words and their weights (unit length), heaviest first.
    pub terms: Vec<(String, f32)>,
    /// Named things as `kind:key` ("person:jane doe", "money:usd 1200000000").
    pub names: Vec<String>,
    /// The headline's content words (stemmed): what the article says it is about.
    #[serde(default)]
    pub title_terms: Vec<String>,
}

impl Features {
    /// The index keys of its specific names: the first, narrow lookup for candidates.
    pub fn name_keys(&self) -> Vec<String> {
        self.index_keys().into_iter().filter(|k| !k.starts_with("w:")).collect()
    }

    /// Keys under which the article is indexed to find candidates: its specific names and
    /// its headline's words. Two reports of one event share several of them, while body
    /// words common to a whole day's news ("said", "percent", "government") would make every
    /// lookup scan the day.
    pub fn index_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.names.iter().filter(|n| is_specific(n)).cloned().collect();
        keys.extend(self.title_terms.iter().take(MAX_TITLE_KEYS).map(|t| format!("w:{t}")));
        keys.sort();
        keys.dedup();
        keys
    }
}

/// Computes an article's features from its headline, text and entities.
pub fn features(title: &str, text: &str, entities: &[Entity]) -> Features {
    let mut counts: HashMap<String, f32> = HashMap::new();
    // The headline says what the article is about: its words count three times.
    for (part, weight) in [(title, 3.0f32), (text, 1.0)] {
        for word in text::words(part) {
            if is_content_word(&word) {
                *counts.entry(stem(&word)).or_default() += weight;
            }
        }
    }
    let mut terms: Vec<(String, f32)> = counts.into_iter().map(|(t, c)| (t, 1.0 + c.ln())).collect();
    terms.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    terms.truncate(MAX_TERMS);
    let norm = terms.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut terms {
            *w /= norm;
        }
    }
    let mut names: Vec<String> = entities
        .iter()
        .filter(|e| e.kind != EntityKind::Date)
        .take(MAX_NAMES)
        .map(|e| format!("{}:{}", kind_prefix(e.kind), e.key))
        .collect();
    names.sort();
    names.dedup();
    let mut title_terms: Vec<String> = text::words(title).filter(|w| is_content_word(w)).map(|w| stem(&w)).collect();
    title_terms.sort();
    title_terms.dedup();
    Features { simhash: simhash(&format!("{title}\n{text}")), terms, names, title_terms }
}

/// Whether two texts whose simhashes are near are one article under two addresses
/// (syndicated copy, a re-post) rather than two articles from one template (an explainer
/// per city): a copy keeps the figures and names, a templated article changes them.
pub fn same_article(a: &str, b: &str) -> bool {
    let (x, y) = (specifics(a), specifics(b));
    if x.is_empty() && y.is_empty() {
        return true;
    }
    let shared = x.intersection(&y).count() as f32;
    let union = x.union(&y).count() as f32;
    shared / union >= SAME_ARTICLE_SPECIFICS
}

/// Share of figures and capitalised words two copies of one article have in common.
const SAME_ARTICLE_SPECIFICS: f32 = 0.8;

/// Numbers and capitalised words that do not open a sentence: what a template changes.
fn specifics(text: &str) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for sentence in text::sentences(text) {
        for (i, t) in text::tokens(sentence.text).iter().enumerate() {
            let specific = t.kind == text::TokenKind::Number || (i > 0 && t.is_word() && t.is_capitalized());
            if specific {
                out.insert(t.text.to_string());
            }
        }
    }
    out
}

/// Similarity of two articles in [0, 1]: half the closeness of their words, half the
/// share of named things they have in common (weighted by how specific each kind is).
pub fn similarity(a: &Features, b: &Features) -> f32 {
    0.5 * cosine(&a.terms, &b.terms) + 0.5 * name_overlap(&a.names, &b.names)
}

/// Whether two articles report the same event.
pub fn same_event(a: &Features, b: &Features) -> bool {
    if near_duplicate(a.simhash, b.simhash) {
        return true;
    }
    let s = similarity(a, b);
    let shares_specific = a.names.iter().any(|n| is_specific(n) && b.names.binary_search(n).is_ok());
    (shares_specific && s >= SAME_EVENT) || s >= SAME_EVENT_WITHOUT_NAMES
}

/// 64-bit simhash of the lower-cased words, each occurrence one vote. Words rather than
/// shingles: a corrected figure or an added clause moves a few votes, so copies stay
/// within a few bits, while different texts land about 32 bits apart.
pub fn simhash(text: &str) -> u64 {
    let mut votes = [0i32; 64];
    for word in text::words(text) {
        let h = hash64(&word);
        for (bit, vote) in votes.iter_mut().enumerate() {
            *vote += if h >> bit & 1 == 1 { 1 } else { -1 };
        }
    }
    votes.iter().enumerate().fold(0u64, |h, (bit, v)| if *v > 0 { h | 1 << bit } else { h })
}

fn cosine(a: &[(String, f32)], b: &[(String, f32)]) -> f32 {
    let index: HashMap<&str, f32> = b.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    a.iter().filter_map(|(t, w)| index.get(t.as_str()).map(|v| w * v)).sum::<f32>().clamp(0.0, 1.0)
}

fn name_weight(name: &str) -> f32 {
    match name.split_once(':').map(|(k, _)| k) {
        Some("person") => 3.0,
        Some("org") => 2.5,
        Some("money" | "percent" | "ticker") => 2.0,
        _ => 1.0,
    }
}

/// Weighted share of the smaller set of names found in the other: a short article that
/// names three of a long article's ten people is still clearly about the same thing.
fn name_overlap(a: &[String], b: &[String]) -> f32 {
    let total = |names: &[String]| names.iter().map(|n| name_weight(n)).sum::<f32>();
    let smaller = total(a).min(total(b));
    if smaller == 0.0 {
        return 0.0;
    }
    let shared: f32 = a.iter().filter(|n| b.binary_search(n).is_ok()).map(|n| name_weight(n)).sum();
    (shared / smaller).min(1.0)
}

/// People, organisations, tickers and amounts pin an event down; places and dates do not
/// (many events happen in Paris on a Tuesday).
fn is_specific(name: &str) -> bool {
    matches!(name.split_once(':').map(|(k, _)| k), Some("person" | "org" | "ticker" | "money" | "percent"))
}

fn kind_prefix(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Organisation => "org",
        EntityKind::Place => "place",
        EntityKind::Ticker => "ticker",
        EntityKind::Money => "money",
        EntityKind::Percent => "percent",
        EntityKind::Date => "date",
    }
}

/// Folds plural and common inflections so "strikes" meets "strike" and "workers" meets
/// "worker"; crude on purpose, it only has to agree with itself.
fn stem(word: &str) -> String {
    let long_enough = |base: &str| base.chars().count() >= 4;
    let mut w = word;
    if let Some(base) = w.strip_suffix("ies").filter(|b| long_enough(b)) {
        return format!("{base}y");
    }
    if let Some(base) = w.strip_suffix('s').filter(|b| long_enough(b) && !b.ends_with(['s', 'u', 'i'])) {
        w = base;
    }
    for suffix in ["ing", "ed"] {
        if let Some(base) = w.strip_suffix(suffix).filter(|b| long_enough(b)) {
            w = base;
            break;
        }
    }
    // "strike", "strikes" and "striked" all end as "strik".
    w.strip_suffix('e').filter(|b| long_enough(b)).unwrap_or(w).to_string()
}

fn is_content_word(word: &str) -> bool {
    word.chars().count() > 2 && word.chars().all(char::is_alphabetic) && !STOP_WORDS.contains(&word)
}

/// Function words and the words of news reporting itself, which say nothing about which
/// event an article covers.
const STOP_WORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "that",
    "with",
    "was",
    "were",
    "are",
    "has",
    "have",
    "had",
    "not",
    "but",
    "from",
    "this",
    "its",
    "his",
    "her",
    "their",
    "they",
    "them",
    "she",
    "him",
    "who",
    "whom",
    "which",
    "what",
    "when",
    "where",
    "will",
    "would",
    "could",
    "should",
    "can",
    "may",
    "might",
    "been",
    "being",
    "than",
    "then",
    "there",
    "these",
    "those",
    "said",
    "says",
    "say",
    "told",
    "also",
    "after",
    "before",
    "about",
    "over",
    "into",
    "more",
    "most",
    "some",
    "such",
    "only",
    "other",
    "our",
    "out",
    "one",
    "two",
    "three",
    "new",
    "year",
    "years",
    "week",
    "month",
    "day",
    "days",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "all",
    "any",
    "each",
    "because",
    "while",
    "since",
    "under",
    "between",
    "during",
    "against",
    "through",
    "per",
    "cent",
    "percent",
    "last",
    "first",
    "next",
    "just",
    "did",
    "does",
    "how",
    "why",
    "you",
    "your",
    "our",
    "out",
    "off",
    "now",
    "many",
    "much",
    "very",
    "according",
    "added",
    "including",
    "people",
    "time",
    "news",
    "report",
    "reported",
    "statement",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(kind: EntityKind, key: &str) -> Entity {
        Entity { kind, key: key.into(), text: key.into(), count: 1 }
    }

    fn strike(city: &str, union: &str, boss: &str, pct: &str) -> Features {
        let text = format!(
            "Workers at the {city} depot of {union} walked out on Tuesday over pay. The union says the offer of {pct} \
             is far below inflation. {boss}, who leads the union, said talks would resume next week."
        );
        features(
            &format!("{city} bus drivers strike over pay"),
            &text,
            &[
                entity(EntityKind::Place, &city.to_lowercase()),
                entity(EntityKind::Organisation, &union.to_lowercase()),
                entity(EntityKind::Person, &boss.to_lowercase()),
                entity(EntityKind::Percent, pct),
            ],
        )
    }

    #[test]
    fn two_reports_of_one_strike_are_one_event() {
        let a = strike("Lyon", "Transports Unis", "Claire Morel", "2.1%");
        let b = features(
            "Lyon buses halted as drivers reject 2.1% offer",
            "Bus services across Lyon stopped on Tuesday. Drivers organised by Transports Unis rejected a 2.1% pay \
             offer. Claire Morel said the walkout would go on until the city improves it.",
            &[
                entity(EntityKind::Place, "lyon"),
                entity(EntityKind::Organisation, "transports unis"),
                entity(EntityKind::Person, "claire morel"),
                entity(EntityKind::Percent, "2.1%"),
            ],
        );
        assert!(same_event(&a, &b), "similarity {}", similarity(&a, &b));
    }

    #[test]
    fn look_alike_strikes_in_other_cities_stay_apart() {
        let lyon = strike("Lyon", "Transports Unis", "Claire Morel", "2.1%");
        let leeds = strike("Leeds", "Northern Drivers Union", "Gareth Pike", "3.4%");
        assert!(!same_event(&lyon, &leeds), "similarity {}", similarity(&lyon, &leeds));
    }

    #[test]
    fn a_shared_topic_without_shared_names_is_not_an_event() {
        let a = features("Inflation slows", "Consumer prices rose less than expected.", &[]);
        let b = features("Inflation slows again", "Consumer prices rose less than forecast in Chile.", &[]);
        assert!(similarity(&a, &b) > 0.3);
        assert!(!same_event(&a, &b));
    }

    #[test]
    fn near_identical_copies_have_close_simhashes_and_other_texts_do_not() {
        let base = "The regional council approved a budget of 40 million euros for new tram lines on Monday, \
                    with construction due to start in the spring and the first line opening in 2029 after years \
                    of delays and two failed tenders. The plan covers three routes linking the old town with the \
                    university, the hospital and the new housing districts in the east, where about 30,000 people \
                    are expected to live by the end of the decade. Councillors from the opposition voted against, \
                    arguing that buses would serve the same streets at a fraction of the cost, and asked for an \
                    independent review of the passenger forecasts before any contract is signed. The transport \
                    director told the meeting that the review had already been done twice and that further delay \
                    would raise prices, since steel and labour costs have climbed sharply in the past two years.";
        let copy = base.replace("Monday", "Monday evening");
        let other = "Heavy rain closed three mountain passes and stranded hundreds of drivers overnight, officials \
                     said, while snow ploughs worked to reopen the main road before the weekend.";
        assert!(near_duplicate(simhash(base), simhash(&copy)), "{}", (simhash(base) ^ simhash(&copy)).count_ones());
        assert!(!near_duplicate(simhash(base), simhash(other)));
    }

    #[test]
    fn a_copy_keeps_figures_and_names_and_a_template_does_not() {
        let melbourne = "About 1,150 drivers at Yarra Transit will stop work on Friday. The Transport Workers' Alliance \
                         wants 7% a year; the company offers 4.5%. Trams run as normal in Melbourne.";
        let copy = melbourne.replace("Trams run as normal", "Trams will run as normal");
        let dublin = "About 900 drivers at Anna Livia Buses will stop work on Saturday. The Irish Transport \
                      Operatives' Union wants 6.5% a year; the company offers 3%. Trams run as normal in Dublin.";
        assert!(same_article(melbourne, &copy));
        assert!(!same_article(melbourne, dublin));
        assert!(same_article("", "no names at all."));
    }

    #[test]
    fn index_keys_hold_specific_names_and_heavy_words_only() {
        let f = strike("Lyon", "Transports Unis", "Claire Morel", "2.1%");
        let keys = f.index_keys();
        assert!(keys.contains(&"person:claire morel".to_string()), "{keys:?}");
        assert!(keys.contains(&"org:transports unis".to_string()));
        assert!(!keys.iter().any(|k| k.starts_with("place:")), "places are too broad to index");
        assert!(keys.iter().any(|k| k == "w:strik"), "{keys:?}");
    }

    #[test]
    fn features_of_empty_and_hostile_text_are_empty_not_a_panic() {
        let f = features("", "", &[]);
        assert!(f.terms.is_empty() && f.names.is_empty());
        let big = "word ".repeat(200_000);
        let g = features("title", &big, &[]);
        assert_eq!(g.terms.len(), 2);
        let emoji = features("🙂🙂", "🙂 ... ??? ¿¡", &[]);
        assert!(emoji.terms.is_empty());
        assert_eq!(similarity(&f, &f), 0.0);
    }

    #[test]
    fn stems_fold_plurals_and_inflections() {
        for (a, b) in [("strikes", "strike"), ("striking", "strike"), ("approved", "approve"), ("walked", "walk")] {
            assert_eq!(stem(a), stem(b), "{a} and {b}");
        }
        assert_eq!(stem("companies"), "company");
        assert_eq!(stem("workers"), "worker");
        assert_eq!(stem("bus"), "bus");
        assert_eq!(stem("business"), "business");
    }
}
