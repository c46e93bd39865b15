//! The tour planner through the built binary: `maillage tours plan` on the real Corrèze data
//! (communes, populations, town halls, France Services of `../shared/data`), and
//! `POST /api/tours/plan` on a spawned `maillage serve`. Every plan is checked against the
//! rules it promises: the contract's fields, the cyclic rhythms, the working hours, the break,
//! the windows, the maximum driving, and the coverage arithmetic.

mod common;

use common::{shared, Maillage};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A database of all France's communes and the France Services sites, built once per test
/// binary by the binary itself, copied for each test.
fn france_template() -> &'static Path {
    static TEMPLATE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tours-france.db");
        let m = Maillage::new();
        m.import_france_communes();
        m.import_shared("places", &["places/france-services-20240801.csv"]);
        std::fs::copy(&m.db, &path).expect("keep the database");
        path
    })
}

fn france() -> Maillage {
    let m = Maillage::new();
    std::fs::copy(france_template(), &m.db).expect("copy the database");
    m
}

fn minutes_of(hhmm: &str) -> u32 {
    let (h, m) = hhmm.split_once(':').expect("HH:MM");
    h.parse::<u32>().unwrap() * 60 + m.parse::<u32>().unwrap()
}

/// Checks a plan document against the contract and the rules it promises (09:00–17:00,
/// break 12:00–13:30, `max_driving` minutes a day, `visit` minutes per visit).
fn check_plan(plan: &Value, max_driving: f64, visit: u32) {
    for key in [
        "travel",
        "horizon_weeks",
        "coverage",
        "units",
        "stops",
        "left_out",
        "warnings",
    ] {
        assert!(plan.get(key).is_some(), "member {key} missing");
    }
    let horizon = plan["horizon_weeks"].as_u64().unwrap() as usize;
    let cov = &plan["coverage"];
    let (before, after, gained) = (
        cov["population_before"].as_u64().unwrap(),
        cov["population_after"].as_u64().unwrap(),
        cov["population_gained"].as_u64().unwrap(),
    );
    assert_eq!(before + gained, after);
    let stops = plan["stops"].as_array().unwrap();
    let sum: u64 = stops
        .iter()
        .map(|s| s["population_gained"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, gained, "each person counted once");
    // Each stop's weeks follow its rhythm; its visits are exactly on those days.
    let mut expected: HashSet<(String, String, u64, String)> = HashSet::new();
    for s in stops {
        let weeks: Vec<u64> = s["weeks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_u64().unwrap())
            .collect();
        let count = match s["frequency"].as_str().unwrap() {
            "weekly" => horizon,
            "fortnightly" => horizon / 2,
            "monthly" => horizon / 4,
            f => panic!("frequency {f}"),
        };
        assert_eq!(weeks.len(), count, "{s}");
        assert!(
            weeks.windows(2).all(|w| (w[1] - w[0]) * 7 >= 6),
            "two visits less than 6 days apart: {s}"
        );
        let rrule = s["rrule"].as_str().unwrap();
        assert!(
            rrule.contains(&format!(
                "BYDAY={}",
                match s["frequency"].as_str().unwrap() {
                    "monthly" => format!(
                        "{}{}",
                        (weeks[0] - 1) % 4 + 1,
                        s["weekday"].as_str().unwrap().to_uppercase()
                    ),
                    _ => s["weekday"].as_str().unwrap().to_uppercase(),
                }
            )),
            "{rrule}"
        );
        for w in weeks {
            expected.insert((
                s["unit"].as_str().unwrap().to_string(),
                s["weekday"].as_str().unwrap().to_string(),
                w,
                s["id"].as_str().unwrap().to_string(),
            ));
        }
    }
    let mut seen = HashSet::new();
    for u in plan["units"].as_array().unwrap() {
        let unit = u["unit"].as_str().unwrap();
        let mut days = HashSet::new();
        for d in u["days"].as_array().unwrap() {
            let (week, weekday) = (d["week"].as_u64().unwrap(), d["weekday"].as_str().unwrap());
            assert!(days.insert((week, weekday)), "one route a day");
            assert!(
                d["driving_minutes"].as_f64().unwrap() <= max_driving + 0.1,
                "{d}"
            );
            let route = d["route"]["coordinates"].as_array().unwrap();
            assert_eq!(d["route"]["type"], "LineString");
            let visits = d["visits"].as_array().unwrap();
            assert_eq!(route.len(), visits.len() + 2, "depot → stops → depot");
            assert_eq!(route[0], u["depot"]);
            assert_eq!(route[route.len() - 1], u["depot"]);
            let mut clock = minutes_of("09:00");
            for v in visits {
                let (arrive, start, end) = (
                    minutes_of(v["arrive"].as_str().unwrap()),
                    minutes_of(v["start"].as_str().unwrap()),
                    minutes_of(v["end"].as_str().unwrap()),
                );
                assert!(clock <= arrive && arrive <= start, "{v}");
                assert!(end.abs_diff(start + visit) <= 1, "{v}");
                assert!(
                    end <= 12 * 60 + 1 || start + 1 >= 13 * 60 + 30,
                    "visit in the break: {v}"
                );
                clock = end;
                assert!(seen.insert((
                    unit.to_string(),
                    weekday.to_string(),
                    week,
                    v["stop"].as_str().unwrap().to_string()
                )));
            }
            assert!(
                minutes_of(d["back"].as_str().unwrap()) <= 17 * 60 + 1,
                "{d}"
            );
        }
    }
    assert_eq!(seen, expected, "visits are exactly the stops' patterns");
    for l in plan["left_out"].as_array().unwrap() {
        assert!(l["reason"].as_str().unwrap().len() > 10, "{l}");
    }
}

#[test]
fn cli_plans_correze_with_the_contract_and_every_rule() {
    let m = france();
    let out = m.run(&[
        "tours",
        "plan",
        "--departement",
        "19",
        "--units",
        "1",
        "--horizon",
        "4w",
        "--format",
        "json",
        "--minutes",
        "15",
        "--search-seconds",
        "0.5",
    ]);
    let plan: Value = serde_json::from_str(&out).expect("JSON");
    check_plan(&plan, 240.0, 120);
    assert_eq!(plan["travel"]["source"], "crowfly");
    assert_eq!(plan["horizon_weeks"], 4);
    // The candidates are Corrèze's gap communes at 15 min: each planned or left out with a
    // reason, and the plan reaches people the places did not.
    let stops = plan["stops"].as_array().unwrap();
    let left = plan["left_out"].as_array().unwrap();
    assert_eq!(
        stops.len() + left.len(),
        plan["candidates"].as_u64().unwrap() as usize
    );
    assert!(stops.len() >= 5, "{} stops", stops.len());
    assert!(plan["coverage"]["population_gained"].as_u64().unwrap() > 10_000);
    assert!(stops
        .iter()
        .all(|s| s["commune"].as_str().unwrap().starts_with("19")));
    // The default depot is the préfecture, Tulle.
    let depot = plan["units"][0]["depot"].as_array().unwrap();
    let (lon, lat) = (depot[0].as_f64().unwrap(), depot[1].as_f64().unwrap());
    assert!(
        (lon - 1.77).abs() < 0.05 && (lat - 45.27).abs() < 0.05,
        "{lon},{lat}"
    );

    // Text and CSV say the same plan.
    let text = m.run(&[
        "tours",
        "plan",
        "--departement",
        "19",
        "--minutes",
        "15",
        "--search-seconds",
        "0.5",
    ]);
    assert!(text.contains("Coverage within 15 min"), "{text}");
    assert!(text.contains(stops[0]["name"].as_str().unwrap()));
    let csv = m.run(&[
        "tours",
        "plan",
        "--departement",
        "19",
        "--minutes",
        "15",
        "--search-seconds",
        "0.5",
        "--format",
        "csv",
    ]);
    let visits: usize = plan["units"][0]["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["visits"].as_array().unwrap().len())
        .sum();
    assert!(csv.starts_with("unit,week,weekday,stop,name,commune,arrive,start,end\n"));
    assert_eq!(csv.lines().count(), visits + 1);
}

#[test]
fn cli_mixed_rhythms_and_two_units() {
    let m = france();
    let out = m.run(&[
        "tours",
        "plan",
        "--departement",
        "19",
        "--units",
        "2",
        "--horizon",
        "8w",
        "--frequency",
        "monthly",
        "--minutes",
        "15",
        "--visit-minutes",
        "90",
        "--format",
        "json",
        "--search-seconds",
        "0.5",
        "--max-driving-minutes",
        "180",
    ]);
    let plan: Value = serde_json::from_str(&out).expect("JSON");
    check_plan(&plan, 180.0, 90);
    let stops = plan["stops"].as_array().unwrap();
    assert!(stops.iter().all(|s| s["frequency"] == "monthly"));
    let units: HashSet<&str> = stops.iter().map(|s| s["unit"].as_str().unwrap()).collect();
    assert_eq!(units.len(), 2, "both units work");
}

#[test]
fn cli_matrix_file_gives_the_times() {
    let m = france();
    let dir = tempfile::tempdir().unwrap();
    let cands = dir.path().join("stops.csv");
    std::fs::write(
        &cands,
        "id,name,commune,lon,lat,frequency,window_start,window_end\n\
         a,Lignareix,19114,2.2946,45.6036,weekly,,\n\
         b,Égletons,19073,2.0483,45.4063,fortnightly,14:00,17:00\n\
         c,Beynat,19023,1.7244,45.1264,weekly,,\n",
    )
    .unwrap();
    let matrix = dir.path().join("times.csv");
    std::fs::write(
        &matrix,
        "id,depot,a,b,c\ndepot,0,3000,1800,1500\na,3100,0,1700,4000\nb,1700,1650,0,3000\nc,1400,4100,3050,0\n",
    )
    .unwrap();
    let out = m.run(&[
        "tours",
        "plan",
        "--candidates",
        cands.to_str().unwrap(),
        "--matrix",
        matrix.to_str().unwrap(),
        "--depot",
        "1.7721,45.2659",
        "--minutes",
        "15",
        "--format",
        "json",
        "--horizon",
        "2w",
        "--search-seconds",
        "0.2",
    ]);
    let plan: Value = serde_json::from_str(&out).expect("JSON");
    check_plan(&plan, 240.0, 120);
    assert_eq!(plan["travel"]["source"], "matrix");
    let t: HashMap<(&str, &str), f64> = [
        (("depot", "a"), 3000.0),
        (("depot", "b"), 1800.0),
        (("depot", "c"), 1500.0),
        (("a", "depot"), 3100.0),
        (("a", "b"), 1700.0),
        (("a", "c"), 4000.0),
        (("b", "depot"), 1700.0),
        (("b", "a"), 1650.0),
        (("b", "c"), 3000.0),
        (("c", "depot"), 1400.0),
        (("c", "a"), 4100.0),
        (("c", "b"), 3050.0),
    ]
    .into_iter()
    .collect();
    let mut days = 0;
    for d in plan["units"][0]["days"].as_array().unwrap() {
        let mut at = "depot";
        let mut seconds = 0.0;
        for v in d["visits"].as_array().unwrap() {
            let s = v["stop"].as_str().unwrap();
            seconds += t[&(at, s)];
            at = s;
            if s == "b" {
                assert!(
                    minutes_of(v["start"].as_str().unwrap()) >= 14 * 60,
                    "window"
                );
            }
        }
        seconds += t[&(at, "depot")];
        assert!(
            (d["driving_minutes"].as_f64().unwrap() - seconds / 60.0).abs() < 0.06,
            "{d}"
        );
        days += 1;
    }
    assert!(days > 0);
    let b = plan["stops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "b");
    if let Some(b) = b {
        assert_eq!(
            b["weeks"].as_array().unwrap().len(),
            1,
            "fortnightly over 2 weeks"
        );
    }
}

#[test]
fn cli_bad_input_names_the_file_line_and_field() {
    let m = france();
    let dir = tempfile::tempdir().unwrap();
    let cands = dir.path().join("stops.csv");
    std::fs::write(
        &cands,
        "id,name,lon,lat,window_start,window_end\na,A,2.29,45.60,,\nb,B,2.04,45.40,09:00,10:00\n",
    )
    .unwrap();
    let err = m.fail(&["tours", "plan", "--candidates", cands.to_str().unwrap()]);
    assert!(err.contains("stops.csv:3: field `window`"), "{err}");
    assert!(
        err.contains("at least as long as the visit (120 min)"),
        "{err}"
    );

    let ok = dir.path().join("ok.csv");
    std::fs::write(&ok, "id,name,lon,lat\na,A,2.29,45.60\nb,B,2.04,45.40\n").unwrap();
    let square = dir.path().join("m.csv");
    std::fs::write(&square, "id,depot,a,b\ndepot,0,1,2\na,1,0,2\n").unwrap();
    let err = m.fail(&[
        "tours",
        "plan",
        "--candidates",
        ok.to_str().unwrap(),
        "--matrix",
        square.to_str().unwrap(),
    ]);
    assert!(err.contains("m.csv:4") && err.contains("square"), "{err}");
    std::fs::write(&square, "id,depot,a,x\ndepot,0,1,2\na,1,0,2\nx,1,1,0\n").unwrap();
    let err = m.fail(&[
        "tours",
        "plan",
        "--candidates",
        ok.to_str().unwrap(),
        "--matrix",
        square.to_str().unwrap(),
        "--depot",
        "1.77,45.27",
    ]);
    assert!(err.contains("m.csv:1") && err.contains("an id b"), "{err}");

    let err = m.fail(&["tours", "plan", "--departement", "999"]);
    assert!(err.contains("--departement"), "{err}");
    let err = m.fail(&[
        "tours",
        "plan",
        "--departement",
        "19",
        "--horizon",
        "3w",
        "--frequency",
        "fortnightly",
    ]);
    assert!(
        err.contains("--horizon:") && err.contains("multiple of 2"),
        "{err}"
    );
    let err = m.fail(&[
        "tours",
        "plan",
        "--departement",
        "19",
        "--break",
        "08:00-09:30",
    ]);
    assert!(
        err.contains("--break") && err.contains("within the working hours"),
        "{err}"
    );
    // A département with no commune in the registry.
    let empty = Maillage::new();
    let err = empty.fail(&["tours", "plan", "--departement", "19"]);
    assert!(err.contains("no commune of département 19"), "{err}");
}

#[test]
fn api_plans_tours_and_explains_what_cannot_be_met() {
    let m = france();
    m.run(&[
        "import",
        "roads",
        shared("osm/monaco.osm.pbf").to_str().unwrap(),
    ]);
    let s = m.serve(&[]);
    let (status, plan) = s.post(
        "/api/tours/plan",
        &json!({"departement": "19", "units": 1, "horizon_weeks": 4, "minutes": 15,
                "search_seconds": 0.3}),
    );
    assert_eq!(status, 200, "{plan}");
    check_plan(&plan, 240.0, 120);
    assert!(!plan["stops"].as_array().unwrap().is_empty());
    // Corrèze is outside the loaded network (Monaco): the straight-line model, said so.
    assert_eq!(plan["travel"]["source"], "crowfly");

    for (body, status, parameter) in [
        (
            json!({"departement": "19", "candidates": [{"point": [1.8, 45.3], "window": ["09:00", "10:00"]}]}),
            400,
            "candidates[0].window",
        ),
        // Long enough and within the working hours, but wholly inside the default break.
        (
            json!({"departement": "19", "visit_minutes": 60,
                   "candidates": [{"point": [1.8, 45.3], "window": ["12:00", "13:30"]}]}),
            400,
            "candidates[0].window",
        ),
        (json!({"departement": "1900"}), 400, "departement"),
        (json!({"departement": "19", "units": 50}), 400, "units"),
        (
            json!({"departement": "19", "unit_ids": ["u-a", "u-b", "u-a"]}),
            400,
            "unit_ids[2]",
        ),
        (
            json!({"departement": "19", "search_seconds": 100}),
            422,
            "search_seconds",
        ),
        // In the sea off Monaco, inside the road network's area.
        (
            json!({"depot": [7.45, 43.72], "candidates": [{"point": [7.4253, 43.7455]}]}),
            422,
            "depot",
        ),
    ] {
        let (got, problem) = s.post("/api/tours/plan", &body);
        assert_eq!(got, status, "{body} → {problem}");
        assert_eq!(problem["parameter"], parameter, "{problem}");
        assert!(problem["detail"].as_str().unwrap().len() > 20, "{problem}");
    }
    let (got, problem) = s.post_raw(
        "/api/tours/plan",
        "application/json",
        "{\"departement\": 19}",
    );
    assert!(got == 400 || got == 422, "{got} {problem}");
}

#[test]
fn cli_plans_an_imported_unit_from_its_depot() {
    let m = france();
    let ex = |f: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/mobile")
            .join(f)
            .to_string_lossy()
            .into_owned()
    };
    m.run(&[
        "import",
        "mobile",
        &ex("units.csv"),
        &ex("stops.csv"),
        &ex("visits.csv"),
    ]);
    let out = m.run(&[
        "tours",
        "plan",
        "--departement",
        "19",
        "--unit",
        "bus-haute-correze",
        "--minutes",
        "15",
        "--format",
        "json",
        "--search-seconds",
        "0.3",
    ]);
    let plan: Value = serde_json::from_str(&out).expect("JSON");
    check_plan(&plan, 240.0, 120);
    let unit = &plan["units"][0];
    assert_eq!(unit["unit"], "bus-haute-correze");
    assert_eq!(unit["name"], "Bus numérique de Haute-Corrèze");
    assert_eq!(unit["depot"], json!([2.313825, 45.54484]));
    let err = m.fail(&[
        "tours",
        "plan",
        "--departement",
        "19",
        "--unit",
        "no-such-bus",
    ]);
    assert!(
        err.contains("--unit[0]") && err.contains("no-such-bus"),
        "{err}"
    );
}
