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
use wkly_store::clusters::{ArticleIndex, Candidate, NewDraftStory, Placed, Placement};

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
    let index = ArticleIndex { features_json: json, keys, published_at: article.published_at };

    let mut stats = StageStats::default();
    let story_id = match &article.story_id {
        // Already placed (an update, or a repeat): refresh what it is indexed under.
        Some(story) => {
            p.store.place_article(&article.id, Some(&index), None).await?;
            story.clone()
        }
        None => {
            // Reports of one event share specific names: look those up first, and fall back
            // to headline words (broad, so slower) only when no story matches by name.
            let (from, to) = (article.published_at - WINDOW_MS, article.published_at + WINDOW_MS);
            let names = features.name_keys();
            let mut candidates = p.store.list_cluster_candidates(&names, from, to, &article.id, MAX_CANDIDATES).await?;
            if !candidates.iter().any(|c| is_same_event(&features, c)) {
                candidates =
                    p.store.list_cluster_candidates(&index.keys, from, to, &article.id, MAX_CANDIDATES).await?;
            }
            let mut matches: Vec<(f32, &Candidate)> = candidates
                .iter()
                .filter_map(|c| {
                    let theirs: Features = serde_json::from_str(c.features.as_deref()?).ok()?;
                    cluster::same_event(&features, &theirs).then(|| (cluster::similarity(&features, &theirs), c))
                })
                .collect();
            matches.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.article_id.cmp(&b.1.article_id)));
            // Features, keys and placement in one transaction: half the round trips, and a
            // crash leaves either all of it or none.
            let placement = match matches.first() {
                Some((_, best)) => Placement::Attach { story_id: best.story_id.clone() },
                None => Placement::Create(draft(&article.title, &article.text, article.published_at)),
            };
            match p.store.place_article(&article.id, Some(&index), Some(&placement)).await? {
                Placed::Attached(story) => {
                    stats.stories_grown += 1;
                    // This article reports the event of other stories too: they were one
                    // event all along, split only because their reports arrived first.
                    let mut merged = std::collections::BTreeSet::new();
                    for (_, other) in matches.iter().skip(1) {
                        if other.story_id != story
                            && merged.insert(other.story_id.clone())
                            && p.store.merge_stories(&story, &other.story_id).await?
                        {
                            stats.stories_merged += 1;
                        }
                    }
                    story
                }
                Placed::Created(story) => {
                    stats.stories_new += 1;
                    story
                }
                // Placed by a run of this job that crashed after writing.
                Placed::AlreadyPlaced(story) => story,
                Placed::Unplaced => String::new(),
            }
        }
    };
    if !story_id.is_empty() {
        let key = format!("enrich:{story_id}:{article_id}:{}", wkly_core::fingerprint::content_hash(&article.text));
        p.enqueue(&Job::EnrichStory { story_id }, Some(key)).await?;
    }
    Ok(stats)
}

fn is_same_event(features: &Features, c: &Candidate) -> bool {
    c.features
        .as_deref()
        .and_then(|f| serde_json::from_str::<Features>(f).ok())
        .is_some_and(|theirs| cluster::same_event(features, &theirs))
}

/// A story's first form, from its first article, until enrichment writes the real one.
fn draft(title: &str, text: &str, published_at: i64) -> NewDraftStory {
    let slug =
        Slug::from_title_within(title, SLUG_LEN).map(|s| s.as_str().to_string()).unwrap_or_else(|_| "story".into());
    let teaser: String = text.split_whitespace().take(30).collect::<Vec<_>>().join(" ");
    NewDraftStory { slug, title: title.to_string(), teaser, published_at }
}
