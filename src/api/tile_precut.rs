//! Cuts the tiles of small zooms ahead of requests, each time the data generation changes. At
//! zoom 6 (the map pages' first view of France) a tile holds thousands of communes and takes
//! PostGIS a few hundred milliseconds to cut; cut once in the background after an import, the
//! first visitor gets it from the cache. From zoom 9 on, a tile holds few enough communes to be cut
//! on demand (p99 ~15 ms on PostGIS).

use super::tiles::{cached_or_cut, CutAhead};
use super::AppState;
use crate::model::TileLayer;
use crate::tiles::cover::tiles_touched_by_communes;
use std::time::Duration;

/// The zooms cut ahead, in the order they are cut: the pages' first view first.
pub const PRECUT_ZOOMS: [u8; 9] = [6, 7, 8, 5, 4, 3, 2, 1, 0];

/// How often the task looks for a new generation.
const LOOK_EVERY: Duration = Duration::from_millis(200);

/// Runs until the process ends: after each change of generation, cuts every tile of
/// [`PRECUT_ZOOMS`] that a commune touches, one at a time (requests keep the other permits),
/// starting again if the generation changes under it.
pub async fn keep_small_zooms_cut(state: AppState) {
    let mut done: Option<i64> = None;
    loop {
        let served = state.current();
        if done != Some(served.generation) {
            let started = std::time::Instant::now();
            let snapshot = served.snapshot.clone();
            let tiles = tokio::task::spawn_blocking(move || {
                PRECUT_ZOOMS
                    .iter()
                    .flat_map(|&z| tiles_touched_by_communes(&snapshot, z))
                    .collect::<Vec<_>>()
            })
            .await
            .unwrap_or_default();
            let mut cut = 0;
            let mut complete = true;
            'tiles: for id in &tiles {
                for layer in [TileLayer::Communes, TileLayer::Places] {
                    if state.current().generation != served.generation {
                        complete = false;
                        break 'tiles;
                    }
                    match cached_or_cut(&state.tiles, &served, layer, *id).await {
                        Ok(_) => cut += 1,
                        Err(problem) => {
                            tracing::warn!(tile = %id, "tile not cut ahead: {}", problem.detail);
                        }
                    }
                }
            }
            if complete {
                let report = CutAhead {
                    generation: served.generation,
                    tiles: cut,
                    seconds: started.elapsed().as_secs_f64(),
                };
                tracing::info!(?report, "small-zoom tiles cut ahead");
                state.tiles.record_cut_ahead(report);
                done = Some(served.generation);
            }
        }
        tokio::time::sleep(LOOK_EVERY).await;
    }
}
