//! A timetable under construction: each stop's pattern (or none), each day route's order,
//! the driving of each route and what the chosen stops reach.

use super::day_route::feasible_driving;
use super::frequency::Pattern;
use super::instance::TourInstance;
use super::value::Reached;

/// A cyclic timetable: which pattern each stop follows and the order of each day's route.
#[derive(Debug, Clone)]
pub struct Timetable {
    /// Per route index ([`TourInstance::route_index`]): the stops in visiting order.
    pub routes: Vec<Vec<usize>>,
    /// Driving seconds of each route (0 when empty).
    pub driving: Vec<f64>,
    /// Per stop: its pattern when served.
    pub assigned: Vec<Option<Pattern>>,
    pub reached: Reached,
    /// Per route: a number that changes whenever the route does (unique across copies), so
    /// that cached insertions into it can be trusted.
    pub versions: Vec<u64>,
}

/// Source of route versions, shared by every timetable so a copy never reuses a number.
static NEXT_VERSION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn new_version() -> u64 {
    NEXT_VERSION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// How two timetables compare: more value first, then less driving.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub value: f64,
    pub driving_s: f64,
}

impl Score {
    /// Whether `self` is strictly better than `other` (value within `tol` is a tie).
    pub fn better(&self, other: &Score, tol: f64) -> bool {
        self.value > other.value + tol
            || (self.value >= other.value - tol && self.driving_s < other.driving_s - 1e-6)
    }
}

impl Timetable {
    pub fn empty(inst: &TourInstance) -> Timetable {
        Timetable {
            routes: vec![Vec::new(); inst.route_count()],
            driving: vec![0.0; inst.route_count()],
            assigned: vec![None; inst.stops.len()],
            reached: inst.values.reached(),
            versions: (0..inst.route_count()).map(|_| new_version()).collect(),
        }
    }

    pub fn score(&self) -> Score {
        Score {
            value: self.reached.value,
            driving_s: self.driving.iter().sum(),
        }
    }

    pub fn served(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.assigned.len()).filter(|&s| self.assigned[s].is_some())
    }

    /// Serves stop `s` by pattern `p`, inserting it at `positions` (one per route of the
    /// pattern, in [`TourInstance::pattern_routes`] order). The caller checked feasibility.
    pub fn insert(&mut self, inst: &TourInstance, s: usize, p: Pattern, positions: &[usize]) {
        for (r, &pos) in inst.pattern_routes(&p).into_iter().zip(positions) {
            self.routes[r].insert(pos, s);
            self.versions[r] = new_version();
            self.driving[r] = feasible_driving(inst, p.unit, &self.routes[r]).unwrap_or(f64::NAN);
        }
        self.assigned[s] = Some(p);
        inst.values.add(&mut self.reached, s);
    }

    /// Stops serving `s`; returns the routes it left.
    pub fn remove(&mut self, inst: &TourInstance, s: usize) -> Vec<usize> {
        let Some(p) = self.assigned[s].take() else {
            return Vec::new();
        };
        let routes = inst.pattern_routes(&p);
        for &r in &routes {
            self.routes[r].retain(|&x| x != s);
            self.versions[r] = new_version();
            self.driving[r] = feasible_driving(inst, p.unit, &self.routes[r]).unwrap_or(f64::NAN);
        }
        inst.values.remove(&mut self.reached, s);
        routes
    }

    /// Replaces route `r`'s order (the caller checked it is feasible and has the same stops).
    pub fn reorder(&mut self, r: usize, order: Vec<usize>, driving: f64) {
        self.routes[r] = order;
        self.versions[r] = new_version();
        self.driving[r] = driving;
    }

    /// Checks every invariant: each served stop is in exactly its pattern's routes, every
    /// route is feasible with its recorded driving. For tests.
    pub fn check(&self, inst: &TourInstance) -> Result<(), String> {
        for (r, route) in self.routes.iter().enumerate() {
            let (u, _, _) = inst.route_day(r);
            let d = feasible_driving(inst, u, route).ok_or(format!("route {r} infeasible"))?;
            if (d - self.driving[r]).abs() > 1e-6 {
                return Err(format!(
                    "route {r}: driving {d} recorded {}",
                    self.driving[r]
                ));
            }
            for &s in route {
                let p = self.assigned[s].ok_or(format!("stop {s} routed but not assigned"))?;
                if !inst.pattern_routes(&p).contains(&r) {
                    return Err(format!("stop {s} in route {r} outside its pattern"));
                }
            }
        }
        for s in self.served() {
            let p = self.assigned[s].expect("served");
            for r in inst.pattern_routes(&p) {
                if self.routes[r].iter().filter(|&&x| x == s).count() != 1 {
                    return Err(format!("stop {s} not once in route {r}"));
                }
            }
        }
        Ok(())
    }
}
