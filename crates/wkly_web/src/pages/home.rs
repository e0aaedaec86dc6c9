//! Story lists: the home page (with filters), a category, a reader goal.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use wkly_app::pages::{CardView, ListFilter, StoryList, for_goals, story_list};
use wkly_core::{Category, Goal, Sentiment};

use super::{cache_key, cached_page, render};
use crate::error::WebError;
use crate::layout::{Layout, When};
use crate::session::Visitor;
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
    /// On the home page of a signed-in reader with goals: their newest stories.
    for_you: Vec<CardView>,
    for_you_goals: String,
}

/// A list of stories under one heading: the home page, a category or a reader goal.
struct Listing {
    path: String,
    heading: String,
    intro: String,
    /// The home page offers every filter; sections offer sentiment only.
    full_filters: bool,
}

pub(crate) async fn index(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
    uri: Uri,
    headers: HeaderMap,
    visitor: Visitor,
) -> Result<Response, WebError> {
    let filter = parse_filter(&state, &q)?;
    let listing =
        Listing { path: "/".into(), heading: state.site.tagline.clone(), intro: String::new(), full_filters: true };
    listing_page(&state, filter, listing, &uri, &headers, &visitor).await
}

pub(crate) async fn category(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(q): Query<ListQuery>,
    uri: Uri,
    headers: HeaderMap,
    visitor: Visitor,
) -> Result<Response, WebError> {
    let Some(Category { key, name, description }) = state.taxonomy.category(&key).cloned() else {
        return Err(WebError::NotFound);
    };
    let mut filter = parse_filter(&state, &ListQuery { category: None, ..q })?;
    filter.category = Some(key.clone());
    let listing = Listing { path: format!("/c/{key}"), heading: name, intro: description, full_filters: false };
    listing_page(&state, filter, listing, &uri, &headers, &visitor).await
}

pub(crate) async fn goal(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(q): Query<ListQuery>,
    uri: Uri,
    headers: HeaderMap,
    visitor: Visitor,
) -> Result<Response, WebError> {
    let Some(Goal { key, badge, description, .. }) = state.taxonomy.goal(&key).cloned() else {
        return Err(WebError::NotFound);
    };
    let mut filter = parse_filter(&state, &ListQuery { goal: None, ..q })?;
    filter.goal = Some(key.clone());
    let listing = Listing { path: format!("/g/{key}"), heading: badge, intro: description, full_filters: false };
    listing_page(&state, filter, listing, &uri, &headers, &visitor).await
}

async fn listing_page(
    state: &AppState,
    filter: ListFilter,
    listing: Listing,
    uri: &Uri,
    headers: &HeaderMap,
    visitor: &Visitor,
) -> Result<Response, WebError> {
    cached_page(state, cache_key(uri), headers, visitor, async {
        let list = story_list(&state.store, &state.taxonomy, &filter).await?;
        let (title, description) = if listing.path == "/" {
            (state.site.name.as_str(), state.site.tagline.as_str())
        } else {
            (listing.heading.as_str(), listing.intro.as_str())
        };
        let layout = Layout::for_visitor(state, visitor, &listing.path, title, description);
        let mut for_you = ForYou::default();
        let unfiltered = filter.category.is_none() && filter.goal.is_none() && filter.sentiment.is_none();
        if let Some(reader) = visitor.reader.as_ref().filter(|_| listing.path == "/" && unfiltered && filter.page <= 1)
        {
            let goals =
                state.store.list_user_goals(&reader.user_id).await.map_err(|e| WebError::Internal(e.to_string()))?;
            let lead: Vec<String> = list.stories.iter().take(1).map(|c| c.slug.clone()).collect();
            for_you.cards = for_goals(&state.store, &state.taxonomy, &goals, 3, &lead).await?;
            for_you.goals = state
                .taxonomy
                .goals
                .iter()
                .filter(|g| goals.contains(&g.key))
                .map(|g| g.name.clone())
                .collect::<Vec<_>>()
                .join(" · ");
        }
        render_list(state, layout, list, &filter, listing, for_you).map(Some)
    })
    .await
}

/// The "for your goals" strip of a signed-in reader's home page.
#[derive(Default)]
struct ForYou {
    cards: Vec<CardView>,
    goals: String,
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

fn render_list(
    state: &AppState,
    layout: Layout,
    mut list: StoryList,
    filter: &ListFilter,
    listing: Listing,
    for_you: ForYou,
) -> Result<String, WebError> {
    if list.page > list.pages {
        return Err(WebError::NotFound);
    }
    let filtered =
        filter.sentiment.is_some() || (listing.full_filters && (filter.category.is_some() || filter.goal.is_some()));
    // The home page leads with its newest story in large, unless a filter is narrowing it.
    let with_lead = listing.path == "/" && !filtered;
    let lead =
        if with_lead && list.page == 1 && !list.stories.is_empty() { Some(list.stories.remove(0)) } else { None };
    let href = |page: i64| {
        let mut params = Vec::new();
        if listing.full_filters {
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
        if params.is_empty() { listing.path.clone() } else { format!("{}?{}", listing.path, params.join("&")) }
    };
    let t = ListTemplate {
        for_you: for_you.cards,
        for_you_goals: for_you.goals,
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
        filtered,
        layout,
        show_filters: listing.full_filters,
        heading: listing.heading,
        intro: listing.intro,
        lead,
        list,
    };
    render(&t)
}
