//! The default territory as a user gets it: the built binary loads it into an empty database
//! (`maillage import territory`, what `serve` does on an empty database), then `stats`,
//! `export`, `coverage` and the HTTP API show every place source of the région, France
//! Services included, and France Services buses as both France Services and mobile units.

mod common;

use common::{geodata, shared, territory_server, Maillage};
use serde_json::Value;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// `format_fs` values of the France Services list that are not a fixed office.
const MOVING_FORMATS: [&str; 2] = ["Bus_équivalent", "Itinérante"];

/// Every place of a database, as exported by the CLI (GeoJSON properties).
fn exported_places(m: &Maillage) -> Vec<Value> {
    let text = m.run(&["export", "places", "--format", "geojson"]);
    let v: Value = serde_json::from_str(&text).expect("GeoJSON");
    v["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["properties"].clone())
        .collect()
}

fn gunzip(path: &Path) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).expect("open"))
        .read_to_string(&mut text)
        .expect("gunzip");
    text
}

/// The France Services rows of a CSV file (plain or gzipped) as maps column → value.
fn france_services_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let text = if path.extension().is_some_and(|e| e == "gz") {
        gunzip(path)
    } else {
        std::fs::read_to_string(path).expect("read")
    };
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .map(|r| r.expect("CSV row"))
        .collect()
}

fn json_records(path: &Path) -> usize {
    let v: Value = serde_json::from_str(&gunzip(path)).expect("JSON");
    v.as_array().expect("a JSON array").len()
}

fn has_source(p: &Value, dataset: &str) -> bool {
    p["sources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["dataset"] == dataset)
}

/// `maillage stats`: the count after `  name: ` in the given section.
fn stats_count(stats: &str, section: &str, name: &str) -> Option<usize> {
    stats
        .lines()
        .skip_while(|l| *l != format!("{section}:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .find_map(|l| l.trim().strip_prefix(&format!("{name}: ")))
        .map(|n| n.parse().expect("a count"))
}

#[test]
fn every_place_source_of_the_region_is_loaded() {
    let m = Maillage::with_territory();
    let places = exported_places(&m);
    let stats = m.run(&["stats"]);
    let files = [
        (
            "france-services-20240801",
            france_services_rows(&geodata("france-services-20240801.csv.gz")).len(),
        ),
        (
            "data-inclusion-lieux-mediation-2023",
            json_records(&geodata("data-inclusion-lieux-mediation-2023.json.gz")),
        ),
        (
            "hinaura-lieux",
            json_records(&geodata("hinaura-lieux.json.gz")),
        ),
        (
            "cnfs-lieux-2022",
            json_records(&geodata("cnfs-lieux-2022.json.gz")),
        ),
    ];
    let mut records = 0;
    for (dataset, rows) in files {
        assert!(rows > 0, "{dataset}: empty subset");
        // Every record is in, as a place of its own or merged into another source's place.
        assert_eq!(
            stats_count(&stats, "by source", dataset),
            Some(rows),
            "{dataset}\n{stats}"
        );
        records += rows;
    }
    // Records of different sources describing one place were merged.
    let n_places = places.len();
    assert!(
        n_places < records,
        "{n_places} places from {records} records"
    );
    assert!(stats.contains(&format!("places: {n_places}\n")), "{stats}");
    // Only the région's départements (or no commune, for the few records without a point).
    let deps = [
        "01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74",
    ];
    for p in &places {
        let dep = p["departement"].as_str();
        assert!(
            dep.is_none_or(|d| deps.contains(&d)),
            "{} in {dep:?}",
            p["nom"]
        );
    }
}

#[test]
fn every_france_services_of_the_region_is_a_france_services() {
    let m = Maillage::with_territory();
    let places = exported_places(&m);
    let rows = france_services_rows(&geodata("france-services-20240801.csv.gz"));
    let from_list: Vec<&Value> = places
        .iter()
        .filter(|p| has_source(p, "france-services-20240801"))
        .collect();
    // Two rows of one list are never merged: one place per row, each a France Services.
    assert_eq!(from_list.len(), rows.len());
    assert!(from_list.iter().all(|p| p["france_services"] == true));
    let stats = m.run(&["stats"]);
    let all_fs = places
        .iter()
        .filter(|p| p["france_services"] == true)
        .count();
    assert_eq!(
        stats_count(&stats, "by kind", "France Services"),
        Some(all_fs)
    );
    assert!(all_fs >= rows.len());

    // The France Services of Riom-ès-Montagnes (15162), through the HTTP API too.
    let (_m, server) = territory_server();
    let riom = server.json("/api/places?commune=15162");
    let fs: Vec<&Value> = riom["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| has_source(&f["properties"], "france-services-20240801"))
        .collect();
    assert_eq!(fs.len(), 1, "{riom}");
    assert_eq!(fs[0]["properties"]["france_services"], true);
    assert_eq!(fs[0]["properties"]["mobile"], false);
}

#[test]
fn maurs_has_a_france_services_and_is_no_gap_of_cantal() {
    let m = Maillage::with_territory();
    let csv_text = m.run(&[
        "coverage",
        "--departement",
        "15",
        "--minutes",
        "30",
        "--gap-minutes",
        "30",
        "--format",
        "csv",
    ]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let rows: Vec<HashMap<String, String>> = reader.deserialize().map(|r| r.unwrap()).collect();
    let maurs = rows
        .iter()
        .find(|r| r["code"] == "15122")
        .expect("Maurs (15122) in Cantal's coverage");
    assert_eq!(maurs["nom"], "Maurs");
    let fs_here: usize = maurs["places_france_services"].parse().unwrap();
    assert!(fs_here >= 1, "{maurs:?}");
    assert_eq!(maurs["within_30_france_services"], "true", "{maurs:?}");
    assert_eq!(maurs["gap"], "false", "{maurs:?}");
    let gaps = rows.iter().filter(|r| r["gap"] == "true").count();
    assert!(gaps < rows.len(), "every commune of Cantal is a gap");

    // Cantal as a whole: a share of its people within 30 minutes of a France Services.
    let dep = m.run(&[
        "coverage",
        "--departement",
        "15",
        "--level",
        "departement",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&dep).expect("JSON");
    let share = v
        .pointer("/rows/0/share_within_30_france_services")
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("no share_within_30_france_services in {dep}"));
    assert!(share > 0.5, "{share}");
}

#[test]
fn france_services_buses_of_the_region_are_mobile_and_france_services() {
    let m = Maillage::with_territory();
    let places = exported_places(&m);
    let rows = france_services_rows(&geodata("france-services-20240801.csv.gz"));
    let moving: Vec<String> = rows
        .iter()
        .filter(|r| MOVING_FORMATS.contains(&r["format_fs"].as_str()))
        .map(|r| r["lib_fs"].clone())
        .collect();
    assert!(!moving.is_empty());
    let both: Vec<&Value> = places
        .iter()
        .filter(|p| p["france_services"] == true && p["mobile"] == true)
        .collect();
    let mut names: Vec<String> = both
        .iter()
        .map(|p| p["nom"].as_str().unwrap().to_string())
        .collect();
    let mut expected = moving.clone();
    names.sort();
    expected.sort();
    assert_eq!(names, expected);
    let stats = m.run(&["stats"]);
    let mobile = places.iter().filter(|p| p["mobile"] == true).count();
    assert_eq!(stats_count(&stats, "by kind", "itinérant"), Some(mobile));

    // The indicators count a bus in both columns of its commune.
    let bus = both[0];
    let commune = bus["commune_localisee"].as_str().expect("located");
    let csv_text = m.run(&["coverage", "--commune", commune, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let row: HashMap<String, String> = reader.deserialize().next().unwrap().unwrap();
    let n = |k: &str| row[k].parse::<usize>().unwrap();
    let here: Vec<&&Value> = both
        .iter()
        .filter(|p| p["commune_localisee"] == commune)
        .collect();
    assert!(n("places_itinerant") >= here.len(), "{row:?}");
    assert!(n("places_france_services") >= here.len(), "{row:?}");
}

#[test]
fn france_services_buses_nationally_are_mobile_and_france_services() {
    let list = shared("places/france-services-20240801.csv");
    let rows = france_services_rows(&list);
    let moving = rows
        .iter()
        .filter(|r| MOVING_FORMATS.contains(&r["format_fs"].as_str()))
        .count();
    assert!(moving > 0);
    let m = Maillage::new();
    m.run(&["import", "places", list.to_str().unwrap()]);
    let text = m.run(&["export", "places", "--format", "geojson"]);
    let v: Value = serde_json::from_str(&text).unwrap();
    let features = v["features"].as_array().unwrap();
    assert_eq!(features.len(), rows.len());
    let kinds = |fs: bool, mobile: bool| {
        features
            .iter()
            .filter(|f| {
                f["properties"]["france_services"] == fs && f["properties"]["mobile"] == mobile
            })
            .count()
    };
    assert_eq!(kinds(true, true), moving);
    assert_eq!(kinds(true, false), rows.len() - moving);
    let stats = m.run(&["stats"]);
    assert_eq!(stats_count(&stats, "by kind", "itinérant"), Some(moving));
    assert_eq!(
        stats_count(&stats, "by kind", "France Services"),
        Some(rows.len())
    );
}
