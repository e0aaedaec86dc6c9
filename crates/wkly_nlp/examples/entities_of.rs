//! Prints the entities found in each argument: `cargo run -p wkly_nlp --example entities_of -- "TEXT"`.
//! A debugging aid.

use wkly_core::enrich::Document;

fn main() {
    for text in std::env::args().skip(1) {
        for e in wkly_nlp::entities::entities(&Document::new("", &text)) {
            println!("{:?}\t{}\t{}", e.kind, e.text, e.key);
        }
        println!();
    }
}
