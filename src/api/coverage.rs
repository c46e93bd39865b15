//! `/api/coverage`, `/api/communes/{code}/coverage`, `/api/gaps`: the planners' indicators.

use super::large_answer::{build_aside, Body};
use super::params::Params;
use super::{AppState, Problem, GEO_JSON, JSON};
use crate::coverage::request::{
    gaps_from_text, CoverageInput, CoverageRequest, SelectionInput, SelectionRule, TableFormat,
    COVERAGE_PARAMETERS,
};
use crate::coverage::{
    self, report, to_csv, Coverage, CoverageParams, ModelChoice, Selection, Site,
};
use crate::registry::Snapshot;
use crate::request::RequestError;
use crate::service::Served;
use crate::spreadsheet;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/coverage", get(coverage_table))
        .route("/api/communes/{code}/coverage", get(one_commune))
        .route("/api/gaps", get(gaps))
}

/// Parameters every coverage endpoint takes: the selection, then the indicators' parameters.
pub fn parameter_names() -> Vec<&'static str> {
    let mut names = vec!["departement", "region", "epci"];
    names.extend(COVERAGE_PARAMETERS);
    names
}

/// The road network of the state in service for a model choice; `road` without one is the
/// client's error.
pub fn roads_for(
    served: &Served,
    model: ModelChoice,
) -> Result<Option<Arc<crate::routing::RoadNetwork>>, Problem> {
    let roads = served.roads.clone();
    if model == ModelChoice::Road && roads.is_none() {
        return Err(RequestError::new(
            "model",
            "auto or crow-fly: no road network is loaded (maillage import roads FILE.osm.pbf)",
        )
        .got("road")
        .into());
    }
    Ok(roads)
}

/// Sites of the served state (places, and the weekly stops of mobile units standing for
/// their places), parsed once per snapshot and reference date (the mobile units are
/// reloaded with the snapshot).
pub fn sites(state: &AppState, served: &Served, as_of: chrono::NaiveDate) -> Arc<Vec<Site>> {
    let snap = &served.snapshot;
    if let Ok(cache) = state.sites.lock() {
        if let Some((cached, date, s)) = cache.as_ref() {
            if Arc::ptr_eq(cached, snap) && *date == as_of {
                return s.clone();
            }
        }
    }
    let s = Arc::new(coverage::with_mobile_stops(
        coverage::sites_of(snap, as_of),
        &served.mobile,
        as_of,
    ));
    if let Ok(mut cache) = state.sites.lock() {
        *cache = Some((snap.clone(), as_of, s.clone()));
    }
    s
}

/// Computes the indicators of a selection off the async runtime.
pub async fn compute(
    state: &AppState,
    selection: Selection,
    params: CoverageParams,
) -> Result<(Arc<Snapshot>, Coverage), Problem> {
    // One state for the whole request: the snapshot and the roads that belong together.
    let served = state.current();
    let snap = served.snapshot.clone();
    let roads = roads_for(&served, params.model)?;
    let selected = selection.communes(&snap)?;
    let permit = state.heavy.enter("the coverage computation").await?;
    let state = state.clone();
    let cov = super::limits::run_heavy(permit, move || {
        // Parsing every place's hours when the day changes: on the heavy pool too.
        let sites = sites(&state, &served, params.as_of);
        coverage::compute(&snap, &sites, &selected, roads.as_deref(), &params).map(|c| (snap, c))
    })
    .await??;
    Ok(cov)
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// A workbook as a download named `file_name`.
pub fn xlsx_body(table: &spreadsheet::Table, file_name: &'static str) -> Result<Body, Problem> {
    let bytes = spreadsheet::xlsx(table).map_err(|e| Problem::internal(e.to_string()))?;
    Ok(Body {
        content_type: spreadsheet::CONTENT_TYPE,
        file_name: Some(file_name),
        bytes,
    })
}

fn csv_body(text: String) -> Body {
    Body {
        content_type: "text/csv; charset=utf-8",
        file_name: None,
        bytes: text.into_bytes(),
    }
}

/// Indicators per commune (or rolled up with `level`), as JSON, CSV or GeoJSON.
async fn coverage_table(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let mut known = parameter_names();
    known.extend(["format", "level"]);
    let p = Params::new(raw, &known)?;
    let request = CoverageRequest::from_text(&p, TableFormat::Json, today())?;
    let level = request.output.level;
    let (snap, cov) = compute(&state, request.selection, request.params).await?;
    // Tens of megabytes for the whole country.
    let format = request.output.format;
    build_aside(&headers, move || match format {
        TableFormat::Csv => Ok(csv_body(to_csv(&report::rows_at(&cov, level, &snap)))),
        TableFormat::Geojson => Body::json(GEO_JSON, &report::geojson_document(&cov, &snap)),
        TableFormat::Json => Body::json(JSON, &report::json_document(&cov, level, &snap)),
        TableFormat::Xlsx => {
            let rows = report::rows_at(&cov, level, &snap);
            xlsx_body(&spreadsheet::coverage_table(&rows), "couverture.xlsx")
        }
    })
    .await
}

/// One commune's indicators (computed with the demand of its neighbours).
async fn one_commune(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Json<serde_json::Value>, Problem> {
    let p = Params::new(raw, &COVERAGE_PARAMETERS)?;
    let code = crate::model::InseeCode::parse(&code)
        .map_err(|e| RequestError::new("code", e.expected).got(&code))?;
    let params = CoverageInput::from_text(&p)?.check(today())?;
    let (_, cov) = compute(&state, Selection::Commune(code), params).await?;
    let row = cov
        .communes
        .first()
        .map(|c| coverage::table::commune_row(c, cov.params.gap_minutes));
    Ok(Json(json!({
        "model": report::parameters(&cov)["model"],
        "parameters": report::parameters(&cov),
        "commune": row,
    })))
}

/// Communes with no place within `minutes`, the most population left out first.
async fn gaps(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let mut known = parameter_names();
    known.extend(["format", "limit"]);
    let p = Params::new(raw, &known)?;
    let selection = SelectionInput::from_text(&p).check(SelectionRule::AllByDefault)?;
    let params = gaps_from_text(&p)?.check(today())?;
    let limit = p.usize_in("limit", 1, 100_000, 100_000)?;
    let format = TableFormat::from_text(
        &p,
        TableFormat::Json,
        &[TableFormat::Json, TableFormat::Csv],
    )?;
    let (_, cov) = compute(&state, selection, params).await?;
    build_aside(&headers, move || {
        let rows: Vec<_> = coverage::gaps::ranked(&cov)
            .into_iter()
            .take(limit)
            .collect();
        match format {
            TableFormat::Csv => Ok(csv_body(to_csv(&rows))),
            _ => Body::json(
                JSON,
                &json!({
                    "model": report::parameters(&cov)["model"],
                    "parameters": report::parameters(&cov),
                    "minutes": cov.params.gap_minutes,
                    "gaps": rows,
                    "gap_population": cov.communes.iter().filter(|c| c.gap).map(|c| c.population).sum::<u64>(),
                }),
            ),
        }
    })
    .await
}
