//! Where the places endpoints look places up by position: the snapshot's R-tree (the default,
//! on either store), or PostGIS (`serve --spatial-queries database` on PostgreSQL), which gives
//! candidates — ids in distance order, or in a box — that the snapshot then filters and ranks,
//! so both answer the same. See docs/deploy.md for which is faster.

use super::Problem;
use crate::registry::{PlaceFilter, Snapshot};
use crate::spatial::PlaceNeighbour;
use crate::store::PostgresStore;

/// The index that chooses candidates by position.
#[derive(Clone, Default)]
pub enum SpatialQueries {
    /// The R-tree of the served snapshot.
    #[default]
    Memory,
    /// PostGIS's GiST indexes, one query per request.
    Postgis(PostgresStore),
}

impl std::fmt::Debug for SpatialQueries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SpatialQueries::Memory => "memory",
            SpatialQueries::Postgis(_) => "postgis",
        })
    }
}

impl SpatialQueries {
    /// The `limit` places nearest a point that pass the filter, closest first.
    pub async fn nearest(
        &self,
        snap: &Snapshot,
        lon: f64,
        lat: f64,
        limit: usize,
        f: &PlaceFilter,
    ) -> Result<Vec<PlaceNeighbour>, Problem> {
        let SpatialQueries::Postgis(store) = self else {
            return Ok(snap.nearest(lon, lat, limit, f));
        };
        // Ask for as many as wanted; when filters leave too few, ask again for four times more.
        let mut asked = limit;
        loop {
            let ids = store.nearest_place_ids(lon, lat, asked).await?;
            let candidates: Vec<usize> = ids.iter().filter_map(|id| snap.place_index(id)).collect();
            let found = snap.nearest_among(lon, lat, &candidates, limit, f);
            if found.len() >= limit || ids.len() < asked {
                return Ok(found);
            }
            asked = asked.saturating_mul(4);
        }
    }

    /// Places passing the filter, in registry order.
    pub async fn filter(&self, snap: &Snapshot, f: &PlaceFilter) -> Result<Vec<usize>, Problem> {
        match (self, f.bbox) {
            (SpatialQueries::Postgis(store), Some(bbox)) => {
                let ids = store.place_ids_in_box(bbox).await?;
                let candidates = ids.iter().filter_map(|id| snap.place_index(id)).collect();
                Ok(snap.filter_among(candidates, f))
            }
            _ => Ok(snap.filter(f)),
        }
    }
}
