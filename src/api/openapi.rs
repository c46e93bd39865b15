//! The OpenAPI 3.1 description of the API, served at `/api/openapi.json`.

use serde_json::{json, Value};

/// Media type of the Excel downloads.
const XLSX: &str = crate::spreadsheet::CONTENT_TYPE;

/// A query parameter.
pub(super) fn param(name: &str, required: bool, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": required, "description": description, "schema": schema})
}

/// A path parameter (a string).
pub(super) fn path_param(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "description": description, "schema": {"type": "string"}})
}

/// An enumeration's schema.
fn one_of(values: &[&str]) -> Value {
    json!({"type": "string", "enum": values})
}

/// A reference to a schema of `components/schemas`.
pub(super) fn schema(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// The members of `object`, a JSON object written with `json!` (none for any other value).
pub(super) fn members(object: Value) -> serde_json::Map<String, Value> {
    match object {
        Value::Object(m) => m,
        _ => serde_json::Map::new(),
    }
}

/// A 200 answer of `media` type whose body is the schema `name`.
fn ok(description: &str, media: &str, name: &str) -> Value {
    json!({"description": description, "content": {media: {"schema": schema(name)}}})
}

fn geojson_ok(description: &str, name: &str) -> Value {
    json!({
        "200": ok(description, "application/geo+json", name),
        "400": {"$ref": "#/components/responses/Problem"}
    })
}

/// The document.
pub fn document() -> Value {
    let string = json!({"type": "string"});
    let boolean = json!({"type": "boolean"});
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
        param(
            "itinerance",
            false,
            "Fixe or Itinérant",
            one_of(&["Fixe", "Itinérant"]),
        ),
        param(
            "frais",
            false,
            "comma-separated: Gratuit, Gratuit sous condition, Payant (any)",
            string.clone(),
        ),
        param(
            "publics",
            false,
            "comma-separated audiences of publics_specifiquement_adresses, all required; a value \
             may be the label or its first words, accents and case forgiven (seniors, familles, jeunes)",
            string.clone(),
        ),
        param(
            "accompagnements",
            false,
            "comma-separated support of prise_en_charge_specifique, all required, each the label \
             or its first words (surdite, deficience-visuelle, illettrisme, langues-etrangeres = \
             English or other languages, handicaps-moteurs)",
            string.clone(),
        ),
        param("gratuit", false, "true: free of charge (Gratuit)", boolean.clone()),
        param(
            "sans_rdv",
            false,
            "true: walk in without an appointment (modalites_acces: Se présenter)",
            boolean.clone(),
        ),
        param(
            "accessible",
            false,
            "true: accessibility information (fiche_acces_libre, or support for motor disabilities)",
            boolean.clone(),
        ),
        param("france_services", false, "true: France Services only", boolean.clone()),
        param(
            "open_at",
            false,
            "open at this ISO 8601 date and time (Europe/Paris when it has no offset; French \
             public holidays apply); also the instant `ouverture` is read at",
            json!({"type": "string", "format": "date-time"}),
        ),
        param("open_now", false, "true: open now (not with open_at)", boolean.clone()),
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
    list_params.push(param(
        "format",
        false,
        "geojson (default) or xlsx (an Excel workbook of the standard's columns)",
        one_of(&["geojson", "xlsx"]),
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
        param(
            "mode",
            false,
            "car (default) or foot: travel times by the road engine when a network is loaded, else by the straight-line model",
            one_of(&["car", "foot"]),
        ),
    ];
    let mut search_params = vec![
        param(
            "q",
            true,
            "the text typed, 1 to 200 characters",
            string.clone(),
        ),
        param(
            "limit",
            false,
            "1 to 50, default 10",
            json!({"type": "integer"}),
        ),
        param(
            "lat",
            false,
            "with lon: favour what lies near this point",
            json!({"type": "number"}),
        ),
        param("lon", false, "with lat", json!({"type": "number"})),
    ];
    // The places' filters restrict the places found by name; communes and addresses stay.
    search_params.extend(filters.iter().cloned());
    nearest_params.extend(filters);
    let mut doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "maillage", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Places of digital inclusion (médiation numérique) in France and how well communes are covered."},
        "paths": {
            "/healthz": {"get": {"operationId": "health", "summary": "Liveness, counts, data generation, roads in service, travel-time model",
                "responses": {"200": ok("the service's state", "application/json", "Health")}}},
            "/api/places": {"get": {"operationId": "listPlaces", "summary": "Places matching filters", "parameters": list_params,
                "responses": {
                    "200": {"description": "FeatureCollection of places (properties use the standard's field names), or with format=xlsx a workbook",
                        "content": {"application/geo+json": {"schema": schema("PlaceCollection")},
                                    XLSX: {"schema": {"type": "string", "format": "binary"}}}},
                    "400": {"$ref": "#/components/responses/Problem"}}}},
            "/api/places/nearest": {"get": {"operationId": "nearestPlaces",
                "summary": "The places soonest reached from a point (nearest by distance first taken, then timed), with distance_m, duree_min, hours in words and opening state; the collection's model and mode say how times were computed",
                "parameters": nearest_params,
                "responses": geojson_ok("FeatureCollection ordered by travel time", "PlaceCollection")}},
            "/api/places/{id}": {"get": {"operationId": "getPlace", "summary": "One place, with its hours in words and its opening state",
                "parameters": [path_param("id", "place id"),
                    param("open_at", false, "read the opening state at this ISO 8601 date and time (default now)", json!({"type": "string", "format": "date-time"}))],
                "responses": {"200": ok("the place", "application/geo+json", "PlaceFeature"), "400": {"$ref": "#/components/responses/Problem"},
                              "404": {"$ref": "#/components/responses/Problem"}}}},
            "/api/search": {"get": {"operationId": "search",
                "summary": "The residents' search box: communes by name (case, accents, hyphens, st/saint and a typo forgiven) or postcode, places by name (the places' filters restrict them), addresses when an address file is imported; best first",
                "parameters": search_params,
                "responses": geojson_ok("FeatureCollection of points, best first", "SearchCollection")}},
            "/api/communes": {"get": {"operationId": "listCommunes", "summary": "Communes with polygons", "parameters": [
                param("departement", false, "département code", string.clone()),
                param("geometry", false, "polygon (default) or point", one_of(&["polygon", "point"]))],
                "responses": geojson_ok("FeatureCollection of communes", "CommuneCollection")}},
            "/api/communes/search": {"get": {"operationId": "searchCommunes", "summary": "Communes by name prefix or postcode", "parameters": [
                param("q", true, "name prefix (case, accents, hyphens forgiven) or postcode prefix", string.clone()),
                param("limit", false, "1 to 100, default 10", json!({"type": "integer"}))],
                "responses": geojson_ok("FeatureCollection of commune points", "CommuneCollection")}},
            "/api/communes/{code}": {"get": {"operationId": "getCommune", "summary": "One commune", "parameters": [path_param("code", "INSEE code")],
                "responses": {"200": ok("the commune with its polygon", "application/geo+json", "CommuneFeature"), "400": {"$ref": "#/components/responses/Problem"},
                              "404": {"$ref": "#/components/responses/Problem"}}}},
            "/api/openapi.json": {"get": {"operationId": "openapi", "summary": "This document",
                "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}}}
        },
        "components": {
            "responses": {"Problem": {"description": "RFC 9457 problem",
                "content": {"application/problem+json": {"schema": schema("Problem")}}}},
            "schemas": super::openapi_schemas::schemas()
        }
    });
    if let Some(paths) = doc["paths"].as_object_mut() {
        paths.extend(coverage_paths());
        paths.extend(routing_paths());
        paths.extend(super::openapi_mobile::paths());
        paths.extend(super::openapi_tiles::paths());
        paths.extend(super::openapi_tours::paths());
    }
    if let Some(schemas) = doc["components"]["schemas"].as_object_mut() {
        schemas.extend(super::openapi_mobile::schemas());
        schemas.extend(super::openapi_tours::schemas());
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
            one_of(&["hours", "one"]),
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
            one_of(&["auto", "road", "crow-fly"]),
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
        "json (default), csv (RFC 4180), geojson (communes with polygons) or xlsx (Excel workbook with a sheet of column definitions)",
        one_of(&["json", "csv", "geojson", "xlsx"]),
    ));
    table.push(param(
        "level",
        false,
        "commune (default), epci, departement, region, territory",
        one_of(&["commune", "epci", "departement", "region", "territory"]),
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
        one_of(&["json", "csv"]),
    ));
    let problem = json!({"$ref": "#/components/responses/Problem"});
    let body = |name: &str| json!({"required": true, "content": {"application/json": {"schema": schema(name)}}});
    let paths = json!({
        "/api/coverage": {"get": {"operationId": "coverageTable", "summary": "Indicators per commune or rolled up (columns: code, nom, departement, epci, population, places, places_per_10k, nearest_km, nearest_min, france_services_min, within_30_france_services, 2sfca, e2sfca, mobile_share, gap, gap_score, …)",
            "parameters": table, "responses": {"200": {"description": "JSON, CSV, GeoJSON or an xlsx download (Content-Disposition: attachment)",
                "content": {
                    "application/json": {"schema": schema("CoverageDocument")},
                    "text/csv": {"schema": {"type": "string", "description": "RFC 4180, header row, one row per commune or group"}},
                    "application/geo+json": {"schema": schema("CoverageCollection")},
                    XLSX: {"schema": {"type": "string", "format": "binary"}}}},
                "400": problem.clone(), "404": problem.clone()}}},
        "/api/communes/{code}/coverage": {"get": {"operationId": "communeCoverage", "summary": "One commune's indicators", "parameters": [path_param("code", "INSEE code")],
            "responses": {"200": ok("the commune's row", "application/json", "CommuneCoverage"), "400": problem.clone(), "404": problem.clone()}}},
        "/api/gaps": {"get": {"operationId": "gaps", "summary": "Communes with no place within `minutes`, most population first", "parameters": gaps,
            "responses": {"200": {"description": "JSON or CSV", "content": {
                "application/json": {"schema": schema("Gaps")},
                "text/csv": {"schema": {"type": "string"}}}}, "400": problem.clone()}}},
        "/api/plan/sites": {"post": {"operationId": "planSites", "summary": "Where to add sites: {departement|region|epci, add?, minutes?, candidates?: [{code,nom,lon,lat}], model?}; without `add`, the fewest sites covering everyone",
            "requestBody": body("PlanRequest"),
            "responses": {"200": ok("suggested sites", "application/json", "Plan"), "400": problem.clone()}}},
        "/api/scenarios": {"post": {"operationId": "scenario", "summary": "What if: {departement|region|epci, add: [{lon, lat, nom?, france_services?, mobile?, weekly_hours?}], remove: [place ids], close: {at: [[lon, lat]], polygon: GeoJSON}}; closed roads time the after side on the car graph without them",
            "requestBody": body("ScenarioRequest"),
            "responses": {"200": ok("every commune's indicators before and after", "application/json", "Scenario"), "400": problem.clone(), "422": problem}}},
    });
    members(paths)
}

/// Travel times: route, matrix, isochrone.
fn routing_paths() -> serde_json::Map<String, Value> {
    let string = json!({"type": "string"});
    let problem = json!({"$ref": "#/components/responses/Problem"});
    let profile = param(
        "profile",
        false,
        "car (default) or foot",
        one_of(&["car", "foot"]),
    );
    let far = json!({"$ref": "#/components/responses/Problem", "description": "a point far from the loaded data (coordinates swapped?)"});
    let paths = json!({
        "/api/route": {"get": {"operationId": "route", "summary": "Time, distance and path between two points; `model` says road or crow-fly. An end off the road network (more than 1.5 km from any road) makes the route straight-line, named in crow_fly_ends and warnings, as /api/matrix names its crow_fly_sources/crow_fly_destinations. Points are LATITUDE first: from=lat,lon (unlike /api/matrix)",
            "parameters": [
                param("from", true, "lat,lon (latitude first), e.g. 45.7640,4.8357", string.clone()),
                param("to", true, "lat,lon (latitude first)", string.clone()),
                profile.clone()],
            "responses": {"200": ok("the trip", "application/json", "Route"), "400": problem.clone(), "422": far.clone()}}},
        "/api/matrix": {"post": {"operationId": "matrix", "summary": "Durations and distances from every source to every destination. Points are [lon, lat], LONGITUDE first as in GeoJSON (unlike /api/route)",
            "requestBody": {"required": true, "content": {"application/json": {"schema": schema("MatrixRequest")}}},
            "responses": {"200": ok("rows by source, columns by destination", "application/json", "Matrix"), "400": problem.clone(), "422": far.clone()}}},
        "/api/isochrone": {"get": {"operationId": "isochrone", "summary": "Areas reachable within each number of minutes",
            "parameters": [
                param("lat", true, "latitude", json!({"type": "number"})),
                param("lon", true, "longitude", json!({"type": "number"})),
                param("minutes", false, "comma-separated, default 10,20,30", string),
                profile],
            "responses": {"200": ok("one (multi)polygon per band, RFC 7946", "application/geo+json", "Isochrones"), "400": problem, "422": far}}},
    });
    members(paths)
}
