//! From places on a map to a covering problem.

use super::CoverProblem;

/// Builds the covering problem: each demand point `(position, weight)` keeps its weight
/// unless an existing place is within reach (then 0), and each candidate covers the demand
/// points within its reach. `within(resident, site)` says whether the trip from a demand
/// point to a site takes at most T (positions are whatever `within` understands, e.g.
/// `[lon, lat]`). Cost: demand × (existing + candidates) calls of `within`.
pub fn build_problem<P: Copy>(
    demand: &[(P, f64)],
    candidates: &[P],
    existing: &[P],
    within: impl Fn(P, P) -> bool,
) -> CoverProblem {
    let weights = demand
        .iter()
        .map(|&(d, w)| {
            if existing.iter().any(|&e| within(d, e)) {
                0.0
            } else {
                w
            }
        })
        .collect();
    let covers = candidates
        .iter()
        .map(|&c| {
            (0..demand.len() as u32)
                .filter(|&i| within(demand[i as usize].0, c))
                .collect()
        })
        .collect();
    CoverProblem { weights, covers }
}
