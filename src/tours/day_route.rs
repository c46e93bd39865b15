//! One day of one unit: leave the depot at the start of the working hours, drive to each stop
//! in turn, wait for its window if early, visit, and be back before the end of the day.
//! Neither a visit nor a drive happens during the break (a drive that reaches it pauses, a
//! visit that would overlap it starts after it), and the day's driving stays under the
//! maximum. Every step is monotone, so leaving as early as possible is always best: a route's
//! feasibility is decided in one pass.

use super::clock::Span;
use super::instance::TourInstance;

/// One visit of a day: when the unit arrives, starts and ends (seconds since midnight).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimedVisit {
    pub stop: usize,
    pub arrive: f64,
    pub start: f64,
    pub end: f64,
}

/// A feasible day with its timings.
#[derive(Debug, Clone, PartialEq)]
pub struct DaySchedule {
    pub visits: Vec<TimedVisit>,
    pub driving_s: f64,
    pub distance_m: f64,
    /// Back at the depot.
    pub back: f64,
}

/// The time a drive of `t` seconds leaving at `from` ends, pausing for the break.
pub(super) fn drive(from: f64, t: f64, lunch: Option<Span>) -> f64 {
    match lunch {
        Some(b) if from >= b.start.0 && from < b.end.0 => b.end.0 + t,
        Some(b) if from < b.start.0 && from + t > b.start.0 => from + t + b.seconds(),
        _ => from + t,
    }
}

/// The earliest start of a visit of `length` seconds for a unit arriving at `arrive`.
pub(super) fn visit_start(
    arrive: f64,
    length: f64,
    window: Option<Span>,
    lunch: Option<Span>,
) -> f64 {
    let mut s = window.map_or(arrive, |w| arrive.max(w.start.0));
    if let Some(b) = lunch {
        if s < b.end.0 && s + length > b.start.0 {
            s = s.max(b.end.0);
        }
    }
    s
}

/// Driving seconds of unit `u` visiting `stops` in order, when the day is feasible.
pub fn feasible_driving(inst: &TourInstance, u: usize, stops: &[usize]) -> Option<f64> {
    walk(inst, u, stops, |_| {}).map(|(driving, _, _)| driving)
}

/// The timed day, when feasible.
pub fn schedule(inst: &TourInstance, u: usize, stops: &[usize]) -> Option<DaySchedule> {
    let mut visits = Vec::with_capacity(stops.len());
    let (driving_s, distance_m, back) = walk(inst, u, stops, |v| visits.push(v))?;
    Some(DaySchedule {
        visits,
        driving_s,
        distance_m,
        back,
    })
}

/// Walks the day, handing each timed visit to `seen`; `(driving, distance, back)` or `None`
/// at the first constraint broken.
fn walk(
    inst: &TourInstance,
    u: usize,
    stops: &[usize],
    mut seen: impl FnMut(TimedVisit),
) -> Option<(f64, f64, f64)> {
    let unit = &inst.units[u];
    let (lunch, end_of_day) = (unit.lunch, unit.hours.end.0);
    let mut at = inst.depot_node(u);
    let mut clock = unit.hours.start.0;
    let (mut driving, mut distance) = (0.0, 0.0);
    for &s in stops {
        let node = inst.stop_node(s);
        let t = inst.times.t(at, node);
        driving += t;
        distance += inst.times.d(at, node);
        if driving > unit.max_driving_s + 1e-6 {
            return None;
        }
        let stop = &inst.stops[s];
        let arrive = drive(clock, t, lunch);
        let start = visit_start(arrive, stop.visit_s, stop.window, lunch);
        let end = start + stop.visit_s;
        if end > end_of_day + 1e-6 || stop.window.is_some_and(|w| end > w.end.0 + 1e-6) {
            return None;
        }
        seen(TimedVisit {
            stop: s,
            arrive,
            start,
            end,
        });
        clock = end;
        at = node;
    }
    let home = inst.depot_node(u);
    let t = inst.times.t(at, home);
    driving += t;
    distance += inst.times.d(at, home);
    let back = drive(clock, t, lunch);
    (driving <= unit.max_driving_s + 1e-6 && back <= end_of_day + 1e-6)
        .then_some((driving, distance, back))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tours::clock::Clock;
    use crate::tours::synthetic::line_instance;

    #[test]
    fn waits_for_windows_and_pauses_for_the_break() {
        // Depot at 0, stops 1 and 2 at 10 and 40 minutes; visits of 2 h 30.
        let mut inst = line_instance(&[10.0, 40.0], 150.0);
        let day = schedule(&inst, 0, &[0, 1]).expect("feasible");
        // 09:00 + 10 min → 09:10–11:40; the 30-min drive reaches noon: paused for the break
        // (12:00–13:30), arrives 13:40, visits 13:40–16:10, 40 min back at 16:50.
        assert_eq!(day.visits[0].start, Clock::hm(9, 10).0);
        assert_eq!(day.visits[1].arrive, Clock::hm(13, 40).0);
        assert_eq!(day.back, Clock::hm(16, 50).0);
        assert_eq!(day.driving_s, 80.0 * 60.0);
        // A window in the afternoon makes the first stop wait, and leaves no time after it.
        inst.stops[0].window = Some(Span {
            start: Clock::hm(14, 0),
            end: Clock::hm(16, 30),
        });
        let day = schedule(&inst, 0, &[0]).expect("feasible");
        assert_eq!(day.visits[0].start, Clock::hm(14, 0).0);
        assert!(schedule(&inst, 0, &[0, 1]).is_none(), "no time left after");
        // Too much driving.
        inst.stops[0].window = None;
        inst.units[0].max_driving_s = 70.0 * 60.0;
        assert!(feasible_driving(&inst, 0, &[0, 1]).is_none());
        assert!(feasible_driving(&inst, 0, &[0]).is_some());
        // A visit that would overlap the break starts after it.
        let inst = line_instance(&[30.0, 60.0], 120.0);
        let day = schedule(&inst, 0, &[0, 1]).expect("feasible");
        assert_eq!(day.visits[1].arrive, Clock::hm(12, 0).0);
        assert_eq!(day.visits[1].start, Clock::hm(13, 30).0);
    }
}
