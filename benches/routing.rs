//! Routing benchmarks on the 1M-node synthetic networks of `../shared/data/bench/`:
//! load, one-to-one (time only, and full route with geometry), 1000 × 1000 matrix, 30-minute
//! car isochrone. The network is imported once into `target/bench-roads/` and reused; set
//! `ROUTING_BENCH_IMPORT=1` to also time import + preparation (slow: ~30 s an iteration),
//! `ROUTING_BENCH_GRID=1` to add the grid network (worst case for hierarchies),
//! `ROUTING_BENCH_FRANCE=1` to add the national one (france-rural-4m, 3.9 M nodes).
//!
//! `cargo bench --bench routing`

#[path = "../examples/common/bench_points.rs"]
mod bench_points;

use bench_points::{read_points, snapped_car_ends};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use geo::Point;
use maillage::routing::{import_roads, isochrone, matrix, route, Profile, RoadNetwork};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/bench")
        .join(rel)
}

fn prepared(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-roads")
        .join(name);
    if RoadNetwork::load(&dir).is_err() {
        import_roads(&data(&format!("{name}.osm.pbf")), &dir).expect("import");
    }
    dir
}

fn points(csv: &str) -> Vec<Point<f64>> {
    read_points(&data(csv)).expect("points csv")
}

fn bench_network(c: &mut Criterion, name: &str, csv: &str) {
    let dir = prepared(name);
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    if std::env::var("ROUTING_BENCH_IMPORT").is_ok_and(|v| v == "1") {
        let out = dir.with_file_name(format!("{name}-import"));
        group.bench_function("import_and_prepare", |b| {
            b.iter(|| import_roads(&data(&format!("{name}.osm.pbf")), &out).expect("import"))
        });
    }
    group.bench_function("load", |b| {
        b.iter(|| RoadNetwork::load(&dir).expect("load"))
    });
    let net = RoadNetwork::load(&dir).expect("load");
    let pts = points(csv);
    let g = net.profile(Profile::Car);
    // Snapped endpoints of the points that lie near a road.
    let snapped = snapped_car_ends(&net, &pts);
    let pairs: Vec<(usize, usize)> = (0..snapped.len())
        .map(|i| (i, (i * 7 + 13) % snapped.len()))
        .collect();
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    let mut k = 0;
    group.bench_function("one_to_one_time_distance", |b| {
        b.iter(|| {
            let (i, j) = pairs[k % pairs.len()];
            k += 1;
            g.ch.route(&snapped[i].0, &snapped[j].1, false)
        })
    });
    let mut k = 0;
    group.bench_function("route_with_geometry", |b| {
        b.iter(|| {
            let (i, j) = pairs[k % pairs.len()];
            k += 1;
            route(Some(&net), pts[i], pts[j], Profile::Car)
        })
    });
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function(
        BenchmarkId::new("matrix", format!("{0}x{0}", pts.len())),
        |b| b.iter(|| matrix(Some(&net), &pts, &pts, Profile::Car).expect("matrix")),
    );
    let mut k = 0;
    group.bench_function("isochrone_car_30min", |b| {
        b.iter(|| {
            k += 1;
            isochrone(Some(&net), pts[(k * 37) % pts.len()], &[30.0], Profile::Car)
        })
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    bench_network(c, "rural-sw-1m", "rural-points-1000.csv");
    if std::env::var("ROUTING_BENCH_GRID").is_ok_and(|v| v == "1") {
        bench_network(c, "grid-1m", "grid-points-1000.csv");
    }
    if std::env::var("ROUTING_BENCH_FRANCE").is_ok_and(|v| v == "1") {
        bench_network(c, "france-rural-4m", "france-points-1000.csv");
    }
}

criterion_group!(routing_benches, benches);
criterion_main!(routing_benches);
