//! The answer given to a planner: which sites, what each adds, how much is left.

use super::problem::Indexed;
use super::state::CoverState;
use serde::Serialize;

/// Sites to add, in order of choice, with what each adds and how close to optimal it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// Candidate indices, each the one adding most to those before it (lowest index on ties).
    pub chosen: Vec<usize>,
    /// Weight each chosen site adds to those before it; sums to `covered`.
    pub gains: Vec<f64>,
    /// Weight covered by the chosen sites together.
    pub covered: f64,
    /// Weight of all demand points.
    pub total: f64,
    /// Weight that at least one candidate covers: `total - coverable` is out of every
    /// candidate's reach.
    pub coverable: f64,
    /// No choice of as many sites covers more than this (`None` when not computed); equal to
    /// `covered` for a proven optimum.
    pub upper_bound: Option<f64>,
}

impl Suggestion {
    /// Weight left uncovered after the chosen sites.
    pub fn gap(&self) -> f64 {
        self.total - self.covered
    }

    /// Weight no candidate can cover.
    pub fn uncoverable(&self) -> f64 {
        self.total - self.coverable
    }

    /// `covered / upper_bound`: a guaranteed fraction of the optimum (1 when nothing to cover).
    pub fn optimality_ratio(&self) -> Option<f64> {
        let ub = self.upper_bound?;
        Some(if ub > 0.0 { self.covered / ub } else { 1.0 })
    }

    /// Orders `set` greedily (largest marginal weight first) and sums what it covers; a
    /// member adding nothing to the others is left out.
    pub(crate) fn from_set(
        ix: &Indexed,
        set: &[usize],
        coverable: f64,
        upper_bound: Option<f64>,
    ) -> Suggestion {
        let mut state = CoverState::new(ix, ix.weights);
        let mut rest: Vec<usize> = set.to_vec();
        rest.sort_unstable();
        rest.dedup();
        let (mut chosen, mut gains) = (Vec::new(), Vec::new());
        while !rest.is_empty() {
            let mut best = 0;
            for k in 1..rest.len() {
                if state.gain(rest[k]) > state.gain(rest[best]) {
                    best = k;
                }
            }
            let j = rest.remove(best);
            // Recomputed from the points, not the running sums, so gains are exact sums.
            let gain: f64 = ix.covers[j]
                .iter()
                .filter(|&&i| state.count(i) == 0)
                .map(|&i| ix.weights[i as usize])
                .sum();
            if gain <= 0.0 {
                break;
            }
            gains.push(gain);
            state.add(j);
            chosen.push(j);
        }
        Suggestion {
            covered: gains.iter().sum(),
            chosen,
            gains,
            total: ix.weights.iter().sum(),
            coverable,
            upper_bound,
        }
    }
}
