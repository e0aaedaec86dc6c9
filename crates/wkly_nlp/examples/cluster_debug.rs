//! Prints the clustering similarity of every pair among the articles given as `title|||text`
//! files: `cargo run -p wkly_nlp --example cluster_debug -- a.txt b.txt ...`. A debugging aid.

use wkly_core::enrich::Document;
use wkly_nlp::cluster::{features, same_event, similarity};

fn main() {
    let docs: Vec<(String, String)> = std::env::args()
        .skip(1)
        .map(|p| {
            let s = std::fs::read_to_string(&p).unwrap_or_default();
            let (t, x) = s.split_once("|||").unwrap_or(("", &s));
            (t.trim().to_string(), x.trim().to_string())
        })
        .collect();
    let feats: Vec<_> =
        docs.iter().map(|(t, x)| features(t, x, &wkly_nlp::entities::entities(&Document::new(t, x)))).collect();
    for (i, f) in feats.iter().enumerate() {
        println!("{i}: {:?}", f.names);
        println!("   keys {:?}", f.index_keys());
    }
    for i in 0..feats.len() {
        for j in i + 1..feats.len() {
            println!(
                "{i}-{j}: similarity {:.3} same_event {}",
                similarity(&feats[i], &feats[j]),
                same_event(&feats[i], &feats[j])
            );
        }
    }
}
