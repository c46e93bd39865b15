//! Distances on the sphere, in metres: the one great-circle distance of the crate (`geo`'s
//! haversine) and the Earth radius every local projection and chord bound agrees with.

use geo::{Distance, Haversine, Point};

/// Mean Earth radius (IUGG/GRS80, 6,371,008.8 m), the sphere of `geo`'s haversine.
pub const EARTH_RADIUS_M: f64 = Haversine.radius();

/// Great-circle distance between two `[lon, lat]` WGS84 points, in metres.
pub fn haversine_m(a: [f64; 2], b: [f64; 2]) -> f64 {
    Haversine.distance(Point::from(a), Point::from(b))
}

/// Unit-sphere Cartesian coordinates: the straight chord between two of them grows
/// with the great-circle distance, so a 3-D R-tree answers nearest-on-Earth queries.
pub fn unit_vector(lon: f64, lat: f64) -> [f64; 3] {
    let (lo, la) = (lon.to_radians(), lat.to_radians());
    [la.cos() * lo.cos(), la.cos() * lo.sin(), la.sin()]
}

/// Squared chord length (unit sphere) equivalent to a great-circle distance in metres.
pub fn chord2_for_m(distance_m: f64) -> f64 {
    let angle = (distance_m / EARTH_RADIUS_M).min(std::f64::consts::PI);
    let chord = 2.0 * (angle / 2.0).sin();
    chord * chord
}

/// Whether a longitude/latitude pair is a valid WGS84 position.
pub fn valid_lon_lat(lon: f64, lat: f64) -> bool {
    lon.is_finite()
        && lat.is_finite()
        && (-180.0..=180.0).contains(&lon)
        && (-90.0..=90.0).contains(&lat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_degree_of_latitude_is_an_arc_of_the_mean_sphere() {
        let d = haversine_m([2.0, 45.0], [2.0, 46.0]);
        let arc = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;
        assert!((d - arc).abs() < 1e-6, "{d} vs {arc}");
        assert!((d - 111_195.08).abs() < 0.01, "{d}");
    }

    #[test]
    fn antipodes_are_half_a_great_circle() {
        let half = EARTH_RADIUS_M * std::f64::consts::PI;
        for (a, b) in [
            ([0.0, 0.0], [180.0, 0.0]),
            ([10.0, 45.0], [-170.0, -45.0]),
            ([2.35, 48.85], [-177.65, -48.85]),
        ] {
            let d = haversine_m(a, b);
            assert!((d - half).abs() < 1.0, "{a:?} {b:?}: {d}");
        }
    }

    #[test]
    fn paris_lyon_is_about_392_km() {
        let d = haversine_m([2.3522, 48.8566], [4.8357, 45.7640]);
        assert!((d - 392_000.0).abs() < 2_000.0, "{d}");
    }

    #[test]
    fn chord_is_monotone_with_distance() {
        assert!(chord2_for_m(1_000.0) < chord2_for_m(2_000.0));
        let a = unit_vector(2.0, 45.0);
        let b = unit_vector(2.01, 45.0);
        let c2: f64 = a.iter().zip(b).map(|(x, y)| (x - y).powi(2)).sum();
        let d = haversine_m([2.0, 45.0], [2.01, 45.0]);
        assert!((c2 - chord2_for_m(d)).abs() < 1e-12);
    }
}
