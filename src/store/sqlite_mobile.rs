//! [`MobileStore`] on SQLite (tables of `0003_mobile_units.sql`; stops are a GeoPackage layer
//! since `0005_geopackage.sql`).

use super::geopackage;
use super::mobile::{MobileChange, MobileDocument, MobileRows, MobileStore};
use super::outline::corrupt;
use super::sqlite_geopackage::refresh_contents;
use super::{SqliteStore, StoreError};
use sqlx::{Row, SqliteConnection};

/// What the `mobile_stops` layer shows of a stop document beside the document itself.
#[derive(serde::Deserialize)]
struct StopColumns {
    name: Option<String>,
    commune_name: Option<String>,
    point: Option<[f64; 2]>,
}

async fn documents(
    conn: &mut SqliteConnection,
    sql: &str,
) -> Result<Vec<MobileDocument>, StoreError> {
    let rows = sqlx::query(sql).fetch_all(&mut *conn).await?;
    Ok(rows
        .iter()
        .map(|r| MobileDocument {
            id: r.get(0),
            json: r.get(1),
        })
        .collect())
}

impl MobileStore for SqliteStore {
    async fn mobile(&self) -> Result<MobileRows, StoreError> {
        let mut tx = self.pool.begin().await?;
        let rows = MobileRows {
            generation: sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(id), 0) FROM imports")
                .fetch_one(&mut *tx)
                .await?,
            units: documents(&mut tx, "SELECT id, data FROM mobile_units ORDER BY id").await?,
            stops: documents(&mut tx, "SELECT id, data FROM mobile_stops ORDER BY id").await?,
            visits: documents(&mut tx, "SELECT unit, data FROM mobile_visits ORDER BY seq").await?,
        };
        tx.commit().await?;
        Ok(rows)
    }

    async fn commit_mobile(&self, change: MobileChange) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for u in &change.units {
            sqlx::query("INSERT OR REPLACE INTO mobile_units (id, data) VALUES (?, ?)")
                .bind(&u.id)
                .bind(&u.json)
                .execute(&mut *tx)
                .await?;
        }
        for s in &change.stops {
            let stop: StopColumns =
                serde_json::from_str(&s.json).map_err(|e| corrupt("mobile stop", e))?;
            sqlx::query(
                "INSERT INTO mobile_stops (id, name, commune, data, geom) VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, commune = excluded.commune,
                     data = excluded.data, geom = excluded.geom",
            )
            .bind(&s.id)
            .bind(&stop.name)
            .bind(&stop.commune_name)
            .bind(&s.json)
            .bind(stop.point.map(|[lon, lat]| geopackage::point(lon, lat)))
            .execute(&mut *tx)
            .await?;
        }
        for unit in &change.replace_visits_of {
            sqlx::query("DELETE FROM mobile_visits WHERE unit = ?")
                .bind(unit)
                .execute(&mut *tx)
                .await?;
        }
        for v in &change.visits {
            sqlx::query("INSERT INTO mobile_visits (unit, data) VALUES (?, ?)")
                .bind(&v.id)
                .bind(&v.json)
                .execute(&mut *tx)
                .await?;
        }
        // The import log: its id is the new generation, which running servers watch.
        let log = &change.log;
        sqlx::query(
            "INSERT INTO imports (at, kind, files, accepted, rejected, summary) VALUES (datetime('now'), ?, ?, ?, ?, ?)",
        )
        .bind(&log.kind)
        .bind(log.files.join("\n"))
        .bind(log.accepted as i64)
        .bind(log.rejected as i64)
        .bind(&log.summary)
        .execute(&mut *tx)
        .await?;
        refresh_contents(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }
}
