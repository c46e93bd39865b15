//! Travel times from a new point to the places of the registry, cheaply. A nearest-places
//! answer times about thirty places from one point; the bucket many-to-many
//! ([`super::matrix`]) snaps every place and runs its backward upward search again for each
//! question. The places do not move between reloads, so here each place's snapped position
//! and backward search space (by rank) are computed once per road network and profile, the
//! first time a question needs them, and kept; a new point then costs its own snapping, one
//! forward upward search laid out by rank and, per place, one look-up in it per entry of the
//! place's backward space.
//!
//! The answer is the matrix's, cell for cell: the same searches (same seeding, stalling and
//! settling order), the same choice among meeting nodes of equal time (the first the forward
//! search settled), the same walk along a shared segment, the same straight-line cells for
//! ends off the network.

use super::crowfly::{self, TripEnds};
use super::network::{ProfileGraph, RoadNetwork};
use super::profile::Profile;
use super::route::place;
use super::search::with_spaces;
use super::snap::Snapped;
use super::upward::{upward_search, Direction, Limits};
use super::ModelKind;
use std::cell::RefCell;
use std::sync::OnceLock;

/// A time (s) and distance (m) of one trip; `None` when unreachable.
pub type Cell = (Option<f64>, Option<f64>);

/// One place on one profile's roads: where it snapped, and its backward upward search space
/// as `(rank, time_ms, dist_dm)` sorted by rank.
#[derive(Debug)]
struct PlaceEnd {
    snapped: Snapped,
    space: Box<[(u32, u32, u32)]>,
}

/// Whether an answer may compute the place ends it lacks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ends {
    Compute,
    KeptOnly,
}

/// The places' ends on the network of one served state, filled on demand. `None` in a slot:
/// the place is off that profile's roads (timed by the straight-line model).
#[derive(Debug)]
pub struct PlaceEnds {
    positions: Vec<Option<[f64; 2]>>,
    car: Vec<OnceLock<Option<PlaceEnd>>>,
    foot: Vec<OnceLock<Option<PlaceEnd>>>,
}

impl PlaceEnds {
    /// Empty slots for places at `positions` (`[lon, lat]`, by the caller's place index).
    pub fn new(positions: Vec<Option<[f64; 2]>>) -> PlaceEnds {
        let slots = || (0..positions.len()).map(|_| OnceLock::new()).collect();
        PlaceEnds {
            car: slots(),
            foot: slots(),
            positions,
        }
    }

    /// How many places have their ends computed for `profile` (for tests and logs).
    pub fn filled(&self, profile: Profile) -> usize {
        self.slots(profile)
            .iter()
            .filter(|s| s.get().is_some())
            .count()
    }

    fn slots(&self, profile: Profile) -> &[OnceLock<Option<PlaceEnd>>] {
        match profile {
            Profile::Car => &self.car,
            Profile::Foot => &self.foot,
        }
    }

    /// The ends of place `i` on `g`, computed on first use.
    fn end(&self, g: &ProfileGraph, i: usize, position: [f64; 2]) -> Option<&PlaceEnd> {
        self.slots(g.profile)[i]
            .get_or_init(|| {
                let snapped = place(g, position).ok()?;
                let ends = g.snap.ends(&g.graph, &snapped);
                let mut space = Vec::new();
                with_spaces(g.ch.num_nodes(), |_, bwd| {
                    upward_search(&g.ch, bwd, Direction::Backward, &ends, Limits::NONE, |s| {
                        space.push((s.rank, s.time_ms, s.dist_dm))
                    })
                });
                space.sort_unstable_by_key(|e| e.0);
                Some(PlaceEnd {
                    snapped,
                    space: space.into_boxed_slice(),
                })
            })
            .as_ref()
    }

    /// Times and distances from `origin` to the places `indexes` by `profile`, and the model
    /// of the answer — what [`super::matrix`] gives for one source and these places, with
    /// the network when it covers the origin. `None` when there is no place or a place has
    /// no position (the caller then asks the matrix).
    pub fn travel_from(
        &self,
        roads: Option<&RoadNetwork>,
        origin: [f64; 2],
        indexes: &[usize],
        profile: Profile,
    ) -> Option<(Vec<Cell>, ModelKind)> {
        self.travel(roads, origin, indexes, profile, Ends::Compute)
    }

    /// What [`Self::travel_from`] answers, when that needs no place end not kept yet: at most
    /// a snapping and one forward search (tens of microseconds, fine on any thread). `None`
    /// when an end would have to be computed (snapping a place and its backward search), and
    /// when `travel_from` answers `None`. An origin off the network needs no end at all.
    pub fn travel_from_kept(
        &self,
        roads: Option<&RoadNetwork>,
        origin: [f64; 2],
        indexes: &[usize],
        profile: Profile,
    ) -> Option<(Vec<Cell>, ModelKind)> {
        self.travel(roads, origin, indexes, profile, Ends::KeptOnly)
    }

    fn travel(
        &self,
        roads: Option<&RoadNetwork>,
        origin: [f64; 2],
        indexes: &[usize],
        profile: Profile,
        ends: Ends,
    ) -> Option<(Vec<Cell>, ModelKind)> {
        if indexes.is_empty() {
            return None;
        }
        let positions: Vec<[f64; 2]> = indexes
            .iter()
            .map(|&i| self.positions.get(i).copied().flatten())
            .collect::<Option<_>>()?;
        let crow = |to: [f64; 2]| -> Cell {
            let (s, m) = crowfly::estimate(origin, to, profile, TripEnds::default());
            (Some(s.round()), Some(m.round()))
        };
        let all_crow = || positions.iter().map(|&p| crow(p)).collect::<Vec<_>>();
        let Some(g) = roads
            .map(|n| n.profile(profile))
            .filter(|g| g.covers(origin))
        else {
            return Some((all_crow(), ModelKind::CrowFly));
        };
        let Ok(from) = place(g, origin) else {
            return Some((all_crow(), ModelKind::CrowFly));
        };
        if ends == Ends::KeptOnly {
            let slots = self.slots(profile);
            if !indexes.iter().all(|&i| slots[i].get().is_some()) {
                return None;
            }
        }
        let starts = g.snap.starts(&g.graph, &from);
        // The forward space in settling order, then laid out by rank.
        let mut forward: Vec<(u32, u32, u32)> = Vec::new();
        with_spaces(g.ch.num_nodes(), |fwd, _| {
            upward_search(&g.ch, fwd, Direction::Forward, &starts, Limits::NONE, |s| {
                forward.push((s.rank, s.time_ms, s.dist_dm))
            })
        });
        FORWARD.with(|table| {
            let mut table = table.borrow_mut();
            table.fill(g.ch.num_nodes(), &forward);
            let cells = indexes
                .iter()
                .zip(&positions)
                .map(|(&i, &p)| {
                    let Some(end) = self.end(g, i, p) else {
                        return crow(p);
                    };
                    let (mut time, mut dist) = table.meet(&end.space);
                    if from.segment == end.snapped.segment {
                        if let Some((t, d)) = g.snap.same_segment(&g.graph, &from, &end.snapped) {
                            if time.is_none_or(|best| t < best) {
                                (time, dist) = (Some(t), d);
                            }
                        }
                    }
                    match time {
                        Some(t) => (Some(f64::from(t) / 1000.0), Some(f64::from(dist) / 10.0)),
                        None => (None, None),
                    }
                })
                .collect();
            Some((cells, ModelKind::Road))
        })
    }
}

/// One thread's forward space by rank, for the answer being made: per rank, the stamp of
/// the answer whose forward search settled it, its settling order, time and distance. A
/// place's backward space then meets it by one look-up per entry, where merging two
/// rank-sorted lists walked the whole forward space again for each place.
#[derive(Default)]
struct ForwardByRank {
    stamp: u32,
    slots: Vec<(u32, u32, u32, u32)>,
}

thread_local! {
    static FORWARD: RefCell<ForwardByRank> = RefCell::default();
}

impl ForwardByRank {
    /// Forgets the previous answer's space and keeps `forward` (`(rank, time, dist)` in
    /// settling order) for a hierarchy of `n` nodes.
    fn fill(&mut self, n: usize, forward: &[(u32, u32, u32)]) {
        if self.slots.len() < n {
            self.slots.resize(n, (0, 0, 0, 0));
        }
        if self.stamp == u32::MAX {
            self.slots.iter_mut().for_each(|s| s.0 = 0);
            self.stamp = 0;
        }
        self.stamp += 1;
        for (order, &(r, t, d)) in forward.iter().enumerate() {
            self.slots[r as usize] = (self.stamp, order as u32, t, d);
        }
    }

    /// The best meeting of the kept forward space and a backward one `(rank, time, dist)`:
    /// least total time, and among equal times the node the forward search settled first
    /// (the bucket scan's choice). `(None, 0)` when they do not meet.
    fn meet(&self, backward: &[(u32, u32, u32)]) -> (Option<u32>, u32) {
        let mut best: Option<(u32, u32, u32)> = None; // (time, order, dist)
        for &(br, bt, bd) in backward {
            let (stamp, order, ft, fd) = self.slots[br as usize];
            if stamp != self.stamp {
                continue;
            }
            let total = ft.saturating_add(bt);
            if total != u32::MAX && best.is_none_or(|(t, o, _)| (total, order) < (t, o)) {
                best = Some((total, order, fd.saturating_add(bd)));
            }
        }
        best.map_or((None, 0), |(t, _, d)| (Some(t), d))
    }
}
