//! The planner against the exact optimum on instances small enough to solve exactly: one day
//! (subset dynamic programming) and several days with cyclic rhythms (set packing over
//! every feasible day route, `good_lp`). On real Corrèze town halls and populations, and on
//! random small instances: the planner serves the optimum's value and stop count, and drives
//! at most 1 % more.

use maillage::ingest::{read_mairies, read_population};
use maillage::tours::exact_day::best_day;
use maillage::tours::exact_days::exact_plan;
use maillage::tours::instance::TourInstance;
use maillage::tours::synthetic::{crowfly_times, random_instance, town_hall_stops, unit, Shape};
use maillage::tours::value::StopValues;
use maillage::tours::weekday::Weekday;
use maillage::tours::{plan, Budget};
use std::path::PathBuf;
use std::time::Duration;

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
}

fn budget() -> Budget {
    Budget {
        rounds: 3_000,
        time: Duration::from_secs(5),
        seed: 7,
    }
}

/// `n` Corrèze communes of 300 to 3,000 inhabitants at their town halls (every `step`-th by
/// code from `skip`), a unit at Tulle's town hall, car times by the straight-line model;
/// each stop reaches its own commune, so values are the real populations.
fn correze(n: usize, skip: usize, step: usize, days: &[Weekday], horizon: usize) -> TourInstance {
    let pop = read_population(&data("population/communes.json")).expect("population");
    let (mairies, _) = read_mairies(&data("addresses/mairies-france.csv")).expect("mairies");
    let at = |code: &str| {
        mairies
            .iter()
            .find(|m| m.code.as_str() == code)
            .map(|m| [m.lon, m.lat])
    };
    let tulle = at("19272").expect("Tulle");
    let mut chosen: Vec<_> = pop
        .iter()
        .filter(|c| c.departement == "19")
        .filter(|c| c.population.is_some_and(|p| (300..=3000).contains(&p)))
        .filter(|c| at(c.code.as_str()).is_some())
        .collect();
    chosen.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    let chosen: Vec<_> = chosen
        .into_iter()
        .skip(skip)
        .step_by(step)
        .take(n)
        .collect();
    assert_eq!(chosen.len(), n);
    let stops = town_hall_stops(
        chosen.iter().map(|c| {
            (
                c.code.as_str(),
                c.nom.as_str(),
                at(c.code.as_str()).unwrap(),
            )
        }),
        horizon >= 4,
    );
    let points: Vec<[f64; 2]> = std::iter::once(tulle)
        .chain(stops.iter().map(|s| s.point))
        .collect();
    TourInstance {
        units: vec![unit("tulle", tulle, days.to_vec())],
        horizon_weeks: horizon,
        times: crowfly_times(&points),
        values: StopValues {
            weights: chosen
                .iter()
                .map(|c| c.population.unwrap() as f64)
                .collect(),
            population: chosen.iter().map(|c| c.population.unwrap()).collect(),
            covers: (0..n as u32).map(|i| vec![i]).collect(),
        },
        stops,
    }
}

/// The planner's value, served count and driving against the optimum's.
fn compare(label: &str, inst: &TourInstance, opt_value: f64, opt_served: usize, opt_driving: f64) {
    let tt = plan(inst, &budget());
    tt.check(inst).expect("a consistent timetable");
    let s = tt.score();
    let served = tt.served().count();
    println!(
        "{label}: value {} (optimum {opt_value}), stops {served} (optimum {opt_served}), driving {:.1} min (optimum {:.1} min)",
        s.value,
        s.driving_s / 60.0,
        opt_driving / 60.0
    );
    assert!(
        (s.value - opt_value).abs() <= 1e-6 * opt_value.max(1.0),
        "{label}: value {} vs optimum {opt_value}",
        s.value
    );
    assert_eq!(served, opt_served, "{label}: served count");
    assert!(
        s.driving_s <= opt_driving * 1.01 + 1e-6,
        "{label}: driving {} vs optimum {opt_driving}",
        s.driving_s
    );
}

#[test]
fn one_day_on_correze_reaches_the_optimum() {
    for (skip, step) in [(0, 7), (3, 11), (5, 13)] {
        let inst = correze(10, skip, step, &[Weekday::Tu], 1);
        let (v, route) = best_day(&inst).expect("10 stops");
        assert!(!route.order.is_empty());
        assert!(route.order.len() < 10, "the day cannot hold every stop");
        compare(
            &format!("Corrèze one day, from {skip} every {step}"),
            &inst,
            v,
            route.order.len(),
            route.driving_s,
        );
    }
}

#[test]
fn several_days_on_correze_reach_the_optimum() {
    for (skip, step, days, horizon) in [
        (1, 9, vec![Weekday::Mo, Weekday::Th], 2),
        (2, 17, vec![Weekday::Tu, Weekday::We], 4),
    ] {
        let inst = correze(7, skip, step, &days, horizon);
        let e = exact_plan(&inst).expect("small enough");
        compare(
            &format!("Corrèze {} days × {horizon} weeks", days.len()),
            &inst,
            e.value,
            e.served,
            e.driving_s,
        );
    }
}

#[test]
fn random_small_instances_reach_the_optimum() {
    // One day, up to 10 stops.
    for seed in 0..12 {
        let inst = random_instance(
            Shape {
                units: 1,
                stops: 6 + (seed as usize % 5),
                working_days: 1,
                horizon_weeks: 1,
                radius: 40.0,
                mixed_frequencies: false,
            },
            seed,
        );
        let (v, route) = best_day(&inst).expect("small");
        compare(
            &format!("random day {seed}"),
            &inst,
            v,
            route.order.len(),
            route.driving_s,
        );
    }
    // Several days and units, mixed rhythms over 4 weeks.
    for seed in 100..106 {
        let inst = random_instance(
            Shape {
                units: 1 + (seed as usize % 2),
                stops: 6,
                working_days: 2,
                horizon_weeks: 4,
                radius: 40.0,
                mixed_frequencies: true,
            },
            seed,
        );
        let e = exact_plan(&inst).expect("small enough");
        compare(
            &format!("random days {seed}"),
            &inst,
            e.value,
            e.served,
            e.driving_s,
        );
    }
}
