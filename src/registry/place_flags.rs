//! The yes/no facts the residents' filters ask of each place (free, walk in, accessibility
//! information, France Services, fixed or mobile, readable hours), one byte per place in one
//! array, so a filter refuses most places with a mask test instead of searching each place's
//! lists in its large record.

use super::place_hours::PlaceHours;
use super::snapshot::{has_accessibility_info, PlaceFilter};
use crate::model::{Itinerance, ModaliteAcces};
use crate::store::StoredPlace;

/// A set of facts: bits of [`PlaceFlags`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts(u8);

impl Facts {
    const FREE: u8 = 1;
    const WALK_IN: u8 = 1 << 1;
    const ACCESSIBILITY_INFO: u8 = 1 << 2;
    const FRANCE_SERVICES: u8 = 1 << 3;
    const FIXED: u8 = 1 << 4;
    const MOBILE: u8 = 1 << 5;
    const READABLE_HOURS: u8 = 1 << 6;

    fn with(self, bit: u8, yes: bool) -> Facts {
        if yes {
            Facts(self.0 | bit)
        } else {
            self
        }
    }

    /// The facts a place must have to pass a filter (those the filter's other tests need
    /// not check again; an `itinerance` other than fixed or mobile is not among them).
    pub fn required_by(f: &PlaceFilter) -> Facts {
        Facts::default()
            .with(Facts::FREE, f.gratuit)
            .with(Facts::WALK_IN, f.sans_rdv)
            .with(Facts::ACCESSIBILITY_INFO, f.accessible)
            .with(Facts::FRANCE_SERVICES, f.france_services)
            .with(Facts::FIXED, f.itinerance == Some(Itinerance::Fixe))
            .with(Facts::MOBILE, f.itinerance == Some(Itinerance::Itinerant))
            .with(Facts::READABLE_HOURS, f.open_at.is_some())
    }

    fn contains(self, other: Facts) -> bool {
        self.0 & other.0 == other.0
    }
}

/// The facts of every place of a snapshot, by place index.
pub struct PlaceFlags(Vec<Facts>);

impl PlaceFlags {
    pub fn new(places: &[StoredPlace], hours: &PlaceHours) -> PlaceFlags {
        PlaceFlags(
            places
                .iter()
                .enumerate()
                .map(|(i, sp)| {
                    let p = &sp.place;
                    Facts::default()
                        .with(Facts::FREE, p.is_free())
                        .with(
                            Facts::WALK_IN,
                            p.modalites_acces.contains(&ModaliteAcces::SePresenter),
                        )
                        .with(Facts::ACCESSIBILITY_INFO, has_accessibility_info(p))
                        .with(Facts::FRANCE_SERVICES, p.is_france_services())
                        .with(Facts::FIXED, p.is_fixed())
                        .with(Facts::MOBILE, p.is_mobile())
                        .with(Facts::READABLE_HOURS, hours.hours_id(i).is_some())
                })
                .collect(),
        )
    }

    /// Whether place `i` has every one of `needed`.
    pub fn has(&self, i: usize, needed: Facts) -> bool {
        self.0.get(i).is_some_and(|f| f.contains(needed))
    }
}
