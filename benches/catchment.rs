//! Floating catchment on the national instance: metropolitan communes (town-hall points, INSEE
//! populations) × France Services sites, 30 km as the crow flies, supply 1 a site. Times the
//! pair building (R-tree + haversine) apart from 2SFCA / E2SFCA / gravity given the pairs.
//!
//! `cargo bench --bench catchment`
//!
//! With `MAILLAGE_CATCHMENT_DUMP=<dir>`, first writes the instance and this crate's results for
//! the comparison with PySAL `access` (`benches/pysal_reference.py <dir>`): `demand.csv`
//! (id, population), `supply.csv` (id, supply), `pairs.csv` (origin, dest, cost in km, every
//! pair within 30 km) and `results.csv` (id, 2sfca, e2sfca, gravity) computed on those km costs.

#[path = "../tests/catchment_common/mod.rs"]
mod catchment_common;

use catchment_common::{metropolitan_instance, Instance};
use criterion::{criterion_group, criterion_main, Criterion};
use maillage::coverage::catchment::{crow_fly_reach, fca, CatchmentParams, Reach};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

const SIZE_M: f64 = 30_000.0;

fn params(size: f64) -> [(&'static str, CatchmentParams); 3] {
    [
        ("2sfca", CatchmentParams::two_step(size)),
        ("e2sfca", CatchmentParams::enhanced(size)),
        // 1 km floor: a site in the commune weighs as one 1 km away.
        ("gravity", CatchmentParams::gravity(size, 1.0, size / 30.0)),
    ]
}

/// Writes the instance (costs in km) and the scores computed on exactly those costs.
fn dump(inst: &Instance, reach_m: &Reach, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let reach_km = Reach::from_rows(
        reach_m.n_supply(),
        (0..reach_m.n_demand()).map(|i| reach_m.pairs_of(i).map(|(j, d)| (j, d / 1000.0))),
    )
    .expect("km reach");
    let mut demand = String::from("id,population\n");
    for (id, p) in inst.communes.iter().zip(&inst.population) {
        writeln!(demand, "{id},{p}").ok();
    }
    let mut supply = String::from("id,supply\n");
    for id in &inst.sites {
        writeln!(supply, "{id},1").ok();
    }
    let mut pairs = String::from("origin,dest,cost\n");
    for (i, id) in inst.communes.iter().enumerate() {
        for (j, d) in reach_km.pairs_of(i) {
            writeln!(pairs, "{id},{},{d}", inst.sites[j]).ok();
        }
    }
    let ones = vec![1.0; inst.sites.len()];
    let scores: Vec<Vec<f64>> = params(30.0)
        .iter()
        .map(|(_, p)| fca(&reach_km, &inst.population, &ones, p).expect("scores"))
        .collect();
    let mut results = String::from("id,2sfca,e2sfca,gravity\n");
    for (i, id) in inst.communes.iter().enumerate() {
        writeln!(
            results,
            "{id},{},{},{}",
            scores[0][i], scores[1][i], scores[2][i]
        )
        .ok();
    }
    std::fs::write(dir.join("demand.csv"), demand)?;
    std::fs::write(dir.join("supply.csv"), supply)?;
    std::fs::write(dir.join("pairs.csv"), pairs)?;
    std::fs::write(dir.join("results.csv"), results)
}

fn catchment(c: &mut Criterion) {
    let inst = metropolitan_instance();
    let reach = crow_fly_reach(&inst.commune_points, &inst.site_points, SIZE_M).expect("reach");
    eprintln!(
        "instance: {} communes ({} without a town-hall point left out), {} sites, {} pairs within 30 km",
        inst.communes.len(),
        inst.communes_without_point,
        inst.sites.len(),
        reach.n_pairs()
    );
    if let Some(dir) = std::env::var_os("MAILLAGE_CATCHMENT_DUMP") {
        dump(&inst, &reach, Path::new(&dir)).expect("dump");
        eprintln!(
            "instance and results written to {}",
            Path::new(&dir).display()
        );
    }
    let supply = vec![1.0; inst.sites.len()];

    let mut g = c.benchmark_group("catchment");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("pairs_crow_fly_30km", |b| {
        b.iter(|| crow_fly_reach(&inst.commune_points, &inst.site_points, SIZE_M).expect("reach"))
    });
    g.sample_size(50).measurement_time(Duration::from_secs(5));
    for (name, p) in params(SIZE_M) {
        g.bench_function(name, |b| {
            b.iter(|| fca(black_box(&reach), &inst.population, &supply, &p).expect("fca"))
        });
    }
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    for (name, p) in params(SIZE_M).into_iter().take(2) {
        g.bench_function(format!("{name}_1_thread"), |b| {
            b.iter(|| one.install(|| fca(black_box(&reach), &inst.population, &supply, &p)))
        });
    }
    g.finish();
}

criterion_group!(benches, catchment);
criterion_main!(benches);
