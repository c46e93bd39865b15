//! Site suggestion on real départements: Corrèze (19, 277 candidates) and Dordogne (24,
//! ~500), N = 5, T = 20 and 30 minutes, with and without the France Services already open;
//! max_cover, fewest_sites and the exact integer program.

#[path = "../tests/planning_common/mod.rs"]
mod planning_common;

use criterion::{criterion_group, criterion_main, Criterion};
use maillage::planning::{exact_max_cover, fewest_sites, max_cover};
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("planning");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    for dep in ["19", "24"] {
        for (minutes, existing) in [(20.0, true), (20.0, false), (30.0, false)] {
            let inst = planning_common::departement(dep, minutes, existing);
            let p = &inst.problem;
            let tag = format!(
                "{dep}-T{minutes}-{}",
                if existing { "fs" } else { "scratch" }
            );
            let s = max_cover(p, 5).expect("valid");
            let e = exact_max_cover(p, 5).expect("valid");
            let f = fewest_sites(p).expect("valid");
            println!(
                "{tag}: {} candidates, demand {}; max_cover N=5 {} / exact {} (ratio {:.4}), bound {:.0}; fewest_sites {}",
                p.covers.len(),
                p.total(),
                s.covered,
                e.as_ref().map_or(f64::NAN, |e| e.covered),
                e.as_ref().map_or(f64::NAN, |e| if e.covered > 0.0 { s.covered / e.covered } else { 1.0 }),
                s.upper_bound.unwrap_or(f64::NAN),
                f.chosen.len()
            );
            g.bench_function(format!("max_cover/{tag}"), |b| b.iter(|| max_cover(p, 5)));
            g.bench_function(format!("exact/{tag}"), |b| b.iter(|| exact_max_cover(p, 5)));
            g.bench_function(format!("fewest_sites/{tag}"), |b| {
                b.iter(|| fewest_sites(p))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
