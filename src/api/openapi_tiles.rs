//! The OpenAPI description of the vector tile endpoints (`tiles.rs`).

use super::openapi::members;
use serde_json::{json, Value};

/// `/tiles/{layer}/{z}/{x}/{y}.mvt` and `/tiles/{layer}.json`.
pub fn paths() -> serde_json::Map<String, Value> {
    let layer = json!({"name": "layer", "in": "path", "required": true,
        "description": "communes (outlines with population, IFN, places by kind), places (points) or roads (the main roads of the road network in service: motorway, trunk from zoom 5, primary from 7, secondary from 9)",
        "schema": {"type": "string", "enum": ["communes", "places", "roads"]}});
    let coordinate = |name: &str, description: &str| {
        json!({"name": name, "in": "path", "required": true, "description": description,
            "schema": {"type": "integer", "minimum": 0}})
    };
    let problem = json!({"$ref": "#/components/responses/Problem"});
    let paths = json!({
        "/tiles/{layer}/{z}/{x}/{y}.mvt": {"get": {"operationId": "getTile",
            "summary": "A Mapbox Vector Tile (extent 4096, buffer 64) of one layer, outlines simplified per zoom; 204 without a body when no feature falls in the tile, 304 when If-None-Match names its ETag (which changes with every import); gzip when accepted",
            "parameters": [layer.clone(),
                coordinate("z", "zoom, 0 to 14"),
                coordinate("x", "column from the west, 0 to 2^z − 1"),
                coordinate("y", "row from the north, 0 to 2^z − 1")],
            "responses": {
                "200": {"description": "the tile",
                    "content": {"application/vnd.mapbox-vector-tile": {"schema": {"type": "string", "format": "binary"}}}},
                "400": problem.clone(),
                "404": problem.clone()}}},
        "/tiles/{layer}.json": {"get": {"operationId": "getTileJson",
            "summary": "The TileJSON 3.0 document of a layer: tile URL, zooms, bounds, fields; feature_count (and for places, kinds) added",
            "parameters": [layer],
            "responses": {
                "200": {"description": "TileJSON 3.0",
                    "content": {"application/json": {"schema": {"type": "object",
                        "required": ["tilejson", "tiles", "minzoom", "maxzoom", "bounds", "vector_layers"]}}}},
                "404": problem}}}
    });
    members(paths)
}
