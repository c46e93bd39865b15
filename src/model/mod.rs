//! The domain model: places, communes, their identifiers, and units.

mod commune;
pub mod display_text;
mod ids;
mod place;
mod units;

pub use commune::{Commune, EpciInfo};
pub use ids::{InseeCode, InvalidId};
pub use place::*;
pub use units::{Metres, Seconds};
