//! Many-to-many travel times and distances, parallel on all cores: bucket-based CH on the road
//! graph, the straight-line model for points the road graph does not cover.

use super::ch::{Endpoint, INFINITE};
use super::crowfly::{self, TripEnds};
use super::error::RoutingError;
use super::network::RoadNetwork;
use super::profile::Profile;
use super::route::{checked, place};
use super::snap::Snapped;
use super::ModelKind;
use geo::Point;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// Durations and distances, row-major with sources as rows; `None` = unreachable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    pub rows: usize,
    pub cols: usize,
    pub durations_s: Vec<Option<f64>>,
    pub distances_m: Vec<Option<f64>>,
    /// `road` when a road graph was used, else `crow-fly`.
    pub model: ModelKind,
    /// Points off the loaded road graph (outside its area, or more than the snapping distance
    /// from any road): their rows/columns use the straight-line model, as [`super::route`]
    /// does for such an end.
    pub crow_fly_sources: Vec<usize>,
    pub crow_fly_destinations: Vec<usize>,
}

impl Matrix {
    pub fn duration_s(&self, row: usize, col: usize) -> Option<f64> {
        self.durations_s[row * self.cols + col]
    }

    pub fn distance_m(&self, row: usize, col: usize) -> Option<f64> {
        self.distances_m[row * self.cols + col]
    }
}

fn locate_all(
    network: &RoadNetwork,
    profile: Profile,
    points: &[[f64; 2]],
) -> Vec<Option<Snapped>> {
    let g = network.profile(profile);
    points.par_iter().map(|&p| place(g, p).ok()).collect()
}

/// The travel-time matrix from `sources` to `dests` (points are `x = lon, y = lat`).
/// Coordinates out of range are an error naming the point.
pub fn matrix(
    roads: Option<&RoadNetwork>,
    sources: &[Point<f64>],
    dests: &[Point<f64>],
    profile: Profile,
) -> Result<Matrix, RoutingError> {
    let check = |what: &str, pts: &[Point<f64>]| -> Result<Vec<[f64; 2]>, RoutingError> {
        pts.iter()
            .enumerate()
            .map(|(i, p)| checked(&format!("{what}[{i}]"), *p))
            .collect()
    };
    let (src, dst) = (check("sources", sources)?, check("destinations", dests)?);
    let (rows, cols) = (src.len(), dst.len());
    let mut out = Matrix {
        rows,
        cols,
        durations_s: vec![None; rows * cols],
        distances_m: vec![None; rows * cols],
        model: ModelKind::CrowFly,
        crow_fly_sources: Vec::new(),
        crow_fly_destinations: Vec::new(),
    };
    let (snapped_src, snapped_dst) = match roads {
        Some(network) => {
            out.model = ModelKind::Road;
            (
                locate_all(network, profile, &src),
                locate_all(network, profile, &dst),
            )
        }
        None => (vec![None; rows], vec![None; cols]),
    };
    if let Some(network) = roads {
        let g = network.profile(profile);
        let starts: Vec<Vec<Endpoint>> = snapped_src
            .iter()
            .map(|s| {
                s.as_ref()
                    .map_or(Vec::new(), |s| g.snap.starts(&g.graph, s))
            })
            .collect();
        let ends: Vec<Vec<Endpoint>> = snapped_dst
            .iter()
            .map(|s| s.as_ref().map_or(Vec::new(), |s| g.snap.ends(&g.graph, s)))
            .collect();
        let (mut times, mut dists) = g.ch.many_to_many(&starts, &ends);
        // Points on one same segment may reach each other along it without meeting a node.
        let mut by_segment: HashMap<u32, Vec<usize>> = HashMap::new();
        for (j, s) in snapped_dst.iter().enumerate() {
            if let Some(s) = s {
                by_segment.entry(s.segment).or_default().push(j);
            }
        }
        for (i, s) in snapped_src.iter().enumerate() {
            let Some(s) = s else { continue };
            for &j in by_segment.get(&s.segment).into_iter().flatten() {
                let Some(d) = &snapped_dst[j] else { continue };
                if let Some((t, dd)) = g.snap.same_segment(&g.graph, s, d) {
                    let k = i * cols + j;
                    if t < times[k] {
                        times[k] = t;
                        dists[k] = dd;
                    }
                }
            }
        }
        for k in 0..rows * cols {
            if times[k] != INFINITE {
                out.durations_s[k] = Some(f64::from(times[k]) / 1000.0);
                out.distances_m[k] = Some(f64::from(dists[k]) / 10.0);
            }
        }
    }
    // Straight-line model for every cell with an uncovered end.
    out.crow_fly_sources = (0..rows).filter(|&i| snapped_src[i].is_none()).collect();
    out.crow_fly_destinations = (0..cols).filter(|&j| snapped_dst[j].is_none()).collect();
    if roads.is_none() {
        out.crow_fly_sources.clear();
        out.crow_fly_destinations.clear();
    }
    for i in 0..rows {
        for j in 0..cols {
            if snapped_src[i].is_none() || snapped_dst[j].is_none() {
                let (s, m) = crowfly::estimate(src[i], dst[j], profile, TripEnds::default());
                out.durations_s[i * cols + j] = Some(s.round());
                out.distances_m[i * cols + j] = Some(m.round());
            }
        }
    }
    Ok(out)
}
