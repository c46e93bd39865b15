//! Times queries on a prepared road network, with percentiles (criterion gives means):
//! `cargo run --release --example routing_queries -- ROADS_DIR POINTS.csv`
//! (ROADS_DIR as written by `routing_import` or `maillage import roads`; POINTS.csv with
//! `id,lon,lat`). Prints the load time, one-to-one (time and distance) between snapped points
//! and between random nodes, the car matrix of every point to every point, 1,000 car routes
//! with their geometry (`route()`: snapping, search, unpacking), and 30-minute car isochrones.

#[path = "common/bench_points.rs"]
mod bench_points;

use bench_points::{read_points, snapped_car_ends};
use geo::Point;
use maillage::routing::ch::Endpoint;
use maillage::routing::{isochrone, matrix, route, Profile, RoadNetwork};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn percentiles(mut d: Vec<Duration>) -> String {
    d.sort();
    let at = |q: f64| d[((d.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e6;
    let mean = d.iter().map(Duration::as_secs_f64).sum::<f64>() / d.len() as f64 * 1e6;
    format!(
        "p50 {:.0} µs, p90 {:.0} µs, p99 {:.0} µs, mean {mean:.0} µs over {}",
        at(0.5),
        at(0.9),
        at(0.99),
        d.len()
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(csv)) = (args.get(1), args.get(2)) else {
        return Err("usage: routing_queries ROADS_DIR POINTS.csv".into());
    };
    let dir = PathBuf::from(dir);
    let mut loads = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        drop(RoadNetwork::load(&dir)?);
        loads.push(started.elapsed().as_secs_f64());
    }
    loads.sort_by(f64::total_cmp);
    println!("load: {:.3} s (best of 3; runs {loads:.3?})", loads[0]);
    let net = RoadNetwork::load(&dir)?;
    let points: Vec<Point<f64>> = read_points(csv.as_ref())?;
    let g = net.profile(Profile::Car);
    let snapped = snapped_car_ends(&net, &points);
    println!("{} points, {} snapped", points.len(), snapped.len());
    let mut times = Vec::new();
    for i in 0..2_000 {
        let (a, b) = (i % snapped.len(), (i * 7 + 13) % snapped.len());
        let started = Instant::now();
        std::hint::black_box(g.ch.route(&snapped[a].0, &snapped[b].1, false));
        times.push(started.elapsed());
    }
    println!("one-to-one, snapped points: {}", percentiles(times));
    let n = g.coords.len() as u64;
    let mut seed = 7u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) % n) as u32
    };
    let mut times = Vec::new();
    for _ in 0..2_000 {
        let e = |node| Endpoint {
            node,
            time_ms: 0,
            dist_dm: 0,
        };
        let (a, b) = (next(), next());
        let started = Instant::now();
        std::hint::black_box(g.ch.route(&[e(a)], &[e(b)], false));
        times.push(started.elapsed());
    }
    println!("one-to-one, random nodes: {}", percentiles(times));
    let mut runs = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        std::hint::black_box(matrix(Some(&net), &points, &points, Profile::Car)?);
        runs.push(started.elapsed().as_secs_f64() * 1e3);
    }
    runs.sort_by(f64::total_cmp);
    println!(
        "matrix {0} × {0}, car: median {1:.0} ms (runs {runs:.0?})",
        points.len(),
        runs[runs.len() / 2]
    );
    let mut times = Vec::new();
    let mut points_out = 0usize;
    let started = Instant::now();
    for i in 0..1_000 {
        let (a, b) = (i % points.len(), (i * 7 + 13) % points.len());
        let t = Instant::now();
        let r = route(Some(&net), points[a], points[b], Profile::Car)?;
        times.push(t.elapsed());
        points_out += r.geometry.len();
    }
    println!(
        "1,000 routes with geometry, car: {:.0} ms in all; {}; {points_out} geometry points",
        started.elapsed().as_secs_f64() * 1e3,
        percentiles(times)
    );
    let mut times = Vec::new();
    for k in 0..200 {
        let started = Instant::now();
        // A centre off the roads (a mountain point of the rural set) has no isochrone: not timed.
        let Ok(iso) = isochrone(
            Some(&net),
            points[(k * 37) % points.len()],
            &[30.0],
            Profile::Car,
        ) else {
            continue;
        };
        times.push(started.elapsed());
        std::hint::black_box(iso);
    }
    println!("isochrone 30 min, car: {}", percentiles(times));
    Ok(())
}
