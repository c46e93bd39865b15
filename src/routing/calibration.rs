//! Calibration of the straight-line model against the road engine: pairs of points on a road
//! network drawn at every distance, their road times, and the model's error on them (ratio of
//! road time to straight-line time, median and 90th percentile, per kind of area).
//!
//! Used by `examples/calibrate_crowfly.rs` (which fits and publishes the parameters of
//! [`super::crowfly`]) and by the test that keeps the published error honest.

use super::crowfly::{car_trip, AreaDensity, AreaParams, AreaType, TripEnds};
use super::error::RoutingError;
use super::matrix::matrix;
use super::network::RoadNetwork;
use super::profile::Profile;
use super::snap::SnapOutcome;
use crate::registry::Snapshot;
use crate::spatial::geodesy::haversine_m;
use crate::spatial::PlaceIndex;
use geo::{BoundingRect, Point};
use serde::Serialize;
use std::collections::BTreeMap;

/// A point where trips start or end, and the density of the commune around it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Anchor {
    /// `[lon, lat]`.
    pub point: [f64; 2],
    pub density: AreaDensity,
}

/// One trip timed by both models' inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    pub from: Anchor,
    pub to: Anchor,
    /// Great-circle distance, metres.
    pub crow_m: f64,
    /// The road engine's time and distance (car).
    pub road_s: f64,
    pub road_m: f64,
}

impl Pair {
    /// The straight-line model's `(time_s, distance_m)` for this trip, with `table`.
    pub fn model(&self, table: &[AreaParams]) -> (f64, f64) {
        car_trip(
            table,
            self.crow_m,
            TripEnds::new(self.from.density, self.to.density),
        )
    }

    /// Road time / model time with `table`: above 1 the model is optimistic.
    pub fn ratio(&self, table: &[AreaParams]) -> f64 {
        self.road_s / self.model(table).0
    }
}

/// Bounds of the distance bands pairs are drawn in, km as the crow flies.
pub const BANDS_KM: [f64; 8] = [0.3, 1.0, 2.0, 5.0, 10.0, 20.0, 40.0, 80.0];

/// A small deterministic generator (SplitMix64), so every run draws the same pairs.
#[derive(Debug, Clone)]
pub struct Draw(u64);

impl Draw {
    pub fn new(seed: u64) -> Draw {
        Draw(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// Whether a point lies on the car graph within `max_m` of a road (no long walk to the road
/// in the road time).
pub fn on_road(network: &RoadNetwork, point: [f64; 2], max_m: f64) -> bool {
    matches!(network.profile(Profile::Car).snap(point),
        SnapOutcome::Snapped(s) if s.distance_m <= max_m)
}

/// `n` random nodes of the car graph (with replacement), with the density `density_at` gives.
pub fn node_anchors(
    network: &RoadNetwork,
    n: usize,
    density_at: &dyn Fn([f64; 2]) -> AreaDensity,
    draw: &mut Draw,
) -> Vec<Anchor> {
    let coords = &network.profile(Profile::Car).coords;
    (0..n)
        .map(|_| {
            let point = coords[draw.below(coords.len())];
            Anchor {
                point,
                density: density_at(point),
            }
        })
        .collect()
}

/// Points of a network around communes: the town halls of the communes of `regions` that
/// the network covers, up to two random addresses (points on its streets) in each of them,
/// and the places of the registry; only points within 150 m of a road.
pub fn commune_anchors(
    network: &RoadNetwork,
    snapshot: &Snapshot,
    regions: &[&str],
    density_at: &dyn Fn([f64; 2]) -> AreaDensity,
    draw: &mut Draw,
) -> Vec<Anchor> {
    let g = network.profile(Profile::Car);
    let mut anchors = Vec::new();
    let push = |p: [f64; 2], anchors: &mut Vec<Anchor>| {
        if g.covers(p) && on_road(network, p, 150.0) {
            anchors.push(Anchor {
                point: p,
                density: density_at(p),
            });
        }
    };
    for c in &snapshot.communes {
        if !c.region.as_deref().is_some_and(|r| regions.contains(&r)) {
            continue;
        }
        if let Some(p) = c.point {
            push([p.x(), p.y()], &mut anchors);
        }
        let Some(rect) = c.polygon.as_ref().and_then(BoundingRect::bounding_rect) else {
            continue;
        };
        let mut found = 0;
        for _ in 0..30 {
            let p = [
                rect.min().x + draw.unit() * rect.width(),
                rect.min().y + draw.unit() * rect.height(),
            ];
            if let SnapOutcome::Snapped(s) = g.snap(p) {
                if s.distance_m <= 60.0 {
                    let before = anchors.len();
                    push(s.point, &mut anchors);
                    found += anchors.len() - before;
                }
            }
            if found == 2 {
                break;
            }
        }
    }
    for sp in &snapshot.places {
        if let Some((lon, lat)) = sp.place.lon_lat() {
            push([lon, lat], &mut anchors);
        }
    }
    anchors
}

/// Pairs from each of `origins` (indices into `anchors`) to up to `per_band` anchors drawn in
/// each distance band of [`BANDS_KM`], timed by road; pairs the road graph cannot time (a
/// point off the graph, no path) are left out.
pub fn road_pairs(
    network: &RoadNetwork,
    anchors: &[Anchor],
    origins: &[usize],
    per_band: usize,
    draw: &mut Draw,
) -> Result<Vec<Pair>, RoutingError> {
    let positions: Vec<Option<(f64, f64)>> = anchors
        .iter()
        .map(|a| Some((a.point[0], a.point[1])))
        .collect();
    let index = PlaceIndex::new(&positions);
    let max_m = BANDS_KM[BANDS_KM.len() - 1] * 1000.0;
    let mut out = Vec::new();
    for &o in origins {
        let from = anchors[o];
        let near = index.within(from.point[0], from.point[1], max_m);
        let mut chosen = Vec::new();
        for band in BANDS_KM.windows(2) {
            let (lo, hi) = (band[0] * 1000.0, band[1] * 1000.0);
            let inside: Vec<usize> = near
                .iter()
                .filter(|n| n.index != o && n.distance_m >= lo && n.distance_m < hi)
                .map(|n| n.index)
                .collect();
            for _ in 0..per_band.min(inside.len()) {
                chosen.push(inside[draw.below(inside.len())]);
            }
        }
        chosen.sort_unstable();
        chosen.dedup();
        if chosen.is_empty() {
            continue;
        }
        let targets: Vec<Point<f64>> = chosen
            .iter()
            .map(|&j| Point::from(anchors[j].point))
            .collect();
        let m = matrix(
            Some(network),
            &[Point::from(from.point)],
            &targets,
            Profile::Car,
        )?;
        if !m.crow_fly_sources.is_empty() {
            continue;
        }
        for (c, &j) in chosen.iter().enumerate() {
            if m.crow_fly_destinations.contains(&c) {
                continue;
            }
            if let (Some(road_s), Some(road_m)) = (m.duration_s(0, c), m.distance_m(0, c)) {
                let to = anchors[j];
                out.push(Pair {
                    from,
                    to,
                    crow_m: haversine_m(from.point, to.point),
                    road_s,
                    road_m,
                });
            }
        }
    }
    Ok(out)
}

/// Median and 90th percentile of road time / model time over some pairs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ErrorSummary {
    pub pairs: usize,
    /// Median ratio (1 = unbiased).
    pub median: f64,
    /// 90th percentile ratio: one trip in ten takes at least this many times the model's time.
    pub p90: f64,
    /// 10th percentile ratio.
    pub p10: f64,
}

impl ErrorSummary {
    /// The summary of some ratios (`None` when there are none).
    pub fn of(mut ratios: Vec<f64>) -> Option<ErrorSummary> {
        if ratios.is_empty() {
            return None;
        }
        ratios.sort_by(f64::total_cmp);
        let q = |f: f64| ratios[((ratios.len() - 1) as f64 * f).round() as usize];
        Some(ErrorSummary {
            pairs: ratios.len(),
            median: q(0.5),
            p90: q(0.9),
            p10: q(0.1),
        })
    }
}

/// The model's error per kind of area at the trip's origin, and `all`.
pub fn error_by_area(pairs: &[Pair], table: &[AreaParams]) -> BTreeMap<String, ErrorSummary> {
    let mut groups: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for p in pairs {
        let r = p.ratio(table);
        groups
            .entry(AreaType::from(p.from.density).name().to_string())
            .or_default()
            .push(r);
        groups.entry("all".into()).or_default().push(r);
    }
    groups
        .into_iter()
        .filter_map(|(k, v)| ErrorSummary::of(v).map(|s| (k, s)))
        .collect()
}

/// The model's error per band of straight-line distance (`"2-5 km"`).
pub fn error_by_distance(pairs: &[Pair], table: &[AreaParams]) -> Vec<(String, ErrorSummary)> {
    let bands = [0.0, 2.0, 5.0, 10.0, 20.0, 40.0, 80.0];
    bands
        .windows(2)
        .filter_map(|b| {
            let ratios: Vec<f64> = pairs
                .iter()
                .filter(|p| p.crow_m >= b[0] * 1000.0 && p.crow_m < b[1] * 1000.0)
                .map(|p| p.ratio(table))
                .collect();
            ErrorSummary::of(ratios).map(|s| (format!("{}-{} km", b[0], b[1]), s))
        })
        .collect()
}

/// Shortest trips whose distances the detour factors are fitted on: below, one-way loops and
/// hairpins make the ratio of road to straight-line distance meaningless.
pub const DETOUR_MIN_KM: f64 = 2.0;

/// Sum of squared log ratios of road to model: of times, or of distances (trips of at least
/// [`DETOUR_MIN_KM`]).
fn log_error(table: &[AreaParams], pairs: &[Pair], distances: bool) -> f64 {
    pairs
        .iter()
        .filter(|p| !distances || p.crow_m >= DETOUR_MIN_KM * 1000.0)
        .map(|p| {
            let (s, m) = p.model(table);
            if distances {
                (p.road_m / m).ln().powi(2)
            } else {
                (p.road_s / s).ln().powi(2)
            }
        })
        .sum()
}

/// The values of a row the fit may change, with their bounds.
const FREE: [(&str, f64, f64); 4] = [
    ("near_kmh", 8.0, 90.0),
    ("far_kmh", 8.0, 90.0),
    ("half_km", 0.5, 20.0),
    ("detour", 1.0, 3.0),
];

fn slot<'a>(row: &'a mut AreaParams, name: &str) -> &'a mut f64 {
    match name {
        "near_kmh" => &mut row.near_kmh,
        "far_kmh" => &mut row.far_kmh,
        "half_km" => &mut row.half_km,
        _ => &mut row.detour,
    }
}

/// Least squares on log ratios: starting from `start`, each value of each row in turn is set
/// to the one that minimises the sum of squared log ratios of road to model over `pairs`
/// (golden-section search in log scale within its bounds; times for speeds and lengths,
/// distances for detour factors), until a sweep gains less than 0.01 %. The densities and the
/// number of rows stay as they are.
pub fn fit(start: &[AreaParams], pairs: &[Pair]) -> Vec<AreaParams> {
    let mut table = start.to_vec();
    let objective = |t: &[AreaParams], name: &str| log_error(t, pairs, name == "detour");
    for _sweep in 0..20 {
        let before = log_error(&table, pairs, false);
        for row in 0..table.len() {
            for (name, lo, hi) in FREE {
                let current = *slot(&mut table[row], name);
                let at = |v: f64| {
                    let mut t = table.clone();
                    *slot(&mut t[row], name) = v;
                    objective(&t, name)
                };
                let best = golden_section(lo.ln(), hi.ln(), |x| at(x.exp())).exp();
                // Keep the old value unless the new one is better.
                if at(best) < at(current) {
                    *slot(&mut table[row], name) = best;
                }
            }
        }
        let after = log_error(&table, pairs, false);
        if before - after < 1e-4 * before {
            break;
        }
    }
    table
}

/// The minimum of a unimodal-enough function on `[lo, hi]`.
fn golden_section(mut lo: f64, mut hi: f64, mut f: impl FnMut(f64) -> f64) -> f64 {
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (hi - g * (hi - lo), lo + g * (hi - lo));
    let (mut fa, mut fb) = (f(a), f(b));
    for _ in 0..30 {
        if fa < fb {
            hi = b;
            (b, fb) = (a, fa);
            a = hi - g * (hi - lo);
            fa = f(a);
        } else {
            lo = a;
            (a, fa) = (b, fb);
            b = lo + g * (hi - lo);
            fb = f(b);
        }
    }
    (lo + hi) / 2.0
}
