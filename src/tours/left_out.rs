//! Why a candidate is not in the plan, in words an organiser can act on.

use super::day_route::feasible_driving;
use super::instance::TourInstance;
use super::solution::Timetable;

fn minutes(s: f64) -> String {
    if s.is_finite() {
        format!("{:.0} min", s / 60.0)
    } else {
        "no route".into()
    }
}

/// The reason stop `s` (not served by `tt`) is left out.
pub fn reason(inst: &TourInstance, tt: &Timetable, s: usize, minutes_t: u32) -> String {
    let stop = &inst.stops[s];
    let v = &inst.values;
    if v.covers[s].iter().all(|&i| v.weights[i as usize] <= 0.0) {
        return format!(
            "nobody it would reach is left out: everyone within {minutes_t} min of it is already within {minutes_t} min of a place"
        );
    }
    let alone_fits = (0..inst.units.len()).any(|u| feasible_driving(inst, u, &[s]).is_some());
    if !alone_fits {
        let (u, round_trip) = (0..inst.units.len())
            .map(|u| {
                let (d, n) = (inst.depot_node(u), inst.stop_node(s));
                (u, inst.times.t(d, n) + inst.times.t(n, d))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or((0, f64::INFINITY));
        let unit = &inst.units[u];
        if !round_trip.is_finite() {
            return "no route reaches it from any depot".into();
        }
        if round_trip > unit.max_driving_s {
            return format!(
                "too far: the round trip from the depot takes {}, more than the {} of driving allowed a day",
                minutes(round_trip),
                minutes(unit.max_driving_s)
            );
        }
        let window = stop
            .window
            .map(|w| format!(" and its window {}–{}", w.start, w.end))
            .unwrap_or_default();
        return format!(
            "no day can hold it: {} of driving there and back, a visit of {}{window} do not fit in the working hours {}–{} with the break",
            minutes(round_trip),
            minutes(stop.visit_s),
            unit.hours.start,
            unit.hours.end
        );
    }
    if v.marginal(&tt.reached, s) <= v.tolerance() {
        return format!(
            "the people within {minutes_t} min of it are already reached by the planned stops"
        );
    }
    format!(
        "no room left: the units' days are full (working hours, break or {} of driving a day) with stops that reach more people per minute",
        minutes(inst.units.iter().map(|u| u.max_driving_s).fold(0.0, f64::max))
    )
}
