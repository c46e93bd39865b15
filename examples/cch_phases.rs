//! Times each step of a customizable hierarchy on one profile of a PBF, printing each as it
//! ends (with the process's peak memory so far), for networks whose preparation is long:
//! `cargo run --release --example cch_phases -- FILE.osm.pbf [car|foot]`.

use maillage::routing::build::build_profile;
use maillage::routing::cch::{customization, order, Topology};
use maillage::routing::osm::read_extract;
use maillage::routing::Profile;
use std::path::PathBuf;
use std::time::Instant;

/// Peak resident memory so far (`VmHWM`), in MB.
fn peak_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let Some(pbf) = args.get(1) else {
        return Err("usage: cch_phases FILE.osm.pbf [car|foot]".into());
    };
    let profile = match args.get(2).map(String::as_str) {
        Some("foot") => Profile::Foot,
        _ => Profile::Car,
    };
    let t = Instant::now();
    let extract = read_extract(&PathBuf::from(pbf))?;
    let (coords, graph, _) = build_profile(&extract, profile);
    drop(extract);
    println!(
        "graph: {} nodes, {} edges ({:.2} % with at most two neighbours), {:.1} s, peak {} MB",
        graph.num_nodes(),
        graph.num_edges(),
        100.0 * maillage::routing::cch::choice::shape_point_share(&graph),
        t.elapsed().as_secs_f64(),
        peak_mb()
    );
    let t = Instant::now();
    let adjacency = order::Adjacency::of(&graph);
    let rank_of = order::nested_dissection(&coords, &adjacency);
    println!(
        "order: {:.1} s, peak {} MB",
        t.elapsed().as_secs_f64(),
        peak_mb()
    );
    let t = Instant::now();
    let topology = Topology::contract(&adjacency, rank_of)?;
    drop(adjacency);
    println!(
        "contraction: {} arcs, most higher neighbours {}, {:.1} s, peak {} MB",
        topology.num_arcs(),
        topology.max_upper_degree(),
        t.elapsed().as_secs_f64(),
        peak_mb()
    );
    let t = Instant::now();
    let ch = customization::customize(&topology, &graph, &graph.time_ms)?;
    println!(
        "customization: {} up / {} down arcs kept, {:.1} s, peak {} MB",
        ch.up.len(),
        ch.down.len(),
        t.elapsed().as_secs_f64(),
        peak_mb()
    );
    Ok(())
}
