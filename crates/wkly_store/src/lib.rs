//! All of wkly's SQL, for SQLite and PostgreSQL through one code path.
//!
//! [`Store`] wraps a pool of either backend. Each query is written once, in the portable
//! subset both understand (`$N` placeholders, `ON CONFLICT`, `RETURNING`, times as unix
//! milliseconds, ids made in Rust), and the [`on_db!`] macro compiles it against each
//! backend so both are type-checked. Backend-specific SQL lives only inside a `match` arm
//! with a comment saying why.
//!
//! A module per aggregate (`stories`, `roadmaps`, `community`, `comments`, `moderation`,
//! `users`, `jobs`, `mail_outbox`, …).
//! Outcomes such as "already voted" are enum results, never errors.
//!
//! This crate does not know about HTTP, templates or the CLI, and holds no business rules
//! beyond what the schema guarantees.

#[macro_use]
mod db;
pub mod articles;
pub mod clusters;
pub mod comments;
pub mod community;
pub mod jobs;
pub mod limits;
pub mod mail_outbox;
mod migrate;
pub mod moderation;
pub mod roadmaps;
pub mod sessions;
pub mod sources;
pub mod stories;
pub mod taxonomy;
pub mod users;

pub use db::{Backend, Store, create_postgres_schema, drop_postgres_schema};
pub use migrate::MIGRATIONS;

/// A database failure, in the caller's terms.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database at {target}: {source}")]
    Open { target: String, source: sqlx::Error },
    #[error("migration {version} ({name}) failed: {source}")]
    Migration { version: i64, name: &'static str, source: sqlx::Error },
    #[error("the database was migrated by a newer wkly (version {found}; this binary knows up to {known})")]
    TooNew { found: i64, known: i64 },
    #[error("stored value is not valid: {0}")]
    Corrupt(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
