//! Every reader of outside input, fed generated and hostile text: the standard's CSV and
//! JSON, the France Services list, commune outlines (GeoJSON), populations, opening hours and
//! query parameters. None may panic, and what they give back stays bounded by what they were
//! given (rows by lines, messages by a constant), so no input can take the memory.
//! `tests/fixtures/reader-corpus/` holds hostile files every reader is also run on; proptest
//! keeps any failing case in `tests/reader_props.proptest-regressions`.

use maillage::ingest::{parse_commune_shapes, parse_population, InputError};
use maillage::request::TextParams;
use maillage::standard::{parse_text, SourceFormat, FIELDS};
use proptest::prelude::*;
use std::collections::HashMap;

/// The longest message an error may make, whatever its input (names, clipped value, expected).
const MAX_MESSAGE: usize = 1_500;

fn corpus() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reader-corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the corpus")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let text = maillage::ingest::decode_text(bytes, None).unwrap().0;
            (p.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect()
}

/// Runs the standard's reader (every format, detected and forced) and checks its bounds.
fn places_bounded(text: &str) -> Result<(), TestCaseError> {
    let lines = text.lines().count() + 1;
    let formats = [
        None,
        Some(SourceFormat::StandardCsv),
        Some(SourceFormat::StandardJson),
        Some(SourceFormat::LegacyCsv),
        Some(SourceFormat::LegacyJson),
        Some(SourceFormat::FranceServicesCsv),
    ];
    for forced in formats {
        match parse_text(text, "gen", "gen", forced) {
            Err(e) => prop_assert!(e.to_string().len() <= MAX_MESSAGE + text.len().min(200)),
            Ok((_, rows, notes)) => {
                prop_assert!(
                    rows.len() <= lines.max(text.len() / 2 + 1),
                    "{} rows",
                    rows.len()
                );
                prop_assert!(notes.len() <= 200, "{} notes", notes.len());
                for row in rows {
                    match row {
                        Err(e) => prop_assert!(e.to_string().len() <= MAX_MESSAGE, "{e}"),
                        Ok(r) => {
                            for w in &r.place.warnings {
                                prop_assert!(w.len() <= MAX_MESSAGE + 2 * text.len(), "{w}");
                            }
                            if let (Some(la), Some(lo)) = (r.place.latitude, r.place.longitude) {
                                prop_assert!(la.abs() <= 90.0 && lo.abs() <= 180.0);
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

fn error_bounded(e: &InputError) -> Result<(), TestCaseError> {
    prop_assert!(e.to_string().len() <= MAX_MESSAGE, "{e}");
    Ok(())
}

fn communes_bounded(text: &str) -> Result<(), TestCaseError> {
    match parse_commune_shapes("gen.geojson", text) {
        Err(e) => error_bounded(&e)?,
        Ok(read) => {
            for s in &read.shapes {
                // Every outline kept is one the store can write and read back.
                for p in &s.polygon.0 {
                    prop_assert!(p.exterior().0.len() >= 4);
                    for c in p
                        .exterior()
                        .0
                        .iter()
                        .chain(p.interiors().iter().flat_map(|r| r.0.iter()))
                    {
                        prop_assert!(c.x.abs() <= 180.0 && c.y.abs() <= 90.0, "{c:?}");
                    }
                }
                prop_assert!(!s.polygon.0.is_empty());
            }
        }
    }
    Ok(())
}

fn population_bounded(text: &str) -> Result<(), TestCaseError> {
    match parse_population("gen.csv", text) {
        Err(e) => error_bounded(&e)?,
        Ok(rows) => prop_assert!(rows.len() <= text.lines().count() + text.len() / 8 + 1),
    }
    Ok(())
}

fn hours_bounded(text: &str) -> Result<(), TestCaseError> {
    match maillage::hours::parse(text) {
        Err(e) => prop_assert!(e.to_string().len() <= MAX_MESSAGE, "{e}"),
        Ok(h) => {
            let week = h.weekly_hours();
            prop_assert!((0.0..=168.0).contains(&week), "{week} hours a week");
        }
    }
    Ok(())
}

fn params_bounded(value: &str) -> Result<(), TestCaseError> {
    let given: HashMap<String, String> = [("minutes".to_string(), value.to_string())].into();
    let check = |e: maillage::request::RequestError| -> Result<(), TestCaseError> {
        prop_assert!(e.detail().len() <= 400, "{}", e.detail());
        Ok(())
    };
    if let Err(e) = given.value::<f64>("minutes", "a number") {
        check(e)?;
    }
    match given.list::<u32>("minutes", "whole minutes") {
        Err(e) => check(e)?,
        Ok(list) => prop_assert!(list.map_or(0, |l| l.len()) <= value.len() / 2 + 1),
    }
    prop_assert_eq!(
        given.string("minutes").map(|s| s.len()).unwrap_or(0) <= value.len(),
        true
    );
    Ok(())
}

#[test]
fn every_reader_survives_the_corpus() {
    let corpus = corpus();
    assert!(corpus.len() >= 15, "{} corpus files", corpus.len());
    for (name, text) in &corpus {
        let run = || -> Result<(), TestCaseError> {
            places_bounded(text)?;
            communes_bounded(text)?;
            population_bounded(text)?;
            hours_bounded(text)?;
            params_bounded(text)
        };
        if let Err(e) = run() {
            panic!("{name}: {e}");
        }
    }
    // The hostile outlines are refused, not kept.
    for (name, text) in corpus.iter().filter(|(n, _)| n.ends_with(".geojson")) {
        assert!(parse_commune_shapes(name, text).is_err(), "{name} accepted");
    }
}

/// A cell: text, numbers, separators, quotes, control characters, non-ASCII.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 éèà|;,.\"'\\-]{0,30}",
        "[0-9]{0,6}",
        "-?[0-9]{1,3}\\.[0-9]{1,8}",
        any::<String>().prop_map(|s| s.chars().take(40).collect()),
        Just(String::new()),
    ]
}

fn csv_text(header: Vec<String>) -> impl Strategy<Value = String> {
    let n = header.len();
    proptest::collection::vec(proptest::collection::vec(cell(), 0..=n + 1), 0..6).prop_map(
        move |rows| {
            let mut out = String::new();
            let mut w = csv::WriterBuilder::new().flexible(true).from_writer(vec![]);
            w.write_record(&header).unwrap();
            for r in rows {
                w.write_record(&r).unwrap();
            }
            out.push_str(&String::from_utf8(w.into_inner().unwrap()).unwrap());
            out
        },
    )
}

fn json_records() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        cell().prop_map(serde_json::Value::String),
        any::<f64>().prop_map(|x| serde_json::json!(x)),
        proptest::collection::vec(cell(), 0..3).prop_map(|v| serde_json::json!(v)),
        Just(serde_json::Value::Null),
    ];
    let key = prop_oneof![
        proptest::sample::select(FIELDS.to_vec()).prop_map(str::to_string),
        "[a-z_]{1,12}"
    ];
    proptest::collection::vec(proptest::collection::hash_map(key, value, 0..12), 0..5)
        .prop_map(|recs| serde_json::to_string_pretty(&recs).unwrap())
}

const FRANCE_SERVICES_HEADER: [&str; 24] = [
    "id_fs",
    "insee_dep",
    "lib_fs",
    "adresse",
    "complement_adresse",
    "insee_com",
    "code_postal",
    "lib_com",
    "latitude",
    "longitude",
    "mail",
    "telephone",
    "h_lundi",
    "h_mardi",
    "h_mercredi",
    "h_jeudi",
    "h_vendredi",
    "h_samedi",
    "prise_rdv",
    "commentaire",
    "type_fs",
    "format_fs",
    "groupe_fs",
    "labellisation_fs",
];

fn coordinate() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        (-180.0f64..180.0).prop_map(|x| serde_json::json!(x)),
        any::<f64>().prop_map(|x| serde_json::json!(x)),
        Just(serde_json::json!(500)),
        Just(serde_json::json!("1")),
    ]
}

fn geometry() -> impl Strategy<Value = serde_json::Value> {
    let position = proptest::collection::vec(coordinate(), 0..4);
    let ring = proptest::collection::vec(position, 0..7).prop_map(|mut r| {
        if r.len() > 2 && r.len() % 2 == 0 {
            let first = r[0].clone();
            r.push(first); // closed half of the time
        }
        serde_json::json!(r)
    });
    let polygon = proptest::collection::vec(ring, 0..3).boxed();
    prop_oneof![
        polygon
            .clone()
            .prop_map(|p| serde_json::json!({"type": "Polygon", "coordinates": p})),
        proptest::collection::vec(polygon, 0..3)
            .prop_map(|m| serde_json::json!({"type": "MultiPolygon", "coordinates": m})),
        Just(serde_json::json!({"type": "Point", "coordinates": [1, 45]})),
        Just(serde_json::Value::Null),
    ]
}

fn feature_collection() -> impl Strategy<Value = String> {
    let code = prop_oneof!["[0-9]{5}", "2[AB][0-9]{3}", ".{0,6}"];
    proptest::collection::vec((code, cell(), geometry()), 0..4).prop_map(|features| {
        let features: Vec<_> = features
            .into_iter()
            .map(|(code, nom, g)| {
                serde_json::json!({"type": "Feature", "properties": {"code": code, "nom": nom}, "geometry": g})
            })
            .collect();
        serde_json::json!({"type": "FeatureCollection", "features": features}).to_string()
    })
}

fn hours_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("Mo"),
        Just("Tu-Fr"),
        Just("Sa,Su"),
        Just("PH"),
        Just("off"),
        Just("09:00-12:00"),
        Just("14:00-26:00"),
        Just("24/7"),
        Just("week"),
        Just("01-53/2"),
        Just("Jan-Dec"),
        Just("easter"),
        Just("+3 days"),
        Just(";"),
        Just(","),
        Just("||"),
        Just("\"x\""),
        Just("sunrise-sunset"),
        Just("[1,-1]"),
        Just("2024"),
    ];
    prop_oneof![
        proptest::collection::vec(token, 0..12).prop_map(|t| t.join(" ")),
        any::<String>().prop_map(|s| s.chars().take(60).collect()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn arbitrary_text_never_panics_any_reader(text in any::<String>().prop_map(|s| s.chars().take(300).collect::<String>())) {
        places_bounded(&text)?;
        communes_bounded(&text)?;
        population_bounded(&text)?;
        hours_bounded(&text)?;
        params_bounded(&text)?;
    }

    #[test]
    fn standard_csv_rows(text in csv_text(FIELDS.iter().map(|s| s.to_string()).collect())) {
        places_bounded(&text)?;
    }

    #[test]
    fn standard_json_records(text in json_records()) {
        places_bounded(&text)?;
    }

    #[test]
    fn france_services_rows(text in csv_text(FRANCE_SERVICES_HEADER.iter().map(|s| s.to_string()).collect())) {
        places_bounded(&text)?;
    }

    #[test]
    fn commune_outlines(text in feature_collection()) {
        communes_bounded(&text)?;
    }

    #[test]
    fn population_rows(text in csv_text(["code", "nom", "type", "population", "codes_postaux"].iter().map(|s| s.to_string()).collect())) {
        population_bounded(&text)?;
    }

    #[test]
    fn opening_hours(text in hours_text()) {
        hours_bounded(&text)?;
    }

    #[test]
    fn query_parameters(value in prop_oneof![
        "[0-9, .e+-]{0,40}",
        any::<String>().prop_map(|s| s.chars().take(100).collect::<String>()),
        Just("1,".repeat(30_000)),
        Just("9".repeat(70_000)),
    ]) {
        params_bounded(&value)?;
    }
}
