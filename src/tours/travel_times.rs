//! Travel durations and distances between the depots and the stops, and which model gave them.

use serde::Serialize;

/// Where the times come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TravelSource {
    /// The road engine (`maillage import roads`).
    Roads,
    /// The calibrated straight-line model.
    Crowfly,
    /// A matrix file given by the organiser.
    Matrix,
}

/// A square table of travel times (seconds) and distances (metres) between nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct TravelTimes {
    pub nodes: usize,
    pub durations_s: Vec<f64>,
    pub distances_m: Vec<f64>,
    pub source: TravelSource,
}

impl TravelTimes {
    /// Seconds from node `a` to node `b`.
    #[inline]
    pub fn t(&self, a: usize, b: usize) -> f64 {
        self.durations_s[a * self.nodes + b]
    }

    /// Metres from node `a` to node `b`.
    #[inline]
    pub fn d(&self, a: usize, b: usize) -> f64 {
        self.distances_m[a * self.nodes + b]
    }
}
