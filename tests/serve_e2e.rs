//! `maillage serve` as a user runs it: data imported by the CLI (road network included) is
//! served, imports made while it runs show up within seconds without a failed request, and the
//! binary copied alone to an empty folder serves the pages and the default territory. The
//! first two run on SQLite and on PostGIS; two servers on one PostGIS database both serve
//! what the CLI imports (several replicas behind a load balancer).

mod common;

use common::{binary, shared, Backend, Maillage, Server};
use serde_json::Value;
use std::time::{Duration, Instant};

fn path(rel: &str) -> String {
    shared(rel).to_str().unwrap().to_string()
}

/// Alpes-Maritimes (real communes, town halls and places) with the Monaco road network.
fn alpes_maritimes_with_roads(backend: Backend) -> (Maillage, Server) {
    let m = Maillage::on(backend);
    m.run(&[
        "import",
        "population",
        &path("population/communes-cog2026-population.csv"),
    ]);
    m.run(&[
        "import",
        "communes",
        &path("communes/gregoiredavid-communes-06-alpes-maritimes.geojson"),
    ]);
    m.run(&["import", "mairies", &path("addresses/mairies-france.csv")]);
    m.run(&[
        "import",
        "places",
        &path("places/france-services-20240801.csv"),
        &path("places/hub-du-sud-paca-2023.json"),
    ]);
    m.run(&["import", "roads", &path("osm/monaco.osm.pbf")]);
    let s = m.serve(&[]);
    (m, s)
}

fn f64_of(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn coverage_by_road_equals_the_routes_the_server_gives(backend: Backend) {
    let (_m, s) = alpes_maritimes_with_roads(backend);
    let health = s.json("/healthz");
    assert_eq!(health["model"], "road", "{health}");
    let cov = s.json("/api/coverage?departement=06&model=road&format=json&as_of=2024-01-01");
    assert_eq!(cov["model"], "road");
    let rows = cov["rows"].as_array().unwrap();
    for code in ["06012", "06032", "06150"] {
        let row = rows.iter().find(|r| r["code"] == code).unwrap();
        assert_eq!(row["model"], "road", "{code}: {row}");
        // The nearest place by road is the quickest of the server's own routes from the
        // commune's point to every place around it.
        let commune = s.json(&format!("/api/communes/{code}"));
        let p = &commune["properties"]["point"];
        let (lon, lat) = (f64_of(&p[0]), f64_of(&p[1]));
        let around = s.json(&format!(
            "/api/places?bbox={},{},{},{}&limit=500",
            lon - 0.3,
            lat - 0.2,
            lon + 0.3,
            lat + 0.2
        ));
        let mut best = f64::INFINITY;
        for f in around["features"].as_array().unwrap() {
            let c = &f["geometry"]["coordinates"];
            let r = s.json(&format!(
                "/api/route?from={lat},{lon}&to={},{}&profile=car",
                f64_of(&c[1]),
                f64_of(&c[0])
            ));
            if r["model"] == "road" {
                best = best.min(f64_of(&r["duration_s"]));
            }
        }
        assert!(best.is_finite(), "{code}: no place reachable by road");
        let got = f64_of(&row["nearest_min"]);
        assert!(
            (got - best / 60.0).abs() < 0.02,
            "{code}: coverage says {got} min, the routes {} min",
            best / 60.0
        );
    }
    // Nice lies outside the extract: straight-line model there, and the row says so.
    let nice = rows.iter().find(|r| r["code"] == "06088").unwrap();
    assert_eq!(nice["model"], "crow-fly");
}

fn imports_made_while_serving_show_up_within_five_seconds(backend: Backend) {
    let m = Maillage::with_territory_on(backend);
    let s = m.serve(&[]);
    let before = s.json("/healthz");
    assert_eq!(before["model"], "crow-fly");
    // Requests keep flowing while the import lands and the new data is swapped in.
    let url = s.url.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let (mut ok, mut failed) = (0, Vec::new());
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                match ureq::get(&format!(
                    "{url}/api/places/nearest?lat=45.04&lon=2.65&limit=3"
                ))
                .call()
                {
                    Ok(r) if r.status() == 200 => ok += 1,
                    Ok(r) => failed.push(r.status().to_string()),
                    Err(e) => failed.push(e.to_string()),
                }
            }
            (ok, failed)
        })
    };
    // Asked twice before the import: the second answer comes from the answer cache.
    let from_brive = "/api/places/nearest?lat=45.158&lon=1.532&limit=3";
    let brive_before = s.json(from_brive);
    assert_eq!(s.json(from_brive), brive_before);
    let started = Instant::now();
    m.run(&[
        "import",
        "places",
        &path("places/france-services-20240801.csv"),
    ]);
    let after = s.wait_health(Duration::from_secs(5), |h| {
        h["generation"] != before["generation"]
    });
    eprintln!(
        "new places served {:?} after the import ended",
        started.elapsed()
    );
    assert!(
        after["places"].as_u64() > before["places"].as_u64(),
        "{before} → {after}"
    );
    // The same question gets the new answer, not the one kept before the import: from
    // Brive, the nearest places are now Corrèze's France Services, not the région's.
    let in_correze = |fc: &serde_json::Value| {
        fc["features"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| {
                f["properties"]["code_insee"]
                    .as_str()
                    .is_some_and(|c| c.starts_with("19"))
            })
            .count()
    };
    assert_eq!(in_correze(&brive_before), 0, "{brive_before}");
    let brive_after = s.json(from_brive);
    assert!(in_correze(&brive_after) >= 1, "{brive_after}");
    // The new places are answered, not only counted: a France Services of Corrèze (the
    // default territory has those of its own région already).
    let fs = s.json("/api/places?departement=19&limit=500");
    assert!(fs["features"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["properties"]["nom"]
            .as_str()
            .is_some_and(|n| n.contains("France Services") || n.contains("France services"))));

    // A road network imported while serving becomes the travel-time model.
    m.run(&["import", "roads", &path("osm/monaco.osm.pbf")]);
    let with_roads = s.wait_health(Duration::from_secs(5), |h| h["model"] == "road");
    assert!(with_roads["roads"]["built_at"].is_string());
    let r = s.json("/api/route?from=43.743099,7.42538&to=43.74539,7.399633");
    assert_eq!(r["model"], "road");

    // A network that cannot be loaded keeps the previous one serving, says so, and does not
    // hold back new data.
    let roads_dir = m.roads_dir();
    std::fs::write(roads_dir.join("metadata.json"), "{ not json").unwrap();
    let broken = s.wait_health(Duration::from_secs(5), |h| h["reload_error"].is_string());
    assert_eq!(broken["model"], "road", "{broken}");
    assert!(
        broken["reload_error"]
            .as_str()
            .unwrap()
            .contains("metadata.json"),
        "{broken}"
    );
    m.run(&[
        "import",
        "places",
        &path("places/hub-du-sud-paca-2023.json"),
    ]);
    let newer = s.wait_health(Duration::from_secs(5), |h| {
        h["generation"] != after["generation"]
    });
    assert!(
        newer["places"].as_u64() > after["places"].as_u64(),
        "{newer}"
    );
    assert!(newer["reload_error"].is_string(), "{newer}");

    // Removing it goes back to the straight-line model, and the problem is gone with it.
    std::fs::remove_dir_all(&roads_dir).unwrap();
    let plain = s.wait_health(Duration::from_secs(5), |h| h["model"] == "crow-fly");
    assert!(plain["reload_error"].is_null(), "{plain}");

    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (ok, failed) = load.join().unwrap();
    assert!(ok > 10, "only {ok} requests answered");
    assert!(
        failed.is_empty(),
        "failed requests during reloads: {failed:?}"
    );
}

on_both_backends!(
    coverage_by_road_equals_the_routes_the_server_gives,
    imports_made_while_serving_show_up_within_five_seconds,
);

#[test]
fn two_servers_on_one_postgis_database_both_serve_what_the_cli_imports() {
    let m = Maillage::with_territory_on(Backend::Postgis);
    let (a, b) = (m.serve(&[]), m.serve(&[]));
    let (before_a, before_b) = (a.json("/healthz"), b.json("/healthz"));
    assert_eq!(before_a["generation"], before_b["generation"]);
    assert_eq!(before_a["places"], before_b["places"]);
    let corrèze = "/api/places?departement=19&limit=500";
    assert_eq!(a.json(corrèze)["features"].as_array().unwrap().len(), 0);

    let started = Instant::now();
    m.run(&[
        "import",
        "places",
        &path("places/france-services-20240801.csv"),
    ]);
    let changed = |h: &Value| h["generation"] != before_a["generation"];
    let after_a = a.wait_health(Duration::from_secs(5), changed);
    let after_b = b.wait_health(Duration::from_secs(5), changed);
    eprintln!(
        "both servers answer with the import {:?} after it ended",
        started.elapsed()
    );
    assert_eq!(after_a["generation"], after_b["generation"]);
    assert_eq!(after_a["places"], after_b["places"]);
    assert!(
        after_a["places"].as_u64() > before_a["places"].as_u64(),
        "{before_a} → {after_a}"
    );
    // The same answer through either replica, new places included.
    let (in_a, in_b) = (a.json(corrèze), b.json(corrèze));
    assert!(!in_a["features"].as_array().unwrap().is_empty(), "{in_a}");
    assert_eq!(in_a, in_b);
    let nearest = "/api/places/nearest?lat=45.27&lon=1.77&limit=3";
    assert_eq!(a.json(nearest), b.json(nearest));
}

#[test]
fn a_server_on_a_read_replica_serves_what_the_cli_imports_into_the_primary() {
    let (primary_url, replica_url) = common::postgis::database_with_replica();
    let primary = Maillage::at_postgres(primary_url);
    let replica = Maillage::at_postgres(replica_url);
    // A replica cannot be migrated: before the primary is, a command on it says what to do.
    let err = replica.fail(&["stats"]);
    assert!(
        err.contains("lacks migrations") && err.contains("against the primary"),
        "{err}"
    );
    primary.run(&["import", "territory"]);
    // Replication is asynchronous: wait for the territory to reach the replica.
    let replicated = || {
        let out = replica.output(&["stats"]);
        out.status.success()
            && String::from_utf8_lossy(&out.stdout)
                .lines()
                .any(|l| l.starts_with("places: ") && !l.starts_with("places: 0"))
    };
    let started = Instant::now();
    while !replicated() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "replica never caught up"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let s = replica.serve(&[]);
    let before = s.wait_health(Duration::from_secs(10), |h| h["places"].as_u64() > Some(0));
    let started = Instant::now();
    primary.run(&[
        "import",
        "places",
        &path("places/france-services-20240801.csv"),
    ]);
    let after = s.wait_health(Duration::from_secs(5), |h| {
        h["generation"] != before["generation"]
    });
    eprintln!(
        "the server on the replica answers with the import {:?} after it ended",
        started.elapsed()
    );
    assert!(
        after["places"].as_u64() > before["places"].as_u64(),
        "{after}"
    );
    assert!(!s.json("/api/places?departement=19&limit=500")["features"]
        .as_array()
        .unwrap()
        .is_empty());
    // An import given the replica's URL is refused, and says where imports go.
    let err = replica.fail(&[
        "import",
        "places",
        &path("places/hub-du-sud-paca-2023.json"),
    ]);
    assert!(
        err.contains("read replica") && err.contains("primary"),
        "{err}"
    );
}

#[test]
fn the_binary_copied_alone_serves_the_pages_and_the_default_territory() {
    let elsewhere = tempfile::tempdir().unwrap();
    let bin = elsewhere.path().join("bin/maillage");
    std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
    std::fs::copy(binary(), &bin).unwrap();
    let work = elsewhere.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let mut c = std::process::Command::new(&bin);
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("MAILLAGE_") {
            c.env_remove(k);
        }
    }
    c.current_dir(&work)
        .args(["serve", "--addr", "127.0.0.1:0"]);
    let s = Server::start(c);
    let h = s.json("/healthz");
    assert_eq!(h["communes"], 4_025, "{h}");
    assert!(h["places"].as_u64().unwrap() > 0, "{h}");
    assert!(
        work.join("maillage.db").exists(),
        "database created in the working folder"
    );
    // What `serve` loaded into the empty database is what `import territory` loads.
    let run = |args: &[&str]| {
        let out = std::process::Command::new(&bin)
            .current_dir(&work)
            .args(["--db", "other.db"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["import", "territory"]);
    let stats = run(&["stats"]);
    assert!(
        stats.contains(&format!("places: {}\n", h["places"])),
        "{stats}\nvs {h}"
    );
    for (page, ctype, needle) in [
        ("/", "text/html", "app.js"),
        ("/planner.html", "text/html", "planner.js"),
        ("/app.js", "text/javascript", "maplibregl"),
        (
            "/vendor/maplibre-gl/maplibre-gl.js",
            "text/javascript",
            "maplibre",
        ),
        (
            "/vendor/maplibre-gl/maplibre-gl.css",
            "text/css",
            "maplibregl",
        ),
    ] {
        let (status, got, body) = s.get_text(page);
        assert_eq!((status, got.as_str()), (200, ctype), "{page}");
        assert!(body.contains(needle), "{page} lacks {needle}");
    }
    let (status, ctype, _) = s.get_text("/no-such-page.html");
    assert_eq!((status, ctype.as_str()), (404, "application/problem+json"));
}
