//! Everything that can go wrong in routing, each naming the file, point or value at fault.

use super::defect::GraphDefect;
use super::profile::Profile;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum RoutingError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a readable OSM PBF file ({message})")]
    Pbf { path: PathBuf, message: String },
    #[error("{path}: the extract is empty (no OSM data blocks)")]
    EmptyExtract { path: PathBuf },
    #[error(
        "{path}: no road usable by the {profile} profile (expected ways tagged highway=… with their nodes; found {highway_ways} highway ways)"
    )]
    NoRoads {
        path: PathBuf,
        profile: Profile,
        highway_ways: usize,
    },
    #[error(
        "{path}: prepared road graph is unreadable: {defect}; run `maillage import roads` again"
    )]
    CorruptGraph {
        path: PathBuf,
        // In the message already: not a `#[source]`, or `{e:#}` would say it twice.
        defect: GraphDefect,
    },
    #[error("{what}: coordinates lat={lat}, lon={lon} out of range (expected -90 ≤ lat ≤ 90, -180 ≤ lon ≤ 180)")]
    CoordinateOutOfRange { what: String, lat: f64, lon: f64 },
    #[error(
        "{what}: lat={lat}, lon={lon} is {nearest_m:.0} m from the nearest {profile} road, inside the area the road network covers (in the sea, a lake or off-limits?); expected a point within {max_m:.0} m of a road"
    )]
    Unroutable {
        what: String,
        lat: f64,
        lon: f64,
        profile: Profile,
        nearest_m: f64,
        max_m: f64,
    },
}

impl RoutingError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        RoutingError::Io {
            path: path.into(),
            source,
        }
    }
}
