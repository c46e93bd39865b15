//! Road closures in `POST /api/scenarios`, as a planner gets them: the built binary imports
//! the communes of France, the places of PACA and France Services and the Monaco road extract
//! (with its French neighbours: Beausoleil, Cap-d'Ail, La Turbie…), `maillage serve` runs as a
//! child process, and each closure's answer is checked against a plain Dijkstra, written here,
//! on the base graph with the closed edges taken out.

mod common;

use common::{Maillage, Server};
use maillage::coverage::sites_of;
use maillage::coverage::Site;
use maillage::registry::Snapshot;
use maillage::routing::ch::Endpoint;
use maillage::routing::dijkstra::shortest;
use maillage::routing::graph::Csr;
use maillage::routing::snap::{SnapOutcome, Snapped};
use maillage::routing::{route, Profile, ProfileGraph, RoadNetwork};
use maillage::service::RoadFolder;
use maillage::store::SqliteStore;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

/// A database with the national communes, the PACA and France Services places and the Monaco
/// roads, all imported by the binary once per test binary, then copied for each test.
fn monaco_scenarios() -> Maillage {
    static TEMPLATE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let template = TEMPLATE.get_or_init(|| {
        // In cargo's scratch folder, replaced at each run: one copy whatever the runs.
        let db = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("closures-template.db");
        let m = imported();
        std::fs::copy(&m.db, &db).expect("keep the database");
        copy_dir(&m.roads_dir(), &RoadFolder::next_to(&db).dir);
        db
    });
    let m = Maillage::new();
    std::fs::copy(template, &m.db).expect("copy the database");
    copy_dir(&RoadFolder::next_to(template).dir, &m.roads_dir());
    m
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for f in std::fs::read_dir(from).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), to.join(f.file_name())).expect("copy the road network");
    }
}

fn imported() -> Maillage {
    let m = Maillage::new();
    m.import_france_communes();
    m.import_shared("epci", &["population/epci.json"]);
    m.import_shared(
        "places",
        &[
            "places/france-services-20240801.csv",
            "places/hub-du-sud-paca-2023.json",
        ],
    );
    m.import_shared("roads", &["osm/monaco.osm.pbf"]);
    m
}

/// What the server stored, read back by the library: communes and places.
fn snapshot(m: &Maillage) -> Snapshot {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = SqliteStore::open(&m.db).await.unwrap();
        Snapshot::load(&store).await.unwrap()
    })
}

/// Minutes as the indicators give them: the trip's seconds as stored (f32), to 0.01 minute.
fn minutes(time_ms: u32) -> f64 {
    let s = f64::from((f64::from(time_ms) / 1000.0) as f32);
    (s / 60.0 * 100.0).round() / 100.0
}

fn snapped(g: &ProfileGraph, p: [f64; 2]) -> Option<Snapped> {
    match g.snap(p) {
        SnapOutcome::Snapped(s) => Some(s),
        _ => None,
    }
}

/// The car graph without the edges of `segments` (both directions).
fn without(g: &ProfileGraph, segments: &[u32]) -> Csr {
    let closed: HashSet<usize> = segments
        .iter()
        .flat_map(|&s| g.snap.segment(s).1.into_iter().flatten())
        .collect();
    let edges: Vec<_> = (0..g.graph.num_nodes() as u32)
        .flat_map(|u| g.graph.edges(u).map(move |e| (u, e)))
        .filter(|(_, e)| !closed.contains(e))
        .map(|(u, e)| (u, g.graph.head[e], g.graph.time_ms[e], g.graph.dist_dm[e]))
        .collect();
    Csr::from_edges(g.graph.num_nodes(), &edges)
}

/// The quickest trip (ms) by plain Dijkstra on `graph` between two points on the roads (or
/// along the one segment both stand on).
fn trip_ms(g: &ProfileGraph, graph: &Csr, from: [f64; 2], to: [f64; 2]) -> Option<u32> {
    let (a, b) = (snapped(g, from)?, snapped(g, to)?);
    let starts: Vec<Endpoint> = g.snap.starts(&g.graph, &a);
    let by_graph = shortest(graph, &starts, &g.snap.ends(&g.graph, &b)).map(|x| x.0);
    let along = g.snap.same_segment(&g.graph, &a, &b).map(|x| x.0);
    by_graph.into_iter().chain(along).min()
}

/// The quickest trip (ms) from a commune's point to any place, by [`trip_ms`].
fn nearest_ms(g: &ProfileGraph, graph: &Csr, from: [f64; 2], sites: &[Site]) -> Option<u32> {
    sites
        .iter()
        .filter_map(|s| trip_ms(g, graph, from, s.point?))
        .min()
}

/// The road communes of the answer and their point.
fn road_communes(g: &ProfileGraph, snap: &Snapshot, answer: &Value) -> Vec<(String, [f64; 2])> {
    let points: HashMap<&str, [f64; 2]> = snap
        .communes
        .iter()
        .filter_map(|c| Some((c.code.as_str(), c.point.map(|p| [p.x(), p.y()])?)))
        .collect();
    answer["communes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| {
            let code = c["code"].as_str()?;
            let p = *points.get(code)?;
            snapped(g, p).map(|_| (code.to_string(), p))
        })
        .collect()
}

fn commune<'a>(answer: &'a Value, code: &str) -> &'a Value {
    answer["communes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == code)
        .unwrap_or_else(|| panic!("{code} not in the answer"))
}

fn scenario(srv: &Server, close: Value) -> Value {
    let (s, v) = srv.post(
        "/api/scenarios",
        &json!({"departement": "06", "close": close}),
    );
    assert_eq!(s, 200, "{v}");
    v
}

#[test]
fn closures_give_the_times_of_the_graph_without_the_closed_roads() {
    let m = monaco_scenarios();
    let srv = m.serve(&[]);
    let roads = RoadNetwork::load(&m.roads_dir()).unwrap();
    let g = roads.profile(Profile::Car);
    let snap = snapshot(&m);
    let sites = sites_of(&snap, chrono::Local::now().date_naive());

    // A scenario without closure answers no `closed`.
    let (s, plain) = srv.post(
        "/api/scenarios",
        &json!({"departement": "06", "remove": [sites[0].id]}),
    );
    assert_eq!(s, 200, "{plain}");
    assert!(plain["closed"].is_null(), "{}", plain["closed"]);

    // Some road communes of the département, and their nearest place before any closure.
    let first = scenario(&srv, json!({"at": [[7.4246, 43.7384]]}));
    let on_road = road_communes(g, &snap, &first);
    assert!(on_road.len() >= 3, "{on_road:?}");
    let before: HashMap<&str, u32> = on_road
        .iter()
        .map(|(code, p)| {
            let ms = nearest_ms(g, &g.graph, *p, &sites).expect("a place by road");
            assert_eq!(
                commune(&first, code)["nearest_min_before"].as_f64(),
                Some(minutes(ms)),
                "{code}: the hierarchy's time is Dijkstra's"
            );
            (code.as_str(), ms)
        })
        .collect();

    // A segment on a commune's fastest route whose closure slows it: found by walking the
    // route and asking the reference Dijkstra, then closed by a point in its middle.
    let (code, from) = on_road
        .iter()
        .max_by_key(|(c, _)| before[c.as_str()])
        .unwrap();
    let to = sites
        .iter()
        .filter_map(|s| s.point)
        .min_by_key(|&p| trip_ms(g, &g.graph, *from, p).unwrap_or(u32::MAX))
        .unwrap();
    let path = route(
        Some(&roads),
        geo::Point::from(*from),
        geo::Point::from(to),
        Profile::Car,
    )
    .unwrap()
    .geometry;
    let (point, segment, slower) = path[1..path.len() - 1]
        .windows(2)
        .find_map(|w| {
            let mid = [(w[0][0] + w[1][0]) / 2.0, (w[0][1] + w[1][1]) / 2.0];
            let segment = snapped(g, mid)?.segment;
            let after = nearest_ms(g, &without(g, &[segment]), *from, &sites)?;
            (minutes(after) > minutes(before[code.as_str()])).then_some((mid, segment, after))
        })
        .expect("a segment of the route whose closure slows the commune");
    let answer = scenario(&srv, json!({"at": [point]}));
    let c = commune(&answer, code);
    assert_eq!(
        c["nearest_min_after"].as_f64(),
        Some(minutes(slower)),
        "{c}"
    );
    assert!(
        answer["changed"].as_u64().unwrap() >= 1,
        "{}",
        answer["changed"]
    );
    let closed = &answer["closed"];
    assert_eq!(closed["segments"], 1, "{closed}");
    assert_eq!(closed["profile"], "car");
    assert_eq!(closed["method"], "dijkstra-without-closed-roads");
    assert!(closed["length_m"].as_f64().unwrap() > 0.0);
    assert_eq!(closed["geometry"]["type"], "MultiLineString");
    // Every road commune gets the reference time without that segment.
    let graph = without(g, &[segment]);
    for (code, p) in &on_road {
        let expected = nearest_ms(g, &graph, *p, &sites).map(minutes);
        assert_eq!(
            commune(&answer, code)["nearest_min_after"].as_f64(),
            expected,
            "{code}"
        );
    }

    // The same closure asked for the EPCI of that commune alone: its neighbours are then only
    // demand for the catchment scores (rows within the horizon, searched only when they reach
    // a closed road, else the hierarchy's), yet every score is the département's.
    let epci = snap
        .communes
        .iter()
        .find(|c| c.code.as_str() == code)
        .and_then(|c| c.epci.clone())
        .expect("an EPCI");
    let (s, narrow) = srv.post(
        "/api/scenarios",
        &json!({"epci": epci, "close": {"at": [point]}}),
    );
    assert_eq!(s, 200, "{narrow}");
    let narrow = narrow["communes"].as_array().unwrap();
    assert!(narrow.len() < answer["communes"].as_array().unwrap().len());
    for c in narrow {
        let wide = commune(&answer, c["code"].as_str().unwrap());
        for field in [
            "nearest_min_after",
            "e2sfca_before",
            "e2sfca_after",
            "gap_after",
        ] {
            assert_eq!(c[field], wide[field], "{field}: {c} vs {wide}");
        }
    }

    // An area drawn around that point closes that segment at least, and the communes get the
    // times of the graph without every segment it closed (read back from the answer).
    let d = 0.0003;
    let square = json!({"type": "Polygon", "coordinates": [[
        [point[0] - d, point[1] - d], [point[0] + d, point[1] - d],
        [point[0] + d, point[1] + d], [point[0] - d, point[1] + d], [point[0] - d, point[1] - d]]]});
    let area = scenario(&srv, json!({"polygon": square}));
    let lines = area["closed"]["geometry"]["coordinates"]
        .as_array()
        .unwrap();
    assert_eq!(
        area["closed"]["segments"].as_u64(),
        Some(lines.len() as u64)
    );
    let segments: Vec<u32> = lines
        .iter()
        .map(|l| {
            let (a, b) = (&l[0], &l[1]);
            let mid = [
                (a[0].as_f64().unwrap() + b[0].as_f64().unwrap()) / 2.0,
                (a[1].as_f64().unwrap() + b[1].as_f64().unwrap()) / 2.0,
            ];
            snapped(g, mid).unwrap().segment
        })
        .collect();
    assert!(segments.contains(&segment), "{segments:?} vs {segment}");
    let graph = without(g, &segments);
    let mut by_road = 0;
    for (code, p) in &on_road {
        let c = commune(&area, code);
        match nearest_ms(g, &graph, *p, &sites) {
            Some(ms) => {
                assert_eq!(c["nearest_min_after"].as_f64(), Some(minutes(ms)), "{code}");
                by_road += 1;
            }
            // Cut off from every place by the closed roads: no road time is left, and the
            // nearest falls back to the straight-line model, as for any commune whose roads
            // reach no place.
            None => assert_ne!(c["nearest_min_after"], c["nearest_min_before"], "{code}"),
        }
    }
    assert!(
        by_road >= 2,
        "{by_road} communes still reach a place by road"
    );

    // Closing a dead end that no commune or place stands on changes nothing: the times with
    // the closure (searched on the base graph) are the hierarchy's, commune by commune.
    let used: HashSet<u32> = on_road
        .iter()
        .map(|(_, p)| *p)
        .chain(sites.iter().filter_map(|s| s.point))
        .filter_map(|p| Some(snapped(g, p)?.segment))
        .collect();
    let degree = |v: u32| g.graph.edges(v).len();
    let dead_end = (0..g.snap.num_segments() as u32)
        .find(|&s| {
            let ([a, b], dirs) = g.snap.segment(s);
            dirs.iter().all(Option::is_some)
                && (degree(a) == 1 || degree(b) == 1)
                && !used.contains(&s)
        })
        .expect("a dead end");
    let ([a, b], _) = g.snap.segment(dead_end);
    let (pa, pb) = (g.coords[a as usize], g.coords[b as usize]);
    let mid = [(pa[0] + pb[0]) / 2.0, (pa[1] + pb[1]) / 2.0];
    assert_eq!(snapped(g, mid).unwrap().segment, dead_end);
    let nothing = scenario(&srv, json!({"at": [mid]}));
    assert_eq!(nothing["changed"], 0, "{}", nothing["communes"]);
    for c in nothing["communes"].as_array().unwrap() {
        assert_eq!(c["nearest_min_before"], c["nearest_min_after"], "{c}");
        assert_eq!(c["e2sfca_before"], c["e2sfca_after"], "{c}");
        assert_eq!(c["gap_before"], c["gap_after"], "{c}");
    }
}

#[test]
fn bad_closures_get_problems_naming_the_field() {
    let m = monaco_scenarios();
    let srv = m.serve(&[]);
    let square = |lon: f64, lat: f64, d: f64| {
        json!({"type": "Polygon", "coordinates": [[[lon, lat], [lon + d, lat],
            [lon + d, lat + d], [lon, lat + d], [lon, lat]]]})
    };
    for (close, status, parameter) in [
        (json!({}), 400, "close"),
        // Paris: far from any road of the Monaco extract.
        (json!({"at": [[2.35, 48.85]]}), 400, "close.at"),
        (json!({"at": [[7.42, 95.0]]}), 400, "close.at"),
        (
            json!({"polygon": {"type": "Polygon", "coordinates": [[[7.42, 43.73], [7.43, 43.73], [7.42, 43.73]]]}}),
            400,
            "close.polygon",
        ),
        (
            json!({"polygon": {"type": "LineString", "coordinates": [[7.42, 43.73], [7.43, 43.74]]}}),
            400,
            "close.polygon",
        ),
        // The sea south of Monaco: no road in it.
        (
            json!({"polygon": square(7.40, 43.65, 0.01)}),
            400,
            "close.polygon",
        ),
        // All of metropolitan France: refused before any work.
        (
            json!({"polygon": square(-5.0, 42.0, 13.0)}),
            422,
            "close.polygon",
        ),
        // Closures by OSM way id are not offered (the graph does not keep way ids).
        (json!({"ways": [1234]}), 422, "body"),
    ] {
        let body = json!({"departement": "06", "close": close});
        let (s, p) = srv.post("/api/scenarios", &body);
        assert_eq!(
            (s, p["parameter"].as_str()),
            (status, Some(parameter)),
            "{body}: {p}"
        );
        assert!(p["detail"].as_str().is_some_and(|d| !d.is_empty()), "{p}");
    }
    // A closure under the straight-line model changes nothing it could say: refused.
    let (s, p) = srv.post(
        "/api/scenarios",
        &json!({"departement": "06", "model": "crow-fly", "close": {"at": [[7.4246, 43.7384]]}}),
    );
    assert_eq!((s, p["parameter"].as_str()), (400, Some("close")), "{p}");
    drop(srv);

    // No road network loaded.
    let (_t, srv) = common::territory_server();
    let (s, p) = srv.post(
        "/api/scenarios",
        &json!({"departement": "15", "close": {"at": [[2.44, 44.93]]}}),
    );
    assert_eq!((s, p["parameter"].as_str()), (400, Some("close")), "{p}");
    assert!(
        p["detail"].as_str().unwrap().contains("road network"),
        "{p}"
    );
}
