//! What every handler can reach.

use crate::coverage::Site;
use crate::registry::Snapshot;
use crate::routing::SharedRoads;
use std::sync::{Arc, Mutex, RwLock};

/// Shared application state, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The registry in memory, swapped whole on reload.
    pub registry: Arc<RwLock<Arc<Snapshot>>>,
    /// The road network in service, if any.
    pub roads: SharedRoads,
    /// Places as the indicators see them, for one (snapshot, reference date).
    pub sites: Arc<Mutex<Option<SitesCache>>>,
}

/// The snapshot and reference date the cached sites were computed for, and the sites.
pub type SitesCache = (Arc<Snapshot>, chrono::NaiveDate, Arc<Vec<Site>>);

impl AppState {
    pub fn new(snapshot: Snapshot) -> Self {
        AppState {
            registry: Arc::new(RwLock::new(Arc::new(snapshot))),
            roads: SharedRoads::default(),
            sites: Arc::default(),
        }
    }

    /// The current registry snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.registry.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new(Snapshot::new(Vec::new(), Vec::new(), Vec::new()))
    }
}
