//! Coverage with the road model: the OSM extract of Monaco and its French neighbours
//! (Beausoleil, Cap-d'Ail, La Turbie…), the real communes of Alpes-Maritimes and the places
//! of the PACA hub and France Services. Communes on the graph get road times equal to the
//! router's; communes outside it fall back to the straight-line model, and say so.

mod common;

use chrono::NaiveDate;
use common::*;
use maillage::coverage::{compute, sites_of, CoverageParams, ModelChoice, Selection};
use maillage::registry::{import_places, ImportOptions, Snapshot};
use maillage::routing::{import_roads, route, ModelKind, Profile, RoadNetwork};

/// The communes of France, the places of France Services and of the PACA hub, and the Monaco
/// extract as road network (the folder guard keeps the files alive).
async fn monaco_and_alpes_maritimes() -> (Snapshot, RoadNetwork, tempfile::TempDir) {
    let (store, dir) = fresh_store().await;
    load_france(&store).await;
    import_places(
        &store,
        &[
            shared("places/france-services-20240801.csv"),
            shared("places/hub-du-sud-paca-2023.json"),
        ],
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    let snap = Snapshot::load(&store).await.unwrap();
    let roads_dir = dir.path().join("roads");
    import_roads(&shared("osm/monaco.osm.pbf"), &roads_dir).unwrap();
    let roads = RoadNetwork::load(&roads_dir).unwrap();
    (snap, roads, dir)
}

#[tokio::test]
async fn road_times_where_the_graph_covers_the_commune() {
    let (snap, roads, _dir) = monaco_and_alpes_maritimes().await;

    let as_of = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let sites = sites_of(&snap, as_of);
    let params = CoverageParams::defaults(as_of);
    let sel = Selection::Departement("06".into()).communes(&snap).unwrap();
    let cov = compute(&snap, &sites, &sel, Some(&roads), &params).unwrap();
    assert_eq!(cov.model, ModelKind::Road);

    let on_road: Vec<_> = cov
        .communes
        .iter()
        .filter(|c| c.model == Some(ModelKind::Road))
        .collect();
    let codes: Vec<&str> = on_road.iter().map(|c| c.code.as_str()).collect();
    for expected in ["06012", "06032", "06150"] {
        assert!(
            codes.contains(&expected),
            "{expected} not on the road graph: {codes:?}"
        );
    }
    // Nice is far outside the extract: straight-line model, and it says so.
    let nice = cov.communes.iter().find(|c| c.code == "06088").unwrap();
    assert_eq!(nice.model, Some(ModelKind::CrowFly));
    assert!(nice.nearest.is_some());

    for c in &on_road {
        let commune = snap
            .communes
            .iter()
            .find(|k| k.code.as_str() == c.code)
            .unwrap();
        let from = commune.point.unwrap();
        // The nearest by road is the quickest of the router's routes to every place around.
        let mut best: Option<(f64, String)> = None;
        for s in &sites {
            let Some([lon, lat]) = s.point else { continue };
            if maillage::spatial::geodesy::haversine_m([from.x(), from.y()], [lon, lat]) > 100_000.0
            {
                continue;
            }
            let r = route(Some(&roads), from, geo::Point::new(lon, lat), Profile::Car).unwrap();
            if r.model != ModelKind::Road {
                continue;
            }
            if best.as_ref().is_none_or(|(t, _)| r.duration_s < *t) {
                best = Some((r.duration_s, s.id.clone()));
            }
        }
        let (t, _) = best.expect("a place reachable by road");
        let got = c.nearest.as_ref().expect("nearest");
        assert!(
            (got.minutes - t / 60.0).abs() < 0.02,
            "{}: {} min vs router {} min",
            c.code,
            got.minutes,
            t / 60.0
        );
    }

    // Forcing the straight-line model gives straight-line times everywhere.
    let mut crow = params.clone();
    crow.model = ModelChoice::CrowFly;
    let cov2 = compute(&snap, &sites, &sel, Some(&roads), &crow).unwrap();
    assert_eq!(cov2.model, ModelKind::CrowFly);
    assert!(cov2
        .communes
        .iter()
        .all(|c| c.model != Some(ModelKind::Road)));
}

/// The road rows of the travel table (one sweep shared by every commune) are what the general
/// matrix gives from each road commune to every place on the graph, kept within the horizon
/// or within the road search length, on the commune's land.
#[tokio::test]
async fn road_rows_are_the_matrix_within_the_limits() {
    use maillage::coverage::landmass::Landmass;
    use maillage::coverage::travel::{CommuneTravel, Destination, ROAD_SEARCH_M};
    use maillage::coverage::Travel;
    use maillage::model::Seconds;

    let (snap, roads, _dir) = monaco_and_alpes_maritimes().await;
    let sites = sites_of(&snap, NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
    let sel = Selection::Departement("06".into()).communes(&snap).unwrap();
    // A horizon of 4 minutes: the longer trips are kept for their length only.
    let horizon = Seconds(240.0);
    let travel = Travel::compute(
        &snap.communes,
        sel.clone(),
        &sites,
        Some(&roads),
        ModelChoice::Auto,
        horizon,
    )
    .unwrap();

    let with_point: Vec<usize> = (0..sites.len())
        .filter(|&j| sites[j].point().is_some())
        .collect();
    let targets: Vec<geo::Point<f64>> = with_point
        .iter()
        .map(|&j| geo::Point::from(sites[j].point().unwrap()))
        .collect();
    let road_rows: Vec<usize> = (0..sel.len())
        .filter(|&k| travel.how[k] == CommuneTravel::Road)
        .collect();
    assert!(road_rows.len() >= 3, "{} road communes", road_rows.len());
    let sources: Vec<geo::Point<f64>> = road_rows
        .iter()
        .map(|&k| snap.communes[sel[k]].point.unwrap())
        .collect();
    let m = maillage::routing::matrix(Some(&roads), &sources, &targets, Profile::Car).unwrap();
    let (mut within, mut by_length) = (0, 0);
    for (r, &k) in road_rows.iter().enumerate() {
        let land = Landmass::of(&snap.communes[sel[k]].code);
        let mut expected: Vec<(u32, f32, f32)> = Vec::new();
        for (c, &j) in with_point.iter().enumerate() {
            if m.crow_fly_destinations.contains(&c) || sites[j].landmass() != land {
                continue;
            }
            let (Some(t), Some(d)) = (m.duration_s(r, c), m.distance_m(r, c)) else {
                continue;
            };
            if t <= horizon.0 {
                within += 1;
            } else if d <= ROAD_SEARCH_M {
                by_length += 1;
            } else {
                continue;
            }
            expected.push((j as u32, t as f32, d as f32));
        }
        let mut got: Vec<(u32, f32, f32)> = travel
            .trips(k)
            .iter()
            .map(|t| (t.site, t.time().0 as f32, t.distance().0 as f32))
            .collect();
        got.sort_by_key(|g| g.0);
        assert_eq!(got, expected, "{}", snap.communes[sel[k]].code.as_str());
    }
    assert!(
        within > 0 && by_length > 0,
        "{within} within, {by_length} by length"
    );
}
