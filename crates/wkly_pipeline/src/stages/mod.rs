//! One module per stage; `run` dispatches a job message to its stage.

mod cluster;
mod enrich;
mod ingest;
mod parse;

pub use cluster::WINDOW_MS as CLUSTER_WINDOW_MS;

use wkly_core::job::Job;
use wkly_store::articles::ArticleOutcome;

use crate::{Pipeline, PipelineError};

/// Counts a stage reports, added up across jobs by the worker.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StageStats {
    /// Files or responses kept as new fetches.
    pub fetches_new: usize,
    /// Fetches whose bytes had been seen before (nothing to do).
    pub fetches_seen: usize,
    /// HTTP reads answered "not modified" (304).
    pub not_modified: usize,
    /// Files a source held that were too large to read.
    pub files_skipped: usize,
    pub articles_new: usize,
    pub articles_updated: usize,
    pub articles_unchanged: usize,
    pub articles_duplicate: usize,
    /// Feed entries skipped with a warning.
    pub entries_skipped: usize,
    /// Articles that started a story of their own.
    pub stories_new: usize,
    /// Articles that joined the story of an earlier report of the same event.
    pub stories_grown: usize,
    pub stories_enriched: usize,
    /// Stories folded into another once an article showed they report one event.
    pub stories_merged: usize,
}

impl StageStats {
    /// Counts what storing one article did.
    pub fn count(&mut self, outcome: &ArticleOutcome) {
        match outcome {
            ArticleOutcome::New(_) => self.articles_new += 1,
            ArticleOutcome::Updated(_) => self.articles_updated += 1,
            ArticleOutcome::Unchanged(_) => self.articles_unchanged += 1,
            ArticleOutcome::Duplicate { .. } => self.articles_duplicate += 1,
        }
    }

    pub fn add(&mut self, o: &StageStats) {
        self.fetches_new += o.fetches_new;
        self.fetches_seen += o.fetches_seen;
        self.not_modified += o.not_modified;
        self.files_skipped += o.files_skipped;
        self.articles_new += o.articles_new;
        self.articles_updated += o.articles_updated;
        self.articles_unchanged += o.articles_unchanged;
        self.articles_duplicate += o.articles_duplicate;
        self.entries_skipped += o.entries_skipped;
        self.stories_new += o.stories_new;
        self.stories_grown += o.stories_grown;
        self.stories_enriched += o.stories_enriched;
        self.stories_merged += o.stories_merged;
    }
}

pub(crate) async fn run(p: &Pipeline, job: &Job) -> Result<StageStats, PipelineError> {
    match job {
        Job::IngestSource { source_id } => ingest::ingest_source(p, source_id).await,
        Job::ParseFetch { fetch_id } => parse::parse_fetch(p, fetch_id).await,
        Job::ClusterArticle { article_id } => cluster::cluster_article(p, article_id).await,
        Job::EnrichStory { story_id } => enrich::enrich_story(p, story_id).await,
    }
}
