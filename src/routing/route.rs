//! One-to-one routes: time, distance and path geometry, by road when a network is loaded and
//! both points are near a road, otherwise by the straight-line model.

use super::ch::Endpoint;
use super::crowfly;
use super::error::RoutingError;
use super::geom::valid_lat_lon;
use super::network::{ProfileGraph, RoadNetwork};
use super::profile::Profile;
use super::snap::{walk_time_ms, SnapOutcome, Snapped};
use super::ModelKind;
use crate::spatial::rfc7946::round_coordinate;
use geo::Point;
use serde::Serialize;

/// How a query point was attached to the road graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapReport {
    /// The point asked for, `[lon, lat]`.
    pub point: [f64; 2],
    /// Where it joins the road graph, `[lon, lat]`; `None` with the crow-fly model.
    pub snapped: Option<[f64; 2]>,
    /// Straight-line distance to the road, walked at walking speed and counted in the answer.
    pub distance_m: f64,
    pub walk_s: f64,
}

/// A route between two points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    pub duration_s: f64,
    pub distance_m: f64,
    pub model: ModelKind,
    pub profile: Profile,
    /// The path, `[lon, lat]` points from the start to the end.
    pub geometry: Vec<[f64; 2]>,
    pub from: SnapReport,
    pub to: SnapReport,
}

/// Where a point stands for routing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Located {
    Road(Snapped),
    /// Not covered by the road network: use the straight-line model.
    CrowFly,
}

/// Checks a point's coordinates, returning it as `[lon, lat]`.
pub fn checked(what: &str, p: Point<f64>) -> Result<[f64; 2], RoutingError> {
    if valid_lat_lon(p.y(), p.x()) {
        Ok([p.x(), p.y()])
    } else {
        Err(RoutingError::CoordinateOutOfRange {
            what: what.to_string(),
            lat: p.y(),
            lon: p.x(),
        })
    }
}

/// Snaps a point; a point far from any road but inside the network's area is an error (the
/// sea, a lake), one outside the network's area falls back to the straight-line model.
pub fn locate(g: &ProfileGraph, what: &str, p: [f64; 2]) -> Result<Located, RoutingError> {
    match g.snap(p) {
        SnapOutcome::Snapped(s) => Ok(Located::Road(s)),
        SnapOutcome::TooFar { nearest_m } if g.covers(p) => Err(RoutingError::Unroutable {
            what: what.to_string(),
            lat: p[1],
            lon: p[0],
            profile: g.profile,
            nearest_m,
            max_m: super::snap::SNAP_MAX_M,
        }),
        SnapOutcome::TooFar { .. } | SnapOutcome::NoRoad => Ok(Located::CrowFly),
    }
}

fn report(point: [f64; 2], s: Option<&Snapped>) -> SnapReport {
    let distance_m = s.map_or(0.0, |s| s.distance_m);
    SnapReport {
        point,
        snapped: s.map(|s| [round_coordinate(s.point[0]), round_coordinate(s.point[1])]),
        distance_m: (distance_m * 10.0).round() / 10.0,
        walk_s: f64::from(walk_time_ms(distance_m)) / 1000.0,
    }
}

fn crow_fly_route(from: [f64; 2], to: [f64; 2], profile: Profile) -> Route {
    let (duration_s, distance_m) =
        crowfly::estimate(from, to, profile, crowfly::TripEnds::default());
    Route {
        duration_s: duration_s.round(),
        distance_m: distance_m.round(),
        model: ModelKind::CrowFly,
        profile,
        geometry: vec![from, to],
        from: report(from, None),
        to: report(to, None),
    }
}

/// The fastest route from `from` to `to` (points are `x = lon, y = lat`).
pub fn route(
    roads: Option<&RoadNetwork>,
    from: Point<f64>,
    to: Point<f64>,
    profile: Profile,
) -> Result<Route, RoutingError> {
    let (a, b) = (checked("from", from)?, checked("to", to)?);
    let Some(network) = roads else {
        return Ok(crow_fly_route(a, b, profile));
    };
    let g = network.profile(profile);
    let (Located::Road(sa), Located::Road(sb)) = (locate(g, "from", a)?, locate(g, "to", b)?)
    else {
        return Ok(crow_fly_route(a, b, profile));
    };
    Ok(road_route(g, a, b, &sa, &sb).unwrap_or_else(|| crow_fly_route(a, b, profile)))
}

/// The road route between two snapped points, `None` if the graph does not join them.
pub fn road_route(
    g: &ProfileGraph,
    a: [f64; 2],
    b: [f64; 2],
    sa: &Snapped,
    sb: &Snapped,
) -> Option<Route> {
    let starts: Vec<Endpoint> = g.snap.starts(&g.graph, sa);
    let ends: Vec<Endpoint> = g.snap.ends(&g.graph, sb);
    let by_graph = g.ch.route(&starts, &ends, true);
    let direct = g.snap.same_segment(&g.graph, sa, sb);
    let (time_ms, dist_dm, mut geometry) = match (by_graph, direct) {
        (Some(r), Some((t, d))) if t <= r.time_ms => (t, d, vec![]),
        (None, Some((t, d))) => (t, d, vec![]),
        (Some(r), _) => {
            let nodes = r.nodes.iter().map(|&n| g.coords[n as usize]).collect();
            (r.time_ms, r.dist_dm, nodes)
        }
        (None, None) => return None,
    };
    geometry.insert(0, sa.point);
    geometry.push(sb.point);
    geometry.dedup();
    let mut geometry: Vec<[f64; 2]> = geometry
        .into_iter()
        .map(|p| [round_coordinate(p[0]), round_coordinate(p[1])])
        .collect();
    geometry.dedup();
    Some(Route {
        duration_s: f64::from(time_ms) / 1000.0,
        distance_m: f64::from(dist_dm) / 10.0,
        model: ModelKind::Road,
        profile: g.profile,
        geometry,
        from: report(a, Some(sa)),
        to: report(b, Some(sb)),
    })
}
