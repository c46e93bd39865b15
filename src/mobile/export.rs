//! What residents and organisers take away: an iCalendar of visits (to subscribe to on a
//! phone), the weekly timetable as CSV, and the stops as GeoJSON.

use super::{Occurrence, Stop, Timetable, VisitSchedule};
use chrono::Utc;
use icalendar::{Calendar, Component, Event, EventLike};
use serde_json::{json, Value};

/// An iCalendar (RFC 5545) of dated visits: one event each, in UTC, with a stable UID.
pub fn icalendar(name: &str, visits: &[Occurrence<'_>]) -> String {
    let mut cal = Calendar::new();
    cal.name(name);
    cal.append_property(("X-PUBLISHED-TTL", "PT12H"));
    for v in visits {
        let uid = format!(
            "{}-{}-{}-{}@maillage",
            v.unit.id,
            v.stop.id,
            v.date.format("%Y%m%d"),
            v.start.format("%H%M")
        );
        let mut e = Event::new();
        e.uid(&uid)
            .summary(&format!("{} — {}", v.unit.name, v.stop.name))
            .location(&location(v.stop))
            .starts(v.starts_at.with_timezone(&Utc))
            .ends(v.ends_at.with_timezone(&Utc))
            .add_property(
                "GEO",
                format!("{:.6};{:.6}", v.stop.point[1], v.stop.point[0]),
            );
        let mut description = format!("{}, {}", v.unit.name, v.stop.commune_name);
        if let Some(phone) = &v.unit.phone {
            description.push_str(&format!(" — {phone}"));
        }
        e.description(&description);
        cal.push(e.done());
    }
    cal.done().to_string()
}

fn location(s: &Stop) -> String {
    match &s.venue {
        Some(v) => format!("{v}, {} ({})", s.commune_name, s.commune),
        None => format!("{} ({})", s.commune_name, s.commune),
    }
}

/// The columns of the CSV timetable, in order.
pub const TIMETABLE_COLUMNS: [&str; 14] = [
    "unit",
    "unit_name",
    "stop",
    "stop_name",
    "commune",
    "commune_name",
    "weekday",
    "start",
    "end",
    "repeat",
    "rrule",
    "from",
    "until",
    "public_holidays",
];

/// The schedules as CSV (RFC 4180, UTF-8): one row per schedule.
pub fn timetable_csv<'a>(
    t: &Timetable,
    schedules: impl Iterator<Item = &'a VisitSchedule>,
) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(TIMETABLE_COLUMNS);
    for s in schedules {
        let unit = t.unit(&s.unit);
        let stop = t.stop(&s.stop);
        let _ = w.write_record([
            s.unit.to_string(),
            unit.map(|u| u.name.clone()).unwrap_or_default(),
            s.stop.to_string(),
            stop.map(|x| x.name.clone()).unwrap_or_default(),
            stop.map(|x| x.commune.to_string()).unwrap_or_default(),
            stop.map(|x| x.commune_name.clone()).unwrap_or_default(),
            super::csv_format::weekday_name(s.weekday).to_string(),
            s.start.format("%H:%M").to_string(),
            s.end.format("%H:%M").to_string(),
            s.recurrence.to_string(),
            s.recurrence.rrule(s.weekday),
            s.from.to_string(),
            s.until.map(|d| d.to_string()).unwrap_or_default(),
            if s.on_public_holidays { "on" } else { "off" }.to_string(),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// Stops as GeoJSON points (RFC 7946), with the units that visit them.
pub fn stops_geojson(t: &Timetable, stops: &[&Stop]) -> Value {
    let features: Vec<Value> = stops
        .iter()
        .map(|s| {
            let mut units: Vec<&str> = t
                .schedules
                .iter()
                .filter(|v| v.stop == s.id)
                .map(|v| v.unit.as_str())
                .collect();
            units.dedup();
            json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round6(s.point[0]), round6(s.point[1])]},
                "properties": {
                    "id": s.id, "name": s.name, "commune": s.commune, "commune_name": s.commune_name,
                    "venue": s.venue, "point_is_commune": s.point_is_commune,
                    "accessible": s.accessible, "internet": s.internet, "units": units,
                },
            })
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
