//! The benchmark points (`id,lon,lat` CSV of `../shared/data/bench`) and their snapped ends,
//! shared by the routing examples and `benches/routing.rs` (included with `#[path]`).

use geo::Point;
use maillage::routing::ch::Endpoint;
use maillage::routing::snap::SnapOutcome;
use maillage::routing::{Profile, RoadNetwork};
use std::path::Path;

/// The points of a benchmark CSV (header skipped; unreadable lines left out).
pub fn read_points(csv: &Path) -> std::io::Result<Vec<Point<f64>>> {
    Ok(std::fs::read_to_string(csv)?
        .lines()
        .skip(1)
        .filter_map(|l| {
            let v: Vec<&str> = l.split(',').collect();
            Some(Point::new(v.get(1)?.parse().ok()?, v.get(2)?.parse().ok()?))
        })
        .collect())
}

/// The start and end endpoints of the points that snap to the car roads.
#[allow(dead_code)] // not every includer times snapped routes
pub fn snapped_car_ends(
    net: &RoadNetwork,
    points: &[Point<f64>],
) -> Vec<(Vec<Endpoint>, Vec<Endpoint>)> {
    let g = net.profile(Profile::Car);
    points
        .iter()
        .filter_map(|p| match g.snap([p.x(), p.y()]) {
            SnapOutcome::Snapped(s) => {
                Some((g.snap.starts(&g.graph, &s), g.snap.ends(&g.graph, &s)))
            }
            _ => None,
        })
        .collect()
}
