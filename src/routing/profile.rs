//! Travel profiles (car, foot) and how OSM way tags turn into access, direction and speed.
//!
//! All defaults live here, in one table per profile, so a reader can check them at a glance.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A way of travelling: each has its own road graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Car,
    Foot,
}

impl Profile {
    pub const ALL: [Profile; 2] = [Profile::Car, Profile::Foot];

    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Car => "car",
            Profile::Foot => "foot",
        }
    }

    /// Parses `car` or `foot` (case-insensitive).
    pub fn parse(value: &str) -> Option<Profile> {
        match value.trim().to_ascii_lowercase().as_str() {
            "car" => Some(Profile::Car),
            "foot" | "walk" | "walking" => Some(Profile::Foot),
            _ => None,
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Walking speed, also used for the distance between a point and the road it snaps to.
pub const WALK_SPEED_KMH: f64 = 5.0;
/// Walking speed on steps.
pub const STEPS_SPEED_KMH: f64 = 3.0;

/// Default car speed (km/h) per `highway` class, used when `maxspeed` is not tagged.
/// Averages including junctions and traffic, not legal limits. `None`: not for cars.
pub fn car_default_speed_kmh(highway: &str) -> Option<f64> {
    Some(match highway {
        "motorway" => 115.0,
        "motorway_link" => 60.0,
        "trunk" => 90.0,
        "trunk_link" => 50.0,
        "primary" => 70.0,
        "primary_link" => 45.0,
        "secondary" => 60.0,
        "secondary_link" => 40.0,
        "tertiary" => 50.0,
        "tertiary_link" => 35.0,
        "unclassified" => 40.0,
        "road" => 30.0,
        "residential" => 30.0,
        "living_street" => 10.0,
        "service" => 15.0,
        _ => return None,
    })
}

/// Whether pedestrians may use a `highway` class unless tagged otherwise.
fn foot_by_default(highway: &str) -> bool {
    matches!(
        highway,
        "trunk"
            | "trunk_link"
            | "primary"
            | "primary_link"
            | "secondary"
            | "secondary_link"
            | "tertiary"
            | "tertiary_link"
            | "unclassified"
            | "road"
            | "residential"
            | "living_street"
            | "service"
            | "pedestrian"
            | "footway"
            | "path"
            | "steps"
            | "track"
            | "bridleway"
            | "corridor"
    )
}

/// Whether an access value lets the traveller through (`no`, `private` and the like do not).
fn access_allows(value: &str) -> bool {
    !matches!(
        value,
        "no" | "private" | "agricultural" | "forestry" | "delivery" | "emergency" | "use_sidepath"
    )
}

/// What a profile may do on a way: speed in each direction (`None` = not allowed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WayRule {
    pub forward_kmh: Option<f64>,
    pub backward_kmh: Option<f64>,
}

impl WayRule {
    pub fn usable(&self) -> bool {
        self.forward_kmh.is_some() || self.backward_kmh.is_some()
    }
}

/// The few tags of a way that routing reads.
#[derive(Debug, Default, Clone)]
pub struct WayTags<'a> {
    pub highway: Option<&'a str>,
    pub area: Option<&'a str>,
    pub access: Option<&'a str>,
    pub vehicle: Option<&'a str>,
    pub motor_vehicle: Option<&'a str>,
    pub motorcar: Option<&'a str>,
    pub foot: Option<&'a str>,
    pub oneway: Option<&'a str>,
    pub oneway_foot: Option<&'a str>,
    pub junction: Option<&'a str>,
    pub maxspeed: Option<&'a str>,
}

impl<'a> WayTags<'a> {
    /// Collects the tags routing cares about from `(key, value)` pairs.
    pub fn from_pairs(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Self {
        let mut t = WayTags::default();
        for (k, v) in pairs {
            let slot = match k {
                "highway" => &mut t.highway,
                "area" => &mut t.area,
                "access" => &mut t.access,
                "vehicle" => &mut t.vehicle,
                "motor_vehicle" => &mut t.motor_vehicle,
                "motorcar" => &mut t.motorcar,
                "foot" => &mut t.foot,
                "oneway" => &mut t.oneway,
                "oneway:foot" => &mut t.oneway_foot,
                "junction" => &mut t.junction,
                "maxspeed" => &mut t.maxspeed,
                _ => continue,
            };
            *slot = Some(v);
        }
        t
    }
}

/// Direction restriction read from `oneway` (and implied by roundabouts and motorways).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Oneway {
    Both,
    Forward,
    Backward,
    Closed,
}

fn oneway_value(value: Option<&str>, implied: bool) -> Oneway {
    match value {
        Some("yes" | "true" | "1") => Oneway::Forward,
        Some("-1" | "reverse") => Oneway::Backward,
        Some("no" | "false" | "0") => Oneway::Both,
        Some("reversible" | "alternating") => Oneway::Closed,
        _ if implied => Oneway::Forward,
        _ => Oneway::Both,
    }
}

fn with_direction(speed_kmh: f64, oneway: Oneway) -> WayRule {
    let (f, b) = match oneway {
        Oneway::Both => (true, true),
        Oneway::Forward => (true, false),
        Oneway::Backward => (false, true),
        Oneway::Closed => (false, false),
    };
    WayRule {
        forward_kmh: f.then_some(speed_kmh),
        backward_kmh: b.then_some(speed_kmh),
    }
}

const CLOSED: WayRule = WayRule {
    forward_kmh: None,
    backward_kmh: None,
};

/// Parses a `maxspeed` value in km/h: `50`, `30 mph`, `FR:urban`, `walk`; `None` when unusable.
pub fn parse_maxspeed_kmh(value: &str) -> Option<f64> {
    let v = value.trim();
    let zone = match v {
        "FR:urban" | "FR:zone30" => Some(50.0),
        "FR:rural" => Some(80.0),
        "FR:motorway" => Some(130.0),
        "walk" => Some(6.0),
        _ => None,
    };
    if zone.is_some() {
        return if v == "FR:zone30" { Some(30.0) } else { zone };
    }
    let (number, factor) = match v.strip_suffix("mph") {
        Some(n) => (n.trim(), 1.609_344),
        None => (v.strip_suffix("km/h").unwrap_or(v).trim(), 1.0),
    };
    let kmh = number.parse::<f64>().ok()? * factor;
    (kmh.is_finite() && kmh > 0.0 && kmh <= 200.0).then_some(kmh)
}

/// Car access, direction and speed of a way.
pub fn car_rule(t: &WayTags) -> WayRule {
    let Some(highway) = t.highway else {
        return CLOSED;
    };
    if t.area == Some("yes") {
        return CLOSED;
    }
    let Some(default_kmh) = car_default_speed_kmh(highway) else {
        return CLOSED;
    };
    // The most specific access tag wins.
    let access = t.motorcar.or(t.motor_vehicle).or(t.vehicle).or(t.access);
    if access.is_some_and(|a| !access_allows(a)) {
        return CLOSED;
    }
    let speed = t
        .maxspeed
        .and_then(parse_maxspeed_kmh)
        .unwrap_or(default_kmh);
    let implied = t.junction == Some("roundabout")
        || t.junction == Some("circular")
        || highway == "motorway"
        || highway == "motorway_link";
    with_direction(speed, oneway_value(t.oneway, implied))
}

/// Foot access, direction and speed of a way. Pedestrians ignore `oneway` for vehicles.
pub fn foot_rule(t: &WayTags) -> WayRule {
    let Some(highway) = t.highway else {
        return CLOSED;
    };
    if t.area == Some("yes") {
        return CLOSED;
    }
    let allowed = match t.foot.or(t.access) {
        Some(v) => access_allows(v) && (foot_by_default(highway) || t.foot.is_some()),
        None => foot_by_default(highway),
    };
    // A motorway stays closed unless foot access is tagged explicitly.
    if !allowed || (highway.starts_with("motorway") && t.foot.is_none()) {
        return CLOSED;
    }
    let speed = if highway == "steps" {
        STEPS_SPEED_KMH
    } else {
        WALK_SPEED_KMH
    };
    with_direction(speed, oneway_value(t.oneway_foot, false))
}

/// The rule for a profile.
pub fn rule(profile: Profile, t: &WayTags) -> WayRule {
    match profile {
        Profile::Car => car_rule(t),
        Profile::Foot => foot_rule(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&'static str, &'static str)]) -> WayTags<'static> {
        WayTags::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn residential_is_two_way_for_cars_and_walkers() {
        let t = tags(&[("highway", "residential")]);
        assert_eq!(car_rule(&t).forward_kmh, Some(30.0));
        assert_eq!(car_rule(&t).backward_kmh, Some(30.0));
        assert_eq!(foot_rule(&t).forward_kmh, Some(WALK_SPEED_KMH));
    }

    #[test]
    fn oneway_variants() {
        let fwd = car_rule(&tags(&[("highway", "primary"), ("oneway", "yes")]));
        assert!(fwd.forward_kmh.is_some() && fwd.backward_kmh.is_none());
        let bwd = car_rule(&tags(&[("highway", "primary"), ("oneway", "-1")]));
        assert!(bwd.forward_kmh.is_none() && bwd.backward_kmh.is_some());
        let round = car_rule(&tags(&[
            ("highway", "tertiary"),
            ("junction", "roundabout"),
        ]));
        assert!(round.forward_kmh.is_some() && round.backward_kmh.is_none());
        let motorway = car_rule(&tags(&[("highway", "motorway")]));
        assert!(motorway.backward_kmh.is_none());
        // Walkers go both ways on a one-way street.
        let walk = foot_rule(&tags(&[("highway", "primary"), ("oneway", "yes")]));
        assert!(walk.forward_kmh.is_some() && walk.backward_kmh.is_some());
    }

    #[test]
    fn access_restrictions() {
        assert!(!car_rule(&tags(&[("highway", "service"), ("access", "private")])).usable());
        assert!(!car_rule(&tags(&[
            ("highway", "residential"),
            ("motor_vehicle", "no")
        ]))
        .usable());
        // motor_vehicle=no does not stop walkers.
        assert!(foot_rule(&tags(&[
            ("highway", "residential"),
            ("motor_vehicle", "no")
        ]))
        .usable());
        assert!(car_rule(&tags(&[
            ("highway", "residential"),
            ("access", "no"),
            ("motor_vehicle", "yes")
        ]))
        .usable());
        assert!(!foot_rule(&tags(&[("highway", "primary"), ("foot", "no")])).usable());
        assert!(foot_rule(&tags(&[("highway", "cycleway"), ("foot", "yes")])).usable());
        assert!(!foot_rule(&tags(&[("highway", "cycleway")])).usable());
        assert!(!foot_rule(&tags(&[("highway", "motorway")])).usable());
    }

    #[test]
    fn pedestrian_street_is_closed_to_cars_and_areas_are_left_out() {
        assert!(!car_rule(&tags(&[("highway", "pedestrian")])).usable());
        assert!(foot_rule(&tags(&[("highway", "pedestrian")])).usable());
        assert!(!foot_rule(&tags(&[("highway", "pedestrian"), ("area", "yes")])).usable());
    }

    #[test]
    fn maxspeed_parsing() {
        assert_eq!(parse_maxspeed_kmh("50"), Some(50.0));
        assert_eq!(parse_maxspeed_kmh("FR:rural"), Some(80.0));
        assert_eq!(parse_maxspeed_kmh("FR:zone30"), Some(30.0));
        assert!((parse_maxspeed_kmh("30 mph").unwrap_or(0.0) - 48.28).abs() < 0.01);
        assert_eq!(parse_maxspeed_kmh("signals"), None);
        assert_eq!(parse_maxspeed_kmh("0"), None);
        let t = tags(&[("highway", "residential"), ("maxspeed", "50")]);
        assert_eq!(car_rule(&t).forward_kmh, Some(50.0));
    }
}
