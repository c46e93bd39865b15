//! How often a stop is visited: the subset of RFC 5545 recurrence rules that organisers of
//! mobile units use — every week, every N weeks, odd or even ISO weeks, the Nth weekday of
//! the month ("le 2ème mardi du mois") — expanded into dates by the `rrule` crate.

use chrono::{Datelike, NaiveDate, TimeZone, Weekday};
use rrule::{Frequency, NWeekday, RRule, RRuleSet, Tz, Unvalidated};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A recurrence on one weekday (the schedule's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Recurrence {
    /// Every `interval` weeks, counted from the schedule's first date.
    Weekly { interval: u32 },
    /// ISO weeks of one parity ("semaines impaires"): week 53 and week 1 are both odd.
    WeekParity { odd: bool },
    /// The `nth` weekday of the month, 1 to 4, or -1 for the last.
    MonthlyNth { nth: i8 },
}

/// Why a recurrence is not one we read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RecurrenceError(pub String);

/// What a recurrence may be written as, for error messages.
pub const RECURRENCE_EXPECTED: &str = "weekly, every-N-weeks (N 1 to 8), odd-weeks, even-weeks, \
    monthly-1 … monthly-4, monthly-last, or an RRULE (FREQ=WEEKLY[;INTERVAL=N], \
    FREQ=MONTHLY;BYDAY=2TU, FREQ=YEARLY;BYWEEKNO=1,3,…,53) on the row's weekday";

impl Recurrence {
    pub const WEEKLY: Recurrence = Recurrence::Weekly { interval: 1 };

    /// Reads our keywords or an RRULE of the subset; an RRULE's `BYDAY` must be `weekday`.
    pub fn parse(text: &str, weekday: Weekday) -> Result<Recurrence, RecurrenceError> {
        let t = text.trim().to_ascii_lowercase();
        let keyword = match t.as_str() {
            "" | "weekly" => Some(Recurrence::WEEKLY),
            "fortnightly" => Some(Recurrence::Weekly { interval: 2 }),
            "odd-weeks" => Some(Recurrence::WeekParity { odd: true }),
            "even-weeks" => Some(Recurrence::WeekParity { odd: false }),
            "monthly-last" => Some(Recurrence::MonthlyNth { nth: -1 }),
            _ => None,
        };
        if let Some(r) = keyword {
            return Ok(r);
        }
        if let Some(n) = t
            .strip_prefix("monthly-")
            .and_then(|n| n.parse::<i8>().ok())
        {
            return match n {
                1..=4 => Ok(Recurrence::MonthlyNth { nth: n }),
                _ => Err(RecurrenceError(format!(
                    "monthly-{n}: the month has weeks 1 to 4 (or last)"
                ))),
            };
        }
        if let Some(n) = t
            .strip_prefix("every-")
            .and_then(|r| r.strip_suffix("-weeks").or_else(|| r.strip_suffix("-week")))
            .and_then(|n| n.parse::<u32>().ok())
        {
            return match n {
                1..=8 => Ok(Recurrence::Weekly { interval: n }),
                _ => Err(RecurrenceError(format!("every {n} weeks: 1 to 8 weeks"))),
            };
        }
        let rule = text.trim().strip_prefix("RRULE:").unwrap_or(text.trim());
        if rule.to_ascii_uppercase().starts_with("FREQ=") {
            return Recurrence::from_rrule(rule, weekday);
        }
        Err(RecurrenceError(format!("unknown recurrence {text:?}")))
    }

    /// An RRULE of the subset, checked by the `rrule` crate's parser first.
    fn from_rrule(rule: &str, weekday: Weekday) -> Result<Recurrence, RecurrenceError> {
        let r: RRule<Unvalidated> = rule
            .parse()
            .map_err(|e| RecurrenceError(format!("not an RRULE: {e}")))?;
        let unsupported = || RecurrenceError(format!("{rule}: outside the subset we read"));
        if r.get_count().is_some()
            || r.get_until().is_some()
            || !r.get_by_month().is_empty()
            || !r.get_by_month_day().is_empty()
            || !r.get_by_set_pos().is_empty()
            || !r.get_by_hour().is_empty()
        {
            return Err(RecurrenceError(format!(
                "{rule}: give the dates in the `from` and `until` columns, not COUNT/UNTIL/BYMONTH…"
            )));
        }
        let days = r.get_by_weekday();
        let (nth, day) = match days {
            [NWeekday::Every(d)] => (None, *d),
            [NWeekday::Nth(n, d)] => (Some(*n), *d),
            _ => {
                return Err(RecurrenceError(format!(
                    "{rule}: BYDAY must name one weekday"
                )))
            }
        };
        if day != weekday {
            return Err(RecurrenceError(format!(
                "{rule}: BYDAY is {day} but the row's weekday is {weekday}"
            )));
        }
        match (r.get_freq(), nth) {
            (Frequency::Weekly, None) if r.get_by_week_no().is_empty() => match r.get_interval() {
                n @ 1..=8 => Ok(Recurrence::Weekly { interval: n as u32 }),
                n => Err(RecurrenceError(format!("INTERVAL={n}: 1 to 8 weeks"))),
            },
            (Frequency::Monthly, Some(n @ (1..=4 | -1))) if r.get_interval() == 1 => {
                Ok(Recurrence::MonthlyNth { nth: n as i8 })
            }
            (Frequency::Yearly, None) if r.get_interval() == 1 => {
                let weeks: Vec<i8> = r.get_by_week_no().to_vec();
                let odd: Vec<i8> = (1..=53).step_by(2).collect();
                let even: Vec<i8> = (2..=52).step_by(2).collect();
                if weeks == odd {
                    Ok(Recurrence::WeekParity { odd: true })
                } else if weeks == even {
                    Ok(Recurrence::WeekParity { odd: false })
                } else {
                    Err(unsupported())
                }
            }
            _ => Err(unsupported()),
        }
    }

    /// The RRULE (without `RRULE:`) on a weekday.
    pub fn rrule(&self, weekday: Weekday) -> String {
        let day = byday(weekday);
        match *self {
            Recurrence::Weekly { interval: 1 } => format!("FREQ=WEEKLY;BYDAY={day}"),
            Recurrence::Weekly { interval } => {
                format!("FREQ=WEEKLY;INTERVAL={interval};BYDAY={day}")
            }
            Recurrence::WeekParity { odd } => {
                let first = if odd { 1 } else { 2 };
                let weeks: Vec<String> = (first..=53).step_by(2).map(|w| w.to_string()).collect();
                format!("FREQ=YEARLY;BYWEEKNO={};BYDAY={day}", weeks.join(","))
            }
            Recurrence::MonthlyNth { nth } => format!("FREQ=MONTHLY;BYDAY={nth}{day}"),
        }
    }

    /// Visits per week on average: 1 weekly, 1/N every N weeks, ½ odd or even weeks, 12/52
    /// monthly.
    pub fn per_week(&self) -> f64 {
        match *self {
            Recurrence::Weekly { interval } => 1.0 / interval as f64,
            Recurrence::WeekParity { .. } => 0.5,
            Recurrence::MonthlyNth { .. } => 12.0 / 52.0,
        }
    }

    /// The dates from `first` on (the series starts at the first matching date on or after
    /// it) that fall between `from` and `to`, both included.
    pub fn dates(
        &self,
        weekday: Weekday,
        first: NaiveDate,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<NaiveDate> {
        if to < from || to < first {
            return Vec::new();
        }
        // The series is aligned on its first visit, so that "every 2 weeks" counts from it;
        // then moved to just before `from` by whole periods, so a long-running series costs
        // no more than a new one.
        let mut start = first;
        while start.weekday() != weekday {
            start = start.succ_opt().unwrap_or(start);
        }
        let period_days = match *self {
            Recurrence::Weekly { interval } => 7 * interval as i64,
            // Parity and month rules do not depend on where the series starts.
            _ => 7,
        };
        let behind = (from - start).num_days();
        if behind > 2 * period_days + 31 {
            let periods = (behind - period_days - 31) / period_days;
            start += chrono::Duration::days(periods * period_days);
        }
        let at_noon = |d: NaiveDate| {
            Tz::UTC
                .with_ymd_and_hms(d.year(), d.month(), d.day(), 12, 0, 0)
                .single()
        };
        let (Some(dt_start), Some(after), Some(before)) =
            (at_noon(start), at_noon(from.max(start)), at_noon(to))
        else {
            return Vec::new();
        };
        let set: Result<RRuleSet, _> = format!(
            "DTSTART:{}\nRRULE:{}",
            dt_start.format("%Y%m%dT%H%M%SZ"),
            self.rrule(weekday)
        )
        .parse();
        let Ok(set) = set else {
            return Vec::new();
        };
        // At most one a week: a horizon of 20 years is 1,044 dates.
        set.after(after)
            .before(before)
            .all(1_100)
            .dates
            .into_iter()
            .map(|d| d.date_naive())
            .collect()
    }
}

fn byday(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

impl fmt::Display for Recurrence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Recurrence::Weekly { interval: 1 } => f.write_str("weekly"),
            Recurrence::Weekly { interval } => write!(f, "every-{interval}-weeks"),
            Recurrence::WeekParity { odd: true } => f.write_str("odd-weeks"),
            Recurrence::WeekParity { odd: false } => f.write_str("even-weeks"),
            Recurrence::MonthlyNth { nth: -1 } => f.write_str("monthly-last"),
            Recurrence::MonthlyNth { nth } => write!(f, "monthly-{nth}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn keywords_and_rrules_read_the_same() {
        for (text, r) in [
            ("weekly", Recurrence::WEEKLY),
            ("FREQ=WEEKLY;BYDAY=TU", Recurrence::WEEKLY),
            ("every-2-weeks", Recurrence::Weekly { interval: 2 }),
            (
                "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
                Recurrence::Weekly { interval: 2 },
            ),
            ("odd-weeks", Recurrence::WeekParity { odd: true }),
            ("monthly-2", Recurrence::MonthlyNth { nth: 2 }),
            ("FREQ=MONTHLY;BYDAY=2TU", Recurrence::MonthlyNth { nth: 2 }),
            (
                "FREQ=MONTHLY;BYDAY=-1TU",
                Recurrence::MonthlyNth { nth: -1 },
            ),
        ] {
            assert_eq!(Recurrence::parse(text, Weekday::Tue), Ok(r), "{text}");
            // Our own RRULE reads back as itself.
            assert_eq!(
                Recurrence::parse(&r.rrule(Weekday::Tue), Weekday::Tue),
                Ok(r)
            );
        }
        assert!(Recurrence::parse("FREQ=WEEKLY;BYDAY=MO", Weekday::Tue).is_err());
        assert!(Recurrence::parse("FREQ=DAILY", Weekday::Tue).is_err());
        assert!(Recurrence::parse("FREQ=WEEKLY;COUNT=3;BYDAY=TU", Weekday::Tue).is_err());
        assert!(Recurrence::parse("monthly-5", Weekday::Tue).is_err());
        assert!(Recurrence::parse("sometimes", Weekday::Tue).is_err());
    }

    #[test]
    fn dates_follow_the_rule() {
        // The second Tuesday of each month of 2026: 13 Jan, 10 Feb, 10 Mar.
        let r = Recurrence::MonthlyNth { nth: 2 };
        assert_eq!(
            r.dates(Weekday::Tue, d(2026, 1, 1), d(2026, 1, 1), d(2026, 3, 31)),
            vec![d(2026, 1, 13), d(2026, 2, 10), d(2026, 3, 10)]
        );
        // Odd ISO weeks across the 53-week year 2026: week 53 (28 Dec) then week 1 (4 Jan).
        let r = Recurrence::WeekParity { odd: true };
        assert_eq!(
            r.dates(Weekday::Mon, d(2026, 1, 1), d(2026, 12, 14), d(2027, 1, 12)),
            vec![d(2026, 12, 14), d(2026, 12, 28), d(2027, 1, 4)]
        );
        // Every 2 weeks counts from the first visit, not from `from`.
        let r = Recurrence::Weekly { interval: 2 };
        assert_eq!(
            r.dates(Weekday::Fri, d(2026, 1, 2), d(2026, 1, 10), d(2026, 1, 31)),
            vec![d(2026, 1, 16), d(2026, 1, 30)]
        );
    }
}
