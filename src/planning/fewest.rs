//! The inverse question: the fewest sites so that every demand point some candidate can
//! cover is covered. Greedy set cover, then redundant sites dropped and pairs of sites
//! replaced by one where a single candidate covers what only they covered.

use super::problem::{CoverProblem, Indexed};
use super::state::CoverState;
use super::{PlanningError, Suggestion};

/// Sites covering every coverable point of positive weight (`covered == coverable`), as few
/// as the heuristic finds, listed by decreasing marginal weight. Points no candidate covers
/// are reported by [`Suggestion::uncoverable`]. No upper bound is given.
pub fn fewest_sites(p: &CoverProblem) -> Result<Suggestion, PlanningError> {
    let ix = Indexed::new(p)?;
    // Set cover counts points, not weight: every point must be covered whatever it weighs.
    let ones = vec![1.0; p.weights.len()];
    let mut state = CoverState::new(&ix, &ones);
    let mut order = Vec::new();
    while let Some((j, g)) = state.best_unchosen() {
        if g < 0.5 {
            break;
        }
        state.add(j);
        order.push(j);
    }
    drop_redundant(&ix, &mut state, &order);
    while replace_pair(&ix, &mut state) {
        let now = state.chosen();
        drop_redundant(&ix, &mut state, &now);
    }
    Ok(Suggestion::from_set(
        &ix,
        &state.chosen(),
        ix.coverable(),
        None,
    ))
}

/// Removes, latest first, every site whose points are all covered by another chosen site.
fn drop_redundant(ix: &Indexed, state: &mut CoverState, order: &[usize]) {
    for &j in order.iter().rev() {
        if state.is_chosen(j) && ix.covers[j].iter().all(|&i| state.count(i) >= 2) {
            state.remove(j);
        }
    }
}

/// Finds two chosen sites whose own points (covered by no other chosen site) one unchosen
/// candidate covers alone, and makes that exchange. Returns whether it did.
fn replace_pair(ix: &Indexed, state: &mut CoverState) -> bool {
    let chosen = state.chosen();
    for (x, &r1) in chosen.iter().enumerate() {
        for &r2 in &chosen[x + 1..] {
            state.remove(r1);
            state.remove(r2);
            let mut open: Vec<u32> = ix.covers[r1]
                .iter()
                .chain(&ix.covers[r2])
                .copied()
                .filter(|&i| state.count(i) == 0)
                .collect();
            open.sort_unstable();
            open.dedup();
            if open.is_empty() {
                return true;
            }
            if let Some(a) = single_cover(ix, state, &open, r1, r2) {
                state.add(a);
                return true;
            }
            state.add(r1);
            state.add(r2);
        }
    }
    false
}

/// The lowest-index unchosen candidate, other than `r1` and `r2`, covering every point of
/// `open`.
fn single_cover(
    ix: &Indexed,
    state: &CoverState,
    open: &[u32],
    r1: usize,
    r2: usize,
) -> Option<usize> {
    let first = *open.first()?;
    ix.covered_by[first as usize]
        .iter()
        .map(|&c| c as usize)
        .filter(|&c| c != r1 && c != r2 && !state.is_chosen(c))
        .find(|&c| open.iter().all(|&i| ix.covers[c].binary_search(&i).is_ok()))
}
