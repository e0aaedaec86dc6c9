//! Places an article in a story: the story of an earlier article about the same event
//! (shared named things and close wording, within a few days), or a new draft story.
//! Either way the story is then (re-)enriched.
//!
//! Idempotent: an article already in a story stays there (an update only re-enriches),
//! and creating or attaching checks placement inside the write, so a repeated job after
//! a crash never places an article twice or makes a second story.

use wkly_core::Slug;
use wkly_core::enrich::Document;
use wkly_core::job::Job;
use wkly_nlp::cluster::{self, Features};
use wkly_store::clusters::NewDraftStory;

use super::StageStats;
use crate::{Pipeline, PipelineError};

/// How far apart in time two reports of one event may be published.
pub const WINDOW_MS: i64 = 3 * 24 * 60 * 60 * 1000;
/// Longest slug of a story made from an article: short enough to read and share.
const SLUG_LEN: usize = 60;
/// Candidate articles compared in full, after the index narrowed them down.
const MAX_CANDIDATES: i64 = 40;

pub(crate) async fn cluster_article(p: &Pipeline, article_id: &str) -> Result<StageStats, PipelineError> {
    let article = p.store.get_cluster_article(article_id).await?;
    let doc = Document::new(&article.title, &article.text);
    let entities = p.enricher.entities(&doc);
    let features = cluster::features(&article.title, &article.text, &entities);
    let keys = features.index_keys();
    let json = serde_json::to_string(&features).map_err(|e| PipelineError::Input(format!("features: {e}")))?;
    p.store.save_article_features(&article.id, &json, &keys, article.published_at).await?;

    let mut stats = StageStats::default();
    let story_id = match &article.story_id {
        Some(story) => story.clone(),
        None => {
            let candidates = p
                .store
                .list_cluster_candidates(
                    &keys,
                    article.published_at - WINDOW_MS,
                    article.published_at + WINDOW_MS,
                    &article.id,
                    MAX_CANDIDATES,
                )
                .await?;
            let mut matches: Vec<(f32, &wkly_store::clusters::Candidate)> = candidates
                .iter()
                .filter_map(|c| {
                    let theirs: Features = serde_json::from_str(c.features.as_deref()?).ok()?;
                    cluster::same_event(&features, &theirs).then(|| (cluster::similarity(&features, &theirs), c))
                })
                .collect();
            matches.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.article_id.cmp(&b.1.article_id)));
            match matches.first() {
                Some((_, best)) => {
                    if p.store.attach_article(&best.story_id, &article.id).await? {
                        stats.stories_grown += 1;
                    }
                    // This article reports the event of other stories too: they were one
                    // event all along, split only because their reports arrived first.
                    let mut merged = std::collections::BTreeSet::new();
                    for (_, other) in &matches[1..] {
                        if other.story_id != best.story_id
                            && merged.insert(other.story_id.clone())
                            && p.store.merge_stories(&best.story_id, &other.story_id).await?
                        {
                            stats.stories_merged += 1;
                        }
                    }
                    best.story_id.clone()
                }
                None => match p
                    .store
                    .create_story_for_article(&draft(&article.title, &article.text, article.published_at), &article.id)
                    .await?
                {
                    Some(id) => {
                        stats.stories_new += 1;
                        id
                    }
                    // Placed meanwhile by a run of this job that crashed after writing.
                    None => p.store.get_cluster_article(&article.id).await?.story_id.unwrap_or_default(),
                },
            }
        }
    };
    if !story_id.is_empty() {
        let key = format!("enrich:{story_id}:{article_id}:{}", wkly_core::fingerprint::content_hash(&article.text));
        p.enqueue(&Job::EnrichStory { story_id }, Some(key)).await?;
    }
    Ok(stats)
}

/// A story's first form, from its first article, until enrichment writes the real one.
fn draft(title: &str, text: &str, published_at: i64) -> NewDraftStory {
    let slug =
        Slug::from_title_within(title, SLUG_LEN).map(|s| s.as_str().to_string()).unwrap_or_else(|_| "story".into());
    let teaser: String = text.split_whitespace().take(30).collect::<Vec<_>>().join(" ");
    NewDraftStory { slug, title: title.to_string(), teaser, published_at }
}
