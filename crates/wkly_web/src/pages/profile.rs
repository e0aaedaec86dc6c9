//! `/u/{name}`: a reader's profile — public name and comments for everyone, and their own
//! goals, votes and reactions for the reader themself.

use axum::extract::{Path, State};
use axum::response::Response;
use wkly_app::profile::{self, ProfilePage};
use wkly_core::Role;

use super::{private_page, render};
use crate::error::WebError;
use crate::layout::{Layout, When};
use crate::session::Visitor;
use crate::state::AppState;

#[derive(askama::Template)]
#[template(path = "profile.html")]
struct ProfileTemplate {
    layout: Layout,
    p: ProfilePage,
    initial: String,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    Path(name): Path<String>,
    visitor: Visitor,
) -> Result<Response, WebError> {
    let Some(p) = profile::profile_page(&state.store, &state.taxonomy, &name, visitor.reader.as_ref()).await? else {
        return Err(WebError::NotFound);
    };
    let path = format!("/u/{}", p.name);
    let mut layout =
        Layout::for_visitor(&state, &visitor, &path, &p.name, &format!("{} on {}", p.name, state.site.name));
    layout.noindex = true;
    let initial = p.name.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
    Ok(private_page(render(&ProfileTemplate { layout, p, initial })?))
}
