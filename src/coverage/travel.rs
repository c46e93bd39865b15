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

use super::landmass::Landmass;
use super::sites::Site;
use crate::model::{Commune, Metres, Seconds};
use crate::routing::crowfly::{self, AreaDensity, TripEnds};
use crate::routing::snap::SnapOutcome;
use crate::routing::{matrix, ModelKind, Profile, RoadNetwork, RoutingError};
use crate::spatial::{CommuneLocator, PlaceIndex};
use geo::{ChamberlainDuquetteArea, Point};
use rayon::prelude::*;

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

/// Trips from a set of demand communes (indices into the snapshot's communes) to destinations.
pub struct Travel {
    /// Snapshot indices of the demand communes; trips are stored in this order.
    pub communes: Vec<usize>,
    pub how: Vec<CommuneTravel>,
    offsets: Vec<u32>,
    trips: Vec<Trip>,
    /// Road rows hold the destinations within [`road_search`] of their block of communes;
    /// straight-line rows only those within the horizon; [`Travel::nearest`] finds the rest.
    horizon: Seconds,
    /// Density of the commune each destination lies in, for the straight-line model.
    dest_density: Vec<AreaDensity>,
}

/// Least straight-line radius around a commune within which the road model looks for places.
pub const ROAD_SEARCH_M: f64 = 100_000.0;
/// Road communes per matrix, so memory stays bounded whatever the selection.
const ROAD_BLOCK: usize = 512;
/// Places beyond the stored trips among which [`Travel::nearest`] looks for the quickest.
const NEAREST_TRIED: usize = 8;
/// Fastest average road speed, to bound straight-line searches for road trips (m/s).
pub(crate) const FASTEST_MS: f64 = 130.0 / 3.6;

/// Inhabitants per km² of a commune with a polygon (a missing population counts as 0).
pub fn density(c: &Commune) -> Option<f64> {
    let km2 = c.polygon.as_ref()?.chamberlain_duquette_unsigned_area() / 1e6;
    (km2 > 0.0).then(|| c.population.unwrap_or(0) as f64 / km2)
}

/// Straight-line radius around a road commune within which destinations are timed by road:
/// [`ROAD_SEARCH_M`], or farther when a longer horizon could reach farther at the fastest speed.
pub fn road_search(horizon: Seconds) -> Metres {
    Metres(ROAD_SEARCH_M.max(horizon.0 * FASTEST_MS))
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
        let mut rows: Vec<Vec<Trip>> = vec![Vec::new(); demand.len()];
        // Straight-line rows.
        let reach = crow_reach_m(horizon.0);
        rows.par_iter_mut().enumerate().for_each(|(k, row)| {
            let CommuneTravel::CrowFly(area) = how[k] else {
                return;
            };
            let c = &communes[demand[k]];
            let Some(p) = c.point else { return };
            let land = Landmass::of(&c.code);
            for n in index.within(p.x(), p.y(), reach) {
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
        });
        // Road rows: matrices from blocks of road communes to the destinations near the block.
        if let (Some(network), Some(g)) = (roads, graph) {
            let on_road: Vec<bool> = dests
                .par_iter()
                .map(|d| {
                    d.point()
                        .is_some_and(|p| matches!(g.snap(p), SnapOutcome::Snapped(_)))
                })
                .collect();
            let search = road_search(horizon);
            let road_rows: Vec<usize> = (0..demand.len())
                .filter(|&k| how[k] == CommuneTravel::Road)
                .collect();
            for block in road_rows.chunks(ROAD_BLOCK) {
                let mut near = vec![false; dests.len()];
                for &k in block {
                    if let Some(p) = communes[demand[k]].point {
                        for n in index.within(p.x(), p.y(), search.0) {
                            near[n.index] = true;
                        }
                    }
                }
                // Only destinations on the graph: a road commune's times are all road times
                // (a place beyond the extract is found by `nearest`'s straight-line fallback).
                let block_dests: Vec<usize> = (0..dests.len())
                    .filter(|&j| near[j] && on_road[j])
                    .collect();
                let sources: Vec<Point<f64>> = block
                    .iter()
                    .filter_map(|&k| communes[demand[k]].point)
                    .collect();
                let targets: Vec<Point<f64>> = block_dests
                    .iter()
                    .filter_map(|&j| dests[j].point().map(Point::from))
                    .collect();
                let m = matrix(Some(network), &sources, &targets, Profile::Car)?;
                for (r, &k) in block.iter().enumerate() {
                    let land = Landmass::of(&communes[demand[k]].code);
                    for (c, &j) in block_dests.iter().enumerate() {
                        if dests[j].landmass() != land {
                            continue;
                        }
                        // Within the horizon, or within the usual radius (for the nearest
                        // place beyond the horizon): a long horizon widens the search but
                        // does not keep every trip of its wider disc.
                        if let (Some(t), Some(d)) = (m.duration_s(r, c), m.distance_m(r, c)) {
                            if t <= horizon.0 || d <= ROAD_SEARCH_M {
                                rows[k].push(Trip::new(j, Seconds(t), Metres(d)));
                            }
                        }
                    }
                }
            }
        }
        let mut offsets = Vec::with_capacity(rows.len() + 1);
        offsets.push(0u32);
        let mut trips = Vec::with_capacity(rows.iter().map(Vec::len).sum());
        for mut row in rows {
            row.sort_by(|a, b| a.time_s.total_cmp(&b.time_s).then(a.site.cmp(&b.site)));
            trips.extend(row);
            offsets.push(trips.len() as u32);
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
