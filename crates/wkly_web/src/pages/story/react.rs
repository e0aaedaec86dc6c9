//! `POST /s/{slug}/react`: sets, switches or takes back the reader's one reaction.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use wkly_app::community;
use wkly_store::community::ReactionOutcome;

use super::ReactionsSection;
use crate::error::WebError;
use crate::forms::{Form, fragment, see_other, wants_fragment};
use crate::pages::render;
use crate::ratelimit::{VOTE_PER_IP, VOTE_PER_VOTER};
use crate::session::Visitor;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(crate) struct ReactForm {
    kind: Option<String>,
    csrf: Option<String>,
}

pub(crate) async fn react(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    visitor: Visitor,
    Form(form): Form<ReactForm>,
) -> Result<Response, WebError> {
    crate::csrf::check(&state, &headers, &visitor, form.csrf.as_deref())?;
    let (voter, cookies) = visitor.voter_or_new_browser(&state)?;
    state.limiter.check_all(&[(VOTE_PER_VOTER, &voter.key()), (VOTE_PER_IP, &visitor.ip.to_string())])?;
    let kind = form.kind.unwrap_or_default();
    let (story_id, outcome) =
        community::toggle_reaction(&state.store, &slug, &kind, &voter).await?.ok_or(WebError::NotFound)?;
    let Some(outcome) = outcome else {
        return Err(WebError::BadRequest("That is not one of the reactions this site offers."));
    };
    state.invalidate_story(&slug);
    let (code, text) = match outcome {
        ReactionOutcome::Set => ("reacted", "Your reaction is saved."),
        ReactionOutcome::Removed => ("unreacted", "Your reaction is removed."),
    };
    if !wants_fragment(&headers) {
        return Ok(see_other(&format!("/s/{slug}?n={code}#reactions"), cookies));
    }
    let (reactions, mine) = community::reaction_state(&state.store, &story_id, &voter).await?;
    let mut section = ReactionsSection::new(&slug, reactions, mine, &visitor);
    section.notice = Some(text);
    Ok(fragment(StatusCode::OK, render(&section)?, cookies))
}
