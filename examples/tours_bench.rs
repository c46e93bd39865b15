//! Timings of the tour planner on real places: candidate stops at the town halls of Corrèze
//! and its neighbours (Creuse, Haute-Vienne, Dordogne, Lot, Cantal), the people of every
//! commune of those départements within 20 minutes of a stop as its value (each counted
//! once), car times by the straight-line model, units leaving from Corrèze's main towns,
//! visits of 60 to 120 minutes, weekly, fortnightly and monthly rhythms over 4 weeks.
//!
//! `cargo run --release --example tours_bench` prints, for one unit and 60 candidates and
//! for five units and 200 candidates, the time to build the instance and to plan, the stops
//! served, the value and the driving.

use maillage::ingest::{read_mairies, read_population};
use maillage::routing::crowfly::{estimate, TripEnds};
use maillage::routing::Profile;
use maillage::tours::instance::TourInstance;
use maillage::tours::synthetic::{crowfly_times, town_hall_stops, unit};
use maillage::tours::value::StopValues;
use maillage::tours::weekday::Weekday;
use maillage::tours::{plan, Budget};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
}

fn instance(units: usize, candidates: usize) -> TourInstance {
    let deps = ["19", "23", "87", "24", "46", "15"];
    let pop = read_population(&data("population/communes.json")).expect("population");
    let (mairies, _) = read_mairies(&data("addresses/mairies-france.csv")).expect("mairies");
    let at: std::collections::HashMap<&str, [f64; 2]> = mairies
        .iter()
        .map(|m| (m.code.as_str(), [m.lon, m.lat]))
        .collect();
    let demand: Vec<_> = pop
        .iter()
        .filter(|c| deps.contains(&c.departement.as_str()))
        .filter(|c| at.contains_key(c.code.as_str()))
        .collect();
    // Candidates: Corrèze's communes first, then its neighbours', by code.
    let mut cands: Vec<_> = demand
        .iter()
        .filter(|c| c.population.is_some_and(|p| p < 3000))
        .copied()
        .collect();
    cands.sort_by_key(|c| (c.departement != "19", c.code.as_str().to_string()));
    let cands: Vec<_> = cands.into_iter().step_by(2).take(candidates).collect();
    assert_eq!(cands.len(), candidates);
    let stops = town_hall_stops(
        cands
            .iter()
            .map(|c| (c.code.as_str(), c.nom.as_str(), at[c.code.as_str()])),
        true,
    );
    let depots = ["19272", "19031", "19275", "19073", "19005"];
    let units: Vec<_> = (0..units)
        .map(|u| {
            unit(
                &format!("u{u}"),
                at[depots[u % depots.len()]],
                Weekday::ALL[..5].to_vec(),
            )
        })
        .collect();
    let points: Vec<[f64; 2]> = units
        .iter()
        .map(|u| u.depot)
        .chain(stops.iter().map(|s| s.point))
        .collect();
    let covers: Vec<Vec<u32>> = stops
        .iter()
        .map(|s| {
            (0..demand.len() as u32)
                .filter(|&k| {
                    let p = at[demand[k as usize].code.as_str()];
                    estimate(p, s.point, Profile::Car, TripEnds::default()).0 <= 20.0 * 60.0
                })
                .collect()
        })
        .collect();
    TourInstance {
        units,
        stops,
        horizon_weeks: 4,
        times: crowfly_times(&points),
        values: StopValues {
            weights: demand
                .iter()
                .map(|c| c.population.unwrap_or(0) as f64)
                .collect(),
            population: demand.iter().map(|c| c.population.unwrap_or(0)).collect(),
            covers,
        },
    }
}

fn main() {
    for (units, candidates, search) in [(1, 60, 3.0), (5, 200, 30.0)] {
        let t = Instant::now();
        let inst = instance(units, candidates);
        let built = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let budget = Budget::for_instance(&inst, Duration::from_secs_f64(search));
        let tt = plan(&inst, &budget);
        let planned = t.elapsed().as_secs_f64();
        tt.check(&inst).expect("consistent");
        let s = tt.score();
        let days = tt.driving.iter().filter(|&&d| d > 0.0).count();
        println!(
            "{units} unit(s), {candidates} candidates, 4 weeks: instance {built:.2} s, plan {planned:.2} s (search budget {search} s, {} rounds at most); {} stops served, {:.0} people reached, {:.0} min of driving over {days} days ({:.0} min a day)",
            budget.rounds,
            tt.served().count(),
            s.value,
            s.driving_s / 60.0,
            s.driving_s / 60.0 / days.max(1) as f64
        );
    }
}
