//! Vector tiles through `maillage serve`, on SQLite (in-process encoder) and on PostGIS
//! (`ST_AsMVT`): tiles decoded with an independent reader (`mvt-reader`) carry the communes and
//! places the API describes, with their properties, inside the tile's extent; empty tiles are
//! 204; revalidation, gzip, TileJSON; bad addresses are problems. Both back ends cut the same
//! tiles.

mod common;

use common::xyz::{tile_of, units_in};
use common::{shared, Backend, Maillage, Server};
use geo::{Area, Contains, MapCoords};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// An answer read byte for byte (the tile bodies are binary, and gzip must stay as sent).
struct Raw {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    fn problem(&self) -> Value {
        assert_eq!(
            self.header("content-type").as_deref(),
            Some("application/problem+json"),
            "{}",
            self.head
        );
        serde_json::from_slice(&self.body).expect("a JSON problem")
    }
}

fn get(server: &Server, target: &str, headers: &[&str]) -> Raw {
    let mut req = format!(
        "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
        server.url.trim_start_matches("http://")
    );
    for h in headers {
        req.push_str(h);
        req.push_str("\r\n");
    }
    req.push_str("\r\n");
    let mut s = TcpStream::connect(server.url.trim_start_matches("http://")).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(req.as_bytes()).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let split = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a blank line after the head");
    let head = String::from_utf8_lossy(&out[..split]).to_string();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Raw {
        status,
        head,
        body: out[split + 4..].to_vec(),
    }
}

/// A decoded tile: its layers' names and extents, and each feature's properties and geometry.
struct Decoded {
    layers: Vec<(String, u32)>,
    features: Vec<(
        BTreeMap<String, mvt_reader::feature::Value>,
        geo::Geometry<f64>,
    )>,
}

fn decode(body: &[u8]) -> Decoded {
    let reader = mvt_reader::Reader::new(body.to_vec()).expect("a valid vector tile");
    let layers = reader
        .get_layer_metadata()
        .unwrap()
        .into_iter()
        .map(|l| (l.name, l.extent))
        .collect();
    let features = reader
        .get_features(0)
        .unwrap()
        .into_iter()
        .map(|f| {
            let props = f.properties.unwrap_or_default().into_iter().collect();
            let g: geo::Geometry<f64> = f.geometry.map_coords(|c| geo::Coord {
                x: f64::from(c.x),
                y: f64::from(c.y),
            });
            (props, g)
        })
        .collect();
    Decoded { layers, features }
}

fn number(v: &mvt_reader::feature::Value) -> f64 {
    use mvt_reader::feature::Value::*;
    match v {
        Float(f) => f64::from(*f),
        Double(f) => *f,
        Int(i) | SInt(i) => *i as f64,
        UInt(u) => *u as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn text(v: &mvt_reader::feature::Value) -> String {
    match v {
        mvt_reader::feature::Value::String(s) => s.clone(),
        other => panic!("not a string: {other:?}"),
    }
}

/// Every position of a geometry.
fn positions(g: &geo::Geometry<f64>) -> Vec<geo::Coord<f64>> {
    use geo::CoordsIter;
    g.coords_iter().collect()
}

fn tile_200(s: &Server, path: &str) -> Decoded {
    let r = get(s, path, &[]);
    assert_eq!(r.status, 200, "GET {path}: {}", r.head);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/vnd.mapbox-vector-tile")
    );
    decode(&r.body)
}

const COMMUNE_FIELDS: [&str; 9] = [
    "code",
    "nom",
    "departement",
    "population",
    "ifn",
    "places",
    "france_services",
    "mobile_units",
    "places_per_10k",
];

fn communes_and_places_come_as_tiles(backend: Backend) {
    let m = Maillage::with_territory_on(backend);
    let s = m.serve(&[]);

    // TileJSON: where the communes are, and what their features say.
    // The document names the tiles' address from Host: a shared cache must key on it.
    let doc = get(&s, "/tiles/communes.json", &[]);
    assert_eq!(doc.status, 200);
    let vary = doc.header("vary").unwrap_or_default();
    assert!(vary.contains("Host, X-Forwarded-Proto"), "{vary:?}");
    let tj = s.json("/tiles/communes.json");
    assert_eq!(tj["tilejson"], "3.0.0");
    assert_eq!(tj["minzoom"], 0);
    assert_eq!(tj["maxzoom"], 14);
    assert_eq!(
        tj["tiles"][0],
        format!("{}/tiles/communes/{{z}}/{{x}}/{{y}}.mvt", s.url)
    );
    let layer = &tj["vector_layers"][0];
    assert_eq!(layer["id"], "communes");
    let fields: BTreeSet<&str> = layer["fields"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(fields, COMMUNE_FIELDS.into_iter().collect());
    let with_outline = s.json("/api/communes")["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["geometry"]["type"] == "MultiPolygon" || f["geometry"]["type"] == "Polygon")
        .count();
    assert!(
        with_outline > 1000,
        "{with_outline} communes with an outline"
    );
    assert_eq!(tj["feature_count"], with_outline);
    let b: Vec<f64> = tj["bounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();

    // Saint-Étienne at zoom 12: its feature has the API's facts, and its point inside it.
    let found = s.json("/api/communes/search?q=saint-etienne&limit=1");
    let point = &found["features"][0];
    assert_eq!(point["properties"]["nom"], "Saint-Étienne");
    let code = point["properties"]["code"].as_str().unwrap().to_string();
    let (lon, lat) = (
        point["geometry"]["coordinates"][0].as_f64().unwrap(),
        point["geometry"]["coordinates"][1].as_f64().unwrap(),
    );
    assert!(
        b[0] < lon && lon < b[2] && b[1] < lat && lat < b[3],
        "{b:?}"
    );
    let api = s.json(&format!("/api/communes/{code}"))["properties"].clone();
    let (x, y) = tile_of(lon, lat, 12);
    let tile = tile_200(&s, &format!("/tiles/communes/12/{x}/{y}.mvt"));
    assert_eq!(tile.layers, vec![("communes".to_string(), 4096)]);
    assert!(tile.features.len() > 1, "{} features", tile.features.len());
    for (props, geometry) in &tile.features {
        for key in props.keys() {
            assert!(
                COMMUNE_FIELDS.contains(&key.as_str()),
                "unknown property {key}"
            );
        }
        for key in [
            "code",
            "nom",
            "departement",
            "places",
            "france_services",
            "mobile_units",
        ] {
            assert!(props.contains_key(key), "no {key} in {props:?}");
        }
        assert!(matches!(
            geometry,
            geo::Geometry::MultiPolygon(_) | geo::Geometry::Polygon(_)
        ));
        for c in positions(geometry) {
            assert!(
                (-64.0..=4160.0).contains(&c.x) && (-64.0..=4160.0).contains(&c.y),
                "a vertex outside the tile and its buffer: {c:?}"
            );
        }
    }
    let (props, geometry) = tile
        .features
        .iter()
        .find(|(p, _)| p.get("code").map(text).as_deref() == Some(code.as_str()))
        .expect("Saint-Étienne in its tile");
    assert_eq!(text(&props["nom"]), "Saint-Étienne");
    assert_eq!(text(&props["departement"]), "42");
    let population = api["population"].as_f64().unwrap();
    assert_eq!(number(&props["population"]), population);
    let places = api["places"].as_f64().unwrap();
    assert!(places > 0.0);
    assert_eq!(number(&props["places"]), places);
    let per_10k = number(&props["places_per_10k"]);
    assert!(
        (per_10k - 1e4 * places / population).abs() < 1e-6,
        "{per_10k}"
    );
    let (ux, uy) = units_in(lon, lat, 12, x, y);
    let inside = match geometry {
        geo::Geometry::MultiPolygon(mp) => mp.contains(&geo::Point::new(ux, uy)),
        geo::Geometry::Polygon(p) => p.contains(&geo::Point::new(ux, uy)),
        _ => false,
    };
    assert!(
        inside,
        "the town hall ({ux}, {uy}) is not inside the outline"
    );

    // At zoom 6, the whole territory's communes, simplified but all there.
    let (x6, y6) = tile_of(lon, lat, 6);
    let coarse = tile_200(&s, &format!("/tiles/communes/6/{x6}/{y6}.mvt"));
    assert!(coarse.features.len() > 1000, "{}", coarse.features.len());

    // Places: a place's point lies at its position in its zoom-14 tile.
    let place = &s.json("/api/places?limit=1")["features"][0];
    let id = place["properties"]["id"].as_str().unwrap();
    let (plon, plat) = (
        place["geometry"]["coordinates"][0].as_f64().unwrap(),
        place["geometry"]["coordinates"][1].as_f64().unwrap(),
    );
    let (px, py) = tile_of(plon, plat, 14);
    let places_tile = tile_200(&s, &format!("/tiles/places/14/{px}/{py}.mvt"));
    assert_eq!(places_tile.layers[0].0, "places");
    let (props, geometry) = places_tile
        .features
        .iter()
        .find(|(p, _)| p.get("id").map(text).as_deref() == Some(id))
        .expect("the place in its tile");
    assert_eq!(
        text(&props["nom"]),
        place["properties"]["nom"].as_str().unwrap()
    );
    assert_eq!(
        props["france_services"],
        mvt_reader::feature::Value::Bool(place["properties"]["france_services"] == true)
    );
    assert_eq!(
        props["mobile"],
        mvt_reader::feature::Value::Bool(place["properties"]["mobile"] == true)
    );
    let at = positions(geometry)[0];
    let (ux, uy) = units_in(plon, plat, 14, px, py);
    assert!(
        (at.x - ux).abs() <= 0.5 && (at.y - uy).abs() <= 0.5,
        "{at:?} vs ({ux}, {uy})"
    );

    // An empty tile (the middle of the Pacific) is 204 without a body.
    let empty = get(&s, "/tiles/communes/8/0/100.mvt", &[]);
    assert_eq!(empty.status, 204, "{}", empty.head);
    assert!(empty.body.is_empty());
    assert!(empty.header("etag").is_some());

    // Revalidation, gzip, caching.
    let path = format!("/tiles/communes/12/{x}/{y}.mvt");
    let first = get(&s, &path, &[]);
    let etag = first.header("etag").expect("an ETag");
    assert!(first
        .header("cache-control")
        .is_some_and(|c| c.contains("max-age")));
    let again = get(&s, &path, &[&format!("If-None-Match: {etag}")]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.clone()));
    let zipped = get(&s, &path, &["Accept-Encoding: gzip"]);
    assert_eq!(zipped.header("content-encoding").as_deref(), Some("gzip"));
    assert!(zipped.body.len() < first.body.len());
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&zipped.body[..])
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, first.body);

    // Addresses off the grid, unknown layers and names are problems naming what was wrong.
    for (path, status, parameter) in [
        ("/tiles/communes/15/0/0.mvt", 400, Some("z")),
        ("/tiles/communes/3/8/0.mvt", 400, Some("x")),
        ("/tiles/communes/3/0/8.mvt", 400, Some("y")),
        ("/tiles/communes/3/0/-1.mvt", 400, Some("y")),
        ("/tiles/communes/a/0/0.mvt", 400, Some("z")),
        ("/tiles/rivers/3/0/0.mvt", 404, None),
        ("/tiles/communes/3/0/0.png", 404, None),
        ("/tiles/rivers.json", 404, None),
    ] {
        let r = get(&s, path, &[]);
        assert_eq!(r.status, status, "{path}: {}", r.head);
        let p = r.problem();
        assert_eq!(p["status"], status);
        assert_eq!(p["parameter"].as_str(), parameter, "{path}: {p}");
    }

    // An import is a new generation: the old tag no longer matches.
    let generation = s.json("/healthz")["generation"].clone();
    m.run(&[
        "import",
        "places",
        shared("places/france-services-20240801.csv")
            .to_str()
            .unwrap(),
    ]);
    s.wait_health(Duration::from_secs(30), |h| h["generation"] != generation);
    let after = get(&s, &path, &[&format!("If-None-Match: {etag}")]);
    assert_eq!(after.status, 200);
    assert_ne!(after.header("etag"), Some(etag));
}

on_both_backends!(communes_and_places_come_as_tiles);

/// The features of a tile by key property, with their properties as text or number, their
/// area in tile units, and whether any of it lies inside the tile proper (not only in its
/// buffer).
type Shown = (BTreeMap<String, String>, f64, bool);

fn by_key(d: &Decoded, key: &str) -> BTreeMap<String, Shown> {
    d.features
        .iter()
        .map(|(props, g)| {
            let shown = props
                .iter()
                .map(|(k, v)| {
                    let s = match v {
                        mvt_reader::feature::Value::String(s) => s.clone(),
                        mvt_reader::feature::Value::Bool(b) => b.to_string(),
                        n => format!("{:.6}", number(n)),
                    };
                    (k.clone(), s)
                })
                .collect();
            let area = g.unsigned_area();
            // More than the buffer band can hold, or a vertex in the tile proper.
            let inside = area > 4224.0 * 4224.0 - 4096.0 * 4096.0
                || positions(g)
                    .iter()
                    .any(|c| c.x > 0.0 && c.x < 4096.0 && c.y > 0.0 && c.y < 4096.0);
            (text(&props[key]), (shown, area, inside))
        })
        .collect()
}

#[test]
fn sqlite_and_postgis_cut_the_same_tiles() {
    let lite = Maillage::with_territory_on(Backend::Sqlite);
    let pg = Maillage::with_territory_on(Backend::Postgis);
    let (a, b) = (lite.serve(&[]), pg.serve(&[]));
    assert_eq!(
        a.json("/tiles/communes.json")["bounds"],
        b.json("/tiles/communes.json")["bounds"]
    );
    // Around Saint-Étienne, from the whole territory to a few streets.
    let (lon, lat) = (4.3872, 45.4397);
    for (layer, key, zooms) in [
        ("communes", "code", &[6u8, 8, 10, 12, 14][..]),
        ("places", "id", &[6, 10, 14][..]),
    ] {
        for &z in zooms {
            let (x, y) = tile_of(lon, lat, z);
            let path = format!("/tiles/{layer}/{z}/{x}/{y}.mvt");
            let (one, other) = (
                by_key(&tile_200(&a, &path), key),
                by_key(&tile_200(&b, &path), key),
            );
            // A feature only one side has must be marginal: a sliver in the buffer around the
            // tile, where the two clippers may round differently.
            for (k, (_, area, inside)) in one
                .iter()
                .filter(|(k, _)| !other.contains_key(*k))
                .chain(other.iter().filter(|(k, _)| !one.contains_key(*k)))
            {
                assert!(
                    !inside || *area < 64.0,
                    "{path}: {k} ({area} units, inside the tile) is cut by one back end only"
                );
            }
            let shared = one.keys().filter(|k| other.contains_key(*k)).count();
            assert!(
                shared + 2 >= one.len().max(other.len()),
                "{path}: {shared} features shared of {} and {}",
                one.len(),
                other.len()
            );
            for (k, (props, area, _)) in &one {
                let Some((other_props, other_area, _)) = other.get(k) else {
                    continue;
                };
                assert_eq!(props, other_props, "{path}: {k}");
                // Clipping and simplification differ in detail, not in what is drawn.
                let tolerance = 0.02 * area.max(*other_area) + 64.0;
                assert!(
                    (area - other_area).abs() <= tolerance,
                    "{path}: {k} covers {area} units here, {other_area} there"
                );
            }
        }
    }
}

/// After each change of data, the server cuts the tiles of zooms 0–8 in the background (they
/// hold thousands of communes each): `/healthz` says when, for which generation and how many;
/// an import made while serving brings a new cut for the new generation.
fn small_zooms_are_cut_ahead_after_each_change(backend: Backend) {
    let m = Maillage::with_territory_on(backend);
    let s = m.serve(&[]);
    let cut_for_current = |h: &Value| {
        h["tiles_cut_ahead"]["generation"] == h["generation"] && h["generation"].is_i64()
    };
    let h = s.wait_health(Duration::from_secs(120), cut_for_current);
    let tiles = h["tiles_cut_ahead"]["tiles"].as_u64().unwrap();
    // Zooms 0 to 8, two layers: at least one tile of each, and not the whole grid of zoom 8.
    assert!((18..2 * 65_536).contains(&tiles), "{h}");
    let first = h["generation"].as_i64().unwrap();
    let (x, y) = tile_of(4.3872, 45.4397, 6);
    let decoded = tile_200(&s, &format!("/tiles/communes/6/{x}/{y}.mvt"));
    assert!(decoded.features.len() > 100, "{}", decoded.features.len());

    m.run(&[
        "import",
        "places",
        shared("places/hinaura-aura-lieux.json").to_str().unwrap(),
    ]);
    let h = s.wait_health(Duration::from_secs(120), |h| {
        cut_for_current(h) && h["generation"].as_i64() > Some(first)
    });
    assert_eq!(h["tiles_cut_ahead"]["tiles"].as_u64(), Some(tiles), "{h}");
}

#[test]
fn small_zooms_are_cut_ahead_on_sqlite() {
    small_zooms_are_cut_ahead_after_each_change(Backend::Sqlite);
}

#[test]
fn small_zooms_are_cut_ahead_on_postgis() {
    small_zooms_are_cut_ahead_after_each_change(Backend::Postgis);
}
