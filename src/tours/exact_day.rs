//! The exact best order of every subset of a few stops for one day of one unit, by dynamic
//! programming over subsets: a label per (stops visited, last stop) is the time the last
//! visit ends and the driving so far; labels no better on both are dropped. Every step of a
//! day is monotone in time, so these labels are enough to decide every subset exactly.

use super::day_route::{drive, feasible_driving, visit_start};
use super::instance::TourInstance;

/// Most stops the subset dynamic programming takes (2^n subsets).
pub const MAX_EXACT_STOPS: usize = 12;

/// A feasible day: the stops (indices into the list given), the best order, its driving.
#[derive(Debug, Clone, PartialEq)]
pub struct SubsetRoute {
    /// Bit `i` set when the `i`-th stop given is visited.
    pub mask: u32,
    /// Stop indices of the instance, in visiting order.
    pub order: Vec<usize>,
    pub driving_s: f64,
}

#[derive(Debug, Clone, Copy)]
struct Label {
    end: f64,
    driving: f64,
    /// Index of the previous label in the arena, `usize::MAX` at the first stop.
    prev: usize,
    last: usize,
}

/// Every non-empty subset of `stops` that unit `u` can visit in one day, each with its least
/// driving; `None` when more than [`MAX_EXACT_STOPS`] are given.
pub fn feasible_subsets(
    inst: &TourInstance,
    u: usize,
    stops: &[usize],
) -> Option<Vec<SubsetRoute>> {
    let n = stops.len();
    if n > MAX_EXACT_STOPS {
        return None;
    }
    let unit = &inst.units[u];
    let depot = inst.depot_node(u);
    let mut arena: Vec<Label> = Vec::new();
    // labels[mask * n + last]: indices into the arena.
    let mut labels: Vec<Vec<usize>> = vec![Vec::new(); (1usize << n) * n.max(1)];
    let extend = |from_node: usize, clock: f64, driving: f64, j: usize| -> Option<(f64, f64)> {
        let s = &inst.stops[stops[j]];
        let node = inst.stop_node(stops[j]);
        let t = inst.times.t(from_node, node);
        let driving = driving + t;
        if driving > unit.max_driving_s + 1e-6 {
            return None;
        }
        let arrive = drive(clock, t, unit.lunch);
        let start = visit_start(arrive, s.visit_s, s.window, unit.lunch);
        let end = start + s.visit_s;
        (end <= unit.hours.end.0 + 1e-6 && s.window.is_none_or(|w| end <= w.end.0 + 1e-6))
            .then_some((end, driving))
    };
    let push = |arena: &mut Vec<Label>, bucket: &mut Vec<usize>, l: Label| {
        if bucket
            .iter()
            .any(|&k| arena[k].end <= l.end + 1e-9 && arena[k].driving <= l.driving + 1e-9)
        {
            return;
        }
        bucket.retain(|&k| !(l.end <= arena[k].end && l.driving <= arena[k].driving));
        arena.push(l);
        bucket.push(arena.len() - 1);
    };
    for j in 0..n {
        if let Some((end, driving)) = extend(depot, unit.hours.start.0, 0.0, j) {
            let l = Label {
                end,
                driving,
                prev: usize::MAX,
                last: j,
            };
            let mut bucket = std::mem::take(&mut labels[(1 << j) * n + j]);
            push(&mut arena, &mut bucket, l);
            labels[(1 << j) * n + j] = bucket;
        }
    }
    let mut best: Vec<Option<(f64, usize)>> = vec![None; 1 << n];
    for mask in 1usize..(1 << n) {
        for last in 0..n {
            let here = labels[mask * n + last].clone();
            for k in here {
                let l = arena[k];
                let from = inst.stop_node(stops[last]);
                // Back to the depot.
                let t = inst.times.t(from, depot);
                let back = drive(l.end, t, unit.lunch);
                let total = l.driving + t;
                if back <= unit.hours.end.0 + 1e-6
                    && total <= unit.max_driving_s + 1e-6
                    && best[mask].is_none_or(|b| total < b.0)
                {
                    best[mask] = Some((total, k));
                }
                for j in 0..n {
                    if mask & (1 << j) != 0 {
                        continue;
                    }
                    if let Some((end, driving)) = extend(from, l.end, l.driving, j) {
                        let next = mask | (1 << j);
                        let mut bucket = std::mem::take(&mut labels[next * n + j]);
                        push(
                            &mut arena,
                            &mut bucket,
                            Label {
                                end,
                                driving,
                                prev: k,
                                last: j,
                            },
                        );
                        labels[next * n + j] = bucket;
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for (mask, b) in best.iter().enumerate() {
        let Some((driving, mut k)) = *b else { continue };
        let mut order = Vec::new();
        while k != usize::MAX {
            order.push(stops[arena[k].last]);
            k = arena[k].prev;
        }
        order.reverse();
        debug_assert!(feasible_driving(inst, u, &order).is_some());
        out.push(SubsetRoute {
            mask: mask as u32,
            order,
            driving_s: driving,
        });
    }
    Some(out)
}

/// The optimum of a one-day instance (one unit, one working day, one week, weekly stops):
/// the most value, then the least driving. `None` when too many stops.
pub fn best_day(inst: &TourInstance) -> Option<(f64, SubsetRoute)> {
    let stops: Vec<usize> = (0..inst.stops.len()).collect();
    let subsets = feasible_subsets(inst, 0, &stops)?;
    let tol = inst.values.tolerance();
    let mut best: Option<(f64, SubsetRoute)> = None;
    for r in subsets {
        let keeps_all = (0..stops.len()).all(|i| !inst.stops[i].keep || r.mask & (1 << i) != 0);
        if !keeps_all {
            continue;
        }
        let v = inst.values.value_of(r.order.iter().copied());
        let better = match &best {
            None => true,
            Some((bv, br)) => v > bv + tol || (v >= bv - tol && r.driving_s < br.driving_s - 1e-6),
        };
        if better {
            best = Some((v, r));
        }
    }
    Some(best.unwrap_or((
        0.0,
        SubsetRoute {
            mask: 0,
            order: Vec::new(),
            driving_s: 0.0,
        },
    )))
}
