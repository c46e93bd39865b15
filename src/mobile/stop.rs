//! A stop: where a mobile unit parks and receives people.

use super::StopId;
use crate::model::InseeCode;
use serde::{Deserialize, Serialize};

/// One stop (a town hall, a library, a market square…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stop {
    pub id: StopId,
    /// What residents call it (`Monthois, mairie`).
    pub name: String,
    pub commune: InseeCode,
    /// The commune's name when imported, for answers and calendars.
    pub commune_name: String,
    /// Town hall, library, market square…
    pub venue: Option<String>,
    /// `[lon, lat]`.
    pub point: [f64; 2],
    /// Whether the point is the commune's town hall (or centre), not the stop's own.
    pub point_is_commune: bool,
    /// A room accessible to wheelchairs.
    pub accessible: Option<bool>,
    /// An internet connection available at the stop.
    pub internet: Option<bool>,
}
