//! Travel from communes to places: every pair within a horizon, by road when a road graph
//! covers the commune, else by the straight-line model, and the nearest place of a kind even
//! beyond the horizon.
//!
//! This is the one builder of commune → destination time tables: the indicators use it towards
//! the registry's places ([`Site`]), the planner towards the points where a site could open
//! (`planning::suggest`), so that a suggested site, once open, is timed exactly as the plan
//! assumed. Any [`Destination`] will do.
//!
//! No trip crosses the sea: a commune only reaches places on its own [`Landmass`], by road
//! as by straight line, so a commune on an island without a bridge and without a place of
//! its own reaches nothing and gets no time at all rather than an invented one. A commune
//! whose point lies more than the snapping distance from any road (a forest clearing, a
//! point the road graph misses) is timed by the straight-line model, and says so. A commune on
//! the road graph is timed by road only: a destination off the graph (beyond the extract) is
//! not in its row, and [`Travel::nearest`] falls back to the straight line only when no stored
//! trip fits.
//!
//! Road rows come from one [`Sweep`] over the contraction hierarchy: the destinations'
//! backward searches are run once, then each commune costs one forward search stopped at the
//! horizon (or at [`ROAD_SEARCH_M`] along the road), rather than a matrix per block of
//! communes to every destination near the block.

use super::landmass::Landmass;
use super::sites::Site;
use crate::model::{Commune, Metres, Seconds};
use crate::routing::ch::Endpoint;
use crate::routing::closure::{search_avoiding, ClosedRoads};
use crate::routing::crowfly::{self, AreaDensity, TripEnds};
use crate::routing::route::checked;
use crate::routing::snap::{SnapOutcome, Snapped};
use crate::routing::sweep::{Limits, Reached, Sweep};
use crate::routing::{ModelKind, Profile, ProfileGraph, RoadNetwork, RoutingError};
use crate::spatial::{CommuneLocator, PlaceIndex};
use geo::{ChamberlainDuquetteArea, Point};
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::ControlFlow;

/// How a commune reaches places.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CommuneTravel {
    /// On the road graph.
    Road,
    /// Outside any road graph, or too far from its roads: straight-line model, with the
    /// commune's density.
    CrowFly(AreaDensity),
    /// The commune has no representative point.
    NoPoint,
}

impl CommuneTravel {
    /// The model that gave this commune's times, `None` when it has none.
    pub fn model(&self) -> Option<ModelKind> {
        match self {
            CommuneTravel::Road => Some(ModelKind::Road),
            CommuneTravel::CrowFly(_) => Some(ModelKind::CrowFly),
            _ => None,
        }
    }
}

/// Where a trip can end: a place of the registry, or a point where a site could open.
pub trait Destination: Sync {
    /// `[lon, lat]`; `None` when unknown (never reached).
    fn point(&self) -> Option<[f64; 2]>;
    /// The land it stands on: no trip crosses the sea.
    fn landmass(&self) -> Landmass;
}

impl Destination for Site {
    fn point(&self) -> Option<[f64; 2]> {
        self.point
    }

    fn landmass(&self) -> Landmass {
        self.landmass
    }
}

/// A commune → destination trip (12 bytes: tables hold millions of them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trip {
    /// Index of the destination (a site, or a candidate when planning).
    pub site: u32,
    time_s: f32,
    distance_m: f32,
}

impl Trip {
    fn new(site: usize, time: Seconds, distance: Metres) -> Trip {
        Trip {
            site: site as u32,
            time_s: time.0 as f32,
            distance_m: distance.0 as f32,
        }
    }

    pub fn time(&self) -> Seconds {
        Seconds(f64::from(self.time_s))
    }

    pub fn distance(&self) -> Metres {
        Metres(f64::from(self.distance_m))
    }
}

/// Which model to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ModelChoice {
    /// Road where a graph is loaded and covers the commune, straight line elsewhere.
    #[default]
    Auto,
    Road,
    CrowFly,
}

/// Roads closed for a what-if, and what the travel table must still answer exactly with them.
///
/// The first `nearest_for` demand communes (the selection) get their road rows from a search on
/// the base graph that never takes a closed road ([`search_avoiding`]): every destination
/// within the horizon, and for each kind of destination the quickest one within the limits,
/// however far (with what is certain on the way) — all the indicators read beyond the horizon,
/// so the search stops there rather than at [`ROAD_SEARCH_M`] along the road. The other
/// communes (neighbours, for the catchment scores) need their rows within the horizon only:
/// searched the same way when they reach a closed road within it, otherwise the hierarchy's,
/// which the closure cannot change there.
pub struct Closures<'a> {
    pub closed: &'a ClosedRoads,
    pub nearest_for: usize,
    /// Kinds of each destination, one bit a kind (at most 8 kinds).
    pub kinds: Vec<u8>,
}

/// Trips from a set of demand communes (indices into the snapshot's communes) to destinations.
pub struct Travel {
    /// Snapshot indices of the demand communes; trips are stored in this order.
    pub communes: Vec<usize>,
    pub how: Vec<CommuneTravel>,
    offsets: Vec<u32>,
    trips: Vec<Trip>,
    /// Road rows hold the destinations within the horizon or within [`ROAD_SEARCH_M`] along
    /// the road; straight-line rows only those within the horizon; [`Travel::nearest`] finds
    /// the rest.
    horizon: Seconds,
    /// Density of the commune each destination lies in, for the straight-line model.
    dest_density: Vec<AreaDensity>,
}

/// Longest road route kept beyond the horizon, so that [`Travel::nearest`] finds the nearest
/// place of a kind by road even when none is within the horizon.
pub const ROAD_SEARCH_M: f64 = 100_000.0;
/// Communes whose rows are made at once, so memory stays bounded whatever the selection.
const ROW_BLOCK: usize = 4096;
/// Places beyond the stored trips among which [`Travel::nearest`] looks for the quickest.
const NEAREST_TRIED: usize = 8;
/// Fastest average road speed, to bound straight-line searches around road trips (m/s).
pub(crate) const FASTEST_MS: f64 = 130.0 / 3.6;

/// Inhabitants per km² of a commune with a polygon (a missing population counts as 0).
pub fn density(c: &Commune) -> Option<f64> {
    let km2 = c.polygon.as_ref()?.chamberlain_duquette_unsigned_area() / 1e6;
    (km2 > 0.0).then(|| c.population.unwrap_or(0) as f64 / km2)
}

/// Straight-line radius the straight-line model can cover in `time_s`, whatever the areas.
pub(crate) fn crow_reach_m(time_s: f64) -> f64 {
    crowfly::max_reach_m(time_s, Profile::Car)
}

/// The density of the commune around a point (unknown outside every polygon).
fn density_at(communes: &[Commune], locator: &CommuneLocator, p: [f64; 2]) -> AreaDensity {
    AreaDensity::or_unknown(
        locator
            .locate(p[0], p[1])
            .and_then(|i| density(&communes[i])),
    )
}

impl Travel {
    /// Trips from `demand` communes to `dests`, every trip of at most `horizon` kept (and
    /// more for road communes, see [`Travel::nearest`]).
    pub fn compute<D: Destination>(
        communes: &[Commune],
        demand: Vec<usize>,
        dests: &[D],
        roads: Option<&RoadNetwork>,
        choice: ModelChoice,
        horizon: Seconds,
    ) -> Result<Travel, RoutingError> {
        Travel::compute_with(communes, demand, dests, roads, choice, horizon, None)
    }

    /// [`Travel::compute`] with roads closed (car graph): see [`Closures`].
    pub fn compute_with<D: Destination>(
        communes: &[Commune],
        demand: Vec<usize>,
        dests: &[D],
        roads: Option<&RoadNetwork>,
        choice: ModelChoice,
        horizon: Seconds,
        closures: Option<&Closures>,
    ) -> Result<Travel, RoutingError> {
        let roads = match choice {
            ModelChoice::CrowFly => None,
            _ => roads,
        };
        let index = point_index(dests);
        let graph = roads.map(|r| r.profile(Profile::Car));
        let how: Vec<CommuneTravel> = demand
            .par_iter()
            .map(|&i| {
                let c = &communes[i];
                let Some(p) = c.point else {
                    return CommuneTravel::NoPoint;
                };
                let p = [p.x(), p.y()];
                let crow = CommuneTravel::CrowFly(AreaDensity::or_unknown(density(c)));
                match graph.map(|g| g.snap(p)) {
                    Some(SnapOutcome::Snapped(_)) => CommuneTravel::Road,
                    _ => crow,
                }
            })
            .collect();
        // The straight-line model times a trip by the areas at both ends.
        let polygons: Vec<_> = communes.iter().map(|c| c.polygon.as_ref()).collect();
        let locator = CommuneLocator::new(&polygons);
        let dest_density: Vec<AreaDensity> = dests
            .par_iter()
            .map(|d| {
                d.point()
                    .map_or(AreaDensity::UNKNOWN, |p| density_at(communes, &locator, p))
            })
            .collect();
        let reach = crow_reach_m(horizon.0);
        let road = match (roads, graph) {
            (Some(_), Some(g)) => {
                let reach = reach_box(communes, &demand, &how, horizon);
                Some(RoadTargets::new(g, dests, horizon, reach, closures)?)
            }
            _ => None,
        };
        // Rows by blocks of communes, each sorted and appended as soon as it is made: memory
        // holds the trips kept and one block, whatever the selection.
        let mut offsets = Vec::with_capacity(demand.len() + 1);
        offsets.push(0u32);
        let mut trips = Vec::new();
        let ks: Vec<usize> = (0..demand.len()).collect();
        for block in ks.chunks(ROW_BLOCK) {
            let rows: Vec<Vec<Trip>> = block
                .par_iter()
                .map(|&k| {
                    let c = &communes[demand[k]];
                    let mut row = match (how[k], &road) {
                        (CommuneTravel::CrowFly(area), _) => {
                            crow_row(c, area, dests, &index, &dest_density, reach, horizon)
                        }
                        (CommuneTravel::Road, Some(road)) => road.row(c, k, dests)?,
                        _ => Vec::new(),
                    };
                    row.sort_by(|a, b| a.time_s.total_cmp(&b.time_s).then(a.site.cmp(&b.site)));
                    Ok(row)
                })
                .collect::<Result<_, RoutingError>>()?;
            for row in rows {
                trips.extend(row);
                offsets.push(trips.len() as u32);
            }
        }
        trips.shrink_to_fit();
        if let (Some(road), Some(c)) = (&road, closures) {
            tracing::debug!(
                "roads closed: {} of {} road rows searched on the base graph, {} of them for the nearest places",
                road.searched.load(std::sync::atomic::Ordering::Relaxed),
                how.iter().filter(|h| **h == CommuneTravel::Road).count(),
                c.nearest_for
            );
        }
        Ok(Travel {
            communes: demand,
            how,
            offsets,
            trips,
            horizon,
            dest_density,
        })
    }

    /// Trips of the `k`-th demand commune, quickest first.
    pub fn trips(&self, k: usize) -> &[Trip] {
        &self.trips[self.offsets[k] as usize..self.offsets[k + 1] as usize]
    }

    /// All stored trips.
    pub fn len(&self) -> usize {
        self.trips.len()
    }

    pub fn is_empty(&self) -> bool {
        self.trips.is_empty()
    }

    /// The quickest trip from the `k`-th demand commune to a site accepted by `keep`, even
    /// beyond the horizon; `None` when none can be reached. `kind_index` holds the sites
    /// `keep` accepts (see [`kind_index`]), searched when no stored trip matches.
    pub fn nearest(
        &self,
        k: usize,
        communes: &[Commune],
        sites: &[Site],
        keep: impl Fn(&Site) -> bool,
        kind_index: &PlaceIndex,
    ) -> Option<Trip> {
        if let Some(t) = self.trips(k).iter().find(|t| keep(&sites[t.site as usize])) {
            return Some(*t);
        }
        // Nothing of that kind within the road search radius (or the horizon): the
        // straight-line model finds the nearest one farther away.
        let c = &communes[self.communes[k]];
        let area = match self.how[k] {
            CommuneTravel::CrowFly(area) => area,
            CommuneTravel::Road => AreaDensity::or_unknown(density(c)),
            CommuneTravel::NoPoint => return None,
        };
        let p = c.point?;
        let land = Landmass::of(&c.code);
        // The straight-line time depends on the area at the far end too: the quickest of the
        // few nearest.
        kind_index
            .nearest(p.x(), p.y(), NEAREST_TRIED, None, |j| {
                sites[j].landmass == land
            })
            .into_iter()
            .filter_map(|n| {
                let to = self
                    .dest_density
                    .get(n.index)
                    .copied()
                    .unwrap_or(AreaDensity::UNKNOWN);
                let point = sites[n.index].point?;
                Some(crow_trip(p, point, n.index, TripEnds::new(area, to)))
            })
            .min_by(|a, b| a.time_s.total_cmp(&b.time_s))
    }

    /// `road` when a road graph gave any commune's times, else `crow-fly`.
    pub fn model(&self) -> ModelKind {
        if self.how.contains(&CommuneTravel::Road) {
            ModelKind::Road
        } else {
            ModelKind::CrowFly
        }
    }

    /// The horizon the trips were computed for.
    pub fn horizon(&self) -> Seconds {
        self.horizon
    }
}

/// The straight-line row of a commune off the road graph: every destination on its land
/// within the horizon.
fn crow_row<D: Destination>(
    c: &Commune,
    area: AreaDensity,
    dests: &[D],
    index: &PlaceIndex,
    dest_density: &[AreaDensity],
    reach_m: f64,
    horizon: Seconds,
) -> Vec<Trip> {
    let mut row = Vec::new();
    let Some(p) = c.point else { return row };
    let land = Landmass::of(&c.code);
    for n in index.within(p.x(), p.y(), reach_m) {
        let dest = &dests[n.index];
        if dest.landmass() != land {
            continue;
        }
        let ends = TripEnds::new(area, dest_density[n.index]);
        if let Some(t) = dest.point().map(|to| crow_trip(p, to, n.index, ends)) {
            if t.time() <= horizon {
                row.push(t);
            }
        }
    }
    row
}

/// The destinations on the road graph, swept from each road commune: every destination
/// within the horizon, or within [`ROAD_SEARCH_M`] along the road (for the nearest place
/// beyond the horizon), by one [`Sweep`] shared by every commune.
struct RoadTargets<'a> {
    graph: &'a ProfileGraph,
    limits: Limits,
    search: RowSearch<'a>,
    /// Rows searched on the base graph (roads closed), for the log.
    searched: std::sync::atomic::AtomicUsize,
    /// The destination of each sweep target.
    dest_of: Vec<u32>,
    /// Where each sweep target snapped, and the targets snapped to each segment: points on
    /// one same segment may reach each other along it without meeting a node.
    snapped: Vec<Snapped>,
    on_segment: HashMap<u32, Vec<u32>>,
}

/// How a commune's road row is searched.
enum RowSearch<'a> {
    /// The hierarchy's sweep: the targets' backward searches run once.
    Sweep(Sweep<'a>),
    /// Roads closed: a search on the base graph from each commune, towards the targets' ends
    /// grouped by node, for the selection and for the other communes that reach a closed road
    /// within the horizon (found by a `screen` sweep towards the closed edges' tails); the
    /// hierarchy's `sweep` for the others, whose rows within the horizon the closure cannot
    /// change.
    BaseGraph {
        closures: &'a Closures<'a>,
        ends: EndsByNode,
        sweep: Sweep<'a>,
        screen: Sweep<'a>,
    },
}

/// The targets' ends grouped by node: the `(target, end)` pairs of node `v` are
/// `first[slot_of[v]]..first[slot_of[v] + 1]` in `pairs`; `slot_of[v]` is `u32::MAX` for a
/// node that ends no target.
struct EndsByNode {
    slot_of: Vec<u32>,
    first: Vec<u32>,
    pairs: Vec<(u32, Endpoint)>,
}

impl EndsByNode {
    fn new(num_nodes: usize, ends: &[Vec<Endpoint>]) -> EndsByNode {
        let mut pairs: Vec<(u32, Endpoint)> = ends
            .iter()
            .enumerate()
            .flat_map(|(t, list)| list.iter().map(move |e| (t as u32, *e)))
            .collect();
        pairs.sort_unstable_by_key(|(t, e)| (e.node, *t));
        let mut slot_of = vec![u32::MAX; num_nodes];
        let mut first = Vec::new();
        for (i, (_, e)) in pairs.iter().enumerate() {
            let slot = &mut slot_of[e.node as usize];
            if *slot == u32::MAX {
                *slot = first.len() as u32;
                first.push(i as u32);
            }
        }
        first.push(pairs.len() as u32);
        EndsByNode {
            slot_of,
            first,
            pairs,
        }
    }

    /// The targets node `v` ends, with what remains from it.
    fn at(&self, v: u32) -> &[(u32, Endpoint)] {
        match self.slot_of[v as usize] {
            u32::MAX => &[],
            s => &self.pairs[self.first[s as usize] as usize..self.first[s as usize + 1] as usize],
        }
    }
}

impl<'a> RoadTargets<'a> {
    fn new<D: Destination>(
        graph: &'a ProfileGraph,
        dests: &[D],
        horizon: Seconds,
        reach: Option<[f64; 4]>,
        closures: Option<&'a Closures<'a>>,
    ) -> Result<RoadTargets<'a>, RoutingError> {
        let located: Vec<Option<Snapped>> = dests
            .par_iter()
            .enumerate()
            .map(|(j, d)| {
                let Some(p) = d.point() else { return Ok(None) };
                checked(&format!("destinations[{j}]"), Point::from(p))?;
                let Some(b) = reach.filter(|b| b[0] <= p[0] && p[0] <= b[2]) else {
                    return Ok(None);
                };
                if p[1] < b[1] || p[1] > b[3] {
                    return Ok(None);
                }
                Ok(match graph.snap(p) {
                    SnapOutcome::Snapped(s) => Some(s),
                    _ => None,
                })
            })
            .collect::<Result<_, RoutingError>>()?;
        let mut dest_of = Vec::new();
        let mut snapped = Vec::new();
        let mut on_segment: HashMap<u32, Vec<u32>> = HashMap::new();
        for (j, s) in located.into_iter().enumerate() {
            if let Some(s) = s {
                on_segment
                    .entry(s.segment)
                    .or_default()
                    .push(dest_of.len() as u32);
                dest_of.push(j as u32);
                snapped.push(s);
            }
        }
        let ends: Vec<Vec<Endpoint>> = snapped
            .par_iter()
            .map(|s| graph.snap.ends(&graph.graph, s))
            .collect();
        let limits = Limits {
            time_ms: (horizon.0 * 1000.0).floor().min(f64::from(u32::MAX - 1)) as u32,
            dist_dm: (ROAD_SEARCH_M * 10.0) as u32,
        };
        let search = match closures {
            Some(closures) => {
                let tails: Vec<Vec<Endpoint>> = closures
                    .closed
                    .tails(graph)
                    .into_iter()
                    .map(|node| {
                        vec![Endpoint {
                            node,
                            time_ms: 0,
                            dist_dm: 0,
                        }]
                    })
                    .collect();
                let within_horizon = Limits {
                    time_ms: limits.time_ms,
                    dist_dm: 0,
                };
                RowSearch::BaseGraph {
                    closures,
                    ends: EndsByNode::new(graph.graph.num_nodes(), &ends),
                    sweep: Sweep::new(&graph.ch, &ends, limits),
                    screen: Sweep::new(&graph.ch, &tails, within_horizon),
                }
            }
            None => RowSearch::Sweep(Sweep::new(&graph.ch, &ends, limits)),
        };
        Ok(RoadTargets {
            graph,
            limits,
            search,
            searched: Default::default(),
            dest_of,
            snapped,
            on_segment,
        })
    }

    /// The road row of the `k`-th demand commune, on the graph: destinations on its land
    /// within the limits.
    fn row<D: Destination>(
        &self,
        c: &Commune,
        k: usize,
        dests: &[D],
    ) -> Result<Vec<Trip>, RoutingError> {
        let Some(p) = c.point else {
            return Ok(Vec::new());
        };
        let p = checked(&format!("commune {}", c.code.as_str()), p)?;
        let SnapOutcome::Snapped(from) = self.graph.snap(p) else {
            return Ok(Vec::new());
        };
        let g = self.graph;
        let starts = g.snap.starts(&g.graph, &from);
        let (reached, limits) = match &self.search {
            RowSearch::Sweep(sweep) => (sweep.from_source(&starts), self.limits),
            RowSearch::BaseGraph {
                closures,
                ends,
                sweep,
                screen,
            } => {
                let nearest = k < closures.nearest_for;
                if !nearest && screen.from_source(&starts).is_empty() {
                    (sweep.from_source(&starts), self.limits)
                } else {
                    self.searched
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    self.avoiding(&starts, closures, ends, nearest)
                }
            }
        };
        Ok(self.finish_row(c, dests, &from, reached, limits))
    }

    /// The targets reached from `starts` with roads closed, sorted by target, and the limits
    /// they are within: a search on the base graph that never takes a closed road, to every
    /// target within the horizon, and on from a commune that wants its `nearest` of each kind
    /// until each is certain (see [`Closures`]).
    fn avoiding(
        &self,
        starts: &[Endpoint],
        closures: &Closures,
        ends: &EndsByNode,
        nearest: bool,
    ) -> (Vec<Reached>, Limits) {
        let limits = if nearest {
            self.limits
        } else {
            Limits {
                time_ms: self.limits.time_ms,
                dist_dm: 0,
            }
        };
        let wanted: u8 = if nearest {
            closures.kinds.iter().fold(0, |a, &k| a | k)
        } else {
            0
        };
        // Best (time, length) of each target found, and best time of each kind within the
        // limits.
        let mut best: HashMap<u32, (u32, u32)> = HashMap::new();
        let mut kind_best = [u32::MAX; 8];
        // Times below this are final: the search stopped at a node this far.
        let mut final_below = u32::MAX;
        search_avoiding(
            &self.graph.graph,
            closures.closed,
            starts,
            limits,
            |u, t, d| {
                if t > limits.time_ms
                    && (0..8)
                        .filter(|i| wanted & (1 << i) != 0)
                        .all(|i| kind_best[i] < t)
                {
                    final_below = t;
                    return ControlFlow::Break(());
                }
                for &(target, end) in ends.at(u) {
                    let time = t.saturating_add(end.time_ms);
                    let dist = d.saturating_add(end.dist_dm);
                    let entry = best.entry(target).or_insert((u32::MAX, u32::MAX));
                    if (time, dist) < *entry {
                        *entry = (time, dist);
                    }
                    if limits.within(time, dist) {
                        let j = self.dest_of[target as usize] as usize;
                        let kinds = closures.kinds.get(j).copied().unwrap_or(0);
                        for (i, kb) in kind_best.iter_mut().enumerate() {
                            if kinds & (1 << i) != 0 && time < *kb {
                                *kb = time;
                            }
                        }
                    }
                }
                ControlFlow::Continue(())
            },
        );
        let mut reached: Vec<Reached> = best
            .into_iter()
            .filter(|&(_, (time, dist))| limits.within(time, dist) && time < final_below)
            .map(|(target, (time_ms, dist_dm))| Reached {
                target,
                time_ms,
                dist_dm,
            })
            .collect();
        reached.sort_unstable_by_key(|r| r.target);
        (reached, limits)
    }

    /// A row from the targets `reached` (sorted by target) from the snapped point `from`:
    /// targets on its own segment are reached along it when that is quicker, and only those on
    /// the commune's land are kept.
    fn finish_row<D: Destination>(
        &self,
        c: &Commune,
        dests: &[D],
        from: &Snapped,
        mut reached: Vec<Reached>,
        limits: Limits,
    ) -> Vec<Trip> {
        let g = self.graph;
        for &t in self.on_segment.get(&from.segment).into_iter().flatten() {
            let Some((time_ms, dist_dm)) =
                g.snap
                    .same_segment(&g.graph, from, &self.snapped[t as usize])
            else {
                continue;
            };
            match reached.binary_search_by_key(&t, |r| r.target) {
                Ok(i) if time_ms < reached[i].time_ms => {
                    reached[i].time_ms = time_ms;
                    reached[i].dist_dm = dist_dm;
                }
                Ok(_) => {}
                Err(i) if limits.within(time_ms, dist_dm) => reached.insert(
                    i,
                    Reached {
                        target: t,
                        time_ms,
                        dist_dm,
                    },
                ),
                Err(_) => {}
            }
        }
        let land = Landmass::of(&c.code);
        reached
            .into_iter()
            .filter_map(|r| {
                let j = self.dest_of[r.target as usize] as usize;
                (dests[j].landmass() == land).then(|| {
                    Trip::new(
                        j,
                        Seconds(f64::from(r.time_ms) / 1000.0),
                        Metres(f64::from(r.dist_dm) / 10.0),
                    )
                })
            })
            .collect()
    }
}

/// The box (`[min lon, min lat, max lon, max lat]`) beyond which no destination is within the
/// limits of any road commune of `demand`, `None` without any: a route is no shorter than the
/// straight line and no faster than [`FASTEST_MS`] on average, so nothing farther than
/// [`ROAD_SEARCH_M`] or the horizon at that speed (a tenth more, for rounding) is reached.
/// Destinations outside are neither snapped nor searched for: a département's question costs
/// the places around it, not the whole country's.
fn reach_box(
    communes: &[Commune],
    demand: &[usize],
    how: &[CommuneTravel],
    horizon: Seconds,
) -> Option<[f64; 4]> {
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for (&i, h) in demand.iter().zip(how) {
        if let (CommuneTravel::Road, Some(p)) = (h, communes[i].point) {
            b = [
                b[0].min(p.x()),
                b[1].min(p.y()),
                b[2].max(p.x()),
                b[3].max(p.y()),
            ];
        }
    }
    if b[0] > b[2] {
        return None;
    }
    let reach_m = 1.1 * ROAD_SEARCH_M.max(horizon.0 * FASTEST_MS);
    let dlat = (reach_m / crate::spatial::geodesy::EARTH_RADIUS_M).to_degrees();
    let farthest = (b[1] - dlat).abs().max((b[3] + dlat).abs());
    if farthest >= 89.0 {
        return Some([-180.0, -90.0, 180.0, 90.0]);
    }
    let dlon = dlat / farthest.to_radians().cos();
    Some([b[0] - dlon, b[1] - dlat, b[2] + dlon, b[3] + dlat])
}

/// An index of the sites `keep` accepts, for [`Travel::nearest`].
pub fn kind_index(sites: &[Site], keep: impl Fn(&Site) -> bool) -> PlaceIndex {
    let positions: Vec<Option<(f64, f64)>> = sites
        .iter()
        .map(|s| s.point.filter(|_| keep(s)).map(|[lon, lat]| (lon, lat)))
        .collect();
    PlaceIndex::new(&positions)
}

/// An index of every destination with a point.
fn point_index<D: Destination>(dests: &[D]) -> PlaceIndex {
    let positions: Vec<Option<(f64, f64)>> = dests
        .iter()
        .map(|d| d.point().map(|[lon, lat]| (lon, lat)))
        .collect();
    PlaceIndex::new(&positions)
}

fn crow_trip(from: Point<f64>, to: [f64; 2], j: usize, ends: TripEnds) -> Trip {
    let (s, m) = crowfly::estimate([from.x(), from.y()], to, Profile::Car, ends);
    Trip::new(j, Seconds(s), Metres(m))
}
