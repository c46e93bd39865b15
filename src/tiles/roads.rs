//! The `roads` tile layer: the main roads of the road network in service
//! ([`crate::routing::main_roads`]), so the maps show them from our own data. Motorways and
//! trunk roads from zoom 5, primary roads from zoom 7, secondary roads from zoom 9; lines
//! simplified more at small zooms, clipped to the tile and its buffer.

use super::frame::{mercator, Frame, BUFFER, EXTENT};
use super::mvt::{encode_tile, LayerBuilder, TileGeometry, Value};
use crate::model::TileId;
use crate::routing::main_roads::{MainRoads, RoadClass};
use geo::{BoundingRect, Coord, LineString, Simplify};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

/// The layer's name in tiles and TileJSON.
pub const ROADS_LAYER: &str = "roads";

/// Below these zooms the lines are simplified by these tolerances (Web Mercator metres).
const COARSER_BELOW_ZOOM: u8 = 8;
const COARSER_TOLERANCE_M: f64 = 400.0;
const COARSE_BELOW_ZOOM: u8 = 11;
const COARSE_TOLERANCE_M: f64 = 40.0;

/// The smallest zoom a class is drawn at.
pub fn min_zoom(class: RoadClass) -> u8 {
    match class {
        RoadClass::Motorway | RoadClass::Trunk => 5,
        RoadClass::Primary => 7,
        RoadClass::Secondary => 9,
    }
}

/// The properties of the layer's features (TileJSON's `vector_layers`).
pub const FIELDS: &[(&str, &str)] = &[(
    "class",
    "String: motorway, trunk, primary or secondary (OSM highway)",
)];

/// One road in Web Mercator, at three levels of detail.
struct RoadLine {
    class: RoadClass,
    full: LineString<f64>,
    coarse: LineString<f64>,
    coarser: LineString<f64>,
}

impl RoadLine {
    fn at(&self, z: u8) -> &LineString<f64> {
        if z < COARSER_BELOW_ZOOM {
            &self.coarser
        } else if z < COARSE_BELOW_ZOOM {
            &self.coarse
        } else {
            &self.full
        }
    }
}

/// The main roads ready to cut into tiles, behind an R-tree of their extents.
pub struct RoadTileIndex {
    lines: Vec<RoadLine>,
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
    /// WGS84 [west, south, east, north] of the roads, `None` without any.
    pub bounds: Option<[f64; 4]>,
}

impl RoadTileIndex {
    pub fn build(roads: &MainRoads) -> RoadTileIndex {
        let mut bounds: Option<[f64; 4]> = None;
        let lines: Vec<RoadLine> = roads
            .roads
            .iter()
            .map(|r| {
                for p in &r.line {
                    let b = bounds.get_or_insert([p[0], p[1], p[0], p[1]]);
                    *b = [
                        b[0].min(p[0]),
                        b[1].min(p[1]),
                        b[2].max(p[0]),
                        b[3].max(p[1]),
                    ];
                }
                let full: LineString<f64> = r.line.iter().map(|p| mercator(p[0], p[1])).collect();
                RoadLine {
                    class: r.class,
                    coarse: full.simplify(COARSE_TOLERANCE_M),
                    coarser: full.simplify(COARSER_TOLERANCE_M),
                    full,
                }
            })
            .collect();
        let rects = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let r = l.full.bounding_rect()?;
                Some(GeomWithData::new(
                    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    i,
                ))
            })
            .collect();
        RoadTileIndex {
            lines,
            tree: RTree::bulk_load(rects),
            bounds,
        }
    }

    /// How many roads the layer has.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The MVT bytes of the roads layer at `tile`; empty when no road is drawn there.
    pub fn encode(&self, tile: TileId) -> Vec<u8> {
        let frame = Frame::of(tile);
        let b = frame.buffered_bounds();
        let envelope = AABB::from_corners([b[0], b[1]], [b[2], b[3]]);
        let mut found: Vec<usize> = self
            .tree
            .locate_in_envelope_intersecting(&envelope)
            .map(|g| g.data)
            .filter(|&i| tile.z >= min_zoom(self.lines[i].class))
            .collect();
        // Lesser roads first, so that the greater are drawn over them.
        found.sort_unstable_by_key(|&i| (std::cmp::Reverse(self.lines[i].class), i));
        let mut out = LayerBuilder::new(ROADS_LAYER, EXTENT);
        for i in found {
            let line = &self.lines[i];
            let pieces = cut_line(line.at(tile.z), &frame);
            if !pieces.is_empty() {
                out.add(
                    &TileGeometry::Lines(pieces),
                    &[("class", Value::Text(line.class.name().to_string()))],
                );
            }
        }
        encode_tile(&[&out])
    }
}

/// The parts of `line` (Web Mercator) inside the tile and its buffer, in whole tile units,
/// simplified by at most one unit.
fn cut_line(line: &LineString<f64>, frame: &Frame) -> Vec<Vec<[i32; 2]>> {
    let lo = -f64::from(BUFFER);
    let hi = f64::from(EXTENT + BUFFER);
    let units: Vec<[f64; 2]> = line.coords().map(|c| frame.to_units(*c)).collect();
    let mut pieces: Vec<Vec<[f64; 2]>> = Vec::new();
    let mut current: Vec<[f64; 2]> = Vec::new();
    for w in units.windows(2) {
        match clip_segment(w[0], w[1], lo, hi) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    if current.len() >= 2 {
                        pieces.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    current.push(a);
                }
                current.push(b);
            }
            None => {
                if current.len() >= 2 {
                    pieces.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() >= 2 {
        pieces.push(current);
    }
    pieces
        .into_iter()
        .filter_map(|piece| {
            let simplified =
                LineString::new(piece.iter().map(|p| Coord { x: p[0], y: p[1] }).collect())
                    .simplify(1.0);
            let mut out: Vec<[i32; 2]> = Vec::with_capacity(simplified.0.len());
            for c in simplified.coords() {
                let p = [c.x.round() as i32, c.y.round() as i32];
                if out.last() != Some(&p) {
                    out.push(p);
                }
            }
            (out.len() >= 2).then_some(out)
        })
        .collect()
}

/// The part of segment `p–q` inside the square `[lo, hi]²` (Liang–Barsky); the ends inside
/// are returned unchanged, so consecutive segments still join.
fn clip_segment(p: [f64; 2], q: [f64; 2], lo: f64, hi: f64) -> Option<([f64; 2], [f64; 2])> {
    let d = [q[0] - p[0], q[1] - p[1]];
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for axis in 0..2 {
        for (num, den) in [(p[axis] - lo, -d[axis]), (hi - p[axis], d[axis])] {
            if den == 0.0 {
                if num < 0.0 {
                    return None;
                }
            } else {
                let t = num / den;
                if den < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| [p[0] + t * d[0], p[1] + t * d[1]];
    let a = if t0 == 0.0 { p } else { at(t0) };
    let b = if t1 == 1.0 { q } else { at(t1) };
    Some((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_cut_at_the_square_and_kept_whole_inside() {
        assert_eq!(
            clip_segment([1.0, 1.0], [2.0, 3.0], 0.0, 10.0),
            Some(([1.0, 1.0], [2.0, 3.0]))
        );
        assert_eq!(
            clip_segment([-5.0, 5.0], [15.0, 5.0], 0.0, 10.0),
            Some(([0.0, 5.0], [10.0, 5.0]))
        );
        assert_eq!(clip_segment([-5.0, -5.0], [-1.0, 20.0], 0.0, 10.0), None);
        assert_eq!(clip_segment([11.0, 5.0], [11.0, 6.0], 0.0, 10.0), None);
    }
}
