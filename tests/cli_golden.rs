//! The answers users read, produced by the built binary on the national data and compared with
//! golden files (`tests/golden/{coverage,planning,export}`, `UPDATE_GOLDEN=1` rewrites them):
//! the coverage table of Cantal as CSV, GeoJSON and JSON roll-ups, one EPCI's communes as JSON,
//! Alpes-Maritimes with the Monaco road extract (road and straight-line communes side by side),
//! site plans, and the export of Cantal's places.
//!
//! The database is imported once per run of this test binary, as the README says: population,
//! communes, EPCI, town halls, every national places file, the Monaco roads. `--as-of` is
//! pinned so that staleness does not move with today's date.

mod common;
mod golden_common;

use common::{national_places_files, shared, Maillage};
use golden_common::{check_golden, golden_json};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Reference date of every coverage answer: a month after the France Services list of
/// 2024-08-01, so that its records are fresh and the 2022–2023 ones are stale.
const AS_OF: &str = "2024-09-01";

fn data(rel: &str) -> String {
    shared(rel).to_string_lossy().into_owned()
}

/// `maillage` on the national database.
fn maillage(args: &[&str]) -> String {
    national().run(args)
}

/// The national database, imported through the binary once per run of this test binary.
/// It lives in the build's temporary files, and the copy of the previous run is removed
/// first, so runs leave one copy behind rather than one each.
fn national() -> &'static Maillage {
    static DB: OnceLock<Maillage> = OnceLock::new();
    DB.get_or_init(|| {
        let parent = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-golden");
        let _ = std::fs::remove_dir_all(&parent);
        std::fs::create_dir_all(&parent).expect("create database folder");
        let dir = tempfile::tempdir_in(&parent).expect("temp dir");
        let db = dir.path().join("france.db");
        let m = Maillage::sqlite_file(dir, db);
        let imports: [(&str, Vec<String>); 6] = [
            (
                "population",
                vec![data("population/communes-cog2026-population.csv")],
            ),
            (
                "communes",
                vec![data("communes/communes-france-simplifiees.geojson.gz")],
            ),
            ("epci", vec![data("population/epci.json")]),
            ("mairies", vec![data("addresses/mairies-france.csv")]),
            (
                "places",
                national_places_files()
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect(),
            ),
            ("roads", vec![data("osm/monaco.osm.pbf")]),
        ];
        for (kind, files) in &imports {
            let mut args = vec!["import", kind];
            args.extend(files.iter().map(String::as_str));
            m.run(&args);
        }
        m
    })
}

/// The road folder next to a database (`maillage import roads` writes it there).
fn roads_of(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.roads", db.display()))
}

/// The rows of a CSV text as maps from column name to value.
fn csv_rows(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            header
                .iter()
                .zip(rec.iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Population of a département's current communes, from the INSEE file itself.
fn insee_population(departement: &str) -> u64 {
    let mut r = csv::Reader::from_path(data("population/communes-cog2026-population.csv"))
        .expect("population file");
    r.deserialize::<std::collections::HashMap<String, String>>()
        .map(|row| row.expect("population row"))
        .filter(|row| row["departement"] == departement && row["type"] == "commune-actuelle")
        .map(|row| row["population"].parse::<u64>().unwrap_or(0))
        .sum()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON output")
}

#[test]
fn cantal_coverage_csv() {
    let text = maillage(&[
        "coverage",
        "--departement",
        "15",
        "--as-of",
        AS_OF,
        "--model",
        "crow-fly",
        "--format",
        "csv",
    ]);
    // Checks that hold whatever the golden file says.
    let rows = csv_rows(&text);
    assert_eq!(rows.len(), 250, "Cantal has 250 communes in the COG 2026");
    let population: u64 = rows
        .iter()
        .map(|r| r["population"].parse::<u64>().unwrap_or(0))
        .sum();
    assert_eq!(population, insee_population("15"));
    let aurillac = rows
        .iter()
        .find(|r| r["code"] == "15014")
        .expect("Aurillac");
    assert!(
        aurillac["places"].parse::<u32>().unwrap() >= 5,
        "{aurillac:?}"
    );
    assert!(aurillac["nearest_km"].parse::<f64>().unwrap() < 1.0);
    assert!(rows
        .iter()
        .all(|r| r["model"] == "crow-fly" || r["model"].is_empty()));
    check_golden("coverage", "cantal-communes.csv", &text);
}

#[test]
fn cantal_coverage_geojson() {
    let text = maillage(&[
        "coverage",
        "--departement",
        "15",
        "--as-of",
        AS_OF,
        "--model",
        "crow-fly",
        "--format",
        "geojson",
    ]);
    let doc = json(&text);
    assert_eq!(doc["type"], "FeatureCollection");
    assert_eq!(doc["features"].as_array().map(Vec::len), Some(250));
    check_golden("coverage", "cantal-communes.geojson", &golden_json(&doc));
}

#[test]
fn cantal_rollups_json() {
    for level in ["departement", "epci"] {
        let text = maillage(&[
            "coverage",
            "--departement",
            "15",
            "--as-of",
            AS_OF,
            "--model",
            "crow-fly",
            "--format",
            "json",
            "--level",
            level,
        ]);
        let doc = json(&text);
        assert_eq!(
            doc["total"]["population"].as_u64(),
            Some(insee_population("15"))
        );
        check_golden(
            "coverage",
            &format!("cantal-{level}.json"),
            &golden_json(&doc),
        );
    }
}

#[test]
fn aurillac_agglomeration_communes_json() {
    // Communauté d'agglomération du Bassin d'Aurillac.
    let text = maillage(&[
        "coverage",
        "--epci",
        "241500230",
        "--as-of",
        AS_OF,
        "--model",
        "crow-fly",
        "--format",
        "json",
    ]);
    let doc = json(&text);
    let rows = doc["rows"].as_array().expect("rows");
    assert!(rows.iter().any(|r| r["nom"] == "Aurillac"), "{rows:?}");
    assert!(rows.iter().all(|r| r["epci"] == "241500230"));
    check_golden(
        "coverage",
        "aurillac-agglomeration-communes.json",
        &golden_json(&doc),
    );
}

#[test]
fn alpes_maritimes_with_monaco_roads_csv() {
    let text = maillage(&[
        "coverage",
        "--departement",
        "06",
        "--as-of",
        AS_OF,
        "--format",
        "csv",
    ]);
    let rows = csv_rows(&text);
    assert_eq!(rows.len(), 163);
    // The communes around Monaco are on the extract's roads, Nice and Grasse are not.
    for (code, model) in [
        ("06012", "road"),
        ("06032", "road"),
        ("06104", "road"),
        ("06150", "road"),
        ("06088", "crow-fly"),
        ("06069", "crow-fly"),
    ] {
        let row = rows.iter().find(|r| r["code"] == code).expect(code);
        assert_eq!(row["model"], model, "{row:?}");
    }
    check_golden("coverage", "alpes-maritimes-monaco-roads.csv", &text);
}

/// Site questions: golden file, and the `plan sites` arguments after `--format json`.
const PLANS: [(&str, &[&str]); 3] = [
    (
        "cantal-add-3-within-10.json",
        &["--departement", "15", "--add", "3", "--minutes", "10"],
    ),
    (
        "cantal-fewest-within-20.json",
        &["--departement", "15", "--minutes", "20"],
    ),
    (
        "alpes-maritimes-add-2-within-10-monaco-roads.json",
        &["--departement", "06", "--add", "2", "--minutes", "10"],
    ),
];

fn plan(question: &[&str]) -> Value {
    let mut args = vec!["plan", "sites", "--format", "json"];
    args.extend_from_slice(question);
    json(&maillage(&args))
}

#[test]
fn site_plans_json() {
    for (file, question) in PLANS {
        let plan = plan(question);
        let (before, after) = (
            plan["covered_before"].as_u64().unwrap(),
            plan["covered_after"].as_u64().unwrap(),
        );
        let gains: u64 = plan["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["gain_population"].as_u64().unwrap())
            .sum();
        assert!(
            !plan["suggestions"].as_array().unwrap().is_empty(),
            "{file}"
        );
        assert_eq!(before + gains, after, "{file}");
        assert!(
            after + plan["uncoverable"].as_u64().unwrap() <= plan["population"].as_u64().unwrap()
        );
        check_golden("planning", file, &golden_json(&plan));
    }
}

/// Population of a coverage CSV's communes within `minutes` (its `within_<minutes>` column).
fn population_within(csv_text: &str, minutes: &str) -> u64 {
    csv_rows(csv_text)
        .iter()
        .filter(|r| r[&format!("within_{minutes}")] == "true")
        .map(|r| r["population"].parse::<u64>().unwrap_or(0))
        .sum()
}

/// What a planner would do next: open the suggested sites (import them as places into a copy
/// of the database) and ask `coverage` again. It must count the population the plan announced,
/// before and after, because both time communes with the same table builder.
#[test]
fn coverage_confirms_what_plans_announce() {
    for (file, question) in PLANS {
        let plan = plan(question);
        let pos = |flag: &str| question.iter().position(|a| *a == flag).unwrap() + 1;
        let (departement, minutes) = (question[pos("--departement")], question[pos("--minutes")]);
        let coverage = |m: &Maillage| {
            m.run(&[
                "coverage",
                "--departement",
                departement,
                "--as-of",
                AS_OF,
                "--minutes",
                minutes,
                "--format",
                "csv",
            ])
        };
        assert_eq!(
            population_within(&coverage(national()), minutes),
            plan["covered_before"].as_u64().unwrap(),
            "{file}: before"
        );

        let copy = Maillage::new();
        std::fs::copy(&national().db, &copy.db).expect("copy database");
        let roads = roads_of(&copy.db);
        std::fs::create_dir(&roads).expect("roads folder");
        for entry in std::fs::read_dir(roads_of(&national().db)).expect("roads") {
            let entry = entry.expect("roads entry");
            std::fs::copy(entry.path(), roads.join(entry.file_name())).expect("copy roads");
        }
        let sites = copy.dir.path().join("suggested.csv");
        let mut w = csv::Writer::from_path(&sites).expect("sites file");
        w.write_record([
            "id",
            "nom",
            "code_insee",
            "adresse",
            "latitude",
            "longitude",
            "source",
            "date_maj",
        ])
        .unwrap();
        for s in plan["suggestions"].as_array().unwrap() {
            w.write_record([
                format!("suggestion-{}", s["rank"]),
                format!("Site suggéré {}", s["rank"]),
                s["code"].as_str().unwrap().to_string(),
                "Mairie".to_string(),
                s["lat"].to_string(),
                s["lon"].to_string(),
                "maillage plan sites".to_string(),
                AS_OF.to_string(),
            ])
            .unwrap();
        }
        w.flush().unwrap();
        drop(w);
        copy.run(&["import", "places", sites.to_str().unwrap()]);
        assert_eq!(
            population_within(&coverage(&copy), minutes),
            plan["covered_after"].as_u64().unwrap(),
            "{file}: after opening the suggested sites"
        );
    }
}

#[test]
fn cantal_places_export_geojson() {
    let mut doc = json(&maillage(&["export", "places", "--format", "geojson"]));
    let features = doc["features"].as_array_mut().expect("features");
    assert!(features.len() > 9_000, "{}", features.len());
    features.retain(|f| {
        f["properties"]["code_insee"]
            .as_str()
            .is_some_and(|c| c.starts_with("15"))
    });
    assert!(features.len() > 30, "{}", features.len());
    check_golden("export", "cantal-places.geojson", &golden_json(&doc));
}

#[test]
fn answers_do_not_depend_on_thread_count() {
    let args = [
        "coverage",
        "--departement",
        "06",
        "--as-of",
        AS_OF,
        "--format",
        "geojson",
    ];
    let default = maillage(&args);
    let out = national()
        .command()
        .args(args)
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .expect("run maillage");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let one_thread = String::from_utf8(out.stdout).expect("UTF-8 output");
    assert!(default == one_thread, "outputs differ with one thread");
}
