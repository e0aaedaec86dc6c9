//! wkly's builtin enrichment backend.
//!
//! Turns a headline and plain text into entities, sentiment, a category, a location, the
//! reader goal, a summary and attributed quotes, with rules and data files kept in this
//! crate (`data/`). Pure and deterministic: no IO, no clock, no randomness, so the same
//! text always gets the same labels and every test can pin them.
//!
//! It does not store anything, know about stories or sources, or call a model service;
//! the pipeline does that and records provenance.

pub mod actor;
mod builtin;
pub mod category;
pub mod cluster;
pub mod entities;
pub mod eval;
pub mod gazetteer;
pub mod goal;
pub mod lexicon;
pub mod location;
pub mod playbook;
pub mod polls;
pub mod quotes;
pub mod roadmaps;
pub mod sentiment;
pub mod summary;
pub mod text;
pub mod watch;

pub use builtin::{Builtin, RULES_VERSION};
