//! The residents' API through the built binary on the default territory: nearest places with
//! every filter, sorted by travel time, read at an instant (`open_at` across Christmas with
//! `PH off`), hours and names in words; the search box; bad parameters as problems.

mod common;

use common::{shared, Maillage, Server};
use serde_json::Value;

/// Salers (Cantal), a commune of the territory without a place of its own.
const SALERS: (f64, f64) = (45.1394, 2.4952);

/// Two places in Salers, written after the standard's example file: the same weekday hours,
/// one closed on public holidays (`PH off`), free, walk-in, with audiences and support; the
/// other paying, by phone only.
fn write_places(m: &Maillage) -> std::path::PathBuf {
    let today = chrono::Utc::now().date_naive().to_string();
    let common = [
        ("pivot", "43493312300029"),
        ("commune", "Salers"),
        ("code_postal", "15140"),
        ("code_insee", "15219"),
        ("typologie", "EPN"),
        ("source", "residents-test"),
        ("itinerance", "Fixe"),
        ("services", "Aide aux démarches administratives"),
        ("modalites_accompagnement", "Accompagnement individuel"),
        ("horaires", "Mo-Fr 09:00-12:00,13:30-17:30"),
    ];
    let a = [
        ("id", "salers-ph-off"),
        ("nom", "ESPACE NUMÉRIQUE DE SALERS &amp; ENVIRONS"),
        ("adresse", "PLACE TYSSANDIER D'ESCOUS"),
        ("commune", "SALERS"),
        ("latitude", "45.1394"),
        ("longitude", "2.4952"),
        ("telephone", "+33473827985"),
        ("horaires", "Mo-Fr 09:00-12:00,13:30-17:30; PH off"),
        ("date_maj", "2020-01-15"),
        (
            "publics_specifiquement_adresses",
            "Seniors|Familles et/ou enfants",
        ),
        (
            "prise_en_charge_specifique",
            "Surdité|Langues étrangères (anglais)",
        ),
        ("frais_a_charge", "Gratuit"),
        ("modalites_acces", "Se présenter|Téléphoner"),
        (
            "fiche_acces_libre",
            "https://acceslibre.beta.gouv.fr/app/15-salers/",
        ),
    ];
    let b = [
        ("id", "salers-open-on-holidays"),
        ("nom", "Bibliothèque des Tilleuls"),
        ("adresse", "Rue des Templiers"),
        ("latitude", "45.1420"),
        ("longitude", "2.4990"),
        ("date_maj", today.as_str()),
        ("frais_a_charge", "Payant"),
        ("modalites_acces", "Téléphoner"),
    ];
    write_rows(m, "salers.csv", &[&a, &b], &common)
}

/// A places file in the standard's columns (those of its example file), one row per list of
/// `(column, value)`, `common` filling the columns a row does not give.
fn write_rows(
    m: &Maillage,
    name: &str,
    rows: &[&[(&str, &str)]],
    common: &[(&str, &str)],
) -> std::path::PathBuf {
    let example = std::fs::read_to_string(shared("standard/exemple-valide-v1.0.2.csv")).unwrap();
    let header = example.lines().next().unwrap();
    let columns: Vec<String> = csv::ReaderBuilder::new()
        .from_reader(header.as_bytes())
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let path = m.dir.path().join(name);
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(&columns).unwrap();
    for row in rows {
        let value = |c: &str| {
            row.iter()
                .chain(common.iter())
                .find(|(k, _)| *k == c)
                .map_or("", |(_, v)| *v)
        };
        w.write_record(columns.iter().map(|c| value(c))).unwrap();
    }
    w.flush().unwrap();
    path
}

fn server() -> (Maillage, Server) {
    let m = Maillage::with_territory();
    let file = write_places(&m);
    m.run(&["import", "places", file.to_str().unwrap()]);
    let s = m.serve(&[]);
    (m, s)
}

fn nearest(s: &Server, extra: &str) -> Value {
    s.json(&format!(
        "/api/places/nearest?lat={}&lon={}&limit=20{extra}",
        SALERS.0, SALERS.1
    ))
}

fn ids(fc: &Value) -> Vec<String> {
    fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

fn feature<'a>(fc: &'a Value, id: &str) -> &'a Value {
    fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in {:?}", ids(fc)))
}

fn every(fc: &Value, what: &str, test: impl Fn(&Value) -> bool) {
    let features = fc["features"].as_array().unwrap();
    assert!(!features.is_empty(), "{what}: no result");
    for f in features {
        assert!(test(&f["properties"]), "{what}: {}", f["properties"]);
    }
}

fn has(list: &Value, label: &str) -> bool {
    list.as_array().unwrap().iter().any(|v| v == label)
}

#[test]
fn nearest_places_with_filters_hours_and_christmas() {
    let (_m, s) = server();

    // Christmas Day 2024, 10:00 in Paris: the `PH off` place is closed, the other open; the
    // place's sheet read at that instant says when it opens again.
    let one = s.json("/api/places/salers-ph-off?open_at=2024-12-25T10:00");
    let a = &one["properties"];
    assert_eq!(a["ouverture"]["etat"], "ferme");
    assert_eq!(a["ouverture"]["texte_fr"], "Ouvre demain à 9 h");
    assert_eq!(a["ouverture"]["texte_en"], "Opens tomorrow at 9 am");
    assert_eq!(a["ouverture"]["prochaine"], "2024-12-26T09:00:00+01:00");
    let week = a["horaires_texte"]["fr"].as_array().unwrap();
    assert_eq!(week[0], "Lundi : 9 h – 12 h, 13 h 30 – 17 h 30");
    assert_eq!(week[2], "Mercredi 25 décembre (jour férié) : fermé");
    assert_eq!(week[5], "Samedi : fermé");
    assert_eq!(week[7], "Jours fériés : fermé");
    assert_eq!(
        a["horaires_texte"]["en"][0],
        "Monday: 9 am – 12 pm, 1:30 pm – 5:30 pm"
    );
    assert_eq!(a["horaires_invalides"], Value::Null);
    assert_eq!(a["nom_affiche"], "Espace Numérique de Salers & Environs");
    assert_eq!(a["telephone_affiche"], "04 73 82 79 85");
    assert_eq!(a["telephone"], "+33473827985");
    assert_eq!(
        a["adresse_affiche"],
        "Place Tyssandier d'Escous, 15140 Salers"
    );
    assert_eq!(a["adresse"], "PLACE TYSSANDIER D'ESCOUS");
    assert_eq!(a["date_maj_ancienne"], true);

    // `open_at` filters: on Christmas morning only places open then are listed.
    let christmas = nearest(&s, "&open_at=2024-12-25T10:00");
    assert_eq!(christmas["model"], "crow-fly");
    assert_eq!(christmas["mode"], "car");
    assert_eq!(christmas["evalue_a"], "2024-12-25T10:00:00+01:00");
    let open_ids = ids(&christmas);
    assert!(
        !open_ids.contains(&"salers-ph-off".to_string()),
        "{open_ids:?}"
    );
    every(&christmas, "open at Christmas", |p| {
        p["ouverture"]["etat"] == "ouvert"
    });
    let b = &feature(&christmas, "salers-open-on-holidays")["properties"];
    assert_eq!(b["ouverture"]["texte_fr"], "Ouvert jusqu'à 12 h");
    assert_eq!(b["ouverture"]["jusqu_a"], "2024-12-25T12:00:00+01:00");
    assert_eq!(b["date_maj_ancienne"], false);
    // …the same instant written in UTC, or with its offset.
    assert_eq!(ids(&nearest(&s, "&open_at=2024-12-25T09:00:00Z")), open_ids);
    assert_eq!(
        ids(&nearest(&s, "&open_at=2024-12-25T10:00:00%2B01:00")),
        open_ids
    );
    // The day before, both are open.
    let eve = ids(&nearest(&s, "&open_at=2024-12-24T10:00"));
    assert!(eve.contains(&"salers-ph-off".to_string()), "{eve:?}");
    assert!(
        eve.contains(&"salers-open-on-holidays".to_string()),
        "{eve:?}"
    );
    // A Saturday evening: every place listed is open then, or none is.
    for f in nearest(&s, "&open_at=2024-12-21T20:00")["features"]
        .as_array()
        .unwrap()
    {
        assert_eq!(
            f["properties"]["ouverture"]["etat"], "ouvert",
            "{}",
            f["id"]
        );
    }

    // Without a filter: by travel time, each with its time and distance.
    let all = nearest(&s, "");
    let times: Vec<f64> = all["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["duree_min"].as_f64().unwrap())
        .collect();
    assert_eq!(times.len(), 20, "{times:?}");
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    assert_eq!(ids(&all)[0], "salers-ph-off");
    every(&all, "distances", |p| p["distance_m"].as_f64().is_some());

    // Filters.
    let free = nearest(&s, "&gratuit=true");
    every(&free, "gratuit", |p| has(&p["frais_a_charge"], "Gratuit"));
    assert!(ids(&free).contains(&"salers-ph-off".to_string()));
    assert!(!ids(&free).contains(&"salers-open-on-holidays".to_string()));
    every(&nearest(&s, "&sans_rdv=true"), "sans_rdv", |p| {
        has(&p["modalites_acces"], "Se présenter")
    });
    let deaf = nearest(&s, "&accompagnements=surdite");
    every(&deaf, "surdite", |p| {
        has(&p["prise_en_charge_specifique"], "Surdité")
    });
    assert_eq!(ids(&deaf)[0], "salers-ph-off");
    every(
        &nearest(&s, "&accompagnements=langues-etrangeres"),
        "langues",
        |p| {
            has(
                &p["prise_en_charge_specifique"],
                "Langues étrangères (anglais)",
            ) || has(
                &p["prise_en_charge_specifique"],
                "Langues étrangères (autres)",
            )
        },
    );
    every(&nearest(&s, "&publics=seniors,familles"), "publics", |p| {
        has(&p["publics_specifiquement_adresses"], "Seniors")
            && has(
                &p["publics_specifiquement_adresses"],
                "Familles et/ou enfants",
            )
    });
    every(&nearest(&s, "&accessible=true"), "accessible", |p| {
        p["fiche_acces_libre"].is_string()
            || has(&p["prise_en_charge_specifique"], "Handicaps moteurs")
    });
    let fs = nearest(&s, "&france_services=true");
    every(&fs, "france_services", |p| p["france_services"] == true);
    every(&nearest(&s, "&itinerance=fixe"), "fixe", |p| {
        p["mobile"] == false
    });

    // On foot, the same places take longer.
    let foot = nearest(&s, "&mode=foot&limit=3");
    assert_eq!(foot["mode"], "foot");
    let car = nearest(&s, "&mode=car&limit=3");
    let t = |fc: &Value| {
        fc["features"][1]["properties"]["duree_min"]
            .as_f64()
            .unwrap()
    };
    assert!(t(&foot) > t(&car), "{} vs {}", t(&foot), t(&car));

    // Bad parameters are problems naming the parameter.
    for (query, parameter) in [
        ("&open_at=demain", "open_at"),
        ("&open_at=2024-12-25", "open_at"),
        ("&open_at=2024-12-25T10:00&open_now=true", "open_now"),
        ("&gratuit=peut-etre", "gratuit"),
        ("&accompagnements=telepathie", "accompagnements"),
        ("&publics=martiens", "publics"),
        ("&mode=bike", "mode"),
        ("&sans_rdv=2", "sans_rdv"),
    ] {
        let (status, ctype, body) = s.get(&format!(
            "/api/places/nearest?lat={}&lon={}{query}",
            SALERS.0, SALERS.1
        ));
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(ctype, "application/problem+json", "{query}");
        assert_eq!(body["parameter"], parameter, "{query}: {body}");
    }
    let (status, ctype, _) = s.get("/api/places/salers-ph-off?open_at=noel");
    assert_eq!((status, ctype.as_str()), (400, "application/problem+json"));
    // A far year (chrono reads up to six digits) is refused before any date arithmetic.
    for far in [
        "%2B262143-12-31T12:00",
        "9999-12-31T12:00",
        "0001-01-01T00:00",
    ] {
        for path in [
            format!("/api/places/salers-ph-off?open_at={far}"),
            format!(
                "/api/places/nearest?lat={}&lon={}&open_at={far}",
                SALERS.0, SALERS.1
            ),
        ] {
            let (status, ctype, body) = s.get(&path);
            assert_eq!(
                (status, ctype.as_str()),
                (400, "application/problem+json"),
                "{path}"
            );
            assert_eq!(body["parameter"], "open_at", "{path}: {body}");
        }
    }
}

#[test]
fn search_box_ranks_communes_postcodes_and_places() {
    let (_m, s) = server();
    let search = |q: &str| -> Vec<Value> {
        s.json(&format!("/api/search?q={q}&limit=10"))["features"]
            .as_array()
            .unwrap()
            .clone()
    };
    let first = |q: &str| search(q)[0]["properties"].clone();
    let mauriac = first("mauriac");
    assert_eq!(mauriac["kind"], "commune");
    assert_eq!(mauriac["label"], "Mauriac (15200)");
    assert_eq!(mauriac["code_insee"], "15120");
    assert_eq!(mauriac["id"], Value::Null);
    assert_eq!(first("MAURIAC")["code_insee"], "15120");
    assert_eq!(first("Mauriak")["code_insee"], "15120");
    assert_eq!(first("st%20flour")["code_insee"], "15187");
    assert_eq!(first("saint-flour")["code_insee"], "15187");
    assert_eq!(first("sallers")["code_insee"], "15219");
    // A postcode finds its communes, and only them.
    let by_postcode = search("15200");
    assert!(by_postcode.len() >= 5, "{by_postcode:?}");
    for f in &by_postcode {
        assert_eq!(f["properties"]["kind"], "commune");
        assert!(
            f["properties"]["codes_postaux"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "15200"),
            "{f}"
        );
    }
    assert!(by_postcode
        .iter()
        .any(|f| f["properties"]["code_insee"] == "15120"));
    // A place by name, with what residents read.
    let place = first("espace%20numerique%20salers");
    assert_eq!(place["kind"], "place");
    assert_eq!(place["id"], "salers-ph-off");
    assert_eq!(place["label"], "Espace Numérique de Salers & Environs");
    assert_eq!(place["code_insee"], "15219");
    assert!(place["ouverture"]["texte_fr"].is_string());
    // Scores within 0..1, best first.
    let hits = search("saint");
    let scores: Vec<f64> = hits
        .iter()
        .map(|f| f["properties"]["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)), "{scores:?}");
    // Empty or too long: a problem.
    for q in ["", "%20%20", &"a".repeat(201)] {
        let (status, ctype, body) = s.get(&format!("/api/search?q={q}"));
        assert_eq!(status, 400, "{body}");
        assert_eq!(ctype, "application/problem+json");
        assert_eq!(body["parameter"], "q");
    }
    let (status, _, body) = s.get("/api/search?q=mauriac&lat=45.2");
    assert_eq!(status, 400, "{body}");

    // The places' filters restrict the places found by name; communes stay.
    let place_ids = |extra: &str| -> Vec<String> {
        s.json(&format!("/api/search?q=salers&limit=20{extra}"))["features"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["properties"]["kind"] == "place")
            .map(|f| f["properties"]["id"].as_str().unwrap().to_string())
            .collect()
    };
    let all = place_ids("");
    assert!(all.iter().any(|id| id == "salers-ph-off"), "{all:?}");
    let free = place_ids("&gratuit=true");
    assert!(free.iter().any(|id| id == "salers-ph-off"), "{free:?}");
    // Christmas is a public holiday and the Salers space is closed then (`PH off`).
    let at_christmas = place_ids("&open_at=2024-12-25T10:00");
    assert!(
        !at_christmas.iter().any(|id| id == "salers-ph-off"),
        "{at_christmas:?}"
    );
    let on_a_monday = place_ids("&open_at=2024-12-23T10:00");
    assert!(
        on_a_monday.iter().any(|id| id == "salers-ph-off"),
        "{on_a_monday:?}"
    );
    let communes = s.json("/api/search?q=salers&gratuit=true")["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["kind"] == "commune")
        .count();
    assert!(communes >= 1);
    for bad in [
        "&gratuit=perhaps",
        "&open_at=tomorrow",
        "&services=juggling",
        "&colour=red",
    ] {
        let (status, ctype, body) = s.get(&format!("/api/search?q=salers{bad}"));
        assert_eq!(status, 400, "{bad}: {body}");
        assert_eq!(ctype, "application/problem+json");
    }
}

/// The nearest answer splices each place's feature from parts serialised once (the record,
/// the week in words, the opening state): each of its features must be, byte for byte, what
/// `/api/places/{id}` serialises for that place at the same instant, with the distance and
/// trip members of the list added; and the whole answer must be the text serde_json writes.
#[test]
fn nearest_features_are_the_one_place_answers_byte_for_byte() {
    let m = Maillage::with_territory();
    m.run(&["import", "places", write_places(&m).to_str().unwrap()]);
    // Places whose hours do not parse, and without hours, near Salers.
    let unread = [
        ("id", "salers-free-text-hours"),
        ("nom", "Médiathèque \"Le Cantou\" — accès libre"),
        ("adresse", "Rue du Beffroi"),
        ("latitude", "45.1401"),
        ("longitude", "2.4960"),
        ("horaires", "du lundi au vendredi 9h-12h"),
        ("telephone", "+33471407068"),
        ("date_maj", "2025-02-03"),
    ];
    let none = [
        ("id", "salers-no-hours"),
        ("nom", "POINT NUMÉRIQUE"),
        ("adresse", "Le Bourg"),
        ("latitude", "45.1380"),
        ("longitude", "2.4930"),
        ("horaires", ""),
        ("date_maj", "2021-06-30"),
    ];
    let common = [
        ("pivot", "21150219000012"),
        ("commune", "Salers"),
        ("code_postal", "15140"),
        ("code_insee", "15219"),
        ("source", "residents-test-hours"),
        ("services", "Aide aux démarches administratives"),
    ];
    let extra = write_rows(&m, "salers-hours.csv", &[&unread, &none], &common);
    m.run(&["import", "places", extra.to_str().unwrap()]);
    let s = m.serve(&[]);
    let points = [SALERS, (44.9265, 2.4396), (45.218, 2.333), (45.267, 1.77)];
    // `open_at` keeps the places open then; without it, every place, read now.
    let instants = [
        Some("2024-12-25T10:00"),
        Some("2024-12-24T18:00"),
        Some("2024-03-16T13:00"),
        Some("2025-07-14T09:30"),
        None,
    ];
    let variants = ["&limit=50", "&limit=7&mode=foot", "&limit=30&gratuit=true"];
    let (mut readable, mut unreadable, mut no_hours, mut compared) = (0, 0, 0, 0);
    for (lat, lon) in points {
        for at in instants {
            for extra in variants {
                let open_at = at.map_or(String::new(), |at| format!("&open_at={at}"));
                let path = format!("/api/places/nearest?lat={lat}&lon={lon}{open_at}{extra}");
                let (status, ctype, text) = s.get_text(&path);
                assert_eq!(
                    (status, ctype.as_str()),
                    (200, "application/geo+json"),
                    "{path}"
                );
                let answer: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(serde_json::to_string(&answer).unwrap(), text, "{path}");
                // The one-place answers are read at the instant this answer was.
                let read_at = answer["evalue_a"].as_str().unwrap().replace('+', "%2B");
                for f in answer["features"].as_array().unwrap() {
                    let id = f["id"].as_str().unwrap();
                    // The list's members sit between the place's and the resident's.
                    let keys: Vec<&str> = f["properties"]
                        .as_object()
                        .unwrap()
                        .keys()
                        .map(String::as_str)
                        .collect();
                    let from = keys.iter().position(|k| *k == "departement").unwrap();
                    assert_eq!(
                        keys[from..from + 5],
                        [
                            "departement",
                            "distance_m",
                            "duree_min",
                            "distance_trajet_m",
                            "nom_affiche"
                        ],
                        "{path}: {id}"
                    );
                    let mut alone = f.clone();
                    let props = alone["properties"].as_object_mut().unwrap();
                    for trip in ["distance_m", "duree_min", "distance_trajet_m"] {
                        props.shift_remove(trip);
                    }
                    match props["ouverture"]["texte_fr"].as_str().unwrap() {
                        "Horaires à vérifier" => unreadable += 1,
                        "Horaires non renseignés" => no_hours += 1,
                        _ => readable += 1,
                    }
                    let one = format!("/api/places/{}?open_at={read_at}", urlencode(id));
                    let (status, _, expected) = s.get_text(&one);
                    assert_eq!(status, 200, "{one}");
                    assert_eq!(
                        serde_json::to_string(&alone).unwrap(),
                        expected,
                        "{path}: {id}"
                    );
                    compared += 1;
                }
            }
        }
    }
    // Every kind of hours was compared: readable, unreadable, none.
    assert!(
        readable > 0 && unreadable > 0 && no_hours > 0,
        "{readable} {unreadable} {no_hours}"
    );
    assert!(compared > 500, "{compared}");
}

/// A place id in a path segment.
fn urlencode(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
