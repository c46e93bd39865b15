//! The two steps of a floating catchment: a supply/demand ratio per place, then a sum of the
//! weighted ratios in reach per demand point.

use super::error::{check_len, check_values, CatchmentError};
use super::params::CatchmentParams;
use super::reach::Reach;
use rayon::prelude::*;

/// Rows handed to one rayon task at least: the work per row is small.
const MIN_ROWS_PER_TASK: usize = 256;

/// Step 1: R_j = S_j / Σ_{k: d_kj ≤ size} W(d_kj) P_k for each place j; 0 when the weighted
/// demand in reach is 0 (no demand point in reach, or all of them empty).
///
/// `population` has one value per demand point, `supply` one per place, all finite and ≥ 0.
pub fn supply_ratios(
    reach: &Reach,
    population: &[f64],
    supply: &[f64],
    params: &CatchmentParams,
) -> Result<Vec<f64>, CatchmentError> {
    let weigher = params.weigher()?;
    check_len("population", population.len(), reach.n_demand())?;
    check_len("supply", supply.len(), reach.n_supply())?;
    check_values("population", population)?;
    check_values("supply", supply)?;
    Ok((0..reach.n_supply())
        .into_par_iter()
        .with_min_len(MIN_ROWS_PER_TASK / 8)
        .map(|j| {
            let (demand, cost) = reach.supply_row(j);
            let mut weighted_demand = 0.0;
            for (&k, &c) in demand.iter().zip(cost) {
                weighted_demand += weigher.weight(c) * population[k as usize];
            }
            if weighted_demand > 0.0 {
                supply[j] / weighted_demand
            } else {
                0.0
            }
        })
        .collect())
}

/// Step 2: A_i = Σ_{j: d_ij ≤ size} W(d_ij) R_j for each demand point i; 0 when nothing is in
/// reach. With `include`, only places with `include[j]` count (e.g. the share of accessibility
/// that mobile units bring: run it with `include = is_mobile` and divide by the full score).
pub fn accessibility(
    reach: &Reach,
    ratios: &[f64],
    params: &CatchmentParams,
    include: Option<&[bool]>,
) -> Result<Vec<f64>, CatchmentError> {
    let weigher = params.weigher()?;
    check_len("ratios", ratios.len(), reach.n_supply())?;
    check_values("ratios", ratios)?;
    if let Some(include) = include {
        check_len("include", include.len(), reach.n_supply())?;
    }
    Ok((0..reach.n_demand())
        .into_par_iter()
        .with_min_len(MIN_ROWS_PER_TASK)
        .map(|i| {
            let (supplies, cost) = reach.demand_row(i);
            let mut score = 0.0;
            for (&j, &c) in supplies.iter().zip(cost) {
                let j = j as usize;
                if include.is_none_or(|keep| keep[j]) {
                    score += weigher.weight(c) * ratios[j];
                }
            }
            score
        })
        .collect())
}

/// Both steps: the accessibility score of each demand point (supply per unit of demand, e.g.
/// weekly opening hours per inhabitant).
pub fn fca(
    reach: &Reach,
    population: &[f64],
    supply: &[f64],
    params: &CatchmentParams,
) -> Result<Vec<f64>, CatchmentError> {
    let ratios = supply_ratios(reach, population, supply, params)?;
    accessibility(reach, &ratios, params, None)
}

/// Scores divided by their population-weighted mean, so that 1 is the average resident's
/// accessibility (PySAL `access`'s `normalize=True`). All zeros when the mean is 0.
pub fn mean_normalized(scores: &[f64], population: &[f64]) -> Result<Vec<f64>, CatchmentError> {
    check_len("population", population.len(), scores.len())?;
    check_values("population", population)?;
    check_values("scores", scores)?;
    let total: f64 = population.iter().sum();
    let weighted: f64 = scores.iter().zip(population).map(|(a, p)| a * p).sum();
    if weighted > 0.0 {
        let mean = weighted / total;
        Ok(scores.iter().map(|a| a / mean).collect())
    } else {
        Ok(vec![0.0; scores.len()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_close(got: &[f64], want: &[f64]) {
        assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
        for (g, w) in got.iter().zip(want) {
            assert!(
                (g - w).abs() <= 1e-15 * w.abs().max(1e-300),
                "{got:?} vs {want:?}"
            );
        }
    }

    /// Communes A (1,000 inhabitants), B (3,000); places X (supply 2), Y (supply 1).
    /// Costs: A–X 10, A–Y 25, B–X 20, B–Y 40 (beyond a catchment of 30).
    fn two_by_two() -> (Reach, Vec<f64>, Vec<f64>) {
        let reach = Reach::from_pairs(
            2,
            2,
            &[(0, 0, 10.0), (0, 1, 25.0), (1, 0, 20.0), (1, 1, 40.0)],
        )
        .unwrap();
        (reach, vec![1000.0, 3000.0], vec![2.0, 1.0])
    }

    #[test]
    fn two_step_by_hand() {
        let (reach, pop, supply) = two_by_two();
        let p = CatchmentParams::two_step(30.0);
        // R_X = 2 / (1000 + 3000) = 0.0005 ; R_Y = 1 / 1000 (B is out of reach of Y)
        let r = supply_ratios(&reach, &pop, &supply, &p).unwrap();
        assert_close(&r, &[0.0005, 0.001]);
        // A_A = R_X + R_Y = 0.0015 ; A_B = R_X = 0.0005
        let a = accessibility(&reach, &r, &p, None).unwrap();
        assert_close(&a, &[0.0015, 0.0005]);
        assert_eq!(fca(&reach, &pop, &supply, &p).unwrap(), a);
        // Only Y: A_A = 0.001, A_B = 0
        let only_y = accessibility(&reach, &r, &p, Some(&[false, true])).unwrap();
        assert_close(&only_y, &[0.001, 0.0]);
    }

    #[test]
    fn enhanced_by_hand() {
        let (reach, pop, supply) = two_by_two();
        let p = CatchmentParams::enhanced(30.0);
        // W(10) = 1 (first third, bound included), W(20) = 0.68 (second third, bound included),
        // W(25) = 0.22. R_X = 2 / (1·1000 + 0.68·3000) = 2 / 3040 ; R_Y = 1 / (0.22·1000)
        let r = supply_ratios(&reach, &pop, &supply, &p).unwrap();
        assert_close(&r, &[2.0 / 3040.0, 1.0 / 220.0]);
        // A_A = 1·2/3040 + 0.22/220 ; A_B = 0.68·2/3040
        let a = accessibility(&reach, &r, &p, None).unwrap();
        assert_close(&a, &[2.0 / 3040.0 + 0.22 / 220.0, 0.68 * 2.0 / 3040.0]);
        // Σ P·A = 2000/3040 + 1 + 4080/3040 = 3 = S_X + S_Y
        let total: f64 = a.iter().zip(&pop).map(|(a, p)| a * p).sum();
        assert!((total - 3.0).abs() < 1e-12);
    }

    #[test]
    fn a_place_at_exactly_the_limit_is_included() {
        // A–Y at exactly 30: Y serves A, R_Y = 1/1000, A_A = 2/4000 + 1/1000.
        let reach = Reach::from_pairs(2, 2, &[(0, 0, 10.0), (0, 1, 30.0), (1, 0, 20.0)]).unwrap();
        let a = fca(
            &reach,
            &[1000.0, 3000.0],
            &[2.0, 1.0],
            &CatchmentParams::two_step(30.0),
        );
        assert_close(&a.unwrap(), &[0.0015, 0.0005]);
        // With E2SFCA, W(30) = 0.22: R_Y = 1/220, A_A = 2/3040 + 0.22/220 as above.
        let reach = Reach::from_pairs(2, 2, &[(0, 0, 10.0), (0, 1, 30.0), (1, 0, 20.0)]).unwrap();
        let a = fca(
            &reach,
            &[1000.0, 3000.0],
            &[2.0, 1.0],
            &CatchmentParams::enhanced(30.0),
        );
        assert_close(
            &a.unwrap(),
            &[2.0 / 3040.0 + 0.22 / 220.0, 0.68 * 2.0 / 3040.0],
        );
    }

    #[test]
    fn nothing_in_reach_scores_zero_and_unserved_places_have_ratio_zero() {
        // Commune C (500) sees X only at 31 (out): it scores 0 and does not dilute R_X.
        // Place Z has no pair at all; place V is reached only by commune D of population 0.
        let reach = Reach::from_pairs(
            4,
            4,
            &[(0, 0, 10.0), (1, 0, 20.0), (2, 0, 31.0), (3, 3, 5.0)],
        )
        .unwrap();
        let pop = [1000.0, 3000.0, 500.0, 0.0];
        for p in [
            CatchmentParams::two_step(30.0),
            CatchmentParams::enhanced(30.0),
        ] {
            let r = supply_ratios(&reach, &pop, &[2.0, 1.0, 5.0, 3.0], &p).unwrap();
            assert_eq!(r[1], 0.0); // Y: no pair
            assert_eq!(r[2], 0.0); // Z: no pair
            assert_eq!(r[3], 0.0); // V: demand 0 in reach, not NaN
            let a = accessibility(&reach, &r, &p, None).unwrap();
            assert_eq!(a[2], 0.0);
            assert_eq!(a[3], 0.0);
            assert!(a.iter().all(|x| x.is_finite()));
        }
        let r = supply_ratios(
            &reach,
            &pop,
            &[2.0, 1.0, 5.0, 3.0],
            &CatchmentParams::two_step(30.0),
        );
        assert_close(&r.unwrap()[..1], &[2.0 / 4000.0]);
    }

    #[test]
    fn gravity_by_hand() {
        // β = 1, min cost 1. A (100) is 2 from X and 0 from Y (counted as 1); B (200) 4 from X.
        // W: A–X 1/2, A–Y 1, B–X 1/4. R_X = 1 / (50 + 50) = 0.01 ; R_Y = 1 / 100 = 0.01.
        // A_A = 0.5·0.01 + 1·0.01 = 0.015 ; A_B = 0.25·0.01 = 0.0025 (Σ P·A = 1.5 + 0.5 = 2).
        let reach = Reach::from_pairs(2, 2, &[(0, 0, 2.0), (0, 1, 0.0), (1, 0, 4.0)]).unwrap();
        let p = CatchmentParams::gravity(30.0, 1.0, 1.0);
        let r = supply_ratios(&reach, &[100.0, 200.0], &[1.0, 1.0], &p).unwrap();
        assert_close(&r, &[0.01, 0.01]);
        let a = accessibility(&reach, &r, &p, None).unwrap();
        assert_close(&a, &[0.015, 0.0025]);
        // β = 0 is plain 2SFCA.
        let g0 = fca(
            &reach,
            &[100.0, 200.0],
            &[1.0, 1.0],
            &CatchmentParams::gravity(30.0, 0.0, 1.0),
        );
        let two = fca(
            &reach,
            &[100.0, 200.0],
            &[1.0, 1.0],
            &CatchmentParams::two_step(30.0),
        );
        assert_eq!(g0.unwrap(), two.unwrap());
    }

    #[test]
    fn bad_input_is_an_error_naming_the_index() {
        let (reach, _, supply) = two_by_two();
        let p = CatchmentParams::two_step(30.0);
        let e = fca(&reach, &[1000.0, f64::NAN], &supply, &p).unwrap_err();
        assert_eq!(
            e.to_string(),
            "population[1] = NaN: expected a finite number ≥ 0"
        );
        let e = fca(&reach, &[1000.0, 3000.0], &[-1.0, 1.0], &p).unwrap_err();
        assert!(matches!(
            e,
            CatchmentError::Value {
                what: "supply",
                index: 0,
                ..
            }
        ));
        let e = fca(&reach, &[1000.0], &supply, &p).unwrap_err();
        assert_eq!(e.to_string(), "population: got 1 values, expected 2");
        let e = accessibility(&reach, &[0.1, 0.1], &p, Some(&[true])).unwrap_err();
        assert!(matches!(
            e,
            CatchmentError::Length {
                what: "include",
                ..
            }
        ));
        let e = fca(
            &reach,
            &[1.0, 1.0],
            &supply,
            &CatchmentParams::two_step(-3.0),
        )
        .unwrap_err();
        assert!(matches!(e, CatchmentError::Param { field: "size", .. }));
    }

    #[test]
    fn normalised_scores_average_one_per_resident() {
        // Mean = (1000·0.0015 + 3000·0.0005) / 4000 = 0.00075 → 2 and 2/3.
        let n = mean_normalized(&[0.0015, 0.0005], &[1000.0, 3000.0]).unwrap();
        assert_close(&n, &[2.0, 2.0 / 3.0]);
        assert_eq!(
            mean_normalized(&[0.0, 0.0], &[1.0, 1.0]).unwrap(),
            vec![0.0, 0.0]
        );
    }
}
