//! The address of a vector tile (`z/x/y`, the XYZ scheme of web maps) and the layers served as
//! tiles. Checked once here, so that both tile back ends only ever see valid addresses.

use std::fmt;

/// Deepest zoom served. Past it a map overzooms the z14 tiles (communes and places are drawn
/// exactly enough there: 1 unit of a 4,096 extent is under 2.5 m).
pub const MAX_TILE_ZOOM: u8 = 14;

/// Below this zoom, outlines are the coarse copy (simplified by
/// [`LOW_DETAIL_TOLERANCE_M`]); from it on, the stored outline cut to each tile.
pub const LOW_DETAIL_BELOW_ZOOM: u8 = 10;
/// How far the coarse outline may stray from the stored one, metres (5 units of a z9 tile, under
/// a pixel as MapLibre draws it, 512 px a tile). The PostgreSQL migration `0006_tiles.sql` uses
/// the same figure.
pub const LOW_DETAIL_TOLERANCE_M: f64 = 100.0;
/// Below this zoom, outlines are the coarser copy (simplified by
/// [`VERY_LOW_DETAIL_TOLERANCE_M`]): at zooms 6 and 7 a commune is a few pixels wide, and its
/// 30-odd vertices would cost more time than they show.
pub const VERY_LOW_DETAIL_BELOW_ZOOM: u8 = 8;
/// How far the coarser outline may stray, metres (6.5 units of a z7 tile: under a pixel). Also
/// in `0006_tiles.sql`.
pub const VERY_LOW_DETAIL_TOLERANCE_M: f64 = 500.0;

/// A tile of the Web Mercator grid: zoom `z`, column `x` from the west, row `y` from the north.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileId {
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

/// Why a tile address is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TileIdError {
    #[error("zoom {0} is outside 0–{MAX_TILE_ZOOM}")]
    Zoom(u32),
    #[error("{axis} = {value} is outside 0–{max} at zoom {z}")]
    Outside {
        axis: &'static str,
        value: u32,
        max: u32,
        z: u8,
    },
}

impl TileId {
    /// A tile address, refused when the zoom is past [`MAX_TILE_ZOOM`] or `x`/`y` lie outside
    /// the 2^z × 2^z grid.
    pub fn new(z: u32, x: u32, y: u32) -> Result<TileId, TileIdError> {
        if z > u32::from(MAX_TILE_ZOOM) {
            return Err(TileIdError::Zoom(z));
        }
        let z = z as u8;
        let max = (1u32 << z) - 1;
        for (axis, value) in [("x", x), ("y", y)] {
            if value > max {
                return Err(TileIdError::Outside {
                    axis,
                    value,
                    max,
                    z,
                });
            }
        }
        Ok(TileId { z, x, y })
    }
}

impl fmt::Display for TileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.z, self.x, self.y)
    }
}

/// A layer served as vector tiles; its name is the layer's name inside each tile too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TileLayer {
    /// Commune outlines with what the store knows of each (population, IFN, places by kind).
    Communes,
    /// Places as points, with what a map needs to draw and name them.
    Places,
}

impl TileLayer {
    pub const ALL: [TileLayer; 2] = [TileLayer::Communes, TileLayer::Places];

    pub fn name(self) -> &'static str {
        match self {
            TileLayer::Communes => "communes",
            TileLayer::Places => "places",
        }
    }

    pub fn parse(name: &str) -> Option<TileLayer> {
        TileLayer::ALL.into_iter().find(|l| l.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_outside_the_grid_are_refused() {
        assert!(TileId::new(0, 0, 0).is_ok());
        assert!(TileId::new(14, 16383, 16383).is_ok());
        assert_eq!(TileId::new(15, 0, 0), Err(TileIdError::Zoom(15)));
        assert!(matches!(
            TileId::new(3, 8, 0),
            Err(TileIdError::Outside { axis: "x", .. })
        ));
        assert!(matches!(
            TileId::new(3, 0, 8),
            Err(TileIdError::Outside { axis: "y", .. })
        ));
    }
}
