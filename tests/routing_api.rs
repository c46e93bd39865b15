//! The routing endpoints as a user gets them: `maillage import roads` (Monaco), then
//! `maillage serve`, over real HTTP; and a server with no network, whose answers say crow-fly.

mod common;
mod routing_common;

use common::{shared, Maillage, Server};
use maillage::routing::{self, Profile};
use serde_json::{json, Value};

/// A database with the Monaco road network imported by the binary, and its server.
fn monaco_server() -> (Maillage, Server) {
    let m = Maillage::with_territory();
    m.run(&[
        "import",
        "roads",
        shared("osm/monaco.osm.pbf").to_str().unwrap(),
    ]);
    let s = m.serve(&[]);
    (m, s)
}

/// A server with no road network.
fn no_roads_server() -> (Maillage, Server) {
    let m = Maillage::with_territory();
    let s = m.serve(&[]);
    (m, s)
}

fn get(url: &str) -> (u16, Option<String>, Value) {
    match ureq::get(url).call() {
        Ok(r) => (
            r.status(),
            r.header("content-type").map(str::to_string),
            r.into_json().expect("json"),
        ),
        Err(ureq::Error::Status(code, r)) => (
            code,
            r.header("content-type").map(str::to_string),
            r.into_json().expect("json"),
        ),
        Err(e) => panic!("{url}: {e}"),
    }
}

fn post(url: &str, body: &str) -> (u16, Value) {
    match ureq::post(url)
        .set("content-type", "application/json")
        .send_string(body)
    {
        Ok(r) => (r.status(), r.into_json().expect("json")),
        Err(ureq::Error::Status(code, r)) => (code, r.into_json().expect("json")),
        Err(e) => panic!("{url}: {e}"),
    }
}

#[test]
fn endpoints_with_the_monaco_network() {
    let (_m, server) = monaco_server();
    let base = server.url.as_str();
    let health = server.json("/healthz");
    assert_eq!(health["model"], "road", "{health}");
    assert!(
        health["roads"]["source"]
            .as_str()
            .is_some_and(|s| s.ends_with("monaco.osm.pbf")),
        "{health}"
    );
    // The car speed table the network was built with, as the library has it.
    let speeds = &health["roads"]["car_speeds"];
    let table = routing::speeds::CarSpeedTable::current();
    assert_eq!(
        speeds["maxspeed_factor"],
        json!(table.maxspeed_factor),
        "{health}"
    );
    let classes = speeds["classes"].as_array().expect("classes");
    assert_eq!(classes.len(), table.classes.len());
    let residential = classes
        .iter()
        .find(|c| c["highway"] == "residential")
        .expect("residential");
    assert_eq!(
        residential["default_kmh"],
        json!(routing::speeds::car_default_speed_kmh("residential").unwrap())
    );
    // Beausoleil → La Turbie town halls.
    let (status, _, body) = get(&format!(
        "{base}/api/route?from=43.743099,7.42538&to=43.74539,7.399633&profile=car"
    ));
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["model"], "road");
    assert_eq!(body["geometry"]["type"], "LineString");
    let lib = routing::route(
        Some(routing_common::monaco()),
        geo::Point::new(7.42538, 43.743099),
        geo::Point::new(7.399633, 43.74539),
        Profile::Car,
    )
    .expect("route");
    assert_eq!(body["duration_s"], json!(lib.duration_s));
    assert_eq!(body["distance_m"], json!(lib.distance_m));
    // Both ends on the network: nothing to warn about.
    assert!(body.get("crow_fly_ends").is_none() && body.get("warnings").is_none());

    let (status, body) = post(
        &format!("{base}/api/matrix"),
        r#"{"sources": [[7.42538, 43.743099], [7.405839, 43.72208]], "destinations": [[7.399633, 43.74539]], "profile": "car"}"#,
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["model"], "road");
    assert_eq!(body["durations"][0][0], json!(lib.duration_s));
    assert_eq!(body["durations"].as_array().map(Vec::len), Some(2));
    assert!(body["distances"][1][0].as_f64().is_some_and(|d| d > 1000.0));

    let (status, ctype, body) = get(&format!(
        "{base}/api/isochrone?lat=43.743099&lon=7.42538&minutes=5,10&profile=foot"
    ));
    assert_eq!(status, 200, "{body}");
    assert_eq!(ctype.as_deref(), Some("application/geo+json"));
    assert_eq!(body["type"], "FeatureCollection");
    assert_eq!(body["features"].as_array().map(Vec::len), Some(2));
    assert_eq!(body["features"][1]["properties"]["minutes"], json!(10.0));
    assert_eq!(body["features"][1]["properties"]["model"], "road");

    // A point in the sea inside the network's area, about 2 km from any road: the route is
    // timed by the straight-line model, as the matrix times that point's row, and says which
    // end is off the network and how far it is from a road.
    let (status, _, route) = get(&format!(
        "{base}/api/route?from=43.725,7.445&to=43.74539,7.399633"
    ));
    assert_eq!(status, 200, "{route}");
    assert_eq!(route["model"], "crow-fly");
    assert_eq!(route["crow_fly_ends"], json!(["from"]));
    let nearest = route["snap"]["from"]["nearest_road_m"].as_f64();
    assert!(nearest.is_some_and(|d| d >= 1_500.0), "{route}");
    assert!(
        route["snap"]["to"].get("nearest_road_m").is_none(),
        "{route}"
    );
    let warning = route["warnings"][0].as_str().unwrap_or_default();
    assert!(
        warning.starts_with("from: lat=43.725, lon=7.445 is at least ")
            && warning.contains(" m from the nearest car road"),
        "{warning}"
    );
    assert_eq!(route["warnings"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        route["geometry"]["coordinates"],
        json!([[7.445, 43.725], [7.399633, 43.74539]])
    );
    assert!(route["crow_fly"]["formula"].is_string(), "{route}");
    let (status, matrix) = post(
        &format!("{base}/api/matrix"),
        r#"{"sources": [[7.445, 43.725], [7.42538, 43.743099]], "destinations": [[7.399633, 43.74539]]}"#,
    );
    assert_eq!(status, 200, "{matrix}");
    assert_eq!(matrix["crow_fly_sources"], json!([0]));
    assert_eq!(matrix["crow_fly_destinations"], json!([]));
    assert_eq!(matrix["durations"][0][0], route["duration_s"]);
    assert_eq!(matrix["distances"][0][0], route["distance_m"]);
}

#[test]
fn bad_parameters_are_400_problems() {
    let (_m, server) = no_roads_server();
    let base = server.url.as_str();
    let cases = [
        ("/api/route?from=43.7&to=43.74,7.39", "from"),
        ("/api/route?from=95,7.4&to=43.74,7.39", "from"),
        ("/api/route?from=43.7,7.4", "to"),
        (
            "/api/route?from=43.7,7.4&to=43.74,7.39&profile=bike",
            "profile",
        ),
        ("/api/isochrone?lat=43.7&lon=7.4&minutes=0", "minutes"),
        ("/api/isochrone?lat=43.7&lon=7.4&minutes=10,abc", "minutes"),
        ("/api/isochrone?lat=143.7&lon=7.4", "lat"),
        ("/api/isochrone?lon=7.4", "lat"),
    ];
    for (path, parameter) in cases {
        let (status, ctype, body) = get(&format!("{base}{path}"));
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(ctype.as_deref(), Some("application/problem+json"), "{path}");
        assert_eq!(body["parameter"], parameter, "{path}: {body}");
        assert!(
            body["detail"]
                .as_str()
                .is_some_and(|d| d.contains("expected") || d.contains("missing")),
            "{path}: {body}"
        );
    }
    let (status, body) = post(
        &format!("{base}/api/matrix"),
        r#"{"sources": [[7.4, 43.7]]}"#,
    );
    assert_eq!(
        (status, body["parameter"].as_str()),
        (400, Some("body")),
        "{body}"
    );
    let (status, body) = post(
        &format!("{base}/api/matrix"),
        r#"{"sources": [[7.4, 143.7]], "destinations": [[7.4, 43.7]]}"#,
    );
    assert_eq!(
        (status, body["parameter"].as_str()),
        (400, Some("sources")),
        "{body}"
    );
}

#[test]
fn without_a_network_answers_say_crow_fly() {
    let (_m, server) = no_roads_server();
    let base = server.url.as_str();
    let (status, _, body) = get(&format!(
        "{base}/api/route?from=43.743099,7.42538&to=43.74539,7.399633&profile=foot"
    ));
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["model"], "crow-fly");
    assert_published_model(&body);
    let (_, body) = post(
        &format!("{base}/api/matrix"),
        r#"{"sources": [[7.42538, 43.743099]], "destinations": [[7.399633, 43.74539]]}"#,
    );
    assert_eq!(body["model"], "crow-fly");
    assert!(body["durations"][0][0].as_f64().is_some_and(|s| s > 0.0));
    assert_published_model(&body);
    let (_, _, body) = get(&format!(
        "{base}/api/isochrone?lat=43.743099&lon=7.42538&minutes=15"
    ));
    assert_eq!(body["features"][0]["properties"]["model"], "crow-fly");
    assert_published_model(&body);
}

/// An answer of the straight-line model carries its parameters and its measured error.
fn assert_published_model(body: &serde_json::Value) {
    let model = &body["crow_fly"];
    assert_eq!(model["car"].as_array().map(Vec::len), Some(4), "{body}");
    assert_eq!(model["error"][0]["area"], "all", "{body}");
    let median = model["error"][0]["median"].as_f64().unwrap_or(0.0);
    assert!((0.8..1.25).contains(&median), "{body}");
    assert!(model["calibrated_by"]
        .as_str()
        .is_some_and(|s| s.contains("calibrate_crowfly")));
}
