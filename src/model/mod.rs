//! The domain model: places, communes and their identifiers.

mod commune;
mod ids;
mod place;

pub use commune::{Commune, EpciInfo};
pub use ids::{InseeCode, InvalidId};
pub use place::*;
