//! One coordinate order per endpoint, and a clear refusal when a point is far from the data:
//! `/api/route` takes `from=lat,lon`, `/api/isochrone` takes `lat=&lon=`, `/api/matrix` takes
//! `[lon, lat]`. A point hundreds of kilometres from every commune, place and road of the
//! loaded data (coordinates swapped, typically) answers 422 with a problem that says so,
//! instead of a trip across the world. Through the binary's server on the default territory.

mod common;

use common::territory_server;
use serde_json::{json, Value};

fn assert_far(status: u16, body: &Value, parameter: &str) {
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["status"], 422);
    assert_eq!(body["parameter"], parameter, "{body}");
    let detail = body["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("swapped"), "{detail}");
    assert!(detail.contains("far"), "{detail}");
}

#[test]
fn swapped_coordinates_are_refused_and_right_ones_answered() {
    let (_m, s) = territory_server();
    // Lyon to Grenoble, in the documented order.
    let ok = s.json("/api/route?from=45.7640,4.8357&to=45.1885,5.7245");
    let km = ok["distance_m"].as_f64().unwrap() / 1000.0;
    assert!((80.0..200.0).contains(&km), "{km} km");

    let (status, ctype, body) = s.get("/api/route?from=4.8357,45.7640&to=45.1885,5.7245");
    assert!(ctype.starts_with("application/problem+json"), "{ctype}");
    assert_far(status, &body, "from");
    let (status, _, body) = s.get("/api/route?from=45.7640,4.8357&to=5.7245,45.1885");
    assert_far(status, &body, "to");

    let (status, body) = s.post(
        "/api/matrix",
        &json!({"sources": [[4.8357, 45.7640]], "destinations": [[5.7245, 45.1885]]}),
    );
    assert_eq!(status, 200, "{body}");
    let (status, body) = s.post(
        "/api/matrix",
        &json!({"sources": [[4.8357, 45.7640]], "destinations": [[5.7245, 45.1885], [45.1885, 5.7245]]}),
    );
    assert_far(status, &body, "destinations[1]");

    let (status, _, body) = s.get("/api/isochrone?lat=4.8357&lon=45.7640&minutes=10");
    assert_far(status, &body, "lat");
    let (status, _, body) = s.get("/api/isochrone?lat=45.7640&lon=4.8357&minutes=10");
    assert_eq!(status, 200, "{body}");
}
