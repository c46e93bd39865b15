//! A bus's timetable read from the free text of the France Services list (`commentaire`):
//! which commune on which weekday, at what times, how often. The names come from
//! [`bus_stops_from_comment`]; this adds where in the text each was said, to read its
//! times (in its own part of the text, else in the sentence that introduces the tour, else
//! the unit's opening hours that day) and its rhythm (odd/even weeks, the Nth weekday).

use super::Recurrence;
use crate::standard::france_services::{bus_stops_from_comment, decode_hex_escapes};
use chrono::{NaiveTime, Weekday};
use regex::Regex;
use std::sync::LazyLock;

/// One stop read from a comment: a weekday and a name (not yet a commune).
#[derive(Debug, Clone, PartialEq)]
pub struct ReadStop {
    pub weekday: Weekday,
    pub name: String,
    /// The name with the words that follow it in the text, longest first ("Nanteau sur
    /// Essonne" where the reader stopped at "Nanteau"): tried before `name`.
    pub longer: Vec<String>,
    /// A postcode written just before the name (`62390 Auxi le Château`).
    pub postcode: Option<String>,
    /// Visit times that day; empty when none could be read.
    pub windows: Vec<(NaiveTime, NaiveTime)>,
    /// Where the times came from: `text`, `tour` (the sentence introducing the tour) or
    /// `hours` (the unit's published opening hours that day).
    pub times_from: &'static str,
    /// `None` when the text names a rhythm we cannot date (every other week with no start).
    pub recurrence: Option<Recurrence>,
    /// Town hall, library… when the text says so.
    pub venue: Option<String>,
    /// The words of the text about this stop.
    pub excerpt: String,
}

static DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?|vend)\b")
        .expect("regex")
});

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2})\s*[h:]\s*(\d{2})?\s*(?:-|–|à|a|/|jusqu'à)\s*(\d{1,2})\s*[h:]\s*(\d{2})?",
    )
    .expect("regex")
});

static NTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(1er|1ers|premiers?|2e|2ème|2eme|deuxièmes?|3e|3ème|3eme|troisièmes?|4e|4ème|4eme|quatrièmes?|derniers?)\s+$")
        .expect("regex")
});

fn day_of(word: &str) -> Option<Weekday> {
    super::csv_format::weekday(word.to_lowercase().trim_end_matches('s'))
}

/// Time windows written in a text (`9h30-12h`, `de 09H00 à 12H00`, `08:30 - 12:00`).
pub fn windows(text: &str) -> Vec<(NaiveTime, NaiveTime)> {
    RANGE
        .captures_iter(text)
        .filter_map(|c| {
            let t = |h: usize, m: usize| {
                let hour: u32 = c.get(h)?.as_str().parse().ok()?;
                let minute: u32 = c.get(m).map_or(Some(0), |m| m.as_str().parse().ok())?;
                NaiveTime::from_hms_opt(hour, minute, 0)
            };
            let (a, b) = (t(1, 2)?, t(3, 4)?);
            (a < b && a >= NaiveTime::from_hms_opt(6, 0, 0)?).then_some((a, b))
        })
        .collect()
}

/// The morning or afternoon windows of a day when the text says "matin" or "après-midi".
fn part_of_day(windows: Vec<(NaiveTime, NaiveTime)>, excerpt: &str) -> Vec<(NaiveTime, NaiveTime)> {
    let e = excerpt.to_lowercase();
    let noon = NaiveTime::from_hms_opt(13, 0, 0).expect("time");
    if e.contains("matin") && !e.contains("apr") {
        windows.into_iter().filter(|w| w.1 <= noon).collect()
    } else if e.contains("après-midi") || e.contains("apres-midi") || e.contains("après midi") {
        windows
            .into_iter()
            .filter(|w| w.0 >= noon - chrono::Duration::hours(1))
            .collect()
    } else {
        windows
    }
}

/// The unit's opening hours on `weekday` (none on Sunday or when the cell is empty), only the
/// morning or the afternoon when `excerpt` says so: the times of a stop whose text gives none.
fn opening_hours_of(
    day_hours: &[Option<&str>; 6],
    weekday: Weekday,
    excerpt: &str,
) -> Vec<(NaiveTime, NaiveTime)> {
    let column = weekday.num_days_from_monday() as usize;
    let hours = day_hours
        .get(column)
        .copied()
        .flatten()
        .map(windows)
        .unwrap_or_default();
    part_of_day(hours, excerpt)
}

/// The rhythm the words around a day mention give.
fn rhythm(before: &str, excerpt: &str) -> Option<Recurrence> {
    let e = excerpt.to_lowercase();
    if let Some(c) = NTH.captures(before) {
        let w = c[1].to_lowercase();
        let nth = match w.chars().next() {
            Some('1') | Some('p') => 1,
            Some('2') | Some('d') if !w.starts_with("der") => 2,
            Some('3') | Some('t') => 3,
            Some('4') | Some('q') => 4,
            _ => -1,
        };
        return Some(Recurrence::MonthlyNth { nth });
    }
    if e.contains("impaire") {
        Some(Recurrence::WeekParity { odd: true })
    } else if e.contains("paire") {
        Some(Recurrence::WeekParity { odd: false })
    } else if e.contains("sur deux")
        || e.contains("15 jours")
        || e.contains("quinze jours")
        || e.contains("du mois")
        || e.contains("par mois")
    {
        None
    } else {
        Some(Recurrence::WEEKLY)
    }
}

fn venue(excerpt: &str) -> Option<String> {
    let e = deunicode::deunicode(excerpt).to_lowercase();
    [
        ("mairie", "mairie"),
        ("mediatheque", "médiathèque"),
        ("bibliotheque", "bibliothèque"),
        ("salle", "salle"),
        ("marche", "marché"),
        ("place", "place"),
        ("espace", "espace"),
    ]
    .into_iter()
    .find(|(k, _)| e.contains(k))
    .map(|(_, v)| v.to_string())
}

/// Where one (weekday, name) pair stands: the name's offset and its day mention's.
struct Placed {
    weekday: Weekday,
    name: String,
    at: usize,
    mention: usize,
}

/// The stops a comment names, with times from the text or, failing that, from `day_hours`
/// (the unit's opening hours Monday to Saturday, as the list's `h_lundi` … cells).
pub fn read(comment: &str, day_hours: &[Option<&str>; 6]) -> Vec<ReadStop> {
    let text = decode_hex_escapes(comment);
    let days: Vec<(usize, usize, Weekday)> = DAY
        .find_iter(&text)
        .filter_map(|m| day_of(m.as_str()).map(|d| (m.start(), m.end(), d)))
        .collect();
    let region_end = |k: usize| days.get(k + 1).map_or(text.len(), |d| d.0);
    // Each name in the part of the text its day mention opens, or (for "Breuil Magné
    // (lundi)") just before a mention of its day.
    let placed: Vec<Placed> = bus_stops_from_comment(&text)
        .into_iter()
        .filter_map(|(weekday, name)| {
            let after = days
                .iter()
                .enumerate()
                .filter(|(_, d)| d.2 == weekday)
                .find_map(|(k, d)| {
                    find_word(&text[d.0..region_end(k)], &name).map(|i| (d.0 + i, k))
                });
            let before = || {
                let at = find_word(&text, &name)?;
                let k = days.iter().position(|d| d.2 == weekday && d.0 > at)?;
                Some((at, k))
            };
            let (at, mention) = after.or_else(before)?;
            Some(Placed {
                weekday,
                name,
                at,
                mention,
            })
        })
        .collect();
    let mut out = Vec::new();
    for p in &placed {
        let (start, word_end, _) = days[p.mention];
        let (own, lead) = if start <= p.at {
            // Up to the next name of the same day, or the next day.
            let next = placed
                .iter()
                .filter(|q| q.mention == p.mention && q.at > p.at)
                .map(|q| q.at)
                .min()
                .unwrap_or_else(|| region_end(p.mention));
            let first_name = placed
                .iter()
                .filter(|q| q.mention == p.mention && q.at >= start)
                .map(|q| q.at)
                .min()
                .unwrap_or(p.at);
            (&text[p.at..next], &text[word_end..first_name.max(word_end)])
        } else {
            let close = text[start..]
                .find(')')
                .map_or(text.len(), |c| start + c + 1);
            (&text[p.at..close], "")
        };
        let excerpt = format!("{} {}", &text[start..word_end], own.trim())
            .trim()
            .trim_end_matches([',', ';', '/', '-', '–'])
            .trim()
            .to_string();
        let mut times_from = "text";
        let mut w = windows(own);
        if w.is_empty() {
            w = windows(lead);
        }
        if w.is_empty() {
            // The sentence that introduces the tour: "Itinérances de 09H00 à 12H00 … les :".
            let sentence_start = text[..start].rfind(['.', '\n']).map_or(0, |i| i + 1);
            let first_day = days
                .iter()
                .find(|d| d.0 >= sentence_start)
                .map_or(start, |d| d.0);
            w = windows(&text[sentence_start..first_day.max(sentence_start)]);
            times_from = "tour";
        }
        if w.is_empty() {
            w = opening_hours_of(day_hours, p.weekday, &format!("{lead} {own}"));
            times_from = "hours";
        }
        let before_from = text[..start]
            .char_indices()
            .rev()
            .nth(20)
            .map_or(0, |(i, _)| i);
        out.push(ReadStop {
            weekday: p.weekday,
            name: p.name.clone(),
            longer: longer_names(&p.name, own),
            postcode: None,
            windows: w,
            times_from,
            recurrence: rhythm(&text[before_from..start], &format!("{lead} {own}")),
            venue: venue(&format!("{lead} {own}")),
            excerpt,
        });
    }
    out.extend(labelled(&text, day_hours));
    out.extend(after_postcodes(&text, &days, day_hours));
    out
}

/// The name followed by up to three more words of its part of the text, longest first.
fn longer_names(name: &str, own: &str) -> Vec<String> {
    let Some(rest) = own.strip_prefix(name) else {
        return Vec::new();
    };
    let words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .take(3)
        .take_while(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '’')
        })
        .collect();
    (1..=words.len())
        .rev()
        .map(|n| format!("{name} {}", words[..n].join(" ")))
        .collect()
}

/// A day mention's times: the weekday, its windows, where they came from, its words.
type DayTimes = (Weekday, Vec<(NaiveTime, NaiveTime)>, &'static str, String);

/// Times for each day mention in a part of the text: those after it up to the next mention,
/// or, for "MARDI ET VENDREDI 9H-12H", those of the next mention.
fn times_per_day(
    part: &str,
    offset: usize,
    days: &[(usize, usize, Weekday)],
    day_hours: &[Option<&str>; 6],
) -> Vec<DayTimes> {
    let inside: Vec<&(usize, usize, Weekday)> = days
        .iter()
        .filter(|d| d.0 >= offset && d.1 <= offset + part.len())
        .collect();
    let mut out = Vec::new();
    for (i, d) in inside.iter().enumerate() {
        let mut found = Vec::new();
        for next in inside[i..].iter().enumerate() {
            let (j, e) = next;
            let end = inside.get(i + j + 1).map_or(offset + part.len(), |n| n.0);
            let segment = &part[e.1 - offset..end - offset];
            found = windows(segment);
            if !found.is_empty() || segment.trim().len() > 12 {
                break;
            }
        }
        let end = inside.get(i + 1).map_or(offset + part.len(), |n| n.0);
        let segment = part[d.0 - offset..end - offset].to_string();
        if found.is_empty() {
            found = opening_hours_of(day_hours, d.2, &segment);
            out.push((d.2, found, "hours", segment));
        } else {
            out.push((d.2, found, "text", segment));
        }
    }
    out
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:PERMANENCE\s+(?:DE\s+|D['’]\s*))?",
        r"(\p{Lu}[\p{Lu}'’\-]+(?:\s+(?:et|ET|DE|DU|SUR|EN|LA|LE)?\s*\p{Lu}[\p{Lu}'’\-]+)*)\s*:",
    ))
    .expect("regex")
});

/// The layout "AUZITS : Lundi après-midi", "PERMANENCE DE TRUN : LUNDI 9H-12H ET JEUDI
/// 14H-17H": communes in capitals labelling the days that follow, up to the next label.
fn labelled(text: &str, day_hours: &[Option<&str>; 6]) -> Vec<ReadStop> {
    let days: Vec<(usize, usize, Weekday)> = DAY
        .find_iter(text)
        .filter_map(|m| day_of(m.as_str()).map(|d| (m.start(), m.end(), d)))
        .collect();
    let labels: Vec<(usize, usize, String)> = LABEL
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let name = c.get(1)?.as_str().to_string();
            // A weekday in capitals is no label ("LUNDI : …").
            (day_of(name.split_whitespace().next()?).is_none()).then_some((
                whole.start(),
                whole.end(),
                name,
            ))
        })
        .collect();
    let mut out = Vec::new();
    for (i, (_, end, label)) in labels.iter().enumerate() {
        let stop = labels.get(i + 1).map_or(text.len(), |l| l.0);
        let part = &text[*end..stop];
        for (weekday, windows, times_from, excerpt) in times_per_day(part, *end, &days, day_hours) {
            for name in label.split(" et ").flat_map(|n| n.split(" ET ")) {
                out.push(ReadStop {
                    weekday,
                    name: name.trim().to_string(),
                    longer: Vec::new(),
                    postcode: None,
                    windows: windows.clone(),
                    times_from,
                    recurrence: rhythm("", &excerpt),
                    venue: None,
                    excerpt: format!("{label} : {}", excerpt.trim()),
                });
            }
        }
    }
    out
}

static POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{5})\s+(\p{Lu}[\p{L}'’\-]*(?:\s+(?:[dl]['’])?\p{L}[\p{L}'’\-]*){0,4})")
        .expect("regex")
});

/// The layout "Lundi, Mardi : Tiers lieu, 6 place de la gare 62390 Auxi le Château": the
/// days since the previous address, at the commune its postcode names.
fn after_postcodes(
    text: &str,
    days: &[(usize, usize, Weekday)],
    day_hours: &[Option<&str>; 6],
) -> Vec<ReadStop> {
    let mut out = Vec::new();
    let mut since = 0;
    for c in POSTCODE.captures_iter(text) {
        let (Some(whole), Some(code), Some(name)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let part = &text[since..whole.start()];
        let words: Vec<&str> = name.as_str().split_whitespace().collect();
        let longer: Vec<String> = (1..=words.len())
            .rev()
            .map(|n| words[..n].join(" "))
            .collect();
        for (weekday, windows, times_from, excerpt) in times_per_day(part, since, days, day_hours) {
            out.push(ReadStop {
                weekday,
                name: words.first().map_or(String::new(), |w| w.to_string()),
                longer: longer.clone(),
                postcode: Some(code.as_str().to_string()),
                windows,
                times_from,
                recurrence: rhythm("", &excerpt),
                venue: None,
                excerpt: format!("{} {}", excerpt.trim(), whole.as_str()),
            });
        }
        since = whole.end();
    }
    out
}

/// Where a name stands in a text as whole words.
fn find_word(text: &str, name: &str) -> Option<usize> {
    text.match_indices(name).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn times_in_the_text_or_the_tour_sentence() {
        assert_eq!(
            windows("de 09H00 à 12H00 et de 13H00 à 16H30"),
            vec![(t(9, 0), t(12, 0)), (t(13, 0), t(16, 30))]
        );
        assert_eq!(
            windows("lundi-St Fraigne 9h30/15h30"),
            vec![(t(9, 30), t(15, 30))]
        );
        assert_eq!(
            windows("08:30 - 12:00 / 13:30 - 17:00"),
            vec![(t(8, 30), t(12, 0)), (t(13, 30), t(17, 0))]
        );
        let read = read(
            "Lundi 14h30-17h Marans / Mardi Longèves, semaines impaires / 2e mercredi Villedoux",
            &[None, Some("09:00 - 12:00"), None, None, None, None],
        );
        let got: Vec<_> = read
            .iter()
            .map(|r| (r.weekday, r.name.as_str(), r.windows.clone(), r.recurrence))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Weekday::Mon,
                    "Marans",
                    vec![(t(14, 30), t(17, 0))],
                    Some(Recurrence::WEEKLY)
                ),
                (
                    Weekday::Tue,
                    "Longèves",
                    vec![(t(9, 0), t(12, 0))],
                    Some(Recurrence::WeekParity { odd: true })
                ),
                (
                    Weekday::Wed,
                    "Villedoux",
                    vec![],
                    Some(Recurrence::MonthlyNth { nth: 2 })
                ),
            ]
        );
    }
}
