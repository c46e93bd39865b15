//! The HTTP API against a real server on an ephemeral port, on the embedded territory.

mod common;

use common::*;
use serde_json::Value;

fn features(v: &Value) -> &Vec<Value> {
    v["features"].as_array().expect("a FeatureCollection")
}

#[test]
fn health_and_openapi() {
    let (_m, srv) = territory_server();
    let (s, _, v) = srv.get("/healthz");
    assert_eq!(s, 200);
    assert_eq!(v["communes"], 4_025);
    // The embedded territory's places: France Services, data·inclusion, Hinaura and
    // Conseillers numériques of the région, merged (`maillage stats` on a fresh `serve`).
    assert_eq!(v["places"], 1_596);
    let (s, _, v) = srv.get("/api/openapi.json");
    assert_eq!(s, 200);
    assert!(v["paths"]["/api/places/nearest"]["get"].is_object());
    // Every endpoint the router serves is described.
    for (path, method) in [
        ("/api/route", "get"),
        ("/api/matrix", "post"),
        ("/api/isochrone", "get"),
        ("/api/coverage", "get"),
        ("/api/communes/{code}/coverage", "get"),
        ("/api/gaps", "get"),
        ("/api/plan/sites", "post"),
        ("/api/scenarios", "post"),
    ] {
        assert!(v["paths"][path][method].is_object(), "{path} {method}");
    }
}

#[test]
fn places_with_filters() {
    let (_m, srv) = territory_server();
    let (s, ctype, all) = srv.get("/api/places");
    assert_eq!((s, ctype.as_str()), (200, "application/geo+json"));
    assert_eq!(all["total"], 1_596);
    let total = all["total"].as_u64().unwrap() as usize;
    let f = &features(&all)[0];
    for field in [
        "id",
        "nom",
        "adresse",
        "services",
        "frais_a_charge",
        "itinerance",
        "date_maj",
    ] {
        assert!(f["properties"].get(field).is_some(), "property {field}");
    }
    // Département 15 (Cantal) is a subset, and every place returned is in it.
    let (_, _, cantal) = srv.get("/api/places?departement=15");
    let n = features(&cantal).len();
    assert!(n > 0 && n < total);
    assert!(features(&cantal)
        .iter()
        .all(|f| f["properties"]["departement"] == "15"));
    // A bbox around Lyon; free places; a service (accents and case forgiven).
    let (_, _, lyon) = srv.get("/api/places?bbox=4.77,45.70,4.90,45.81");
    for f in features(&lyon) {
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!((4.77..=4.90).contains(&lon) && (45.70..=45.81).contains(&lat));
    }
    assert!(!features(&lyon).is_empty());
    let (_, _, free) = srv.get("/api/places?frais=gratuit");
    assert!(features(&free)
        .iter()
        .all(|f| f["properties"]["frais_a_charge"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v == "Gratuit")));
    let (_, _, admin) =
        srv.get("/api/places?services=aide%20aux%20demarches%20administratives&itinerance=Fixe");
    let n_admin = features(&admin).len();
    assert!(n_admin > 0 && n_admin < total);
    // One place by id, then an unknown id.
    let id = f["id"].as_str().unwrap();
    let (s, _, one) = srv.get(&format!("/api/places/{id}"));
    assert_eq!(
        (s, one["properties"]["nom"].clone()),
        (200, f["properties"]["nom"].clone())
    );
    let (s, ctype, p) = srv.get("/api/places/nope-404");
    assert_eq!((s, ctype.as_str()), (404, "application/problem+json"));
    assert_eq!(p["status"], 404);
}

#[test]
fn nearest_is_ordered_by_distance() {
    let (_m, srv) = territory_server();
    // Clermont-Ferrand town hall.
    let (s, _, v) = srv.get("/api/places/nearest?lat=45.7772&lon=3.0870&limit=10");
    assert_eq!(s, 200);
    let d: Vec<f64> = features(&v)
        .iter()
        .map(|f| f["properties"]["distance_m"].as_f64().unwrap())
        .collect();
    assert_eq!(d.len(), 10);
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "{d:?}");
    assert!(d[0] < 5_000.0);
    assert_eq!(v["model"], "crow-fly");
}

#[test]
fn communes_and_search() {
    let (_m, srv) = territory_server();
    let (s, _, v) = srv.get("/api/communes?departement=15");
    assert_eq!(s, 200);
    let cantal = features(&v);
    assert!(cantal.len() > 200 && cantal.len() < 300, "{}", cantal.len());
    assert!(cantal
        .iter()
        .all(|f| f["properties"]["departement"] == "15"));
    let (s, _, c) = srv.get("/api/communes/42218");
    assert_eq!(s, 200);
    assert_eq!(c["properties"]["nom"], "Saint-Étienne");
    assert!(c["properties"]["population"].as_u64().unwrap() > 150_000);
    assert!(c["properties"]["places"].as_u64().unwrap() > 0);
    assert_eq!(c["geometry"]["type"], "MultiPolygon");
    for q in ["st etienne", "SAINT-ÉTIENNE", "saint etienne"] {
        let (s, _, r) = srv.get(&format!("/api/communes/search?q={}", q.replace(' ', "%20")));
        assert_eq!(s, 200);
        assert_eq!(features(&r)[0]["properties"]["code"], "42218", "{q}");
    }
    let (_, _, r) = srv.get("/api/communes/search?q=63000");
    assert!(features(&r)
        .iter()
        .any(|f| f["properties"]["nom"] == "Clermont-Ferrand"));
    let (s, _, _) = srv.get("/api/communes/2C001");
    assert_eq!(s, 400);
    let (s, _, _) = srv.get("/api/communes/01999");
    assert_eq!(s, 404);
}

#[test]
fn bad_parameters_get_a_problem_naming_them() {
    let (_m, srv) = territory_server();
    for (path, param) in [
        ("/api/places/nearest?lat=95&lon=3", "lat"),
        ("/api/places/nearest?lon=3", "lat"),
        ("/api/places/nearest?lat=45&lon=abc", "lon"),
        ("/api/places/nearest?lat=45&lon=3&limit=0", "limit"),
        ("/api/places?bbox=1,2,3", "bbox"),
        ("/api/places?bbox=5,46,4,45", "bbox"),
        ("/api/places?frais=cher", "frais"),
        ("/api/places?services=jardinage", "services"),
        ("/api/places?departement=999", "departement"),
        ("/api/places?commune=ABCDE", "commune"),
        ("/api/places?colour=red", "colour"),
        ("/api/communes/search", "q"),
    ] {
        let (s, ctype, p) = srv.get(path);
        assert_eq!(
            (s, ctype.as_str()),
            (400, "application/problem+json"),
            "{path}"
        );
        assert_eq!(p["parameter"], param, "{path}");
        assert!(!p["detail"].as_str().unwrap().is_empty());
    }
    let (s, ctype, _) = srv.get("/api/nothing-here");
    assert_eq!((s, ctype.as_str()), (404, "application/problem+json"));
}

#[test]
fn the_map_page_is_served() {
    let (_m, srv) = territory_server();
    let (s, ctype, html) = srv.get_text("/");
    assert_eq!((s, ctype.as_str()), (200, "text/html"));
    assert!(html.contains("app.js"), "{html}");
}
