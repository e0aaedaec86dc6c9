//! Story lists: the home page (with filters), a category, a reader goal.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use wkly_app::pages::{CardView, ListFilter, StoryList, story_list};
use wkly_core::{Category, Goal, Sentiment};

use super::{cache_key, cached_page, render};
use crate::error::WebError;
use crate::layout::{Layout, When};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    category: Option<String>,
    goal: Option<String>,
    sentiment: Option<String>,
    page: Option<String>,
}

pub(crate) struct FilterOption {
    value: String,
    label: String,
    selected: bool,
}

#[derive(askama::Template)]
#[template(path = "list.html")]
struct ListTemplate {
    layout: Layout,
    heading: String,
    intro: String,
    /// The home page leads with the newest story in large.
    lead: Option<CardView>,
    list: StoryList,
    categories: Vec<FilterOption>,
    goals: Vec<FilterOption>,
    sentiments: Vec<FilterOption>,
    show_filters: bool,
    filtered: bool,
    prev_href: Option<String>,
    next_href: Option<String>,
}

pub(crate) async fn index(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let filter = parse_filter(&state, &q)?;
    cached_page(&state, cache_key(&uri), &headers, async {
        let list = story_list(&state.store, &state.taxonomy, &filter).await?;
        let filtered = filter.category.is_some() || filter.goal.is_some() || filter.sentiment.is_some();
        let layout = Layout::new(&state, "/", &state.site.name, &state.site.tagline);
        render_list(&state, layout, state.site.tagline.clone(), String::new(), list, &filter, "/", true, !filtered)
            .map(Some)
    })
    .await
}

pub(crate) async fn category(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(q): Query<ListQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let Some(category) = state.taxonomy.category(&key).cloned() else {
        return Err(WebError::NotFound);
    };
    let mut filter = parse_filter(&state, &ListQuery { category: None, ..q })?;
    filter.category = Some(category.key.clone());
    cached_page(&state, cache_key(&uri), &headers, async {
        let list = story_list(&state.store, &state.taxonomy, &filter).await?;
        let Category { key, name, description } = category;
        let path = format!("/c/{key}");
        let layout = Layout::new(&state, &path, &name, &description);
        render_list(&state, layout, name, description, list, &filter, &path, false, false).map(Some)
    })
    .await
}

pub(crate) async fn goal(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(q): Query<ListQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let Some(goal) = state.taxonomy.goal(&key).cloned() else {
        return Err(WebError::NotFound);
    };
    let mut filter = parse_filter(&state, &ListQuery { goal: None, ..q })?;
    filter.goal = Some(goal.key.clone());
    cached_page(&state, cache_key(&uri), &headers, async {
        let list = story_list(&state.store, &state.taxonomy, &filter).await?;
        let Goal { key, badge, description, .. } = goal;
        let path = format!("/g/{key}");
        let layout = Layout::new(&state, &path, &badge, &description);
        render_list(&state, layout, badge, description, list, &filter, &path, false, false).map(Some)
    })
    .await
}

/// Unknown filter values name a list that does not exist: 404, not a silent "all".
fn parse_filter(state: &AppState, q: &ListQuery) -> Result<ListFilter, WebError> {
    let nonempty = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let category = nonempty(&q.category);
    if category.as_deref().is_some_and(|c| state.taxonomy.category(c).is_none()) {
        return Err(WebError::NotFound);
    }
    let goal = nonempty(&q.goal);
    if goal.as_deref().is_some_and(|g| state.taxonomy.goal(g).is_none()) {
        return Err(WebError::NotFound);
    }
    let sentiment = match nonempty(&q.sentiment) {
        Some(s) => Some(s.parse::<Sentiment>().map_err(|_| WebError::NotFound)?),
        None => None,
    };
    let page = match nonempty(&q.page) {
        Some(p) => p.parse::<i64>().ok().filter(|p| (1..=100_000).contains(p)).ok_or(WebError::NotFound)?,
        None => 1,
    };
    Ok(ListFilter { category, goal, sentiment, page })
}

#[expect(clippy::too_many_arguments, reason = "one call site per list kind; a struct would only rename the arguments")]
fn render_list(
    state: &AppState,
    layout: Layout,
    heading: String,
    intro: String,
    mut list: StoryList,
    filter: &ListFilter,
    path: &str,
    show_filters: bool,
    with_lead: bool,
) -> Result<String, WebError> {
    if list.page > list.pages {
        return Err(WebError::NotFound);
    }
    let lead =
        if with_lead && list.page == 1 && !list.stories.is_empty() { Some(list.stories.remove(0)) } else { None };
    let href = |page: i64| {
        let mut params = Vec::new();
        if show_filters {
            if let Some(c) = &filter.category {
                params.push(format!("category={c}"));
            }
            if let Some(g) = &filter.goal {
                params.push(format!("goal={g}"));
            }
        }
        if let Some(s) = filter.sentiment {
            params.push(format!("sentiment={}", s.as_str()));
        }
        if page > 1 {
            params.push(format!("page={page}"));
        }
        if params.is_empty() { path.to_string() } else { format!("{path}?{}", params.join("&")) }
    };
    let t = ListTemplate {
        prev_href: (list.page > 1).then(|| href(list.page - 1)),
        next_href: (list.page < list.pages).then(|| href(list.page + 1)),
        categories: state
            .taxonomy
            .categories
            .iter()
            .map(|c| FilterOption {
                value: c.key.clone(),
                label: c.name.clone(),
                selected: filter.category.as_deref() == Some(&c.key),
            })
            .collect(),
        goals: state
            .taxonomy
            .goals
            .iter()
            .map(|g| FilterOption {
                value: g.key.clone(),
                label: g.name.clone(),
                selected: filter.goal.as_deref() == Some(&g.key),
            })
            .collect(),
        sentiments: Sentiment::ALL
            .iter()
            .map(|s| FilterOption {
                value: s.as_str().into(),
                label: s.label().into(),
                selected: filter.sentiment == Some(*s),
            })
            .collect(),
        filtered: filter.sentiment.is_some() || (show_filters && (filter.category.is_some() || filter.goal.is_some())),
        layout,
        heading,
        intro,
        lead,
        list,
        show_filters,
    };
    render(&t)
}
