//! Opening hours in OSM `opening_hours` syntax: parsing and the few evaluations the
//! later features need (weekly capacity for 2SFCA supply, "open now", "open on Saturday").
//!
//! Evaluation uses the `opening-hours` crate. Times are the place's local wall-clock time
//! (France: Europe/Paris, or the overseas zone of the caller's choosing). For residents, the
//! rule is told in plain French and English ([`words`]) and its state at an instant is
//! "open until" or "next opening" ([`state`]).

mod state;
mod words;

pub use state::{Opening, OpeningState};
pub use words::{WeekText, PARIS};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Weekday};
use opening_hours::localization::Country;
use opening_hours::{Context, OpeningHours, RuleKind};

/// Why a text is not valid OSM opening hours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not valid OSM opening hours: {reason}")]
pub struct HoursError {
    /// The text, cut to 80 characters then `…` (a field may be megabytes long).
    pub text: String,
    pub reason: String,
}

/// Parsed opening hours, evaluated with French public holidays.
#[derive(Debug, Clone)]
pub struct Hours {
    /// Without holidays: used for the "ordinary week" figures.
    plain: OpeningHours,
    /// With French public holidays (`PH off` rules apply on real dates).
    with_holidays: OpeningHours,
    /// Whether a rule names public holidays (`PH off`, `PH 10:00-12:00`).
    names_holidays: bool,
}

/// Monday of the reference week used for "typical week" figures: 2024-01-08..14 has no
/// French public holiday and no daylight-saving change.
fn reference_monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 8).unwrap_or_default()
}

/// Parses an OSM opening hours expression (`Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00`).
pub fn parse(text: &str) -> Result<Hours, HoursError> {
    let plain = text
        .trim()
        .parse::<OpeningHours>()
        .map_err(|e| HoursError {
            text: match text.char_indices().nth(80) {
                Some((end, _)) => format!("{}…", &text[..end]),
                None => text.to_string(),
            },
            reason: e
                .to_string()
                .lines()
                .next()
                .unwrap_or("syntax error")
                .to_string(),
        })?;
    let with_holidays = plain
        .clone()
        .with_context(Context::default().with_holidays(Country::FR.holidays()));
    let names_holidays = plain.get_expression().rules.iter().any(|r| {
        r.day_selector
            .weekday
            .iter()
            .any(|w| w.to_string().starts_with("PH"))
    });
    Ok(Hours {
        plain,
        with_holidays,
        names_holidays,
    })
}

impl Hours {
    /// Open hours in a typical week (a fixed ordinary week without public holidays).
    /// Rules restricted to given weeks or months count as they fall in that week.
    pub fn weekly_hours(&self) -> f64 {
        let start = reference_monday().and_hms_opt(0, 0, 0).unwrap_or_default();
        self.open_seconds(start, start + Duration::days(7)) as f64 / 3600.0
    }

    /// Whether the place is open at this instant, read in the instant's own time zone
    /// (give it a `DateTime<chrono_tz::Tz>` in Europe/Paris). French public holidays apply.
    pub fn is_open_at<Tz: TimeZone>(&self, at: DateTime<Tz>) -> bool {
        self.with_holidays.is_open(at.naive_local())
    }

    /// Whether the place opens at all on this day of an ordinary week.
    pub fn open_on(&self, day: Weekday) -> bool {
        let date = reference_monday() + Duration::days(i64::from(day.num_days_from_monday()));
        let start = date.and_hms_opt(0, 0, 0).unwrap_or_default();
        self.open_seconds(start, start + Duration::days(1)) > 0
    }

    /// Open hours on each day of the ordinary week, Monday first.
    pub fn daily_hours(&self) -> [f64; 7] {
        let mut out = [0.0; 7];
        for (i, slot) in out.iter_mut().enumerate() {
            let date = reference_monday() + Duration::days(i as i64);
            let start = date.and_hms_opt(0, 0, 0).unwrap_or_default();
            *slot = self.open_seconds(start, start + Duration::days(1)) as f64 / 3600.0;
        }
        out
    }

    /// The expression, normalised by the `opening-hours` crate.
    pub fn normalized(&self) -> String {
        self.plain.normalize().to_string()
    }

    fn open_seconds(&self, from: NaiveDateTime, to: NaiveDateTime) -> i64 {
        self.plain
            .iter_range(from, to)
            .filter(|r| r.kind == RuleKind::Open)
            .map(|r| (r.range.end - r.range.start).num_seconds())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    fn paris(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<chrono_tz::Tz> {
        Paris
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .expect("unambiguous local time")
    }

    #[test]
    fn weekly_hours_of_real_strings() {
        // The standard's example (also in the v1.0.2 example file).
        let h = parse("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00").unwrap();
        assert!((h.weekly_hours() - (5.0 * 7.5 + 3.5)).abs() < 1e-9);
        // cnfs-lieux-2022.json, HARMONIE MUTUELLE Foix: the later Tu rule overrides Mo-Fr on Tuesday.
        let h = parse("Mo-Fr 09:00-12:00,13:30-17:30; Tu 09:00-12:00,14:30-17:30").unwrap();
        assert!((h.weekly_hours() - (4.0 * 7.0 + 6.0)).abs() < 1e-9);
        // hinaura-aura-lieux.json id 0 (Abondance).
        let h = parse("Tu-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00").unwrap();
        assert!((h.weekly_hours() - 27.0).abs() < 1e-9);
        assert_eq!(h.daily_hours(), [0.0, 6.0, 6.0, 6.0, 6.0, 3.0, 0.0]);
    }

    #[test]
    fn open_on_days() {
        let h = parse("Tu-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00").unwrap();
        assert!(!h.open_on(Weekday::Mon));
        assert!(h.open_on(Weekday::Tue));
        assert!(h.open_on(Weekday::Sat));
        assert!(!h.open_on(Weekday::Sun));
    }

    #[test]
    fn is_open_at_paris_time_and_holidays() {
        let h = parse("Mo-Fr 09:00-12:00,13:30-17:00; PH off").unwrap();
        // Tuesday 2024-03-12 10:00 Paris: open; 12:30: lunch break.
        assert!(h.is_open_at(paris(2024, 3, 12, 10, 0)));
        assert!(!h.is_open_at(paris(2024, 3, 12, 12, 30)));
        // The same instant seen in UTC is still 10:00 in Paris: open.
        assert!(h.is_open_at(
            paris(2024, 3, 12, 10, 0)
                .with_timezone(&chrono::Utc)
                .with_timezone(&Paris)
        ));
        // Whit Monday 2024-05-20 is a French public holiday: closed.
        assert!(!h.is_open_at(paris(2024, 5, 20, 10, 0)));
        assert!(h.is_open_at(paris(2024, 5, 21, 10, 0)));
    }

    #[test]
    fn rejects_free_text_and_broken_ranges() {
        // Strings of the default territory whose hours do not parse.
        assert!(parse("Mo 08:30-13:30-17:00; Tu 13:00-17:00; We 08:30-12:00,13:30-17:00").is_err());
        assert!(parse("Tu-Sa 09:00-12:00; Mo 09:12; Fr 09:00-12:00,14:00-18:00").is_err());

        let e = parse("du lundi au vendredi 9h-12h").unwrap_err();
        assert!(e.to_string().contains("du lundi"), "{e}");
    }

    /// Real strings of `../shared/data/places` (the file named before each).
    #[test]
    fn week_in_plain_french_and_english() {
        // cnfs-lieux-2022.json and data-inclusion: the commonest string.
        let h = parse("Mo-Fr 09:00-12:00,14:00-18:00").unwrap();
        let w = h.week_text(NaiveDate::from_ymd_opt(2024, 3, 13).unwrap());
        assert_eq!(w.fr.len(), 7, "{w:?}");
        assert_eq!(w.fr[0], "Lundi : 9 h – 12 h, 14 h – 18 h");
        assert_eq!(w.en[0], "Monday: 9 am – 12 pm, 2 pm – 6 pm");
        assert_eq!(w.fr[6], "Dimanche : fermé");
        assert_eq!(w.en[5], "Saturday: closed");
        // hinaura-aura-lieux.json: a later rule replaces Mo-Fr on its days.
        let h =
            parse("Mo-Fr 16:00-18:30; We 10:00-18:30; Th 09:00-12:00; Sa 09:00-12:00,14:00-16:00")
                .unwrap();
        let w = h.week_text(NaiveDate::from_ymd_opt(2024, 3, 13).unwrap());
        assert_eq!(w.fr[1], "Mardi : 16 h – 18 h 30");
        assert_eq!(w.fr[2], "Mercredi : 10 h – 18 h 30");
        assert_eq!(w.en[2], "Wednesday: 10 am – 6:30 pm");
        assert_eq!(w.fr[3], "Jeudi : 9 h – 12 h");
        assert_eq!(w.fr[5], "Samedi : 9 h – 12 h, 14 h – 16 h");
        // cnfs-lieux-2022.json: `We off` closes Wednesday.
        let h = parse("Mo-Fr 09:00-12:00,14:00-17:00; We off").unwrap();
        let w = h.week_text(NaiveDate::from_ymd_opt(2024, 3, 13).unwrap());
        assert_eq!(w.fr[2], "Mercredi : fermé");
        assert_eq!(w.fr[3], "Jeudi : 9 h – 12 h, 14 h – 17 h");
        // data-inclusion: touching ranges read as one.
        let h = parse("Mo,We 08:30-12:00,13:30-17:00; Tu 12:00-13:00,13:00-17:00; Th 08:30-13:00,13:00-18:30; Fr 08:30-12:00; Sa 09:00-12:00").unwrap();
        let w = h.week_text(NaiveDate::from_ymd_opt(2024, 3, 13).unwrap());
        assert_eq!(w.fr[1], "Mardi : 12 h – 17 h");
        assert_eq!(w.en[0], "Monday: 8:30 am – 12 pm, 1:30 pm – 5 pm");
    }

    #[test]
    fn christmas_with_ph_off() {
        // cnfs-lieux-2022.json (HARMONIE MUTUELLE Foix's hours) with `PH off`.
        let h = parse("Mo-Fr 09:00-12:00,13:30-17:30; PH off").unwrap();
        let w = h.week_text(NaiveDate::from_ymd_opt(2024, 12, 24).unwrap());
        assert_eq!(w.fr.len(), 8, "{w:?}");
        assert_eq!(w.fr[1], "Mardi : 9 h – 12 h, 13 h 30 – 17 h 30");
        assert_eq!(w.fr[2], "Mercredi 25 décembre (jour férié) : fermé");
        assert_eq!(w.en[2], "Wednesday 25 December (public holiday): closed");
        assert_eq!(w.fr[7], "Jours fériés : fermé");
        assert_eq!(w.en[7], "Public holidays: closed");

        let at = h.opening_at(paris(2024, 12, 25, 10, 0));
        assert_eq!(at.etat, OpeningState::Closed);
        assert_eq!(at.prochaine.as_deref(), Some("2024-12-26T09:00:00+01:00"));
        assert_eq!(at.texte_fr, "Ouvre demain à 9 h");
        assert_eq!(at.texte_en, "Opens tomorrow at 9 am");

        let at = h.opening_at(paris(2024, 12, 24, 10, 0));
        assert_eq!(at.etat, OpeningState::Open);
        assert_eq!(at.jusqu_a.as_deref(), Some("2024-12-24T12:00:00+01:00"));
        assert_eq!(at.texte_fr, "Ouvert jusqu'à 12 h");
        assert_eq!(at.texte_en, "Open until 12 pm");

        // Tuesday evening: Christmas is skipped, the next opening is Thursday.
        let at = h.opening_at(paris(2024, 12, 24, 18, 0));
        assert_eq!(at.texte_fr, "Ouvre jeudi à 9 h");
        assert_eq!(at.texte_en, "Opens Thursday at 9 am");

        // Without `PH off`, the same hours open on Christmas Day.
        let plain = parse("Mo-Fr 09:00-12:00,13:30-17:30").unwrap();
        assert_eq!(
            plain.opening_at(paris(2024, 12, 25, 10, 0)).etat,
            OpeningState::Open
        );
        let w = plain.week_text(NaiveDate::from_ymd_opt(2024, 12, 24).unwrap());
        assert_eq!(w.fr.len(), 7);
        assert_eq!(
            w.fr[2],
            "Mercredi 25 décembre (jour férié) : 9 h – 12 h, 13 h 30 – 17 h 30"
        );
    }

    #[test]
    fn next_opening_in_words() {
        // hinaura-aura-lieux.json id 0 (Abondance).
        let h = parse("Tu-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00").unwrap();
        // Saturday 2024-03-16 13:00: closed until Tuesday.
        let at = h.opening_at(paris(2024, 3, 16, 13, 0));
        assert_eq!(at.texte_fr, "Ouvre mardi à 9 h");
        assert_eq!(at.prochaine.as_deref(), Some("2024-03-19T09:00:00+01:00"));
        // Tuesday 12:30: lunch break, opens again the same afternoon.
        let at = h.opening_at(paris(2024, 3, 19, 12, 30));
        assert_eq!(at.texte_fr, "Ouvre à 14 h");
        assert_eq!(at.texte_en, "Opens at 2 pm");
        // Summer time: the offset follows the date.
        let at = h.opening_at(paris(2024, 7, 2, 15, 0));
        assert_eq!(at.jusqu_a.as_deref(), Some("2024-07-02T17:00:00+02:00"));
        assert_eq!(at.texte_en, "Open until 5 pm");
        // A place open only once a week, seen the day after: "le …" beyond six days.
        let h = parse("Tu 09:00-12:00").unwrap();
        let at = h.opening_at(paris(2024, 3, 13, 10, 0));
        assert_eq!(at.texte_fr, "Ouvre mardi à 9 h");
        let h = parse("Jan 15 09:00-12:00").unwrap();
        let at = h.opening_at(paris(2024, 3, 13, 10, 0));
        assert_eq!(at.texte_fr, "Ouvre le 15 janvier à 9 h");
        assert_eq!(at.texte_en, "Opens on 15 January at 9 am");
        assert_eq!(at.prochaine.as_deref(), Some("2025-01-15T09:00:00+01:00"));
    }
}
