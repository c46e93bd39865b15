//! Mobile units from the France Services list: rows whose `format_fs` is a bus
//! (`Bus_équivalent`) or itinerant (`Itinérante`) become units, and their `commentaire`
//! becomes stops and weekly schedules where a weekday and a commune known near the depot can
//! be read. What cannot be read is reported and the text is kept on the unit.

use super::comment::{self, ReadStop};
use super::commune_names::CommuneNames;
use super::csv_format::SINCE_ALWAYS;
use super::{MobileUnit, Stop, StopId, UnitId, VisitSchedule};
use crate::ingest::{CsvTable, InputError};
use crate::model::InseeCode;
use crate::registry::Snapshot;
use crate::standard::france_services::DAY_COLUMNS;

/// Whether a CSV is the France Services list.
pub fn is_france_services(table: &CsvTable) -> bool {
    table.column(&["id_fs"]).is_some() && table.column(&["format_fs"]).is_some()
}

/// Whether a `format_fs` value is a mobile unit.
pub fn is_mobile_format(format_fs: &str) -> bool {
    let f = deunicode::deunicode(format_fs).to_lowercase();
    f.starts_with("bus") || f.starts_with("itinerant")
}

/// What the list gave: units, their stops and schedules, and how well the comments read.
#[derive(Debug, Default)]
pub struct FranceServicesUnits {
    pub units: Vec<MobileUnit>,
    pub stops: Vec<Stop>,
    pub schedules: Vec<VisitSchedule>,
    /// Units whose comment is empty.
    pub without_comment: usize,
    /// Units with a comment from which at least one stop was read.
    pub with_stops: usize,
}

/// Reads the mobile rows of the list; `snapshot` gives the communes names are matched to.
pub fn read(table: &CsvTable, snapshot: &Snapshot) -> Result<FranceServicesUnits, InputError> {
    let [id_c, name_c, format_c] = table.columns(
        [&["id_fs"], &["lib_fs"], &["format_fs"]],
        "the France Services list's header (id_fs, lib_fs, format_fs, commentaire…)",
    )?;
    let col = |n: &str| table.column(&[n]);
    let (comment_c, lon_c, lat_c, insee_c) = (
        col("commentaire"),
        col("longitude"),
        col("latitude"),
        col("insee_com"),
    );
    let (phone_c, mail_c) = (col("telephone"), col("mail"));
    let day_cols: Vec<Option<usize>> = DAY_COLUMNS.iter().map(|(c, _)| col(c)).collect();
    let names = CommuneNames::new(&snapshot.communes);
    let mut out = FranceServicesUnits::default();
    for row in table.rows() {
        if !is_mobile_format(row.get(format_c)) {
            continue;
        }
        let get = |c: Option<usize>| c.map(|c| row.get(c)).filter(|v| !v.is_empty());
        let id_fs = row.get(id_c);
        let id = UnitId::parse(&format!("fs-{id_fs}"))
            .map_err(|e| row.error(id_c, "id_fs", e.expected))?;
        let depot = match (get(lon_c), get(lat_c)) {
            (Some(x), Some(y)) => x
                .replace(',', ".")
                .parse()
                .ok()
                .zip(y.replace(',', ".").parse().ok())
                .map(|(x, y)| [x, y]),
            _ => None,
        };
        let depot_commune = get(insee_c).and_then(|c| InseeCode::parse(c).ok());
        let departement = depot_commune
            .as_ref()
            .map_or("", |c| c.departement())
            .to_string();
        let text = get(comment_c).map(crate::standard::france_services::decode_hex_escapes);
        let mut unit = MobileUnit {
            id: id.clone(),
            name: row.get(name_c).to_string(),
            operator: None,
            place_id: Some(format!("fs-{id_fs}")),
            depot,
            depot_commune,
            vehicle: deunicode::deunicode(row.get(format_c))
                .to_lowercase()
                .starts_with("bus")
                .then(|| "bus".to_string()),
            seats: None,
            wheelchair_places: None,
            services: Vec::new(),
            france_services: true,
            phone: get(phone_c).map(str::to_string),
            email: get(mail_c).map(str::to_string),
            source_text: text.clone(),
            unread: Vec::new(),
            source: format!("france-services {}", table.name),
        };
        let Some(text) = text else {
            out.without_comment += 1;
            unit.unread.push("no comment: no stop to read".into());
            out.units.push(unit);
            continue;
        };
        let day_hours: Vec<Option<&str>> = day_cols.iter().map(|c| get(*c)).collect();
        let day_hours: [Option<&str>; 6] = day_hours.try_into().unwrap_or([None; 6]);
        let mut read_any = false;
        for stop in comment::read(&text, &day_hours) {
            let mut candidates = stop.longer.clone();
            candidates.push(stop.name.clone());
            let Some(commune) =
                names.resolve_read(&candidates, stop.postcode.as_deref(), depot, &departement)
            else {
                unit.unread.push(format!(
                    "{:?} on {}: not a commune known near the unit ({})",
                    stop.name,
                    french_day(stop.weekday),
                    stop.excerpt
                ));
                continue;
            };
            let stop_id = StopId::parse(&format!("{}-{}", id, commune.code))
                .map_err(|e| row.error(id_c, "id_fs", e.expected))?;
            if !out.stops.iter().any(|s| s.id == stop_id) {
                let point = commune.mairie.or(commune.point).map(|p| [p.x(), p.y()]);
                let Some(point) = point else {
                    unit.unread
                        .push(format!("{}: the commune has no point", commune.nom));
                    continue;
                };
                out.stops.push(Stop {
                    id: stop_id.clone(),
                    name: match &stop.venue {
                        Some(v) => format!("{}, {v}", commune.nom),
                        None => commune.nom.clone(),
                    },
                    commune: commune.code.clone(),
                    commune_name: commune.nom.clone(),
                    venue: stop.venue.clone(),
                    point,
                    point_is_commune: true,
                    accessible: None,
                    internet: None,
                });
            }
            read_any = true;
            add_schedules(&mut out.schedules, &mut unit, &stop, &stop_id, &commune.nom);
        }
        if read_any {
            out.with_stops += 1;
        } else {
            unit.unread
                .push("no weekday with a known commune could be read".into());
        }
        out.units.push(unit);
    }
    Ok(out)
}

fn add_schedules(
    schedules: &mut Vec<VisitSchedule>,
    unit: &mut MobileUnit,
    stop: &ReadStop,
    stop_id: &StopId,
    commune: &str,
) {
    let day = french_day(stop.weekday);
    let Some(recurrence) = stop.recurrence else {
        unit.unread.push(format!(
            "{commune} on {day}: a rhythm with no date to count from ({})",
            stop.excerpt
        ));
        return;
    };
    if stop.windows.is_empty() {
        unit.unread.push(format!(
            "{commune} on {day}: no visit times ({})",
            stop.excerpt
        ));
        return;
    }
    for &(start, end) in &stop.windows {
        let schedule = VisitSchedule {
            unit: unit.id.clone(),
            stop: stop_id.clone(),
            weekday: stop.weekday,
            start,
            end,
            recurrence,
            from: SINCE_ALWAYS,
            until: None,
            cancelled: Vec::new(),
            added: Vec::new(),
            on_public_holidays: false,
        };
        if !schedules.contains(&schedule) {
            schedules.push(schedule);
        }
    }
}

fn french_day(d: chrono::Weekday) -> &'static str {
    [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ][d.num_days_from_monday() as usize]
}
