//! What the service answers from at one instant: a registry snapshot, the road network (if
//! any) and the data generation they were built from. Built aside, then swapped whole, so a
//! request that takes [`ServedHandle::current`] once sees either the old data or the new,
//! never a mix.

use super::{RoadFolder, RoadLoad, RoadsVersion, ServiceError};
use crate::mobile::Timetable;
use crate::registry::Snapshot;
use crate::routing::place_ends::PlaceEnds;
use crate::routing::{ModelKind, RoadNetwork};
use crate::store::{MobileStore, Store};
use std::sync::{Arc, RwLock};
use std::time::Instant;

/// One consistent state of the served data.
pub struct Served {
    pub snapshot: Arc<Snapshot>,
    /// Mobile units, stops and visit schedules, read with the snapshot.
    pub mobile: Arc<Timetable>,
    pub roads: Option<Arc<RoadNetwork>>,
    /// The places' snapped positions and backward search spaces on `roads`, kept as
    /// questions need them (see [`PlaceEnds`]).
    pub place_ends: Arc<PlaceEnds>,
    /// The store's generation the snapshot was read at (see [`Store::generation`]).
    pub generation: i64,
    pub roads_version: Option<RoadsVersion>,
    /// When this state was built (RFC 3339).
    pub loaded_at: String,
}

impl Served {
    /// Reads the store and the road folder, both at once. A road network that cannot be
    /// loaded is reported in the status (the service starts on the straight-line model).
    pub async fn load<S: Store + MobileStore>(
        store: &S,
        roads: &RoadFolder,
    ) -> Result<(Served, ReloadStatus), ServiceError> {
        let started = Instant::now();
        let folder = roads.clone();
        let network = async {
            tokio::task::spawn_blocking(move || {
                let t = Instant::now();
                (folder.load(), t.elapsed())
            })
            .await
            .map_err(|e| ServiceError::Task(e.to_string()))
        };
        let registry = async {
            let t = Instant::now();
            load_registry(store).await.map(|r| (r, t.elapsed()))
        };
        let (registry, network) = tokio::join!(registry, network);
        let (((snapshot, mobile, generation), registry_took), (network, roads_took)) =
            (registry?, network?);
        tracing::info!(
            registry_ms = registry_took.as_millis() as u64,
            roads_ms = roads_took.as_millis() as u64,
            total_ms = started.elapsed().as_millis() as u64,
            "loaded the registry and the road network"
        );
        let mut status = ReloadStatus::default();
        let (roads, roads_version) = match network {
            RoadLoad::Loaded(n, v) => (Some(n), Some(v)),
            RoadLoad::Missing | RoadLoad::Changing => (None, None),
            RoadLoad::Failed(v, e) => {
                status.fail(format!("road network in {}: {e}", roads.dir.display()));
                status.failed_roads = Some(v);
                (None, None)
            }
        };
        let served = Served {
            place_ends: place_ends(&snapshot),
            snapshot: Arc::new(snapshot),
            mobile: Arc::new(mobile),
            roads,
            generation,
            roads_version,
            loaded_at: now(),
        };
        Ok((served, status))
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

/// Reads the registry in one transaction, then builds its indexes off the async threads; and
/// the mobile units. The generation is the older of the two reads', so that an import
/// committed between them is read again at the next check.
pub(super) async fn load_registry<S: Store + MobileStore>(
    store: &S,
) -> Result<(Snapshot, Timetable, i64), ServiceError> {
    let rows = store.registry().await?;
    let (mobile, mobile_generation) = crate::mobile::stored::load(store).await?;
    let generation = rows.generation.min(mobile_generation);
    let snapshot = tokio::task::spawn_blocking(move || {
        Snapshot::new(rows.places, rows.communes, rows.epci).with_addresses(&rows.addresses)
    })
    .await
    .map_err(|e| ServiceError::Task(e.to_string()))?;
    Ok((snapshot, mobile, generation))
}

/// Empty slots for the places' ends on the network, one per place of `snapshot`.
pub(super) fn place_ends(snapshot: &Snapshot) -> Arc<PlaceEnds> {
    Arc::new(PlaceEnds::new(
        snapshot
            .places
            .iter()
            .map(|p| p.place.lon_lat().map(|(lon, lat)| [lon, lat]))
            .collect(),
    ))
}

pub(super) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Whether the served state is as fresh as the store: the last reload problem, if any.
#[derive(Debug, Clone, Default)]
pub struct ReloadStatus {
    /// What went wrong at the last check (cleared by a check that loads everything).
    pub error: Option<String>,
    /// Since when that problem lasts (RFC 3339).
    pub since: Option<String>,
    /// A road network version that failed to load: not retried until the folder changes.
    pub failed_roads: Option<RoadsVersion>,
}

impl ReloadStatus {
    /// Records a problem; returns whether it is new (worth logging).
    pub fn fail(&mut self, error: String) -> bool {
        let new = self.error.as_ref() != Some(&error);
        if new {
            self.since = Some(now());
        }
        self.error = Some(error);
        new
    }

    pub fn clear(&mut self) {
        self.error = None;
        self.since = None;
    }
}

/// The state in service and its reload status, shared by every request and swapped whole by
/// the watcher.
#[derive(Clone)]
pub struct ServedHandle {
    served: Arc<RwLock<Arc<Served>>>,
    status: Arc<RwLock<ReloadStatus>>,
}

impl ServedHandle {
    pub fn new(served: Served, status: ReloadStatus) -> Self {
        ServedHandle {
            served: Arc::new(RwLock::new(Arc::new(served))),
            status: Arc::new(RwLock::new(status)),
        }
    }

    /// The state now in service (a cheap clone of an `Arc`): take it once per request.
    pub fn current(&self) -> Arc<Served> {
        match self.served.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Puts a new state in service; requests under way keep the one they started with.
    pub fn replace(&self, served: Served) {
        let new = Arc::new(served);
        match self.served.write() {
            Ok(mut g) => *g = new,
            Err(poisoned) => *poisoned.into_inner() = new,
        }
    }

    pub fn status(&self) -> ReloadStatus {
        match self.status.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn set_status(&self, status: ReloadStatus) {
        match self.status.write() {
            Ok(mut g) => *g = status,
            Err(poisoned) => *poisoned.into_inner() = status,
        }
    }
}
