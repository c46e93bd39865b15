//! The OpenAPI document served at `/api/openapi.json` describes every operation the server
//! answers: a unique operationId, a schema for every successful answer (every `$ref`
//! resolving), enumerations for the closed parameters; and the real answers of the built
//! binary's server carry the members their schema requires.

mod common;

use common::territory_server;
use serde_json::{json, Value};
use std::collections::HashSet;

fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v["$ref"].as_str() {
        Some(r) => {
            let path = r.strip_prefix("#/").expect("local reference");
            let target = doc.pointer(&format!("/{path}"));
            resolve(doc, target.unwrap_or_else(|| panic!("unresolved {r}")))
        }
        None => v,
    }
}

/// Every `$ref` anywhere in `v` points into the document.
fn refs_resolve(doc: &Value, v: &Value) -> usize {
    match v {
        Value::Object(m) => {
            let own = m.get("$ref").map_or(0, |_| {
                resolve(doc, v);
                1
            });
            own + m.values().map(|x| refs_resolve(doc, x)).sum::<usize>()
        }
        Value::Array(a) => a.iter().map(|x| refs_resolve(doc, x)).sum(),
        _ => 0,
    }
}

#[test]
fn every_operation_has_an_id_a_response_schema_and_enumerations() {
    let (_m, s) = territory_server();
    let doc = s.json("/api/openapi.json");
    assert!(refs_resolve(&doc, &doc) > 30);
    let mut ids = HashSet::new();
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let id = op["operationId"].as_str();
            let id = id.unwrap_or_else(|| panic!("{method} {path}: no operationId"));
            assert!(ids.insert(id.to_string()), "operationId {id} twice");
            let ok = resolve(&doc, &op["responses"]["200"]);
            let content = ok["content"]
                .as_object()
                .unwrap_or_else(|| panic!("{method} {path}: 200 declares no content"));
            for (media, body) in content {
                assert!(
                    body["schema"].is_object(),
                    "{method} {path}: {media} has no schema"
                );
            }
            for (status, r) in op["responses"].as_object().unwrap() {
                let r = resolve(&doc, r);
                assert!(
                    r["content"].is_object(),
                    "{method} {path} {status}: no content"
                );
            }
            for p in op["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().unwrap();
                if [
                    "format",
                    "level",
                    "profile",
                    "model",
                    "supply",
                    "geometry",
                    "itinerance",
                    "mode",
                ]
                .contains(&name)
                {
                    assert!(
                        p["schema"]["enum"].is_array(),
                        "{method} {path}: parameter {name} has no enumeration"
                    );
                }
            }
        }
    }
    assert!(operations >= 16, "{operations} operations");
    // The routes the server answers are all described.
    for (path, method) in [
        ("/healthz", "get"),
        ("/api/places", "get"),
        ("/api/places/nearest", "get"),
        ("/api/places/{id}", "get"),
        ("/api/search", "get"),
        ("/api/communes", "get"),
        ("/api/communes/search", "get"),
        ("/api/communes/{code}", "get"),
        ("/api/coverage", "get"),
        ("/api/communes/{code}/coverage", "get"),
        ("/api/gaps", "get"),
        ("/api/plan/sites", "post"),
        ("/api/scenarios", "post"),
        ("/api/route", "get"),
        ("/api/matrix", "post"),
        ("/api/isochrone", "get"),
        ("/api/visits/next", "get"),
        ("/api/communes/{code}/visits", "get"),
        ("/api/communes/{code}/visits.ics", "get"),
        ("/api/units", "get"),
        ("/api/units/{id}", "get"),
        ("/api/units/{id}/visits.ics", "get"),
        ("/api/units/{id}/timetable.csv", "get"),
        ("/api/stops", "get"),
        ("/api/tours/plan", "post"),
        ("/tiles/{layer}/{z}/{x}/{y}.mvt", "get"),
        ("/tiles/{layer}.json", "get"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
}

/// The schema's required members are in the answer (following `$ref`).
fn has_required(doc: &Value, schema: &Value, answer: &Value, what: &str) {
    let schema = resolve(doc, schema);
    let required = schema["required"].as_array().expect("required members");
    for name in required {
        let name = name.as_str().unwrap();
        assert!(
            answer.get(name).is_some(),
            "{what}: member {name} missing from {answer}"
        );
    }
}

fn answer_schema<'a>(doc: &'a Value, path: &str, method: &str, media: &str) -> &'a Value {
    &doc["paths"][path][method]["responses"]["200"]["content"][media]["schema"]
}

#[test]
fn real_answers_carry_the_required_members() {
    let (_m, s) = territory_server();
    let doc = s.json("/api/openapi.json");
    for (path, url, media) in [
        ("/healthz", "/healthz", "application/json"),
        (
            "/api/places",
            "/api/places?departement=15",
            "application/geo+json",
        ),
        (
            "/api/communes/{code}",
            "/api/communes/15014",
            "application/geo+json",
        ),
        (
            "/api/places/nearest",
            "/api/places/nearest?lat=45.14&lon=2.49&gratuit=true&open_at=2024-12-24T10:00",
            "application/geo+json",
        ),
        (
            "/api/search",
            "/api/search?q=mauriac",
            "application/geo+json",
        ),
        (
            "/api/coverage",
            "/api/coverage?departement=15",
            "application/json",
        ),
        (
            "/api/communes/{code}/coverage",
            "/api/communes/15014/coverage",
            "application/json",
        ),
        ("/api/gaps", "/api/gaps?departement=15", "application/json"),
        (
            "/api/route",
            "/api/route?from=45.7640,4.8357&to=45.1885,5.7245",
            "application/json",
        ),
        (
            "/api/isochrone",
            "/api/isochrone?lat=45.764&lon=4.8357&minutes=10",
            "application/geo+json",
        ),
        (
            "/api/visits/next",
            "/api/visits/next?lat=45.764&lon=4.8357",
            "application/json",
        ),
        (
            "/api/communes/{code}/visits",
            "/api/communes/15014/visits",
            "application/json",
        ),
        ("/api/units", "/api/units", "application/json"),
        ("/api/stops", "/api/stops", "application/geo+json"),
    ] {
        let answer = s.json(url);
        has_required(&doc, answer_schema(&doc, path, "get", media), &answer, url);
    }
    // The members of each item: search results, and the opening state of nearest places.
    let search = s.json("/api/search?q=mauriac");
    let item = &doc["components"]["schemas"]["SearchFeature"]["properties"]["properties"];
    assert!(!search["features"].as_array().unwrap().is_empty());
    for f in search["features"].as_array().unwrap() {
        has_required(&doc, item, &f["properties"], "search feature");
    }
    let nearest = s.json("/api/places/nearest?lat=45.14&lon=2.49");
    let opening = &doc["components"]["schemas"]["Opening"];
    for f in nearest["features"].as_array().unwrap() {
        has_required(&doc, opening, &f["properties"]["ouverture"], "ouverture");
        assert!(f["properties"]["duree_min"].is_number(), "{f}");
    }
    let (status, answer) = s.post(
        "/api/matrix",
        &json!({"sources": [[4.8357, 45.764]], "destinations": [[5.7245, 45.1885]]}),
    );
    assert_eq!(status, 200, "{answer}");
    let schema = answer_schema(&doc, "/api/matrix", "post", "application/json");
    has_required(&doc, schema, &answer, "matrix");
    let model = &doc["components"]["schemas"]["Model"]["enum"];
    assert!(
        model.as_array().unwrap().contains(&answer["model"]),
        "{model}"
    );
}
