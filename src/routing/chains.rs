//! Degree-2 chains contracted before the hierarchy.
//!
//! Most nodes of a road graph are shape points: one road in, one road out. Contracting them
//! with a general witness-search contractor is where preparation spent its time and memory
//! (95 s and 6 GB for a 3.9 M-node network). Here every maximal path of nodes with at most
//! two distinct neighbours — a *chain*, from a junction to a junction or to a dead end — is
//! contracted first and without any search: its middle node ranks highest among its nodes,
//! the middles of each half next, and so on (a ruler order), so an upward search from a chain
//! node climbs O(log k) chain nodes before reaching a junction. A chain between two junctions
//! leaves one bypass edge per direction it can be travelled in; the core contractor
//! (`fast_paths`, or any function making a [`Ch`] of a [`Csr`]) sees only the junctions
//! (the *core*), their direct edges and these bypasses.
//!
//! Chain nodes take the lowest ranks of the resulting [`Ch`], core nodes the ones above;
//! every edge carries the rank of the node it bypasses in `middle`, so paths unpack to base
//! nodes as before. Times stay exact: an edge between two positions of a chain exists only
//! where every base edge between them exists in that direction, so one-way stretches and
//! direction changes along a chain are kept as they are.

use super::ch::{Ch, ChEdge, ChParams, NO_MIDDLE};
use super::defect::GraphDefect;
use super::graph::Csr;
use serde::{Deserialize, Serialize};

const NONE: u32 = u32::MAX;

/// How much of a graph the chains took away from the core contractor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainStats {
    /// Maximal chains found, and the nodes in them.
    pub chains: usize,
    pub chain_nodes: usize,
    /// Junctions (and chain ends) left to the core contractor, and the edges between them
    /// (direct edges and chain bypasses, parallel ones merged).
    pub core_nodes: usize,
    pub core_edges: usize,
}

/// Contracts `graph`: chains by bisection, the core with `fast_paths` ([`Ch::prepare`]).
pub fn prepare(graph: &Csr, params: &ChParams) -> Result<(Ch, ChainStats), GraphDefect> {
    prepare_with(graph, |core| Ch::prepare(core, params))
}

/// Contracts `graph`: chains by bisection, then the core with `contract_core`, which gets the
/// core as a graph of its own (node `i` is the `i`-th core node in `graph`'s order) and
/// must return a hierarchy of it whose original edges have no middle.
pub fn prepare_with(
    graph: &Csr,
    contract_core: impl FnOnce(&Csr) -> Result<Ch, GraphDefect>,
) -> Result<(Ch, ChainStats), GraphDefect> {
    let n = graph.num_nodes();
    let incoming = Incoming::of(graph);
    let (chains, is_core) = Chains::find(graph, &incoming)?;
    drop(incoming);
    let chain_nodes = chains.nodes.len();

    // Chain ranks: deepest in the bisection first.
    let depth = chains.depths();
    let max_depth = depth.iter().copied().max().unwrap_or(0) as usize;
    let mut next_rank = vec![0u32; max_depth + 2];
    for &d in &depth {
        next_rank[max_depth - d as usize + 1] += 1;
    }
    for i in 1..next_rank.len() {
        next_rank[i] += next_rank[i - 1];
    }
    let mut rank_of = vec![NONE; n];
    for (i, &d) in depth.iter().enumerate() {
        let slot = &mut next_rank[max_depth - d as usize];
        rank_of[chains.nodes[i] as usize] = *slot;
        *slot += 1;
    }
    drop(depth);

    // Core numbering, in the graph's order.
    let mut core_id = vec![NONE; n];
    let mut core_nodes: Vec<u32> = Vec::with_capacity(n - chain_nodes);
    for (u, &core) in is_core.iter().enumerate() {
        if core {
            core_id[u] = core_nodes.len() as u32;
            core_nodes.push(u as u32);
        }
    }

    // Chain edges, at most two up and two down per chain node, in fixed slots by rank; `other`
    // holds the node until every rank is known.
    let empty = ChEdge {
        other: NONE,
        time_ms: 0,
        dist_dm: 0,
        middle: NO_MIDDLE,
    };
    let mut up_slots = vec![empty; 2 * chain_nodes];
    let mut down_slots = vec![empty; 2 * chain_nodes];
    // Core edges: direct ones between two core nodes, then chain bypasses.
    let mut core_edges: Vec<CoreEdge> = Vec::new();
    for &u in &core_nodes {
        for e in graph.edges(u) {
            let v = graph.head[e];
            if is_core[v as usize] {
                core_edges.push(CoreEdge {
                    from: core_id[u as usize],
                    to: core_id[v as usize],
                    time_ms: graph.time_ms[e],
                    dist_dm: graph.dist_dm[e],
                    middle: NO_MIDDLE,
                });
            }
        }
    }
    drop(is_core);
    let mut walk = ChainCosts::default();
    for c in 0..chains.len() {
        let nodes = chains.nodes_of(c);
        let (from, to) = (chains.from[c], chains.to[c]);
        let k = nodes.len();
        let at = |pos: usize| -> u32 {
            if pos == 0 {
                from
            } else if pos <= k {
                nodes[pos - 1]
            } else {
                to
            }
        };
        let last = if to == NONE { k } else { k + 1 };
        walk.measure(graph, (0..=last).map(at))?;
        let middle_of = |p: usize, q: usize| -> u32 {
            if q - p >= 2 {
                rank_of[at((p + q) / 2) as usize]
            } else {
                NO_MIDDLE
            }
        };
        bisect(k, |m, p, q, _| {
            let r = rank_of[at(m) as usize] as usize;
            for (side, end) in [(0, p), (1, q)] {
                if end > last {
                    continue;
                }
                let (lo, hi) = (m.min(end), m.max(end));
                // The node for now: core nodes get their ranks after the core is contracted.
                let other = at(end);
                let middle = middle_of(lo, hi);
                // m → end goes forward along the chain when end lies after m.
                let (out, into) = if end > m {
                    (walk.forward(lo, hi), walk.backward(lo, hi))
                } else {
                    (walk.backward(lo, hi), walk.forward(lo, hi))
                };
                if let Some((time_ms, dist_dm)) = out {
                    up_slots[2 * r + side] = ChEdge {
                        other,
                        time_ms,
                        dist_dm,
                        middle,
                    };
                }
                if let Some((time_ms, dist_dm)) = into {
                    down_slots[2 * r + side] = ChEdge {
                        other,
                        time_ms,
                        dist_dm,
                        middle,
                    };
                }
            }
        });
        if to != NONE && to != from {
            let middle = middle_of(0, k + 1);
            let (a, b) = (core_id[from as usize], core_id[to as usize]);
            if let Some((time_ms, dist_dm)) = walk.forward(0, k + 1) {
                core_edges.push(CoreEdge {
                    from: a,
                    to: b,
                    time_ms,
                    dist_dm,
                    middle,
                });
            }
            if let Some((time_ms, dist_dm)) = walk.backward(0, k + 1) {
                core_edges.push(CoreEdge {
                    from: b,
                    to: a,
                    time_ms,
                    dist_dm,
                    middle,
                });
            }
        }
    }
    let stats = ChainStats {
        chains: chains.len(),
        chain_nodes,
        core_nodes: core_nodes.len(),
        core_edges: 0,
    };
    drop(chains);
    drop(core_id);

    // The core graph; of parallel edges the fastest, then shortest, is kept.
    core_edges.sort_unstable_by_key(|e| (e.from, e.to, e.time_ms, e.dist_dm, e.middle));
    core_edges.dedup_by(|later, kept| later.from == kept.from && later.to == kept.to);
    let core_middle: Vec<u32> = core_edges.iter().map(|e| e.middle).collect();
    let core = core_graph(core_nodes.len(), &core_edges);
    drop(core_edges);
    let stats = ChainStats {
        core_edges: core.num_edges(),
        ..stats
    };
    let core_ch = if core.num_edges() == 0 {
        trivial(core.num_nodes())
    } else {
        contract_core(&core)?
    };
    if core_ch.num_nodes() != core.num_nodes() {
        return Err(GraphDefect::HierarchySize {
            hierarchy: core_ch.num_nodes(),
            graph: core.num_nodes(),
        });
    }

    // Core ranks above the chain ranks; original core edges get their bypassed chain's top.
    let offset = chain_nodes as u32;
    let mut node_at = vec![0u32; n];
    for (node, &r) in rank_of.iter().enumerate() {
        if r != NONE {
            node_at[r as usize] = node as u32;
        }
    }
    for (cr, &c) in core_ch.node_at.iter().enumerate() {
        let node = core_nodes[c as usize];
        rank_of[node as usize] = offset + cr as u32;
        node_at[offset as usize + cr] = node;
    }
    for e in up_slots.iter_mut().chain(down_slots.iter_mut()) {
        if e.other != NONE {
            e.other = rank_of[e.other as usize];
        }
    }
    let lift = |r: u32, e: &ChEdge, up: bool| -> Result<ChEdge, GraphDefect> {
        let middle = if e.middle == NO_MIDDLE {
            let (a, b) = (
                core_ch.node_at[r as usize],
                core_ch.node_at[e.other as usize],
            );
            let (a, b) = if up { (a, b) } else { (b, a) };
            let k = core.find(a, b).ok_or(GraphDefect::Inconsistent(
                "core hierarchy edge missing from the core graph",
            ))?;
            core_middle[k]
        } else {
            offset + e.middle
        };
        Ok(ChEdge {
            other: offset + e.other,
            middle,
            ..*e
        })
    };
    let assemble = |slots: Vec<ChEdge>,
                    core_first: &[u32],
                    core_list: &[ChEdge],
                    up: bool|
     -> Result<(Vec<u32>, Vec<ChEdge>), GraphDefect> {
        let mut first = Vec::with_capacity(n + 1);
        let mut list = Vec::with_capacity(slots.len() / 2 + core_list.len());
        first.push(0u32);
        for pair in slots.chunks(2) {
            list.extend(pair.iter().filter(|e| e.other != NONE));
            first.push(list.len() as u32);
        }
        drop(slots);
        for r in 0..core_first.len().saturating_sub(1) {
            for e in &core_list[core_first[r] as usize..core_first[r + 1] as usize] {
                list.push(lift(r as u32, e, up)?);
            }
            first.push(list.len() as u32);
        }
        Ok((first, list))
    };
    let (up_first, up) = assemble(up_slots, &core_ch.up_first, &core_ch.up, true)?;
    let (down_first, down) = assemble(down_slots, &core_ch.down_first, &core_ch.down, false)?;
    let ch = Ch {
        rank_of,
        node_at,
        up_first,
        up,
        down_first,
        down,
    };
    Ok((ch, stats))
}

/// An edge of the core graph before it goes into a [`Csr`], with the chain rank it bypasses.
#[derive(Debug, Clone, Copy)]
struct CoreEdge {
    from: u32,
    to: u32,
    time_ms: u32,
    dist_dm: u32,
    middle: u32,
}

/// The core graph of sorted, merged core edges (their order is kept, so positions match).
fn core_graph(num_nodes: usize, edges: &[CoreEdge]) -> Csr {
    let mut first = vec![0u32; num_nodes + 1];
    for e in edges {
        first[e.from as usize + 1] += 1;
    }
    for i in 0..num_nodes {
        first[i + 1] += first[i];
    }
    Csr {
        first,
        head: edges.iter().map(|e| e.to).collect(),
        time_ms: edges.iter().map(|e| e.time_ms).collect(),
        dist_dm: edges.iter().map(|e| e.dist_dm).collect(),
    }
}

/// The hierarchy of a graph without edges: ranks in node order.
fn trivial(n: usize) -> Ch {
    Ch {
        rank_of: (0..n as u32).collect(),
        node_at: (0..n as u32).collect(),
        up_first: vec![0; n + 1],
        up: Vec::new(),
        down_first: vec![0; n + 1],
        down: Vec::new(),
    }
}

/// The tails of every node's in-edges.
struct Incoming {
    first: Vec<u32>,
    tail: Vec<u32>,
}

impl Incoming {
    fn of(g: &Csr) -> Incoming {
        let n = g.num_nodes();
        let mut first = vec![0u32; n + 1];
        for &h in &g.head {
            first[h as usize + 1] += 1;
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let mut fill = first.clone();
        let mut tail = vec![0u32; g.num_edges()];
        for u in 0..n as u32 {
            for e in g.edges(u) {
                let slot = &mut fill[g.head[e] as usize];
                tail[*slot as usize] = u;
                *slot += 1;
            }
        }
        Incoming { first, tail }
    }

    fn tails(&self, v: u32) -> &[u32] {
        &self.tail[self.first[v as usize] as usize..self.first[v as usize + 1] as usize]
    }
}

/// Every neighbour of `u` either way, repeats included.
fn adjacent<'a>(g: &'a Csr, incoming: &'a Incoming, u: u32) -> impl Iterator<Item = u32> + 'a {
    g.edges(u)
        .map(|e| g.head[e])
        .chain(incoming.tails(u).iter().copied())
}

/// The distinct neighbours of `u` and their count, when it has at most two.
fn neighbours(g: &Csr, incoming: &Incoming, u: u32) -> Option<([u32; 2], usize)> {
    let mut found = [NONE; 2];
    let mut count = 0;
    for v in adjacent(g, incoming, u) {
        if v == u || found[..count].contains(&v) {
            continue;
        }
        if count == 2 {
            return None;
        }
        found[count] = v;
        count += 1;
    }
    Some((found, count))
}

/// Maximal chains. Chain `c` holds `nodes[first[c]..first[c + 1]]` in order from the core
/// node `from[c]` to its other end `to[c]`: a core node (maybe `from[c]` itself) or [`NONE`]
/// after a dead end.
#[derive(Debug, Default)]
struct Chains {
    first: Vec<u32>,
    nodes: Vec<u32>,
    from: Vec<u32>,
    to: Vec<u32>,
}

impl Chains {
    /// The chains of `g`, and which nodes are core nodes: those with three or more distinct
    /// neighbours, or none; and one node of any cycle or path without such a node.
    fn find(g: &Csr, incoming: &Incoming) -> Result<(Chains, Vec<bool>), GraphDefect> {
        let n = g.num_nodes();
        let mut is_core: Vec<bool> = (0..n as u32)
            .map(|u| neighbours(g, incoming, u).is_none_or(|(_, count)| count == 0))
            .collect();
        let mut in_chain = vec![false; n];
        let mut chains = Chains {
            first: vec![0],
            ..Chains::default()
        };
        for pass in 0..2 {
            for c in 0..n as u32 {
                if pass == 1 && !is_core[c as usize] && !in_chain[c as usize] {
                    is_core[c as usize] = true;
                } else if pass == 1 || !is_core[c as usize] {
                    continue;
                }
                for v in adjacent(g, incoming, c) {
                    if !is_core[v as usize] && !in_chain[v as usize] {
                        chains.walk(g, incoming, &is_core, &mut in_chain, c, v)?;
                    }
                }
            }
        }
        Ok((chains, is_core))
    }

    /// Follows the chain entered from core node `c` through chain node `v` to its end.
    fn walk(
        &mut self,
        g: &Csr,
        incoming: &Incoming,
        is_core: &[bool],
        in_chain: &mut [bool],
        c: u32,
        v: u32,
    ) -> Result<(), GraphDefect> {
        let (mut prev, mut cur) = (c, v);
        let end = loop {
            in_chain[cur as usize] = true;
            self.nodes.push(cur);
            let (found, count) = neighbours(g, incoming, cur).ok_or(GraphDefect::Inconsistent(
                "a chain node has three neighbours",
            ))?;
            let next = match count {
                2 if found[0] == prev => found[1],
                2 => found[0],
                _ => NONE,
            };
            if next == NONE || is_core[next as usize] {
                break next;
            }
            if in_chain[next as usize] {
                return Err(GraphDefect::Inconsistent("a chain runs into another"));
            }
            (prev, cur) = (cur, next);
        };
        self.from.push(c);
        self.to.push(end);
        self.first.push(self.nodes.len() as u32);
        Ok(())
    }

    fn len(&self) -> usize {
        self.from.len()
    }

    fn nodes_of(&self, c: usize) -> &[u32] {
        &self.nodes[self.first[c] as usize..self.first[c + 1] as usize]
    }

    /// The bisection depth of every chain node, in `nodes` order.
    fn depths(&self) -> Vec<u8> {
        let mut depth = vec![0u8; self.nodes.len()];
        for c in 0..self.len() {
            let base = self.first[c] as usize;
            bisect(self.nodes_of(c).len(), |m, _, _, d| depth[base + m - 1] = d);
        }
        depth
    }
}

/// Visits positions `1..=k` of a chain whose ends are positions `0` and `k + 1`: the middle
/// first, then the middles of both halves, and so on; `visit(m, p, q, depth)` gets each
/// position with the ends of the stretch it splits.
fn bisect(k: usize, mut visit: impl FnMut(usize, usize, usize, u8)) {
    let mut stack = vec![(0usize, k + 1, 0u8)];
    while let Some((p, q, d)) = stack.pop() {
        if q - p < 2 {
            continue;
        }
        let m = (p + q) / 2;
        visit(m, p, q, d);
        stack.push((p, m, d + 1));
        stack.push((m, q, d + 1));
    }
}

/// Running sums of a chain's edge times and lengths, each way, over its positions.
#[derive(Debug, Default)]
struct ChainCosts {
    /// `[forward, backward]`: time, length and missing edges before each position.
    time: [Vec<u64>; 2],
    dist: [Vec<u64>; 2],
    missing: [Vec<u32>; 2],
}

impl ChainCosts {
    fn measure(&mut self, g: &Csr, nodes: impl Iterator<Item = u32>) -> Result<(), GraphDefect> {
        for way in 0..2 {
            self.time[way].clear();
            self.dist[way].clear();
            self.missing[way].clear();
            self.time[way].push(0);
            self.dist[way].push(0);
            self.missing[way].push(0);
        }
        let mut prev = NONE;
        for v in nodes {
            if prev != NONE {
                for (way, (a, b)) in [(prev, v), (v, prev)].into_iter().enumerate() {
                    let (t, d, miss) = match g.find(a, b) {
                        Some(e) => (g.time_ms[e], g.dist_dm[e], 0),
                        None => (0, 0, 1),
                    };
                    let last = self.time[way].len() - 1;
                    let (lt, ld, lm) = (
                        self.time[way][last],
                        self.dist[way][last],
                        self.missing[way][last],
                    );
                    self.time[way].push(lt + u64::from(t));
                    self.dist[way].push(ld + u64::from(d));
                    self.missing[way].push(lm + miss);
                }
            }
            prev = v;
        }
        if self.missing[0].len() < 2 {
            return Err(GraphDefect::Inconsistent("a chain without edges"));
        }
        Ok(())
    }

    fn span(&self, way: usize, lo: usize, hi: usize) -> Option<(u32, u32)> {
        let clamp = |x: u64| x.min(u64::from(u32::MAX - 1)) as u32;
        (self.missing[way][hi] == self.missing[way][lo]).then(|| {
            (
                clamp(self.time[way][hi] - self.time[way][lo]),
                clamp(self.dist[way][hi] - self.dist[way][lo]),
            )
        })
    }

    /// Time and length from position `lo` to `hi > lo`, if every edge on the way exists.
    fn forward(&self, lo: usize, hi: usize) -> Option<(u32, u32)> {
        self.span(0, lo, hi)
    }

    /// Time and length from position `hi` back to `lo < hi`, if every edge on the way exists.
    fn backward(&self, lo: usize, hi: usize) -> Option<(u32, u32)> {
        self.span(1, lo, hi)
    }
}
