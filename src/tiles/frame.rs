//! From WGS84 to a tile's integer units: Web Mercator metres (EPSG:3857, what PostGIS's
//! `ST_TileEnvelope` uses), then the tile's square scaled to its extent, y growing downwards.

use crate::model::TileId;
use geo::{Coord, MapCoords, MultiPolygon};

/// Units across a tile (as `ST_AsMVTGeom`'s default).
pub const EXTENT: u32 = 4096;
/// Units drawn past each edge, so that strokes along an edge join the next tile's.
pub const BUFFER: u32 = 64;

const EARTH_RADIUS_M: f64 = 6_378_137.0;
/// Half the width of the Web Mercator square, metres.
pub const HALF_WORLD_M: f64 = std::f64::consts::PI * EARTH_RADIUS_M;
/// Web Mercator's latitude limit.
const MAX_LAT: f64 = 85.051_128_779_806_6;

/// Web Mercator metres of a WGS84 position.
pub fn mercator(lon: f64, lat: f64) -> Coord<f64> {
    let lat = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    Coord {
        x: EARTH_RADIUS_M * lon.to_radians(),
        y: EARTH_RADIUS_M * (std::f64::consts::FRAC_PI_4 + lat / 2.0).tan().ln(),
    }
}

/// A WGS84 position of Web Mercator metres.
pub fn wgs84(c: Coord<f64>) -> (f64, f64) {
    let lon = (c.x / EARTH_RADIUS_M).to_degrees();
    let lat =
        (2.0 * (c.y / EARTH_RADIUS_M).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees();
    (lon, lat)
}

/// A WGS84 outline in Web Mercator metres.
pub fn mercator_polygon(p: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    p.map_coords(|c| mercator(c.x, c.y))
}

/// Where a tile lies in Web Mercator, and the scale to its units.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    west: f64,
    north: f64,
    /// Metres per tile unit.
    unit: f64,
}

impl Frame {
    pub fn of(tile: TileId) -> Frame {
        let span = 2.0 * HALF_WORLD_M / f64::from(1u32 << tile.z);
        Frame {
            west: -HALF_WORLD_M + f64::from(tile.x) * span,
            north: HALF_WORLD_M - f64::from(tile.y) * span,
            unit: span / f64::from(EXTENT),
        }
    }

    /// Metres per tile unit (what simplification may move a vertex by).
    pub fn unit_m(&self) -> f64 {
        self.unit
    }

    /// Tile units (fractional) of Web Mercator metres.
    pub fn to_units(&self, c: Coord<f64>) -> [f64; 2] {
        [
            (c.x - self.west) / self.unit,
            (self.north - c.y) / self.unit,
        ]
    }

    /// The tile with its buffer, in Web Mercator metres: [west, south, east, north].
    pub fn buffered_bounds(&self) -> [f64; 4] {
        let b = f64::from(BUFFER) * self.unit;
        let side = f64::from(EXTENT) * self.unit;
        [
            self.west - b,
            self.north - side - b,
            self.west + side + b,
            self.north + b,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_world_tile_maps_its_corners_and_positions_round_trip() {
        let f = Frame::of(TileId::new(0, 0, 0).unwrap());
        let nw = f.to_units(mercator(-180.0, MAX_LAT));
        assert!(nw[0].abs() < 1e-6 && nw[1].abs() < 1e-6, "{nw:?}");
        let c = f.to_units(mercator(0.0, 0.0));
        assert!((c[0] - 2048.0).abs() < 1e-6 && (c[1] - 2048.0).abs() < 1e-6);
        let (lon, lat) = wgs84(mercator(4.39, 45.43));
        assert!((lon - 4.39).abs() < 1e-9 && (lat - 45.43).abs() < 1e-9);
    }
}
