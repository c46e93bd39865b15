//! Whether a place is open at an instant, and until when or when it opens next, in words:
//! "Ouvert jusqu'à 18 h" / "Open until 6 pm", "Ouvre lundi à 9 h" / "Opens Monday at 9 am".
//! French public holidays apply (`PH off` closes on Christmas Day).

use super::words::{day_en, day_fr, Clock, MONTHS_EN, MONTHS_FR, PARIS};
use super::Hours;
use chrono::{DateTime, Datelike, Duration, NaiveDateTime, TimeZone, Timelike};
use opening_hours::RuleKind;
use serde::Serialize;

/// Open, closed, or not known (no hours, hours that do not parse, an `unknown` rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum OpeningState {
    #[serde(rename = "ouvert")]
    Open,
    #[serde(rename = "ferme")]
    Closed,
    #[serde(rename = "inconnu")]
    Unknown,
}

/// A place's state at an instant, for the residents' list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Opening {
    pub etat: OpeningState,
    /// When open: when it closes (ISO 8601 with the Paris offset); `None` when it never does.
    pub jusqu_a: Option<String>,
    /// When closed: when it opens next, within a year; `None` when it does not.
    pub prochaine: Option<String>,
    pub texte_fr: String,
    pub texte_en: String,
}

/// How far ahead the next opening is looked for.
const HORIZON_DAYS: i64 = 366;

impl Opening {
    /// A place that publishes no hours.
    pub fn no_hours() -> Opening {
        Opening::unknown("Horaires non renseignés", "Hours not given")
    }

    /// A place whose published hours could not be read.
    pub fn unreadable() -> Opening {
        Opening::unknown("Horaires à vérifier", "Hours to be checked")
    }

    fn unknown(fr: &str, en: &str) -> Opening {
        Opening {
            etat: OpeningState::Unknown,
            jusqu_a: None,
            prochaine: None,
            texte_fr: fr.to_string(),
            texte_en: en.to_string(),
        }
    }
}

impl Hours {
    /// The state at `at` (read in Paris time), with French public holidays.
    pub fn opening_at<Tz: TimeZone>(&self, at: DateTime<Tz>) -> Opening {
        let now = at.with_timezone(&PARIS).naive_local();
        let horizon = now + Duration::days(HORIZON_DAYS);
        let mut ranges = self
            .with_holidays
            .iter_range(now, horizon)
            .map(|r| (r.range.start, r.range.end, r.kind, r.comment));
        let Some((_, first_end, kind, comment)) = ranges.next() else {
            return Opening::unknown("Fermé", "Closed");
        };
        match kind {
            RuleKind::Open => {
                let mut end = first_end;
                for (start, e, k, _) in ranges {
                    if k != RuleKind::Open || start != end {
                        break;
                    }
                    end = e;
                }
                if end >= horizon {
                    return Opening {
                        etat: OpeningState::Open,
                        jusqu_a: None,
                        prochaine: None,
                        texte_fr: "Ouvert".into(),
                        texte_en: "Open".into(),
                    };
                }
                let (when_fr, when_en) = when(now, end, true);
                Opening {
                    etat: OpeningState::Open,
                    jusqu_a: Some(iso(end)),
                    prochaine: None,
                    texte_fr: format!("Ouvert jusqu'à {when_fr}"),
                    texte_en: format!("Open until {when_en}"),
                }
            }
            RuleKind::Unknown => {
                let c = comment.trim();
                let (fr, en) = if c.is_empty() {
                    (
                        "Ouverture à confirmer".to_string(),
                        "Opening to be confirmed".to_string(),
                    )
                } else {
                    (c.to_string(), c.to_string())
                };
                Opening {
                    etat: OpeningState::Unknown,
                    jusqu_a: None,
                    prochaine: None,
                    texte_fr: fr,
                    texte_en: en,
                }
            }
            RuleKind::Closed => match ranges.find(|r| r.2 == RuleKind::Open) {
                Some((start, ..)) => {
                    let (when_fr, when_en) = when(now, start, false);
                    Opening {
                        etat: OpeningState::Closed,
                        jusqu_a: None,
                        prochaine: Some(iso(start)),
                        texte_fr: format!("Ouvre {when_fr}"),
                        texte_en: format!("Opens {when_en}"),
                    }
                }
                None => Opening {
                    etat: OpeningState::Closed,
                    jusqu_a: None,
                    prochaine: None,
                    texte_fr: "Fermé".into(),
                    texte_en: "Closed".into(),
                },
            },
        }
    }
}

/// The instant as ISO 8601 with the Paris offset of that date (`2024-12-26T09:00:00+01:00`).
fn iso(local: NaiveDateTime) -> String {
    let t = PARIS.from_local_datetime(&local).earliest().or_else(|| {
        PARIS
            .from_local_datetime(&(local + Duration::hours(1)))
            .earliest()
    });
    match t {
        Some(t) => t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        None => local.format("%Y-%m-%dT%H:%M:%S").to_string(),
    }
}

/// "18 h" / "6 pm" today, "demain à 9 h" / "tomorrow at 9 am", "lundi à 9 h" / "Monday at
/// 9 am" within the week, "le 2 janvier à 9 h" / "on 2 January at 9 am" beyond. `until`
/// words a closing time ("jusqu'à 18 h", "jusqu'à minuit", "jusqu'à lundi 12 h").
fn when(now: NaiveDateTime, at: NaiveDateTime, until: bool) -> (String, String) {
    // A closing at midnight is the end of the day before.
    let midnight_end = until && at.hour() == 0 && at.minute() == 0;
    let (date, clock) = if midnight_end {
        (
            (at - Duration::days(1)).date(),
            Clock {
                hour: 24,
                minute: 0,
            },
        )
    } else {
        (
            at.date(),
            Clock {
                hour: at.hour() as u8,
                minute: at.minute() as u8,
            },
        )
    };
    let (time_fr, time_en) = if midnight_end {
        ("minuit".to_string(), "midnight".to_string())
    } else {
        (clock.fr(), clock.en())
    };
    let days = (date - now.date()).num_days();
    let (day_fr_text, day_en_text) = match days {
        0 => (String::new(), String::new()),
        1 => ("demain".to_string(), "tomorrow".to_string()),
        2..=6 => (
            day_fr(date.weekday()).to_lowercase(),
            day_en(date.weekday()).to_string(),
        ),
        _ => (
            format!("le {} {}", date.day(), MONTHS_FR[date.month0() as usize]),
            format!("on {} {}", date.day(), MONTHS_EN[date.month0() as usize]),
        ),
    };
    if until {
        let join = |d: &str, t: &str| {
            if d.is_empty() {
                t.to_string()
            } else {
                format!("{d} {t}")
            }
        };
        (join(&day_fr_text, &time_fr), join(&day_en_text, &time_en))
    } else if day_fr_text.is_empty() {
        (format!("à {time_fr}"), format!("at {time_en}"))
    } else {
        (
            format!("{day_fr_text} à {time_fr}"),
            format!("{day_en_text} at {time_en}"),
        )
    }
}
