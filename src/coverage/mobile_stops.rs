//! Mobile units in the indicators, as DESIGN says: a stop visited at least every week counts
//! at its stop, its supply being the visit hours per week there; the unit's own place (a bus
//! drawn at its depot) then no longer counts, its stops standing for it. Units whose stops
//! are unknown keep counting at their place, as before.

use super::landmass::Landmass;
use super::sites::{Kinds, Site};
use crate::mobile::Timetable;
use chrono::{NaiveDate, Weekday};
use std::collections::HashSet;

/// Sites with the weekly stops of `timetable` in force at `as_of` added, and the places of
/// the units visiting them removed. A stop's site id is `stop:<id>`.
pub fn with_mobile_stops(sites: Vec<Site>, timetable: &Timetable, as_of: NaiveDate) -> Vec<Site> {
    let stops = timetable.weekly_stops(as_of);
    if stops.is_empty() {
        return sites;
    }
    let replaced: HashSet<&str> = stops
        .iter()
        .flat_map(|(_, _, units)| units.iter().filter_map(|u| u.place_id.as_deref()))
        .collect();
    // What the units' places were (France Services, free, stale…), for their stops.
    let inherited = |units: &[&crate::mobile::MobileUnit]| {
        let mut kinds = Kinds::MOBILE;
        for u in units {
            if u.france_services {
                kinds = kinds.with(Kinds::FRANCE_SERVICES);
            }
            if let Some(place) = u
                .place_id
                .as_deref()
                .and_then(|id| sites.iter().find(|s| s.id == id))
            {
                for k in [Kinds::FREE, Kinds::CONSEILLER_NUMERIQUE, Kinds::STALE] {
                    if place.kinds.has(k) {
                        kinds = kinds.with(k);
                    }
                }
            }
        }
        kinds
    };
    let added: Vec<Site> = stops
        .iter()
        .map(|(stop, hours, units)| {
            let mut kinds = inherited(units);
            let on_saturday = timetable.schedules.iter().any(|s| {
                s.stop == stop.id && s.is_weekly() && s.weekday == Weekday::Sat && s.in_force(as_of)
            });
            if on_saturday {
                kinds = kinds.with(Kinds::SATURDAY);
            }
            Site {
                id: format!("stop:{}", stop.id),
                nom: stop.name.clone(),
                point: Some(stop.point),
                commune: Some(stop.commune.clone()),
                kinds,
                weekly_hours: Some(*hours).filter(|h| *h > 0.0),
                landmass: Landmass::of(&stop.commune),
            }
        })
        .collect();
    sites
        .into_iter()
        .filter(|s| !replaced.contains(s.id.as_str()))
        .chain(added)
        .collect()
}
