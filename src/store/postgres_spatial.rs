//! Place questions PostGIS answers from its indexes, for a server started with
//! `--spatial-queries database`: the ids of the places nearest a point (KNN `<->` on the
//! sphere, `places_geography` GiST index) and of those in a box (`&&`, `places_geom`). The
//! server keeps filtering and ranking them on its snapshot; the store computes nothing else.

use super::{PostgresStore, StoreError};

impl PostgresStore {
    /// Ids of at most `limit` places nearest (lon, lat) by great-circle distance, closest first.
    pub async fn nearest_place_ids(
        &self,
        lon: f64,
        lat: f64,
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM places WHERE geom IS NOT NULL
             ORDER BY geom::geography <-> ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography
             LIMIT $3",
        )
        .bind(lon)
        .bind(lat)
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Ids of the places whose point lies in the box [west, south, east, north] (edges
    /// included), in no particular order.
    pub async fn place_ids_in_box(&self, bbox: [f64; 4]) -> Result<Vec<String>, StoreError> {
        let [w, s, e, n] = bbox;
        Ok(sqlx::query_scalar(
            "SELECT id FROM places WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)",
        )
        .bind(w)
        .bind(s)
        .bind(e)
        .bind(n)
        .fetch_all(&self.pool)
        .await?)
    }
}
