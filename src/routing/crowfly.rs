//! The straight-line model, used when no road graph is loaded or a point is too far from any
//! road: a trip's time from its straight-line length and the density of the areas at both ends.
//!
//! **Shape.** Within one kind of area, a trip of `d` km as the crow flies takes
//! `T(d) = d × (p_far + (p_near − p_far) × r / (r + d))` minutes, where `p = 60 / speed` is a
//! pace in minutes per straight-line km: very short trips go at the *near* speed (streets,
//! junctions, one-way loops), long ones tend to the *far* speed (the faster roads a longer trip
//! reaches), and `r` is the length at which the pace is half-way between the two. A trip between
//! two areas takes the mean of the times it would take within each: `(T_from(d) + T_to(d)) / 2`.
//! Its road distance is `d` × the mean of both ends' detour factors. Time grows with length
//! whatever the parameters, and the result is symmetric in its ends.
//!
//! **Areas.** An end's area is the population density of the commune around it
//! ([`AreaDensity`]); the table [`CAR`] gives the parameters at one typical density of each
//! class of INSEE's density grid ([`AreaType`]), and between them they are interpolated in
//! log-density (clamped beyond the first and last), so that a commune at 1,499 inhabitants per
//! km² and one at 1,501 get the same times. An end of unknown density (a point given to the
//! routing API) counts as intermediate.
//!
//! **Calibration.** The table is fitted against the road engine by
//! `cargo run --release --example calibrate_crowfly`: pairs of points drawn at every distance
//! (0.3–80 km) on the real OSM extracts of Monaco/Menton, Saint-Barthélemy and Paris 3e/4e
//! (random road nodes) and on the generated `rural-sw-1m` network around the real communes of
//! Nouvelle-Aquitaine and Occitanie (town halls, France Services, random addresses), each end
//! given the density of its commune; the parameters minimise the sum of squared log ratios of
//! road time to model time (coordinate descent), and each detour factor is the median ratio of
//! road to straight-line distance of its class. The resulting error (median and p90 of road
//! time / model time, per class of the origin) is [`CALIBRATION`], published in BENCHMARKS.md
//! and in every answer that uses the model ([`ModelReport`]).
//!
//! On foot, the trip is walked at the road model's walking speed ([`WALK_SPEED_KMH`]) along
//! the straight line × the same interpolated detour factor, so both models agree on foot.

use super::profile::{Profile, WALK_SPEED_KMH};
use crate::spatial::geodesy::haversine_m;
use serde::{Deserialize, Serialize};

/// Kind of area, after INSEE's communal density grid (approximated from the density).
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

    /// The name used in answers and tables: `dense`, `intermediate`, `sparse`, `very-sparse`.
    pub fn name(self) -> &'static str {
        match self {
            AreaType::Dense => "dense",
            AreaType::Intermediate => "intermediate",
            AreaType::Sparse => "sparse",
            AreaType::VerySparse => "very-sparse",
        }
    }
}

/// Inhabitants per km² of the commune around one end of a trip.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
pub struct AreaDensity(pub f64);

impl AreaDensity {
    /// An end nothing is known about: the intermediate class's typical density.
    pub const UNKNOWN: AreaDensity = AreaDensity(670.0);

    /// The density, or [`AreaDensity::UNKNOWN`] when missing or not a finite number ≥ 0.
    pub fn or_unknown(inhabitants_per_km2: Option<f64>) -> AreaDensity {
        inhabitants_per_km2
            .filter(|d| d.is_finite() && *d >= 0.0)
            .map_or(AreaDensity::UNKNOWN, AreaDensity)
    }
}

impl Default for AreaDensity {
    fn default() -> Self {
        AreaDensity::UNKNOWN
    }
}

impl From<AreaDensity> for AreaType {
    fn from(d: AreaDensity) -> AreaType {
        AreaType::from_density(d.0)
    }
}

/// Both ends of a trip.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TripEnds {
    pub from: AreaDensity,
    pub to: AreaDensity,
}

impl TripEnds {
    pub fn new(from: AreaDensity, to: AreaDensity) -> TripEnds {
        TripEnds { from, to }
    }

    /// Both ends in the same area.
    pub fn within(area: AreaDensity) -> TripEnds {
        TripEnds::new(area, area)
    }
}

/// The car model's parameters at the typical density of one class.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AreaParams {
    pub area: AreaType,
    /// The density these values hold at, inhabitants per km².
    pub density: f64,
    /// Speed of very short trips, km/h as the crow flies.
    pub near_kmh: f64,
    /// Speed long trips tend to, km/h as the crow flies.
    pub far_kmh: f64,
    /// Straight-line length (km) at which the pace is half-way between near and far.
    pub half_km: f64,
    /// Road distance / straight-line distance.
    pub detour: f64,
}

/// The car model's parameters, densest class first: the one place to change them.
/// Fitted by `cargo run --release --example calibrate_crowfly` (see the module's doc).
pub const CAR: [AreaParams; 4] = [
    AreaParams {
        area: AreaType::Dense,
        density: 4_000.0,
        near_kmh: 12.4,
        far_kmh: 57.6,
        half_km: 1.64,
        detour: 1.70,
    },
    AreaParams {
        area: AreaType::Intermediate,
        density: 670.0,
        near_kmh: 10.4,
        far_kmh: 48.2,
        half_km: 0.50,
        detour: 1.49,
    },
    AreaParams {
        area: AreaType::Sparse,
        density: 87.0,
        near_kmh: 16.2,
        far_kmh: 32.9,
        half_km: 1.24,
        detour: 1.28,
    },
    AreaParams {
        area: AreaType::VerySparse,
        density: 10.0,
        near_kmh: 22.5,
        far_kmh: 24.7,
        half_km: 7.53,
        detour: 1.25,
    },
];

/// The model's error against the road engine, from the calibration run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ModelError {
    /// `all`, or the origin's class name.
    pub area: &'static str,
    pub pairs: usize,
    /// Median of road time / model time.
    pub median: f64,
    /// 90th percentile of road time / model time.
    pub p90: f64,
}

/// What the calibration measured (`cargo run --release --example calibrate_crowfly`).
pub const CALIBRATION: [ModelError; 5] = [
    ModelError {
        area: "all",
        pairs: 22121,
        median: 0.96,
        p90: 1.50,
    },
    ModelError {
        area: "dense",
        pairs: 4931,
        median: 0.96,
        p90: 1.64,
    },
    ModelError {
        area: "intermediate",
        pairs: 8160,
        median: 0.97,
        p90: 1.55,
    },
    ModelError {
        area: "sparse",
        pairs: 4946,
        median: 0.96,
        p90: 1.48,
    },
    ModelError {
        area: "very-sparse",
        pairs: 4084,
        median: 0.95,
        p90: 1.25,
    },
];

/// The model as reported in answers that use it: its shape, parameters and measured error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ModelReport {
    pub formula: &'static str,
    pub car: &'static [AreaParams],
    pub walk_speed_kmh: f64,
    pub calibrated_by: &'static str,
    /// Road time / model time on the calibration pairs.
    pub error: &'static [ModelError],
}

/// The report of the model in service.
pub fn report() -> ModelReport {
    ModelReport {
        formula: "minutes = (T_from(d) + T_to(d)) / 2, T(d) = d * (60/far_kmh + (60/near_kmh - 60/far_kmh) * half_km / (half_km + d)), d = km as the crow flies, parameters interpolated in log-density between the classes; road distance = d * detour",
        car: &CAR,
        walk_speed_kmh: WALK_SPEED_KMH,
        calibrated_by: "cargo run --release --example calibrate_crowfly (road engine on the Monaco, Saint-Barthélemy and Paris OSM extracts and the generated rural-sw-1m network)",
        error: &CALIBRATION,
    }
}

/// The parameters at a density: interpolated in log-density between the table's rows.
pub fn params_at(table: &[AreaParams], density: AreaDensity) -> AreaParams {
    let x = density.0.max(1e-3).ln();
    let (first, last) = (table[0], table[table.len() - 1]);
    // Rows go from the densest to the sparsest.
    if x >= first.density.ln() {
        return first;
    }
    if x <= last.density.ln() {
        return last;
    }
    let k = table
        .windows(2)
        .position(|w| x <= w[0].density.ln() && x >= w[1].density.ln())
        .unwrap_or(0);
    let (a, b) = (table[k], table[k + 1]);
    let f = (a.density.ln() - x) / (a.density.ln() - b.density.ln());
    let mix = |u: f64, v: f64| u + (v - u) * f;
    // Paces (minutes per km), not speeds, are what add up along a trip: interpolate those.
    let pace_mix = |u: f64, v: f64| 60.0 / mix(60.0 / u, 60.0 / v);
    AreaParams {
        area: AreaType::from_density(density.0),
        density: density.0,
        near_kmh: pace_mix(a.near_kmh, b.near_kmh),
        far_kmh: pace_mix(a.far_kmh, b.far_kmh),
        half_km: mix(a.half_km, b.half_km),
        detour: mix(a.detour, b.detour),
    }
}

/// Minutes for `d_km` as the crow flies within one area.
fn minutes_within(p: &AreaParams, d_km: f64) -> f64 {
    let (near, far) = (60.0 / p.near_kmh, 60.0 / p.far_kmh);
    d_km * (far + (near - far) * p.half_km / (p.half_km + d_km))
}

/// Car `(duration_s, distance_m)` for `crow_m` metres as the crow flies, with `table`.
pub fn car_trip(table: &[AreaParams], crow_m: f64, ends: TripEnds) -> (f64, f64) {
    let (a, b) = (params_at(table, ends.from), params_at(table, ends.to));
    let d_km = crow_m / 1000.0;
    let minutes = (minutes_within(&a, d_km) + minutes_within(&b, d_km)) / 2.0;
    (minutes * 60.0, crow_m * (a.detour + b.detour) / 2.0)
}

/// `(duration_s, distance_m)` for `crow_m` metres as the crow flies.
pub fn trip(crow_m: f64, profile: Profile, ends: TripEnds) -> (f64, f64) {
    match profile {
        Profile::Car => car_trip(&CAR, crow_m, ends),
        Profile::Foot => {
            let detour =
                (params_at(&CAR, ends.from).detour + params_at(&CAR, ends.to).detour) / 2.0;
            let distance_m = crow_m * detour;
            (distance_m / (WALK_SPEED_KMH / 3.6), distance_m)
        }
    }
}

/// Estimated `(duration_s, distance_m)` between two `[lon, lat]` points.
pub fn estimate(from: [f64; 2], to: [f64; 2], profile: Profile, ends: TripEnds) -> (f64, f64) {
    trip(haversine_m(from, to), profile, ends)
}

/// The fastest straight-line speed of the model, m/s: no trip of `t` seconds goes farther
/// than `t` × this as the crow flies.
pub fn fastest_crow_ms(profile: Profile) -> f64 {
    match profile {
        Profile::Car => {
            CAR.iter()
                .map(|p| p.near_kmh.max(p.far_kmh))
                .fold(0.0, f64::max)
                / 3.6
        }
        Profile::Foot => {
            let least = CAR.iter().map(|p| p.detour).fold(f64::INFINITY, f64::min);
            WALK_SPEED_KMH / 3.6 / least
        }
    }
}

/// Straight-line radius (metres) reachable in `duration_s` between areas like `ends`.
pub fn reach_m(duration_s: f64, profile: Profile, ends: TripEnds) -> f64 {
    if duration_s.is_nan() || duration_s <= 0.0 {
        return 0.0;
    }
    // Time grows with length: bisect between 0 and a length surely too long.
    let (mut lo, mut hi) = (0.0, duration_s * fastest_crow_ms(profile) * 1.01 + 1.0);
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if trip(mid, profile, ends).0 <= duration_s {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Straight-line radius no trip of `duration_s` exceeds, whatever its areas: for searches.
pub fn max_reach_m(duration_s: f64, profile: Profile) -> f64 {
    duration_s.max(0.0) * fastest_crow_ms(profile)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DENSITIES: [f64; 9] = [
        1.0, 10.0, 24.9, 25.0, 87.0, 300.0, 1_499.0, 1_500.0, 20_000.0,
    ];

    fn minutes(km: f64, from: f64, to: f64) -> f64 {
        trip(
            km * 1000.0,
            Profile::Car,
            TripEnds::new(AreaDensity(from), AreaDensity(to)),
        )
        .0 / 60.0
    }

    #[test]
    fn time_grows_with_distance_for_every_pair_of_areas() {
        for &a in &DENSITIES {
            for &b in &DENSITIES {
                let mut last = 0.0;
                for step in 1..=400 {
                    let t = minutes(step as f64 * 0.25, a, b);
                    assert!(t > last, "{a}→{b}: {t} min at {} km", step as f64 * 0.25);
                    last = t;
                }
            }
        }
    }

    #[test]
    fn continuous_across_classes() {
        // Just below and above each threshold of the density grid: the same times within 0.5 %.
        for (below, above) in [(24.99, 25.01), (299.9, 300.1), (1_499.9, 1_500.1)] {
            assert_ne!(AreaType::from_density(below), AreaType::from_density(above));
            for km in [0.5, 2.0, 11.3, 30.0] {
                let (t1, t2) = (minutes(km, below, 100.0), minutes(km, above, 100.0));
                assert!((t1 / t2 - 1.0).abs() < 0.005, "{km} km: {t1} vs {t2}");
            }
        }
    }

    #[test]
    fn no_eighteen_kmh_eleven_km_trips() {
        // Angers to a France Services 11.3 km away: faster than 25 km/h (crow-fly) whatever
        // the area at the other end, and much less than the hour the origin-only model said.
        for &to in &DENSITIES {
            let t = minutes(11.3, 4_500.0, to);
            assert!(11.3 / (t / 60.0) > 25.0, "{t} min to an area of {to}/km²");
        }
    }

    #[test]
    fn short_trips_are_slower_than_long_ones() {
        for &a in &[20_000.0, 4_000.0, 670.0] {
            let pace = |km: f64| minutes(km, a, a) / km;
            assert!(pace(0.5) > pace(20.0), "density {a}");
        }
    }

    #[test]
    fn symmetric_in_its_ends() {
        for &a in &DENSITIES {
            for &b in &DENSITIES {
                assert_eq!(minutes(7.0, a, b), minutes(7.0, b, a));
            }
        }
    }

    #[test]
    fn reach_inverts_the_time() {
        for &a in &DENSITIES {
            let ends = TripEnds::new(AreaDensity(a), AreaDensity::UNKNOWN);
            for minutes in [1.0, 10.0, 30.0, 90.0] {
                let r = reach_m(minutes * 60.0, Profile::Car, ends);
                let (s, _) = trip(r, Profile::Car, ends);
                assert!((s - minutes * 60.0).abs() < 0.01, "{a}: {s}");
                assert!(r <= max_reach_m(minutes * 60.0, Profile::Car));
            }
        }
    }

    #[test]
    fn on_foot_at_walking_speed() {
        let (s, m) = trip(1_000.0, Profile::Foot, TripEnds::default());
        assert!((s - m / (WALK_SPEED_KMH / 3.6)).abs() < 1e-9);
        assert!(m > 1_000.0 && m < 1_600.0, "{m}");
    }

    #[test]
    fn interpolation_hits_the_table_at_its_densities() {
        for row in CAR {
            let p = params_at(&CAR, AreaDensity(row.density));
            assert!((p.near_kmh - row.near_kmh).abs() < 1e-9, "{row:?}");
            assert!((p.far_kmh - row.far_kmh).abs() < 1e-9, "{row:?}");
            assert_eq!(AreaType::from_density(row.density), row.area);
        }
        assert_eq!(params_at(&CAR, AreaDensity(1e6)), CAR[0]);
        assert_eq!(params_at(&CAR, AreaDensity(0.0)), CAR[3]);
    }

    #[test]
    fn density_thresholds() {
        assert_eq!(AreaType::from_density(20_000.0), AreaType::Dense);
        assert_eq!(AreaType::from_density(500.0), AreaType::Intermediate);
        assert_eq!(AreaType::from_density(40.0), AreaType::Sparse);
        assert_eq!(AreaType::from_density(5.0), AreaType::VerySparse);
    }
}
