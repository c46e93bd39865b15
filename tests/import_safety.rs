//! Imports cannot hurt the store, through the binary: bad outlines and text are refused with
//! the file, feature or line named, nothing unreadable is written, the standard's schema is
//! enforced, Windows-1252 files are read with their accents, stale road folders are removed,
//! and a closed pipe is not a crash.

mod common;

use common::{geodata, shared, Maillage};
use std::process::Stdio;

fn p(path: &std::path::Path) -> String {
    path.to_str().unwrap().to_string()
}

/// A FeatureCollection of one good commune (Tulle's neighbourhood) and one with `geometry`.
fn communes_with(geometry: &str) -> String {
    let good = r#"{"type":"Polygon","coordinates":[[[1.70,45.25],[1.80,45.25],[1.80,45.30],[1.70,45.30],[1.70,45.25]]]}"#;
    format!(
        r#"{{"type":"FeatureCollection","features":[
{{"type":"Feature","properties":{{"code":"19272","nom":"Tulle"}},"geometry":{good}}},
{{"type":"Feature","properties":{{"code":"19031","nom":"Chameyrat"}},"geometry":{geometry}}}]}}"#
    )
}

#[test]
fn bad_outlines_fail_naming_the_feature_and_leave_stats_working() {
    let cases = [
        (r#"{"type":"Polygon","coordinates":[]}"#, "without any ring"),
        (
            r#"{"type":"Polygon","coordinates":[[[1.7,45.2],[1.8,45.2],[1.8,45.3],[1.7,45.3]]]}"#,
            "not closed",
        ),
        (
            r#"{"type":"Polygon","coordinates":[[[1.7,45.2],[1.8,45.2],[1.7,45.2]]]}"#,
            "has 3 positions",
        ),
        (
            r#"{"type":"Polygon","coordinates":[[[500,146.1],[1.8,45.2],[1.8,45.3],[500,146.1]]]}"#,
            "outside WGS84",
        ),
        (
            r#"{"type":"Polygon","coordinates":[[[1.7,45.2],[1.8,45.2],[1.7,45.2],[1.8,45.2],[1.7,45.2]]]}"#,
            "no area",
        ),
    ];
    let m = Maillage::new();
    m.run(&["import", "communes", &p(&geodata("communes-84.geojson.gz"))]);
    let before = m.run(&["stats"]);
    for (geometry, why) in cases {
        let file = m.dir.path().join("bad.geojson");
        std::fs::write(&file, communes_with(geometry)).unwrap();
        let err = m.fail(&["import", "communes", &p(&file)]);
        assert!(
            err.contains("bad.geojson:2:")
                && err.contains("feature 2, commune 19031")
                && err.contains(why),
            "{geometry}: {err}"
        );
        assert_eq!(m.run(&["stats"]), before, "nothing written by {geometry}");
    }
}

#[test]
fn a_self_intersecting_outline_is_repaired_with_a_warning_and_served() {
    let m = Maillage::new();
    let file = m.dir.path().join("bowtie.geojson");
    let bowtie = r#"{"type":"Polygon","coordinates":[[[1.7,45.2],[1.7,45.3],[1.8,45.2],[1.8,45.3],[1.7,45.2]]]}"#;
    std::fs::write(&file, communes_with(bowtie)).unwrap();
    let out = m.run(&["import", "communes", &p(&file)]);
    assert!(
        out.contains("1 repaired")
            && out.contains("warning: repaired feature 2 (commune 19031)")
            && out.contains("self-intersection"),
        "{out}"
    );
    let stats = m.run(&["stats"]);
    assert!(stats.contains("2 with polygon"), "{stats}");
}

#[test]
fn control_characters_are_refused_naming_line_and_field() {
    let m = Maillage::new();
    let example = std::fs::read_to_string(shared("standard/exemple-valide-v1.0.2.csv")).unwrap();
    let (header, row) = example.split_once('\n').unwrap();
    let file = m.dir.path().join("nul.csv");
    std::fs::write(
        &file,
        format!("{header}\n{}", row.replace("Anonymal", "Ano\u{0}nymal")),
    )
    .unwrap();
    let err = m.fail(&["import", "places", &p(&file)]);
    assert!(
        err.contains("nul.csv:2: field `nom`") && err.contains("control characters"),
        "{err}"
    );

    let pop = m.dir.path().join("pop.csv");
    std::fs::write(&pop, "code,nom,population\n19272,Tu\u{1b}lle,14811\n").unwrap();
    let err = m.fail(&["import", "population", &p(&pop)]);
    assert!(err.contains("pop.csv:2: field `nom`"), "{err}");
}

#[test]
fn a_rejected_huge_value_is_not_echoed_whole() {
    let m = Maillage::new();
    let example = std::fs::read_to_string(shared("standard/exemple-valide-v1.0.2.csv")).unwrap();
    let (header, row) = example.split_once('\n').unwrap();
    let huge = "9".repeat(5_000_000);
    let file = m.dir.path().join("huge.csv");
    std::fs::write(
        &file,
        format!(
            "{header}\n{}",
            row.replace("\"51100\"", &format!("\"{huge}\""))
        ),
    )
    .unwrap();
    let err = m.fail(&["import", "places", &p(&file)]);
    assert!(
        err.contains("code_postal") && err.contains(&format!("{}…", "9".repeat(80))),
        "{}",
        &err[..err.len().min(500)]
    );
    assert!(err.len() < 2_000, "{} bytes of error", err.len());
}

#[test]
fn the_schema_is_enforced_for_v1_and_lost_zeros_repaired_for_france_services() {
    let m = Maillage::new();
    let example = std::fs::read_to_string(shared("standard/exemple-valide-v1.0.2.csv")).unwrap();
    let (header, row) = example.split_once('\n').unwrap();
    let file = m.dir.path().join("cp.csv");
    std::fs::write(
        &file,
        format!("{header}\n{}", row.replace("\"51100\"", "\"5110\"")),
    )
    .unwrap();
    let err = m.fail(&["import", "places", &p(&file)]);
    assert!(
        err.contains("cp.csv:2: field `code_postal`: got \"5110\"") && err.contains(r"^\d{5}$"),
        "{err}"
    );

    // France Services: the same fault is repaired, with a note.
    let mut reader = csv::Reader::from_path(shared("places/france-services-20240801.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let cp_col = header
        .iter()
        .position(|h| h == "code_postal")
        .expect("code_postal column");
    let mut row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| r[cp_col].starts_with('0'))
        .expect("a postcode starting with 0");
    let original = row[cp_col].to_string();
    let cells: Vec<String> = row
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i == cp_col {
                c[1..].to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    row = csv::StringRecord::from(cells);
    let fs_file = m.dir.path().join("fs.csv");
    let mut w = csv::Writer::from_path(&fs_file).unwrap();
    w.write_record(&header).unwrap();
    w.write_record(&row).unwrap();
    w.flush().unwrap();
    let out = m.run(&["import", "places", &p(&fs_file)]);
    assert!(out.contains("lost leading zero was restored"), "{out}");
    let export = m.run(&["export", "places"]);
    assert!(export.contains(&format!("\"{original}\"")), "{export}");
}

#[test]
fn a_windows_1252_file_imports_with_its_accents() {
    let m = Maillage::new();
    let example = std::fs::read_to_string(shared("standard/exemple-valide-v1.0.2.csv")).unwrap();
    let (header, row) = example.split_once('\n').unwrap();
    let name = "Médiathèque d’Aurillac — Œuvre";
    let text = format!("{header}\n{}", row.replace("Anonymal", name));
    // Windows-1252 by hand: these characters are Latin-1 except ’ — Œ.
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| match c {
            '’' => 0x92,
            '—' => 0x97,
            'Œ' => 0x8c,
            c => u8::try_from(u32::from(c)).expect("a Latin-1 character"),
        })
        .collect();
    let file = m.dir.path().join("cp1252.csv");
    std::fs::write(&file, bytes).unwrap();
    let err = m.fail(&["import", "places", "--encoding", "utf-8", &p(&file)]);
    assert!(
        err.contains("not UTF-8") && err.contains("--encoding windows-1252"),
        "{err}"
    );
    let out = m.run(&["import", "places", &p(&file)]);
    assert!(out.contains("encoding: windows-1252 (detected"), "{out}");
    assert!(m.run(&["export", "places"]).contains(name));
    let out = m.run(&["import", "places", "--encoding", "windows-1252", &p(&file)]);
    assert!(out.contains("encoding: windows-1252 (forced)"), "{out}");
}

/// Communes, population and EPCI files come from the same offices as the places: a
/// Windows-1252 outline file is read with its accents too (with a warning), not refused.
#[test]
fn a_windows_1252_communes_file_imports_with_its_accents() {
    let m = Maillage::new();
    let text = communes_with(
        r#"{"type":"Polygon","coordinates":[[[1.80,45.25],[1.90,45.25],[1.90,45.30],[1.80,45.30],[1.80,45.25]]]}"#,
    )
    .replace("Chameyrat", "Saint-Étienne-aux-Clos");
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character"))
        .collect();
    assert!(std::str::from_utf8(&bytes).is_err(), "the file must not be UTF-8");
    let file = m.dir.path().join("communes-cp1252.geojson");
    std::fs::write(&file, bytes).unwrap();
    let out = m.output(&["import", "communes", &p(&file)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("read as Windows-1252"), "{err}");
    let exported = m.run(&["coverage", "--commune", "19031", "--format", "csv"]);
    assert!(exported.contains("Saint-Étienne-aux-Clos"), "{exported}");
}

#[test]
fn import_roads_removes_stale_temporary_folders() {
    let m = Maillage::new();
    let stale = m.dir.path().join(".maillage.db.roads.tmp-999999999");
    let live = m
        .dir
        .path()
        .join(format!(".maillage.db.roads.tmp-{}", std::process::id()));
    std::fs::create_dir_all(stale.join("car")).unwrap();
    std::fs::create_dir_all(&live).unwrap();
    m.run(&["import", "roads", &p(&shared("osm/monaco.osm.pbf"))]);
    assert!(!stale.exists(), "the folder of a dead process is removed");
    assert!(live.exists(), "the folder of a live process is kept");
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    let m = Maillage::with_territory();
    for args in [
        vec!["stats"],
        vec!["export", "places"],
        vec!["export", "places", "--format", "geojson"],
        vec!["coverage"],
    ] {
        let mut child = m
            .command()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the pipe before the command writes, as `| head -1` does before the rest
        // arrives: every write of the command then meets the closed pipe.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && !stderr.contains("panicked") && !stderr.contains("error"),
            "{args:?}: {}\n{stderr}",
            out.status
        );
    }
}
