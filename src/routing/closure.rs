//! Roads closed for a what-if: which edges of a profile's graph a closure takes out (the
//! segment nearest to a point, or every segment crossing an area, both directions), and the
//! bounded search that avoids them.
//!
//! The search is a plain Dijkstra on the base graph: its times are, by construction, those of
//! the graph without the closed edges, whatever hierarchy the network was prepared with. The
//! prepared hierarchy (greedy by default) cannot be re-weighed, and a customizable one would
//! need its topology kept on disk and in memory; a search bounded by the coverage limits from
//! each commune of one département costs about as much as a re-customization of a national
//! network, and is exact on every network.

use super::ch::Endpoint;
use super::graph::Csr;
use super::network::ProfileGraph;
use super::search::with_spaces;
use super::snap::SnapOutcome;
use super::sweep::Limits;
use geo::{BoundingRect, Coord, Intersects, Line, MultiPolygon};
use std::ops::ControlFlow;

/// Road segments of one profile's graph closed to traffic, both directions.
#[derive(Debug, Clone, Default)]
pub struct ClosedRoads {
    /// Segments of the graph's snap index, sorted, each once.
    segments: Vec<u32>,
    /// One bit per graph edge.
    bits: Vec<u64>,
    /// Directed edges closed.
    pub edges: usize,
    /// Length of the closed segments (each counted once, whatever its directions).
    pub length_m: f64,
}

impl ClosedRoads {
    /// Closes `segments` (indices of `g`'s snap index) in both directions.
    pub fn new(g: &ProfileGraph, mut segments: Vec<u32>) -> ClosedRoads {
        segments.sort_unstable();
        segments.dedup();
        let mut bits = vec![0u64; g.graph.num_edges().div_ceil(64)];
        let mut edges = 0;
        let mut length_dm = 0u64;
        for &s in &segments {
            let (_, directions) = g.snap.segment(s);
            let mut length = 0;
            for e in directions.into_iter().flatten() {
                let (word, bit) = (e / 64, 1u64 << (e % 64));
                if bits[word] & bit == 0 {
                    bits[word] |= bit;
                    edges += 1;
                }
                length = length.max(g.graph.dist_dm[e]);
            }
            length_dm += u64::from(length);
        }
        ClosedRoads {
            segments,
            bits,
            edges,
            length_m: length_dm as f64 / 10.0,
        }
    }

    /// Whether edge `e` (a position in the graph's arrays) is closed.
    #[inline]
    pub fn closes(&self, e: usize) -> bool {
        self.bits
            .get(e / 64)
            .is_some_and(|w| w & (1u64 << (e % 64)) != 0)
    }

    pub fn num_segments(&self) -> usize {
        self.segments.len()
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// The nodes closed edges leave, each once: a search that settles none of them within its
    /// limits takes no closed edge, so its answer is the open graph's.
    pub fn tails(&self, g: &ProfileGraph) -> Vec<u32> {
        let mut tails: Vec<u32> = self
            .segments
            .iter()
            .flat_map(|&s| {
                let ([a, b], [ab, ba]) = g.snap.segment(s);
                ab.map(|_| a).into_iter().chain(ba.map(|_| b))
            })
            .collect();
        tails.sort_unstable();
        tails.dedup();
        tails
    }

    /// The closed segments as `[[lon, lat], [lon, lat]]` lines, to show them on a map.
    pub fn lines(&self, g: &ProfileGraph) -> Vec<[[f64; 2]; 2]> {
        self.segments
            .iter()
            .map(|&s| {
                let ([a, b], _) = g.snap.segment(s);
                [g.coords[a as usize], g.coords[b as usize]]
            })
            .collect()
    }
}

/// The segment nearest to `point` (`[lon, lat]`), within the snapping distance; otherwise the
/// snapping outcome, which says how far the nearest road is.
pub fn segment_at(g: &ProfileGraph, point: [f64; 2]) -> Result<u32, SnapOutcome> {
    match g.snap(point) {
        SnapOutcome::Snapped(s) => Ok(s.segment),
        other => Err(other),
    }
}

/// Every segment of `g` that crosses or touches `area` (a segment with no point inside it is
/// left open); `Err(n)` as soon as more than `max` are found.
pub fn segments_crossing(
    g: &ProfileGraph,
    area: &MultiPolygon<f64>,
    max: usize,
) -> Result<Vec<u32>, usize> {
    let Some(rect) = area.bounding_rect() else {
        return Ok(Vec::new());
    };
    let (min, max_corner) = (rect.min(), rect.max());
    let mut crossing = Vec::new();
    for s in g
        .snap
        .segments_near([min.x, min.y], [max_corner.x, max_corner.y])
    {
        let ([a, b], _) = g.snap.segment(s);
        let (a, b) = (g.coords[a as usize], g.coords[b as usize]);
        let line = Line::new(Coord { x: a[0], y: a[1] }, Coord { x: b[0], y: b[1] });
        if line.intersects(area) {
            crossing.push(s);
            if crossing.len() > max {
                return Err(crossing.len());
            }
        }
    }
    Ok(crossing)
}

/// A Dijkstra on the base graph `g` from `starts`, never taking a closed edge. `settle` is
/// called with each node settled within `limits` (its fastest time and that route's length),
/// in order of time, and may stop the search; a node past both limits is not expanded, as in
/// the hierarchy's sweeps ([`super::sweep`]).
pub fn search_avoiding(
    g: &Csr,
    closed: &ClosedRoads,
    starts: &[Endpoint],
    limits: Limits,
    mut settle: impl FnMut(u32, u32, u32) -> ControlFlow<()>,
) {
    with_spaces(g.num_nodes(), |space, _| {
        space.reset();
        for s in starts {
            space.offer(s.node, s.time_ms, s.dist_dm, u32::MAX);
        }
        while let Some((u, t, d)) = space.pop() {
            if !limits.within(t, d) {
                continue;
            }
            if settle(u, t, d).is_break() {
                break;
            }
            for e in g.edges(u) {
                if closed.closes(e) {
                    continue;
                }
                space.offer(
                    g.head[e],
                    t.saturating_add(g.time_ms[e]),
                    d.saturating_add(g.dist_dm[e]),
                    u,
                );
            }
        }
    });
}
