//! `GET /api/units/{id}/routes.geojson`: a unit's days as routes, one LineString each —
//! depot → stops in time order → depot — along the roads when a network is loaded (the
//! routing engine's path), straight segments otherwise; each day says which.

use super::params::Params;
use super::{AppState, GeoJson, Problem};
use crate::mobile::csv_format::weekday_name;
use crate::mobile::{DayKey, DayStops, UnitId};
use crate::routing::{self, ModelKind, Profile, RoadNetwork};
use crate::spatial::rfc7946::round_coordinate;
use axum::extract::{Path, Query, State};
use geo::Point;
use serde_json::{json, Value};
use std::collections::HashMap;

/// Most weeks of dated routes one request may ask for.
pub const MAX_ROUTE_WEEKS: usize = 12;

/// One leg of a day, as the routing engine answered it.
#[derive(Clone)]
struct Leg {
    geometry: Vec<[f64; 2]>,
    seconds: f64,
    metres: f64,
    road: bool,
}

/// A leg between two points: the engine's route, or a straight segment with the
/// straight-line model's time when the engine cannot route it (a point off the roads).
fn leg(roads: Option<&RoadNetwork>, from: [f64; 2], to: [f64; 2]) -> Leg {
    let (a, b) = (Point::new(from[0], from[1]), Point::new(to[0], to[1]));
    let r = routing::route(roads, a, b, Profile::Car)
        .or_else(|_| routing::route(None, a, b, Profile::Car));
    match r {
        Ok(r) => Leg {
            road: r.model == ModelKind::Road,
            geometry: r.geometry,
            seconds: r.duration_s,
            metres: r.distance_m,
        },
        Err(_) => Leg {
            geometry: vec![from, to],
            seconds: 0.0,
            metres: 0.0,
            road: false,
        },
    }
}

/// Legs already routed in one request, by their ends: over weeks of dates the same
/// depot → stop legs come back every week, and each is routed once.
type Legs = HashMap<[u64; 4], Leg>;

/// A day as a GeoJSON feature.
fn day_feature(roads: Option<&RoadNetwork>, day: &DayStops<'_>, known: &mut Legs) -> Value {
    let depot = day.unit.depot;
    let mut points: Vec<[f64; 2]> = Vec::new();
    points.extend(depot);
    points.extend(day.visits.iter().map(|v| v.stop.point));
    points.extend(depot);
    points.dedup();
    let legs: Vec<Leg> = points
        .windows(2)
        .map(|w| {
            let key = [w[0][0], w[0][1], w[1][0], w[1][1]].map(f64::to_bits);
            known
                .entry(key)
                .or_insert_with(|| leg(roads, w[0], w[1]))
                .clone()
        })
        .collect();
    let mut line: Vec<[f64; 2]> = Vec::new();
    for l in &legs {
        for p in &l.geometry {
            let p = [round_coordinate(p[0]), round_coordinate(p[1])];
            if line.last() != Some(&p) {
                line.push(p);
            }
        }
    }
    if line.len() == 1 {
        // One stop and no depot: a LineString needs two positions.
        line.push(line[0]);
    }
    let by_road = legs.iter().filter(|l| l.road).count();
    let source = match by_road {
        0 => "straight",
        n if n == legs.len() => "roads",
        _ => "mixed",
    };
    let seconds: f64 = legs.iter().map(|l| l.seconds).sum();
    let metres: f64 = legs.iter().map(|l| l.metres).sum();
    let stops: Vec<Value> = day
        .visits
        .iter()
        .enumerate()
        .map(|(i, v)| {
            json!({
                "order": i + 1, "id": v.stop.id, "name": v.stop.name,
                "commune": v.stop.commune, "commune_name": v.stop.commune_name,
                "venue": v.stop.venue,
                "start": v.start.format("%H:%M").to_string(), "end": v.end.format("%H:%M").to_string(),
                "repeat": v.schedule.recurrence.to_string(),
                "lon": round_coordinate(v.stop.point[0]), "lat": round_coordinate(v.stop.point[1]),
            })
        })
        .collect();
    let legs_json: Vec<Value> = legs
        .iter()
        .map(|l| {
            json!({
                "geometry_source": if l.road { "roads" } else { "straight" },
                "driving_minutes": (l.seconds / 6.0).round() / 10.0,
                "distance_km": (l.metres / 100.0).round() / 10.0,
            })
        })
        .collect();
    let mut properties = json!({
        "unit": day.unit.id, "unit_name": day.unit.name,
        "weekday": weekday_name(day.day.weekday()),
        "depot": depot.map(|d| [round_coordinate(d[0]), round_coordinate(d[1])]),
        "geometry_source": source,
        "driving_minutes": (seconds / 6.0).round() / 10.0,
        "distance_km": (metres / 100.0).round() / 10.0,
        "stops": stops, "legs": legs_json,
    });
    if let DayKey::Date(date) = day.day {
        properties["date"] = json!(date);
    }
    json!({
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": line},
        "properties": properties,
    })
}

/// The unit's days as routes: per weekday of its regular week, or per date over the next
/// `weeks` weeks (1–12) from `from` (default today).
pub async fn routes(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<GeoJson, Problem> {
    let p = Params::new(raw, &["weeks", "from"])?;
    let weeks = match p.get("weeks") {
        Some(_) => Some(p.usize_in("weeks", 1, MAX_ROUTE_WEEKS, 4)? as u32),
        None => None,
    };
    let from = match p.get("from") {
        None => chrono::Local::now().date_naive(),
        Some(v) => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
            Problem::bad_parameter(
                "from",
                format!("`from` must be a date YYYY-MM-DD, got {v:?}"),
            )
        })?,
    };
    let id = UnitId::parse(&id).map_err(|e| Problem::bad_parameter("id", e.to_string()))?;
    let served = state.current();
    if served.mobile.unit(&id).is_none() {
        return Err(Problem::not_found(format!("no mobile unit with id {id}")));
    }
    // Routing work on the quick pool, whose search spaces are made once per core.
    let body = super::quick_pool::run_quick(move || {
        let t = &served.mobile;
        let roads = served.roads.as_deref();
        let days = match weeks {
            Some(w) => t.dates_of(&id, from, w),
            None => t.weekdays_of(&id, from),
        }
        .unwrap_or_default();
        let mut known = Legs::new();
        let features: Vec<Value> = days
            .iter()
            .map(|d| day_feature(roads, d, &mut known))
            .collect();
        json!({
            "type": "FeatureCollection",
            "unit": id,
            "roads_loaded": roads.is_some(),
            "from": from,
            "weeks": weeks,
            "features": features,
        })
    })
    .await?;
    Ok(GeoJson(body))
}

/// What the unit adds to the indicators (`minutes`, default 30, 5–60): the départements of
/// its weekly stops with and without it. Times by road when a network covers them.
pub async fn contribution(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<axum::Json<Value>, Problem> {
    let p = Params::new(raw, &["minutes"])?;
    let minutes = p.usize_in("minutes", 5, 60, 30)? as u32;
    let id = UnitId::parse(&id).map_err(|e| Problem::bad_parameter("id", e.to_string()))?;
    let served = state.current();
    if served.mobile.unit(&id).is_none() {
        return Err(Problem::not_found(format!("no mobile unit with id {id}")));
    }
    let as_of = chrono::Local::now().date_naive();
    let mut params = crate::coverage::CoverageParams::defaults(as_of);
    params.minutes = vec![minutes];
    params.gap_minutes = minutes;
    let permit = state
        .heavy
        .enter("a unit's contribution to coverage")
        .await?;
    let result = super::limits::run_heavy(permit, move || {
        let places = crate::coverage::sites_of(&served.snapshot, as_of);
        crate::coverage::unit_contribution(
            &served.snapshot,
            &places,
            &served.mobile,
            &id,
            served.roads.as_deref(),
            &params,
        )
        .map(|c| (id, c))
    })
    .await
    .map_err(|e| Problem::internal(e.to_string()))??;
    let (id, c) = result;
    let c = c.ok_or_else(|| Problem::not_found(format!("no mobile unit with id {id}")))?;
    let mut body = serde_json::to_value(&c).map_err(|e| Problem::internal(e.to_string()))?;
    body["unit"] = json!(id);
    body["as_of"] = json!(as_of);
    Ok(axum::Json(body))
}
