//! The story page, its deep dive, its related-roadmaps fragment and the Mastodon share hop.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;
use wkly_app::pages::{self, DeepDivePage, RoadmapCardView, StoryPage};

use super::{cache_key, cached_page, render};
use crate::error::WebError;
use crate::layout::{Layout, When, script_safe_json, shorten};
use crate::share::{ShareLinks, mastodon_share_url};
use crate::state::AppState;

#[derive(askama::Template)]
#[template(path = "story.html")]
struct StoryTemplate {
    layout: Layout,
    s: StoryPage,
    crumb: String,
    share: ShareLinks,
    /// The goals whose advice is "general guidance, not personal advice".
    needs_disclaimer: bool,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    cached_page(&state, cache_key(&uri), &headers, render_show(&state, &slug)).await
}

pub(crate) async fn render_show(state: &AppState, slug: &str) -> Result<Option<String>, WebError> {
    let Some(s) = pages::story_page(&state.store, &state.taxonomy, slug).await? else {
        return Ok(None);
    };
    let path = format!("/s/{}", s.slug);
    let mut layout = Layout::new(state, &path, &s.title, &s.teaser);
    layout.og_type = "article";
    layout.published = Some(s.published_at.iso());
    layout.section = Some(s.category.name.clone());
    layout.json_ld = Some(news_article_json(state, &layout.canonical, &s));
    let share = ShareLinks::new(&s.title, &state.site.handle, &layout.canonical);
    let needs_disclaimer = s.impacts.iter().any(|i| matches!(i.goal.key.as_str(), "money" | "health"));
    let t = StoryTemplate { crumb: shorten(&s.title, 32), layout, share, needs_disclaimer, s };
    render(&t).map(Some)
}

fn news_article_json(state: &AppState, url: &str, s: &StoryPage) -> String {
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": s.title,
        "description": s.teaser,
        "abstract": s.summary,
        "datePublished": s.published_at.iso(),
        "dateModified": s.updated_at.iso(),
        "articleSection": s.category.name,
        "mainEntityOfPage": url,
        "url": url,
        "inLanguage": "en",
        "author": { "@type": "Organization", "name": state.site.name },
        "publisher": { "@type": "Organization", "name": state.site.name },
        "isBasedOn": s.coverage.iter().map(|c| c.url.clone()).collect::<Vec<_>>(),
    });
    if !s.location.is_empty() {
        v["contentLocation"] = json!({ "@type": "Place", "name": s.location });
    }
    script_safe_json(&v)
}

#[derive(askama::Template)]
#[template(path = "deep_dive.html")]
struct DeepDiveTemplate {
    layout: Layout,
    d: DeepDivePage,
    crumb: String,
}

pub(crate) async fn deep_dive(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    cached_page(&state, cache_key(&uri), &headers, async {
        let Some(d) = pages::deep_dive_page(&state.store, &state.taxonomy, &slug).await? else {
            return Ok(None);
        };
        let path = format!("/s/{}/deep-dive", d.slug);
        let title = format!("Deep dive: {}", d.title);
        let mut layout = Layout::new(&state, &path, &title, &d.teaser);
        layout.og_type = "article";
        layout.section = Some(d.category.name.clone());
        let t = DeepDiveTemplate { crumb: shorten(&d.title, 32), layout, d };
        render(&t).map(Some)
    })
    .await
}

#[derive(Debug, Deserialize)]
pub(crate) struct FragmentQuery {
    fragment: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "roadmaps_fragment.html")]
struct RoadmapsFragment {
    roadmaps: Vec<RoadmapCardView>,
}

#[derive(askama::Template)]
#[template(path = "story_roadmaps.html")]
struct StoryRoadmapsTemplate {
    layout: Layout,
    slug: String,
    title: String,
    fragment: String,
}

/// The related roadmaps: a bare fragment for the story page's script (`?fragment=1`),
/// or a whole page for readers without JavaScript.
pub(crate) async fn roadmaps(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<FragmentQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let bare = q.fragment.is_some();
    cached_page(&state, cache_key(&uri), &headers, async {
        let Some((title, roadmaps)) = pages::story_roadmaps(&state.store, &state.taxonomy, &slug).await? else {
            return Ok(None);
        };
        let fragment = render(&RoadmapsFragment { roadmaps })?;
        if bare {
            return Ok(Some(fragment));
        }
        let path = format!("/s/{slug}/roadmaps");
        let layout =
            Layout::new(&state, &path, &format!("Roadmaps for: {title}"), "Step-by-step guides related to this story.");
        render(&StoryRoadmapsTemplate { layout, slug, title, fragment }).map(Some)
    })
    .await
}

#[derive(Debug, Deserialize)]
pub(crate) struct MastodonQuery {
    server: Option<String>,
}

/// Mastodon has no single share address: the reader names their server and we send them
/// to its share page with the post prefilled.
pub(crate) async fn share_mastodon(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<MastodonQuery>,
) -> Result<Response, WebError> {
    let Some(story) = state.store.find_published_story(&slug).await.map_err(|e| WebError::Internal(e.to_string()))?
    else {
        return Err(WebError::NotFound);
    };
    let url = format!("{}/s/{}", state.base_url, story.slug);
    let text = format!("{} - via @{}", story.title, state.site.handle);
    match q.server.as_deref().and_then(|server| mastodon_share_url(server, &text, &url)) {
        Some(target) => Ok(Redirect::to(&target).into_response()),
        None => Err(WebError::BadRequest(
            "That doesn't look like a Mastodon server name. Enter just the server, such as mastodon.social, then try again.",
        )),
    }
}
