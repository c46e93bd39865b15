//! Every unit, stop and schedule in service, indexed, and the questions residents ask of
//! them: the next visits near a point, the next visits in a commune, a unit's timetable.

use super::holidays::zone_of;
use super::{MobileUnit, Stop, StopId, UnitId, VisitSchedule};
use crate::model::InseeCode;
use crate::spatial::geodesy::haversine_m;
use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use std::collections::HashMap;

/// The mobile units in memory, immutable once built (rebuilt whole when the store changes).
#[derive(Debug, Default)]
pub struct Timetable {
    pub units: Vec<MobileUnit>,
    pub stops: Vec<Stop>,
    pub schedules: Vec<VisitSchedule>,
    unit_index: HashMap<UnitId, usize>,
    stop_index: HashMap<StopId, usize>,
}

/// From when visits are wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// Visits not yet over at this instant.
    Instant(DateTime<Utc>),
    /// Visits on or after this date (local to each stop).
    Date(NaiveDate),
}

/// One dated visit.
#[derive(Debug, Clone)]
pub struct Occurrence<'a> {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// The start as an instant with the stop's offset.
    pub starts_at: DateTime<chrono::FixedOffset>,
    pub ends_at: DateTime<chrono::FixedOffset>,
    pub stop: &'a Stop,
    pub unit: &'a MobileUnit,
    pub schedule: &'a VisitSchedule,
    /// Great-circle metres from the point asked about, for questions about a point.
    pub distance_m: Option<f64>,
}

impl Timetable {
    pub fn new(units: Vec<MobileUnit>, stops: Vec<Stop>, schedules: Vec<VisitSchedule>) -> Self {
        Timetable {
            unit_index: units
                .iter()
                .enumerate()
                .map(|(i, u)| (u.id.clone(), i))
                .collect(),
            stop_index: stops
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.clone(), i))
                .collect(),
            units,
            stops,
            schedules,
        }
    }

    pub fn unit(&self, id: &UnitId) -> Option<&MobileUnit> {
        self.unit_index.get(id).map(|&i| &self.units[i])
    }

    pub fn stop(&self, id: &StopId) -> Option<&Stop> {
        self.stop_index.get(id).map(|&i| &self.stops[i])
    }

    /// The schedules of a unit, in import order.
    pub fn schedules_of<'a>(&'a self, unit: &'a UnitId) -> impl Iterator<Item = &'a VisitSchedule> {
        self.schedules.iter().filter(move |s| &s.unit == unit)
    }

    /// The stops a unit visits, each once, in the order of its schedules.
    pub fn stops_of(&self, unit: &UnitId) -> Vec<&Stop> {
        let mut out: Vec<&Stop> = Vec::new();
        for s in self.schedules_of(unit) {
            if let Some(stop) = self.stop(&s.stop) {
                if !out.iter().any(|o| o.id == stop.id) {
                    out.push(stop);
                }
            }
        }
        out
    }

    /// The dated visits of some schedules within `days` days of `since`, earliest first
    /// (ties: nearest first), at most `limit`.
    fn occurrences<'a>(
        &'a self,
        picked: impl Iterator<Item = (&'a VisitSchedule, Option<f64>)>,
        since: Since,
        days: u32,
        limit: usize,
    ) -> Vec<Occurrence<'a>> {
        let mut out = Vec::new();
        for (schedule, distance_m) in picked {
            let (Some(stop), Some(unit)) = (self.stop(&schedule.stop), self.unit(&schedule.unit))
            else {
                continue;
            };
            let zone = zone_of(&stop.commune);
            let first = match since {
                Since::Instant(t) => t.with_timezone(&zone).date_naive(),
                Since::Date(d) => d,
            };
            let last = first
                .checked_add_days(Days::new(days as u64))
                .unwrap_or(first);
            for date in schedule.dates(&stop.commune, first, last) {
                let local = |t: NaiveTime| zone.from_local_datetime(&date.and_time(t)).earliest();
                let (Some(starts_at), Some(ends_at)) = (local(schedule.start), local(schedule.end))
                else {
                    continue;
                };
                if let Since::Instant(now) = since {
                    if ends_at.with_timezone(&Utc) <= now {
                        continue;
                    }
                }
                out.push(Occurrence {
                    date,
                    start: schedule.start,
                    end: schedule.end,
                    starts_at: starts_at.fixed_offset(),
                    ends_at: ends_at.fixed_offset(),
                    stop,
                    unit,
                    schedule,
                    distance_m,
                });
            }
        }
        out.sort_by(|a, b| {
            a.starts_at
                .cmp(&b.starts_at)
                .then(
                    a.distance_m
                        .unwrap_or(0.0)
                        .total_cmp(&b.distance_m.unwrap_or(0.0)),
                )
                .then(a.stop.id.cmp(&b.stop.id))
        });
        out.truncate(limit);
        out
    }

    /// The next visits at stops within `radius_m` of a point.
    pub fn next_near(
        &self,
        lon: f64,
        lat: f64,
        radius_m: f64,
        since: Since,
        days: u32,
        limit: usize,
    ) -> Vec<Occurrence<'_>> {
        let distances: HashMap<&StopId, f64> = self
            .stops
            .iter()
            .map(|s| (&s.id, haversine_m([lon, lat], s.point)))
            .filter(|(_, d)| *d <= radius_m)
            .collect();
        let picked = self
            .schedules
            .iter()
            .filter_map(|s| distances.get(&s.stop).map(|d| (s, Some(*d))));
        self.occurrences(picked, since, days, limit)
    }

    /// The next visits at the stops of a commune.
    pub fn next_in_commune(
        &self,
        code: &InseeCode,
        since: Since,
        days: u32,
        limit: usize,
    ) -> Vec<Occurrence<'_>> {
        let picked = self
            .schedules
            .iter()
            .filter(|s| self.stop(&s.stop).is_some_and(|st| &st.commune == code))
            .map(|s| (s, None));
        self.occurrences(picked, since, days, limit)
    }

    /// The next visits of a unit.
    pub fn next_of_unit<'a>(
        &'a self,
        unit: &'a UnitId,
        since: Since,
        days: u32,
        limit: usize,
    ) -> Vec<Occurrence<'a>> {
        self.occurrences(
            self.schedules_of(unit).map(|s| (s, None)),
            since,
            days,
            limit,
        )
    }

    /// Stops visited every week under schedules in force at `as_of`, with the visit hours per
    /// week there (all units together) and the units visiting weekly: what the coverage
    /// indicators count.
    pub fn weekly_stops(&self, as_of: NaiveDate) -> Vec<(&Stop, f64, Vec<&MobileUnit>)> {
        let mut hours: HashMap<&StopId, (f64, Vec<&MobileUnit>)> = HashMap::new();
        for s in self
            .schedules
            .iter()
            .filter(|s| s.is_weekly() && s.in_force(as_of))
        {
            let Some(unit) = self.unit(&s.unit) else {
                continue;
            };
            let e = hours.entry(&s.stop).or_default();
            e.0 += s.hours_per_week();
            if !e.1.iter().any(|u| u.id == unit.id) {
                e.1.push(unit);
            }
        }
        self.stops
            .iter()
            .filter_map(|st| hours.remove(&st.id).map(|(h, u)| (st, h, u)))
            .collect()
    }
}
