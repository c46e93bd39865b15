//! Geometry as RFC 7946 wants it written: exterior rings counter-clockwise, holes clockwise,
//! coordinates rounded to 6 decimals (about 0.1 m, more than any of our sources hold).
//! Every GeoJSON answer and file goes through here, so that QGIS, MapLibre and strict
//! validators read the same shapes.

use geo::orient::{Direction, Orient};
use geo::{Coord, LineString, MultiPolygon, Point, Polygon};

/// Decimals kept in written coordinates.
pub const DECIMALS: i32 = 6;

/// `v` rounded to [`DECIMALS`] decimals.
pub fn round_coordinate(v: f64) -> f64 {
    let scale = 10f64.powi(DECIMALS);
    (v * scale).round() / scale
}

/// `[lon, lat]` of a point, rounded.
pub fn position(p: Point<f64>) -> [f64; 2] {
    [round_coordinate(p.x()), round_coordinate(p.y())]
}

/// A point as a GeoJSON geometry.
pub fn point_geometry(p: Point<f64>) -> geojson::Geometry {
    geojson::Geometry::new(geojson::GeometryValue::new_point(position(p).to_vec()))
}

/// A (multi)polygon as a GeoJSON geometry: rounded, then oriented. Rounding can merge
/// consecutive vertices (they are deduplicated) and can collapse a sliver ring below four
/// positions (it is dropped, as is a polygon whose exterior collapses).
pub fn polygon_geometry(mp: &MultiPolygon<f64>) -> geojson::Geometry {
    geojson::Geometry::new(geojson::GeometryValue::from(&written_polygons(mp)))
}

/// The polygons as they are written: rounded, deduplicated, oriented.
pub fn written_polygons(mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let polygons =
        mp.0.iter()
            .filter_map(|poly| {
                let exterior = rounded_ring(poly.exterior())?;
                let holes = poly.interiors().iter().filter_map(rounded_ring).collect();
                Some(Polygon::new(exterior, holes))
            })
            .collect();
    MultiPolygon(polygons).orient(Direction::Default)
}

fn rounded_ring(ring: &LineString<f64>) -> Option<LineString<f64>> {
    let mut coords: Vec<Coord<f64>> = Vec::with_capacity(ring.0.len());
    for c in &ring.0 {
        let r = Coord {
            x: round_coordinate(c.x),
            y: round_coordinate(c.y),
        };
        if coords.last() != Some(&r) {
            coords.push(r);
        }
    }
    if coords.first() != coords.last() {
        let first = coords[0];
        coords.push(first);
    }
    (coords.len() >= 4).then_some(LineString(coords))
}

/// Twice the signed area of a ring by the shoelace formula: positive when counter-clockwise.
pub fn signed_area2(ring: &[[f64; 2]]) -> f64 {
    ring.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn rings(g: &geojson::Geometry) -> Vec<Vec<Vec<[f64; 2]>>> {
        match &g.value {
            geojson::GeometryValue::MultiPolygon { coordinates } => coordinates
                .iter()
                .map(|p| {
                    p.iter()
                        .map(|r| r.iter().map(|c| [c[0], c[1]]).collect())
                        .collect()
                })
                .collect(),
            other => panic!("not a multipolygon: {other:?}"),
        }
    }

    #[test]
    fn clockwise_exterior_and_counter_clockwise_hole_are_turned() {
        let cw = polygon![
            exterior: [(x: 0.0, y: 0.0), (x: 0.0, y: 10.0), (x: 10.0, y: 10.0), (x: 10.0, y: 0.0)],
            interiors: [[(x: 2.0, y: 2.0), (x: 4.0, y: 2.0), (x: 4.0, y: 4.0), (x: 2.0, y: 4.0)]],
        ];
        let g = polygon_geometry(&MultiPolygon(vec![cw]));
        let r = &rings(&g)[0];
        assert!(signed_area2(&r[0]) > 0.0, "exterior {:?}", r[0]);
        assert!(signed_area2(&r[1]) < 0.0, "hole {:?}", r[1]);
    }

    #[test]
    fn coordinates_keep_six_decimals_and_merged_vertices_go() {
        let p = polygon![
            (x: 1.123_456_789, y: 45.000_000_04), (x: 1.123_456_791, y: 45.000_000_01),
            (x: 1.2, y: 45.0), (x: 1.2, y: 45.1),
        ];
        let r = &rings(&polygon_geometry(&MultiPolygon(vec![p])))[0][0];
        assert_eq!(r[0], [1.123457, 45.0]);
        assert_eq!(r.len(), 4, "{r:?}");
        assert_eq!(r.first(), r.last());
    }

    #[test]
    fn a_ring_collapsing_under_rounding_is_dropped() {
        let sliver = polygon![(x: 0.0, y: 0.0), (x: 1e-8, y: 0.0), (x: 1e-8, y: 1e-8)];
        assert!(rings(&polygon_geometry(&MultiPolygon(vec![sliver]))).is_empty());
    }
}
