//! Coverage indicators on the national registry (all real place files, every commune),
//! with the straight-line model: islands, roll-ups, staleness, gaps, IFN, borders.

mod common;

use chrono::NaiveDate;
use common::*;
use maillage::coverage::{
    compute, gaps, rollup, sites_of, Coverage, CoverageParams, Kinds, Level, Selection, Site,
};
use maillage::registry::{import_communes, import_places, CommuneSource, ImportOptions, Snapshot};
use maillage::routing::crowfly::{self, AreaDensity, TripEnds};
use maillage::routing::Profile;
use std::io::Write;
use tokio::sync::OnceCell;

struct National {
    snap: Snapshot,
    sites: Vec<Site>,
    all: Coverage,
    _dir: tempfile::TempDir,
}

const AS_OF: (i32, u32, u32) = (2024, 9, 1);

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).unwrap()
}

/// The national registry with an IFN for Corrèze, computed once for all tests.
async fn national() -> &'static National {
    static N: OnceCell<National> = OnceCell::const_new();
    N.get_or_init(|| async {
        let (store, dir) = fresh_store().await;
        load_france(&store).await;
        import_places(&store, &national_places_files(), &ImportOptions::default())
            .await
            .unwrap();
        let ifn = dir.path().join("ifn.csv");
        let mut f = std::fs::File::create(&ifn).unwrap();
        writeln!(f, "code;score").unwrap();
        writeln!(f, "19031;2,5").unwrap();
        writeln!(f, "19275;9").unwrap();
        drop(f);
        import_communes(&store, CommuneSource::Ifn, &[ifn])
            .await
            .unwrap();
        let snap = Snapshot::load(&store).await.unwrap();
        let sites = sites_of(&snap, as_of());
        let all_idx: Vec<usize> = (0..snap.communes.len()).collect();
        let params = CoverageParams::defaults(as_of());
        let all = compute(&snap, &sites, &all_idx, None, &params).unwrap();
        National {
            snap,
            sites,
            all,
            _dir: dir,
        }
    })
    .await
}

fn row<'a>(c: &'a Coverage, code: &str) -> &'a maillage::coverage::CommuneCoverage {
    c.communes
        .iter()
        .find(|r| r.code == code)
        .unwrap_or_else(|| panic!("no row {code}"))
}

#[tokio::test]
async fn islands_without_a_bridge_are_unreachable_never_timed() {
    let n = national().await;
    // L'Île-d'Yeu has no place in the registry and no bridge: no invented time.
    let yeu = row(&n.all, "85113");
    assert!(yeu.unreachable && yeu.gap);
    assert!(yeu.nearest.is_none() && yeu.france_services.is_none());
    assert_eq!(yeu.within, vec![(15, false), (20, false), (30, false)]);
    // Île de Ré has a bridge: its communes reach mainland places.
    assert!(!row(&n.all, "17207").unreachable);
    // Corsican communes only reach Corsican places.
    for c in n.all.communes.iter().filter(|c| {
        c.departement.starts_with('2')
            && c.departement.len() == 2
            && !c.departement.chars().all(|d| d.is_ascii_digit())
    }) {
        if let Some(near) = &c.nearest {
            let site = n.sites.iter().find(|s| s.id == near.place).unwrap();
            let dep = site.commune.as_ref().unwrap().departement().to_string();
            assert!(
                dep == "2A" || dep == "2B",
                "{} reaches {} in {dep}",
                c.code,
                near.place
            );
        }
    }
}

#[tokio::test]
async fn nearest_matches_a_brute_force_scan() {
    let n = national().await;
    let polygons: Vec<_> = n.snap.communes.iter().map(|c| c.polygon.as_ref()).collect();
    let locator = maillage::spatial::CommuneLocator::new(&polygons);
    let mut checked = 0;
    for c in n
        .all
        .communes
        .iter()
        .filter(|c| c.departement == "19" || c.departement == "48")
    {
        let commune = n
            .snap
            .communes
            .iter()
            .find(|k| k.code.as_str() == c.code)
            .unwrap();
        let p = commune.point.unwrap();
        let ends = |to: [f64; 2]| {
            TripEnds::new(
                AreaDensity::or_unknown(maillage::coverage::travel::density(commune)),
                AreaDensity::or_unknown(
                    locator
                        .locate(to[0], to[1])
                        .and_then(|i| maillage::coverage::travel::density(&n.snap.communes[i])),
                ),
            )
        };
        // The quickest France Services by the straight-line model (both ends' areas count).
        let t = n
            .sites
            .iter()
            .filter(|s| s.kinds.has(Kinds::FRANCE_SERVICES))
            .filter_map(|s| s.point)
            .map(|q| crowfly::estimate([p.x(), p.y()], q, Profile::Car, ends(q)).0)
            .min_by(f64::total_cmp)
            .unwrap();
        let got = c.france_services.as_ref().unwrap();
        assert!(
            (got.minutes - t / 60.0).abs() < 0.01,
            "{}: {} vs {}",
            c.code,
            got.minutes,
            t / 60.0
        );
        checked += 1;
    }
    assert!(checked > 400, "{checked}");
}

#[tokio::test]
async fn rollups_weigh_by_population() {
    let n = national().await;
    let deps = rollup(&n.all, Level::Departement);
    let d19 = deps.iter().find(|d| d.code == "19").unwrap();
    let rows: Vec<_> = n
        .all
        .communes
        .iter()
        .filter(|c| c.departement == "19")
        .collect();
    let pop: u64 = rows.iter().map(|c| c.population).sum();
    let within: u64 = rows
        .iter()
        .filter(|c| c.within_30_france_services)
        .map(|c| c.population)
        .sum();
    assert_eq!(d19.population, pop);
    assert_eq!(d19.communes as usize, rows.len());
    assert!((d19.share_within_30_france_services - within as f64 / pop as f64).abs() < 1e-4);
    // Not the mean of the communes' ratios: there most communes are small and fully covered.
    let total = &rollup(&n.all, Level::Territory)[0];
    assert_eq!(
        total.population,
        n.all.communes.iter().map(|c| c.population).sum::<u64>()
    );
    assert_eq!(
        total.gap_population,
        deps.iter().map(|d| d.gap_population).sum::<u64>()
    );
    assert!(
        total.share_within[2].1 > 0.95 && total.share_within[2].1 < 1.0,
        "{:?}",
        total.share_within
    );
    // Population-weighted E2SFCA sums to the supply in reach (the floating catchment invariant).
    let served: f64 = n
        .all
        .communes
        .iter()
        .map(|c| c.population as f64 * c.e2sfca)
        .sum();
    let supply_in_reach: f64 = n
        .sites
        .iter()
        .enumerate()
        .filter(|(_, s)| s.point.is_some())
        .map(|(_, s)| s.supply(Default::default()))
        .sum();
    assert!(
        served <= supply_in_reach * (1.0 + 1e-9) && served > 0.5 * supply_in_reach,
        "{served} vs {supply_in_reach}"
    );
}

#[tokio::test]
async fn a_departement_alone_gives_the_national_values() {
    // Catchment ratios near the border see the demand of the neighbouring départements.
    let n = national().await;
    let params = CoverageParams::defaults(as_of());
    let sel = Selection::Departement("19".into())
        .communes(&n.snap)
        .unwrap();
    let alone = compute(&n.snap, &n.sites, &sel, None, &params).unwrap();
    assert_eq!(alone.communes.len(), sel.len());
    for c in &alone.communes {
        let whole = row(&n.all, &c.code);
        assert_eq!(c.nearest, whole.nearest);
        for (a, b) in [
            (c.sfca2, whole.sfca2),
            (c.e2sfca, whole.e2sfca),
            (c.gravity, whole.gravity),
        ] {
            assert!(
                (a - b).abs() <= 1e-12 * b.abs().max(1e-12),
                "{}: {a} vs {b}",
                c.code
            );
        }
    }
}

#[tokio::test]
async fn stale_records_are_shown_apart() {
    let n = national().await;
    let stale = n.sites.iter().filter(|s| s.kinds.has(Kinds::STALE)).count();
    assert!(
        stale > 0 && stale < n.sites.len(),
        "{stale} of {}",
        n.sites.len()
    );
    for c in &n.all.communes {
        // Fewer places can only lengthen the trip.
        if let (Some(f), Some(a)) = (&c.nearest_fresh, &c.nearest) {
            assert!(f.minutes >= a.minutes);
        }
        assert!(!c.within_gap_fresh || c.within_minutes(30) == Some(true));
        assert!(c.e2sfca_fresh <= c.e2sfca * (1.0 + 1e-9) + 1e-15);
    }
    let total = &rollup(&n.all, Level::Territory)[0];
    assert!(total.share_within_gap_fresh < total.share_within[2].1);
    // Two years later everything is stale: no fresh coverage at all.
    let later = sites_of(&n.snap, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
    assert!(later.iter().all(|s| s.kinds.has(Kinds::STALE)));
}

#[tokio::test]
async fn gaps_ranked_by_population_with_ifn_in_the_score() {
    let n = national().await;
    let mut params = CoverageParams::defaults(as_of());
    params.gap_minutes = 15;
    params.minutes = vec![15];
    let sel = Selection::Departement("19".into())
        .communes(&n.snap)
        .unwrap();
    let cov = compute(&n.snap, &n.sites, &sel, None, &params).unwrap();
    let ranked = gaps::ranked(&cov);
    assert!(!ranked.is_empty());
    let pops: Vec<u64> = ranked
        .iter()
        .map(|r| match r.get("population") {
            Some(maillage::coverage::table::Cell::Int(p)) => *p,
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(pops.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(ranked.len(), cov.communes.iter().filter(|c| c.gap).count());
    for c in cov.communes.iter().filter(|c| c.gap) {
        assert!(c.nearest.as_ref().is_none_or(|n| n.minutes > 15.0));
    }
    // The IFN imported for Brive (2.5) scales its score; communes without one use access alone.
    for c in &cov.communes {
        let deficit = c
            .nearest
            .as_ref()
            .map_or(1.0, |n| (n.minutes / 30.0).min(1.0));
        let expected = 100.0 * deficit * c.ifn.map_or(1.0, |f| f / 10.0);
        assert!(
            (c.gap_score - expected).abs() < 0.01,
            "{}: {} vs {expected}",
            c.code,
            c.gap_score
        );
    }
    assert_eq!(row(&cov, "19031").ifn, Some(2.5));
    assert_eq!(row(&cov, "19275").ifn, Some(9.0));
}

#[tokio::test]
async fn one_zone_of_weight_one_is_two_step_and_france_services_shares_grow_with_t() {
    let n = national().await;
    let mut params = CoverageParams::defaults(as_of());
    params.set_zone_weights(&[1.0]).unwrap();
    let sel = Selection::Departement("48".into())
        .communes(&n.snap)
        .unwrap();
    let cov = compute(&n.snap, &n.sites, &sel, None, &params).unwrap();
    for c in &cov.communes {
        assert!(
            (c.e2sfca - c.sfca2).abs() <= 1e-12 * c.sfca2.abs().max(1e-12),
            "{}",
            c.code
        );
    }
    assert!(params.set_zone_weights(&[1.0, 1.5]).is_err());
    assert!(params.set_zone_weights(&[]).is_err());
    for g in rollup(&n.all, Level::Region) {
        let fs: Vec<f64> = g.share_within_france_services.iter().map(|x| x.1).collect();
        assert!(fs.windows(2).all(|w| w[0] <= w[1]), "{}: {fs:?}", g.code);
        for ((_, any), (_, f)) in g.share_within.iter().zip(&g.share_within_france_services) {
            assert!(f <= any, "{}", g.code);
        }
        assert_eq!(fs.last().copied(), Some(g.share_within_30_france_services));
        if let (Some(fresh), Some(all)) = (g.mean_nearest_min_fresh, g.mean_nearest_min) {
            assert!(
                fresh >= all - 0.01 || g.share_within_gap_fresh < 1.0,
                "{}",
                g.code
            );
        }
    }
}
