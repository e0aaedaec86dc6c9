//! Job messages: what the pipeline's workers are asked to do. Plain data, so the web and
//! the CLI can enqueue work without pulling in the pipeline's crates.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Read a source (a folder's files, or later its URL) and keep the raw bytes.
    IngestSource { source_id: String },
    /// Parse the kept bytes of one fetch into articles.
    ParseFetch { fetch_id: String },
    /// Place a new or changed article in a story (an existing one about the same event, or
    /// a new one).
    ClusterArticle { article_id: String },
    /// Write a story's labels, summary and perspectives from its coverage.
    EnrichStory { story_id: String },
}

impl Job {
    pub fn kind(&self) -> &'static str {
        match self {
            Job::IngestSource { .. } => "ingest_source",
            Job::ParseFetch { .. } => "parse_fetch",
            Job::ClusterArticle { .. } => "cluster_article",
            Job::EnrichStory { .. } => "enrich_story",
        }
    }
}
