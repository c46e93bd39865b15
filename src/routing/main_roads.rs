//! The main roads of an imported extract — motorways, trunk, primary and secondary roads —
//! kept as simplified lines beside the routing graphs (`main-roads.bin`), so the maps can
//! draw them from our own data without any outside tile server (see [`crate::tiles::roads`]).
//!
//! File layout (little-endian): the magic `MLROADS1`, the number of lines (u32), then per
//! line its class (u8, [`RoadClass`] order), its point count (u32) and its points as
//! `f32` longitude, latitude pairs (a metre or so: plenty for a map).

use super::defect::GraphDefect;
use super::error::RoutingError;
use super::geom::LocalProjection;
use super::osm::OsmExtract;
use geo::{LineString, Simplify};
use osmpbf::{BlobDecode, BlobReader, Element};
use rayon::prelude::*;
use std::path::Path;

/// The file beside the graphs.
pub const MAIN_ROADS_FILE: &str = "main-roads.bin";
const MAGIC: &[u8; 8] = b"MLROADS1";
/// Vertices closer than this to the simplified line are dropped at import (metres).
const IMPORT_TOLERANCE_M: f64 = 5.0;

/// The classes of road drawn on the maps, most important first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RoadClass {
    Motorway,
    Trunk,
    Primary,
    Secondary,
}

impl RoadClass {
    pub const ALL: [RoadClass; 4] = [
        RoadClass::Motorway,
        RoadClass::Trunk,
        RoadClass::Primary,
        RoadClass::Secondary,
    ];

    /// The OSM `highway` value, also the tiles' `class` property.
    pub fn name(self) -> &'static str {
        match self {
            RoadClass::Motorway => "motorway",
            RoadClass::Trunk => "trunk",
            RoadClass::Primary => "primary",
            RoadClass::Secondary => "secondary",
        }
    }

    /// The class of a `highway` value; links (`…_link`) and lesser roads are not drawn.
    pub fn of_highway(value: &str) -> Option<RoadClass> {
        RoadClass::ALL.into_iter().find(|c| c.name() == value)
    }
}

/// One main road: a line of `[lon, lat]` points.
#[derive(Debug, Clone, PartialEq)]
pub struct MainRoad {
    pub class: RoadClass,
    pub line: Vec<[f64; 2]>,
}

/// The main roads of a network (empty for a network imported before they were kept).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MainRoads {
    pub roads: Vec<MainRoad>,
}

impl MainRoads {
    /// The main roads of the extract at `pbf`, its node positions read already in `extract`.
    pub fn from_extract(pbf: &Path, extract: &OsmExtract) -> Result<MainRoads, RoutingError> {
        let ways = main_ways(pbf)?;
        let roads = ways
            .into_par_iter()
            .filter_map(|(class, refs)| {
                let line: Vec<[f64; 2]> = refs.iter().filter_map(|&r| extract.coord(r)).collect();
                let line = simplified(&line);
                (line.len() >= 2).then_some(MainRoad { class, line })
            })
            .collect();
        Ok(MainRoads { roads })
    }

    /// Writes the file format described above.
    pub fn write(&self, path: &Path) -> Result<(), RoutingError> {
        let mut out = Vec::with_capacity(12 + self.roads.len() * 64);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.roads.len() as u32).to_le_bytes());
        for road in &self.roads {
            let class = RoadClass::ALL.iter().position(|c| *c == road.class);
            out.push(class.unwrap_or(0) as u8);
            out.extend_from_slice(&(road.line.len() as u32).to_le_bytes());
            for p in &road.line {
                out.extend_from_slice(&(p[0] as f32).to_le_bytes());
                out.extend_from_slice(&(p[1] as f32).to_le_bytes());
            }
        }
        std::fs::write(path, out).map_err(|e| RoutingError::io(path, e))
    }

    /// Reads the file in `dir`; no file gives no roads (a network imported before).
    pub fn read(dir: &Path) -> Result<MainRoads, RoutingError> {
        let path = dir.join(MAIN_ROADS_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(MainRoads::default()),
            Err(e) => return Err(RoutingError::io(&path, e)),
        };
        let corrupt = |defect: GraphDefect| RoutingError::CorruptGraph {
            path: path.clone(),
            defect,
        };
        let mut r = Reader(&bytes);
        if r.take(8).ok_or_else(|| corrupt(GraphDefect::Truncated))? != MAGIC {
            return Err(corrupt(GraphDefect::BadMagic));
        }
        let count = r.u32().ok_or_else(|| corrupt(GraphDefect::Truncated))?;
        let mut roads = Vec::new();
        for _ in 0..count {
            let class = r.take(1).ok_or_else(|| corrupt(GraphDefect::Truncated))?[0];
            let class = *RoadClass::ALL
                .get(class as usize)
                .ok_or_else(|| corrupt(GraphDefect::Inconsistent("unknown road class")))?;
            let n = r.u32().ok_or_else(|| corrupt(GraphDefect::Truncated))? as usize;
            if n.saturating_mul(8) > r.0.len() {
                return Err(corrupt(GraphDefect::Truncated));
            }
            let mut line = Vec::with_capacity(n);
            for _ in 0..n {
                let (lon, lat) = (r.f32(), r.f32());
                let (Some(lon), Some(lat)) = (lon, lat) else {
                    return Err(corrupt(GraphDefect::Truncated));
                };
                if !super::geom::valid_lat_lon(lat, lon) {
                    return Err(corrupt(GraphDefect::CoordinateOutOfRange));
                }
                line.push([lon, lat]);
            }
            roads.push(MainRoad { class, line });
        }
        if !r.0.is_empty() {
            return Err(corrupt(GraphDefect::TrailingBytes(r.0.len() as u64)));
        }
        Ok(MainRoads { roads })
    }
}

/// A little-endian reader over the file's bytes.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn f32(&mut self) -> Option<f64> {
        Some(f64::from(f32::from_le_bytes(
            self.take(4)?.try_into().ok()?,
        )))
    }
}

/// The line without the vertices that change it by less than [`IMPORT_TOLERANCE_M`].
fn simplified(line: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let Some(first) = line.first() else {
        return Vec::new();
    };
    let projection = LocalProjection::new(first[1]);
    let metres: LineString<f64> = line
        .iter()
        .map(|&p| {
            let [x, y] = projection.project(p);
            geo::Coord { x, y }
        })
        .collect();
    metres
        .simplify(IMPORT_TOLERANCE_M)
        .coords()
        .map(|c| projection.unproject([c.x, c.y]))
        .collect()
}

/// The ways of a main class in the extract: class and node references.
fn main_ways(pbf: &Path) -> Result<Vec<(RoadClass, Vec<i64>)>, RoutingError> {
    let pbf_error = |message: String| RoutingError::Pbf {
        path: pbf.to_path_buf(),
        message,
    };
    let reader = BlobReader::from_path(pbf).map_err(|e| pbf_error(e.to_string()))?;
    let blobs = reader
        .enumerate()
        .map(|(index, blob)| blob.map_err(|e| pbf_error(format!("blob {index}: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let parts = blobs
        .par_iter()
        .enumerate()
        .map(|(index, blob)| {
            let mut ways = Vec::new();
            match blob.decode() {
                Ok(BlobDecode::OsmData(block)) => block.for_each_element(|element| {
                    if let Element::Way(w) = element {
                        let class = w
                            .tags()
                            .find(|(k, _)| *k == "highway")
                            .and_then(|(_, v)| RoadClass::of_highway(v));
                        if let Some(class) = class {
                            ways.push((class, w.refs().collect()));
                        }
                    }
                }),
                Ok(_) => {}
                Err(e) => return Err(pbf_error(format!("blob {index}: {e}"))),
            }
            Ok(ways)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(parts.into_iter().flatten().collect())
}
