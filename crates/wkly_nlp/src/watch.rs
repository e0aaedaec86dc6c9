//! What to watch next: the sentences of a story's coverage that say what happens next
//! ("is expected to", "is due to", "takes effect on", "will vote on", "talks next week").
//!
//! Extractive on purpose: each item is a sentence of the sources, verbatim (a dateline
//! opening it is left off), so it can be shown with its source and never says more than
//! the coverage does. A story whose sources say nothing about what comes next gets nothing.
//! Quoted sentences are someone's view, not a schedule, and are never picked.

use wkly_core::enrich::Document;

use crate::text;

/// Most items a story gets.
pub const MAX_ITEMS: usize = 3;

/// One thing to watch: a sentence of the text, verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchItem {
    pub text: String,
    /// Byte offset of `text` in the document's text.
    pub start: usize,
}

/// Phrases that say on their own that something is scheduled or expected.
const SCHEDULED: &[&str] = &[
    "is expected to",
    "are expected to",
    "is due to",
    "are due to",
    "is due on",
    "are due on",
    "is due in",
    "due next",
    "is scheduled",
    "are scheduled",
    "scheduled for",
    "scheduled to",
    "takes effect",
    "take effect",
    "come into force",
    "comes into force",
    "next meeting",
    "meets again",
    "will vote",
    "to vote on",
    "will decide",
    "will rule",
    "will debate",
    "to debate",
    "will publish",
    "will announce",
    "will review",
    "will hear",
    "deadline",
    "what next:",
];

/// Times ahead that make a sentence with a future verb worth watching.
const AHEAD: &[&str] = &[
    "next week",
    "next month",
    "next year",
    "later this week",
    "later this month",
    "later this year",
    "by the end of",
    "in the coming weeks",
    "in the coming months",
    "from january",
    "from february",
    "from march",
    "from april",
    "from may",
    "from june",
    "from july",
    "from august",
    "from september",
    "from october",
    "from november",
    "from december",
];

/// Future verbs that, with a time ahead, say what will happen.
const FUTURE: &[&str] = &["will", "would", "is to", "are to", "plans to", "intends to", "set to"];

/// Words that turn a schedule into history or a hedge into a guess.
const NOT_AHEAD: &[&str] = &[
    "was expected",
    "were expected",
    "had been expected",
    "had been due",
    "was due",
    "were due",
    "was scheduled",
    "were scheduled",
    "last week",
    "last month",
    "last year",
    "took effect",
    "came into force",
    "if ",
    "unless",
];

const QUOTE_MARKS: [&str; 5] = ["\"", "\u{201c}", "\u{201d}", "\u{ab}", "\u{bb}"];

/// The sentences of `doc` that say what happens next, in text order, at most [`MAX_ITEMS`],
/// a sentence that repeats an earlier one (another outlet's report of the same schedule)
/// left out.
pub fn watch_next(doc: &Document<'_>) -> Vec<WatchItem> {
    let mut out: Vec<WatchItem> = Vec::new();
    for s in text::sentences(doc.text) {
        if out.len() == MAX_ITEMS {
            break;
        }
        let skip = dateline_len(s.text);
        let body = s.text[skip..].trim_start();
        let start = s.start + (s.text.len() - body.len());
        if !is_ahead(body) {
            continue;
        }
        if out.iter().any(|o| same_schedule(&o.text, body)) {
            continue;
        }
        out.push(WatchItem { text: body.to_string(), start });
    }
    out
}

fn is_ahead(sentence: &str) -> bool {
    let words = text::word_count(sentence);
    if !(6..=45).contains(&words) || QUOTE_MARKS.iter().any(|q| sentence.contains(q)) {
        return false;
    }
    // A sentence must start like one: a fragment left by an odd split ("2 billion pesos …")
    // or a question is not a schedule.
    if !sentence.chars().next().is_some_and(char::is_uppercase) || sentence.ends_with('?') {
        return false;
    }
    let lower = format!(" {} ", sentence.to_lowercase().replace('\u{2019}', "'"));
    let has = |p: &str| {
        lower.match_indices(p).any(|(at, _)| {
            let before = lower[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after = lower[at + p.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            before && (after || p.ends_with(' ') || p.ends_with(':'))
        })
    };
    if NOT_AHEAD.iter().any(|p| has(p)) {
        return false;
    }
    SCHEDULED.iter().any(|p| has(p)) || (AHEAD.iter().any(|p| has(p)) && FUTURE.iter().any(|p| has(p)))
}

/// Bytes of a dateline opening the sentence ("BERGEN, Norway (Atlas World Desk) — "),
/// or 0: a word in capitals, then a dash within the first 80 bytes.
fn dateline_len(sentence: &str) -> usize {
    let opens_loud = sentence
        .split(|c: char| !c.is_alphabetic())
        .next()
        .is_some_and(|w| w.chars().count() > 1 && !w.chars().any(char::is_lowercase));
    if !opens_loud {
        return 0;
    }
    [" — ", " – ", " - "]
        .iter()
        .filter_map(|d| sentence.find(d).map(|at| at + d.len()))
        .filter(|end| *end <= 84)
        .min()
        .unwrap_or(0)
}

/// Whether two sentences report one schedule: mostly the same words, or the same cue
/// ("by the end of", "takes effect") with a figure in common ("2027"), or two figures in
/// common ("May 1, 2027") — three outlets' "will close by the end of 2027" are one thing
/// to watch.
fn same_schedule(a: &str, b: &str) -> bool {
    let cues = |s: &str| -> Vec<&'static str> {
        let lower = s.to_lowercase();
        SCHEDULED.iter().chain(AHEAD).copied().filter(|c| lower.contains(c)).collect()
    };
    let numbers = |s: &str| -> std::collections::HashSet<String> {
        text::tokens(s).into_iter().filter(|t| t.kind == text::TokenKind::Number).map(|t| t.text.to_string()).collect()
    };
    let shared_cue = cues(a).iter().any(|c| cues(b).contains(c));
    let shared_numbers = numbers(a).intersection(&numbers(b)).count();
    overlap(a, b) > 0.6 || (shared_cue && shared_numbers >= 1) || shared_numbers >= 2
}

/// Share of the shorter sentence's words the other one also has.
fn overlap(a: &str, b: &str) -> f32 {
    let wa: std::collections::HashSet<String> = text::words(a).collect();
    let wb: std::collections::HashSet<String> = text::words(b).collect();
    let shorter = wa.len().min(wb.len()).max(1);
    wa.intersection(&wb).count() as f32 / shorter as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watch(text: &str) -> Vec<String> {
        watch_next(&Document::new("", text)).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn scheduled_and_expected_events_are_picked_verbatim_with_their_offsets() {
        let text = "The council passed the bylaw on Tuesday. It takes effect on May 1, 2027, and raises licence fees. \
                    The European Commission is expected to issue its decision by late January.";
        let items = watch_next(&Document::new("", text));
        assert_eq!(
            items.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
            [
                "It takes effect on May 1, 2027, and raises licence fees.",
                "The European Commission is expected to issue its decision by late January."
            ]
        );
        for w in &items {
            assert_eq!(&text[w.start..w.start + w.text.len()], w.text);
        }
    }

    #[test]
    fn a_time_ahead_counts_only_with_a_future_verb() {
        assert_eq!(
            watch("The fossil will go on display at a museum in the provincial capital next year."),
            ["The fossil will go on display at a museum in the provincial capital next year."]
        );
        assert!(watch("Some things are already fixed for next year.").is_empty());
        assert!(watch("Lower collections could leave a gap in that budget next year.").is_empty());
    }

    #[test]
    fn quotes_history_hedges_and_fragments_are_not_watched() {
        assert!(
            watch("\u{201c}Rates will keep falling through next year,\u{201d} said Kristine Aasen, an economist.")
                .is_empty()
        );
        assert!(watch("The vote was scheduled for March but the chamber never met.").is_empty());
        assert!(watch("The rules took effect last year and were tightened in June.").is_empty());
        assert!(watch("If talks fail, the union is due to strike on Monday.").is_empty());
        assert!(watch("Is the vote scheduled for next week?").is_empty());
        assert!(watch("").is_empty());
    }

    #[test]
    fn a_dateline_is_left_off_and_repeats_from_other_outlets_are_dropped() {
        let text = "OSLO (Meridian Wire) — The bank is expected to publish new forecasts in March.\n\n\
                    The bank is expected to publish its new forecasts in March, officials said.";
        let items = watch_next(&Document::new("", text));
        assert_eq!(items.len(), 1, "{items:?}");
        assert_eq!(items[0].text, "The bank is expected to publish new forecasts in March.");
        assert_eq!(&text[items[0].start..items[0].start + items[0].text.len()], items[0].text);
    }

    #[test]
    fn one_schedule_reported_by_several_outlets_is_watched_once() {
        let text = "Kranfeld will close its washing machine factory in Lodz by the end of 2027, the company said. \
                    The Lodz plant, which employs about 1,400 people, will close by the end of 2027. \
                    Talks with unions are due to start in January 2026.";
        let items = watch(text);
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(items[1].starts_with("Talks with unions"), "{items:?}");
    }

    #[test]
    fn at_most_three_items() {
        let text = "The vote is scheduled for May. The ruling is due on June 2. Talks are due to resume next week. \
                    The law takes effect in July.";
        assert_eq!(watch(text).len(), MAX_ITEMS);
    }
}
