//! `nearest` among the national set of places (France Services, Conseillers numériques,
//! data·inclusion), in process. Run: `cargo bench --bench registry`.

use criterion::{criterion_group, criterion_main, Criterion};
use maillage::registry::{build_places, PlaceFilter, Snapshot};
use maillage::standard::read_places;
use maillage::store::SourceRecord;
use std::hint::black_box;
use std::path::PathBuf;

fn national_snapshot() -> Snapshot {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/places");
    let mut records = Vec::new();
    for f in [
        "france-services-20240801.csv",
        "cnfs-lieux-2022.json",
        "data-inclusion-lieux-mediation-2023.json",
    ] {
        let parsed = read_places(&dir.join(f), None).expect("real file");
        for row in parsed.rows.into_iter().flatten() {
            let seq = records.len() as i64;
            records.push(SourceRecord {
                dataset: parsed.dataset.clone(),
                record_id: row.place.id.clone(),
                seq,
                format: "x".into(),
                place: row.place,
            });
        }
    }
    let build = build_places(&records, &[]);
    Snapshot::new(build.places, Vec::new(), Vec::new())
}

fn nearest(c: &mut Criterion) {
    let snap = national_snapshot();
    // Deterministic query points spread over metropolitan France.
    let points: Vec<(f64, f64)> = (0..1024)
        .map(|i| {
            (
                -1.5 + (i * 37 % 1000) as f64 * 0.0085,
                43.0 + (i * 91 % 1000) as f64 * 0.0077,
            )
        })
        .collect();
    let filter = PlaceFilter::default();
    let mut i = 0;
    c.bench_function(
        &format!("nearest 10 among {} places", snap.places.len()),
        |b| {
            b.iter(|| {
                let (lon, lat) = points[i % points.len()];
                i += 1;
                black_box(snap.nearest(lon, lat, 10, &filter))
            })
        },
    );
    let free = PlaceFilter {
        frais: vec![maillage::model::Frais::Gratuit],
        ..PlaceFilter::default()
    };
    c.bench_function("nearest 10 free places", |b| {
        b.iter(|| {
            let (lon, lat) = points[i % points.len()];
            i += 1;
            black_box(snap.nearest(lon, lat, 10, &free))
        })
    });
}

criterion_group!(benches, nearest);
criterion_main!(benches);
