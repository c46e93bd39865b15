//! The exact optimum of maximal covering, for instances small enough: the problem is reduced
//! (points covered by the same candidates merged, dominated candidates dropped), then solved
//! as an integer program by `microlp` (pure Rust) through `good_lp`.

use super::problem::{CoverProblem, Indexed};
use super::{PlanningError, Suggestion};
use good_lp::{microlp, Expression, ProblemVariables, Solution, SolverModel, Variable};
use std::collections::BTreeMap;

/// Largest reduced integer program (candidates + merged points) attempted; beyond it
/// [`exact_max_cover`] returns `None`.
pub const EXACT_MAX_VARIABLES: usize = 5_000;

/// The best `n` sites, proven optimal (`upper_bound == covered`), or `None` when the reduced
/// problem is larger than [`EXACT_MAX_VARIABLES`] or the solver fails.
///
/// Integer program: maximise Σ W_g y_g subject to y_g ≤ Σ_{j covers g} x_j, Σ x_j ≤ n,
/// x binary, 0 ≤ y ≤ 1.
pub fn exact_max_cover(p: &CoverProblem, n: usize) -> Result<Option<Suggestion>, PlanningError> {
    let ix = Indexed::new(p)?;
    let coverable = ix.coverable();
    let reduced = Reduced::new(&ix);
    let set: Vec<usize> = if reduced.candidates.len() <= n {
        reduced.candidates.clone()
    } else if reduced.candidates.len() + reduced.group_weights.len() > EXACT_MAX_VARIABLES {
        return Ok(None);
    } else {
        match solve(&reduced, n) {
            Some(set) => set,
            None => return Ok(None),
        }
    };
    let mut s = Suggestion::from_set(&ix, &set, coverable, None);
    s.upper_bound = Some(s.covered);
    Ok(Some(s))
}

/// The problem on merged points (groups) and undominated candidates.
struct Reduced {
    /// Original indices of the candidates kept.
    candidates: Vec<usize>,
    /// For each kept candidate, the groups it covers (sorted).
    covers: Vec<Vec<usize>>,
    group_weights: Vec<f64>,
}

impl Reduced {
    fn new(ix: &Indexed) -> Reduced {
        // Points covered by exactly the same candidates behave as one point.
        let mut groups: BTreeMap<&[u32], usize> = BTreeMap::new();
        let mut group_weights = Vec::new();
        let mut group_of = vec![usize::MAX; ix.weights.len()];
        for (i, by) in ix.covered_by.iter().enumerate() {
            if by.is_empty() || ix.weights[i] <= 0.0 {
                continue;
            }
            let g = *groups.entry(by.as_slice()).or_insert_with(|| {
                group_weights.push(0.0);
                group_weights.len() - 1
            });
            group_weights[g] += ix.weights[i];
            group_of[i] = g;
        }
        let mut covers: Vec<Vec<usize>> = ix
            .covers
            .iter()
            .map(|c| {
                let mut g: Vec<usize> = c.iter().map(|&i| group_of[i as usize]).collect();
                g.sort_unstable();
                g.dedup();
                g
            })
            .collect();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); group_weights.len()];
        for (j, c) in covers.iter().enumerate() {
            for &g in c {
                members[g].push(j);
            }
        }
        // A candidate whose groups another covers too (strictly more, or the same with a lower
        // index) is never needed: the other does at least as well in its place.
        let dominated = |j: usize| -> bool {
            let Some(&g0) = covers[j].first() else {
                return true;
            };
            members[g0].iter().any(|&k| {
                k != j
                    && is_subset(&covers[j], &covers[k])
                    && (covers[k].len() > covers[j].len() || k < j)
            })
        };
        let keep: Vec<usize> = (0..covers.len()).filter(|&j| !dominated(j)).collect();
        let kept_covers = keep
            .iter()
            .map(|&j| std::mem::take(&mut covers[j]))
            .collect();
        Reduced {
            candidates: keep,
            covers: kept_covers,
            group_weights,
        }
    }
}

/// Whether sorted `a` ⊆ sorted `b`.
fn is_subset(a: &[usize], b: &[usize]) -> bool {
    let mut b = b.iter();
    a.iter().all(|x| b.any(|y| y == x))
}

/// Solves the reduced integer program; the original indices of the chosen candidates.
fn solve(r: &Reduced, n: usize) -> Option<Vec<usize>> {
    // Scaled so the largest group weighs 1: the solver's tolerances are absolute.
    let scale = r.group_weights.iter().copied().fold(0.0, f64::max);
    if scale <= 0.0 {
        return Some(Vec::new());
    }
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = r
        .candidates
        .iter()
        .map(|_| vars.add(good_lp::variable().binary()))
        .collect();
    let y: Vec<Variable> = r
        .group_weights
        .iter()
        .map(|_| vars.add(good_lp::variable().min(0.0).max(1.0)))
        .collect();
    let objective: Expression = y
        .iter()
        .zip(&r.group_weights)
        .map(|(&v, &w)| (w / scale) * v)
        .sum();
    let mut model = vars.maximise(objective).using(microlp);
    let mut reach: Vec<Expression> = vec![Expression::from(0.0); y.len()];
    for (k, c) in r.covers.iter().enumerate() {
        for &g in c {
            reach[g] += x[k];
        }
    }
    for (g, e) in reach.into_iter().enumerate() {
        model = model.with(good_lp::constraint::leq(y[g], e));
    }
    let budget: Expression = x.iter().copied().sum();
    model = model.with(good_lp::constraint::leq(budget, n as f64));
    let solution = model.solve().ok()?;
    Some(
        x.iter()
            .zip(&r.candidates)
            .filter(|(&v, _)| solution.value(v) > 0.5)
            .map(|(_, &j)| j)
            .collect(),
    )
}
