//! A mobile unit: a bus France Services, a "bus numérique", a camper van, an itinerant
//! permanence — help that travels to the villages on a timetable.

use super::UnitId;
use crate::model::InseeCode;
use serde::{Deserialize, Serialize};

/// One mobile unit, as its organiser or the France Services list describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MobileUnit {
    pub id: UnitId,
    pub name: String,
    /// Who runs it (a structure, a community of communes…).
    pub operator: Option<String>,
    /// The registry place this unit is, when it has one (`fs-47`): its stops then stand for
    /// it in the coverage indicators.
    pub place_id: Option<String>,
    /// Where it leaves from, `[lon, lat]`.
    pub depot: Option<[f64; 2]>,
    pub depot_commune: Option<InseeCode>,
    /// Bus, van, car, permanence (no vehicle)…
    pub vehicle: Option<String>,
    pub seats: Option<u32>,
    pub wheelchair_places: Option<u32>,
    /// What it offers, in the organiser's words.
    pub services: Vec<String>,
    pub france_services: bool,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The free text its timetable was read from (France Services `commentaire`), kept whole.
    pub source_text: Option<String>,
    /// What could not be read from that text, one line per fact.
    pub unread: Vec<String>,
    /// Where the unit came from: `mobile-csv` or `france-services`, and the file.
    pub source: String,
}
