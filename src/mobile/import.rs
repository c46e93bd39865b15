//! `maillage import mobile FILE…`: our CSV files of units, stops and visits, and the France
//! Services list's buses, read, checked together, and written in one transaction. A fault in
//! any row aborts the whole import with every faulty row named; re-importing the same files
//! changes nothing (units and stops are replaced by id, and the visits of every unit the
//! import names are replaced by the import's).

use super::csv_format::{self, FileKind, Parsed, HEADERS_EXPECTED};
use super::stored::{stop_document, unit_document, visit_document};
use super::{france_services, MobileError, StopId, UnitId};
use crate::ingest::{CsvTable, InputError};
use crate::registry::Snapshot;
use crate::store::{ImportLog, MobileChange, MobileStore, Store};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// What an import did, in lines for the user.
#[derive(Debug, Default)]
pub struct MobileImport {
    pub units: usize,
    pub stops: usize,
    pub schedules: usize,
    pub notes: Vec<String>,
    /// What could not be read from the France Services comments, one line per fact.
    pub unread: Vec<String>,
}

/// Reads every file, checks it against itself, the store's communes and the units and stops
/// already stored, and commits it all at once.
pub async fn import_mobile<S: Store + MobileStore>(
    store: &S,
    files: &[PathBuf],
) -> Result<MobileImport, MobileError> {
    let snapshot = Snapshot::load(store).await?;
    let (existing, _) = super::stored::load(store).await?;
    let mut parsed = Parsed::default();
    let mut errors: Vec<InputError> = Vec::new();
    let mut outcome = MobileImport::default();
    for path in files {
        let table = CsvTable::read(path)?;
        if france_services::is_france_services(&table) {
            let fs = france_services::read(&table, &snapshot)?;
            let units = fs.units.len();
            let with_comment = units - fs.without_comment;
            outcome.notes.push(format!(
                "{}: {units} mobile units (format_fs bus or itinerant); {with_comment} with a comment, \
                 {} of which gave stops ({:.0} %); {} stops, {} visit schedules",
                table.name,
                fs.with_stops,
                if with_comment > 0 { 100.0 * fs.with_stops as f64 / with_comment as f64 } else { 0.0 },
                fs.stops.len(),
                fs.schedules.len(),
            ));
            for u in &fs.units {
                if u.source_text.is_some() {
                    outcome.unread.extend(
                        u.unread
                            .iter()
                            .map(|l| format!("{} ({}): {l}", u.id, u.name)),
                    );
                }
            }
            parsed.units.extend(fs.units);
            parsed.stops.extend(fs.stops);
            parsed
                .visits
                .extend(fs.schedules.into_iter().map(|v| (v, table.name.clone(), 0)));
            continue;
        }
        let Some(kind) = FileKind::of(&table) else {
            return Err(InputError::new(&table.name, 1, "(header)", "", HEADERS_EXPECTED).into());
        };
        csv_format::read(&table, kind, &snapshot, &mut parsed, &mut errors);
    }
    // Each id once per import.
    let mut seen: HashSet<&UnitId> = HashSet::new();
    for u in &parsed.units {
        if !seen.insert(&u.id) {
            errors.push(InputError::new(
                &u.source,
                0,
                "unit",
                u.id.as_str(),
                "an id given once per import",
            ));
        }
    }
    let mut seen_stops: HashSet<&StopId> = HashSet::new();
    for s in &parsed.stops {
        if !seen_stops.insert(&s.id) {
            errors.push(InputError::new(
                "stops",
                0,
                "stop",
                s.id.as_str(),
                "an id given once per import",
            ));
        }
    }
    // Visits name units and stops of this import or already stored.
    let stop_communes: HashMap<&StopId, ()> = parsed
        .stops
        .iter()
        .map(|s| (&s.id, ()))
        .chain(existing.stops.iter().map(|s| (&s.id, ())))
        .collect();
    for (v, file, line) in &parsed.visits {
        if !seen.contains(&v.unit) && existing.unit(&v.unit).is_none() {
            errors.push(InputError::new(
                file,
                *line,
                "unit",
                v.unit.as_str(),
                "a unit of this import or already imported",
            ));
        }
        if !stop_communes.contains_key(&v.stop) {
            errors.push(InputError::new(
                file,
                *line,
                "stop",
                v.stop.as_str(),
                "a stop of this import or already imported",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(MobileError::InvalidRows(errors));
    }
    let mut replace: Vec<String> = parsed.units.iter().map(|u| u.id.to_string()).collect();
    for (v, _, _) in &parsed.visits {
        if !replace.contains(&v.unit.to_string()) {
            replace.push(v.unit.to_string());
        }
    }
    outcome.units = parsed.units.len();
    outcome.stops = parsed.stops.len();
    outcome.schedules = parsed.visits.len();
    let summary = format!(
        "{} units, {} stops, {} visit schedules",
        outcome.units, outcome.stops, outcome.schedules
    );
    outcome.notes.push(format!("imported {summary}"));
    let change = MobileChange {
        units: parsed.units.iter().map(unit_document).collect(),
        stops: parsed.stops.iter().map(stop_document).collect(),
        replace_visits_of: replace,
        visits: parsed
            .visits
            .iter()
            .map(|(v, _, _)| visit_document(v))
            .collect(),
        log: ImportLog {
            kind: "mobile".into(),
            files: files.iter().map(|f| f.display().to_string()).collect(),
            accepted: outcome.units + outcome.stops + outcome.schedules,
            rejected: 0,
            summary,
        },
    };
    store.commit_mobile(change).await?;
    Ok(outcome)
}
