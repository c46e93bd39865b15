//! Lagrangian relaxation of maximal covering (Galvão & ReVelle's classic approach): relaxing
//! "a point counts only if a chosen site covers it" with a price λ_i per point splits the
//! problem into "keep the points worth more than their price" and "choose the `n` sites whose
//! points are dearest". Every price vector gives an upper bound on the optimum (as tight as
//! the linear relaxation at best); the sites chosen along the way are good starting points
//! for local search.

use super::problem::Indexed;

/// Subgradient iterations; the step is halved after `STALL` iterations without a better bound.
const ITERATIONS: usize = 300;
const STALL: usize = 15;

/// The best (lowest) bound found and the distinct site sets met on the way, in order.
pub(crate) struct Relaxation {
    pub bound: f64,
    pub sets: Vec<Vec<usize>>,
}

/// Minimises the Lagrangian bound by subgradient steps, knowing a solution of weight `lower`
/// (which sets the step size and stops the search once the bound meets it).
pub(crate) fn relax(ix: &Indexed, n: usize, lower: f64, tol: f64) -> Relaxation {
    let points: Vec<usize> = (0..ix.weights.len())
        .filter(|&i| ix.weights[i] > 0.0 && !ix.covered_by[i].is_empty())
        .collect();
    let mut price = vec![0.0; ix.weights.len()];
    for &i in &points {
        price[i] = ix.weights[i] / 2.0;
    }
    let mut out = Relaxation {
        bound: f64::INFINITY,
        sets: Vec::new(),
    };
    let (mut step, mut stall) = (2.0, 0);
    let mut count = vec![0u32; ix.weights.len()];
    for _ in 0..ITERATIONS {
        let value: Vec<f64> = ix
            .covers
            .iter()
            .map(|c| c.iter().map(|&i| price[i as usize]).sum())
            .collect();
        let mut order: Vec<usize> = (0..value.len()).filter(|&j| value[j] > 0.0).collect();
        order.sort_by(|&a, &b| value[b].total_cmp(&value[a]).then(a.cmp(&b)));
        order.truncate(n);
        let kept: f64 = points
            .iter()
            .map(|&i| (ix.weights[i] - price[i]).max(0.0))
            .sum();
        let bound = kept + order.iter().map(|&j| value[j]).sum::<f64>();
        if bound < out.bound - tol {
            out.bound = bound;
            stall = 0;
        } else {
            stall += 1;
            if stall >= STALL {
                step /= 2.0;
                stall = 0;
            }
        }
        let mut set = order.clone();
        set.sort_unstable();
        if !out.sets.contains(&set) {
            out.sets.push(set);
        }
        if out.bound - lower <= tol || step < 1e-4 {
            break;
        }
        // Subgradient: (kept or not) − (times covered by the chosen sites), per point.
        count.iter_mut().for_each(|c| *c = 0);
        for &j in &order {
            for &i in &ix.covers[j] {
                count[i as usize] += 1;
            }
        }
        let grad = |i: usize| {
            let kept = if ix.weights[i] > price[i] { 1.0 } else { 0.0 };
            kept - f64::from(count[i])
        };
        let norm: f64 = points.iter().map(|&i| grad(i).powi(2)).sum();
        if norm == 0.0 {
            break;
        }
        let t = step * (bound - lower).max(tol) / norm;
        let new: Vec<(usize, f64)> = points
            .iter()
            .map(|&i| (i, (price[i] + t * grad(i)).clamp(0.0, ix.weights[i])))
            .collect();
        for (i, p) in new {
            price[i] = p;
        }
    }
    out
}
