//! Prints the impact bullets the playbook gives each event of the demo newsroom's source
//! texts, without running the pipeline: `cargo run -p wkly_nlp --example playbook_newsroom
//! -- demo/newsroom/source`. A quick loop for writing entries; the quality review test in
//! `wkly_pipeline` is the measure that counts.

use std::collections::BTreeMap;

use wkly_core::Taxonomy;
use wkly_core::enrich::{Document, Enricher};

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "demo/newsroom/source".into());
    let mut paths: Vec<_> = std::fs::read_dir(&dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
    paths.sort();
    // event -> (published, title, body) of each report
    let mut events: BTreeMap<String, Vec<(String, String, String)>> = BTreeMap::new();
    for path in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        for chunk in text.split("\n### ").skip(1) {
            let (head, body) = chunk.split_once("\n\n").unwrap_or((chunk, ""));
            let meta = |key: &str| {
                head.lines()
                    .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix(':')))
                    .map(|v| v.trim().to_string())
                    .unwrap_or_default()
            };
            let paragraphs: Vec<String> = body
                .split("\n\n")
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| !p.is_empty())
                .collect();
            events.entry(meta("event")).or_default().push((meta("published"), meta("title"), paragraphs.join("\n\n")));
        }
    }
    let taxonomy = Taxonomy::default();
    let (mut two_to_four, mut none) = (0, 0);
    for (event, mut reports) in events {
        reports.sort();
        let text = reports.iter().map(|r| r.2.as_str()).collect::<Vec<_>>().join("\n\n");
        let doc = Document::new(&reports[0].1, &text);
        let found = wkly_nlp::Builtin.enrich(&doc, &taxonomy);
        let category = found.category.map(|c| c.key).unwrap_or_default();
        println!("\n## {event}: {} [{category} / {}]", reports[0].1, found.goal.unwrap_or_default());
        for i in &found.impacts {
            println!("- ({}) {}\n    evidence: {}", i.goal, i.text, i.evidence);
        }
        match found.impacts.len() {
            0 => none += 1,
            2..=4 => two_to_four += 1,
            _ => {}
        }
    }
    println!("\n{two_to_four} events with 2-4 bullets, {none} with none");
}
