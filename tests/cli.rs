//! Every command of the `maillage` binary as a user types it, on the default territory or on
//! real files of `../shared/data`: outputs checked against each other and against the data.

mod common;

use common::{geodata, shared, Backend, Maillage};
use serde_json::Value;

fn p(path: std::path::PathBuf) -> String {
    path.to_str().unwrap().to_string()
}

/// The number after `label: ` in `maillage stats`.
fn stat(stats: &str, label: &str) -> usize {
    stats
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{label}: ")))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no {label:?} in\n{stats}"))
}

fn commune_imports_then_stats(backend: Backend) {
    let m = Maillage::on(backend);
    m.run(&["import", "population", &p(geodata("communes-84.csv"))]);
    m.run(&["import", "communes", &p(geodata("communes-84.geojson.gz"))]);
    m.run(&["import", "epci", &p(geodata("epci-84.json"))]);
    m.run(&["import", "mairies", &p(geodata("mairies-84.csv"))]);
    let stats = m.run(&["stats"]);
    assert_eq!(stat(&stats, "communes"), 4_025, "{stats}");
    assert!(stats.contains("4021 with polygon"), "{stats}");
    assert_eq!(stat(&stats, "places"), 0);
    assert!(stats.contains("road network: none"), "{stats}");
    // Re-importing a file changes nothing.
    m.run(&["import", "population", &p(geodata("communes-84.csv"))]);
    assert_eq!(m.run(&["stats"]), stats);
}

#[test]
fn import_territory_equals_what_serve_loads() {
    let m = Maillage::with_territory();
    let stats = m.run(&["stats"]);
    assert_eq!(stat(&stats, "communes"), 4_025);
    let places = stat(&stats, "places");
    assert!(places > 0);
    let server = m.serve(&[]);
    let h = server.json("/healthz");
    assert_eq!(h["places"].as_u64(), Some(places as u64), "{h}");
    // `import territory` takes no file; other imports need one.
    assert!(m
        .fail(&["import", "territory", "x.csv"])
        .contains("takes no file"));
    assert!(m.fail(&["import", "places"]).contains("at least one file"));
}

fn export_places_in_both_formats(backend: Backend) {
    let m = Maillage::with_territory_on(backend);
    let places = stat(&m.run(&["stats"]), "places");
    let csv = m.run(&["export", "places", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    for column in [
        "id",
        "nom",
        "code_insee",
        "latitude",
        "longitude",
        "services",
        "date_maj",
    ] {
        assert!(header.iter().any(|h| h == column), "no column {column}");
    }
    assert_eq!(reader.records().count(), places);
    let out = m.dir.path().join("places.geojson");
    m.run(&[
        "export",
        "places",
        "--format",
        "geojson",
        "--out",
        &p(out.clone()),
    ]);
    let gj: Value = serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    assert_eq!(gj["type"], "FeatureCollection");
    assert_eq!(gj["features"].as_array().unwrap().len(), places);
}

/// What `export` writes is the standard v1.0.2 that `import` enforces: every place of the
/// default territory, France Services (which have no SIRET) included, reads back whole.
#[test]
fn an_export_of_the_default_territory_imports_back_whole() {
    let source = Maillage::new();
    source.run(&["import", "territory"]);
    let places = stat(&source.run(&["stats"]), "places");
    let out = source.dir.path().join("export.csv");
    source.run(&[
        "export",
        "places",
        "--format",
        "csv",
        "--out",
        &p(out.clone()),
    ]);
    let target = Maillage::new();
    let report = target.run(&["import", "places", &p(out)]);
    assert!(
        report.contains(&format!("{places} rows accepted")),
        "{report}"
    );
    assert_eq!(stat(&target.run(&["stats"]), "places"), places);
}

fn a_bad_places_file_imports_nothing_and_says_where(backend: Backend) {
    let m = Maillage::with_territory_on(backend);
    let before = m.run(&["stats"]);
    let bad = p(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/standard-bad.csv")
    );
    let err = m.fail(&["import", "places", &bad]);
    assert!(err.contains("standard-bad.csv"), "{err}");
    assert!(err.contains("latitude"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(m.run(&["stats"]), before);
    // With --skip-invalid the valid rows land and the others are reported.
    let report = m.dir.path().join("rejected.csv");
    m.run(&[
        "import",
        "places",
        &bad,
        "--skip-invalid",
        "--report",
        &p(report.clone()),
    ]);
    let rejected = std::fs::read_to_string(report).unwrap();
    assert!(rejected.lines().count() > 1, "{rejected}");
    assert!(stat(&m.run(&["stats"]), "places") > stat(&before, "places"));
}

on_both_backends!(
    commune_imports_then_stats,
    export_places_in_both_formats,
    a_bad_places_file_imports_nothing_and_says_where,
);

#[test]
fn coverage_in_every_format_and_level() {
    let m = Maillage::with_territory();
    let args = ["coverage", "--departement", "15", "--as-of", "2024-06-01"];
    let csv = m.run(&args);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    for column in [
        "code",
        "nom",
        "population",
        "model",
        "nearest_min",
        "within_30",
        "2sfca",
        "gap",
    ] {
        assert!(header.iter().any(|h| h == column), "no column {column}");
    }
    let rows: Vec<_> = reader.records().map(Result::unwrap).collect();
    let communes = m.run(&[
        "coverage",
        "--departement",
        "15",
        "--as-of",
        "2024-06-01",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_str(&communes).unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), rows.len());
    assert!(rows.len() > 200, "{}", rows.len());
    let col = header.iter().position(|h| h == "population").unwrap();
    let population: u64 = rows.iter().map(|r| r[col].parse::<u64>().unwrap()).sum();
    let dep = m.run(&[
        "coverage",
        "--departement",
        "15",
        "--as-of",
        "2024-06-01",
        "--format",
        "json",
        "--level",
        "departement",
    ]);
    let dep: Value = serde_json::from_str(&dep).unwrap();
    assert_eq!(dep["rows"].as_array().unwrap().len(), 1);
    assert_eq!(dep["rows"][0]["population"].as_u64(), Some(population));
    let out = m.dir.path().join("cantal.geojson");
    m.run(&[
        "coverage",
        "--departement",
        "15",
        "--as-of",
        "2024-06-01",
        "--format",
        "geojson",
        "--out",
        &p(out.clone()),
    ]);
    let gj: Value = serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    assert_eq!(gj["features"].as_array().unwrap().len(), rows.len());
    // Bad flags name themselves.
    assert!(m.fail(&["coverage", "--minutes", "0"]).contains("minutes"));
    assert!(m
        .fail(&["coverage", "--format", "geojson", "--level", "epci"])
        .contains("--level"));
    assert!(m.fail(&["coverage", "--departement", "75"]).contains("75"));
    assert!(m
        .fail(&["coverage", "--model", "road", "--departement", "15"])
        .contains("import roads"));
}

#[test]
fn ifn_scores_reach_the_indicators() {
    let m = Maillage::with_territory();
    let ifn = m.dir.path().join("ifn.csv");
    std::fs::write(&ifn, "code;score\n15014;7,5\n").unwrap();
    m.run(&["import", "ifn", &p(ifn)]);
    let json = m.run(&[
        "coverage",
        "--commune",
        "15014",
        "--format",
        "json",
        "--as-of",
        "2024-06-01",
    ]);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["rows"][0]["ifn"].as_f64(), Some(7.5), "{}", v["rows"][0]);
    let bad = m.dir.path().join("bad-ifn.csv");
    std::fs::write(&bad, "code,score\n15014,12\n").unwrap();
    let err = m.fail(&["import", "ifn", &p(bad)]);
    assert!(
        err.contains("bad-ifn.csv") && err.contains("score"),
        "{err}"
    );
}

#[test]
fn plan_sites_in_both_formats() {
    let m = Maillage::with_territory();
    let json = m.run(&[
        "plan",
        "sites",
        "--departement",
        "15",
        "--add",
        "2",
        "--minutes",
        "10",
        "--format",
        "json",
    ]);
    let plan: Value = serde_json::from_str(&json).unwrap();
    let suggestions = plan["suggestions"].as_array().unwrap();
    assert_eq!(suggestions.len(), 2);
    assert!(plan["covered_after"].as_u64() >= plan["covered_before"].as_u64());
    let csv = m.run(&[
        "plan",
        "sites",
        "--departement",
        "15",
        "--add",
        "2",
        "--minutes",
        "10",
    ]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("rank,code,nom,lon,lat,gain_population"));
    let first = lines.next().unwrap();
    assert!(
        first.contains(suggestions[0]["code"].as_str().unwrap()),
        "{first}"
    );
    assert!(m
        .fail(&["plan", "sites", "--departement", "15", "--add", "0"])
        .contains("--add"));
    let candidates = m.dir.path().join("candidates.csv");
    // A candidate where the first suggestion stands: it gains people, so it is chosen.
    let (lon, lat) = (&suggestions[0]["lon"], &suggestions[0]["lat"]);
    std::fs::write(
        &candidates,
        format!("code,nom,lon,lat\nX1,Ici,{lon},{lat}\n"),
    )
    .unwrap();
    let json = m.run(&[
        "plan",
        "sites",
        "--departement",
        "15",
        "--add",
        "1",
        "--minutes",
        "10",
        "--format",
        "json",
        "--candidates",
        &p(candidates),
    ]);
    let plan: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(plan["suggestions"][0]["code"], "X1");
}

#[test]
fn stats_names_the_road_network() {
    let m = Maillage::new();
    m.run(&["import", "roads", &p(shared("osm/monaco.osm.pbf"))]);
    let stats = m.run(&["stats"]);
    assert!(stats.contains("monaco.osm.pbf"), "{stats}");
    // The car speed table the network was built with.
    for class in maillage::routing::speeds::CAR_CLASSES {
        assert!(
            stats.contains(&format!("{} {}", class.highway, class.default_kmh)),
            "{}: {stats}",
            class.highway
        );
    }
    assert!(stats.contains("maxspeed counts × 0.8"), "{stats}");
    assert!(stats.contains("destination"), "{stats}");
    // A network imported before the table was recorded still loads, and says so.
    let meta_path = m.roads_dir().join("metadata.json");
    let mut meta: Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    assert!(meta["car_speeds"].is_object(), "{meta}");
    meta.as_object_mut().unwrap().remove("car_speeds");
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    let stats = m.run(&["stats"]);
    assert!(stats.contains("monaco.osm.pbf"), "{stats}");
    assert!(stats.contains("car speeds: not recorded"), "{stats}");
    assert!(m
        .fail(&["import", "roads", &p(shared("osm/monaco.osm.pbf")), "x.pbf"])
        .contains("one .osm.pbf"));
}

#[test]
fn a_database_that_is_neither_a_file_nor_postgres_is_named_and_a_password_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let fail = |db: &str| {
        let out = std::process::Command::new(common::binary())
            .env_remove("MAILLAGE_DB")
            .current_dir(dir.path())
            .args(["--db", db, "stats"])
            .output()
            .unwrap();
        assert!(!out.status.success(), "--db {db} should fail");
        String::from_utf8(out.stderr).unwrap()
    };
    let err = fail("mysql://u:pw@h/db");
    assert!(
        err.contains("--db") && err.contains("postgres://") && err.contains("mysql"),
        "{err}"
    );
    let url = format!(
        "postgres://u:s3cret@localhost:5432/db?host={}",
        dir.path().join("no-server").display()
    );
    let err = fail(&url);
    assert!(
        err.contains("opening database postgres://u:***@localhost:5432/db"),
        "{err}"
    );
    assert!(!err.contains("s3cret"), "{err}");
}
