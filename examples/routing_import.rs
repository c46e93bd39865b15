//! Imports a PBF into a prepared road network and times a reload, for benchmarks:
//! `cargo run --release --example routing_import -- FILE.osm.pbf OUT_DIR`
//! (wrap in `/usr/bin/time -v` for peak memory).

use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(pbf), Some(out)) = (args.get(1), args.get(2)) else {
        return Err("usage: routing_import FILE.osm.pbf OUT_DIR".into());
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let started = Instant::now();
    // Optional contraction parameters: CH_PARAMS="depth,initial,neighbor,contraction".
    let mut params = maillage::routing::ch::ChParams::default();
    if let Ok(spec) = std::env::var("CH_PARAMS") {
        let v: Vec<&str> = spec.split(',').collect();
        if v.len() == 4 {
            params.hierarchy_depth_factor = v[0].parse()?;
            params.max_settled_nodes_initial_relevance = v[1].parse()?;
            params.max_settled_nodes_neighbor_relevance = v[2].parse()?;
            params.max_settled_nodes_contraction = v[3].parse()?;
        }
    }
    // Optional hierarchy: HIERARCHY=auto|ch|cch.
    let hierarchy = std::env::var("HIERARCHY")
        .unwrap_or_else(|_| "auto".into())
        .parse()?;
    let report = maillage::routing::import_roads_hierarchy(
        &PathBuf::from(pbf),
        &PathBuf::from(out),
        &params,
        hierarchy,
    )?;
    println!(
        "import + preparation: {:.2} s",
        started.elapsed().as_secs_f64()
    );
    println!("{}", serde_json::to_string_pretty(&report.metadata)?);
    let started = Instant::now();
    let network = maillage::routing::RoadNetwork::load(&PathBuf::from(out))?;
    println!("load: {:.3} s", started.elapsed().as_secs_f64());
    drop(network);
    Ok(())
}
