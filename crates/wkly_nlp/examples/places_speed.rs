//! Speed of entities + location on a ~600-word article, after the tables are built.
//! Run with `cargo run --release --example places_speed`. The machine may be shared, so
//! it reports the fastest and the median of several batches.
use std::time::Instant;

use wkly_core::enrich::Document;
use wkly_nlp::{entities::entities, location::location};

const ARTICLE: &str = include_str!("../testdata/article_600.txt");

fn batches(rounds: usize, mut f: impl FnMut() -> usize) -> (f64, f64, usize) {
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..9 {
        let start = Instant::now();
        for _ in 0..rounds {
            found += f();
        }
        times.push(start.elapsed().as_secs_f64() * 1e6 / rounds as f64);
    }
    times.sort_by(f64::total_cmp);
    (times[0], times[times.len() / 2], found)
}

fn main() {
    let (title, text) = ARTICLE.split_once('\n').unwrap_or(("", ARTICLE));
    let doc = Document::new(title, text);
    let start = Instant::now();
    let warm = entities(&doc);
    let first = start.elapsed();
    let place = location(&doc, &warm).map(|p| p.display());
    let (best, median, _) = batches(300, || {
        let e = entities(&doc);
        e.len() + usize::from(location(&doc, &e).is_some())
    });
    let (e_best, e_median, _) = batches(300, || entities(&doc).len());
    let (l_best, l_median, _) = batches(300, || usize::from(location(&doc, &warm).is_some()));
    // The same article without its dateline, so location has to read the lead.
    let undated_text = text.split_once(" — ").map_or(text, |(_, rest)| rest);
    let undated = Document::new(title, undated_text);
    let (u_best, u_median, _) = batches(300, || {
        let e = entities(&undated);
        e.len() + usize::from(location(&undated, &e).is_some())
    });
    let undated_entities = entities(&undated);
    let undated_place = location(&undated, &undated_entities).map(|p| p.display());
    let (ul_best, _, _) = batches(300, || usize::from(location(&undated, &undated_entities).is_some()));
    println!("{} words, {} entities, location {place:?}", wkly_nlp::text::word_count(text), warm.len());
    println!(
        "undated: entities + location {u_best:.1} µs fastest, {u_median:.1} median (location alone {ul_best:.1} µs), \
         location {undated_place:?}"
    );
    println!("first call (builds tables): {first:?}");
    println!("entities + location: {best:.1} µs/article fastest batch, {median:.1} µs median");
    println!(
        "entities alone: {e_best:.1} µs fastest, {e_median:.1} median; location alone: {l_best:.1} µs fastest, {l_median:.1} median"
    );
}
