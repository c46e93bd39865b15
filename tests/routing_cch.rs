//! Customizable contraction hierarchies give the times of a plain Dijkstra: on the real
//! extracts (Monaco, Saint-Barthélemy, central Paris) and on generated grids, one-to-one with
//! the unpacked path, matrices, and after closing roads (customized with those edges at
//! infinity, compared with Dijkstra on the graph without them).

mod routing_common;

use maillage::routing::ch::{Ch, Endpoint, INFINITE};
use maillage::routing::graph::Csr;
use maillage::routing::{cch, dijkstra, Profile, RoadNetwork};
use routing_common::{monaco, paris, saint_barthelemy, Lcg};

fn at(node: u32) -> Endpoint {
    Endpoint {
        node,
        time_ms: 0,
        dist_dm: 0,
    }
}

/// The graph with the edges whose time is [`INFINITE`] in `time_ms` left out.
fn without_closed(g: &Csr, time_ms: &[u32]) -> Csr {
    let edges: Vec<_> = g
        .to_edges()
        .into_iter()
        .enumerate()
        .filter(|(e, _)| time_ms[*e] != INFINITE)
        .map(|(_, t)| t)
        .collect();
    Csr::from_edges(g.num_nodes(), &edges)
}

/// Checks `ch` against Dijkstra on `g` for `pairs` random pairs: the time, and that the
/// unpacked path is a path of `g` adding up to that time and distance.
fn same_as_dijkstra(ch: &Ch, g: &Csr, pairs: usize, seed: u64, what: &str) -> usize {
    let n = g.num_nodes();
    let mut rng = Lcg(seed);
    let mut reached = 0;
    for _ in 0..pairs {
        let (a, b) = (rng.below(n) as u32, rng.below(n) as u32);
        let expected = dijkstra::shortest(g, &[at(a)], &[at(b)]).map(|p| p.0);
        let got = ch.route(&[at(a)], &[at(b)], true);
        assert_eq!(got.as_ref().map(|r| r.time_ms), expected, "{what}: {a}→{b}");
        let Some(route) = got else { continue };
        reached += 1;
        assert_eq!(route.nodes.first(), Some(&a), "{what}: path start");
        assert_eq!(route.nodes.last(), Some(&b), "{what}: path end");
        let (mut time, mut dist) = (0u32, 0u32);
        for w in route.nodes.windows(2) {
            let e = g
                .find(w[0], w[1])
                .unwrap_or_else(|| panic!("{what}: {}→{} is not a road", w[0], w[1]));
            time += g.time_ms[e];
            dist += g.dist_dm[e];
        }
        assert_eq!(
            (time, dist),
            (route.time_ms, route.dist_dm),
            "{what}: {a}→{b} path"
        );
    }
    reached
}

/// Checks a matrix between random nodes against Dijkstra.
fn matrix_same_as_dijkstra(ch: &Ch, g: &Csr, size: usize, seed: u64, what: &str) {
    let mut rng = Lcg(seed);
    let nodes: Vec<u32> = (0..size).map(|_| rng.below(g.num_nodes()) as u32).collect();
    let ends: Vec<Vec<Endpoint>> = nodes.iter().map(|&v| vec![at(v)]).collect();
    let (times, _) = ch.many_to_many(&ends, &ends);
    for (i, &a) in nodes.iter().enumerate() {
        for (j, &b) in nodes.iter().enumerate() {
            let expected = dijkstra::shortest(g, &[at(a)], &[at(b)]).map_or(INFINITE, |p| p.0);
            assert_eq!(times[i * size + j], expected, "{what}: matrix {a}→{b}");
        }
    }
}

/// Every check on both profiles of a real network, with its own times and with roads closed.
fn check_network(net: &RoadNetwork, name: &str) {
    for profile in Profile::ALL {
        let p = net.profile(profile);
        let what = format!("{name} {profile}");
        let (topology, ch, stats) = cch::prepare(&p.coords, &p.graph).expect("prepare");
        assert_eq!(stats.arcs, topology.num_arcs());
        ch.validate(p.coords.len()).expect("a valid hierarchy");
        let reached = same_as_dijkstra(&ch, &p.graph, 300, 11, &what);
        assert_eq!(reached, 300, "{what}: one strongly connected component");
        matrix_same_as_dijkstra(&ch, &p.graph, 25, 12, &what);
        // Close one road edge in twenty, then customize again on the same topology.
        let mut rng = Lcg(13);
        let closed: Vec<u32> = p
            .graph
            .time_ms
            .iter()
            .map(|&t| if rng.below(20) == 0 { INFINITE } else { t })
            .collect();
        let reduced = without_closed(&p.graph, &closed);
        let recustomized =
            cch::customization::customize(&topology, &p.graph, &closed).expect("customize");
        let what = format!("{what} with roads closed");
        let reached = same_as_dijkstra(&recustomized, &reduced, 300, 14, &what);
        assert!(
            reached > 0 && reached < 300,
            "{what}: {reached} of 300 reached"
        );
        matrix_same_as_dijkstra(&recustomized, &reduced, 20, 15, &what);
    }
}

#[test]
fn monaco_cch_equals_dijkstra() {
    check_network(monaco(), "monaco");
}

#[test]
fn saint_barthelemy_cch_equals_dijkstra() {
    check_network(saint_barthelemy(), "saint-barthelemy");
}

#[test]
fn paris_cch_equals_dijkstra() {
    check_network(paris(), "paris");
}

/// A jittered `w` × `h` grid with random times and some one-way streets.
fn grid(w: u32, h: u32, rng: &mut Lcg) -> (Vec<[f64; 2]>, Csr) {
    let mut coords = Vec::new();
    let mut edges = Vec::new();
    for y in 0..h {
        for x in 0..w {
            coords.push([
                2.0 + (x as f64 + 0.3 * rng.unit()) * 1e-3,
                45.0 + (y as f64 + 0.3 * rng.unit()) * 1e-3,
            ]);
            let v = y * w + x;
            let mut street = |a: u32, b: u32, rng: &mut Lcg| {
                let t = 1 + rng.below(100) as u32;
                let d = 10 * t;
                match rng.below(10) {
                    0 => edges.push((a, b, t, d)),
                    1 => edges.push((b, a, t, d)),
                    _ => edges.extend([(a, b, t, d), (b, a, t, d)]),
                }
            };
            if x + 1 < w {
                street(v, v + 1, rng);
            }
            if y + 1 < h {
                street(v, v + w, rng);
            }
        }
    }
    let n = coords.len();
    (coords, Csr::from_edges(n, &edges))
}

#[test]
fn generated_grids_cch_equals_dijkstra() {
    let mut rng = Lcg(21);
    for (w, h) in [(3, 3), (17, 9), (40, 40), (90, 60)] {
        let (coords, g) = grid(w, h, &mut rng);
        let what = format!("grid {w}×{h}");
        let (topology, ch, _) = cch::prepare(&coords, &g).expect("prepare");
        ch.validate(coords.len()).expect("a valid hierarchy");
        same_as_dijkstra(&ch, &g, 200, 22, &what);
        matrix_same_as_dijkstra(&ch, &g, 15, 23, &what);
        let closed: Vec<u32> = g
            .time_ms
            .iter()
            .map(|&t| if rng.below(8) == 0 { INFINITE } else { t })
            .collect();
        let reduced = without_closed(&g, &closed);
        let ch = cch::customization::customize(&topology, &g, &closed).expect("customize");
        same_as_dijkstra(&ch, &reduced, 200, 24, &format!("{what} with roads closed"));
    }
}

#[test]
fn a_dense_grid_stays_small() {
    // On a 100 × 100 grid the greedy contraction's core grows dense; nested dissection keeps
    // every node's higher neighbours within a few separators (the top one is 100 nodes).
    let mut rng = Lcg(31);
    let (coords, g) = grid(100, 100, &mut rng);
    let (topology, _, stats) = cch::prepare(&coords, &g).expect("prepare");
    assert!(stats.max_upper_degree < 400, "{stats:?}");
    assert!(topology.num_arcs() < 40 * 10_000, "{stats:?}");
}

#[test]
fn auto_takes_the_customizable_hierarchy_on_street_grids_only() {
    use cch::choice::{shape_point_share, AUTO_CCH_BELOW};
    use cch::{HierarchyChoice, HierarchyKind};
    // A street grid is junctions everywhere: only its four corners have two neighbours.
    let mut rng = Lcg(41);
    let (_, g) = grid(60, 60, &mut rng);
    let share = shape_point_share(&g);
    assert!(share < 0.01, "grid: {share}");
    assert_eq!(HierarchyChoice::Auto.resolve(&g), HierarchyKind::Cch);
    // Real networks are mostly shape points: the chains and `fast_paths`.
    for (name, net) in [
        ("monaco", monaco()),
        ("saint-barthelemy", saint_barthelemy()),
        ("paris", paris()),
    ] {
        for profile in Profile::ALL {
            let p = net.profile(profile);
            let share = shape_point_share(&p.graph);
            assert!(share > AUTO_CCH_BELOW, "{name} {profile}: {share}");
            assert_eq!(
                HierarchyChoice::Auto.resolve(&p.graph),
                HierarchyKind::Ch,
                "{name} {profile}"
            );
        }
    }
    // The explicit choices are kept whatever the network.
    assert_eq!(HierarchyChoice::Ch.resolve(&g), HierarchyKind::Ch);
    assert_eq!(
        HierarchyChoice::Cch.resolve(&monaco().profile(Profile::Car).graph),
        HierarchyKind::Cch
    );
}
