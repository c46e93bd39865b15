//! One-to-many sweeps on the real extracts (Monaco, Saint-Barthélemy, central Paris), both
//! profiles: from random points to random points, the sweep reports exactly the targets whose
//! fastest route is within its limits, with plain Dijkstra's time and length; without limits
//! it gives the bucket many-to-many's matrix.

mod routing_common;

use maillage::routing::ch::{Endpoint, INFINITE};
use maillage::routing::snap::SnapOutcome;
use maillage::routing::sweep::{Limits, Reached, Sweep};
use maillage::routing::{dijkstra, Profile, ProfileGraph, RoadNetwork};
use routing_common::{monaco, paris, saint_barthelemy, Lcg};

/// Random points of the network's box that snap to a road: (starts, ends) of each.
fn snapped_points(
    g: &ProfileGraph,
    count: usize,
    rng: &mut Lcg,
) -> Vec<(Vec<Endpoint>, Vec<Endpoint>)> {
    let mut out = Vec::new();
    while out.len() < count {
        let p = [
            g.bbox[0] + rng.unit().min(1.0) * (g.bbox[2] - g.bbox[0]),
            g.bbox[1] + rng.unit().min(1.0) * (g.bbox[3] - g.bbox[1]),
        ];
        if let SnapOutcome::Snapped(s) = g.snap(p) {
            out.push((g.snap.starts(&g.graph, &s), g.snap.ends(&g.graph, &s)));
        }
    }
    out
}

/// The value below which `share` of `values` lie.
fn quantile(values: &[u32], share: f64) -> u32 {
    let mut v = values.to_vec();
    v.sort_unstable();
    v[((v.len() - 1) as f64 * share) as usize]
}

fn sweep_matches_dijkstra(net: &RoadNetwork, seed: u64) {
    for profile in Profile::ALL {
        let g = net.profile(profile);
        let mut rng = Lcg(seed);
        let sources: Vec<Vec<Endpoint>> = snapped_points(g, 25, &mut rng)
            .into_iter()
            .map(|p| p.0)
            .collect();
        let targets: Vec<Vec<Endpoint>> = snapped_points(g, 60, &mut rng)
            .into_iter()
            .map(|p| p.1)
            .collect();
        let reference: Vec<Vec<Option<(u32, u32)>>> = sources
            .iter()
            .map(|s| {
                targets
                    .iter()
                    .map(|t| dijkstra::shortest(&g.graph, s, t))
                    .collect()
            })
            .collect();
        let all: Vec<(u32, u32)> = reference.iter().flatten().flatten().copied().collect();
        let times: Vec<u32> = all.iter().map(|p| p.0).collect();
        let dists: Vec<u32> = all.iter().map(|p| p.1).collect();
        // Limits that both bite: a third of the pairs within the time, a half within the length.
        let limits = Limits {
            time_ms: quantile(&times, 0.33),
            dist_dm: quantile(&dists, 0.5),
        };
        let sweep = Sweep::new(&g.ch, &targets, limits);
        let rows = sweep.rows(&sources);
        let (mut by_time, mut by_length_only, mut beyond) = (0, 0, 0);
        for (i, row) in rows.iter().enumerate() {
            let expected: Vec<Reached> = reference[i]
                .iter()
                .enumerate()
                .filter_map(|(j, r)| {
                    let (time_ms, dist_dm) = (*r)?;
                    if time_ms <= limits.time_ms {
                        by_time += 1;
                    } else if dist_dm <= limits.dist_dm {
                        by_length_only += 1;
                    } else {
                        beyond += 1;
                    }
                    limits.within(time_ms, dist_dm).then_some(Reached {
                        target: j as u32,
                        time_ms,
                        dist_dm,
                    })
                })
                .collect();
            assert_eq!(row, &expected, "{profile}, source {i}, limits {limits:?}");
        }
        assert!(
            by_time > 0 && by_length_only > 0 && beyond > 0,
            "{profile}: the limits do not bite ({by_time} by time, {by_length_only} by length only, {beyond} beyond)"
        );
    }
}

fn unlimited_sweep_is_the_matrix(net: &RoadNetwork, seed: u64) {
    for profile in Profile::ALL {
        let g = net.profile(profile);
        let mut rng = Lcg(seed);
        let points = snapped_points(g, 80, &mut rng);
        let sources: Vec<Vec<Endpoint>> = points.iter().map(|p| p.0.clone()).collect();
        let targets: Vec<Vec<Endpoint>> = points.iter().map(|p| p.1.clone()).collect();
        let (times, dists) = g.ch.many_to_many(&sources, &targets);
        let everything = Limits {
            time_ms: INFINITE - 1,
            dist_dm: 0,
        };
        let rows = Sweep::new(&g.ch, &targets, everything).rows(&sources);
        let cols = targets.len();
        for (i, row) in rows.iter().enumerate() {
            let expected: Vec<Reached> = (0..cols)
                .filter(|&j| times[i * cols + j] != INFINITE)
                .map(|j| Reached {
                    target: j as u32,
                    time_ms: times[i * cols + j],
                    dist_dm: dists[i * cols + j],
                })
                .collect();
            assert_eq!(row, &expected, "{profile}, source {i}");
        }
        assert!(rows.iter().map(Vec::len).sum::<usize>() > cols * cols / 2);
    }
}

#[test]
fn monaco_sweep_equals_dijkstra_and_the_matrix() {
    sweep_matches_dijkstra(monaco(), 11);
    unlimited_sweep_is_the_matrix(monaco(), 12);
}

#[test]
fn paris_sweep_equals_dijkstra_and_the_matrix() {
    sweep_matches_dijkstra(paris(), 21);
    unlimited_sweep_is_the_matrix(paris(), 22);
}

#[test]
fn saint_barthelemy_sweep_equals_dijkstra_and_the_matrix() {
    sweep_matches_dijkstra(saint_barthelemy(), 31);
    unlimited_sweep_is_the_matrix(saint_barthelemy(), 32);
}
