//! The GeoPackage side of the SQLite file (`migrations/sqlite/0005_geopackage.sql`): what the
//! store writes beside its own columns so that QGIS reads layers — geometries of rows stored
//! before the file became a GeoPackage, outlines' boxes in the R-tree, and the layers' extents
//! and dates in `gpkg_contents`.

use super::geopackage::{self, Envelope};
use super::outline::{corrupt, polygon_from_text};
use super::StoreError;
use sqlx::{Row, SqliteConnection, SqlitePool};

/// Writes the boxes of these communes' outlines in their R-tree (removing those of communes
/// without an outline), in two statements whatever their number.
pub(super) async fn write_commune_boxes(
    conn: &mut SqliteConnection,
    boxes: &[(&str, Option<Envelope>)],
) -> Result<(), StoreError> {
    let with: Vec<(&str, f64, f64, f64, f64)> = boxes
        .iter()
        .filter_map(|&(code, e)| e.map(|[a, b, c, d]| (code, a, b, c, d)))
        .collect();
    let without: Vec<&str> = boxes
        .iter()
        .filter(|b| b.1.is_none())
        .map(|b| b.0)
        .collect();
    sqlx::query(
        "INSERT OR REPLACE INTO rtree_communes_geom (id, minx, maxx, miny, maxy)
         SELECT c.fid, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4
         FROM json_each(?) AS j JOIN communes c ON c.code = j.value ->> 0",
    )
    .bind(serde_json::to_string(&with).map_err(|e| corrupt("outline boxes", e))?)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "DELETE FROM rtree_communes_geom
         WHERE id IN (SELECT c.fid FROM json_each(?) AS j JOIN communes c ON c.code = j.value)",
    )
    .bind(serde_json::to_string(&without).map_err(|e| corrupt("outline boxes", e))?)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Sets each layer's extent (from its R-tree) and date of change in `gpkg_contents`, which GIS
/// tools read to zoom to a layer; called at the end of every write transaction.
pub(super) async fn refresh_contents(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    for (layer, rtree) in [
        ("places", "rtree_places_geom"),
        ("communes", "rtree_communes_geom"),
        ("communes_indicators", "rtree_communes_geom"),
        ("mobile_stops", "rtree_mobile_stops_geom"),
    ] {
        sqlx::query(&format!(
            "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                 min_x = (SELECT min(minx) FROM {rtree}), max_x = (SELECT max(maxx) FROM {rtree}),
                 min_y = (SELECT min(miny) FROM {rtree}), max_y = (SELECT max(maxy) FROM {rtree})
             WHERE table_name = ?"
        ))
        .bind(layer)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Counts again the places of each commune for the `communes_indicators` layer (a place counts
/// where its point lies, else in its published code, as the API's `commune=` filter); called
/// at the end of every transaction that writes places or communes.
pub(super) async fn refresh_commune_places(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM commune_places")
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO commune_places
         SELECT code, 0, 0, 0, CASE WHEN population > 0 THEN 0.0 END FROM communes",
    )
    .execute(&mut *conn)
    .await?;
    // Driven by the places' communes (a few thousand groups), each found by its key.
    sqlx::query(
        "UPDATE commune_places SET places = n.places, france_services = n.fs,
             mobile_units = n.mobile,
             places_per_10k = CASE WHEN commune_places.places_per_10k IS NOT NULL
                                   THEN round(10000.0 * n.places / n.population, 2) END
         FROM (SELECT coalesce(p.located_in, p.code_insee) AS code, count(*) AS places,
                      sum(p.france_services) AS fs, sum(p.mobile) AS mobile,
                      (SELECT population FROM communes c
                       WHERE c.code = coalesce(p.located_in, p.code_insee)) AS population
               FROM places p GROUP BY 1) AS n
         WHERE commune_places.code = n.code",
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Gives a geometry to every row stored without one (rows written before the file became a
/// GeoPackage), in one transaction; does nothing, after one look per table, when none lacks it.
pub(super) async fn fill_missing_geometries(pool: &SqlitePool) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    let places = sqlx::query(
        "SELECT fid, lon, lat FROM places WHERE geom IS NULL AND lon IS NOT NULL AND lat IS NOT NULL",
    )
    .fetch_all(&mut *tx)
    .await?;
    let communes = sqlx::query(
        "SELECT fid, code, polygon FROM communes WHERE geom IS NULL AND polygon IS NOT NULL",
    )
    .fetch_all(&mut *tx)
    .await?;
    let stops = sqlx::query(
        "SELECT fid, json_extract(data, '$.point[0]'), json_extract(data, '$.point[1]')
         FROM mobile_stops WHERE geom IS NULL AND json_type(data, '$.point') = 'array'",
    )
    .fetch_all(&mut *tx)
    .await?;
    if places.is_empty() && communes.is_empty() && stops.is_empty() {
        return Ok(());
    }
    for r in &places {
        sqlx::query("UPDATE places SET geom = ? WHERE fid = ?")
            .bind(geopackage::point(r.get(1), r.get(2)))
            .bind(r.get::<i64, _>(0))
            .execute(&mut *tx)
            .await?;
    }
    for r in &stops {
        sqlx::query("UPDATE mobile_stops SET geom = ? WHERE fid = ?")
            .bind(geopackage::point(r.get(1), r.get(2)))
            .bind(r.get::<i64, _>(0))
            .execute(&mut *tx)
            .await?;
    }
    let mut boxes = Vec::with_capacity(communes.len());
    for r in &communes {
        let code: &str = r.get(1);
        let text: String = r.get(2);
        let outline = polygon_from_text(code, &text)?;
        sqlx::query("UPDATE communes SET geom = ? WHERE fid = ?")
            .bind(geopackage::multipolygon(&outline))
            .bind(r.get::<i64, _>(0))
            .execute(&mut *tx)
            .await?;
        boxes.push((code, geopackage::envelope(&outline)));
    }
    write_commune_boxes(&mut tx, &boxes).await?;
    refresh_contents(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}
