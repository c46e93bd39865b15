//! What the service answers from at one instant: a registry snapshot, the road network (if
//! any) and the data generation they were built from. Built aside, then swapped whole, so a
//! request sees either the old data or the new, never a mix.

use super::{RoadFolder, RoadsVersion, ServiceError};
use crate::registry::Snapshot;
use crate::routing::{ModelKind, RoadNetwork};
use crate::store::Store;
use std::sync::{Arc, RwLock};

/// One consistent state of the served data.
pub struct Served {
    pub snapshot: Arc<Snapshot>,
    pub roads: Option<Arc<RoadNetwork>>,
    /// The store's generation the snapshot was read at (see [`Store::generation`]).
    pub generation: i64,
    pub roads_version: Option<RoadsVersion>,
    /// When this state was built (RFC 3339).
    pub loaded_at: String,
}

impl Served {
    /// Reads the store and the road folder, both at once.
    pub async fn load<S: Store>(store: &S, roads: &RoadFolder) -> Result<Served, ServiceError> {
        let started = std::time::Instant::now();
        let generation = store.generation().await?;
        let folder = roads.clone();
        let network = async {
            tokio::task::spawn_blocking(move || {
                let t = std::time::Instant::now();
                folder.load().map(|n| (n, t.elapsed()))
            })
            .await
            .map_err(|e| ServiceError::Task(e.to_string()))?
        };
        let snapshot = async {
            let t = std::time::Instant::now();
            load_snapshot(store).await.map(|s| (s, t.elapsed()))
        };
        let (snapshot, network) = tokio::join!(snapshot, network);
        let ((snapshot, snapshot_took), (network, roads_took)) = (snapshot?, network?);
        tracing::info!(
            snapshot_ms = snapshot_took.as_millis() as u64,
            roads_ms = roads_took.as_millis() as u64,
            total_ms = started.elapsed().as_millis() as u64,
            "loaded the registry and the road network"
        );
        let (roads, roads_version) = match network {
            Some((n, v)) => (Some(n), Some(v)),
            None => (None, None),
        };
        Ok(Served {
            snapshot: Arc::new(snapshot),
            roads,
            generation,
            roads_version,
            loaded_at: now(),
        })
    }

    /// The travel-time model answers use by default: road when a network is loaded.
    pub fn model(&self) -> ModelKind {
        if self.roads.is_some() {
            ModelKind::Road
        } else {
            ModelKind::CrowFly
        }
    }
}

/// Reads the registry's rows, then builds its indexes off the async threads.
pub(super) async fn load_snapshot<S: Store>(store: &S) -> Result<Snapshot, ServiceError> {
    let (places, communes, epci) = tokio::join!(store.places(), store.communes(), store.epci());
    let (places, communes, epci) = (places?, communes?, epci?);
    tokio::task::spawn_blocking(move || Snapshot::new(places, communes, epci))
        .await
        .map_err(|e| ServiceError::Task(e.to_string()))
}

pub(super) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The state in service, shared by every request and swapped whole by the watcher.
#[derive(Clone)]
pub struct ServedHandle(Arc<RwLock<Arc<Served>>>);

impl ServedHandle {
    pub fn new(served: Served) -> Self {
        ServedHandle(Arc::new(RwLock::new(Arc::new(served))))
    }

    /// The state now in service (a cheap clone of an `Arc`).
    pub fn current(&self) -> Arc<Served> {
        match self.0.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Puts a new state in service; requests under way keep the one they started with.
    pub fn replace(&self, served: Served) {
        let new = Arc::new(served);
        match self.0.write() {
            Ok(mut g) => *g = new,
            Err(poisoned) => *poisoned.into_inner() = new,
        }
    }
}
