//! wkly's HTTP front door: the axum router, server-rendered pages, embedded assets.
//!
//! Handlers are short: parse the request, call a use case in `wkly_app`, render a template.
//! Anonymous pages are rendered once and served from an in-memory cache until a write on
//! this node clears it or its time-to-live ends (the bound on staleness across nodes).
//! Every page works without JavaScript; `static/app.js` only enhances.
//!
//! This crate never writes SQL and never reaches the network beyond its own listener.

mod assets;
mod csrf;
mod error;
mod forms;
mod layout;
mod pages;
mod ratelimit;
mod router;
mod session;
mod share;
mod state;

use std::future::Future;

pub use router::router;
pub use state::AppState;

/// Serves `state` on `listener` until `shutdown` resolves, then finishes open requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The peer address feeds the rate limits.
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}

/// Renders one story page exactly as `/s/{slug}` would, bypassing the cache (benchmarks).
pub async fn render_story_page(state: &AppState, slug: &str) -> Option<String> {
    let stranger = session::Visitor::stranger(std::net::IpAddr::from([127, 0, 0, 1]));
    pages::story::render_show(state, slug, &stranger, None).await.ok().flatten()
}
