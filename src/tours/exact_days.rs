//! The exact optimum over several days for small instances: a set-packing integer program
//! over every feasible day route (enumerated by [`feasible_subsets`]), solved by `microlp`
//! through `good_lp`. Each stop takes at most one pattern; each day route is one enumerated
//! subset, and holds a stop exactly when the stop's pattern visits that day; a demand point
//! counts when a chosen stop reaches it. First the most value, then, value held, the least
//! driving.

use super::exact_day::{feasible_subsets, SubsetRoute, MAX_EXACT_STOPS};
use super::instance::TourInstance;
use good_lp::{constraint, microlp, Expression, ProblemVariables, Solution, SolverModel, Variable};

/// Most day-route variables the program may hold.
pub const MAX_ROUTE_VARIABLES: usize = 20_000;

/// The exact optimum: value, driving seconds, and each served stop's pattern index (into
/// [`TourInstance::patterns`]). `None` when the instance is too large or the solver fails.
#[derive(Debug, Clone, PartialEq)]
pub struct ExactPlan {
    pub value: f64,
    pub driving_s: f64,
    pub served: usize,
}

/// Solves `inst` exactly, if small enough.
pub fn exact_plan(inst: &TourInstance) -> Option<ExactPlan> {
    let n = inst.stops.len();
    if n > MAX_EXACT_STOPS {
        return None;
    }
    let all: Vec<usize> = (0..n).collect();
    let subsets: Vec<Vec<SubsetRoute>> = (0..inst.units.len())
        .map(|u| feasible_subsets(inst, u, &all))
        .collect::<Option<_>>()?;
    // The working routes: (route index, unit).
    let mut routes = Vec::new();
    for (u, unit) in inst.units.iter().enumerate() {
        for w in 0..inst.horizon_weeks {
            for &d in &unit.working_days {
                routes.push((inst.route_index(u, w, d), u));
            }
        }
    }
    let cells: usize = routes.iter().map(|&(_, u)| subsets[u].len()).sum();
    if cells > MAX_ROUTE_VARIABLES {
        return None;
    }
    let patterns: Vec<_> = (0..n).map(|s| inst.patterns(s)).collect();
    let build = |vars: &mut ProblemVariables| {
        let z: Vec<Vec<Variable>> = patterns
            .iter()
            .map(|ps| {
                ps.iter()
                    .map(|_| vars.add(good_lp::variable().binary()))
                    .collect()
            })
            .collect();
        let x: Vec<Vec<Variable>> = routes
            .iter()
            .map(|&(_, u)| {
                subsets[u]
                    .iter()
                    .map(|_| vars.add(good_lp::variable().binary()))
                    .collect()
            })
            .collect();
        let y: Vec<Variable> = inst
            .values
            .weights
            .iter()
            .map(|_| vars.add(good_lp::variable().min(0.0).max(1.0)))
            .collect();
        (z, x, y)
    };
    let scale = inst
        .values
        .weights
        .iter()
        .copied()
        .fold(0.0, f64::max)
        .max(1.0);
    let value_expr = |y: &[Variable]| -> Expression {
        y.iter()
            .zip(&inst.values.weights)
            .map(|(&v, &w)| (w / scale) * v)
            .sum()
    };
    let driving_expr = |x: &[Vec<Variable>]| -> Expression {
        let mut e = Expression::from(0.0);
        for (k, &(_, u)) in routes.iter().enumerate() {
            for (m, sr) in subsets[u].iter().enumerate() {
                e += (sr.driving_s / 3600.0) * x[k][m];
            }
        }
        e
    };
    let constraints = |z: &[Vec<Variable>], x: &[Vec<Variable>], y: &[Variable]| {
        let mut cs = Vec::new();
        for (zs, stop) in z.iter().zip(&inst.stops) {
            let e: Expression = zs.iter().copied().sum();
            cs.push(if stop.keep {
                constraint::eq(e, 1.0)
            } else {
                constraint::leq(e, 1.0)
            });
        }
        for (k, &(r, u)) in routes.iter().enumerate() {
            let e: Expression = x[k].iter().copied().sum();
            cs.push(constraint::leq(e, 1.0));
            for s in 0..n {
                let mut holds = Expression::from(0.0);
                for (m, sr) in subsets[u].iter().enumerate() {
                    if sr.mask & (1 << s) != 0 {
                        holds += x[k][m];
                    }
                }
                let mut visits = Expression::from(0.0);
                for (i, p) in patterns[s].iter().enumerate() {
                    if inst.pattern_routes(p).contains(&r) {
                        visits += z[s][i];
                    }
                }
                cs.push(constraint::eq(holds, visits));
            }
        }
        for (c, &yc) in y.iter().enumerate() {
            let mut reach = Expression::from(0.0);
            for (zs, covers) in z.iter().zip(&inst.values.covers) {
                if covers.contains(&(c as u32)) {
                    for &v in zs {
                        reach += v;
                    }
                }
            }
            cs.push(constraint::leq(yc, reach));
        }
        cs
    };
    // First: the most value.
    let mut vars = ProblemVariables::new();
    let (z, x, y) = build(&mut vars);
    let mut model = vars.maximise(value_expr(&y)).using(microlp);
    for c in constraints(&z, &x, &y) {
        model = model.with(c);
    }
    let first = model.solve().ok()?;
    let best_value: f64 = y
        .iter()
        .zip(&inst.values.weights)
        .map(|(&v, &w)| first.value(v) * w / scale)
        .sum();
    // Then: the least driving holding that value.
    let mut vars = ProblemVariables::new();
    let (z, x, y) = build(&mut vars);
    let mut model = vars.minimise(driving_expr(&x)).using(microlp);
    for c in constraints(&z, &x, &y) {
        model = model.with(c);
    }
    model = model.with(constraint::geq(value_expr(&y), best_value - 1e-7));
    let second = model.solve().ok()?;
    let served: Vec<usize> = (0..n)
        .filter(|&s| z[s].iter().any(|&v| second.value(v) > 0.5))
        .collect();
    let mut driving_s = 0.0;
    for (k, &(_, u)) in routes.iter().enumerate() {
        for (m, sr) in subsets[u].iter().enumerate() {
            if second.value(x[k][m]) > 0.5 {
                driving_s += sr.driving_s;
            }
        }
    }
    Some(ExactPlan {
        value: inst.values.value_of(served.iter().copied()),
        driving_s,
        served: served.len(),
    })
}
