//! Which commune a point lies in: an R-tree of polygon envelopes, then an exact test.

use geo::{BoundingRect, Contains, Distance, Haversine, MultiPolygon, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;

type Envelope = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// Locates points in a set of commune polygons (WGS84).
pub struct CommuneLocator<'a> {
    polygons: Vec<Option<&'a MultiPolygon<f64>>>,
    tree: RTree<Envelope>,
}

impl<'a> CommuneLocator<'a> {
    /// `polygons[i]` belongs to the caller's commune `i`; `None` polygons are left out.
    pub fn new(polygons: &[Option<&'a MultiPolygon<f64>>]) -> Self {
        let entries = polygons
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let r = (*p)?.bounding_rect()?;
                let rect = Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
                Some(GeomWithData::new(rect, i))
            })
            .collect();
        CommuneLocator {
            polygons: polygons.to_vec(),
            tree: RTree::bulk_load(entries),
        }
    }

    /// The commune whose polygon contains the point.
    pub fn locate(&self, lon: f64, lat: f64) -> Option<usize> {
        let p = Point::new(lon, lat);
        self.tree
            .locate_all_at_point(&[lon, lat])
            .map(|e| e.data)
            .find(|&i| self.polygons[i].is_some_and(|poly| poly.contains(&p)))
    }
}

/// Distance in metres from a point to a polygon (0 inside): haversine to its closest point.
pub fn distance_to_polygon_m(poly: &MultiPolygon<f64>, lon: f64, lat: f64) -> f64 {
    use geo::{Closest, ClosestPoint};
    let p = Point::new(lon, lat);
    if poly.contains(&p) {
        return 0.0;
    }
    match poly.closest_point(&p) {
        Closest::Intersection(_) => 0.0,
        Closest::SinglePoint(c) => Haversine.distance(p, c),
        Closest::Indeterminate => f64::INFINITY,
    }
}
