//! Roadmaps: the index of all guides and one guide with its steps and related stories.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use wkly_app::pages::{self, RoadmapCardView, RoadmapPage};

use super::{cache_key, cached_page, render};
use crate::error::WebError;
use crate::layout::{Layout, When};
use crate::session::Visitor;
use crate::state::AppState;

#[derive(askama::Template)]
#[template(path = "roadmap_index.html")]
struct IndexTemplate {
    layout: Layout,
    roadmaps: Vec<RoadmapCardView>,
}

pub(crate) async fn index(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    visitor: Visitor,
) -> Result<Response, WebError> {
    cached_page(&state, cache_key(&uri), &headers, &visitor, async {
        let roadmaps = pages::roadmap_index(&state.store, &state.taxonomy).await?;
        let layout = Layout::for_visitor(
            &state,
            &visitor,
            "/r",
            "Roadmaps",
            "Step-by-step guides that help you act on the news.",
        );
        render(&IndexTemplate { layout, roadmaps }).map(Some)
    })
    .await
}

#[derive(askama::Template)]
#[template(path = "roadmap.html")]
struct ShowTemplate {
    layout: Layout,
    r: RoadmapPage,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    visitor: Visitor,
) -> Result<Response, WebError> {
    cached_page(&state, cache_key(&uri), &headers, &visitor, async {
        let Some(r) = pages::roadmap_page(&state.store, &state.taxonomy, &slug).await? else {
            return Ok(None);
        };
        let layout = Layout::for_visitor(&state, &visitor, &format!("/r/{}", r.slug), &r.title, &r.summary);
        render(&ShowTemplate { layout, r }).map(Some)
    })
    .await
}
