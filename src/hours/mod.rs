//! Opening hours in OSM `opening_hours` syntax: parsing and the few evaluations the
//! later features need (weekly capacity for 2SFCA supply, "open now", "open on Saturday").
//!
//! Evaluation uses the `opening-hours` crate. Times are the place's local wall-clock time
//! (France: Europe/Paris, or the overseas zone of the caller's choosing).

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
    Ok(Hours {
        plain,
        with_holidays,
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
    fn rejects_free_text() {
        let e = parse("du lundi au vendredi 9h-12h").unwrap_err();
        assert!(e.to_string().contains("du lundi"), "{e}");
    }
}
