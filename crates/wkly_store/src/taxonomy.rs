//! Categories and reader goals, copied from the configuration at start-up so that SQL can
//! join on them and other nodes and tools see the same names.

use wkly_core::Taxonomy;

use crate::{Result, Store};

impl Store {
    /// Makes the stored categories and goals equal to `taxonomy`, in one transaction.
    pub async fn sync_taxonomy(&self, taxonomy: &Taxonomy) -> Result<()> {
        on_db!(self, |pool| in_tx!(pool, |tx| {
            sqlx::query("DELETE FROM categories").execute(&mut *tx).await?;
            sqlx::query("DELETE FROM goals").execute(&mut *tx).await?;
            for (i, c) in taxonomy.categories.iter().enumerate() {
                sqlx::query("INSERT INTO categories (key, name, description, position) VALUES ($1, $2, $3, $4)")
                    .bind(&c.key)
                    .bind(&c.name)
                    .bind(&c.description)
                    .bind(i as i64)
                    .execute(&mut *tx)
                    .await?;
            }
            for (i, g) in taxonomy.goals.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO goals (key, name, badge, description, icon, position) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&g.key)
                .bind(&g.name)
                .bind(&g.badge)
                .bind(&g.description)
                .bind(&g.icon)
                .bind(i as i64)
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        }))
    }

    /// Published stories per category key, for navigation counts.
    pub async fn count_published_by_category(&self) -> Result<Vec<(String, i64)>> {
        let rows = on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT category, COUNT(*) FROM stories WHERE status = 'published' GROUP BY category ORDER BY category",
            )
            .fetch_all(pool)
            .await
        })?;
        Ok(rows)
    }
}
