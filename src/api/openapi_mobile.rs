//! The OpenAPI paths and schemas of the mobile units' endpoints (`visits.rs`, `units.rs`),
//! merged into the document by `openapi.rs`.

use super::openapi::{members, param, path_param, schema};
use serde_json::{json, Map, Value};

fn ok(description: &str, media: &str, schema: Value) -> Value {
    json!({"description": description, "content": {media: {"schema": schema}}})
}

/// `paths` entries.
pub fn paths() -> Map<String, Value> {
    let problem = json!({"$ref": "#/components/responses/Problem"});
    let string = json!({"type": "string"});
    let integer = json!({"type": "integer"});
    let from = param(
        "from",
        false,
        "first day YYYY-MM-DD (default: now, visits not yet over)",
        json!({"type": "string", "format": "date"}),
    );
    let days = param(
        "days",
        false,
        "days ahead, 1–366 (default 60; 180 for calendars)",
        integer.clone(),
    );
    let limit = param(
        "limit",
        false,
        "at most this many visits, 1–500 (default 10)",
        integer.clone(),
    );
    let ics = ok(
        "iCalendar (RFC 5545), one event per visit, times in UTC",
        "text/calendar",
        json!({"type": "string"}),
    );
    let p = json!({
        "/api/visits/next": {"get": {"operationId": "nextVisits",
            "summary": "The next visits of mobile units at stops within radius_km of a point, earliest first",
            "parameters": [
                param("lat", true, "latitude", json!({"type": "number"})),
                param("lon", true, "longitude", json!({"type": "number"})),
                param("radius_km", false, "0.1–100, default 10 (great-circle)", json!({"type": "number"})),
                from.clone(), days.clone(), limit.clone()],
            "responses": {"200": ok("the visits", "application/json", schema("NextVisits")), "400": problem.clone()}}},
        "/api/communes/{code}/visits": {"get": {"operationId": "communeVisits",
            "summary": "The next visits of mobile units at a commune's stops",
            "parameters": [path_param("code", "INSEE code"), from.clone(), days.clone(), limit.clone()],
            "responses": {"200": ok("the commune's stops and visits", "application/json", schema("CommuneVisits")),
                "400": problem.clone(), "404": problem.clone()}}},
        "/api/communes/{code}/visits.ics": {"get": {"operationId": "communeVisitsCalendar",
            "summary": "A commune's visits as a calendar to subscribe to",
            "parameters": [path_param("code", "INSEE code"), from.clone(), days.clone()],
            "responses": {"200": ics.clone(), "400": problem.clone(), "404": problem.clone()}}},
        "/api/units": {"get": {"operationId": "units", "summary": "Mobile units (of the département of their depot)",
            "parameters": [param("departement", false, "département code (19, 2A, 971)", string.clone()),
                param("place", false, "a registry place's id (fs-47): the units it stands for", string)],
            "responses": {"200": ok("units", "application/json", schema("Units")), "400": problem.clone()}}},
        "/api/units/{id}": {"get": {"operationId": "unit",
            "summary": "One unit: what it is, its stops (GeoJSON), its schedules with their RRULE, what could not be read",
            "parameters": [path_param("id", "unit id (fs-47)")],
            "responses": {"200": ok("the unit", "application/json", schema("Unit")), "400": problem.clone(), "404": problem.clone()}}},
        "/api/units/{id}/visits": {"get": {"operationId": "unitVisits",
            "summary": "A unit's next visits, earliest first",
            "parameters": [path_param("id", "unit id"), from.clone(), days.clone(), limit.clone()],
            "responses": {"200": ok("the visits", "application/json", schema("UnitVisits")), "400": problem.clone(), "404": problem.clone()}}},
        "/api/units/{id}/visits.ics": {"get": {"operationId": "unitVisitsCalendar",
            "summary": "A unit's visits as a calendar to subscribe to",
            "parameters": [path_param("id", "unit id"), from, days],
            "responses": {"200": ics, "400": problem.clone(), "404": problem.clone()}}},
        "/api/units/{id}/timetable.csv": {"get": {"operationId": "unitTimetable",
            "summary": "A unit's schedules as CSV (unit, unit_name, stop, stop_name, commune, commune_name, weekday, start, end, repeat, rrule, from, until, public_holidays)",
            "parameters": [path_param("id", "unit id")],
            "responses": {"200": ok("RFC 4180, one row per schedule", "text/csv", json!({"type": "string"})),
                "400": problem.clone(), "404": problem.clone()}}},
        "/api/units/{id}/routes.geojson": {"get": {"operationId": "unitRoutes",
            "summary": "A unit's days as routes: one LineString per weekday of its regular week (or per date with `weeks`), depot → stops in time order → depot, along the roads when a network is loaded, straight segments otherwise (geometry_source says which)",
            "parameters": [path_param("id", "unit id"),
                param("weeks", false, "dated days over this many weeks, 1–12 (default: one feature per weekday)", json!({"type": "integer"})),
                param("from", false, "first day YYYY-MM-DD (default today)", json!({"type": "string", "format": "date"}))],
            "responses": {"200": ok("one feature per day", "application/geo+json", schema("DayRoutes")),
                "400": problem.clone(), "404": problem.clone()}}},
        "/api/units/{id}/coverage": {"get": {"operationId": "unitContribution",
            "summary": "What a unit adds to the indicators: the départements of its weekly stops computed with and without it (no stops, no place at its depot), the people it alone brings within `minutes` of help, the communes it changes",
            "parameters": [path_param("id", "unit id"),
                param("minutes", false, "threshold T, 5–60 minutes (default 30)", json!({"type": "integer"}))],
            "responses": {"200": ok("the contribution", "application/json", schema("UnitContribution")),
                "400": problem.clone(), "404": problem.clone(), "503": problem.clone()}}},
        "/api/stops": {"get": {"operationId": "stops", "summary": "Stops of mobile units as GeoJSON points",
            "parameters": [
                param("unit", false, "a unit's id", json!({"type": "string"})),
                param("commune", false, "INSEE code", json!({"type": "string"})),
                param("departement", false, "département code", json!({"type": "string"}))],
            "responses": {"200": ok("stops", "application/geo+json", schema("Stops")), "400": problem.clone(), "404": problem}}},
    });
    members(p)
}

/// `components/schemas` entries.
pub fn schemas() -> Map<String, Value> {
    let string = json!({"type": "string"});
    let number = json!({"type": "number"});
    let s = json!({
        "Visit": {"type": "object", "required": ["date", "start", "end", "starts_at", "ends_at", "repeat", "stop", "unit"],
            "properties": {
                "date": {"type": "string", "format": "date"},
                "start": {"type": "string", "description": "local time at the stop, HH:MM"},
                "end": {"type": "string", "description": "local time at the stop, HH:MM"},
                "starts_at": {"type": "string", "format": "date-time"},
                "ends_at": {"type": "string", "format": "date-time"},
                "repeat": {"type": "string", "description": "weekly, every-N-weeks, odd-weeks, even-weeks, monthly-N, monthly-last"},
                "stop": {"type": "object", "required": ["id", "name", "commune", "lon", "lat"],
                    "properties": {"id": string, "name": string, "commune": string, "commune_name": string,
                        "venue": {"type": ["string", "null"]}, "lon": number, "lat": number}},
                "unit": {"type": "object", "required": ["id", "name"],
                    "properties": {"id": string, "name": string, "phone": {"type": ["string", "null"]},
                        "france_services": {"type": "boolean"}}},
                "distance": {"type": "number", "description": "great-circle metres from the point asked about (next visits only)"},
                "distance_m": {"type": "number", "description": "the same metres as `distance`, named with their unit"}}},
        "NextVisits": {"type": "object", "required": ["visits", "radius_km", "model"],
            "properties": {"lat": number, "lon": number, "radius_km": number, "days": {"type": "integer"},
                "model": {"type": "string", "enum": ["crow-fly"]},
                "visits": {"type": "array", "items": schema("Visit")}}},
        "CommuneVisits": {"type": "object", "required": ["commune", "stops", "visits"],
            "properties": {"commune": string, "days": {"type": "integer"},
                "stops": {"type": "array", "items": {"type": "object"}},
                "visits": {"type": "array", "items": schema("Visit")}}},
        "UnitVisits": {"type": "object", "required": ["unit", "visits"],
            "properties": {"unit": string, "days": {"type": "integer"},
                "visits": {"type": "array", "items": schema("Visit")}}},
        "UnitSummary": {"type": "object", "required": ["id", "name", "stops", "schedules", "unread"],
            "properties": {"id": string, "name": string, "france_services": {"type": "boolean"},
                "place_id": {"type": ["string", "null"]}, "vehicle": {"type": ["string", "null"]},
                "depot_commune": {"type": ["string", "null"]}, "stops": {"type": "integer"},
                "schedules": {"type": "integer"}, "unread": {"type": "integer", "description": "facts of its comment that could not be read"},
                "source": string}},
        "Units": {"type": "object", "required": ["units"],
            "properties": {"units": {"type": "array", "items": schema("UnitSummary")}}},
        "Unit": {"type": "object", "required": ["unit", "summary", "stops", "schedules"],
            "properties": {"unit": {"type": "object", "description": "the unit's fields, with source_text (the comment, kept whole) and unread"},
                "summary": schema("UnitSummary"), "stops": schema("Stops"),
                "schedules": {"type": "array", "items": {"type": "object",
                    "required": ["stop", "weekday", "start", "end", "repeat", "rrule"],
                    "properties": {"stop": string, "weekday": {"type": "string", "enum": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]},
                        "start": string, "end": string, "repeat": string,
                        "rrule": {"type": "string", "description": "RFC 5545 RRULE"},
                        "from": string, "until": {"type": ["string", "null"]},
                        "public_holidays": {"type": "string", "enum": ["off", "on"]},
                        "hours_per_week": number}}}}},
        "DayRoute": {"type": "object", "required": ["unit", "unit_name", "weekday", "geometry_source", "driving_minutes", "distance_km", "stops", "legs"],
            "properties": {"unit": string, "unit_name": string,
                "weekday": {"type": "string", "enum": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]},
                "date": {"type": "string", "format": "date", "description": "with `weeks` only"},
                "depot": {"type": ["array", "null"], "items": number, "description": "[lon, lat]; null when the unit has none (the route starts at its first stop)"},
                "geometry_source": {"type": "string", "enum": ["roads", "straight", "mixed"],
                    "description": "roads: every leg follows the road network; straight: no network (or no leg on it); mixed: some legs straight"},
                "driving_minutes": number, "distance_km": number,
                "stops": {"type": "array", "items": {"type": "object", "required": ["order", "id", "name", "commune", "start", "end", "repeat", "lon", "lat"],
                    "properties": {"order": {"type": "integer"}, "id": string, "name": string, "commune": string,
                        "commune_name": string, "venue": {"type": ["string", "null"]}, "start": string, "end": string,
                        "repeat": string, "lon": number, "lat": number}}},
                "legs": {"type": "array", "items": {"type": "object", "required": ["geometry_source", "driving_minutes", "distance_km"],
                    "properties": {"geometry_source": {"type": "string", "enum": ["roads", "straight"]},
                        "driving_minutes": number, "distance_km": number}}}}},
        "DayRoutes": {"type": "object", "required": ["type", "unit", "roads_loaded", "features"],
            "properties": {"type": {"const": "FeatureCollection"}, "unit": string,
                "roads_loaded": {"type": "boolean"}, "from": {"type": "string", "format": "date"},
                "weeks": {"type": ["integer", "null"]},
                "features": {"type": "array", "items": {"type": "object", "required": ["type", "geometry", "properties"],
                    "properties": {"geometry": schema("Geometry"), "properties": schema("DayRoute")}}}}},
        "UnitContribution": {"type": "object",
            "required": ["unit", "minutes", "model", "weekly_stops", "departements", "population_within_before", "population_within_after", "population_gained", "communes_gained", "communes"],
            "properties": {"unit": string, "as_of": {"type": "string", "format": "date"}, "minutes": {"type": "integer"},
                "model": schema("Model"), "weekly_stops": {"type": "integer", "description": "stops visited every week: only those count in the indicators"},
                "departements": {"type": "array", "items": string},
                "population_within_before": {"type": "integer"}, "population_within_after": {"type": "integer"},
                "population_gained": {"type": "integer", "description": "people brought within `minutes` of help by this unit alone"},
                "communes_gained": {"type": "integer"},
                "communes": {"type": "array", "items": {"type": "object",
                    "required": ["code", "nom", "population", "within_before", "within_after", "e2sfca_before", "e2sfca_after"],
                    "properties": {"code": string, "nom": string, "population": {"type": "integer"},
                        "within_before": {"type": "boolean"}, "within_after": {"type": "boolean"},
                        "e2sfca_before": number, "e2sfca_after": number, "mobile_share": {"type": ["number", "null"]}}}}}},
        "Stops": {"type": "object", "required": ["type", "features"],
            "properties": {"type": {"const": "FeatureCollection"},
                "features": {"type": "array", "items": {"type": "object", "required": ["type", "geometry", "properties"],
                    "properties": {"geometry": schema("Geometry"), "properties": {"type": "object",
                        "required": ["id", "name", "commune", "units"]}}}}}},
    });
    members(s)
}
