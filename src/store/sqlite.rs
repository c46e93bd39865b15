//! The embedded store: one SQLite file in WAL mode, created and migrated on first use. The
//! file is also a GeoPackage: each layer row carries its geometry in GeoPackage binary
//! (`geopackage.rs`, `sqlite_geopackage.rs`), which maillage writes and never reads.

use super::geopackage;
use super::outline::{corrupt, polygon_from_text, storable_polygon};
use super::sqlite_geopackage::{
    fill_missing_geometries, refresh_commune_places, refresh_contents, write_commune_boxes,
};
use super::{Change, ImportLog, RegistryRows, SourceRecord, Store, StoreError, StoredPlace};
use crate::addresses::Address;
use crate::model::{Commune, EpciInfo, InseeCode, Place};
use geo::Point;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqliteConnection, SqlitePool};
use std::path::Path;
use std::str::FromStr;

/// SQLite through sqlx.
#[derive(Clone)]
pub struct SqliteStore {
    pub(super) pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and applies pending migrations.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(std::time::Duration::from_secs(30));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        fill_missing_geometries(&pool).await?;
        Ok(SqliteStore { pool })
    }
}

impl SqliteStore {
    /// Closes every connection; the last one checkpoints the write-ahead log.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn place_from_text(what: &str, text: &str) -> Result<Place, StoreError> {
    serde_json::from_str(text).map_err(|e| corrupt(what, e))
}

/// Readers shared by the pool methods and by [`Store::registry`]'s transaction.
async fn read_communes(conn: &mut SqliteConnection) -> Result<Vec<Commune>, StoreError> {
    let rows = sqlx::query(
        "SELECT code, nom, departement, region, epci, population, codes_postaux, polygon,
                mairie_lon, mairie_lat, mairie_adresse, lon, lat, point_source, ifn
         FROM communes ORDER BY code",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let code: String = r.get(0);
            let polygon: Option<String> = r.get(7);
            let point = |x: Option<f64>, y: Option<f64>| Some(Point::new(x?, y?));
            let cps: String = r.get(6);
            Ok(Commune {
                code: InseeCode::parse(&code).map_err(|e| corrupt("commune code", e))?,
                nom: r.get(1),
                departement: r.get(2),
                region: r.get(3),
                epci: r.get(4),
                population: r.get::<Option<i64>, _>(5).map(|p| p.max(0) as u64),
                codes_postaux: cps
                    .split('|')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                polygon: polygon.map(|t| polygon_from_text(&code, &t)).transpose()?,
                mairie: point(r.get(8), r.get(9)),
                mairie_adresse: r.get(10),
                point: point(r.get(11), r.get(12)),
                point_source: r.get(13),
                ifn: r.get(14),
            })
        })
        .collect()
}

async fn read_epci(conn: &mut SqliteConnection) -> Result<Vec<EpciInfo>, StoreError> {
    let rows = sqlx::query("SELECT code, nom, kind FROM epci ORDER BY code")
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows
        .iter()
        .map(|r| EpciInfo {
            code: r.get(0),
            nom: r.get(1),
            kind: r.get(2),
        })
        .collect())
}

async fn read_places(conn: &mut SqliteConnection) -> Result<Vec<StoredPlace>, StoreError> {
    let rows = sqlx::query("SELECT data, located_in FROM places ORDER BY fid")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            let data: String = r.get(0);
            let located: Option<String> = r.get(1);
            Ok(StoredPlace {
                place: place_from_text("place", &data)?,
                located_in: located
                    .map(|c| InseeCode::parse(&c).map_err(|e| corrupt("place commune", e)))
                    .transpose()?,
            })
        })
        .collect()
}

async fn read_addresses(conn: &mut SqliteConnection) -> Result<Vec<Address>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, numero, voie, code_postal, commune, code_insee, lon, lat FROM addresses ORDER BY rowid",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| Address {
            id: r.get(0),
            numero: r.get(1),
            voie: r.get(2),
            code_postal: r.get(3),
            commune: r.get(4),
            code_insee: r.get(5),
            lon: r.get(6),
            lat: r.get(7),
        })
        .collect())
}

async fn read_generation(conn: &mut SqliteConnection) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(id), 0) FROM imports")
            .fetch_one(&mut *conn)
            .await?,
    )
}

impl Store for SqliteStore {
    async fn communes(&self) -> Result<Vec<Commune>, StoreError> {
        read_communes(&mut *self.pool.acquire().await?).await
    }

    async fn epci(&self) -> Result<Vec<EpciInfo>, StoreError> {
        read_epci(&mut *self.pool.acquire().await?).await
    }

    async fn places(&self) -> Result<Vec<StoredPlace>, StoreError> {
        read_places(&mut *self.pool.acquire().await?).await
    }

    async fn generation(&self) -> Result<i64, StoreError> {
        read_generation(&mut *self.pool.acquire().await?).await
    }

    async fn registry(&self) -> Result<RegistryRows, StoreError> {
        // One read transaction: WAL gives it one consistent state of the file.
        let mut tx = self.pool.begin().await?;
        let rows = RegistryRows {
            generation: read_generation(&mut tx).await?,
            places: read_places(&mut tx).await?,
            communes: read_communes(&mut tx).await?,
            epci: read_epci(&mut tx).await?,
            addresses: read_addresses(&mut tx).await?,
        };
        tx.commit().await?;
        Ok(rows)
    }

    async fn source_records(&self) -> Result<Vec<SourceRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT dataset, record_id, seq, format, data FROM source_records ORDER BY seq",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let data: String = r.get(4);
                Ok(SourceRecord {
                    dataset: r.get(0),
                    record_id: r.get(1),
                    seq: r.get(2),
                    format: r.get(3),
                    place: place_from_text("source record", &data)?,
                })
            })
            .collect()
    }

    async fn imports(&self) -> Result<Vec<ImportLog>, StoreError> {
        let rows =
            sqlx::query("SELECT kind, files, accepted, rejected, summary FROM imports ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let files: String = r.get(1);
                ImportLog {
                    kind: r.get(0),
                    files: files.split('\n').map(str::to_string).collect(),
                    accepted: r.get::<i64, _>(2) as usize,
                    rejected: r.get::<i64, _>(3) as usize,
                    summary: r.get(4),
                }
            })
            .collect())
    }

    async fn commit(&self, change: Change) -> Result<(), StoreError> {
        // Checked before the transaction starts: a refused change writes nothing.
        let mut polygons = Vec::with_capacity(change.communes.len());
        for c in &change.communes {
            polygons.push(
                c.polygon
                    .as_ref()
                    .map(|p| storable_polygon(c.code.as_str(), p))
                    .transpose()?,
            );
        }
        let mut tx = self.pool.begin().await?;
        for (c, polygon) in change.communes.iter().zip(polygons) {
            sqlx::query(
                "INSERT INTO communes (code, nom, departement, region, epci, population, codes_postaux,
                    polygon, mairie_lon, mairie_lat, mairie_adresse, lon, lat, point_source, ifn, geom)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (code) DO UPDATE SET nom = excluded.nom,
                    departement = excluded.departement, region = excluded.region,
                    epci = excluded.epci, population = excluded.population,
                    codes_postaux = excluded.codes_postaux, polygon = excluded.polygon,
                    mairie_lon = excluded.mairie_lon, mairie_lat = excluded.mairie_lat,
                    mairie_adresse = excluded.mairie_adresse, lon = excluded.lon,
                    lat = excluded.lat, point_source = excluded.point_source, ifn = excluded.ifn,
                    geom = excluded.geom",
            )
            .bind(c.code.as_str())
            .bind(&c.nom)
            .bind(&c.departement)
            .bind(&c.region)
            .bind(&c.epci)
            .bind(c.population.map(|p| p as i64))
            .bind(c.codes_postaux.join("|"))
            .bind(polygon)
            .bind(c.mairie.map(|p| p.x()))
            .bind(c.mairie.map(|p| p.y()))
            .bind(&c.mairie_adresse)
            .bind(c.point.map(|p| p.x()))
            .bind(c.point.map(|p| p.y()))
            .bind(&c.point_source)
            .bind(c.ifn)
            .bind(c.polygon.as_ref().map(geopackage::multipolygon))
            .execute(&mut *tx)
            .await?;
        }
        let boxes: Vec<(&str, Option<geopackage::Envelope>)> = change
            .communes
            .iter()
            .map(|c| {
                (
                    c.code.as_str(),
                    c.polygon.as_ref().and_then(geopackage::envelope),
                )
            })
            .collect();
        write_commune_boxes(&mut tx, &boxes).await?;
        for e in &change.epci {
            sqlx::query("INSERT OR REPLACE INTO epci (code, nom, kind) VALUES (?, ?, ?)")
                .bind(&e.code)
                .bind(&e.nom)
                .bind(&e.kind)
                .execute(&mut *tx)
                .await?;
        }
        for r in &change.records {
            let data = serde_json::to_string(&r.place).map_err(|e| corrupt("source record", e))?;
            sqlx::query(
                "INSERT INTO source_records (dataset, record_id, seq, format, data) VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (dataset, record_id) DO UPDATE SET format = excluded.format, data = excluded.data",
            )
            .bind(&r.dataset)
            .bind(&r.record_id)
            .bind(r.seq)
            .bind(&r.format)
            .bind(data)
            .execute(&mut *tx)
            .await?;
        }
        if let Some(places) = &change.places {
            sqlx::query("DELETE FROM places").execute(&mut *tx).await?;
            for sp in places {
                let p = &sp.place;
                let data = serde_json::to_string(p).map_err(|e| corrupt("place", e))?;
                sqlx::query(
                    "INSERT INTO places (id, nom, adresse, code_postal, commune, code_insee,
                        located_in, mobile, france_services, date_maj, lon, lat, data, geom)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(&p.id)
                .bind(&p.nom)
                .bind(&p.adresse)
                .bind(&p.code_postal)
                .bind(&p.commune)
                .bind(p.code_insee.as_ref().map(|c| c.as_str()))
                .bind(sp.located_in.as_ref().map(|c| c.as_str()))
                .bind(p.is_mobile())
                .bind(p.is_france_services())
                .bind(p.date_maj.map(|d| d.to_string()))
                .bind(p.longitude)
                .bind(p.latitude)
                .bind(data)
                .bind(p.lon_lat().map(|(lon, lat)| geopackage::point(lon, lat)))
                .execute(&mut *tx)
                .await?;
            }
        }
        for a in &change.addresses {
            sqlx::query(
                "INSERT OR REPLACE INTO addresses (id, numero, voie, code_postal, commune, code_insee, lon, lat)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&a.id)
            .bind(&a.numero)
            .bind(&a.voie)
            .bind(&a.code_postal)
            .bind(&a.commune)
            .bind(&a.code_insee)
            .bind(a.lon)
            .bind(a.lat)
            .execute(&mut *tx)
            .await?;
        }
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
        if !change.communes.is_empty() || change.places.is_some() {
            refresh_commune_places(&mut tx).await?;
        }
        refresh_contents(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }
}
