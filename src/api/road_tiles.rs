//! `/tiles/roads/{z}/{x}/{y}.mvt` and `/tiles/roads.json`: the main roads of the road network
//! in service as vector tiles, cut in process whatever the database (the network lives in its
//! folder beside it, not in the store). The index and the tiles cut are kept until the
//! network changes; tiles are made off the async threads.

use super::tile_cache::EncodedTile;
use super::Problem;
use crate::model::TileId;
use crate::routing::RoadNetwork;
use crate::service::Served;
use crate::tiles::roads::RoadTileIndex;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Tiles kept at most per network (the oldest kept are dropped first when full).
const TILES_KEPT: usize = 8_192;

/// The roads layer's index and tiles for one network.
struct Built {
    network: Arc<RoadNetwork>,
    index: Arc<RoadTileIndex>,
    tiles: HashMap<TileId, Arc<EncodedTile>>,
}

/// Who cuts the roads tiles, shared by every request (cheap to clone).
#[derive(Clone, Default)]
pub struct RoadTiles {
    built: Arc<Mutex<Option<Built>>>,
}

impl RoadTiles {
    /// The index of `network`, built now if it is not the one last built. Blocking.
    pub fn index(&self, network: &Arc<RoadNetwork>) -> Arc<RoadTileIndex> {
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(b) = built.as_ref() {
            if Arc::ptr_eq(&b.network, network) {
                return b.index.clone();
            }
        }
        let index = Arc::new(RoadTileIndex::build(network.main_roads()));
        *built = Some(Built {
            network: network.clone(),
            index: index.clone(),
            tiles: HashMap::new(),
        });
        index
    }

    /// The roads tile `id` of the network in `served` (empty without a network), cut or kept.
    pub async fn tile(&self, served: &Served, id: TileId) -> Result<Arc<EncodedTile>, Problem> {
        let Some(network) = served.roads.clone() else {
            return Ok(Arc::new(EncodedTile::new(Vec::new())));
        };
        if let Some(kept) = self.kept(&network, id) {
            return Ok(kept);
        }
        let maker = self.clone();
        super::quick_pool::run_quick(move || {
            let index = maker.index(&network);
            let tile = Arc::new(EncodedTile::new(index.encode(id)));
            let mut built = maker.built.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(b) = built.as_mut().filter(|b| Arc::ptr_eq(&b.network, &network)) {
                if b.tiles.len() >= TILES_KEPT {
                    b.tiles.clear();
                }
                b.tiles.insert(id, tile.clone());
            }
            tile
        })
        .await
    }

    fn kept(&self, network: &Arc<RoadNetwork>, id: TileId) -> Option<Arc<EncodedTile>> {
        let built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        let b = built
            .as_ref()
            .filter(|b| Arc::ptr_eq(&b.network, network))?;
        b.tiles.get(&id).cloned()
    }

    /// The layer's bounds (WGS84) and road count; `None` bounds without roads.
    pub async fn summary(&self, served: &Served) -> Result<(Option<[f64; 4]>, usize), Problem> {
        let Some(network) = served.roads.clone() else {
            return Ok((None, 0));
        };
        let maker = self.clone();
        super::quick_pool::run_quick(move || {
            let index = maker.index(&network);
            (index.bounds, index.len())
        })
        .await
    }
}

/// What the tiles' entity tag depends on: the network in service (its build date and source).
pub fn version(served: &Served) -> String {
    served.roads.as_ref().map_or_else(String::new, |n| {
        let m = n.metadata();
        format!("{}|{}", m.built_at, m.source_file.display())
    })
}
