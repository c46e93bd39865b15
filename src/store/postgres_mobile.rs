//! [`MobileStore`] on PostgreSQL (tables of `migrations/postgres/0004_mobile_units.sql`): the
//! same documents as SQLite's, as `jsonb`, read in one repeatable-read transaction and written
//! in one import that advances the generation like every other.

use super::mobile::{MobileChange, MobileDocument, MobileRows, MobileStore};
use super::{PostgresStore, StoreError};
use sqlx::{PgConnection, Row};

async fn documents(conn: &mut PgConnection, sql: &str) -> Result<Vec<MobileDocument>, StoreError> {
    let rows = sqlx::query(sql).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok(MobileDocument {
                id: r.try_get(0)?,
                json: r.try_get(1)?,
            })
        })
        .collect()
}

/// Upserts documents by id into `table` (`mobile_units` or `mobile_stops`).
async fn upsert(
    conn: &mut PgConnection,
    table: &str,
    docs: &[MobileDocument],
) -> Result<(), StoreError> {
    let sql = format!(
        "INSERT INTO {table} (id, data) VALUES ($1, $2::jsonb) \
         ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data"
    );
    for d in docs {
        sqlx::query(&sql)
            .bind(&d.id)
            .bind(&d.json)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

impl MobileStore for PostgresStore {
    async fn mobile(&self) -> Result<MobileRows, StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await?;
        let rows = MobileRows {
            generation: sqlx::query_scalar::<_, i64>(
                "SELECT COALESCE(MAX(id), 0)::bigint FROM imports",
            )
            .fetch_one(&mut *tx)
            .await?,
            units: documents(
                &mut tx,
                "SELECT id, data::text FROM mobile_units ORDER BY id",
            )
            .await?,
            stops: documents(
                &mut tx,
                "SELECT id, data::text FROM mobile_stops ORDER BY id",
            )
            .await?,
            visits: documents(
                &mut tx,
                "SELECT unit, data::text FROM mobile_visits ORDER BY seq",
            )
            .await?,
        };
        tx.commit().await?;
        Ok(rows)
    }

    async fn commit_mobile(&self, change: MobileChange) -> Result<(), StoreError> {
        if self.standby {
            return Err(StoreError::ReadOnlyReplica);
        }
        let mut tx = self.pool.begin().await?;
        // As every commit: one import at a time, so the generation grows in commit order.
        sqlx::query("LOCK TABLE imports IN EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await?;
        upsert(&mut tx, "mobile_units", &change.units).await?;
        upsert(&mut tx, "mobile_stops", &change.stops).await?;
        for unit in &change.replace_visits_of {
            sqlx::query("DELETE FROM mobile_visits WHERE unit = $1")
                .bind(unit)
                .execute(&mut *tx)
                .await?;
        }
        for v in &change.visits {
            sqlx::query("INSERT INTO mobile_visits (unit, data) VALUES ($1, $2::jsonb)")
                .bind(&v.id)
                .bind(&v.json)
                .execute(&mut *tx)
                .await?;
        }
        let log = &change.log;
        sqlx::query(
            "INSERT INTO imports (kind, files, accepted, rejected, summary) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&log.kind)
        .bind(&log.files)
        .bind(log.accepted as i64)
        .bind(log.rejected as i64)
        .bind(&log.summary)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
