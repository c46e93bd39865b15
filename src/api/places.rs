//! `/api/places`: list with filters, one place, nearest places.

use super::features::{PlaceCollection, PlaceFeature};
use super::params::Params;
use super::{AppState, GeoJson, Problem};
use crate::registry::PlaceFilter;
use crate::spreadsheet;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/places", get(list))
        .route("/api/places/nearest", get(nearest))
        .route("/api/places/{id}", get(one))
}

const FILTERS: &[&str] = &[
    "bbox",
    "commune",
    "departement",
    "services",
    "itinerance",
    "frais",
];

fn filter(p: &Params) -> Result<PlaceFilter, Problem> {
    Ok(PlaceFilter {
        bbox: p.bbox()?,
        commune: p.insee("commune")?,
        departement: p.departement()?,
        services: p.services()?,
        itinerance: p.itinerance()?,
        frais: p.frais()?,
    })
}

/// Places passing every filter given, as a FeatureCollection (`limit`, `offset` to page), or
/// with `format=xlsx` as an Excel workbook of the standard's columns.
async fn list(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Response, Problem> {
    let known: Vec<&str> = FILTERS
        .iter()
        .copied()
        .chain(["limit", "offset", "format"])
        .collect();
    let p = Params::new(raw, &known)?;
    let f = filter(&p)?;
    let limit = p.usize_in("limit", 1, 50_000, 10_000)?;
    let offset = p.usize_in("offset", 0, usize::MAX, 0)?;
    let snap = state.snapshot();
    let hits = snap.filter(&f);
    let page = hits.iter().skip(offset).take(limit);
    match p.get("format") {
        None | Some("geojson") => {}
        Some("xlsx") => {
            let table = spreadsheet::places_table(page.map(|&i| &snap.places[i].place));
            return super::coverage::xlsx_response(&table, "lieux.xlsx");
        }
        Some(other) => {
            return Err(Problem::bad_parameter(
                "format",
                format!("format: expected geojson or xlsx, got {other:?}"),
            ))
        }
    }
    let features = hits
        .iter()
        .skip(offset)
        .take(limit)
        .map(|&i| PlaceFeature::new(&snap, &snap.places[i], None))
        .collect();
    let mut fc = PlaceCollection::new(features);
    fc.total = Some(hits.len());
    Ok(GeoJson(fc).into_response())
}

/// One place by id.
async fn one(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, Problem> {
    let snap = state.snapshot();
    let sp = snap
        .place(&id)
        .ok_or_else(|| Problem::not_found(format!("no place with id {id:?}")))?;
    Ok(GeoJson(PlaceFeature::new(&snap, sp, None)).into_response())
}

/// The places nearest a point (straight-line distance), closest first, with `distance_m`.
async fn nearest(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Response, Problem> {
    let known: Vec<&str> = FILTERS
        .iter()
        .copied()
        .chain(["lat", "lon", "limit"])
        .collect();
    let p = Params::new(raw, &known)?;
    let (lat, lon) = p.lat_lon()?;
    let limit = p.usize_in("limit", 1, 100, 10)?;
    let f = filter(&p)?;
    let snap = state.snapshot();
    let features = snap
        .nearest(lon, lat, limit, &f)
        .into_iter()
        .map(|n| {
            PlaceFeature::new(
                &snap,
                &snap.places[n.index],
                Some((n.distance_m * 10.0).round() / 10.0),
            )
        })
        .collect();
    let mut fc = PlaceCollection::new(features);
    fc.model = Some("crow-fly");
    Ok(GeoJson(fc).into_response())
}
