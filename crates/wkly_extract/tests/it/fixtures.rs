//! The fixture pages in `testdata/articles/` (the pages the extraction rules
//! were tuned on) and `testdata/holdout/` (written after the rules were
//! frozen), each beside a `.txt` gold file holding exactly its article text.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::token_f1::token_f1;

struct Fixture {
    name: String,
    html: String,
    gold: String,
}

fn fixtures() -> Vec<Fixture> {
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut out = Vec::new();
    for set in ["articles", "holdout"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(testdata.join(set))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .collect();
        paths.sort();
        for path in paths {
            out.push(Fixture {
                name: format!("{set}/{}", path.file_stem().unwrap().to_string_lossy()),
                html: std::fs::read_to_string(&path).unwrap(),
                gold: std::fs::read_to_string(path.with_extension("txt")).unwrap(),
            });
        }
    }
    assert!(out.len() >= 30, "fixtures went missing: {}", out.len());
    out
}

/// The URL each fixture is extracted as if fetched from.
fn page_url(name: &str) -> String {
    format!("https://fixtures.example/{name}?utm_source=test#top")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_gold_paragraph_appears_word_for_word_in_its_page() {
    for f in fixtures() {
        let doc = dom_query::Document::from(f.html.as_str());
        doc.select("script, style").remove();
        let plain = collapse(&doc.select("body").text());
        // Tags as spaces too, so that table cells and <br>-split lines keep apart.
        let spaced = collapse(&doc.select("body").html().replace('<', " <"));
        let spaced = collapse(&dom_query::Document::from(spaced.as_str()).select("body").text());
        for paragraph in f.gold.split("\n\n") {
            let paragraph = collapse(paragraph);
            assert!(
                plain.contains(&paragraph) || spaced.contains(&paragraph),
                "{}: gold paragraph not in page: {paragraph:?}",
                f.name
            );
        }
    }
}

#[test]
fn the_mean_token_f1_over_all_fixtures_is_at_least_0_90() {
    let mut report = String::new();
    let mut sum = 0.0;
    let all = fixtures();
    for f in &all {
        let article =
            wkly_extract::extract(&f.html, Some(&page_url(&f.name))).unwrap_or_else(|e| panic!("{}: {e}", f.name));
        let score = token_f1(&article.text, &f.gold);
        sum += score.f1;
        writeln!(report, "{:<50} F1 {:.3}  P {:.3}  R {:.3}", f.name, score.f1, score.precision, score.recall).unwrap();
    }
    let mean = sum / all.len() as f64;
    eprintln!("{report}mean token F1 over {} fixtures: {mean:.3}", all.len());
    assert!(mean >= 0.90, "mean token F1 {mean:.3} < 0.90\n{report}");
}

#[test]
fn no_fixture_scores_below_0_85() {
    for f in fixtures() {
        let article = wkly_extract::extract(&f.html, Some(&page_url(&f.name))).unwrap();
        let score = token_f1(&article.text, &f.gold);
        assert!(score.f1 >= 0.85, "{}: F1 {:.3} (P {:.3}, R {:.3})", f.name, score.f1, score.precision, score.recall);
    }
}

#[test]
fn every_text_is_paragraphs_separated_by_one_blank_line() {
    for f in fixtures() {
        let text = wkly_extract::extract(&f.html, Some(&page_url(&f.name))).unwrap().text;
        assert_eq!(text, text.trim(), "{}", f.name);
        for paragraph in text.split("\n\n") {
            assert!(!paragraph.is_empty(), "{}: empty paragraph", f.name);
            assert_eq!(paragraph, collapse(paragraph), "{}: whitespace not normalised", f.name);
        }
    }
}

#[test]
fn the_metadata_of_every_fixture_matches_the_snapshot() {
    let mut snapshot = String::new();
    for f in fixtures() {
        let a = wkly_extract::extract(&f.html, Some(&page_url(&f.name))).unwrap();
        let published = a
            .published_at
            .map(|ms| format!("{ms} ({})", chrono::DateTime::from_timestamp_millis(ms).unwrap().to_rfc3339()));
        writeln!(snapshot, "{}", f.name).unwrap();
        for (field, value) in [
            ("title", a.title),
            ("byline", a.byline),
            ("published_at", published),
            ("image", a.image),
            ("lang", a.lang),
            ("canonical_url", a.canonical_url),
            ("dateline", a.dateline),
        ] {
            writeln!(snapshot, "  {field}: {}", value.as_deref().unwrap_or("-")).unwrap();
        }
    }
    expect_test::expect_file!["../../testdata/metadata.snap"].assert_eq(&snapshot);
}
