//! Times the queries of a prepared road network, to compare hierarchies (`ch`, `cch`):
//! `cargo run --release --example hierarchy_queries -- ROADS_DIR POINTS.csv`
//! (a network written by `routing_import` or `maillage import roads`; points `id,lon,lat`).
//! Prints the 1,000 × 1,000 car matrix (best and median of 3), 1,000 car routes with geometry
//! (`route()`, total and p50), and one-to-one time-only queries between random nodes (p50, p90).

#[path = "common/bench_points.rs"]
mod bench_points;

use bench_points::read_points;
use geo::Point;
use maillage::routing::ch::Endpoint;
use maillage::routing::{matrix, route, Profile, RoadNetwork};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(csv)) = (args.get(1), args.get(2)) else {
        return Err("usage: hierarchy_queries ROADS_DIR POINTS.csv".into());
    };
    let started = Instant::now();
    let net = RoadNetwork::load(&PathBuf::from(dir))?;
    println!("load: {:.3} s", started.elapsed().as_secs_f64());
    for p in &net.metadata().profiles {
        println!(
            "{}: hierarchy {:?}, {} up / {} down edges, prepared in {:.1} s",
            p.profile, p.hierarchy, p.ch_edges_up, p.ch_edges_down, p.prepare_seconds
        );
    }
    let pts: Vec<Point<f64>> = read_points(csv.as_ref())?;
    let mut runs = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let m = matrix(Some(&net), &pts, &pts, Profile::Car)?;
        runs.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(m);
    }
    runs.sort_by(f64::total_cmp);
    println!(
        "matrix {0}x{0}: best {1:.0} ms, median {2:.0} ms",
        pts.len(),
        runs[0],
        runs[1]
    );
    let mut each = Vec::new();
    let t = Instant::now();
    for i in 0..pts.len() {
        let j = (i * 7 + 13) % pts.len();
        let one = Instant::now();
        let r = route(Some(&net), pts[i], pts[j], Profile::Car);
        each.push(one.elapsed().as_secs_f64() * 1e6);
        std::hint::black_box(r.ok());
    }
    each.sort_by(f64::total_cmp);
    println!(
        "{} routes with geometry: {:.2} s in all, p50 {:.0} µs, p90 {:.0} µs",
        pts.len(),
        t.elapsed().as_secs_f64(),
        each[each.len() / 2],
        each[each.len() * 9 / 10]
    );
    let g = net.profile(Profile::Car);
    let n = g.coords.len() as u64;
    let mut seed = 7u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) % n) as u32
    };
    let at = |node| Endpoint {
        node,
        time_ms: 0,
        dist_dm: 0,
    };
    let mut each = Vec::new();
    for _ in 0..2_000 {
        let (a, b) = (next(), next());
        let one = Instant::now();
        std::hint::black_box(g.ch.route(&[at(a)], &[at(b)], false));
        each.push(one.elapsed().as_secs_f64() * 1e6);
    }
    each.sort_by(f64::total_cmp);
    println!(
        "one-to-one (2,000 random node pairs, time + distance): p50 {:.0} µs, p90 {:.0} µs",
        each[1_000], each[1_800]
    );
    Ok(())
}
