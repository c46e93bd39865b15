//! `serve --spatial-queries database`: with PostgreSQL, `/api/places?bbox=` and
//! `/api/places/nearest` take their candidates from PostGIS (KNN `<->`, `&&`), and answer
//! exactly what the server's own index answers — on both stores, against the same territory
//! served from SQLite. With SQLite, the option is refused with a clear error.

mod common;

use common::{Backend, Maillage, Server};
use serde_json::Value;

/// Points of the default territory (Auvergne-Rhône-Alpes): cities, mountains, its edges.
const POINTS: &[(f64, f64)] = &[
    (45.764, 4.836),
    (45.778, 3.082),
    (45.188, 5.724),
    (44.926, 2.444),
    (45.2, 2.33),
    (45.899, 6.129),
    (44.3, 4.1),
    (46.4, 3.3),
    (45.5, 6.9),
];

/// Filters, from none to selective ones that leave few candidates near a point.
const FILTERS: &[&str] = &[
    "",
    "&france_services=true",
    "&itinerance=Itin%C3%A9rant",
    "&services=aide%20aux%20demarches%20administratives&gratuit=true",
    "&open_at=2024-12-24T10:00",
];

/// Boxes (west, south, east, north), from a town to a département.
const BOXES: &[&str] = &[
    "4.80,45.73,4.88,45.79",
    "2.9,45.6,3.3,45.9",
    "2.0,44.6,3.0,45.5",
    "5.0,45.0,7.2,46.5",
];

/// What must agree, per feature: the place, its straight-line distance and its travel time.
fn nearest_answer(s: &Server, lat: f64, lon: f64, filter: &str) -> Vec<(String, Value, Value)> {
    let path = format!("/api/places/nearest?lat={lat}&lon={lon}&limit=10{filter}");
    let (status, _, body) = s.get(&path);
    assert_eq!(status, 200, "{path}: {body}");
    body["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = &f["properties"];
            (
                p["id"].as_str().unwrap().to_string(),
                p["distance_m"].clone(),
                p["duree_min"].clone(),
            )
        })
        .collect()
}

/// The places listed in a box with a filter, in order, and their total.
fn box_answer(s: &Server, bbox: &str, filter: &str) -> (Vec<String>, u64) {
    let path = format!("/api/places?bbox={bbox}&limit=50000{filter}");
    let (status, _, body) = s.get(&path);
    assert_eq!(status, 200, "{path}: {body}");
    let ids = body["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["id"].as_str().unwrap().to_string())
        .collect();
    (ids, body["total"].as_u64().unwrap())
}

/// Every query answered by `tested` as by `reference`; how many places they returned.
fn same_answers(reference: &Server, tested: &Server, label: &str) -> usize {
    let mut seen = 0;
    for &(lat, lon) in POINTS {
        for filter in FILTERS {
            let want = nearest_answer(reference, lat, lon, filter);
            assert_eq!(
                nearest_answer(tested, lat, lon, filter),
                want,
                "{label}: nearest to ({lat}, {lon}){filter}"
            );
            seen += want.len();
        }
    }
    for bbox in BOXES {
        for filter in FILTERS {
            let want = box_answer(reference, bbox, filter);
            assert_eq!(
                box_answer(tested, bbox, filter),
                want,
                "{label}: box {bbox}{filter}"
            );
            seen += want.0.len();
        }
    }
    seen
}

fn place_queries_answer_alike(backend: Backend) {
    // The reference: the territory in SQLite, answered by the server's own R-tree.
    let reference_db = Maillage::with_territory();
    let reference = reference_db.serve(&[]);
    let m = Maillage::with_territory_on(backend);
    let memory = m.serve(&[]);
    let seen = same_answers(&reference, &memory, "memory");
    assert!(seen > 1000, "the queries returned only {seen} places");

    match backend {
        Backend::Sqlite => {
            let err = m.fail(&[
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--spatial-queries",
                "database",
            ]);
            assert!(
                err.contains("--spatial-queries database needs a PostgreSQL database"),
                "{err}"
            );
        }
        Backend::Postgis => {
            let database = m.serve(&["--spatial-queries", "database"]);
            same_answers(&reference, &database, "database");
            // The candidates do come from PostGIS: a place removed there behind the servers'
            // backs (no import, so no reload) disappears from that server's answers only.
            let (lat, lon) = POINTS[0];
            let first = nearest_answer(&database, lat, lon, "")[0].0.clone();
            let rt = tokio::runtime::Runtime::new().unwrap();
            rt.block_on(async {
                let pool = sqlx::PgPool::connect(&m.db_arg).await.unwrap();
                let gone = sqlx::query("DELETE FROM places WHERE id = $1")
                    .bind(&first)
                    .execute(&pool)
                    .await
                    .unwrap();
                assert_eq!(gone.rows_affected(), 1);
                pool.close().await;
            });
            // A point a metre away: answers to a URI already asked are kept by the server
            // for the same data generation, and this change made none.
            let ids = |s: &Server| -> Vec<String> {
                nearest_answer(s, lat + 1e-5, lon, "")
                    .into_iter()
                    .map(|a| a.0)
                    .collect()
            };
            assert!(!ids(&database).contains(&first), "{first} still answered");
            assert!(ids(&memory).contains(&first));
            let (in_box, _) = box_answer(&database, BOXES[0], "");
            assert!(!in_box.contains(&first));
            assert!(box_answer(&memory, BOXES[0], "").0.contains(&first));
        }
    }
}

on_both_backends!(place_queries_answer_alike);
