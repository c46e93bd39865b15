//! Keeps the served state true to the store: polls the store's generation and the road
//! folder's version, rebuilds what changed aside, and swaps it in whole. The registry and the
//! road network are independent: a network that fails to load keeps the previous one serving
//! (and is not retried until the folder changes) while new imports of data are still served.

use super::served::{load_registry, now};
use super::{RoadFolder, RoadLoad, Served, ServedHandle, ServiceError};
use crate::store::{MobileStore, Store};
use std::time::Duration;

/// What one check did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReloadOutcome {
    Unchanged,
    /// A new state is in service; says what changed.
    Reloaded {
        registry: bool,
        roads: bool,
    },
}

/// Compares the served state with the store and the road folder, and swaps in a new one.
pub struct Reloader<S> {
    store: S,
    roads: RoadFolder,
    handle: ServedHandle,
    /// A road folder seen missing once: removed only if still missing at the next check, so
    /// the instant between the two renames of an import is not taken for a removal.
    roads_missing_once: bool,
}

/// What to do about the road network at one check.
enum RoadsStep {
    Keep,
    Remove,
    Load,
}

impl<S: Store + MobileStore> Reloader<S> {
    pub fn new(store: S, roads: RoadFolder, handle: ServedHandle) -> Self {
        Reloader {
            store,
            roads,
            handle,
            roads_missing_once: false,
        }
    }

    /// One check; on success the handle serves what the store and folder hold now, except a
    /// road network that cannot be loaded (kept out, and reported in the status).
    pub async fn check(&mut self) -> Result<ReloadOutcome, ServiceError> {
        let current = self.handle.current();
        let mut status = self.handle.status();
        let generation = self.store.generation().await?;
        let version = self.roads.version();
        let step = match (&version, &current.roads_version) {
            (None, None) => RoadsStep::Keep,
            (None, Some(_)) if self.roads_missing_once => RoadsStep::Remove,
            (None, Some(_)) => {
                self.roads_missing_once = true;
                RoadsStep::Keep
            }
            (Some(new), old) if old.as_ref() == Some(new) => RoadsStep::Keep,
            (Some(new), _) if status.failed_roads.as_ref() == Some(new) => RoadsStep::Keep,
            (Some(_), _) => RoadsStep::Load,
        };
        if version.is_some() {
            self.roads_missing_once = false;
        }

        let (mut roads, mut roads_version) = (current.roads.clone(), current.roads_version.clone());
        let mut roads_changed = false;
        match step {
            RoadsStep::Keep => {}
            RoadsStep::Remove => {
                (roads, roads_version, roads_changed) = (None, None, true);
                status.failed_roads = None;
            }
            RoadsStep::Load => {
                let folder = self.roads.clone();
                match tokio::task::spawn_blocking(move || folder.load())
                    .await
                    .map_err(|e| ServiceError::Task(e.to_string()))?
                {
                    RoadLoad::Loaded(n, v) => {
                        (roads, roads_version, roads_changed) = (Some(n), Some(v), true);
                        status.failed_roads = None;
                    }
                    // Replaced or removed while we read: look again at the next check.
                    RoadLoad::Changing | RoadLoad::Missing => {}
                    RoadLoad::Failed(v, e) => {
                        let message = format!(
                            "road network in {} not loaded, still serving the previous one: {e}",
                            self.roads.dir.display()
                        );
                        if status.fail(message.clone()) {
                            tracing::error!("{message}");
                        }
                        status.failed_roads = Some(v);
                    }
                }
            }
        }
        if status.failed_roads.is_none() {
            status.clear();
        }

        let registry_changed = generation != current.generation;
        let (snapshot, mobile, generation) = if registry_changed {
            let (snapshot, mobile, generation) = load_registry(&self.store).await?;
            (
                std::sync::Arc::new(snapshot),
                std::sync::Arc::new(mobile),
                generation,
            )
        } else {
            (
                current.snapshot.clone(),
                current.mobile.clone(),
                current.generation,
            )
        };
        self.handle.set_status(status);
        if !registry_changed && !roads_changed {
            return Ok(ReloadOutcome::Unchanged);
        }
        self.handle.replace(Served {
            place_ends: super::served::place_ends(&snapshot),
            snapshot,
            mobile,
            roads,
            generation,
            roads_version,
            loaded_at: now(),
        });
        Ok(ReloadOutcome::Reloaded {
            registry: registry_changed,
            roads: roads_changed,
        })
    }
}

/// Checks every `every` until the process ends, logging what was reloaded and, once per
/// distinct problem, why not.
pub async fn watch<S: Store + MobileStore>(mut reloader: Reloader<S>, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match reloader.check().await {
            Ok(ReloadOutcome::Unchanged) => {}
            Ok(ReloadOutcome::Reloaded { registry, roads }) => {
                let s = reloader.handle.current();
                tracing::info!(
                    generation = s.generation,
                    places = s.snapshot.places.len(),
                    communes = s.snapshot.communes.len(),
                    roads = s.roads.is_some(),
                    registry_changed = registry,
                    roads_changed = roads,
                    "reloaded"
                );
            }
            Err(e) => {
                let mut status = reloader.handle.status();
                let message = format!("reload failed, still serving the previous data: {e}");
                if status.fail(message.clone()) {
                    tracing::warn!("{message}");
                }
                reloader.handle.set_status(status);
            }
        }
    }
}
