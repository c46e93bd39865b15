//! The main roads as vector tiles through `maillage serve` (`/tiles/roads/{z}/{x}/{y}.mvt`,
//! `/tiles/roads.json`): none before a road network is imported, then — picked up while
//! serving — lines of the extract's motorway, trunk, primary and secondary ways, read here
//! independently from the OSM file: every vertex drawn lies on such a way, every such way is
//! drawn, and each class only from its zoom.

mod common;

use common::xyz::{lon_lat_of, tile_of};
use common::{shared, Maillage};
use osmpbf::{Element, ElementReader};
use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

const MONACO: (f64, f64) = (7.4215, 43.7365);
const CLASSES: [&str; 4] = ["motorway", "trunk", "primary", "secondary"];

/// Metres from `p` to segment `a–b` (equirectangular, fine at this scale).
fn to_segment_m(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let k = 43.74f64.to_radians().cos() * 111_320.0;
    let xy = |q: [f64; 2]| [q[0] * k, q[1] * 110_574.0];
    let (p, a, b) = (xy(p), xy(a), xy(b));
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    ((p[0] - a[0] - t * dx).powi(2) + (p[1] - a[1] - t * dy).powi(2)).sqrt()
}

/// The extract's main-road ways, read with `osmpbf` directly: class and points.
fn main_ways() -> Vec<(String, Vec<[f64; 2]>)> {
    let path = shared("osm/monaco.osm.pbf");
    let mut nodes: HashMap<i64, [f64; 2]> = HashMap::new();
    let mut ways: Vec<(String, Vec<i64>)> = Vec::new();
    ElementReader::from_path(&path)
        .unwrap()
        .for_each(|e| match e {
            Element::DenseNode(n) => {
                nodes.insert(n.id(), [n.lon(), n.lat()]);
            }
            Element::Node(n) => {
                nodes.insert(n.id(), [n.lon(), n.lat()]);
            }
            Element::Way(w) => {
                if let Some((_, v)) = w.tags().find(|(k, _)| *k == "highway") {
                    if CLASSES.contains(&v) {
                        ways.push((v.to_string(), w.refs().collect()));
                    }
                }
            }
            Element::Relation(_) => {}
        })
        .unwrap();
    ways.into_iter()
        .map(|(c, refs)| {
            (
                c,
                refs.iter().filter_map(|r| nodes.get(r).copied()).collect(),
            )
        })
        .collect()
}

/// The lines of a roads tile, each with its class, in WGS84.
fn lines(body: &[u8], z: u8, x: u32, y: u32) -> Vec<(String, Vec<[f64; 2]>)> {
    let reader = mvt_reader::Reader::new(body.to_vec()).expect("a valid vector tile");
    let layers = reader.get_layer_metadata().unwrap();
    assert_eq!(layers.len(), 1);
    assert_eq!(layers[0].name, "roads");
    assert_eq!(layers[0].extent, 4096);
    let mut out = Vec::new();
    for f in reader.get_features(0).unwrap() {
        let props = f.properties.unwrap_or_default();
        let class = match props.get("class") {
            Some(mvt_reader::feature::Value::String(s)) => s.clone(),
            other => panic!("class: {other:?}"),
        };
        let parts: Vec<geo::LineString<f32>> = match f.geometry {
            geo::Geometry::LineString(l) => vec![l],
            geo::Geometry::MultiLineString(m) => m.0,
            other => panic!("a road is a line, got {other:?}"),
        };
        for part in parts {
            assert!(part.0.len() >= 2);
            let points = part
                .coords()
                .map(|c| {
                    assert!(
                        (-64.0..=4160.0).contains(&c.x) && (-64.0..=4160.0).contains(&c.y),
                        "outside the tile and its buffer: {c:?}"
                    );
                    lon_lat_of(f64::from(c.x), f64::from(c.y), z, x, y)
                })
                .collect();
            out.push((class.clone(), points));
        }
    }
    out
}

#[test]
fn main_roads_are_served_as_tiles_from_the_imported_network() {
    let m = Maillage::with_territory();
    let s = m.serve(&[]);
    // No network: an empty layer.
    let doc = s.json("/tiles/roads.json");
    assert_eq!(doc["feature_count"], 0, "{doc}");
    let (x, y) = tile_of(MONACO.0, MONACO.1, 13);
    assert_eq!(s.get_bytes(&format!("/tiles/roads/13/{x}/{y}.mvt")).0, 204);

    // Import the network while serving: the layer follows.
    m.run(&[
        "import",
        "roads",
        shared("osm/monaco.osm.pbf").to_str().unwrap(),
    ]);
    assert!(m.roads_dir().join("main-roads.bin").is_file());
    s.wait_health(Duration::from_secs(60), |h| h["model"] == "road");
    let doc = s.json("/tiles/roads.json");
    assert_eq!(doc["vector_layers"][0]["id"], "roads", "{doc}");
    assert!(doc["tiles"][0]
        .as_str()
        .unwrap()
        .ends_with("/tiles/roads/{z}/{x}/{y}.mvt"));
    let ways = main_ways();
    let count = doc["feature_count"].as_u64().unwrap() as usize;
    assert!(
        count > 0 && count <= ways.len(),
        "{count} of {}",
        ways.len()
    );
    let b: Vec<f64> = doc["bounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert!(
        b[0] > 7.3 && b[2] < 7.6 && b[1] > 43.6 && b[3] < 43.8,
        "{b:?}"
    );

    // At zoom 14 around Monaco: every vertex on a main way of its class, every main-way node
    // well inside the tile near a drawn line.
    let z = 14;
    let (x, y) = tile_of(MONACO.0, MONACO.1, z);
    let (status, body) = s.get_bytes(&format!("/tiles/roads/{z}/{x}/{y}.mvt"));
    assert_eq!(status, 200);
    let drawn = lines(&body, z, x, y);
    assert!(!drawn.is_empty());
    for (class, line) in &drawn {
        for &p in line {
            let near = ways
                .iter()
                .filter(|(c, _)| c == class)
                .flat_map(|(_, w)| w.windows(2))
                .map(|w| to_segment_m(p, w[0], w[1]))
                .fold(f64::INFINITY, f64::min);
            // Kept vertices are the way's nodes; where a line is cut at the tile's edge the
            // new end lies on the line simplified at import (by up to 5 m).
            assert!(
                near < 6.0,
                "{class} vertex {p:?} is {near:.1} m from any {class} way"
            );
        }
    }
    let inner = (
        lon_lat_of(256.0, 3840.0, z, x, y),
        lon_lat_of(3840.0, 256.0, z, x, y),
    );
    let mut checked = 0;
    for (class, way) in &ways {
        for &p in way {
            let inside =
                p[0] > inner.0[0] && p[0] < inner.1[0] && p[1] > inner.0[1] && p[1] < inner.1[1];
            if !inside {
                continue;
            }
            checked += 1;
            let near = drawn
                .iter()
                .filter(|(c, _)| c == class)
                .flat_map(|(_, l)| l.windows(2))
                .map(|w| to_segment_m(p, w[0], w[1]))
                .fold(f64::INFINITY, f64::min);
            assert!(
                near < 8.0,
                "{class} node {p:?} is {near:.1} m from the drawn lines"
            );
        }
    }
    assert!(checked > 20, "{checked} main-road nodes inside the tile");

    // Each class from its zoom only; the lesser classes appear as one zooms in.
    let mut seen = BTreeSet::new();
    for (z, allowed) in [
        (5, &["motorway", "trunk"][..]),
        (7, &["motorway", "trunk", "primary"][..]),
        (9, &CLASSES[..]),
    ] {
        let (x, y) = tile_of(MONACO.0, MONACO.1, z);
        let (status, body) = s.get_bytes(&format!("/tiles/roads/{z}/{x}/{y}.mvt"));
        if status == 204 {
            continue;
        }
        assert_eq!(status, 200);
        for (class, _) in lines(&body, z, x, y) {
            assert!(allowed.contains(&class.as_str()), "{class} at zoom {z}");
            seen.insert(class);
        }
    }
    assert!(
        seen.contains("secondary") || seen.contains("primary"),
        "{seen:?}"
    );
    // Far from the network: nothing.
    let (x, y) = tile_of(2.35, 48.85, 13);
    assert_eq!(s.get_bytes(&format!("/tiles/roads/13/{x}/{y}.mvt")).0, 204);
    // A bad address is a problem naming the coordinate.
    let (status, _, problem) = s.get("/tiles/roads/15/0/0.mvt");
    assert_eq!(status, 400);
    assert_eq!(problem["parameter"], "z", "{problem}");
}
