//! Plain Dijkstra on the base graph: the reference the hierarchy is tested against, and the
//! bounded flood behind isochrones.

use super::ch::{Endpoint, INFINITE};
use super::graph::Csr;
use super::search::with_spaces;

/// Fastest time and its distance from any start to any end, or `None` if unreachable.
pub fn shortest(g: &Csr, starts: &[Endpoint], ends: &[Endpoint]) -> Option<(u32, u32)> {
    with_spaces(g.num_nodes(), |space, _| {
        space.reset();
        for s in starts {
            space.offer(s.node, s.time_ms, s.dist_dm, u32::MAX);
        }
        let mut best = (INFINITE, 0u32);
        while let Some((u, t, d)) = space.pop() {
            if t >= best.0 {
                break;
            }
            for end in ends.iter().filter(|e| e.node == u) {
                let total = t.saturating_add(end.time_ms);
                if total < best.0 {
                    best = (total, d.saturating_add(end.dist_dm));
                }
            }
            for e in g.edges(u) {
                space.offer(
                    g.head[e],
                    t.saturating_add(g.time_ms[e]),
                    d.saturating_add(g.dist_dm[e]),
                    u,
                );
            }
        }
        (best.0 != INFINITE).then_some(best)
    })
}

/// Every node reachable within `limit_ms` from the starts, with its time: `(node, time_ms)`.
pub fn flood(g: &Csr, starts: &[Endpoint], limit_ms: u32) -> Vec<(u32, u32)> {
    with_spaces(g.num_nodes(), |space, _| {
        space.reset();
        for s in starts.iter().filter(|s| s.time_ms <= limit_ms) {
            space.offer(s.node, s.time_ms, 0, u32::MAX);
        }
        let mut reached = Vec::new();
        while let Some((u, t, _)) = space.pop() {
            reached.push((u, t));
            for e in g.edges(u) {
                let next = t.saturating_add(g.time_ms[e]);
                if next <= limit_ms {
                    space.offer(g.head[e], next, 0, u);
                }
            }
        }
        reached
    })
}
