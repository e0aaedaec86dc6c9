//! Writes a story's labels, summary and experts' perspectives from all its coverage, with
//! the configured enrichment backend. Fields an editor owns are left alone (the store
//! checks), and a draft becomes public, or waits for an editor when its source says
//! `review = hold`.

use std::collections::HashSet;

use wkly_core::enrich::Document;
use wkly_core::{Provenance, Timestamp};
use wkly_nlp::roadmaps::{RoadmapText, StoryText, link_roadmaps};
use wkly_store::clusters::StoryEnrichment;
use wkly_store::stories::WatchNext;

use super::StageStats;
use crate::{Pipeline, PipelineError};

/// Most experts' perspectives kept per story.
const MAX_PERSPECTIVES: usize = 6;

pub(crate) async fn enrich_story(p: &Pipeline, story_id: &str) -> Result<StageStats, PipelineError> {
    // Several reports of one event arrive together: the last enrichment queued for the
    // story reads its whole coverage, so the earlier ones have nothing to add.
    if p.store.has_queued_job_with_key_prefix(&format!("enrich:{story_id}:")).await? {
        return Ok(StageStats::default());
    }
    let articles = p.store.list_story_articles(story_id).await?;
    let Some(first) = articles.first() else {
        // The story was deleted since the job was queued.
        return Ok(StageStats::default());
    };
    // The coverage read as one text, earliest report first, so the lead is the first
    // outlet's lead and later reports add what is new.
    let mut ordered: Vec<_> = articles.iter().collect();
    ordered.sort_by(|a, b| a.published_at.cmp(&b.published_at).then_with(|| a.id.cmp(&b.id)));
    let text = ordered.iter().map(|a| a.text.trim()).collect::<Vec<_>>().join("\n\n");
    let mut hints: Vec<String> = Vec::new();
    for source_id in ordered.iter().filter_map(|a| a.source_id.as_deref()).collect::<HashSet<_>>() {
        if let Some(category) = p.store.find_source(source_id).await?.and_then(|s| s.category) {
            hints.push(category);
        }
    }
    hints.sort();
    hints.dedup();
    let title = ordered[0].title.clone();
    let doc = Document { title: &title, text: &text, source_categories: &hints };
    let found = p.enricher.enrich(&doc, &p.taxonomy);

    let mut perspectives = Vec::new();
    let mut seen = HashSet::new();
    for a in &ordered {
        for q in p.enricher.quotes(&Document::new(&a.title, &a.text)) {
            if perspectives.len() < MAX_PERSPECTIVES && seen.insert((q.speaker.clone(), q.text.clone())) {
                perspectives.push((
                    q.speaker,
                    q.role.unwrap_or_default(),
                    q.organisation.unwrap_or_default(),
                    q.text,
                    a.id.clone(),
                ));
            }
        }
    }
    // When the text convinces no classifier: the source's own category, else general news
    // ("world"), else the first category of an operator's taxonomy.
    let fallback_category = hints
        .iter()
        .find(|h| p.taxonomy.category(h).is_some())
        .cloned()
        .or_else(|| p.taxonomy.category("world").map(|c| c.key.clone()))
        .or_else(|| p.taxonomy.categories.first().map(|c| c.key.clone()))
        .unwrap_or_default();
    let fallback_goal =
        p.taxonomy.goal("informed").or_else(|| p.taxonomy.goals.first()).map(|g| g.key.clone()).unwrap_or_default();
    // Each bullet keeps the article its evidence sentence comes from, for the page's link.
    let impacts = found
        .impacts
        .iter()
        .filter_map(|i| {
            let article = ordered.iter().find(|a| a.text.contains(&i.evidence))?;
            Some((i.goal.clone(), i.text.clone(), i.evidence.clone(), article.id.clone()))
        })
        .collect();
    let poll = found.poll.map(|p| (p.question, p.options));
    let category = found.category.map(|c| c.key).unwrap_or(fallback_category);
    let goal = found.goal.unwrap_or(fallback_goal);
    let impact_goals: Vec<String> = found.impacts.iter().map(|i| i.goal.clone()).collect();
    let roadmaps = related_roadmaps(p, &doc, &found.summary.teaser, &category, &goal, &impact_goals).await?;
    // Each item keeps the article its sentence comes from, for the deep dive's source line.
    let watch_next = wkly_nlp::watch::watch_next(&doc)
        .into_iter()
        .filter_map(|w| {
            let article = ordered.iter().find(|a| a.text.contains(&w.text))?;
            Some(WatchNext::Extracted { text: w.text, article_id: article.id.clone() })
        })
        .collect();
    let held = first.review_policy.as_deref() == Some("hold");
    let e = StoryEnrichment {
        title,
        summary: found.summary.summary,
        teaser: found.summary.teaser,
        category,
        goal,
        sentiment: found.sentiment.label.as_str().to_string(),
        sentiment_score: f64::from(found.sentiment.score),
        location: found.location.map(|l| l.display()).unwrap_or_default(),
        perspectives,
        impacts,
        poll,
        roadmaps,
        watch_next,
        status_when_ready: if held { "held" } else { "published" }.into(),
    };
    let info = p.enricher.info();
    let prov =
        Provenance { backend: info.name, model: None, version: info.version, at: Timestamp::now(), overridden: false };
    p.store.apply_enrichment(story_id, &e, &prov).await?;
    Ok(StageStats { stories_enriched: 1, ..StageStats::default() })
}

/// The roadmaps that help with the story, matched by what both are about (see
/// `wkly_nlp::roadmaps`): (roadmap id, reason).
async fn related_roadmaps(
    p: &Pipeline,
    doc: &Document<'_>,
    lead: &str,
    category: &str,
    goal: &str,
    impact_goals: &[String],
) -> Result<Vec<(String, String)>, PipelineError> {
    let roadmaps = p.store.list_roadmap_texts().await?;
    let bodies: Vec<Vec<String>> =
        roadmaps.iter().map(|r| r.steps.iter().map(|s| format!("{} {}", s.body, s.why)).collect()).collect();
    let texts: Vec<RoadmapText<'_>> = roadmaps
        .iter()
        .zip(&bodies)
        .map(|(r, bodies)| RoadmapText {
            slug: &r.slug,
            title: &r.title,
            summary: &r.summary,
            goal: &r.goal,
            category: &r.category,
            step_titles: r.steps.iter().map(|s| s.title.as_str()).collect(),
            step_bodies: bodies.iter().map(String::as_str).collect(),
        })
        .collect();
    let story = StoryText { doc: *doc, lead, category, goal, impact_goals };
    Ok(link_roadmaps(&story, &texts)
        .into_iter()
        .filter_map(|l| roadmaps.iter().find(|r| r.slug == l.slug).map(|r| (r.id.clone(), l.reason)))
        .collect())
}
