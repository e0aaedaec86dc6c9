//! The whole builtin enrichment (entities, sentiment, category, location, goal, summary,
//! quotes) on the demo newsroom's 73 articles, written for the project (typical news
//! articles of 190–370 words). `cargo bench -p wkly_nlp --bench enrich`; articles per
//! second on one core is 1 / (time per article).

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use wkly_core::Taxonomy;
use wkly_core::enrich::{Document, Enricher};
use wkly_nlp::Builtin;

/// (title, text) of every article in `demo/newsroom/source/*.txt`.
fn articles() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/newsroom/source");
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).expect("demo/newsroom/source").flatten().map(|e| e.path()).collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        for record in text.split("\n### ").skip(1) {
            let (head, body) = record.split_once("\n\n").unwrap_or((record, ""));
            let title = head.lines().find_map(|l| l.strip_prefix("title: ")).unwrap_or_default().to_string();
            out.push((title, body.trim().to_string()));
        }
    }
    out
}

fn enrich(c: &mut Criterion) {
    let articles = articles();
    assert!(articles.len() >= 60, "the newsroom has {} articles", articles.len());
    let taxonomy = Taxonomy::default();
    let builtin = Builtin;
    let mut group = c.benchmark_group("enrich");
    group.throughput(Throughput::Elements(articles.len() as u64));
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("newsroom_articles", |b| {
        b.iter(|| {
            for (title, text) in &articles {
                std::hint::black_box(builtin.enrich(&Document::new(title, text), &taxonomy));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, enrich);
criterion_main!(benches);
