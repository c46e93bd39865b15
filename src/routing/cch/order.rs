//! Nested-dissection node order by inertial flow: a cell of the road graph is cut by the
//! smallest vertex separator that a maximum flow finds between its two ends along one of four
//! compass directions; both halves are ordered first (recursively, in parallel), the
//! separator last. Contracting in this order keeps every node's upper neighbourhood small on
//! any network — grids and dense cities included — since each node only ever meets the
//! separators around its own cell.

use super::super::graph::Csr;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

/// Cells this small are ordered as they come: what they add to the hierarchy is negligible.
const LEAF_SIZE: usize = 8;
/// Share of a cell's nodes, at each end of a direction, tied to the source (and to the sink).
const END_SHARE: f64 = 0.4;
/// Cells at least this large are split on several threads.
const PARALLEL_SIZE: usize = 2_000;
/// Capacity standing for "unbounded" in the flow network.
const UNBOUNDED: i32 = i32::MAX / 2;

/// The road graph without directions, loops or repeated neighbours (compressed rows).
pub struct Adjacency {
    first: Vec<u32>,
    neighbours: Vec<u32>,
}

impl Adjacency {
    pub fn of(graph: &Csr) -> Adjacency {
        let n = graph.num_nodes();
        let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(2 * graph.num_edges());
        for u in 0..n as u32 {
            for e in graph.edges(u) {
                let v = graph.head[e];
                if u != v {
                    pairs.push((u, v));
                    pairs.push((v, u));
                }
            }
        }
        pairs.par_sort_unstable();
        pairs.dedup();
        let mut first = vec![0u32; n + 1];
        for &(u, _) in &pairs {
            first[u as usize + 1] += 1;
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        Adjacency {
            first,
            neighbours: pairs.into_iter().map(|p| p.1).collect(),
        }
    }

    pub fn num_nodes(&self) -> usize {
        self.first.len() - 1
    }

    pub fn of_node(&self, u: u32) -> &[u32] {
        &self.neighbours[self.first[u as usize] as usize..self.first[u as usize + 1] as usize]
    }
}

/// The rank of every node in a nested-dissection order (separators ranked above their cells).
pub fn nested_dissection(coords: &[[f64; 2]], adjacency: &Adjacency) -> Vec<u32> {
    let n = adjacency.num_nodes();
    let mean_lat = coords.iter().map(|c| c[1]).sum::<f64>() / n.max(1) as f64;
    let shrink = mean_lat.to_radians().cos();
    let shared = Shared {
        adjacency,
        xy: coords.iter().map(|c| [c[0] * shrink, c[1]]).collect(),
        cell_of: (0..n).map(|_| AtomicU32::new(0)).collect(),
        local: (0..n).map(|_| AtomicU32::new(0)).collect(),
        next_cell: AtomicU32::new(1),
    };
    let order = shared.dissect((0..n as u32).collect());
    let mut rank_of = vec![0u32; n];
    for (r, &v) in order.iter().enumerate() {
        rank_of[v as usize] = r as u32;
    }
    rank_of
}

/// What every cell's dissection reads and marks. Cells being split at the same time hold
/// disjoint nodes, so each node's marks are written by one cell at a time.
struct Shared<'a> {
    adjacency: &'a Adjacency,
    /// Coordinates with longitudes scaled to the mean latitude (so directions are fair).
    xy: Vec<[f64; 2]>,
    /// The cell a node last belonged to (a fresh id per cell).
    cell_of: Vec<AtomicU32>,
    /// The node's index inside that cell.
    local: Vec<AtomicU32>,
    next_cell: AtomicU32,
}

/// A cell's own graph, with nodes numbered `0..nodes.len()`.
struct Cell {
    nodes: Vec<u32>,
    first: Vec<u32>,
    neighbours: Vec<u32>,
}

impl Cell {
    fn of_node(&self, u: usize) -> &[u32] {
        &self.neighbours[self.first[u] as usize..self.first[u + 1] as usize]
    }
}

impl Shared<'_> {
    /// The nodes of `nodes` in nested-dissection order.
    fn dissect(&self, nodes: Vec<u32>) -> Vec<u32> {
        if nodes.len() <= LEAF_SIZE {
            return nodes;
        }
        let cell = self.cell(nodes);
        let components = components(&cell);
        if components.len() > 1 {
            let parts: Vec<Vec<u32>> = components
                .into_iter()
                .map(|c| c.into_iter().map(|i| cell.nodes[i as usize]).collect())
                .collect();
            drop(cell);
            return self.dissect_all(parts, Vec::new());
        }
        let (side, separator) = best_cut(&cell, &self.xy);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for (i, &v) in cell.nodes.iter().enumerate() {
            match side[i] {
                Side::Source => a.push(v),
                Side::Sink => b.push(v),
                Side::Separator => {}
            }
        }
        let separator: Vec<u32> = separator.iter().map(|&i| cell.nodes[i as usize]).collect();
        drop(cell);
        self.dissect_all(vec![a, b], separator)
    }

    /// Orders independent parts one after the other, then `last`.
    fn dissect_all(&self, parts: Vec<Vec<u32>>, last: Vec<u32>) -> Vec<u32> {
        let big = parts.iter().filter(|p| p.len() >= PARALLEL_SIZE).count() > 1;
        let ordered: Vec<Vec<u32>> = if big {
            parts.into_par_iter().map(|p| self.dissect(p)).collect()
        } else {
            parts.into_iter().map(|p| self.dissect(p)).collect()
        };
        let mut out: Vec<u32> = ordered.into_iter().flatten().collect();
        out.extend(last);
        out
    }

    /// The graph induced by `nodes`.
    fn cell(&self, nodes: Vec<u32>) -> Cell {
        let id = self.next_cell.fetch_add(1, Relaxed);
        for (i, &v) in nodes.iter().enumerate() {
            self.cell_of[v as usize].store(id, Relaxed);
            self.local[v as usize].store(i as u32, Relaxed);
        }
        let mut first = Vec::with_capacity(nodes.len() + 1);
        first.push(0u32);
        let mut neighbours = Vec::new();
        for &v in &nodes {
            for &w in self.adjacency.of_node(v) {
                if self.cell_of[w as usize].load(Relaxed) == id {
                    neighbours.push(self.local[w as usize].load(Relaxed));
                }
            }
            first.push(neighbours.len() as u32);
        }
        Cell {
            nodes,
            first,
            neighbours,
        }
    }
}

/// The connected components of a cell, as lists of local indices.
fn components(cell: &Cell) -> Vec<Vec<u32>> {
    let k = cell.nodes.len();
    let mut seen = vec![false; k];
    let mut out = Vec::new();
    for start in 0..k {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut comp = vec![start as u32];
        let mut i = 0;
        while i < comp.len() {
            let u = comp[i] as usize;
            i += 1;
            for &w in cell.of_node(u) {
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    comp.push(w);
                }
            }
        }
        out.push(comp);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Source,
    Sink,
    Separator,
}

/// The best of the four directions' cuts: each node's side and the separator's local indices.
fn best_cut(cell: &Cell, xy: &[[f64; 2]]) -> (Vec<Side>, Vec<u32>) {
    let directions = [0.0f64, 45.0, 90.0, 135.0];
    let cut = |deg: &f64| {
        let (s, c) = deg.to_radians().sin_cos();
        let key: Vec<f64> = cell
            .nodes
            .iter()
            .map(|&v| xy[v as usize][0] * c + xy[v as usize][1] * s)
            .collect();
        flow_cut(cell, &key)
    };
    let cuts: Vec<(Vec<Side>, Vec<u32>)> = if cell.nodes.len() >= PARALLEL_SIZE {
        directions.par_iter().map(cut).collect()
    } else {
        directions.iter().map(cut).collect()
    };
    // The fewest separator nodes per node of the smaller side: a small cut that still halves.
    let sizes = |side: &[Side]| {
        let a = side.iter().filter(|&&s| s == Side::Source).count();
        let b = side.iter().filter(|&&s| s == Side::Sink).count();
        a.min(b).max(1) as f64
    };
    cuts.into_iter()
        .min_by(|x, y| {
            let rx = x.1.len() as f64 / sizes(&x.0);
            let ry = y.1.len() as f64 / sizes(&y.0);
            rx.total_cmp(&ry)
        })
        .unwrap_or_default()
}

/// A minimum vertex separator between the nodes of lowest `key` and those of highest `key`.
fn flow_cut(cell: &Cell, key: &[f64]) -> (Vec<Side>, Vec<u32>) {
    let k = cell.nodes.len();
    let mut by_key: Vec<u32> = (0..k as u32).collect();
    by_key.sort_unstable_by(|&a, &b| key[a as usize].total_cmp(&key[b as usize]));
    let ends = ((k as f64 * END_SHARE) as usize).clamp(1, k / 2);
    let mut net = FlowNet::new(cell);
    for &v in &by_key[..ends] {
        net.add(net.source(), 2 * v, UNBOUNDED);
    }
    for &v in &by_key[k - ends..] {
        net.add(2 * v + 1, net.sink(), UNBOUNDED);
    }
    net.max_flow();
    // Of the minimum cuts, the ones nearest the source and nearest the sink: keep the more
    // balanced.
    let near_source = net.reachable(true);
    let near_sink = net.reachable(false);
    let mut best: Option<(Vec<Side>, Vec<u32>)> = None;
    for (reach, inside) in [(near_source, Side::Source), (near_sink, Side::Sink)] {
        let outside = if inside == Side::Source {
            Side::Sink
        } else {
            Side::Source
        };
        let mut side = vec![outside; k];
        let mut separator = Vec::new();
        for v in 0..k {
            // Seen from the sink, a node's out half comes first.
            let (first, second) = if inside == Side::Source {
                (reach[2 * v], reach[2 * v + 1])
            } else {
                (reach[2 * v + 1], reach[2 * v])
            };
            match (first, second) {
                (true, true) => side[v] = inside,
                (true, false) => {
                    side[v] = Side::Separator;
                    separator.push(v as u32);
                }
                _ => {}
            }
        }
        let smaller = |side: &[Side]| {
            let a = side.iter().filter(|&&s| s == Side::Source).count();
            a.min(k - a - separator.len())
        };
        if best.as_ref().is_none_or(|b| smaller(&b.0) < smaller(&side)) {
            best = Some((side, separator));
        }
    }
    best.unwrap_or_default()
}

/// A flow network where every node of the cell is split in two (`2v` in, `2v + 1` out) joined
/// by an arc of capacity one, so a minimum cut is a set of nodes. Arcs come in pairs: arc
/// `a ^ 1` is the reverse of `a`.
struct FlowNet {
    first_out: Vec<u32>,
    next: Vec<u32>,
    to: Vec<u32>,
    cap: Vec<i32>,
}

const NIL: u32 = u32::MAX;

impl FlowNet {
    fn new(cell: &Cell) -> FlowNet {
        let k = cell.nodes.len();
        let arcs = 2 * (k + cell.neighbours.len()) + k;
        let mut net = FlowNet {
            first_out: vec![NIL; 2 * k + 2],
            next: Vec::with_capacity(arcs),
            to: Vec::with_capacity(arcs),
            cap: Vec::with_capacity(arcs),
        };
        for v in 0..k as u32 {
            net.add(2 * v, 2 * v + 1, 1);
            for &w in cell.of_node(v as usize) {
                net.add(2 * v + 1, 2 * w, UNBOUNDED);
            }
        }
        net
    }

    fn source(&self) -> u32 {
        self.first_out.len() as u32 - 2
    }

    fn sink(&self) -> u32 {
        self.first_out.len() as u32 - 1
    }

    fn add(&mut self, from: u32, to: u32, cap: i32) {
        for (a, b, c) in [(from, to, cap), (to, from, 0)] {
            self.next.push(self.first_out[a as usize]);
            self.first_out[a as usize] = self.to.len() as u32;
            self.to.push(b);
            self.cap.push(c);
        }
    }

    /// Breadth-first levels from the source over arcs with capacity left.
    fn levels(&self) -> Vec<u32> {
        let mut level = vec![u32::MAX; self.first_out.len()];
        let s = self.source();
        level[s as usize] = 0;
        let mut queue = vec![s];
        let mut i = 0;
        while i < queue.len() {
            let u = queue[i];
            i += 1;
            let mut a = self.first_out[u as usize];
            while a != NIL {
                let w = self.to[a as usize];
                if self.cap[a as usize] > 0 && level[w as usize] == u32::MAX {
                    level[w as usize] = level[u as usize] + 1;
                    queue.push(w);
                }
                a = self.next[a as usize];
            }
        }
        level
    }

    /// Dinic's algorithm; every augmenting path carries one unit (it crosses a node arc).
    fn max_flow(&mut self) {
        let (s, t) = (self.source(), self.sink());
        loop {
            let mut level = self.levels();
            if level[t as usize] == u32::MAX {
                return;
            }
            let mut current = self.first_out.clone();
            let mut path: Vec<u32> = Vec::new();
            let mut u = s;
            loop {
                if u == t {
                    for &a in &path {
                        self.cap[a as usize] -= 1;
                        self.cap[a as usize ^ 1] += 1;
                    }
                    path.clear();
                    u = s;
                    continue;
                }
                let mut a = current[u as usize];
                while a != NIL {
                    let w = self.to[a as usize];
                    if self.cap[a as usize] > 0 && level[w as usize] == level[u as usize] + 1 {
                        break;
                    }
                    a = self.next[a as usize];
                }
                current[u as usize] = a;
                if a != NIL {
                    path.push(a);
                    u = self.to[a as usize];
                    continue;
                }
                // Dead end: no path through `u` in this phase.
                level[u as usize] = u32::MAX;
                match path.pop() {
                    None => break,
                    Some(back) => u = self.to[back as usize ^ 1],
                }
            }
        }
    }

    /// The nodes of the network reachable from the source over arcs with capacity left
    /// (`from_source`), or from which the sink is reachable.
    fn reachable(&self, from_source: bool) -> Vec<bool> {
        let start = if from_source {
            self.source()
        } else {
            self.sink()
        };
        let mut seen = vec![false; self.first_out.len()];
        seen[start as usize] = true;
        let mut queue = vec![start];
        while let Some(u) = queue.pop() {
            let mut a = self.first_out[u as usize];
            while a != NIL {
                let w = self.to[a as usize];
                // Backward, the arc that counts is the one from `w` into `u`: `a ^ 1`.
                let open = if from_source {
                    self.cap[a as usize] > 0
                } else {
                    self.cap[a as usize ^ 1] > 0
                };
                if open && !seen[w as usize] {
                    seen[w as usize] = true;
                    queue.push(w);
                }
                a = self.next[a as usize];
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `w` × `h` grid with both directions of every street.
    fn grid(w: u32, h: u32) -> (Vec<[f64; 2]>, Csr) {
        let mut coords = Vec::new();
        let mut edges = Vec::new();
        for y in 0..h {
            for x in 0..w {
                coords.push([x as f64 * 0.001, 45.0 + y as f64 * 0.001]);
                let v = y * w + x;
                if x + 1 < w {
                    edges.extend([(v, v + 1, 10, 10), (v + 1, v, 10, 10)]);
                }
                if y + 1 < h {
                    edges.extend([(v, v + w, 10, 10), (v + w, v, 10, 10)]);
                }
            }
        }
        let n = coords.len();
        (coords, Csr::from_edges(n, &edges))
    }

    #[test]
    fn a_grid_is_cut_by_one_line_of_nodes() {
        let (coords, graph) = grid(30, 20);
        let adjacency = Adjacency::of(&graph);
        let shared = Shared {
            adjacency: &adjacency,
            xy: coords.clone(),
            cell_of: (0..600).map(|_| AtomicU32::new(0)).collect(),
            local: (0..600).map(|_| AtomicU32::new(0)).collect(),
            next_cell: AtomicU32::new(1),
        };
        let cell = shared.cell((0..600).collect());
        let (side, separator) = best_cut(&cell, &coords);
        // The narrow way across a 30 × 20 grid is a column of 20 nodes.
        assert_eq!(separator.len(), 20);
        // No street joins the two sides.
        for v in 0..600usize {
            for &w in cell.of_node(v) {
                let pair = (side[v], side[w as usize]);
                assert!(pair != (Side::Source, Side::Sink) && pair != (Side::Sink, Side::Source));
            }
        }
    }

    #[test]
    fn the_order_is_a_permutation_with_a_separator_on_top() {
        let (coords, graph) = grid(30, 20);
        let rank_of = nested_dissection(&coords, &Adjacency::of(&graph));
        let mut sorted = rank_of.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..600).collect::<Vec<u32>>());
        // Without its 20 highest ranks, the grid falls apart into pieces none of which holds
        // most of it.
        let adjacency = Adjacency::of(&graph);
        let mut seen: Vec<bool> = rank_of.iter().map(|&r| r >= 580).collect();
        let mut largest = 0;
        for start in 0..600u32 {
            if seen[start as usize] {
                continue;
            }
            seen[start as usize] = true;
            let (mut stack, mut size) = (vec![start], 0);
            while let Some(u) = stack.pop() {
                size += 1;
                for &w in adjacency.of_node(u) {
                    if !seen[w as usize] {
                        seen[w as usize] = true;
                        stack.push(w);
                    }
                }
            }
            largest = largest.max(size);
        }
        assert!(largest > 100 && largest < 400, "largest piece {largest}");
    }
}
