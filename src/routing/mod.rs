//! Travel time: road graph from OSM, contraction hierarchies, matrices, isochrones,
//! and the calibrated straight-line model when no road network is loaded.
//!
//! - import: [`import_roads`] (PBF → per-profile graphs, contracted, saved with metadata);
//! - load: [`RoadNetwork::load`];
//! - queries: [`route()`], [`matrix()`], [`isochrone()`], each taking `Option<&RoadNetwork>`
//!   and saying in its answer which [`ModelKind`] produced it.

pub mod build;
pub mod calibration;
pub mod cch;
pub mod ch;
pub mod chains;
pub mod crowfly;
pub mod defect;
pub mod dijkstra;
pub mod error;
pub mod geom;
pub mod graph;
pub mod isochrone;
pub mod main_roads;
pub mod matrix;
pub mod network;
pub mod osm;
pub mod place_ends;
pub mod profile;
pub mod raster;
pub mod route;
pub mod scc;
pub mod search;
pub mod snap;
pub mod speeds;
pub mod store;
pub mod sweep;
pub mod upward;

pub use crowfly::AreaType;
pub use defect::GraphDefect;
pub use error::RoutingError;
pub use isochrone::{isochrone, Isochrones};
pub use matrix::{matrix, Matrix};
pub use network::{
    import_roads, import_roads_hierarchy, import_roads_with, ProfileGraph, RoadImportReport,
    RoadMetadata, RoadNetwork,
};
pub use profile::Profile;
pub use route::{route, Route, SnapReport};

use serde::{Deserialize, Serialize};

/// Which model produced a time or a distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelKind {
    /// Shortest path on the OSM road graph.
    Road,
    /// Straight line × detour factor at an area speed ([`crowfly`]).
    CrowFly,
}

impl ModelKind {
    /// The name used in every answer: `road` or `crow-fly`.
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::Road => "road",
            ModelKind::CrowFly => "crow-fly",
        }
    }
}
