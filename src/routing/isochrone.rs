//! Isochrones: a Dijkstra flood bounded by the largest time asked, then for each time a
//! polygon around the road pieces reached (grid-based, one cell of margin), or a circle of the
//! straight-line model when no road graph covers the point.

use super::crowfly::{self, TripEnds};
use super::dijkstra::flood;
use super::error::RoutingError;
use super::geom::LocalProjection;
use super::network::{ProfileGraph, RoadNetwork};
use super::profile::Profile;
use super::raster::Grid;
use super::route::{checked, locate, Located, SnapReport};
use super::snap::{walk_time_ms, Snapped};
use super::ModelKind;
use crate::spatial::rfc7946::round_coordinate;
use geo::{Coord, LineString, MultiPolygon, Point, Polygon};
use serde_json::json;

/// Smallest grid cell, per profile: finer on foot, where distances are short.
const MIN_CELL_M: [f64; 2] = [60.0, 25.0];
/// The grid is at most about this many cells across.
const MAX_CELLS_ACROSS: f64 = 300.0;

/// The area reachable within each of the times asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Isochrones {
    pub model: ModelKind,
    pub profile: Profile,
    pub center: SnapReport,
    /// `(minutes, area)`, in the order asked.
    pub bands: Vec<(f64, MultiPolygon<f64>)>,
}

impl Isochrones {
    /// A GeoJSON FeatureCollection, one feature per time, properties `minutes`, `model`,
    /// `profile`.
    pub fn to_geojson(&self) -> serde_json::Value {
        let features: Vec<serde_json::Value> = self
            .bands
            .iter()
            .map(|(minutes, area)| {
                let geometry = crate::spatial::rfc7946::polygon_geometry(area);
                json!({
                    "type": "Feature",
                    "properties": {"minutes": minutes, "model": self.model, "profile": self.profile},
                    "geometry": geometry,
                })
            })
            .collect();
        let mut body =
            json!({"type": "FeatureCollection", "features": features, "center": self.center});
        if self.model == ModelKind::CrowFly {
            body["crow_fly"] = json!(crowfly::report());
        }
        body
    }
}

/// Areas reachable from `center` (`x = lon, y = lat`) within each of `minutes`.
pub fn isochrone(
    roads: Option<&RoadNetwork>,
    center: Point<f64>,
    minutes: &[f64],
    profile: Profile,
) -> Result<Isochrones, RoutingError> {
    let c = checked("center", center)?;
    if let Some(network) = roads {
        let g = network.profile(profile);
        if let Located::Road(s) = locate(g, "center", c)? {
            return Ok(road_isochrone(g, c, &s, minutes));
        }
    }
    Ok(circles(c, minutes, profile))
}

fn to_lon_lat(rings: Vec<super::raster::Rings>, proj: &LocalProjection) -> MultiPolygon<f64> {
    let line = |r: Vec<[f64; 2]>| -> LineString<f64> {
        r.into_iter()
            .map(|p| {
                let q = proj.unproject(p);
                Coord { x: q[0], y: q[1] }
            })
            .collect()
    };
    MultiPolygon(
        rings
            .into_iter()
            .map(|(ext, holes)| Polygon::new(line(ext), holes.into_iter().map(line).collect()))
            .collect(),
    )
}

fn road_isochrone(g: &ProfileGraph, c: [f64; 2], s: &Snapped, minutes: &[f64]) -> Isochrones {
    let limits_ms: Vec<u32> = minutes
        .iter()
        .map(|m| (m * 60_000.0).round() as u32)
        .collect();
    let max_ms = limits_ms.iter().copied().max().unwrap_or(0);
    let starts = g.snap.starts(&g.graph, s);
    let reached = flood(&g.graph, &starts, max_ms);
    let proj = g.projection;
    let xy: Vec<[f64; 2]> = reached
        .iter()
        .map(|&(u, _)| proj.project(g.coords[u as usize]))
        .collect();
    let origin = proj.project(s.point);
    let (mut min, mut max) = (origin, origin);
    for p in &xy {
        min = [min[0].min(p[0]), min[1].min(p[1])];
        max = [max[0].max(p[0]), max[1].max(p[1])];
    }
    let span = (max[0] - min[0]).max(max[1] - min[1]);
    let cell = (span / MAX_CELLS_ACROSS).max(MIN_CELL_M[(g.profile == Profile::Foot) as usize]);
    let walk_ms = walk_time_ms(s.distance_m);
    let bands = limits_ms
        .iter()
        .zip(minutes)
        .map(|(&limit, &m)| {
            let mut grid = Grid::covering(min, max, cell, 2);
            if walk_ms <= limit {
                grid.burn_segment(origin, origin);
            }
            for st in &starts {
                if st.time_ms <= limit {
                    grid.burn_segment(origin, proj.project(g.coords[st.node as usize]));
                }
            }
            for (k, &(u, t)) in reached.iter().enumerate() {
                if t > limit {
                    continue;
                }
                for e in g.graph.edges(u) {
                    let v = g.graph.head[e] as usize;
                    let end = proj.project(g.coords[v]);
                    let share = (f64::from(limit - t) / f64::from(g.graph.time_ms[e])).min(1.0);
                    let a = xy[k];
                    grid.burn_segment(
                        a,
                        [
                            a[0] + (end[0] - a[0]) * share,
                            a[1] + (end[1] - a[1]) * share,
                        ],
                    );
                }
            }
            grid.dilate();
            (m, to_lon_lat(grid.polygons(), &proj))
        })
        .collect();
    Isochrones {
        model: ModelKind::Road,
        profile: g.profile,
        center: SnapReport {
            point: c,
            snapped: Some([round_coordinate(s.point[0]), round_coordinate(s.point[1])]),
            distance_m: (s.distance_m * 10.0).round() / 10.0,
            walk_s: f64::from(walk_ms) / 1000.0,
            nearest_road_m: None,
        },
        bands,
    }
}

/// Circles of the straight-line model (64 vertices).
fn circles(c: [f64; 2], minutes: &[f64], profile: Profile) -> Isochrones {
    let proj = LocalProjection::new(c[1]);
    let o = proj.project(c);
    let bands = minutes
        .iter()
        .map(|&m| {
            let r = crowfly::reach_m(m * 60.0, profile, TripEnds::default());
            let ring: Vec<[f64; 2]> = (0..=64)
                .map(|k| {
                    let a = (k % 64) as f64 / 64.0 * std::f64::consts::TAU;
                    [o[0] + r * a.cos(), o[1] + r * a.sin()]
                })
                .collect();
            (m, to_lon_lat(vec![(ring, Vec::new())], &proj))
        })
        .collect();
    Isochrones {
        model: ModelKind::CrowFly,
        profile,
        center: SnapReport {
            point: c,
            snapped: None,
            distance_m: 0.0,
            walk_s: 0.0,
            nearest_road_m: None,
        },
        bands,
    }
}
