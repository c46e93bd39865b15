//! Spatial indexes: nearest places, places in a box, the commune a point lies in.

mod commune_locator;
pub mod data_extent;
pub mod geodesy;
mod place_grid;
mod place_index;
pub mod rfc7946;

pub use commune_locator::{distance_to_polygon_m, CommuneLocator};
pub use place_grid::PlaceGrid;
pub use place_index::{PlaceIndex, PlaceNeighbour};
