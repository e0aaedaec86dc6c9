//! What each public page shows, assembled from the store: the models the web renders.
//!
//! Everything here is read-only. Names of categories and goals come from the taxonomy in
//! force; a key no longer configured still shows, under its key.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use wkly_core::{Category, CommentStatus, Goal, Reaction, Sentiment, Taxonomy, Timestamp};
use wkly_store::Store;
use wkly_store::stories::{CoverageRow, StoryCard, StoryFilter, StoryRow, WatchNext};

use crate::{AppError, comment_html, related};

use crate::markdown::{self, safe_href};

pub const PAGE_SIZE: i64 = 20;

#[derive(Debug, Clone)]
pub struct CardView {
    pub slug: String,
    pub title: String,
    pub teaser: String,
    pub category: Category,
    pub goal: Goal,
    pub sentiment: Sentiment,
    pub location: String,
    pub published_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct ImpactView {
    pub goal: Goal,
    pub text: String,
    /// The number of its source sentence in [`StoryPage::evidence`] (from 1).
    pub source: usize,
}

/// A source sentence that one or more "what this means for you" points rest on; points
/// resting on the same sentence share it, so the list never repeats itself.
#[derive(Debug, Clone)]
pub struct EvidenceView {
    pub number: usize,
    pub text: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct CoverageView {
    pub outlet: String,
    pub title: String,
    pub url: String,
    pub published_at: Option<Timestamp>,
}

#[derive(Debug, Clone)]
pub struct PollOptionView {
    pub id: String,
    pub label: String,
    pub votes: i64,
    pub percent: i64,
}

#[derive(Debug, Clone)]
pub struct PollView {
    pub question: String,
    pub closes_at: Option<Timestamp>,
    pub closed: bool,
    pub total: i64,
    pub options: Vec<PollOptionView>,
}

#[derive(Debug, Clone)]
pub struct ReactionView {
    pub reaction: Reaction,
    pub count: i64,
}

/// One comment in a story's thread, the same for every reader (the page cache keeps it):
/// what this reader may do with it (edit, delete, report) is added by the web.
///
/// A comment that is not visible appears only as a placeholder, and only when a visible
/// reply hangs below it; it then carries no words, HTML or author.
#[derive(Debug, Clone)]
pub struct CommentView {
    pub id: String,
    pub parent_id: Option<String>,
    /// The author's name; empty on placeholders, "Former reader" when the account is gone.
    pub author: String,
    /// The author's account id (for the web's per-reader bits); `None` on placeholders.
    pub author_id: Option<String>,
    /// 0 for a comment on the story, at most [`crate::comments::MAX_DEPTH`].
    pub depth: i64,
    /// Sanitised when the comment was written ([`crate::comment_html`]); the one piece of
    /// a comment a template may output unescaped. Empty on placeholders.
    pub body_html: String,
    /// What the author typed (markdown), for their edit form; empty on placeholders.
    pub body: String,
    pub created_at: Timestamp,
    pub edited: bool,
    /// Placeholder: its author deleted it.
    pub deleted: bool,
    /// Placeholder: a moderator hid it, or it is held for review.
    pub hidden: bool,
}

impl CommentView {
    pub fn is_placeholder(&self) -> bool {
        self.deleted || self.hidden
    }
}

/// The story page: the header and every section below it.
#[derive(Debug, Clone)]
pub struct StoryPage {
    /// The story's id (for the reader's own marks; not shown).
    pub id: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub teaser: String,
    pub location: String,
    pub category: Category,
    pub goal: Goal,
    pub sentiment: Sentiment,
    pub published_at: Timestamp,
    pub updated_at: Timestamp,
    pub impacts: Vec<ImpactView>,
    /// The source sentences of `impacts`, each once, in the order points first cite them.
    pub evidence: Vec<EvidenceView>,
    pub coverage: Vec<CoverageView>,
    pub perspective_count: usize,
    pub poll: Option<PollView>,
    pub reactions: Vec<ReactionView>,
    pub comments: Vec<CommentView>,
    /// Visible comments only ("Comments (N)"); placeholders are not counted.
    pub comment_count: usize,
    pub related: Vec<CardView>,
}

#[derive(Debug, Clone)]
pub struct PerspectiveView {
    pub speaker: String,
    pub role: String,
    pub organisation: String,
    pub quote: String,
    pub generated: bool,
    pub outlet: Option<String>,
    pub url: Option<String>,
}

/// One thing to watch next; an item picked from the coverage names its source.
#[derive(Debug, Clone)]
pub struct WatchView {
    pub text: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ProvenanceView {
    pub field: String,
    pub backend: String,
    pub model: Option<String>,
    pub version: String,
    pub at: Timestamp,
    pub overridden: bool,
}

#[derive(Debug, Clone)]
pub struct EventView {
    pub at: Timestamp,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

#[derive(Debug, Clone)]
pub struct DeepDivePage {
    pub slug: String,
    pub title: String,
    pub teaser: String,
    pub location: String,
    pub category: Category,
    pub goal: Goal,
    pub sentiment: Sentiment,
    pub published_at: Timestamp,
    pub background_html: String,
    pub earlier: Vec<CardView>,
    pub timeline: Vec<CoverageView>,
    pub perspectives: Vec<PerspectiveView>,
    pub watch_next: Vec<WatchView>,
    /// Whether any item was picked from the coverage by the pipeline rather than written.
    pub watch_extracted: bool,
    pub provenance: Vec<ProvenanceView>,
    pub events: Vec<EventView>,
}

#[derive(Debug, Clone)]
pub struct RoadmapCardView {
    /// Why it is linked to the story it is shown with (empty in lists of all roadmaps).
    pub reason: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub goal: Goal,
    pub duration: String,
    pub steps: i64,
}

#[derive(Debug, Clone)]
pub struct StepView {
    pub number: i64,
    pub title: String,
    pub body: String,
    pub why: String,
}

#[derive(Debug, Clone)]
pub struct RoadmapPage {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub intro_html: String,
    pub goal: Goal,
    pub category: Category,
    pub duration: String,
    pub updated_at: Timestamp,
    pub steps: Vec<StepView>,
    pub stories: Vec<CardView>,
}

/// A page of a story list (home, category, goal), with the filter that made it.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub category: Option<String>,
    pub goal: Option<String>,
    pub sentiment: Option<Sentiment>,
    /// 1-based.
    pub page: i64,
}

#[derive(Debug, Clone)]
pub struct StoryList {
    pub stories: Vec<CardView>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

pub fn category_of(taxonomy: &Taxonomy, key: &str) -> Category {
    taxonomy.category(key).cloned().unwrap_or_else(|| Category {
        key: key.into(),
        name: key.into(),
        description: String::new(),
    })
}

pub fn goal_of(taxonomy: &Taxonomy, key: &str) -> Goal {
    taxonomy.goal(key).cloned().unwrap_or_else(|| Goal {
        key: key.into(),
        name: key.into(),
        badge: key.into(),
        description: String::new(),
        icon: String::new(),
    })
}

fn sentiment_of(s: &str) -> Sentiment {
    s.parse().unwrap_or(Sentiment::Neutral)
}

fn card(taxonomy: &Taxonomy, c: StoryCard) -> CardView {
    CardView {
        category: category_of(taxonomy, &c.category),
        goal: goal_of(taxonomy, &c.goal),
        sentiment: sentiment_of(&c.sentiment),
        slug: c.slug,
        title: c.title,
        teaser: c.teaser,
        location: c.location,
        published_at: Timestamp(c.published_at),
    }
}

fn cards(taxonomy: &Taxonomy, rows: Vec<StoryCard>) -> Vec<CardView> {
    rows.into_iter().map(|c| card(taxonomy, c)).collect()
}

/// Published stories, newest first, filtered and paged.
pub async fn story_list(store: &Store, taxonomy: &Taxonomy, filter: &ListFilter) -> Result<StoryList, AppError> {
    let page = filter.page.max(1);
    let f = StoryFilter {
        category: filter.category.clone(),
        goal: filter.goal.clone(),
        sentiment: filter.sentiment.map(|s| s.as_str().to_string()),
        limit: PAGE_SIZE,
        offset: (page - 1).saturating_mul(PAGE_SIZE),
    };
    let total = store.count_published(&f).await?;
    let stories = cards(taxonomy, store.list_published(&f).await?);
    Ok(StoryList { stories, total, page, pages: ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1) })
}

/// The newest stories for a reader's goals (their primary goal is one of them), at most
/// `limit`, newest first; `skip` names stories the page already shows.
pub async fn for_goals(
    store: &Store,
    taxonomy: &Taxonomy,
    goals: &[String],
    limit: usize,
    skip: &[String],
) -> Result<Vec<CardView>, AppError> {
    let mut found: Vec<StoryCard> = Vec::new();
    for goal in goals.iter().filter(|g| taxonomy.goal(g).is_some()) {
        let f =
            StoryFilter { goal: Some(goal.clone()), limit: limit as i64 + skip.len() as i64, ..StoryFilter::default() };
        found.extend(store.list_published(&f).await?);
    }
    found.sort_by(|a, b| b.published_at.cmp(&a.published_at).then_with(|| a.slug.cmp(&b.slug)));
    found.dedup_by(|a, b| a.slug == b.slug);
    found.retain(|c| !skip.contains(&c.slug));
    found.truncate(limit);
    Ok(cards(taxonomy, found))
}

/// The newest published stories, ready to rank "related news" against, kept for `ttl` (the
/// page cache's lifetime). Pages rendered for one reader skip the page cache; with this
/// they still skip reading and tokenising 500 stories each time.
pub struct RecentStories {
    ttl: Duration,
    slot: Mutex<Option<(Instant, Arc<related::Candidates>)>>,
}

impl RecentStories {
    /// With a `ttl` of zero every page reads the stories afresh.
    pub fn new(ttl: Duration) -> RecentStories {
        RecentStories { ttl, slot: Mutex::new(None) }
    }

    pub async fn get(&self, store: &Store) -> Result<Arc<related::Candidates>, AppError> {
        if let Some((at, kept)) = &*self.slot.lock().unwrap_or_else(|e| e.into_inner())
            && at.elapsed() < self.ttl
        {
            return Ok(kept.clone());
        }
        // Two pages that miss at once both read; the later one's copy is kept. Cheaper
        // than making every reader wait on one lock across a database read.
        let fresh = Arc::new(related::Candidates::new(recent_candidates(store).await?));
        *self.slot.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), fresh.clone()));
        Ok(fresh)
    }

    /// Drops the kept stories (after a change to what is published).
    pub fn forget(&self) {
        *self.slot.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

pub async fn story_page(
    store: &Store,
    taxonomy: &Taxonomy,
    recent: &RecentStories,
    slug: &str,
) -> Result<Option<StoryPage>, AppError> {
    let Some(story) = store.find_published_story(slug).await? else {
        return Ok(None);
    };
    let mut evidence: Vec<EvidenceView> = Vec::new();
    let mut impacts = Vec::new();
    for row in store.list_impacts(&story.id).await? {
        let url = row.url.map(safe_href);
        let same = |e: &&EvidenceView| e.text == row.evidence_text && e.outlet == row.outlet && e.url == url;
        let source = match evidence.iter().find(same) {
            Some(e) => e.number,
            None => {
                let number = evidence.len() + 1;
                evidence.push(EvidenceView { number, text: row.evidence_text, outlet: row.outlet, url });
                number
            }
        };
        impacts.push(ImpactView { goal: goal_of(taxonomy, &row.goal), text: row.text, source });
    }
    let coverage = coverage_views(store, &story).await?;
    let perspective_count = store.list_perspectives(&story.id).await?.len();
    let poll = poll_view(store, &story.id).await?;
    let reactions = crate::community::reaction_views(store, &story.id).await?;
    let comments = threaded_comments(store, &story.id).await?;
    let comment_count = comments.iter().filter(|c| !c.is_placeholder()).count();
    let related = cards(taxonomy, recent.get(store).await?.rank(&story, 4, related::Wanted::Nearby));
    Ok(Some(StoryPage {
        category: category_of(taxonomy, &story.category),
        goal: goal_of(taxonomy, &story.goal),
        sentiment: sentiment_of(&story.sentiment),
        published_at: Timestamp(story.published_at),
        updated_at: Timestamp(story.updated_at),
        id: story.id,
        slug: story.slug,
        title: story.title,
        summary: story.summary,
        teaser: story.teaser,
        location: story.location,
        impacts,
        evidence,
        coverage,
        perspective_count,
        poll,
        reactions,
        comments,
        comment_count,
        related,
    }))
}

/// The stories related news is chosen from: the most recent ones.
async fn recent_candidates(store: &Store) -> Result<Vec<StoryCard>, AppError> {
    Ok(store.list_published(&StoryFilter { limit: 500, ..StoryFilter::default() }).await?)
}

async fn coverage_views(store: &Store, story: &StoryRow) -> Result<Vec<CoverageView>, AppError> {
    Ok(store.list_coverage(&story.id).await?.iter().map(coverage_view).collect())
}

fn coverage_view(c: &CoverageRow) -> CoverageView {
    CoverageView {
        outlet: c.outlet.clone(),
        title: c.title.clone(),
        url: safe_href(c.url.clone()),
        published_at: c.published_at.map(Timestamp),
    }
}

pub(crate) async fn poll_view(store: &Store, story_id: &str) -> Result<Option<PollView>, AppError> {
    let Some(poll) = store.find_poll(story_id).await? else {
        return Ok(None);
    };
    let results = store.list_poll_results(&poll.id).await?;
    let total: i64 = results.iter().map(|o| o.votes).sum();
    let options = results
        .into_iter()
        .map(|o| PollOptionView {
            percent: if total > 0 { (o.votes * 100 + total / 2) / total } else { 0 },
            id: o.id,
            label: o.label,
            votes: o.votes,
        })
        .collect();
    Ok(Some(PollView {
        question: poll.question,
        closes_at: poll.closes_at.map(Timestamp),
        closed: poll.closes_at.is_some_and(|t| t <= Timestamp::now().millis()),
        total,
        options,
    }))
}

/// Comments in reading order: each reply right after its parent, replies oldest first.
/// Comments that are not visible are dropped unless a visible reply hangs below them, in
/// which case they stay as placeholders so the thread keeps its shape.
pub async fn threaded_comments(store: &Store, story_id: &str) -> Result<Vec<CommentView>, AppError> {
    let rows = store.list_comment_thread(story_id).await?;
    let index: HashMap<&str, usize> = rows.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
    // A parent that is not in the list (it cannot be, with the foreign key) makes a root.
    let parent_of = |i: usize| rows[i].parent_id.as_deref().and_then(|p| index.get(p).copied());
    let mut children: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    for i in 0..rows.len() {
        children.entry(parent_of(i)).or_default().push(i);
    }
    let mut order = Vec::with_capacity(rows.len());
    let mut stack: Vec<usize> = children.get(&None).map(|v| v.iter().rev().copied().collect()).unwrap_or_default();
    while let Some(i) = stack.pop() {
        order.push(i);
        if let Some(kids) = children.get(&Some(i)) {
            stack.extend(kids.iter().rev().copied());
        }
    }
    // Pre-order reversed visits every reply before its parent.
    let visible = |i: usize| rows[i].status == CommentStatus::Visible.as_str();
    let mut keep = vec![false; rows.len()];
    for &i in order.iter().rev() {
        keep[i] = keep[i] || visible(i);
        if keep[i]
            && let Some(p) = parent_of(i)
        {
            keep[p] = true;
        }
    }
    Ok(order
        .into_iter()
        .filter(|&i| keep[i])
        .map(|i| {
            let r = &rows[i];
            let shown = visible(i);
            let body_html = match shown {
                false => String::new(),
                // Rows written before comments had HTML are rendered now, the same way.
                true if r.body_html.is_empty() => comment_html::render(&r.body),
                true => r.body_html.clone(),
            };
            CommentView {
                id: r.id.clone(),
                parent_id: r.parent_id.clone(),
                author: match shown {
                    true => r.author.clone().unwrap_or_else(|| "Former reader".into()),
                    false => String::new(),
                },
                author_id: r.user_id.clone().filter(|_| shown),
                depth: r.depth,
                body_html,
                body: if shown { r.body.clone() } else { String::new() },
                created_at: Timestamp(r.created_at),
                edited: r.edited_at.is_some(),
                deleted: r.status == CommentStatus::Deleted.as_str(),
                hidden: !shown && r.status != CommentStatus::Deleted.as_str(),
            }
        })
        .collect())
}

pub async fn deep_dive_page(store: &Store, taxonomy: &Taxonomy, slug: &str) -> Result<Option<DeepDivePage>, AppError> {
    let Some(story) = store.find_published_story(slug).await? else {
        return Ok(None);
    };
    let before: Vec<StoryCard> =
        recent_candidates(store).await?.into_iter().filter(|c| c.published_at < story.published_at).collect();
    let earlier = cards(taxonomy, related::rank(&story, before, 5, related::Wanted::SameTopic));
    let coverage = store.list_coverage(&story.id).await?;
    let watch_next: Vec<WatchView> = story
        .watch_next
        .0
        .iter()
        .map(|w| {
            let source = match w {
                WatchNext::Written(_) => None,
                WatchNext::Extracted { article_id, .. } => coverage.iter().find(|c| &c.article_id == article_id),
            };
            WatchView {
                text: w.text().to_string(),
                outlet: source.map(|c| c.outlet.clone()),
                url: source.map(|c| safe_href(c.url.clone())),
            }
        })
        .collect();
    let watch_extracted = story.watch_next.0.iter().any(|w| matches!(w, WatchNext::Extracted { .. }));
    let timeline = coverage.iter().map(coverage_view).collect();
    let perspectives = store
        .list_perspectives(&story.id)
        .await?
        .into_iter()
        .map(|p| PerspectiveView {
            speaker: p.speaker,
            role: p.role,
            organisation: p.organisation,
            quote: p.quote,
            generated: p.generated,
            outlet: p.outlet,
            url: p.url.map(safe_href),
        })
        .collect();
    let provenance = store
        .list_story_fields(&story.id)
        .await?
        .into_iter()
        .map(|f| ProvenanceView {
            field: f.field.replace('_', " "),
            backend: f.backend,
            model: f.model,
            version: f.version,
            at: Timestamp(f.generated_at),
            overridden: f.overridden,
        })
        .collect();
    let events = store
        .list_story_events(&story.id)
        .await?
        .into_iter()
        .map(|e| EventView { at: Timestamp(e.at), actor: e.actor, action: e.action, detail: e.detail })
        .collect();
    Ok(Some(DeepDivePage {
        category: category_of(taxonomy, &story.category),
        goal: goal_of(taxonomy, &story.goal),
        sentiment: sentiment_of(&story.sentiment),
        published_at: Timestamp(story.published_at),
        background_html: markdown::to_html(&story.background),
        watch_next,
        watch_extracted,
        slug: story.slug,
        title: story.title,
        teaser: story.teaser,
        location: story.location,
        earlier,
        timeline,
        perspectives,
        provenance,
        events,
    }))
}

fn roadmap_card(taxonomy: &Taxonomy, r: wkly_store::roadmaps::RoadmapCard) -> RoadmapCardView {
    RoadmapCardView {
        reason: String::new(),
        goal: goal_of(taxonomy, &r.goal),
        slug: r.slug,
        title: r.title,
        summary: r.summary,
        duration: r.duration,
        steps: r.steps,
    }
}

/// The roadmaps related to a story (`None` when the story does not exist).
pub async fn story_roadmaps(
    store: &Store,
    taxonomy: &Taxonomy,
    slug: &str,
) -> Result<Option<(String, Vec<RoadmapCardView>)>, AppError> {
    let Some(story) = store.find_published_story(slug).await? else {
        return Ok(None);
    };
    let list = store
        .list_story_roadmaps(&story.id)
        .await?
        .into_iter()
        .map(|r| RoadmapCardView { reason: r.reason, ..roadmap_card(taxonomy, r.card) })
        .collect();
    Ok(Some((story.title, list)))
}

pub async fn roadmap_index(store: &Store, taxonomy: &Taxonomy) -> Result<Vec<RoadmapCardView>, AppError> {
    Ok(store.list_roadmaps().await?.into_iter().map(|r| roadmap_card(taxonomy, r)).collect())
}

pub async fn roadmap_page(store: &Store, taxonomy: &Taxonomy, slug: &str) -> Result<Option<RoadmapPage>, AppError> {
    let Some(r) = store.find_roadmap(slug).await? else {
        return Ok(None);
    };
    let steps = store
        .list_steps(&r.id)
        .await?
        .into_iter()
        .map(|s| StepView { number: s.position + 1, title: s.title, body: s.body, why: s.why })
        .collect();
    let stories = cards(taxonomy, store.list_roadmap_stories(&r.id, 12).await?);
    Ok(Some(RoadmapPage {
        goal: goal_of(taxonomy, &r.goal),
        category: category_of(taxonomy, &r.category),
        intro_html: markdown::to_html(&r.intro),
        updated_at: Timestamp(r.updated_at),
        slug: r.slug,
        title: r.title,
        summary: r.summary,
        duration: r.duration,
        steps,
        stories,
    }))
}
