//! The SQLite file opens in QGIS with its geometries: it is a GeoPackage whose layers (places,
//! communes, communes with their indicators, mobile stops) a GDAL reader lists with their
//! geometry types and counts, and whose geometries — decoded here by a reader of the
//! GeoPackage binary format written for this test — are where the API says.

mod common;

use common::{shared, Maillage};
use serde_json::Value;
use sqlx::{Row, SqlitePool};
use std::collections::HashMap;
use std::process::Command;

/// A geometry as a GeoPackage stores it: SRS id, header envelope, WKB type, and its
/// coordinates as polygons → rings → points (a point is one polygon of one ring of one point).
#[derive(Debug)]
struct GpGeometry {
    srs_id: i32,
    envelope: Option<[f64; 4]>,
    wkb_type: u32,
    polygons: Vec<Vec<Vec<[f64; 2]>>>,
}

struct Bytes<'a> {
    b: &'a [u8],
    at: usize,
}

impl Bytes<'_> {
    fn take(&mut self, n: usize) -> &[u8] {
        let s = &self.b[self.at..self.at + n];
        self.at += n;
        s
    }
    fn u32(&mut self, little: bool) -> u32 {
        let a: [u8; 4] = self.take(4).try_into().unwrap();
        if little {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        }
    }
    fn f64(&mut self, little: bool) -> f64 {
        let a: [u8; 8] = self.take(8).try_into().unwrap();
        if little {
            f64::from_le_bytes(a)
        } else {
            f64::from_be_bytes(a)
        }
    }
    /// A WKB header: (little endian, type).
    fn wkb_header(&mut self) -> (bool, u32) {
        let little = self.take(1)[0] == 1;
        (little, self.u32(little))
    }
    fn ring(&mut self, little: bool) -> Vec<[f64; 2]> {
        let n = self.u32(little);
        (0..n)
            .map(|_| [self.f64(little), self.f64(little)])
            .collect()
    }
    fn polygon(&mut self, little: bool) -> Vec<Vec<[f64; 2]>> {
        let n = self.u32(little);
        (0..n).map(|_| self.ring(little)).collect()
    }
}

/// Reads GeoPackage binary (OGC 12-128r18 §2.1.3): `GP`, version, flags, SRS id, envelope,
/// then WKB (Point, Polygon or MultiPolygon, 2D).
fn decode(blob: &[u8]) -> GpGeometry {
    assert_eq!(&blob[..2], b"GP", "magic");
    assert_eq!(blob[2], 0, "version 1 is stored as 0");
    let flags = blob[3];
    let little = flags & 1 == 1;
    let mut r = Bytes { b: blob, at: 4 };
    let a: [u8; 4] = r.take(4).try_into().unwrap();
    let srs_id = if little {
        i32::from_le_bytes(a)
    } else {
        i32::from_be_bytes(a)
    };
    let envelope = match (flags >> 1) & 0b111 {
        0 => None,
        1 => Some([r.f64(little), r.f64(little), r.f64(little), r.f64(little)]),
        other => panic!("envelope kind {other} is not written by maillage"),
    };
    let (wl, wkb_type) = r.wkb_header();
    let polygons = match wkb_type {
        1 => vec![vec![vec![[r.f64(wl), r.f64(wl)]]]],
        3 => vec![r.polygon(wl)],
        6 => {
            let n = r.u32(wl);
            (0..n)
                .map(|_| {
                    let (pl, t) = r.wkb_header();
                    assert_eq!(t, 3, "a polygon inside the multipolygon");
                    r.polygon(pl)
                })
                .collect()
        }
        other => panic!("unexpected WKB type {other}"),
    };
    assert_eq!(r.at, blob.len(), "nothing after the geometry");
    GpGeometry {
        srs_id,
        envelope,
        wkb_type,
        polygons,
    }
}

fn coords(v: &Value) -> [f64; 2] {
    [v[0].as_f64().unwrap(), v[1].as_f64().unwrap()]
}

/// The API writes 6 decimals (RFC 7946): equal within half a millionth of a degree.
fn near(a: [f64; 2], b: [f64; 2]) -> bool {
    (a[0] - b[0]).abs() <= 5.1e-7 && (a[1] - b[1]).abs() <= 5.1e-7
}

/// A ring of the API equals a stored ring, in its order or reversed (the API turns exterior
/// rings counter-clockwise).
fn same_ring(api: &[Value], stored: &[[f64; 2]]) -> bool {
    let api: Vec<[f64; 2]> = api.iter().map(coords).collect();
    api.len() == stored.len()
        && (api.iter().zip(stored).all(|(a, s)| near(*a, *s))
            || api
                .iter()
                .zip(stored.iter().rev())
                .all(|(a, s)| near(*a, *s)))
}

async fn open(m: &Maillage) -> SqlitePool {
    SqlitePool::connect(&format!("sqlite://{}?mode=ro", m.db.display()))
        .await
        .expect("open the file read-only")
}

/// `ogrinfo -so -al`: per layer, its geometry type and feature count.
fn ogr_layers(m: &Maillage) -> HashMap<String, (String, u64)> {
    let out = Command::new("ogrinfo")
        .args(["-ro", "-so", "-al"])
        .arg(&m.db)
        .output()
        .expect("ogrinfo (Debian's gdal-bin; scripts/test.sh installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut layers = HashMap::new();
    let mut name = String::new();
    let mut geometry = String::new();
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("Layer name: ") {
            name = n.to_string();
            geometry = "None".to_string();
        } else if let Some(g) = line.strip_prefix("Geometry: ") {
            geometry = g.to_string();
        } else if let Some(c) = line.strip_prefix("Feature Count: ") {
            layers.insert(name.clone(), (geometry.clone(), c.parse().unwrap()));
        }
    }
    layers
}

/// The default territory with the France Services buses that stop in it.
fn territory_with_stops() -> Maillage {
    let m = Maillage::with_territory();
    m.run(&[
        "import",
        "mobile",
        shared("places/france-services-20240801.csv")
            .to_str()
            .unwrap(),
    ]);
    m
}

#[tokio::test]
async fn a_gdal_reader_lists_the_layers_with_their_geometry_types_and_counts() {
    let m = territory_with_stops();
    let s = m.serve(&[]);
    let health = s.json("/healthz");
    let places = s.json("/api/places?limit=1")["total"].as_u64().unwrap();
    let stops = s.json("/api/stops")["features"].as_array().unwrap().len() as u64;
    assert!(places > 1000 && stops > 0, "{places} places, {stops} stops");
    let communes = health["communes"].as_u64().unwrap();

    let layers = ogr_layers(&m);
    assert_eq!(
        layers["places"],
        ("Point".to_string(), places),
        "{layers:?}"
    );
    assert_eq!(layers["communes"], ("Multi Polygon".to_string(), communes));
    assert_eq!(
        layers["communes_indicators"],
        ("Multi Polygon".to_string(), communes)
    );
    assert_eq!(layers["mobile_stops"], ("Point".to_string(), stops));
    // Only what a GIS user reads: the four layers and two tables, not maillage's own.
    let mut names: Vec<&str> = layers.keys().map(String::as_str).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "communes",
            "communes_indicators",
            "epci",
            "imports",
            "mobile_stops",
            "places"
        ]
    );

    let db = open(&m).await;
    let id: i64 = sqlx::query_scalar("PRAGMA application_id")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(id, i64::from(u32::from_be_bytes(*b"GPKG")));
    let srs: Vec<i64> =
        sqlx::query_scalar("SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(srs, [-1, 0, 2154, 4326]);
}

#[tokio::test]
async fn geometries_decode_to_the_coordinates_the_api_gives() {
    let m = territory_with_stops();
    let s = m.serve(&[]);
    let db = open(&m).await;

    // Every place.
    let rows = sqlx::query("SELECT id, geom FROM places")
        .fetch_all(&db)
        .await
        .unwrap();
    let stored: HashMap<String, Option<Vec<u8>>> =
        rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let api = s.json("/api/places?limit=50000");
    let features = api["features"].as_array().unwrap();
    assert_eq!(features.len(), stored.len());
    let mut with_point = 0;
    for f in features {
        let id = f["properties"]["id"].as_str().unwrap();
        let blob = &stored[id];
        match (&f["geometry"], blob) {
            (Value::Null, None) => {}
            (g, Some(blob)) => {
                let gp = decode(blob);
                assert_eq!((gp.srs_id, gp.wkb_type, gp.envelope), (4326, 1, None));
                let at = gp.polygons[0][0][0];
                assert!(near(coords(&g["coordinates"]), at), "{id}: {g} vs {at:?}");
                with_point += 1;
            }
            (g, None) => panic!("{id} has {g} in the API and no stored geometry"),
        }
    }
    assert!(with_point > 1000, "{with_point}");

    // Communes: one in three (the territory's 4,000 outlines, in a few seconds).
    let rows = sqlx::query("SELECT code, geom FROM communes WHERE fid % 3 = 0")
        .fetch_all(&db)
        .await
        .unwrap();
    assert!(rows.len() > 1000);
    for r in &rows {
        let code: String = r.get(0);
        let Some(blob) = r.get::<Option<Vec<u8>>, _>(1) else {
            assert_eq!(
                s.json(&format!("/api/communes/{code}"))["geometry"],
                Value::Null
            );
            continue;
        };
        let gp = decode(&blob);
        assert_eq!((gp.srs_id, gp.wkb_type), (4326, 6), "{code}");
        let all: Vec<[f64; 2]> = gp.polygons.iter().flatten().flatten().copied().collect();
        let min = |k: usize| all.iter().map(|p| p[k]).fold(f64::INFINITY, f64::min);
        let max = |k: usize| all.iter().map(|p| p[k]).fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(
            gp.envelope,
            Some([min(0), max(0), min(1), max(1)]),
            "{code}"
        );
        let feature = s.json(&format!("/api/communes/{code}"));
        let api_polygons = feature["geometry"]["coordinates"].as_array().unwrap();
        assert_eq!(api_polygons.len(), gp.polygons.len(), "{code}");
        for (a, p) in api_polygons.iter().zip(&gp.polygons) {
            let a = a.as_array().unwrap();
            assert_eq!(a.len(), p.len(), "{code}: rings");
            for (ar, pr) in a.iter().zip(p) {
                assert!(
                    same_ring(ar.as_array().unwrap(), pr),
                    "{code}: a ring differs"
                );
            }
        }
    }

    // Mobile stops.
    let stops = s.json("/api/stops");
    for f in stops["features"].as_array().unwrap() {
        let id = f["properties"]["id"].as_str().unwrap();
        let blob: Vec<u8> = sqlx::query_scalar("SELECT geom FROM mobile_stops WHERE id = ?")
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap();
        let gp = decode(&blob);
        assert_eq!((gp.srs_id, gp.wkb_type), (4326, 1));
        assert!(
            near(coords(&f["geometry"]["coordinates"]), gp.polygons[0][0][0]),
            "{id}"
        );
    }
}

/// Places counted in the `communes_indicators` layer are those the API lists for the commune.
#[tokio::test]
async fn the_indicators_layer_counts_the_places_the_api_lists() {
    let (m, s) = common::territory_server();
    let db = open(&m).await;
    let rows = sqlx::query(
        "SELECT code, places, france_services FROM communes_indicators
         ORDER BY places DESC, code LIMIT 5",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    for r in rows {
        let code: String = r.get(0);
        let places: i64 = r.get(1);
        let fs: i64 = r.get(2);
        let api = s.json(&format!("/api/places?commune={code}&limit=1"));
        assert_eq!(api["total"].as_i64().unwrap(), places, "{code}");
        let api = s.json(&format!(
            "/api/places?commune={code}&france_services=true&limit=1"
        ));
        assert_eq!(api["total"].as_i64().unwrap(), fs, "{code}");
    }
}

/// A file written before it became a GeoPackage (no geometries, empty R-trees) gets them the
/// next time any command opens it.
#[tokio::test]
async fn geometries_missing_from_an_older_file_are_written_when_it_is_opened() {
    let m = Maillage::with_territory();
    let count = |sql: &'static str| {
        let db = m.db.clone();
        async move {
            let pool = SqlitePool::connect(&format!("sqlite://{}", db.display()))
                .await
                .unwrap();
            let n: i64 = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
            pool.close().await;
            n
        }
    };
    let with_geometry = count("SELECT count(*) FROM communes WHERE geom IS NOT NULL").await;
    let places_with_geometry = count("SELECT count(*) FROM places WHERE geom IS NOT NULL").await;
    assert!(with_geometry > 4000 && places_with_geometry > 1000);
    {
        let pool = SqlitePool::connect(&format!("sqlite://{}", m.db.display()))
            .await
            .unwrap();
        for sql in [
            "UPDATE communes SET geom = NULL",
            "UPDATE places SET geom = NULL",
            "DELETE FROM rtree_communes_geom",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        pool.close().await;
    }
    assert_eq!(
        count("SELECT count(*) FROM communes WHERE geom IS NOT NULL").await,
        0
    );
    m.run(&["stats"]);
    assert_eq!(
        count("SELECT count(*) FROM communes WHERE geom IS NOT NULL").await,
        with_geometry
    );
    assert_eq!(
        count("SELECT count(*) FROM places WHERE geom IS NOT NULL").await,
        places_with_geometry
    );
    assert_eq!(
        count("SELECT count(*) FROM rtree_communes_geom").await,
        with_geometry
    );
    let layers = ogr_layers(&m);
    assert_eq!(
        layers["communes"].1 as i64,
        count("SELECT count(*) FROM communes").await
    );
}
