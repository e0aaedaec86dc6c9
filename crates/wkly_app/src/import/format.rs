//! The story and roadmap file format (`docs/story-format.md`): TOML front matter between
//! two `+++` lines, then markdown. Pure: text in, a parsed file or located problems out.
//!
//! Checks that need only the file are made here (required fields, evidence present in its
//! source, known keys); checks that need the database or the other files (taxonomy, slugs
//! of roadmaps) are made by the importer.

use serde::Deserialize;
use wkly_core::{Sentiment, Slug, Timestamp};

/// A problem at a line of a file (1-based; 0 when it concerns the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone)]
#[expect(clippy::large_enum_variant, reason = "one value per file, moved once; boxing buys nothing")]
pub enum ParsedFile {
    Story(StoryFile),
    Roadmap(RoadmapFile),
}

#[derive(Debug, Clone)]
pub struct StoryFile {
    pub slug: Slug,
    pub front: StoryFront,
    pub published_at: Timestamp,
    pub sentiment: Sentiment,
    pub summary: String,
    pub background: String,
    /// Line of each key worth pointing at later (category, goal, roadmaps).
    pub lines: KeyLines,
}

#[derive(Debug, Clone)]
pub struct RoadmapFile {
    pub slug: Slug,
    pub front: RoadmapFront,
    pub intro: String,
    pub lines: KeyLines,
}

#[derive(Debug, Clone, Default)]
pub struct KeyLines {
    pub front_start: usize,
    front: String,
}

impl KeyLines {
    /// The file line where `needle` first appears in the front matter (or its start).
    pub fn of(&self, needle: &str) -> usize {
        match self.front.find(needle) {
            Some(at) => self.front_start + self.front[..at].matches('\n').count(),
            None => self.front_start,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryFront {
    pub title: String,
    pub slug: Option<String>,
    pub status: Option<String>,
    pub category: String,
    pub goal: String,
    pub sentiment: String,
    #[serde(default)]
    pub location: String,
    pub published_at: String,
    pub teaser: String,
    pub image: Option<String>,
    #[serde(default)]
    pub roadmaps: Vec<String>,
    #[serde(default)]
    pub watch_next: Vec<String>,
    #[serde(default)]
    pub sources: Vec<SourceFront>,
    #[serde(default)]
    pub impacts: Vec<ImpactFront>,
    #[serde(default)]
    pub perspectives: Vec<PerspectiveFront>,
    pub poll: Option<PollFront>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceFront {
    pub id: String,
    pub outlet: String,
    pub url: String,
    pub title: String,
    pub published_at: Option<String>,
    pub byline: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpactFront {
    pub goal: String,
    pub text: String,
    pub evidence: String,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerspectiveFront {
    pub speaker: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub organisation: String,
    pub quote: String,
    pub source: Option<String>,
    #[serde(default)]
    pub generated: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PollFront {
    pub question: String,
    pub options: Vec<String>,
    pub closes_at: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoadmapFront {
    pub title: String,
    pub slug: Option<String>,
    pub goal: String,
    pub category: String,
    pub summary: String,
    #[serde(default)]
    pub duration: String,
    pub steps: Vec<StepFront>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepFront {
    pub title: String,
    #[serde(rename = "do")]
    pub body: String,
    pub why: String,
}

/// Largest file accepted: far above any real story, small enough to refuse junk.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Parses one file. Every problem found is returned, each with its line.
pub fn parse_file(text: &str) -> Result<ParsedFile, Vec<Problem>> {
    if text.len() > MAX_FILE_BYTES {
        return Err(vec![problem(0, format!("the file is larger than {} KiB", MAX_FILE_BYTES / 1024))]);
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (front, body, front_start, body_start) = split(text)?;
    let lines = KeyLines { front_start, front: front.to_string() };
    let table: toml::Table = toml::from_str(front).map_err(|e| vec![toml_problem(&e, front, front_start)])?;
    if table.contains_key("steps") {
        let f: RoadmapFront = toml::from_str(front).map_err(|e| vec![toml_problem(&e, front, front_start)])?;
        check_roadmap(f, body, lines).map(ParsedFile::Roadmap)
    } else {
        let f: StoryFront = toml::from_str(front).map_err(|e| vec![toml_problem(&e, front, front_start)])?;
        check_story(f, body, body_start, lines).map(ParsedFile::Story)
    }
}

fn problem(line: usize, message: impl Into<String>) -> Problem {
    Problem { line, message: message.into() }
}

/// Splits at the `+++` lines: (front matter, body, first front line, first body line).
fn split(text: &str) -> Result<(&str, &str, usize, usize), Vec<Problem>> {
    let mut offsets = Vec::new();
    let mut at = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if line.trim_end() == "+++" {
            offsets.push((i + 1, at, at + line.len()));
            if offsets.len() == 2 {
                break;
            }
        } else if i == 0 {
            return Err(vec![problem(1, "a story or roadmap file starts with a line holding only +++")]);
        }
        at += line.len();
    }
    match offsets.as_slice() {
        [(_, _, open_end), (close_line, close_start, close_end)] => {
            Ok((&text[*open_end..*close_start], &text[*close_end..], 2, close_line + 1))
        }
        [] => Err(vec![problem(1, "a story or roadmap file starts with a line holding only +++")]),
        _ => Err(vec![problem(1, "the front matter is not closed: add a line holding only +++ after it")]),
    }
}

fn toml_problem(e: &toml::de::Error, front: &str, front_start: usize) -> Problem {
    let line =
        e.span().map(|s| front_start + front[..s.start.min(front.len())].matches('\n').count()).unwrap_or(front_start);
    let message = e.message().trim().to_string();
    problem(line, format!("front matter: {message}"))
}

fn required(problems: &mut Vec<Problem>, lines: &KeyLines, key: &str, value: &str) {
    if value.trim().is_empty() {
        problems.push(problem(lines.of(&format!("{key} =")), format!("`{key}` must not be empty")));
    }
}

fn slug_for(problems: &mut Vec<Problem>, lines: &KeyLines, slug: &Option<String>, title: &str) -> Option<Slug> {
    let parsed = match slug {
        Some(s) => Slug::parse(s),
        None => Slug::from_title(title),
    };
    parsed.map_err(|e| problems.push(problem(lines.of("slug ="), e.to_string()))).ok()
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_story(f: StoryFront, body: &str, body_start: usize, lines: KeyLines) -> Result<StoryFile, Vec<Problem>> {
    let mut problems = Vec::new();
    for (key, value) in [("title", &f.title), ("category", &f.category), ("goal", &f.goal), ("teaser", &f.teaser)] {
        required(&mut problems, &lines, key, value);
    }
    let slug = slug_for(&mut problems, &lines, &f.slug, &f.title);
    let sentiment = f
        .sentiment
        .parse::<Sentiment>()
        .map_err(|e| problems.push(problem(lines.of("sentiment ="), e.to_string())))
        .ok();
    let published_at = Timestamp::parse_rfc3339(&f.published_at)
        .map_err(|e| problems.push(problem(lines.of("published_at ="), e.to_string())))
        .ok();
    if let Some(status) = &f.status
        && !["published", "held", "draft"].contains(&status.as_str())
    {
        problems.push(problem(lines.of("status ="), format!("status {status:?} is not one of published, held, draft")));
    }
    if f.sources.is_empty() {
        problems.push(problem(lines.front_start, "a story needs at least one [[sources]] entry"));
    }
    let mut seen_ids: Vec<&str> = Vec::new();
    for s in &f.sources {
        let line = lines.of(&s.url);
        if seen_ids.contains(&s.id.as_str()) {
            problems.push(problem(line, format!("source id {:?} is used twice", s.id)));
        }
        seen_ids.push(&s.id);
        if !(s.url.starts_with("https://") || s.url.starts_with("http://")) {
            problems.push(problem(line, format!("source url {:?} must start with http:// or https://", s.url)));
        }
        if s.text.trim().is_empty() || s.outlet.trim().is_empty() || s.title.trim().is_empty() {
            problems.push(problem(line, format!("source {:?} needs outlet, title and text", s.id)));
        }
        if let Some(t) = &s.published_at
            && let Err(e) = Timestamp::parse_rfc3339(t)
        {
            problems.push(problem(lines.of(t), format!("source {:?}: {e}", s.id)));
        }
    }
    let source_text = |id: &str| f.sources.iter().find(|s| s.id == id).map(|s| normalise(&s.text));
    for imp in &f.impacts {
        let line = lines.of(&imp.text);
        if imp.text.trim().is_empty() {
            problems.push(problem(line, "an impact's `text` must not be empty"));
        }
        match source_text(&imp.source) {
            None => problems.push(problem(
                line,
                format!("impact names source {:?}, which is not among the [[sources]] ids", imp.source),
            )),
            Some(text) if imp.evidence.trim().is_empty() || !text.contains(&normalise(&imp.evidence)) => {
                problems.push(problem(
                    lines.of(&imp.evidence),
                    format!("the evidence of the impact is not, word for word, in the text of source {:?}", imp.source),
                ))
            }
            Some(_) => {}
        }
    }
    for p in &f.perspectives {
        let line = lines.of(&p.quote);
        if p.speaker.trim().is_empty() || p.quote.trim().is_empty() {
            problems.push(problem(line, "a perspective needs a speaker and a quote"));
        }
        match (&p.source, p.generated) {
            (Some(id), false) => match source_text(id) {
                None => problems.push(problem(
                    line,
                    format!("perspective names source {id:?}, which is not among the [[sources]] ids"),
                )),
                Some(text) if !text.contains(&normalise(&p.quote)) => problems.push(problem(
                    line,
                    format!("the quote of {} is not, word for word, in the text of source {id:?}", p.speaker),
                )),
                Some(_) => {}
            },
            (None, false) => {
                problems.push(problem(line, "a quoted perspective needs `source` (or `generated = true`)"))
            }
            (_, true) => {}
        }
    }
    if let Some(poll) = &f.poll {
        let line = lines.of("[poll]");
        if poll.question.trim().is_empty() {
            problems.push(problem(line, "the poll needs a question"));
        }
        let mut labels: Vec<&str> = poll.options.iter().map(|o| o.trim()).collect();
        if !(2..=5).contains(&labels.len()) || labels.iter().any(|l| l.is_empty()) {
            problems.push(problem(line, "the poll needs 2 to 5 non-empty options"));
        }
        labels.sort_unstable();
        labels.dedup();
        if labels.len() != poll.options.len() {
            problems.push(problem(line, "the poll's options must differ from each other"));
        }
        if let Some(t) = &poll.closes_at
            && let Err(e) = Timestamp::parse_rfc3339(t)
        {
            problems.push(problem(line, format!("poll closes_at: {e}")));
        }
    }
    let (summary, background) = split_body(body, body_start, &mut problems);
    if summary.is_empty() {
        problems.push(problem(body_start, "the summary paragraph after the front matter is missing"));
    }
    match (slug, sentiment, published_at, problems.is_empty()) {
        (Some(slug), Some(sentiment), Some(published_at), true) => {
            Ok(StoryFile { slug, front: f, published_at, sentiment, summary, background, lines })
        }
        _ => Err(problems),
    }
}

/// The body is the summary, then optionally `## Background` and its markdown.
fn split_body(body: &str, body_start: usize, problems: &mut Vec<Problem>) -> (String, String) {
    let mut summary = Vec::new();
    let mut background = Vec::new();
    let mut in_background = false;
    for (i, line) in body.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("## ") || trimmed.starts_with("# ") {
            if trimmed.trim_start_matches('#').trim().eq_ignore_ascii_case("background") && !in_background {
                in_background = true;
                continue;
            }
            if !in_background {
                problems.push(problem(
                    body_start + i,
                    format!("unexpected heading {trimmed:?}: the body is the summary, then `## Background`"),
                ));
            }
        }
        if in_background { background.push(line) } else { summary.push(line) }
    }
    (normalise(&summary.join("\n")), background.join("\n").trim().to_string())
}

fn check_roadmap(f: RoadmapFront, body: &str, lines: KeyLines) -> Result<RoadmapFile, Vec<Problem>> {
    let mut problems = Vec::new();
    for (key, value) in [("title", &f.title), ("goal", &f.goal), ("category", &f.category), ("summary", &f.summary)] {
        required(&mut problems, &lines, key, value);
    }
    let slug = slug_for(&mut problems, &lines, &f.slug, &f.title);
    if !(1..=12).contains(&f.steps.len()) {
        problems.push(problem(lines.of("[[steps]]"), format!("a roadmap needs 1 to 12 steps, not {}", f.steps.len())));
    }
    for s in &f.steps {
        if s.title.trim().is_empty() || s.body.trim().is_empty() {
            problems.push(problem(lines.of(&s.title), "every step needs a title and `do`"));
        }
    }
    match (slug, problems.is_empty()) {
        (Some(slug), true) => Ok(RoadmapFile { slug, front: f, intro: body.trim().to_string(), lines }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests;
