//! A mobile unit's days as routes (`GET /api/units/{id}/routes.geojson`) through the spawned
//! `serve`: straight segments without a road network, the routing engine's roads once
//! Monaco's network is imported, the legs agreeing with `/api/route`, dated days skipping
//! off-weeks and public holidays, the answer matching its OpenAPI schema, bad input refused.
//! The unit is a test fixture (`tests/fixtures/mobile-riviera`) with stops inside the area of
//! `osm/monaco.osm.pbf`.

mod common;

use common::{shared, Maillage, Server};
use maillage::spatial::geodesy::haversine_m;
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mobile-riviera")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

const DEPOT: [f64; 2] = [7.4237, 43.7436];
const CAP_DAIL: [f64; 2] = [7.4045, 43.7221];
const LA_TURBIE: [f64; 2] = [7.4005, 43.7449];

/// Communes (names and populations) and the fixture's unit; no places, no roads.
fn riviera() -> Maillage {
    let m = Maillage::new();
    m.run(&[
        "import",
        "population",
        shared("population/communes-cog2026-population.csv")
            .to_str()
            .unwrap(),
    ]);
    m.run(&[
        "import",
        "mobile",
        &fixture("units.csv"),
        &fixture("stops.csv"),
        &fixture("visits.csv"),
    ]);
    m
}

fn features(doc: &Value) -> &Vec<Value> {
    doc["features"].as_array().expect("features")
}

fn stop_ids(f: &Value) -> Vec<&str> {
    f["properties"]["stops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect()
}

fn point(v: &Value) -> [f64; 2] {
    [v[0].as_f64().unwrap(), v[1].as_f64().unwrap()]
}

/// The members the OpenAPI document requires are in the answer and each day.
fn matches_openapi(s: &Server, doc: &Value) {
    let api = s.json("/api/openapi.json");
    let schemas = &api["components"]["schemas"];
    let path = &api["paths"]["/api/units/{id}/routes.geojson"]["get"];
    assert_eq!(
        path["responses"]["200"]["content"]["application/geo+json"]["schema"]["$ref"],
        "#/components/schemas/DayRoutes"
    );
    for name in schemas["DayRoutes"]["required"].as_array().unwrap() {
        assert!(doc.get(name.as_str().unwrap()).is_some(), "{name}");
    }
    for f in features(doc) {
        for name in schemas["DayRoute"]["required"].as_array().unwrap() {
            assert!(
                f["properties"].get(name.as_str().unwrap()).is_some(),
                "{name} in {f}"
            );
        }
    }
}

#[test]
fn days_are_straight_without_roads_and_follow_the_roads_with_them() {
    let m = riviera();

    // Without a road network: depot → stops in time order → depot, straight.
    let doc = {
        let s = m.serve(&[]);
        let doc = s.json("/api/units/bus-riviera/routes.geojson");
        matches_openapi(&s, &doc);
        assert_eq!(doc["roads_loaded"], false);
        let days = features(&doc);
        let weekdays: Vec<&str> = days
            .iter()
            .map(|f| f["properties"]["weekday"].as_str().unwrap())
            .collect();
        assert_eq!(weekdays, ["tuesday", "thursday"]);
        let tuesday = &days[0];
        // visits.csv lists La Turbie (afternoon) before Cap-d'Ail (morning).
        assert_eq!(stop_ids(tuesday), ["rv-cap-dail", "rv-la-turbie"]);
        assert_eq!(tuesday["properties"]["geometry_source"], "straight");
        let line: Vec<[f64; 2]> = tuesday["geometry"]["coordinates"]
            .as_array()
            .unwrap()
            .iter()
            .map(point)
            .collect();
        assert_eq!(line, vec![DEPOT, CAP_DAIL, LA_TURBIE, DEPOT]);
        let straight_km: f64 = line
            .windows(2)
            .map(|w| haversine_m(w[0], w[1]))
            .sum::<f64>()
            / 1000.0;
        let km = tuesday["properties"]["distance_km"].as_f64().unwrap();
        assert!(
            km >= straight_km && km < straight_km * 2.0,
            "{km} km for {straight_km} km as the crow flies"
        );
        assert!(tuesday["properties"]["driving_minutes"].as_f64().unwrap() > 0.0);
        for leg in tuesday["properties"]["legs"].as_array().unwrap() {
            assert_eq!(leg["geometry_source"], "straight");
        }

        // Dated days over 4 weeks from Monday 4 May 2026: every Tuesday; the fortnightly
        // Thursday (first on 8 January) is due on 14 May, Ascension, so skipped, then on
        // 28 May.
        let dated = s.json("/api/units/bus-riviera/routes.geojson?weeks=4&from=2026-05-04");
        let dates: Vec<&str> = features(&dated)
            .iter()
            .map(|f| f["properties"]["date"].as_str().unwrap())
            .collect();
        assert_eq!(
            dates,
            [
                "2026-05-05",
                "2026-05-12",
                "2026-05-19",
                "2026-05-26",
                "2026-05-28"
            ]
        );
        assert_eq!(features(&dated)[4]["properties"]["weekday"], "thursday");

        // Bad input.
        let (status, _, problem) = s.get("/api/units/bus-riviera/routes.geojson?weeks=40");
        assert_eq!(status, 400);
        assert_eq!(problem["parameter"], "weeks");
        let (status, _, problem) = s.get("/api/units/bus-riviera/routes.geojson?from=tomorrow");
        assert_eq!(status, 400);
        assert_eq!(problem["parameter"], "from");
        let (status, _, problem) = s.get("/api/units/no-such-bus/routes.geojson");
        assert_eq!(status, 404, "{problem}");
        doc
    };

    // With Monaco's road network: the same days along the roads.
    m.run(&[
        "import",
        "roads",
        shared("osm/monaco.osm.pbf").to_str().unwrap(),
    ]);
    let s = m.serve(&[]);
    let roads = s.json("/api/units/bus-riviera/routes.geojson");
    matches_openapi(&s, &roads);
    assert_eq!(roads["roads_loaded"], true);
    assert_eq!(features(&roads).len(), features(&doc).len());
    let tuesday = &features(&roads)[0];
    assert_eq!(stop_ids(tuesday), ["rv-cap-dail", "rv-la-turbie"]);
    assert_eq!(tuesday["properties"]["geometry_source"], "roads");
    let line = tuesday["geometry"]["coordinates"].as_array().unwrap();
    assert!(line.len() > 20, "a road path, not 4 points: {}", line.len());
    // It starts and ends at the depot (where it joins the road) and passes by each stop.
    for p in [DEPOT, CAP_DAIL, LA_TURBIE] {
        let nearest = line
            .iter()
            .map(|q| haversine_m(p, point(q)))
            .fold(f64::INFINITY, f64::min);
        assert!(nearest < 150.0, "{p:?} is {nearest} m from the route");
    }
    assert!(haversine_m(DEPOT, point(&line[0])) < 150.0);
    assert!(haversine_m(DEPOT, point(line.last().unwrap())) < 150.0);
    // Each leg is what the routing engine answers for it.
    let legs = tuesday["properties"]["legs"].as_array().unwrap();
    assert_eq!(legs.len(), 3);
    for (leg, (a, b)) in
        legs.iter()
            .zip([(DEPOT, CAP_DAIL), (CAP_DAIL, LA_TURBIE), (LA_TURBIE, DEPOT)])
    {
        assert_eq!(leg["geometry_source"], "roads");
        let r = s.json(&format!(
            "/api/route?from={},{}&to={},{}",
            a[1], a[0], b[1], b[0]
        ));
        assert_eq!(r["model"], "road", "{r}");
        let minutes = r["duration_s"].as_f64().unwrap() / 60.0;
        assert!(
            (leg["driving_minutes"].as_f64().unwrap() - minutes).abs() <= 0.051,
            "{leg} vs {minutes} min"
        );
    }
    let total: f64 = legs
        .iter()
        .map(|l| l["driving_minutes"].as_f64().unwrap())
        .sum();
    assert!((tuesday["properties"]["driving_minutes"].as_f64().unwrap() - total).abs() < 0.2);
}
