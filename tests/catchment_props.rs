//! Properties of the floating catchment on random instances: the supply is conserved
//! (Σ_i P_i·A_i = Σ_j S_j over places with demand in reach), the CSR gives the same answer as a
//! direct double loop over the pairs, and `include` splits the score into parts.

use maillage::coverage::catchment::{accessibility, fca, supply_ratios, CatchmentParams, Reach};
use proptest::prelude::*;

const SIZE: f64 = 30.0;

/// Populations, supplies and `(demand, place, cost)` pairs.
type Instance = (Vec<f64>, Vec<f64>, Vec<(u32, u32, f64)>);

/// Random demand points, places and pairs (some beyond the catchment, some at cost exactly
/// 10, 20 or 30, some populations 0).
fn instance() -> impl Strategy<Value = Instance> {
    (1usize..40, 1usize..20).prop_flat_map(|(n_demand, n_supply)| {
        let pop = prop_oneof![Just(0.0), 1.0..50_000.0f64];
        let cost = prop_oneof![Just(10.0), Just(20.0), Just(30.0), 0.0..45.0f64];
        (
            prop::collection::vec(pop, n_demand),
            prop::collection::vec(0.0..20.0f64, n_supply),
            prop::collection::vec((0..n_demand as u32, 0..n_supply as u32, cost), 0..200),
        )
    })
}

fn params() -> [CatchmentParams; 3] {
    [
        CatchmentParams::two_step(SIZE),
        CatchmentParams::enhanced(SIZE),
        CatchmentParams::gravity(SIZE, 1.5, 0.5),
    ]
}

/// The E2SFCA weight written out directly from Luo & Qi's thirds (d0 = 30).
fn weight(p: &CatchmentParams, d: f64) -> f64 {
    use maillage::coverage::catchment::Decay;
    match &p.decay {
        _ if d > SIZE => 0.0,
        Decay::TwoStep => 1.0,
        Decay::Enhanced { .. } if d <= 10.0 => 1.0,
        Decay::Enhanced { .. } if d <= 20.0 => 0.68,
        Decay::Enhanced { .. } => 0.22,
        Decay::Gravity { beta, min_cost } => d.max(*min_cost).powf(-beta),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-300)
}

proptest! {
    #[test]
    fn supply_is_conserved((pop, supply, pairs) in instance()) {
        let reach = Reach::from_pairs(pop.len(), supply.len(), &pairs).unwrap();
        for p in params() {
            let a = fca(&reach, &pop, &supply, &p).unwrap();
            let lhs: f64 = a.iter().zip(&pop).map(|(a, p)| a * p).sum();
            // places with some demand (population > 0 at a pair within the catchment)
            let mut served = vec![false; supply.len()];
            for &(i, j, d) in &pairs {
                if d <= SIZE && pop[i as usize] > 0.0 {
                    served[j as usize] = true;
                }
            }
            let rhs: f64 = supply.iter().zip(&served).filter(|(_, s)| **s).map(|(s, _)| s).sum();
            prop_assert!(close(lhs, rhs), "{:?}: Σ P·A = {lhs}, Σ S = {rhs}", p.decay);
        }
    }

    #[test]
    fn csr_matches_a_direct_loop_over_pairs((pop, supply, pairs) in instance()) {
        let reach = Reach::from_pairs(pop.len(), supply.len(), &pairs).unwrap();
        for p in params() {
            let mut demand_in_reach = vec![0.0; supply.len()];
            for &(i, j, d) in &pairs {
                demand_in_reach[j as usize] += weight(&p, d) * pop[i as usize];
            }
            let ratio: Vec<f64> = supply.iter().zip(&demand_in_reach)
                .map(|(s, d)| if *d > 0.0 { s / d } else { 0.0 }).collect();
            let mut want = vec![0.0; pop.len()];
            for &(i, j, d) in &pairs {
                want[i as usize] += weight(&p, d) * ratio[j as usize];
            }
            let got = supply_ratios(&reach, &pop, &supply, &p).unwrap();
            for (g, w) in got.iter().zip(&ratio) {
                prop_assert!(close(*g, *w), "{:?}: ratio {g} vs {w}", p.decay);
            }
            let got = accessibility(&reach, &got, &p, None).unwrap();
            for (g, w) in got.iter().zip(&want) {
                prop_assert!(close(*g, *w), "{:?}: score {g} vs {w}", p.decay);
            }
        }
    }

    #[test]
    fn include_splits_the_score(
        (pop, supply, pairs) in instance(),
        mask in prop::collection::vec(any::<bool>(), 20),
    ) {
        let reach = Reach::from_pairs(pop.len(), supply.len(), &pairs).unwrap();
        let mask = &mask[..supply.len()];
        let other: Vec<bool> = mask.iter().map(|m| !m).collect();
        for p in params() {
            let r = supply_ratios(&reach, &pop, &supply, &p).unwrap();
            let all = accessibility(&reach, &r, &p, None).unwrap();
            let part = accessibility(&reach, &r, &p, Some(mask)).unwrap();
            let rest = accessibility(&reach, &r, &p, Some(&other)).unwrap();
            for i in 0..all.len() {
                prop_assert!(close(part[i] + rest[i], all[i]));
                prop_assert!(part[i] <= all[i] * (1.0 + 1e-12));
            }
        }
    }
}
