//! The comments block of a story, and `POST /s/{slug}/comments` (a comment or a reply).
//! Editing, deleting and reporting a comment are in `pages::comment`.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use wkly_app::comments::{self, CommentAuthor, CommentError, EDIT_WINDOW_MINUTES};
use wkly_app::pages::CommentView;
use wkly_core::Timestamp;

use crate::error::WebError;
use crate::forms::{Form, fragment, see_other, sign_in_href, wants_fragment};
use crate::layout::{Layout, When};
use crate::pages::{private_page, render};
use crate::ratelimit::{COMMENT_PER_ACCOUNT, COMMENT_PER_IP};
use crate::session::Visitor;
use crate::state::AppState;

/// The comments block: the count, the form, the thread with each reader's own actions.
#[derive(askama::Template)]
#[template(path = "story_comments.html")]
pub(crate) struct CommentsSection {
    pub slug: String,
    pub count: usize,
    pub comments: Vec<CommentView>,
    pub signed_in: bool,
    pub reader_id: String,
    pub can_moderate: bool,
    pub banned_until: Option<Timestamp>,
    pub csrf: String,
    pub sign_in_href: String,
    /// Comments written after this instant (ms) may still be edited.
    pub edit_after: i64,
    pub notice: Option<&'static str>,
}

impl CommentsSection {
    pub(crate) fn new(slug: &str, comments: Vec<CommentView>, count: usize, visitor: &Visitor) -> Self {
        let reader = visitor.reader.as_ref();
        CommentsSection {
            slug: slug.to_string(),
            count,
            comments,
            signed_in: reader.is_some(),
            reader_id: reader.map(|r| r.user_id.clone()).unwrap_or_default(),
            can_moderate: reader.is_some_and(|r| r.can_moderate()),
            banned_until: reader.and_then(|r| r.banned_until).map(Timestamp),
            csrf: reader.map(|r| r.csrf_token.clone()).unwrap_or_default(),
            sign_in_href: sign_in_href(&format!("/s/{slug}#comments")),
            edit_after: Timestamp::now().millis() - EDIT_WINDOW_MINUTES * 60_000,
            notice: None,
        }
    }
}

/// The comments block as it stands now, for the page's script.
pub(crate) async fn section(
    state: &AppState,
    slug: &str,
    visitor: &Visitor,
    notice: &'static str,
) -> Result<String, WebError> {
    let story = state.store.find_published_story(slug).await.map_err(|e| WebError::Internal(e.to_string()))?;
    let story = story.ok_or(WebError::NotFound)?;
    let comments = wkly_app::pages::threaded_comments(&state.store, &story.id).await?;
    let count = comments.iter().filter(|c| !c.is_placeholder()).count();
    let mut s = CommentsSection::new(slug, comments, count, visitor);
    s.notice = Some(notice);
    render(&s)
}

#[derive(askama::Template)]
#[template(path = "comment_problem.html")]
struct ProblemTemplate {
    layout: Layout,
    problem: String,
    body: String,
    action: String,
    parent_id: Option<String>,
    back: String,
}

/// A comment that could not be saved: the reason, and what the reader wrote, in a form
/// that sends it again, so nothing typed is lost.
pub(crate) fn problem_page(
    state: &AppState,
    visitor: &Visitor,
    error: CommentError,
    body: String,
    action: String,
    parent_id: Option<String>,
    back: String,
) -> Result<Response, WebError> {
    let status = match &error {
        CommentError::Store(e) => return Err(WebError::Internal(e.to_string())),
        CommentError::NotFound | CommentError::StoryNotFound => return Err(WebError::NotFound),
        CommentError::NotAllowed | CommentError::Banned { .. } => StatusCode::FORBIDDEN,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let mut layout = Layout::for_visitor(state, visitor, &back, "Your comment was not saved", "");
    layout.noindex = true;
    let body: String = body.chars().take(comments::MAX_BODY_CHARS * 2).collect();
    let html = render(&ProblemTemplate { layout, problem: error.to_string(), body, action, parent_id, back })?;
    Ok((status, private_page(html)).into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct CommentForm {
    csrf: Option<String>,
    body: Option<String>,
    parent_id: Option<String>,
}

pub(crate) async fn post(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    visitor: Visitor,
    Form(f): Form<CommentForm>,
) -> Result<Response, WebError> {
    crate::csrf::check(&state, &headers, &visitor, f.csrf.as_deref())?;
    let Some(reader) = &visitor.reader else {
        return Ok(see_other(&sign_in_href(&format!("/s/{slug}#comments")), Vec::new()));
    };
    state
        .limiter
        .check_shared(&[(COMMENT_PER_ACCOUNT, &reader.user_id), (COMMENT_PER_IP, &visitor.ip.to_string())])
        .await?;
    let body = f.body.unwrap_or_default();
    let parent = f.parent_id.filter(|p| !p.is_empty());
    let author = CommentAuthor::from(reader);
    match comments::post_comment(&state.store, &author, &slug, parent.as_deref(), &body, Timestamp::now()).await {
        Ok(posted) => {
            state.invalidate_story(&slug);
            let notice = match posted.status {
                wkly_core::CommentStatus::Visible => "Your comment is posted.",
                _ => "Your comment is waiting for a moderator.",
            };
            if wants_fragment(&headers) {
                return Ok(fragment(StatusCode::OK, section(&state, &slug, &visitor, notice).await?, Vec::new()));
            }
            Ok(see_other(&format!("/s/{slug}#comment-{}", posted.id), Vec::new()))
        }
        Err(e) => {
            let back = format!("/s/{slug}#comments");
            problem_page(&state, &visitor, e, body, format!("/s/{slug}/comments"), parent, back)
        }
    }
}
