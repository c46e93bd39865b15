//! Our CSV format for mobile units, read with every row checked. Three kinds of file, told
//! apart by their header (see `docs/mobile-units.md`):
//!
//! - units: `unit,name[,operator,place_id,depot_lon,depot_lat,vehicle,seats,wheelchair_places,services,france_services,phone,email]`
//! - stops: `stop,name,commune[,venue,lon,lat,accessible,internet]`
//! - visits: `unit,stop,weekday,start,end[,repeat,from,until,cancelled,added,public_holidays]`

use super::{MobileUnit, Recurrence, Stop, StopId, UnitId, VisitSchedule, RECURRENCE_EXPECTED};
use crate::ingest::{CsvRow, CsvTable, InputError};
use crate::model::InseeCode;
use crate::registry::Snapshot;
use crate::spatial::geodesy::valid_lon_lat;
use chrono::{NaiveDate, NaiveTime, Weekday};

/// The kind of a file of ours, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Units,
    Stops,
    Visits,
}

/// What a header must hold, for the error that says so.
pub const HEADERS_EXPECTED: &str = "a header of units (unit,name,…), stops (stop,name,commune,…), \
    visits (unit,stop,weekday,start,end,…) or the France Services list (id_fs,…,format_fs,…)";

impl FileKind {
    pub fn of(table: &CsvTable) -> Option<FileKind> {
        let has = |n: &str| table.column(&[n]).is_some();
        if has("weekday") && has("unit") && has("stop") {
            Some(FileKind::Visits)
        } else if has("stop") && has("commune") {
            Some(FileKind::Stops)
        } else if has("unit") && has("name") {
            Some(FileKind::Units)
        } else {
            None
        }
    }
}

/// Everything read from our files, before it is checked against the store.
#[derive(Debug, Default)]
pub struct Parsed {
    pub units: Vec<MobileUnit>,
    pub stops: Vec<Stop>,
    /// Each visit with where it was read (file and line), to name it in errors.
    pub visits: Vec<(VisitSchedule, String, usize)>,
}

/// Reads one of our files into `out`; faults are appended to `errors` (the import fails if
/// there is any).
pub fn read(
    table: &CsvTable,
    kind: FileKind,
    snapshot: &Snapshot,
    out: &mut Parsed,
    errors: &mut Vec<InputError>,
) {
    for row in table.rows() {
        let result = match kind {
            FileKind::Units => unit(table, &row).map(|u| out.units.push(u)),
            FileKind::Stops => stop(table, &row, snapshot).map(|s| out.stops.push(s)),
            FileKind::Visits => {
                visit(table, &row).map(|v| out.visits.push((v, table.name.clone(), row.line)))
            }
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
}

/// The text of an optional column, empty when the column is absent.
fn cell<'a>(table: &CsvTable, row: &'a CsvRow<'_>, name: &str) -> (&'a str, usize) {
    match table.column(&[name]) {
        Some(c) => (row.get(c), c),
        None => ("", usize::MAX),
    }
}

fn required<'a>(
    table: &CsvTable,
    row: &'a CsvRow<'_>,
    name: &str,
    expected: &str,
) -> Result<&'a str, InputError> {
    let (v, c) = cell(table, row, name);
    if v.is_empty() {
        Err(row.error(c, name, expected))
    } else {
        Ok(v)
    }
}

fn optional<T>(
    table: &CsvTable,
    row: &CsvRow<'_>,
    name: &str,
    expected: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, InputError> {
    let (v, c) = cell(table, row, name);
    if v.is_empty() {
        return Ok(None);
    }
    parse(v)
        .map(Some)
        .ok_or_else(|| row.error(c, name, expected))
}

fn text(table: &CsvTable, row: &CsvRow<'_>, name: &str) -> Option<String> {
    let (v, _) = cell(table, row, name);
    (!v.is_empty()).then(|| v.to_string())
}

fn yes_no(v: &str) -> Option<bool> {
    match v.to_lowercase().as_str() {
        "yes" | "oui" | "true" | "1" => Some(true),
        "no" | "non" | "false" | "0" => Some(false),
        _ => None,
    }
}

fn lon_lat(
    table: &CsvTable,
    row: &CsvRow<'_>,
    lon: &str,
    lat: &str,
) -> Result<Option<[f64; 2]>, InputError> {
    const EXPECTED: &str =
        "WGS84 degrees (longitude -180 to 180, latitude -90 to 90), both or neither";
    let x = optional(table, row, lon, EXPECTED, |v| {
        v.replace(',', ".").parse::<f64>().ok()
    })?;
    let y = optional(table, row, lat, EXPECTED, |v| {
        v.replace(',', ".").parse::<f64>().ok()
    })?;
    match (x, y) {
        (None, None) => Ok(None),
        (Some(x), Some(y)) if valid_lon_lat(x, y) => Ok(Some([x, y])),
        (Some(_), _) => Err(row.error(cell(table, row, lat).1, lat, EXPECTED)),
        (None, Some(_)) => Err(row.error(cell(table, row, lon).1, lon, EXPECTED)),
    }
}

fn unit(table: &CsvTable, row: &CsvRow<'_>) -> Result<MobileUnit, InputError> {
    let id = required(table, row, "unit", "a unit id")?;
    let id =
        UnitId::parse(id).map_err(|e| row.error(cell(table, row, "unit").1, "unit", e.expected))?;
    let name = required(table, row, "name", "the unit's name")?.to_string();
    let count = |v: &str| v.parse::<u32>().ok().filter(|n| *n <= 1000);
    Ok(MobileUnit {
        id,
        name,
        operator: text(table, row, "operator"),
        place_id: text(table, row, "place_id"),
        depot: lon_lat(table, row, "depot_lon", "depot_lat")?,
        depot_commune: optional(
            table,
            row,
            "depot_commune",
            "an INSEE code like 08490",
            |v| InseeCode::parse(v).ok(),
        )?,
        vehicle: text(table, row, "vehicle"),
        seats: optional(table, row, "seats", "a whole number from 0 to 1000", count)?,
        wheelchair_places: optional(
            table,
            row,
            "wheelchair_places",
            "a whole number from 0 to 1000",
            count,
        )?,
        services: text(table, row, "services")
            .map(|s| {
                s.split('|')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        france_services: optional(table, row, "france_services", "yes or no", yes_no)?
            .unwrap_or(false),
        phone: text(table, row, "phone"),
        email: text(table, row, "email"),
        source_text: None,
        unread: Vec::new(),
        source: format!("mobile-csv {}", table.name),
    })
}

fn stop(table: &CsvTable, row: &CsvRow<'_>, snapshot: &Snapshot) -> Result<Stop, InputError> {
    let id = required(table, row, "stop", "a stop id")?;
    let id =
        StopId::parse(id).map_err(|e| row.error(cell(table, row, "stop").1, "stop", e.expected))?;
    let name = required(table, row, "name", "the stop's name")?.to_string();
    let code_text = required(
        table,
        row,
        "commune",
        "the INSEE code of the stop's commune",
    )?;
    let commune_col = cell(table, row, "commune").1;
    let code = InseeCode::parse(code_text)
        .map_err(|_| row.error(commune_col, "commune", "an INSEE code like 08305 or 2A004"))?;
    let commune = snapshot.commune(&code);
    if commune.is_none() && !snapshot.communes.is_empty() {
        return Err(row.error(
            commune_col,
            "commune",
            "the INSEE code of a commune in the database (maillage import communes …)",
        ));
    }
    let own = lon_lat(table, row, "lon", "lat")?;
    let fallback = commune
        .and_then(|c| c.mairie.or(c.point))
        .map(|p| [p.x(), p.y()]);
    let Some(point) = own.or(fallback) else {
        return Err(row.error(
            cell(table, row, "lon").1,
            "lon",
            "the stop's lon and lat (the commune has no town hall or point to stand for it)",
        ));
    };
    Ok(Stop {
        id,
        name,
        commune_name: commune.map_or_else(|| code.to_string(), |c| c.nom.clone()),
        commune: code,
        venue: text(table, row, "venue"),
        point,
        point_is_commune: own.is_none(),
        accessible: optional(table, row, "accessible", "yes or no", yes_no)?,
        internet: optional(table, row, "internet", "yes or no", yes_no)?,
    })
}

/// A weekday's English name, as the files and answers write it (`monday`).
pub fn weekday_name(d: Weekday) -> &'static str {
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ][d.num_days_from_monday() as usize]
}

/// A weekday in English or French, in full or as its first two or three letters.
pub fn weekday(v: &str) -> Option<Weekday> {
    let w = deunicode::deunicode(v).to_lowercase();
    Some(match w.as_str() {
        "monday" | "mon" | "mo" | "lundi" | "lun" | "lu" => Weekday::Mon,
        "tuesday" | "tue" | "tu" | "mardi" | "mar" | "ma" => Weekday::Tue,
        "wednesday" | "wed" | "we" | "mercredi" | "mer" | "me" => Weekday::Wed,
        "thursday" | "thu" | "th" | "jeudi" | "jeu" | "je" => Weekday::Thu,
        "friday" | "fri" | "fr" | "vendredi" | "vend" | "ven" | "ve" => Weekday::Fri,
        "saturday" | "sat" | "sa" | "samedi" | "sam" => Weekday::Sat,
        "sunday" | "sun" | "su" | "dimanche" | "dim" | "di" => Weekday::Sun,
        _ => return None,
    })
}

fn time(v: &str) -> Option<NaiveTime> {
    let v = v.to_lowercase().replace('h', ":");
    let v = if v.ends_with(':') {
        format!("{v}00")
    } else {
        v
    };
    NaiveTime::parse_from_str(&v, "%H:%M").ok()
}

fn dates(v: &str) -> Option<Vec<NaiveDate>> {
    v.split('|')
        .map(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
        .collect()
}

/// The first date a schedule holds when the file gives none: "always".
pub const SINCE_ALWAYS: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 3) {
    Some(d) => d,
    None => panic!("a date"),
};

fn visit(table: &CsvTable, row: &CsvRow<'_>) -> Result<VisitSchedule, InputError> {
    let col = |n: &str| cell(table, row, n).1;
    let unit = UnitId::parse(required(table, row, "unit", "a unit id")?)
        .map_err(|e| row.error(col("unit"), "unit", e.expected))?;
    let stop = StopId::parse(required(table, row, "stop", "a stop id")?)
        .map_err(|e| row.error(col("stop"), "stop", e.expected))?;
    const DAY: &str = "a weekday: monday … sunday, lundi … dimanche, or mo … su";
    let weekday = weekday(required(table, row, "weekday", DAY)?)
        .ok_or_else(|| row.error(col("weekday"), "weekday", DAY))?;
    const TIME: &str = "a time HH:MM (24 hours)";
    let start = time(required(table, row, "start", TIME)?)
        .ok_or_else(|| row.error(col("start"), "start", TIME))?;
    let end = time(required(table, row, "end", TIME)?)
        .ok_or_else(|| row.error(col("end"), "end", TIME))?;
    if end <= start {
        return Err(row.error(col("end"), "end", "a time after `start`"));
    }
    let (repeat, repeat_col) = cell(table, row, "repeat");
    let recurrence = Recurrence::parse(repeat, weekday).map_err(|e| {
        InputError::new(
            &table.name,
            row.line,
            "repeat",
            repeat,
            &format!("{RECURRENCE_EXPECTED} ({e})"),
        )
    })?;
    let _ = repeat_col;
    const DATE: &str = "a date YYYY-MM-DD";
    let from = optional(table, row, "from", DATE, |v| {
        dates(v).filter(|d| d.len() == 1).map(|d| d[0])
    })?;
    if matches!(recurrence, Recurrence::Weekly { interval } if interval > 1) && from.is_none() {
        return Err(row.error(
            col("from"),
            "from",
            "the date of a first visit (every N weeks counts from it)",
        ));
    }
    let from = from.unwrap_or(SINCE_ALWAYS);
    let until = optional(table, row, "until", DATE, |v| {
        dates(v).filter(|d| d.len() == 1).map(|d| d[0])
    })?;
    if until.is_some_and(|u| u < from) {
        return Err(row.error(col("until"), "until", "a date on or after `from`"));
    }
    const DATES: &str = "dates YYYY-MM-DD separated by |";
    Ok(VisitSchedule {
        unit,
        stop,
        weekday,
        start,
        end,
        recurrence,
        from,
        until,
        cancelled: optional(table, row, "cancelled", DATES, dates)?.unwrap_or_default(),
        added: optional(table, row, "added", DATES, dates)?.unwrap_or_default(),
        on_public_holidays: optional(
            table,
            row,
            "public_holidays",
            "off (the default) or on",
            |v| match v {
                "off" => Some(false),
                "on" => Some(true),
                _ => None,
            },
        )?
        .unwrap_or(false),
    })
}
