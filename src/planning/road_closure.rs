//! A scenario's closure applied to the loaded road network: the car graph's segments that its
//! points and area close, and what the answer says about them.

use super::request::{Closure, ClosureCaps};
use crate::request::RequestError;
use crate::routing::closure::{segment_at, segments_crossing, ClosedRoads};
use crate::routing::snap::SnapOutcome;
use crate::routing::{Profile, RoadNetwork};
use serde::Serialize;

/// The profile a closure applies to: the indicators time trips by car only.
pub const CLOSED_PROFILE: Profile = Profile::Car;

/// The segments `closure` closes on `roads`' car graph. A point farther than the snapping
/// distance from any road, an area crossing no road, or more segments than `caps` allows is
/// an error naming the field.
pub fn closed_roads(
    closure: &Closure,
    roads: &RoadNetwork,
    caps: &ClosureCaps,
) -> Result<ClosedRoads, RequestError> {
    let g = roads.profile(CLOSED_PROFILE);
    let mut segments = Vec::with_capacity(closure.at.len());
    for (n, p) in closure.at.iter().enumerate() {
        let s = segment_at(g, *p).map_err(|outcome| {
            let why = match outcome {
                SnapOutcome::TooFar { nearest_m } => {
                    format!("close.at[{n}] is {nearest_m:.0} m or more from any road")
                }
                _ => format!("close.at[{n}]: the network has no road"),
            };
            RequestError::new(
                "close.at",
                format!(
                    "points within {} m of a road of the loaded network",
                    crate::routing::snap::SNAP_MAX_M
                ),
            )
            .got_text(why)
        })?;
        segments.push(s);
    }
    if let Some(area) = &closure.area {
        let crossing = segments_crossing(g, area, caps.max_segments).map_err(|n| {
            RequestError::over_cap(
                "close.polygon",
                format!(
                    "an area crossing at most {} road segments",
                    caps.max_segments
                ),
            )
            .got_text(format!("more than {} segments", n - 1))
        })?;
        if crossing.is_empty() {
            return Err(RequestError::new(
                "close.polygon",
                "an area crossing at least one road of the loaded network",
            )
            .got_text("an area without any road"));
        }
        segments.extend(crossing);
    }
    let closed = ClosedRoads::new(g, segments);
    if closed.num_segments() > caps.max_segments {
        return Err(RequestError::over_cap(
            "close",
            format!("at most {} road segments closed", caps.max_segments),
        )
        .got_text(format!("{} segments", closed.num_segments())));
    }
    Ok(closed)
}

/// What a scenario's answer says about its closure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClosureReport {
    /// `car`: the indicators time trips by car.
    pub profile: Profile,
    /// Road segments closed (both directions), directed edges closed, and their length.
    pub segments: usize,
    pub edges: usize,
    pub length_m: f64,
    /// How the times with the closure were made.
    pub method: &'static str,
    /// The closed segments, as a GeoJSON MultiLineString.
    pub geometry: geojson::Geometry,
}

impl ClosureReport {
    pub fn new(closed: &ClosedRoads, roads: &RoadNetwork) -> ClosureReport {
        let lines = closed.lines(roads.profile(CLOSED_PROFILE));
        ClosureReport {
            profile: CLOSED_PROFILE,
            segments: closed.num_segments(),
            edges: closed.edges,
            length_m: (closed.length_m * 10.0).round() / 10.0,
            method: "dijkstra-without-closed-roads",
            geometry: geojson::Geometry::new(geojson::GeometryValue::new_multi_line_string(
                lines.into_iter().map(|l| l.into_iter()),
            )),
        }
    }
}
