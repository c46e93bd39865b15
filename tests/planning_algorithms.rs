//! Site suggestion on hand-made and random instances, checked against exhaustive search and
//! the integer program.

use maillage::planning::{
    exact_max_cover, fewest_sites, max_cover, CoverProblem, PlanningError, Suggestion,
};
use proptest::prelude::*;

/// Best coverage by any `n` candidates (or all of them when fewer), by trying every subset.
fn exhaustive(p: &CoverProblem, n: usize) -> f64 {
    fn go(p: &CoverProblem, n: usize, from: usize, set: &mut Vec<usize>, best: &mut f64) {
        if set.len() == n || from == p.covers.len() {
            *best = best.max(p.covered_by(set));
            return;
        }
        for j in from..p.covers.len() {
            set.push(j);
            go(p, n, j + 1, set, best);
            set.pop();
        }
    }
    let mut best = 0.0;
    go(p, n, 0, &mut Vec::new(), &mut best);
    best
}

/// Fewest candidates covering every coverable point of positive weight, by increasing size.
fn exhaustive_fewest(p: &CoverProblem) -> usize {
    let target = p.coverable();
    (0..=p.covers.len())
        .find(|&n| exhaustive(p, n) >= target - 1e-9)
        .unwrap_or(p.covers.len())
}

/// What any suggestion must satisfy, whatever the algorithm.
fn check_consistent(p: &CoverProblem, s: &Suggestion) {
    let recomputed = p.covered_by(&s.chosen);
    assert!(
        (s.covered - recomputed).abs() < 1e-6,
        "{s:?} vs {recomputed}"
    );
    assert!((s.gains.iter().sum::<f64>() - s.covered).abs() < 1e-6);
    assert_eq!(s.gains.len(), s.chosen.len());
    assert!(s.gains.windows(2).all(|g| g[0] >= g[1] - 1e-9), "{s:?}");
    assert!(
        s.gains.iter().all(|&g| g > 0.0),
        "a chosen site adds nothing: {s:?}"
    );
    let mut sorted = s.chosen.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), s.chosen.len(), "a site chosen twice: {s:?}");
    assert!((s.total - p.total()).abs() < 1e-6);
    assert!((s.coverable - p.coverable()).abs() < 1e-6);
}

#[test]
fn swap_fixes_what_greedy_gets_wrong() {
    // Two towns, west (points 0, 1) and east (2, 3). Candidate 0 sits in between and reaches
    // the near half of each (3 + 3 = 6); candidates 1 and 2 each cover one whole town
    // (3 + 2.5 = 5.5). Greedy opens with the middle site (6) and can then add only 2.5:
    // 8.5. Swapping the middle site for the other town's site gives 11, the optimum.
    let p = CoverProblem {
        weights: vec![3.0, 2.5, 3.0, 2.5],
        covers: vec![vec![0, 2], vec![0, 1], vec![2, 3]],
    };
    assert!(p.covered_by(&[0]) > p.covered_by(&[1]));
    assert_eq!(p.covered_by(&[0, 1]).max(p.covered_by(&[0, 2])), 8.5);
    let s = max_cover(&p, 2).unwrap();
    assert_eq!(s.chosen, vec![1, 2]);
    assert_eq!(s.gains, vec![5.5, 5.5]);
    assert_eq!(s.covered, 11.0);
    assert_eq!(exhaustive(&p, 2), 11.0);
    check_consistent(&p, &s);
}

#[test]
fn swap_reaches_the_optimum_on_a_chain() {
    // Points 0..6 on a line, weights 1,4,1,4,1,4,1... candidate k covers points k, k+1, k+2.
    // Greedy takes the window with two heavy points first and overlaps; three sites can cover
    // every heavy point only with windows 1, 3 or similar: the optimum needs coordination.
    let weights = vec![1.0, 4.0, 1.0, 4.0, 1.0, 4.0, 1.0, 4.0, 1.0];
    let covers: Vec<Vec<u32>> = (0..7u32).map(|k| vec![k, k + 1, k + 2]).collect();
    let p = CoverProblem { weights, covers };
    for n in 1..=4 {
        let s = max_cover(&p, n).unwrap();
        check_consistent(&p, &s);
        assert_eq!(s.covered, exhaustive(&p, n), "n = {n}: {s:?}");
        let e = exact_max_cover(&p, n).unwrap().unwrap();
        assert_eq!(e.covered, s.covered);
    }
}

#[test]
fn stops_when_more_sites_add_nothing() {
    let p = CoverProblem {
        weights: vec![5.0, 0.0, 7.0],
        covers: vec![vec![0], vec![1], vec![0, 2], vec![]],
    };
    let s = max_cover(&p, 3).unwrap();
    assert_eq!(s.chosen, vec![2]);
    assert_eq!(s.covered, 12.0);
    assert_eq!(s.upper_bound, Some(12.0));
}

#[test]
fn fewest_sites_reports_what_no_candidate_reaches() {
    // Point 3 (weight 9) is out of every candidate's reach.
    let p = CoverProblem {
        weights: vec![1.0, 2.0, 3.0, 9.0],
        covers: vec![vec![0, 1], vec![1, 2], vec![2], vec![0]],
    };
    let s = fewest_sites(&p).unwrap();
    check_consistent(&p, &s);
    assert_eq!(s.chosen.len(), 2);
    assert_eq!(s.covered, 6.0);
    assert_eq!(s.uncoverable(), 9.0);
    assert_eq!(s.gap(), 9.0);
}

#[test]
fn fewest_sites_replaces_two_sites_by_one() {
    // Greedy by number of points takes candidate 0 (points 0-3), then needs two more for
    // points 4 and 5 (candidates 1 and 2), though candidate 3 covers 3, 4 and 5 together:
    // 0 + 3 suffices.
    let p = CoverProblem {
        weights: vec![1.0; 6],
        covers: vec![vec![0, 1, 2, 3], vec![4, 0], vec![5, 1], vec![3, 4, 5]],
    };
    let s = fewest_sites(&p).unwrap();
    check_consistent(&p, &s);
    assert_eq!(s.chosen.len(), 2, "{s:?}");
    assert_eq!(exhaustive_fewest(&p), 2);
    assert_eq!(s.covered, 6.0);
}

#[test]
fn bad_input_is_an_error_naming_the_culprit() {
    let nan = CoverProblem {
        weights: vec![1.0, f64::NAN],
        covers: vec![vec![0]],
    };
    let e = max_cover(&nan, 1).unwrap_err();
    assert!(
        matches!(e, PlanningError::BadWeight { point: 1, .. }),
        "{e}"
    );
    assert!(e.to_string().contains("demand point 1"), "{e}");
    let negative = CoverProblem {
        weights: vec![-2.0],
        covers: vec![],
    };
    assert!(fewest_sites(&negative).is_err());
    let out = CoverProblem {
        weights: vec![1.0, 1.0],
        covers: vec![vec![0], vec![1, 2]],
    };
    let e = exact_max_cover(&out, 1).unwrap_err();
    assert_eq!(
        e,
        PlanningError::PointOutOfRange {
            candidate: 1,
            point: 2,
            points: 2
        }
    );
    assert!(e.to_string().contains("candidate 1"), "{e}");
    assert!(e.to_string().contains("below 2"), "{e}");
}

#[test]
fn empty_problems_give_empty_answers() {
    let p = CoverProblem::default();
    let s = max_cover(&p, 5).unwrap();
    assert!(s.chosen.is_empty());
    assert_eq!(s.covered, 0.0);
    assert!(fewest_sites(&p).unwrap().chosen.is_empty());
    assert!(exact_max_cover(&p, 5).unwrap().unwrap().chosen.is_empty());
}

/// Random instances: `points` weighted points, each candidate covering a random subset.
fn random_problem() -> impl Strategy<Value = (CoverProblem, usize)> {
    (1usize..16, 1usize..13, 1usize..5).prop_flat_map(|(points, candidates, n)| {
        (
            prop::collection::vec(prop_oneof![Just(0.0), 1.0..100.0f64], points),
            prop::collection::vec(
                prop::collection::vec(0..points as u32, 0..points.min(6) + 1),
                candidates,
            ),
            Just(n),
        )
            .prop_map(|(weights, covers, n)| (CoverProblem { weights, covers }, n))
    })
}

/// Random "map" instances: points in a square, a candidate covering those within a radius.
fn random_map() -> impl Strategy<Value = (CoverProblem, usize)> {
    (
        prop::collection::vec((0.0..10.0f64, 0.0..10.0f64, 1u32..1000), 30..60),
        prop::collection::vec((0.0..10.0f64, 0.0..10.0f64), 20..30),
        1.0..3.0f64,
        2usize..5,
    )
        .prop_map(|(points, sites, radius, n)| {
            let weights = points.iter().map(|p| f64::from(p.2)).collect();
            let covers = sites
                .iter()
                .map(|s| {
                    (0..points.len() as u32)
                        .filter(|&i| {
                            let (x, y, _) = points[i as usize];
                            (x - s.0).hypot(y - s.1) <= radius
                        })
                        .collect()
                })
                .collect();
            (CoverProblem { weights, covers }, n)
        })
}

fn check_against_exact(p: &CoverProblem, n: usize) -> Result<(), TestCaseError> {
    let best = exhaustive(p, n);
    let s = max_cover(p, n).unwrap();
    check_consistent(p, &s);
    prop_assert!(s.chosen.len() <= n);
    prop_assert!(s.covered <= best + 1e-6, "{} > optimum {best}", s.covered);
    prop_assert!(s.covered >= 0.99 * best, "{} < 99% of {best}", s.covered);
    let ub = s.upper_bound.unwrap();
    prop_assert!(ub >= best - 1e-6, "bound {ub} below optimum {best}");
    let e = exact_max_cover(p, n).unwrap().unwrap();
    check_consistent(p, &e);
    prop_assert!(e.chosen.len() <= n);
    prop_assert!(
        (e.covered - best).abs() < 1e-6,
        "ILP {} vs {best}",
        e.covered
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn max_cover_is_near_optimal_on_random_sets((p, n) in random_problem()) {
        check_against_exact(&p, n)?;
    }

    #[test]
    fn max_cover_is_near_optimal_on_random_maps((p, n) in random_map()) {
        check_against_exact(&p, n)?;
    }

    #[test]
    fn fewest_sites_covers_everything_coverable((p, _n) in random_problem()) {
        let s = fewest_sites(&p).unwrap();
        check_consistent(&p, &s);
        prop_assert!((s.covered - p.coverable()).abs() < 1e-6);
        prop_assert!(s.chosen.len() >= exhaustive_fewest(&p));
    }
}

/// A small deterministic generator (64-bit LCG) for the survey below.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn worst_ratio_over_larger_random_maps_is_at_least_99_percent() {
    // 150 maps of 120 weighted points and 40 candidate sites, n = 3..6, against the integer
    // program (itself checked against exhaustive search above).
    let mut rng = Lcg(19);
    let (mut worst, mut optimal, mut runs) = (1.0f64, 0, 0);
    for case in 0..150 {
        let pts: Vec<(f64, f64, f64)> = (0..120)
            .map(|_| {
                (
                    rng.next() * 10.0,
                    rng.next() * 10.0,
                    (rng.next() * 1000.0).floor(),
                )
            })
            .collect();
        let sites: Vec<(f64, f64)> = (0..40)
            .map(|_| (rng.next() * 10.0, rng.next() * 10.0))
            .collect();
        let radius = 1.0 + 1.5 * rng.next();
        let p = CoverProblem {
            weights: pts.iter().map(|q| q.2).collect(),
            covers: sites
                .iter()
                .map(|s| {
                    (0..pts.len() as u32)
                        .filter(|&i| {
                            (pts[i as usize].0 - s.0).hypot(pts[i as usize].1 - s.1) <= radius
                        })
                        .collect()
                })
                .collect(),
        };
        let n = 3 + case % 4;
        let s = max_cover(&p, n).unwrap();
        let e = exact_max_cover(&p, n)
            .unwrap()
            .expect("small enough for the ILP");
        check_consistent(&p, &s);
        assert!(s.covered <= e.covered + 1e-6);
        assert!(s.upper_bound.unwrap() >= e.covered - 1e-6);
        let ratio = if e.covered > 0.0 {
            s.covered / e.covered
        } else {
            1.0
        };
        worst = worst.min(ratio);
        optimal += usize::from(ratio >= 1.0 - 1e-12);
        runs += 1;
    }
    println!("{runs} maps: worst max_cover / optimum = {worst:.5}, optimal in {optimal}");
    assert!(worst >= 0.99, "worst ratio {worst}");
}
