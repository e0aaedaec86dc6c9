//! The impact playbook: what a story means for a reader, as rules kept in data files.
//!
//! Each entry of `data/playbook/*.toml` names the sentences that trigger it (groups of
//! phrases that must all appear, phrases that must not) and advice templates per reader
//! goal whose slots (`{actor}`, `{percent}`, `{amount}`, `{place}`, `{date}`) are filled
//! from the trigger sentence alone — so a bullet never states a fact its evidence does not
//! contain. The format is documented in `data/playbook/README.md`.
//!
//! Selection says less rather than something generic: an entry fires only when its slots
//! are found, every bullet names something specific to the story, and a story may get no
//! bullet at all. Pure: files are compiled in.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use serde::Deserialize;
use wkly_core::enrich::{Document, EntityKind};

use crate::actor::{self, Clause, Named};
use crate::{entities, text};

/// Most bullets a story gets.
pub const MAX_IMPACTS: usize = 4;
/// Most bullets one entry contributes, so one rule cannot fill the list.
const MAX_PER_ENTRY: usize = 2;
/// The sentences of a story's lead, where an entry marked `lead` must fire.
const LEAD_SENTENCES: usize = 2;

const FILES: &[(&str, &str)] = &[
    ("business.toml", include_str!("../data/playbook/business.toml")),
    ("climate.toml", include_str!("../data/playbook/climate.toml")),
    ("culture.toml", include_str!("../data/playbook/culture.toml")),
    ("economy.toml", include_str!("../data/playbook/economy.toml")),
    ("health.toml", include_str!("../data/playbook/health.toml")),
    ("lifestyle.toml", include_str!("../data/playbook/lifestyle.toml")),
    ("money.toml", include_str!("../data/playbook/money.toml")),
    ("politics.toml", include_str!("../data/playbook/politics.toml")),
    ("science.toml", include_str!("../data/playbook/science.toml")),
    ("sports.toml", include_str!("../data/playbook/sports.toml")),
    ("tech.toml", include_str!("../data/playbook/tech.toml")),
    ("travel.toml", include_str!("../data/playbook/travel.toml")),
    ("work.toml", include_str!("../data/playbook/work.toml")),
    ("world.toml", include_str!("../data/playbook/world.toml")),
];

/// A bullet: advice for one goal and the source sentence it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Impact {
    pub goal: String,
    pub text: String,
    /// The trigger sentence, verbatim from the text.
    pub evidence: String,
    /// Byte offset of the evidence in the text.
    pub evidence_start: usize,
    /// The playbook entry that produced it.
    pub entry: String,
}

/// A poll drafted from the entry that fired first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollDraft {
    pub question: String,
    pub options: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    entry: Vec<RawEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: String,
    about: String,
    topic: String,
    #[serde(default)]
    categories: Vec<String>,
    all: Vec<Vec<String>>,
    #[serde(default)]
    none: Vec<String>,
    #[serde(default)]
    needs: Vec<String>,
    #[serde(default)]
    lead: bool,
    fires: String,
    misses: String,
    advice: Vec<RawAdvice>,
    poll: Option<RawPoll>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdvice {
    goal: String,
    text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPoll {
    question: String,
    options: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Actor,
    Percent,
    Amount,
    Place,
    Date,
}

impl Slot {
    fn parse(s: &str) -> Option<Slot> {
        Some(match s {
            "actor" => Slot::Actor,
            "percent" => Slot::Percent,
            "amount" => Slot::Amount,
            "place" => Slot::Place,
            "date" => Slot::Date,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Slot::Actor => "actor",
            Slot::Percent => "percent",
            Slot::Amount => "amount",
            Slot::Place => "place",
            Slot::Date => "date",
        }
    }
}

/// A phrase, lower case, matched at word boundaries; `prefix` when written with a final `*`.
#[derive(Debug, Clone)]
struct Phrase {
    text: String,
    prefix: bool,
}

impl Phrase {
    fn new(raw: &str) -> Phrase {
        let raw = normalize(raw.trim());
        let (text, prefix) = match raw.strip_suffix('*') {
            Some(t) => (t.to_string(), true),
            None => (raw, false),
        };
        Phrase { text: text.split_whitespace().collect::<Vec<_>>().join(" "), prefix }
    }

    fn same(&self, other: &Phrase) -> bool {
        self.text == other.text && self.prefix == other.prefix
    }

    /// Whether the phrase occurs in `hay` (normalised) at word boundaries.
    fn occurs_in(&self, hay: &str) -> bool {
        !self.text.is_empty()
            && hay.match_indices(self.text.as_str()).any(|(at, m)| self.bounded_at(hay, at, at + m.len()))
    }

    /// Whether an occurrence at `start..end` of `hay` starts and (unless a prefix) ends a word.
    fn bounded_at(&self, hay: &str, start: usize, end: usize) -> bool {
        let word = |c: char| c.is_alphanumeric() || c == '_';
        let before_ok = !hay[..start].chars().next_back().is_some_and(word);
        let after_ok = self.prefix || !hay[end..].chars().next().is_some_and(word);
        before_ok && after_ok
    }
}

/// One playbook entry, checked and ready to match.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub about: String,
    /// What a story that fires the entry is about, as a reader would say it ("rising
    /// mortgage rates"): the reason a roadmap is linked.
    pub topic: String,
    categories: Vec<String>,
    all: Vec<Vec<Phrase>>,
    none: Vec<Phrase>,
    needs: Vec<Slot>,
    /// Fires only on the story's lead (its first [`LEAD_SENTENCES`] sentences): for events
    /// that matter when they are the news, not when a report mentions them in passing.
    lead: bool,
    pub(crate) advice: Vec<(String, String)>,
    poll: Option<RawPoll>,
    /// A text written to fire the entry, and a near miss that must not (checked by tests).
    pub fires: String,
    pub misses: String,
}

/// Every entry of the playbook.
#[derive(Debug, Clone, Default)]
pub struct Playbook {
    pub entries: Vec<Entry>,
    /// Every distinct phrase of every entry's `all` groups, found in one pass over a text.
    finder: Option<PhraseFinder>,
}

/// One automaton over all trigger phrases: which of them occur in a text, at word
/// boundaries, in a single scan (instead of one scan per phrase).
#[derive(Debug, Clone)]
struct PhraseFinder {
    automaton: AhoCorasick,
    /// The phrases, by automaton pattern id.
    phrases: Vec<Phrase>,
}

impl PhraseFinder {
    fn new(entries: &[Entry]) -> Option<PhraseFinder> {
        let mut phrases: Vec<Phrase> = Vec::new();
        for p in entries.iter().flat_map(|e| e.all.iter().flatten()) {
            if !p.text.is_empty() && !phrases.iter().any(|q| q.text == p.text && q.prefix == p.prefix) {
                phrases.push(p.clone());
            }
        }
        let automaton = AhoCorasick::new(phrases.iter().map(|p| p.text.as_str())).ok()?;
        Some(PhraseFinder { automaton, phrases })
    }

    /// The phrases that occur in `hay` (normalised) at word boundaries.
    fn present(&self, hay: &str) -> Vec<&Phrase> {
        let mut seen = vec![false; self.phrases.len()];
        for m in self.automaton.find_overlapping_iter(hay) {
            let i = m.pattern().as_usize();
            if !seen[i] && self.phrases[i].bounded_at(hay, m.start(), m.end()) {
                seen[i] = true;
            }
        }
        self.phrases.iter().zip(seen).filter(|(_, s)| *s).map(|(p, _)| p).collect()
    }
}

/// The playbook compiled into the binary. Its files are checked by this crate's tests, so
/// a broken file cannot ship; were one to, its entries are left out rather than crashing.
pub fn playbook() -> &'static Playbook {
    static PLAYBOOK: LazyLock<Playbook> = LazyLock::new(|| Playbook::parse(FILES).unwrap_or_default());
    &PLAYBOOK
}

impl Playbook {
    /// Parses playbook files, reporting every problem with its file and entry.
    pub fn parse(files: &[(&str, &str)]) -> Result<Playbook, Vec<String>> {
        let mut entries: Vec<Entry> = Vec::new();
        let mut problems = Vec::new();
        for (name, text) in files {
            let file: File = match toml::from_str(text) {
                Ok(f) => f,
                Err(e) => {
                    problems.push(format!("{name}: {e}"));
                    continue;
                }
            };
            for raw in file.entry {
                let at = format!("{name}: entry {:?}", raw.id);
                if entries.iter().any(|e| e.id == raw.id) {
                    problems.push(format!("{at}: the id is used twice"));
                }
                let mut needs = Vec::new();
                for n in &raw.needs {
                    match Slot::parse(n) {
                        Some(s) => needs.push(s),
                        None => problems.push(format!("{at}: unknown slot {n:?}")),
                    }
                }
                if raw.topic.trim().is_empty() {
                    problems.push(format!("{at}: `topic` is empty"));
                }
                if raw.all.is_empty() || raw.all.iter().any(Vec::is_empty) {
                    problems.push(format!("{at}: `all` needs at least one group, each with a phrase"));
                }
                for a in &raw.advice {
                    for used in slots_in(&a.text) {
                        if !needs.iter().any(|s| s.name() == used) {
                            problems.push(format!("{at}: advice uses {{{used}}} but `needs` does not list it"));
                        }
                    }
                }
                entries.push(Entry {
                    id: raw.id,
                    about: raw.about,
                    topic: raw.topic,
                    categories: raw.categories,
                    all: raw.all.iter().map(|g| g.iter().map(|p| Phrase::new(p)).collect()).collect(),
                    none: raw.none.iter().map(|p| Phrase::new(p)).collect(),
                    needs,
                    lead: raw.lead,
                    advice: raw.advice.into_iter().map(|a| (a.goal, a.text)).collect(),
                    poll: raw.poll,
                    fires: raw.fires,
                    misses: raw.misses,
                });
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let finder = PhraseFinder::new(&entries);
        Ok(Playbook { entries, finder })
    }

    /// The bullets for a story: up to [`MAX_IMPACTS`], the reader's `primary_goal` first,
    /// then by where their evidence sits in the text (the lead first), each distinct.
    pub fn impacts(&self, doc: &Document<'_>, category: Option<&str>, primary_goal: Option<&str>) -> Vec<Impact> {
        self.draft(doc, category).impacts(primary_goal)
    }

    /// [`Playbook::impacts`] and [`Playbook::poll`] from one pass over the text.
    pub fn impacts_and_poll(
        &self,
        doc: &Document<'_>,
        category: Option<&str>,
        primary_goal: Option<&str>,
    ) -> (Vec<Impact>, Option<PollDraft>) {
        let draft = self.draft(doc, category);
        (draft.impacts(primary_goal), draft.poll())
    }

    /// The entries a story fires, earliest evidence first, from which its bullets, poll,
    /// the goals it has advice for and its actor are read.
    pub fn draft<'a, 'd>(&'a self, doc: &Document<'d>, category: Option<&str>) -> Draft<'a, 'd> {
        let mut fired = self.fire(doc, category);
        fired.sort_by_key(|f| f.evidence_start);
        Draft { fired }
    }

    /// A poll from the earliest-firing entry that carries one.
    pub fn poll(&self, doc: &Document<'_>, category: Option<&str>) -> Option<PollDraft> {
        self.draft(doc, category).poll()
    }

    /// The entries a story fires, its earliest evidence first: what it is about, in the
    /// playbook's own words (for matching roadmaps).
    pub fn fired_entries(&self, doc: &Document<'_>, category: Option<&str>) -> Vec<&Entry> {
        let mut fired = self.fire(doc, category);
        fired.sort_by_key(|f| f.evidence_start);
        fired.into_iter().map(|f| f.entry).collect()
    }

    /// The ids of the entries `text` fires, in playbook order (for tests and editors).
    pub fn fired_ids(&self, text: &str, category: Option<&str>) -> Vec<String> {
        self.fire(&Document::new("", text), category).into_iter().map(|f| f.entry.id.clone()).collect()
    }

    fn fire<'a, 'd>(&'a self, doc: &Document<'d>, category: Option<&str>) -> Vec<Fired<'a, 'd>> {
        // Most entries cannot fire at all: a phrase group with no phrase anywhere in the text
        // rules an entry out in one pass, before any sentence is looked at.
        let whole = normalize(doc.text);
        let present = self.finder.as_ref().map(|f| f.present(&whole));
        let sentences: Vec<(text::Sentence<'d>, String)> =
            text::sentences(doc.text).into_iter().map(|s| (s, normalize(s.text))).collect();
        // Slots cost an entity pass: found once per sentence, however many entries ask.
        let mut entity_cache: Vec<Option<Vec<Named>>> = vec![None; sentences.len()];
        let mut out = Vec::new();
        for entry in &self.entries {
            if let Some(c) = category
                && !entry.categories.is_empty()
                && !entry.categories.iter().any(|k| k == c)
            {
                continue;
            }
            let possible = match &present {
                Some(found) => entry.all.iter().all(|g| g.iter().any(|p| found.iter().any(|f| f.same(p)))),
                None => entry.all.iter().all(|g| g.iter().any(|p| p.occurs_in(&whole))),
            };
            if !possible {
                continue;
            }
            for (i, (sentence, lower)) in sentences.iter().enumerate() {
                if entry.lead && i >= LEAD_SENTENCES {
                    break;
                }
                // Someone's own words are not a reported fact to advise on ("We bought in
                // March," said a homeowner, is no acquisition).
                if QUOTE_MARKS.iter().any(|q| sentence.text.contains(*q)) {
                    continue;
                }
                // A hedge or a different event rules out its statement ("Norges Bank
                // lowered its rate …, and said it would probably cut again" still reports
                // a cut); the phrases must stand together in one clause of it:
                // "unemployment rose …, and house prices have fallen" is no house-price rise.
                let Some(clause) = statements(lower).find_map(|(from, to, first_word)| {
                    let part = &lower[from..to];
                    if entry.none.iter().any(|p| p.occurs_in(part)) {
                        return None;
                    }
                    near_together(&entry.all, part).map(|(a, b)| (a + first_word, b + first_word))
                }) else {
                    continue;
                };
                let found = entity_cache[i].get_or_insert_with(|| sentence_entities(sentence.text));
                let triggers = trigger_words(&entry.all, lower, clause);
                let trigger = Clause {
                    sentence: sentence.text,
                    named: found,
                    words: clause,
                    triggers: &triggers,
                    dateline_end: dateline_end(sentence.text),
                    text: doc.text,
                };
                let slots = slots(&trigger);
                if entry.needs.iter().all(|s| slots.iter().any(|(k, _)| k == s)) {
                    out.push(Fired { entry, evidence: sentence.text, evidence_start: sentence.start, slots });
                    break;
                }
            }
        }
        out
    }
}

/// The entries a story fires, earliest evidence first (see [`Playbook::draft`]).
pub struct Draft<'a, 'd> {
    fired: Vec<Fired<'a, 'd>>,
}

impl Draft<'_, '_> {
    /// The bullets: up to [`MAX_IMPACTS`], the reader's `primary_goal` first, then by where
    /// their evidence sits in the text (the lead first), each distinct.
    pub fn impacts(&self, primary_goal: Option<&str>) -> Vec<Impact> {
        let mut candidates: Vec<(usize, Impact)> = Vec::new();
        for f in &self.fired {
            for (goal, template) in &f.entry.advice {
                let text = fill(template, &f.slots);
                let rank = usize::from(primary_goal != Some(goal.as_str()));
                candidates.push((
                    rank,
                    Impact {
                        goal: goal.clone(),
                        text,
                        evidence: f.evidence.to_string(),
                        evidence_start: f.evidence_start,
                        entry: f.entry.id.clone(),
                    },
                ));
            }
        }
        candidates.sort_by_key(|(rank, i)| (*rank, i.evidence_start));
        let mut out: Vec<Impact> = Vec::new();
        for (_, impact) in candidates {
            let from_entry = out.iter().filter(|i| i.entry == impact.entry).count();
            // One bullet per goal: two entries that fire on one strike would otherwise give
            // two near-identical travel tips.
            let repeats = out.iter().any(|i| i.text == impact.text || i.goal == impact.goal);
            if from_entry < MAX_PER_ENTRY && !repeats {
                out.push(impact);
            }
            if out.len() == MAX_IMPACTS {
                break;
            }
        }
        out
    }

    /// The poll of the earliest-firing entry that carries one.
    pub fn poll(&self) -> Option<PollDraft> {
        self.fired
            .iter()
            .find_map(|f| f.entry.poll.clone())
            .map(|p| PollDraft { question: p.question, options: p.options })
    }

    /// The goals the story has advice for, each once, in the order of their evidence.
    pub fn goals(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (goal, _) in self.fired.iter().flat_map(|f| &f.entry.advice) {
            if !out.contains(&goal.as_str()) {
                out.push(goal);
            }
        }
        out
    }

    /// Who the story is about: the actor of the earliest trigger that names one ("a
    /// failure at cloud provider Nimbara" gives Nimbara, not a customer it took down).
    pub fn actor(&self) -> Option<&str> {
        self.fired.iter().find_map(|f| f.slots.iter().find(|(k, _)| *k == Slot::Actor).map(|(_, v)| v.as_str()))
    }
}

struct Fired<'a, 'd> {
    entry: &'a Entry,
    evidence: &'d str,
    evidence_start: usize,
    slots: Vec<(Slot, String)>,
}

const QUOTE_MARKS: [&str; 5] = ["\"", "\u{201c}", "\u{201d}", "\u{ab}", "\u{bb}"];

/// Lower case with straight quotes and apostrophes, so phrases match either typography.
fn normalize(s: &str) -> String {
    s.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'").replace(['\u{201c}', '\u{201d}'], "\"")
}

/// The slot names a template uses.
fn slots_in(template: &str) -> Vec<&str> {
    template.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
}

/// Words written in capitals for a dateline ("LEVI, Finland") in ordinary case; short
/// ones are left alone, as they are more likely initials ("USA", "UK").
fn speak_capitals(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            if letters > 3 && !w.chars().any(char::is_lowercase) { title_case(w) } else { w.to_string() }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn fill(template: &str, slots: &[(Slot, String)]) -> String {
    let mut out = template.to_string();
    for (slot, value) in slots {
        out = out.replace(&format!("{{{}}}", slot.name()), value);
    }
    out
}

/// Where one clause ends and the next begins: phrases on both sides of these are about
/// different things ("unemployment rose to 5.4%, and house prices have fallen").
const CLAUSE_BREAKS: &[&str] =
    &[";", ", and ", ", but ", ", while ", ", whereas ", " but ", " while ", ", although ", ", as ", ", after "];

/// Where a sentence reports a second thing someone said: "Norges Bank lowered its rate,
/// and said it would probably cut again" is a cut, then a forecast.
const STATEMENT_BREAKS: &[&str] =
    &[" and said ", " and says ", ", saying ", " and signalled ", " and signaled ", " and warned ", " and added "];

/// The statements of `hay` (normalised sentence) as byte ranges, each with the index of
/// its first word in the sentence.
fn statements(hay: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        let rest = &hay[from..];
        let cut = STATEMENT_BREAKS.iter().filter_map(|b| rest.find(b).map(|at| (at, b.len()))).min();
        let to = match cut {
            Some((at, len)) => {
                start = Some(from + at + len);
                from + at
            }
            None => {
                start = None;
                hay.len()
            }
        };
        Some((from, to, hay[..from].split_whitespace().count()))
    })
}

/// The word range of the first clause of `hay` holding every phrase group, if any.
fn near_together(groups: &[Vec<Phrase>], hay: &str) -> Option<(usize, usize)> {
    let mut start = 0;
    let mut words = 0;
    loop {
        let rest = &hay[start..];
        let cut = CLAUSE_BREAKS.iter().filter_map(|b| rest.find(b).map(|at| (at, b.len()))).min();
        let (clause, next) = match cut {
            Some((at, len)) => (&rest[..at], Some(start + at + len)),
            None => (rest, None),
        };
        let clause_words = clause.split_whitespace().count();
        if groups.iter().all(|g| g.iter().any(|p| p.occurs_in(clause))) {
            return Some((words, words + clause_words));
        }
        words += clause_words;
        start = next?;
    }
}

/// Where a dateline ("LEVI, Finland (Meridian Wire) —") ends, if the sentence opens with
/// one: a word in capitals, then a dash within the first 80 bytes.
fn dateline_end(sentence: &str) -> usize {
    let opens_loud = sentence
        .split(|c: char| !c.is_alphabetic())
        .next()
        .is_some_and(|w| w.chars().count() > 1 && !w.chars().any(char::is_lowercase));
    if !opens_loud {
        return 0;
    }
    [" — ", " – ", " - "].iter().filter_map(|d| sentence.find(d)).filter(|at| *at <= 80).min().unwrap_or(0)
}

/// Names inside a dateline say where the story was filed and who filed it (a small town
/// in capitals reads as an acronym, the agency as an organisation); they never acted.
fn opens_dateline(sentence: &str, e: &wkly_core::enrich::Entity) -> bool {
    let end = dateline_end(sentence);
    matches!(e.kind, EntityKind::Organisation | EntityKind::Person)
        && end > 0
        && sentence.find(e.text.as_str()).is_some_and(|at| at < end)
}

/// Entities of one sentence with the word index and byte offset where each first occurs.
fn sentence_entities(sentence: &str) -> Vec<Named> {
    entities::entities(&Document::new("", sentence))
        .into_iter()
        .filter(|e| !opens_dateline(sentence, e))
        .filter_map(|e| {
            let at = sentence.find(e.text.as_str())?;
            Some(Named { kind: e.kind, word: sentence[..at].split_whitespace().count(), text: e.text, at })
        })
        .collect()
}

/// The word indices in `clause` of `lower` (the normalised sentence) where a phrase of
/// `groups` starts: where the trigger stands, so the actor can be found before it.
fn trigger_words(groups: &[Vec<Phrase>], lower: &str, clause: (usize, usize)) -> Vec<usize> {
    let mut out = Vec::new();
    for p in groups.iter().flatten().filter(|p| !p.text.is_empty()) {
        for (at, m) in lower.match_indices(p.text.as_str()) {
            let word = lower[..at].split_whitespace().count();
            if p.bounded_at(lower, at, at + m.len()) && (clause.0..clause.1).contains(&word) {
                out.push(word);
            }
        }
    }
    out
}

/// The slots of a trigger sentence, as written there: the actor of the trigger's clause
/// (see [`actor`]), the first place in the sentence after its dateline, and the first figures and date inside
/// the trigger's clause (a word range) — in "unemployment rose to 5.4%, while house prices
/// rose 2%" a house-price bullet gets 2%.
fn slots(c: &Clause<'_>) -> Vec<(Slot, String)> {
    let (found, clause) = (c.named, c.words);
    let first = |kind: EntityKind| found.iter().filter(|n| n.kind == kind).min_by_key(|n| n.word);
    // The dateline says where the report was filed: "KATHMANDU — Nepal reopened …" is
    // about Nepal. A dateline place counts when the sentence names it again ("BERGEN —
    // … flights at Bergen airport"), else the first place named after the dateline.
    let (head, tail) = c.sentence.split_at(c.dateline_end);
    let (head, tail) = (head.to_lowercase(), tail.to_lowercase());
    let after = |n: &Named| tail.find(&n.text.to_lowercase());
    let places = || found.iter().filter(|n| n.kind == EntityKind::Place);
    let place = places()
        .filter(|_| c.dateline_end > 0)
        .filter(|n| head.contains(&n.text.to_lowercase()) && after(n).is_some())
        .min_by_key(|n| head.find(&n.text.to_lowercase()))
        .or_else(|| places().filter(|n| c.dateline_end > 0 && after(n).is_some()).min_by_key(|n| after(n)))
        .or_else(|| first(EntityKind::Place));
    let nearest = |kind: EntityKind| {
        found.iter().filter(|n| n.kind == kind && (clause.0..clause.1).contains(&n.word)).min_by_key(|n| n.word)
    };
    let mut out = Vec::new();
    if let Some(actor) = actor::actor(c) {
        out.push((Slot::Actor, actor));
    }
    for (slot, kind) in [
        (Slot::Percent, EntityKind::Percent),
        (Slot::Amount, EntityKind::Money),
        (Slot::Place, EntityKind::Place),
        (Slot::Date, EntityKind::Date),
    ] {
        let pick = if slot == Slot::Place { place } else { nearest(kind) };
        if let Some(n) = pick {
            // Datelines shout ("BERGEN —"); a bullet speaks normally ("in Bergen").
            let value = if slot == Slot::Place { speak_capitals(&n.text) } else { n.text.clone() };
            out.push((slot, value));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The slots of `sentence` for a trigger clause spanning the word range `clause`.
    fn slots_of(sentence: &str, clause: (usize, usize)) -> Vec<(Slot, String)> {
        let named = sentence_entities(sentence);
        let dateline_end = dateline_end(sentence);
        slots(&Clause { sentence, named: &named, words: clause, triggers: &[], dateline_end, text: sentence })
    }

    #[test]
    fn the_playbook_files_parse_without_a_problem() {
        let parsed = Playbook::parse(FILES);
        assert!(parsed.is_ok(), "{:#?}", parsed.err());
        assert!(playbook().entries.len() >= 60, "{} entries", playbook().entries.len());
    }

    #[test]
    fn every_entry_fires_on_its_example_with_every_slot_filled_and_not_on_its_near_miss() {
        let mut problems = Vec::new();
        for e in &playbook().entries {
            let category = e.categories.first().map(String::as_str);
            let doc = Document::new("", &e.fires);
            let fired = playbook().fire(&doc, category);
            match fired.iter().find(|f| f.entry.id == e.id) {
                None => problems.push(format!("{}: `fires` does not fire", e.id)),
                Some(f) => {
                    assert!(e.fires.contains(f.evidence), "evidence is verbatim");
                    for (_, template) in &e.advice {
                        let text = fill(template, &f.slots);
                        if text.contains('{') {
                            problems.push(format!("{}: unfilled slot in {text:?}", e.id));
                        }
                    }
                }
            }
            if playbook().fired_ids(&e.misses, category).contains(&e.id) {
                problems.push(format!("{}: `misses` fires", e.id));
            }
        }
        assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
    }

    #[test]
    fn advice_starts_with_a_verb_names_something_specific_and_stays_short() {
        for e in &playbook().entries {
            assert!((1..=3).contains(&e.advice.len()), "{}: {} advice lines", e.id, e.advice.len());
            for (goal, text) in &e.advice {
                let words = text.split_whitespace().count();
                assert!((8..=30).contains(&words), "{}: {words} words: {text}", e.id);
                assert!(!slots_in(text).is_empty(), "{}: no slot, so nothing specific: {text}", e.id);
                assert!(text.ends_with('.') && !text.contains('!'), "{}: {text}", e.id);
                let first = text.split_whitespace().next().unwrap_or_default();
                assert!(first.chars().next().is_some_and(char::is_uppercase), "{}: {text}", e.id);
                assert!(
                    ["money", "career", "health", "family", "travel", "tech", "informed"].contains(&goal.as_str()),
                    "{}: goal {goal}",
                    e.id
                );
            }
        }
    }

    #[test]
    fn phrases_match_whole_words_and_prefixes_only_when_asked() {
        let rate = Phrase::new("rate");
        assert!(rate.occurs_in("the rate, they said"));
        assert!(!rate.occurs_in("rates rose") && !rate.occurs_in("a pirate"));
        let raise = Phrase::new("Rais*");
        assert!(raise.occurs_in("it raised fees") && raise.occurs_in("raising"));
        assert!(!raise.occurs_in("praise") && !Phrase::new("raise*").occurs_in("raising"));
        assert!(Phrase::new("policy  rate").occurs_in("its policy rate rose"));
        assert!(!Phrase::new("").occurs_in("anything"));
    }

    #[test]
    fn bullets_come_from_the_text_with_the_primary_goal_first_and_at_most_four() {
        let text = "The Riksbank raised its policy rate to 2.75% on Thursday. Nordvik Bank said it would cut 400 jobs \
                    in Gothenburg. Storm warnings were issued for the coast.";
        let doc = Document::new("Riksbank raises rates", text);
        let impacts = playbook().impacts(&doc, None, Some("career"));
        assert!(impacts.len() <= MAX_IMPACTS);
        for i in &impacts {
            assert!(text.contains(&i.evidence), "{i:?}");
            assert_eq!(&text[i.evidence_start..i.evidence_start + i.evidence.len()], i.evidence);
            assert!(!i.text.contains('{'), "{i:?}");
        }
        let texts: Vec<&str> = impacts.iter().map(|i| i.text.as_str()).collect();
        let mut unique = texts.clone();
        unique.dedup();
        assert_eq!(texts.len(), unique.len(), "distinct");
    }

    #[test]
    fn quoted_words_are_not_evidence_and_shouted_places_are_spoken() {
        let quoted = "\u{201c}We bought in March and our payment has fallen,\u{201d} said Elin Berg, a teacher.";
        assert!(playbook().impacts(&Document::new("", quoted), None, None).is_empty());
        assert_eq!(title_case("SÃO PAULO"), "São Paulo");
        assert_eq!(speak_capitals("LEVI, Finland"), "Levi, Finland");
        assert_eq!(speak_capitals("the USA"), "the USA");
        let s =
            slots_of("LEVI, Finland (Meridian Wire) — The slalom was won by Eirik Valstad, his coach said.", (0, 20));
        assert!(s.iter().any(|(k, v)| *k == Slot::Actor && v == "Eirik Valstad"), "{s:?}");
        let s = slots_of("SINGAPORE — Dengue cases rose 41% in Singapore.", (0, 20));
        assert!(s.iter().any(|(k, v)| *k == Slot::Place && v == "Singapore"), "{s:?}");
    }

    #[test]
    fn phrases_of_a_trigger_stand_in_one_clause_and_figures_come_from_it() {
        let text = "Unemployment rose to 5.4% in the third quarter, and house prices have fallen for five months.";
        assert!(!playbook().fired_ids(text, None).contains(&"house-prices-rise".to_string()));
        let groups = vec![vec![Phrase::new("house prices")], vec![Phrase::new("rose")]];
        assert_eq!(near_together(&groups, "jobs rose 2%; house prices fell"), None);
        assert_eq!(near_together(&groups, "jobs fell; house prices rose 2%"), Some((2, 6)));
        let tariff_clause = near_together(
            &[vec![Phrase::new("tariffs")]],
            "exports rose 5.8% in october, while tariffs of 25% took effect.",
        );
        let s =
            slots_of("Exports rose 5.8% in October, while tariffs of 25% took effect.", tariff_clause.expect("clause"));
        assert!(s.iter().any(|(k, v)| *k == Slot::Percent && v == "25%"), "{s:?}");
    }

    #[test]
    fn a_hedge_in_a_second_statement_does_not_undo_the_first() {
        let cut = "OSLO — Norges Bank lowered its policy rate to 3.75% on Thursday, and said the rate would probably \
                   be reduced again in 2027.";
        assert!(playbook().fired_ids(cut, Some("economy")).contains(&"central-bank-cuts-rates".to_string()));
        let hedge = "OSLO — Norges Bank said the rate would probably be lowered to 3.75% next year.";
        assert!(!playbook().fired_ids(hedge, Some("economy")).contains(&"central-bank-cuts-rates".to_string()));
        let parts: Vec<(usize, usize, usize)> = statements("a cut rates and said b would").collect();
        assert_eq!(parts, vec![(0, 11, 0), (21, 28, 5)]);
    }

    #[test]
    fn the_actor_is_who_acted_in_the_trigger_clause_with_its_article() {
        let text = "COPENHAGEN — Shares in Orvanta Biopharma rose 8.4% on Thursday, after a European Medicines Agency \
                    committee recommended approval of Duavira, the company's combined vaccine.";
        let impacts = playbook().impacts(&Document::new("", text), Some("health"), Some("health"));
        assert!(impacts.iter().any(|i| i.text.contains("the European Medicines Agency")), "{impacts:#?}");
        let text = "STOCKHOLM — Sweden's Riksbank cut its policy rate to 1.50% on Wednesday.";
        let impacts = playbook().impacts(&Document::new("", text), Some("economy"), Some("money"));
        assert!(impacts.iter().any(|i| i.text.contains("by Sweden's Riksbank")), "{impacts:#?}");
    }

    #[test]
    fn an_outage_names_the_provider_that_failed_not_a_customer_it_took_down() {
        let text = "FRANKFURT — A failure at cloud provider Nimbara disrupted banking apps, online shops and ticket \
                    sales across Germany on Thursday. Nordhaven Bank, whose 2.6 million customers could not use its \
                    app during the outage, said it would review its arrangements.";
        let impacts = playbook().impacts(&Document::new("", text), Some("tech"), Some("tech"));
        assert!(!impacts.is_empty(), "{impacts:#?}");
        for i in &impacts {
            assert!(i.text.contains("Nimbara") && !i.text.contains("Nordhaven"), "{i:#?}");
        }
        let customer_only = "Nordhaven Bank, whose customers could not use its app during the outage, said it would \
                             review its arrangements.";
        assert!(!playbook().fired_ids(customer_only, Some("tech")).contains(&"service-outage".to_string()));
    }

    #[test]
    fn a_factory_closure_is_no_shop_closure() {
        let text = "STUTTGART — German appliance maker Kranfeld will close its washing machine factory in Lodz, \
                    Poland, by the end of 2027, eliminating about 1,400 jobs.";
        let fired = playbook().fired_ids(text, Some("business"));
        assert!(fired.contains(&"site-closure".to_string()) && !fired.contains(&"store-closures".to_string()));
        let impacts = playbook().impacts(&Document::new("", text), Some("business"), Some("career"));
        assert!(impacts.iter().all(|i| !i.text.contains("branch") && !i.text.contains("store")), "{impacts:#?}");
        let shops = "Larkbridge Bank will close 48 branches across Wales next year.";
        assert!(playbook().fired_ids(shops, Some("business")).contains(&"store-closures".to_string()));
    }

    #[test]
    fn a_national_story_names_its_country_not_the_dateline_city() {
        let s = slots_of(
            "KATHMANDU (Meridian Wire) — Nepal reopened a 14-kilometre section of the trail on Friday.",
            (0, 20),
        );
        assert!(s.iter().any(|(k, v)| *k == Slot::Place && v == "Nepal"), "{s:?}");
        let s =
            slots_of("SANTIAGO (Atlas World Desk) – Chile's Congress gave final approval on Friday to a law.", (0, 20));
        assert!(s.iter().any(|(k, v)| *k == Slot::Place && v == "Chile"), "{s:?}");
        // The dateline city named again is what the story is about.
        let s = slots_of(
            "BERGEN, Norway (Meridian Wire) — Storm Tora swept across western Norway, grounding flights at Bergen airport.",
            (0, 20),
        );
        assert!(s.iter().any(|(k, v)| *k == Slot::Place && v == "Bergen"), "{s:?}");
        let s = slots_of("SINGAPORE — Dengue cases rose 41% in Singapore.", (0, 20));
        assert!(s.iter().any(|(k, v)| *k == Slot::Place && v == "Singapore"), "{s:?}");
        let text = "SANTIAGO (Atlas World Desk) – Chile's Congress gave final approval on Friday to a law requiring \
                    companies listed on the country's stock exchanges to fill at least 40% of their board seats with women.";
        let impacts = playbook().impacts(&Document::new("", text), Some("politics"), Some("informed"));
        assert!(!impacts.is_empty() && impacts.iter().all(|i| !i.text.contains("Santiago")), "{impacts:#?}");
    }

    #[test]
    fn inflation_advice_quotes_the_headline_rate_and_a_currency_dip_in_passing_gives_none() {
        let text = "LONDON (Meridian Wire) — British consumer price inflation fell more than expected to 2.4% in \
                    October from 2.9% in September, official figures showed on Wednesday. The statistics office said \
                    core inflation eased to 2.8% from 3.1%. Sterling fell 0.4% against the dollar to $1.3120 after the data.";
        let impacts = playbook().impacts(&Document::new("", text), Some("economy"), Some("money"));
        let savings = impacts.iter().find(|i| i.entry == "inflation-eases").expect("inflation bullet");
        assert!(savings.text.contains("2.4%") && !savings.text.contains("2.8%"), "{savings:#?}");
        assert!(impacts.iter().all(|i| i.entry != "currency-falls"), "{impacts:#?}");
        let crash = "ISTANBUL — The Turkish lira slid 4.1% against the dollar on Wednesday to a record low.";
        assert!(playbook().fired_ids(crash, Some("economy")).contains(&"currency-falls".to_string()));
    }

    #[test]
    fn a_draft_knows_the_goals_it_advises_and_who_the_story_is_about() {
        let text = "FRANKFURT — A failure at cloud provider Nimbara disrupted banking apps across Germany on Thursday. \
                    Nordhaven Bank, whose customers could not use its app, said it would review its arrangements.";
        let doc = Document::new("", text);
        let draft = playbook().draft(&doc, Some("tech"));
        assert_eq!(draft.actor(), Some("Nimbara"));
        let goals = draft.goals();
        assert!(goals.contains(&"tech") && !goals.contains(&"health"), "{goals:?}");
        let draft = playbook().draft(&Document::new("", "The museum reopened its west wing."), Some("culture"));
        assert_eq!((draft.actor(), draft.goals().len()), (None, 0));
    }

    #[test]
    fn trade_orders_shipping_and_a_scheduled_rate_decision_give_bullets_that_name_them() {
        let cases = [
            (
                "MONTREAL — Laurentide Rail said on Wednesday it had won a C$2.1 billion ($1.5 billion) contract to \
                 build 34 bi-mode trains for Gulf Coast Passenger Rail.",
                "business",
                "company-wins-major-contract",
                "Laurentide Rail",
            ),
            (
                "JAKARTA — Indonesia's palm oil exports rose 14% in October, the first full month after the \
                 government cut the export levy on crude palm oil to 7.5% from 10%.",
                "economy",
                "export-levy-cut",
                "Indonesia",
            ),
            (
                "TOKYO — Japan's exports rose 5.8% in October, as car shipments to the United States picked up after \
                 lower U.S. tariffs on Japanese vehicles took effect, Ministry of Finance data showed on Thursday.",
                "economy",
                "tariffs-lifted",
                "Japan",
            ),
            (
                "The Reserve Bank of New Zealand announces its next decision on the official cash rate on Nov. 25.",
                "economy",
                "central-bank-decision-ahead",
                "the Reserve Bank of New Zealand",
            ),
            (
                "PANAMA CITY – The Panama Canal Authority said on Tuesday it would raise the number of daily transit \
                 slots to 38 from 34 from Dec. 1, after heavy rains refilled Gatun Lake.",
                "climate",
                "shipping-route-capacity-change",
                "the Panama Canal Authority",
            ),
        ];
        for (text, category, entry, named) in cases {
            let impacts = playbook().impacts(&Document::new("", text), Some(category), None);
            let from_entry: Vec<&Impact> = impacts.iter().filter(|i| i.entry == entry).collect();
            assert!(!from_entry.is_empty(), "{entry}: {impacts:#?}");
            assert!(from_entry.iter().all(|i| i.text.contains(named)), "{entry}: {from_entry:#?}");
        }
        // Tariffs that are lower than before, not lowered, or exports lower because of them, are no cut.
        let hit = "TOKYO — Exports were lower in October because of U.S. tariffs on Japanese vehicles.";
        assert!(!playbook().fired_ids(hit, Some("economy")).contains(&"tariffs-lifted".to_string()));
        let raised = "JAKARTA — The government raised the export levy on crude palm oil to 10% from 7.5%.";
        assert!(!playbook().fired_ids(raised, Some("economy")).contains(&"export-levy-cut".to_string()));
        // A rate decision already taken is the cut or the hike, not one ahead.
        let taken = "Norges Bank lowered its policy rate to 3.75% on Thursday.";
        assert!(!playbook().fired_ids(taken, Some("economy")).contains(&"central-bank-decision-ahead".to_string()));
    }

    #[test]
    fn a_story_nothing_fires_on_gets_no_bullets_and_no_poll() {
        let doc = Document::new("A quiet day", "The museum reopened its west wing after a repaint. Visitors came.");
        assert!(playbook().impacts(&doc, Some("culture"), None).is_empty());
        assert!(playbook().impacts(&Document::new("", ""), None, None).is_empty());
        assert_eq!(playbook().poll(&Document::new("", "🙂 ¿¡"), None), None);
    }

    #[test]
    fn broken_files_are_reported_with_file_and_entry() {
        let bad = "[[entry]]\nid = \"x\"\nabout = \"a\"\ntopic = \"\"\nall = [[]]\nneeds = [\"mood\"]\nfires = \"\"\nmisses = \"\"\n\
                   [[entry.advice]]\ngoal = \"money\"\ntext = \"Check {amount} now.\"\n";
        let problems = Playbook::parse(&[("bad.toml", bad), ("worse.toml", "not toml [")]).expect_err("problems");
        let all = problems.join("\n");
        assert!(all.contains("bad.toml: entry \"x\": unknown slot \"mood\""), "{all}");
        assert!(all.contains("`all` needs at least one group"), "{all}");
        assert!(all.contains("`topic` is empty"), "{all}");
        assert!(all.contains("uses {amount}"), "{all}");
        assert!(all.contains("worse.toml"), "{all}");
    }
}
