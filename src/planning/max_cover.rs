//! Maximal covering location: the `n` sites that cover the most weight. Greedy (with
//! incremental gains) from several starts, each improved by swap local search; the answer
//! carries an upper bound on the optimum.

use super::lagrangian::relax;
use super::problem::{CoverProblem, Indexed};
use super::state::CoverState;
use super::{PlanningError, Suggestion};

/// How many of the best local optima are then improved by the costlier pair exchange.
const PAIR_POLISHED: usize = 3;

/// In a pair exchange, how many of the best candidates (by gain once the pair is out) are
/// tried as the first of the two new sites; the second is always the best partner.
const PAIR_FIRST: usize = 48;

/// How many alternative first sites are tried besides plain greedy: greedy's first pick
/// locks it into a region, and a few other starts let swap search escape it cheaply.
const EXTRA_STARTS: usize = 24;

/// Chooses at most `n` candidates covering the most weight (fewer when more would add
/// nothing). Deterministic; ties go to the lowest index.
///
/// Search: plain greedy and greedy forced to open with other good sites, then greedy from
/// the site sets of a Lagrangian relaxation, each taken to a swap local optimum; the best few
/// optima are then polished by pair exchanges.
///
/// The upper bound is the smaller of the Lagrangian bound and the classic one for coverage
/// (for any set S, no `n` sites cover more than covered(S) + the `n` largest marginal gains
/// over S, taken over every set met).
pub fn max_cover(p: &CoverProblem, n: usize) -> Result<Suggestion, PlanningError> {
    let ix = Indexed::new(p)?;
    let coverable = ix.coverable();
    let tol = ix.tolerance();
    let mut bound = coverable;
    let mut optima: Vec<(f64, Vec<usize>)> = Vec::new();
    for first in starts(&ix, n) {
        let mut state = CoverState::with(&ix, first.as_slice());
        greedy_fill(&mut state, n, tol, &mut bound);
        swap_search(&mut state, tol);
        bound = bound.min(state.covered() + state.top_gains(n));
        let set = state.chosen();
        if !optima.iter().any(|(_, s)| *s == set) {
            optima.push((state.covered(), set));
        }
    }
    // Lagrangian relaxation: a bound as tight as the linear relaxation, and more starts.
    let lower = optima.iter().map(|o| o.0).fold(0.0, f64::max);
    let relaxation = relax(&ix, n, lower, tol);
    bound = bound.min(relaxation.bound);
    for set in relaxation.sets {
        let mut state = CoverState::with(&ix, &set);
        greedy_fill(&mut state, n, tol, &mut bound);
        swap_search(&mut state, tol);
        let set = state.chosen();
        if !optima.iter().any(|(_, s)| *s == set) {
            optima.push((state.covered(), set));
        }
    }
    // Best first; on ties the earlier start (plain greedy first) wins.
    optima.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut best: Option<(f64, Vec<usize>)> = None;
    for (_, set) in optima.into_iter().take(PAIR_POLISHED) {
        let mut state = CoverState::with(&ix, &set);
        while pair_exchange(&mut state, tol) {
            swap_search(&mut state, tol);
        }
        bound = bound.min(state.covered() + state.top_gains(n));
        if best
            .as_ref()
            .is_none_or(|(c, _)| state.covered() > *c + tol)
        {
            best = Some((state.covered(), state.chosen()));
        }
    }
    let set = best.map(|(_, s)| s).unwrap_or_default();
    let mut s = Suggestion::from_set(&ix, &set, coverable, None);
    s.upper_bound = Some(bound.max(s.covered));
    Ok(s)
}

/// Plain greedy (`None`), then greedy forced to open with each of the next best single sites.
fn starts(ix: &Indexed, n: usize) -> Vec<Option<usize>> {
    let mut out = vec![None];
    if n < 2 {
        return out;
    }
    let mut by_weight: Vec<(f64, usize)> = (0..ix.candidates())
        .map(|j| (ix.weight_of(&ix.covers[j]), j))
        .filter(|(w, _)| *w > 0.0)
        .collect();
    by_weight.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    // The best single site is plain greedy's own first pick.
    out.extend(
        by_weight
            .iter()
            .skip(1)
            .take(EXTRA_STARTS)
            .map(|&(_, j)| Some(j)),
    );
    out
}

/// Adds the best unchosen site until `n` are chosen or none adds anything, tightening
/// `bound` at every step.
fn greedy_fill(state: &mut CoverState, n: usize, tol: f64, bound: &mut f64) {
    let mut size = state.chosen().len();
    loop {
        *bound = bound.min(state.covered() + state.top_gains(n));
        if size >= n {
            return;
        }
        match state.best_unchosen() {
            Some((j, g)) if g > tol => {
                state.add(j);
                size += 1;
            }
            _ => return,
        }
    }
}

/// Best-improvement exchange: replace one chosen site by one unchosen site while that covers
/// more. Each move is evaluated incrementally (remove, read the best gain, put back).
fn swap_search(state: &mut CoverState, tol: f64) {
    loop {
        let before = state.covered();
        let mut best: Option<(f64, usize, usize)> = None;
        for r in state.chosen() {
            state.remove(r);
            if let Some((a, g)) = state.best_unchosen_except(Some(r)) {
                let delta = state.covered() + g - before;
                if delta > tol && best.is_none_or(|(d, _, _)| delta > d + tol) {
                    best = Some((delta, r, a));
                }
            }
            state.add(r);
        }
        match best {
            Some((_, r, a)) => {
                state.remove(r);
                state.add(a);
            }
            None => return,
        }
    }
}

/// Best-improvement double exchange: take two chosen sites out and put back the best pair
/// (each of the [`PAIR_FIRST`] best candidates, with the best partner for it). Applies
/// the best move found and returns whether there was one.
fn pair_exchange(state: &mut CoverState, tol: f64) -> bool {
    let before = state.covered();
    let chosen = state.chosen();
    let mut best: Option<(f64, [usize; 4])> = None;
    for (x, &r1) in chosen.iter().enumerate() {
        for &r2 in &chosen[x + 1..] {
            state.remove(r1);
            state.remove(r2);
            let base = state.covered();
            for a in state.top_unchosen(PAIR_FIRST) {
                if state.gain(a) <= tol {
                    continue;
                }
                state.add(a);
                if let Some((b, g)) = state.best_unchosen() {
                    let delta = state.covered() + g - before;
                    if delta > tol && best.is_none_or(|(d, _)| delta > d + tol) {
                        best = Some((delta, [r1, r2, a, b]));
                    }
                }
                state.remove(a);
            }
            debug_assert!((state.covered() - base).abs() <= tol);
            state.add(r1);
            state.add(r2);
        }
    }
    match best {
        Some((_, [r1, r2, a, b])) => {
            state.remove(r1);
            state.remove(r2);
            state.add(a);
            state.add(b);
            true
        }
        None => false,
    }
}
