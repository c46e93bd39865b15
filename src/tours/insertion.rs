//! Cheapest feasible insertion of a stop into a day route, and of a stop into a whole
//! pattern (every day route it visits), with a cache keyed by route versions.

use super::day_route::feasible_driving;
use super::frequency::Pattern;
use super::instance::TourInstance;
use super::solution::Timetable;

/// Where a stop fits best in one route: position and added driving seconds.
pub type Fit = Option<(usize, f64)>;

/// The cheapest feasible position of stop `s` in `route` of unit `u`.
pub fn best_fit(inst: &TourInstance, u: usize, route: &[usize], s: usize) -> Fit {
    let node = |i: usize| -> usize {
        if i == 0 || i > route.len() {
            inst.depot_node(u)
        } else {
            inst.stop_node(route[i - 1])
        }
    };
    let sn = inst.stop_node(s);
    let mut options: Vec<(usize, f64)> = (0..=route.len())
        .map(|pos| {
            let (a, b) = (node(pos), node(pos + 1));
            let delta = inst.times.t(a, sn) + inst.times.t(sn, b) - inst.times.t(a, b);
            (pos, delta)
        })
        .collect();
    options.sort_by(|x, y| x.1.total_cmp(&y.1));
    let base: f64 = feasible_driving(inst, u, route)?;
    let mut trial = Vec::with_capacity(route.len() + 1);
    for (pos, _) in options {
        trial.clear();
        trial.extend_from_slice(&route[..pos]);
        trial.push(s);
        trial.extend_from_slice(&route[pos..]);
        if let Some(d) = feasible_driving(inst, u, &trial) {
            return Some((pos, d - base));
        }
    }
    None
}

/// Cached [`best_fit`] of every stop into every route.
pub struct FitCache {
    routes: usize,
    entries: Vec<(u64, Fit)>,
}

impl FitCache {
    pub fn new(inst: &TourInstance) -> FitCache {
        let routes = inst.route_count();
        FitCache {
            routes,
            entries: vec![(0, None); routes * inst.stops.len()],
        }
    }

    /// [`best_fit`] of `s` into route `r` of `tt`.
    pub fn fit(&mut self, inst: &TourInstance, tt: &Timetable, s: usize, r: usize) -> Fit {
        let e = &mut self.entries[s * self.routes + r];
        if e.0 != tt.versions[r] {
            let (u, _, _) = inst.route_day(r);
            *e = (tt.versions[r], best_fit(inst, u, &tt.routes[r], s));
        }
        e.1
    }

    /// Positions and total added driving to serve `s` by `p` (whose routes are `routes`).
    pub fn pattern_fit(
        &mut self,
        inst: &TourInstance,
        tt: &Timetable,
        s: usize,
        routes: &[usize],
    ) -> Option<(Vec<usize>, f64)> {
        let mut positions = Vec::with_capacity(routes.len());
        let mut added = 0.0;
        for &r in routes {
            let (pos, delta) = self.fit(inst, tt, s, r)?;
            positions.push(pos);
            added += delta;
        }
        Some((positions, added))
    }
}

/// Every pattern of every stop with its routes, computed once.
pub fn all_patterns(inst: &TourInstance) -> Vec<Vec<(Pattern, Vec<usize>)>> {
    (0..inst.stops.len())
        .map(|s| {
            inst.patterns(s)
                .into_iter()
                .map(|p| {
                    let routes = inst.pattern_routes(&p);
                    (p, routes)
                })
                .collect()
        })
        .collect()
}
