//! What one mobile unit adds to the indicators: the coverage of the départements of its stops
//! computed with the unit (its weekly stops, as the indicators count them) and without it
//! (no stops, no place at its depot), compared commune by commune.

use super::indicators::{compute, CommuneCoverage, CoverageError};
use super::params::CoverageParams;
use super::selection::Selection;
use super::sites::Site;
use super::with_mobile_stops;
use crate::mobile::{Timetable, UnitId};
use crate::registry::Snapshot;
use crate::routing::{ModelKind, RoadNetwork};
use serde::Serialize;
use std::collections::BTreeSet;

/// A commune whose indicators the unit changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommuneChange {
    pub code: String,
    pub nom: String,
    pub population: u64,
    /// Whether a place (or weekly stop) is within the threshold, without and with the unit.
    pub within_before: bool,
    pub within_after: bool,
    /// E2SFCA scores without and with the unit.
    pub e2sfca_before: f64,
    pub e2sfca_after: f64,
    pub mobile_share: Option<f64>,
}

/// The unit's contribution over the départements of its weekly stops.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitContribution {
    pub minutes: u32,
    pub model: ModelKind,
    /// Stops the unit visits every week (only those count in the indicators).
    pub weekly_stops: usize,
    pub departements: Vec<String>,
    pub population_within_before: u64,
    pub population_within_after: u64,
    /// People brought within `minutes` of help by the unit alone.
    pub population_gained: u64,
    pub communes_gained: usize,
    /// Communes whose reach or score the unit changes, most people first.
    pub communes: Vec<CommuneChange>,
}

fn within(c: &CommuneCoverage, minutes: u32) -> bool {
    c.within
        .iter()
        .any(|(t, reached)| *t == minutes && *reached)
}

/// Compares the indicators with and without unit `unit` (places: `places`, the registry's
/// sites before mobile stops are added). `None` when the unit does not exist.
pub fn unit_contribution(
    snapshot: &Snapshot,
    places: &[Site],
    timetable: &Timetable,
    unit: &UnitId,
    roads: Option<&RoadNetwork>,
    params: &CoverageParams,
) -> Result<Option<UnitContribution>, CoverageError> {
    let Some(u) = timetable.unit(unit) else {
        return Ok(None);
    };
    let minutes = params.gap_minutes;
    let as_of = params.as_of;
    let weekly: Vec<_> = timetable
        .weekly_stops(as_of)
        .into_iter()
        .filter(|(_, _, units)| units.iter().any(|v| v.id == u.id))
        .map(|(stop, _, _)| stop)
        .collect();
    let departements: BTreeSet<String> = weekly
        .iter()
        .map(|s| s.commune.departement().to_string())
        .collect();
    let mut selected: Vec<usize> = Vec::new();
    for d in &departements {
        selected.extend(Selection::Departement(d.clone()).communes(snapshot)?);
    }
    let empty = UnitContribution {
        minutes,
        model: ModelKind::CrowFly,
        weekly_stops: weekly.len(),
        departements: departements.iter().cloned().collect(),
        population_within_before: 0,
        population_within_after: 0,
        population_gained: 0,
        communes_gained: 0,
        communes: vec![],
    };
    if selected.is_empty() {
        return Ok(Some(empty));
    }
    let with_unit = with_mobile_stops(places.to_vec(), timetable, as_of);
    let others = Timetable::new(
        timetable.units.clone(),
        timetable.stops.clone(),
        timetable
            .schedules
            .iter()
            .filter(|s| s.unit != u.id)
            .cloned()
            .collect(),
    );
    let without_place: Vec<Site> = places
        .iter()
        .filter(|s| u.place_id.as_deref() != Some(s.id.as_str()))
        .cloned()
        .collect();
    let without_unit = with_mobile_stops(without_place, &others, as_of);
    let after = compute(snapshot, &with_unit, &selected, roads, params)?;
    let before = compute(snapshot, &without_unit, &selected, roads, params)?;
    let mut out = UnitContribution {
        model: after.model,
        ..empty
    };
    let before_of: std::collections::HashMap<&str, &CommuneCoverage> = before
        .communes
        .iter()
        .map(|c| (c.code.as_str(), c))
        .collect();
    for a in &after.communes {
        let Some(b) = before_of.get(a.code.as_str()) else {
            continue;
        };
        let (wb, wa) = (within(b, minutes), within(a, minutes));
        if wb {
            out.population_within_before += b.population;
        }
        if wa {
            out.population_within_after += a.population;
        }
        if wa && !wb {
            out.population_gained += a.population;
            out.communes_gained += 1;
        }
        if wa != wb || (a.e2sfca - b.e2sfca).abs() > 1e-12 {
            out.communes.push(CommuneChange {
                code: a.code.clone(),
                nom: a.nom.clone(),
                population: a.population,
                within_before: wb,
                within_after: wa,
                e2sfca_before: b.e2sfca,
                e2sfca_after: a.e2sfca,
                mobile_share: a.mobile_share,
            });
        }
    }
    out.communes.sort_by(|x, y| {
        (y.within_after && !y.within_before)
            .cmp(&(x.within_after && !x.within_before))
            .then(y.population.cmp(&x.population))
            .then(x.code.cmp(&y.code))
    });
    Ok(Some(out))
}
