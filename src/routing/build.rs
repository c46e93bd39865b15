//! From an OSM extract to the base graph of one profile: edges between consecutive way
//! nodes, timed by the profile's speed, restricted to the largest strongly connected component.
//! Nodes are found through a [`NodeIndex`] and numbered in an array, not a hash map; edge
//! lists are sorted in place and the component renumbered without copying them again, so a
//! national extract builds in seconds and holds each edge list about once.

use super::graph::{Csr, EdgeTuple};
use super::osm::{NodeIndex, OsmExtract};
use super::profile::Profile;
use super::scc;
use crate::spatial::geodesy::haversine_m;
use serde::{Deserialize, Serialize};

/// What building one profile's graph kept and left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileBuildStats {
    pub ways_used: usize,
    /// Nodes and directed edges kept (the largest strongly connected component).
    pub nodes: usize,
    pub edges: usize,
    /// Strongly connected components found, and the nodes left out with the smaller ones.
    pub components: usize,
    pub nodes_dropped: usize,
    /// Way segments skipped because a node was missing from the extract.
    pub segments_missing_nodes: usize,
}

/// Travel time of `length_m` at `speed_kmh`, in whole milliseconds, at least 1.
pub fn travel_time_ms(length_m: f64, speed_kmh: f64) -> u32 {
    let ms = length_m / (speed_kmh / 3.6) * 1000.0;
    (ms.round() as u32).max(1)
}

/// Length in whole decimetres.
pub fn length_dm(length_m: f64) -> u32 {
    (length_m * 10.0).round() as u32
}

/// Builds the graph of `profile`: coordinates (`[lon, lat]`) and edges, largest component only.
pub fn build_profile(
    extract: &OsmExtract,
    profile: Profile,
) -> (Vec<[f64; 2]>, Csr, ProfileBuildStats) {
    let mut stats = ProfileBuildStats::default();
    // Graph id of each extract node (by its position in `extract.nodes`), in order of first
    // use: an array rather than a map from OSM ids, a tenth of the memory on a national extract.
    let index = NodeIndex::new(&extract.nodes);
    let position = |id: i64| index.position(&extract.nodes, id);
    let mut graph_id = vec![u32::MAX; extract.nodes.len()];
    let mut coords: Vec<[f64; 2]> = Vec::new();
    let mut edges: Vec<EdgeTuple> = Vec::new();
    for way in &extract.ways {
        let rule = match profile {
            Profile::Car => way.car,
            Profile::Foot => way.foot,
        };
        if !rule.usable() {
            continue;
        }
        stats.ways_used += 1;
        for pair in way.refs.windows(2) {
            let (Some(ka), Some(kb)) = (position(pair[0]), position(pair[1])) else {
                stats.segments_missing_nodes += 1;
                continue;
            };
            let mut id = |k: usize| {
                if graph_id[k] == u32::MAX {
                    graph_id[k] = coords.len() as u32;
                    coords.push(extract.nodes[k].1);
                }
                graph_id[k]
            };
            let (a, b) = (id(ka), id(kb));
            let (ca, cb) = (coords[a as usize], coords[b as usize]);
            let len = haversine_m(ca, cb);
            if let Some(kmh) = rule.forward_kmh {
                edges.push((a, b, travel_time_ms(len, kmh), length_dm(len)));
            }
            if let Some(kmh) = rule.backward_kmh {
                edges.push((b, a, travel_time_ms(len, kmh), length_dm(len)));
            }
        }
    }
    drop(graph_id);
    let all = Csr::from_edge_vec(coords.len(), edges);
    let (comp, count) = scc::components(&all);
    stats.components = count;
    let mut sizes = vec![0usize; count];
    for &c in &comp {
        sizes[c as usize] += 1;
    }
    let Some(largest) = (0..count).max_by_key(|&c| sizes[c]) else {
        return (Vec::new(), Csr::from_edges(0, &[]), stats);
    };
    // Renumber the kept nodes, in their original order (so each node's heads stay sorted).
    let mut new_id = vec![u32::MAX; coords.len()];
    let mut kept_coords = Vec::with_capacity(sizes[largest]);
    for (old, c) in comp.iter().enumerate() {
        if *c as usize == largest {
            new_id[old] = kept_coords.len() as u32;
            kept_coords.push(coords[old]);
        }
    }
    drop(comp);
    let mut graph = Csr {
        first: Vec::with_capacity(kept_coords.len() + 1),
        ..Csr::default()
    };
    graph.first.push(0);
    for old in 0..all.num_nodes() as u32 {
        if new_id[old as usize] == u32::MAX {
            continue;
        }
        for e in all.edges(old) {
            let head = new_id[all.head[e] as usize];
            if head != u32::MAX {
                graph.head.push(head);
                graph.time_ms.push(all.time_ms[e]);
                graph.dist_dm.push(all.dist_dm[e]);
            }
        }
        graph.first.push(graph.head.len() as u32);
    }
    stats.nodes = graph.num_nodes();
    stats.edges = graph.num_edges();
    stats.nodes_dropped = coords.len() - stats.nodes;
    (kept_coords, graph, stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_lengths() {
        // 1 km at 60 km/h is one minute.
        assert_eq!(travel_time_ms(1000.0, 60.0), 60_000);
        assert_eq!(travel_time_ms(0.0, 60.0), 1);
        assert_eq!(length_dm(12.34), 123);
    }
}
