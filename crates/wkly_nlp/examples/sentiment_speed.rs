//! Speed of the sentiment stage on a typical article (~600 words), in release mode:
//! `cargo run --release --example sentiment_speed`.

use std::hint::black_box;
use std::time::Instant;

use wkly_core::enrich::Document;
use wkly_nlp::sentiment::sentiment;

const PARAGRAPHS: &[&str] = &[
    "Finnish Norvika Oyj said on Tuesday its operating profit rose to EUR 12.4 mn in the first quarter from EUR 9.1 mn a year earlier, while net sales increased 5% to EUR 120 mn.",
    "The company, which makes packaging for the food industry, has about 1,400 employees in Finland, Sweden and Poland. Its shares are listed on Nasdaq Helsinki.",
    "Chief executive Anna Virtanen said demand remained strong in all markets, although higher energy costs weighed on margins in the paper business.",
    "The group expects its net sales to grow in 2027 and operating profit to improve clearly. Analysts had expected a slightly weaker result.",
    "The company did not disclose the value of the new contracts, which cover deliveries to retailers in Germany and the Baltic countries over the next three years.",
    "Norvika will start negotiations on temporary layoffs at its Lahti mill, where production volumes fell because of weak demand for magazine paper.",
    "The board proposes a dividend of EUR 0.42 per share. The annual general meeting will be held in Tampere on 22 April.",
];

fn main() {
    let mut text = String::new();
    while wkly_nlp::text::word_count(&text) < 600 {
        for p in PARAGRAPHS {
            text.push_str(p);
            text.push_str("\n\n");
        }
    }
    let title = "Norvika's first-quarter profit rises on strong demand";
    let doc = Document::new(title, &text);
    println!("words: {}", wkly_nlp::text::word_count(&text));
    println!("result: {:?}", sentiment(&doc));
    for _ in 0..200 {
        black_box(sentiment(black_box(&doc)));
    }
    // The machine may be shared: report the best of several batches.
    let rounds = 1_000;
    let mut best = f64::MAX;
    for _ in 0..7 {
        let start = Instant::now();
        for _ in 0..rounds {
            black_box(sentiment(black_box(&doc)));
        }
        best = best.min(start.elapsed().as_secs_f64() * 1e6 / f64::from(rounds));
    }
    let per_600 = best * 600.0 / wkly_nlp::text::word_count(&text) as f64;
    println!(
        "sentiment: {best:.1} µs/article of this size, {per_600:.1} µs per 600 words ({:.0} articles/s)",
        1e6 / best
    );
}
