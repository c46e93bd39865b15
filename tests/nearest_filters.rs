//! The nearest places passing the residents' filters, on the national registry: at random
//! points with random filters and limits, `Snapshot::nearest` answers what a brute force
//! answers (every place passing the filter, by great-circle distance), closest first, places
//! sharing a position in registry order.

mod common;

use chrono::TimeZone;
use common::*;
use maillage::model::{Frais, Itinerance, PriseEnCharge, Public, Service};
use maillage::registry::{import_places, ImportOptions, PlaceFilter, Snapshot};
use maillage::spatial::geodesy::haversine_m;

/// A seeded generator: the same cases at every run.
struct Lcg(u64);

impl Lcg {
    fn unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        ((self.unit() * n as f64) as usize).min(n - 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// A random point: mostly metropolitan France (a rural box, Paris, anywhere), sometimes
/// overseas or far from every place.
fn point(rng: &mut Lcg) -> (f64, f64) {
    let boxes = [
        (1.2, 44.9, 2.5, 45.7),
        (2.2, 48.7, 2.5, 48.95),
        (-5.0, 42.5, 8.0, 51.0),
        (55.2, -21.4, 55.9, -20.8),
        (-62.0, 14.3, -60.8, 16.6),
        (-170.0, -60.0, 170.0, 70.0),
    ];
    let (w, s, e, n) = boxes[rng.below(boxes.len())];
    (w + rng.unit() * (e - w), s + rng.unit() * (n - s))
}

/// A random filter of the residents' page, from none to very selective.
fn filter(rng: &mut Lcg) -> PlaceFilter {
    let paris = chrono_tz::Europe::Paris;
    let instants = [
        paris.with_ymd_and_hms(2024, 12, 24, 10, 0, 0).unwrap(),
        paris.with_ymd_and_hms(2024, 12, 25, 10, 0, 0).unwrap(),
        paris.with_ymd_and_hms(2025, 1, 4, 10, 0, 0).unwrap(),
        paris.with_ymd_and_hms(2025, 3, 11, 14, 30, 0).unwrap(),
    ];
    let services = [
        Service::DemarchesAdministratives,
        Service::AccesInternetMateriel,
        Service::Parentalite,
    ];
    PlaceFilter {
        gratuit: rng.chance(0.4),
        sans_rdv: rng.chance(0.4),
        accessible: rng.chance(0.2),
        france_services: rng.chance(0.2),
        itinerance: match rng.below(8) {
            0 => Some(Itinerance::Fixe),
            1 => Some(Itinerance::Itinerant),
            _ => None,
        },
        services: if rng.chance(0.2) {
            vec![services[rng.below(services.len())].clone()]
        } else {
            Vec::new()
        },
        frais: if rng.chance(0.1) {
            vec![Frais::Payant, Frais::GratuitSousCondition]
        } else {
            Vec::new()
        },
        publics: if rng.chance(0.1) {
            vec![vec![Public::Seniors, Public::Jeunes]]
        } else {
            Vec::new()
        },
        accompagnements: if rng.chance(0.1) {
            vec![vec![
                PriseEnCharge::LanguesAnglais,
                PriseEnCharge::LanguesAutres,
            ]]
        } else {
            Vec::new()
        },
        departement: rng.chance(0.05).then(|| "15".to_string()),
        open_at: rng.chance(0.5).then(|| instants[rng.below(instants.len())]),
        ..PlaceFilter::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn nearest_with_filters_equals_brute_force_on_the_national_registry() {
    let (store, _dir) = fresh_store().await;
    load_france(&store).await;
    import_places(&store, &national_places_files(), &ImportOptions::default())
        .await
        .unwrap();
    let snap = Snapshot::load(&store).await.unwrap();
    assert!(snap.places.len() > 5_000, "{} places", snap.places.len());

    let mut rng = Lcg(2024);
    let (mut answers, mut ties, mut short) = (0, 0, 0);
    for case in 0..1_500 {
        let (lon, lat) = point(&mut rng);
        let f = filter(&mut rng);
        let limit = if rng.chance(0.3) {
            30
        } else {
            1 + rng.below(100)
        };
        let got = snap.nearest(lon, lat, limit, &f);

        // The reference: every passing place with a position, by distance then index.
        let mut all: Vec<(f64, usize)> = snap
            .filter(&f)
            .into_iter()
            .filter_map(|i| {
                let (plon, plat) = snap.places[i].place.lon_lat()?;
                Some((haversine_m([lon, lat], [plon, plat]), i))
            })
            .collect();
        all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        all.truncate(limit);

        let why = format!("case {case}: ({lon}, {lat}) limit {limit} {f:?}");
        assert_eq!(got.len(), all.len(), "{why}");
        short += usize::from(got.len() < limit);
        for (j, (n, &(d, i))) in got.iter().zip(&all).enumerate() {
            assert!((n.distance_m - d).abs() < 1e-6, "{why}: #{j} {n:?} vs {d}");
            assert!(snap.matches(n.index, &f), "{why}: #{j} does not pass");
            // Nearly equal distances may be ranked either way by chord and by haversine;
            // elsewhere the very same place.
            let near_tie = all.iter().any(|&(d2, i2)| i2 != i && (d2 - d).abs() < 1e-6);
            if near_tie {
                ties += 1;
            } else {
                assert_eq!(n.index, i, "{why}: #{j}");
            }
        }
        // Places sharing a position come in registry order.
        for w in got.windows(2) {
            let (a, b) = (&snap.places[w[0].index], &snap.places[w[1].index]);
            if a.place.lon_lat() == b.place.lon_lat() {
                assert!(w[0].index < w[1].index, "{why}: {:?}", w);
            }
        }
        answers += got.len();
    }
    // The cases reached many places, shared positions, and filters too selective to fill the
    // limit.
    assert!(answers > 20_000, "{answers} answers");
    assert!(ties > 0, "no place sharing a position was met");
    assert!(short > 0, "no filter left fewer places than asked");
}
