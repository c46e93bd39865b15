//! `/api/communes`: by département, one commune, name/postcode search.

use super::features::{collection, commune_feature};
use super::large_answer::{build_aside, Body};
use super::params::Params;
use super::{AppState, GeoJson, Problem, GEO_JSON};
use crate::model::InseeCode;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/communes", get(list))
        .route("/api/communes/search", get(search))
        .route("/api/communes/{code}", get(one))
}

/// Communes (of a département when given) with their polygons (`geometry=point` for points).
async fn list(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let p = Params::new(raw, &["departement", "geometry"])?;
    let dep = p.departement()?;
    let with_polygon = match p.get("geometry") {
        None | Some("polygon") => true,
        Some("point") => false,
        Some(other) => {
            return Err(Problem::bad_parameter(
                "geometry",
                format!("`geometry` must be polygon or point, got {other:?}"),
            ))
        }
    };
    let snap = state.snapshot();
    // Thirty megabytes for the whole country with outlines.
    build_aside(&headers, move || {
        let features = snap
            .communes_in(dep.as_deref())
            .into_iter()
            .map(|c| commune_feature(&snap, c, with_polygon))
            .collect();
        Body::json(GEO_JSON, &collection(features, &[]))
    })
    .await
}

/// One commune with its polygon and the number of places in it.
async fn one(State(state): State<AppState>, Path(code): Path<String>) -> Result<GeoJson, Problem> {
    let code =
        InseeCode::parse(&code).map_err(|e| Problem::bad_parameter("code", e.to_string()))?;
    let snap = state.snapshot();
    let c = snap
        .commune(&code)
        .ok_or_else(|| Problem::not_found(format!("no commune with code {code}")))?;
    let mut f = commune_feature(&snap, c, true);
    let places = snap
        .places
        .iter()
        .filter(|p| snap.place_commune(p) == Some(&code))
        .count();
    f["properties"]["places"] = json!(places);
    Ok(GeoJson(f))
}

/// Communes whose name starts with `q` (case, accents, hyphens and St/Ste forgiven) or
/// whose postcode starts with `q`; points only.
async fn search(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<GeoJson, Problem> {
    let p = Params::new(raw, &["q", "limit"])?;
    let q = p.required("q")?;
    if q.chars().count() > 100 {
        return Err(Problem::bad_parameter(
            "q",
            "`q` is limited to 100 characters",
        ));
    }
    let limit = p.usize_in("limit", 1, 100, 10)?;
    let snap = state.snapshot();
    let features = snap
        .search_communes(q, limit)
        .into_iter()
        .map(|c| commune_feature(&snap, c, false))
        .collect();
    Ok(GeoJson(collection(features, &[("query", json!(q))])))
}
