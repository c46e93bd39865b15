//! `/api/units`: mobile units, one with its stops and schedules, its calendar, its timetable
//! as CSV, its days as routes (`unit_routes`); `/api/stops`: the stops as GeoJSON.

use super::params::Params;
use super::visits::{calendar_response, calendar_window, visit_json, window};
use super::{AppState, GeoJson, Problem};
use crate::mobile::{export, MobileUnit, Timetable, UnitId};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/units", get(list))
        .route("/api/units/{id}", get(one))
        .route("/api/units/{id}/visits", get(next_visits))
        .route("/api/units/{id}/visits.ics", get(calendar))
        .route("/api/units/{id}/timetable.csv", get(timetable))
        .route(
            "/api/units/{id}/routes.geojson",
            get(super::unit_routes::routes),
        )
        .route(
            "/api/units/{id}/coverage",
            get(super::unit_routes::contribution),
        )
        .route("/api/stops", get(stops))
}

fn summary(t: &Timetable, u: &MobileUnit) -> Value {
    json!({
        "id": u.id, "name": u.name, "france_services": u.france_services,
        "place_id": u.place_id, "vehicle": u.vehicle, "depot_commune": u.depot_commune,
        "stops": t.stops_of(&u.id).len(), "schedules": t.schedules_of(&u.id).count(),
        "unread": u.unread.len(), "source": u.source,
    })
}

/// Every unit (of a département's depots when `departement` is given; the units a registry
/// place stands for when `place` is given, as a place sheet asks).
async fn list(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Json<Value>, Problem> {
    let p = Params::new(raw, &["departement", "place"])?;
    let dep = p.departement()?;
    let place = p.get("place");
    let served = state.current();
    let t = &served.mobile;
    let units: Vec<Value> = t
        .units
        .iter()
        .filter(|u| {
            dep.as_deref().is_none_or(|d| {
                u.depot_commune
                    .as_ref()
                    .is_some_and(|c| c.departement() == d)
            })
        })
        .filter(|u| place.is_none_or(|id| u.place_id.as_deref() == Some(id)))
        .map(|u| summary(t, u))
        .collect();
    Ok(Json(json!({"units": units})))
}

fn unit_id(t: &Timetable, id: &str) -> Result<UnitId, Problem> {
    let id = UnitId::parse(id).map_err(|e| Problem::bad_parameter("id", e.to_string()))?;
    t.unit(&id)
        .map(|u| u.id.clone())
        .ok_or_else(|| Problem::not_found(format!("no mobile unit with id {id}")))
}

/// One unit: what it is, its stops, its schedules (with their RRULE), what could not be read.
async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    let served = state.current();
    let t = &served.mobile;
    let id = unit_id(t, &id)?;
    let Some(u) = t.unit(&id) else {
        return Err(Problem::not_found(format!("no mobile unit with id {id}")));
    };
    let schedules: Vec<Value> = t
        .schedules_of(&id)
        .map(|s| {
            json!({
                "stop": s.stop, "weekday": crate::mobile::csv_format::weekday_name(s.weekday),
                "start": s.start.format("%H:%M").to_string(), "end": s.end.format("%H:%M").to_string(),
                "repeat": s.recurrence.to_string(), "rrule": s.recurrence.rrule(s.weekday),
                "from": s.from, "until": s.until, "cancelled": s.cancelled, "added": s.added,
                "public_holidays": if s.on_public_holidays { "on" } else { "off" },
                "hours_per_week": (s.hours_per_week() * 100.0).round() / 100.0,
            })
        })
        .collect();
    let stops = export::stops_geojson(t, &t.stops_of(&id));
    Ok(Json(json!({
        "unit": u, "summary": summary(t, u), "stops": stops, "schedules": schedules,
    })))
}

/// The unit's next visits, earliest first (`from`, `days`, `limit` as `/api/visits/next`).
async fn next_visits(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Json<Value>, Problem> {
    let p = Params::new(raw, &["from", "days", "limit"])?;
    let (since, days, limit) = window(&p, 10)?;
    let served = state.current();
    let t = &served.mobile;
    let id = unit_id(t, &id)?;
    let visits: Vec<Value> = t
        .next_of_unit(&id, since, days, limit)
        .iter()
        .map(visit_json)
        .collect();
    Ok(Json(json!({"unit": id, "days": days, "visits": visits})))
}

/// An iCalendar of the unit's visits over the next 180 days (or `days`).
async fn calendar(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Response, Problem> {
    let p = Params::new(raw, &["from", "days"])?;
    let (since, days) = calendar_window(&p)?;
    let served = state.current();
    let t = &served.mobile;
    let id = unit_id(t, &id)?;
    let name = t
        .unit(&id)
        .map_or_else(|| id.to_string(), |u| u.name.clone());
    let visits = t.next_of_unit(&id, since, days, usize::MAX);
    Ok(calendar_response(export::icalendar(&name, &visits)))
}

/// The unit's schedules as CSV, one row each.
async fn timetable(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let served = state.current();
    let t = &served.mobile;
    let id = unit_id(t, &id)?;
    let body = export::timetable_csv(t, t.schedules_of(&id));
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response())
}

/// Stops as GeoJSON points, of a unit, a commune or a département when given.
async fn stops(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<GeoJson, Problem> {
    let p = Params::new(raw, &["unit", "commune", "departement"])?;
    let served = state.current();
    let t = &served.mobile;
    let unit = p.get("unit").map(|u| unit_id(t, u)).transpose()?;
    let commune = p.insee("commune")?;
    let dep = p.departement()?;
    let picked: Vec<&crate::mobile::Stop> = match &unit {
        Some(u) => t.stops_of(u),
        None => t.stops.iter().collect(),
    }
    .into_iter()
    .filter(|s| commune.as_ref().is_none_or(|c| &s.commune == c))
    .filter(|s| dep.as_deref().is_none_or(|d| s.commune.departement() == d))
    .collect();
    Ok(GeoJson(export::stops_geojson(t, &picked)))
}
