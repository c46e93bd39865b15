//! `/api/coverage`, `/api/communes/{code}/coverage`, `/api/gaps`: the planners' indicators.

use super::params::Params;
use super::{AppState, GeoJson, Problem};
use crate::coverage::{
    self, report, to_csv, Coverage, CoverageParams, Level, ModelChoice, Selection, Site,
    SupplyMeasure,
};
use crate::registry::Snapshot;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
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

/// Parameters every coverage endpoint takes.
pub const PARAMETER_NAMES: &[&str] = &[
    "departement",
    "region",
    "epci",
    "minutes",
    "gap_minutes",
    "catchment",
    "zones",
    "supply",
    "beta",
    "model",
    "as_of",
];

/// The selection named by `departement`, `region` or `epci` (at most one).
pub fn selection(p: &Params) -> Result<Selection, Problem> {
    let named: Vec<&str> = ["departement", "region", "epci"]
        .into_iter()
        .filter(|k| p.get(k).is_some())
        .collect();
    if named.len() > 1 {
        return Err(Problem::bad_parameter(
            named[1],
            format!(
                "give one of departement, region, epci (got {})",
                named.join(" and ")
            ),
        ));
    }
    if let Some(d) = p.departement()? {
        return Ok(Selection::Departement(d));
    }
    if let Some(r) = p.get("region") {
        if r.len() != 2 || !r.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Problem::bad_parameter(
                "region",
                format!("`region` must be a 2-digit code like 84, got {r:?}"),
            ));
        }
        return Ok(Selection::Region(r.to_string()));
    }
    if let Some(e) = p.get("epci") {
        if e.len() != 9 || !e.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Problem::bad_parameter(
                "epci",
                format!("`epci` must be a 9-digit SIREN, got {e:?}"),
            ));
        }
        return Ok(Selection::Epci(e.to_string()));
    }
    Ok(Selection::All)
}

/// The indicators' parameters from the query, DESIGN's defaults for the rest.
pub fn coverage_params(p: &Params) -> Result<CoverageParams, Problem> {
    let as_of = match p.get("as_of") {
        None => chrono::Local::now().date_naive(),
        Some(v) => v.parse().map_err(|_| {
            Problem::bad_parameter(
                "as_of",
                format!("`as_of` must be a date YYYY-MM-DD, got {v:?}"),
            )
        })?,
    };
    let mut c = CoverageParams::defaults(as_of);
    if let Some(v) = p.get("minutes") {
        let minutes = v
            .split(',')
            .map(|m| m.trim().parse::<u32>())
            .collect::<Result<_, _>>()
            .map_err(|_| {
                Problem::bad_parameter(
                    "minutes",
                    format!("`minutes` must be whole minutes separated by commas, got {v:?}"),
                )
            })?;
        c.set_minutes(minutes);
    }
    c.gap_minutes = p.usize_in("gap_minutes", 1, 240, c.gap_minutes as usize)? as u32;
    if let Some(v) = p.get("zones") {
        let weights: Vec<f64> = v
            .split(',')
            .map(|w| w.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| {
                Problem::bad_parameter(
                    "zones",
                    format!("`zones` must be weights from 0 to 1 separated by commas, got {v:?}"),
                )
            })?;
        c.set_zone_weights(&weights)
            .map_err(|e| Problem::bad_parameter("zones", e))?;
    }
    c.catchment_minutes = p
        .f64_in("catchment", 1.0, 240.0)?
        .unwrap_or(c.catchment_minutes);
    c.gravity_beta = p.f64_in("beta", 0.0, 10.0)?.unwrap_or(c.gravity_beta);
    c.supply = match p.get("supply") {
        None | Some("hours") => SupplyMeasure::WeeklyHours,
        Some("one") => SupplyMeasure::One,
        Some(v) => {
            return Err(Problem::bad_parameter(
                "supply",
                format!("`supply` must be hours or one, got {v:?}"),
            ))
        }
    };
    c.model = model_choice(p.get("model"))?;
    c.validate().map_err(|e| {
        let name = e.split(':').next().unwrap_or("minutes").replace('-', "_");
        Problem::bad_parameter(&name, format!("`{name}`{}", &e[e.find(':').unwrap_or(0)..]))
    })?;
    Ok(c)
}

/// The `model` parameter: auto (default), road or crow-fly.
pub fn model_choice(value: Option<&str>) -> Result<ModelChoice, Problem> {
    match value {
        None | Some("auto") => Ok(ModelChoice::Auto),
        Some("road") => Ok(ModelChoice::Road),
        Some("crow-fly") => Ok(ModelChoice::CrowFly),
        Some(v) => Err(Problem::bad_parameter(
            "model",
            format!("`model` must be auto, road or crow-fly, got {v:?}"),
        )),
    }
}

/// The road network in service for a model choice; `road` without one is the client's error.
pub fn roads_for(
    state: &AppState,
    model: ModelChoice,
) -> Result<Option<Arc<crate::routing::RoadNetwork>>, Problem> {
    let roads = super::routing::current_roads(state);
    if model == ModelChoice::Road && roads.is_none() {
        return Err(Problem::bad_parameter(
            "model",
            "`model=road`: no road network is loaded (maillage import roads FILE.osm.pbf)",
        ));
    }
    Ok(roads)
}

/// Sites of the snapshot, parsed once per snapshot and reference date.
pub fn sites(state: &AppState, snap: &Arc<Snapshot>, as_of: chrono::NaiveDate) -> Arc<Vec<Site>> {
    if let Ok(cache) = state.sites.lock() {
        if let Some((cached, date, s)) = cache.as_ref() {
            if Arc::ptr_eq(cached, snap) && *date == as_of {
                return s.clone();
            }
        }
    }
    let s = Arc::new(coverage::sites_of(snap, as_of));
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
    let snap = state.snapshot();
    let roads = roads_for(state, params.model)?;
    let selected = selection.communes(&snap).map_err(Problem::not_found)?;
    let sites = sites(state, &snap, params.as_of);
    tokio::task::spawn_blocking(move || {
        coverage::compute(&snap, &sites, &selected, roads.as_deref(), &params)
            .map(|c| (snap, c))
            .map_err(|e| Problem::internal(e.to_string()))
    })
    .await
    .map_err(|e| Problem::internal(e.to_string()))?
}

fn csv_response(text: String) -> Response {
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], text).into_response()
}

/// Indicators per commune (or rolled up with `level`), as JSON, CSV or GeoJSON.
async fn coverage_table(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Response, Problem> {
    let mut known = PARAMETER_NAMES.to_vec();
    known.extend(["format", "level"]);
    let p = Params::new(raw, &known)?;
    let level: Level = p
        .get("level")
        .unwrap_or("commune")
        .parse()
        .map_err(|e: String| Problem::bad_parameter("level", e))?;
    let format = p.get("format").unwrap_or("json");
    if !["json", "csv", "geojson"].contains(&format) {
        return Err(Problem::bad_parameter(
            "format",
            format!("`format` must be json, csv or geojson, got {format:?}"),
        ));
    }
    if format == "geojson" && level != Level::Commune {
        return Err(Problem::bad_parameter(
            "level",
            "GeoJSON gives communes: `level` must be commune",
        ));
    }
    let (snap, cov) = compute(&state, selection(&p)?, coverage_params(&p)?).await?;
    Ok(match format {
        "csv" => csv_response(to_csv(&report::rows_at(&cov, level, &snap))),
        "geojson" => GeoJson(report::geojson_document(&cov, &snap)).into_response(),
        _ => Json(report::json_document(&cov, level, &snap)).into_response(),
    })
}

/// One commune's indicators (computed with the demand of its neighbours).
async fn one_commune(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Json<serde_json::Value>, Problem> {
    let p = Params::new(raw, &PARAMETER_NAMES[3..])?;
    let code = crate::model::InseeCode::parse(&code)
        .map_err(|e| Problem::bad_parameter("code", format!("`code`: {e}")))?;
    let (_, cov) = compute(&state, Selection::Commune(code), coverage_params(&p)?).await?;
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
) -> Result<Response, Problem> {
    let mut known = PARAMETER_NAMES.to_vec();
    known.extend(["format", "limit"]);
    let p = Params::new(raw, &known)?;
    if p.get("minutes").is_some() && p.get("gap_minutes").is_some() {
        return Err(Problem::bad_parameter(
            "gap_minutes",
            "give `minutes` (the gap threshold here) or `gap_minutes`, not both",
        ));
    }
    let mut params = coverage_params(&Params::new(p.without("minutes"), &known)?)?;
    if p.get("gap_minutes").is_some() {
        params.minutes = vec![params.gap_minutes];
    }
    if p.get("minutes").is_some() {
        params.gap_minutes = p.usize_in("minutes", 1, 240, 30)? as u32;
        params.minutes = vec![params.gap_minutes];
    }
    let limit = p.usize_in("limit", 1, 100_000, 100_000)?;
    let format = p.get("format").unwrap_or("json");
    if !["json", "csv"].contains(&format) {
        return Err(Problem::bad_parameter(
            "format",
            format!("`format` must be json or csv, got {format:?}"),
        ));
    }
    let (_, cov) = compute(&state, selection(&p)?, params).await?;
    let rows: Vec<_> = coverage::gaps::ranked(&cov)
        .into_iter()
        .take(limit)
        .collect();
    Ok(match format {
        "csv" => csv_response(to_csv(&rows)),
        _ => Json(json!({
            "model": report::parameters(&cov)["model"],
            "parameters": report::parameters(&cov),
            "minutes": cov.params.gap_minutes,
            "gaps": rows,
            "gap_population": cov.communes.iter().filter(|c| c.gap).map(|c| c.population).sum::<u64>(),
        }))
        .into_response(),
    })
}
