//! The URL space of wkly, in one place.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{get, post};
use tower_http::catch_panic::CatchPanicLayer;

use crate::state::AppState;
use crate::{assets, error, pages};

/// The largest request body any route reads.
const FORM_BODY_LIMIT: usize = 256 * 1024;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home::index))
        .route("/c/{category}", get(pages::home::category))
        .route("/g/{goal}", get(pages::home::goal))
        .route("/s/{slug}", get(pages::story::show))
        .route("/s/{slug}/deep-dive", get(pages::story::deep_dive))
        .route("/s/{slug}/roadmaps", get(pages::story::roadmaps))
        .route("/s/{slug}/share/mastodon", get(pages::story::share_mastodon))
        .route("/s/{slug}/vote", post(pages::story::vote))
        .route("/s/{slug}/react", post(pages::story::react))
        .route("/s/{slug}/comments", post(pages::story::comment))
        // edit | delete | report
        .route("/comments/{id}/{action}", post(pages::comment::action))
        .route("/admin/moderation", get(pages::admin::queue))
        .route("/admin/moderation/log", get(pages::admin::log))
        // hide | restore
        .route("/admin/comments/{id}/{action}", post(pages::admin::comment_action))
        // ban (for `days`) | unban
        .route("/admin/users/{id}/{action}", post(pages::admin::user_action))
        .route("/signup", get(pages::account::signup_form).post(pages::account::signup))
        .route("/signin", get(pages::account::signin_form).post(pages::account::signin))
        .route("/signout", post(pages::account::signout))
        .route("/reset", get(pages::account::reset_request_form).post(pages::account::reset_request))
        .route("/reset/confirm", get(pages::account::reset_confirm_form).post(pages::account::reset_confirm))
        .route("/verify", get(pages::account::verify))
        .route("/settings/verify", post(pages::account::verify_again))
        .route("/settings", get(pages::account::settings))
        .route("/settings/goals", post(pages::account::save_goals))
        .route("/settings/password", post(pages::account::change_password))
        .route("/settings/export", get(pages::account::export))
        .route("/settings/delete", post(pages::account::delete))
        .route("/u/{name}", get(pages::profile::show))
        .route("/r", get(pages::roadmap::index))
        .route("/r/{slug}", get(pages::roadmap::show))
        .route("/r/{slug}/steps/{number}", post(pages::roadmap::toggle_step))
        .route("/static/{name}", get(assets::serve))
        .route("/healthz", get(pages::health::healthz))
        .fallback(pages::not_found)
        // Every form here is small (a comment is at most a few thousand characters, which
        // percent-encoding can grow ninefold); anything larger is refused before it is read.
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
        // Innermost first: a panic becomes a marked 500, which the error-page layer fills in.
        .layer(CatchPanicLayer::custom(pages::panic_response))
        .layer(middleware::from_fn_with_state(state.clone(), error::error_pages))
        .layer(middleware::from_fn(pages::security_headers))
        .with_state(state)
}
