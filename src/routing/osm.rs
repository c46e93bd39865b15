//! Reading an OSM PBF extract: node coordinates and the ways some profile may use.
//!
//! Blobs are read in order, then decoded in parallel; a corrupt or truncated file stops the
//! import with an error naming the file and the blob.

use super::error::RoutingError;
use super::profile::{car_rule, foot_rule, WayRule, WayTags};
use osmpbf::{BlobDecode, BlobReader, Element, PrimitiveBlock};
use rayon::prelude::*;
use std::path::Path;

/// A way at least one profile may use, with its node references.
#[derive(Debug, Clone)]
pub struct RawWay {
    pub refs: Vec<i64>,
    pub car: WayRule,
    pub foot: WayRule,
}

/// What routing needs from an extract.
#[derive(Debug, Default)]
pub struct OsmExtract {
    /// Node id → (lon, lat), sorted by id.
    pub nodes: Vec<(i64, [f64; 2])>,
    pub ways: Vec<RawWay>,
    /// Seconds since the epoch: the header's replication timestamp, else the newest element.
    pub timestamp_s: Option<i64>,
    /// Number of ways with a `highway` tag, usable or not.
    pub highway_ways: usize,
}

impl OsmExtract {
    /// Coordinates of a node, if the extract has it.
    pub fn coord(&self, id: i64) -> Option<[f64; 2]> {
        self.nodes
            .binary_search_by_key(&id, |(i, _)| *i)
            .ok()
            .map(|k| self.nodes[k].1)
    }
}

/// Finds a node's position in the sorted node list in a couple of memory reads rather than
/// a binary search over millions of nodes (a cache miss at every step: 20 s of the national
/// import went there): the id range is cut into about as many buckets as there are nodes.
#[derive(Debug)]
pub struct NodeIndex {
    min: i64,
    shift: u32,
    /// Nodes of bucket `b`: `start[b]..start[b + 1]`.
    start: Vec<u32>,
}

impl NodeIndex {
    /// Indexes `nodes`, sorted by id.
    pub fn new(nodes: &[(i64, [f64; 2])]) -> NodeIndex {
        let (Some(first), Some(last)) = (nodes.first(), nodes.last()) else {
            return NodeIndex {
                min: 0,
                shift: 0,
                start: vec![0, 0],
            };
        };
        let min = first.0;
        let span = last.0.wrapping_sub(min) as u64;
        let wanted = (nodes.len() as u64).next_power_of_two();
        let mut shift = 0;
        while (span >> shift) >= wanted {
            shift += 1;
        }
        let buckets = (span >> shift) as usize + 1;
        let mut start = vec![0u32; buckets + 1];
        for (id, _) in nodes {
            start[(id.wrapping_sub(min) as u64 >> shift) as usize + 1] += 1;
        }
        for b in 0..buckets {
            start[b + 1] += start[b];
        }
        NodeIndex { min, shift, start }
    }

    /// The position of node `id` in the `nodes` this index was built on.
    pub fn position(&self, nodes: &[(i64, [f64; 2])], id: i64) -> Option<usize> {
        if id < self.min {
            return None;
        }
        let b = (id.wrapping_sub(self.min) as u64 >> self.shift) as usize;
        let (lo, hi) = (
            *self.start.get(b)? as usize,
            *self.start.get(b + 1)? as usize,
        );
        nodes[lo..hi]
            .binary_search_by_key(&id, |(i, _)| *i)
            .ok()
            .map(|k| lo + k)
    }
}

#[derive(Default)]
struct Part {
    nodes: Vec<(i64, [f64; 2])>,
    ways: Vec<RawWay>,
    newest_ms: Option<i64>,
    highway_ways: usize,
}

fn newer(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

fn read_block(block: &PrimitiveBlock) -> Part {
    let mut part = Part::default();
    block.for_each_element(|element| match element {
        Element::DenseNode(n) => {
            part.nodes.push((n.id(), [n.lon(), n.lat()]));
            let ts = n.info().map(|i| i.milli_timestamp()).filter(|t| *t > 0);
            part.newest_ms = newer(part.newest_ms, ts);
        }
        Element::Node(n) => {
            part.nodes.push((n.id(), [n.lon(), n.lat()]));
            part.newest_ms = newer(
                part.newest_ms,
                n.info().milli_timestamp().filter(|t| *t > 0),
            );
        }
        Element::Way(w) => {
            let tags = WayTags::from_pairs(w.tags());
            if tags.highway.is_none() {
                return;
            }
            part.highway_ways += 1;
            part.newest_ms = newer(
                part.newest_ms,
                w.info().milli_timestamp().filter(|t| *t > 0),
            );
            let car = car_rule(&tags);
            let foot = foot_rule(&tags);
            if car.usable() || foot.usable() {
                part.ways.push(RawWay {
                    refs: w.refs().collect(),
                    car,
                    foot,
                });
            }
        }
        Element::Relation(_) => {}
    });
    part
}

/// Reads the extract at `path`.
pub fn read_extract(path: &Path) -> Result<OsmExtract, RoutingError> {
    let pbf_error = |message: String| RoutingError::Pbf {
        path: path.to_path_buf(),
        message,
    };
    let reader = BlobReader::from_path(path).map_err(|e| pbf_error(e.to_string()))?;
    let mut blobs = Vec::new();
    for (index, blob) in reader.enumerate() {
        let blob = blob.map_err(|e| pbf_error(format!("blob {index}: {e}")))?;
        blobs.push(blob);
    }
    if blobs.is_empty() {
        return Err(RoutingError::EmptyExtract {
            path: path.to_path_buf(),
        });
    }
    let decoded: Vec<Result<(Part, Option<i64>), RoutingError>> = blobs
        .par_iter()
        .enumerate()
        .map(|(index, blob)| match blob.decode() {
            Ok(BlobDecode::OsmHeader(h)) => {
                Ok((Part::default(), h.osmosis_replication_timestamp()))
            }
            Ok(BlobDecode::OsmData(block)) => Ok((read_block(&block), None)),
            Ok(BlobDecode::Unknown(_)) => Ok((Part::default(), None)),
            Err(e) => Err(pbf_error(format!("blob {index}: {e}"))),
        })
        .collect();
    let mut out = OsmExtract::default();
    let mut newest_ms = None;
    for item in decoded {
        let (part, header_ts) = item?;
        out.nodes.extend(part.nodes);
        out.ways.extend(part.ways);
        out.highway_ways += part.highway_ways;
        newest_ms = newer(newest_ms, part.newest_ms);
        if header_ts.is_some_and(|t| t > 0) {
            out.timestamp_s = header_ts;
        }
    }
    if out.timestamp_s.is_none() {
        out.timestamp_s = newest_ms.map(|ms| ms / 1000);
    }
    if out.nodes.is_empty() && out.ways.is_empty() && out.highway_ways == 0 {
        return Err(RoutingError::EmptyExtract {
            path: path.to_path_buf(),
        });
    }
    out.nodes.par_sort_unstable_by_key(|(id, _)| *id);
    Ok(out)
}
