//! The pool of either backend, and the macro that runs one query body against each.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

use crate::{Result, StoreError};

/// Runs `$body` with `$pool` bound to the concrete pool of whichever backend is in use.
/// The body is compiled once per backend, so every query is checked against both.
macro_rules! on_db {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` in a transaction on `$pool`, with `$tx` bound to it: committed when the
/// body returns `Ok`, rolled back at once when it returns `Err` (early returns included).
/// Without the explicit rollback sqlx only queues it for the connection's next use, and
/// SQLite keeps its write lock on that idle pooled connection meanwhile.
macro_rules! in_tx {
    ($pool:ident, |$tx:ident| $body:block) => {{
        let mut $tx = $crate::db::BeginWrite::begin_write($pool).await?;
        let result: $crate::Result<_> = async { $body }.await;
        $crate::db::finish_tx($tx, result).await
    }};
}

/// Starts a transaction that will write.
pub(crate) trait BeginWrite {
    type Db: sqlx::Database;
    async fn begin_write(&self) -> std::result::Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>;
}

impl BeginWrite for SqlitePool {
    type Db = sqlx::Sqlite;

    /// `BEGIN IMMEDIATE` takes SQLite's write lock up front. A deferred transaction that
    /// reads first and writes later cannot wait for another writer (its snapshot would be
    /// stale) and fails at once with "database is locked"; an immediate one waits its turn
    /// within the busy timeout.
    async fn begin_write(&self) -> std::result::Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.begin_with("BEGIN IMMEDIATE").await
    }
}

impl BeginWrite for PgPool {
    type Db = sqlx::Postgres;

    async fn begin_write(&self) -> std::result::Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        self.begin().await
    }
}

/// Commits on `Ok`, rolls back on `Err`; see [`in_tx!`].
pub(crate) async fn finish_tx<DB: sqlx::Database, T>(tx: sqlx::Transaction<'_, DB>, result: Result<T>) -> Result<T> {
    match result {
        Ok(value) => {
            tx.commit().await?;
            Ok(value)
        }
        Err(e) => {
            if let Err(rollback) = tx.rollback().await {
                tracing::warn!(error = %rollback, "rollback failed after: {e}");
            }
            Err(e)
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The handle every use case holds. Cheap to clone (the pools are shared).
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) db: Db,
}

impl Store {
    /// Opens (creating when missing) a SQLite file in WAL mode and migrates it.
    pub async fn open_sqlite(path: &Path, max_connections: u32) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Open { target: path.display().to_string(), source: sqlx::Error::Io(e) })?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open { target: path.display().to_string(), source })?;
        let store = Store { db: Db::Sqlite(pool) };
        store.migrate().await?;
        Ok(store)
    }

    /// Connects to PostgreSQL and migrates. `schema`, when given, becomes the search path
    /// of every connection (tests use a schema each).
    pub async fn open_postgres(url: &str, max_connections: u32, schema: Option<&str>) -> Result<Store> {
        let target = redact(url);
        let mut options =
            PgConnectOptions::from_str(url).map_err(|source| StoreError::Open { target: target.clone(), source })?;
        if let Some(schema) = schema {
            options = options.options([("search_path", schema)]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open { target, source })?;
        let store = Store { db: Db::Postgres(pool) };
        store.migrate().await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        match self.db {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Closes every pooled connection; pending queries finish first.
    pub async fn close(&self) {
        on_db!(self, |pool| pool.close().await)
    }

    /// Checks that the database answers (for `/healthz`).
    pub async fn ping(&self) -> Result<()> {
        on_db!(self, |pool| sqlx::query("SELECT 1").execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Every table and its columns, sorted, as the database reports them. Used by the test
    /// that proves both backends' migrations give the same shape.
    pub async fn describe_schema(&self) -> Result<Vec<(String, Vec<String>)>> {
        let rows: Vec<(String, String)> = match &self.db {
            // SQLite keeps its catalogue in sqlite_master; pragma_table_info lists columns.
            Db::Sqlite(pool) => {
                sqlx::query_as(
                    "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.name",
                )
                .fetch_all(pool)
                .await?
            }
            // PostgreSQL: the tables of the current schema only (tests share a server).
            Db::Postgres(pool) => {
                sqlx::query_as(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() ORDER BY table_name, column_name",
                )
                .fetch_all(pool)
                .await?
            }
        };
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for (table, column) in rows {
            match out.last_mut() {
                Some((t, cols)) if *t == table => cols.push(column),
                _ => out.push((table, vec![column])),
            }
        }
        Ok(out)
    }
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Creates a PostgreSQL schema if it is missing (tests give each test its own).
pub async fn create_postgres_schema(url: &str, schema: &str) -> Result<()> {
    let conn = admin_pool(url).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA IF NOT EXISTS \"{}\"", quote_ident(schema))))
        .execute(&conn)
        .await?;
    conn.close().await;
    Ok(())
}

/// Drops a PostgreSQL schema and everything in it.
pub async fn drop_postgres_schema(url: &str, schema: &str) -> Result<()> {
    let conn = admin_pool(url).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA IF EXISTS \"{}\" CASCADE", quote_ident(schema))))
        .execute(&conn)
        .await?;
    conn.close().await;
    Ok(())
}

async fn admin_pool(url: &str) -> Result<PgPool> {
    PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await
        .map_err(|source| StoreError::Open { target: redact(url), source })
}

fn quote_ident(name: &str) -> String {
    name.replace('"', "\"\"")
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(super::redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
    }
}
