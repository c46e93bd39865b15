//! Vector tiles (Mapbox Vector Tile 2.1) of the communes and places layers. Two makers give the
//! same tiles: [`TileMaker`] cuts them in process from the served snapshot (SQLite, the
//! default), and PostGIS cuts them in SQL (`ST_AsMVT`, in `store`); the API picks one by the
//! database in use and caches what they make. The property names and their meaning are
//! [`fields`]: both makers and the TileJSON documents follow it.

mod clip;
pub mod cover;
mod encode;
pub mod frame;
mod index;
pub mod mvt;

pub use encode::encode;
pub use index::TileIndex;

use crate::model::TileLayer;
use crate::registry::Snapshot;
use std::sync::{Arc, Mutex};

pub use crate::model::{
    LOW_DETAIL_BELOW_ZOOM, LOW_DETAIL_TOLERANCE_M, VERY_LOW_DETAIL_BELOW_ZOOM,
    VERY_LOW_DETAIL_TOLERANCE_M,
};

/// Places per 10,000 inhabitants, as both makers compute it.
pub fn places_per_10k(places: i64, population: u64) -> f64 {
    10_000.0 * places as f64 / population as f64
}

/// The properties of a layer's features and their types (TileJSON's `vector_layers`).
pub fn fields(layer: TileLayer) -> &'static [(&'static str, &'static str)] {
    match layer {
        TileLayer::Communes => &[
            ("code", "String: INSEE code"),
            ("nom", "String: name"),
            ("departement", "String: département code"),
            (
                "population",
                "Number: population municipale (absent when unknown)",
            ),
            (
                "ifn",
                "Number: indice de fragilité numérique, 1–10 (absent when not imported)",
            ),
            ("places", "Number: places counted in the commune"),
            ("france_services", "Number: France Services among them"),
            ("mobile_units", "Number: mobile units among them"),
            (
                "places_per_10k",
                "Number: places per 10,000 inhabitants (absent without population)",
            ),
        ],
        TileLayer::Places => &[
            ("id", "String: place id"),
            ("nom", "String: name"),
            ("france_services", "Boolean: a France Services"),
            (
                "mobile",
                "Boolean: a mobile unit (bus, itinerant permanence)",
            ),
        ],
    }
}

/// The in-process maker: the index of the snapshot in service, rebuilt when the snapshot
/// changes (the first tile after a reload pays for it).
#[derive(Clone, Default)]
pub struct TileMaker {
    built: Arc<Mutex<Option<Built>>>,
}

/// A snapshot and the index built from it.
type Built = (Arc<Snapshot>, Arc<TileIndex>);

impl TileMaker {
    /// The index of `snap`, built now if it is not the one last built. Blocking: call it off
    /// the async threads.
    pub fn index(&self, snap: &Arc<Snapshot>) -> Arc<TileIndex> {
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((s, index)) = built.as_ref() {
            if Arc::ptr_eq(s, snap) {
                return index.clone();
            }
        }
        let index = Arc::new(TileIndex::build(snap));
        *built = Some((snap.clone(), index.clone()));
        index
    }
}

/// Places by kind, counted over the whole registry (kinds are independent: a France Services
/// bus counts as both; `other` is neither).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct PlaceKinds {
    pub total: usize,
    pub france_services: usize,
    pub mobile: usize,
    pub other: usize,
}

/// What a layer's TileJSON says of its data.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LayerSummary {
    /// WGS84 [west, south, east, north] of the features, `None` without any.
    pub bounds: Option<[f64; 4]>,
    /// Features in all tiles: communes with an outline, places with a position.
    pub features: usize,
    /// For the places layer.
    pub kinds: Option<PlaceKinds>,
}

/// The bounds and counts of a layer in `snap`.
pub fn summary(snap: &Snapshot, layer: TileLayer) -> LayerSummary {
    use geo::BoundingRect;
    let mut b: Option<[f64; 4]> = None;
    let mut widen = |x0: f64, y0: f64, x1: f64, y1: f64| {
        let e = b.get_or_insert([x0, y0, x1, y1]);
        e[0] = e[0].min(x0);
        e[1] = e[1].min(y0);
        e[2] = e[2].max(x1);
        e[3] = e[3].max(y1);
    };
    let mut features = 0;
    let mut kinds = None;
    match layer {
        TileLayer::Communes => {
            for r in snap
                .communes
                .iter()
                .filter_map(|c| c.polygon.as_ref()?.bounding_rect())
            {
                features += 1;
                widen(r.min().x, r.min().y, r.max().x, r.max().y);
            }
        }
        TileLayer::Places => {
            let mut k = PlaceKinds::default();
            for sp in &snap.places {
                let p = &sp.place;
                k.total += 1;
                k.france_services += usize::from(p.is_france_services());
                k.mobile += usize::from(p.is_mobile());
                k.other += usize::from(!p.is_france_services() && !p.is_mobile());
                if let (Some(x), Some(y)) = (p.longitude, p.latitude) {
                    features += 1;
                    widen(x, y, x, y);
                }
            }
            kinds = Some(k);
        }
    }
    LayerSummary {
        bounds: b,
        features,
        kinds,
    }
}
