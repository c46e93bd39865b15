//! Floating catchment on the real national instance: metropolitan communes (town-hall points,
//! INSEE populations) × France Services sites (2024-08-01), 30 km as the crow flies, supply 1
//! a site.

mod catchment_common;

use catchment_common::metropolitan_instance;
use maillage::coverage::catchment::{crow_fly_reach, fca, CatchmentParams, Reach};
use maillage::spatial::PlaceIndex;

const SIZE_M: f64 = 30_000.0;

fn relative(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(1e-300)
}

#[test]
fn national_instance_conserves_supply_and_scores_zero_only_out_of_reach() {
    let inst = metropolitan_instance();
    // Sizes of the real data: ~34,700 metropolitan communes, ~2,700 sites.
    assert!(
        inst.communes.len() > 34_000,
        "{} communes",
        inst.communes.len()
    );
    assert!(inst.sites.len() > 2_500, "{} sites", inst.sites.len());
    let reach = crow_fly_reach(&inst.commune_points, &inst.site_points, SIZE_M).unwrap();
    assert!(reach.n_pairs() > 500_000, "{} pairs", reach.n_pairs());
    let supply = vec![1.0; inst.sites.len()];

    // Communes with no site within 30 km, found independently with the nearest-site query.
    let index = PlaceIndex::new(&inst.site_points);
    let unreached: Vec<bool> = inst
        .commune_points
        .iter()
        .map(|p| {
            let (lon, lat) = p.unwrap();
            index
                .nearest(lon, lat, 1, Some(SIZE_M), |_| true)
                .is_empty()
        })
        .collect();
    assert!(
        unreached.iter().any(|u| *u),
        "some communes are over 30 km from any site"
    );

    // Sites that have inhabitants within 30 km.
    let mut served = vec![false; inst.sites.len()];
    for (i, pop) in inst.population.iter().enumerate() {
        for (j, _) in reach.pairs_of(i) {
            served[j] |= *pop > 0.0;
        }
    }
    let served_supply = served.iter().filter(|s| **s).count() as f64;

    for p in [
        CatchmentParams::two_step(SIZE_M),
        CatchmentParams::enhanced(SIZE_M),
    ] {
        let a = fca(&reach, &inst.population, &supply, &p).unwrap();
        let total: f64 = a.iter().zip(&inst.population).map(|(a, p)| a * p).sum();
        assert!(
            relative(total, served_supply) < 1e-9,
            "{total} vs {served_supply}"
        );
        for (i, score) in a.iter().enumerate() {
            assert!(score.is_finite() && *score >= 0.0);
            assert_eq!(*score == 0.0, unreached[i], "commune {}", inst.communes[i]);
        }
    }
}

#[test]
fn a_wider_reach_gives_the_same_scores_at_the_same_size() {
    // Pairs beyond the catchment size are ignored: a 45 km reach cut at 30 km gives the
    // scores of a 30 km reach, to the last bit (same pairs, same order of summation).
    let inst = metropolitan_instance();
    let narrow = crow_fly_reach(&inst.commune_points, &inst.site_points, SIZE_M).unwrap();
    let wide = crow_fly_reach(&inst.commune_points, &inst.site_points, 45_000.0).unwrap();
    assert!(wide.n_pairs() > narrow.n_pairs());
    let supply = vec![1.0; inst.sites.len()];
    for p in [
        CatchmentParams::two_step(SIZE_M),
        CatchmentParams::enhanced(SIZE_M),
    ] {
        let a = fca(&narrow, &inst.population, &supply, &p).unwrap();
        let b = fca(&wide, &inst.population, &supply, &p).unwrap();
        assert_eq!(a, b);
    }
    // And building from the same pairs as triples gives the same reach.
    let triples: Vec<(u32, u32, f64)> = (0..narrow.n_demand())
        .flat_map(|i| {
            narrow
                .pairs_of(i)
                .map(move |(j, d)| (i as u32, j as u32, d))
        })
        .collect();
    let again = Reach::from_pairs(narrow.n_demand(), narrow.n_supply(), &triples).unwrap();
    let p = CatchmentParams::enhanced(SIZE_M);
    assert_eq!(
        fca(&again, &inst.population, &supply, &p).unwrap(),
        fca(&narrow, &inst.population, &supply, &p).unwrap()
    );
}
