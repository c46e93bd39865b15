//! One-to-many sweeps for coverage: from each of many sources, every target whose fastest
//! route fits within limits, on the contraction hierarchy.
//!
//! A general matrix times every pair, then the caller throws most of them away; coverage
//! only needs, for each commune, the places within a horizon. Here the backward upward
//! searches of the targets are run once, each stopped where it goes past the limits, and
//! laid out as buckets by rank (the "bucket" many-to-many of Knopp et al., shared by every
//! source rather than rebuilt per block of sources). Each source then costs one forward
//! upward search, stopped at the limits too, and a scan of the buckets of the ranks it
//! settles. Sources are independent: callers run them in parallel, and memory is the buckets
//! plus one small scratch per thread, whatever the number of sources.
//!
//! A target is reported when its fastest route takes at most [`Limits::time_ms`] or is at
//! most [`Limits::dist_dm`] long, with that route's time and length. Searches stop at a node
//! past both limits: every route through it is past both too, since times and lengths only
//! grow along a route. (A target whose fastest route is past both limits, yet reached by a
//! slower route within the length, may then be reported with the slower route's time: only
//! routes longer than the length limit and slower than the time limit can be hidden so.)

use super::ch::{Ch, Endpoint, INFINITE};
use super::search::with_spaces;
use super::upward::{upward_search, upward_space_into, Direction, Settled};
use rayon::prelude::*;
use std::cell::RefCell;

/// How far a sweep looks: a route within either limit is reported.
pub use super::upward::Limits;

/// A target reached from a source: its index among the sweep's targets, and the time and
/// length of the fastest route to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reached {
    pub target: u32,
    pub time_ms: u32,
    pub dist_dm: u32,
}

/// What a target's backward search left at a rank: the target, and the time and length
/// from that rank to it.
#[derive(Debug, Clone, Copy)]
struct Entry {
    target: u32,
    time_ms: u32,
    dist_dm: u32,
}

/// The targets' backward searches, by rank, ready to sweep from any number of sources.
pub struct Sweep<'a> {
    ch: &'a Ch,
    limits: Limits,
    num_targets: usize,
    /// Entries of rank `r`: `first[r]..first[r + 1]` in `entries`.
    first: Vec<u32>,
    entries: Vec<Entry>,
}

/// The best route found so far to each target, reset in the time of what was touched.
#[derive(Default)]
struct Best {
    time_ms: Vec<u32>,
    dist_dm: Vec<u32>,
    touched: Vec<u32>,
}

thread_local! {
    static BEST: RefCell<Best> = RefCell::new(Best::default());
}

impl<'a> Sweep<'a> {
    /// Runs the backward search of every target (each may be entered from several nodes,
    /// see [`super::snap::SnapIndex::ends`]); an empty target is never reached.
    pub fn new(ch: &'a Ch, targets: &[Vec<Endpoint>], limits: Limits) -> Sweep<'a> {
        let n = ch.num_nodes();
        let spaces: Vec<Vec<Settled>> = targets
            .par_iter()
            .map(|ends| {
                let mut settled = Vec::new();
                with_spaces(n, |_, bwd| {
                    upward_space_into(ch, bwd, Direction::Backward, ends, limits, &mut settled)
                });
                settled
            })
            .collect();
        // Counting sort by rank.
        let mut first = vec![0u32; n + 1];
        for space in &spaces {
            for s in space {
                first[s.rank as usize + 1] += 1;
            }
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let mut fill = first.clone();
        let empty = Entry {
            target: 0,
            time_ms: 0,
            dist_dm: 0,
        };
        let mut entries = vec![empty; first[n] as usize];
        for (j, space) in spaces.into_iter().enumerate() {
            for s in space {
                let slot = &mut fill[s.rank as usize];
                entries[*slot as usize] = Entry {
                    target: j as u32,
                    time_ms: s.time_ms,
                    dist_dm: s.dist_dm,
                };
                *slot += 1;
            }
        }
        Sweep {
            ch,
            limits,
            num_targets: targets.len(),
            first,
            entries,
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    pub fn num_targets(&self) -> usize {
        self.num_targets
    }

    /// Bucket entries kept (a measure of the sweep's memory: 12 bytes each).
    pub fn num_entries(&self) -> usize {
        self.entries.len()
    }

    /// Every target within the limits from a source that may start at any of `starts`,
    /// in target order.
    pub fn from_source(&self, starts: &[Endpoint]) -> Vec<Reached> {
        let n = self.ch.num_nodes();
        BEST.with(|cell| {
            let best = &mut *cell.borrow_mut();
            if best.time_ms.len() < self.num_targets {
                best.time_ms.resize(self.num_targets, INFINITE);
                best.dist_dm.resize(self.num_targets, 0);
            }
            with_spaces(n, |fwd, _| {
                upward_search(self.ch, fwd, Direction::Forward, starts, self.limits, |f| {
                    let r = f.rank as usize;
                    let bucket = &self.entries[self.first[r] as usize..self.first[r + 1] as usize];
                    for e in bucket {
                        let total = f.time_ms.saturating_add(e.time_ms);
                        let j = e.target as usize;
                        if total < best.time_ms[j] {
                            if best.time_ms[j] == INFINITE {
                                best.touched.push(e.target);
                            }
                            best.time_ms[j] = total;
                            best.dist_dm[j] = f.dist_dm.saturating_add(e.dist_dm);
                        }
                    }
                })
            });
            best.touched.sort_unstable();
            let mut out = Vec::with_capacity(best.touched.len());
            for &j in &best.touched {
                let (time_ms, dist_dm) = (best.time_ms[j as usize], best.dist_dm[j as usize]);
                if self.limits.within(time_ms, dist_dm) {
                    out.push(Reached {
                        target: j,
                        time_ms,
                        dist_dm,
                    });
                }
                best.time_ms[j as usize] = INFINITE;
            }
            best.touched.clear();
            out
        })
    }

    /// [`Sweep::from_source`] for every source, in parallel.
    pub fn rows(&self, sources: &[Vec<Endpoint>]) -> Vec<Vec<Reached>> {
        sources.par_iter().map(|s| self.from_source(s)).collect()
    }
}
