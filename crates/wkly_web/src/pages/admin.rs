//! `/admin/moderation`: the editors' queue of reported and held comments, the actions on
//! them (hide, keep, pause an author's commenting) and the log of every action.
//! Only editors and admins get past the door; everyone else gets a 404, so the admin
//! area does not announce itself.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use wkly_app::accounts::Reader;
use wkly_app::comments::{CommentAuthor, CommentError, HOLD_AFTER_REPORTS};
use wkly_app::moderation::{self, Decision, LogPage, QueuePage};
use wkly_core::{CommentStatus, Timestamp};

use super::{private_page, render};
use crate::error::WebError;
use crate::forms::{Form, safe_next, see_other};
use crate::layout::{Layout, When};
use crate::session::Visitor;
use crate::state::AppState;

/// The signed-in moderator, if this visitor is one.
fn moderator(visitor: &Visitor) -> Option<&Reader> {
    visitor.reader.as_ref().filter(|r| r.can_moderate())
}

/// What a visitor who is not a moderator gets: the way to sign in, or a plain 404.
fn turned_away(visitor: &Visitor) -> Response {
    match visitor.reader {
        Some(_) => axum::response::IntoResponse::into_response(WebError::NotFound),
        None => see_other("/signin?next=/admin/moderation", Vec::new()),
    }
}

fn refused(e: CommentError) -> WebError {
    match e {
        CommentError::Store(e) => WebError::Internal(e.to_string()),
        CommentError::NotFound | CommentError::UserNotFound => WebError::NotFound,
        CommentError::NotAllowed => {
            WebError::Forbidden("Moderators cannot act on their own account or on someone of their rank or above.")
        }
        CommentError::Reason { .. } => WebError::BadRequest("Give a reason of at most 500 characters."),
        CommentError::BanNotInFuture => WebError::BadRequest("Choose how long the pause lasts."),
        _ => WebError::BadRequest("That could not be done. Reload the queue and try again."),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct PageQuery {
    page: Option<i64>,
    n: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "admin_queue.html")]
struct QueueTemplate {
    layout: Layout,
    q: QueuePage,
    hold_after: i64,
    notice: Option<&'static str>,
}

pub(crate) async fn queue(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let Some(reader) = moderator(&visitor) else {
        return Ok(turned_away(&visitor));
    };
    let page = moderation::moderation_queue(&state.store, &CommentAuthor::from(reader), q.page.unwrap_or(1))
        .await
        .map_err(refused)?;
    let notice = match q.n.as_deref() {
        Some("done") => Some("Done, and written to the log."),
        Some("unchanged") => Some("Nothing changed: it was already so."),
        _ => None,
    };
    let mut layout = Layout::for_visitor(&state, &visitor, "/admin/moderation", "Moderation", "");
    layout.noindex = true;
    Ok(private_page(render(&QueueTemplate { layout, q: page, hold_after: HOLD_AFTER_REPORTS, notice })?))
}

#[derive(askama::Template)]
#[template(path = "admin_log.html")]
struct LogTemplate {
    layout: Layout,
    log: LogPage,
}

pub(crate) async fn log(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let Some(reader) = moderator(&visitor) else {
        return Ok(turned_away(&visitor));
    };
    let log = moderation::moderation_log(&state.store, &CommentAuthor::from(reader), q.page.unwrap_or(1))
        .await
        .map_err(refused)?;
    let mut layout = Layout::for_visitor(&state, &visitor, "/admin/moderation/log", "Moderation log", "");
    layout.noindex = true;
    Ok(private_page(render(&LogTemplate { layout, log })?))
}

#[derive(Debug, Deserialize)]
pub(crate) struct ActionForm {
    csrf: Option<String>,
    reason: Option<String>,
    back: Option<String>,
    days: Option<i64>,
}

enum Act {
    Hide,
    Restore,
    Ban,
    Unban,
}

async fn act(
    state: AppState,
    id: String,
    headers: HeaderMap,
    visitor: Visitor,
    f: ActionForm,
    act: Act,
) -> Result<Response, WebError> {
    crate::csrf::check(&state, &headers, &visitor, f.csrf.as_deref())?;
    let Some(reader) = moderator(&visitor) else {
        return Ok(turned_away(&visitor));
    };
    let m = CommentAuthor::from(reader);
    let reason = f.reason.unwrap_or_default();
    let now = Timestamp::now();
    let decision = match act {
        Act::Hide => moderation::hide_comment(&state.store, &m, &id, &reason, now).await,
        Act::Restore => moderation::restore_comment(&state.store, &m, &id, &reason, now).await,
        Act::Ban => {
            let days = f.days.unwrap_or(0).clamp(0, 3650);
            let until = Timestamp(now.millis() + days * 86_400_000);
            moderation::ban_user(&state.store, &m, &id, until, &reason, now).await
        }
        Act::Unban => moderation::unban_user(&state.store, &m, &id, &reason, now).await,
    }
    .map_err(refused)?;
    state.invalidate_pages();
    let code = match decision {
        Decision::Done => "done",
        Decision::Unchanged => "unchanged",
    };
    let back = safe_next(f.back.as_deref(), "/admin/moderation");
    let to = if back.starts_with("/admin/moderation") { format!("/admin/moderation?n={code}") } else { back };
    Ok(see_other(&to, Vec::new()))
}

/// `POST /admin/comments/{id}/{action}` with action `hide` or `restore`.
pub(crate) async fn comment_action(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    headers: HeaderMap,
    visitor: Visitor,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let action = match action.as_str() {
        "hide" => Act::Hide,
        "restore" => Act::Restore,
        _ => return Err(WebError::NotFound),
    };
    act(state, id, headers, visitor, f, action).await
}

/// `POST /admin/users/{id}/{action}` with action `ban` (for `days`) or `unban`.
pub(crate) async fn user_action(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    headers: HeaderMap,
    visitor: Visitor,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let action = match action.as_str() {
        "ban" => Act::Ban,
        "unban" => Act::Unban,
        _ => return Err(WebError::NotFound),
    };
    act(state, id, headers, visitor, f, action).await
}
