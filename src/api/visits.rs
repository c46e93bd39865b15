//! The next visits of mobile units: near a point (`/api/visits/next`) and in a commune
//! (`/api/communes/{code}/visits`, and as an iCalendar to subscribe to).

use super::params::Params;
use super::{AppState, Problem};
use crate::mobile::{export, Occurrence, Since};
use crate::model::InseeCode;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/visits/next", get(next_near))
        .route("/api/communes/{code}/visits", get(in_commune))
        .route("/api/communes/{code}/visits.ics", get(commune_calendar))
}

/// Days ahead a calendar covers.
pub const CALENDAR_DAYS: u32 = 180;

/// `from` (a date; default now), `days` (horizon, 1–366, default 60) and `limit` (1–500,
/// default 10), shared by the visit questions.
pub(super) fn window(p: &Params, default_limit: usize) -> Result<(Since, u32, usize), Problem> {
    let since = match p.get("from") {
        None => Since::Instant(chrono::Utc::now()),
        Some(v) => Since::Date(
            chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
                Problem::bad_parameter(
                    "from",
                    format!("`from` must be a date YYYY-MM-DD, got {v:?}"),
                )
            })?,
        ),
    };
    let days = p.usize_in("days", 1, 366, 60)? as u32;
    let limit = p.usize_in("limit", 1, 500, default_limit)?;
    Ok((since, days, limit))
}

/// `from` and `days` of a calendar export: as [`window`] reads them, but `days` defaults to
/// [`CALENDAR_DAYS`].
pub(super) fn calendar_window(p: &Params) -> Result<(Since, u32), Problem> {
    let (since, days, _) = window(p, 10)?;
    let days = if p.get("days").is_some() {
        days
    } else {
        CALENDAR_DAYS
    };
    Ok((since, days))
}

/// One dated visit as JSON.
pub(super) fn visit_json(v: &Occurrence<'_>) -> Value {
    let mut o = json!({
        "date": v.date,
        "start": v.start.format("%H:%M").to_string(),
        "end": v.end.format("%H:%M").to_string(),
        "starts_at": v.starts_at.to_rfc3339(),
        "ends_at": v.ends_at.to_rfc3339(),
        "repeat": v.schedule.recurrence.to_string(),
        "stop": {
            "id": v.stop.id, "name": v.stop.name, "commune": v.stop.commune,
            "commune_name": v.stop.commune_name, "venue": v.stop.venue,
            "lon": v.stop.point[0], "lat": v.stop.point[1],
        },
        "unit": {
            "id": v.unit.id, "name": v.unit.name, "phone": v.unit.phone,
            "france_services": v.unit.france_services,
        },
    });
    if let Some(d) = v.distance_m {
        // `distance` is the name the issue gave users' scripts; `distance_m` says the unit,
        // as `/api/places/nearest` does. Both carry the same metres.
        let metres = (d * 10.0).round() / 10.0;
        o["distance"] = json!(metres);
        o["distance_m"] = json!(metres);
    }
    o
}

/// The next visits at stops within `radius_km` (default 10, at most 100) of `lat`,`lon`,
/// earliest first; distances are great-circle metres.
async fn next_near(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Json<Value>, Problem> {
    let p = Params::new(raw, &["lat", "lon", "radius_km", "from", "days", "limit"])?;
    let (lat, lon) = p.lat_lon()?;
    let radius_km = p.f64_in("radius_km", 0.1, 100.0)?.unwrap_or(10.0);
    let (since, days, limit) = window(&p, 10)?;
    let served = state.current();
    let visits: Vec<Value> = served
        .mobile
        .next_near(lon, lat, radius_km * 1000.0, since, days, limit)
        .iter()
        .map(visit_json)
        .collect();
    Ok(Json(json!({
        "lat": lat, "lon": lon, "radius_km": radius_km, "days": days,
        "model": "crow-fly", "visits": visits,
    })))
}

fn commune_code(state: &AppState, code: &str) -> Result<InseeCode, Problem> {
    let code = InseeCode::parse(code).map_err(|e| Problem::bad_parameter("code", e.to_string()))?;
    let served = state.current();
    let known = served.snapshot.commune(&code).is_some()
        || served.mobile.stops.iter().any(|s| s.commune == code);
    if known {
        Ok(code)
    } else {
        Err(Problem::not_found(format!("no commune with code {code}")))
    }
}

/// The next visits at the stops of a commune, earliest first.
async fn in_commune(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Json<Value>, Problem> {
    let p = Params::new(raw, &["from", "days", "limit"])?;
    let code = commune_code(&state, &code)?;
    let (since, days, limit) = window(&p, 10)?;
    let served = state.current();
    let stops: Vec<Value> = served
        .mobile
        .stops
        .iter()
        .filter(|s| s.commune == code)
        .map(|s| json!({"id": s.id, "name": s.name, "lon": s.point[0], "lat": s.point[1]}))
        .collect();
    let visits: Vec<Value> = served
        .mobile
        .next_in_commune(&code, since, days, limit)
        .iter()
        .map(visit_json)
        .collect();
    Ok(Json(
        json!({"commune": code, "days": days, "stops": stops, "visits": visits}),
    ))
}

/// An iCalendar of a commune's visits over the next 180 days (or `days`).
async fn commune_calendar(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Response, Problem> {
    let p = Params::new(raw, &["from", "days"])?;
    let code = commune_code(&state, &code)?;
    let (since, days) = calendar_window(&p)?;
    let served = state.current();
    let name = served
        .snapshot
        .commune(&code)
        .map_or_else(|| code.to_string(), |c| c.nom.clone());
    let visits = served
        .mobile
        .next_in_commune(&code, since, days, usize::MAX);
    let body = export::icalendar(&format!("Visites à {name}"), &visits);
    Ok(calendar_response(body))
}

pub(super) fn calendar_response(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    )
        .into_response()
}
