//! The upward search of a contraction hierarchy, written once: from one or more start nodes
//! (each with the time and length already spent reaching it), Dijkstra along upward edges
//! only — forward along the edges out of each rank, or backward along the edges into it —
//! with stall on demand and optional limits. Every query of the hierarchy is made of it: the
//! one-to-one route runs two of them in turn, matrices and sweeps run one per source and per
//! target, kept place ends one per place.

use super::ch::{Ch, ChEdge, Endpoint, NO_MIDDLE};
use super::search::SearchSpace;

/// Which way an upward search goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From the starts, along edges out of each rank: times from the starts.
    Forward,
    /// From the ends, along edges into each rank: times to the ends.
    Backward,
}

/// How far a search looks: a node reached within either limit is settled, one past both is
/// dropped (every route through it is past both too: times and lengths only grow).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest travel time, milliseconds.
    pub time_ms: u32,
    /// Longest route length, decimetres (0 to look by time only).
    pub dist_dm: u32,
}

impl Limits {
    /// No limit: the whole upward search space.
    pub const NONE: Limits = Limits {
        time_ms: u32::MAX,
        dist_dm: u32::MAX,
    };

    /// Whether a route of this time and length is within the limits.
    #[inline]
    pub fn within(&self, time_ms: u32, dist_dm: u32) -> bool {
        time_ms <= self.time_ms || dist_dm <= self.dist_dm
    }
}

/// A rank an upward search settled, with its time and length from the starts (to the ends,
/// searching backward).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settled {
    pub rank: u32,
    pub time_ms: u32,
    pub dist_dm: u32,
}

/// One upward search in progress over a thread's scratch [`SearchSpace`] (reset when the
/// search starts, so it costs what it visits). Settle nodes one at a time with
/// [`UpwardSearch::settle_next`], or all of them with [`upward_search`].
pub struct UpwardSearch<'a> {
    /// Edges followed from a settled rank, and edges looked at to stall it.
    follow: (&'a [u32], &'a [ChEdge]),
    stall: (&'a [u32], &'a [ChEdge]),
    space: &'a mut SearchSpace,
    limits: Limits,
}

impl<'a> UpwardSearch<'a> {
    /// Resets `space` and puts the `points` in it at their own time and length.
    pub fn new(
        ch: &'a Ch,
        space: &'a mut SearchSpace,
        direction: Direction,
        points: &[Endpoint],
        limits: Limits,
    ) -> UpwardSearch<'a> {
        let up = (&ch.up_first[..], &ch.up[..]);
        let down = (&ch.down_first[..], &ch.down[..]);
        let (follow, stall) = match direction {
            Direction::Forward => (up, down),
            Direction::Backward => (down, up),
        };
        space.reset();
        for p in points {
            space.offer(ch.rank_of[p.node as usize], p.time_ms, p.dist_dm, NO_MIDDLE);
        }
        UpwardSearch {
            follow,
            stall,
            space,
            limits,
        }
    }

    /// Settles the next rank that is within the limits and not stalled, and offers its
    /// upward neighbours; `None` when the search is exhausted. Stalled ranks and ranks past
    /// the limits are settled silently, their edges not followed.
    #[inline]
    pub fn settle_next(&mut self) -> Option<Settled> {
        while let Some((r, t, d)) = self.space.pop() {
            if !self.limits.within(t, d) || self.stalled(r, t) {
                continue;
            }
            let (first, edges) = self.follow;
            let range = first[r as usize] as usize..first[r as usize + 1] as usize;
            for e in &edges[range] {
                self.space.offer(
                    e.other,
                    t.saturating_add(e.time_ms),
                    d.saturating_add(e.dist_dm),
                    r,
                );
            }
            return Some(Settled {
                rank: r,
                time_ms: t,
                dist_dm: d,
            });
        }
        None
    }

    /// Stall on demand: whether a higher rank already reached gives `r` a quicker time
    /// through an edge into it (out of it, searching backward). Then no fastest route meets
    /// at `r` or climbs through it, and its edges need not be followed: this keeps upward
    /// searches several times smaller.
    #[inline]
    fn stalled(&self, r: u32, t: u32) -> bool {
        let (first, edges) = self.stall;
        let range = first[r as usize] as usize..first[r as usize + 1] as usize;
        edges[range].iter().any(|e| {
            self.space
                .time(e.other)
                .is_some_and(|ot| ot.saturating_add(e.time_ms) < t)
        })
    }

    /// A lower bound of the time of the next rank to settle (`u32::MAX` when exhausted).
    #[inline]
    pub fn min_time(&self) -> u32 {
        self.space.peek_time()
    }

    /// The labels so far (for meeting another search, or walking predecessors back).
    pub fn space(&self) -> &SearchSpace {
        self.space
    }
}

/// Runs an upward search to its end, handing every settled rank to `visit` in settling
/// order (time, then rank).
pub fn upward_search(
    ch: &Ch,
    space: &mut SearchSpace,
    direction: Direction,
    points: &[Endpoint],
    limits: Limits,
    mut visit: impl FnMut(Settled),
) {
    let mut search = UpwardSearch::new(ch, space, direction, points, limits);
    while let Some(s) = search.settle_next() {
        visit(s);
    }
}

/// [`upward_search`] collected into `out` (cleared first), so a caller can reuse its buffer.
pub fn upward_space_into(
    ch: &Ch,
    space: &mut SearchSpace,
    direction: Direction,
    points: &[Endpoint],
    limits: Limits,
    out: &mut Vec<Settled>,
) {
    out.clear();
    upward_search(ch, space, direction, points, limits, |s| out.push(s));
}
