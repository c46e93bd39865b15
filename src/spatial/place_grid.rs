//! Places bucketed in a flat longitude/latitude grid, for the `k` nearest places that pass a
//! test (the residents' filters). An R-tree's nearest-neighbour walk keeps every node and
//! place it meets in a priority queue, and a selective filter makes it meet hundreds; here
//! the places of a ring of cells lie side by side in one array, a place is tested only when
//! it is closer than the `k`-th kept so far, and the search stops as soon as a bound on the
//! distance of every cell not yet read exceeds the `k`-th.
//!
//! Exact: places are ranked by squared chord on the unit sphere (as the R-tree ranks them),
//! places at the same distance (sharing a position) by index, whatever the layout.

use super::geodesy::{haversine_m, unit_vector};
use super::PlaceNeighbour;
use std::collections::BinaryHeap;

/// Cell side in degrees, unless the data's extent asks for more cells than [`MAX_CELLS`]:
/// about 11 km × 8 km in metropolitan France, a place or two on average.
const CELL_DEG: f64 = 0.1;

/// Cells at most (their offsets take 4 bytes each).
const MAX_CELLS: f64 = 2_000_000.0;

/// Relative margin taken off the distance bound against rounding: a bound a hair too low
/// only reads one ring more.
const BOUND_MARGIN: f64 = 1e-9;

/// The places of a snapshot by grid cell.
pub struct PlaceGrid {
    west: f64,
    south: f64,
    cell_deg: f64,
    cols: i64,
    rows: i64,
    /// Places of cell `row * cols + col` are `starts[c]..starts[c + 1]` in the arrays below.
    starts: Vec<u32>,
    /// Unit-sphere position of each bucketed place.
    xyz: Vec<[f64; 3]>,
    /// The caller's index of each bucketed place.
    index: Vec<usize>,
    /// (lon, lat) per caller index, NaN for places without a position.
    lon_lat: Vec<(f64, f64)>,
}

/// Squared chord between two unit vectors, summed in the R-tree's order.
fn chord2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let (dx, dy, dz) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    dx * dx + dy * dy + dz * dz
}

/// Squared chord of a great-circle angle (radians).
fn chord2_of_angle(angle: f64) -> f64 {
    let c = 2.0 * (angle.min(std::f64::consts::PI) / 2.0).sin();
    c * c
}

/// A candidate's rank: squared chord (non-negative, so its bits order as the number), then
/// index.
type Rank = (u64, usize);

impl PlaceGrid {
    /// Buckets (lon, lat) per caller index; `None` positions are left out.
    pub fn new(positions: &[Option<(f64, f64)>]) -> PlaceGrid {
        let known: Vec<(usize, f64, f64)> = positions
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|(lon, lat)| (i, lon, lat)))
            .collect();
        let (mut west, mut south, mut east, mut north) = (0.0, 0.0, 0.0, 0.0);
        if let Some(&(_, lon, lat)) = known.first() {
            (west, south, east, north) = (lon, lat, lon, lat);
        }
        for &(_, lon, lat) in &known {
            west = f64::min(west, lon);
            east = f64::max(east, lon);
            south = f64::min(south, lat);
            north = f64::max(north, lat);
        }
        let area = (east - west + CELL_DEG) * (north - south + CELL_DEG);
        let cell_deg = CELL_DEG.max((area / MAX_CELLS).sqrt());
        let cols = ((east - west) / cell_deg).floor() as i64 + 1;
        let rows = ((north - south) / cell_deg).floor() as i64 + 1;
        let mut grid = PlaceGrid {
            west,
            south,
            cell_deg,
            cols,
            rows,
            starts: Vec::new(),
            xyz: Vec::with_capacity(known.len()),
            index: Vec::with_capacity(known.len()),
            lon_lat: positions
                .iter()
                .map(|p| p.unwrap_or((f64::NAN, f64::NAN)))
                .collect(),
        };
        let mut by_cell: Vec<(usize, usize, f64, f64)> = known
            .into_iter()
            .map(|(i, lon, lat)| {
                let (col, row) = grid.cell_of(lon, lat);
                ((row * cols + col) as usize, i, lon, lat)
            })
            .collect();
        by_cell.sort_unstable_by_key(|&(cell, i, _, _)| (cell, i));
        let mut starts = vec![0u32; (cols * rows) as usize + 1];
        for &(cell, i, lon, lat) in &by_cell {
            starts[cell + 1] += 1;
            grid.xyz.push(unit_vector(lon, lat));
            grid.index.push(i);
        }
        for c in 1..starts.len() {
            starts[c] += starts[c - 1];
        }
        grid.starts = starts;
        grid
    }

    /// The cell (col, row) a position falls in, outside the grid for positions outside it.
    fn cell_of(&self, lon: f64, lat: f64) -> (i64, i64) {
        (
            ((lon - self.west) / self.cell_deg).floor() as i64,
            ((lat - self.south) / self.cell_deg).floor() as i64,
        )
    }

    /// Places of cells `c0..=c1` of row `r`, clipped to the grid, as a range of the arrays.
    fn row_span(&self, r: i64, c0: i64, c1: i64) -> std::ops::Range<usize> {
        let (c0, c1) = (c0.max(0), c1.min(self.cols - 1));
        if r < 0 || r >= self.rows || c0 > c1 {
            return 0..0;
        }
        let first = (r * self.cols + c0) as usize;
        let last = (r * self.cols + c1) as usize;
        self.starts[first] as usize..self.starts[last + 1] as usize
    }

    /// The `limit` places nearest a point that `keep` accepts, closest first, places at the
    /// same distance in index order. `keep` is asked only of places that could rank.
    pub fn nearest_passing(
        &self,
        lon: f64,
        lat: f64,
        limit: usize,
        mut keep: impl FnMut(usize) -> bool,
    ) -> Vec<PlaceNeighbour> {
        if limit == 0 || self.index.is_empty() {
            return Vec::new();
        }
        let q = unit_vector(lon, lat);
        let (qc, qr) = self.cell_of(lon, lat);
        let mut best: BinaryHeap<Rank> = BinaryHeap::with_capacity(limit + 1);
        let mut read = |span: std::ops::Range<usize>, best: &mut BinaryHeap<Rank>| {
            for j in span {
                let rank = (chord2(&self.xyz[j], &q).to_bits(), self.index[j]);
                let full = best.len() >= limit;
                if full && best.peek().is_some_and(|worst| rank >= *worst) {
                    continue;
                }
                if keep(rank.1) {
                    best.push(rank);
                    if full {
                        best.pop();
                    }
                }
            }
        };
        // The first ring that reaches the grid, read whole; then one ring of cells at a time.
        let first = [qc - (self.cols - 1), -qc, qr - (self.rows - 1), -qr]
            .into_iter()
            .max()
            .unwrap_or(0)
            .max(0);
        for r in qr - first..=qr + first {
            read(self.row_span(r, qc - first, qc + first), &mut best);
        }
        let mut ring = first;
        loop {
            let covers_grid = qc - ring <= 0
                && qc + ring >= self.cols - 1
                && qr - ring <= 0
                && qr + ring >= self.rows - 1;
            if covers_grid {
                break;
            }
            if best.len() >= limit {
                let kth = best.peek().map_or(0.0, |w| f64::from_bits(w.0));
                if kth < self.bound_outside(lon, lat, qc, qr, ring) {
                    break;
                }
            }
            ring += 1;
            let (c0, c1) = (qc - ring, qc + ring);
            read(self.row_span(qr - ring, c0, c1), &mut best);
            read(self.row_span(qr + ring, c0, c1), &mut best);
            for r in (qr - ring + 1).max(0)..=(qr + ring - 1).min(self.rows - 1) {
                read(self.row_span(r, c0, c0), &mut best);
                read(self.row_span(r, c1, c1), &mut best);
            }
        }
        let mut ranked = best.into_vec();
        ranked.sort_unstable();
        ranked
            .into_iter()
            .map(|(_, index)| {
                let (plon, plat) = self.lon_lat[index];
                PlaceNeighbour {
                    index,
                    distance_m: haversine_m([lon, lat], [plon, plat]),
                }
            })
            .collect()
    }

    /// A squared chord no place outside the cells within `ring` of (`qc`, `qr`) is closer
    /// than, for a query at (`lon`, `lat`) in cell (`qc`, `qr`). Such a place lies beyond one
    /// of the block's four sides where the grid goes on: past a parallel, at least the
    /// latitude difference away; past a meridian (at most 180° of longitude further on), its
    /// great circle is crossed, at least `asin(cos φ · |sin Δλ|)` away.
    fn bound_outside(&self, lon: f64, lat: f64, qc: i64, qr: i64, ring: i64) -> f64 {
        let edge_lon = |c: i64| self.west + c as f64 * self.cell_deg;
        let edge_lat = |r: i64| self.south + r as f64 * self.cell_deg;
        let grid_east = edge_lon(self.cols);
        let grid_west = self.west;
        let mut angle = f64::INFINITY;
        if qr - ring > 0 {
            angle = angle.min((lat - edge_lat(qr - ring)).to_radians());
        }
        if qr + ring < self.rows - 1 {
            angle = angle.min((edge_lat(qr + ring + 1) - lat).to_radians());
        }
        let across = |edge: f64, beyond: f64| {
            if (beyond - edge).abs() >= 180.0 || (edge - lon).abs() >= 180.0 {
                return 0.0;
            }
            let s = lat.to_radians().cos() * (edge - lon).to_radians().sin().abs();
            s.clamp(0.0, 1.0).asin()
        };
        if qc - ring > 0 {
            angle = angle.min(across(edge_lon(qc - ring), grid_west));
        }
        if qc + ring < self.cols - 1 {
            angle = angle.min(across(edge_lon(qc + ring + 1), grid_east));
        }
        chord2_of_angle(angle.max(0.0)) * (1.0 - BOUND_MARGIN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spatial::PlaceIndex;

    /// A seeded generator, enough for test points.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// Every accepted place by (squared chord, index): the reference.
    fn brute(
        positions: &[Option<(f64, f64)>],
        lon: f64,
        lat: f64,
        limit: usize,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<usize> {
        let q = unit_vector(lon, lat);
        let mut all: Vec<(u64, usize)> = positions
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let (plon, plat) = (*p)?;
                keep(i).then(|| (chord2(&unit_vector(plon, plat), &q).to_bits(), i))
            })
            .collect();
        all.sort_unstable();
        all.into_iter().take(limit).map(|(_, i)| i).collect()
    }

    #[test]
    fn equals_brute_force_on_random_places_and_queries() {
        let mut rng = Lcg(7);
        // Clustered places with shared positions, a few far away (overseas), some unplaced.
        let mut positions = Vec::new();
        for k in 0..3_000 {
            let p = match k % 10 {
                0 => None,
                1 => positions.last().copied().flatten(),
                2 => Some((-61.0 + rng.next(), 14.0 + rng.next())),
                _ => Some((-4.0 + 12.0 * rng.next(), 42.0 + 9.0 * rng.next())),
            };
            positions.push(p);
        }
        let grid = PlaceGrid::new(&positions);
        let tree = PlaceIndex::new(&positions);
        for case in 0..400 {
            let (lon, lat) = match case % 4 {
                0 => (-70.0 + 150.0 * rng.next(), -60.0 + 140.0 * rng.next()),
                _ => (-5.0 + 14.0 * rng.next(), 41.0 + 11.0 * rng.next()),
            };
            let limit = 1 + (rng.next() * 60.0) as usize;
            let modulo = 1 + (rng.next() * 9.0) as usize;
            let keep = |i: usize| i.is_multiple_of(modulo);
            let got: Vec<usize> = grid
                .nearest_passing(lon, lat, limit, keep)
                .iter()
                .map(|n| n.index)
                .collect();
            assert_eq!(got, brute(&positions, lon, lat, limit, keep), "{lon} {lat}");
            // Distances as the R-tree gives them.
            let by_tree = tree.nearest(lon, lat, limit, None, keep);
            let d = grid.nearest_passing(lon, lat, limit, keep);
            assert_eq!(d.len(), by_tree.len());
            for (a, b) in d.iter().zip(&by_tree) {
                assert!((a.distance_m - b.distance_m).abs() < 1e-6);
            }
        }
    }

    #[test]
    fn asks_keep_only_of_places_that_could_rank() {
        let positions: Vec<_> = (0..1_000)
            .map(|i| Some((2.0 + (i % 40) as f64 * 0.01, 45.0 + (i / 40) as f64 * 0.01)))
            .collect();
        let grid = PlaceGrid::new(&positions);
        let mut asked = 0;
        let n = grid.nearest_passing(2.2, 45.1, 5, |_| {
            asked += 1;
            true
        });
        assert_eq!(n.len(), 5);
        assert!(asked < 200, "asked {asked}");
        assert!(grid.nearest_passing(2.2, 45.1, 0, |_| true).is_empty());
        assert!(PlaceGrid::new(&[])
            .nearest_passing(2.0, 45.0, 3, |_| true)
            .is_empty());
    }
}
