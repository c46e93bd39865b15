//! The planning instance: units, candidate stops, the horizon, travel times between every
//! depot and stop, and what each stop is worth. Solvers read only this.

use super::clock::Span;
use super::frequency::{Frequency, Pattern};
use super::travel_times::TravelTimes;
use super::value::StopValues;
use super::weekday::Weekday;

/// A mobile unit as the planner sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitSpec {
    pub id: String,
    pub name: String,
    /// `[lon, lat]`.
    pub depot: [f64; 2],
    /// Leaves the depot at `hours.start`, back by `hours.end`.
    pub hours: Span,
    /// No driving nor visit during the break (a drive that reaches it pauses).
    pub lunch: Option<Span>,
    pub max_driving_s: f64,
    pub working_days: Vec<Weekday>,
}

/// A place where a unit could stop.
#[derive(Debug, Clone, PartialEq)]
pub struct StopSpec {
    pub id: String,
    pub name: String,
    /// INSEE code of its commune (may be empty for a stop read from a file without one).
    pub commune: String,
    /// `[lon, lat]`.
    pub point: [f64; 2],
    pub visit_s: f64,
    pub frequency: Frequency,
    /// The visit must start and end within it.
    pub window: Option<Span>,
    /// An existing stop the plan must keep.
    pub keep: bool,
}

/// Everything a solver needs.
#[derive(Debug, Clone)]
pub struct TourInstance {
    pub units: Vec<UnitSpec>,
    pub stops: Vec<StopSpec>,
    pub horizon_weeks: usize,
    /// Nodes: units' depots first (node `u`), then stops (node `units + s`).
    pub times: TravelTimes,
    pub values: StopValues,
}

impl TourInstance {
    /// The matrix node of unit `u`'s depot.
    pub fn depot_node(&self, u: usize) -> usize {
        u
    }

    /// The matrix node of stop `s`.
    pub fn stop_node(&self, s: usize) -> usize {
        self.units.len() + s
    }

    /// Day routes: one per unit, week of the horizon and weekday.
    pub fn route_count(&self) -> usize {
        self.units.len() * self.horizon_weeks * 7
    }

    /// Index of the route of unit `u`, week `w` (0-based), weekday `d`.
    pub fn route_index(&self, u: usize, w: usize, d: Weekday) -> usize {
        (u * self.horizon_weeks + w) * 7 + d.index()
    }

    /// The unit, week and weekday of a route index.
    pub fn route_day(&self, r: usize) -> (usize, usize, Weekday) {
        let d = Weekday::ALL[r % 7];
        let w = (r / 7) % self.horizon_weeks;
        (r / 7 / self.horizon_weeks, w, d)
    }

    /// Every pattern stop `s` could follow.
    pub fn patterns(&self, s: usize) -> Vec<Pattern> {
        let frequency = self.stops[s].frequency;
        let mut out = Vec::new();
        for (unit, u) in self.units.iter().enumerate() {
            for &weekday in &u.working_days {
                for phase in 0..frequency.cycle_weeks().min(self.horizon_weeks) {
                    out.push(Pattern {
                        unit,
                        weekday,
                        frequency,
                        phase,
                    });
                }
            }
        }
        out
    }

    /// The routes a pattern visits.
    pub fn pattern_routes(&self, p: &Pattern) -> Vec<usize> {
        p.weeks(self.horizon_weeks)
            .map(|w| self.route_index(p.unit, w, p.weekday))
            .collect()
    }
}
