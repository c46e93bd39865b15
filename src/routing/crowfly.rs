//! The straight-line model, used when no road graph is loaded or a point is too far from any
//! road: great-circle distance × a detour factor, at an average speed for the kind of area.
//!
//! All parameters are in [`params`], one table. Sources and calibration:
//! - detour factors of 1.2–1.4 between road and straight-line distance are the usual range for
//!   French road networks (higher in dense towns and in mountains, lower on open plains);
//! - car speeds are door-to-door averages (junctions, traffic lights, parking) rather than
//!   limits; the dense-area value is checked against the road graph of Menton/Monaco in
//!   `tests/routing_monaco.rs` (median road time / crow-fly time between random points);
//! - walking uses the road model's walking speed, so both models agree on foot.

use super::profile::{Profile, WALK_SPEED_KMH};
use crate::spatial::geodesy::haversine_m;
use serde::{Deserialize, Serialize};

/// Kind of area a trip takes place in, after INSEE's communal density grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum AreaType {
    /// Densely populated (cities).
    Dense,
    /// Intermediate density (small towns, suburbs). The default when nothing is known.
    #[default]
    Intermediate,
    /// Sparsely populated (rural).
    Sparse,
    /// Very sparsely populated (remote rural, mountains).
    VerySparse,
}

impl AreaType {
    /// Approximates the density grid from a commune's inhabitants per km².
    pub fn from_density(inhabitants_per_km2: f64) -> AreaType {
        match inhabitants_per_km2 {
            d if d >= 1_500.0 => AreaType::Dense,
            d if d >= 300.0 => AreaType::Intermediate,
            d if d >= 25.0 => AreaType::Sparse,
            _ => AreaType::VerySparse,
        }
    }
}

/// The two numbers of the model for one profile and area.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CrowFlyParams {
    /// Road distance / straight-line distance.
    pub detour_factor: f64,
    /// Average speed along the road distance.
    pub speed_kmh: f64,
}

/// The model's parameters: the one place to change them.
pub fn params(profile: Profile, area: AreaType) -> CrowFlyParams {
    let (detour_factor, speed_kmh) = match (profile, area) {
        (Profile::Car, AreaType::Dense) => (1.55, 18.0),
        (Profile::Car, AreaType::Intermediate) => (1.30, 38.0),
        (Profile::Car, AreaType::Sparse) => (1.25, 55.0),
        (Profile::Car, AreaType::VerySparse) => (1.35, 50.0),
        (Profile::Foot, AreaType::Dense) => (1.30, WALK_SPEED_KMH),
        (Profile::Foot, _) => (1.25, WALK_SPEED_KMH),
    };
    CrowFlyParams {
        detour_factor,
        speed_kmh,
    }
}

/// Estimated `(duration_s, distance_m)` between two `[lon, lat]` points.
pub fn estimate(from: [f64; 2], to: [f64; 2], profile: Profile, area: AreaType) -> (f64, f64) {
    let p = params(profile, area);
    let distance_m = haversine_m(from, to) * p.detour_factor;
    (distance_m / (p.speed_kmh / 3.6), distance_m)
}

/// Straight-line radius reachable in `duration_s`, metres.
pub fn reach_m(duration_s: f64, profile: Profile, area: AreaType) -> f64 {
    let p = params(profile, area);
    duration_s * (p.speed_kmh / 3.6) / p.detour_factor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_km_rural_by_car() {
        // 10 km apart as the crow flies in a sparse area: 12.5 km by road at 55 km/h.
        let from = [1.77, 45.27];
        let to = [
            1.77 + 10_000.0 / (111_195.0 * 45.27f64.to_radians().cos()),
            45.27,
        ];
        let (s, m) = estimate(from, to, Profile::Car, AreaType::Sparse);
        assert!((m - 12_500.0).abs() < 20.0, "{m}");
        assert!((s - 12_500.0 / (55.0 / 3.6)).abs() < 2.0, "{s}");
        // And the reach is consistent with the estimate.
        assert!((reach_m(s, Profile::Car, AreaType::Sparse) - 10_000.0).abs() < 20.0);
    }

    #[test]
    fn density_thresholds() {
        assert_eq!(AreaType::from_density(20_000.0), AreaType::Dense);
        assert_eq!(AreaType::from_density(500.0), AreaType::Intermediate);
        assert_eq!(AreaType::from_density(40.0), AreaType::Sparse);
        assert_eq!(AreaType::from_density(5.0), AreaType::VerySparse);
    }
}
