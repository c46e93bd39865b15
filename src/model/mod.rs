//! The domain model: places, communes, their identifiers, and units.

mod commune;
pub mod display_text;
mod ids;
mod place;
mod tile;
mod units;

pub use commune::{Commune, EpciInfo};
pub use ids::{InseeCode, InvalidId};
pub use place::*;
pub use tile::{
    TileId, TileIdError, TileLayer, LOW_DETAIL_BELOW_ZOOM, LOW_DETAIL_TOLERANCE_M, MAX_TILE_ZOOM,
    VERY_LOW_DETAIL_BELOW_ZOOM, VERY_LOW_DETAIL_TOLERANCE_M,
};
pub use units::{Metres, Seconds};
