//! Where the loaded data lies, coarsely: the cells of a half-degree grid holding a commune or
//! a place. A point hundreds of kilometres from every such cell is almost always a mistake —
//! most often latitude and longitude swapped, since `/api/route` takes `lat,lon` and
//! `/api/matrix` takes `[lon, lat]` — and is refused instead of answered with a trip across
//! the world.

use geo::{Distance, Haversine, Point};
use std::collections::HashSet;

/// Grid step, degrees.
const CELL_DEGREES: f64 = 0.5;

/// Beyond this distance from every cell of data, a point is far from the data.
pub const FAR_FROM_DATA_KM: f64 = 300.0;

/// Centres of the grid cells that hold data.
#[derive(Debug, Clone, Default)]
pub struct DataExtent {
    cells: Vec<Point<f64>>,
}

impl DataExtent {
    /// The extent of these `[lon, lat]` positions.
    pub fn new(positions: impl IntoIterator<Item = [f64; 2]>) -> DataExtent {
        let keys: HashSet<(i32, i32)> = positions
            .into_iter()
            .filter(|p| p[0].is_finite() && p[1].is_finite())
            .map(|p| {
                (
                    (p[0] / CELL_DEGREES).floor() as i32,
                    (p[1] / CELL_DEGREES).floor() as i32,
                )
            })
            .collect();
        let mut cells: Vec<Point<f64>> = keys
            .into_iter()
            .map(|(x, y)| {
                Point::new(
                    (f64::from(x) + 0.5) * CELL_DEGREES,
                    (f64::from(y) + 0.5) * CELL_DEGREES,
                )
            })
            .collect();
        cells.sort_by(|a, b| a.x().total_cmp(&b.x()).then(a.y().total_cmp(&b.y())));
        DataExtent { cells }
    }

    /// True when no data is loaded (then nothing is far).
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Distance in km from `p` (`x = lon`) to the nearest cell of data, `None` when empty.
    pub fn distance_km(&self, p: Point<f64>) -> Option<f64> {
        self.cells
            .iter()
            .map(|c| Haversine.distance(*c, p) / 1000.0)
            .min_by(f64::total_cmp)
    }

    /// True when `p` lies more than [`FAR_FROM_DATA_KM`] from every cell of data.
    pub fn is_far(&self, p: Point<f64>) -> bool {
        self.distance_km(p).is_some_and(|d| d > FAR_FROM_DATA_KM)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swapped_coordinates_are_far_and_neighbours_are_not() {
        let extent = DataExtent::new([[2.35, 48.85], [5.72, 45.19]]);
        assert!(!extent.is_far(Point::new(2.4, 48.9)));
        assert!(
            !extent.is_far(Point::new(4.8, 45.76)),
            "Lyon, 100 km from Grenoble"
        );
        assert!(extent.is_far(Point::new(48.85, 2.35)), "Paris swapped");
        let d = extent.distance_km(Point::new(48.85, 2.35)).unwrap();
        assert!(d > 5_000.0, "{d}");
        assert!(!DataExtent::default().is_far(Point::new(48.85, 2.35)));
    }
}
