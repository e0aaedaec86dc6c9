//! Who acted in a trigger sentence: the `{actor}` of an impact bullet.
//!
//! The actor is the subject of the trigger's clause, as a reader would name it mid-sentence
//! ("the cut by the Riksbank", "the decision by Norway's central bank", "the closure by
//! Kranfeld"), found in this order:
//!
//! 1. an organisation or person named in the clause that is not the object of a preposition
//!    ("after a European Medicines Agency committee recommended …", not "customers of …");
//! 2. a body described rather than named ("Norway's central bank", "the city council",
//!    "Cape Town city council");
//! 3. a name the entity rules do not know, right before the trigger ("appliance maker
//!    Kranfeld will close", "Casa Verlani cut its forecast"); a single word only when the
//!    text also writes it capitalised in mid-sentence, so a capitalised word that merely
//!    opens a sentence ("Production will move …") is never an actor;
//! 4. a name the entity rules do not know right after a trigger ending in "at" ("a failure
//!    at cloud provider Nimbara disrupted …": the one that failed, not whom it took down);
//! 5. else the first organisation or person of the sentence that does not belong to
//!    something else ("customers of Nordhaven Bank"); "drivers at Anna Livia Buses" names
//!    their employer.
//!
//! A name in the possessive ("Orvanta's vaccine was approved by …") is the actor only when
//! none of the other rules finds one.
//!
//! Names get their article where English needs one: "the European Medicines Agency", "the
//! Riksbank", "the IMF", but "Apple", "Norges Bank", "Anna Livia Buses". The writer's own
//! "the" before a name decides first; then the name's shape (institutions ending in Agency,
//! Ministry, Council …, and "X of Y" names take it); acronyms take it only when listed.

use wkly_core::enrich::EntityKind;

use crate::entities;
use crate::gazetteer::{NameEntry, PlaceId, gazetteer, normalize};

/// An entity of the trigger sentence: its kind, its text as written, the index of the word
/// it starts at and its byte offset in the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Named {
    pub kind: EntityKind,
    pub text: String,
    pub word: usize,
    pub at: usize,
}

/// The trigger sentence as the actor rules see it.
pub(crate) struct Clause<'a> {
    /// The sentence, verbatim.
    pub sentence: &'a str,
    /// Its entities.
    pub named: &'a [Named],
    /// The word range of the trigger's clause.
    pub words: (usize, usize),
    /// The word indices where a trigger phrase starts, in the clause.
    pub triggers: &'a [usize],
    /// Where a dateline ends (0 without one): names before it never act.
    pub dateline_end: usize,
    /// The whole text of the story, to tell a name from a word that opens a sentence.
    pub text: &'a str,
}

/// The actor of a trigger clause, with its article, if one is found.
pub(crate) fn actor(c: &Clause<'_>) -> Option<String> {
    let words = word_spans(c.sentence);
    let acts = |n: &&Named| matches!(n.kind, EntityKind::Organisation | EntityKind::Person) && n.at >= c.dateline_end;
    let in_clause = |w: usize| (c.words.0..c.words.1).contains(&w);
    let subjects: Vec<&Named> =
        c.named.iter().filter(acts).filter(|n| in_clause(n.word) && !after_preposition(&words, n.word)).collect();
    // "Orvanta's vaccine was approved by the agency": an owner is the actor only when
    // nothing else in the clause can be.
    let owns = |n: &Named| c.sentence[n.at + n.text.len()..].starts_with(['\'', '\u{2019}']);
    if let Some(n) = subjects.iter().find(|n| !owns(n)) {
        return Some(with_article(c, &words, n));
    }
    if let Some(d) = described(c, &words) {
        return Some(d);
    }
    if let Some(name) = name_before_trigger(c, &words) {
        return Some(name);
    }
    if let Some(name) = name_after_failure_at(c, &words) {
        return Some(name);
    }
    if let Some(n) = subjects.first() {
        return Some(with_article(c, &words, n));
    }
    c.named
        .iter()
        .filter(acts)
        .filter(|n| !after_of(&words, n.word))
        .min_by_key(|n| n.word)
        .map(|n| with_article(c, &words, n))
}

/// Whether the word at `i` belongs to something else ("customers of Nordhaven Bank"):
/// unlike "drivers at Anna Livia Buses" or "scientists from the University of the Azores",
/// such a name is never the actor.
fn after_of(words: &[(usize, &str)], i: usize) -> bool {
    let mut k = i;
    while k > 0 {
        k -= 1;
        let lower = bare(words[k].1).to_lowercase();
        if !DETERMINERS.contains(&lower.as_str()) {
            return lower == "of";
        }
    }
    false
}

/// Byte spans of the white-space separated words of `s`.
fn word_spans(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, ch) in s.char_indices() {
        match (ch.is_whitespace(), start) {
            (true, Some(b)) => {
                out.push((b, &s[b..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(b) = start {
        out.push((b, &s[b..]));
    }
    out
}

/// A word without the punctuation around it.
fn bare(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

const PREPOSITIONS: &[&str] = &[
    "of",
    "for",
    "to",
    "with",
    "from",
    "at",
    "in",
    "on",
    "into",
    "onto",
    "against",
    "than",
    "about",
    "including",
    "like",
    "between",
    "among",
    "over",
    "under",
    "via",
    "across",
    "toward",
    "towards",
    "per",
    "versus",
    "behind",
    "within",
    "without",
    "inside",
    "outside",
    "near",
    "unlike",
    "despite",
];
const DETERMINERS: &[&str] = &["the", "a", "an", "its", "their", "his", "her", "our"];

/// Whether the word at `i` is the object of a preposition ("customers of Nordhaven Bank",
/// "a stake in the Riksbank"); "by" is left out, since "approved by the agency" names it.
fn after_preposition(words: &[(usize, &str)], i: usize) -> bool {
    let mut k = i;
    while k > 0 {
        k -= 1;
        let w = words[k].1;
        let lower = bare(w).to_lowercase();
        if DETERMINERS.contains(&lower.as_str()) && !w.ends_with(',') {
            continue;
        }
        return PREPOSITIONS.contains(&lower.as_str()) && !w.ends_with(',');
    }
    false
}

/// Names that take "the" although their shape does not say so.
const THE_NAMES: &[&str] = &[
    "UN",
    "EU",
    "IMF",
    "WHO",
    "WTO",
    "OECD",
    "ECB",
    "EMA",
    "FDA",
    "FTC",
    "EPA",
    "IRS",
    "FBI",
    "CIA",
    "SEC",
    "NHS",
    "ONS",
    "Fed",
    "Riksbank",
    "Bundesbank",
    "Kremlin",
    "White House",
    "Pentagon",
    "Bundestag",
    "Knesset",
    "Duma",
    "Élysée",
    "Elysee",
    "Vatican",
    "Red Cross",
    "World Bank",
    "Taliban",
];

/// Last words of institutions that take "the" ("the European Medicines Agency").
const THE_HEADS: &[&str] = &[
    "Agency",
    "Authority",
    "Commission",
    "Ministry",
    "Office",
    "Board",
    "Council",
    "Court",
    "Union",
    "Fund",
    "Department",
    "Institute",
    "Bureau",
    "Parliament",
    "Senate",
    "Congress",
    "Assembly",
    "Committee",
    "Federation",
    "Association",
    "Administration",
    "Foundation",
    "Organization",
    "Organisation",
    "Secretariat",
    "Cabinet",
    "Tribunal",
    "Government",
    "Party",
    "Police",
    "Army",
    "Navy",
    "Museum",
    "Library",
    "Service",
    "Treasury",
    "Inspectorate",
    "Ombudsman",
    "Regulator",
    "Reserve",
];

/// Whether a name reads with "the" in the middle of an English sentence, from its shape:
/// listed institutions; names ending in an institution word ("… Agency", "… Council",
/// "… Central Bank"); "X of Y" and "X for Y" names ("Bank of England", "Office for National
/// Statistics"). Companies ("Apple", "Nordhaven Bank", "Anna Livia Buses") and acronyms not
/// listed ("IBM") go without.
pub fn takes_the(name: &str) -> bool {
    if THE_NAMES.contains(&name) {
        return true;
    }
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    if !letters.is_empty() && letters.iter().all(|c| c.is_uppercase()) {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() > 1 && words[1..words.len() - 1].iter().any(|w| ["of", "for", "on"].contains(w)) {
        return true;
    }
    let last = words.last().copied().unwrap_or_default();
    if THE_HEADS.contains(&last) {
        return true;
    }
    words.len() > 1
        && last == "Bank"
        && ["Central", "Reserve", "National", "World", "Investment", "Development"].contains(&words[words.len() - 2])
}

/// A named actor as it reads mid-sentence: "the" when the writer put it there or the name
/// takes it, "Sweden's Riksbank" when the writer tied it to a place.
fn with_article(c: &Clause<'_>, words: &[(usize, &str)], n: &Named) -> String {
    if n.kind == EntityKind::Person {
        return n.text.clone();
    }
    if let Some(rest) = n.text.strip_prefix("The ") {
        return format!("the {rest}");
    }
    let before = n.word.checked_sub(1).map(|k| words[k].1).unwrap_or_default();
    if before == "the" || before == "The" {
        return format!("the {}", n.text);
    }
    let owner = before.strip_suffix("'s").or_else(|| before.strip_suffix("\u{2019}s"));
    if let Some(owner) = owner
        && c.named.iter().any(|p| p.kind == EntityKind::Place && p.text == owner)
    {
        return format!("{owner}'s {}", n.text);
    }
    if takes_the(&n.text) { format!("the {}", n.text) } else { n.text.clone() }
}

/// Bodies described rather than named, longest first so "city council" wins over "council".
const DESCRIBED: &[&str] = &[
    "central bank",
    "city council",
    "town council",
    "county council",
    "municipal council",
    "regional council",
    "state government",
    "federal government",
    "health ministry",
    "finance ministry",
    "drug regulator",
    "medicines regulator",
    "health authorities",
    "council",
    "ministry",
    "government",
    "regulator",
    "parliament",
];

/// A body described in the clause, with what the writer tied it to: "Norway's central
/// bank", "Cape Town city council", "the health ministry". A description with nothing
/// before it but "a" or "its" is no actor ("a central bank", "its regulator").
fn described(c: &Clause<'_>, words: &[(usize, &str)]) -> Option<String> {
    for i in c.words.0..c.words.1.min(words.len()) {
        for d in DESCRIBED {
            let parts: Vec<&str> = d.split(' ').collect();
            let Some(span) = words.get(i..i + parts.len()) else { continue };
            // Written in lower case, as a description; "Central Bank" is part of a name.
            let matches = span.iter().zip(&parts).enumerate().all(|(k, ((_, w), p))| {
                let w = if k + 1 == parts.len() { w.trim_end_matches([',', '.', ';', ':']) } else { w };
                w == *p
            });
            if !matches {
                continue;
            }
            let what = parts.join(" ");
            let before = i.checked_sub(1).map(|k| words[k].1).unwrap_or_default();
            let lower_before = before.to_lowercase();
            if lower_before == "the" {
                if after_preposition(words, i) {
                    return None;
                }
                return Some(format!("the {what}"));
            }
            let owner = before.strip_suffix("'s").or_else(|| before.strip_suffix("\u{2019}s"));
            if let Some(owner) = owner
                && owner.chars().next().is_some_and(char::is_uppercase)
            {
                let from = i - 1;
                let mut start = from;
                while start > 0 && capitalised_name_word(words[start - 1].1) && words[start - 1].0 >= c.dateline_end {
                    start -= 1;
                }
                if after_preposition(words, start) {
                    return None;
                }
                let owner_words: Vec<&str> = words[start..from].iter().map(|(_, w)| *w).chain([owner]).collect();
                return Some(format!("{}'s {what}", owner_words.join(" ")));
            }
            let mut start = i;
            while start > 0 && capitalised_name_word(words[start - 1].1) && words[start - 1].0 >= c.dateline_end {
                start -= 1;
            }
            if start < i && !after_preposition(words, start) {
                let place: Vec<&str> = words[start..i].iter().map(|(_, w)| *w).collect();
                let place = place.join(" ");
                // "The" that opens the sentence is an article, not part of a place.
                return Some(match place.strip_prefix("The ") {
                    Some(rest) => format!("the {rest} {what}"),
                    None => format!("{place} {what}"),
                });
            }
            return None;
        }
    }
    None
}

/// A capitalised word that can be part of a name before a description ("Cape Town"), not
/// one ending a clause or an abbreviation.
fn capitalised_name_word(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '\u{2019}')
        && !w.ends_with("'s")
}

/// A name the entity rules did not know, just before the first trigger phrase of the clause
/// ("German appliance maker Kranfeld will close its factory", "Casa Verlani cut its profit
/// forecast", "Brightshore Super, one of Australia's largest funds, will cut …"): the
/// nearest capitalised word before the trigger that is not a place or date, with up to two
/// capitalised words before it. A single word counts only when the text also writes it in
/// mid-sentence, so a word that merely opens a sentence is never taken for a name.
fn name_before_trigger(c: &Clause<'_>, words: &[(usize, &str)]) -> Option<String> {
    let first_trigger = c.triggers.iter().copied().filter(|t| (c.words.0..c.words.1).contains(t)).min()?;
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // "European-owned" and "Lisbon-based" describe; a hyphenated name capitalises each part.
    let name_word = |w: &str| {
        w.chars().all(|ch| ch.is_alphabetic() || ch == '-')
            && w.split('-').all(|part| part.chars().next().is_some_and(char::is_uppercase))
            && w.chars().skip(1).any(char::is_lowercase)
            && !entities::is_common_word(w)
    };
    let mut k = first_trigger.min(words.len());
    while k > c.words.0 {
        k -= 1;
        let (at, w) = words[k];
        if at < c.dateline_end || first_trigger - k > 20 {
            return None;
        }
        let token = w.trim_end_matches([',', ';', ':']);
        if !capitalised(token) {
            continue;
        }
        let stem = token.strip_suffix("'s").or_else(|| token.strip_suffix("\u{2019}s")).unwrap_or(token);
        if c.named.iter().any(|n| {
            matches!(n.kind, EntityKind::Place | EntityKind::Date) && n.text.split_whitespace().any(|p| bare(p) == stem)
        }) || well_known_place(stem)
        {
            continue;
        }
        // The nearest other capitalised word decides: a name, or nothing ("Kranfeld's plant"
        // is owned, not acting).
        if stem != token || !name_word(token) {
            return None;
        }
        let mut first = k;
        while first > c.words.0
            && k - first < 2
            && words[first - 1].0 >= c.dateline_end
            && capitalised(words[first - 1].1)
            && name_word(words[first - 1].1)
        {
            first -= 1;
        }
        if after_preposition(words, first) {
            return None;
        }
        let run: Vec<&str> = words[first..=k].iter().map(|(_, w)| w.trim_end_matches([',', ';', ':'])).collect();
        let name = run.join(" ");
        if run.len() == 1 && (token.chars().count() < 3 || !written_as_name(c.text, token)) {
            return None;
        }
        return Some(if takes_the(&name) { format!("the {name}") } else { name });
    }
    None
}

/// A name the entity rules do not know right after a trigger that ends in "at": in "a
/// failure at cloud provider Nimbara disrupted …" the one that failed is Nimbara, not
/// whoever its failure took down. A few lower-case words may describe it first.
fn name_after_failure_at(c: &Clause<'_>, words: &[(usize, &str)]) -> Option<String> {
    let in_clause = |k: usize| (c.words.0..c.words.1.min(words.len())).contains(&k);
    let trigger = c.triggers.iter().copied().filter(|&t| in_clause(t)).min()?;
    let at = (trigger..trigger + 3).find(|&k| in_clause(k) && bare(words[k].1).eq_ignore_ascii_case("at"))?;
    let name_word = |w: &str| {
        w.chars().all(char::is_alphabetic)
            && w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).any(char::is_lowercase)
            && !entities::is_common_word(w)
    };
    let mut k = at + 1;
    while in_clause(k) && k <= at + 3 && words[k].1.chars().all(char::is_lowercase) {
        k += 1;
    }
    let first = k;
    while in_clause(k) && k < first + 3 && name_word(words[k].1.trim_end_matches([',', ';', ':'])) {
        k += 1;
        if words[k - 1].1.ends_with([',', ';', ':']) {
            break;
        }
    }
    let run: Vec<&str> = words[first..k].iter().map(|(_, w)| w.trim_end_matches([',', ';', ':'])).collect();
    match run.as_slice() {
        [] => None,
        [one] if one.chars().count() < 3 || !written_as_name(c.text, one) => None,
        _ => {
            let name = run.join(" ");
            Some(if takes_the(&name) { format!("the {name}") } else { name })
        }
    }
}

/// Whether `word` names a country, a region, a large city or a nationality ("Poland" in
/// "Łódź, Poland,", "German"): small towns are left out, as their names are often names
/// of companies and clubs too ("Ajax").
fn well_known_place(word: &str) -> bool {
    let g = gazetteer();
    g.lookup(&normalize(word)).iter().any(|e| match e {
        NameEntry::Demonym(_) | NameEntry::Place(PlaceId::Country(_) | PlaceId::Region(_)) => true,
        NameEntry::Place(id @ PlaceId::City(_)) => g.population(*id) >= 200_000,
    })
}

/// Whether `name` is written capitalised somewhere in mid-sentence (after a lower-case word
/// or a comma), as names are and words that merely open a sentence are not.
fn written_as_name(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let after_ok = !text[at + name.len()..].chars().next().is_some_and(char::is_alphanumeric);
        let mut before = text[..at].chars().rev();
        let space = before.next().is_some_and(|c| c == ' ');
        let prev = before.next();
        after_ok && space && prev.is_some_and(|p| p.is_lowercase() || p == ',')
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wkly_core::enrich::Document;

    fn named(sentence: &str) -> Vec<Named> {
        entities::entities(&Document::new("", sentence))
            .into_iter()
            .filter_map(|e| {
                let at = sentence.find(e.text.as_str())?;
                Some(Named { kind: e.kind, word: sentence[..at].split_whitespace().count(), text: e.text, at })
            })
            .collect()
    }

    /// The actor of `sentence` when its clause is the whole sentence and the trigger starts
    /// at the first occurrence of `trigger`.
    fn actor_of(sentence: &str, trigger: &str, text: &str) -> Option<String> {
        let named = named(sentence);
        let at = sentence.find(trigger).unwrap_or(0);
        let triggers = [sentence[..at].split_whitespace().count()];
        let dateline_end = [" — ", " – "].iter().filter_map(|d| sentence.find(d)).min().unwrap_or(0);
        let words = (0, sentence.split_whitespace().count());
        actor(&Clause { sentence, named: &named, words, triggers: &triggers, dateline_end, text })
    }

    #[test]
    fn broken_and_hostile_sentences_give_no_actor_or_a_name_from_them_without_panicking() {
        for s in [
            "",
            " ",
            "The",
            "The council",
            "'s council",
            "— — —",
            "<script>alert(1)</script> will close",
            "🙂 Ü's city council cut",
        ] {
            let _ = actor_of(s, "cut", s);
        }
        let long = "Kranfeld will close ".repeat(5_000);
        assert_eq!(actor_of(&long, "close", "maker Kranfeld").as_deref(), Some("Kranfeld"));
        let s = "The Vestby city council voted to close the pool.";
        assert_eq!(actor_of(s, "close", s).as_deref(), Some("the Vestby city council"));
    }

    #[test]
    fn institutions_take_the_and_companies_and_unlisted_acronyms_do_not() {
        for name in [
            "European Medicines Agency",
            "Riksbank",
            "IMF",
            "EMA",
            "Bank of England",
            "World Bank",
            "Office for National Statistics",
            "European Central Bank",
            "Reserve Bank of Australia",
            "Ministry of Social Affairs and Health",
            "National Environment Agency",
            "University of the Azores",
        ] {
            assert!(takes_the(name), "{name}");
        }
        for name in [
            "Apple",
            "Nordhaven Bank",
            "Norges Bank",
            "Anna Livia Buses",
            "IBM",
            "Veltrix Semiconductor",
            "Brightmoor Building Society",
            "Statistics Indonesia",
        ] {
            assert!(!takes_the(name), "{name}");
        }
    }

    #[test]
    fn a_named_actor_reads_with_the_article_the_writer_or_the_name_gives_it() {
        let s = "AMSTERDAM (Meridian Wire) — The European Medicines Agency's human medicines committee on Thursday \
                 recommended approving Duavira, a single vaccine.";
        assert_eq!(actor_of(s, "recommended", s).as_deref(), Some("the European Medicines Agency"));
        let s = "STOCKHOLM — Sweden's Riksbank cut its policy rate to 1.50% on Wednesday.";
        assert_eq!(actor_of(s, "cut", s).as_deref(), Some("Sweden's Riksbank"));
        let s = "OSLO (Meridian Wire) — Norges Bank lowered its policy rate to 3.75% on Thursday.";
        assert_eq!(actor_of(s, "lowered", s).as_deref(), Some("Norges Bank"));
        let s = "The IMF cut its growth forecast for Brazil on Tuesday.";
        assert_eq!(actor_of(s, "cut", s).as_deref(), Some("the IMF"));
    }

    #[test]
    fn the_object_of_a_preposition_is_not_the_actor_when_the_clause_has_a_subject() {
        let s = "Customers of Nordhaven Bank said Brightmoor Building Society raised its rate to 4.35%.";
        assert_eq!(actor_of(s, "raised", s).as_deref(), Some("Brightmoor Building Society"));
        let s = "Orvanta Biopharma's Duavira was approved by the European Medicines Agency on Thursday.";
        assert_eq!(actor_of(s, "approved", s).as_deref(), Some("the European Medicines Agency"));
        let s = "Shares rose after a European Medicines Agency committee recommended approval of Duavira.";
        assert_eq!(actor_of(s, "recommended", s).as_deref(), Some("the European Medicines Agency"));
    }

    #[test]
    fn bodies_described_rather_than_named_are_actors_with_what_they_are_tied_to() {
        let s = "OSLO — Norway's central bank lowered its policy rate by a quarter point to 3.75%.";
        assert_eq!(actor_of(s, "lowered", s).as_deref(), Some("Norway's central bank"));
        let s = "Cape Town, Nov. 24 — Cape Town city council on Tuesday approved plans for a desalination plant.";
        assert_eq!(actor_of(s, "approved", s).as_deref(), Some("Cape Town city council"));
        let s = "The health ministry said on Friday it would close 12 clinics.";
        assert_eq!(actor_of(s, "close", s).as_deref(), Some("the health ministry"));
        let s = "Analysts said a central bank would usually cut rates in such a slump.";
        assert_eq!(actor_of(s, "cut", s), None);
        let s = "Mortgage costs fell after a decision of the central bank to cut rates.";
        assert_eq!(actor_of(s, "cut", s), None);
    }

    #[test]
    fn a_one_word_company_before_the_trigger_is_the_actor_but_a_word_opening_a_sentence_is_not() {
        let text = "STUTTGART — German appliance maker Kranfeld will close its factory in Łódź, Poland, by 2027. \
                    Production will move to Turkey.";
        let s = "STUTTGART — German appliance maker Kranfeld will close its factory in Łódź, Poland, by 2027.";
        assert_eq!(actor_of(s, "close", text).as_deref(), Some("Kranfeld"));
        let s = "Kranfeld swung to a loss and said it would close its factory.";
        assert_eq!(actor_of(s, "close", text).as_deref(), Some("Kranfeld"));
        let s = "Production will move to Turkey.";
        assert_eq!(actor_of(s, "move", text), None);
        let s = "Ajax said it would close the plant.";
        assert_eq!(actor_of(s, "close", s), None, "Ajax is never written in mid-sentence");
        let ajax = "Ajax said it would close the plant. Shares in Ajax fell 4%.";
        assert_eq!(actor_of(s, "close", ajax).as_deref(), Some("Ajax"));
        let s = "Officials will close the road on Sunday.";
        assert_eq!(actor_of(s, "close", s), None);
        let s = "MILAN — Casa Verlani cut its profit forecast on Tuesday after sales in China fell.";
        assert_eq!(actor_of(s, "cut", s).as_deref(), Some("Casa Verlani"));
        let s = "SYDNEY — Brightshore Super, one of Australia's largest superannuation funds, will cut its fees.";
        assert_eq!(actor_of(s, "superannuation", s).as_deref(), Some("Brightshore Super"));
        let s = "Kranfeld will shut its plant in Łódź, Poland, eliminating about 1,400 jobs.";
        assert_eq!(actor_of(s, "eliminating", text).as_deref(), Some("Kranfeld"));
        let s = "Production at Kranfeld's plant will close in 2027.";
        assert_eq!(actor_of(s, "close", text), None);
    }
}
