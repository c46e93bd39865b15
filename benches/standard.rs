//! Reading the three large place files: parse, validate, map, check opening hours.

use criterion::{criterion_group, criterion_main, Criterion};
use maillage::standard::read_places;
use std::path::PathBuf;

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/places/"
    ))
    .join(rel)
}

fn read_files(c: &mut Criterion) {
    let mut group = c.benchmark_group("read_places");
    group.sample_size(10);
    for file in [
        "cnfs-lieux-2022.json",
        "data-inclusion-lieux-mediation-2023.json",
        "france-services-20240801.csv",
    ] {
        let path = shared(file);
        group.bench_function(file, |b| {
            b.iter(|| {
                let parsed = read_places(&path, None).expect("readable");
                std::hint::black_box(parsed.rows.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, read_files);
criterion_main!(benches);
