//! Roadmaps: the index of all guides and one guide with its steps and related stories.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use wkly_app::pages::{self, RoadmapCardView, RoadmapPage};
use wkly_app::progress;

use super::{cache_key, cached_page, render};
use crate::error::WebError;
use crate::forms::{Form, see_other};
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
    /// Step numbers the signed-in reader has done.
    done: Vec<i64>,
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
        let done = match &visitor.reader {
            Some(reader) => progress::done_steps(&state.store, &reader.user_id, &r.slug).await?,
            None => Vec::new(),
        };
        render(&ShowTemplate { layout, r, done }).map(Some)
    })
    .await
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct StepForm {
    csrf: Option<String>,
}

/// `POST /r/{slug}/steps/{number}`: ticks a step done, or takes the tick back.
pub(crate) async fn toggle_step(
    State(state): State<AppState>,
    Path((slug, number)): Path<(String, i64)>,
    headers: HeaderMap,
    visitor: Visitor,
    Form(f): Form<StepForm>,
) -> Result<Response, WebError> {
    crate::csrf::check(&state, &headers, &visitor, f.csrf.as_deref())?;
    let Some(reader) = &visitor.reader else {
        return Ok(see_other(&format!("/signin?next=/r/{slug}"), Vec::new()));
    };
    match progress::toggle_step(&state.store, reader, &slug, number).await? {
        Some(_) => Ok(see_other(&format!("/r/{slug}#step-{number}"), Vec::new())),
        None => Err(WebError::NotFound),
    }
}
