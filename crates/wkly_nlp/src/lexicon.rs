//! Weighted phrase lexicons over normalised words: the matcher shared by `category` and `goal`.
//!
//! A lexicon is a hand-written list of terms (one to four words) per class, each with a
//! weight. Text and terms go through the same normalisation (lower case, a light suffix
//! stemmer, possessives dropped, hyphenated words split), so "Shares", "shared" and
//! "share" meet. Matching is greedy longest-first, so "prime minister" counts as one term
//! and not also as "minister". A few pseudo-words stand for number shapes that carry topic:
//! `#score` ("24-17"), `#money` ("$5", "€3") and `#pct` ("5%").
//!
//! It deliberately does not do full Porter stemming (allocation per word would cost more
//! than the whole stage budget), part-of-speech tagging, or any learning: weights are
//! whatever the data file says, which keeps every decision explainable.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash: the keys are short stems and packed ids, hashed by the thousand per article,
/// where SipHash would be a noticeable part of the budget. No attacker chooses the keys
/// of these maps: they are built from the data files.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
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
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_u128(&mut self, i: u128) {
        self.add(i as u64);
        self.add((i >> 64) as u64);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// One unit out of the word splitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A normalised (lower-cased, stemmed) word or pseudo-word.
    Word(&'a str),
    /// Punctuation that a phrase may not span (sentence or clause end, brackets, quotes).
    Break,
}

/// Words longer than this are not words (URLs, base64, a 1 MB run of letters): they are
/// skipped rather than stemmed and hashed.
const MAX_WORD_BYTES: usize = 40;

/// Splits `text` into normalised words and phrase breaks and hands them to `f` in order.
/// Stops after `max_words` words, so that a huge input costs a bounded amount.
pub fn for_each_piece(text: &str, max_words: usize, mut f: impl FnMut(Piece<'_>)) {
    let bytes = text.as_bytes();
    let mut buf = String::with_capacity(32);
    let mut words = 0usize;
    let mut i = 0usize;
    // A currency sign just before a number makes it an amount of money.
    let mut pending_currency = false;
    // "voted 8-3" is a tally, not a result.
    let mut after_vote = false;
    while i < bytes.len() && words < max_words {
        let c = char_at(text, i);
        if !(c.is_alphabetic() || c.is_ascii_digit()) {
            i += c.len_utf8();
            let is_break_here = is_break(c) || (c == '.' && !bytes.get(i).is_some_and(u8::is_ascii_digit));
            pending_currency = matches!(c, '$' | '€' | '£' | '¥');
            if is_break_here {
                f(Piece::Break);
            }
            continue;
        }
        buf.clear();
        let mut too_long = false;
        let mut digits_only = true;
        let mut dotted = false;
        let mut j = i;
        while j < bytes.len() {
            let b = bytes[j];
            // ASCII fast path: most news text is plain letters.
            if b.is_ascii_alphanumeric() {
                digits_only &= b.is_ascii_digit();
                if buf.len() < MAX_WORD_BYTES {
                    buf.push(char::from(b.to_ascii_lowercase()));
                } else {
                    too_long = true;
                }
                j += 1;
                continue;
            }
            let c = if b < 0x80 { char::from(b) } else { char_at(text, j) };
            if c.is_alphanumeric() && (j > i || c.is_alphabetic() || c.is_ascii_digit()) {
                digits_only &= c.is_ascii_digit();
                if buf.len() < MAX_WORD_BYTES {
                    push_lower(&mut buf, c);
                } else {
                    too_long = true;
                }
                j += c.len_utf8();
                continue;
            }
            // Inner joiners: "U.S." → "us", "3.5" and "1,200" stay one number, "don't" →
            // "dont", and a possessive "'s" is dropped.
            let after_at = j + c.len_utf8();
            let after = (after_at < bytes.len()).then(|| char_at(text, after_at));
            match c {
                '.' | ',' if digits_only && after.is_some_and(|a| a.is_ascii_digit()) => j = after_at,
                '.' if !digits_only
                    && after.is_some_and(char::is_alphabetic)
                    && !next_is_alphanumeric(text, after_at + after.map_or(0, char::len_utf8)) =>
                {
                    j = after_at;
                    dotted = true;
                }
                // The closing dot of "U.S." belongs to the word, not to the sentence.
                '.' if dotted => {
                    j = after_at;
                    break;
                }
                '\'' | '’' if after.is_some_and(char::is_alphabetic) => {
                    let s_end = after_at + 1;
                    if matches!(after, Some('s' | 'S')) && !next_is_alphanumeric(text, s_end) {
                        j = s_end;
                        break;
                    }
                    j = after_at;
                }
                _ => break,
            }
        }
        i = j;
        if too_long {
            continue;
        }
        words += 1;
        if digits_only {
            let piece = if pending_currency {
                "#money"
            } else if let Some(end) = score_end(text, i, &buf).filter(|_| !after_vote) {
                i = end;
                "#score"
            } else if bytes.get(i) == Some(&b'%') {
                "#pct"
            } else {
                "#num"
            };
            pending_currency = false;
            after_vote = false;
            f(Piece::Word(piece));
            continue;
        }
        pending_currency = false;
        after_vote = matches!(buf.as_str(), "vote" | "voted" | "votes");
        stem(&mut buf);
        f(Piece::Word(&buf));
    }
}

/// The character starting at byte `at` (a char boundary by construction).
fn char_at(text: &str, at: usize) -> char {
    text[at..].chars().next().unwrap_or(' ')
}

fn next_is_alphanumeric(text: &str, at: usize) -> bool {
    text.get(at..).and_then(|s| s.chars().next()).is_some_and(char::is_alphanumeric)
}

/// After a number at `at`, a "-" and another short number make a result ("24-17", "6-4");
/// returns where it ends. Vote tallies look the same but are rarer than scores.
fn score_end(text: &str, at: usize, first: &str) -> Option<usize> {
    if first.len() > 3 {
        return None;
    }
    let rest = text.get(at..)?;
    let dash = if rest.starts_with('-') {
        1
    } else if rest.starts_with('–') {
        '–'.len_utf8()
    } else {
        return None;
    };
    let digits = rest[dash..].bytes().take_while(u8::is_ascii_digit).count();
    let end = dash + digits;
    if digits == 0 || digits > 3 || rest[end..].starts_with(char::is_alphabetic) {
        return None;
    }
    Some(at + end)
}

fn push_lower(buf: &mut String, c: char) {
    if c.is_ascii() {
        buf.push(c.to_ascii_lowercase());
    } else {
        buf.extend(c.to_lowercase());
    }
}

fn is_break(c: char) -> bool {
    matches!(c, '!' | '?' | ';' | ':' | ',' | '(' | ')' | '[' | ']' | '"' | '“' | '”' | '|' | '—' | '–' | '\n' | '/')
}

/// Words the suffix rules would mangle into another common word.
const STEM_EXCEPTIONS: &[&str] = &["news", "series", "species", "means", "lens", "isis", "texas", "paris", "chaos"];

/// A light suffix stemmer: plural "-s"/"-ies", "-ing", "-ed" and a final "-e", with
/// undoubling ("stopped" → "stop"). Crude, but applied alike to lexicon and text, and it
/// never allocates.
pub fn stem(w: &mut String) {
    if w.len() <= 3 || !w.is_ascii() || (w.ends_with('s') && STEM_EXCEPTIONS.contains(&w.as_str())) {
        return;
    }
    if w.ends_with("ies") && w.len() > 4 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.truncate(w.len() - 1);
    }
    let stripped = if w.ends_with("ing") && has_vowel(&w[..w.len() - 3]) && w.len() >= 6 {
        w.truncate(w.len() - 3);
        true
    } else if w.ends_with("ed") && has_vowel(&w[..w.len() - 2]) && w.len() >= 5 {
        w.truncate(w.len() - 2);
        true
    } else {
        false
    };
    if stripped {
        let b = w.as_bytes();
        let n = b.len();
        if n >= 4 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'l' | b's' | b'z' | b'a' | b'e' | b'i' | b'o' | b'u')
        {
            w.truncate(n - 1);
        }
    }
    if w.ends_with('e') && w.len() > 3 {
        w.truncate(w.len() - 1);
    }
}

fn has_vowel(s: &str) -> bool {
    s.bytes().any(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y'))
}

/// Normalised form of one term (for building tables and for tests).
pub fn normalise(term: &str) -> Vec<String> {
    // Pseudo-words stand for themselves.
    let trimmed = term.trim();
    if trimmed.starts_with('#') && trimmed.len() > 1 && trimmed[1..].bytes().all(|b| b.is_ascii_lowercase()) {
        return vec![trimmed.to_string()];
    }
    let mut out = Vec::new();
    for_each_piece(term, usize::MAX, |p| {
        if let Piece::Word(w) = p {
            out.push(w.to_string());
        }
    });
    out
}

/// A term while parsing: its normalised words, its text as written, its (class, weight) pairs.
type PendingTerm = (Vec<String>, String, Vec<(u16, f32)>);

/// No word: unknown to the lexicon, or a phrase break.
pub const NONE: u32 = u32::MAX;
/// Longest phrase a lexicon holds, in words.
pub const MAX_PHRASE: usize = 4;

/// A compiled lexicon: classes, terms, weights.
#[derive(Debug, Default)]
pub struct Lexicon {
    pub classes: Vec<String>,
    /// Per class, the constant added before any evidence (from `== class bias`).
    pub biases: Vec<f32>,
    vocab: FxMap<Box<str>, u32>,
    /// Per vocabulary id: the single-word term, if any.
    unigram: Vec<u32>,
    /// Per vocabulary id: the longest phrase starting with it (0 when none).
    phrase_len: Vec<u8>,
    phrases: FxMap<u128, u32>,
    /// Per term: its (class, weight) pairs, as a range of `weights`.
    terms: Vec<(u32, u32)>,
    weights: Vec<(u16, f32)>,
    /// The text of each term, for explanations and tests.
    pub term_text: Vec<String>,
}

fn pack(ids: &[u32]) -> u128 {
    ids.iter().fold(0u128, |acc, &id| (acc << 32) | u128::from(id))
}

impl Lexicon {
    /// Parses the data format:
    ///
    /// ```text
    /// # comment
    /// == sports 0.2          (a class and its bias)
    /// 3: quarterback, grand slam, touchdown
    /// 1.5: coach, season
    /// ```
    ///
    /// A term listed twice in one class keeps its highest weight. Malformed lines are
    /// skipped; the data tests check that none are.
    pub fn parse(src: &str) -> Self {
        let mut lex = Lexicon::default();
        // term words → (class → weight)
        let mut table: Vec<PendingTerm> = Vec::new();
        let mut index: HashMap<Vec<String>, usize> = HashMap::new();
        let mut class: Option<u16> = None;
        for line in src.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(header) = line.strip_prefix("==") {
                let mut parts = header.split_whitespace();
                let Some(name) = parts.next() else { continue };
                let bias = parts.next().and_then(|b| b.parse::<f32>().ok()).unwrap_or(0.0);
                let id = match lex.classes.iter().position(|c| c == name) {
                    Some(i) => i,
                    None => {
                        lex.classes.push(name.to_string());
                        lex.biases.push(bias);
                        lex.classes.len() - 1
                    }
                };
                class = Some(id as u16);
                continue;
            }
            let (Some(c), Some((w, terms))) = (class, line.split_once(':')) else { continue };
            let Ok(weight) = w.trim().parse::<f32>() else { continue };
            for raw in terms.split(',') {
                let words = normalise(raw);
                if words.is_empty() || words.len() > MAX_PHRASE {
                    continue;
                }
                let slot = *index.entry(words.clone()).or_insert_with(|| {
                    table.push((words, raw.trim().to_string(), Vec::new()));
                    table.len() - 1
                });
                let entry = &mut table[slot].2;
                match entry.iter_mut().find(|(k, _)| *k == c) {
                    Some((_, old)) => *old = old.max(weight),
                    None => entry.push((c, weight)),
                }
            }
        }
        for (words, text, ws) in table {
            let ids: Vec<u32> = words.iter().map(|w| lex.intern(w)).collect();
            let term = lex.terms.len() as u32;
            lex.terms.push((lex.weights.len() as u32, ws.len() as u32));
            lex.weights.extend(ws);
            lex.term_text.push(text);
            if let [only] = ids[..] {
                lex.unigram[only as usize] = term;
            } else {
                let first = ids[0] as usize;
                lex.phrase_len[first] = lex.phrase_len[first].max(ids.len() as u8);
                lex.phrases.insert(pack(&ids), term);
            }
        }
        lex
    }

    fn intern(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.vocab.get(w) {
            return id;
        }
        let id = self.unigram.len() as u32;
        self.vocab.insert(w.into(), id);
        self.unigram.push(NONE);
        self.phrase_len.push(0);
        id
    }

    pub fn class_index(&self, name: &str) -> Option<usize> {
        self.classes.iter().position(|c| c == name)
    }

    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Vocabulary ids of `text`, `NONE` for unknown words and breaks, split at word
    /// `split` into a head and a tail, reading at most `max_words` words.
    pub fn ids(&self, text: &str, split: usize, max_words: usize, head: &mut Vec<u32>, tail: &mut Vec<u32>) {
        let mut n = 0usize;
        for_each_piece(text, max_words, |p| {
            let id = match p {
                Piece::Word(w) => {
                    n += 1;
                    self.vocab.get(w).copied().unwrap_or(NONE)
                }
                Piece::Break => NONE,
            };
            let out = if n <= split { &mut *head } else { &mut *tail };
            // Runs of unknowns carry no more information than one.
            if id != NONE || out.last().is_some_and(|&l| l != NONE) {
                out.push(id);
            }
        });
    }

    /// Calls `f` with each term found in `ids`, longest match first, left to right.
    pub fn matches(&self, ids: &[u32], mut f: impl FnMut(u32)) {
        let mut i = 0;
        while i < ids.len() {
            let id = ids[i];
            if id == NONE {
                i += 1;
                continue;
            }
            let longest = self.phrase_len[id as usize] as usize;
            let mut step = 1;
            let mut found = NONE;
            for n in (2..=longest.min(ids.len() - i)).rev() {
                let window = &ids[i..i + n];
                if window.contains(&NONE) {
                    continue;
                }
                if let Some(&t) = self.phrases.get(&pack(window)) {
                    found = t;
                    step = n;
                    break;
                }
            }
            if found == NONE {
                found = self.unigram[id as usize];
            }
            if found != NONE {
                f(found);
            }
            i += step;
        }
    }

    /// Adds `factor` × weight of every term in `ids` to `scores`. `seen` (one slot per
    /// term) caps how often one term counts, so a long article repeating "shares" does
    /// not drown its headline.
    pub fn score(&self, ids: &[u32], factor: f32, scores: &mut [f32], seen: &mut [u8]) {
        self.matches(ids, |t| {
            let slot = &mut seen[t as usize];
            if *slot >= MAX_REPEATS {
                return;
            }
            *slot += 1;
            // Repeats count for less than the first mention.
            let damp = if *slot == 1 { 1.0 } else { 0.5 };
            let (start, len) = self.terms[t as usize];
            for &(c, w) in &self.weights[start as usize..(start + len) as usize] {
                if let Some(s) = scores.get_mut(c as usize) {
                    *s += w * factor * damp;
                }
            }
        });
    }

    /// The (class, weight) pairs of a term.
    pub fn term_weights(&self, term: u32) -> &[(u16, f32)] {
        match self.terms.get(term as usize) {
            Some(&(start, len)) => &self.weights[start as usize..(start + len) as usize],
            None => &[],
        }
    }

    /// The term a normalised phrase compiles to, if the lexicon has it.
    pub fn lookup(&self, phrase: &str) -> Option<u32> {
        let words = normalise(phrase);
        let ids: Option<Vec<u32>> = words.iter().map(|w| self.vocab.get(w.as_str()).copied()).collect();
        let ids = ids?;
        match ids[..] {
            [] => None,
            [one] => Some(self.unigram[one as usize]).filter(|&t| t != NONE),
            _ => self.phrases.get(&pack(&ids)).copied(),
        }
    }
}

/// How many mentions of one term count.
const MAX_REPEATS: u8 = 3;

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_piece(s, usize::MAX, |p| {
            out.push(match p {
                Piece::Word(w) => w.to_string(),
                Piece::Break => "|".to_string(),
            })
        });
        out
    }

    fn stemmed(w: &str) -> String {
        let mut s = w.to_string();
        stem(&mut s);
        s
    }

    #[test]
    fn inflections_of_one_word_share_a_stem() {
        for group in [
            &["share", "shares", "shared", "sharing"][..],
            &["rate", "rates", "rated", "rating"],
            &["stop", "stops", "stopped", "stopping"],
            &["policy", "policies"],
            &["tax", "taxes"],
            &["vote", "votes", "voted", "voting"],
            &["price", "prices", "priced"],
        ] {
            let first = stemmed(group[0]);
            for w in group {
                assert_eq!(stemmed(w), first, "{w} vs {}", group[0]);
            }
        }
    }

    #[test]
    fn short_words_and_exceptions_keep_their_form() {
        for w in ["gas", "bus", "us", "news", "virus", "crisis", "fall", "king", "fed", "inn"] {
            assert_eq!(stemmed(w), w.trim_end_matches('e'), "{w}");
        }
        assert_eq!(stemmed("falls"), "fall");
        assert_eq!(stemmed("innings"), "inn", "not \"in\"");
    }

    #[test]
    fn possessives_abbreviations_and_hyphens_are_normalised() {
        assert_eq!(pieces("Apple's U.S. cease-fire"), ["appl", "us", "ceas", "fir"]);
        assert_eq!(pieces("don't"), ["dont"]);
    }

    #[test]
    fn number_shapes_become_pseudo_words() {
        assert_eq!(pieces("won 24-17"), ["won", "#score"]);
        assert_eq!(pieces("voted 8-3"), ["vot", "#num", "#num"]);
        assert_eq!(pieces("$3.5 billion"), ["#money", "billion"]);
        assert_eq!(pieces("rose 5% in 2004"), ["ros", "#pct", "in", "#num"]);
        assert_eq!(pieces("Route 66-A"), ["rout", "#num", "a"]);
    }

    #[test]
    fn punctuation_breaks_phrases() {
        assert_eq!(pieces("prime. Minister"), ["prim", "|", "minister"]);
        assert_eq!(pieces("3.5"), ["#num"]);
    }

    #[test]
    fn hostile_input_is_bounded_and_does_not_panic() {
        let long = "a".repeat(1 << 20);
        assert!(pieces(&long).is_empty(), "an over-long word is skipped");
        let many = "word ".repeat(200_000);
        let mut n = 0;
        for_each_piece(&many, 500, |_| n += 1);
        assert_eq!(n, 500);
        for s in ["", "...", "?!?!", "日本語のテキスト", "🙂🙂 x 🙂", "'s", "$", "1-", "-1", "9-", "’’"]
        {
            let _ = pieces(s);
        }
    }

    const SAMPLE: &str =
        "== a\n3: prime minister, minister\n1: shares\n== b 0.5\n2: shares, grand slam title\n1: #score\n";

    #[test]
    fn parsed_lexicon_scores_longest_phrases_first() {
        let lex = Lexicon::parse(SAMPLE);
        assert_eq!(lex.classes, ["a", "b"]);
        assert_eq!(lex.biases, [0.0, 0.5]);
        let score = |text: &str| {
            let (mut head, mut tail) = (Vec::new(), Vec::new());
            lex.ids(text, usize::MAX, usize::MAX, &mut head, &mut tail);
            let mut s = vec![0.0; 2];
            let mut seen = vec![0; lex.term_count()];
            lex.score(&head, 1.0, &mut s, &mut seen);
            s
        };
        assert_eq!(score("The Prime Minister spoke"), [3.0, 0.0]);
        assert_eq!(score("Shares fell"), [1.0, 2.0]);
        assert_eq!(score("a Grand Slam title"), [0.0, 2.0]);
        assert_eq!(score("won 21-14"), [0.0, 1.0], "pseudo-words match number shapes");
        assert_eq!(score("grand. slam title"), [0.0, 0.0]);
        // Repeats count half, and only up to a cap.
        assert_eq!(score("minister minister minister minister"), [6.0, 0.0]);
    }
}
