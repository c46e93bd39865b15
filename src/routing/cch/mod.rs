//! Customizable contraction hierarchies (Dibbelt, Strasser and Wagner): a node order by nested
//! dissection ([`order`]), contraction in that order without witness searches
//! ([`topology`]), then weights for any travel times ([`customization`]). Unlike a greedy
//! contraction, whose cost depends on how dense its remaining core grows, the size and time
//! of each step are set by the separators of the network, so it finishes on grids and dense
//! cities too; and a change of travel times (a road closed) is a new customization of the same
//! topology, in seconds.

pub mod choice;
pub mod customization;
pub mod order;
pub mod separator;
pub mod topology;

use super::ch::Ch;
use super::defect::GraphDefect;
use super::graph::Csr;
pub use choice::{prepare_hierarchy, HierarchyChoice, HierarchyKind};
use serde::{Deserialize, Serialize};
use std::time::Instant;
pub use topology::Topology;

/// Sizes and times of one customizable preparation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CchStats {
    pub order_seconds: f64,
    pub contract_seconds: f64,
    pub customize_seconds: f64,
    /// Arcs of the contracted graph, whatever the metric.
    pub arcs: usize,
    /// The most higher neighbours of a node (about the size of the top separator).
    pub max_upper_degree: usize,
}

/// Orders, contracts and customizes `graph` with its own travel times.
pub fn prepare(coords: &[[f64; 2]], graph: &Csr) -> Result<(Topology, Ch, CchStats), GraphDefect> {
    let started = Instant::now();
    let adjacency = order::Adjacency::of(graph);
    let rank_of = order::nested_dissection(coords, &adjacency);
    let order_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let topology = Topology::contract(&adjacency, rank_of)?;
    drop(adjacency);
    let contract_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let ch = customization::customize(&topology, graph, &graph.time_ms)?;
    let stats = CchStats {
        order_seconds,
        contract_seconds,
        customize_seconds: started.elapsed().as_secs_f64(),
        arcs: topology.num_arcs(),
        max_upper_degree: topology.max_upper_degree(),
    };
    Ok((topology, ch, stats))
}
