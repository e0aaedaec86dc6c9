//! `wkly import PATH`: editors' story and roadmap files into the database.
//!
//! Files are read in path order; roadmaps are saved before stories so stories can link to
//! roadmaps of the same import. A file with problems is reported (path, line, message) and
//! skipped; every other file still imports. Saving the same file again updates the story or
//! roadmap with that slug in place.

pub mod format;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use wkly_core::fingerprint::content_hash;
use wkly_core::{Provenance, Taxonomy, Timestamp};
use wkly_store::Store;
use wkly_store::roadmaps::{NewRoadmap, NewStep};
use wkly_store::stories::{NewArticle, NewImpact, NewPerspective, NewPoll, NewStory, SaveOutcome};

use self::format::{ParsedFile, Problem, RoadmapFile, StoryFile};
use crate::AppError;

/// What an import did, file by file.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub stories_created: usize,
    pub stories_updated: usize,
    pub roadmaps_created: usize,
    pub roadmaps_updated: usize,
    pub problems: Vec<FileProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
        } else {
            write!(f, "{}: {}", self.path.display(), self.message)
        }
    }
}

/// Every `*.md` file at `path` (a file, or a folder searched recursively), sorted;
/// `README.md` files are documentation and are skipped.
pub fn find_files(path: &Path) -> Result<Vec<PathBuf>, AppError> {
    let meta = std::fs::metadata(path).map_err(|e| AppError::Input(format!("cannot read {}: {e}", path.display())))?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| AppError::Input(format!("cannot read {}: {e}", dir.display())))?;
        for entry in entries {
            let entry = entry.map_err(|e| AppError::Input(format!("cannot read {}: {e}", dir.display())))?;
            let p = entry.path();
            let file_type =
                entry.file_type().map_err(|e| AppError::Input(format!("cannot read {}: {e}", p.display())))?;
            if file_type.is_dir() {
                stack.push(p);
            } else if file_type.is_file()
                && p.extension().is_some_and(|e| e == "md")
                && !p.file_name().is_some_and(|n| n.eq_ignore_ascii_case("README.md"))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Imports every file at `path`. Problems in files are in the report; an `Err` means the
/// import as a whole could not run (unreadable path, database down).
pub async fn import_path(store: &Store, taxonomy: &Taxonomy, path: &Path) -> Result<ImportReport, AppError> {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for file in find_files(path)? {
        match std::fs::read(&file) {
            Ok(bytes) => files.push((file, bytes)),
            Err(e) => unreadable.push(FileProblem { path: file, line: 0, message: format!("cannot read: {e}") }),
        }
    }
    let mut report = import_files(store, taxonomy, files).await?;
    report.problems.splice(0..0, unreadable);
    Ok(report)
}

/// Imports files already in memory (the demo pack is compiled into the binary), named by
/// `path` for messages.
pub async fn import_files(
    store: &Store,
    taxonomy: &Taxonomy,
    files: Vec<(PathBuf, Vec<u8>)>,
) -> Result<ImportReport, AppError> {
    let mut report = ImportReport::default();
    // Each story keeps the fingerprint of its file: the version its provenance records.
    let mut stories: Vec<(PathBuf, StoryFile, String)> = Vec::new();
    let mut roadmaps: Vec<(PathBuf, RoadmapFile)> = Vec::new();
    for (file, bytes) in files {
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|b| **b == b'\n').count();
                report.problems.push(FileProblem { path: file, line, message: "the file is not valid UTF-8".into() });
                continue;
            }
        };
        match format::parse_file(&text) {
            Ok(ParsedFile::Story(s)) => stories.push((file, s, content_hash(&text))),
            Ok(ParsedFile::Roadmap(r)) => roadmaps.push((file, r)),
            Err(problems) => report.problems.extend(located(&file, problems)),
        }
    }

    let mut roadmap_slugs: Vec<String> = store.existing_roadmap_slugs().await?;
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for (path, r) in roadmaps {
        let mut problems = Vec::new();
        check_keys(taxonomy, &r.front.goal, Some(&r.front.category), &r.lines, &mut problems);
        if let Some(first) = seen.get(r.slug.as_str()) {
            problems.push(Problem {
                line: r.lines.of("title ="),
                message: format!("slug {} is also used by {}", r.slug, first.display()),
            });
        }
        if !problems.is_empty() {
            report.problems.extend(located(&path, problems));
            continue;
        }
        seen.insert(r.slug.to_string(), path.clone());
        let new = NewRoadmap {
            slug: r.slug.to_string(),
            title: r.front.title.trim().into(),
            summary: r.front.summary.trim().into(),
            intro: r.intro,
            goal: r.front.goal,
            category: r.front.category,
            duration: r.front.duration.trim().into(),
            steps: r
                .front
                .steps
                .into_iter()
                .map(|s| NewStep { title: s.title.trim().into(), body: s.body.trim().into(), why: s.why.trim().into() })
                .collect(),
        };
        match store.save_roadmap(&new).await? {
            (_, SaveOutcome::Created) => report.roadmaps_created += 1,
            (_, SaveOutcome::Updated) => report.roadmaps_updated += 1,
        }
        roadmap_slugs.push(new.slug);
    }

    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for (path, s, hash) in stories {
        let mut problems = Vec::new();
        check_keys(taxonomy, &s.front.goal, Some(&s.front.category), &s.lines, &mut problems);
        for imp in &s.front.impacts {
            check_keys(taxonomy, &imp.goal, None, &s.lines, &mut problems);
        }
        for slug in &s.front.roadmaps {
            if !roadmap_slugs.contains(slug) {
                problems.push(Problem {
                    line: s.lines.of(&format!("\"{slug}\"")),
                    message: format!("roadmap {slug:?} does not exist"),
                });
            }
        }
        if let Some(first) = seen.get(s.slug.as_str()) {
            problems.push(Problem {
                line: s.lines.of("title ="),
                message: format!("slug {} is also used by {}", s.slug, first.display()),
            });
        }
        if !problems.is_empty() {
            report.problems.extend(located(&path, problems));
            continue;
        }
        seen.insert(s.slug.to_string(), path.clone());
        let new = to_new_story(s, &path, &format!("file {}", &hash[..10]));
        match store.save_story(&new).await? {
            (_, SaveOutcome::Created) => report.stories_created += 1,
            (_, SaveOutcome::Updated) => report.stories_updated += 1,
        }
    }
    Ok(report)
}

fn located(path: &Path, problems: Vec<Problem>) -> impl Iterator<Item = FileProblem> + '_ {
    problems.into_iter().map(move |p| FileProblem { path: path.to_path_buf(), line: p.line, message: p.message })
}

fn check_keys(
    taxonomy: &Taxonomy,
    goal: &str,
    category: Option<&str>,
    lines: &format::KeyLines,
    problems: &mut Vec<Problem>,
) {
    if taxonomy.goal(goal).is_none() {
        problems.push(Problem {
            line: lines.of(&format!("\"{goal}\"")),
            message: format!("goal {goal:?} is not one of {}", taxonomy.goal_keys().join(", ")),
        });
    }
    if let Some(category) = category
        && taxonomy.category(category).is_none()
    {
        problems.push(Problem {
            line: lines.of(&format!("\"{category}\"")),
            message: format!("category {category:?} is not one of {}", taxonomy.category_keys().join(", ")),
        });
    }
}

fn to_new_story(s: StoryFile, path: &Path, version: &str) -> NewStory {
    let f = s.front;
    let index_of = |id: &str| f.sources.iter().position(|src| src.id == id);
    let articles = f
        .sources
        .iter()
        .map(|src| {
            let url = src.url.trim().to_string();
            let canonical = url.split('#').next().unwrap_or(&url).to_string();
            NewArticle {
                url,
                canonical_url: canonical,
                outlet: src.outlet.trim().into(),
                title: src.title.trim().into(),
                byline: src.byline.clone(),
                lang: Some("en".into()),
                text: src.text.trim().into(),
                content_hash: content_hash(&src.text),
                simhash: None,
                published_at: src
                    .published_at
                    .as_deref()
                    .and_then(|t| Timestamp::parse_rfc3339(t).ok())
                    .map(Timestamp::millis),
            }
        })
        .collect();
    let impacts = f
        .impacts
        .iter()
        .filter_map(|i| {
            Some(NewImpact {
                goal: i.goal.clone(),
                text: i.text.trim().into(),
                evidence_text: i.evidence.split_whitespace().collect::<Vec<_>>().join(" "),
                evidence_article: index_of(&i.source)?,
            })
        })
        .collect();
    let perspectives = f
        .perspectives
        .iter()
        .map(|p| NewPerspective {
            speaker: p.speaker.trim().into(),
            role: p.role.trim().into(),
            organisation: p.organisation.trim().into(),
            quote: p.quote.split_whitespace().collect::<Vec<_>>().join(" "),
            article: if p.generated { None } else { p.source.as_deref().and_then(index_of) },
            generated: p.generated,
        })
        .collect();
    let poll = f.poll.as_ref().map(|p| NewPoll {
        question: p.question.trim().into(),
        options: p.options.iter().map(|o| o.trim().to_string()).collect(),
        closes_at: p.closes_at.as_deref().and_then(|t| Timestamp::parse_rfc3339(t).ok()).map(Timestamp::millis),
    });
    NewStory {
        slug: s.slug.to_string(),
        status: f.status.clone().unwrap_or_else(|| "published".into()),
        title: f.title.trim().into(),
        summary: s.summary,
        teaser: f.teaser.trim().into(),
        category: f.category.clone(),
        goal: f.goal.clone(),
        sentiment: s.sentiment.as_str().into(),
        sentiment_score: None,
        location: f.location.trim().into(),
        background: s.background,
        watch_next: f.watch_next.iter().map(|w| w.trim().to_string()).filter(|w| !w.is_empty()).collect(),
        image_url: f.image.clone(),
        published_at: s.published_at.millis(),
        articles,
        impacts,
        perspectives,
        poll,
        roadmaps: f.roadmaps.clone(),
        provenance: Provenance::imported(version, Timestamp::now()),
        actor: format!("import: {}", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()),
    }
}
