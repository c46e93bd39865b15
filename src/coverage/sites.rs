//! Places as the indicators see them: a position, the kinds that matter to planners, the
//! supply they offer, and whether their record is stale. Built once per computation from
//! the registry, then edited by what-if scenarios.

use super::landmass::Landmass;
use crate::hours;
use crate::model::{Dispositif, InseeCode};
use crate::registry::Snapshot;
use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Kinds of place, as bit flags, so filters cost one AND.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Kinds(pub u8);

impl Kinds {
    pub const FRANCE_SERVICES: Kinds = Kinds(1);
    pub const CONSEILLER_NUMERIQUE: Kinds = Kinds(1 << 1);
    pub const FREE: Kinds = Kinds(1 << 2);
    pub const SATURDAY: Kinds = Kinds(1 << 3);
    pub const MOBILE: Kinds = Kinds(1 << 4);
    /// Declared fixed, or silent about it (mobile units declare themselves).
    pub const FIXED: Kinds = Kinds(1 << 6);
    /// `date_maj` older than the staleness limit, or missing.
    pub const STALE: Kinds = Kinds(1 << 5);

    pub fn has(self, k: Kinds) -> bool {
        self.0 & k.0 == k.0
    }

    pub fn with(self, k: Kinds) -> Kinds {
        Kinds(self.0 | k.0)
    }
}

/// One place for the indicators.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub id: String,
    pub nom: String,
    /// `[lon, lat]`; `None` when the record has no usable position (counted, never reached).
    pub point: Option<[f64; 2]>,
    /// The commune it counts in.
    pub commune: Option<InseeCode>,
    pub kinds: Kinds,
    /// Weekly opening hours from `horaires`, when they parse and are not zero.
    pub weekly_hours: Option<f64>,
    pub landmass: Landmass,
}

/// What a place offers in a floating catchment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SupplyMeasure {
    /// Weekly opening hours from `horaires` (a mobile unit: those it publishes; its stops
    /// come with the tours), 1 when unknown — DESIGN's default.
    #[default]
    WeeklyHours,
    /// Every place counts 1.
    One,
}

impl Site {
    /// The supply S_j under a measure.
    pub fn supply(&self, measure: SupplyMeasure) -> f64 {
        match measure {
            SupplyMeasure::One => 1.0,
            SupplyMeasure::WeeklyHours => self.weekly_hours.unwrap_or(1.0),
        }
    }
}

/// Records updated more than this many days before the reference date are stale.
pub const STALE_AFTER_DAYS: i64 = 365;

/// Every place of the registry as a site; `as_of` is the reference date for staleness.
pub fn sites_of(snapshot: &Snapshot, as_of: NaiveDate) -> Vec<Site> {
    use rayon::prelude::*;
    snapshot
        .places
        .par_iter()
        .map(|sp| {
            let p = &sp.place;
            let commune = snapshot.place_commune(sp).cloned();
            let hours = p.horaires.as_deref().and_then(|h| hours::parse(h).ok());
            let mut kinds = Kinds::default();
            if p.is_france_services() {
                kinds = kinds.with(Kinds::FRANCE_SERVICES);
            }
            if p.dispositif_programmes_nationaux
                .contains(&Dispositif::ConseillersNumeriques)
            {
                kinds = kinds.with(Kinds::CONSEILLER_NUMERIQUE);
            }
            if p.is_free() {
                kinds = kinds.with(Kinds::FREE);
            }
            if hours.as_ref().is_some_and(|h| h.open_on(Weekday::Sat)) {
                kinds = kinds.with(Kinds::SATURDAY);
            }
            if p.is_mobile() {
                kinds = kinds.with(Kinds::MOBILE);
            }
            if p.is_fixed() {
                kinds = kinds.with(Kinds::FIXED);
            }
            let fresh = p
                .date_maj
                .is_some_and(|d| (as_of - d).num_days() <= STALE_AFTER_DAYS);
            if !fresh {
                kinds = kinds.with(Kinds::STALE);
            }
            Site {
                id: p.id.clone(),
                nom: p.nom.clone(),
                point: p.lon_lat().map(|(lon, lat)| [lon, lat]),
                landmass: commune.as_ref().map_or(Landmass::MAINLAND, Landmass::of),
                commune,
                kinds,
                weekly_hours: hours.map(|h| h.weekly_hours()).filter(|h| *h > 0.0),
            }
        })
        .collect()
}
