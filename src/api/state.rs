//! What every handler can reach.

use super::answer_cache::AnswerCache;
use super::feature_json::FeatureJsonCache;
use super::limits::{HeavyGate, Limits};
use super::place_search::SpatialQueries;
use super::road_tiles::RoadTiles;
use super::tiles::{TileService, TileSource};
use crate::coverage::Site;
use crate::registry::Snapshot;
use crate::routing::RoadNetwork;
use crate::service::{Served, ServedHandle};
use std::sync::{Arc, Mutex};

/// Shared application state, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The registry snapshot and road network in service, swapped whole on reload.
    pub served: ServedHandle,
    /// Places as the indicators see them, for one (snapshot, reference date).
    pub sites: Arc<Mutex<Option<SitesCache>>>,
    /// What bounds a request's cost.
    pub limits: Limits,
    /// Admission of heavy computations.
    pub heavy: HeavyGate,
    /// The index that finds places by position (the snapshot's, or PostGIS's).
    pub spatial: SpatialQueries,
    /// Vector tiles: who cuts them, and the ones kept.
    pub tiles: TileService,
    /// Residents' answers kept ready.
    pub answers: AnswerCache,
    /// The main roads' tiles, cut from the network in service.
    pub road_tiles: RoadTiles,
    /// The places' features serialised for the residents' lists, per snapshot.
    pub feature_json: FeatureJsonCache,
}

/// The snapshot and reference date the cached sites were computed for, and the sites.
pub type SitesCache = (Arc<Snapshot>, chrono::NaiveDate, Arc<Vec<Site>>);

impl AppState {
    /// State with the default [`Limits`].
    pub fn new(served: ServedHandle) -> Self {
        Self::with_limits(served, Limits::defaults())
    }

    pub fn with_limits(served: ServedHandle, limits: Limits) -> Self {
        AppState {
            served,
            sites: Arc::default(),
            limits,
            heavy: HeavyGate::new(&limits),
            spatial: SpatialQueries::Memory,
            tiles: TileService::new(TileSource::InProcess(Default::default()), limits.heavy_wait),
            answers: AnswerCache::default(),
            road_tiles: RoadTiles::default(),
            feature_json: FeatureJsonCache::default(),
        }
    }

    /// The same state, its tiles cut by `source`.
    pub fn with_tile_source(mut self, source: TileSource) -> Self {
        self.tiles = TileService::new(source, self.limits.heavy_wait);
        self
    }

    /// The whole state in service: snapshot and roads that belong together.
    pub fn current(&self) -> Arc<Served> {
        self.served.current()
    }

    /// The current registry snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current().snapshot.clone()
    }

    /// The road network in service, if any.
    pub fn roads(&self) -> Option<Arc<RoadNetwork>> {
        self.current().roads.clone()
    }
}
