//! An R-tree over place positions on the unit sphere: nearest neighbours and boxes.

use super::geodesy::{chord2_for_m, haversine_m, unit_vector};
use rstar::{primitives::GeomWithData, RTree};

type Entry = GeomWithData<[f64; 3], usize>;

/// Places by position; `usize` is the caller's index into its own place list.
pub struct PlaceIndex {
    tree: RTree<Entry>,
    lon_lat: Vec<(f64, f64)>,
}

/// One answer of a nearest query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlaceNeighbour {
    pub index: usize,
    pub distance_m: f64,
}

impl PlaceIndex {
    /// Builds the index from (lon, lat) per caller index; `None` positions are left out.
    pub fn new(positions: &[Option<(f64, f64)>]) -> Self {
        let mut lon_lat = vec![(f64::NAN, f64::NAN); positions.len()];
        let entries = positions
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let (lon, lat) = (*p)?;
                lon_lat[i] = (lon, lat);
                Some(GeomWithData::new(unit_vector(lon, lat), i))
            })
            .collect();
        PlaceIndex {
            tree: RTree::bulk_load(entries),
            lon_lat,
        }
    }

    pub fn len(&self) -> usize {
        self.tree.size()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// The places nearest to a point, closest first, those accepted by `keep` only.
    pub fn nearest(
        &self,
        lon: f64,
        lat: f64,
        limit: usize,
        max_distance_m: Option<f64>,
        mut keep: impl FnMut(usize) -> bool,
    ) -> Vec<PlaceNeighbour> {
        let q = unit_vector(lon, lat);
        let max_chord2 = max_distance_m.map(chord2_for_m).unwrap_or(f64::INFINITY);
        let mut out = Vec::with_capacity(limit);
        for (entry, d2) in self.tree.nearest_neighbor_iter_with_distance_2(&q) {
            if out.len() >= limit || d2 > max_chord2 {
                break;
            }
            if keep(entry.data) {
                let (plon, plat) = self.lon_lat[entry.data];
                out.push(PlaceNeighbour {
                    index: entry.data,
                    distance_m: haversine_m([lon, lat], [plon, plat]),
                });
            }
        }
        out
    }

    /// Every place within `radius_m` of a point, in no particular order.
    pub fn within(&self, lon: f64, lat: f64, radius_m: f64) -> Vec<PlaceNeighbour> {
        let q = unit_vector(lon, lat);
        self.tree
            .locate_within_distance(q, chord2_for_m(radius_m))
            .map(|e| {
                let (plon, plat) = self.lon_lat[e.data];
                PlaceNeighbour {
                    index: e.data,
                    distance_m: haversine_m([lon, lat], [plon, plat]),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_orders_by_distance_and_filters() {
        let pts = vec![
            Some((2.0, 45.0)),
            Some((2.1, 45.0)),
            None,
            Some((2.02, 45.0)),
        ];
        let idx = PlaceIndex::new(&pts);
        assert_eq!(idx.len(), 3);
        let n = idx.nearest(2.0, 45.0, 2, None, |_| true);
        assert_eq!(n.iter().map(|n| n.index).collect::<Vec<_>>(), vec![0, 3]);
        let n = idx.nearest(2.0, 45.0, 5, None, |i| i != 0);
        assert_eq!(n.iter().map(|n| n.index).collect::<Vec<_>>(), vec![3, 1]);
        assert!((n[0].distance_m - haversine_m([2.0, 45.0], [2.02, 45.0])).abs() < 1e-6);
        let n = idx.nearest(2.0, 45.0, 5, Some(5_000.0), |_| true);
        assert_eq!(n.len(), 2);
        assert_eq!(idx.within(2.0, 45.0, 5_000.0).len(), 2);
    }
}
