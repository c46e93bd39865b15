//! Mobile units where residents and organisers meet them, through the binary, on the default
//! territory with the test units of `tests/fixtures/mobile-cantal`: the printable directory
//! (`maillage annuaire` and `/communes/{code}/annuaire`) lists the next visits near the
//! commune as `/api/visits/next` gives them; a place sheet finds its units and their visits;
//! and a unit's contribution to coverage is exactly the gaps it closes.

mod common;

use common::Maillage;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mobile-cantal")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

fn import_units(m: &Maillage) {
    m.run(&[
        "import",
        "mobile",
        &fixture("units.csv"),
        &fixture("stops.csv"),
        &fixture("visits.csv"),
    ]);
}

fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn array(v: &Value) -> &Vec<Value> {
    v.as_array().expect("an array")
}

#[test]
fn the_directory_lists_the_next_mobile_visits_near_the_commune() {
    let m = Maillage::with_territory();
    import_units(&m);
    let server = m.serve(&[]);
    let out = m.dir.path().join("salers.html");
    m.run(&[
        "annuaire",
        "--commune",
        "15219",
        "--out",
        out.to_str().unwrap(),
        "--site",
        &server.url,
    ]);
    let file = std::fs::read_to_string(&out).unwrap();
    let (status, _, page) = server.get_text("/communes/15219/annuaire");
    assert_eq!(status, 200);
    assert_eq!(file, page, "one renderer for the file and the page");
    assert!(
        !file.contains("seront indiqués ici"),
        "the placeholder is gone"
    );

    // The visits within 15 km of the town hall over 31 days, as the API gives them.
    let commune = server.json("/api/communes/15219");
    let point = &commune["properties"]["point"];
    let near = server.json(&format!(
        "/api/visits/next?lon={}&lat={}&radius_km=15&days=31&limit=12",
        point[0], point[1]
    ));
    let visits = array(&near["visits"]);
    assert!(!visits.is_empty(), "the Salers bus stops at Salers weekly");
    let section = &file[file.find("<section class=\"mobiles\">").expect(&file)..];
    let section = &section[..section.find("</section>").unwrap()];
    assert_eq!(section.matches("<li>").count(), visits.len(), "{section}");
    let mut at = 0;
    for v in visits {
        let stop = html(v["stop"]["name"].as_str().unwrap());
        let found = section[at..]
            .find(&stop)
            .unwrap_or_else(|| panic!("{stop} missing or out of order in {section}"));
        at += found + stop.len();
    }
    // Day, date and hours in words; a stop in the commune needs no distance, one outside has it.
    assert!(
        section.contains("Mercredi") && section.contains("de 9\u{a0}h à 12\u{a0}h"),
        "{section}"
    );
    assert!(section.contains("04 71 00 00 02"), "the unit's phone");
    let salers_line = section
        .lines()
        .find(|l| l.contains("Salers, place Tyssandier"))
        .unwrap();
    assert!(!salers_line.contains("de la mairie"), "{salers_line}");
    let anglards = section
        .lines()
        .find(|l| l.contains("Anglards-de-Salers, mairie"))
        .unwrap();
    assert!(anglards.contains("km de la mairie"), "{anglards}");

    // In English, and where no unit comes: said so.
    let (_, _, english) = server.get_text("/communes/15219/annuaire?lang=en");
    assert!(english.contains("Wednesday") && english.contains("9:00 to 12:00"));
    let (_, _, lyon) = server.get_text("/communes/69123/annuaire");
    assert!(
        lyon.contains("Aucun passage de bus ou de permanence itinérante"),
        "no unit near Lyon"
    );
}

#[test]
fn a_place_finds_its_units_and_a_units_contribution_is_the_gaps_it_closes() {
    let m = Maillage::with_territory();
    // The gaps of the Cantal before any unit.
    let gaps = |m: &Maillage| -> BTreeSet<(String, u64)> {
        let s = m.serve(&[]);
        array(&s.json("/api/gaps?departement=15&minutes=30")["gaps"])
            .iter()
            .map(|g| {
                (
                    g["code"].as_str().unwrap().to_string(),
                    g["population"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    // Before: every unit but the Aubrac bus (the Salers bus then counts by its stops, not at
    // its France Services address), so that the gaps the import closes are the Aubrac bus's.
    let dir = tempfile::tempdir().unwrap();
    let only_salers = |name: &str, keep: &dyn Fn(&str) -> bool| -> String {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        let mut lines = text.lines();
        let mut out = format!("{}\n", lines.next().unwrap());
        for l in lines.filter(|l| keep(l)) {
            out.push_str(l);
            out.push('\n');
        }
        let path = dir.path().join(name);
        std::fs::write(&path, out).unwrap();
        path.to_str().unwrap().to_string()
    };
    let visits = only_salers("visits.csv", &|l| l.starts_with("bus-salers,"));
    let visited: BTreeSet<String> = std::fs::read_to_string(&visits)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().to_string())
        .collect();
    let stops = only_salers("stops.csv", &|l| {
        visited.contains(l.split(',').next().unwrap())
    });
    let units = only_salers("units.csv", &|l| l.starts_with("bus-salers,"));
    m.run(&["import", "mobile", &units, &stops, &visits]);
    let before = gaps(&m);
    assert!(!before.is_empty(), "the Cantal has a gap: Saint-Urcize");
    import_units(&m);
    let after = gaps(&m);
    let closed: BTreeSet<_> = before.difference(&after).cloned().collect();
    assert!(!closed.is_empty(), "the Aubrac bus closes a gap");

    let s = m.serve(&[]);
    let c = s.json("/api/units/bus-aubrac/coverage?minutes=30");
    assert_eq!(c["unit"], "bus-aubrac");
    // Lieutadès is visited every other week: only the two weekly stops count.
    assert_eq!(c["weekly_stops"], 2);
    assert_eq!(c["departements"], serde_json::json!(["15"]));
    let gained: BTreeSet<(String, u64)> = array(&c["communes"])
        .iter()
        .filter(|x| x["within_after"] == true && x["within_before"] == false)
        .map(|x| {
            (
                x["code"].as_str().unwrap().to_string(),
                x["population"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(gained, closed);
    assert_eq!(
        c["population_gained"].as_u64().unwrap(),
        closed.iter().map(|(_, p)| p).sum::<u64>()
    );
    assert_eq!(
        c["population_within_after"].as_u64().unwrap()
            - c["population_within_before"].as_u64().unwrap(),
        c["population_gained"].as_u64().unwrap()
    );
    let (status, _, problem) = s.get("/api/units/bus-aubrac/coverage?minutes=500");
    assert_eq!(status, 400);
    assert_eq!(problem["parameter"], "minutes");
    let (status, _, _) = s.get("/api/units/nobody/coverage");
    assert_eq!(status, 404);

    // The France Services bus of Aurillac (fs-640) is the Salers unit: its sheet finds it.
    let units = s.json("/api/units?place=fs-640");
    let ids: Vec<&str> = array(&units["units"])
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["bus-salers"]);
    assert!(array(&s.json("/api/units?place=fs-1")["units"]).is_empty());
    let visits = s.json("/api/units/bus-salers/visits?from=2026-12-07&days=7&limit=10");
    let got: Vec<(&str, &str, &str)> = array(&visits["visits"])
        .iter()
        .map(|v| {
            (
                v["date"].as_str().unwrap(),
                v["start"].as_str().unwrap(),
                v["stop"]["id"].as_str().unwrap(),
            )
        })
        .collect();
    // Week of 7 December 2026: Wednesday at Salers then Anglards; the 2nd Friday (11th)
    // at Saint-Bonnet.
    assert_eq!(
        got,
        [
            ("2026-12-09", "09:00", "sa-salers"),
            ("2026-12-09", "14:00", "sa-anglards"),
            ("2026-12-11", "09:30", "sa-saint-bonnet"),
        ]
    );
}
