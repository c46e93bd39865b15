//! A visit schedule: a unit at a stop on a weekday, from one time to another, on a
//! recurrence, between two dates, with dates cancelled or added and public holidays off
//! unless said otherwise.

use super::holidays::is_public_holiday;
use super::{Recurrence, StopId, UnitId};
use crate::model::InseeCode;
use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// One recurring visit of a unit to a stop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitSchedule {
    pub unit: UnitId,
    pub stop: StopId,
    pub weekday: Weekday,
    /// Local time at the stop.
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub recurrence: Recurrence,
    /// The first day the schedule holds (the series is aligned on it).
    pub from: NaiveDate,
    /// The last day it holds, if it ends.
    pub until: Option<NaiveDate>,
    /// Dates with no visit.
    pub cancelled: Vec<NaiveDate>,
    /// Extra dates, at the same times.
    pub added: Vec<NaiveDate>,
    /// Whether the unit runs on public holidays (off by default).
    pub on_public_holidays: bool,
}

impl VisitSchedule {
    /// Hours of one visit.
    pub fn hours(&self) -> f64 {
        (self.end - self.start).num_minutes() as f64 / 60.0
    }

    /// Visit hours per week on average (the recurrence's rate times one visit's hours).
    pub fn hours_per_week(&self) -> f64 {
        self.hours() * self.recurrence.per_week()
    }

    /// Whether the stop is visited at least every week under this schedule alone.
    pub fn is_weekly(&self) -> bool {
        self.recurrence == Recurrence::WEEKLY
    }

    /// Whether the schedule holds on a date (ignoring the weekday rule).
    pub fn in_force(&self, date: NaiveDate) -> bool {
        date >= self.from && self.until.is_none_or(|u| date <= u)
    }

    /// The visit dates between `from` and `to` (both included), in order: the recurrence's,
    /// less cancelled dates and, unless the unit runs on them, public holidays of the stop's
    /// commune; plus added dates.
    pub fn dates(&self, commune: &InseeCode, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let last = self.until.map_or(to, |u| u.min(to));
        let mut dates: Vec<NaiveDate> = self
            .recurrence
            .dates(self.weekday, self.from, from, last)
            .into_iter()
            .filter(|d| !self.cancelled.contains(d))
            .filter(|d| self.on_public_holidays || !is_public_holiday(*d, commune))
            .collect();
        dates.extend(
            self.added
                .iter()
                .filter(|d| (from..=to).contains(*d) && !self.cancelled.contains(d)),
        );
        dates.sort();
        dates.dedup();
        dates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn monday() -> VisitSchedule {
        VisitSchedule {
            unit: UnitId::parse("u").unwrap(),
            stop: StopId::parse("s").unwrap(),
            weekday: Weekday::Mon,
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(12, 30, 0).unwrap(),
            recurrence: Recurrence::WEEKLY,
            from: d(2026, 1, 1),
            until: Some(d(2026, 6, 30)),
            cancelled: vec![d(2026, 5, 18)],
            added: vec![d(2026, 5, 26)],
            on_public_holidays: false,
        }
    }

    #[test]
    fn holidays_and_cancelled_dates_are_off_added_dates_on() {
        let s = monday();
        let code = InseeCode::parse("08305").unwrap();
        // Whit Monday (25 May 2026) is a holiday, 18 May cancelled, 26 May added.
        assert_eq!(
            s.dates(&code, d(2026, 5, 11), d(2026, 6, 1)),
            vec![d(2026, 5, 11), d(2026, 5, 26), d(2026, 6, 1)]
        );
        assert!(s.dates(&code, d(2026, 7, 1), d(2026, 7, 31)).is_empty());
        let on = VisitSchedule {
            on_public_holidays: true,
            ..monday()
        };
        assert!(on.dates(&code, d(2026, 5, 25), d(2026, 5, 25)) == vec![d(2026, 5, 25)]);
        assert_eq!(s.hours_per_week(), 3.5);
    }
}
