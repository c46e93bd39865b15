//! Which tiles the communes touch at small zooms: the tiles worth cutting ahead of requests,
//! since each holds thousands of communes and costs the most to cut.

use super::frame::{mercator, HALF_WORLD_M};
use crate::model::TileId;
use crate::registry::Snapshot;
use geo::BoundingRect;
use std::collections::BTreeSet;

/// The tiles of zoom `z` that the bounding box of some commune's outline touches, in order.
pub fn tiles_touched_by_communes(snap: &Snapshot, z: u8) -> Vec<TileId> {
    let n = 1u32 << z;
    let span = 2.0 * HALF_WORLD_M / f64::from(n);
    let column = |x: f64| (((x + HALF_WORLD_M) / span).floor().max(0.0) as u32).min(n - 1);
    let row = |y: f64| (((HALF_WORLD_M - y) / span).floor().max(0.0) as u32).min(n - 1);
    let mut touched = BTreeSet::new();
    for rect in snap
        .communes
        .iter()
        .filter_map(|c| c.polygon.as_ref()?.bounding_rect())
    {
        let (low, high) = (
            mercator(rect.min().x, rect.min().y),
            mercator(rect.max().x, rect.max().y),
        );
        for x in column(low.x)..=column(high.x) {
            for y in row(high.y)..=row(low.y) {
                touched.insert((x, y));
            }
        }
    }
    touched
        .into_iter()
        .filter_map(|(x, y)| TileId::new(u32::from(z), x, y).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Commune, InseeCode};
    use geo::{polygon, MultiPolygon};

    #[test]
    fn a_commune_astride_a_tile_edge_touches_both_tiles() {
        // Around the Greenwich meridian at 46° N: tiles x = 31 and 32 at zoom 6.
        let mut c = Commune::new(InseeCode::parse("01001").unwrap(), "A".into());
        c.polygon = Some(MultiPolygon(vec![polygon![
            (x: -0.1, y: 46.0), (x: 0.1, y: 46.0), (x: 0.1, y: 46.1), (x: -0.1, y: 46.1)
        ]]));
        let snap = Snapshot::new(Vec::new(), vec![c], Vec::new());
        let tiles = tiles_touched_by_communes(&snap, 6);
        let xs: Vec<u32> = tiles.iter().map(|t| t.x).collect();
        assert_eq!(xs, vec![31, 32]);
        assert!(tiles.iter().all(|t| t.z == 6 && t.y == 22));
        let empty = Snapshot::new(Vec::new(), Vec::new(), Vec::new());
        assert!(tiles_touched_by_communes(&empty, 6).is_empty());
    }
}
