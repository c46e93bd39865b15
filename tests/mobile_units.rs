//! Mobile units through the binary: `maillage import mobile` of our CSV files and of the
//! France Services list (the Vouziers bus read from its comment), bad input named by file,
//! line and field, the next visits across a public holiday, calendars that parse back, and
//! visits that appear in a running server without a restart.

mod common;

use chrono::{DateTime, Datelike, NaiveDate, Weekday};
use common::{shared, Backend, Maillage};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn path(rel: &str) -> String {
    shared(rel).to_str().unwrap().to_string()
}

fn example(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/mobile")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

/// A database with every commune of France (names, populations, town halls), built once
/// per test binary and copied for each test.
fn with_communes() -> Maillage {
    static TEMPLATE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let template = TEMPLATE.get_or_init(|| {
        let m = Maillage::new();
        m.import_france_communes();
        let kept = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mobile-communes.db");
        std::fs::copy(&m.db, &kept).expect("keep the template");
        kept
    });
    let m = Maillage::new();
    std::fs::copy(template, &m.db).expect("copy the template");
    m
}

fn import_example(m: &Maillage) -> String {
    m.run(&[
        "import",
        "mobile",
        &example("units.csv"),
        &example("stops.csv"),
        &example("visits.csv"),
    ])
}

fn date(v: &Value) -> NaiveDate {
    NaiveDate::parse_from_str(v["date"].as_str().unwrap(), "%Y-%m-%d").unwrap()
}

#[test]
fn the_vouziers_bus_is_read_from_its_comment() {
    let m = with_communes();
    let report = m.dir.path().join("unread.txt");
    let out = m.run(&[
        "import",
        "mobile",
        &path("places/france-services-20240801.csv"),
        "--report",
        report.to_str().unwrap(),
    ]);
    // "163 mobile units (…); 87 with a comment, 21 of which gave stops (24 %); …"
    let line = out
        .lines()
        .find(|l| l.contains("mobile units (format_fs"))
        .expect(&out);
    let number_before = |word: &str| -> usize {
        let at = line
            .find(word)
            .unwrap_or_else(|| panic!("{word} in {line}"));
        line[..at]
            .split_whitespace()
            .last()
            .unwrap()
            .trim_start_matches('(')
            .parse()
            .unwrap()
    };
    let (units, with_comment, with_stops) = (
        number_before("mobile units"),
        number_before("with a comment"),
        number_before("of which gave stops"),
    );
    assert!(
        with_stops >= 1 && with_stops <= with_comment && with_comment <= units,
        "{line}"
    );
    let unread = std::fs::read_to_string(&report).unwrap();
    assert!(
        unread.lines().count() >= with_comment - with_stops,
        "every unread unit is reported"
    );
    assert!(
        !unread.contains("fs-47 "),
        "the Vouziers bus is read whole:\n{unread}"
    );

    let s = m.serve(&[]);
    let unit = s.json("/api/units/fs-47");
    assert_eq!(unit["unit"]["name"], "Bus France services de Vouziers");
    assert!(unit["unit"]["source_text"]
        .as_str()
        .unwrap()
        .contains("lundis à la mairie de Monthois"));
    let mut read: Vec<(String, String, String, String)> = unit["schedules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let stop = v["stop"].as_str().unwrap();
            let feature = unit["stops"]["features"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["properties"]["id"] == stop)
                .unwrap();
            (
                v["weekday"].as_str().unwrap().to_string(),
                feature["properties"]["commune"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                v["start"].as_str().unwrap().to_string(),
                v["end"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    read.sort();
    let mut expected = Vec::new();
    // Monthois, Machault, Buzancy, Grandpré, Bairon et ses Environs (INSEE codes).
    for (day, commune) in [
        ("monday", "08303"),
        ("tuesday", "08264"),
        ("wednesday", "08089"),
        ("thursday", "08198"),
        ("friday", "08116"),
    ] {
        for (start, end) in [("09:00", "12:00"), ("13:00", "16:30")] {
            expected.push((
                day.to_string(),
                commune.to_string(),
                start.to_string(),
                end.to_string(),
            ));
        }
    }
    expected.sort();
    assert_eq!(read, expected);
    // Every stop lies in the Ardennes, within 30 km of the depot in Vouziers.
    for f in unit["stops"]["features"].as_array().unwrap() {
        assert!(
            f["properties"]["commune"]
                .as_str()
                .unwrap()
                .starts_with("08"),
            "{f}"
        );
    }
    let near = s.json(
        "/api/visits/next?lat=49.3965&lon=4.6999&radius_km=30&from=2026-05-04&days=7&limit=50",
    );
    let communes: std::collections::BTreeSet<&str> = near["visits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["stop"]["commune_name"].as_str().unwrap())
        .collect();
    assert!(
        communes.contains("Monthois") && communes.contains("Grandpré"),
        "{communes:?}"
    );
    let stats = m.run(&["stats"]);
    assert!(
        stats.contains(&format!("mobile units: {units} (")),
        "{stats}"
    );
}

#[test]
fn imported_visits_appear_in_a_running_server_and_skip_public_holidays() {
    let m = with_communes();
    let s = m.serve(&["--reload-seconds", "1"]);
    let bugeat =
        "/api/visits/next?lat=45.5975&lon=1.9281&radius_km=2&from=2026-07-06&days=21&limit=50";
    let before = s.json(bugeat);
    assert_eq!(before["visits"].as_array().unwrap().len(), 0, "{before}");
    let generation = s.json("/healthz")["generation"].as_i64().unwrap();
    let out = import_example(&m);
    assert!(
        out.contains("imported 1 units, 4 stops, 5 visit schedules"),
        "{out}"
    );
    s.wait_health(Duration::from_secs(20), |h| {
        h["generation"].as_i64() > Some(generation)
    });

    let after = s.json(bugeat);
    let visits = after["visits"].as_array().unwrap();
    let dates: Vec<NaiveDate> = visits.iter().map(date).collect();
    // Tuesdays from 6 July 2026, weekly, but 14 July is Bastille Day: 7 and 21 July, not 14.
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    assert_eq!(dates, vec![d(7, 7), d(7, 21)], "{after}");
    for v in visits {
        assert_eq!(date(v).weekday(), Weekday::Tue);
        assert_eq!(
            (v["start"].as_str(), v["end"].as_str()),
            (Some("09:00"), Some("12:00"))
        );
        assert_eq!(v["unit"]["id"], "bus-haute-correze");
        assert!(v["distance"].as_f64().unwrap() < 2000.0, "{v}");
        assert_eq!(v["distance"], v["distance_m"], "{v}");
        let starts = DateTime::parse_from_rfc3339(v["starts_at"].as_str().unwrap()).unwrap();
        assert_eq!(
            starts.offset().local_minus_utc(),
            2 * 3600,
            "summer time in Paris"
        );
    }
    // The cancelled dates of August are skipped; the rest of the month is there.
    let august = s.json("/api/communes/19033/visits?from=2026-08-01&days=30&limit=50");
    let aug: Vec<NaiveDate> = august["visits"]
        .as_array()
        .unwrap()
        .iter()
        .map(date)
        .collect();
    assert_eq!(aug, vec![d(8, 4), d(8, 25)], "{august}");

    // Tarnac: the second Monday of the month, and Fridays of odd ISO weeks.
    let tarnac = s.json("/api/communes/19265/visits?from=2026-07-01&days=30&limit=50");
    for v in tarnac["visits"].as_array().unwrap() {
        let day = date(v);
        match day.weekday() {
            Weekday::Mon => assert!((8..=14).contains(&day.day()), "{v}"),
            Weekday::Fri => assert_eq!(day.iso_week().week() % 2, 1, "{v}"),
            other => panic!("a visit on {other}: {v}"),
        }
    }
    assert!(tarnac["visits"].as_array().unwrap().len() >= 3, "{tarnac}");

    // The timetable and the stops.
    let (status, ctype, csv) = s.get_text("/api/units/bus-haute-correze/timetable.csv");
    assert_eq!((status, ctype.as_str()), (200, "text/csv"));
    assert_eq!(csv.lines().count(), 1 + 5, "{csv}");
    assert!(csv.contains("FREQ=MONTHLY;BYDAY=2MO"), "{csv}");
    let stops = s.json("/api/stops?unit=bus-haute-correze");
    assert_eq!(stops["features"].as_array().unwrap().len(), 4);
    // Re-importing the same files changes nothing.
    let again = import_example(&m);
    assert!(
        again.contains("imported 1 units, 4 stops, 5 visit schedules"),
        "{again}"
    );
    assert!(m
        .run(&["stats"])
        .contains("mobile units: 1 (4 stops, 5 visit schedules)"));
}

#[test]
fn calendars_parse_back_to_the_same_visits() {
    let m = with_communes();
    import_example(&m);
    let s = m.serve(&[]);
    for (ics, json) in [
        (
            "/api/communes/19265/visits.ics?from=2026-07-01&days=60",
            "/api/communes/19265/visits?from=2026-07-01&days=60&limit=500",
        ),
        (
            "/api/units/bus-haute-correze/visits.ics?from=2026-07-01&days=60",
            "/api/visits/next?lat=45.62&lon=2.05&radius_km=50&from=2026-07-01&days=60&limit=500",
        ),
    ] {
        let (status, ctype, text) = s.get_text(ics);
        assert_eq!((status, ctype.as_str()), (200, "text/calendar"), "{text}");
        let calendar: icalendar::Calendar = text.parse().expect("an RFC 5545 calendar");
        let mut starts: Vec<DateTime<chrono::Utc>> = calendar
            .components
            .iter()
            .filter_map(|c| c.as_event())
            .map(|e| {
                use icalendar::Component;
                assert!(e.get_uid().unwrap().ends_with("@maillage"));
                assert!(e
                    .get_summary()
                    .unwrap()
                    .starts_with("Bus numérique de Haute-Corrèze"));
                match e.get_start().expect("DTSTART") {
                    icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(t)) => t,
                    other => panic!("start in UTC expected, got {other:?}"),
                }
            })
            .collect();
        starts.sort();
        let answer = s.json(json);
        let mut expected: Vec<DateTime<chrono::Utc>> = answer["visits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                DateTime::parse_from_rfc3339(v["starts_at"].as_str().unwrap())
                    .unwrap()
                    .to_utc()
            })
            .collect();
        expected.sort();
        assert!(!expected.is_empty());
        assert_eq!(starts, expected, "{ics}");
    }
}

#[test]
fn bad_rows_are_named_by_file_line_and_field_and_nothing_is_written() {
    let m = with_communes();
    let dir = m.dir.path();
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let units = write("units.csv", "unit,name\nbus-1,Bus un\n");
    let stops = write(
        "stops.csv",
        "stop,name,commune,lon,lat\ns-1,Bugeat,19033,,\ns-2,Nowhere,99999,,\ns-3,Far,19033,500,45\n",
    );
    let visits = write(
        "visits.csv",
        "unit,stop,weekday,start,end,repeat\n\
         bus-1,s-1,tuesday,09:00,12:00,weekly\n\
         bus-1,s-1,mardy,09:00,12:00,weekly\n\
         bus-1,s-1,tuesday,12:00,09:00,weekly\n\
         bus-1,s-1,tuesday,09:00,12:00,FREQ=WEEKLY;BYDAY=MO\n\
         bus-1,s-1,tuesday,09:00,12:00,every-2-weeks\n\
         bus-2,s-9,tuesday,09:00,12:00,weekly\n",
    );
    let err = m.fail(&["import", "mobile", &units, &stops, &visits]);
    for needle in [
        "stops.csv:3: field `commune`",
        "stops.csv:4: field `lat`",
        "visits.csv:3: field `weekday`: got \"mardy\", expected a weekday",
        "visits.csv:4: field `end`",
        "visits.csv:5: field `repeat`",
        "BYDAY is Mon but the row's weekday is Tue",
        "visits.csv:6: field `from`",
        "visits.csv:7: field `unit`: got \"bus-2\"",
        "visits.csv:7: field `stop`: got \"s-9\"",
        "nothing was imported",
    ] {
        assert!(err.contains(needle), "{needle:?} missing from:\n{err}");
    }
    assert!(m
        .run(&["stats"])
        .contains("mobile units: 0 (0 stops, 0 visit schedules)"));
    let header = write("other.csv", "a,b\n1,2\n");
    let err = m.fail(&["import", "mobile", &header]);
    assert!(
        err.contains("other.csv:1: field `(header)`") && err.contains("visits (unit,stop,weekday"),
        "{err}"
    );
}

#[test]
fn visit_questions_answer_problems_naming_the_parameter() {
    let m = with_communes();
    import_example(&m);
    let s = m.serve(&[]);
    for (query, parameter, status) in [
        ("/api/visits/next?lon=1.9", "lat", 400),
        (
            "/api/visits/next?lat=45.6&lon=1.9&radius_km=0",
            "radius_km",
            400,
        ),
        (
            "/api/visits/next?lat=45.6&lon=1.9&radius_km=abc",
            "radius_km",
            400,
        ),
        (
            "/api/visits/next?lat=45.6&lon=1.9&radius_km=500",
            "radius_km",
            400,
        ),
        (
            "/api/visits/next?lat=45.6&lon=1.9&from=tomorrow",
            "from",
            400,
        ),
        ("/api/visits/next?lat=45.6&lon=1.9&limit=0", "limit", 400),
        ("/api/visits/next?lat=45.6&lon=1.9&radius=5", "radius", 400),
        ("/api/communes/1903/visits", "code", 400),
        ("/api/units/bad%20id/visits.ics", "id", 400),
    ] {
        let (got, ctype, body) = s.get(query);
        assert_eq!(got, status, "{query}: {body}");
        assert_eq!(ctype, "application/problem+json", "{query}");
        assert_eq!(body["parameter"], parameter, "{query}: {body}");
    }
    for query in [
        "/api/communes/99999/visits",
        "/api/units/nope",
        "/api/units/nope/visits.ics",
    ] {
        let (got, ctype, body) = s.get(query);
        assert_eq!(
            (got, ctype.as_str()),
            (404, "application/problem+json"),
            "{query}: {body}"
        );
    }
    // Without `from`, visits are those not yet over: none ends before now.
    let now = chrono::Utc::now();
    let next = s.json("/api/visits/next?lat=45.6&lon=1.95&radius_km=30&days=366&limit=20");
    let visits = next["visits"].as_array().unwrap();
    assert!(!visits.is_empty(), "{next}");
    for v in visits {
        let end = DateTime::parse_from_rfc3339(v["ends_at"].as_str().unwrap()).unwrap();
        assert!(end.to_utc() > now, "{v}");
    }
}

/// One commune's row of `maillage coverage --format csv`, by column name.
fn coverage_row(m: &Maillage, code: &str) -> std::collections::HashMap<String, String> {
    let out = m.run(&["coverage", "--commune", code, "--format", "csv"]);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let row = rdr.records().next().expect("one row").unwrap();
    headers
        .iter()
        .map(str::to_string)
        .zip(row.iter().map(str::to_string))
        .collect()
}

#[test]
fn weekly_stops_count_in_coverage_and_stand_for_their_unit() {
    let m = with_communes();
    m.run(&[
        "import",
        "places",
        &path("places/france-services-20240801.csv"),
    ]);
    // Monthois has no place of its own: the Vouziers bus counts at its depot.
    let before = coverage_row(&m, "08303");
    assert_eq!(before["places_itinerant"], "0");
    assert_eq!(before["nearest_place"], "fs-47");
    m.run(&[
        "import",
        "mobile",
        &path("places/france-services-20240801.csv"),
    ]);
    let after = coverage_row(&m, "08303");
    assert_eq!(after["places_itinerant"], "1", "{after:?}");
    assert!(
        after["nearest_place"].starts_with("stop:fs-47-"),
        "{after:?}"
    );
    let km =
        |r: &std::collections::HashMap<String, String>| r["nearest_km"].parse::<f64>().unwrap();
    assert!(
        km(&after) < km(&before),
        "the stop is nearer than the depot"
    );
    let share: f64 = after["mobile_share"].parse().unwrap();
    assert!(share > 0.0 && share <= 1.0, "{after:?}");

    // Only stops visited every week count: Bugeat (weekly) does, Peyrelevade (every two
    // weeks) does not.
    import_example(&m);
    assert_eq!(coverage_row(&m, "19033")["places_itinerant"], "1");
    assert_eq!(coverage_row(&m, "19164")["places_itinerant"], "0");
}

/// The same import and the same questions on SQLite and on PostGIS: units, stops and visits
/// are stored by either back end and read back into the same answers.
fn mobile_units_on_either_store(backend: Backend) {
    let m = Maillage::on(backend);
    m.import_france_outlines();
    let out = import_example(&m);
    assert!(out.contains("imported 1 units, 4 stops"), "{out}");
    assert!(m.run(&["stats"]).contains("mobile units"), "stats");
    let s = m.serve(&[]);
    let answer = s.json(
        "/api/visits/next?lat=45.5975&lon=1.9281&radius_km=2&from=2026-07-06&days=21&limit=50",
    );
    let dates: Vec<NaiveDate> = answer["visits"]
        .as_array()
        .unwrap()
        .iter()
        .map(date)
        .collect();
    let d = |day| NaiveDate::from_ymd_opt(2026, 7, day).unwrap();
    assert_eq!(dates, vec![d(7), d(21)], "{answer}");
    let stops = s.json("/api/stops");
    assert_eq!(stops["features"].as_array().unwrap().len(), 4, "{stops}");
}

on_both_backends!(mobile_units_on_either_store);
