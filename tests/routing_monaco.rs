//! Routing on the real OSM extract of Monaco and the French communes around it (Beausoleil,
//! Cap-d'Ail, La Turbie, Roquebrune-Cap-Martin): golden routes and isochrones, one-way and
//! pedestrian streets, CH = Dijkstra, matrix = routes, crow-fly fallbacks.

mod routing_common;

use geo::{Area, Contains, Point};
use maillage::routing::ch::Endpoint;
use maillage::routing::snap::SnapOutcome;
use maillage::routing::{
    self, crowfly, dijkstra, isochrone, matrix, route, ModelKind, Profile, RoutingError,
};
use maillage::spatial::geodesy::haversine_m;
use proptest::prelude::*;
use routing_common::{golden, monaco, route_feature, Lcg};

// Town halls (addresses/mairies-france.csv), x = lon, y = lat.
const BEAUSOLEIL: (f64, f64) = (7.42538, 43.743099);
const CAP_D_AIL: (f64, f64) = (7.405839, 43.72208);
const LA_TURBIE: (f64, f64) = (7.399633, 43.74539);
const ROQUEBRUNE: (f64, f64) = (7.473635, 43.757818);

fn pt(p: (f64, f64)) -> Point<f64> {
    Point::new(p.0, p.1)
}

#[test]
fn import_records_source_timestamp_and_components() {
    let meta = monaco().metadata();
    assert!(
        meta.source_file.ends_with("monaco.osm.pbf"),
        "{:?}",
        meta.source_file
    );
    // The extract is from March 2016 (MANIFEST.md).
    assert!(
        meta.osm_timestamp
            .as_deref()
            .is_some_and(|t| t.starts_with("2016-03")),
        "{:?}",
        meta.osm_timestamp
    );
    assert_eq!(meta.profiles.len(), 2);
    for p in &meta.profiles {
        assert!(p.build.nodes > 10_000, "{p:?}");
        // The extract is clipped: islands of road cut by the boundary are left out and counted.
        assert!(p.build.components > 1 && p.build.nodes_dropped > 0, "{p:?}");
        assert!(p.ch_edges_up > 0 && p.ch_edges_down > 0);
    }
}

#[test]
fn golden_routes() {
    let cases = [
        (
            "monaco-route-car-beausoleil-la-turbie.geojson",
            BEAUSOLEIL,
            LA_TURBIE,
            Profile::Car,
        ),
        (
            "monaco-route-car-cap-d-ail-roquebrune.geojson",
            CAP_D_AIL,
            ROQUEBRUNE,
            Profile::Car,
        ),
        (
            "monaco-route-foot-la-turbie-beausoleil.geojson",
            LA_TURBIE,
            BEAUSOLEIL,
            Profile::Foot,
        ),
    ];
    for (file, from, to, profile) in cases {
        let r = route(Some(monaco()), pt(from), pt(to), profile).expect("route");
        assert_eq!(r.model, ModelKind::Road);
        // Sanity independent of the golden file: by road is longer than the straight line,
        // but not absurdly so, and the geometry runs from near the start to near the end.
        let crow = haversine_m([from.0, from.1], [to.0, to.1]);
        assert!(
            r.distance_m > crow && r.distance_m < 4.0 * crow,
            "{file}: {} m vs {crow} m",
            r.distance_m
        );
        let (first, last) = (r.geometry[0], r.geometry[r.geometry.len() - 1]);
        assert!(
            haversine_m(first, [from.0, from.1]) < 100.0 && haversine_m(last, [to.0, to.1]) < 100.0
        );
        golden(file, &route_feature(&r));
    }
}

#[test]
fn golden_isochrones() {
    let cases = [
        (
            "monaco-isochrone-car-beausoleil-5-10.geojson",
            BEAUSOLEIL,
            vec![5.0, 10.0],
            Profile::Car,
        ),
        (
            "monaco-isochrone-foot-la-turbie-10-20.geojson",
            LA_TURBIE,
            vec![10.0, 20.0],
            Profile::Foot,
        ),
    ];
    for (file, center, minutes, profile) in cases {
        let iso = isochrone(Some(monaco()), pt(center), &minutes, profile).expect("isochrone");
        assert_eq!(iso.model, ModelKind::Road);
        let (small, large) = (&iso.bands[0].1, &iso.bands[1].1);
        assert!(small.contains(&pt(center)) && large.contains(&pt(center)));
        assert!(large.unsigned_area() > small.unsigned_area());
        // The sea off Monaco is not reached: the polygon does not swallow it.
        assert!(!large.contains(&Point::new(7.44, 43.715)));
        golden(file, &iso.to_geojson());
    }
}

#[test]
fn one_way_street_is_followed_only_forwards_by_car() {
    // Rue Paul Morillot (Roquebrune-Cap-Martin), way 159297148, oneway=yes east → west.
    let (east, west) = (Point::new(7.48886, 43.76785), Point::new(7.48786, 43.76785));
    let with = route(Some(monaco()), east, west, Profile::Car).expect("route");
    let against = route(Some(monaco()), west, east, Profile::Car).expect("route");
    let straight = haversine_m([east.x(), east.y()], [west.x(), west.y()]);
    assert!(
        with.distance_m < 1.3 * straight,
        "{} m along the one-way, {straight} m straight",
        with.distance_m
    );
    assert!(
        against.distance_m > 1.5 * with.distance_m,
        "against {} m, with {} m",
        against.distance_m,
        with.distance_m
    );
    // Walkers use it both ways.
    let walk_back = route(Some(monaco()), west, east, Profile::Foot).expect("route");
    assert!(walk_back.distance_m < 1.3 * straight);
}

#[test]
fn pedestrian_street_is_for_walkers_only() {
    // Rue Droite, La Turbie's old village (highway=pedestrian).
    let p = [7.40104, 43.74553];
    let on_foot = monaco().profile(Profile::Foot).snap(p);
    let by_car = monaco().profile(Profile::Car).snap(p);
    let (SnapOutcome::Snapped(f), SnapOutcome::Snapped(c)) = (on_foot, by_car) else {
        panic!("both profiles should snap: {on_foot:?} {by_car:?}");
    };
    assert!(
        f.distance_m < 10.0,
        "foot snaps onto Rue Droite: {} m",
        f.distance_m
    );
    assert!(
        c.distance_m > 2.0 * f.distance_m.max(5.0),
        "car must snap to another street: {} m",
        c.distance_m
    );
}

#[test]
fn matrix_equals_one_to_one_routes() {
    let points: Vec<Point<f64>> = [BEAUSOLEIL, CAP_D_AIL, LA_TURBIE, ROQUEBRUNE]
        .into_iter()
        .map(pt)
        .collect();
    for profile in Profile::ALL {
        let m = matrix(Some(monaco()), &points, &points, profile).expect("matrix");
        assert_eq!(m.model, ModelKind::Road);
        assert!(m.crow_fly_sources.is_empty() && m.crow_fly_destinations.is_empty());
        for (i, a) in points.iter().enumerate() {
            for (j, b) in points.iter().enumerate() {
                let r = route(Some(monaco()), *a, *b, profile).expect("route");
                assert_eq!(m.duration_s(i, j), Some(r.duration_s), "{profile} {i}→{j}");
                assert_eq!(m.distance_m(i, j), Some(r.distance_m), "{profile} {i}→{j}");
            }
        }
    }
}

#[test]
fn bad_points_are_named_or_fall_back_to_crow_fly() {
    // In the sea off Monaco, inside the area the network covers, about 2 km from any road:
    // the straight-line model, as the matrix uses for it, naming the end and its distance.
    let sea = Point::new(7.445, 43.725);
    for profile in Profile::ALL {
        let r = route(Some(monaco()), pt(BEAUSOLEIL), sea, profile).expect("crow-fly route");
        assert_eq!(r.model, ModelKind::CrowFly);
        assert_eq!(r.crow_fly_ends, vec!["to"]);
        assert!(r.to.nearest_road_m.is_some_and(|d| d >= 1_500.0), "{r:?}");
        assert_eq!(r.from.nearest_road_m, None);
        assert_eq!(r.warnings.len(), 1);
        assert!(r.warnings[0].starts_with("to: lat=43.725, lon=7.445 is at least "));
        assert_eq!(r.geometry, vec![[7.42538, 43.743099], [7.445, 43.725]]);
        let m = matrix(Some(monaco()), &[pt(BEAUSOLEIL)], &[sea], profile).expect("matrix");
        assert_eq!(m.crow_fly_destinations, vec![0]);
        assert_eq!(m.duration_s(0, 0), Some(r.duration_s));
        assert_eq!(m.distance_m(0, 0), Some(r.distance_m));
    }
    // Out of range.
    assert!(matches!(
        route(
            Some(monaco()),
            Point::new(7.4, 95.0),
            pt(BEAUSOLEIL),
            Profile::Car
        ),
        Err(RoutingError::CoordinateOutOfRange { .. })
    ));
    // Far outside the network (Paris): the straight-line model, said so.
    let paris = Point::new(2.35, 48.85);
    let r = route(Some(monaco()), paris, pt(BEAUSOLEIL), Profile::Car).expect("crow-fly route");
    assert_eq!(r.model, ModelKind::CrowFly);
    assert_eq!(r.crow_fly_ends, vec!["from"]);
    assert_eq!(r.from.nearest_road_m, None);
    assert!(
        r.warnings[0].starts_with("from: lat=48.85, lon=2.35 is outside the area"),
        "{:?}",
        r.warnings
    );
    // A matrix keeps going, marking the uncovered points.
    let m = matrix(
        Some(monaco()),
        &[paris, pt(BEAUSOLEIL)],
        &[pt(LA_TURBIE)],
        Profile::Car,
    )
    .expect("matrix");
    assert_eq!(m.crow_fly_sources, vec![0]);
    assert!(m.duration_s(0, 0).is_some_and(|s| s > 3600.0 * 5.0));
    // No network at all: everything by crow-fly.
    let r = route(None, pt(BEAUSOLEIL), pt(LA_TURBIE), Profile::Car).expect("route");
    assert_eq!(r.model, ModelKind::CrowFly);
    assert!(r.crow_fly_ends.is_empty() && r.warnings.is_empty());
}

/// The dense-area car parameters of the straight-line model against the road graph:
/// over random pairs of points on the streets (within 50 m of a road, so that the road time
/// is a drive, not a walk from the sea or a hillside to the nearest road), the median ratio
/// of road time to crow-fly time stays near 1.
#[test]
fn crow_fly_dense_model_is_calibrated_on_the_road_graph() {
    let mut rng = Lcg(7);
    let mut ratios = Vec::new();
    while ratios.len() < 300 {
        let p = |rng: &mut Lcg| Point::new(7.40 + 0.09 * rng.unit(), 43.735 + 0.03 * rng.unit());
        let (a, b) = (p(&mut rng), p(&mut rng));
        let Ok(r) = route(Some(monaco()), a, b, Profile::Car) else {
            continue;
        };
        let (crow_s, _) = crowfly::estimate(
            [a.x(), a.y()],
            [b.x(), b.y()],
            Profile::Car,
            // Monaco and Beausoleil: about 19,000 inhabitants per km².
            crowfly::TripEnds::within(crowfly::AreaDensity(19_000.0)),
        );
        let on_street = r.from.distance_m <= 50.0 && r.to.distance_m <= 50.0;
        if r.model == ModelKind::Road && crow_s > 60.0 && on_street {
            ratios.push(r.duration_s / crow_s);
        }
    }
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ratios.len() / 2];
    assert!(
        (0.75..=1.33).contains(&median),
        "median road/crow-fly time ratio {median}"
    );
}

fn node_endpoint(node: u32) -> Endpoint {
    Endpoint {
        node,
        time_ms: 0,
        dist_dm: 0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Contraction hierarchies answer exactly what a plain Dijkstra answers, and the unpacked
    /// path adds up to the reported time and distance.
    #[test]
    fn ch_equals_dijkstra_on_random_node_pairs(a in any::<u32>(), b in any::<u32>(), foot in any::<bool>()) {
        let g = monaco().profile(if foot { Profile::Foot } else { Profile::Car });
        let n = g.coords.len() as u32;
        let (a, b) = (a % n, b % n);
        let ch = g.ch.route(&[node_endpoint(a)], &[node_endpoint(b)], true);
        let plain = dijkstra::shortest(&g.graph, &[node_endpoint(a)], &[node_endpoint(b)]);
        let ch = ch.expect("one strongly connected component: always reachable");
        let plain = plain.expect("reachable");
        prop_assert_eq!(ch.time_ms, plain.0);
        let (mut t, mut d) = (0u32, 0u32);
        for w in ch.nodes.windows(2) {
            let e = g.graph.find(w[0], w[1]).expect("path follows graph edges");
            t += g.graph.time_ms[e];
            d += g.graph.dist_dm[e];
        }
        prop_assert_eq!((t, d), (ch.time_ms, ch.dist_dm));
        prop_assert_eq!(ch.nodes.first().copied(), Some(a));
        prop_assert_eq!(ch.nodes.last().copied(), Some(b));
    }

    /// The same with points snapped onto edges (partial edges, walking to the road).
    #[test]
    fn ch_equals_dijkstra_between_snapped_points(x1 in 0.0f64..1.0, y1 in 0.0f64..1.0, x2 in 0.0f64..1.0, y2 in 0.0f64..1.0) {
        let g = monaco().profile(Profile::Car);
        let p = |x: f64, y: f64| [7.40 + 0.09 * x, 43.735 + 0.03 * y];
        let (SnapOutcome::Snapped(sa), SnapOutcome::Snapped(sb)) = (g.snap(p(x1, y1)), g.snap(p(x2, y2))) else {
            return Ok(());
        };
        let (starts, ends) = (g.snap.starts(&g.graph, &sa), g.snap.ends(&g.graph, &sb));
        let ch = g.ch.route(&starts, &ends, false).map(|r| (r.time_ms, r.dist_dm));
        let plain = dijkstra::shortest(&g.graph, &starts, &ends);
        prop_assert_eq!(ch.map(|c| c.0), plain.map(|p| p.0));
    }
}

#[test]
fn many_to_many_equals_dijkstra() {
    let g = monaco().profile(Profile::Car);
    let mut rng = Lcg(11);
    let n = g.coords.len();
    let sources: Vec<Vec<Endpoint>> = (0..40)
        .map(|_| vec![node_endpoint(rng.below(n) as u32)])
        .collect();
    let dests: Vec<Vec<Endpoint>> = (0..40)
        .map(|_| vec![node_endpoint(rng.below(n) as u32)])
        .collect();
    let (times, _) = g.ch.many_to_many(&sources, &dests);
    for (i, s) in sources.iter().enumerate() {
        for (j, d) in dests.iter().enumerate() {
            let plain = dijkstra::shortest(&g.graph, s, d).map(|p| p.0);
            assert_eq!(Some(times[i * dests.len() + j]), plain, "{i}→{j}");
        }
    }
}

#[test]
fn prepared_graph_survives_a_reload() {
    let dir = routing_common::scratch("monaco-reload").join("roads");
    routing::import_roads(&routing_common::data("osm/monaco.osm.pbf"), &dir).expect("import");
    let a = routing::RoadNetwork::load(&dir).expect("load");
    let b = monaco();
    for p in Profile::ALL {
        assert_eq!(
            a.profile(p).ch,
            b.profile(p).ch,
            "{p}: same input, same hierarchy"
        );
        assert_eq!(a.profile(p).graph, b.profile(p).graph);
    }
}

/// A point standing exactly on a junction may leave by any road of that junction: the one-way
/// segment it happens to snap to must not send it round the block first. From every node's
/// own coordinates, the route takes exactly the time of a search started at that node.
#[test]
fn a_point_on_a_junction_leaves_by_any_of_its_roads() {
    let g = monaco().profile(Profile::Car);
    let to = [BEAUSOLEIL.0, BEAUSOLEIL.1];
    let SnapOutcome::Snapped(target) = g.snap(to) else {
        panic!("Beausoleil's town hall snaps")
    };
    let ends = g.snap.ends(&g.graph, &target);
    let mut one_way_tails = 0;
    for node in 0..g.graph.num_nodes() as u32 {
        let p = g.coords[node as usize];
        let SnapOutcome::Snapped(s) = g.snap(p) else {
            continue;
        };
        let from_node = g.ch.route(
            &[Endpoint {
                node,
                time_ms: 0,
                dist_dm: 0,
            }],
            &ends,
            false,
        );
        let Some(from_node) = from_node else { continue };
        let starts = g.snap.starts(&g.graph, &s);
        one_way_tails += usize::from(starts.len() == 2);
        let by_point = g.ch.route(&starts, &ends, false).expect("joined");
        // Within a millisecond: the parts of segments are rounded to whole milliseconds.
        assert!(
            by_point.time_ms.abs_diff(from_node.time_ms) <= 1,
            "node {node} at {p:?}: from its point {} ms, from the node {} ms",
            by_point.time_ms,
            from_node.time_ms
        );
    }
    assert!(
        one_way_tails > 0,
        "the sample holds junctions on one-way segments"
    );
}
