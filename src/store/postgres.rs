//! The production store: PostgreSQL with PostGIS, migrated on first use. Geometries are
//! `geometry(…, 4326)` columns with GiST indexes, so GIS tools open the tables as layers; the
//! service still loads everything into memory, like from SQLite (see [`Store::registry`]).
//! Rows are written in batches (arrays unnested server-side), one transaction per import.

use super::outline::{corrupt, storable_polygon};
use super::wkb::{multipolygon_from_wkb, multipolygon_to_wkb};
use super::{Change, ImportLog, RegistryRows, SourceRecord, Store, StoreError, StoredPlace};
use crate::addresses::Address;
use crate::model::{Commune, EpciInfo, InseeCode, Place};
use geo::Point;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgConnection, PgPool, Row};
use std::collections::HashMap;
use std::hash::Hash;
use std::str::FromStr;
use std::time::Duration;

/// Rows sent in one statement: large enough to make round trips rare, small enough to keep a
/// statement's parameters a few megabytes.
const BATCH: usize = 2_000;

/// PostgreSQL + PostGIS through sqlx.
#[derive(Clone)]
pub struct PostgresStore {
    pub(super) pool: PgPool,
    /// A read replica (hot standby): it serves, it refuses imports.
    pub(super) standby: bool,
}

impl PostgresStore {
    /// Connects to the database at `url` and applies pending migrations (several processes
    /// starting at once wait for each other: sqlx takes an advisory lock).
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        // Notices ("extension postgis already exists, skipping" at each start) are not news.
        let options = PgConnectOptions::from_str(url)?
            .application_name("maillage")
            .options([("client_min_messages", "warning")]);
        let pool = PgPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await?;
        let migrator = sqlx::migrate!("./migrations/postgres");
        let standby: bool = sqlx::query_scalar("SELECT pg_is_in_recovery()")
            .fetch_one(&pool)
            .await?;
        if standby {
            // A read replica cannot be migrated; it must already hold every migration, which
            // the primary received from any maillage command run against it.
            let applied: Vec<i64> = sqlx::query_scalar(
                "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version",
            )
            .fetch_all(&pool)
            .await
            .unwrap_or_default();
            let missing: Vec<String> = migrator
                .iter()
                .filter(|m| !applied.contains(&m.version))
                .map(|m| format!("{} {}", m.version, m.description))
                .collect();
            if !missing.is_empty() {
                return Err(StoreError::Unmigrated {
                    missing: missing.join(", "),
                });
            }
        } else {
            migrator.run(&pool).await?;
        }
        Ok(PostgresStore { pool, standby })
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Readers shared by the pool methods and by [`Store::registry`]'s transaction.
async fn read_communes(conn: &mut PgConnection) -> Result<Vec<Commune>, StoreError> {
    let rows = sqlx::query(
        "SELECT code, nom, departement, region, epci, population,
                array_to_string(codes_postaux, '|'), ST_AsBinary(geom),
                ST_X(mairie), ST_Y(mairie), mairie_adresse, ST_X(point), ST_Y(point),
                point_source, ifn
         FROM communes ORDER BY code COLLATE \"C\"",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let code: String = r.try_get(0)?;
            let wkb: Option<Vec<u8>> = r.try_get(7)?;
            let point = |x: Option<f64>, y: Option<f64>| Some(Point::new(x?, y?));
            let cps: String = r.try_get(6)?;
            Ok(Commune {
                code: InseeCode::parse(&code).map_err(|e| corrupt("commune code", e))?,
                nom: r.try_get(1)?,
                departement: r.try_get(2)?,
                region: r.try_get(3)?,
                epci: r.try_get(4)?,
                population: r.try_get::<Option<i64>, _>(5)?.map(|p| p.max(0) as u64),
                codes_postaux: cps
                    .split('|')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                polygon: wkb
                    .map(|b| {
                        multipolygon_from_wkb(&b)
                            .map_err(|e| corrupt(&format!("polygon of {code}"), e))
                    })
                    .transpose()?,
                mairie: point(r.try_get(8)?, r.try_get(9)?),
                mairie_adresse: r.try_get(10)?,
                point: point(r.try_get(11)?, r.try_get(12)?),
                point_source: r.try_get(13)?,
                ifn: r.try_get(14)?,
            })
        })
        .collect()
}

async fn read_epci(conn: &mut PgConnection) -> Result<Vec<EpciInfo>, StoreError> {
    let rows = sqlx::query("SELECT code, nom, kind FROM epci ORDER BY code COLLATE \"C\"")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(EpciInfo {
                code: r.try_get(0)?,
                nom: r.try_get(1)?,
                kind: r.try_get(2)?,
            })
        })
        .collect()
}

async fn read_addresses(conn: &mut PgConnection) -> Result<Vec<Address>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, numero, voie, code_postal, commune, code_insee, lon, lat FROM addresses ORDER BY ord",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Address {
                id: r.try_get(0)?,
                numero: r.try_get(1)?,
                voie: r.try_get(2)?,
                code_postal: r.try_get(3)?,
                commune: r.try_get(4)?,
                code_insee: r.try_get(5)?,
                lon: r.try_get(6)?,
                lat: r.try_get(7)?,
            })
        })
        .collect()
}

async fn write_addresses(tx: &mut PgConnection, addresses: &[&Address]) -> Result<(), StoreError> {
    for batch in addresses.chunks(BATCH) {
        let text =
            |f: fn(&Address) -> &String| batch.iter().map(|a| f(a).clone()).collect::<Vec<_>>();
        sqlx::query(
            "INSERT INTO addresses (id, numero, voie, code_postal, commune, code_insee, lon, lat)
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                                  $6::text[], $7::float8[], $8::float8[])
             ON CONFLICT (id) DO UPDATE SET numero = EXCLUDED.numero, voie = EXCLUDED.voie,
                 code_postal = EXCLUDED.code_postal, commune = EXCLUDED.commune,
                 code_insee = EXCLUDED.code_insee, lon = EXCLUDED.lon, lat = EXCLUDED.lat",
        )
        .bind(text(|a| &a.id))
        .bind(text(|a| &a.numero))
        .bind(text(|a| &a.voie))
        .bind(text(|a| &a.code_postal))
        .bind(text(|a| &a.commune))
        .bind(
            batch
                .iter()
                .map(|a| a.code_insee.clone())
                .collect::<Vec<_>>(),
        )
        .bind(batch.iter().map(|a| a.lon).collect::<Vec<_>>())
        .bind(batch.iter().map(|a| a.lat).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

async fn read_places(conn: &mut PgConnection) -> Result<Vec<StoredPlace>, StoreError> {
    let rows = sqlx::query("SELECT data::text, located_in FROM places ORDER BY ord")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            let data: String = r.try_get(0)?;
            let located: Option<String> = r.try_get(1)?;
            Ok(StoredPlace {
                place: place_from_text("place", &data)?,
                located_in: located
                    .map(|c| InseeCode::parse(&c).map_err(|e| corrupt("place commune", e)))
                    .transpose()?,
            })
        })
        .collect()
}

async fn read_generation(conn: &mut PgConnection) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(id), 0)::bigint FROM imports")
            .fetch_one(&mut *conn)
            .await?,
    )
}

fn place_from_text(what: &str, text: &str) -> Result<Place, StoreError> {
    serde_json::from_str(text).map_err(|e| corrupt(what, e))
}

/// The last item for each key, in the order of their last occurrence: what row-by-row
/// "insert or replace" would leave, and what one `INSERT … ON CONFLICT` statement accepts
/// (it refuses to touch a row twice).
fn last_per_key<T, K: Hash + Eq>(items: &[T], key: impl Fn(&T) -> K) -> Vec<&T> {
    let mut last: HashMap<K, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        last.insert(key(item), i);
    }
    items
        .iter()
        .enumerate()
        .filter(|(i, item)| last.get(&key(item)) == Some(i))
        .map(|(_, item)| item)
        .collect()
}

async fn write_communes(
    tx: &mut PgConnection,
    communes: &[&Commune],
    outlines: &HashMap<&str, Vec<u8>>,
) -> Result<(), StoreError> {
    for batch in communes.chunks(BATCH) {
        let col = |f: &dyn Fn(&Commune) -> Option<String>| -> Vec<Option<String>> {
            batch.iter().map(|c| f(c)).collect()
        };
        let num = |f: &dyn Fn(&Commune) -> Option<f64>| -> Vec<Option<f64>> {
            batch.iter().map(|c| f(c)).collect()
        };
        sqlx::query(
            "INSERT INTO communes (code, nom, departement, region, epci, population, codes_postaux,
                 geom, mairie, mairie_adresse, point, point_source, ifn)
             SELECT code, nom, departement, region, epci, population, string_to_array(cps, '|'),
                 ST_GeomFromWKB(wkb, 4326), ST_SetSRID(ST_MakePoint(mx, my), 4326), madr,
                 ST_SetSRID(ST_MakePoint(px, py), 4326), psrc, ifn
             FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int8[],
                 $7::text[], $8::bytea[], $9::float8[], $10::float8[], $11::text[], $12::float8[],
                 $13::float8[], $14::text[], $15::float8[])
                 AS u(code, nom, departement, region, epci, population, cps, wkb, mx, my, madr,
                      px, py, psrc, ifn)
             ON CONFLICT (code) DO UPDATE SET nom = EXCLUDED.nom,
                 departement = EXCLUDED.departement, region = EXCLUDED.region,
                 epci = EXCLUDED.epci, population = EXCLUDED.population,
                 codes_postaux = EXCLUDED.codes_postaux, geom = EXCLUDED.geom,
                 mairie = EXCLUDED.mairie, mairie_adresse = EXCLUDED.mairie_adresse,
                 point = EXCLUDED.point, point_source = EXCLUDED.point_source, ifn = EXCLUDED.ifn",
        )
        .bind(col(&|c| Some(c.code.as_str().to_string())))
        .bind(col(&|c| Some(c.nom.clone())))
        .bind(col(&|c| Some(c.departement.clone())))
        .bind(col(&|c| c.region.clone()))
        .bind(col(&|c| c.epci.clone()))
        .bind(
            batch
                .iter()
                .map(|c| c.population.map(|p| p as i64))
                .collect::<Vec<_>>(),
        )
        .bind(col(&|c| Some(c.codes_postaux.join("|"))))
        .bind(
            batch
                .iter()
                .map(|c| outlines.get(c.code.as_str()).cloned())
                .collect::<Vec<_>>(),
        )
        .bind(num(&|c| c.mairie.map(|p| p.x())))
        .bind(num(&|c| c.mairie.map(|p| p.y())))
        .bind(col(&|c| c.mairie_adresse.clone()))
        .bind(num(&|c| c.point.map(|p| p.x())))
        .bind(num(&|c| c.point.map(|p| p.y())))
        .bind(col(&|c| Some(c.point_source.clone())))
        .bind(num(&|c| c.ifn))
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

async fn write_epci(tx: &mut PgConnection, epci: &[&EpciInfo]) -> Result<(), StoreError> {
    for batch in epci.chunks(BATCH) {
        let col =
            |f: fn(&EpciInfo) -> &String| batch.iter().map(|e| f(e).clone()).collect::<Vec<_>>();
        sqlx::query(
            "INSERT INTO epci (code, nom, kind)
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[])
             ON CONFLICT (code) DO UPDATE SET nom = EXCLUDED.nom, kind = EXCLUDED.kind",
        )
        .bind(col(|e| &e.code))
        .bind(col(|e| &e.nom))
        .bind(col(|e| &e.kind))
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

async fn write_records(tx: &mut PgConnection, records: &[&SourceRecord]) -> Result<(), StoreError> {
    for batch in records.chunks(BATCH) {
        let data = batch
            .iter()
            .map(|r| serde_json::to_string(&r.place).map_err(|e| corrupt("source record", e)))
            .collect::<Result<Vec<_>, _>>()?;
        sqlx::query(
            "INSERT INTO source_records (dataset, record_id, seq, format, data)
             SELECT d, r, s, f, j::json
             FROM UNNEST($1::text[], $2::text[], $3::int8[], $4::text[], $5::text[]) AS u(d, r, s, f, j)
             ON CONFLICT (dataset, record_id)
             DO UPDATE SET format = EXCLUDED.format, data = EXCLUDED.data",
        )
        .bind(batch.iter().map(|r| r.dataset.clone()).collect::<Vec<_>>())
        .bind(batch.iter().map(|r| r.record_id.clone()).collect::<Vec<_>>())
        .bind(batch.iter().map(|r| r.seq).collect::<Vec<_>>())
        .bind(batch.iter().map(|r| r.format.clone()).collect::<Vec<_>>())
        .bind(data)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

async fn replace_places(tx: &mut PgConnection, places: &[StoredPlace]) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM places").execute(&mut *tx).await?;
    for (b, batch) in places.chunks(BATCH).enumerate() {
        let data = batch
            .iter()
            .map(|sp| serde_json::to_string(&sp.place).map_err(|e| corrupt("place", e)))
            .collect::<Result<Vec<_>, _>>()?;
        let text =
            |f: fn(&Place) -> String| batch.iter().map(|sp| f(&sp.place)).collect::<Vec<_>>();
        sqlx::query(
            "INSERT INTO places (id, ord, nom, adresse, code_postal, commune, code_insee,
                 located_in, mobile, france_services, date_maj, data, geom)
             SELECT id, ord, nom, adresse, cp, commune, insee, located_in, mobile, fs, date_maj,
                 j::json, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
             FROM UNNEST($1::text[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[],
                 $7::text[], $8::text[], $9::bool[], $10::bool[], $11::date[], $12::text[],
                 $13::float8[], $14::float8[])
                 AS u(id, ord, nom, adresse, cp, commune, insee, located_in, mobile, fs, date_maj,
                      j, lon, lat)",
        )
        .bind(text(|p| p.id.clone()))
        .bind(
            (0..batch.len())
                .map(|i| (b * BATCH + i) as i64)
                .collect::<Vec<_>>(),
        )
        .bind(text(|p| p.nom.clone()))
        .bind(text(|p| p.adresse.clone()))
        .bind(text(|p| p.code_postal.clone()))
        .bind(text(|p| p.commune.clone()))
        .bind(
            batch
                .iter()
                .map(|sp| sp.place.code_insee.as_ref().map(|c| c.as_str().to_string()))
                .collect::<Vec<_>>(),
        )
        .bind(
            batch
                .iter()
                .map(|sp| sp.located_in.as_ref().map(|c| c.as_str().to_string()))
                .collect::<Vec<_>>(),
        )
        .bind(
            batch
                .iter()
                .map(|sp| sp.place.is_mobile())
                .collect::<Vec<_>>(),
        )
        .bind(
            batch
                .iter()
                .map(|sp| sp.place.is_france_services())
                .collect::<Vec<_>>(),
        )
        .bind(batch.iter().map(|sp| sp.place.date_maj).collect::<Vec<_>>())
        .bind(data)
        .bind(
            batch
                .iter()
                .map(|sp| sp.place.longitude)
                .collect::<Vec<_>>(),
        )
        .bind(batch.iter().map(|sp| sp.place.latitude).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

impl Store for PostgresStore {
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
        // PostgreSQL's default isolation takes a new snapshot per statement; REPEATABLE READ
        // keeps one for the whole transaction, so the four reads see one committed state.
        let mut tx = self.pool.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await?;
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
            "SELECT dataset, record_id, seq, format, data::text FROM source_records ORDER BY seq",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let data: String = r.try_get(4)?;
                Ok(SourceRecord {
                    dataset: r.try_get(0)?,
                    record_id: r.try_get(1)?,
                    seq: r.try_get(2)?,
                    format: r.try_get(3)?,
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
        rows.iter()
            .map(|r| {
                Ok(ImportLog {
                    kind: r.try_get(0)?,
                    files: r.try_get(1)?,
                    accepted: r.try_get::<i64, _>(2)? as usize,
                    rejected: r.try_get::<i64, _>(3)? as usize,
                    summary: r.try_get(4)?,
                })
            })
            .collect()
    }

    async fn commit(&self, change: Change) -> Result<(), StoreError> {
        if self.standby {
            return Err(StoreError::ReadOnlyReplica);
        }
        // Checked before the transaction starts, as in SQLite: a refused change writes nothing.
        let mut outlines = HashMap::new();
        for c in &change.communes {
            if let Some(p) = &c.polygon {
                storable_polygon(c.code.as_str(), p)?;
                outlines.insert(c.code.as_str(), multipolygon_to_wkb(p));
            }
        }
        let communes = last_per_key(&change.communes, |c| c.code.as_str().to_string());
        let epci = last_per_key(&change.epci, |e| e.code.clone());
        let addresses = last_per_key(&change.addresses, |a| a.id.clone());
        let records = last_per_key(&change.records, |r| {
            (r.dataset.clone(), r.record_id.clone())
        });

        let mut tx = self.pool.begin().await?;
        // One import commits at a time, so import ids — the generation — grow in commit order
        // (readers are not blocked).
        sqlx::query("LOCK TABLE imports IN EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await?;
        write_communes(&mut tx, &communes, &outlines).await?;
        write_epci(&mut tx, &epci).await?;
        write_records(&mut tx, &records).await?;
        if let Some(places) = &change.places {
            replace_places(&mut tx, places).await?;
        }
        write_addresses(&mut tx, &addresses).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_row_of_a_key_wins_in_its_last_position() {
        let rows = [("a", 1), ("b", 2), ("a", 3), ("c", 4)];
        let kept: Vec<_> = last_per_key(&rows, |r| r.0).into_iter().copied().collect();
        assert_eq!(kept, vec![("b", 2), ("a", 3), ("c", 4)]);
    }
}
