//! Time of the nearest answer's road part, in process: the kept-ends travel times of the 30
//! nearest places from random points, all exact (`travel_from_kept`) against only the
//! `limit` soonest (`soonest_from_kept`), with a check that both give the same shown places.
//! Usage: cargo run --release --example place_ends_soonest ROADS_DIR PLACES_FILE [LIMIT]
//! (PLACES_FILE: one `lon lat` per line; points drawn in the places' box).

use maillage::routing::place_ends::{Cell, PlaceEnds};
use maillage::routing::{Profile, RoadNetwork};
use std::path::PathBuf;

/// This process's CPU time so far, seconds (wall time means little on a shared box).
fn cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|v| v.parse().unwrap_or(0.0))
        .collect();
    (f[11] + f[12]) / 100.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let net = RoadNetwork::load(&PathBuf::from(&args[1]))?;
    let places: Vec<[f64; 2]> = std::fs::read_to_string(&args[2])?
        .lines()
        .map(|l| {
            let mut it = l.split_whitespace().map(|v| v.parse::<f64>().unwrap());
            [it.next().unwrap(), it.next().unwrap()]
        })
        .collect();
    let limit: usize = args.get(3).map_or(10, |a| a.parse().unwrap());
    let ends = PlaceEnds::new(places.iter().copied().map(Some).collect());
    let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
    for p in &places {
        for k in 0..2 {
            lo[k] = lo[k].min(p[k]);
            hi[k] = hi[k].max(p[k]);
        }
    }
    let mut seed = 7u64;
    let mut unit = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let questions: Vec<([f64; 2], Vec<usize>)> = (0..20000)
        .map(|_| {
            let o = [
                lo[0] + unit() * (hi[0] - lo[0]),
                lo[1] + unit() * (hi[1] - lo[1]),
            ];
            let mut by: Vec<usize> = (0..places.len()).collect();
            let d = |i: usize| (places[i][0] - o[0]).powi(2) + (places[i][1] - o[1]).powi(2);
            by.sort_by(|&a, &b| d(a).total_cmp(&d(b)));
            by.truncate(30);
            (o, by)
        })
        .collect();
    let shown = |cells: &[Cell]| {
        let mut order: Vec<usize> = (0..cells.len()).collect();
        order.sort_by(|&a, &b| {
            let key = |k: usize| cells[k].0.unwrap_or(f64::INFINITY);
            key(a).total_cmp(&key(b)).then(a.cmp(&b))
        });
        order
            .into_iter()
            .take(limit)
            .map(|k| (k, cells[k]))
            .collect::<Vec<_>>()
    };
    for profile in Profile::ALL {
        for (o, idx) in &questions {
            ends.travel_from(Some(&net), *o, idx, profile);
        }
        for round in 0..3 {
            let t = cpu_s();
            let mut all = Vec::new();
            for (o, idx) in &questions {
                all.push(ends.travel_from_kept(Some(&net), *o, idx, profile).unwrap());
            }
            let full = (cpu_s() - t) / questions.len() as f64 * 1e6;

            let t = cpu_s();
            let mut few = Vec::new();
            for (o, idx) in &questions {
                few.push(
                    ends.soonest_from_kept(Some(&net), *o, idx, profile, limit)
                        .unwrap(),
                );
            }
            let pruned = (cpu_s() - t) / questions.len() as f64 * 1e6;

            for (a, b) in all.iter().zip(&few) {
                assert_eq!(a.1, b.1);
                assert_eq!(shown(&a.0), shown(&b.0));
            }
            println!("{profile} round {round}: all exact {full:.1} µs, {limit} soonest {pruned:.1} µs per answer");
        }
    }
    Ok(())
}
