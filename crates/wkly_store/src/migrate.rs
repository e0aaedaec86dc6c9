//! Schema migrations, one list for both backends.
//!
//! Each migration has a file per backend with the same name under `migrations/sqlite/`
//! and `migrations/postgres/`; they differ only in type names. Applied versions are kept
//! in `wkly_migrations`. Each migration runs in its own transaction.

use crate::{Result, Store, StoreError};

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "initial",
        sqlite: include_str!("../migrations/sqlite/0001_initial.sql"),
        postgres: include_str!("../migrations/postgres/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "fetches",
        sqlite: include_str!("../migrations/sqlite/0002_fetches.sql"),
        postgres: include_str!("../migrations/postgres/0002_fetches.sql"),
    },
    Migration {
        version: 3,
        name: "clusters",
        sqlite: include_str!("../migrations/sqlite/0003_clusters.sql"),
        postgres: include_str!("../migrations/postgres/0003_clusters.sql"),
    },
    // There is no 4: the accounts tables it was meant for live in 0001.
    Migration {
        version: 5,
        name: "moderation",
        sqlite: include_str!("../migrations/sqlite/0005_moderation.sql"),
        postgres: include_str!("../migrations/postgres/0005_moderation.sql"),
    },
    Migration {
        version: 6,
        name: "mail_outbox",
        sqlite: include_str!("../migrations/sqlite/0006_mail_outbox.sql"),
        postgres: include_str!("../migrations/postgres/0006_mail_outbox.sql"),
    },
    Migration {
        version: 7,
        name: "rate_limits",
        sqlite: include_str!("../migrations/sqlite/0007_rate_limits.sql"),
        postgres: include_str!("../migrations/postgres/0007_rate_limits.sql"),
    },
];

impl Store {
    pub(crate) async fn migrate(&self) -> Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "CREATE TABLE IF NOT EXISTS wkly_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            )
            .execute(pool)
            .await
            .map(|r| r.rows_affected())?;
            let applied: Vec<(i64,)> =
                sqlx::query_as("SELECT version FROM wkly_migrations ORDER BY version").fetch_all(pool).await?;
            let known = MIGRATIONS.last().map(|m| m.version).unwrap_or(0);
            if let Some((found,)) = applied.last().copied().filter(|(v,)| *v > known) {
                return Err(StoreError::TooNew { found, known });
            }
            for m in MIGRATIONS.iter().filter(|m| !applied.iter().any(|(v,)| *v == m.version)) {
                let sql = match self.backend() {
                    crate::Backend::Sqlite => m.sqlite,
                    crate::Backend::Postgres => m.postgres,
                };
                let wrap = |source| StoreError::Migration { version: m.version, name: m.name, source };
                let mut tx = pool.begin().await.map_err(wrap)?;
                sqlx::raw_sql(sql).execute(&mut *tx).await.map_err(wrap)?;
                sqlx::query("INSERT INTO wkly_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                    .bind(m.version)
                    .bind(m.name)
                    .bind(wkly_core::Timestamp::now().millis())
                    .execute(&mut *tx)
                    .await
                    .map_err(wrap)?;
                tx.commit().await.map_err(wrap)?;
                tracing::info!(migration.version = m.version, migration.name = m.name, "applied migration");
            }
            Ok(())
        })
    }
}
