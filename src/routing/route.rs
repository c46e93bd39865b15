//! One-to-one routes: time, distance and path geometry, by road when a network is loaded and
//! both points are near a road, otherwise by the straight-line model — the same choice as
//! [`super::matrix`] makes for each cell, so a route and a matrix cell agree. One exception:
//! two ends on roads that no road joins get a straight-line route with a warning, where the
//! matrix cell is empty (unreachable).

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
    /// For an end off the road network: the nearest road is at least this far (metres).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest_road_m: Option<f64>,
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
    /// The ends (`from`, `to`) off the loaded road network, which made the whole route use
    /// the straight-line model; empty when no network is loaded or both ends are on it.
    pub crow_fly_ends: Vec<&'static str>,
    /// One sentence per end off the network: which end, where, how far from a road.
    pub warnings: Vec<String>,
}

/// Where a point stands for routing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Located {
    Road(Snapped),
    /// Not covered by the road network: use the straight-line model.
    CrowFly,
}

/// Why a point is off the road network, so routed by the straight-line model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OffNetwork {
    /// Inside the network's area but farther than [`super::snap::SNAP_MAX_M`] from any road
    /// (the sea, a lake, a mountain range): the nearest road is at least `nearest_m` away.
    FarFromRoads { nearest_m: f64 },
    /// Outside the area the network covers, or the graph has no road at all.
    OutsideArea,
}

/// Snaps a point for routes and matrices: on a road, or off the network (never an error).
pub fn place(g: &ProfileGraph, p: [f64; 2]) -> Result<Snapped, OffNetwork> {
    match g.snap(p) {
        SnapOutcome::Snapped(s) => Ok(s),
        SnapOutcome::TooFar { nearest_m } if g.covers(p) => {
            Err(OffNetwork::FarFromRoads { nearest_m })
        }
        SnapOutcome::TooFar { .. } | SnapOutcome::NoRoad => Err(OffNetwork::OutsideArea),
    }
}

/// The warning for an end off the network, naming it, its position and why.
fn off_network_warning(what: &str, p: [f64; 2], profile: Profile, why: OffNetwork) -> String {
    let reason = match why {
        OffNetwork::FarFromRoads { nearest_m } => format!(
            "is at least {nearest_m:.0} m from the nearest {profile} road (more than {:.0} m)",
            super::snap::SNAP_MAX_M
        ),
        OffNetwork::OutsideArea => format!("is outside the area of the loaded {profile} roads"),
    };
    format!("{what}: lat={}, lon={} {reason}: the route is timed by the straight-line model (crow-fly), not by road", p[1], p[0])
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

/// Snaps a point for an isochrone; a point far from any road but inside the network's area is
/// an error (the sea, a lake), one outside the network's area falls back to the straight-line
/// model.
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
        nearest_road_m: None,
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
        crow_fly_ends: Vec::new(),
        warnings: Vec::new(),
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
    match (place(g, a), place(g, b)) {
        (Ok(sa), Ok(sb)) => Ok(road_route(g, a, b, &sa, &sb).unwrap_or_else(|| {
            // Both ends are on roads that no road joins (an island, a closed valley): the
            // straight-line model answers, and says so.
            let mut r = crow_fly_route(a, b, profile);
            r.warnings.push(format!(
                "no {} road joins from and to: the route is timed by the straight-line model \
                 (crow-fly), not by road",
                profile.as_str()
            ));
            r
        })),
        (fa, fb) => {
            let mut r = crow_fly_route(a, b, profile);
            for (what, p, placed) in [("from", a, fa), ("to", b, fb)] {
                let Err(why) = placed else { continue };
                r.crow_fly_ends.push(what);
                r.warnings.push(off_network_warning(what, p, profile, why));
                if let OffNetwork::FarFromRoads { nearest_m } = why {
                    let end = if what == "from" {
                        &mut r.from
                    } else {
                        &mut r.to
                    };
                    end.nearest_road_m = Some(nearest_m.round());
                }
            }
            Ok(r)
        }
    }
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
        crow_fly_ends: Vec::new(),
        warnings: Vec::new(),
    })
}
