//! The nearest places' travel times from the places' kept ends (`routing::place_ends`) are the
//! matrix's, cell for cell — times, distances, straight-line cells, model — on real extracts,
//! both profiles, with origins and places on roads, far from roads (the sea) and outside the
//! network; and their road times are Dijkstra's.

mod routing_common;

use geo::Point;
use maillage::routing::place_ends::PlaceEnds;
use maillage::routing::route::place;
use maillage::routing::{dijkstra, matrix, ModelKind, Profile, RoadNetwork};
use routing_common::{monaco, saint_barthelemy, Lcg};

/// A random point in the network's box widened by a quarter on each side (so some points are
/// outside it, some in the sea).
fn point(net: &RoadNetwork, rng: &mut Lcg) -> [f64; 2] {
    let b = net.profile(Profile::Car).bbox;
    let (w, h) = (b[2] - b[0], b[3] - b[1]);
    [
        b[0] - w / 4.0 + rng.unit() * w * 1.5,
        b[1] - h / 4.0 + rng.unit() * h * 1.5,
    ]
}

fn same_as_matrix_and_dijkstra(net: &RoadNetwork, name: &str) {
    let mut rng = Lcg(29);
    let places: Vec<[f64; 2]> = (0..150).map(|_| point(net, &mut rng)).collect();
    let mut positions: Vec<Option<[f64; 2]>> = places.iter().copied().map(Some).collect();
    positions.push(None); // a place without a position
    let ends = PlaceEnds::new(positions);
    let (mut road_cells, mut crow_cells, mut crow_answers) = (0, 0, 0);
    let (mut kept_answers, mut kept_refusals) = (0, 0);
    for profile in Profile::ALL {
        let g = net.profile(profile);
        for round in 0..60 {
            let origin = point(net, &mut rng);
            let chosen: Vec<usize> = (0..30).map(|_| rng.below(places.len())).collect();
            // From the kept ends alone: an answer only when no end is missing (or the origin,
            // off the roads, needs none), then the same as computing them.
            let kept = ends.travel_from_kept(Some(net), origin, &chosen, profile);
            let got = ends
                .travel_from(Some(net), origin, &chosen, profile)
                .expect("every chosen place has a position");
            // The old way: the many-to-many matrix, the network used when it covers the origin.
            let roads = Some(net).filter(|n| n.profile(profile).covers(origin));
            let dests: Vec<Point<f64>> = chosen
                .iter()
                .map(|&i| Point::new(places[i][0], places[i][1]))
                .collect();
            let m = matrix(roads, &[Point::new(origin[0], origin[1])], &dests, profile).unwrap();
            let model = if m.model == ModelKind::Road && m.crow_fly_sources.is_empty() {
                ModelKind::Road
            } else {
                ModelKind::CrowFly
            };
            assert_eq!(got.1, model, "{name} {profile} round {round}: model");
            match kept {
                Some(kept) => {
                    assert_eq!(kept, got, "{name} {profile} round {round}: kept ends");
                    kept_answers += 1;
                }
                None => kept_refusals += 1,
            }
            crow_answers += usize::from(model == ModelKind::CrowFly);
            for (j, &i) in chosen.iter().enumerate() {
                let old = (m.duration_s(0, j), m.distance_m(0, j));
                assert_eq!(
                    got.0[j], old,
                    "{name} {profile} round {round}: {origin:?} → place {i} {:?}",
                    places[i]
                );
                // Road cells against Dijkstra on the base graph.
                let (Ok(from), Ok(to)) = (place(g, origin), place(g, places[i])) else {
                    crow_cells += 1;
                    continue;
                };
                if model == ModelKind::CrowFly {
                    continue;
                }
                road_cells += 1;
                let starts = g.snap.starts(&g.graph, &from);
                let finish = g.snap.ends(&g.graph, &to);
                let mut best = dijkstra::shortest(&g.graph, &starts, &finish).map(|p| p.0);
                if let Some((t, _)) = g.snap.same_segment(&g.graph, &from, &to) {
                    best = Some(best.map_or(t, |b| b.min(t)));
                }
                assert_eq!(
                    got.0[j].0,
                    best.map(|t| f64::from(t) / 1000.0),
                    "{name} {profile} round {round}: Dijkstra to place {i}"
                );
            }
            // Asking again (the kept ends now) gives the same answer.
            let again = ends
                .travel_from(Some(net), origin, &chosen, profile)
                .unwrap();
            assert_eq!(again, got);
            let kept = ends.travel_from_kept(Some(net), origin, &chosen, profile);
            assert_eq!(
                kept,
                Some(got),
                "{name} {profile} round {round}: every end kept"
            );
        }
        assert!(ends.filled(profile) > 0, "{name} {profile}: no end kept");
    }
    // The random points cover every case.
    assert!(road_cells > 500, "{name}: {road_cells} road cells");
    assert!(crow_cells > 50, "{name}: {crow_cells} straight-line cells");
    assert!(
        crow_answers > 5,
        "{name}: {crow_answers} straight-line answers"
    );
    assert!(
        kept_answers > 5 && kept_refusals > 5,
        "{name}: {kept_answers} answers from kept ends, {kept_refusals} refused"
    );
    // A place without a position: the caller must ask the matrix.
    assert!(ends
        .travel_from(Some(net), places[0], &[0, places.len()], Profile::Car)
        .is_none());
    // Without a network, every cell is straight-line.
    let (cells, model) = ends
        .travel_from(None, places[0], &[1, 2], Profile::Car)
        .unwrap();
    assert_eq!(model, ModelKind::CrowFly);
    assert!(cells.iter().all(|c| c.0.is_some() && c.1.is_some()));
}

#[test]
fn kept_place_ends_answer_as_the_matrix_and_dijkstra() {
    same_as_matrix_and_dijkstra(monaco(), "monaco");
    same_as_matrix_and_dijkstra(saint_barthelemy(), "saint-barthelemy");
}

/// The places an answer of `limit` shows: the `limit` soonest, by time then by their order.
fn shown(cells: &[maillage::routing::place_ends::Cell], limit: usize) -> Vec<(usize, Cell)> {
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |k: usize| cells[k].0.unwrap_or(f64::INFINITY);
        key(a).total_cmp(&key(b)).then(a.cmp(&b))
    });
    order
        .into_iter()
        .take(limit)
        .map(|k| (k, cells[k]))
        .collect()
}

type Cell = maillage::routing::place_ends::Cell;

/// Timing only the `limit` soonest places (the forward search stopped early) shows the same
/// places, with the same cells, as the matrix timing them all — at many random points, for
/// limits from 1 to more than the reachable places; a cell it leaves unknown is later than
/// every shown one.
fn soonest_as_matrix(net: &RoadNetwork, name: &str) {
    let mut rng = Lcg(31);
    let places: Vec<[f64; 2]> = (0..120).map(|_| point(net, &mut rng)).collect();
    let ends = PlaceEnds::new(places.iter().copied().map(Some).collect());
    let (mut pruned, mut full_answers) = (0, 0);
    for profile in Profile::ALL {
        for round in 0..80 {
            let origin = point(net, &mut rng);
            let chosen: Vec<usize> = (0..30).map(|_| rng.below(places.len())).collect();
            let limit = 1 + rng.below(40);
            let roads = Some(net).filter(|n| n.profile(profile).covers(origin));
            let dests: Vec<Point<f64>> = chosen
                .iter()
                .map(|&i| Point::new(places[i][0], places[i][1]))
                .collect();
            let m = matrix(roads, &[Point::new(origin[0], origin[1])], &dests, profile).unwrap();
            let all: Vec<Cell> = (0..chosen.len())
                .map(|j| (m.duration_s(0, j), m.distance_m(0, j)))
                .collect();
            let got = ends
                .soonest_from(Some(net), origin, &chosen, profile, limit)
                .unwrap();
            let kept = ends.soonest_from_kept(Some(net), origin, &chosen, profile, limit);
            assert_eq!(kept.as_ref(), Some(&got), "{name} {profile} round {round}");
            let what = format!("{name} {profile} round {round} limit {limit} {origin:?}");
            assert_eq!(shown(&got.0, limit), shown(&all, limit), "{what}");
            let latest = shown(&all, limit)
                .last()
                .and_then(|(_, c)| c.0)
                .unwrap_or(f64::INFINITY);
            for (j, (cell, exact)) in got.0.iter().zip(&all).enumerate() {
                match (cell.0, exact.0) {
                    // Left unknown: later than every shown place.
                    (None, Some(time)) => {
                        assert!(time > latest, "{what}: place {j} {exact:?}");
                        pruned += 1;
                    }
                    _ => assert_eq!(cell, exact, "{what}: place {j}"),
                }
            }
            full_answers += usize::from(got.0 == all);
        }
    }
    assert!(pruned > 100, "{name}: {pruned} cells left unknown");
    assert!(
        full_answers > 10,
        "{name}: {full_answers} answers all exact"
    );
}

#[test]
fn soonest_places_answer_as_the_matrix() {
    soonest_as_matrix(monaco(), "monaco");
    soonest_as_matrix(saint_barthelemy(), "saint-barthelemy");
}
