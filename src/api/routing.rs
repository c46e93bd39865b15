//! Routing endpoints: `GET /api/route`, `POST /api/matrix`, `GET /api/isochrone`.
//! Handlers parse, call [`crate::routing`] on a blocking thread, and serialise.

use super::{AppState, Problem};
use crate::registry::Snapshot;
use crate::routing::{self, crowfly, ModelKind, Profile, RoadNetwork, RoutingError};
use crate::spatial::data_extent::FAR_FROM_DATA_KM;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use geo::Point;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Most cells a matrix request may ask for.
pub const MAX_MATRIX_CELLS: usize = 1_000_000;
/// Matrices with more cells than this are heavy computations (see [`super::limits`]).
pub const HEAVY_MATRIX_CELLS: usize = 10_000;
/// Most isochrone times per request, and the longest.
pub const MAX_ISOCHRONE_BANDS: usize = 6;
pub const MAX_ISOCHRONE_MINUTES: f64 = 120.0;

/// The three routing endpoints.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/route", get(route_handler))
        .route("/api/matrix", post(matrix_handler))
        .route("/api/isochrone", get(isochrone_handler))
}

/// The road network in service, if any.
pub fn current_roads(state: &AppState) -> Option<Arc<RoadNetwork>> {
    state.roads()
}

/// Runs a routing computation off the async threads; a heavy one (`heavy` names it) waits
/// for its turn first and holds it until the computation ends.
async fn blocking<T: Send + 'static>(
    state: &AppState,
    heavy: Option<&str>,
    f: impl FnOnce() -> Result<T, RoutingError> + Send + 'static,
) -> Result<T, Problem> {
    Ok(match heavy {
        Some(what) => super::limits::run_heavy(state.heavy.enter(what).await?, f).await??,
        None => super::quick_pool::run_quick(f).await??,
    })
}

/// Parses `lat,lon` into a point (`x = lon`).
fn lat_lon(params: &HashMap<String, String>, name: &str) -> Result<Point<f64>, Problem> {
    let raw = params.get(name).ok_or_else(|| {
        Problem::bad_parameter(
            name,
            format!("missing parameter {name}: expected lat,lon, e.g. 43.7431,7.4254"),
        )
    })?;
    let parts: Vec<&str> = raw.split(',').map(str::trim).collect();
    let parsed = match parts.as_slice() {
        [lat, lon] => lat.parse::<f64>().ok().zip(lon.parse::<f64>().ok()),
        _ => None,
    };
    match parsed {
        Some((lat, lon)) if crate::routing::geom::valid_lat_lon(lat, lon) => Ok(Point::new(lon, lat)),
        _ => Err(Problem::bad_parameter(
            name,
            format!("{name}={raw:?}: expected lat,lon in degrees with -90 ≤ lat ≤ 90 and -180 ≤ lon ≤ 180, e.g. 43.7431,7.4254"),
        )),
    }
}

/// How far outside the road network's box a point may lie and still be near it, degrees.
const NETWORK_MARGIN_DEGREES: f64 = 0.5;

/// Refuses (422) a point far from every loaded datum — communes and places of the registry,
/// the road network's box — which is most often latitude and longitude swapped. With no data
/// at all, nothing is refused. `shown` is the point as the client wrote it.
fn near_data(
    snapshot: &Snapshot,
    net: Option<&RoadNetwork>,
    name: &str,
    p: Point<f64>,
    shown: &str,
) -> Result<(), Problem> {
    let registry_km = snapshot.extent.distance_km(p);
    let in_network = net.map(|n| {
        let b = n.profile(Profile::Car).bbox;
        let m = NETWORK_MARGIN_DEGREES;
        p.x() >= b[0] - m && p.x() <= b[2] + m && p.y() >= b[1] - m && p.y() <= b[3] + m
    });
    let near = match (registry_km, in_network) {
        (None, None) => true,
        (km, inside) => km.is_some_and(|d| d <= FAR_FROM_DATA_KM) || inside == Some(true),
    };
    if near {
        return Ok(());
    }
    let how_far = registry_km.map_or_else(String::new, |d| {
        format!(" {d:.0} km from the nearest commune or place and")
    });
    let mut problem = Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        format!(
            "{name} = {shown} (lon {:.6}, lat {:.6}) is{how_far} far outside the loaded data \
             (more than {FAR_FROM_DATA_KM} km); the coordinates may be swapped: \
             /api/route and /api/isochrone take lat,lon (e.g. from=45.76,4.84), \
             /api/matrix takes [lon, lat] (e.g. [4.84, 45.76])",
            p.x(),
            p.y()
        ),
    );
    problem.parameter = Some(name.to_string());
    Err(problem)
}

fn number(params: &HashMap<String, String>, name: &str) -> Result<f64, Problem> {
    let raw = params
        .get(name)
        .ok_or_else(|| Problem::bad_parameter(name, format!("missing parameter {name}")))?;
    raw.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| Problem::bad_parameter(name, format!("{name}={raw:?}: expected a number")))
}

fn profile(value: Option<&str>) -> Result<Profile, Problem> {
    match value {
        None => Ok(Profile::Car),
        Some(v) => Profile::parse(v).ok_or_else(|| {
            Problem::bad_parameter("profile", format!("profile={v:?}: expected car or foot"))
        }),
    }
}

async fn route_handler(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let parsed = (|| {
        Ok::<_, Problem>((
            lat_lon(&params, "from")?,
            lat_lon(&params, "to")?,
            profile(params.get("profile").map(String::as_str))?,
        ))
    })();
    let (from, to, profile) = match parsed {
        Ok(p) => p,
        Err(p) => return p.into_response(),
    };
    let served = state.current();
    let net = served.roads.clone();
    for (name, p) in [("from", from), ("to", to)] {
        let shown = params.get(name).map_or("", String::as_str);
        if let Err(problem) = near_data(&served.snapshot, net.as_deref(), name, p, shown) {
            return problem.into_response();
        }
    }
    match blocking(&state, None, move || {
        routing::route(net.as_deref(), from, to, profile)
    })
    .await
    {
        Ok(r) => {
            let mut body = json!({
                "duration_s": r.duration_s,
                "distance_m": r.distance_m,
                "model": r.model,
                "profile": r.profile,
                "geometry": {"type": "LineString", "coordinates": r.geometry},
                "snap": {"from": r.from, "to": r.to},
            });
            if r.model == ModelKind::CrowFly {
                body["crow_fly"] = json!(crowfly::report());
            }
            // Named as /api/matrix names its crow_fly_sources and crow_fly_destinations.
            if !r.crow_fly_ends.is_empty() {
                body["crow_fly_ends"] = json!(r.crow_fly_ends);
                body["warnings"] = json!(r.warnings);
            }
            Json(body).into_response()
        }
        Err(p) => p.into_response(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MatrixRequest {
    sources: Vec<[f64; 2]>,
    destinations: Vec<[f64; 2]>,
    profile: Option<String>,
}

fn points(name: &str, raw: &[[f64; 2]]) -> Result<Vec<Point<f64>>, Problem> {
    raw.iter()
        .enumerate()
        .map(|(i, p)| {
            if crate::routing::geom::valid_lat_lon(p[1], p[0]) {
                Ok(Point::new(p[0], p[1]))
            } else {
                Err(Problem::bad_parameter(
                    name,
                    format!("{name}[{i}] = [{}, {}]: expected [lon, lat] with -180 ≤ lon ≤ 180 and -90 ≤ lat ≤ 90", p[0], p[1]),
                ))
            }
        })
        .collect()
}

async fn matrix_handler(State(state): State<AppState>, body: Bytes) -> Response {
    let req: MatrixRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return Problem::bad_parameter(
                "body",
                format!("expected {{\"sources\": [[lon,lat],…], \"destinations\": [[lon,lat],…], \"profile\": \"car\"}}: {e}"),
            )
            .into_response()
        }
    };
    let checked = (|| {
        let p = profile(req.profile.as_deref())?;
        let (s, d) = (
            points("sources", &req.sources)?,
            points("destinations", &req.destinations)?,
        );
        if s.is_empty() || d.is_empty() {
            return Err(Problem::bad_parameter(
                "sources",
                "sources and destinations must each hold at least one point",
            ));
        }
        if s.len().saturating_mul(d.len()) > MAX_MATRIX_CELLS {
            return Err(crate::request::RequestError::over_cap(
                "sources",
                format!("at most {MAX_MATRIX_CELLS} cells (sources × destinations) per request; split the request"),
            )
            .got_text(format!("{} × {} cells", s.len(), d.len()))
            .into());
        }
        Ok((s, d, p))
    })();
    let (sources, dests, profile) = match checked {
        Ok(v) => v,
        Err(p) => return p.into_response(),
    };
    let served = state.current();
    let net = served.roads.clone();
    for (name, points) in [("sources", &sources), ("destinations", &dests)] {
        for (i, p) in points.iter().enumerate() {
            let shown = format!("[{}, {}]", p.x(), p.y());
            if let Err(problem) = near_data(
                &served.snapshot,
                net.as_deref(),
                &format!("{name}[{i}]"),
                *p,
                &shown,
            ) {
                return problem.into_response();
            }
        }
    }
    let heavy = (sources.len() * dests.len() > HEAVY_MATRIX_CELLS).then_some("the matrix");
    // Up to a million cells: the JSON is made where the matrix is computed, off the
    // connection's thread.
    match blocking(&state, heavy, move || {
        let m = routing::matrix(net.as_deref(), &sources, &dests, profile)?;
        let rows = |v: &[Option<f64>]| -> Vec<Vec<Option<f64>>> {
            v.chunks(m.cols.max(1)).map(<[_]>::to_vec).collect()
        };
        let mut body = json!({
            "durations": rows(&m.durations_s),
            "distances": rows(&m.distances_m),
            "model": m.model,
            "profile": profile,
        });
        if !m.crow_fly_sources.is_empty() || !m.crow_fly_destinations.is_empty() {
            body["crow_fly_sources"] = json!(m.crow_fly_sources);
            body["crow_fly_destinations"] = json!(m.crow_fly_destinations);
        }
        if m.model == ModelKind::CrowFly
            || !m.crow_fly_sources.is_empty()
            || !m.crow_fly_destinations.is_empty()
        {
            body["crow_fly"] = json!(crowfly::report());
        }
        Ok(Json(body).into_response())
    })
    .await
    {
        Ok(response) => response,
        Err(p) => p.into_response(),
    }
}

fn minutes(params: &HashMap<String, String>) -> Result<Vec<f64>, Problem> {
    let raw = params
        .get("minutes")
        .map(String::as_str)
        .unwrap_or("10,20,30");
    let bad = || {
        Problem::bad_parameter(
            "minutes",
            format!("minutes={raw:?}: expected up to {MAX_ISOCHRONE_BANDS} comma-separated numbers in (0, {MAX_ISOCHRONE_MINUTES}], e.g. 10,20,30"),
        )
    };
    let values: Vec<f64> = raw
        .split(',')
        .map(|v| v.trim().parse::<f64>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    if values.is_empty()
        || values.len() > MAX_ISOCHRONE_BANDS
        || values
            .iter()
            .any(|m| !(*m > 0.0 && *m <= MAX_ISOCHRONE_MINUTES))
    {
        return Err(bad());
    }
    Ok(values)
}

async fn isochrone_handler(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let parsed = (|| {
        let (lat, lon) = (number(&params, "lat")?, number(&params, "lon")?);
        if !(-90.0..=90.0).contains(&lat) {
            return Err(Problem::bad_parameter(
                "lat",
                format!("lat={lat}: expected -90 ≤ lat ≤ 90"),
            ));
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(Problem::bad_parameter(
                "lon",
                format!("lon={lon}: expected -180 ≤ lon ≤ 180"),
            ));
        }
        Ok((
            Point::new(lon, lat),
            minutes(&params)?,
            profile(params.get("profile").map(String::as_str))?,
        ))
    })();
    let (center, minutes, profile) = match parsed {
        Ok(v) => v,
        Err(p) => return p.into_response(),
    };
    let served = state.current();
    let net = served.roads.clone();
    let shown = format!("lat={}&lon={}", center.y(), center.x());
    if let Err(problem) = near_data(&served.snapshot, net.as_deref(), "lat", center, &shown) {
        return problem.into_response();
    }
    match blocking(&state, Some("the isochrone"), move || {
        routing::isochrone(net.as_deref(), center, &minutes, profile)
    })
    .await
    {
        Ok(iso) => {
            let body: Value = iso.to_geojson();
            (
                [(axum::http::header::CONTENT_TYPE, "application/geo+json")],
                Json(body),
            )
                .into_response()
        }
        Err(p) => p.into_response(),
    }
}
