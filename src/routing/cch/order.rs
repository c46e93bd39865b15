//! Nested-dissection node order: a cell of the road graph is cut by the smallest vertex
//! separator that inertial flow finds ([`super::separator`]); both halves are ordered first
//! (recursively, in parallel), the separator last. Contracting in this order keeps every
//! node's upper neighbourhood small on any network — grids and dense cities included — since
//! each node only ever meets the separators around its own cell.

use super::super::graph::Csr;
use super::separator::{best_cut, Cell, Side};
use rayon::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

/// Cells this small are ordered as they come: what they add to the hierarchy is negligible.
const LEAF_SIZE: usize = 8;
/// Cells at least this large are split on several threads.
const PARALLEL_SIZE: usize = 2_000;

/// The road graph without directions, loops or repeated neighbours (compressed rows).
pub struct Adjacency {
    first: Vec<u32>,
    neighbours: Vec<u32>,
}

impl Adjacency {
    /// The streets of `graph`, whichever way its edges run.
    pub fn of(graph: &Csr) -> Adjacency {
        let n = graph.num_nodes();
        let mut streets: Vec<(u32, u32)> = Vec::with_capacity(2 * graph.num_edges());
        for u in 0..n as u32 {
            streets.extend(graph.edges(u).map(|e| (u, graph.head[e])));
        }
        Adjacency::of_streets(n, streets)
    }

    /// The adjacency of `n` nodes joined by `streets`, pairs of ends given either way round:
    /// each is added in both directions, loops and repeats are dropped. `streets` is reused
    /// as the working buffer, so room for twice its length saves a copy.
    pub fn of_streets(n: usize, mut streets: Vec<(u32, u32)>) -> Adjacency {
        streets.retain(|&(u, v)| u != v);
        let one_way = streets.len();
        streets.reserve(one_way);
        for i in 0..one_way {
            let (u, v) = streets[i];
            streets.push((v, u));
        }
        streets.par_sort_unstable();
        streets.dedup();
        let mut first = vec![0u32; n + 1];
        for &(u, _) in &streets {
            first[u as usize + 1] += 1;
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        Adjacency {
            first,
            neighbours: streets.into_iter().map(|p| p.1).collect(),
        }
    }

    /// The whole graph as one cell, its nodes at `xy` (for the separator's tests).
    #[cfg(test)]
    pub fn into_cell(self, xy: Vec<[f64; 2]>) -> Cell {
        Cell {
            first: self.first,
            neighbours: self.neighbours,
            xy,
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

impl Shared<'_> {
    /// The nodes of `nodes` in nested-dissection order.
    fn dissect(&self, nodes: Vec<u32>) -> Vec<u32> {
        if nodes.len() <= LEAF_SIZE {
            return nodes;
        }
        let cell = self.cell(&nodes);
        let components = components(&cell);
        if components.len() > 1 {
            let parts: Vec<Vec<u32>> = components
                .into_iter()
                .map(|c| c.into_iter().map(|i| nodes[i as usize]).collect())
                .collect();
            drop(cell);
            return self.dissect_all(parts, Vec::new());
        }
        let cut = best_cut(&cell);
        drop(cell);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for (i, &v) in nodes.iter().enumerate() {
            match cut.side[i] {
                Side::Source => a.push(v),
                Side::Sink => b.push(v),
                Side::Separator => {}
            }
        }
        if a.is_empty() || b.is_empty() {
            // No separator leaves two sides (a cell as dense as a clique): nothing to gain
            // from cutting it, so it is ordered as it comes.
            return nodes;
        }
        let separator: Vec<u32> = cut.separator.iter().map(|&i| nodes[i as usize]).collect();
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

    /// The graph induced by `nodes`, numbered in their order.
    fn cell(&self, nodes: &[u32]) -> Cell {
        let id = self.next_cell.fetch_add(1, Relaxed);
        for (i, &v) in nodes.iter().enumerate() {
            self.cell_of[v as usize].store(id, Relaxed);
            self.local[v as usize].store(i as u32, Relaxed);
        }
        let mut first = Vec::with_capacity(nodes.len() + 1);
        first.push(0u32);
        let mut neighbours = Vec::new();
        for &v in nodes {
            for &w in self.adjacency.of_node(v) {
                if self.cell_of[w as usize].load(Relaxed) == id {
                    neighbours.push(self.local[w as usize].load(Relaxed));
                }
            }
            first.push(neighbours.len() as u32);
        }
        Cell {
            first,
            neighbours,
            xy: nodes.iter().map(|&v| self.xy[v as usize]).collect(),
        }
    }
}

/// The connected components of a cell, as lists of local indices.
fn components(cell: &Cell) -> Vec<Vec<u32>> {
    let k = cell.len();
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

    /// The size of the largest piece `adjacency` falls into without the nodes `removed`.
    fn largest_piece(adjacency: &Adjacency, removed: &[bool]) -> usize {
        let mut seen = removed.to_vec();
        let mut largest = 0;
        for start in 0..adjacency.num_nodes() as u32 {
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
        largest
    }

    #[test]
    fn the_order_is_a_permutation_with_a_separator_on_top() {
        let (coords, graph) = grid(30, 20);
        let adjacency = Adjacency::of(&graph);
        let rank_of = nested_dissection(&coords, &adjacency);
        let mut sorted = rank_of.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..600).collect::<Vec<u32>>());
        // Without its 20 highest ranks, the grid falls apart into pieces none of which holds
        // most of it.
        let removed: Vec<bool> = rank_of.iter().map(|&r| r >= 580).collect();
        let largest = largest_piece(&adjacency, &removed);
        assert!(largest > 100 && largest < 400, "largest piece {largest}");
    }

    #[test]
    fn a_clique_is_ordered_without_looping() {
        // Every node of a clique touches every other: no cut leaves two sides.
        let n = 12u32;
        let coords: Vec<[f64; 2]> = (0..n).map(|i| [i as f64 * 1e-3, 45.0]).collect();
        let edges: Vec<_> = (0..n)
            .flat_map(|a| (0..n).filter(move |&b| b != a).map(move |b| (a, b, 1, 1)))
            .collect();
        let rank_of = nested_dissection(&coords, &Adjacency::of(&Csr::from_edges(12, &edges)));
        let mut sorted = rank_of;
        sorted.sort_unstable();
        assert_eq!(sorted, (0..n).collect::<Vec<u32>>());
    }
}
