//! The ANCT France Services list (STANDARD.md §3) read into standard places.
//!
//! Day columns (`h_lundi` … `h_samedi`, `09:00 - 12:00 / 13:30 - 17:00`) become OSM opening
//! hours; `format_fs` tells fixed sites from buses; the stops of a bus, when its free-text
//! `commentaire` names a weekday and a commune, are read by [`bus_stops_from_comment`].

use crate::model::*;
use crate::standard::{RawRecord, RowCtx, RowError};
use chrono::{NaiveDate, Weekday};
use regex::Regex;
use std::sync::LazyLock;

/// The day columns of the file, Monday first, with their OSM abbreviation.
pub const DAY_COLUMNS: [(&str, &str); 6] = [
    ("h_lundi", "Mo"),
    ("h_mardi", "Tu"),
    ("h_mercredi", "We"),
    ("h_jeudi", "Th"),
    ("h_vendredi", "Fr"),
    ("h_samedi", "Sa"),
];

/// A France Services row as a place. Every usable row is accepted: faults are warnings.
pub(crate) fn place(rec: &RawRecord, dataset: &str, ctx: &mut RowCtx) -> Result<Place, RowError> {
    use crate::standard::check::*;
    let id_fs = required(ctx, "id_fs", rec.get("id_fs"))?;
    let nom = required(ctx, "lib_fs", rec.get("lib_fs"))?;
    let (latitude, longitude) = coordinates(ctx, rec.get("latitude"), rec.get("longitude"))?;
    let code_insee = insee(ctx, rec.get("insee_com"))?;

    let days: Vec<Option<&str>> = DAY_COLUMNS.iter().map(|(c, _)| rec.get(c)).collect();
    let (horaires, problems) = osm_hours(&days);
    for p in problems {
        ctx.warn(p);
    }
    let horaires_valid = horaires.as_ref().map(|h| crate::hours::parse(h).is_ok());

    let format_fs = rec.get("format_fs").unwrap_or("");
    let itinerance = match itinerance(format_fs) {
        Some(i) => vec![i],
        None => {
            ctx.unmapped("format_fs", format_fs);
            Vec::new()
        }
    };
    let modalites_acces = match rec.get("prise_rdv") {
        Some("Oui") => vec![ModaliteAcces::Telephoner],
        Some("Non") => vec![ModaliteAcces::SePresenter],
        Some(other) => {
            ctx.unmapped("prise_rdv", other);
            Vec::new()
        }
        None => Vec::new(),
    };
    let date_maj = date_of_dataset(dataset);
    if date_maj.is_none() {
        ctx.report
            .count_note("no date in the file name (…-YYYYMMDD): `date_maj` left empty");
    }
    let code_postal = code_postal(ctx, rec.get("code_postal"));
    let commune = wanted(ctx, "lib_com", rec.get("lib_com"));
    let adresse = wanted(ctx, "adresse", rec.get("adresse"));
    Ok(Place {
        id: format!("fs-{id_fs}"),
        pivot: String::new(),
        nom,
        commune,
        code_postal,
        code_insee,
        adresse,
        complement_adresse: opt(rec.get("complement_adresse")),
        latitude,
        longitude,
        typologie: vec!["RFS".to_string()],
        telephone: telephone(ctx, rec.get("telephone")),
        courriels: list(rec.get("mail")),
        site_web: Vec::new(),
        horaires,
        presentation_resume: None,
        presentation_detail: rec.get("commentaire").map(decode_hex_escapes),
        source: Some("ANCT France Services".to_string()),
        itinerance,
        structure_parente: None,
        date_maj,
        // Every France Services counter helps with administrative procedures, for free.
        services: vec![Service::DemarchesAdministratives],
        publics_specifiquement_adresses: Vec::new(),
        prise_en_charge_specifique: Vec::new(),
        frais_a_charge: vec![Frais::Gratuit],
        dispositif_programmes_nationaux: vec![Dispositif::FranceServices],
        formations_labels: Vec::new(),
        autres_formations_labels: Vec::new(),
        modalites_acces,
        modalites_accompagnement: vec![ModaliteAccompagnement::Individuel],
        fiche_acces_libre: None,
        prise_rdv: None,
        horaires_valid,
        sources: Vec::new(),
        warnings: Vec::new(),
    })
}

/// `format_fs` → itinerance. "Multisites" and "Fixe_antenne(s)" are fixed counters spread
/// over several buildings; "Bus_équivalent" and "Itinérante" move.
pub fn itinerance(format_fs: &str) -> Option<Itinerance> {
    match format_fs {
        "Fixe" | "Fixe_antenne(s)" | "Multisites" => Some(Itinerance::Fixe),
        "Bus_équivalent" | "Itinérante" => Some(Itinerance::Itinerant),
        _ => None,
    }
}

/// The date at the end of a dataset name (`france-services-20240801` → 2024-08-01).
fn date_of_dataset(dataset: &str) -> Option<NaiveDate> {
    let tail = dataset.get(dataset.len().checked_sub(8)?..)?;
    NaiveDate::parse_from_str(tail, "%Y%m%d").ok()
}

static INTERVAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})\s*[:hH]\s*(\d{2})\s*-\s*(\d{1,2})\s*[:hH]\s*(\d{2})$")
        .expect("valid regex")
});

/// Minutes since midnight of the intervals of one day cell, sorted and merged. `00:00 - 00:00`
/// (an empty slot in the producer's form) is skipped.
fn day_intervals(cell: &str, day: &str, problems: &mut Vec<String>) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for part in cell.split('/').map(str::trim).filter(|p| !p.is_empty()) {
        let Some(c) = INTERVAL.captures(part) else {
            problems.push(format!(
                "{day}: {part:?} is not an interval like 09:00 - 12:00, skipped"
            ));
            continue;
        };
        let n = |i: usize| c[i].parse::<u32>().unwrap_or(99);
        let (start, end) = (n(1) * 60 + n(2), n(3) * 60 + n(4));
        if start == 0 && end == 0 {
            continue;
        }
        if n(1) > 24 || n(3) > 24 || n(2) > 59 || n(4) > 59 || end <= start || end > 24 * 60 {
            problems.push(format!("{day}: {part:?} is not a valid interval, skipped"));
            continue;
        }
        out.push((start, end));
    }
    out.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::new();
    for (s, e) in out {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The six day cells (Monday to Saturday) as one OSM opening hours expression; consecutive
/// days with the same hours are merged (`Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00`).
/// Returns `None` when no day has hours, and the problems met on the way.
pub fn osm_hours(days: &[Option<&str>]) -> (Option<String>, Vec<String>) {
    let mut problems = Vec::new();
    let per_day: Vec<String> = days
        .iter()
        .zip(DAY_COLUMNS)
        .map(|(cell, (column, _))| {
            day_intervals(cell.unwrap_or(""), column, &mut problems)
                .iter()
                .map(|&(s, e)| format!("{}-{}", hhmm(s), hhmm(e)))
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    let mut rules = Vec::new();
    let mut i = 0;
    while i < per_day.len() {
        let mut j = i;
        while j + 1 < per_day.len() && per_day[j + 1] == per_day[i] {
            j += 1;
        }
        if !per_day[i].is_empty() {
            let days = if i == j {
                DAY_COLUMNS[i].1.to_string()
            } else {
                format!("{}-{}", DAY_COLUMNS[i].1, DAY_COLUMNS[j].1)
            };
            rules.push(format!("{days} {}", per_day[i]));
        }
        i = j + 1;
    }
    ((!rules.is_empty()).then(|| rules.join("; ")), problems)
}

/// Replaces `\xNN` escapes (Latin-1 code points, as some rows of the list carry) by the
/// characters they stand for.
pub fn decode_hex_escapes(text: &str) -> String {
    static ESCAPE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\\x([0-9A-Fa-f]{2})").expect("valid regex"));
    ESCAPE
        .replace_all(text, |c: &regex::Captures| {
            u8::from_str_radix(&c[1], 16)
                .map(|b| char::from(b).to_string())
                .unwrap_or_default()
        })
        .replace('\u{a0}', " ")
}

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?|(vend))\b")
        .expect("valid regex")
});

/// Words and marks between a weekday and the commune name: separators, times, ordinals,
/// parenthesised remarks, lower-case articles, and words like "matin" or "mairie".
static FILLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[\s:,;.\-–—/&+]+|\([^)]*\)",
        r"|\d{1,2}\s*[hH:]\s*\d{0,2}|\d+(?:er|ère|e|ème|eme)?\b",
        r"|(?:le|la|les|de|du|des|et|ou|en|à|a|au|aux|sur|rdv)\b|[dl]['’]",
        r"|(?i:matins?|apr[eè]s[- ]?midis?|soir|journées?|semaines?|paires|impaires|uniquement",
        r"|mairie|annexe|salle|bibliothèque|médiathèque|chaque|tous|toutes)\b)"
    ))
    .expect("valid regex")
});

/// What may separate two communes visited the same day: marks, times, remarks, "et"/"ou".
static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:[\s,;.\-–—/&+]+|\([^)]*\)",
        r"|\d{1,2}\s*[hH:]\s*\d{0,2}|(?:et|ou|puis)\b",
        r"|(?i:matins?|apr[eè]s[- ]?midis?|semaines?|paires|impaires)\b)"
    ))
    .expect("valid regex")
});

/// A run of capitalised words joined by spaces and lower-case connectors (de, sur, lès…).
const NAME: &str = concat!(
    r"\p{Lu}[\p{L}\p{M}'’\-]*",
    r"(?:(?:\s+(?:(?:de|du|des|la|le|les|sur|sous|en|lès|lez|aux|au|s/)\s+)*(?:[dl]['’])?)",
    r"\p{Lu}[\p{L}\p{M}'’\-]*)*"
);

static LEADING_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{NAME}")).expect("valid regex"));
static TRAILING_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"{NAME}\s*$")).expect("valid regex"));

/// Capitalised words that start a place description, not a commune name.
const NOT_A_NAME: &[&str] = &[
    "mairie",
    "bus",
    "quartier",
    "place",
    "parking",
    "centre",
    "salle",
    "marche",
    "espace",
    "maison",
    "tiers",
    "agence",
    "permanence",
    "itinerance",
    "rue",
    "avenue",
    "av",
    "bd",
    "boulevard",
    "chemin",
    "route",
    "ccas",
    "cias",
    "csf",
    "mpt",
    "boutique",
    "structure",
    "residence",
    "ecole",
    "college",
    "lycee",
    "pole",
    "mediatheque",
    "bibliotheque",
    "france",
    "service",
    "retrouvez",
    "semaine",
    "matin",
    "apres-midi",
    "sur",
    "rdv",
    "chaque",
    "tou",
    "toute",
    "sauf",
    "uniquement",
    "ouvert",
    "ferme",
    "dernier",
    "jour",
    "moi",
    "prise",
    "contact",
    "planning",
    "itinerant",
    "itinerante",
    "annexe",
    "cdc",
    "cc",
    "communaute",
    "commune",
    "ville",
    "pimms",
    "mobile",
    "camion",
    "accueil",
    "local",
    "gare",
    "foyer",
    "cite",
    "lieu",
    "site",
    "patronage",
    "et",
    "ou",
];
const ARTICLES: &[&str] = &["le", "la", "les", "l'", "de", "du", "des"];

/// Keeps the words of a name up to the first one that describes a building or a time;
/// `None` when nothing remains or only articles do.
fn clean_name(candidate: &str) -> Option<String> {
    let mut kept = Vec::new();
    for word in candidate.split_whitespace() {
        let f = deunicode::deunicode(word).to_lowercase();
        let singular = f.strip_suffix('s').unwrap_or(&f);
        if NOT_A_NAME.contains(&f.as_str()) || NOT_A_NAME.contains(&singular) {
            break;
        }
        kept.push(word);
    }
    while kept.last().is_some_and(|w| {
        ARTICLES.contains(&w.to_lowercase().as_str())
            || w.len() <= 2 && w.chars().all(char::is_lowercase)
    }) {
        kept.pop();
    }
    let only_articles = kept
        .iter()
        .all(|w| ARTICLES.contains(&w.to_lowercase().as_str()));
    (!only_articles).then(|| kept.join(" "))
}

fn weekday(word: &str) -> Option<Weekday> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('s');
    Some(match w {
        "lundi" => Weekday::Mon,
        "mardi" => Weekday::Tue,
        "mercredi" => Weekday::Wed,
        "jeudi" => Weekday::Thu,
        "vendredi" | "vend" => Weekday::Fri,
        "samedi" => Weekday::Sat,
        "dimanche" => Weekday::Sun,
        _ => return None,
    })
}

/// The stops of a mobile unit read from its free-text comment: each weekday with the
/// commune names that follow it ("lundis à la mairie de Monthois", "Mardi : Cogolin Place…",
/// "lundi-St Fraigne 9h30/15h30"), or the name right before a parenthesis that contains it
/// ("Breuil Magné (lundi matin)"). A name followed by a colon labels what comes next
/// ("AUZITS : Lundi"), a layout this does not read. Heuristic: names are what the text
/// says, not checked against the commune list; weeks of the month are not kept.
pub fn bus_stops_from_comment(text: &str) -> Vec<(Weekday, String)> {
    let text = decode_hex_escapes(text);
    let days: Vec<(usize, usize, Weekday)> = WEEKDAY
        .find_iter(&text)
        .filter_map(|m| weekday(m.as_str()).map(|d| (m.start(), m.end(), d)))
        .collect();
    let mut stops: Vec<(Weekday, String)> = Vec::new();
    for (i, &(start, end, day)) in days.iter().enumerate() {
        let before = &text[..start];
        let open = before.rfind('(');
        if open.is_some_and(|o| before.rfind(')').is_none_or(|c| c < o)) {
            // Inside parentheses: the names are just before them ("Lussant/St Coutant (lundi)").
            let prefix = &before[..open.unwrap_or(0)];
            let from = prefix.rfind([',', ';', ':', ')', '.']).map_or(0, |i| i + 1);
            for piece in prefix[from..].split('/') {
                if let Some(name) = TRAILING_NAME
                    .find(piece.trim_end())
                    .and_then(|m| clean_name(m.as_str()))
                {
                    stops.push((day, name));
                }
            }
            continue;
        }
        let next = days.get(i + 1).map_or(text.len(), |d| d.0);
        let mut rest = &text[end..next];
        let mut names = Vec::new();
        loop {
            let filler: &Regex = if names.is_empty() { &FILLER } else { &BETWEEN };
            while let Some(m) = filler.find(rest) {
                if m.end() == 0 {
                    break;
                }
                rest = &rest[m.end()..];
            }
            let Some(m) = LEADING_NAME.find(rest) else {
                break;
            };
            rest = &rest[m.end()..];
            if rest.trim_start().starts_with(':') {
                names.clear();
                break;
            }
            match clean_name(m.as_str()) {
                Some(name) if name.len() == m.as_str().trim().len() => names.push(name),
                Some(name) => {
                    names.push(name);
                    break;
                }
                None => break,
            }
        }
        stops.extend(names.into_iter().map(|n| (day, n)));
    }
    let mut unique = Vec::new();
    for s in stops {
        if !unique.contains(&s) {
            unique.push(s);
        }
    }
    unique
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_cells_become_osm_hours() {
        let (h, p) = osm_hours(&[
            Some("13:30 - 17:00"),
            Some("09:00 - 12:00 / 13:30 - 17:00"),
            Some("09:00 - 12:00 / 13:30 - 17:00"),
            Some("09:00 - 12:00 / 13:30 - 17:00"),
            Some("09:00 - 12:00 / 13:30 - 16:00"),
            None,
        ]);
        assert_eq!(
            h.as_deref(),
            Some("Mo 13:30-17:00; Tu-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00,13:30-16:00")
        );
        assert!(p.is_empty());
    }

    #[test]
    fn empty_slots_and_overlaps_are_cleaned() {
        // id_fs 1987: "00:00 - 00:00 / 08:00 - 15:00 / 08:00 - 16:00 / 08:00 - 16:00".
        let cell = "00:00 - 00:00 / 08:00 - 15:00 / 08:00 - 16:00 / 08:00 - 16:00";
        let (h, p) = osm_hours(&[Some(cell), None, None, None, None, Some("bientôt")]);
        assert_eq!(h.as_deref(), Some("Mo 08:00-16:00"));
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(osm_hours(&[None; 6]).0, None);
    }

    #[test]
    fn hex_escapes_are_decoded() {
        assert_eq!(
            decode_hex_escapes(r"Itin\xE9raire\x20actualis\xE9\xA0\x3A"),
            "Itinéraire actualisé :"
        );
    }

    #[test]
    fn stops_after_weekdays() {
        let t = "Lundi 14h30-17h Marans / Mardi 9h30-12h Longèves / Mercredi 9h30-12h Villedoux / Mercredi 14h30-17h Charron";
        assert_eq!(
            bus_stops_from_comment(t),
            vec![
                (Weekday::Mon, "Marans".to_string()),
                (Weekday::Tue, "Longèves".to_string()),
                (Weekday::Wed, "Villedoux".to_string()),
                (Weekday::Wed, "Charron".to_string()),
            ]
        );
    }

    #[test]
    fn stops_named_before_a_parenthesis_and_colon_labels() {
        let t = "sur les communes de : Breuil Magné (lundi matin), Muron (mardi matin)";
        assert_eq!(
            bus_stops_from_comment(t),
            vec![
                (Weekday::Mon, "Breuil Magné".to_string()),
                (Weekday::Tue, "Muron".to_string())
            ]
        );
        let t = "AUZITS : Lundi - après-midi SAUCLIERES et LAPANOUSE-DE-CERNON : Mardi semaines impaires";
        assert!(bus_stops_from_comment(t).is_empty());
        assert!(bus_stops_from_comment(
            "Sur rendez-vous uniquement le jeudi et vendredi après-midi"
        )
        .is_empty());
    }
}
