//! wkly's use cases: what the web pages, the JSON API and the CLI do, written once.
//!
//! A use case takes a [`Store`](wkly_store::Store) and plain inputs, applies the product's
//! rules, and returns plain data (page models in [`pages`], reports in [`import`], outcomes
//! of readers' and moderators' actions in [`comments`] and [`moderation`]). It
//! knows nothing of HTTP, HTML templates or terminals: the front doors render what it
//! returns.

pub mod accounts;
pub mod comment_html;
pub mod comments;
pub mod community;
pub mod demo;
pub mod import;
pub mod markdown;
pub mod moderation;
pub mod pages;
pub mod profile;
pub mod progress;
pub mod related;
pub mod sources;

/// A use case failed for a reason the caller must handle.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input cannot be used (unreadable path, bad argument); the message says why.
    #[error("{0}")]
    Input(String),
    /// Something that should not fail did (the random source, a worker thread).
    #[error("{0}")]
    Internal(String),
    #[error(transparent)]
    Store(#[from] wkly_store::StoreError),
}
