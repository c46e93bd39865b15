//! Outlines cut to a tile: rings clipped to the tile and its buffer (Sutherland–Hodgman, one
//! edge at a time), simplified by at most one unit (Ramer–Douglas–Peucker), rounded to whole
//! units and oriented as MVT wants (exteriors clockwise on screen, holes the other way).
//! Rings that shrink to nothing are dropped, with the holes of a dropped exterior.

use super::frame::{Frame, BUFFER, EXTENT};
use geo::{Coord, LineString, MultiPolygon, Simplify};

/// The rings of `outline` (Web Mercator metres) inside `frame`'s tile, in tile units; empty
/// when nothing of it is left there.
pub fn clip_outline(outline: &MultiPolygon<f64>, frame: &Frame) -> Vec<Vec<[i32; 2]>> {
    let mut rings = Vec::new();
    for polygon in outline {
        let Some(exterior) = cut_ring(polygon.exterior(), frame, true) else {
            continue;
        };
        rings.push(exterior);
        for hole in polygon.interiors() {
            if let Some(h) = cut_ring(hole, frame, false) {
                rings.push(h);
            }
        }
    }
    rings
}

fn cut_ring(ring: &LineString<f64>, frame: &Frame, exterior: bool) -> Option<Vec<[i32; 2]>> {
    let units: Vec<[f64; 2]> = ring.coords().map(|c| frame.to_units(*c)).collect();
    let lo = -f64::from(BUFFER);
    let hi = f64::from(EXTENT + BUFFER);
    let clipped = clip_to_square(units, lo, hi);
    if clipped.len() < 3 {
        return None;
    }
    let mut closed: Vec<Coord<f64>> = clipped.iter().map(|p| Coord { x: p[0], y: p[1] }).collect();
    closed.push(closed[0]);
    let simplified = LineString::new(closed).simplify(1.0);
    let mut out: Vec<[i32; 2]> = Vec::with_capacity(simplified.0.len());
    for c in simplified.coords() {
        let p = [c.x.round() as i32, c.y.round() as i32];
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    if out.len() < 3 {
        return None;
    }
    let area = twice_area(&out);
    if area == 0 {
        return None;
    }
    // In tile units (y down), a positive area is clockwise on screen: MVT's exterior.
    if (area > 0) != exterior {
        out.reverse();
    }
    Some(out)
}

/// Twice the signed area (shoelace), exact on integers.
fn twice_area(ring: &[[i32; 2]]) -> i64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let [x0, y0] = ring[i];
            let [x1, y1] = ring[(i + 1) % n];
            i64::from(x0) * i64::from(y1) - i64::from(x1) * i64::from(y0)
        })
        .sum()
}

/// The part of a ring (closing point optional) inside the square [lo, hi]².
fn clip_to_square(mut ring: Vec<[f64; 2]>, lo: f64, hi: f64) -> Vec<[f64; 2]> {
    if ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    if ring
        .iter()
        .all(|p| p[0] >= lo && p[0] <= hi && p[1] >= lo && p[1] <= hi)
    {
        return ring;
    }
    for (axis, bound, keep_below) in [(0, lo, false), (0, hi, true), (1, lo, false), (1, hi, true)]
    {
        if ring.is_empty() {
            break;
        }
        let inside = |p: &[f64; 2]| {
            if keep_below {
                p[axis] <= bound
            } else {
                p[axis] >= bound
            }
        };
        let mut out = Vec::with_capacity(ring.len() + 4);
        let mut prev = *ring.last().expect("non-empty");
        for &cur in &ring {
            let (pin, cin) = (inside(&prev), inside(&cur));
            if cin != pin {
                let t = (bound - prev[axis]) / (cur[axis] - prev[axis]);
                let mut cross = [
                    prev[0] + t * (cur[0] - prev[0]),
                    prev[1] + t * (cur[1] - prev[1]),
                ];
                cross[axis] = bound;
                out.push(cross);
            }
            if cin {
                out.push(cur);
            }
            prev = cur;
        }
        ring = out;
    }
    ring
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_square_over_the_edge_is_cut_at_the_buffer() {
        let ring = vec![
            [-500.0, 100.0],
            [100.0, 100.0],
            [100.0, 200.0],
            [-500.0, 200.0],
        ];
        let cut = clip_to_square(ring, -64.0, 4160.0);
        assert!(cut.iter().all(|p| p[0] >= -64.0), "{cut:?}");
        assert_eq!(cut.len(), 4);
        let inside = clip_to_square(
            vec![[5000.0, 5000.0], [6000.0, 5000.0], [6000.0, 6000.0]],
            -64.0,
            4160.0,
        );
        assert!(
            inside.len() < 3,
            "a ring wholly outside leaves nothing: {inside:?}"
        );
    }

    #[test]
    fn exteriors_are_clockwise_on_screen_and_holes_the_other_way() {
        let frame = Frame::of(crate::model::TileId::new(0, 0, 0).unwrap());
        let outline = geo::wkt!(MULTIPOLYGON(((0. 0., 4000000. 0., 4000000. 4000000., 0. 4000000., 0. 0.),
            (1000000. 1000000., 1000000. 2000000., 2000000. 2000000., 2000000. 1000000., 1000000. 1000000.))));
        let rings = clip_outline(&outline, &frame);
        assert_eq!(rings.len(), 2);
        assert!(twice_area(&rings[0]) > 0);
        assert!(twice_area(&rings[1]) < 0);
    }
}
