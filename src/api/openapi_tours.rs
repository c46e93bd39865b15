//! The OpenAPI path and schemas of the tour planner (`tours.rs`), merged into the document by
//! `openapi.rs`. Field names are the contract with the organiser's page.

use super::openapi::{members, schema};
use serde_json::{json, Map, Value};

/// `paths` entries.
pub fn paths() -> Map<String, Value> {
    let problem = json!({"$ref": "#/components/responses/Problem"});
    let p = json!({
        "/api/tours/plan": {"post": {"operationId": "planTours",
            "summary": "Tours of mobile units: a cyclic timetable (weekly stops on one weekday, fortnightly on odd or even weeks, monthly on the Nth weekday) bringing the most people within `minutes` of a regular visit, then driving the least; with the coverage gained, the driving per day and the stops left out and why",
            "requestBody": {"required": true, "content": {"application/json": {"schema": schema("TourRequest")}}},
            "responses": {
                "200": {"description": "the plan", "content": {"application/json": {"schema": schema("TourPlan")}}},
                "400": problem.clone(),
                "422": {"$ref": "#/components/responses/Problem", "description": "a constraint no plan can meet (depot off the road network, no commune in the département), or a request over a cap"},
                "503": problem}}}
    });
    members(p)
}

/// `components.schemas` entries.
pub fn schemas() -> Map<String, Value> {
    let string = json!({"type": "string"});
    let number = json!({"type": "number"});
    let integer = json!({"type": "integer"});
    let point = json!({"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2, "description": "[lon, lat]"});
    let span = json!({"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2, "description": "[\"HH:MM\", \"HH:MM\"]"});
    let weekday = json!({"type": "string", "enum": ["mo", "tu", "we", "th", "fr", "sa", "su"]});
    let frequency = json!({"type": "string", "enum": ["weekly", "fortnightly", "monthly"]});
    let s = json!({
        "TourRequest": {"type": "object", "additionalProperties": false,
            "description": "every field optional except `departement` unless `candidates` are given",
            "properties": {
                "departement": string, "units": {"type": "integer", "minimum": 1, "maximum": 10},
                "unit_ids": {"type": "array", "items": string, "maxItems": 10},
                "depot": point, "horizon_weeks": {"type": "integer", "minimum": 1, "maximum": 12},
                "frequency": frequency, "visit_minutes": {"type": "integer", "minimum": 5, "maximum": 600},
                "minutes": {"type": "integer", "minimum": 1, "maximum": 60},
                "working_hours": span, "break": span,
                "max_driving_minutes": {"type": "integer", "minimum": 1, "maximum": 720},
                "working_days": {"type": "array", "items": weekday},
                "model": {"type": "string", "enum": ["auto", "road", "crow-fly"]},
                "search_seconds": {"type": "number", "minimum": 0, "maximum": 20},
                "candidates": {"type": "array", "maxItems": 300, "items": {"type": "object", "required": ["point"],
                    "additionalProperties": false,
                    "properties": {"id": string, "name": string, "commune": string, "point": point,
                        "frequency": frequency, "visit_minutes": integer, "window": span, "keep": {"type": "boolean"}}}}}},
        "TourPlan": {"type": "object",
            "required": ["travel", "horizon_weeks", "coverage", "units", "stops", "left_out", "warnings"],
            "properties": {
                "travel": {"type": "object", "required": ["source", "profile"],
                    "properties": {"source": {"type": "string", "enum": ["roads", "crowfly", "matrix"]}, "profile": {"type": "string", "enum": ["car"]}}},
                "horizon_weeks": integer,
                "coverage": {"type": "object", "required": ["minutes", "population_before", "population_after", "population_gained", "weighted_by"],
                    "properties": {"minutes": integer, "population": integer, "population_before": integer, "population_after": integer,
                        "population_gained": integer, "weighted_by": {"type": "string", "enum": ["population", "fragility"]}, "value_gained": number}},
                "units": {"type": "array", "items": schema("TourUnit")},
                "stops": {"type": "array", "items": schema("TourStop")},
                "left_out": {"type": "array", "items": {"type": "object", "required": ["id", "name", "commune", "reason"],
                    "properties": {"id": string, "name": string, "commune": string, "reason": string}}},
                "warnings": {"type": "array", "items": string},
                "candidates": integer}},
        "TourUnit": {"type": "object", "required": ["unit", "name", "depot", "driving_minutes_per_day", "days"],
            "properties": {"unit": string, "name": string, "depot": point, "driving_minutes_per_day": number,
                "driving_minutes_total": number,
                "days": {"type": "array", "items": {"type": "object",
                    "required": ["week", "weekday", "driving_minutes", "distance_km", "route", "visits"],
                    "properties": {"week": integer, "weekday": weekday, "driving_minutes": number, "distance_km": number,
                        "leave": string, "back": string,
                        "route": {"type": "object", "required": ["type", "coordinates"],
                            "properties": {"type": {"type": "string", "enum": ["LineString"]}, "coordinates": {"type": "array", "items": point}}},
                        "visits": {"type": "array", "items": {"type": "object",
                            "required": ["stop", "name", "commune", "arrive", "start", "end"],
                            "properties": {"stop": string, "name": string, "commune": string, "arrive": string, "start": string, "end": string}}}}}}}},
        "TourStop": {"type": "object",
            "required": ["id", "name", "commune", "point", "unit", "frequency", "weekday", "weeks", "rrule", "population_gained"],
            "properties": {"id": string, "name": string, "commune": string, "point": point, "unit": string,
                "frequency": frequency, "weekday": weekday, "weeks": {"type": "array", "items": integer},
                "rrule": string, "population_gained": integer, "visit_minutes": number, "keep": {"type": "boolean"}}}
    });
    members(s)
}
