//! Speed of the category and goal stages on a ~600-word article.
//!
//! `cargo run --release --example category_goal_speed` prints µs per article.

use std::hint::black_box;
use std::time::Instant;

use wkly_core::Taxonomy;
use wkly_core::enrich::Document;
use wkly_nlp::{category, goal};

const PARAGRAPH: &str = "The company said on Tuesday that quarterly profit rose 12 percent as sales of its \
software and cloud services grew faster than analysts had expected. Shares climbed 4% in early trading in \
New York. The chief executive told investors that demand from business customers remained strong, although \
higher costs for chips and data centres weighed on margins. The firm also said it would hire 2,000 engineers \
over the next year, mostly in Europe and Asia, and raised its forecast for the full year. ";

fn main() {
    let mut text = String::new();
    while text.split_whitespace().count() < 600 {
        text.push_str(PARAGRAPH);
        text.push_str("\n\n");
    }
    let words = text.split_whitespace().count();
    let taxonomy = Taxonomy::default();
    let doc = Document::new("Software maker's profit beats forecasts as cloud sales grow", &text);
    // Warm up the lazily built tables.
    let _ = category::category(&doc, &[], &taxonomy);
    // The best of several batches: the machine may be busy with other work.
    let time = |f: &dyn Fn()| {
        (0..15)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..1000 {
                    f();
                }
                start.elapsed().as_secs_f64() * 1e3
            })
            .fold(f64::INFINITY, f64::min)
    };
    let both = time(&|| {
        let cat = category::category(black_box(&doc), &[], &taxonomy);
        black_box(goal::goal(black_box(&doc), cat.as_ref(), &[], &taxonomy));
    });
    let cat_only = time(&|| {
        black_box(category::category(black_box(&doc), &[], &taxonomy));
    });
    let words_only = time(&|| {
        let mut n = 0usize;
        wkly_nlp::lexicon::for_each_piece(black_box(&text), usize::MAX, |_| n += 1);
        black_box(n);
    });
    let baseline = time(&|| {
        black_box(black_box(&text).split_whitespace().count());
    });
    println!("splitting alone: {words_only:.1} µs (split_whitespace: {baseline:.1} µs)");
    let cat = category::category(&doc, &[], &taxonomy);
    println!(
        "{words} words: category {cat_only:.1} µs, category + goal {both:.1} µs per article ({:?}, goal {:?})",
        cat.as_ref().map(|c| c.key.as_str()),
        goal::goal(&doc, cat.as_ref(), &[], &taxonomy)
    );
}
