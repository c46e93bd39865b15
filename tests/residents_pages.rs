//! The residents' pages as the binary serves them (`/recherche`, `/embed`, `/lieux/{id}`,
//! `/communes/{code}/annuaire`) and `maillage annuaire`, on the default territory. What the
//! pages do in a browser is in `tests/browser/residents.test.mjs`.

mod common;

use common::Maillage;

/// GET a path: status, headers we look at, body.
fn get(url: &str) -> (u16, String, String, Option<String>, String) {
    let resp = match ureq::get(url).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{url}: {e}"),
    };
    let status = resp.status();
    let ctype = resp.header("content-type").unwrap_or("").to_string();
    let csp = resp
        .header("content-security-policy")
        .unwrap_or("")
        .to_string();
    let frame = resp.header("x-frame-options").map(str::to_string);
    (status, ctype, csp, frame, resp.into_string().unwrap())
}

#[test]
fn the_directory_is_the_same_from_the_command_line_and_the_server() {
    let m = Maillage::with_territory();
    let server = m.serve(&[]);
    let out = m.dir.path().join("salers.html");
    let out_s = out.to_str().unwrap();
    m.run(&[
        "annuaire",
        "--commune",
        "15219",
        "--out",
        out_s,
        "--site",
        &server.url,
    ]);
    let file = std::fs::read_to_string(&out).unwrap();
    let (status, ctype, _, _, page) = get(&format!("{}/communes/15219/annuaire", server.url));
    assert_eq!(status, 200);
    assert_eq!(ctype, "text/html; charset=utf-8");
    // One renderer: the file is the page (same data, same day, same site address).
    assert_eq!(file, page);

    // The nearest places, in the order of /api/places/nearest from the town hall, by name.
    let commune = server.json("/api/communes/15219");
    let point = &commune["properties"]["point"];
    let near = server.json(&format!(
        "/api/places/nearest?lon={}&lat={}&limit=10",
        point[0], point[1]
    ));
    let names: Vec<&str> = near["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["nom_affiche"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 10);
    let mut at = 0;
    for (i, name) in names.iter().enumerate() {
        let heading = format!(
            "<span class=\"numero\">{}.</span> {}</h2>",
            i + 1,
            html(name)
        );
        let found = file[at..]
            .find(&heading)
            .unwrap_or_else(|| panic!("{heading} missing or out of order"));
        at += found + heading.len();
    }
    assert!(file.contains("<html lang=\"fr\">"));
    assert!(file.contains(&html(
        "Où trouver de l'aide pour le numérique près de Salers"
    )));
    // Hours in words, never the raw syntax; phones the French way.
    assert!(file.contains("Lundi : "), "no hours in words");
    assert!(
        !file.contains("Mo-") && !file.contains(":00-"),
        "raw hours syntax"
    );
    assert!(
        file.contains("Téléphone : <strong class=\"telephone\">04 71 "),
        "no phone written the French way"
    );
    // The online search, written to be typed from paper (no `%20%28`), and a link.
    let online = html(&format!(
        "{}/recherche?q=Salers+(15140)&code=15219",
        server.url
    ));
    assert!(
        file.contains(&format!("<a href=\"{online}\">{online}</a>")),
        "no readable link to the online search"
    );
    // Addresses without shouting capitals: those the data writes in capitals are not shown so.
    let shouting: Vec<&serde_json::Value> = near["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["properties"])
        .filter(|p| {
            let c = p["commune"].as_str().unwrap();
            c.len() > 3 && c == c.to_uppercase()
        })
        .collect();
    assert!(!shouting.is_empty(), "no commune in capitals near Salers");
    for p in shouting {
        let raw = format!(
            "{} {}",
            p["code_postal"].as_str().unwrap(),
            p["commune"].as_str().unwrap()
        );
        let shown = p["adresse_affiche"].as_str().unwrap();
        assert!(!shown.contains(&raw), "{shown}");
        assert!(file.contains(&html(shown)), "{shown} not in the directory");
        assert!(!file.contains(&html(&raw)), "{raw} in the directory");
    }
    // The rules say nothing of public holidays: the directory says to check.
    assert!(file.contains(&html("Les jours fériés, vérifiez auprès du lieu.")));

    // English, and a number of places.
    let en = m.run(&[
        "annuaire",
        "--commune",
        "15219",
        "--lang",
        "en",
        "--places",
        "3",
    ]);
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("Where to find help with computers and online forms near Salers"));
    assert!(en.contains("Monday: "));
    assert_eq!(en.matches("<li class=\"lieu\">").count(), 3);
}

/// The text as the page escapes it.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn the_directory_command_names_what_is_wrong() {
    let m = Maillage::with_territory();
    assert!(m
        .fail(&["annuaire", "--commune", "99999"])
        .contains("no commune with code 99999"));
    assert!(m
        .fail(&["annuaire", "--commune", "Salers"])
        .contains("--commune"));
    assert!(m
        .fail(&["annuaire", "--commune", "15219", "--places", "0"])
        .contains("--places"));
    let empty = Maillage::new();
    assert!(empty
        .fail(&["annuaire", "--commune", "15219"])
        .contains("has no communes"));
}

#[test]
fn the_pages_are_served_in_french_and_english_and_only_the_embed_may_be_framed() {
    let m = Maillage::with_territory();
    let server = m.serve(&[]);
    let base = &server.url;

    let (status, ctype, csp, frame, fr) = get(&format!("{base}/recherche"));
    assert_eq!((status, ctype.as_str()), (200, "text/html; charset=utf-8"));
    assert!(fr.contains("<html lang=\"fr\">"));
    assert!(fr.contains(&html(
        "Trouver de l'aide pour le numérique près de chez vous"
    )));
    assert!(!fr.contains("{{"), "a text was left unfilled");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(frame.as_deref(), Some("DENY"));

    let (_, _, _, _, en) = get(&format!("{base}/recherche?lang=en&q=Salers"));
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("Find help with computers and online forms near you"));

    let (status, _, csp, frame, embed) = get(&format!("{base}/embed?q=Salers"));
    assert_eq!(status, 200);
    assert!(embed.contains("<body class=\"page-recherche embed\">"));
    assert!(!fr.contains("page-recherche embed"));
    assert!(csp.contains("frame-ancestors *"), "{csp}");
    assert_eq!(frame, None);

    let places = server.json("/api/places?limit=1");
    let id = places["features"][0]["id"].as_str().unwrap();
    let (status, _, csp, _, sheet) = get(&format!("{base}/lieux/{id}"));
    assert_eq!(status, 200);
    assert!(sheet.contains("/lieu.js"));
    assert!(csp.contains("frame-ancestors 'none'"));
    let (status, ctype, _, _, body) = get(&format!("{base}/lieux/no-such-place"));
    assert_eq!((status, ctype.as_str()), (404, "application/problem+json"));
    assert!(body.contains("no-such-place"), "{body}");

    let (status, _, _, _, annuaire) = get(&format!("{base}/communes/15219/annuaire?lang=en"));
    assert_eq!(status, 200);
    assert!(annuaire.contains("near Salers"));
    let (status, ctype, _, _, body) = get(&format!("{base}/communes/15219/annuaire?places=0"));
    assert_eq!((status, ctype.as_str()), (400, "application/problem+json"));
    assert!(body.contains("places"), "{body}");
    let (status, _, _, _, _) = get(&format!("{base}/communes/99999/annuaire"));
    assert_eq!(status, 404);
    let (status, _, _, _, _) = get(&format!("{base}/communes/abc/annuaire"));
    assert_eq!(status, 400);

    // The texts of both languages are served to the scripts.
    let fr_texts = server.json("/i18n/fr.json");
    let en_texts = server.json("/i18n/en.json");
    assert_eq!(fr_texts["langue"]["code"], "fr");
    assert_eq!(en_texts["langue"]["code"], "en");
}
