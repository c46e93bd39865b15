//! Keeps the served state true to the store: polls the store's generation and the road
//! folder's version, rebuilds what changed aside, and swaps it in whole. A failed rebuild
//! leaves the previous state serving and is retried at the next poll.

use super::served::{load_snapshot, now};
use super::{RoadFolder, Served, ServedHandle, ServiceError};
use crate::store::Store;
use std::sync::Arc;
use std::time::Duration;

/// What one check found.
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

impl<S: Store> Reloader<S> {
    pub fn new(store: S, roads: RoadFolder, handle: ServedHandle) -> Self {
        Reloader {
            store,
            roads,
            handle,
            roads_missing_once: false,
        }
    }

    /// One check; on success the handle serves what the store and folder hold now.
    pub async fn check(&mut self) -> Result<ReloadOutcome, ServiceError> {
        let current = self.handle.current();
        let generation = self.store.generation().await?;
        let registry_changed = generation != current.generation;
        let version = self.roads.version();
        let roads_changed = match (&version, &current.roads_version) {
            (None, None) => false,
            (None, Some(_)) => {
                let confirmed = self.roads_missing_once;
                self.roads_missing_once = !confirmed;
                confirmed
            }
            (Some(new), old) => old.as_ref() != Some(new),
        };
        if version.is_some() {
            self.roads_missing_once = false;
        }
        if !registry_changed && !roads_changed {
            return Ok(ReloadOutcome::Unchanged);
        }
        let snapshot = if registry_changed {
            Arc::new(load_snapshot(&self.store).await?)
        } else {
            current.snapshot.clone()
        };
        let (roads, roads_version) = if roads_changed {
            let folder = self.roads.clone();
            match tokio::task::spawn_blocking(move || folder.load())
                .await
                .map_err(|e| ServiceError::Task(e.to_string()))??
            {
                Some((n, v)) => (Some(n), Some(v)),
                None => (None, None),
            }
        } else {
            (current.roads.clone(), current.roads_version.clone())
        };
        self.handle.replace(Served {
            snapshot,
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

/// Checks every `every` until the process ends, logging what was reloaded or why not.
pub async fn watch<S: Store>(mut reloader: Reloader<S>, every: Duration) {
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
            Err(e) => tracing::warn!("reload failed, still serving the previous data: {e}"),
        }
    }
}
