//! The coverage endpoints against a real server on the embedded territory (AURA).

mod common;

use common::*;
use serde_json::{json, Value};

#[test]
fn coverage_of_a_departement_in_three_formats() {
    let (_m, srv) = territory_server();
    let (s, ctype, gj) = srv.get("/api/coverage?departement=15&format=geojson&as_of=2024-06-01");
    assert_eq!((s, ctype.as_str()), (200, "application/geo+json"));
    let features = gj["features"].as_array().unwrap();
    let (_, _, communes) = srv.get("/api/communes?departement=15&geometry=point");
    assert_eq!(
        features.len(),
        communes["features"].as_array().unwrap().len()
    );
    assert_eq!(gj["model"], "crow-fly");
    // Communes created in 2026 have no polygon in the simplified file: they come as points,
    // or without geometry when no town hall is known either (still listed with their figures).
    let polygons = features
        .iter()
        .filter(|f| f["geometry"]["type"] == "MultiPolygon")
        .count();
    let others: Vec<_> = features
        .iter()
        .filter(|f| f["geometry"]["type"] != "MultiPolygon")
        .collect();
    assert!(others
        .iter()
        .all(|f| f["geometry"].is_null() || f["geometry"]["type"] == "Point"));
    assert!(
        others.len() * 20 < polygons,
        "{} without polygon",
        others.len()
    );
    assert!(others
        .iter()
        .all(|f| f["properties"]["model"].is_null() || f["geometry"]["type"] == "Point"));
    let aurillac = features.iter().find(|f| f["id"] == "15014").unwrap();
    assert!(aurillac["properties"]["places"].as_u64().unwrap() > 0);
    assert_eq!(aurillac["properties"]["within_30"], true);

    let (s, ctype, csv) = srv.get_text("/api/coverage?departement=15&format=csv&as_of=2024-06-01");
    assert_eq!(s, 200);
    assert!(ctype.starts_with("text/csv"));
    let header = csv.lines().next().unwrap();
    for col in [
        "code",
        "nom",
        "departement",
        "epci",
        "population",
        "places",
        "places_per_10k",
        "nearest_km",
        "nearest_min",
        "france_services_min",
        "within_30_france_services",
        "2sfca",
        "e2sfca",
        "mobile_share",
        "gap",
        "gap_score",
    ] {
        assert!(
            header.split(',').any(|h| h == col),
            "missing {col} in {header}"
        );
    }
    assert_eq!(csv.lines().count(), features.len() + 1);

    let (s, _, j) = srv.get("/api/coverage?departement=15&level=epci&as_of=2024-06-01");
    assert_eq!(s, 200);
    let pop: u64 = j["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["population"].as_u64().unwrap())
        .sum();
    assert_eq!(pop, j["total"]["population"].as_u64().unwrap());
    let expected: u64 = features
        .iter()
        .map(|f| f["properties"]["population"].as_u64().unwrap())
        .sum();
    assert_eq!(pop, expected);
}

#[test]
fn one_commune_and_the_gaps() {
    let (_m, srv) = territory_server();
    let (s, _, one) = srv.get("/api/communes/15014/coverage?as_of=2024-06-01");
    assert_eq!(s, 200);
    assert_eq!(one["commune"]["nom"], "Aurillac");
    assert_eq!(one["model"], "crow-fly");
    let (s, _, g) = srv.get("/api/gaps?departement=15&minutes=15&as_of=2024-06-01");
    assert_eq!(s, 200);
    let gaps = g["gaps"].as_array().unwrap();
    assert!(
        !gaps.is_empty(),
        "Cantal has communes over 15 minutes from any place"
    );
    let pops: Vec<u64> = gaps
        .iter()
        .map(|r| r["population"].as_u64().unwrap())
        .collect();
    assert!(pops.windows(2).all(|w| w[0] >= w[1]));
    assert!(gaps
        .iter()
        .all(|r| r["nearest_min"].as_f64().is_none_or(|m| m > 15.0)));
    assert_eq!(
        g["gap_population"].as_u64().unwrap(),
        pops.iter().sum::<u64>()
    );
}

#[test]
fn bad_coverage_requests_get_problems() {
    let (_m, srv) = territory_server();
    for (path, param) in [
        ("/api/coverage?departement=999", "departement"),
        ("/api/coverage?departement=15&region=84", "region"),
        ("/api/coverage?minutes=0", "minutes"),
        ("/api/coverage?minutes=abc", "minutes"),
        ("/api/coverage?format=xls", "format"),
        ("/api/coverage?level=canton", "level"),
        ("/api/coverage?model=road", "model"),
        ("/api/coverage?as_of=yesterday", "as_of"),
        ("/api/coverage?catchment=-3", "catchment"),
        ("/api/coverage?supply=gold", "supply"),
        ("/api/coverage?zones=1,abc", "zones"),
        ("/api/coverage?zones=1,2", "zones"),
        ("/api/gaps?minutes=soon", "minutes"),
        ("/api/gaps?minutes=0", "minutes"),
        ("/api/gaps?minutes=20&gap_minutes=30", "gap_minutes"),
        ("/api/communes/ABCDE/coverage", "code"),
    ] {
        let (s, ctype, p) = srv.get(path);
        assert_eq!(
            (s, ctype.as_str()),
            (400, "application/problem+json"),
            "{path}"
        );
        assert_eq!(p["parameter"], param, "{path}: {p}");
    }
    let (s, _, p) = srv.get("/api/coverage?departement=75");
    assert_eq!(s, 404, "{p}");
}

#[test]
fn site_suggestions_cover_what_they_claim() {
    let (_m, srv) = territory_server();
    let (s, plan) = srv.post(
        "/api/plan/sites",
        &json!({"departement": "15", "add": 3, "minutes": 15}),
    );
    assert_eq!(s, 200, "{plan}");
    let sugg = plan["suggestions"].as_array().unwrap();
    assert_eq!(sugg.len(), 3);
    let gains: u64 = sugg
        .iter()
        .map(|x| x["gain_population"].as_u64().unwrap())
        .sum();
    let before = plan["covered_before"].as_u64().unwrap();
    let after = plan["covered_after"].as_u64().unwrap();
    assert!(gains > 0 && after > before);
    assert!((before + gains).abs_diff(after) <= 3, "{plan}");
    assert!(plan["optimality_ratio"].as_f64().unwrap() >= 0.99);
    // Opening the suggested sites as a scenario closes that many 15-minute gaps.
    let add: Vec<Value> = sugg
        .iter()
        .map(|x| json!({"lon": x["lon"], "lat": x["lat"], "nom": x["nom"]}))
        .collect();
    let (s, sc) = srv.post(
        "/api/scenarios",
        &json!({"departement": "15", "add": add, "minutes": [15], "gap_minutes": 15}),
    );
    assert_eq!(s, 200, "{sc}");
    let closed = sc["gap_population_before"].as_u64().unwrap()
        - sc["gap_population_after"].as_u64().unwrap();
    assert_eq!(closed, after - before, "{}", sc["changed"]);
    assert!(sc["changed"].as_u64().unwrap() >= 3);
    // The fewest sites so that everyone is within 15 minutes.
    let (s, all) = srv.post(
        "/api/plan/sites",
        &json!({"departement": "15", "minutes": 15}),
    );
    assert_eq!(s, 200);
    assert_eq!(
        all["covered_after"].as_u64().unwrap() + all["uncoverable"].as_u64().unwrap(),
        all["population"].as_u64().unwrap()
    );
}

#[test]
fn bad_plans_and_scenarios_get_problems() {
    let (_m, srv) = territory_server();
    for (path, body, param) in [
        (
            "/api/plan/sites",
            json!({"departement": "15", "add": 0}),
            "add",
        ),
        (
            "/api/plan/sites",
            json!({"departement": "15", "minutes": 0}),
            "minutes",
        ),
        ("/api/plan/sites", json!({"add": 2}), "departement"),
        (
            "/api/plan/sites",
            json!({"departement": "15", "add": "two"}),
            "body",
        ),
        (
            "/api/plan/sites",
            json!({"departement": "15", "candidates": []}),
            "candidates",
        ),
        ("/api/scenarios", json!({"departement": "15"}), "add"),
        (
            "/api/scenarios",
            json!({"departement": "15", "remove": ["no-such-place"]}),
            "remove",
        ),
        (
            "/api/scenarios",
            json!({"departement": "15", "add": [{"lon": 300, "lat": 45}]}),
            "add",
        ),
    ] {
        let (s, p) = srv.post(path, &body);
        // A well-formed body with a value of the wrong type is 422 (axum's data error).
        let expected = if body["add"].is_string() { 422 } else { 400 };
        assert_eq!(s, expected, "{path} {body}: {p}");
        assert_eq!(p["parameter"], param, "{path} {body}: {p}");
    }
}
