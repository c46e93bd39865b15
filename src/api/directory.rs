//! The printable directory of one commune: the nearest places with their addresses, phones
//! and hours in words, on A4 pages that print well in black and white. One renderer for
//! `GET /communes/{code}/annuaire` and `maillage annuaire --commune CODE --out FILE.html`; it
//! reads each place as the API gives it (`PlaceFeature`), so the page says what the API says.
//! Below the places, the next visits of mobile units at stops in or near the commune, from
//! the same timetable as `/api/visits/next`.

use super::features::PlaceFeature;
use super::places::travel;
use super::resident_view::ResidentView;
use super::texts::{escape_html, Texts};
use crate::mobile::{Occurrence, Since, Timetable};
use crate::model::display_text::display_address;
use crate::model::InseeCode;
use crate::registry::{PlaceFilter, Snapshot};
use crate::routing::{Profile, RoadNetwork};
use chrono::{DateTime, Datelike, NaiveDate};
use serde_json::Value;
use std::fmt::Write as _;

/// What the directory is made of, beyond the commune.
#[derive(Debug, Clone)]
pub struct DirectoryOptions {
    /// How many places (the nearest first).
    pub places: usize,
    /// The instant of the page: its date is printed ("Liste faite le …"), records more than a
    /// year older are flagged, the week of the hours is this one.
    pub at: DateTime<chrono_tz::Tz>,
    /// Where the online search lives (`https://example.org`), printed for those with internet.
    pub site: Option<String>,
}

/// How far from the town hall a stop's visits are listed, km (great-circle).
pub const MOBILE_RADIUS_KM: f64 = 15.0;
/// How many days ahead, and how many visits at most.
pub const MOBILE_DAYS: u32 = 31;
pub const MOBILE_VISITS: usize = 12;

/// Why a directory could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error("no commune with code {0} in the data")]
    UnknownCommune(InseeCode),
    #[error("commune {0} has no known position (no town hall nor outline)")]
    NoPosition(InseeCode),
    #[error("travel times: {0}")]
    Travel(String),
}

/// The directory of commune `code` as a complete HTML document (styles inline, no script):
/// the places nearest its point (town hall) by car, by road when `roads` covers it, else by
/// the straight-line model (the page says which).
pub fn render_directory(
    snapshot: &Snapshot,
    roads: Option<&RoadNetwork>,
    timetable: &Timetable,
    code: &InseeCode,
    texts: &Texts,
    options: &DirectoryOptions,
) -> Result<String, DirectoryError> {
    let commune = snapshot
        .commune(code)
        .ok_or_else(|| DirectoryError::UnknownCommune(code.clone()))?;
    let point = commune
        .point
        .ok_or_else(|| DirectoryError::NoPosition(code.clone()))?;
    let (lon, lat) = (point.x(), point.y());
    let nom = commune.nom.as_str();
    // As `/api/places/nearest`: straight-line candidates, then sorted by travel time.
    let near = snapshot.nearest(
        lon,
        lat,
        (options.places * 3).max(30),
        &PlaceFilter::default(),
    );
    let positions: Vec<[f64; 2]> = near
        .iter()
        .map(|n| {
            let (plon, plat) = snapshot.places[n.index]
                .place
                .lon_lat()
                .unwrap_or((lon, lat));
            [plon, plat]
        })
        .collect();
    let (trips, model) = travel(roads, [lon, lat], &positions, Profile::Car)
        .map_err(|e| DirectoryError::Travel(e.detail))?;
    let mut order: Vec<usize> = (0..near.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |k: usize| trips[k].0.unwrap_or(f64::INFINITY);
        key(a)
            .total_cmp(&key(b))
            .then(near[a].distance_m.total_cmp(&near[b].distance_m))
    });
    let today = options.at.date_naive();
    let places: Vec<Value> = order
        .into_iter()
        .take(options.places)
        .filter_map(|k| {
            let n = &near[k];
            let feature = PlaceFeature::new(
                snapshot,
                &snapshot.places[n.index],
                Some((n.distance_m * 10.0).round() / 10.0),
            )
            .with_resident(ResidentView::new(snapshot, n.index, options.at, today));
            let feature = match trips[k] {
                (Some(s), d) => feature.with_trip((s / 6.0).round() / 10.0, d.map(f64::round)),
                (None, _) => feature,
            };
            serde_json::to_value(feature).ok()
        })
        .collect();
    let road = model == crate::routing::ModelKind::Road;

    let t = |key: &str| escape_html(&texts.get(key, &[("commune", nom)]));
    let mut h = String::with_capacity(32 * 1024);
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>{h1}</h1>\n<p class=\"intro\">{intro}</p>\n<p class=\"date\">{date} {model}</p>\n",
        lang = texts.lang().code(),
        title = t("annuaire.titre_page"),
        model = t(if road {
            "recherche.modele_route"
        } else {
            "recherche.modele_vol"
        }),
        h1 = t("annuaire.titre"),
        intro = t("annuaire.intro"),
        date =
            escape_html(&texts.get("annuaire.imprime_le", &[("date", &long_date(texts, today))])),
    );
    if places.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", t("annuaire.aucun"));
    } else {
        h.push_str("<ol class=\"lieux\">\n");
        for (i, place) in places.iter().enumerate() {
            place_entry(&mut h, i + 1, place, texts, road);
        }
        h.push_str("</ol>\n");
    }
    let visits = timetable.next_near(
        lon,
        lat,
        MOBILE_RADIUS_KM * 1000.0,
        Since::Instant(options.at.with_timezone(&chrono::Utc)),
        MOBILE_DAYS,
        MOBILE_VISITS,
    );
    mobile_visits(&mut h, &visits, code, texts);
    if let Some(site) = &options.site {
        // Written to be typed from paper: no `%20%28` in it.
        let url = format!(
            "{}/recherche?q={}&code={}",
            site.trim_end_matches('/'),
            readable_query_value(&commune_label(nom, &commune.codes_postaux)),
            code
        );
        let link = format!("<a href=\"{0}\">{0}</a>", escape_html(&url));
        let sentence = escape_html(&texts.get("annuaire.plus", &[("url", "\u{1}")]));
        let _ = writeln!(
            h,
            "<p class=\"plus\">{}</p>",
            sentence.replace('\u{1}', &link)
        );
    }
    h.push_str("</main>\n</body>\n</html>\n");
    Ok(h)
}

/// One place: number and name, kind, distance, address, phone, how to be seen, price, hours.
fn place_entry(h: &mut String, number: usize, p: &Value, texts: &Texts, road: bool) {
    let props = &p["properties"];
    let s = |k: &str| props[k].as_str().unwrap_or("");
    let list = |k: &str| -> Vec<&str> {
        props[k]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    };
    let name = props["nom_affiche"].as_str().unwrap_or(s("nom"));
    let mut kinds = Vec::new();
    if props["france_services"].as_bool() == Some(true) {
        kinds.push(texts.get("lieu.genre_france_services", &[]));
    }
    if props["mobile"].as_bool() == Some(true) {
        kinds.push(texts.get("lieu.genre_mobile", &[]));
    }
    if kinds.is_empty() {
        kinds.push(texts.get("lieu.genre_fixe", &[]));
    }
    // The trip's distance by road; the straight line when times are modelled.
    let metres = if road {
        props["distance_trajet_m"].as_f64()
    } else {
        None
    }
    .or(props["distance_m"].as_f64());
    let how_far = match (metres, props["duree_min"].as_f64()) {
        (Some(m), Some(min)) => {
            let minutes = texts.get("lieu.minutes", &[("n", &min.round().max(1.0).to_string())]);
            let by = texts.get("lieu.en_voiture", &[]);
            let trip = format!("{minutes} {by}");
            let (distance, duree) = if road {
                (kilometres(texts, m), trip)
            } else {
                (
                    format!(
                        "{} {}",
                        kilometres(texts, m),
                        texts.get("annuaire.a_vol", &[])
                    ),
                    texts.get("annuaire.environ", &[("duree", &trip)]),
                )
            };
            texts.get(
                "annuaire.distance",
                &[("distance", &distance), ("duree", &duree)],
            )
        }
        (Some(m), None) => texts.get(
            "annuaire.distance",
            &[
                ("distance", &kilometres(texts, m)),
                ("duree", &texts.get("annuaire.a_vol", &[])),
            ],
        ),
        _ => String::new(),
    };
    let address = display_address(
        props["adresse"].as_str(),
        props["complement_adresse"].as_str(),
        props["code_postal"].as_str(),
        props["commune"].as_str(),
    );
    let phone = props["telephone_affiche"]
        .as_str()
        .or(props["telephone"].as_str());

    let _ = write!(
        h,
        "<li class=\"lieu\">\n<h2><span class=\"numero\">{number}.</span> {}</h2>\n\
         <p class=\"genre\">{}</p>\n<div class=\"colonnes\">\n<div>\n<p class=\"distance\">{}</p>\n\
         <p>{}</p>\n",
        escape_html(name),
        escape_html(&kinds.join(" · ")),
        escape_html(&how_far),
        escape_html(&address),
    );
    if let Some(phone) = phone {
        let _ = writeln!(
            h,
            "<p>{}{}<strong class=\"telephone\">{}</strong></p>",
            escape_html(&texts.get("lieu.telephone", &[])),
            escape_html(&texts.get("commun.deux_points", &[])),
            escape_html(phone)
        );
    }
    let access: Vec<&str> = list("modalites_acces")
        .into_iter()
        .map(|v| texts.vocab(v))
        .collect();
    if !access.is_empty() {
        let _ = writeln!(
            h,
            "<p>{}{}{}</p>",
            escape_html(&texts.get("annuaire.acces", &[])),
            escape_html(&texts.get("commun.deux_points", &[])),
            escape_html(&access.join(" · "))
        );
    }
    if let Some(rdv) = props["prise_rdv"].as_str() {
        let _ = writeln!(
            h,
            "<p>{}{}<span class=\"url\">{}</span></p>",
            escape_html(&texts.get("lieu.rdv_en_ligne", &[])),
            escape_html(&texts.get("commun.deux_points", &[])),
            escape_html(rdv)
        );
    }
    let fees: Vec<&str> = list("frais_a_charge")
        .into_iter()
        .map(|v| texts.vocab(v))
        .collect();
    if !fees.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", escape_html(&fees.join(" · ")));
    }
    let _ = write!(
        h,
        "</div>\n<div>\n<h3>{}</h3>\n",
        escape_html(&texts.get("annuaire.horaires", &[]))
    );
    hours(h, props, texts);
    h.push_str("</div>\n</div>\n");
    if props["date_maj_ancienne"].as_bool() == Some(true) {
        if let Some(d) = props["date_maj"]
            .as_str()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        {
            let _ = writeln!(
                h,
                "<p class=\"ancienne\">{}</p>",
                escape_html(&texts.get("lieu.ancienne", &[("date", &long_date(texts, d))]))
            );
        }
    }
    h.push_str("</li>\n");
}

/// The next visits of mobile units near the commune, one line each, or a line saying there
/// are none.
fn mobile_visits(h: &mut String, visits: &[Occurrence<'_>], code: &InseeCode, texts: &Texts) {
    let km = MOBILE_RADIUS_KM.to_string();
    let days = MOBILE_DAYS.to_string();
    let values = [("km", km.as_str()), ("jours", days.as_str())];
    let _ = write!(
        h,
        "<section class=\"mobiles\">\n<h2>{}</h2>\n",
        escape_html(&texts.get("annuaire.mobiles", &[]))
    );
    if visits.is_empty() {
        let _ = writeln!(
            h,
            "<p>{}</p>\n</section>",
            escape_html(&texts.get("annuaire.mobiles_aucun", &values))
        );
        return;
    }
    let _ = writeln!(
        h,
        "<p>{}</p>\n<ul class=\"passages\">",
        escape_html(&texts.get("annuaire.mobiles_intro", &values))
    );
    for v in visits {
        let when = texts.get(
            "annuaire.passage",
            &[
                (
                    "jour",
                    &texts.get(
                        &format!("annuaire.jours.{}", v.date.weekday().number_from_monday()),
                        &[],
                    ),
                ),
                ("date", &long_date(texts, v.date)),
                ("debut", &clock(texts, v.start)),
                ("fin", &clock(texts, v.end)),
            ],
        );
        let mut what = vec![v.unit.name.clone()];
        if let Some(phone) = &v.unit.phone {
            what.push(phone.clone());
        }
        // A stop in the commune itself needs no distance.
        if let Some(m) = v.distance_m.filter(|_| &v.stop.commune != code) {
            what.push(texts.get(
                "annuaire.a_distance",
                &[("distance", &kilometres(texts, m))],
            ));
        }
        let _ = writeln!(
            h,
            "<li><strong>{}</strong>{}{}<br>{}</li>",
            escape_html(&unbreakable_times(&when)),
            escape_html(&texts.get("commun.deux_points", &[])),
            escape_html(&v.stop.name),
            escape_html(&what.join(" · ")),
        );
    }
    h.push_str("</ul>\n</section>\n");
}

/// "9 h", "14 h 30" (French) or "9:00", "14:30" (English).
fn clock(texts: &Texts, t: chrono::NaiveTime) -> String {
    use chrono::Timelike;
    match (texts.lang().code(), t.minute()) {
        ("fr", 0) => format!("{} h", t.hour()),
        ("fr", m) => format!("{} h {m:02}", t.hour()),
        (_, m) => format!("{}:{m:02}", t.hour()),
    }
}

/// The week's hours in words, one line per day; the original text with a warning when it
/// could not be read; a word to call first when there are none.
fn hours(h: &mut String, props: &Value, texts: &Texts) {
    let lines: Vec<&str> = props["horaires_texte"][texts.lang().code()]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if !lines.is_empty() {
        h.push_str("<ul class=\"horaires\">\n");
        for line in &lines {
            let _ = writeln!(h, "<li>{}</li>", escape_html(&unbreakable_times(line)));
        }
        h.push_str("</ul>\n");
        // Seven lines: the rule says nothing of public holidays (an eighth line tells them).
        if lines.len() <= 7 {
            let _ = writeln!(
                h,
                "<p class=\"feries\">{}</p>",
                escape_html(&texts.get("lieu.feries", &[]))
            );
        }
        return;
    }
    // The original text when it does not parse, with a warning.
    let raw = props["horaires_invalides"].as_str();
    match raw {
        Some(raw) => {
            let _ = writeln!(
                h,
                "<p>{}</p>\n<p class=\"brut\">{}</p>",
                escape_html(&texts.get("lieu.horaires_invalides", &[])),
                escape_html(raw)
            );
        }
        None => {
            let _ = writeln!(
                h,
                "<p>{}</p>",
                escape_html(&texts.get("lieu.horaires_aucun", &[]))
            );
        }
    }
}

/// "16 h 30", "1:30 pm" kept on one line: no break between a number and its hour unit.
fn unbreakable_times(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let joins = c == ' '
            && match (prev, next) {
                (Some(p), Some(n)) => {
                    (p.is_ascii_digit() && (n == 'h' || n == 'a' || n == 'p'))
                        || (p == 'h' && n.is_ascii_digit())
                }
                _ => false,
            };
        out.push(if joins { '\u{a0}' } else { c });
    }
    out
}

/// "5,7 km" (French) or "5.7 km" (English), to 100 m under 10 km, to the km beyond.
fn kilometres(texts: &Texts, metres: f64) -> String {
    let km = metres / 1000.0;
    let n = if km < 10.0 {
        format!("{:.1}", (km * 10.0).round() / 10.0)
    } else {
        format!("{}", km.round())
    };
    let n = match texts.lang().code() {
        "fr" => n.replace('.', ","),
        _ => n,
    };
    texts.get("lieu.km", &[("n", &n)])
}

/// "30 novembre 2026" / "30 November 2026", months from the language file.
fn long_date(texts: &Texts, d: NaiveDate) -> String {
    let month = texts.get(&format!("annuaire.mois.{}", d.month()), &[]);
    let day = match d.day() {
        1 => texts.get("annuaire.premier_du_mois", &[]),
        n => n.to_string(),
    };
    format!("{day} {month} {}", d.year())
}

/// "Salers (15140)", as the search labels communes.
fn commune_label(nom: &str, postcodes: &[String]) -> String {
    match postcodes.first() {
        Some(cp) => format!("{nom} ({cp})"),
        None => nom.to_string(),
    }
}

/// A query value as people read and type it from paper: spaces as `+`; letters (accented ones
/// too: browsers accept them typed), digits and `-_.~()'` as they are; anything else
/// percent-encoded ("Salers (15140)" → "Salers+(15140)", "A&B" → "A%26B").
fn readable_query_value(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c == ' ' {
            out.push('+');
        } else if c.is_alphanumeric() || "-_.~()'".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// A4, black on white, large enough to read on a notice board; no colour carries meaning.
const STYLE: &str = "
@page { size: A4; margin: 14mm 14mm 16mm; }
* { box-sizing: border-box; }
body { margin: 0; color: #000; background: #fff; font: 11.5pt/1.35 system-ui, 'Segoe UI', Roboto, Arial, sans-serif; }
main { max-width: 190mm; margin: 0 auto; padding: 6mm 0; }
h1 { font-size: 18pt; line-height: 1.2; margin: 0 0 3mm; }
.intro { margin: 0 0 2mm; }
.date { margin: 0 0 5mm; font-style: italic; }
ol.lieux { list-style: none; margin: 0; padding: 0; }
li.lieu { border: 1.5pt solid #000; border-radius: 2mm; padding: 3mm 4mm; margin: 0 0 4mm; break-inside: avoid; page-break-inside: avoid; }
li.lieu h2 { font-size: 13.5pt; margin: 0; }
li.lieu h3 { font-size: 11pt; margin: 0 0 1mm; }
li.lieu p { margin: 0.6mm 0; }
.genre { font-style: italic; }
.distance { font-weight: 700; }
.colonnes { display: grid; grid-template-columns: 1fr 1fr; gap: 0 6mm; margin-top: 1.5mm; }
ul.horaires { list-style: none; margin: 0; padding: 0; }
.feries { margin: 1mm 0 0; font-style: italic; }
.telephone { font-size: 12.5pt; white-space: nowrap; }
.url, .brut { word-break: break-all; }
.brut { font-family: ui-monospace, monospace; }
.ancienne { font-style: italic; }
.ancienne::before { content: '⚠ '; font-style: normal; }
.mobiles { border-top: 1pt solid #000; margin-top: 5mm; }
.mobiles h2 { font-size: 13pt; }
ul.passages { margin: 1mm 0; padding-left: 5mm; }
ul.passages li { margin: 0 0 1.5mm; break-inside: avoid; page-break-inside: avoid; }
.plus { margin-top: 5mm; font-weight: 700; word-break: break-all; }
@media (max-width: 40rem) { .colonnes { grid-template-columns: 1fr; } }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_do_not_break_inside_a_time() {
        assert_eq!(
            unbreakable_times("Mardi : 9 h – 12 h, 13 h 30 – 16 h 30"),
            "Mardi : 9\u{a0}h – 12\u{a0}h, 13\u{a0}h\u{a0}30 – 16\u{a0}h\u{a0}30"
        );
        assert_eq!(
            unbreakable_times("Tuesday: 9 am – 1:30 pm"),
            "Tuesday: 9\u{a0}am – 1:30\u{a0}pm"
        );
    }

    #[test]
    fn query_values_are_readable_and_safe() {
        assert_eq!(readable_query_value("Salers (15140)"), "Salers+(15140)");
        assert_eq!(
            readable_query_value("Saint-Étienne (42000)"),
            "Saint-Étienne+(42000)"
        );
        assert_eq!(readable_query_value("L'Hôpital"), "L'Hôpital");
        assert_eq!(readable_query_value("A&B+C=D#E%"), "A%26B%2BC%3DD%23E%25");
    }
}
