//! Travel profiles (car, foot) and how OSM way tags turn into access, direction and speed.
//!
//! Walking speeds live here; the car speed table lives in [`super::speeds`].

use super::speeds::{
    car_class, surface_cap_kmh, CAR_CLOSED_ACCESS, DESTINATION_ACCESS, DESTINATION_FACTOR,
    MAXSPEED_FACTOR, MINOR_SERVICES, MINOR_SERVICE_FACTOR,
};
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

/// Whether an access value lets a walker through (`no`, `private` and the like do not).
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
    pub surface: Option<&'a str>,
    pub service: Option<&'a str>,
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
                "surface" => &mut t.surface,
                "service" => &mut t.service,
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

/// What a car may do on a way by its access tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CarAccess {
    Open,
    /// Only to reach a place on the way.
    Destination,
    Closed,
}

/// The most specific access tag wins (`motorcar`, `motor_vehicle`, `vehicle`, `access`).
fn car_access(t: &WayTags) -> CarAccess {
    match t.motorcar.or(t.motor_vehicle).or(t.vehicle).or(t.access) {
        Some(v) if CAR_CLOSED_ACCESS.contains(&v) => CarAccess::Closed,
        Some(v) if DESTINATION_ACCESS.contains(&v) => CarAccess::Destination,
        _ => CarAccess::Open,
    }
}

/// Car speed on a way, km/h: the class default, or 80 % of a tagged `maxspeed` up to the
/// class ceiling; slowed on minor services, capped by the surface, slowed where cars may
/// only go to reach a place on the way ([`super::speeds`]).
fn car_speed_kmh(t: &WayTags, highway: &str, access: CarAccess) -> Option<f64> {
    let class = car_class(highway)?;
    let mut kmh = match t.maxspeed.and_then(parse_maxspeed_kmh) {
        Some(limit) => (limit * MAXSPEED_FACTOR).min(class.ceiling_kmh.unwrap_or(f64::INFINITY)),
        None => class.default_kmh,
    };
    if highway == "service" && t.service.is_some_and(|s| MINOR_SERVICES.contains(&s)) {
        kmh *= MINOR_SERVICE_FACTOR;
    }
    if let Some(cap) = t.surface.and_then(surface_cap_kmh) {
        kmh = kmh.min(cap);
    }
    if access == CarAccess::Destination {
        kmh *= DESTINATION_FACTOR;
    }
    Some(kmh)
}

/// Car access, direction and speed of a way.
pub fn car_rule(t: &WayTags) -> WayRule {
    let Some(highway) = t.highway else {
        return CLOSED;
    };
    if t.area == Some("yes") || t.service == Some("emergency_access") {
        return CLOSED;
    }
    let access = car_access(t);
    if access == CarAccess::Closed {
        return CLOSED;
    }
    let Some(speed) = car_speed_kmh(t, highway, access) else {
        return CLOSED;
    };
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
        assert_eq!(car_rule(&t).forward_kmh, Some(25.0));
        assert_eq!(car_rule(&t).backward_kmh, Some(25.0));
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
    }

    #[test]
    fn maxspeed_counts_at_80_percent_up_to_the_class_ceiling() {
        let speed = |pairs: &[(&'static str, &'static str)]| car_rule(&tags(pairs)).forward_kmh;
        assert_eq!(speed(&[("highway", "primary")]), Some(65.0));
        assert_eq!(
            speed(&[("highway", "primary"), ("maxspeed", "50")]),
            Some(40.0)
        );
        assert_eq!(
            speed(&[("highway", "motorway"), ("maxspeed", "FR:motorway")]),
            Some(104.0)
        );
        // On a small road the street, not the limit, sets the pace.
        assert_eq!(
            speed(&[("highway", "residential"), ("maxspeed", "50")]),
            Some(25.0)
        );
        assert_eq!(
            speed(&[("highway", "residential"), ("maxspeed", "20")]),
            Some(16.0)
        );
        assert_eq!(
            speed(&[("highway", "unclassified"), ("maxspeed", "FR:rural")]),
            Some(40.0)
        );
        // Unusable values fall back on the class.
        assert_eq!(
            speed(&[("highway", "tertiary"), ("maxspeed", "signals")]),
            Some(45.0)
        );
    }

    #[test]
    fn surfaces_and_minor_services_slow_cars_down() {
        let speed = |pairs: &[(&'static str, &'static str)]| car_rule(&tags(pairs)).forward_kmh;
        assert_eq!(
            speed(&[("highway", "secondary"), ("surface", "gravel")]),
            Some(30.0)
        );
        assert_eq!(
            speed(&[("highway", "secondary"), ("surface", "asphalt")]),
            Some(55.0)
        );
        assert_eq!(
            speed(&[("highway", "service"), ("service", "parking_aisle")]),
            Some(7.5)
        );
        assert!(!car_rule(&tags(&[
            ("highway", "service"),
            ("service", "emergency_access")
        ]))
        .usable());
        // Walkers are not slowed by the surface.
        assert_eq!(
            foot_rule(&tags(&[("highway", "residential"), ("surface", "gravel")])).forward_kmh,
            Some(WALK_SPEED_KMH)
        );
    }

    #[test]
    fn destination_ways_are_open_but_slowed_and_bus_ways_closed() {
        let plain = car_rule(&tags(&[("highway", "residential")]));
        for (k, v) in [
            ("motor_vehicle", "destination"),
            ("access", "destination"),
            ("vehicle", "customers"),
        ] {
            let r = car_rule(&tags(&[("highway", "residential"), (k, v)]));
            assert_eq!(
                r.forward_kmh,
                plain.forward_kmh.map(|s| s * DESTINATION_FACTOR),
                "{k}={v}"
            );
        }
        // The most specific tag wins, both ways.
        assert!(car_rule(&tags(&[
            ("highway", "residential"),
            ("access", "destination"),
            ("motor_vehicle", "yes")
        ]))
        .forward_kmh
        .is_some_and(|s| s == 25.0));
        assert!(!car_rule(&tags(&[("highway", "service"), ("motor_vehicle", "psv")])).usable());
        assert!(!car_rule(&tags(&[("highway", "primary"), ("access", "bus")])).usable());
        // Walkers are not held back by a car restriction.
        assert!(foot_rule(&tags(&[
            ("highway", "residential"),
            ("motor_vehicle", "destination")
        ]))
        .usable());
    }
}
