//! `/api/places`: list with filters, one place, nearest places by travel time.

use super::feature_json::Reading;
use super::features::{PlaceCollection, PlaceFeature};
use super::large_answer::{build_aside, Body};
use super::params::Params;
use super::resident_view::ResidentView;
use super::{AppState, GeoJson, Problem, GEO_JSON};
use crate::hours::PARIS;
use crate::registry::PlaceFilter;
use crate::routing::{self, ModelKind, Profile, RoadNetwork};
use crate::spreadsheet;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::DateTime;
use geo::Point;
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/places", get(list))
        .route("/api/places/nearest", get(nearest))
        .route("/api/places/{id}", get(one))
}

/// Every filter parameter of the places endpoints.
pub const FILTERS: &[&str] = &[
    "bbox",
    "commune",
    "departement",
    "services",
    "itinerance",
    "frais",
    "publics",
    "accompagnements",
    "gratuit",
    "sans_rdv",
    "accessible",
    "france_services",
    "open_at",
    "open_now",
];

/// The filter of a request; `now` is the instant of `open_now=true`.
pub fn filter(p: &Params, now: DateTime<chrono_tz::Tz>) -> Result<PlaceFilter, Problem> {
    Ok(PlaceFilter {
        bbox: p.bbox()?,
        commune: p.insee("commune")?,
        departement: p.departement()?,
        services: p.services()?,
        itinerance: p.itinerance()?,
        frais: p.frais()?,
        publics: p.publics()?,
        accompagnements: p.accompagnements()?,
        gratuit: p.flag("gratuit")?,
        sans_rdv: p.flag("sans_rdv")?,
        accessible: p.flag("accessible")?,
        france_services: p.flag("france_services")?,
        open_at: p.open_filter(now)?,
    })
}

/// Now, in Paris.
pub fn now_paris() -> DateTime<chrono_tz::Tz> {
    chrono::Utc::now().with_timezone(&PARIS)
}

/// Places passing every filter given, as a FeatureCollection (`limit`, `offset` to page), or
/// with `format=xlsx` as an Excel workbook of the standard's columns.
async fn list(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let known: Vec<&str> = FILTERS
        .iter()
        .copied()
        .chain(["limit", "offset", "format"])
        .collect();
    let p = Params::new(raw, &known)?;
    let f = filter(&p, now_paris())?;
    let limit = p.usize_in("limit", 1, 50_000, 10_000)?;
    let offset = p.usize_in("offset", 0, usize::MAX, 0)?;
    let snap = state.snapshot();
    let hits = state.spatial.filter(&snap, &f).await?;
    let xlsx = match p.get("format") {
        None | Some("geojson") => false,
        Some("xlsx") => true,
        Some(other) => {
            return Err(Problem::bad_parameter(
                "format",
                format!("format: expected geojson or xlsx, got {other:?}"),
            ))
        }
    };
    // Up to every place of the registry, megabytes.
    build_aside(&headers, move || {
        let page = hits.iter().skip(offset).take(limit);
        if xlsx {
            let table = spreadsheet::places_table(page.map(|&i| &snap.places[i].place));
            return super::coverage::xlsx_body(&table, "lieux.xlsx");
        }
        let features = page
            .map(|&i| PlaceFeature::new(&snap, &snap.places[i], None))
            .collect();
        let mut fc = PlaceCollection::new(features);
        fc.total = Some(hits.len());
        Body::json(GEO_JSON, &fc)
    })
    .await
}

/// One place by id, with what residents read (`open_at` to read its state at an instant).
async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Response, Problem> {
    let p = Params::new(raw, &["open_at"])?;
    let now = now_paris();
    let at = p.open_at()?.unwrap_or(now);
    let snap = state.snapshot();
    let i = snap
        .place_index(&id)
        .ok_or_else(|| Problem::not_found(format!("no place with id {id:?}")))?;
    let view = ResidentView::new(&snap, i, at, now.date_naive());
    Ok(
        GeoJson(PlaceFeature::new(&snap, &snap.places[i], None).with_resident(view))
            .into_response(),
    )
}

/// How many places nearest by distance are timed to find the `limit` nearest by time: a
/// place a little farther on a straight road can be sooner reached than one across a valley.
fn candidates(limit: usize) -> usize {
    (limit * 3).max(30)
}

/// A trip's time (s) and distance (m); `None` when the place cannot be reached.
pub type Trip = (Option<f64>, Option<f64>);

/// Travel time (s) and distance (m) from `origin` to each place, by the road engine when a
/// network is loaded and covers the origin, else by the straight-line model; and which.
pub fn travel(
    roads: Option<&RoadNetwork>,
    origin: [f64; 2],
    places: &[[f64; 2]],
    mode: Profile,
) -> Result<(Vec<Trip>, ModelKind), Problem> {
    if places.is_empty() {
        let model = if roads.is_some() {
            ModelKind::Road
        } else {
            ModelKind::CrowFly
        };
        return Ok((Vec::new(), model));
    }
    // An origin outside the network's box is timed by the straight-line model at once,
    // without snapping every place to roads it cannot reach.
    let roads = roads.filter(|n| n.profile(mode).covers(origin));
    let dests: Vec<Point<f64>> = places.iter().map(|p| Point::new(p[0], p[1])).collect();
    let m = routing::matrix(roads, &[Point::new(origin[0], origin[1])], &dests, mode)?;
    let model = if m.model == ModelKind::Road && m.crow_fly_sources.is_empty() {
        ModelKind::Road
    } else {
        ModelKind::CrowFly
    };
    let cells = (0..m.cols)
        .map(|j| (m.duration_s(0, j), m.distance_m(0, j)))
        .collect();
    Ok((cells, model))
}

/// The places soonest reached from a point, passing the filters, with `distance_m` (straight
/// line), `duree_min` by `mode`, and their hours and state at `open_at` (else now).
async fn nearest(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Response, Problem> {
    let known: Vec<&str> = FILTERS
        .iter()
        .copied()
        .chain(["lat", "lon", "limit", "mode"])
        .collect();
    let p = Params::new(raw, &known)?;
    let (lat, lon) = p.lat_lon()?;
    let limit = p.usize_in("limit", 1, 100, 10)?;
    let now = now_paris();
    let f = filter(&p, now)?;
    let mode = p.mode()?;
    let at = f.open_at.unwrap_or(now);
    let served = state.current();
    let snap = &served.snapshot;
    let near = state
        .spatial
        .nearest(snap, lon, lat, candidates(limit), &f)
        .await?;
    let positions: Vec<[f64; 2]> = near
        .iter()
        .map(|n| {
            let (plon, plat) = snap.places[n.index].place.lon_lat().unwrap_or((lon, lat));
            [plon, plat]
        })
        .collect();
    // From the places' kept ends when they all have a position, else by the matrix. When the
    // answer needs no end that is not kept yet (an origin off the roads needs none), at most
    // one forward search: here; else (snapping places, backward searches) off the async
    // threads, as every routing answer. Only the `limit` soonest are shown: the others need
    // only be known later than them (left unknown, they sort last).
    let indexes: Vec<usize> = near.iter().map(|n| n.index).collect();
    let kept = served.place_ends.soonest_from_kept(
        served.roads.as_deref(),
        [lon, lat],
        &indexes,
        mode,
        limit,
    );
    let (trips, model) = match kept {
        Some(answer) => answer,
        None => {
            let work = served.clone();
            super::quick_pool::run_quick(move || {
                let roads = work.roads.as_deref();
                match work
                    .place_ends
                    .soonest_from(roads, [lon, lat], &indexes, mode, limit)
                {
                    Some(answer) => Ok(answer),
                    None => travel(roads, [lon, lat], &positions, mode),
                }
            })
            .await??
        }
    };
    let mut order: Vec<usize> = (0..near.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |k: usize| trips[k].0.unwrap_or(f64::INFINITY);
        key(a)
            .total_cmp(&key(b))
            .then(near[a].distance_m.total_cmp(&near[b].distance_m))
            .then(near[a].index.cmp(&near[b].index))
    });
    // The collection's members, then the features spliced from their kept parts: the text
    // `PlaceFeature` and `ResidentView` give, without serialising each record again.
    let mut fc = PlaceCollection::new(Vec::new());
    fc.model = Some(model.name());
    fc.mode = Some(mode.as_str());
    fc.evalue_a = Some(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false));
    let empty = serde_json::to_vec(&fc).map_err(|e| Problem::internal(e.to_string()))?;
    let Some(head) = empty.strip_suffix(b"]}") else {
        return Err(Problem::internal(
            "a feature collection that does not end its list",
        ));
    };
    let parts = state.feature_json.of(snap);
    let reading = Reading {
        at,
        today: now.date_naive(),
    };
    let mut body = Vec::with_capacity(head.len() + 2_500 * limit.min(order.len()));
    body.extend_from_slice(head);
    for (n, k) in order.into_iter().take(limit).enumerate() {
        if n > 0 {
            body.push(b',');
        }
        let trip = match trips[k] {
            (Some(s), d) => Some(((s / 6.0).round() / 10.0, d.map(f64::round))),
            (None, _) => None,
        };
        let distance = Some((near[k].distance_m * 10.0).round() / 10.0);
        parts.write_feature(&mut body, snap, near[k].index, distance, trip, reading);
    }
    body.extend_from_slice(b"]}");
    Ok(([(header::CONTENT_TYPE, GEO_JSON)], body).into_response())
}
