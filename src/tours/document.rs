//! The answer of `maillage tours plan --format json` and `POST /api/tours/plan`: the field
//! names are a contract with the organiser's page (either side may add fields, never
//! rename them).

use super::clock::Clock;
use super::day_route::schedule;
use super::instance::TourInstance;
use super::solution::Timetable;
use super::travel_times::TravelSource;
use super::weekday::Weekday;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Travel {
    pub source: TravelSource,
    pub profile: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageGain {
    pub minutes: u32,
    /// Population of the communes weighed.
    pub population: u64,
    /// Within T minutes of a place before the plan.
    pub population_before: u64,
    pub population_after: u64,
    pub population_gained: u64,
    /// `population`, or `fragility` when the IFN is loaded (the plan maximises population
    /// × IFN / 10).
    pub weighted_by: &'static str,
    /// The weighted value the plan brings.
    pub value_gained: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VisitOut {
    pub stop: String,
    pub name: String,
    pub commune: String,
    pub arrive: String,
    pub start: String,
    pub end: String,
}

/// A GeoJSON LineString.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineString {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub coordinates: Vec<[f64; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayOut {
    pub week: usize,
    pub weekday: Weekday,
    pub driving_minutes: f64,
    pub distance_km: f64,
    /// Leaves the depot / is back.
    pub leave: String,
    pub back: String,
    /// Depot → stops → depot, straight segments between the points.
    pub route: LineString,
    pub visits: Vec<VisitOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitOut {
    pub unit: String,
    pub name: String,
    pub depot: [f64; 2],
    /// Average over the days the unit drives.
    pub driving_minutes_per_day: f64,
    pub driving_minutes_total: f64,
    pub days: Vec<DayOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StopOut {
    pub id: String,
    pub name: String,
    pub commune: String,
    pub point: [f64; 2],
    pub unit: String,
    pub frequency: &'static str,
    pub weekday: Weekday,
    /// Weeks of the horizon (1-based) with a visit.
    pub weeks: Vec<usize>,
    pub rrule: String,
    /// Population this stop brings within T that no stop listed before it already brought.
    pub population_gained: u64,
    pub visit_minutes: f64,
    pub keep: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeftOut {
    pub id: String,
    pub name: String,
    pub commune: String,
    pub reason: String,
}

/// The whole answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TourPlan {
    pub travel: Travel,
    pub horizon_weeks: usize,
    pub coverage: CoverageGain,
    pub units: Vec<UnitOut>,
    pub stops: Vec<StopOut>,
    pub left_out: Vec<LeftOut>,
    pub warnings: Vec<String>,
    /// Candidates weighed.
    pub candidates: usize,
}

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

fn point6(p: [f64; 2]) -> [f64; 2] {
    [round(p[0], 6), round(p[1], 6)]
}

/// The units' days and the served stops of `tt`.
pub fn units_and_stops(inst: &TourInstance, tt: &Timetable) -> (Vec<UnitOut>, Vec<StopOut>) {
    let mut units = Vec::new();
    for (u, unit) in inst.units.iter().enumerate() {
        let mut days = Vec::new();
        for w in 0..inst.horizon_weeks {
            for &d in &unit.working_days {
                let r = inst.route_index(u, w, d);
                let route = &tt.routes[r];
                if route.is_empty() {
                    continue;
                }
                let Some(day) = schedule(inst, u, route) else {
                    continue;
                };
                let mut coordinates = vec![point6(unit.depot)];
                coordinates.extend(route.iter().map(|&s| point6(inst.stops[s].point)));
                coordinates.push(point6(unit.depot));
                days.push(DayOut {
                    week: w + 1,
                    weekday: d,
                    driving_minutes: round(day.driving_s / 60.0, 1),
                    distance_km: round(day.distance_m / 1000.0, 1),
                    leave: unit.hours.start.to_string(),
                    back: Clock(day.back).to_string(),
                    route: LineString {
                        kind: "LineString",
                        coordinates,
                    },
                    visits: day
                        .visits
                        .iter()
                        .map(|v| {
                            let s = &inst.stops[v.stop];
                            VisitOut {
                                stop: s.id.clone(),
                                name: s.name.clone(),
                                commune: s.commune.clone(),
                                arrive: Clock(v.arrive).to_string(),
                                start: Clock(v.start).to_string(),
                                end: Clock(v.end).to_string(),
                            }
                        })
                        .collect(),
                });
            }
        }
        let total: f64 = days.iter().map(|d| d.driving_minutes).sum();
        units.push(UnitOut {
            unit: unit.id.clone(),
            name: unit.name.clone(),
            depot: point6(unit.depot),
            driving_minutes_per_day: if days.is_empty() {
                0.0
            } else {
                round(total / days.len() as f64, 1)
            },
            driving_minutes_total: round(total, 1),
            days,
        });
    }
    // Stops by what they bring, each counted after those before it.
    let mut served: Vec<usize> = tt.served().collect();
    served.sort_by(|&a, &b| {
        let v = &inst.values;
        v.value_of([b]).total_cmp(&v.value_of([a])).then(a.cmp(&b))
    });
    let mut seen: Vec<usize> = Vec::new();
    let stops = served
        .into_iter()
        .map(|s| {
            let before = inst.values.population_of(seen.iter().copied());
            seen.push(s);
            let after = inst.values.population_of(seen.iter().copied());
            let p = tt.assigned[s].expect("served");
            let stop = &inst.stops[s];
            StopOut {
                id: stop.id.clone(),
                name: stop.name.clone(),
                commune: stop.commune.clone(),
                point: point6(stop.point),
                unit: inst.units[p.unit].id.clone(),
                frequency: p.frequency.name(),
                weekday: p.weekday,
                weeks: p.weeks(inst.horizon_weeks).map(|w| w + 1).collect(),
                rrule: p.rrule(),
                population_gained: after - before,
                visit_minutes: round(stop.visit_s / 60.0, 1),
                keep: stop.keep,
            }
        })
        .collect();
    (units, stops)
}
