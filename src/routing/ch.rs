//! Contraction hierarchies: the node order and shortcuts come from `fast_paths`; the queries
//! (one-to-one with path, bucket many-to-many) are ours, over a compact rank-ordered copy that
//! also carries each edge's length, so a matrix gives distances without unpacking paths.

use super::defect::GraphDefect;
use super::graph::Csr;
use super::search::{with_spaces, SearchSpace};
use super::upward::{upward_search, upward_space_into, Direction, Limits, Settled, UpwardSearch};
use rayon::prelude::*;

/// "No middle node": the edge is an original road edge, not a shortcut.
pub const NO_MIDDLE: u32 = u32::MAX;
/// "Unreachable" travel time.
pub const INFINITE: u32 = u32::MAX;

/// An edge of the hierarchy, stored at its lower-ranked end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub struct ChEdge {
    /// Rank of the higher-ranked end.
    pub other: u32,
    pub time_ms: u32,
    pub dist_dm: u32,
    /// Rank of the node this shortcut bypasses, or [`NO_MIDDLE`].
    pub middle: u32,
}

/// Preparation parameters, recorded in the network's metadata.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ChParams {
    pub hierarchy_depth_factor: f32,
    pub max_settled_nodes_initial_relevance: usize,
    pub max_settled_nodes_neighbor_relevance: usize,
    pub max_settled_nodes_contraction: usize,
}

impl Default for ChParams {
    /// fast_paths' defaults with smaller witness searches: on the 1M-node benchmark network
    /// this halves preparation (≈ 25 s instead of ≈ 50 s per profile) for 5 % more shortcuts
    /// and unchanged query times.
    fn default() -> Self {
        ChParams {
            hierarchy_depth_factor: 0.1,
            max_settled_nodes_initial_relevance: 500,
            max_settled_nodes_neighbor_relevance: 3,
            max_settled_nodes_contraction: 100,
        }
    }
}

/// A prepared hierarchy. Everything is indexed by rank (0 = contracted first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ch {
    pub rank_of: Vec<u32>,
    pub node_at: Vec<u32>,
    /// Upward out-edges of each rank: `up_first[r]..up_first[r + 1]` in `up`.
    pub up_first: Vec<u32>,
    pub up: Vec<ChEdge>,
    /// Upward in-edges (from `other` down to the rank): `down_first[r]..` in `down`.
    pub down_first: Vec<u32>,
    pub down: Vec<ChEdge>,
}

/// A start or an end of a query: a node of the base graph and the time and distance already
/// spent reaching it (from a point snapped onto an edge) or still to spend after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    pub node: u32,
    pub time_ms: u32,
    pub dist_dm: u32,
}

/// The answer of a one-to-one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChRoute {
    pub time_ms: u32,
    pub dist_dm: u32,
    /// Base-graph nodes from the chosen start node to the chosen end node.
    pub nodes: Vec<u32>,
}

impl Ch {
    /// Contracts `graph` with `fast_paths`.
    pub fn prepare(graph: &Csr, params: &ChParams) -> Result<Ch, GraphDefect> {
        let mut input = fast_paths::InputGraph::new();
        for u in 0..graph.num_nodes() as u32 {
            for e in graph.edges(u) {
                input.add_edge(
                    u as usize,
                    graph.head[e] as usize,
                    graph.time_ms[e] as usize,
                );
            }
        }
        input.freeze();
        let fp = fast_paths::Params::new(
            params.hierarchy_depth_factor,
            params.max_settled_nodes_initial_relevance,
            params.max_settled_nodes_neighbor_relevance,
            params.max_settled_nodes_contraction,
        );
        let fast = fast_paths::prepare_with_params(&input, &fp);
        drop(input);
        Ch::from_fast_graph(graph, &fast_paths::FastGraph32::new(&fast))
    }

    /// Copies a prepared `fast_paths` graph, adding the length of every edge.
    fn from_fast_graph(graph: &Csr, fg: &fast_paths::FastGraph32) -> Result<Ch, GraphDefect> {
        let n = graph.num_nodes();
        if fg.ranks.len() != n {
            return Err(GraphDefect::HierarchySize {
                hierarchy: fg.ranks.len(),
                graph: n,
            });
        }
        let rank_of: Vec<u32> = fg.ranks.clone();
        let mut node_at = vec![0u32; n];
        for (node, &r) in rank_of.iter().enumerate() {
            node_at[r as usize] = node as u32;
        }
        // (fast_paths' 32-bit edge type is not nameable, hence a macro rather than a function.)
        // Originals have no replaced edges; for shortcuts the replaced in-edge id is kept in
        // `middle` for now and turned into the middle node's rank below.
        macro_rules! convert {
            ($edges:expr) => {
                $edges
                    .iter()
                    .map(|e| ChEdge {
                        other: rank_of[e.adj_node as usize],
                        time_ms: e.weight,
                        dist_dm: 0,
                        middle: if e.replaced_in_edge == u32::MAX {
                            NO_MIDDLE
                        } else {
                            e.replaced_in_edge
                        },
                    })
                    .collect::<Vec<ChEdge>>()
            };
        }
        let mut ch = Ch {
            up: convert!(fg.edges_fwd),
            down: convert!(fg.edges_bwd),
            up_first: fg.first_edge_ids_fwd.clone(),
            down_first: fg.first_edge_ids_bwd.clone(),
            rank_of,
            node_at,
        };
        // Replace replaced-edge ids by middle ranks: a shortcut's replaced in-edge lives in
        // the `down` list of the middle node.
        let down_owner = owners(&ch.down_first, ch.down.len());
        for e in ch.up.iter_mut().chain(ch.down.iter_mut()) {
            if e.middle != NO_MIDDLE {
                e.middle = *down_owner
                    .get(e.middle as usize)
                    .ok_or(GraphDefect::Inconsistent(
                        "shortcut refers to a missing edge",
                    ))?;
            }
        }
        // Lengths, lowest rank first: a shortcut's halves sit at its (lower) middle node.
        for r in 0..n as u32 {
            for list in [true, false] {
                let range = if list {
                    ch.up_range(r)
                } else {
                    ch.down_range(r)
                };
                for i in range {
                    let e = if list { ch.up[i] } else { ch.down[i] };
                    let (from, to) = if list { (r, e.other) } else { (e.other, r) };
                    let dist = if e.middle == NO_MIDDLE {
                        let (a, b) = (ch.node_at[from as usize], ch.node_at[to as usize]);
                        let k = graph.find(a, b).ok_or(GraphDefect::Inconsistent(
                            "hierarchy edge missing from the graph",
                        ))?;
                        graph.dist_dm[k]
                    } else {
                        let first = ch
                            .find_down(e.middle, from)
                            .ok_or(GraphDefect::Inconsistent("shortcut half missing"))?;
                        let second = ch
                            .find_up(e.middle, to)
                            .ok_or(GraphDefect::Inconsistent("shortcut half missing"))?;
                        first.dist_dm.saturating_add(second.dist_dm)
                    };
                    if list {
                        ch.up[i].dist_dm = dist;
                    } else {
                        ch.down[i].dist_dm = dist;
                    }
                }
            }
        }
        Ok(ch)
    }

    pub fn num_nodes(&self) -> usize {
        self.rank_of.len()
    }

    pub fn up_range(&self, r: u32) -> std::ops::Range<usize> {
        self.up_first[r as usize] as usize..self.up_first[r as usize + 1] as usize
    }

    pub fn down_range(&self, r: u32) -> std::ops::Range<usize> {
        self.down_first[r as usize] as usize..self.down_first[r as usize + 1] as usize
    }

    /// The edge `at → to` stored at `at` (so `to` ranks higher).
    fn find_up(&self, at: u32, to: u32) -> Option<ChEdge> {
        self.up[self.up_range(at)]
            .iter()
            .copied()
            .find(|e| e.other == to)
    }

    /// The edge `from → at` stored at `at` (so `from` ranks higher).
    fn find_down(&self, at: u32, from: u32) -> Option<ChEdge> {
        self.down[self.down_range(at)]
            .iter()
            .copied()
            .find(|e| e.other == from)
    }

    /// Checks the arrays are consistent (for hierarchies read from disk).
    pub fn validate(&self, num_nodes: usize) -> Result<(), GraphDefect> {
        let n = num_nodes;
        if self.rank_of.len() != n || self.node_at.len() != n {
            return Err(GraphDefect::Inconsistent(
                "rank arrays do not match the node count",
            ));
        }
        if self.up_first.len() != n + 1 || self.down_first.len() != n + 1 {
            return Err(GraphDefect::Inconsistent(
                "hierarchy offsets do not match the node count",
            ));
        }
        for (first, len) in [
            (&self.up_first, self.up.len()),
            (&self.down_first, self.down.len()),
        ] {
            if first[0] != 0 || first[n] as usize != len || first.windows(2).any(|w| w[0] > w[1]) {
                return Err(GraphDefect::Inconsistent(
                    "hierarchy offsets are inconsistent",
                ));
            }
        }
        if self.node_at.iter().any(|&v| v as usize >= n)
            || self
                .rank_of
                .iter()
                .enumerate()
                .any(|(v, &r)| r as usize >= n || self.node_at[r as usize] as usize != v)
        {
            return Err(GraphDefect::Inconsistent(
                "rank arrays are not a permutation",
            ));
        }
        for r in 0..n as u32 {
            let bad = |e: &ChEdge| {
                e.other as usize >= n || e.other <= r || (e.middle != NO_MIDDLE && e.middle >= r)
            };
            if self.up[self.up_range(r)].iter().any(bad)
                || self.down[self.down_range(r)].iter().any(bad)
            {
                return Err(GraphDefect::EdgeNotUpward(r));
            }
        }
        Ok(())
    }

    /// Appends to `out` the ranks after `from` on the unpacked edge `from → to`.
    fn unpack(&self, from: u32, to: u32, middle: u32, out: &mut Vec<u32>) {
        if middle == NO_MIDDLE {
            out.push(to);
            return;
        }
        let first = self.find_down(middle, from).map_or(NO_MIDDLE, |e| e.middle);
        let second = self.find_up(middle, to).map_or(NO_MIDDLE, |e| e.middle);
        self.unpack(from, middle, first, out);
        self.unpack(middle, to, second, out);
    }

    /// Fastest route from any start to any end: a forward and a backward upward search in
    /// turn, until neither can improve on the best meeting found.
    pub fn route(
        &self,
        starts: &[Endpoint],
        ends: &[Endpoint],
        with_path: bool,
    ) -> Option<ChRoute> {
        with_spaces(self.num_nodes(), |fwd, bwd| {
            self.route_in(fwd, bwd, starts, ends, with_path)
        })
    }

    fn route_in(
        &self,
        fwd: &mut SearchSpace,
        bwd: &mut SearchSpace,
        starts: &[Endpoint],
        ends: &[Endpoint],
        with_path: bool,
    ) -> Option<ChRoute> {
        let mut fwd = UpwardSearch::new(self, fwd, Direction::Forward, starts, Limits::NONE);
        let mut bwd = UpwardSearch::new(self, bwd, Direction::Backward, ends, Limits::NONE);
        let mut best = (INFINITE, 0u32, NO_MIDDLE);
        let mut forward = true;
        loop {
            let (fmin, bmin) = (fwd.min_time(), bwd.min_time());
            if fmin >= best.0 && bmin >= best.0 {
                break;
            }
            // Alternate, skipping a direction that can no longer improve.
            if (forward && fmin >= best.0) || (!forward && bmin >= best.0) {
                forward = !forward;
            }
            let (me, other) = if forward {
                (&mut fwd, &bwd)
            } else {
                (&mut bwd, &fwd)
            };
            if let Some(s) = me.settle_next() {
                if let Some((ot, od)) = other.space().label(s.rank) {
                    let total = s.time_ms.saturating_add(ot);
                    if total < best.0 {
                        best = (total, s.dist_dm.saturating_add(od), s.rank);
                    }
                }
            }
            forward = !forward;
        }
        let (time_ms, dist_dm, meet) = best;
        if time_ms == INFINITE {
            return None;
        }
        let nodes = if with_path {
            self.path(fwd.space(), bwd.space(), meet)
        } else {
            Vec::new()
        };
        Some(ChRoute {
            time_ms,
            dist_dm,
            nodes,
        })
    }

    /// The base-graph nodes of the route meeting at rank `meet`: up the forward search's
    /// predecessors to a start, down the backward search's to an end, every edge unpacked.
    fn path(&self, fwd: &SearchSpace, bwd: &SearchSpace, meet: u32) -> Vec<u32> {
        let time = |space: &SearchSpace, r: u32| space.label(r).map_or(INFINITE, |l| l.0);
        // Forward half: walk predecessors back to a start, then unpack in order.
        let mut chain = vec![meet];
        let mut r = meet;
        while let Some(p) = fwd.pred(r) {
            chain.push(p);
            r = p;
        }
        chain.reverse();
        let mut ranks = vec![chain[0]];
        for w in chain.windows(2) {
            let step = time(fwd, w[1]).wrapping_sub(time(fwd, w[0]));
            let middle = self
                .up_edge(w[0], w[1], step)
                .map_or(NO_MIDDLE, |e| e.middle);
            self.unpack(w[0], w[1], middle, &mut ranks);
        }
        // Backward half: from the meeting node down to an end.
        let mut r = meet;
        while let Some(next) = bwd.pred(r) {
            let step = time(bwd, r).wrapping_sub(time(bwd, next));
            let middle = self
                .down_edge(next, r, step)
                .map_or(NO_MIDDLE, |e| e.middle);
            self.unpack(r, next, middle, &mut ranks);
            r = next;
        }
        ranks
            .into_iter()
            .map(|r| self.node_at[r as usize])
            .collect()
    }

    /// The edge `at → to` of time `time_ms` stored at `at` (the first to `to` if none has
    /// that time): the one a search followed.
    fn up_edge(&self, at: u32, to: u32, time_ms: u32) -> Option<ChEdge> {
        let list = &self.up[self.up_range(at)];
        list.iter()
            .copied()
            .find(|e| e.other == to && e.time_ms == time_ms)
            .or_else(|| self.find_up(at, to))
    }

    /// The edge `from → at` of time `time_ms` stored at `at` (the first from `from` if none
    /// has that time).
    fn down_edge(&self, at: u32, from: u32, time_ms: u32) -> Option<ChEdge> {
        let list = &self.down[self.down_range(at)];
        list.iter()
            .copied()
            .find(|e| e.other == from && e.time_ms == time_ms)
            .or_else(|| self.find_down(at, from))
    }

    /// Times and distances from every source to every destination (row-major, sources as
    /// rows; [`INFINITE`] when unreachable). Bucket-based: one backward upward search per
    /// destination fills buckets, one forward upward search per source scans them; both
    /// phases run in parallel.
    pub fn many_to_many(
        &self,
        sources: &[Vec<Endpoint>],
        dests: &[Vec<Endpoint>],
    ) -> (Vec<u32>, Vec<u32>) {
        let n = self.num_nodes();
        let cols = dests.len();
        let spaces: Vec<Vec<Settled>> = dests
            .par_iter()
            .map(|d| {
                let mut settled = Vec::new();
                with_spaces(n, |_, bwd| {
                    upward_space_into(
                        self,
                        bwd,
                        Direction::Backward,
                        d,
                        Limits::NONE,
                        &mut settled,
                    )
                });
                settled
            })
            .collect();
        let buckets = Buckets::new(n, &spaces);
        drop(spaces);
        let mut times = vec![INFINITE; sources.len() * cols];
        let mut dists = vec![0u32; sources.len() * cols];
        times
            .par_chunks_mut(cols.max(1))
            .zip(dists.par_chunks_mut(cols.max(1)))
            .zip(sources.par_iter())
            .for_each(|((trow, drow), s)| {
                with_spaces(n, |fwd, _| {
                    upward_search(self, fwd, Direction::Forward, s, Limits::NONE, |f| {
                        for &(j, bt, bd) in buckets.at(f.rank) {
                            let total = f.time_ms.saturating_add(bt);
                            if total < trow[j as usize] {
                                trow[j as usize] = total;
                                drow[j as usize] = f.dist_dm.saturating_add(bd);
                            }
                        }
                    })
                });
            });
        (times, dists)
    }
}

/// The backward search spaces of a matrix's destinations, by rank: for each rank the
/// destinations that reach it, with their time and distance.
enum Buckets {
    /// Counting-sort layout over every rank: for large matrices, where most ranks hold some.
    Dense {
        first: Vec<u32>,
        entries: Vec<(u32, u32, u32)>,
    },
    /// Entries sorted by rank, found by binary search: for a few destinations on a large
    /// network, where laying out every rank (megabytes zeroed and copied per query) would
    /// cost far more than the searches themselves.
    Sparse {
        ranks: Vec<u32>,
        entries: Vec<(u32, u32, u32)>,
    },
}

impl Buckets {
    fn new(n: usize, spaces: &[Vec<Settled>]) -> Buckets {
        let total: usize = spaces.iter().map(Vec::len).sum();
        if total.saturating_mul(8) < n {
            let mut all: Vec<(u32, (u32, u32, u32))> = Vec::with_capacity(total);
            for (j, space) in spaces.iter().enumerate() {
                all.extend(
                    space
                        .iter()
                        .map(|s| (s.rank, (j as u32, s.time_ms, s.dist_dm))),
                );
            }
            all.sort_unstable_by_key(|e| e.0);
            let (ranks, entries) = all.into_iter().unzip();
            return Buckets::Sparse { ranks, entries };
        }
        let mut first = vec![0u32; n + 1];
        for space in spaces {
            for s in space {
                first[s.rank as usize + 1] += 1;
            }
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let mut fill = first.clone();
        let mut entries = vec![(0u32, 0u32, 0u32); first[n] as usize];
        for (j, space) in spaces.iter().enumerate() {
            for s in space {
                let slot = &mut fill[s.rank as usize];
                entries[*slot as usize] = (j as u32, s.time_ms, s.dist_dm);
                *slot += 1;
            }
        }
        Buckets::Dense { first, entries }
    }

    /// The destinations reaching rank `r`: (destination, time, distance).
    fn at(&self, r: u32) -> &[(u32, u32, u32)] {
        match self {
            Buckets::Dense { first, entries } => {
                &entries[first[r as usize] as usize..first[r as usize + 1] as usize]
            }
            Buckets::Sparse { ranks, entries } => {
                let lo = ranks.partition_point(|&x| x < r);
                let hi = lo + ranks[lo..].partition_point(|&x| x == r);
                &entries[lo..hi]
            }
        }
    }
}

/// For each position in an edge array laid out by `first`, the rank owning it.
fn owners(first: &[u32], len: usize) -> Vec<u32> {
    let mut out = vec![0u32; len];
    for r in 0..first.len().saturating_sub(1) {
        for slot in &mut out[first[r] as usize..first[r + 1] as usize] {
            *slot = r as u32;
        }
    }
    out
}
