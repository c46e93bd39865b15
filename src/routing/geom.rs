//! Small geometric helpers: a local metric projection, position checks, rounding.
//!
//! Coordinates are `[lon, lat]` in degrees (WGS84) on input and output; snapping and isochrone
//! grids work in metres in an equirectangular projection centred on the network, on the sphere
//! of [`crate::spatial::geodesy`] (whose `haversine_m` is the great-circle distance).

use crate::spatial::geodesy::EARTH_RADIUS_M;

/// Whether a latitude/longitude pair is a valid WGS84 position.
pub fn valid_lat_lon(lat: f64, lon: f64) -> bool {
    lat.is_finite()
        && lon.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon)
}

/// Equirectangular projection around a reference latitude: good to well under 1 % over a
/// region the size of a few départements, which is all snapping and raster grids need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LocalProjection {
    cos_lat0: f64,
}

impl LocalProjection {
    pub fn new(lat0_deg: f64) -> Self {
        LocalProjection {
            cos_lat0: lat0_deg.to_radians().cos().max(0.01),
        }
    }

    /// `[lon, lat]` → `[x, y]` metres.
    pub fn project(&self, p: [f64; 2]) -> [f64; 2] {
        [
            p[0].to_radians() * EARTH_RADIUS_M * self.cos_lat0,
            p[1].to_radians() * EARTH_RADIUS_M,
        ]
    }

    /// `[x, y]` metres → `[lon, lat]`.
    pub fn unproject(&self, p: [f64; 2]) -> [f64; 2] {
        [
            (p[0] / (EARTH_RADIUS_M * self.cos_lat0)).to_degrees(),
            (p[1] / EARTH_RADIUS_M).to_degrees(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spatial::geodesy::haversine_m;

    #[test]
    fn projection_round_trip_and_scale() {
        let proj = LocalProjection::new(43.7);
        let a = [7.42, 43.73];
        let b = [7.43, 43.74];
        let back = proj.unproject(proj.project(a));
        assert!((back[0] - a[0]).abs() < 1e-12 && (back[1] - a[1]).abs() < 1e-12);
        let (pa, pb) = (proj.project(a), proj.project(b));
        let planar = ((pa[0] - pb[0]).powi(2) + (pa[1] - pb[1]).powi(2)).sqrt();
        let exact = haversine_m(a, b);
        assert!(
            (planar - exact).abs() / exact < 0.005,
            "{planar} vs {exact}"
        );
    }
}
