//! `GET /api/search?q=`: the residents' search box. Communes by name or postcode, places by
//! name, addresses when an address file is loaded; GeoJSON points, best first, each saying
//! what it is. The places' filters of `/api/places` (services, audiences, free, open at…)
//! restrict the places found by name; communes and addresses, which are where to search
//! from, are kept.

use super::features::PlaceFeature;
use super::params::Params;
use super::places::now_paris;
use super::resident_view::ResidentView;
use super::{AppState, GeoJson, Problem};
use crate::registry::{HitKind, Snapshot};
use crate::spatial::rfc7946;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;

/// Longest query, characters.
pub const MAX_QUERY_CHARS: usize = 200;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/search", get(search))
}

async fn search(
    State(state): State<AppState>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<GeoJson, Problem> {
    let known: Vec<&str> = super::places::FILTERS
        .iter()
        .copied()
        .chain(["q", "limit", "lat", "lon"])
        .collect();
    let p = Params::new(raw, &known)?;
    let q = p.required("q")?;
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(Problem::bad_parameter(
            "q",
            format!("`q` is limited to {MAX_QUERY_CHARS} characters"),
        ));
    }
    let limit = p.usize_in("limit", 1, 50, 10)?;
    let near = match (p.get("lat"), p.get("lon")) {
        (None, None) => None,
        _ => {
            let (lat, lon) = p.lat_lon()?;
            Some([lon, lat])
        }
    };
    let now = now_paris();
    let filter = super::places::filter(&p, now)?;
    let at = filter.open_at.unwrap_or(now);
    let served = state.current();
    let snap = &served.snapshot;
    let mut scored: Vec<(f64, Value)> = snap
        .search
        .search_places_where(q, limit, near, |i| snap.matches(i, &filter))
        .into_iter()
        .filter_map(|h| {
            let f = match h.kind {
                HitKind::Commune(i) => commune_hit(snap, i, h.score),
                HitKind::Place(i) => {
                    let view = ResidentView::new(snap, i, at, now.date_naive());
                    place_hit(snap, i, h.score, view)
                }
            };
            f.map(|f| (h.score, f))
        })
        .collect();
    if let Some(addresses) = &snap.addresses {
        for hit in addresses.search(q, limit) {
            scored.push((hit.score, address_hit(&hit)));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.truncate(limit);
    Ok(GeoJson(json!({
        "type": "FeatureCollection",
        "query": q,
        "features": scored.into_iter().map(|(_, f)| f).collect::<Vec<_>>(),
    })))
}

fn round_score(s: f64) -> f64 {
    (s.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

fn point(lon: f64, lat: f64) -> Value {
    json!({"type": "Point", "coordinates": [rfc7946::round_coordinate(lon), rfc7946::round_coordinate(lat)]})
}

/// A commune as a point with its label "Mauriac (15200)"; `None` without a point.
fn commune_hit(snap: &Snapshot, i: usize, score: f64) -> Option<Value> {
    let c = &snap.communes[i];
    let p = c.point?;
    let label = match c.codes_postaux.first() {
        Some(cp) => format!("{} ({cp})", c.nom),
        None => format!("{} ({})", c.nom, c.departement),
    };
    Some(json!({
        "type": "Feature",
        "id": c.code,
        "geometry": point(p.x(), p.y()),
        "properties": {
            "kind": "commune",
            "label": label,
            "code_insee": c.code,
            "id": null,
            "score": round_score(score),
            "nom": c.nom,
            "departement": c.departement,
            "codes_postaux": c.codes_postaux,
            "population": c.population,
        }
    }))
}

/// A place as its full feature (standard fields and what residents read) with the search's
/// properties; `None` without a position.
fn place_hit(snap: &Snapshot, i: usize, score: f64, view: ResidentView) -> Option<Value> {
    let sp = &snap.places[i];
    sp.place.lon_lat()?;
    let label = view.nom_affiche.clone();
    let mut f = serde_json::to_value(PlaceFeature::new(snap, sp, None).with_resident(view)).ok()?;
    let props = f.get_mut("properties")?.as_object_mut()?;
    props.insert("kind".into(), json!("place"));
    props.insert("label".into(), json!(label));
    props.insert("code_insee".into(), json!(snap.place_commune(sp)));
    props.insert("score".into(), json!(round_score(score)));
    Some(f)
}

fn address_hit(hit: &crate::addresses::AddressHit) -> Value {
    json!({
        "type": "Feature",
        "geometry": point(hit.lon, hit.lat),
        "properties": {
            "kind": "address",
            "label": hit.label,
            "code_insee": hit.code_insee,
            "id": null,
            "score": round_score(hit.score),
        }
    })
}
