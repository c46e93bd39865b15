//! The car speed table: what a car is assumed to average on each kind of road, in one place so
//! a reader (and `maillage stats`, and the road network's metadata) can check it at a glance.
//!
//! Speeds are free-flow averages including bends, junctions and slowing down, not legal limits.
//! They were set against the values established routing engines publish for their stock car
//! profiles, and checked on the same extracts against one of them (BENCHMARKS.md, "Speeds").
//! Where ours differ, the table says why.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One kind of road (`highway=*`) cars may use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassSpeed {
    pub highway: &'static str,
    /// Average when the way has no usable `maxspeed`.
    pub default_kmh: f64,
    /// Highest speed a tagged `maxspeed` may give (after [`MAXSPEED_FACTOR`]): on small roads
    /// the width, the bends and the junctions set the pace, not the legal limit. `None`: the
    /// limit alone.
    pub ceiling_kmh: Option<f64>,
}

const fn class(highway: &'static str, default_kmh: f64, ceiling_kmh: Option<f64>) -> ClassSpeed {
    ClassSpeed {
        highway,
        default_kmh,
        ceiling_kmh,
    }
}

/// Car speeds per `highway` class; classes not listed (tracks, paths, pedestrian streets…)
/// are closed to cars.
pub const CAR_CLASSES: [ClassSpeed; 15] = [
    class("motorway", 100.0, None),
    class("motorway_link", 45.0, None),
    class("trunk", 80.0, None),
    class("trunk_link", 40.0, None),
    class("primary", 65.0, None),
    class("primary_link", 30.0, None),
    class("secondary", 55.0, None),
    class("secondary_link", 25.0, None),
    class("tertiary", 45.0, None),
    class("tertiary_link", 20.0, None),
    class("unclassified", 30.0, Some(40.0)),
    class("road", 20.0, Some(20.0)),
    class("residential", 25.0, Some(25.0)),
    class("living_street", 10.0, Some(10.0)),
    class("service", 15.0, Some(15.0)),
];

/// Share of a tagged `maxspeed` a car averages: a limit is a ceiling, not a pace.
pub const MAXSPEED_FACTOR: f64 = 0.8;

/// Speed factor on `service=parking_aisle|driveway|alley|drive-through`: manoeuvring, not
/// driving.
pub const MINOR_SERVICE_FACTOR: f64 = 0.5;

/// `service=*` values slowed by [`MINOR_SERVICE_FACTOR`].
pub const MINOR_SERVICES: [&str; 5] = [
    "parking_aisle",
    "driveway",
    "alley",
    "drive-through",
    "drive-thru",
];

/// Speed factor on ways only residents and visitors may drive on (`motor_vehicle=destination`,
/// `access=destination`, `customers`, `residents`): a penalty, so that routes do not cut
/// through them while trips that start or end there still can. The road graph has one time per
/// edge and the hierarchy answers exactly on it; an "only at the ends" rule would need a state
/// per search (see BENCHMARKS.md, "Speeds").
pub const DESTINATION_FACTOR: f64 = 0.5;

/// Access values that let a car in only to reach a place on the way.
pub const DESTINATION_ACCESS: [&str; 3] = ["destination", "customers", "residents"];

/// Access values that keep cars out (on the most specific of `motorcar`, `motor_vehicle`,
/// `vehicle`, `access`).
pub const CAR_CLOSED_ACCESS: [&str; 16] = [
    "no",
    "private",
    "agricultural",
    "forestry",
    "delivery",
    "emergency",
    "use_sidepath",
    "permit",
    "psv",
    "bus",
    "taxi",
    "minibus",
    "share_taxi",
    "military",
    "official",
    "restricted",
];

/// Highest speed on a surface (`surface=*`) that is not plain asphalt or concrete.
pub const SURFACE_CAPS_KMH: [(&str, f64); 17] = [
    ("compacted", 50.0),
    ("fine_gravel", 50.0),
    ("paving_stones", 40.0),
    ("bricks", 40.0),
    ("sett", 30.0),
    ("cobblestone", 30.0),
    ("unhewn_cobblestone", 20.0),
    ("gravel", 30.0),
    ("pebblestone", 30.0),
    ("unpaved", 30.0),
    ("ground", 30.0),
    ("dirt", 30.0),
    ("earth", 30.0),
    ("grass", 20.0),
    ("grass_paver", 20.0),
    ("sand", 15.0),
    ("mud", 10.0),
];

/// The row of a `highway` class, `None` when cars may not use it.
pub fn car_class(highway: &str) -> Option<&'static ClassSpeed> {
    CAR_CLASSES.iter().find(|c| c.highway == highway)
}

/// Default car speed (km/h) of a `highway` class, used when `maxspeed` is not tagged.
pub fn car_default_speed_kmh(highway: &str) -> Option<f64> {
    car_class(highway).map(|c| c.default_kmh)
}

/// Highest car speed on a surface, `None` for paved surfaces and unknown values.
pub fn surface_cap_kmh(surface: &str) -> Option<f64> {
    SURFACE_CAPS_KMH
        .iter()
        .find(|(s, _)| *s == surface)
        .map(|(_, kmh)| *kmh)
}

/// One class as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedClass {
    pub highway: String,
    pub default_kmh: f64,
    pub ceiling_kmh: Option<f64>,
}

/// The whole car speed table as the road network's metadata and `maillage stats` publish it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CarSpeedTable {
    /// How a way's speed is set, in words.
    pub rule: String,
    pub classes: Vec<PublishedClass>,
    pub maxspeed_factor: f64,
    pub minor_service_factor: f64,
    pub minor_services: Vec<String>,
    pub destination_factor: f64,
    pub destination_access: Vec<String>,
    pub closed_access: Vec<String>,
    pub surface_caps_kmh: BTreeMap<String, f64>,
}

impl CarSpeedTable {
    /// The table in force.
    pub fn current() -> CarSpeedTable {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        CarSpeedTable {
            rule: "speed = maxspeed × maxspeed_factor, at most the class ceiling (the class \
                   default when maxspeed is not tagged); × minor_service_factor on minor \
                   services; at most the surface cap; × destination_factor on ways open only \
                   to reach a place on them"
                .into(),
            classes: CAR_CLASSES
                .iter()
                .map(|c| PublishedClass {
                    highway: c.highway.into(),
                    default_kmh: c.default_kmh,
                    ceiling_kmh: c.ceiling_kmh,
                })
                .collect(),
            maxspeed_factor: MAXSPEED_FACTOR,
            minor_service_factor: MINOR_SERVICE_FACTOR,
            minor_services: strings(&MINOR_SERVICES),
            destination_factor: DESTINATION_FACTOR,
            destination_access: strings(&DESTINATION_ACCESS),
            closed_access: strings(&CAR_CLOSED_ACCESS),
            surface_caps_kmh: SURFACE_CAPS_KMH
                .iter()
                .map(|(s, k)| (s.to_string(), *k))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_once_and_ceilings_not_below_defaults() {
        for (i, c) in CAR_CLASSES.iter().enumerate() {
            assert!(
                CAR_CLASSES[..i].iter().all(|o| o.highway != c.highway),
                "{} twice",
                c.highway
            );
            assert!(c.ceiling_kmh.is_none_or(|k| k >= c.default_kmh), "{c:?}");
        }
        // A link is slower than its road.
        for c in CAR_CLASSES.iter().filter(|c| c.highway.ends_with("_link")) {
            let road = car_class(c.highway.trim_end_matches("_link")).expect("its road");
            assert!(c.default_kmh < road.default_kmh, "{c:?}");
        }
    }

    #[test]
    fn published_table_holds_every_class() {
        let t = CarSpeedTable::current();
        assert_eq!(t.classes.len(), CAR_CLASSES.len());
        assert_eq!(t.classes[0].highway, "motorway");
        assert_eq!(t.surface_caps_kmh.get("gravel"), Some(&30.0));
    }
}
