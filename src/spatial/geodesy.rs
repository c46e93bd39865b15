//! Distances on the sphere, in metres.

/// Mean Earth radius (IUGG), metres.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance between two WGS84 points, in metres.
pub fn haversine_m(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
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
    fn paris_lyon_is_about_392_km() {
        let d = haversine_m(2.3522, 48.8566, 4.8357, 45.7640);
        assert!((d - 392_000.0).abs() < 2_000.0, "{d}");
    }

    #[test]
    fn chord_is_monotone_with_distance() {
        assert!(chord2_for_m(1_000.0) < chord2_for_m(2_000.0));
        let a = unit_vector(2.0, 45.0);
        let b = unit_vector(2.01, 45.0);
        let c2: f64 = a.iter().zip(b).map(|(x, y)| (x - y).powi(2)).sum();
        let d = haversine_m(2.0, 45.0, 2.01, 45.0);
        assert!((c2 - chord2_for_m(d)).abs() < 1e-12);
    }
}
