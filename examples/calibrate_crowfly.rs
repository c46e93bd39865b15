//! Calibrates the straight-line model against the road engine and prints its error:
//! `cargo run --release --example calibrate_crowfly -- [--fit] [--samples OUT.csv] [--no-rural]`
//!
//! 1. loads the national communes (population, polygons, town halls) and France Services from
//!    `../shared/data` into a scratch registry, for the density of the commune around each point;
//! 2. imports the road networks (real OSM extracts: Monaco, Saint-Barthélemy, Paris 3e/4e; the
//!    generated `bench/rural-sw-1m` around the real communes of Nouvelle-Aquitaine and
//!    Occitanie) into `target/calibrate-crowfly/` (kept between runs, imported again when the
//!    car speed table changed);
//! 3. draws pairs of points at every distance (road nodes on the extracts; on rural-sw, town
//!    halls, France Services and random addresses of the communes) and times them by road;
//! 4. with `--fit`, fits the table of [`maillage::routing::crowfly::CAR`] on all the pairs
//!    ([`maillage::routing::calibration::fit`]) and prints it;
//! 5. prints the model's error (road time / straight-line time: median, p10, p90) per kind of
//!    area of the origin, per distance band and per network, and with `--samples` writes every
//!    pair to a CSV file.

use maillage::coverage::travel::density;
use maillage::registry::{self, CommuneSource, ImportOptions, Snapshot};
use maillage::routing::calibration::{
    commune_anchors, error_by_area, error_by_distance, fit, node_anchors, road_pairs, Draw,
    ErrorSummary, Pair,
};
use maillage::routing::crowfly::{AreaDensity, AreaParams, AreaType, CAR};
use maillage::routing::speeds::CarSpeedTable;
use maillage::routing::{import_roads, RoadNetwork};
use maillage::spatial::CommuneLocator;
use maillage::store::SqliteStore;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

type Error = Box<dyn std::error::Error>;

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
}

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let samples_out = args
        .iter()
        .position(|a| a == "--samples")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let rural = !args.iter().any(|a| a == "--no-rural");
    let fit_table = args.iter().any(|a| a == "--fit");
    let work = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/calibrate-crowfly");
    std::fs::create_dir_all(&work)?;

    let snap = tokio::runtime::Runtime::new()?.block_on(registry_snapshot(&work))?;
    let polygons: Vec<_> = snap.communes.iter().map(|c| c.polygon.as_ref()).collect();
    let locator = CommuneLocator::new(&polygons);
    let density_at = |p: [f64; 2], fallback: AreaDensity| {
        locator
            .locate(p[0], p[1])
            .and_then(|i| density(&snap.communes[i]))
            .map_or(fallback, AreaDensity)
    };

    let mut all: BTreeMap<&str, Vec<Pair>> = BTreeMap::new();
    // Real OSM extracts: random road nodes. Monaco is not a French commune (19,000 inh/km²),
    // nor is Saint-Barthélemy in the polygon file (~480 inh/km²).
    for (name, pbf, fallback, nodes, per_band) in [
        (
            "monaco",
            "osm/monaco.osm.pbf",
            AreaDensity(19_000.0),
            600,
            6,
        ),
        (
            "saint_barthelemy",
            "osm/saint_barthelemy.osm.pbf",
            AreaDensity(480.0),
            300,
            6,
        ),
        (
            "paris_bss",
            "osm/paris_bss.osm.pbf",
            AreaDensity(20_000.0),
            300,
            6,
        ),
    ] {
        let net = network(&work, name, pbf)?;
        let mut draw = Draw::new(7);
        let anchors = node_anchors(&net, nodes, &|p| density_at(p, fallback), &mut draw);
        let origins: Vec<usize> = (0..anchors.len()).step_by(3).collect();
        all.insert(
            name,
            road_pairs(&net, &anchors, &origins, per_band, &mut draw)?,
        );
    }
    if rural {
        let net = network(&work, "rural_sw", "bench/rural-sw-1m.osm.pbf")?;
        let anchors = commune_anchors(
            &net,
            &snap,
            &["75", "76"],
            &|p| density_at(p, AreaDensity::UNKNOWN),
            &mut Draw::new(3),
        );
        // Up to 250 origins of each kind of area, drawn among the anchors.
        let mut draw = Draw::new(11);
        let mut by_area: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, a) in anchors.iter().enumerate() {
            by_area
                .entry(AreaType::from(a.density).name())
                .or_default()
                .push(i);
        }
        let mut origins = Vec::new();
        for list in by_area.values() {
            for _ in 0..250.min(list.len()) {
                origins.push(list[draw.below(list.len())]);
            }
        }
        origins.sort_unstable();
        origins.dedup();
        all.insert(
            "rural_sw",
            road_pairs(&net, &anchors, &origins, 3, &mut draw)?,
        );
    }

    let every: Vec<Pair> = all.values().flatten().copied().collect();
    let table: Vec<AreaParams> = if fit_table {
        let started = std::time::Instant::now();
        let t = fit(&CAR, &every);
        eprintln!("fitted in {:.1} s", started.elapsed().as_secs_f64());
        println!("Fitted table (paste into src/routing/crowfly.rs):\n```rust");
        for r in &t {
            println!(
                "    AreaParams {{ area: AreaType::{:?}, density: {:.1}, near_kmh: {:.1}, far_kmh: {:.1}, half_km: {:.2}, detour: {:.2} }},",
                r.area, r.density, r.near_kmh, r.far_kmh, r.half_km, r.detour
            );
        }
        println!("```\n");
        t
    } else {
        CAR.to_vec()
    };
    println!("# Straight-line model against the road engine (ratio road time / model time)\n");
    print_table("origin's area, all networks", error_by_area(&every, &table));
    for (name, pairs) in &all {
        print_table(
            &format!("origin's area, {name}"),
            error_by_area(pairs, &table),
        );
    }
    print_table(
        "straight-line distance, all networks",
        error_by_distance(&every, &table),
    );
    if let Some(path) = samples_out {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&path)?);
        writeln!(
            w,
            "network,from_lon,from_lat,to_lon,to_lat,from_density,to_density,crow_m,road_s,road_m,model_s,model_m"
        )?;
        for (name, pairs) in &all {
            for p in pairs {
                let (ms, mm) = p.model(&table);
                writeln!(
                    w,
                    "{name},{:.6},{:.6},{:.6},{:.6},{:.1},{:.1},{:.0},{:.1},{:.0},{:.1},{:.0}",
                    p.from.point[0],
                    p.from.point[1],
                    p.to.point[0],
                    p.to.point[1],
                    p.from.density.0,
                    p.to.density.0,
                    p.crow_m,
                    p.road_s,
                    p.road_m,
                    ms,
                    mm
                )?;
            }
        }
        w.flush()?;
        println!("pairs written to {}", path.display());
    }
    Ok(())
}

fn print_table<K: std::fmt::Display>(
    title: &str,
    rows: impl IntoIterator<Item = (K, ErrorSummary)>,
) {
    println!("| {title} | pairs | median | p10 | p90 |\n|---|---:|---:|---:|---:|");
    for (k, s) in rows {
        println!(
            "| {k} | {} | {:.2} | {:.2} | {:.2} |",
            s.pairs, s.median, s.p10, s.p90
        );
    }
    println!();
}

/// The national registry (communes and France Services), imported once into `work`.
async fn registry_snapshot(work: &Path) -> Result<Snapshot, Error> {
    let db = work.join("registry.db");
    let fresh = !db.exists();
    let store = SqliteStore::open(&db).await?;
    if fresh {
        for (source, file) in [
            (
                CommuneSource::Population,
                "population/communes-cog2026-population.csv",
            ),
            (
                CommuneSource::Communes,
                "communes/communes-france-simplifiees.geojson.gz",
            ),
            (CommuneSource::Mairies, "addresses/mairies-france.csv"),
        ] {
            registry::import_communes(&store, source, &[data(file)]).await?;
        }
        registry::import_places(
            &store,
            &[data("places/france-services-20240801.csv")],
            &ImportOptions::default(),
        )
        .await?;
    }
    Ok(Snapshot::load(&store).await?)
}

/// A road network imported once into `work/name`, again when the car speed table changed.
fn network(work: &Path, name: &str, pbf: &str) -> Result<RoadNetwork, Error> {
    let dir = work.join(name);
    let current = RoadNetwork::load(&dir)
        .is_ok_and(|n| n.metadata().car_speeds == Some(CarSpeedTable::current()));
    if !current {
        let started = std::time::Instant::now();
        import_roads(&data(pbf), &dir)?;
        eprintln!(
            "{name}: imported in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(RoadNetwork::load(&dir)?)
}
