//! Routing on the other real extracts: Saint-Barthélemy (a whole island) and a piece of
//! central Paris (dense one-way streets), golden routes and CH = Dijkstra.

mod routing_common;

use geo::Point;
use maillage::routing::ch::Endpoint;
use maillage::routing::{dijkstra, route, ModelKind, Profile, RoadNetwork};
use routing_common::{golden, paris, route_feature, saint_barthelemy, Lcg};

fn ch_matches_dijkstra(net: &RoadNetwork, pairs: usize) {
    for profile in Profile::ALL {
        let g = net.profile(profile);
        let mut rng = Lcg(3);
        for _ in 0..pairs {
            let e = |node| Endpoint {
                node,
                time_ms: 0,
                dist_dm: 0,
            };
            let (a, b) = (
                rng.below(g.coords.len()) as u32,
                rng.below(g.coords.len()) as u32,
            );
            let ch = g.ch.route(&[e(a)], &[e(b)], false).map(|r| r.time_ms);
            assert_eq!(
                ch,
                dijkstra::shortest(&g.graph, &[e(a)], &[e(b)]).map(|p| p.0),
                "{profile} {a}→{b}"
            );
        }
    }
}

#[test]
fn saint_barthelemy_gustavia_to_lorient() {
    let net = saint_barthelemy();
    // Gustavia harbour → Lorient beach.
    let r = route(
        Some(net),
        Point::new(-62.8496, 17.8968),
        Point::new(-62.8180, 17.9120),
        Profile::Car,
    )
    .expect("route");
    assert_eq!(r.model, ModelKind::Road);
    assert!(
        r.distance_m > 3_000.0 && r.distance_m < 10_000.0,
        "{}",
        r.distance_m
    );
    golden(
        "saint-barthelemy-route-car-gustavia-lorient.geojson",
        &route_feature(&r),
    );
    ch_matches_dijkstra(net, 500);
}

#[test]
fn paris_car_and_foot_routes() {
    let net = paris();
    // Centre Pompidou → Square du Temple.
    let (a, b) = (Point::new(2.3522, 48.8607), Point::new(2.3606, 48.8645));
    let car = route(Some(net), a, b, Profile::Car).expect("car route");
    let foot = route(Some(net), a, b, Profile::Foot).expect("foot route");
    assert_eq!((car.model, foot.model), (ModelKind::Road, ModelKind::Road));
    assert!(
        car.duration_s < foot.duration_s,
        "car {} s, foot {} s",
        car.duration_s,
        foot.duration_s
    );
    assert!(
        car.from.distance_m < 150.0 && car.to.distance_m < 50.0,
        "{:?} {:?}",
        car.from,
        car.to
    );
    golden(
        "paris-route-car-pompidou-temple.geojson",
        &route_feature(&car),
    );
    golden(
        "paris-route-foot-pompidou-temple.geojson",
        &route_feature(&foot),
    );
    ch_matches_dijkstra(net, 500);
}

/// A generated extract carries no timestamp (neither a replication time in its header nor
/// element dates): its date is unknown, never the epoch. A real extract keeps its own.
#[test]
fn an_extract_without_dates_has_an_unknown_timestamp() {
    use maillage::routing::osm::read_extract;
    let generated = read_extract(&routing_common::data("bench/rural-sw-1m.osm.pbf")).unwrap();
    assert_eq!(generated.timestamp_s, None);
    let real = read_extract(&routing_common::data("osm/saint_barthelemy.osm.pbf")).unwrap();
    let year_2000 = 946_684_800;
    assert!(
        real.timestamp_s.is_some_and(|t| t > year_2000),
        "{:?}",
        real.timestamp_s
    );
}

/// Random routes on a real extract: the geometry never holds the same coordinate twice in a
/// row, and its length is the route's distance less the walks to the road (rounded edge
/// lengths and coordinates aside).
fn route_geometries_are_clean(net: &RoadNetwork, name: &str, routes: usize) {
    use maillage::spatial::geodesy::haversine_m;
    let mut rng = Lcg(17);
    let mut by_road = 0;
    for profile in Profile::ALL {
        let g = net.profile(profile);
        for _ in 0..routes {
            // Near a random node, off it by up to ~50 m, so starts fall on and between nodes.
            let mut near = || {
                let p = g.coords[rng.below(g.coords.len())];
                let jitter = if rng.below(3) == 0 { 0.0 } else { 0.0005 };
                Point::new(
                    p[0] + (rng.unit() - 0.5) * jitter,
                    p[1] + (rng.unit() - 0.5) * jitter,
                )
            };
            let (a, b) = (near(), near());
            let r = route(Some(net), a, b, profile).expect("route");
            if r.model != ModelKind::Road {
                continue;
            }
            by_road += 1;
            for w in r.geometry.windows(2) {
                assert_ne!(
                    w[0], w[1],
                    "{name} {profile} {a:?}→{b:?}: repeated coordinate"
                );
            }
            let length: f64 = r.geometry.windows(2).map(|w| haversine_m(w[0], w[1])).sum();
            // The route's distance counts the walks from each point to the road; the geometry
            // runs from road to road.
            let by_road = r.distance_m - r.from.distance_m - r.to.distance_m;
            let tolerance = 1.0 + 0.005 * by_road;
            assert!(
                (length - by_road).abs() <= tolerance,
                "{name} {profile} {a:?}→{b:?}: geometry {length:.1} m, route {by_road:.1} m by road"
            );
        }
    }
    assert!(by_road > routes, "{name}: only {by_road} road routes");
}

#[test]
fn route_geometries_have_no_repeated_coordinates_and_match_the_distance() {
    route_geometries_are_clean(paris(), "paris", 1_000);
    route_geometries_are_clean(saint_barthelemy(), "saint-barthelemy", 1_000);
}

/// Many-to-many with a few destinations on a city network (what a nearest-places answer
/// asks: one origin, thirty places) keeps its buckets sparse; with many it lays them over
/// every node. Both must give Dijkstra's times, unreachable pairs included.
#[test]
fn many_to_many_few_or_many_destinations_equals_dijkstra() {
    let net = paris();
    for profile in Profile::ALL {
        let g = net.profile(profile);
        let n = g.coords.len();
        let mut rng = Lcg(17);
        let e = |node: u32| Endpoint {
            node,
            time_ms: 0,
            dist_dm: 0,
        };
        for (rows, cols) in [(1, 3), (1, 30), (3, 5), (60, 60)] {
            let sources: Vec<Vec<Endpoint>> =
                (0..rows).map(|_| vec![e(rng.below(n) as u32)]).collect();
            let dests: Vec<Vec<Endpoint>> =
                (0..cols).map(|_| vec![e(rng.below(n) as u32)]).collect();
            let (times, _) = g.ch.many_to_many(&sources, &dests);
            for (i, s) in sources.iter().enumerate() {
                for (j, d) in dests.iter().enumerate() {
                    let plain = dijkstra::shortest(&g.graph, s, d).map(|p| p.0);
                    let got = times[i * cols + j];
                    let got = (got != maillage::routing::ch::INFINITE).then_some(got);
                    assert_eq!(got, plain, "{profile} {rows}×{cols}: {i}→{j}");
                }
            }
        }
    }
}
