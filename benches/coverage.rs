//! All indicators for all of France with the straight-line model: the national registry
//! (every commune, every real places file) built once in a temporary SQLite file, then
//! `sites_of` + `compute` measured. Run: `cargo bench --bench coverage`.
//! Env: MAILLAGE_BENCH_DB=path reuses a database already holding the national registry;
//! MAILLAGE_BENCH_ROADS=dir (a prepared road network, e.g. `fr.db.roads` after
//! `maillage import roads ../shared/data/bench/rural-sw-1m.osm.pbf`) adds the road model for
//! Corrèze and Dordogne.

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use maillage::coverage::{compute, rollup, sites_of, CoverageParams, Level};
use maillage::registry::{import_communes, import_places, CommuneSource, ImportOptions, Snapshot};
use maillage::store::SqliteStore;
use std::hint::black_box;
use std::path::PathBuf;

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
}

async fn national() -> Snapshot {
    if let Ok(db) = std::env::var("MAILLAGE_BENCH_DB") {
        let store = SqliteStore::open(std::path::Path::new(&db))
            .await
            .expect("db");
        return Snapshot::load(&store).await.expect("load");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("bench.db"))
        .await
        .expect("db");
    for (kind, file) in [
        (
            CommuneSource::Population,
            "population/communes-cog2026-population.csv",
        ),
        (
            CommuneSource::Communes,
            "communes/communes-france-simplifiees.geojson.gz",
        ),
        (CommuneSource::Epci, "population/epci.json"),
        (CommuneSource::Mairies, "addresses/mairies-france.csv"),
    ] {
        import_communes(&store, kind, &[shared(file)])
            .await
            .expect("communes");
    }
    let places: Vec<PathBuf> = [
        "france-services-20240801.csv",
        "cnfs-lieux-2022.json",
        "data-inclusion-lieux-mediation-2023.json",
        "hinaura-aura-lieux.json",
        "hub-du-sud-paca-2023.json",
    ]
    .iter()
    .map(|f| shared(&format!("places/{f}")))
    .collect();
    import_places(&store, &places, &ImportOptions::default())
        .await
        .expect("places");
    Snapshot::load(&store).await.expect("load")
}

fn all_of_france(c: &mut Criterion) {
    let snap = tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(national());
    let as_of = NaiveDate::from_ymd_opt(2024, 9, 1).expect("date");
    let params = CoverageParams::defaults(as_of);
    let all: Vec<usize> = (0..snap.communes.len()).collect();
    let mut g = c.benchmark_group("coverage");
    g.sample_size(10);
    g.bench_function("sites_of (parse hours, kinds) national", |b| {
        b.iter(|| black_box(sites_of(&snap, as_of)))
    });
    let sites = sites_of(&snap, as_of);
    g.bench_function("all indicators, all communes, crow-fly", |b| {
        b.iter(|| black_box(compute(&snap, &sites, &all, None, &params).expect("compute")))
    });
    let cov = compute(&snap, &sites, &all, None, &params).expect("compute");
    g.bench_function("roll-ups to EPCI/département/région/territory", |b| {
        b.iter(|| {
            for level in [
                Level::Epci,
                Level::Departement,
                Level::Region,
                Level::Territory,
            ] {
                black_box(rollup(&cov, level));
            }
        })
    });
    let dep: Vec<usize> = (0..snap.communes.len())
        .filter(|&i| snap.communes[i].departement == "19")
        .collect();
    g.bench_function("all indicators, département 19, crow-fly", |b| {
        b.iter(|| black_box(compute(&snap, &sites, &dep, None, &params).expect("compute")))
    });
    if let Ok(dir) = std::env::var("MAILLAGE_BENCH_ROADS") {
        let roads =
            maillage::routing::RoadNetwork::load(std::path::Path::new(&dir)).expect("roads");
        for d in ["19", "24"] {
            let dep: Vec<usize> = (0..snap.communes.len())
                .filter(|&i| snap.communes[i].departement == d)
                .collect();
            g.bench_function(format!("all indicators, département {d}, road"), |b| {
                b.iter(|| {
                    black_box(compute(&snap, &sites, &dep, Some(&roads), &params).expect("compute"))
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, all_of_france);
criterion_main!(benches);
