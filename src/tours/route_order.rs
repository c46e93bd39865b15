//! Shorter orders for one day route, keeping it feasible: 2-opt (reverse a segment) and
//! relocate (move one stop elsewhere), first improvement until none is left.

use super::day_route::feasible_driving;
use super::instance::TourInstance;

/// A better order of `route` for unit `u` and its driving, or `None` if none was found.
pub fn improve_order(inst: &TourInstance, u: usize, route: &[usize]) -> Option<(Vec<usize>, f64)> {
    let n = route.len();
    if n < 2 {
        return None;
    }
    let mut best = route.to_vec();
    let mut best_d = feasible_driving(inst, u, &best)?;
    let start = best_d;
    let mut improved = true;
    let mut trial = Vec::with_capacity(n);
    while improved {
        improved = false;
        // 2-opt.
        'two_opt: for i in 0..n - 1 {
            for j in i + 1..n {
                trial.clear();
                trial.extend_from_slice(&best);
                trial[i..=j].reverse();
                if let Some(d) = feasible_driving(inst, u, &trial) {
                    if d < best_d - 1e-6 {
                        best.clone_from(&trial);
                        best_d = d;
                        improved = true;
                        break 'two_opt;
                    }
                }
            }
        }
        // Relocate.
        'relocate: for i in 0..n {
            for j in 0..n {
                if i == j {
                    continue;
                }
                trial.clear();
                trial.extend_from_slice(&best);
                let s = trial.remove(i);
                trial.insert(j, s);
                if let Some(d) = feasible_driving(inst, u, &trial) {
                    if d < best_d - 1e-6 {
                        best.clone_from(&trial);
                        best_d = d;
                        improved = true;
                        break 'relocate;
                    }
                }
            }
        }
    }
    (best_d < start - 1e-6).then_some((best, best_d))
}
