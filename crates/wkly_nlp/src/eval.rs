//! Scoring a labeller against a labelled set: accuracy, macro-F1 and a confusion matrix.
//!
//! Used by the development-set tests and by `cargo run -p wkly_nlp --example eval`.

use std::collections::BTreeMap;
use std::fmt;

/// Gold and predicted labels of one labelled set.
#[derive(Debug, Default, Clone)]
pub struct Scores {
    /// (gold, predicted) → count.
    counts: BTreeMap<(String, String), usize>,
    labels: Vec<String>,
    total: usize,
}

impl Scores {
    /// Scores over a fixed label order (rows and columns of the matrix in this order).
    pub fn new(labels: &[&str]) -> Self {
        Self { labels: labels.iter().map(|l| l.to_string()).collect(), ..Self::default() }
    }

    pub fn add(&mut self, gold: &str, predicted: &str) {
        for label in [gold, predicted] {
            if !self.labels.iter().any(|l| l == label) {
                self.labels.push(label.to_string());
            }
        }
        *self.counts.entry((gold.to_string(), predicted.to_string())).or_default() += 1;
        self.total += 1;
    }

    pub fn total(&self) -> usize {
        self.total
    }

    fn count(&self, gold: &str, predicted: &str) -> usize {
        self.counts.get(&(gold.to_string(), predicted.to_string())).copied().unwrap_or(0)
    }

    pub fn accuracy(&self) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        let correct: usize = self.labels.iter().map(|l| self.count(l, l)).sum();
        correct as f64 / self.total as f64
    }

    /// F1 of one label (0 when it never occurs in gold or predictions).
    pub fn f1(&self, label: &str) -> f64 {
        let tp = self.count(label, label) as f64;
        let predicted: usize = self.labels.iter().map(|g| self.count(g, label)).sum();
        let gold: usize = self.labels.iter().map(|p| self.count(label, p)).sum();
        if tp == 0.0 {
            return 0.0;
        }
        let precision = tp / predicted as f64;
        let recall = tp / gold as f64;
        2.0 * precision * recall / (precision + recall)
    }

    /// Mean F1 over the labels that occur in the gold set.
    pub fn macro_f1(&self) -> f64 {
        let present: Vec<&String> =
            self.labels.iter().filter(|l| self.labels.iter().any(|p| self.count(l, p) > 0)).collect();
        if present.is_empty() {
            return 0.0;
        }
        present.iter().map(|l| self.f1(l)).sum::<f64>() / present.len() as f64
    }
}

impl fmt::Display for Scores {
    /// Accuracy, macro-F1, per-label F1 and the confusion matrix (rows gold, columns predicted).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "n = {}  accuracy = {:.3}  macro-F1 = {:.3}", self.total, self.accuracy(), self.macro_f1())?;
        let width = self.labels.iter().map(String::len).max().unwrap_or(4).max(6);
        write!(f, "{:>width$} |", "gold\\pred")?;
        for label in &self.labels {
            write!(f, " {label:>width$}")?;
        }
        writeln!(f, " | {:>6}", "F1")?;
        for gold in &self.labels {
            write!(f, "{gold:>width$} |")?;
            for predicted in &self.labels {
                write!(f, " {:>width$}", self.count(gold, predicted))?;
            }
            writeln!(f, " | {:>6.3}", self.f1(gold))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_count_accuracy_and_macro_f1() {
        let mut s = Scores::new(&["pos", "neg"]);
        for (g, p) in [("pos", "pos"), ("pos", "neg"), ("neg", "neg"), ("neg", "neg")] {
            s.add(g, p);
        }
        assert_eq!(s.total(), 4);
        assert!((s.accuracy() - 0.75).abs() < 1e-9);
        // pos: P=1, R=0.5 → 0.667; neg: P=0.667, R=1 → 0.8
        assert!((s.f1("pos") - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.f1("neg") - 0.8).abs() < 1e-9);
        assert!((s.macro_f1() - (2.0 / 3.0 + 0.8) / 2.0).abs() < 1e-9);
        let table = s.to_string();
        assert!(table.contains("accuracy = 0.750"), "{table}");
    }

    #[test]
    fn empty_scores_are_zero_not_nan() {
        let s = Scores::new(&["a"]);
        assert_eq!(s.accuracy(), 0.0);
        assert_eq!(s.macro_f1(), 0.0);
    }
}
