//! What every handler can reach.

use crate::routing::SharedRoads;

/// Shared application state, cheap to clone.
#[derive(Clone, Default)]
pub struct AppState {
    /// The road network in service, if any.
    pub roads: SharedRoads,
}
