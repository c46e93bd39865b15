//! The metric-independent half of a customizable hierarchy: contracting every node in the
//! given order without witness searches, which joins all of a node's higher neighbours to each
//! other (the chordal supergraph). Its arcs are what a customization then weighs, whatever the
//! travel times; its size depends on the order only, never on the metric.

use super::super::defect::GraphDefect;
use super::order::Adjacency;

/// The contracted graph, by rank (0 = contracted first). Arc `a` joins the rank owning it
/// (`first[r] <= a < first[r + 1]`) to the higher rank `upper[a]`; each rank's arcs are sorted
/// by their upper end.
#[derive(Debug, Clone, Default)]
pub struct Topology {
    pub rank_of: Vec<u32>,
    pub node_at: Vec<u32>,
    pub first: Vec<u32>,
    pub upper: Vec<u32>,
    /// The arcs reaching each rank from below: `lower_first[r]..lower_first[r + 1]` in
    /// `lower_arc`, each the index of an arc whose upper end is `r`.
    pub lower_first: Vec<u32>,
    pub lower_arc: Vec<u32>,
    /// Ranks grouped by height in the elimination tree (leaves first). The ranks of one group
    /// share no lower neighbour, so a customization weighs them in parallel.
    pub level_first: Vec<u32>,
    pub level_ranks: Vec<u32>,
}

impl Topology {
    /// Contracts the graph of `adjacency` in the order `rank_of`.
    pub fn contract(adjacency: &Adjacency, rank_of: Vec<u32>) -> Result<Topology, GraphDefect> {
        let n = rank_of.len();
        if adjacency.num_nodes() != n {
            return Err(GraphDefect::HierarchySize {
                hierarchy: n,
                graph: adjacency.num_nodes(),
            });
        }
        let mut node_at = vec![u32::MAX; n];
        for (v, &r) in rank_of.iter().enumerate() {
            let slot = node_at
                .get_mut(r as usize)
                .ok_or(GraphDefect::Inconsistent("a rank is past the node count"))?;
            *slot = v as u32;
        }
        if node_at.contains(&u32::MAX) {
            return Err(GraphDefect::Inconsistent("the order is not a permutation"));
        }
        // Higher neighbours of each rank, still unsorted; filled in as lower ranks go.
        let mut pending: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (r, &v) in node_at.iter().enumerate() {
            pending[r].extend(
                adjacency
                    .of_node(v)
                    .iter()
                    .map(|&w| rank_of[w as usize])
                    .filter(|&q| q as usize > r),
            );
        }
        // Sorting a list whenever it doubles keeps repeated neighbours from piling up.
        let mut tidy_at = vec![64u32; n];
        let mut first = Vec::with_capacity(n + 1);
        first.push(0u32);
        let mut upper: Vec<u32> = Vec::new();
        let mut height = vec![0u32; n];
        for r in 0..n {
            let mut list = std::mem::take(&mut pending[r]);
            list.sort_unstable();
            list.dedup();
            // Contracting `r` joins its higher neighbours pairwise; handing them to the lowest
            // one is enough, as that one's own contraction hands them further up.
            if let Some((&parent, rest)) = list.split_first() {
                let p = parent as usize;
                height[p] = height[p].max(height[r] + 1);
                let to = &mut pending[p];
                to.extend_from_slice(rest);
                if to.len() as u32 > tidy_at[p] {
                    to.sort_unstable();
                    to.dedup();
                    tidy_at[p] = (2 * to.len() as u32).max(64);
                }
            }
            upper.extend_from_slice(&list);
            if upper.len() > u32::MAX as usize - 1 {
                return Err(GraphDefect::Inconsistent(
                    "the contracted graph has more than 2^32 arcs",
                ));
            }
            first.push(upper.len() as u32);
        }
        drop(pending);
        upper.shrink_to_fit();
        // Arcs by their upper end; ranks by their height.
        let (lower_first, lower_arc) = group_indices(&upper, n);
        let heights = height.iter().max().map_or(0, |&h| h as usize + 1);
        let (level_first, level_ranks) = group_indices(&height, heights);
        Ok(Topology {
            rank_of,
            node_at,
            first,
            upper,
            lower_first,
            lower_arc,
            level_first,
            level_ranks,
        })
    }

    pub fn num_nodes(&self) -> usize {
        self.rank_of.len()
    }

    pub fn num_arcs(&self) -> usize {
        self.upper.len()
    }

    /// The arcs owned by rank `r`.
    pub fn arcs(&self, r: u32) -> std::ops::Range<usize> {
        self.first[r as usize] as usize..self.first[r as usize + 1] as usize
    }

    /// The index of the arc between ranks `low < high`, if any.
    pub fn arc(&self, low: u32, high: u32) -> Option<usize> {
        let range = self.arcs(low);
        let start = range.start;
        self.upper[range]
            .binary_search(&high)
            .ok()
            .map(|i| start + i)
    }

    /// The arcs whose upper end is `r`.
    pub fn arcs_into(&self, r: u32) -> &[u32] {
        &self.lower_arc
            [self.lower_first[r as usize] as usize..self.lower_first[r as usize + 1] as usize]
    }

    /// The rank owning arc `a` (its lower end).
    pub fn owner(&self, a: usize) -> u32 {
        (self.first.partition_point(|&f| f as usize <= a) - 1) as u32
    }

    /// The ranks of each elimination-tree height, lowest first.
    pub fn levels(&self) -> impl Iterator<Item = &[u32]> {
        self.level_first
            .windows(2)
            .map(|w| &self.level_ranks[w[0] as usize..w[1] as usize])
    }

    /// The largest number of higher neighbours of a rank (the top separator's size, about).
    pub fn max_upper_degree(&self) -> usize {
        self.first
            .windows(2)
            .map(|w| (w[1] - w[0]) as usize)
            .max()
            .unwrap_or(0)
    }
}

/// The indices of `key` grouped by their value (a counting sort, stable): the indices whose
/// key is `g` are `indices[first[g]..first[g + 1]]`, for `groups` groups. Returns
/// `(first, indices)`.
fn group_indices(key: &[u32], groups: usize) -> (Vec<u32>, Vec<u32>) {
    let mut first = vec![0u32; groups + 1];
    for &k in key {
        first[k as usize + 1] += 1;
    }
    for i in 0..groups {
        first[i + 1] += first[i];
    }
    let mut fill = first.clone();
    let mut indices = vec![0u32; key.len()];
    for (i, &k) in key.iter().enumerate() {
        indices[fill[k as usize] as usize] = i as u32;
        fill[k as usize] += 1;
    }
    (first, indices)
}

#[cfg(test)]
mod tests {
    use super::super::super::graph::Csr;
    use super::*;

    #[test]
    fn contracting_a_cycle_closes_its_triangles() {
        // A 4-cycle 0-1-2-3-0 in the order 0, 2, 1, 3: contracting 0 joins 1 and 3,
        // contracting 2 joins 1 and 3 again; nothing else is added.
        let edges: Vec<_> = [(0, 1), (1, 2), (2, 3), (3, 0)]
            .iter()
            .flat_map(|&(a, b)| [(a, b, 1, 1), (b, a, 1, 1)])
            .collect();
        let g = Csr::from_edges(4, &edges);
        let t = Topology::contract(&Adjacency::of(&g), vec![0, 2, 1, 3]).expect("contract");
        assert_eq!(t.num_arcs(), 5);
        // Ranks: node 0 → 0, node 2 → 1, node 1 → 2, node 3 → 3.
        assert!(t.arc(2, 3).is_some(), "the fill arc 1–3");
        assert_eq!(t.arc(0, 1), None, "nodes 0 and 2 never meet");
        assert_eq!(t.arcs_into(3).len(), 3);
        assert_eq!(t.owner(t.arc(2, 3).expect("arc")), 2);
    }

    #[test]
    fn a_wrong_order_is_refused() {
        let g = Csr::from_edges(2, &[(0, 1, 1, 1), (1, 0, 1, 1)]);
        assert!(Topology::contract(&Adjacency::of(&g), vec![0, 0]).is_err());
        assert!(Topology::contract(&Adjacency::of(&g), vec![0]).is_err());
    }
}
