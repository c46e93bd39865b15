//! The planner: greedy insertion by value per added minute, then local search — reordering
//! each day (2-opt, relocate), moving a stop to a cheaper pattern, swapping a served stop for
//! a left-out one — and ruin-and-recreate rounds within a budget. Maximises the value served,
//! then minimises driving; every step keeps windows, the break, working hours and the
//! maximum driving.

use super::frequency::Pattern;
use super::insertion::{all_patterns, FitCache};
use super::instance::TourInstance;
use super::rng::Rng;
use super::route_order::improve_order;
use super::solution::Timetable;
use std::time::{Duration, Instant};

/// How long the planner searches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    /// Ruin-and-recreate rounds at most.
    pub rounds: usize,
    /// Wall-clock limit of the search after the first timetable.
    pub time: Duration,
    pub seed: u64,
}

impl Budget {
    /// A budget growing with the instance, capped at `time`.
    pub fn for_instance(inst: &TourInstance, time: Duration) -> Budget {
        Budget {
            rounds: 200 + 30 * inst.stops.len(),
            time,
            seed: 19,
        }
    }
}

/// The search state shared by every step.
struct Search<'a> {
    inst: &'a TourInstance,
    patterns: Vec<Vec<(Pattern, Vec<usize>)>>,
    cache: FitCache,
    tol: f64,
}

/// Plans a timetable for `inst`.
pub fn plan(inst: &TourInstance, budget: &Budget) -> Timetable {
    let mut search = Search {
        inst,
        patterns: all_patterns(inst),
        cache: FitCache::new(inst),
        tol: inst.values.tolerance(),
    };
    let mut rng = Rng::new(budget.seed);
    let mut current = Timetable::empty(inst);
    search.fill(&mut current, None);
    search.polish(&mut current);
    let mut best = current.clone();
    let started = Instant::now();
    let served_movable =
        |tt: &Timetable| -> Vec<usize> { tt.served().filter(|&s| !inst.stops[s].keep).collect() };
    for _ in 0..budget.rounds {
        if started.elapsed() >= budget.time {
            break;
        }
        let movable = served_movable(&current);
        if movable.is_empty() {
            break;
        }
        let mut trial = current.clone();
        search.ruin(&mut trial, &movable, &mut rng);
        search.fill(&mut trial, Some(&mut rng));
        search.polish(&mut trial);
        let (t, c) = (trial.score(), current.score());
        if t.better(&c, search.tol) || (!c.better(&t, search.tol) && rng.unit() < 0.5) {
            current = trial;
            if current.score().better(&best.score(), search.tol) {
                best = current.clone();
            }
        } else if rng.unit() < 0.02 {
            current = best.clone();
        }
    }
    best
}

impl Search<'_> {
    /// Greedy insertion: repeatedly serves the stop and pattern of best value per added
    /// minute (stops to keep first) until nothing more fits or adds value. With `noise`,
    /// scores are perturbed (ruin-and-recreate explores with it).
    fn fill(&mut self, tt: &mut Timetable, mut noise: Option<&mut Rng>) {
        let inst = self.inst;
        loop {
            let mut best: Option<(f64, usize, Pattern, Vec<usize>)> = None;
            for s in 0..inst.stops.len() {
                if tt.assigned[s].is_some() {
                    continue;
                }
                let stop = &inst.stops[s];
                let gain = inst.values.marginal(&tt.reached, s);
                if gain <= self.tol && !stop.keep {
                    continue;
                }
                for k in 0..self.patterns[s].len() {
                    let (p, routes) = &self.patterns[s][k];
                    let Some((positions, added)) = self.cache.pattern_fit(inst, tt, s, routes)
                    else {
                        continue;
                    };
                    let minutes = (added + stop.visit_s * routes.len() as f64) / 60.0;
                    let mut score = gain / minutes.max(1e-3);
                    if stop.keep {
                        score = 1e30 / (1.0 + minutes);
                    }
                    if let Some(rng) = noise.as_deref_mut() {
                        score *= 0.8 + 0.4 * rng.unit();
                    }
                    if best.as_ref().is_none_or(|b| score > b.0) {
                        best = Some((score, s, *p, positions));
                    }
                }
            }
            let Some((_, s, p, positions)) = best else {
                break;
            };
            tt.insert(inst, s, p, &positions);
        }
    }

    /// Local search until no step improves: reorder every day, move stops to cheaper
    /// patterns, swap left-out stops in, and fill what the savings freed.
    fn polish(&mut self, tt: &mut Timetable) {
        for _ in 0..20 {
            let before = tt.score();
            self.reorder_days(tt);
            self.move_stops(tt);
            self.swap_in(tt);
            self.fill(tt, None);
            if !tt.score().better(&before, self.tol) {
                break;
            }
        }
    }

    /// 2-opt and relocate inside each day route.
    fn reorder_days(&mut self, tt: &mut Timetable) {
        for r in 0..tt.routes.len() {
            let (u, _, _) = self.inst.route_day(r);
            if let Some((order, d)) = improve_order(self.inst, u, &tt.routes[r]) {
                tt.reorder(r, order, d);
            }
        }
    }

    /// Moves each served stop to the pattern where it costs least driving.
    fn move_stops(&mut self, tt: &mut Timetable) {
        let inst = self.inst;
        for s in 0..inst.stops.len() {
            if tt.assigned[s].is_none() {
                continue;
            }
            let before = tt.score();
            let saved = tt.clone();
            tt.remove(inst, s);
            let mut best: Option<(f64, Pattern, Vec<usize>)> = None;
            for (p, routes) in &self.patterns[s] {
                if let Some((positions, added)) = self.cache.pattern_fit(inst, tt, s, routes) {
                    if best.as_ref().is_none_or(|b| added < b.0) {
                        best = Some((added, *p, positions));
                    }
                }
            }
            match best {
                Some((_, p, positions)) => {
                    tt.insert(inst, s, p, &positions);
                    if before.better(&tt.score(), self.tol) {
                        *tt = saved;
                    }
                }
                None => *tt = saved,
            }
        }
    }

    /// Tries each left-out stop of value in place of a served one, refilling after.
    fn swap_in(&mut self, tt: &mut Timetable) {
        let inst = self.inst;
        let mut out: Vec<(f64, usize)> = (0..inst.stops.len())
            .filter(|&s| tt.assigned[s].is_none())
            .map(|s| (inst.values.marginal(&tt.reached, s), s))
            .filter(|(g, _)| *g > self.tol)
            .collect();
        out.sort_by(|a, b| b.0.total_cmp(&a.0));
        out.truncate(8);
        for (_, s) in out {
            if tt.assigned[s].is_some() {
                continue;
            }
            let served: Vec<usize> = tt.served().filter(|&a| !inst.stops[a].keep).collect();
            for a in served {
                let before = tt.score();
                let mut trial = tt.clone();
                trial.remove(inst, a);
                if !self.insert_best(&mut trial, s) {
                    continue;
                }
                self.fill(&mut trial, None);
                if trial.score().better(&before, self.tol) {
                    *tt = trial;
                    break;
                }
            }
        }
    }

    /// Serves `s` by its cheapest feasible pattern; false when none fits.
    fn insert_best(&mut self, tt: &mut Timetable, s: usize) -> bool {
        let mut best: Option<(f64, Pattern, Vec<usize>)> = None;
        for (p, routes) in &self.patterns[s] {
            if let Some((positions, added)) = self.cache.pattern_fit(self.inst, tt, s, routes) {
                if best.as_ref().is_none_or(|b| added < b.0) {
                    best = Some((added, *p, positions));
                }
            }
        }
        match best {
            Some((_, p, positions)) => {
                tt.insert(self.inst, s, p, &positions);
                true
            }
            None => false,
        }
    }

    /// Leaves out a few served stops close to one another (or, sometimes, at random).
    fn ruin(&mut self, tt: &mut Timetable, movable: &[usize], rng: &mut Rng) {
        let inst = self.inst;
        let k = 1 + rng.below(movable.len().clamp(1, 6));
        let seed = movable[rng.below(movable.len())];
        let mut order = movable.to_vec();
        if rng.unit() < 0.7 {
            let sn = inst.stop_node(seed);
            order.sort_by(|&a, &b| {
                inst.times
                    .t(sn, inst.stop_node(a))
                    .total_cmp(&inst.times.t(sn, inst.stop_node(b)))
            });
        } else {
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
        }
        for &s in order.iter().take(k) {
            tt.remove(inst, s);
        }
    }
}
