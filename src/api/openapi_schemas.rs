//! The schemas of the OpenAPI document: every answer's body, the request bodies, and the
//! enumerations (travel-time model, profile, level). Kept beside the hand-written paths
//! (`openapi.rs`); `tests/openapi_contract.rs` checks that every operation has an operationId
//! and a schema for its answer, and that the answers of a real server match the required
//! members named here.

use super::openapi::schema;
use serde_json::{json, Value};

fn number() -> Value {
    json!({"type": "number"})
}

fn nullable_number() -> Value {
    json!({"type": ["number", "null"]})
}

/// `components/schemas`.
pub fn schemas() -> Value {
    let string = json!({"type": "string"});
    let integer = json!({"type": "integer", "minimum": 0});
    let mut m = serde_json::Map::new();
    m.insert("Problem".into(), json!({"type": "object", "description": "RFC 9457 problem details",
            "required": ["type", "title", "status", "detail"],
            "properties": {"type": string, "title": string, "status": {"type": "integer"},
                "detail": string, "parameter": {"type": "string", "description": "the offending parameter"}}}));
    m.insert("Model".into(), json!({"type": "string", "enum": ["road", "crow-fly"],
            "description": "travel-time model: road (OSM road graph) or crow-fly (straight line × detour at a speed by kind of area)"}));
    m.insert(
        "Profile".into(),
        json!({"type": "string", "enum": ["car", "foot"]}),
    );
    m.insert("Level".into(), json!({"type": "string", "enum": ["commune", "epci", "departement", "region", "territory"]}));
    m.insert("Position".into(), json!({"type": "array", "items": number(), "minItems": 2, "maxItems": 2,
            "description": "[longitude, latitude] in WGS84 degrees, at most 6 decimals (RFC 7946 order)"}));
    m.insert("Geometry".into(), json!({"type": "object", "required": ["type", "coordinates"],
            "description": "RFC 7946 geometry: Point, LineString or (Multi)Polygon with counter-clockwise exterior rings and clockwise holes",
            "properties": {"type": {"type": "string", "enum": ["Point", "LineString", "Polygon", "MultiPolygon"]},
                "coordinates": {"type": "array"}}}));
    m.insert("Health".into(), json!({"type": "object", "required": ["status", "places", "communes", "generation", "model"],
            "properties": {"status": {"type": "string", "enum": ["ok"]}, "places": integer, "communes": integer,
                "generation": integer, "loaded_at": string, "model": schema("Model"),
                "roads": {"type": ["object", "null"], "description": "road network in service: source, source_bytes, osm_timestamp, built_at, profiles, car_speeds (the car speed table it was built with: km/h per highway class with and without maxspeed, maxspeed factor, surface caps, destination-only and closed access values; null for a network imported before it was recorded)"}}}));
    m.insert("WeekText".into(), json!({"type": ["object", "null"], "required": ["fr", "en"],
            "description": "the week's hours in words, one line per day from Monday (\"Lundi : 9 h – 12 h, 14 h – 18 h\", \"Monday: 9 am – 12 pm, 2 pm – 6 pm\"), public holidays of that week named on their line, then \"Jours fériés : fermé\" when the rule names public holidays; null without readable hours",
            "properties": {"fr": {"type": "array", "items": string}, "en": {"type": "array", "items": string}}}));
    m.insert("Opening".into(), json!({"type": "object", "required": ["etat", "jusqu_a", "prochaine", "texte_fr", "texte_en"],
            "description": "the place's state at open_at (else now), Europe/Paris, French public holidays",
            "properties": {"etat": {"type": "string", "enum": ["ouvert", "ferme", "inconnu"]},
                "jusqu_a": {"type": ["string", "null"], "format": "date-time", "description": "when open: when it closes"},
                "prochaine": {"type": ["string", "null"], "format": "date-time", "description": "when closed: the next opening within a year"},
                "texte_fr": string, "texte_en": string}}));
    m.insert("PlaceFeature".into(), json!({"type": "object", "required": ["type", "id", "geometry", "properties"],
            "properties": {"type": {"type": "string", "enum": ["Feature"]}, "id": string,
                "geometry": {"oneOf": [schema("Geometry"), {"type": "null"}]},
                "properties": {"type": "object", "required": ["id", "nom", "france_services", "mobile"],
                    "description": "the standard's 32 fields (lists as arrays), then commune_localisee, france_services, mobile, departement; distance_m, duree_min, distance_trajet_m (nearest only); nom_affiche, telephone_affiche, adresse_affiche, date_maj_ancienne, horaires_texte, horaires_invalides, ouverture (nearest, one place, search)",
                    "properties": {"id": string, "nom": string, "code_insee": {"type": ["string", "null"]},
                        "france_services": {"type": "boolean"}, "mobile": {"type": "boolean"},
                        "departement": {"type": ["string", "null"]},
                        "distance_m": {"type": "number", "description": "straight-line distance from the point asked, metres"},
                        "duree_min": {"type": "number", "description": "travel time by the collection's model and mode, minutes"},
                        "distance_trajet_m": {"type": "number", "description": "length of that trip, metres"},
                        "nom_affiche": {"type": "string", "description": "the name with HTML entities decoded and words in capitals in title case"},
                        "telephone_affiche": {"type": ["string", "null"], "description": "the phone the French way (04 73 82 79 85); telephone stays raw for tel: links"},
                        "adresse_affiche": {"type": "string", "description": "street, complement, postcode and commune on one line, words in capitals in title case (16 Av Jean Jaures, 38150 Roussillon)"},
                        "date_maj_ancienne": {"type": ["boolean", "null"], "description": "date_maj more than a year before today"},
                        "horaires_texte": schema("WeekText"),
                        "horaires_invalides": {"type": ["string", "null"], "description": "the published hours when they do not parse, to show as given with a warning"},
                        "ouverture": schema("Opening")}}}}));
    m.insert("PlaceCollection".into(), json!({"type": "object", "required": ["type", "features"],
            "properties": {"type": {"type": "string", "enum": ["FeatureCollection"]},
                "total": {"type": "integer", "description": "places matching the filters, before limit and offset"},
                "model": schema("Model"), "mode": schema("Profile"),
                "evalue_a": {"type": "string", "format": "date-time", "description": "the instant opening states are read at"},
                "features": {"type": "array", "items": schema("PlaceFeature")}}}));
    m.insert("SearchFeature".into(), json!({"type": "object", "required": ["type", "geometry", "properties"],
            "description": "a commune, an address or a place (a place carries every member of PlaceFeature's properties too)",
            "properties": {"type": {"type": "string", "enum": ["Feature"]}, "geometry": schema("Geometry"),
                "properties": {"type": "object", "required": ["kind", "label", "code_insee", "id", "score"],
                    "properties": {"kind": {"type": "string", "enum": ["commune", "address", "place"]},
                        "label": {"type": "string", "description": "\"Mauriac (15200)\", \"10 Place Allègre, 19240 Allassac\", or the place's display name"},
                        "code_insee": {"type": ["string", "null"], "description": "the result's commune"},
                        "id": {"type": ["string", "null"], "description": "the place id when kind = place"},
                        "score": {"type": "number", "minimum": 0, "maximum": 1}}}}}));
    m.insert("SearchCollection".into(), json!({"type": "object", "required": ["type", "query", "features"],
            "properties": {"type": {"type": "string", "enum": ["FeatureCollection"]}, "query": string,
                "features": {"type": "array", "items": schema("SearchFeature")}}}));
    m.insert("CommuneFeature".into(), json!({"type": "object", "required": ["type", "id", "geometry", "properties"],
            "properties": {"type": {"type": "string", "enum": ["Feature"]}, "id": string,
                "geometry": {"oneOf": [schema("Geometry"), {"type": "null"}]},
                "properties": {"type": "object", "required": ["code", "nom", "departement", "population"],
                    "properties": {"code": string, "nom": string, "departement": string,
                        "region": {"type": ["string", "null"]}, "epci": {"type": ["string", "null"]},
                        "epci_nom": {"type": ["string", "null"]}, "population": integer,
                        "codes_postaux": {"type": "array", "items": string},
                        "point": {"oneOf": [schema("Position"), {"type": "null"}]},
                        "point_source": {"type": ["string", "null"]}}}}}));
    m.insert(
        "CommuneCollection".into(),
        json!({"type": "object", "required": ["type", "features"],
            "properties": {"type": {"type": "string", "enum": ["FeatureCollection"]},
                "features": {"type": "array", "items": schema("CommuneFeature")}}}),
    );
    m.insert("CoverageParameters".into(), json!({"type": "object", "required": ["model", "minutes", "gap_minutes"],
            "properties": {"model": schema("Model"), "minutes": {"type": "array", "items": integer},
                "gap_minutes": integer, "catchment_minutes": number(), "zones": {"type": "array", "items": number()},
                "gravity_beta": number(), "supply": {"type": "string", "enum": ["hours", "one"]},
                "as_of": {"type": "string", "format": "date"}, "stale_after_days": integer,
                "places": integer, "places_stale": integer,
                "crow_fly": {"oneOf": [schema("CrowFlyModel"), {"type": "null"}]}}}));
    m.insert("CrowFlyModel".into(), json!({"type": "object", "required": ["formula", "car", "error"],
            "description": "the straight-line model: its formula, its table (one row per density class) and its error against the road engine (ratio road time / model time), as calibrated by examples/calibrate_crowfly.rs",
            "properties": {"formula": string, "walk_speed_kmh": number(), "calibrated_by": string,
                "car": {"type": "array", "items": {"type": "object",
                    "properties": {"area": string, "density": number(), "near_kmh": number(),
                        "far_kmh": number(), "half_km": number(), "detour": number()}}},
                "error": {"type": "array", "items": {"type": "object",
                    "properties": {"area": string, "pairs": integer, "median": number(), "p90": number()}}}}}));
    m.insert("CoverageRow".into(), json!({"type": "object", "required": ["code"],
            "description": "one commune (or group) with the columns of the coverage table; the names are a contract (see the xlsx download's \"colonnes\" sheet): code, nom, departement, region, epci, population, model, places…, nearest_min, within_T, 2sfca, e2sfca, gap, gap_score…",
            "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
            "properties": {"code": string, "nom": {"type": ["string", "null"]}, "population": integer,
                "model": {"oneOf": [schema("Model"), {"type": "null"}]},
                "nearest_min": nullable_number(), "france_services_min": nullable_number(),
                "gap": {"type": "boolean"}}}));
    m.insert("CoverageDocument".into(), json!({"type": "object", "required": ["model", "parameters", "level", "rows"],
            "properties": {"model": schema("Model"), "parameters": schema("CoverageParameters"), "level": schema("Level"),
                "rows": {"type": "array", "items": schema("CoverageRow")},
                "total": {"oneOf": [schema("CoverageRow"), {"type": "null"}]}}}));
    m.insert("CoverageCollection".into(), json!({"type": "object", "required": ["type", "features", "parameters"],
            "properties": {"type": {"type": "string", "enum": ["FeatureCollection"]}, "model": schema("Model"),
                "parameters": schema("CoverageParameters"),
                "features": {"type": "array", "items": {"type": "object", "required": ["type", "id", "geometry", "properties"],
                    "properties": {"type": {"type": "string", "enum": ["Feature"]}, "id": string,
                        "geometry": {"oneOf": [schema("Geometry"), {"type": "null"}]}, "properties": schema("CoverageRow")}}}}}));
    m.insert(
        "CommuneCoverage".into(),
        json!({"type": "object", "required": ["model", "parameters", "commune"],
            "properties": {"model": schema("Model"), "parameters": schema("CoverageParameters"),
                "commune": {"oneOf": [schema("CoverageRow"), {"type": "null"}]}}}),
    );
    m.insert("Gaps".into(), json!({"type": "object", "required": ["model", "parameters", "minutes", "gaps", "gap_population"],
            "properties": {"model": schema("Model"), "parameters": schema("CoverageParameters"), "minutes": integer,
                "gaps": {"type": "array", "items": schema("CoverageRow")}, "gap_population": integer}}));
    m.insert("PlanRequest".into(), json!({"type": "object", "description": "one of departement, region, epci",
            "properties": {"departement": string, "region": string, "epci": string,
                "add": {"type": "integer", "minimum": 1, "description": "sites to add; absent: the fewest sites covering everyone reachable"},
                "minutes": number(), "model": {"type": "string", "enum": ["auto", "road", "crow-fly"]},
                "candidates": {"type": "array", "items": {"type": "object", "required": ["code", "nom", "lon", "lat"],
                    "properties": {"code": string, "nom": string, "lon": number(), "lat": number()}}}}}));
    m.insert(
        "Plan".into(),
        json!({"type": "object", "required": ["suggestions"],
            "properties": {"model": schema("Model"),
                "suggestions": {"type": "array", "items": {"type": "object",
                    "required": ["rank", "code", "nom", "lon", "lat", "gain_population"],
                    "properties": {"rank": integer, "code": string, "nom": string, "lon": number(),
                        "lat": number(), "gain_population": integer}}},
                "population": integer, "covered_before": integer, "covered_after": integer,
                "uncoverable": integer, "optimality_ratio": nullable_number()}}),
    );
    m.insert(
        "ScenarioRequest".into(),
        json!({"type": "object", "description": "one of departement, region, epci",
            "properties": {"departement": string, "region": string, "epci": string,
                "add": {"type": "array", "items": {"type": "object", "required": ["lon", "lat"],
                    "properties": {"lon": number(), "lat": number(), "nom": string,
                        "france_services": {"type": "boolean"}, "mobile": {"type": "boolean"},
                        "weekly_hours": number()}}},
                "remove": {"type": "array", "items": string, "description": "place ids"},
                "close": {"type": "object", "additionalProperties": false,
                    "description": "roads to close on the loaded car network (both directions); needs a road network and model auto or road. At most 1,000 points, a polygon of at most 2,000 positions and 2,500 km², 50,000 segments closed (422 beyond, parameter close.at, close.polygon or close)",
                    "properties": {
                        "at": {"type": "array", "items": schema("Position"),
                            "description": "[lon, lat] points: the road segment nearest to each (within 1,500 m) closes, e.g. a point on a bridge"},
                        "polygon": {"description": "a GeoJSON Polygon or MultiPolygon: every road segment crossing it closes (an area without any road is refused)",
                            "type": "object", "required": ["type", "coordinates"],
                            "properties": {"type": {"type": "string", "enum": ["Polygon", "MultiPolygon"]}, "coordinates": {"type": "array"}}}}}}}),
    );
    m.insert("Scenario".into(), json!({"type": "object", "required": ["model", "communes"],
            "properties": {"model": schema("Model"), "minutes": {"type": "array", "items": integer},
                "gap_minutes": integer, "changed": integer, "gap_population_before": integer,
                "gap_population_after": integer,
                "closed": {"oneOf": [{"type": "null"}, {"type": "object",
                    "description": "the roads the scenario closed: the after side of every commune is timed on the graph without them, by a Dijkstra search from each commune bounded by the coverage limits (exact: the times of the graph without the closed edges)",
                    "required": ["profile", "segments", "edges", "length_m", "method", "geometry"],
                    "properties": {"profile": schema("Profile"), "segments": integer, "edges": integer,
                        "length_m": number(), "method": {"type": "string", "enum": ["dijkstra-without-closed-roads"]},
                        "geometry": {"type": "object", "description": "GeoJSON MultiLineString of the closed segments"}}}]},
                "communes": {"type": "array", "items": {"type": "object", "description": "a commune's indicators before and after"}}}}));
    m.insert(
        "Snap".into(),
        json!({"type": "object", "description": "where a point met the network",
            "properties": {"snapped": {"oneOf": [schema("Position"), {"type": "null"}]},
                "nearest_road_m": {"type": "number", "minimum": 0,
                    "description": "only for an end off the road network: the nearest road is at least this far (metres)"}}}),
    );
    m.insert("Route".into(), json!({"type": "object", "required": ["duration_s", "distance_m", "model", "profile", "geometry"],
            "properties": {"duration_s": number(), "distance_m": number(), "model": schema("Model"),
                "profile": schema("Profile"), "geometry": schema("Geometry"),
                "snap": {"type": "object", "properties": {"from": schema("Snap"), "to": schema("Snap")}},
                "crow_fly": schema("CrowFlyModel"),
                "crow_fly_ends": {"type": "array", "items": {"type": "string", "enum": ["from", "to"]},
                    "description": "the ends off the loaded road network (outside its area, or more than 1,500 m from any road): the whole route then uses the straight-line model, as /api/matrix does for its crow_fly_sources and crow_fly_destinations"},
                "warnings": {"type": "array", "items": {"type": "string"},
                    "description": "one sentence per end in crow_fly_ends: which end, where, how far from the nearest road"}}}));
    m.insert(
        "MatrixRequest".into(),
        json!({"type": "object", "required": ["sources", "destinations"],
            "properties": {"sources": {"type": "array", "items": schema("Position")},
                "destinations": {"type": "array", "items": schema("Position")},
                "profile": schema("Profile")}}),
    );
    m.insert("Matrix".into(), json!({"type": "object", "required": ["durations", "distances", "model", "profile"],
            "properties": {"durations": {"type": "array", "items": {"type": "array", "items": nullable_number()},
                    "description": "seconds, [source][destination]; null when unreachable"},
                "distances": {"type": "array", "items": {"type": "array", "items": nullable_number()},
                    "description": "metres, [source][destination]"},
                "model": schema("Model"), "profile": schema("Profile"),
                "crow_fly_sources": {"type": "array", "items": integer,
                    "description": "indices of sources off the loaded road network (outside its area, or more than 1,500 m from any road): their rows use the straight-line model"},
                "crow_fly_destinations": {"type": "array", "items": integer,
                    "description": "indices of destinations off the loaded road network: their columns use the straight-line model"},
                "crow_fly": schema("CrowFlyModel")}}));
    m.insert("Isochrones".into(), json!({"type": "object", "required": ["type", "features"],
            "properties": {"type": {"type": "string", "enum": ["FeatureCollection"]},
                "center": schema("Snap"),
                "crow_fly": schema("CrowFlyModel"),
                "features": {"type": "array", "items": {"type": "object", "required": ["type", "geometry", "properties"],
                    "properties": {"type": {"type": "string", "enum": ["Feature"]}, "geometry": schema("Geometry"),
                        "properties": {"type": "object", "required": ["minutes", "model", "profile"],
                            "properties": {"minutes": number(), "model": schema("Model"), "profile": schema("Profile")}}}}}}}));
    Value::Object(m)
}
