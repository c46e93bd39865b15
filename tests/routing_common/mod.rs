//! Shared helpers for the routing tests: data paths, networks imported once per test binary,
//! golden files (`UPDATE_GOLDEN=1` rewrites them).
#![allow(dead_code)]

#[path = "../golden_common/mod.rs"]
mod golden_common;

use maillage::routing::{import_roads, RoadNetwork};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
}

/// A scratch directory for this test binary.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

fn imported(cell: &'static OnceLock<RoadNetwork>, pbf: &str, name: &str) -> &'static RoadNetwork {
    cell.get_or_init(|| {
        let out = scratch(name).join("roads");
        import_roads(&data(pbf), &out).expect("import");
        RoadNetwork::load(&out).expect("load")
    })
}

pub fn monaco() -> &'static RoadNetwork {
    static CELL: OnceLock<RoadNetwork> = OnceLock::new();
    imported(&CELL, "osm/monaco.osm.pbf", "monaco")
}

pub fn saint_barthelemy() -> &'static RoadNetwork {
    static CELL: OnceLock<RoadNetwork> = OnceLock::new();
    imported(&CELL, "osm/saint_barthelemy.osm.pbf", "saint-barthelemy")
}

pub fn paris() -> &'static RoadNetwork {
    static CELL: OnceLock<RoadNetwork> = OnceLock::new();
    imported(&CELL, "osm/paris_bss.osm.pbf", "paris")
}

/// Compares `value` with `tests/golden/routing/<name>`; rewrites it when `UPDATE_GOLDEN=1`.
pub fn golden(name: &str, value: &serde_json::Value) {
    let text = serde_json::to_string_pretty(value).expect("serialise") + "\n";
    golden_common::check_golden("routing", name, &text);
}

/// A route as a GeoJSON Feature.
pub fn route_feature(r: &maillage::routing::Route) -> serde_json::Value {
    serde_json::json!({
        "type": "Feature",
        "properties": {
            "duration_s": r.duration_s,
            "distance_m": r.distance_m,
            "model": r.model,
            "profile": r.profile,
            "snap": {"from": r.from, "to": r.to},
        },
        "geometry": {"type": "LineString", "coordinates": r.geometry},
    })
}

/// A tiny deterministic generator for picking test points.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn unit(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 31) as f64
    }
}
