//! `POST /s/{slug}/vote`: one vote in the story's poll, from an account or a browser.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use wkly_app::community::{self, VoteResult};

use super::PollSection;
use crate::error::WebError;
use crate::forms::{Form, fragment, see_other, wants_fragment};
use crate::pages::render;
use crate::ratelimit::{VOTE_PER_IP, VOTE_PER_VOTER};
use crate::session::Visitor;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(crate) struct VoteForm {
    option: Option<String>,
    csrf: Option<String>,
}

pub(crate) async fn vote(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    visitor: Visitor,
    Form(form): Form<VoteForm>,
) -> Result<Response, WebError> {
    crate::csrf::check(&state, &headers, &visitor, form.csrf.as_deref())?;
    let (voter, cookies) = visitor.voter_or_new_browser(&state)?;
    state.limiter.check_all(&[(VOTE_PER_VOTER, &voter.key()), (VOTE_PER_IP, &visitor.ip.to_string())])?;
    let option = form.option.unwrap_or_default();
    let (story_id, result) =
        community::cast_vote(&state.store, &slug, &option, &voter).await?.ok_or(WebError::NotFound)?;
    let (code, text) = match result {
        VoteResult::UnknownOption => ("choose", "Choose one of the answers, then press Vote."),
        VoteResult::Counted => ("voted", "Thanks, your vote is counted."),
        VoteResult::AlreadyVoted => ("already-voted", "You have already voted in this poll; your first vote stands."),
        VoteResult::Closed => ("poll-closed", "This poll has closed, so no more votes are counted."),
        VoteResult::NoPoll => return Err(WebError::NotFound),
    };
    if result == VoteResult::Counted {
        state.invalidate_story(&slug);
    }
    if !wants_fragment(&headers) {
        return Ok(see_other(&format!("/s/{slug}?n={code}#poll"), cookies));
    }
    // The script shows the bars in place: read them now the vote is in.
    let (poll, chosen) = community::poll_state(&state.store, &story_id, &voter).await?;
    let mut section = PollSection::new(&slug, poll, chosen, &visitor);
    section.notice = Some(text);
    Ok(fragment(StatusCode::OK, render(&section)?, cookies))
}
