//! A unit's working days as ordered lists of stops: per weekday (its regular week) or per
//! date (its actual days ahead, holidays and cancellations applied). The routes between the
//! stops are drawn by the API with the routing engine; this only says which stops, in order.

use super::{MobileUnit, Since, Stop, Timetable, UnitId, VisitSchedule};
use chrono::{Days, NaiveDate, NaiveTime, Weekday};

/// Which day a list of stops belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKey {
    /// Every such weekday, whatever the rhythm of each schedule (weekly, fortnightly…).
    Weekday(Weekday),
    /// One date.
    Date(NaiveDate),
}

impl DayKey {
    pub fn weekday(self) -> Weekday {
        match self {
            DayKey::Weekday(w) => w,
            DayKey::Date(d) => chrono::Datelike::weekday(&d),
        }
    }
}

/// One visit of a day, in time order.
#[derive(Debug, Clone)]
pub struct DayVisit<'a> {
    pub stop: &'a Stop,
    pub schedule: &'a VisitSchedule,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// A unit's day: its depot and the visits of the day in time order.
#[derive(Debug, Clone)]
pub struct DayStops<'a> {
    pub unit: &'a MobileUnit,
    pub day: DayKey,
    pub visits: Vec<DayVisit<'a>>,
}

fn in_time_order(visits: &mut [DayVisit<'_>]) {
    visits.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(a.end.cmp(&b.end))
            .then(a.stop.id.cmp(&b.stop.id))
    });
}

impl Timetable {
    /// The unit's regular week: for each weekday it works, the schedules of that weekday
    /// still in force on or after `as_of`, in time order. `None` for an unknown unit.
    pub fn weekdays_of(&self, unit: &UnitId, as_of: NaiveDate) -> Option<Vec<DayStops<'_>>> {
        let u = self.unit(unit)?;
        let mut days = Vec::new();
        for weekday in (0..7).map(|n| Weekday::try_from(n).expect("0..7 are weekdays")) {
            let mut visits: Vec<DayVisit<'_>> = self
                .schedules_of(&u.id)
                .filter(|s| s.weekday == weekday && s.until.is_none_or(|end| end >= as_of))
                .filter_map(|s| {
                    self.stop(&s.stop).map(|stop| DayVisit {
                        stop,
                        schedule: s,
                        start: s.start,
                        end: s.end,
                    })
                })
                .collect();
            if visits.is_empty() {
                continue;
            }
            in_time_order(&mut visits);
            days.push(DayStops {
                unit: u,
                day: DayKey::Weekday(weekday),
                visits,
            });
        }
        Some(days)
    }

    /// The unit's dated days from `from` over `weeks` weeks (holidays, cancelled and added
    /// dates applied), in date order. `None` for an unknown unit.
    pub fn dates_of(
        &self,
        unit: &UnitId,
        from: NaiveDate,
        weeks: u32,
    ) -> Option<Vec<DayStops<'_>>> {
        let u = self.unit(unit)?;
        let days = weeks * 7;
        let last = from
            .checked_add_days(Days::new(u64::from(days)))
            .unwrap_or(from);
        let mut out: Vec<DayStops<'_>> = Vec::new();
        for o in self.next_of_unit(&u.id, Since::Date(from), days, usize::MAX) {
            // The horizon is `weeks` whole weeks: the day `from + 7·weeks` is the next cycle's.
            if o.date >= last {
                continue;
            }
            let visit = DayVisit {
                stop: o.stop,
                schedule: o.schedule,
                start: o.start,
                end: o.end,
            };
            match out.iter_mut().find(|d| d.day == DayKey::Date(o.date)) {
                Some(day) => day.visits.push(visit),
                None => out.push(DayStops {
                    unit: u,
                    day: DayKey::Date(o.date),
                    visits: vec![visit],
                }),
            }
        }
        for day in &mut out {
            in_time_order(&mut day.visits);
        }
        out.sort_by_key(|d| match d.day {
            DayKey::Date(date) => date,
            DayKey::Weekday(_) => from,
        });
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mobile::{Recurrence, StopId};
    use crate::model::InseeCode;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn t(h: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, 0, 0).unwrap()
    }

    fn stop(id: &str) -> Stop {
        Stop {
            id: StopId::parse(id).unwrap(),
            name: id.to_string(),
            commune: InseeCode::parse("19033").unwrap(),
            commune_name: "Bugeat".into(),
            venue: None,
            point: [1.9, 45.6],
            point_is_commune: false,
            accessible: None,
            internet: None,
        }
    }

    fn visit(stop: &str, weekday: Weekday, start: u32, recurrence: Recurrence) -> VisitSchedule {
        VisitSchedule {
            unit: UnitId::parse("u").unwrap(),
            stop: StopId::parse(stop).unwrap(),
            weekday,
            start: t(start),
            end: t(start + 2),
            recurrence,
            from: d(1, 5),
            until: None,
            cancelled: vec![d(6, 2)],
            added: vec![],
            on_public_holidays: false,
        }
    }

    fn timetable() -> Timetable {
        let unit: MobileUnit = serde_json::from_value(serde_json::json!({
            "id": "u", "name": "Bus", "operator": null, "place_id": null, "depot": [1.8, 45.5],
            "depot_commune": null, "vehicle": null, "seats": null, "wheelchair_places": null,
            "services": [], "france_services": false, "phone": null, "email": null,
            "source_text": null, "unread": [], "source": "test"
        }))
        .unwrap();
        Timetable::new(
            vec![unit],
            vec![stop("a"), stop("b"), stop("c")],
            vec![
                // Afternoon first in the file: the day puts it second.
                visit("b", Weekday::Tue, 14, Recurrence::WEEKLY),
                visit("a", Weekday::Tue, 9, Recurrence::WEEKLY),
                visit("c", Weekday::Thu, 9, Recurrence::Weekly { interval: 2 }),
            ],
        )
    }

    #[test]
    fn a_regular_week_lists_each_working_weekday_in_time_order() {
        let t = timetable();
        let days = t
            .weekdays_of(&UnitId::parse("u").unwrap(), d(5, 1))
            .unwrap();
        let got: Vec<(Weekday, Vec<&str>)> = days
            .iter()
            .map(|day| {
                (
                    day.day.weekday(),
                    day.visits.iter().map(|v| v.stop.id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![(Weekday::Tue, vec!["a", "b"]), (Weekday::Thu, vec!["c"])]
        );
        assert!(t
            .weekdays_of(&UnitId::parse("nobody").unwrap(), d(5, 1))
            .is_none());
    }

    #[test]
    fn dated_days_follow_the_rhythm_and_skip_cancelled_dates() {
        let t = timetable();
        // Tuesday 26 May to Monday 8 June: Tuesdays 26 May and 2 June (cancelled), the
        // fortnightly Thursday once (8 January is its first: 28 May, 20 weeks on, is a
        // visit; 4 June is not).
        let days = t
            .dates_of(&UnitId::parse("u").unwrap(), d(5, 26), 2)
            .unwrap();
        let got: Vec<(NaiveDate, usize)> = days
            .iter()
            .map(|day| match day.day {
                DayKey::Date(date) => (date, day.visits.len()),
                DayKey::Weekday(_) => panic!("dated"),
            })
            .collect();
        assert_eq!(got, vec![(d(5, 26), 2), (d(5, 28), 1)]);
    }
}
