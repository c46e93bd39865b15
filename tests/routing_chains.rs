//! Degree-2 chains contracted before the hierarchy (`routing::chains`): the hierarchy gives
//! the times of a plain Dijkstra on the base graph, and its paths unpack to base edges whose
//! times and lengths add up to the answer — on hand-made one-way chains, on random graphs
//! made mostly of chains, on the real extracts, and on a piece of a generated network.

mod routing_common;

use maillage::routing::ch::{Ch, Endpoint, INFINITE};
use maillage::routing::graph::{Csr, EdgeTuple};
use maillage::routing::{build, chains, dijkstra, osm, scc, Profile};
use proptest::prelude::*;
use routing_common::{data, monaco, paris, saint_barthelemy, Lcg};

fn at(node: u32) -> Endpoint {
    Endpoint {
        node,
        time_ms: 0,
        dist_dm: 0,
    }
}

/// The hierarchy's answer from `a` to `b` equals `expected` (Dijkstra's time), and its path
/// is made of base edges whose times and lengths sum to the answer's.
fn check_answer(g: &Csr, ch: &Ch, a: u32, b: u32, expected: Option<u32>) -> Result<(), String> {
    let got = ch.route(&[at(a)], &[at(b)], true);
    if got.as_ref().map(|r| r.time_ms) != expected {
        return Err(format!(
            "{a}→{b}: hierarchy {:?}, Dijkstra {expected:?}",
            got.map(|r| r.time_ms)
        ));
    }
    let Some(r) = got else { return Ok(()) };
    if r.nodes.first() != Some(&a) || r.nodes.last() != Some(&b) {
        return Err(format!("{a}→{b}: path {:?} has the wrong ends", r.nodes));
    }
    let (mut time, mut dist) = (0u32, 0u32);
    for w in r.nodes.windows(2) {
        let e = g
            .find(w[0], w[1])
            .ok_or_else(|| format!("{a}→{b}: {}→{} is not a road edge", w[0], w[1]))?;
        time += g.time_ms[e];
        dist += g.dist_dm[e];
    }
    if (time, dist) != (r.time_ms, r.dist_dm) {
        return Err(format!(
            "{a}→{b}: path sums to {time} ms / {dist} dm, answer {} ms / {} dm",
            r.time_ms, r.dist_dm
        ));
    }
    Ok(())
}

fn check_pair(g: &Csr, ch: &Ch, a: u32, b: u32) -> Result<(), String> {
    let plain = dijkstra::shortest(g, &[at(a)], &[at(b)]).map(|p| p.0);
    check_answer(g, ch, a, b, plain)
}

/// Every pair of nodes: one full Dijkstra from each node, then the hierarchy to every node.
fn check_all_pairs(g: &Csr, ch: &Ch) -> Result<(), String> {
    let n = g.num_nodes();
    for a in 0..n as u32 {
        let mut plain = vec![None; n];
        for (v, t) in dijkstra::flood(g, &[at(a)], u32::MAX - 1) {
            plain[v as usize] = Some(t);
        }
        for b in 0..n as u32 {
            check_answer(g, ch, a, b, plain[b as usize])?;
        }
    }
    Ok(())
}

/// The largest strongly connected component of a graph, renumbered.
fn largest_component(n: usize, edges: &[EdgeTuple]) -> Csr {
    let all = Csr::from_edges(n, edges);
    let (comp, count) = scc::components(&all);
    let mut sizes = vec![0usize; count];
    for &c in &comp {
        sizes[c as usize] += 1;
    }
    let largest = (0..count).max_by_key(|&c| sizes[c]).unwrap_or(0) as u32;
    let mut id = vec![u32::MAX; n];
    let mut kept = 0;
    for (v, &c) in comp.iter().enumerate() {
        if c == largest {
            id[v] = kept;
            kept += 1;
        }
    }
    let inside: Vec<EdgeTuple> = edges
        .iter()
        .filter_map(|&(a, b, t, d)| {
            let (a, b) = (id[a as usize], id[b as usize]);
            (a != u32::MAX && b != u32::MAX).then_some((a, b, t, d))
        })
        .collect();
    Csr::from_edges(kept as usize, &inside)
}

/// Which ways a stretch of road may be travelled.
#[derive(Debug, Clone, Copy)]
enum Way {
    Both,
    Forward,
    Backward,
}

/// Appends the edges of a road from `a` to `b` through `len` new shape nodes (numbered from
/// `*next`), the i-th stretch open as `ways[i]` with times `times[i]` (forward, backward).
fn road(
    edges: &mut Vec<EdgeTuple>,
    next: &mut u32,
    a: u32,
    b: u32,
    ways: &[Way],
    times: &[(u32, u32)],
) {
    let len = ways.len() - 1;
    let mut nodes = vec![a];
    for _ in 0..len {
        nodes.push(*next);
        *next += 1;
    }
    nodes.push(b);
    for (i, w) in nodes.windows(2).enumerate() {
        let (tf, tb) = times[i];
        if matches!(ways[i], Way::Both | Way::Forward) {
            edges.push((w[0], w[1], tf, tf * 3));
        }
        if matches!(ways[i], Way::Both | Way::Backward) {
            edges.push((w[1], w[0], tb, tb * 3));
        }
    }
}

/// A one-way ring road, a two-way road whose direction changes half way, a dead end, a loop
/// back to its own junction, two parallel roads and a road parallel to a direct edge.
#[test]
fn one_way_chains_and_direction_changes_are_exact() {
    use Way::*;
    let mut edges = Vec::new();
    // Junctions 0..4.
    let mut next = 4;
    let t = |n: usize, base: u32| {
        (0..n as u32)
            .map(|i| (base + i, base + 2 * i + 1))
            .collect::<Vec<_>>()
    };
    // 0 → 1 one way over 9 stretches; 1 → 0 back over a slower two-way road.
    road(&mut edges, &mut next, 0, 1, &[Forward; 9], &t(9, 10));
    road(&mut edges, &mut next, 0, 1, &[Both; 6], &t(6, 40));
    // 1 – 2: two-way, then one-way, two-way again, one-way again, two-way.
    road(
        &mut edges,
        &mut next,
        1,
        2,
        &[Both, Both, Forward, Forward, Both, Forward, Both],
        &t(7, 5),
    );
    // 2 – 3 both ways with different times each way, and 3 – 0 back.
    road(&mut edges, &mut next, 2, 3, &[Both; 5], &t(5, 7));
    road(&mut edges, &mut next, 3, 0, &[Both; 4], &t(4, 9));
    road(
        &mut edges,
        &mut next,
        2,
        0,
        &[Forward, Both, Forward],
        &t(3, 11),
    );
    // A dead end off 3, a loop from 2 back to 2.
    let tip = next + 5;
    road(&mut edges, &mut next, 3, tip, &[Both; 6], &t(6, 3));
    next += 1;
    road(
        &mut edges,
        &mut next,
        2,
        2,
        &[Both, Forward, Both, Both],
        &t(4, 6),
    );
    // Two parallel roads 1 – 3 and a direct edge 0 – 2 beside the road above.
    road(&mut edges, &mut next, 1, 3, &[Both; 3], &t(3, 20));
    road(&mut edges, &mut next, 1, 3, &[Both; 3], &t(3, 19));
    edges.push((0, 2, 30, 90));
    edges.push((2, 0, 200, 600));
    let g = largest_component(next as usize, &edges);
    assert_eq!(
        g.num_nodes(),
        next as usize,
        "every node is in one component"
    );
    let (ch, stats) = chains::prepare(&g, &Default::default()).expect("prepare");
    ch.validate(g.num_nodes()).expect("valid hierarchy");
    assert!(stats.chain_nodes >= 40, "{stats:?}");
    assert_eq!(stats.chain_nodes + stats.core_nodes, g.num_nodes());
    check_all_pairs(&g, &ch).unwrap();
    // The one-way ring: from its last shape node back to its first goes all the way round.
    let (first, last) = (4, 11);
    let r = ch.route(&[at(last)], &[at(first)], true).expect("route");
    assert!(
        r.nodes.contains(&1) && r.nodes.contains(&0),
        "{:?}",
        r.nodes
    );
}

/// A graph of junctions joined by roads of shape nodes, with one-way stretches, dead ends
/// and direct edges, as proptest draws them.
fn random_network() -> impl Strategy<Value = (usize, Vec<EdgeTuple>)> {
    let way = prop_oneof![
        Just(Way::Both),
        Just(Way::Forward),
        Just(Way::Backward),
        Just(Way::Both)
    ];
    let stretch = (way, 1u32..60, 1u32..60);
    let roads = (0u32..8, 0u32..8, prop::collection::vec(stretch, 1..7));
    let dead_end = (0u32..8, 1usize..5);
    (
        prop::collection::vec(roads, 4..16),
        prop::collection::vec(dead_end, 0..4),
    )
        .prop_map(|(roads, dead_ends)| {
            let mut edges = Vec::new();
            let mut next = 8;
            for (a, b, stretches) in roads {
                let ways: Vec<Way> = stretches.iter().map(|s| s.0).collect();
                let times: Vec<(u32, u32)> = stretches.iter().map(|s| (s.1, s.2)).collect();
                road(&mut edges, &mut next, a, b, &ways, &times);
            }
            for (a, len) in dead_ends {
                let tip = next + len as u32 - 1;
                road(
                    &mut edges,
                    &mut next,
                    a,
                    tip,
                    &vec![Way::Both; len],
                    &vec![(5, 5); len],
                );
                next += 1;
            }
            (next as usize, edges)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_chained_networks_equal_dijkstra((n, edges) in random_network()) {
        let g = largest_component(n, &edges);
        prop_assume!(g.num_nodes() >= 2);
        let (ch, stats) = chains::prepare(&g, &Default::default()).expect("prepare");
        ch.validate(g.num_nodes()).expect("valid hierarchy");
        prop_assert_eq!(stats.chain_nodes + stats.core_nodes, g.num_nodes());
        if let Err(e) = check_all_pairs(&g, &ch) {
            prop_assert!(false, "{}", e);
        }
    }
}

/// A random sample of pairs on a prepared network, checked against Dijkstra, with paths; and
/// a matrix over some of them.
fn sample_matches_dijkstra(g: &Csr, ch: &Ch, pairs: usize, seed: u64) {
    let n = g.num_nodes();
    let mut rng = Lcg(seed);
    for _ in 0..pairs {
        let (a, b) = (rng.below(n) as u32, rng.below(n) as u32);
        check_pair(g, ch, a, b).unwrap();
    }
    let sources: Vec<Vec<Endpoint>> = (0..20).map(|_| vec![at(rng.below(n) as u32)]).collect();
    let dests: Vec<Vec<Endpoint>> = (0..20).map(|_| vec![at(rng.below(n) as u32)]).collect();
    let (times, _) = ch.many_to_many(&sources, &dests);
    for (i, s) in sources.iter().enumerate() {
        for (j, d) in dests.iter().enumerate() {
            let plain = dijkstra::shortest(g, s, d).map_or(INFINITE, |p| p.0);
            assert_eq!(times[i * 20 + j], plain, "matrix {i}→{j}");
        }
    }
}

#[test]
fn real_extracts_equal_dijkstra_with_exact_paths() {
    for (name, net) in [
        ("monaco", monaco()),
        ("saint-barthelemy", saint_barthelemy()),
        ("paris", paris()),
    ] {
        for (k, profile) in Profile::ALL.into_iter().enumerate() {
            let g = net.profile(profile);
            let meta = &net.metadata().profiles[k];
            assert_eq!(meta.profile, profile);
            // Shape points were taken out before the hierarchy.
            assert!(
                meta.chains.chain_nodes > 0 && meta.chains.core_nodes < meta.build.nodes,
                "{name} {profile}: {:?}",
                meta.chains
            );
            assert_eq!(
                meta.chains.chain_nodes + meta.chains.core_nodes,
                meta.build.nodes
            );
            sample_matches_dijkstra(&g.graph, &g.ch, 1_000, 5 + k as u64);
        }
    }
}

/// A 0.6° × 0.4° piece of the generated south-west network (the way the national one is
/// made): most of its nodes are chain nodes, and the answers are Dijkstra's.
#[test]
fn a_piece_of_the_generated_network_equals_dijkstra() {
    let mut extract = osm::read_extract(&data("bench/rural-sw-1m.osm.pbf")).expect("read");
    let (lon, lat) = ((0.0, 0.6), (44.5, 44.9));
    let inside = |c: [f64; 2]| c[0] >= lon.0 && c[0] <= lon.1 && c[1] >= lat.0 && c[1] <= lat.1;
    extract.nodes.retain(|(_, c)| inside(*c));
    let nodes = &extract.nodes;
    extract.ways.retain(|w| {
        w.refs
            .iter()
            .all(|r| nodes.binary_search_by_key(r, |(id, _)| *id).is_ok())
    });
    for (k, profile) in Profile::ALL.into_iter().enumerate() {
        let (_, g, _) = build::build_profile(&extract, profile);
        assert!(g.num_nodes() > 5_000, "{profile}: {} nodes", g.num_nodes());
        let (ch, stats) = chains::prepare(&g, &Default::default()).expect("prepare");
        ch.validate(g.num_nodes()).expect("valid hierarchy");
        assert!(
            stats.chain_nodes * 2 > g.num_nodes(),
            "{profile}: {stats:?} of {} nodes",
            g.num_nodes()
        );
        sample_matches_dijkstra(&g, &ch, 2_000, 11 + k as u64);
    }
}
