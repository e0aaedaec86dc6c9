//! Token-level F1: how much of a gold text's bag of lowercased word tokens an
//! extracted text recovers, and how little else it adds. Order and
//! paragraphing are ignored on purpose: this scores *what* was kept, not how
//! it was laid out. Shared by the integration tests and `examples/compare.rs`.

use std::collections::HashMap;

/// Lowercased runs of letters and digits.
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).map(str::to_lowercase).collect()
}

/// Precision, recall and F1 of `candidate` against `gold`, as bags of tokens.
pub fn token_f1(candidate: &str, gold: &str) -> Score {
    let cand = tokens(candidate);
    let gold = tokens(gold);
    if cand.is_empty() && gold.is_empty() {
        return Score { precision: 1.0, recall: 1.0, f1: 1.0 };
    }
    if cand.is_empty() || gold.is_empty() {
        return Score { precision: 0.0, recall: 0.0, f1: 0.0 };
    }
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for t in &gold {
        *counts.entry(t.as_str()).or_default() += 1;
    }
    let mut overlap = 0usize;
    for t in &cand {
        if let Some(n) = counts.get_mut(t.as_str())
            && *n > 0
        {
            *n -= 1;
            overlap += 1;
        }
    }
    let precision = overlap as f64 / cand.len() as f64;
    let recall = overlap as f64 / gold.len() as f64;
    let f1 = if overlap == 0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
    Score { precision, recall, f1 }
}

/// One extraction scored against its gold text.
#[derive(Debug, Clone, Copy)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}
