//! The OpenAPI 3.1 description of the API, served at `/api/openapi.json`.

use serde_json::{json, Value};

fn param(name: &str, required: bool, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": required, "description": description, "schema": schema})
}

fn path_param(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "description": description, "schema": {"type": "string"}})
}

fn geojson_ok(description: &str) -> Value {
    json!({
        "200": {"description": description, "content": {"application/geo+json": {"schema": {"type": "object"}}}},
        "400": {"$ref": "#/components/responses/Problem"}
    })
}

/// The document.
pub fn document() -> Value {
    let string = json!({"type": "string"});
    let filters = vec![
        param(
            "bbox",
            false,
            "west,south,east,north in WGS84 degrees",
            string.clone(),
        ),
        param(
            "commune",
            false,
            "INSEE code of the commune the place lies in",
            string.clone(),
        ),
        param(
            "departement",
            false,
            "département code (19, 2A, 971)",
            string.clone(),
        ),
        param(
            "services",
            false,
            "comma-separated services of the standard, all required",
            string.clone(),
        ),
        param("itinerance", false, "Fixe or Itinérant", string.clone()),
        param(
            "frais",
            false,
            "comma-separated: Gratuit, Gratuit sous condition, Payant (any)",
            string.clone(),
        ),
    ];
    let mut list_params = filters.clone();
    list_params.push(param(
        "limit",
        false,
        "at most this many features (default 10000)",
        json!({"type": "integer"}),
    ));
    list_params.push(param(
        "offset",
        false,
        "skip this many features",
        json!({"type": "integer"}),
    ));
    let mut nearest_params = vec![
        param("lat", true, "latitude", json!({"type": "number"})),
        param("lon", true, "longitude", json!({"type": "number"})),
        param(
            "limit",
            false,
            "1 to 100, default 10",
            json!({"type": "integer"}),
        ),
    ];
    nearest_params.extend(filters);
    let mut doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "maillage", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Places of digital inclusion (médiation numérique) in France and how well communes are covered."},
        "paths": {
            "/healthz": {"get": {"summary": "Liveness and counts", "responses": {"200": {"description": "ok"}}}},
            "/api/places": {"get": {"summary": "Places matching filters", "parameters": list_params,
                "responses": geojson_ok("FeatureCollection of places (properties use the standard's field names)")}},
            "/api/places/nearest": {"get": {"summary": "Nearest places, closest first, with distance_m", "parameters": nearest_params,
                "responses": geojson_ok("FeatureCollection ordered by distance")}},
            "/api/places/{id}": {"get": {"summary": "One place", "parameters": [path_param("id", "place id")],
                "responses": {"200": {"description": "Feature"}, "404": {"$ref": "#/components/responses/Problem"}}}},
            "/api/communes": {"get": {"summary": "Communes with polygons", "parameters": [
                param("departement", false, "département code", string.clone()),
                param("geometry", false, "polygon (default) or point", string.clone())],
                "responses": geojson_ok("FeatureCollection of communes")}},
            "/api/communes/search": {"get": {"summary": "Communes by name prefix or postcode", "parameters": [
                param("q", true, "name prefix (case, accents, hyphens forgiven) or postcode prefix", string.clone()),
                param("limit", false, "1 to 100, default 10", json!({"type": "integer"}))],
                "responses": geojson_ok("FeatureCollection of commune points")}},
            "/api/communes/{code}": {"get": {"summary": "One commune", "parameters": [path_param("code", "INSEE code")],
                "responses": {"200": {"description": "Feature"}, "400": {"$ref": "#/components/responses/Problem"},
                              "404": {"$ref": "#/components/responses/Problem"}}}}
        },
        "components": {"responses": {"Problem": {"description": "RFC 9457 problem",
            "content": {"application/problem+json": {"schema": {"type": "object", "properties": {
                "type": string, "title": {"type": "string"}, "status": {"type": "integer"},
                "detail": {"type": "string"}, "parameter": {"type": "string"}}}}}}}}
    });
    if let Some(paths) = doc["paths"].as_object_mut() {
        paths.extend(coverage_paths());
        paths.extend(routing_paths());
    }
    doc
}

/// The planners' endpoints.
fn coverage_paths() -> serde_json::Map<String, Value> {
    let string = json!({"type": "string"});
    let common = vec![
        param(
            "departement",
            false,
            "département code (one of departement, region, epci)",
            string.clone(),
        ),
        param("region", false, "région code", string.clone()),
        param("epci", false, "EPCI SIREN", string.clone()),
        param(
            "minutes",
            false,
            "thresholds, default 15,20,30",
            string.clone(),
        ),
        param(
            "gap_minutes",
            false,
            "gap threshold, default 30",
            json!({"type": "integer"}),
        ),
        param(
            "catchment",
            false,
            "2SFCA/E2SFCA catchment, minutes, default 30",
            json!({"type": "number"}),
        ),
        param(
            "zones",
            false,
            "E2SFCA weights of equal-width zones, nearest first, default 1,0.68,0.22",
            string.clone(),
        ),
        param(
            "supply",
            false,
            "hours (weekly opening hours, default) or one",
            string.clone(),
        ),
        param(
            "beta",
            false,
            "gravity decay exponent, default 1",
            json!({"type": "number"}),
        ),
        param(
            "model",
            false,
            "auto (default), road or crow-fly",
            string.clone(),
        ),
        param(
            "as_of",
            false,
            "reference date for stale records, YYYY-MM-DD",
            string.clone(),
        ),
    ];
    let mut table = common.clone();
    table.push(param(
        "format",
        false,
        "json (default), csv or geojson",
        string.clone(),
    ));
    table.push(param(
        "level",
        false,
        "commune (default), epci, departement, region, territory",
        string.clone(),
    ));
    let mut gaps = common.clone();
    gaps.push(param(
        "limit",
        false,
        "at most this many rows",
        json!({"type": "integer"}),
    ));
    gaps.push(param(
        "format",
        false,
        "json (default) or csv",
        string.clone(),
    ));
    let problem = json!({"$ref": "#/components/responses/Problem"});
    let body = |d: &str| json!({"required": true, "content": {"application/json": {"schema": {"type": "object", "description": d}}}});
    let paths = json!({
        "/api/coverage": {"get": {"summary": "Indicators per commune or rolled up (columns: code, nom, departement, epci, population, places, places_per_10k, nearest_km, nearest_min, france_services_min, within_30_france_services, 2sfca, e2sfca, mobile_share, gap, gap_score, …)",
            "parameters": table, "responses": {"200": {"description": "JSON, CSV or GeoJSON"}, "400": problem.clone(), "404": problem.clone()}}},
        "/api/communes/{code}/coverage": {"get": {"summary": "One commune's indicators", "parameters": [path_param("code", "INSEE code")],
            "responses": {"200": {"description": "{model, parameters, commune}"}, "400": problem.clone(), "404": problem.clone()}}},
        "/api/gaps": {"get": {"summary": "Communes with no place within `minutes`, most population first", "parameters": gaps,
            "responses": {"200": {"description": "{minutes, gaps, gap_population}"}, "400": problem.clone()}}},
        "/api/plan/sites": {"post": {"summary": "Where to add sites: {departement|region|epci, add?, minutes?, candidates?: [{code,nom,lon,lat}], model?}; without `add`, the fewest sites covering everyone",
            "requestBody": body("plan request"),
            "responses": {"200": {"description": "{suggestions: [{rank, code, nom, lon, lat, gain_population}], population, covered_before, covered_after, uncoverable, optimality_ratio}"}, "400": problem.clone()}}},
        "/api/scenarios": {"post": {"summary": "What if: {departement|region|epci, add: [{lon, lat, nom?, france_services?, mobile?, weekly_hours?}], remove: [place ids]}",
            "requestBody": body("scenario"),
            "responses": {"200": {"description": "every commune's indicators before and after"}, "400": problem}}},
    });
    match paths {
        Value::Object(m) => m,
        _ => serde_json::Map::new(),
    }
}

/// Travel times: route, matrix, isochrone.
fn routing_paths() -> serde_json::Map<String, Value> {
    let string = json!({"type": "string"});
    let problem = json!({"$ref": "#/components/responses/Problem"});
    let profile = param("profile", false, "car (default) or foot", string.clone());
    let paths = json!({
        "/api/route": {"get": {"summary": "Time, distance and path between two points; `model` says road or crow-fly",
            "parameters": [
                param("from", true, "lat,lon", string.clone()),
                param("to", true, "lat,lon", string.clone()),
                profile.clone()],
            "responses": {"200": {"description": "{duration_s, distance_m, model, geometry, snap, crow_fly?: the straight-line model's parameters and error when it answered}"}, "400": problem.clone()}}},
        "/api/matrix": {"post": {"summary": "Durations and distances from every source to every destination",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object",
                "description": "{\"sources\": [[lon,lat],…], \"destinations\": [[lon,lat],…], \"profile\": \"car\"}"}}}},
            "responses": {"200": {"description": "{durations_s, distances_m, model, crow_fly?: the straight-line model's parameters and error when it timed any point}"}, "400": problem.clone()}}},
        "/api/isochrone": {"get": {"summary": "Areas reachable within each number of minutes",
            "parameters": [
                param("lat", true, "latitude", json!({"type": "number"})),
                param("lon", true, "longitude", json!({"type": "number"})),
                param("minutes", false, "comma-separated, default 10,20,30", string),
                profile],
            "responses": {"200": {"description": "GeoJSON FeatureCollection, one polygon per band"}, "400": problem}}},
    });
    match paths {
        Value::Object(m) => m,
        _ => serde_json::Map::new(),
    }
}
