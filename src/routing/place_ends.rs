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
use super::upward::{upward_search, Direction, Limits, UpwardSearch};
use super::ModelKind;
use std::cell::RefCell;
use std::sync::OnceLock;

/// A time (s) and distance (m) of one trip; `None` when unreachable.
pub type Cell = (Option<f64>, Option<f64>);

/// An upward search space: `(rank, time_ms, dist_dm)` sorted by rank.
type Space = [(u32, u32, u32)];

/// One place on one profile's roads: where it snapped, and its backward upward search space
/// as `(rank, time_ms, dist_dm)` sorted by rank.
#[derive(Debug)]
struct PlaceEnd {
    snapped: Snapped,
    space: Box<Space>,
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
        self.travel(roads, origin, indexes, profile, usize::MAX, Ends::Compute)
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
        self.travel(roads, origin, indexes, profile, usize::MAX, Ends::KeptOnly)
    }

    /// [`Self::travel_from`] for an answer that shows only the `soonest` places soonest
    /// reached: their cells are exact, and so is every cell as soon or sooner than the
    /// latest of them; a road cell left `(None, None)` is later than all of those (or
    /// unreachable). The forward search stops once that is known, most often well before
    /// the end of its space.
    pub fn soonest_from(
        &self,
        roads: Option<&RoadNetwork>,
        origin: [f64; 2],
        indexes: &[usize],
        profile: Profile,
        soonest: usize,
    ) -> Option<(Vec<Cell>, ModelKind)> {
        self.travel(roads, origin, indexes, profile, soonest, Ends::Compute)
    }

    /// [`Self::soonest_from`] from the kept ends alone, as [`Self::travel_from_kept`].
    pub fn soonest_from_kept(
        &self,
        roads: Option<&RoadNetwork>,
        origin: [f64; 2],
        indexes: &[usize],
        profile: Profile,
        soonest: usize,
    ) -> Option<(Vec<Cell>, ModelKind)> {
        self.travel(roads, origin, indexes, profile, soonest, Ends::KeptOnly)
    }

    fn travel(
        &self,
        roads: Option<&RoadNetwork>,
        origin: [f64; 2],
        indexes: &[usize],
        profile: Profile,
        soonest: usize,
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
        // Each place's ends, and what is known of its trip before any search: the
        // straight-line cell of a place off the roads, the walk along a shared segment.
        let mut trips: Vec<Trip> = Vec::with_capacity(indexes.len());
        let mut spaces: Vec<(usize, &Space)> = Vec::with_capacity(indexes.len());
        for (k, (&i, &p)) in indexes.iter().zip(&positions).enumerate() {
            let Some(end) = self.end(g, i, p) else {
                trips.push(Trip::Fixed(crow(p)));
                continue;
            };
            spaces.push((k, &end.space));
            let same = (from.segment == end.snapped.segment)
                .then(|| g.snap.same_segment(&g.graph, &from, &end.snapped))
                .flatten();
            trips.push(Trip::Road { meet: None, same });
        }
        let mut bounds: Vec<u64> = trips.iter().map(Trip::bound_ms).collect();
        let soonest = soonest.min(indexes.len());
        // The forward search meets the places' backward spaces as it settles; it stops
        // at the end of its space or at `cut`, a time no meeting it has not made can beat.
        let cut = BACKWARD.with(|index| {
            let mut index = index.borrow_mut();
            index.fill(g.ch.num_nodes(), &spaces);
            with_spaces(g.ch.num_nodes(), |fwd, _| {
                let mut search =
                    UpwardSearch::new(&g.ch, fwd, Direction::Forward, &starts, Limits::NONE);
                let mut order = 0u32;
                loop {
                    let Some(s) = search.settle_next() else {
                        return u64::MAX;
                    };
                    for (k, bt, bd) in index.at(s.rank) {
                        let total = s.time_ms.saturating_add(bt);
                        if total == u32::MAX {
                            continue;
                        }
                        let k = k as usize;
                        if let Trip::Road { meet, .. } = &mut trips[k] {
                            // Settled in order: on equal times the first settled stays.
                            if meet.is_none_or(|(t, _)| total < t) {
                                *meet = Some((total, s.dist_dm.saturating_add(bd)));
                                bounds[k] = bounds[k].min(u64::from(total));
                            }
                        }
                    }
                    order += 1;
                    // Every later meeting takes at least the queue's least time: once
                    // `soonest` places are known sooner than it, they are exact, and the
                    // others are later than all of them.
                    if order.is_multiple_of(4) {
                        let least = u64::from(search.min_time());
                        if bounds.iter().filter(|&&b| b < least).count() >= soonest {
                            return least;
                        }
                    }
                }
            })
        });
        let cells = trips
            .iter()
            .zip(&bounds)
            .map(|(trip, &bound)| match *trip {
                Trip::Fixed(cell) => cell,
                Trip::Road { meet, same } => {
                    let (mut time, mut dist) = meet.map_or((None, 0), |(t, d)| (Some(t), d));
                    if let Some((t, d)) = same {
                        if time.is_none_or(|best| t < best) {
                            (time, dist) = (Some(t), d);
                        }
                    }
                    match time {
                        // Not known exactly: later than the `soonest` first places.
                        _ if bound >= cut => (None, None),
                        Some(t) => (Some(f64::from(t) / 1000.0), Some(f64::from(dist) / 10.0)),
                        None => (None, None),
                    }
                }
            })
            .collect();
        Some((cells, ModelKind::Road))
    }
}

/// What one answer knows of a trip to one place.
enum Trip {
    /// Off the roads: the straight-line cell.
    Fixed(Cell),
    /// On the roads: the best meeting of the searches so far `(time_ms, dist_dm)`, and the
    /// walk along the origin's segment when the place is on it.
    Road {
        meet: Option<(u32, u32)>,
        same: Option<(u32, u32)>,
    },
}

impl Trip {
    /// The soonest the trip is known to take, milliseconds (`u64::MAX`: not known yet).
    fn bound_ms(&self) -> u64 {
        match *self {
            // Straight-line seconds are whole, so the milliseconds are exact.
            Trip::Fixed((time, _)) => time.map_or(u64::MAX, |s| (s * 1000.0) as u64),
            Trip::Road { meet, same } => meet
                .into_iter()
                .chain(same)
                .map(|(t, _)| u64::from(t))
                .min()
                .unwrap_or(u64::MAX),
        }
    }
}

/// One thread's backward spaces of the places of the answer being made, by rank: per rank,
/// the stamp of the answer that filled it and its first entry; each entry a place (its
/// number in the answer), the time and distance from the rank to it, and the next entry of
/// the same rank. The forward search then meets every place at once as it settles, by one
/// look-up per settled rank, and can stop as soon as the soonest places are known.
#[derive(Default)]
struct BackwardByRank {
    stamp: u32,
    heads: Vec<(u32, u32)>,
    entries: Vec<(u32, u32, u32, u32)>,
}

thread_local! {
    static BACKWARD: RefCell<BackwardByRank> = RefCell::default();
}

const END: u32 = u32::MAX;

impl BackwardByRank {
    /// Forgets the previous answer's spaces and keeps `spaces` (the place's number in the
    /// answer, its backward space `(rank, time, dist)`) for a hierarchy of `n` nodes.
    fn fill(&mut self, n: usize, spaces: &[(usize, &Space)]) {
        if self.heads.len() < n {
            self.heads.resize(n, (0, END));
        }
        if self.stamp == u32::MAX {
            self.heads.iter_mut().for_each(|h| h.0 = 0);
            self.stamp = 0;
        }
        self.stamp += 1;
        self.entries.clear();
        for &(k, space) in spaces {
            for &(r, t, d) in space {
                let head = &mut self.heads[r as usize];
                let next = if head.0 == self.stamp { head.1 } else { END };
                *head = (self.stamp, self.entries.len() as u32);
                self.entries.push((k as u32, t, d, next));
            }
        }
    }

    /// The places whose backward space holds `rank`: `(place, time, dist)`.
    fn at(&self, rank: u32) -> impl Iterator<Item = (u32, u32, u32)> + '_ {
        let (stamp, first) = self.heads[rank as usize];
        let mut next = if stamp == self.stamp { first } else { END };
        std::iter::from_fn(move || {
            let &(k, t, d, after) = self.entries.get(next as usize)?;
            next = after;
            Some((k, t, d))
        })
    }
}
