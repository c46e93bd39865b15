//! Coverage results as documents: JSON (parameters, model, rows, roll-ups) and GeoJSON
//! (one feature per commune with its polygon, for choropleths and QGIS).

use super::indicators::Coverage;
use super::rollup::{rollup, Level};
use super::table::{commune_row, commune_rows, rollup_row, Row};
use crate::model::InseeCode;
use crate::registry::Snapshot;
use crate::routing::ModelKind;
use crate::spatial::rfc7946;
use serde_json::{json, Value};

/// Rows of a result at a level: communes, or groups of them.
pub fn rows_at(coverage: &Coverage, level: Level, snapshot: &Snapshot) -> Vec<Row> {
    if level == Level::Commune {
        return commune_rows(coverage);
    }
    rollup(coverage, level)
        .iter()
        .map(|g| {
            let name = match level {
                Level::Epci => snapshot.epci.get(&g.code).map(|e| e.nom.as_str()),
                Level::Departement => super::names::departement_name(&g.code),
                Level::Region => super::names::region_name(&g.code),
                Level::Territory => Some("territoire"),
                _ => None,
            };
            rollup_row(g, coverage.params.gap_minutes, name)
        })
        .collect()
}

/// What was asked and how it was computed, for every document.
pub fn parameters(coverage: &Coverage) -> Value {
    let p = &coverage.params;
    json!({
        "model": coverage.model.name(),
        "minutes": p.minutes,
        "gap_minutes": p.gap_minutes,
        "catchment_minutes": p.catchment_minutes,
        "zones": p.zones,
        "gravity_beta": p.gravity_beta,
        "supply": p.supply,
        "as_of": p.as_of.to_string(),
        "stale_after_days": super::sites::STALE_AFTER_DAYS,
        "places": coverage.sites_total,
        "places_stale": coverage.sites_stale,
        "crow_fly": crow_fly_report(coverage),
    })
}

/// The straight-line model's parameters and error when any commune was timed by it, else null.
fn crow_fly_report(coverage: &Coverage) -> Value {
    let used = coverage.model == ModelKind::CrowFly
        || coverage
            .communes
            .iter()
            .any(|c| c.model == Some(ModelKind::CrowFly));
    if used {
        json!(crate::routing::crowfly::report())
    } else {
        Value::Null
    }
}

/// A JSON document: parameters, the rows at `level`, and the roll-up of the whole selection.
pub fn json_document(coverage: &Coverage, level: Level, snapshot: &Snapshot) -> Value {
    json!({
        "model": coverage.model.name(),
        "parameters": parameters(coverage),
        "level": level,
        "rows": rows_at(coverage, level, snapshot),
        "total": rows_at(coverage, Level::Territory, snapshot).first(),
    })
}

/// A GeoJSON FeatureCollection of the communes with their polygons (point when no polygon).
pub fn geojson_document(coverage: &Coverage, snapshot: &Snapshot) -> Value {
    let features: Vec<Value> = coverage
        .communes
        .iter()
        .map(|c| {
            let commune = InseeCode::parse(&c.code)
                .ok()
                .and_then(|code| snapshot.commune(&code));
            let geometry = commune.and_then(|k| {
                k.polygon
                    .as_ref()
                    .map(rfc7946::polygon_geometry)
                    .or_else(|| k.point.map(rfc7946::point_geometry))
            });
            json!({
                "type": "Feature",
                "id": c.code,
                "geometry": geometry,
                "properties": commune_row(c, coverage.params.gap_minutes),
            })
        })
        .collect();
    json!({
        "type": "FeatureCollection",
        "model": coverage.model.name(),
        "parameters": parameters(coverage),
        "features": features,
    })
}
