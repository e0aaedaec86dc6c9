//! One comment's own actions: `POST /comments/{id}/edit`, `/delete` and `/report`, one
//! handler for the three.
//! Each sends the reader back to the story (or answers the page's script with the
//! story's comments block).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use wkly_app::comments::{self, CommentAuthor, ReportOutcome};
use wkly_core::Timestamp;

use crate::error::WebError;
use crate::forms::{Form, fragment, safe_next, see_other, wants_fragment};
use crate::pages::story::comments::{problem_page, section};
use crate::ratelimit::{COMMENT_PER_ACCOUNT, COMMENT_PER_IP};
use crate::session::Visitor;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(crate) struct CommentActionForm {
    csrf: Option<String>,
    body: Option<String>,
    reason: Option<String>,
    /// The story page to return to (`/s/{slug}`).
    back: Option<String>,
}

/// The story slug of a `back` path, when it is one.
fn story_of(back: &str) -> Option<&str> {
    back.strip_prefix("/s/").map(|rest| rest.split(['/', '#', '?']).next().unwrap_or(rest)).filter(|s| !s.is_empty())
}

enum Action {
    Edit,
    Delete,
    Report,
}

async fn act(
    state: AppState,
    id: String,
    headers: HeaderMap,
    visitor: Visitor,
    f: CommentActionForm,
    action: Action,
) -> Result<Response, WebError> {
    crate::csrf::check(&state, &headers, &visitor, f.csrf.as_deref())?;
    let back = safe_next(f.back.as_deref(), "/");
    let Some(reader) = &visitor.reader else {
        return Ok(see_other(&crate::forms::sign_in_href(&back), Vec::new()));
    };
    if !matches!(action, Action::Delete) {
        state
            .limiter
            .check_all(&[(COMMENT_PER_ACCOUNT, &reader.user_id), (COMMENT_PER_IP, &visitor.ip.to_string())])?;
    }
    let author = CommentAuthor::from(reader);
    let now = Timestamp::now();
    let body = f.body.unwrap_or_default();
    let result = match action {
        Action::Edit => {
            comments::edit_comment(&state.store, &author, &id, &body, now).await.map(|()| "Your comment is updated.")
        }
        Action::Delete => {
            comments::delete_comment(&state.store, &author, &id, now).await.map(|()| "Your comment is deleted.")
        }
        Action::Report => {
            let reason = f.reason.unwrap_or_default();
            comments::report_comment(&state.store, &author, &id, &reason, now).await.map(|o| match o {
                ReportOutcome::Reported => "Thanks: the moderators will look at it.",
                ReportOutcome::ReportedAndHeld => "Thanks: the comment is held until a moderator looks at it.",
                ReportOutcome::AlreadyReported => "You have already reported this comment; the moderators have it.",
            })
        }
    };
    match result {
        Ok(notice) => {
            let slug = story_of(&back).map(str::to_string);
            match &slug {
                Some(slug) => state.invalidate_story(slug),
                None => state.invalidate_pages(),
            }
            if let Some(slug) = slug.filter(|_| wants_fragment(&headers)) {
                return Ok(fragment(StatusCode::OK, section(&state, &slug, &visitor, notice).await?, Vec::new()));
            }
            let to = match story_of(&back) {
                Some(slug) => format!("/s/{slug}#comments"),
                None => back,
            };
            Ok(see_other(&to, Vec::new()))
        }
        Err(e) => {
            let action = match action {
                Action::Edit => format!("/comments/{id}/edit"),
                Action::Delete | Action::Report => String::new(),
            };
            // Only an edit carries text worth giving back.
            let body = if action.is_empty() { String::new() } else { body };
            problem_page(&state, &visitor, e, body, action, None, back)
        }
    }
}

/// `POST /comments/{id}/{action}` with action `edit`, `delete` or `report`.
pub(crate) async fn action(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    headers: HeaderMap,
    visitor: Visitor,
    Form(f): Form<CommentActionForm>,
) -> Result<Response, WebError> {
    let action = match action.as_str() {
        "edit" => Action::Edit,
        "delete" => Action::Delete,
        "report" => Action::Report,
        _ => return Err(WebError::NotFound),
    };
    act(state, id, headers, visitor, f, action).await
}

#[cfg(test)]
mod tests {
    use super::story_of;

    #[test]
    fn the_story_of_a_back_path() {
        assert_eq!(story_of("/s/a-b#comments"), Some("a-b"));
        assert_eq!(story_of("/s/a-b"), Some("a-b"));
        assert_eq!(story_of("/s/"), None);
        assert_eq!(story_of("/u/x"), None);
    }
}
