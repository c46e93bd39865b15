//! Opening hours told in plain French and English, one line per day, from the parsed rule
//! (never the raw OSM syntax): "Lundi : 9 h – 12 h, 14 h – 18 h" / "Monday: 9 am – 12 pm,
//! 2 pm – 6 pm", closed days and public holidays said as such.

use super::Hours;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use opening_hours::localization::Country;
use opening_hours::schedule::Schedule;
use opening_hours::RuleKind;
use serde::Serialize;

/// The zone French places are read in (mainland France; overseas places are rare in the data).
pub const PARIS: chrono_tz::Tz = chrono_tz::Europe::Paris;

/// The week's hours in words, one line per day (Monday first), then a line for public
/// holidays when the rule names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekText {
    pub fr: Vec<String>,
    pub en: Vec<String>,
}

/// Whether a date is a French public holiday (national list of the `opening-hours` crate).
pub fn is_public_holiday(date: NaiveDate) -> bool {
    Country::FR.holidays().get_public().contains(date)
}

impl Hours {
    /// The hours of the week (Monday to Sunday) holding `day`, in words. Public holidays of
    /// that week are named on their line with the hours the rule gives them; a last line says
    /// what the rule does on public holidays when it names them (`PH off` → "fermé").
    pub fn week_text(&self, day: NaiveDate) -> WeekText {
        let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
        let mut text = WeekText {
            fr: Vec::with_capacity(8),
            en: Vec::with_capacity(8),
        };
        for offset in 0..7 {
            let date = monday + Duration::days(offset);
            let slots = Slots::of(self.with_holidays.schedule_at(date));
            let (day_fr, day_en) = (day_fr(date.weekday()), day_en(date.weekday()));
            if is_public_holiday(date) {
                let (d, m) = (date.day(), date.month0() as usize);
                text.fr.push(format!(
                    "{day_fr} {d} {} (jour férié) : {}",
                    MONTHS_FR[m],
                    slots.fr()
                ));
                text.en.push(format!(
                    "{day_en} {d} {} (public holiday): {}",
                    MONTHS_EN[m],
                    slots.en()
                ));
            } else {
                text.fr.push(format!("{day_fr} : {}", slots.fr()));
                text.en.push(format!("{day_en}: {}", slots.en()));
            }
        }
        if self.names_holidays {
            let holiday = Country::FR
                .holidays()
                .get_public()
                .first_after(monday)
                .unwrap_or(monday);
            let slots = Slots::of(self.with_holidays.schedule_at(holiday));
            text.fr.push(format!("Jours fériés : {}", slots.fr()));
            text.en.push(format!("Public holidays: {}", slots.en()));
        }
        text
    }
}

/// A time of day as hours and minutes (24:00 and later for ranges past midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub hour: u8,
    pub minute: u8,
}

impl Clock {
    /// "9 h", "9 h 30", "24 h".
    pub fn fr(self) -> String {
        match self.minute {
            0 => format!("{} h", self.hour),
            m => format!("{} h {m:02}", self.hour),
        }
    }

    /// "9 am", "9:30 am", "12 pm", "midnight".
    pub fn en(self) -> String {
        let h = self.hour % 24;
        if h == 0 && self.minute == 0 {
            return "midnight".to_string();
        }
        let suffix = if h < 12 { "am" } else { "pm" };
        let h12 = match h % 12 {
            0 => 12,
            x => x,
        };
        match self.minute {
            0 => format!("{h12} {suffix}"),
            m => format!("{h12}:{m:02} {suffix}"),
        }
    }
}

/// The open (or unknown) periods of one day.
struct Slots(Vec<(Clock, Clock, RuleKind, String)>);

impl Slots {
    fn of(schedule: Schedule) -> Slots {
        Slots(
            schedule
                .into_iter()
                .filter(|r| r.kind != RuleKind::Closed)
                .map(|r| {
                    let start = Clock {
                        hour: r.range.start.hour(),
                        minute: r.range.start.minute(),
                    };
                    let end = Clock {
                        hour: r.range.end.hour(),
                        minute: r.range.end.minute(),
                    };
                    (start, end, r.kind, r.comment.to_string())
                })
                .collect(),
        )
    }

    fn whole_day(&self) -> bool {
        matches!(self.0.as_slice(), [(s, e, RuleKind::Open, c)]
            if *s == Clock { hour: 0, minute: 0 } && e.hour >= 24 && c.is_empty())
    }

    fn fr(&self) -> String {
        if self.0.is_empty() {
            return "fermé".to_string();
        }
        if self.whole_day() {
            return "24 h sur 24".to_string();
        }
        self.0
            .iter()
            .map(|(s, e, kind, comment)| {
                let note = note(kind, comment, "à confirmer");
                format!("{} – {}{note}", s.fr(), e.fr())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn en(&self) -> String {
        if self.0.is_empty() {
            return "closed".to_string();
        }
        if self.whole_day() {
            return "open 24 hours".to_string();
        }
        self.0
            .iter()
            .map(|(s, e, kind, comment)| {
                let note = note(kind, comment, "to be confirmed");
                format!("{} – {}{note}", s.en(), e.en())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A range's comment, or for an `unknown` range without one, that it is to be confirmed.
fn note(kind: &RuleKind, comment: &str, unknown: &str) -> String {
    match (kind, comment.trim()) {
        (_, c) if !c.is_empty() => format!(" ({c})"),
        (RuleKind::Unknown, _) => format!(" ({unknown})"),
        _ => String::new(),
    }
}

pub const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn day_fr(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Lundi",
        Weekday::Tue => "Mardi",
        Weekday::Wed => "Mercredi",
        Weekday::Thu => "Jeudi",
        Weekday::Fri => "Vendredi",
        Weekday::Sat => "Samedi",
        Weekday::Sun => "Dimanche",
    }
}

pub fn day_en(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}
