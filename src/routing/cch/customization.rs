//! The metric-dependent half: given a travel time for every road edge (and its length), weigh
//! every arc of the [`Topology`] — upward and downward — by its lower triangles, lowest ranks
//! first, recording the middle node each shortcut stands for. The result is an ordinary
//! [`Ch`], so every query (one-to-one, path unpacking, matrices, isochrones) runs on it
//! unchanged. A closed road is a time of [`INFINITE`]; arcs no open road makes up are left out.

use super::super::ch::{Ch, ChEdge, INFINITE, NO_MIDDLE};
use super::super::defect::GraphDefect;
use super::super::graph::Csr;
use super::topology::Topology;
use rayon::prelude::*;
use std::cell::RefCell;

/// Levels with fewer ranks than this are weighed on one thread.
const PARALLEL_LEVEL: usize = 64;

/// New weights for the arcs of one rank (upward and downward, in the order of its arcs),
/// worked out from the current ones and written back once its whole level is done.
struct RankArcs {
    rank: u32,
    up: Vec<ChEdge>,
    down: Vec<ChEdge>,
}

impl RankArcs {
    /// The current weights of rank `rank`'s arcs, to be improved.
    #[inline]
    fn current(topology: &Topology, up: &[ChEdge], down: &[ChEdge], rank: u32) -> RankArcs {
        let range = topology.arcs(rank);
        RankArcs {
            rank,
            up: up[range.clone()].to_vec(),
            down: down[range].to_vec(),
        }
    }
}

/// `weigh` applied to every rank of one level, on several threads when the level is large
/// (the ranks of a level share no arc, so each reads the weights of the others' arcs only).
/// Generic over `weigh` so each use is compiled with its own loop inlined.
#[inline]
fn each_rank<F>(level: &[u32], weigh: F) -> Result<Vec<RankArcs>, GraphDefect>
where
    F: Fn(u32) -> Result<RankArcs, GraphDefect> + Sync,
{
    if level.len() >= PARALLEL_LEVEL {
        level.par_iter().map(|&r| weigh(r)).collect()
    } else {
        level.iter().map(|&r| weigh(r)).collect()
    }
}

/// Weighs the arcs of `topology` with `time_ms` (one per edge of `graph`; [`INFINITE`] closes
/// an edge) and the graph's lengths.
pub fn customize(topology: &Topology, graph: &Csr, time_ms: &[u32]) -> Result<Ch, GraphDefect> {
    let n = topology.num_nodes();
    if graph.num_nodes() != n || time_ms.len() != graph.num_edges() {
        return Err(GraphDefect::HierarchySize {
            hierarchy: n,
            graph: graph.num_nodes(),
        });
    }
    let unset = |&other: &u32| ChEdge {
        other,
        time_ms: INFINITE,
        dist_dm: 0,
        middle: NO_MIDDLE,
    };
    let mut up: Vec<ChEdge> = topology.upper.iter().map(unset).collect();
    let mut down = up.clone();
    for u in 0..n as u32 {
        let ru = topology.rank_of[u as usize];
        for e in graph.edges(u) {
            let t = time_ms[e];
            if t == INFINITE {
                continue;
            }
            let rv = topology.rank_of[graph.head[e] as usize];
            let (low, high, list) = if ru < rv {
                (ru, rv, &mut up)
            } else {
                (rv, ru, &mut down)
            };
            let a = topology
                .arc(low, high)
                .ok_or(GraphDefect::Inconsistent("a road edge has no arc"))?;
            let edge = &mut list[a];
            if (t, graph.dist_dm[e]) < (edge.time_ms, edge.dist_dm) {
                edge.time_ms = t;
                edge.dist_dm = graph.dist_dm[e];
            }
        }
    }
    for level in topology.levels() {
        let weighed = each_rank(level, |r| lower_triangles(topology, &up, &down, r))?;
        for RankArcs {
            rank,
            up: new_up,
            down: new_down,
        } in weighed
        {
            let range = topology.arcs(rank);
            up[range.clone()].copy_from_slice(&new_up);
            down[range].copy_from_slice(&new_down);
        }
    }
    let dropped = perfect(topology, &mut up, &mut down)?;
    Ok(assemble(topology, up, down, &dropped))
}

/// Arcs whose weight a path through higher nodes beat, by direction.
struct Dropped {
    up: Vec<bool>,
    down: Vec<bool>,
}

/// Perfect customization: highest ranks first, every arc takes the best of its intermediate
/// and upper triangles too, which makes each weight the exact travel time between its ends.
/// An arc that a path through higher nodes beats is then never on a fastest up-down path (that
/// path can always climb to the higher node instead), so it is dropped: on grids this removes
/// most of the separators' cliques, and with them most of what a query would scan. The arcs
/// kept keep the weight of their lower triangle, so their middle nodes still unpack them.
fn perfect(
    topology: &Topology,
    up: &mut [ChEdge],
    down: &mut [ChEdge],
) -> Result<Dropped, GraphDefect> {
    let mut dropped = Dropped {
        up: vec![false; up.len()],
        down: vec![false; down.len()],
    };
    let levels: Vec<&[u32]> = topology.levels().collect();
    for level in levels.into_iter().rev() {
        let refined = each_rank(level, |x| higher_triangles(topology, up, down, x))?;
        for RankArcs {
            rank,
            up: new_up,
            down: new_down,
        } in refined
        {
            for (a, (u, d)) in topology.arcs(rank).zip(new_up.into_iter().zip(new_down)) {
                dropped.up[a] = key(u) < key(up[a]);
                dropped.down[a] = key(d) < key(down[a]);
                up[a] = u;
                down[a] = d;
            }
        }
    }
    Ok(dropped)
}

#[inline]
fn key(e: ChEdge) -> (u32, u32) {
    (e.time_ms, e.dist_dm)
}

/// The weights of rank `x`'s arcs after every triangle with its two other corners above `x`
/// (whose arcs are exact already): for higher neighbours `y < z`, `x → z → y` for `x → y`,
/// `x → y → z` for `x → z`, and the same backward.
fn higher_triangles(
    topology: &Topology,
    up: &[ChEdge],
    down: &[ChEdge],
    x: u32,
) -> Result<RankArcs, GraphDefect> {
    let mut weights = RankArcs::current(topology, up, down, x);
    let (ups, downs) = (&mut weights.up, &mut weights.down);
    let above = &topology.upper[topology.arcs(x)];
    for (i, &y) in above.iter().enumerate() {
        let y_arcs = topology.arcs(y);
        let of_y = &topology.upper[y_arcs.clone()];
        // `y`'s higher neighbours include every `z` above it here (contracting `x` joined
        // them), and both lists are sorted: one walk along `of_y` finds them all. Within a
        // cell the two lists are mostly the same separators, so the walk is about as long as
        // the pairs it finds.
        let mut k = 0;
        for (j, &z) in above.iter().enumerate().skip(i + 1) {
            while k < of_y.len() && of_y[k] < z {
                k += 1;
            }
            if of_y.get(k) != Some(&z) {
                return Err(GraphDefect::Inconsistent(
                    "a contracted node's neighbours are not joined",
                ));
            }
            let yz = y_arcs.start + k;
            k += 1;
            let (y_to_z, z_to_y) = (up[yz], down[yz]);
            let (x_to_y, y_to_x, x_to_z, z_to_x) = (ups[i], downs[i], ups[j], downs[j]);
            improve(&mut ups[i], x_to_z, z_to_y);
            improve(&mut downs[i], y_to_z, z_to_x);
            improve(&mut ups[j], x_to_y, y_to_z);
            improve(&mut downs[j], z_to_y, y_to_x);
        }
    }
    Ok(weights)
}

/// Lowers `edge`'s weight to that of `first` then `second` if faster (then shorter), keeping
/// its middle node; says whether it did.
#[inline]
fn improve(edge: &mut ChEdge, first: ChEdge, second: ChEdge) -> bool {
    let time = first.time_ms.saturating_add(second.time_ms);
    if time == INFINITE {
        return false;
    }
    let dist = first.dist_dm.saturating_add(second.dist_dm);
    let better = (time, dist) < (edge.time_ms, edge.dist_dm);
    if better {
        edge.time_ms = time;
        edge.dist_dm = dist;
    }
    better
}

thread_local! {
    /// For each rank, its position among the current rank's upper neighbours (stamped with
    /// that rank plus one, so it need not be cleared).
    static POSITION: RefCell<(Vec<u32>, Vec<u32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// The weights of rank `r`'s arcs after every lower triangle: for an arc `r → y`, every lower
/// `z` with arcs to both gives the path `r → z → y` (and `y → z → r` for `y → r`).
fn lower_triangles(
    topology: &Topology,
    up: &[ChEdge],
    down: &[ChEdge],
    r: u32,
) -> Result<RankArcs, GraphDefect> {
    let mut weights = RankArcs::current(topology, up, down, r);
    let (new_up, new_down) = (&mut weights.up, &mut weights.down);
    let range = topology.arcs(r);
    POSITION.with(|cell| {
        let (stamp, position) = &mut *cell.borrow_mut();
        if stamp.len() < topology.num_nodes() {
            stamp.resize(topology.num_nodes(), 0);
            position.resize(topology.num_nodes(), 0);
        }
        for (i, &y) in topology.upper[range.clone()].iter().enumerate() {
            stamp[y as usize] = r + 1;
            position[y as usize] = i as u32;
        }
        for &zr in topology.arcs_into(r) {
            let zr = zr as usize;
            let z = topology.owner(zr);
            // r → z is stored downward at z, z → r upward.
            let (r_to_z, z_to_r) = (down[zr], up[zr]);
            if r_to_z.time_ms == INFINITE && z_to_r.time_ms == INFINITE {
                continue;
            }
            let z_end = topology.arcs(z).end;
            for zy in zr + 1..z_end {
                let y = topology.upper[zy];
                if stamp[y as usize] != r + 1 {
                    return Err(GraphDefect::Inconsistent(
                        "a contracted node's neighbours are not joined",
                    ));
                }
                let i = position[y as usize] as usize;
                relax(&mut new_up[i], r_to_z, up[zy], z);
                relax(&mut new_down[i], down[zy], z_to_r, z);
            }
        }
        Ok(())
    })?;
    Ok(weights)
}

/// Keeps the faster (then shorter) of `edge` and the path `first` then `second` via `middle`.
#[inline]
fn relax(edge: &mut ChEdge, first: ChEdge, second: ChEdge, middle: u32) {
    if improve(edge, first, second) {
        edge.middle = middle;
    }
}

/// The hierarchy of the weighed arcs, those unreachable or beaten from above left out.
fn assemble(topology: &Topology, up: Vec<ChEdge>, down: Vec<ChEdge>, dropped: &Dropped) -> Ch {
    let n = topology.num_nodes();
    let keep = |list: Vec<ChEdge>, dropped: &[bool]| {
        let mut first = Vec::with_capacity(n + 1);
        first.push(0u32);
        let mut kept = Vec::new();
        for r in 0..n as u32 {
            for a in topology.arcs(r) {
                if list[a].time_ms != INFINITE && !dropped[a] {
                    kept.push(list[a]);
                }
            }
            first.push(kept.len() as u32);
        }
        (first, kept)
    };
    let (up_first, up) = keep(up, &dropped.up);
    let (down_first, down) = keep(down, &dropped.down);
    Ch {
        rank_of: topology.rank_of.clone(),
        node_at: topology.node_at.clone(),
        up_first,
        up,
        down_first,
        down,
    }
}
