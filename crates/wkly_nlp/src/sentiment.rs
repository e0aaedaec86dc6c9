//! Sentiment of a text as news for the people it touches: good news, bad news or neither.
//!
//! Rule based and lexicon driven. A sentence is scored from three kinds of evidence:
//! - the DIRECTION of a change applied to WHAT changed: a change word ("rose", "narrowed",
//!   "cut", "higher") is attached to the nearest metric in its clause ("operating profit",
//!   "losses", "unemployment", "tariffs"), and the sign is direction × the metric's polarity
//!   (losses narrowed = good, costs fell = good, tariffs lifted = good);
//! - number comparisons ("to EUR 13.1 mn from EUR 8.7 mn", "compared with a loss of",
//!   "EUR 30 mn (EUR 22 mn)"), read with the polarity of the metric on each side;
//! - general polar words and phrases of news, reviews and opinion ("recall", "approved",
//!   "killed", "clumsy", "a triumph").
//!
//! Around them: negation with a scope ("did not rise", "no longer profitable", "failed to"),
//! intensifiers and downtoners ("sharply", "slightly"), hedges ("may", "expected to") and
//! contrast ("but", "however": the clause after dominates; "although", "despite": the
//! subordinate clause counts half). A weak word alone never tips a sentence: factual wire
//! sentences ("The company has 120 employees") must stay neutral.
//!
//! Policy decisions, so that they are stated once: rising bond yields and interest rates are
//! bad news (borrowers and markets); rising prices in general are neither, rising consumer,
//! energy and food prices are bad; a weaker or stronger currency is neither; rising wages and
//! employment are good. A document aggregates its sentences (headline and lead sentences
//! weigh more) with a neutral band.
//!
//! Deliberately NOT done: no machine-learned model, no parsing beyond clause boundaries and
//! small windows, no sarcasm or irony, no coreference ("it rose" does not know what "it" is),
//! no entity-level (per-company) sentiment. Lexicons are compiled in from `data/`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use wkly_core::Sentiment;
use wkly_core::enrich::{Document, SentimentResult};

use crate::text::{self, TokenKind};

const METRICS_TSV: &str = include_str!("../data/sentiment_metrics.tsv");
const CHANGES_TSV: &str = include_str!("../data/sentiment_changes.tsv");
const WORDS_TSV: &str = include_str!("../data/sentiment_words.tsv");
const MODIFIERS_TSV: &str = include_str!("../data/sentiment_modifiers.tsv");

/// A sentence whose raw score is beyond this is polar; weak words (0.5) alone are not.
const SENTENCE_THRESHOLD: f32 = 0.5;
/// A document whose aggregated score is within this band is neutral.
const DOCUMENT_BAND: f32 = 0.15;
/// Neutral sentences dilute a document's score, but less than polar ones weigh.
const NEUTRAL_SENTENCE_WEIGHT: f32 = 0.35;
/// Headline weight relative to a body sentence.
const TITLE_WEIGHT: f32 = 2.5;
/// Squashes a raw sentence score into (-1, 1): x / sqrt(x² + ALPHA).
const ALPHA: f32 = 2.0;
/// Longer sentences are junk (tables, run-on lists); the rest is ignored.
const MAX_TOKENS: usize = 256;
/// How far back a negator reaches (tokens).
const NEGATION_SCOPE: usize = 5;
/// How far back a change looks for the thing that changed (tokens).
const SUBJECT_WINDOW: usize = 8;
/// How far forward a change looks for its object ("cut its annual costs").
const OBJECT_WINDOW: usize = 4;

// ---------------------------------------------------------------------------------------------
// Lexicon

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MetricClass {
    Plain,
    /// A condition one moves into: profit, loss, the red, recession.
    State,
    /// Tariffs, sanctions, bans: "lifted" removes them.
    Barrier,
    /// A discrete thing won or lost: an order, a contract, a job.
    Object,
    /// A plant, a store, a hospital: opened, closed, won or lost, never the subject of a
    /// rise or fall ("the plant will use wood chips as its main fuel").
    Site,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Metric {
    /// 1: good when it rises; -1: bad when it rises; 0: neither.
    polarity: f32,
    /// Score when stated without change or comparison ("reported a loss").
    bare: f32,
    class: MetricClass,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChangeKind {
    Dir,
    Lift,
    Gain,
    State,
    Eval,
    /// Acts on its object only: "tariffs would hurt exporters" says nothing about tariffs.
    Cause,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Change {
    direction: f32,
    strength: f32,
    bare: f32,
    kind: ChangeKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Modifier {
    /// Multiplies what follows in scope (negative flips, zero cancels).
    Negate(f32),
    Intensify(f32),
    Hedge(f32),
    /// Weight of the clause before; the clause after is boosted.
    But(f32),
    /// Weight of the subordinate clause it opens.
    Though(f32),
    /// Like `Negate`, and also reaches back to what just ended ("the strike ended").
    End(f32),
    /// Opens a reference value ("from", "compared with").
    Reference,
    /// Only blocks shorter matches.
    Skip,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Entry {
    metric: Option<Metric>,
    change: Option<Change>,
    polar: f32,
    modifier: Option<Modifier>,
}

/// A small, fast, non-cryptographic hasher (FxHash) for the lexicon: keys are short words
/// written by us, so flooding is not a concern and SipHash's cost is.
#[derive(Default, Clone, Copy)]
struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(buf));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Phrases starting with one word: (the following words, entry id), longest first.
type Candidates = Vec<(Vec<Box<str>>, u32)>;

/// Phrases by their first word.
struct Lexicon {
    entries: Vec<Entry>,
    index: FxMap<Box<str>, Candidates>,
}

impl Lexicon {
    fn candidates(&self, first: &str) -> Option<&Candidates> {
        self.index.get(first)
    }

    fn contains_word(&self, word: &str) -> bool {
        self.index.contains_key(word)
    }
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(build_lexicon);

/// Data lines: non-empty, not comments, split on tabs.
fn data_lines(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn number(field: Option<&&str>) -> f32 {
    field.and_then(|f| f.parse::<f32>().ok()).unwrap_or(0.0)
}

fn build_lexicon() -> Lexicon {
    let mut phrases: FxMap<String, Entry> = FxMap::default();
    for fields in data_lines(METRICS_TSV) {
        let class = match fields.get(3).copied().unwrap_or("-") {
            "state" => MetricClass::State,
            "barrier" => MetricClass::Barrier,
            "object" => MetricClass::Object,
            "site" => MetricClass::Site,
            _ => MetricClass::Plain,
        };
        let metric = Metric { polarity: number(fields.get(1)), bare: number(fields.get(2)), class };
        for form in expand(fields[0]) {
            phrases.entry(form).or_default().metric = Some(metric);
        }
    }
    for fields in data_lines(CHANGES_TSV) {
        let kind = match fields.get(4).copied().unwrap_or("dir") {
            "lift" => ChangeKind::Lift,
            "gain" => ChangeKind::Gain,
            "state" => ChangeKind::State,
            "eval" => ChangeKind::Eval,
            "cause" => ChangeKind::Cause,
            _ => ChangeKind::Dir,
        };
        let change = Change {
            direction: number(fields.get(1)),
            strength: number(fields.get(2)),
            bare: number(fields.get(3)),
            kind,
        };
        for form in expand(fields[0]) {
            phrases.entry(form).or_default().change = Some(change);
        }
    }
    for fields in data_lines(WORDS_TSV) {
        let score = number(fields.get(1));
        for form in expand(fields[0]) {
            phrases.entry(form).or_default().polar = score;
        }
    }
    for fields in data_lines(MODIFIERS_TSV) {
        let value = number(fields.get(2));
        let modifier = match fields.get(1).copied().unwrap_or("") {
            "neg" => Modifier::Negate(value),
            "int" => Modifier::Intensify(value),
            "hedge" => Modifier::Hedge(value),
            "but" => Modifier::But(value),
            "though" => Modifier::Though(value),
            "ref" => Modifier::Reference,
            "end" => Modifier::End(value),
            _ => Modifier::Skip,
        };
        for form in expand(fields[0]) {
            phrases.entry(form).or_default().modifier = Some(modifier);
        }
    }
    derive_forms(&mut phrases);
    let mut entries = Vec::with_capacity(phrases.len());
    let mut index: FxMap<Box<str>, Candidates> = FxMap::default();
    let mut sorted: Vec<(String, Entry)> = phrases.into_iter().collect();
    // Deterministic entry ids whatever the hash order.
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (phrase, entry) in sorted {
        let id = entries.len() as u32;
        entries.push(entry);
        let mut words = phrase.split(' ').filter(|w| !w.is_empty());
        let Some(first) = words.next() else { continue };
        let rest: Vec<Box<str>> = words.map(Box::from).collect();
        index.entry(Box::from(first)).or_default().push((rest, id));
    }
    for candidates in index.values_mut() {
        candidates.sort_by_key(|c| std::cmp::Reverse(c.0.len()));
    }
    Lexicon { entries, index }
}

/// The surface forms of a lexicon term: "rise/v" → rise, rises, rised, rising...; "loss/n" →
/// loss, losses; "clumsy/a" → clumsy, clumsily. Over-generation ("rised") is harmless.
fn expand(term: &str) -> Vec<String> {
    // Flags sit on the word they inflect: "rise/v", "net profit/n", "reach/v a deal".
    let mut words: Vec<String> = Vec::new();
    let mut flagged: Vec<(usize, String)> = Vec::new();
    for raw in term.to_lowercase().split_whitespace() {
        // "don't" is tokenised as "do" + "n't"; phrases are written the same way.
        let (word, flags) = match raw.rsplit_once('/') {
            Some((w, f)) if !w.is_empty() && !f.is_empty() && f.chars().all(|c| matches!(c, 'v' | 'n' | 'a')) => {
                (w.to_string(), f.to_string())
            }
            _ => (raw.to_string(), String::new()),
        };
        if let Some(stem) = word.strip_suffix("n't")
            && !stem.is_empty()
        {
            words.push(stem.to_string());
            words.push("n't".to_string());
        } else {
            if !flags.is_empty() {
                flagged.push((words.len(), flags));
            }
            words.push(word);
        }
    }
    let mut out = vec![words.join(" ")];
    for (at, flags) in flagged {
        let mut forms = Vec::new();
        if flags.contains('v') {
            forms.extend(verb_forms(&words[at]));
        }
        if flags.contains('n') {
            forms.push(plural(&words[at]));
        }
        if flags.contains('a') {
            forms.push(adverb(&words[at]));
        }
        for form in forms {
            let mut w = words.clone();
            w[at] = form;
            out.push(w.join(" "));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Derived forms of single polar words, added where the lexicon has no entry of its own:
/// opposites by prefix ("unfunny", "inefficient", "dissatisfied"), "-less" nouns ("witless"),
/// "-ly" adverbs ("gloriously") and comparatives ("funnier", "dullest"). Done once at build
/// time so that look-ups stay single hash probes; forms that are not words never match.
fn derive_forms(phrases: &mut FxMap<String, Entry>) {
    let singles: Vec<(String, f32)> = phrases
        .iter()
        .filter(|(p, e)| {
            !p.contains(' ')
                && p.len() >= 3
                && e.polar != 0.0
                && e.metric.is_none()
                && e.change.is_none()
                && e.modifier.is_none()
        })
        .map(|(p, e)| (p.clone(), e.polar))
        .collect();
    let mut derived: Vec<(String, f32)> = Vec::new();
    for (word, score) in &singles {
        for prefix in ["un", "in", "im", "dis", "non-", "non"] {
            derived.push((format!("{prefix}{word}"), -0.8 * score));
        }
        if *score > 0.0 {
            derived.push((format!("{word}less"), -0.9 * score));
        }
        derived.push((adverb(word), 0.9 * score));
        let stem = if let Some(s) = word.strip_suffix('y') {
            format!("{s}i")
        } else if let Some(s) = word.strip_suffix('e') {
            s.to_string()
        } else {
            word.clone()
        };
        derived.push((format!("{stem}er"), *score));
        derived.push((format!("{stem}est"), 1.1 * score));
        let b = word.as_bytes();
        let n = b.len();
        if n >= 3 && !is_vowel(b[n - 1]) && is_vowel(b[n - 2]) && !is_vowel(b[n - 3]) {
            let last = b[n - 1] as char;
            derived.push((format!("{word}{last}er"), *score));
            derived.push((format!("{word}{last}est"), 1.1 * score));
        }
    }
    for (form, score) in derived {
        phrases.entry(form).or_insert(Entry { polar: score, ..Entry::default() });
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn plural(w: &str) -> String {
    let b = w.as_bytes();
    if w.ends_with('s') || w.ends_with('x') || w.ends_with('z') || w.ends_with("ch") || w.ends_with("sh") {
        format!("{w}es")
    } else if b.len() > 1 && w.ends_with('y') && !is_vowel(b[b.len() - 2]) {
        format!("{}ies", &w[..w.len() - 1])
    } else {
        format!("{w}s")
    }
}

fn verb_forms(w: &str) -> Vec<String> {
    let b = w.as_bytes();
    let n = b.len();
    let mut out = vec![plural(w)];
    if n < 2 {
        return out;
    }
    if w.ends_with("ie") {
        out.push(format!("{w}d"));
        out.push(format!("{}ying", &w[..n - 2]));
    } else if w.ends_with('e') {
        out.push(format!("{w}d"));
        if w.ends_with("ee") {
            out.push(format!("{w}ing"));
        } else {
            out.push(format!("{}ing", &w[..n - 1]));
        }
    } else if w.ends_with('y') && !is_vowel(b[n - 2]) {
        out.push(format!("{}ied", &w[..n - 1]));
        out.push(format!("{w}ing"));
    } else {
        out.push(format!("{w}ed"));
        out.push(format!("{w}ing"));
        // Consonant-vowel-consonant endings double the last letter (drop → dropped); the
        // rule is unreliable for long words, so both spellings are generated.
        let last = b[n - 1];
        if n >= 3 && !is_vowel(last) && !matches!(last, b'w' | b'x' | b'y') && is_vowel(b[n - 2]) && !is_vowel(b[n - 3])
        {
            let l = last as char;
            out.push(format!("{w}{l}ed"));
            out.push(format!("{w}{l}ing"));
        }
    }
    out
}

fn adverb(w: &str) -> String {
    if let Some(stem) = w.strip_suffix("le") {
        format!("{stem}ly")
    } else if let Some(stem) = w.strip_suffix('y') {
        format!("{stem}ily")
    } else if w.ends_with("ic") {
        format!("{w}ally")
    } else {
        format!("{w}ly")
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens of one sentence

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Number,
    Symbol,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    /// Lower-cased text in the shared buffer.
    lo: u32,
    hi: u32,
    /// A possessive ("company's", "analysts'"): fine between a verb and its object.
    possessive: bool,
    /// Written with a capital letter: inside a sentence, part of a name ("Liberty Bank").
    capital: bool,
}

struct Tokens {
    buf: String,
    toks: Vec<Tok>,
}

impl Tokens {
    fn text(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.buf[t.lo as usize..t.hi as usize])
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn len(&self) -> usize {
        self.toks.len()
    }

    /// Appends `text` lower-cased (curly apostrophes made straight) and returns its range.
    fn append_lower(&mut self, text: &str) -> (u32, u32) {
        let lo = self.buf.len() as u32;
        if text.is_ascii() {
            self.buf.push_str(text);
            self.buf[lo as usize..].make_ascii_lowercase();
        } else {
            for c in text.chars() {
                if c == '’' {
                    self.buf.push('\'');
                } else {
                    self.buf.extend(c.to_lowercase());
                }
            }
        }
        (lo, self.buf.len() as u32)
    }

    fn push(&mut self, kind: Kind, text: &str, possessive: bool) {
        let (lo, hi) = self.append_lower(text);
        let capital = text.starts_with(|c: char| c.is_uppercase());
        self.toks.push(Tok { kind, lo, hi, possessive, capital });
    }

    fn push_word(&mut self, word: &str, lexicon: &Lexicon) {
        // Letters glued to digits ("EUR131m") are a currency, a number and a scale.
        if word.bytes().any(|b| b.is_ascii_digit()) {
            let mut start = 0;
            let mut digits = None;
            for (i, c) in word.char_indices() {
                let d = c.is_ascii_digit() || (digits == Some(true) && matches!(c, '.' | ','));
                if digits != Some(d) {
                    if i > start {
                        self.push(if digits == Some(true) { Kind::Number } else { Kind::Word }, &word[start..i], false);
                    }
                    start = i;
                    digits = Some(d);
                }
            }
            self.push(if digits == Some(true) { Kind::Number } else { Kind::Word }, &word[start..], false);
            return;
        }
        // Lower-case once into the shared buffer; every token below is a range of it.
        let (lo, mut hi) = self.append_lower(word);
        let capital = word.starts_with(|c: char| c.is_uppercase());
        let word_tok =
            |lo: u32, hi: u32, possessive: bool, capital: bool| Tok { kind: Kind::Word, lo, hi, possessive, capital };
        let lower = &self.buf[lo as usize..hi as usize];
        // "didn't" → "did" + "n't", so that the negation is a token of its own.
        if lower.len() > 3 && lower.ends_with("n't") {
            self.toks.push(word_tok(lo, hi - 3, false, capital));
            self.toks.push(word_tok(hi - 3, hi, false, false));
            return;
        }
        let mut possessive = false;
        if lower.ends_with("'s") && lower.len() > 2 {
            hi -= 2;
            possessive = true;
        } else if lower.ends_with('\'') && lower.len() > 1 {
            hi -= 1;
            possessive = true;
        }
        let stem = &self.buf[lo as usize..hi as usize];
        if stem.contains('-') && !lexicon.contains_word(stem) {
            let mut part_start = lo;
            let mut parts = Vec::new();
            for (i, b) in stem.bytes().enumerate() {
                if b == b'-' {
                    let at = lo + i as u32;
                    if at > part_start {
                        parts.push((part_start, at));
                    }
                    part_start = at + 1;
                }
            }
            if hi > part_start {
                parts.push((part_start, hi));
            }
            let last = parts.len().saturating_sub(1);
            for (i, (a, b)) in parts.into_iter().enumerate() {
                self.toks.push(word_tok(a, b, possessive && i == last, capital && i == 0));
            }
            return;
        }
        self.toks.push(word_tok(lo, hi, possessive, capital));
    }
}

/// Tokenises one sentence into `out` (cleared first, buffers reused across sentences).
fn tokenize(sentence: &str, lexicon: &Lexicon, out: &mut Tokens) {
    out.buf.clear();
    out.toks.clear();
    if sentence.is_ascii() {
        tokenize_ascii(sentence, lexicon, out);
    } else {
        for t in text::tokens(sentence) {
            if out.len() >= MAX_TOKENS {
                break;
            }
            match t.kind {
                TokenKind::Word => out.push_word(t.text, lexicon),
                TokenKind::Number => out.push(Kind::Number, t.text, false),
                TokenKind::Symbol => out.push(Kind::Symbol, t.text, false),
            }
        }
    }
    out.toks.truncate(MAX_TOKENS);
}

/// The same tokens as `text::tokens` for ASCII text, without its per-character iterator:
/// this stage runs on every sentence of every article.
fn tokenize_ascii(s: &str, lexicon: &Lexicon, out: &mut Tokens) {
    let b = s.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n && out.len() < MAX_TOKENS {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_alphabetic() {
            let start = i;
            i += 1;
            while i < n {
                let d = b[i];
                let joiner = matches!(d, b'\'' | b'-' | b'&') && i + 1 < n && b[i + 1].is_ascii_alphabetic();
                // "U.S" continues only with a single letter before the next dot.
                let dotted = d == b'.'
                    && i + 1 < n
                    && b[i + 1].is_ascii_alphabetic()
                    && !(i + 2 < n && b[i + 2].is_ascii_alphabetic());
                if d.is_ascii_alphanumeric() || joiner || dotted {
                    i += 1;
                } else {
                    break;
                }
            }
            if b[start..i].contains(&b'.') && i < n && b[i] == b'.' {
                i += 1;
            }
            out.push_word(&s[start..i], lexicon);
        } else if c.is_ascii_digit() {
            let start = i;
            i += 1;
            while i < n
                && (b[i].is_ascii_digit() || (matches!(b[i], b'.' | b',') && i + 1 < n && b[i + 1].is_ascii_digit()))
            {
                i += 1;
            }
            out.push(Kind::Number, &s[start..i], false);
        } else {
            out.push(Kind::Symbol, &s[i..i + 1], false);
            i += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Matching and scoring one sentence

#[derive(Debug, Clone, Copy)]
struct Item {
    at: usize,
    end: usize,
    entry: Entry,
}

/// One piece of evidence and where it sits.
#[derive(Debug, Clone, Copy)]
struct Contribution {
    /// Token index, read by the `explain` debugging test.
    #[cfg_attr(not(test), allow(dead_code, reason = "only the explain test reads it"))]
    at: usize,
    value: f32,
}

fn match_items(tokens: &Tokens, lexicon: &Lexicon, items: &mut Vec<Item>) {
    items.clear();
    let mut i = 0;
    let n = tokens.len();
    while i < n {
        if tokens.kind(i) != Some(Kind::Word) {
            i += 1;
            continue;
        }
        let mut matched = None;
        if let Some(candidates) = lexicon.candidates(tokens.text(i)) {
            for (rest, id) in candidates {
                let fits = rest.iter().enumerate().all(|(k, w)| {
                    let j = i + 1 + k;
                    tokens.kind(j) == Some(Kind::Word) && tokens.text(j) == &**w
                });
                if fits {
                    matched = Some((rest.len() + 1, *id));
                    break;
                }
            }
        }
        match matched {
            Some((len, id)) => {
                if let Some(entry) = lexicon.entries.get(id as usize) {
                    items.push(Item { at: i, end: i + len, entry: *entry });
                }
                i += len;
            }
            None => i += 1,
        }
    }
}

/// Buffers reused from sentence to sentence: scoring allocates nothing once they have grown.
#[derive(Default)]
struct Scratch {
    items: Vec<Item>,
    clause: Vec<u32>,
    soft: Vec<bool>,
    weight: Vec<f32>,
    hedge: Vec<f32>,
    item_at: Vec<Option<u32>>,
    amounts: Vec<Amount>,
    in_reference: Vec<bool>,
    references: Vec<(usize, usize, usize)>,
    metrics: Vec<usize>,
    changes: Vec<usize>,
    dual: Vec<usize>,
    used_intensifier: Vec<bool>,
    attached_metric: Vec<bool>,
    attached_change: Vec<bool>,
    consumed_polar: Vec<bool>,
    pairs: Vec<(usize, usize)>,
    out: Vec<Contribution>,
}

/// `v` emptied and refilled with `n` copies of `value`, keeping its allocation.
fn refill<T: Clone>(mut v: Vec<T>, n: usize, value: T) -> Vec<T> {
    v.clear();
    v.resize(n, value);
    v
}

/// Per-token structure: clause ids (hard boundaries), soft boundaries and weights.
struct Layout {
    clause: Vec<u32>,
    /// Commas, "and", "or": negation and objects do not cross them.
    soft: Vec<bool>,
    weight: Vec<f32>,
    hedge: Vec<f32>,
    /// What each token is in lexicon terms (index into items), for windows.
    item_at: Vec<Option<u32>>,
}

fn is_hard_boundary(s: &str) -> bool {
    matches!(s, ";" | ":" | "—" | "–" | "?" | "!")
}

fn is_soft_boundary(s: &str) -> bool {
    matches!(s, "," | "and" | "or" | "(" | ")" | "\"" | "“" | "”")
}

fn layout(tokens: &Tokens, items: &[Item], scratch: &mut Scratch) -> Layout {
    let n = tokens.len();
    let mut clause = refill(std::mem::take(&mut scratch.clause), n, 0u32);
    let mut soft = refill(std::mem::take(&mut scratch.soft), n, false);
    let mut item_at = refill(std::mem::take(&mut scratch.item_at), n, None);
    for (k, item) in items.iter().enumerate() {
        for slot in item_at.iter_mut().take(item.end).skip(item.at) {
            *slot = Some(k as u32);
        }
    }
    let mut current = 0u32;
    let mut in_subordinate = false;
    for i in 0..n {
        let t = tokens.text(i);
        let modifier =
            item_at[i].and_then(|k| items.get(k as usize)).filter(|it| it.at == i).and_then(|it| it.entry.modifier);
        let contrast = matches!(modifier, Some(Modifier::But(_) | Modifier::Though(_)));
        // The comma that closes an "although ..." clause also ends it.
        let closes_subordinate = in_subordinate && t == ",";
        if is_hard_boundary(t) || contrast || closes_subordinate {
            current += 1;
            in_subordinate = matches!(modifier, Some(Modifier::Though(_)));
        }
        clause[i] = current;
        soft[i] = is_soft_boundary(t);
    }
    let mut weight = refill(std::mem::take(&mut scratch.weight), n, 1.0f32);
    let mut hedge = refill(std::mem::take(&mut scratch.hedge), n, 1.0f32);
    for item in items {
        match item.entry.modifier {
            Some(Modifier::But(before)) => {
                // A sentence-initial "But"/"However" contrasts with the previous sentence.
                let first_word = (0..item.at).all(|j| tokens.kind(j) != Some(Kind::Word));
                if !first_word {
                    for w in weight.iter_mut().take(item.at) {
                        *w *= before;
                    }
                    for w in weight.iter_mut().skip(item.end) {
                        *w *= 1.5;
                    }
                }
            }
            Some(Modifier::Though(sub)) => {
                let mut j = item.at;
                while j < n && !(j > item.at && matches!(tokens.text(j), "," | ";" | ":" | "—" | "–")) {
                    weight[j] *= sub;
                    j += 1;
                }
                // The main clause is what the sentence asserts.
                for (t, w) in weight.iter_mut().enumerate() {
                    if t < item.at || t >= j {
                        *w *= 1.2;
                    }
                }
            }
            Some(Modifier::Hedge(m)) => {
                let c = clause.get(item.at).copied().unwrap_or(0);
                let mut j = item.end;
                while j < n && clause[j] == c {
                    hedge[j] *= m;
                    j += 1;
                }
            }
            _ => {}
        }
    }
    // A question is not a statement.
    if n > 0 && tokens.text(n - 1) == "?" {
        for h in &mut hedge {
            *h *= 0.6;
        }
    }
    Layout { clause, soft, weight, hedge, item_at }
}

/// Words that end the search for an object: what follows them is not what changed
/// ("collapsed after the sanctions", "rose faster than sales").
fn ends_object_search(word: &str) -> bool {
    matches!(
        word,
        "after"
            | "before"
            | "as"
            | "than"
            | "amid"
            | "with"
            | "while"
            | "because"
            | "when"
            | "due"
            | "since"
            | "following"
            | "to"
            | "from"
            | "by"
            | "at"
            | "over"
            | "under"
            | "until"
            | "into"
            | "if"
            | "which"
            | "who"
            | "where"
            | "said"
            | "says"
    )
}

/// Words that may sit between a change and its object ("cut its annual costs").
fn is_filler(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "a"
            | "an"
            | "its"
            | "their"
            | "his"
            | "her"
            | "our"
            | "my"
            | "your"
            | "this"
            | "that"
            | "these"
            | "those"
            | "in"
            | "of"
            | "on"
            | "for"
            | "total"
            | "annual"
            | "quarterly"
            | "overall"
            | "group"
            | "company"
            | "new"
            | "own"
            | "all"
            | "both"
            | "some"
            | "per"
            | "eur"
            | "usd"
            | "sek"
            | "nok"
            | "dkk"
            | "gbp"
            | "chf"
            | "jpy"
            | "mn"
            | "m"
            | "bn"
            | "million"
            | "billion"
            | "thousand"
            | "about"
            | "around"
            | "full"
            | "year"
            | "fiscal"
            | "quarter"
            | "half"
            | "first"
            | "second"
            | "third"
            | "fourth"
            | "current"
            | "next"
            | "nearly"
            | "almost"
            | "approximately"
            | "estimated"
    )
}

fn is_currency(word: &str) -> bool {
    matches!(
        word,
        "eur"
            | "usd"
            | "sek"
            | "nok"
            | "dkk"
            | "gbp"
            | "chf"
            | "jpy"
            | "cny"
            | "$"
            | "€"
            | "£"
            | "¥"
            | "euro"
            | "euros"
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Money,
    Percent,
    Plain,
}

#[derive(Debug, Clone, Copy)]
struct Amount {
    at: usize,
    end: usize,
    value: f64,
    unit: Unit,
}

fn parse_number(s: &str) -> Option<f64> {
    // "1,200" and "1,200.50" use thousands separators; "1,5" is a decimal comma.
    let cleaned: String = if s.contains('.') {
        s.replace(',', "")
    } else if let Some((_, frac)) = s.rsplit_once(',') {
        if frac.len() == 3 { s.replace(',', "") } else { s.replace(',', ".") }
    } else {
        s.to_string()
    };
    cleaned.parse::<f64>().ok()
}

fn amounts(tokens: &Tokens, mut out: Vec<Amount>) -> Vec<Amount> {
    out.clear();
    let n = tokens.len();
    let mut i = 0;
    while i < n {
        if tokens.kind(i) != Some(Kind::Number) {
            i += 1;
            continue;
        }
        let Some(mut value) = parse_number(tokens.text(i)) else {
            i += 1;
            continue;
        };
        let mut at = i;
        let mut unit = Unit::Plain;
        if i > 0 && is_currency(tokens.text(i - 1)) {
            unit = Unit::Money;
            at = i - 1;
        }
        if i > 0 && tokens.text(i - 1) == "-" && (i < 2 || tokens.kind(i - 2) != Some(Kind::Number)) {
            value = -value;
        }
        let mut end = i + 1;
        match tokens.text(end) {
            "%" | "percent" | "pct" => {
                unit = Unit::Percent;
                end += 1;
            }
            "per" if tokens.text(end + 1) == "cent" => {
                unit = Unit::Percent;
                end += 2;
            }
            "mn" | "m" | "million" | "mln" => {
                value *= 1e6;
                end += 1;
            }
            "bn" | "b" | "billion" | "bln" => {
                value *= 1e9;
                end += 1;
            }
            "k" | "thousand" => {
                value *= 1e3;
                end += 1;
            }
            "tn" | "trillion" => {
                value *= 1e12;
                end += 1;
            }
            _ => {}
        }
        if unit == Unit::Plain && is_currency(tokens.text(end)) {
            unit = Unit::Money;
            end += 1;
        }
        // A bare year is a date, not an amount.
        let year = unit == Unit::Plain && (1900.0..=2100.0).contains(&value) && !tokens.text(i).contains(['.', ',']);
        if !year {
            out.push(Amount { at, end, value, unit });
        }
        i = end.max(i + 1);
    }
    out
}

/// Whether "up"/"down" are a change here ("up 5%", "were down", "up from") rather than a
/// particle ("set up", "up to", "broke down").
fn up_down_is_change(tokens: &Tokens, at: usize) -> bool {
    let next = tokens.text(at + 1);
    let next_is_number = matches!(tokens.kind(at + 1), Some(Kind::Number))
        || is_currency(next)
        || matches!(next, "from" | "by" | "sharply" | "slightly" | "significantly" | "year-on-year" | "year");
    let prev = if at > 0 { tokens.text(at - 1) } else { "" };
    next_is_number || matches!(prev, "was" | "were" | "is" | "are" | "be" | "been" | "being" | "remained" | "ended")
}

struct Scorer<'a> {
    tokens: &'a Tokens,
    items: &'a [Item],
    layout: &'a Layout,
}

impl Scorer<'_> {
    fn same_clause(&self, a: usize, b: usize) -> bool {
        self.layout.clause.get(a) == self.layout.clause.get(b)
    }

    /// Product of negators reaching `at` from before (within the scope, not across clause or
    /// soft boundaries).
    fn negation(&self, at: usize) -> f32 {
        let mut j = at;
        let mut steps = 0;
        let mut after_or = false;
        while j > 0 && steps < NEGATION_SCOPE {
            j -= 1;
            steps += 1;
            // A nearer polar word takes the negation ("cannot rescue this mess": the mess
            // stays a mess), unless the two are joined by "or" ("none of its wit or warmth").
            if let Some(k) = self.layout.item_at[j]
                && let Some(item) = self.items.get(k as usize)
                && item.end <= at
                && (item.entry.polar != 0.0 || item.entry.change.is_some())
                && item.entry.modifier.is_none()
                && !after_or
            {
                break;
            }
            after_or = matches!(self.tokens.text(j), "or" | "nor");
            // "none of its wit or warmth": "or" and "nor" carry a negation on.
            if !self.same_clause(j, at) || (self.layout.soft[j] && !matches!(self.tokens.text(j), "or" | "nor")) {
                break;
            }
            if let Some(k) = self.layout.item_at[j]
                && let Some(item) = self.items.get(k as usize)
                && item.end <= at
                && let Some(Modifier::Negate(m) | Modifier::End(m)) = item.entry.modifier
            {
                return m;
            }
        }
        // "the strike ended": an ending right after the item.
        let n = self.tokens.len();
        let mut j = at + 1;
        while j < n && j <= at + 2 && self.same_clause(j, at) {
            if let Some(k) = self.layout.item_at[j]
                && let Some(item) = self.items.get(k as usize)
                && item.at > at
            {
                if let Some(Modifier::End(m)) = item.entry.modifier {
                    return m;
                }
                break;
            }
            j += 1;
        }
        1.0
    }

    /// Intensifiers within two tokens before `at` (and after `end`, for adverbs after a verb).
    fn intensity(&self, at: usize, end: usize, after_too: bool, used: &mut [bool]) -> f32 {
        let mut m = 1.0;
        let mut j = at;
        let mut steps = 0;
        while j > 0 && steps < 2 {
            j -= 1;
            steps += 1;
            if !self.same_clause(j, at) || self.tokens.text(j) == "," {
                break;
            }
            if let Some(k) = self.layout.item_at[j]
                && let Some(item) = self.items.get(k as usize)
                && let Some(Modifier::Intensify(f)) = item.entry.modifier
            {
                m *= f;
                used[k as usize] = true;
            }
        }
        if after_too {
            for j in end..(end + 2).min(self.tokens.len()) {
                if !self.same_clause(j, at) || self.tokens.text(j) == "," {
                    break;
                }
                if let Some(k) = self.layout.item_at[j]
                    && let Some(item) = self.items.get(k as usize)
                    && let Some(Modifier::Intensify(f)) = item.entry.modifier
                {
                    m *= f;
                    used[k as usize] = true;
                }
            }
        }
        m
    }

    fn context(&self, at: usize) -> f32 {
        self.layout.weight.get(at).copied().unwrap_or(1.0) * self.layout.hedge.get(at).copied().unwrap_or(1.0)
    }

    /// The metric item a change at `c` applies to, if any: an object right after it, else the
    /// subject before it.
    fn attach(&self, c: &Item, is_metric: &dyn Fn(usize) -> bool, kind: ChangeKind) -> Option<usize> {
        let n = self.tokens.len();
        let (window, unknown_budget) = if kind == ChangeKind::Gain { (7, 2) } else { (OBJECT_WINDOW + 1, 1) };
        // Forward: fillers only, at most a few unknown words, no punctuation.
        let mut unknown = 0;
        let mut j = c.end;
        while j < n && j < c.end + window + 1 {
            if let Some(k) = self.layout.item_at[j] {
                let k = k as usize;
                if is_metric(k) {
                    if let Some(item) = self.items.get(k)
                        && item.at == j
                    {
                        let class = item.entry.metric.map(|m| m.class);
                        let ok = match kind {
                            ChangeKind::Gain => {
                                matches!(class, Some(MetricClass::Object | MetricClass::State | MetricClass::Site))
                            }
                            _ => true,
                        };
                        if ok {
                            return Some(k);
                        }
                    }
                    break;
                }
                // Any other lexicon word ends the object search, but an intensifier or a
                // modifier-free filler-like word does not.
                let skip_ok = self.items.get(k).is_some_and(|it| {
                    matches!(it.entry.modifier, Some(Modifier::Intensify(_) | Modifier::Skip))
                        && it.entry.metric.is_none()
                        && it.entry.change.is_none()
                });
                if !skip_ok {
                    break;
                }
                j = self.items.get(k).map_or(j + 1, |it| it.end);
                continue;
            }
            let t = self.tokens.text(j);
            match self.tokens.kind(j) {
                Some(Kind::Number) => {}
                Some(Kind::Symbol) if matches!(t, "%" | "$" | "€" | "£" | "¥") => {}
                Some(Kind::Word) if is_filler(t) || self.tokens.toks[j].possessive => {}
                Some(Kind::Word) if unknown < unknown_budget && !ends_object_search(t) => unknown += 1,
                _ => break,
            }
            j += 1;
        }
        // Backward: the subject. A cause acts backwards only in the passive ("costs were
        // squeezed"); a gain only on a site ("the plant will close").
        let passive =
            c.at > 0 && matches!(self.tokens.text(c.at - 1), "was" | "were" | "been" | "be" | "being" | "is" | "are");
        if kind == ChangeKind::Cause && !passive {
            return None;
        }
        let mut j = c.at;
        let mut steps = 0;
        while j > 0 && steps < SUBJECT_WINDOW {
            j -= 1;
            steps += 1;
            if !self.same_clause(j, c.at) {
                break;
            }
            if let Some(k) = self.layout.item_at[j] {
                let k = k as usize;
                if is_metric(k) {
                    let site =
                        self.items.get(k).and_then(|it| it.entry.metric).is_some_and(|m| m.class == MetricClass::Site);
                    if site == (kind == ChangeKind::Gain) {
                        return Some(k);
                    }
                }
            }
        }
        None
    }

    /// A plain polar word right after a change, as its object ("lost its charm", "cut waste").
    fn polar_object(&self, c: &Item) -> Option<usize> {
        let n = self.tokens.len();
        let mut j = c.end;
        while j < n && j <= c.end + 2 {
            if let Some(k) = self.layout.item_at[j] {
                let k = k as usize;
                let item = self.items.get(k)?;
                let e = item.entry;
                let plain = e.polar != 0.0 && e.metric.is_none() && e.change.is_none() && e.modifier.is_none();
                return (plain && item.at == j).then_some(k);
            }
            let t = self.tokens.text(j);
            if !(self.tokens.kind(j) == Some(Kind::Word) && (is_filler(t) || self.tokens.toks[j].possessive)) {
                return None;
            }
            j += 1;
        }
        None
    }

    /// "swung to a profit", "pushed into the red": a state metric right after "to"/"into".
    fn transition(&self, c: &Item, is_metric: &dyn Fn(usize) -> bool) -> Option<usize> {
        let n = self.tokens.len();
        let mut j = c.end;
        let limit = (c.end + 3).min(n);
        while j < limit && !matches!(self.tokens.text(j), "to" | "into") {
            if self.tokens.kind(j) != Some(Kind::Word) && self.tokens.kind(j) != Some(Kind::Number) {
                return None;
            }
            j += 1;
        }
        if j >= limit {
            return None;
        }
        for k in (j + 1)..(j + 5).min(n) {
            if let Some(idx) = self.layout.item_at[k] {
                let idx = idx as usize;
                if is_metric(idx)
                    && self.items.get(idx).and_then(|it| it.entry.metric).is_some_and(|m| m.class == MetricClass::State)
                {
                    return Some(idx);
                }
                return None;
            }
            if self.tokens.kind(k) == Some(Kind::Symbol) {
                return None;
            }
        }
        None
    }
}

/// Scores one sentence: the raw score (sum of evidence) and its contributions.
/// Scores one sentence: the raw score (sum of the evidence); the contributions are left in
/// `scratch.out`.
fn score_tokens(tokens: &Tokens, lexicon: &Lexicon, scratch: &mut Scratch) -> f32 {
    let mut items = std::mem::take(&mut scratch.items);
    match_items(tokens, lexicon, &mut items);
    scratch.out.clear();
    // Most factual sentences hold only modifiers ("will", "expected to"): nothing to score.
    let score =
        if items.iter().any(|it| it.entry.polar != 0.0 || it.entry.metric.is_some() || it.entry.change.is_some()) {
            score_items(tokens, &items, scratch)
        } else {
            0.0
        };
    scratch.items = items;
    score
}

fn score_items(tokens: &Tokens, items: &[Item], scratch: &mut Scratch) -> f32 {
    use std::mem::take;
    let layout = layout(tokens, items, scratch);
    let scorer = Scorer { tokens, items, layout: &layout };
    let mut out = take(&mut scratch.out);
    let mut used_intensifier = refill(take(&mut scratch.used_intensifier), items.len(), false);

    // Reference zones: "from EUR 8.7 mn", "compared with a loss of EUR 2 mn", "(EUR 22.5 mn)".
    let amounts = amounts(tokens, take(&mut scratch.amounts));
    let mut in_reference = refill(take(&mut scratch.in_reference), tokens.len(), false);
    // (zone start, zone end, amount index)
    let mut references = take(&mut scratch.references);
    references.clear();
    for item in items {
        if item.entry.modifier == Some(Modifier::Reference)
            && let Some((ai, a)) = amounts.iter().enumerate().find(|(_, a)| a.at >= item.end && a.at <= item.end + 5)
        {
            references.push((item.at, a.end, ai));
        }
    }
    for (ai, a) in amounts.iter().enumerate() {
        if a.at > 0 && tokens.text(a.at - 1) == "(" && tokens.text(a.end) == ")" {
            references.push((a.at - 1, a.end + 1, ai));
        }
    }
    for &(from, to, _) in &references {
        for r in in_reference.iter_mut().take(to.min(tokens.len())).skip(from) {
            *r = true;
        }
    }

    // Which items are metrics, which are changes. "growth" is both: a metric when something
    // else changes it ("growth slowed"), else a change ("sales growth").
    let mut metrics = take(&mut scratch.metrics);
    let mut changes = take(&mut scratch.changes);
    let mut dual = take(&mut scratch.dual);
    metrics.clear();
    changes.clear();
    dual.clear();
    for (k, item) in items.iter().enumerate() {
        match (item.entry.metric, item.entry.change) {
            (Some(_), Some(_)) => {
                metrics.push(k);
                dual.push(k);
            }
            (Some(_), None) => metrics.push(k),
            (None, Some(_)) => {
                let word = tokens.text(item.at);
                let valid = match word {
                    "up" | "down" if item.end == item.at + 1 => up_down_is_change(tokens, item.at),
                    _ => true,
                };
                if valid {
                    changes.push(k);
                }
            }
            (None, None) => {}
        }
    }
    let mut attached_metric = refill(take(&mut scratch.attached_metric), items.len(), false);
    let mut attached_change = refill(take(&mut scratch.attached_change), items.len(), false);
    let mut pairs = take(&mut scratch.pairs);
    pairs.clear();

    let is_metric_item = |k: usize| items.get(k).is_some_and(|it| it.entry.metric.is_some());
    let resolve = |c: usize, exclude: usize, attached_metric: &mut Vec<bool>, pairs: &mut Vec<(usize, usize)>| {
        let Some(item) = items.get(c) else { return false };
        let Some(change) = item.entry.change else { return false };
        let candidate = |m: usize| m != c && m != exclude && is_metric_item(m);
        let target = scorer.transition(item, &candidate).or_else(|| {
            if change.kind == ChangeKind::State {
                // "turned a profit": a state right after the verb.
                let state = |m: usize| {
                    candidate(m)
                        && items.get(m).and_then(|it| it.entry.metric).is_some_and(|mm| mm.class == MetricClass::State)
                };
                scorer
                    .attach(item, &state, ChangeKind::Gain)
                    .filter(|&m| items.get(m).is_some_and(|it| it.at > item.at))
            } else {
                scorer.attach(item, &candidate, change.kind)
            }
        });
        if let Some(m) = target {
            attached_metric[m] = true;
            pairs.push((c, m));
            true
        } else {
            false
        }
    };
    for &c in &changes {
        attached_change[c] = resolve(c, usize::MAX, &mut attached_metric, &mut pairs);
    }
    for &d in &dual {
        if !attached_metric[d] && resolve(d, d, &mut attached_metric, &mut pairs) {
            attached_change[d] = true;
        }
    }

    // Changes applied to metrics.
    for &(c, m) in &pairs {
        let (Some(ci), Some(mi)) = (items.get(c), items.get(m)) else { continue };
        let (Some(change), Some(metric)) = (ci.entry.change, mi.entry.metric) else { continue };
        let transition = metric.class == MetricClass::State && scorer.transition(ci, &|k| k == m).is_some();
        let base = if transition || (change.kind == ChangeKind::State && metric.class == MetricClass::State) {
            // Moving into a state: the state decides (to a profit, into the red).
            metric.polarity.signum() * change.strength.max(1.0)
        } else {
            match change.kind {
                ChangeKind::Eval => change.direction * change.strength,
                ChangeKind::Lift if metric.class == MetricClass::Barrier => -change.strength * metric.polarity,
                ChangeKind::State => 0.0,
                _ => change.direction * change.strength * metric.polarity,
            }
        };
        if base == 0.0 {
            continue;
        }
        let intensity = scorer.intensity(ci.at, ci.end, true, &mut used_intensifier);
        let negation = scorer.negation(ci.at.min(mi.at)).min(scorer.negation(ci.at));
        let negation = if negation < 1.0 { negation } else { 1.0 };
        let value = base * intensity * negation * scorer.context(ci.at);
        out.push(Contribution { at: ci.at, value });
    }

    // Changes with nothing to apply to: a polar object ("lost its spark": the spark is gone),
    // else their own connotation ("shares soared", "collapsed").
    let mut consumed_polar = refill(take(&mut scratch.consumed_polar), items.len(), false);
    for &c in changes.iter().chain(dual.iter()) {
        if attached_change[c] || attached_metric[c] {
            continue;
        }
        let Some(item) = items.get(c) else { continue };
        let Some(change) = item.entry.change else { continue };
        if matches!(change.kind, ChangeKind::Dir | ChangeKind::Cause | ChangeKind::Lift)
            && let Some(p) = scorer.polar_object(item)
            && let Some(object) = items.get(p)
        {
            consumed_polar[p] = true;
            let value = change.direction
                * object.entry.polar
                * scorer.negation(item.at)
                * scorer.context(item.at)
                * scorer.intensity(item.at, item.end, true, &mut used_intensifier);
            out.push(Contribution { at: item.at, value });
            continue;
        }
        let word = tokens.text(item.at);
        if change.bare == 0.0 || in_reference[item.at] || matches!(word, "more" | "less" | "fewer") {
            continue;
        }
        // "Lost opera found in attic": what was lost is back, the loss is only its history.
        if word == "lost" && (item.end..tokens.len()).any(|j| RECOVERED.contains(&tokens.text(j))) {
            continue;
        }
        let intensity = scorer.intensity(item.at, item.end, true, &mut used_intensifier);
        let value = change.bare * intensity * scorer.negation(item.at) * scorer.context(item.at);
        out.push(Contribution { at: item.at, value });
    }

    // Number comparisons for metrics that no change word already covered.
    for &(zone_start, zone_end, ai) in &references {
        let Some(old) = amounts.get(ai) else { continue };
        // "from X to Y": Y follows; else Y is the nearest amount before the zone.
        let after = amounts.iter().find(|a| {
            a.at >= zone_end
                && a.at <= zone_end + 3
                && tokens.text(a.at.saturating_sub(1)) == "to"
                && a.unit == old.unit
        });
        let before = amounts.iter().rev().find(|a| {
            a.end <= zone_start
                && zone_start - a.end <= 15
                && a.unit == old.unit
                && !in_reference[a.at]
                && scorer.same_clause(a.at, zone_start)
        });
        let Some(new) = after.or(before) else { continue };
        let metric_before = |pos: usize, reach: usize, inside_zone: bool| {
            metrics.iter().copied().rev().find(|&m| {
                items.get(m).is_some_and(|it| {
                    it.end <= pos + 1
                        && pos.saturating_sub(it.end) <= reach
                        && (inside_zone || !in_reference[it.at])
                        && scorer.same_clause(it.at, pos)
                })
            })
        };
        let anchor = if after.is_some() { zone_start } else { new.at };
        let Some(new_metric) = metric_before(anchor, 14, false) else { continue };
        if attached_metric[new_metric] {
            continue;
        }
        let old_metric = metrics
            .iter()
            .copied()
            .find(|&m| items.get(m).is_some_and(|it| it.at >= zone_start && it.end <= zone_end))
            .unwrap_or(new_metric);
        let (Some(pn), Some(po)) = (
            items.get(new_metric).and_then(|it| it.entry.metric).map(|m| m.polarity),
            items.get(old_metric).and_then(|it| it.entry.metric).map(|m| m.polarity),
        ) else {
            continue;
        };
        if pn == 0.0 || po == 0.0 {
            continue;
        }
        let good_new = f64::from(pn) * new.value;
        let good_old = f64::from(po) * old.value;
        let scale = new.value.abs().max(old.value.abs()).max(1e-9);
        let relative = (good_new - good_old) / scale;
        if relative.abs() < 0.005 {
            continue;
        }
        attached_metric[new_metric] = true;
        attached_metric[old_metric] = true;
        let at = items.get(new_metric).map_or(0, |it| it.at);
        out.push(Contribution { at, value: relative.signum() as f32 * scorer.context(at) });
    }

    // Metrics stated without change: their bare connotation ("reported a net loss").
    for &m in &metrics {
        if attached_metric[m] || attached_change[m] {
            continue;
        }
        let Some(item) = items.get(m) else { continue };
        let Some(metric) = item.entry.metric else { continue };
        if metric.bare == 0.0 || in_reference[item.at] {
            continue;
        }
        let intensity = scorer.intensity(item.at, item.end, false, &mut used_intensifier);
        let value = metric.bare * intensity * scorer.negation(item.at) * scorer.context(item.at);
        out.push(Contribution { at: item.at, value });
    }

    // General polar words and phrases, except inside a name.
    let title_case = tokens.title_case();
    for (k, item) in items.iter().enumerate() {
        let e = item.entry;
        if e.polar == 0.0 || e.change.is_some() || e.metric.is_some() || consumed_polar[k] {
            continue;
        }
        if !title_case && tokens.capital_inside(item.at) {
            continue;
        }
        if matches!(e.modifier, Some(Modifier::Intensify(_))) {
            continue; // decided below, once we know whether it modified something
        }
        let _ = k;
        let intensity = scorer.intensity(item.at, item.end, false, &mut used_intensifier);
        let negation = if matches!(e.modifier, Some(Modifier::Negate(_))) { 1.0 } else { scorer.negation(item.at) };
        let value = e.polar * intensity * negation * scorer.context(item.at);
        out.push(Contribution { at: item.at, value });
    }
    // An intensifier that modified nothing speaks for itself ("the writing is sharp").
    for (k, item) in items.iter().enumerate() {
        if item.entry.polar != 0.0
            && matches!(item.entry.modifier, Some(Modifier::Intensify(_)))
            && !used_intensifier[k]
            && item.entry.change.is_none()
            && item.entry.metric.is_none()
        {
            let value = item.entry.polar * scorer.negation(item.at) * scorer.context(item.at);
            out.push(Contribution { at: item.at, value });
        }
    }
    let total = out.iter().map(|c| c.value).sum();
    *scratch = Scratch {
        items: take(&mut scratch.items),
        clause: layout.clause,
        soft: layout.soft,
        weight: layout.weight,
        hedge: layout.hedge,
        item_at: layout.item_at,
        amounts,
        in_reference,
        references,
        metrics,
        changes,
        dual,
        used_intensifier,
        attached_metric,
        attached_change,
        consumed_polar,
        pairs,
        out,
    };
    total
}

/// Words saying that something lost is back.
const RECOVERED: &[&str] = &["found", "rediscovered", "recovered", "unearthed", "resurfaced", "retrieved", "returned"];

impl Tokens {
    /// A word with a capital right after another word: part of a name ("the Liberty Fund",
    /// "“A Filha do Mar”"), unless the whole sentence is in title case.
    fn capital_inside(&self, i: usize) -> bool {
        i > 0 && self.toks.get(i).is_some_and(|t| t.capital) && self.kind(i - 1) == Some(Kind::Word)
    }

    /// Most longer words capitalised: a headline in title case, where capitals say nothing.
    fn title_case(&self) -> bool {
        let (mut words, mut capitals) = (0, 0);
        for t in self.toks.iter().filter(|t| t.kind == Kind::Word && t.hi - t.lo > 3) {
            words += 1;
            capitals += usize::from(t.capital);
        }
        capitals * 2 > words
    }

    fn new() -> Self {
        Self { buf: String::with_capacity(512), toks: Vec::with_capacity(64) }
    }
}

/// Everything scoring a sentence needs besides the lexicon, reused across sentences.
struct Workspace {
    tokens: Tokens,
    scratch: Scratch,
}

impl Workspace {
    fn new() -> Self {
        Self { tokens: Tokens::new(), scratch: Scratch::default() }
    }
}

/// Raw score of one sentence (sum of the evidence, unbounded).
fn raw_score(sentence: &str, ws: &mut Workspace) -> f32 {
    let lexicon = &*LEXICON;
    tokenize(sentence, lexicon, &mut ws.tokens);
    let score = score_tokens(&ws.tokens, lexicon, &mut ws.scratch);
    if score.is_finite() { score } else { 0.0 }
}

fn squash(raw: f32) -> f32 {
    raw / (raw * raw + ALPHA).sqrt()
}

fn label_of(raw: f32) -> Sentiment {
    if raw > SENTENCE_THRESHOLD {
        Sentiment::Positive
    } else if raw < -SENTENCE_THRESHOLD {
        Sentiment::Negative
    } else {
        Sentiment::Neutral
    }
}

/// Sentiment of one sentence: its label and a score in [-1, 1] (0 for no evidence).
pub fn sentence_sentiment(sentence: &str) -> (Sentiment, f32) {
    let raw = raw_score(sentence, &mut Workspace::new());
    (label_of(raw), squash(raw).clamp(-1.0, 1.0))
}

/// Weight of the body sentence at `index`: the lead counts more than the tail.
fn position_weight(index: usize) -> f32 {
    0.5 + 1.5 / (1.0 + 0.5 * index as f32)
}

/// Sentiment of a document: headline and sentences scored one by one, then aggregated with
/// the headline and the lead weighted more and a neutral band. `drivers` are the sentences
/// (verbatim) that pushed the score most towards the label, strongest first.
pub fn sentiment(doc: &Document<'_>) -> SentimentResult {
    struct Scored<'a> {
        text: &'a str,
        weight: f32,
        raw: f32,
    }
    let mut scored: Vec<Scored<'_>> = Vec::new();
    let mut ws = Workspace::new();
    let title = doc.title.trim();
    if !title.is_empty() {
        scored.push(Scored { text: title, weight: TITLE_WEIGHT, raw: raw_score(title, &mut ws) });
    }
    for s in text::sentences(doc.text) {
        scored.push(Scored { text: s.text, weight: position_weight(s.index), raw: raw_score(s.text, &mut ws) });
    }
    let mut numerator = 0.0f32;
    let mut denominator = 0.0f32;
    for s in &scored {
        if label_of(s.raw) == Sentiment::Neutral {
            denominator += NEUTRAL_SENTENCE_WEIGHT * s.weight;
        } else {
            numerator += s.weight * squash(s.raw);
            denominator += s.weight;
        }
    }
    let score = if denominator > 0.0 { (numerator / denominator).clamp(-1.0, 1.0) } else { 0.0 };
    let label = if score > DOCUMENT_BAND {
        Sentiment::Positive
    } else if score < -DOCUMENT_BAND {
        Sentiment::Negative
    } else {
        Sentiment::Neutral
    };
    let sign = match label {
        Sentiment::Positive => 1.0,
        Sentiment::Negative => -1.0,
        Sentiment::Neutral => 0.0,
    };
    let mut candidates: Vec<(f32, &str)> = scored
        .iter()
        .filter(|s| label_of(s.raw) != Sentiment::Neutral)
        .map(|s| (s.weight * squash(s.raw), s.text))
        .filter(|(c, _)| sign == 0.0 || c * sign > 0.0)
        .map(|(c, t)| (c.abs(), t))
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut drivers: Vec<String> = Vec::with_capacity(3);
    for (_, text) in candidates {
        if drivers.len() == 3 {
            break;
        }
        if !drivers.iter().any(|d| d == text) {
            drivers.push(text.to_string());
        }
    }
    SentimentResult { label, score, drivers }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Scores;

    const DEV: &str = include_str!("../testdata/sentiment_dev.tsv");
    const HOLDOUT: &str = include_str!("../testdata/sentiment_holdout.tsv");

    fn rows(tsv: &str) -> Vec<(&str, &str, &str)> {
        tsv.lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.splitn(3, '\t');
                Some((f.next()?, f.next()?, f.next()?))
            })
            .collect()
    }

    fn vader_label(analyzer: &vader_sentiment::SentimentIntensityAnalyzer<'_>, s: &str) -> &'static str {
        let compound = analyzer.polarity_scores(s).get("compound").copied().unwrap_or(0.0);
        if compound >= 0.05 {
            "positive"
        } else if compound <= -0.05 {
            "negative"
        } else {
            "neutral"
        }
    }

    /// Scores per domain (and "editorial" = opinion + general), ours and VADER's.
    fn report(name: &str, tsv: &str) -> Vec<(String, Scores, Scores)> {
        let analyzer = vader_sentiment::SentimentIntensityAnalyzer::new();
        let labels = ["positive", "neutral", "negative"];
        let mut domains: Vec<(String, Scores, Scores)> = Vec::new();
        let verbose = std::env::var("SENTIMENT_VERBOSE").is_ok();
        for (gold, domain, sentence) in rows(tsv) {
            let (label, score) = sentence_sentiment(sentence);
            let ours = label.as_str();
            let vader = vader_label(&analyzer, sentence);
            if verbose && ours != gold {
                println!("MISS {domain:8} gold={gold:8} ours={ours:8} {score:+.2} | {sentence}");
            }
            let group = if domain == "finance" { "finance" } else { "editorial" };
            let mut keys = vec![domain, "all"];
            if group != domain {
                keys.push(group);
            }
            for key in keys {
                if !domains.iter().any(|d| d.0 == key) {
                    domains.push((key.to_string(), Scores::new(&labels), Scores::new(&labels)));
                }
                if let Some(d) = domains.iter_mut().find(|d| d.0 == key) {
                    d.1.add(gold, ours);
                    d.2.add(gold, vader);
                }
            }
        }
        for (domain, ours, vader) in &domains {
            println!("== {name} / {domain}: ours\n{ours}");
            println!(
                "   {name} / {domain}: VADER accuracy = {:.3}  macro-F1 = {:.3}\n",
                vader.accuracy(),
                vader.macro_f1()
            );
        }
        domains
    }

    fn label(sentence: &str) -> Sentiment {
        sentence_sentiment(sentence).0
    }

    fn check(cases: &[(&str, Sentiment)]) {
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(s, want)| label(s) != *want)
            .map(|(s, want)| format!("{s:?}: want {want:?}, got {:?}", sentence_sentiment(s)))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    use Sentiment::{Negative as NEG, Neutral as NEU, Positive as POS};

    #[test]
    fn something_lost_and_found_again_is_no_loss() {
        check(&[
            ("Lost opera by Porto composer found in Braga house", NEU),
            ("The score, long believed lost, has been found in a trunk in an attic.", NEU),
            ("A long-lost painting was rediscovered in a farmhouse.", NEU),
            ("The team lost the final.", NEG),
            ("Thousands of passengers lost their luggage.", NEG),
        ]);
    }

    #[test]
    fn a_polar_word_inside_a_name_judges_nothing() {
        check(&[
            ("The survey covered adults in the UK, the United States, Germany and Japan.", NEU),
            ("The manuscript of “A Filha do Mar” was performed twice in 1887.", NEU),
            ("United States sends envoy to talks", NEU),
            ("Critics called the staging a triumph.", POS),
            ("Shares Plunge As Profits Collapse", NEG),
        ]);
    }

    #[test]
    fn least_turns_the_word_after_it_around() {
        check(&[
            ("The most useful change is also the least exciting one.", NEU),
            ("It was the least successful launch in the company's history.", NEG),
            ("At least 40 people attended the hearing.", NEU),
        ]);
    }

    #[test]
    fn shorter_waits_are_good_and_longer_ones_bad() {
        check(&[
            ("Nurse-led triage app cut emergency waits by 40 minutes in hospital study", POS),
            ("The median wait for a first assessment fell by 40 minutes.", POS),
            ("Average wait times in emergency departments rose to five hours.", NEG),
        ]);
    }

    #[test]
    fn something_offered_free_is_good_news() {
        check(&[("Finland to offer free shingles vaccine to everyone aged 65 and over", POS)]);
    }

    #[test]
    fn a_good_metric_rising_is_positive() {
        check(&[
            ("Operating profit rose to EUR 5.1 mn.", POS),
            ("Net sales increased by 8%.", POS),
            ("Order intake grew strongly in the quarter.", POS),
            ("The company's market share climbed in Sweden.", POS),
            ("Exports jumped 12% in May.", POS),
        ]);
    }

    #[test]
    fn a_good_metric_falling_is_negative() {
        check(&[
            ("Operating profit fell to EUR 2.1 mn.", NEG),
            ("Net sales decreased by 8%.", NEG),
            ("Order intake shrank in the quarter.", NEG),
            ("Shares in the company tumbled 14%.", NEG),
        ]);
    }

    #[test]
    fn losses_widening_is_negative_and_narrowing_positive() {
        check(&[
            ("The net loss widened to EUR 4 mn.", NEG),
            ("Losses widened in the second half.", NEG),
            ("The operating loss narrowed to EUR 1 mn.", POS),
            ("Losses narrowed sharply.", POS),
        ]);
    }

    #[test]
    fn a_bad_metric_falling_is_positive() {
        check(&[
            ("Unemployment fell to 6.1% in May.", POS),
            ("Costs fell by a fifth.", POS),
            ("Inflation eased to 2.4%.", POS),
            ("Net debt decreased to EUR 80 mn.", POS),
            ("Road deaths fell last year.", POS),
        ]);
    }

    #[test]
    fn a_bad_metric_rising_is_negative() {
        check(&[
            ("Unemployment rose to 8.2%.", NEG),
            ("Costs increased sharply.", NEG),
            ("Inflation accelerated to 5%.", NEG),
            ("The number of bankruptcies climbed.", NEG),
        ]);
    }

    #[test]
    fn rising_yields_and_rates_are_bad_news() {
        check(&[
            ("Bond yields jumped to 4.5%.", NEG),
            ("The central bank raised interest rates by half a point.", NEG),
            ("The central bank cut its key rate.", POS),
        ]);
    }

    #[test]
    fn tariffs_lifted_are_positive_and_raised_negative() {
        check(&[
            ("The two countries lifted tariffs on cars.", POS),
            ("The government removed import duties on grain.", POS),
            ("Sanctions were eased in March.", POS),
            ("The government raised tariffs on steel.", NEG),
            ("The government imposed new sanctions.", NEG),
        ]);
    }

    #[test]
    fn lifted_raises_a_forecast() {
        check(&[("The company lifted its full-year forecast.", POS), ("The company cut its outlook.", NEG)]);
    }

    #[test]
    fn number_comparisons_use_the_metric_polarity() {
        check(&[
            ("Net sales increased to EUR 13.1 mn from EUR 8.7 mn.", POS),
            ("Net sales were EUR 13.1 mn compared with EUR 8.7 mn a year earlier.", POS),
            ("Operating profit was EUR 3.0 mn compared with EUR 4.4 mn.", NEG),
            ("Operating profit totalled EUR 30.2 mn (EUR 22.5 mn).", POS),
            ("The net loss was EUR 2 mn compared with a loss of EUR 5 mn.", POS),
            ("Net profit was EUR 8.8 mn, compared with a loss of EUR 2.1 mn.", POS),
            ("Revenue came in at USD 910 mn, versus USD 1.05 bn a year earlier.", NEG),
        ]);
    }

    #[test]
    fn glued_currency_amounts_are_read() {
        check(&[("Net sales doubled to EUR131m from EUR76m.", POS), ("Profit fell to EUR5.2m from EUR9.9m.", NEG)]);
    }

    #[test]
    fn moving_into_a_state_takes_the_state_sign() {
        check(&[
            ("The company swung to a pre-tax profit of EUR 2 mn.", POS),
            ("The company swung to an operating loss.", NEG),
            ("The group returned to profit.", POS),
            ("The group turned a profit in the quarter.", POS),
            ("Impairments pushed the company into the red.", NEG),
            ("Sales fell into a loss.", NEG),
        ]);
    }

    #[test]
    fn a_loss_stated_alone_is_negative_and_sales_alone_neutral() {
        check(&[
            ("The company reported a net loss of EUR 15 mn.", NEG),
            ("Net sales totalled EUR 75 mn.", NEU),
            ("Operating profit was EUR 4.1 mn.", NEU),
        ]);
    }

    #[test]
    fn factual_sentences_stay_neutral() {
        check(&[
            ("The company has 120 employees.", NEU),
            ("The deal is expected to close in the second quarter.", NEU),
            ("The shares will be listed on Nasdaq Helsinki.", NEU),
            ("The contract value is EUR 2 mn.", NEU),
            ("The plant will use wood chips as its main fuel.", NEU),
            ("Eastwind owns three gas-fired power plants.", NEU),
            ("The annual general meeting will be held on 3 April.", NEU),
            ("The share capital will increase by EUR 1 mn.", NEU),
            ("Prices rose 3%.", NEU),
        ]);
    }

    #[test]
    fn jobs_created_are_positive_and_cut_negative() {
        check(&[
            ("The company expects to cut 40 jobs.", NEG),
            ("The plant will create 200 jobs.", POS),
            ("The company will lay off 50 workers.", NEG),
            ("180 people will lose their jobs.", NEG),
            ("The firm will hire 100 engineers.", POS),
        ]);
    }

    #[test]
    fn orders_won_are_positive_and_customers_lost_negative() {
        check(&[
            ("Halden has won a EUR 25 mn order from a Polish railway.", POS),
            ("The company was awarded a contract worth USD 40 mn.", POS),
            ("The company lost a major customer.", NEG),
        ]);
    }

    #[test]
    fn negation_flips_within_its_scope() {
        check(&[
            ("Pre-tax profit did not rise.", NEG),
            ("Net sales did not grow as planned.", NEG),
            ("The company is no longer profitable.", NEG),
            ("The company failed to meet its target.", NEG),
            ("No one was injured.", POS),
            ("The film is not good.", NEG),
            ("The film is not bad.", POS),
            ("The restructuring will take place without layoffs.", POS),
        ]);
    }

    #[test]
    fn a_nearer_polar_word_takes_the_negation() {
        check(&[
            ("A fine cast cannot save this mess.", NEG),
            ("The film has none of the charm or wit of the book.", NEG),
        ]);
    }

    #[test]
    fn a_result_before_taxes_is_one_metric_not_taxes() {
        check(&[("Result before taxes rose to EUR 5 mn.", POS), ("Earnings before taxes fell by 9%.", NEG)]);
    }

    #[test]
    fn negation_stops_at_a_comma() {
        assert_eq!(label("It was not a surprise, and the results were excellent."), POS);
    }

    #[test]
    fn not_only_is_not_a_negation() {
        assert_eq!(label("The film is not only funny but also moving."), POS);
    }

    #[test]
    fn intensifiers_and_downtoners_scale() {
        let (_, plain) = sentence_sentiment("Net sales fell.");
        let (_, sharp) = sentence_sentiment("Net sales fell sharply.");
        let (_, slight) = sentence_sentiment("Net sales fell slightly.");
        assert!(sharp < plain && plain < slight, "{sharp} {plain} {slight}");
        let (_, good) = sentence_sentiment("The film is good.");
        let (_, very) = sentence_sentiment("The film is very good.");
        assert!(very > good, "{very} {good}");
    }

    #[test]
    fn hedges_soften() {
        let (_, firm) = sentence_sentiment("Net sales will grow.");
        let (_, hedged) = sentence_sentiment("Net sales may grow.");
        assert!(hedged > 0.0 && hedged < firm, "{hedged} {firm}");
        assert_eq!(label("The company expects net sales to grow in 2027."), POS);
    }

    #[test]
    fn the_clause_after_but_dominates() {
        check(&[
            ("Net sales fell slightly, but operating profit improved markedly.", POS),
            ("It looks gorgeous, but the story is hollow.", NEG),
            ("The first half drags, but the finale is thrilling.", POS),
        ]);
    }

    #[test]
    fn a_subordinate_contrast_counts_less() {
        check(&[
            ("Although net sales rose slightly, operating profit fell by a third.", NEG),
            ("Despite the weak market, the company increased its net sales.", POS),
            ("Profit rose despite weak demand.", POS),
        ]);
    }

    #[test]
    fn a_sentence_initial_however_keeps_its_sentence_weight() {
        assert_eq!(label("However, operating profit fell."), NEG);
    }

    #[test]
    fn causes_act_on_their_object_not_their_subject() {
        check(&[
            ("Analysts said the new tariffs would hurt exporters.", NEG),
            ("Higher raw material costs reduced operating profit.", NEG),
            ("Lower energy costs boosted margins.", POS),
        ]);
    }

    #[test]
    fn an_intransitive_change_does_not_reach_past_a_preposition() {
        assert_eq!(label("Sales in Russia collapsed after the sanctions were imposed."), NEG);
    }

    #[test]
    fn beating_or_missing_expectations() {
        check(&[
            ("The results beat analysts' expectations.", POS),
            ("Quarterly earnings missed forecasts.", NEG),
            ("The result was weaker than expected.", NEG),
            ("The economy grew faster than expected.", POS),
        ]);
    }

    #[test]
    fn general_news_words() {
        check(&[
            ("Three people were killed in the crash.", NEG),
            ("The regulator approved the new drug.", POS),
            ("The carmaker recalled 80,000 vehicles.", NEG),
            ("Hackers stole customer data in a breach.", NEG),
            ("Train drivers will strike on Monday.", NEG),
            ("The national team won the final.", POS),
            ("The strike ended after a deal was reached.", POS),
        ]);
    }

    #[test]
    fn review_words() {
        check(&[
            ("A clumsy, joyless sequel.", NEG),
            ("The plan is a bold and overdue fix.", POS),
            ("An unfunny, witless comedy.", NEG),
            ("A gloriously inventive film.", POS),
            ("Don't waste your money on this one.", NEG),
            ("The singer's voice has never sounded better.", POS),
            ("The show has lost its charm.", NEG),
        ]);
    }

    #[test]
    fn derived_forms_follow_their_base_word() {
        check(&[("The staff were unhelpful.", NEG), ("This is the funniest film of the year.", POS)]);
    }

    #[test]
    fn scores_are_bounded_and_signed_like_the_label() {
        for s in ["Profit soared, sales soared, orders soared and margins soared to record highs.", "Killed.", ""] {
            let (l, score) = sentence_sentiment(s);
            assert!((-1.0..=1.0).contains(&score), "{s}: {score}");
            match l {
                POS => assert!(score > 0.0),
                NEG => assert!(score < 0.0),
                NEU => {}
            }
        }
    }

    #[test]
    fn a_document_weights_its_headline_and_lead() {
        let text = "The company has 300 employees. It is based in Oulu. The annual meeting is in April. \
                    The board has six members. Deliveries begin in May.";
        let good = sentiment(&Document::new("Operating profit jumped to record high", text));
        assert_eq!(good.label, POS, "{good:?}");
        assert!(good.score > 0.0);
        assert_eq!(good.drivers, ["Operating profit jumped to record high"]);
        let neutral = sentiment(&Document::new("Company news", text));
        assert_eq!(neutral.label, NEU, "{neutral:?}");
        assert!(neutral.drivers.is_empty());
    }

    #[test]
    fn a_late_minor_note_does_not_flip_a_neutral_document() {
        let mut text = String::new();
        for i in 0..15 {
            text.push_str(&format!("The company operates {i} warehouses in the region. "));
        }
        text.push_str("Costs rose slightly.");
        assert_eq!(sentiment(&Document::new("", &text)).label, NEU);
    }

    #[test]
    fn drivers_are_verbatim_strongest_first_and_at_most_three() {
        let text = "Net sales rose 2%. Operating profit more than doubled to a record high. \
                    Order intake grew. Margins improved. The company has 40 employees.";
        let result = sentiment(&Document::new("", text));
        assert_eq!(result.label, POS);
        assert!(result.drivers.len() <= 3);
        assert_eq!(result.drivers[0], "Operating profit more than doubled to a record high.");
        for d in &result.drivers {
            assert!(text.contains(d.as_str()), "{d}");
        }
    }

    #[test]
    fn a_negative_document_has_negative_drivers() {
        let text = "The company will close its Lahti plant. 120 people will lose their jobs. \
                    The plant was opened in 1970.";
        let result = sentiment(&Document::new("Lumotek to shut factory", text));
        assert_eq!(result.label, NEG, "{result:?}");
        assert!(result.score < 0.0);
        assert!(result.drivers.iter().all(|d| sentence_sentiment(d).0 == NEG), "{result:?}");
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let huge_word = "a".repeat(1 << 20);
        let many_words = "good ".repeat(200_000);
        let many_buts = "but ".repeat(100_000);
        let inputs = [
            "",
            " ",
            "...!!!???",
            ",,,,;;;;::::",
            "😀😀😀 🎉 rose fell",
            "Прибыль выросла. 利益が増えた。 الأرباح ارتفعت",
            "EUR EUR EUR 5 5 5 mn mn from from to to ( ( ) )",
            "from 1,2,3,4.5.6 to -7 (8) compared with -",
            "n't n't not no never",
            huge_word.as_str(),
            many_words.as_str(),
            many_buts.as_str(),
        ];
        for input in inputs {
            let (_, score) = sentence_sentiment(input);
            assert!(score.is_finite() && (-1.0..=1.0).contains(&score));
            let doc = sentiment(&Document::new(input, input));
            assert!(doc.score.is_finite() && (-1.0..=1.0).contains(&doc.score));
            assert!(doc.drivers.len() <= 3);
        }
    }

    #[test]
    fn the_lexicon_loads_and_expands_forms() {
        let lexicon = &*LEXICON;
        for word in ["rises", "rising", "rose", "narrowed", "losses", "dropped", "clumsily", "unfunny", "layoffs"] {
            assert!(lexicon.contains_word(word), "{word}");
        }
        assert!(lexicon.entries.len() > 3000, "{}", lexicon.entries.len());
    }

    #[test]
    fn the_ascii_tokenizer_agrees_with_the_shared_one() {
        let lexicon = &*LEXICON;
        for s in [
            "The U.S. economy's $1,200.50 e-mail, rose.The AT&T 3.5% (2026) didn't",
            "Net sales rose to EUR131m from EUR 76.5 mn -- a.m. x.y.z. J. Smith's",
            "'quoted' \"double\" end-. -start a-b-c rock'n'roll 1.2.3 4,5 6,",
        ] {
            let mut fast = Tokens::new();
            tokenize_ascii(s, lexicon, &mut fast);
            let mut slow = Tokens::new();
            for t in text::tokens(s) {
                match t.kind {
                    TokenKind::Word => slow.push_word(t.text, lexicon),
                    TokenKind::Number => slow.push(Kind::Number, t.text, false),
                    TokenKind::Symbol => slow.push(Kind::Symbol, t.text, false),
                }
            }
            let a: Vec<&str> = (0..fast.len()).map(|i| fast.text(i)).collect();
            let b: Vec<&str> = (0..slow.len()).map(|i| slow.text(i)).collect();
            assert_eq!(a, b, "{s}");
        }
    }

    #[test]
    fn verb_forms_cover_regular_patterns() {
        let forms = |w: &str| verb_forms(w);
        assert!(forms("drop").contains(&"dropped".to_string()));
        assert!(forms("rise").contains(&"rising".to_string()));
        assert!(forms("rally").contains(&"rallied".to_string()));
        assert!(forms("die").contains(&"dying".to_string()));
        assert_eq!(plural("loss"), "losses");
        assert_eq!(plural("subsidy"), "subsidies");
        assert_eq!(adverb("clumsy"), "clumsily");
    }

    /// `SENTENCE="..." cargo test explain -- --ignored --nocapture` shows the evidence.
    #[test]
    #[ignore = "debugging aid"]
    fn explain() {
        let sentence = std::env::var("SENTENCE").unwrap_or_default();
        for sentence in sentence.split(" || ") {
            let lexicon = &*LEXICON;
            let mut tokens = Tokens::new();
            tokenize(sentence, lexicon, &mut tokens);
            let mut items = Vec::new();
            match_items(&tokens, lexicon, &mut items);
            let words: Vec<&str> = (0..tokens.len()).map(|i| tokens.text(i)).collect();
            println!("{words:?}");
            for item in &items {
                println!("  item {:?} {:?}", &words[item.at..item.end], item.entry);
            }
            let mut scratch = Scratch::default();
            let raw = score_tokens(&tokens, lexicon, &mut scratch);
            for c in &scratch.out {
                println!("  {:+.2} at {} ({})", c.value, c.at, words[c.at]);
            }
            println!("  raw {raw:+.2} -> {:?}", sentence_sentiment(sentence));
        }
    }

    /// `TSV_FILE=path cargo test score_file -- --ignored --nocapture` scores any labelled file.
    #[test]
    #[ignore = "debugging aid"]
    fn score_file() {
        let path = std::env::var("TSV_FILE").unwrap_or_default();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        report(&path, &format!("label\tdomain\tsentence\n{text}"));
    }

    #[test]
    fn dev_set_scores() {
        let domains = report("dev", DEV);
        let get = |k: &str| domains.iter().find(|d| d.0 == k).map_or((0.0, 0.0), |d| (d.1.accuracy(), d.2.accuracy()));
        let (finance, finance_vader) = get("finance");
        let (editorial, editorial_vader) = get("editorial");
        // Floors a little under what the rules reach, so that a regression fails.
        assert!(finance >= 0.95, "finance accuracy {finance:.3}");
        assert!(editorial >= 0.85, "editorial accuracy {editorial:.3}");
        assert!(editorial >= editorial_vader + 0.10, "editorial {editorial:.3} vs VADER {editorial_vader:.3}");
        assert!(finance >= finance_vader + 0.15, "finance {finance:.3} vs VADER {finance_vader:.3}");
    }

    #[test]
    #[ignore = "held-out set: scored once at the end, not tuned on"]
    fn holdout_set_scores() {
        report("holdout", HOLDOUT);
    }
}
