//! Every geometry we write follows RFC 7946: exterior rings counter-clockwise and holes
//! clockwise (shoelace sign), closed rings of four positions or more, coordinates with at most
//! six decimals. Checked on real answers of the built binary, on the default territory with
//! the Monaco road extract: communes, coverage GeoJSON (HTTP and CLI), road and straight-line
//! isochrones, places (HTTP and `export places`), routes.

mod common;

use common::{shared, Maillage};
use serde_json::Value;

/// What a walk over an answer saw.
#[derive(Default, Debug)]
struct Seen {
    polygons: usize,
    holes: usize,
    positions: usize,
}

fn decimals(v: &Value) -> usize {
    let t = v.to_string();
    assert!(!t.contains(['e', 'E']), "exponent in {t}");
    t.split_once('.').map_or(0, |(_, d)| d.len())
}

fn position(p: &Value, seen: &mut Seen, what: &str) -> [f64; 2] {
    let a = p
        .as_array()
        .unwrap_or_else(|| panic!("{what}: position {p}"));
    assert_eq!(a.len(), 2, "{what}: {p}");
    for c in a {
        assert!(decimals(c) <= 6, "{what}: {c} has more than 6 decimals");
    }
    seen.positions += 1;
    [a[0].as_f64().unwrap(), a[1].as_f64().unwrap()]
}

fn shoelace(ring: &[[f64; 2]]) -> f64 {
    ring.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum()
}

fn polygon(rings: &Value, seen: &mut Seen, what: &str) {
    for (k, ring) in rings.as_array().unwrap().iter().enumerate() {
        let r: Vec<[f64; 2]> = ring
            .as_array()
            .unwrap()
            .iter()
            .map(|p| position(p, seen, what))
            .collect();
        assert!(r.len() >= 4, "{what}: ring of {} positions", r.len());
        assert_eq!(r.first(), r.last(), "{what}: ring not closed");
        let a = shoelace(&r);
        if k == 0 {
            assert!(a > 0.0, "{what}: exterior ring clockwise ({a})");
        } else {
            assert!(a < 0.0, "{what}: hole counter-clockwise ({a})");
            seen.holes += 1;
        }
    }
    seen.polygons += 1;
}

fn geometry(g: &Value, seen: &mut Seen, what: &str) {
    let c = &g["coordinates"];
    match g["type"].as_str() {
        Some("Point") => {
            position(c, seen, what);
        }
        Some("LineString") => {
            for p in c.as_array().unwrap() {
                position(p, seen, what);
            }
        }
        Some("Polygon") => polygon(c, seen, what),
        Some("MultiPolygon") => {
            for p in c.as_array().unwrap() {
                polygon(p, seen, what);
            }
        }
        other => panic!("{what}: geometry type {other:?}"),
    }
}

/// Walks every feature's geometry (and a route's bare geometry).
fn check(answer: &Value, what: &str) -> Seen {
    let mut seen = Seen::default();
    if let Some(features) = answer["features"].as_array() {
        for f in features {
            if !f["geometry"].is_null() {
                let id = format!("{what} {}", f["id"]);
                geometry(&f["geometry"], &mut seen, &id);
            }
        }
    } else {
        // A Feature, or a route (its geometry member).
        geometry(&answer["geometry"], &mut seen, what);
    }
    seen
}

#[test]
fn every_written_geometry_is_rfc_7946() {
    let m = Maillage::with_territory();
    m.run(&[
        "import",
        "roads",
        shared("osm/monaco.osm.pbf").to_str().unwrap(),
    ]);
    let s = m.serve(&[]);

    let communes = check(
        &s.json("/api/communes?departement=15"),
        "communes of Cantal",
    );
    assert!(communes.polygons > 200, "{communes:?}");
    let one = check(&s.json("/api/communes/15014"), "Aurillac");
    assert!(one.polygons >= 1, "{one:?}");

    let (status, ctype, body) = s.get("/api/coverage?departement=74&format=geojson");
    assert_eq!(status, 200, "{body}");
    assert!(ctype.starts_with("application/geo+json"), "{ctype}");
    let coverage = check(&body, "coverage of Haute-Savoie");
    assert!(coverage.polygons > 250, "{coverage:?}");

    let road = s.json("/api/isochrone?lat=43.743099&lon=7.42538&minutes=5,10&profile=foot");
    assert_eq!(road["features"][0]["properties"]["model"], "road");
    let road = check(&road, "road isochrone in Monaco");
    assert!(road.polygons >= 2, "{road:?}");
    let circle = s.json("/api/isochrone?lat=45.76&lon=4.84&minutes=10,20");
    assert_eq!(circle["features"][0]["properties"]["model"], "crow-fly");
    assert!(check(&circle, "isochrone in Lyon").polygons >= 2);

    let places = check(&s.json("/api/places?departement=15"), "places of Cantal");
    assert!(places.positions > 10, "{places:?}");
    let route = s.json("/api/route?from=43.743099,7.42538&to=43.74539,7.399633");
    assert!(check(&route, "route in Monaco").positions > 10);

    let exported: Value =
        serde_json::from_str(&m.run(&["export", "places", "--format", "geojson"])).unwrap();
    assert!(check(&exported, "export places").positions > 1_000);
    let cli: Value =
        serde_json::from_str(&m.run(&["coverage", "--departement", "15", "--format", "geojson"]))
            .unwrap();
    let cli = check(&cli, "maillage coverage of Cantal");
    assert_eq!(
        cli.polygons, communes.polygons,
        "the CLI writes what the API writes"
    );
}
