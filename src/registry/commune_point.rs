//! A commune's representative point: its town hall when the published point agrees with
//! the polygon, otherwise a point inside the polygon (about 1,000 published town-hall
//! points lie kilometres away: swapped or sign-flipped coordinates).

use crate::model::Commune;
use crate::spatial::distance_to_polygon_m;
use geo::{InteriorPoint, Point};

/// A town hall this close outside the simplified (~31-vertex) polygon is still trusted, metres.
pub const MAIRIE_TOLERANCE_M: f64 = 1_000.0;

/// The point and where it comes from: `mairie`, `interior` (polygon), `mairie-unchecked`
/// (no polygon to check against) or `none`.
pub fn representative_point(c: &Commune) -> (Option<Point<f64>>, &'static str) {
    match (&c.polygon, c.mairie) {
        (Some(poly), Some(m))
            if distance_to_polygon_m(poly, m.x(), m.y()) <= MAIRIE_TOLERANCE_M =>
        {
            (Some(m), "mairie")
        }
        (Some(poly), _) => match poly.interior_point() {
            Some(p) => (Some(p), "interior"),
            None => (
                c.mairie,
                if c.mairie.is_some() {
                    "mairie-unchecked"
                } else {
                    "none"
                },
            ),
        },
        (None, Some(m)) => (Some(m), "mairie-unchecked"),
        (None, None) => (None, "none"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::InseeCode;
    use geo::{polygon, Contains, MultiPolygon};

    fn commune(mairie: Option<Point<f64>>) -> Commune {
        let mut c = Commune::new(InseeCode::parse("19001").unwrap(), "Test".into());
        c.polygon = Some(MultiPolygon::new(vec![polygon![
            (x: 1.0, y: 45.0), (x: 1.1, y: 45.0), (x: 1.1, y: 45.1), (x: 1.0, y: 45.1), (x: 1.0, y: 45.0)
        ]]));
        c.mairie = mairie;
        c
    }

    #[test]
    fn trusts_a_mairie_inside_and_replaces_a_swapped_one() {
        let inside = Point::new(1.05, 45.05);
        assert_eq!(
            representative_point(&commune(Some(inside))),
            (Some(inside), "mairie")
        );
        // Longitude and latitude swapped, as in the real file for some communes.
        let (p, src) = representative_point(&commune(Some(Point::new(45.05, 1.05))));
        assert_eq!(src, "interior");
        assert!(commune(None).polygon.unwrap().contains(&p.unwrap()));
    }
}
