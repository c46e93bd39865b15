//! The base road graph of one profile: nodes with coordinates and directed edges in
//! compressed sparse rows, each edge with its travel time (ms) and length (dm).

use super::defect::GraphDefect;
use std::ops::Range;

/// Directed graph in compressed sparse row form. Node `u`'s out-edges are
/// `first[u]..first[u + 1]`; parallel edges are merged keeping the fastest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Csr {
    pub first: Vec<u32>,
    pub head: Vec<u32>,
    pub time_ms: Vec<u32>,
    pub dist_dm: Vec<u32>,
}

/// One directed edge before it goes into a [`Csr`]: `(from, to, time_ms, dist_dm)`.
pub type EdgeTuple = (u32, u32, u32, u32);

impl Csr {
    /// Builds from a list of edges; loops are dropped and of parallel edges the fastest
    /// (then shortest) is kept.
    pub fn from_edges(num_nodes: usize, edges: &[EdgeTuple]) -> Csr {
        Csr::from_edge_vec(num_nodes, edges.to_vec())
    }

    /// [`Csr::from_edges`] sorting the given list in place.
    pub fn from_edge_vec(num_nodes: usize, mut sorted: Vec<EdgeTuple>) -> Csr {
        sorted.retain(|e| e.0 != e.1);
        sorted.sort_unstable();
        sorted.dedup_by(|later, kept| later.0 == kept.0 && later.1 == kept.1);
        let mut first = vec![0u32; num_nodes + 1];
        for e in &sorted {
            first[e.0 as usize + 1] += 1;
        }
        for i in 0..num_nodes {
            first[i + 1] += first[i];
        }
        let head = sorted.iter().map(|e| e.1).collect();
        let time_ms = sorted.iter().map(|e| e.2).collect();
        let dist_dm = sorted.iter().map(|e| e.3).collect();
        drop(sorted);
        Csr {
            first,
            head,
            time_ms,
            dist_dm,
        }
    }

    pub fn num_nodes(&self) -> usize {
        self.first.len().saturating_sub(1)
    }

    pub fn num_edges(&self) -> usize {
        self.head.len()
    }

    /// The positions of `u`'s out-edges.
    pub fn edges(&self, u: u32) -> Range<usize> {
        self.first[u as usize] as usize..self.first[u as usize + 1] as usize
    }

    /// The position of the edge `a → b`, if any.
    pub fn find(&self, a: u32, b: u32) -> Option<usize> {
        self.edges(a).find(|&e| self.head[e] == b)
    }

    /// All edges as tuples, in order.
    pub fn to_edges(&self) -> Vec<EdgeTuple> {
        (0..self.num_nodes() as u32)
            .flat_map(|u| self.edges(u).map(move |e| (u, e)))
            .map(|(u, e)| (u, self.head[e], self.time_ms[e], self.dist_dm[e]))
            .collect()
    }

    /// Checks the arrays are consistent (for graphs read from disk).
    pub fn validate(&self) -> Result<(), GraphDefect> {
        let n = self.num_nodes();
        let m = self.num_edges();
        if self.first.is_empty() || self.first[0] != 0 || self.first[n] as usize != m {
            return Err(GraphDefect::Inconsistent(
                "edge offsets do not match the edge count",
            ));
        }
        if self.first.windows(2).any(|w| w[0] > w[1]) {
            return Err(GraphDefect::Inconsistent("edge offsets are not sorted"));
        }
        if self.time_ms.len() != m || self.dist_dm.len() != m {
            return Err(GraphDefect::Inconsistent(
                "edge attribute arrays differ in length",
            ));
        }
        if self.head.iter().any(|&h| h as usize >= n) {
            return Err(GraphDefect::Inconsistent(
                "an edge points past the last node",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_edges_keep_the_fastest_and_loops_go() {
        let g = Csr::from_edges(
            3,
            &[(0, 1, 50, 10), (0, 1, 30, 20), (1, 1, 5, 5), (2, 0, 7, 7)],
        );
        assert_eq!(g.num_edges(), 2);
        let e = g.find(0, 1).expect("edge 0→1");
        assert_eq!((g.time_ms[e], g.dist_dm[e]), (30, 20));
        assert!(g.find(1, 1).is_none());
        assert!(g.validate().is_ok());
    }
}
