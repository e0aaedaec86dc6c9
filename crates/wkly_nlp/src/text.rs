//! Sentences and tokens: the units every stage works on.
//!
//! Offsets are byte offsets into the text given, so a stage can always point back at the
//! verbatim source (evidence, quotes). Splitting is rule based and tuned for news prose:
//! abbreviations ("Mr.", "U.S.", "Jan."), initials ("J. Smith"), decimals ("3.5"),
//! quotations that end a sentence ("... rose," she said. "It ...") and paragraphs.

/// A sentence, verbatim, with where it sits in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    pub text: &'a str,
    /// Byte offset of `text` in the whole text.
    pub start: usize,
    /// Index of the paragraph (blank-line or line separated) the sentence is in.
    pub paragraph: usize,
    /// Index of the sentence in the whole text.
    pub index: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes, hyphens or dots ("don't", "U.S.", "e-mail").
    Word,
    /// Digits with inner separators ("3.5", "1,200", "2026").
    Number,
    /// Any other single visible character: punctuation, currency and quote marks.
    Symbol,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    /// Byte offset of `text` in the string that was tokenised.
    pub start: usize,
    pub kind: TokenKind,
}

impl Token<'_> {
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    /// Starts with an upper-case letter.
    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }
}

/// Words after which a full stop does not end a sentence (compared without the dot,
/// case-sensitively so that "US." at a sentence end still ends it).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Mt", "Ft", "Gen", "Gov", "Sen", "Rep", "Rev", "Sgt", "Capt",
    "Col", "Lt", "Cmdr", "Adm", "Pres", "Supt", "Det", "Insp", "Hon", "Inc", "Corp", "Ltd", "Co", "Bros", "Jan", "Feb",
    "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "Nos", "vs", "etc", "approx", "est",
    "Ave", "Blvd", "Rd", "Dept", "Univ", "Assn", "Fig", "al", "cf", "ca",
];

/// Splits text into sentences. Line breaks always end a sentence (a paragraph or a list
/// item); within a line a sentence ends at `.`, `!` or `?` (with any closing quotes or
/// brackets) followed by white space and something that can start a sentence.
pub fn sentences(text: &str) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    let mut paragraph = 0usize;
    let mut line_start = 0usize;
    let mut previous_blank = false;
    for line in text.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            previous_blank = true;
            continue;
        }
        if previous_blank && !out.is_empty() {
            paragraph += 1;
        }
        split_line(content, start, paragraph, &mut out);
        // A single newline also separates paragraphs in extracted text (one block per line).
        previous_blank = true;
    }
    out
}

fn split_line<'a>(line: &'a str, offset: usize, paragraph: usize, out: &mut Vec<Sentence<'a>>) {
    let bytes = line.as_bytes();
    let mut sentence_start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') {
            let mut end = i + 1;
            // Runs of terminators ("?!", "...") and closing quotes or brackets stay with the sentence.
            while end < bytes.len() && matches!(bytes[end], b'.' | b'!' | b'?') {
                end += 1;
            }
            end = skip_closers(line, end);
            if !line[end..].chars().next().is_some_and(char::is_whitespace) {
                i = end.max(i + 1);
                continue;
            }
            let next = line[end..].trim_start();
            if b == b'.' && !ends_sentence_at_dot(&line[sentence_start..i], next) {
                i = end;
                continue;
            }
            if can_start_sentence(next) {
                push(line, sentence_start, end, offset, paragraph, out);
                sentence_start = line.len() - next.len();
            }
            i = end;
        } else {
            i += 1;
        }
    }
    push(line, sentence_start, line.len(), offset, paragraph, out);
}

fn skip_closers(line: &str, mut end: usize) -> usize {
    for c in line[end..].chars() {
        if matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '»') {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    end
}

fn push<'a>(line: &'a str, from: usize, to: usize, offset: usize, paragraph: usize, out: &mut Vec<Sentence<'a>>) {
    let raw = &line[from..to];
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return;
    }
    let lead = raw.len() - raw.trim_start().len();
    let index = out.len();
    out.push(Sentence { text: trimmed, start: offset + from + lead, paragraph, index });
}

/// Whether the dot at the end of `before` ends a sentence, given what follows it.
fn ends_sentence_at_dot(before: &str, next: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"').next().unwrap_or("");
    if word.is_empty() {
        return true;
    }
    if ABBREVIATIONS.contains(&word) {
        return false;
    }
    // An initial ("J. Smith") or a dotted abbreviation ("U.S.", "a.m.") followed by a
    // capitalised word: only a sentence end when the abbreviation is at least two letters
    // and the next word is a common sentence opener.
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    if letters.len() == 1 && letters[0].is_uppercase() {
        return false;
    }
    // "a.m." and "p.m." are lower case: a capital after them opens a new sentence.
    if word.contains('.') && letters.iter().all(|c| c.is_lowercase()) {
        return true;
    }
    if word.contains('.') && letters.iter().all(|c| c.is_alphabetic()) {
        let first = next.split_whitespace().next().unwrap_or("");
        return SENTENCE_OPENERS.contains(&first.trim_matches(|c: char| !c.is_alphabetic()));
    }
    true
}

/// Words that open a sentence after "U.S." or "a.m." rather than continue a name.
const SENTENCE_OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "This",
    "That",
    "These",
    "Those",
    "But",
    "And",
    "In",
    "On",
    "At",
    "For",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Its",
    "Their",
    "His",
    "Her",
    "There",
    "Some",
    "Many",
    "Officials",
    "Analysts",
    "Shares",
    "Prices",
];

fn can_start_sentence(next: &str) -> bool {
    next.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '—' | '-')
    })
}

/// Splits a string into word, number and symbol tokens; white space separates tokens
/// and is dropped.
pub fn tokens(s: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let kind = if c.is_alphabetic() {
            TokenKind::Word
        } else if c.is_ascii_digit() {
            TokenKind::Number
        } else {
            out.push(Token { text: &s[start..start + c.len_utf8()], start, kind: TokenKind::Symbol });
            continue;
        };
        let mut end = start + c.len_utf8();
        while let Some(&(at, next)) = chars.peek() {
            let continues = match kind {
                TokenKind::Word => next.is_alphanumeric() || (is_word_joiner(next) && followed_by_alpha(s, at, next)),
                _ => next.is_ascii_digit() || (matches!(next, '.' | ',') && followed_by_digit(s, at)),
            };
            if !continues {
                break;
            }
            end = at + next.len_utf8();
            chars.next();
        }
        // Dotted abbreviations keep their final dot: "U.S." rather than "U.S" + ".".
        if kind == TokenKind::Word && s[start..end].contains('.') && s[end..].starts_with('.') {
            end += 1;
            chars.next();
        }
        out.push(Token { text: &s[start..end], start, kind });
    }
    out
}

fn is_word_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '&')
}

fn followed_by_alpha(s: &str, at: usize, joiner: char) -> bool {
    let rest = &s[at + joiner.len_utf8()..];
    let next_is_alpha = rest.chars().next().is_some_and(char::is_alphabetic);
    // "U.S" continues only with a single letter before the next dot ("U.S.A."), so that
    // "rose.The" stays two words.
    if joiner == '.' {
        let segment: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        return next_is_alpha && segment.chars().count() == 1;
    }
    next_is_alpha
}

fn followed_by_digit(s: &str, at: usize) -> bool {
    s[at + 1..].chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Lower-case words of a string, for bag-of-words features.
pub fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    tokens(s).into_iter().filter(Token::is_word).map(|t| t.lower())
}

/// Number of words, the unit of every length limit.
pub fn word_count(s: &str) -> usize {
    s.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn sentences_end_at_terminators_followed_by_a_capital() {
        assert_eq!(
            split("Prices rose. Wages did not! Why? Nobody knows."),
            ["Prices rose.", "Wages did not!", "Why?", "Nobody knows."]
        );
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_end_a_sentence() {
        assert_eq!(
            split("Mr. Tanaka met Dr. J. Smith of Acme Corp. on Jan. 5. Rates fell 3.5 points."),
            ["Mr. Tanaka met Dr. J. Smith of Acme Corp. on Jan. 5.", "Rates fell 3.5 points."]
        );
    }

    #[test]
    fn a_dotted_abbreviation_ends_a_sentence_only_before_an_opener() {
        assert_eq!(split("He moved to the U.S. The move was quick."), ["He moved to the U.S.", "The move was quick."]);
        assert_eq!(split("The U.S. Treasury sold bonds."), ["The U.S. Treasury sold bonds."]);
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            split("\"We are ready.\" She left. “It works,” he said. (Really.) Fine."),
            ["\"We are ready.\"", "She left.", "“It works,” he said.", "(Really.)", "Fine."]
        );
    }

    #[test]
    fn lines_and_blank_lines_separate_paragraphs() {
        let text = "First line\nSecond. Third.\n\n\nFourth";
        let got = sentences(text);
        let shape: Vec<(&str, usize, usize)> = got.iter().map(|s| (s.text, s.paragraph, s.index)).collect();
        assert_eq!(shape, [("First line", 0, 0), ("Second.", 1, 1), ("Third.", 1, 2), ("Fourth", 2, 3)]);
        for s in &got {
            assert_eq!(&text[s.start..s.start + s.text.len()], s.text, "offsets point at the verbatim text");
        }
    }

    #[test]
    fn a_time_of_day_ends_a_sentence_before_a_capital() {
        assert_eq!(
            split("The fire was under control by 3 a.m. Two firefighters were hurt."),
            ["The fire was under control by 3 a.m.", "Two firefighters were hurt."]
        );
        assert_eq!(split("Doors open at 9 a.m. sharp."), ["Doors open at 9 a.m. sharp."]);
    }

    #[test]
    fn a_no_break_space_after_a_full_stop_ends_the_sentence() {
        assert_eq!(split("Prices rose.\u{a0}The bank waited."), ["Prices rose.", "The bank waited."]);
    }

    #[test]
    fn lower_case_after_a_dot_continues_the_sentence() {
        assert_eq!(split("Shares of acme.com rose. it was odd"), ["Shares of acme.com rose. it was odd"]);
    }

    #[test]
    fn empty_and_odd_input_gives_no_panic() {
        assert!(split("").is_empty());
        assert!(split("\n\n  \n").is_empty());
        assert_eq!(split("..."), ["..."]);
        assert_eq!(split("?! ?!"), ["?! ?!"]);
        assert_eq!(split("é. É. ü"), ["é.", "É. ü"]);
    }

    fn toks(s: &str) -> Vec<&str> {
        tokens(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn tokens_keep_inner_joiners_and_numbers_whole() {
        assert_eq!(
            toks("The U.S. economy's $1,200.50 e-mail, rose.The"),
            ["The", "U.S.", "economy's", "$", "1,200.50", "e-mail", ",", "rose", ".", "The"]
        );
        assert_eq!(toks("AT&T 3.5% (2026)"), ["AT&T", "3.5", "%", "(", "2026", ")"]);
    }

    #[test]
    fn token_offsets_point_at_the_text() {
        let s = "Tōkyō’s yen, 1.5%";
        for t in tokens(s) {
            assert_eq!(&s[t.start..t.start + t.text.len()], t.text);
        }
    }

    #[test]
    fn word_count_ignores_bare_punctuation() {
        assert_eq!(word_count("It rose — by 3 % — today."), 5);
    }
}
