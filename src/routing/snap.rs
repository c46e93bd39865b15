//! Snapping a point to the nearest routable road segment (R-tree over the segments, in metres),
//! and turning the snapped position into query endpoints: the walk to the road plus the part
//! of the segment still to travel.

use super::ch::Endpoint;
use super::geom::LocalProjection;
use super::graph::Csr;
use super::profile::WALK_SPEED_KMH;
use crate::spatial::geodesy::haversine_m;

/// Farthest a point may lie from a road and still be snapped to it.
pub const SNAP_MAX_M: f64 = 1_500.0;

/// An undirected road segment between two nodes; each direction may be closed.
#[derive(Debug, Clone, Copy)]
struct Segment {
    a: u32,
    b: u32,
    /// Edge positions of `a → b` and `b → a` in the graph, `u32::MAX` when closed.
    ab: u32,
    ba: u32,
}

/// Where a point lands on the road graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snapped {
    pub segment: u32,
    /// Position along the segment from its first node (0) to its second (1).
    pub fraction: f64,
    /// The snapped position, `[lon, lat]`.
    pub point: [f64; 2],
    /// Straight-line distance from the query point to the snapped position.
    pub distance_m: f64,
}

/// The outcome of snapping.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SnapOutcome {
    Snapped(Snapped),
    /// The nearest road is farther than [`SNAP_MAX_M`] (at least `nearest_m`).
    TooFar {
        nearest_m: f64,
    },
    /// The graph has no segment at all.
    NoRoad,
}

/// Nearest-segment index of one profile's graph: a uniform grid of buckets in metres.
///
/// An R-tree (`rstar`) was the first choice, but bulk-loading 1.2 million segments took
/// 2.2 s per profile, over the whole one-second budget for loading a network; the grid builds
/// in tens of milliseconds and answers a nearest query by scanning rings of cells.
pub struct SnapIndex {
    projection: LocalProjection,
    segments: Vec<Segment>,
    /// Projected end points of each segment.
    ends: Vec<[[f64; 2]; 2]>,
    origin: [f64; 2],
    cell_m: f64,
    width: usize,
    height: usize,
    /// Segments of each cell: `cell_first[c]..cell_first[c + 1]` in `cell_segments`.
    cell_first: Vec<u32>,
    cell_segments: Vec<u32>,
}

impl std::fmt::Debug for SnapIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SnapIndex({} segments, {}×{} cells)",
            self.segments.len(),
            self.width,
            self.height
        )
    }
}

/// Walking time over `distance_m`, milliseconds.
pub fn walk_time_ms(distance_m: f64) -> u32 {
    (distance_m / (WALK_SPEED_KMH / 3.6) * 1000.0).round() as u32
}

/// A snapped position this close to a segment's end node stands on that node.
const ON_NODE_M: f64 = 0.5;

/// Smallest grid cell, and the most cells a grid may have.
const MIN_CELL_M: f64 = 250.0;
const MAX_CELLS: f64 = 4_000_000.0;

/// The point of segment `a–b` nearest to `q`, and its position along the segment (0..1).
fn nearest_on(a: [f64; 2], b: [f64; 2], q: [f64; 2]) -> ([f64; 2], f64) {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let f = if len2 > 0.0 {
        (((q[0] - a[0]) * dx + (q[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    ([a[0] + dx * f, a[1] + dy * f], f)
}

impl SnapIndex {
    pub fn build(coords: &[[f64; 2]], g: &Csr, projection: LocalProjection) -> SnapIndex {
        let mut segments = Vec::new();
        for u in 0..g.num_nodes() as u32 {
            for e in g.edges(u) {
                let v = g.head[e];
                let back = g.find(v, u);
                if u < v {
                    let ba = back.map_or(u32::MAX, |k| k as u32);
                    segments.push(Segment {
                        a: u,
                        b: v,
                        ab: e as u32,
                        ba,
                    });
                } else if back.is_none() {
                    segments.push(Segment {
                        a: v,
                        b: u,
                        ab: u32::MAX,
                        ba: e as u32,
                    });
                }
            }
        }
        let ends: Vec<[[f64; 2]; 2]> = segments
            .iter()
            .map(|s| {
                [
                    projection.project(coords[s.a as usize]),
                    projection.project(coords[s.b as usize]),
                ]
            })
            .collect();
        let (mut min, mut max) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for p in ends.iter().flatten() {
            min = [min[0].min(p[0]), min[1].min(p[1])];
            max = [max[0].max(p[0]), max[1].max(p[1])];
        }
        if segments.is_empty() {
            (min, max) = ([0.0; 2], [0.0; 2]);
        }
        let area = (max[0] - min[0] + 1.0) * (max[1] - min[1] + 1.0);
        let cell_m = MIN_CELL_M.max((area / MAX_CELLS).sqrt());
        let width = ((max[0] - min[0]) / cell_m) as usize + 1;
        let height = ((max[1] - min[1]) / cell_m) as usize + 1;
        let mut index = SnapIndex {
            projection,
            segments,
            ends,
            origin: min,
            cell_m,
            width,
            height,
            cell_first: vec![0; width * height + 1],
            cell_segments: Vec::new(),
        };
        // Counting sort of (cell, segment) pairs, a segment in every cell its box touches.
        for pass in 0..2 {
            let mut fill = index.cell_first.clone();
            for (k, [a, b]) in index.ends.iter().enumerate() {
                let (i0, j0) = index.cell_of([a[0].min(b[0]), a[1].min(b[1])]);
                let (i1, j1) = index.cell_of([a[0].max(b[0]), a[1].max(b[1])]);
                for j in j0..=j1 {
                    for i in i0..=i1 {
                        let c = j * width + i;
                        if pass == 0 {
                            index.cell_first[c + 1] += 1;
                        } else {
                            index.cell_segments[fill[c] as usize] = k as u32;
                            fill[c] += 1;
                        }
                    }
                }
            }
            if pass == 0 {
                for c in 0..width * height {
                    index.cell_first[c + 1] += index.cell_first[c];
                }
                index.cell_segments = vec![0; index.cell_first[width * height] as usize];
            }
        }
        index
    }

    fn cell_of(&self, p: [f64; 2]) -> (usize, usize) {
        let i = ((p[0] - self.origin[0]) / self.cell_m)
            .floor()
            .clamp(0.0, (self.width - 1) as f64);
        let j = ((p[1] - self.origin[1]) / self.cell_m)
            .floor()
            .clamp(0.0, (self.height - 1) as f64);
        (i as usize, j as usize)
    }

    /// Snaps `point` (`[lon, lat]`) to the nearest segment within [`SNAP_MAX_M`].
    pub fn snap(&self, point: [f64; 2]) -> SnapOutcome {
        if self.segments.is_empty() {
            return SnapOutcome::NoRoad;
        }
        let q = self.projection.project(point);
        // Rings of cells around the query's cell (clamped to the grid); a ring at Chebyshev
        // distance r holds nothing closer than (r - 1) cells.
        let ci = ((q[0] - self.origin[0]) / self.cell_m).floor();
        let cj = ((q[1] - self.origin[1]) / self.cell_m).floor();
        let max_ring = (SNAP_MAX_M / self.cell_m).ceil() as i64 + 1;
        let mut best: Option<(f64, u32)> = None;
        for r in 0..=max_ring {
            if let Some((d2, _)) = best {
                let reach = (r - 1) as f64 * self.cell_m;
                if reach > 0.0 && reach * reach >= d2 {
                    break;
                }
            }
            let (ci, cj) = (ci as i64, cj as i64);
            for j in cj - r..=cj + r {
                if j < 0 || j >= self.height as i64 {
                    continue;
                }
                let step = if j == cj - r || j == cj + r {
                    1
                } else {
                    (2 * r).max(1)
                };
                let mut i = ci - r;
                while i <= ci + r {
                    if i >= 0 && i < self.width as i64 {
                        let c = j as usize * self.width + i as usize;
                        for &k in &self.cell_segments
                            [self.cell_first[c] as usize..self.cell_first[c + 1] as usize]
                        {
                            let [a, b] = self.ends[k as usize];
                            let (p, _) = nearest_on(a, b, q);
                            let d2 = (p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2);
                            if best.is_none_or(|(bd, bk)| d2 < bd || (d2 == bd && k < bk)) {
                                best = Some((d2, k));
                            }
                        }
                    }
                    i += step;
                }
            }
        }
        let Some((_, k)) = best else {
            return SnapOutcome::TooFar {
                nearest_m: SNAP_MAX_M,
            };
        };
        let [a, b] = self.ends[k as usize];
        let (on, fraction) = nearest_on(a, b, q);
        let snapped_point = self.projection.unproject(on);
        let distance_m = haversine_m(point, snapped_point);
        if distance_m > SNAP_MAX_M {
            return SnapOutcome::TooFar {
                nearest_m: distance_m,
            };
        }
        SnapOutcome::Snapped(Snapped {
            segment: k,
            fraction,
            point: snapped_point,
            distance_m,
        })
    }

    fn part(g: &Csr, edge: u32, share: f64, walk: Endpoint) -> Option<Endpoint> {
        (edge != u32::MAX).then(|| Endpoint {
            node: walk.node,
            time_ms: walk.time_ms + (g.time_ms[edge as usize] as f64 * share).round() as u32,
            dist_dm: walk.dist_dm + (g.dist_dm[edge as usize] as f64 * share).round() as u32,
        })
    }

    /// The segment's end nodes that the snapped position stands on (within [`ON_NODE_M`]):
    /// such a point is at a junction, free to take any road leaving or reaching it, whatever
    /// the direction of the one segment it happened to snap to.
    fn on_nodes(&self, s: &Snapped) -> impl Iterator<Item = u32> {
        let seg = self.segments[s.segment as usize];
        let [a, b] = self.ends[s.segment as usize];
        let length_m = ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt();
        let at_a = s.fraction * length_m <= ON_NODE_M;
        let at_b = (1.0 - s.fraction) * length_m <= ON_NODE_M;
        [(at_a, seg.a), (at_b, seg.b)]
            .into_iter()
            .filter_map(|(on, node)| on.then_some(node))
    }

    /// Where a route from this snapped point can enter the graph, walk included.
    pub fn starts(&self, g: &Csr, s: &Snapped) -> Vec<Endpoint> {
        let seg = self.segments[s.segment as usize];
        let walk = |node| Endpoint {
            node,
            time_ms: walk_time_ms(s.distance_m),
            dist_dm: (s.distance_m * 10.0).round() as u32,
        };
        [
            Self::part(g, seg.ab, 1.0 - s.fraction, walk(seg.b)),
            Self::part(g, seg.ba, s.fraction, walk(seg.a)),
        ]
        .into_iter()
        .flatten()
        .chain(self.on_nodes(s).map(walk))
        .collect()
    }

    /// From which nodes a route can reach this snapped point, and what remains from there.
    pub fn ends(&self, g: &Csr, s: &Snapped) -> Vec<Endpoint> {
        let seg = self.segments[s.segment as usize];
        let walk = |node| Endpoint {
            node,
            time_ms: walk_time_ms(s.distance_m),
            dist_dm: (s.distance_m * 10.0).round() as u32,
        };
        [
            Self::part(g, seg.ab, s.fraction, walk(seg.a)),
            Self::part(g, seg.ba, 1.0 - s.fraction, walk(seg.b)),
        ]
        .into_iter()
        .flatten()
        .chain(self.on_nodes(s).map(walk))
        .collect()
    }

    /// Travel along a single segment when both points snap onto it: `(time_ms, dist_dm)`.
    pub fn same_segment(&self, g: &Csr, from: &Snapped, to: &Snapped) -> Option<(u32, u32)> {
        if from.segment != to.segment {
            return None;
        }
        let seg = self.segments[from.segment as usize];
        let (edge, share) = if to.fraction >= from.fraction {
            (seg.ab, to.fraction - from.fraction)
        } else {
            (seg.ba, from.fraction - to.fraction)
        };
        if edge == u32::MAX {
            return None;
        }
        let walk_ms = walk_time_ms(from.distance_m) + walk_time_ms(to.distance_m);
        let walk_dm = ((from.distance_m + to.distance_m) * 10.0).round() as u32;
        Some((
            walk_ms + (g.time_ms[edge as usize] as f64 * share).round() as u32,
            walk_dm + (g.dist_dm[edge as usize] as f64 * share).round() as u32,
        ))
    }

    pub fn num_segments(&self) -> usize {
        self.segments.len()
    }

    /// The two end nodes of a segment and the graph positions of its two directions (`a → b`,
    /// `b → a`), `None` for a direction closed to the profile.
    pub fn segment(&self, segment: u32) -> ([u32; 2], [Option<usize>; 2]) {
        let s = self.segments[segment as usize];
        let edge = |e: u32| (e != u32::MAX).then_some(e as usize);
        ([s.a, s.b], [edge(s.ab), edge(s.ba)])
    }

    /// Every segment whose bounding box meets the box `min`–`max` (`[lon, lat]` corners), each
    /// once: the candidates of an area query, to be tested exactly by the caller.
    pub fn segments_near(&self, min: [f64; 2], max: [f64; 2]) -> Vec<u32> {
        if self.segments.is_empty() {
            return Vec::new();
        }
        let (lo, hi) = (self.projection.project(min), self.projection.project(max));
        let (i0, j0) = self.cell_of(lo);
        let (i1, j1) = self.cell_of(hi);
        let mut found = Vec::new();
        for j in j0..=j1 {
            for i in i0..=i1 {
                let c = j * self.width + i;
                for &k in &self.cell_segments
                    [self.cell_first[c] as usize..self.cell_first[c + 1] as usize]
                {
                    let [a, b] = self.ends[k as usize];
                    let overlaps = a[0].min(b[0]) <= hi[0]
                        && a[0].max(b[0]) >= lo[0]
                        && a[1].min(b[1]) <= hi[1]
                        && a[1].max(b[1]) >= lo[1];
                    if overlaps {
                        found.push(k);
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}
