//! Travel time: road graph from OSM, contraction hierarchies, matrices, isochrones,
//! and the calibrated straight-line model when no road network is loaded.

use std::sync::{Arc, RwLock};

/// The loaded road networks (car and foot); placeholder until the engine lands.
#[derive(Debug, Default)]
pub struct RoadNetwork;

/// The road network currently in service, swapped whole when a new one is loaded,
/// so a failed load leaves the previous one serving.
pub type SharedRoads = Arc<RwLock<Option<Arc<RoadNetwork>>>>;
