//! Imports: read files, merge them into the registry in memory, recompute what derives
//! from them, and save it all in one transaction. A bad row aborts the whole import
//! unless `skip_invalid`, in which case the rejected rows are reported.

use super::commune_point::representative_point;
use super::communes::{apply_epci, apply_mairies, apply_population, apply_shapes, Communes};
use super::places::build_places;
use crate::ingest::Encoding;
use crate::ingest::{
    read_commune_shapes, read_epci, read_ifn, read_mairies, read_population, InputError,
};
use crate::standard::{read_places_encoded, FileError, RowError, SourceFormat};
use crate::store::{Change, ImportLog, SourceRecord, Store, StoreError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Options of `maillage import places`.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub format: Option<SourceFormat>,
    /// The character encoding of the files; detected (UTF-8, else Windows-1252) when `None`.
    pub encoding: Option<Encoding>,
    pub skip_invalid: bool,
    /// Where to write the rejected rows (CSV) when `skip_invalid`.
    pub report: Option<PathBuf>,
}

/// Kinds of commune data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommuneSource {
    Communes,
    Population,
    Epci,
    Mairies,
    /// Indice de fragilité numérique (replaces any earlier IFN of the listed communes).
    Ifn,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportOutcome {
    pub accepted: usize,
    pub rejected: Vec<RowError>,
    /// Human-readable lines: counts, merges, unmapped values, located elsewhere…
    pub notes: Vec<String>,
}

/// Why nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    File(#[from] FileError),
    #[error("{} invalid row(s), nothing was imported (use --skip-invalid to import the valid rows):\n{}",
        .0.len(), .0.iter().take(20).map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    InvalidRows(Vec<RowError>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the report {path}: {detail}")]
    Report { path: String, detail: String },
}

/// Imports place files (any supported format) in one transaction.
pub async fn import_places<S: Store>(
    store: &S,
    files: &[PathBuf],
    opts: &ImportOptions,
) -> Result<ImportOutcome, ImportError> {
    let mut parsed = Vec::new();
    for f in files {
        parsed.push(read_places_encoded(f, opts.format, opts.encoding)?);
    }
    let mut outcome = ImportOutcome::default();
    let existing = store.source_records().await?;
    let mut next_seq = existing.iter().map(|r| r.seq).max().unwrap_or(0) + 1;
    let mut by_key: HashMap<(String, String), usize> = existing
        .iter()
        .enumerate()
        .map(|(i, r)| ((r.dataset.clone(), r.record_id.clone()), i))
        .collect();
    let mut all = existing;
    let mut changed = Vec::new();
    for file in parsed {
        let mut accepted = 0;
        for row in file.rows {
            match row {
                Err(e) => outcome.rejected.push(e),
                Ok(row) => {
                    accepted += 1;
                    let key = (file.dataset.clone(), row.place.id.clone());
                    let rec = SourceRecord {
                        dataset: key.0.clone(),
                        record_id: key.1.clone(),
                        seq: 0,
                        format: file.format.name().to_string(),
                        place: row.place,
                    };
                    let rec = match by_key.get(&key) {
                        Some(&i) => {
                            let rec = SourceRecord {
                                seq: all[i].seq,
                                ..rec
                            };
                            if all[i] != rec {
                                all[i] = rec.clone();
                                changed.push(rec);
                            }
                            continue;
                        }
                        None => SourceRecord {
                            seq: next_seq,
                            ..rec
                        },
                    };
                    next_seq += 1;
                    by_key.insert(key, all.len());
                    all.push(rec.clone());
                    changed.push(rec);
                }
            }
        }
        outcome.accepted += accepted;
        outcome.notes.push(format!(
            "{}: {} ({}), {accepted} rows accepted",
            file.path.display(),
            file.dataset,
            file.format.name()
        ));
        outcome
            .notes
            .extend(file.notes.into_iter().map(|n| format!("  {n}")));
    }
    if !outcome.rejected.is_empty() {
        if !opts.skip_invalid {
            return Err(ImportError::InvalidRows(outcome.rejected));
        }
        if let Some(path) = &opts.report {
            write_report(path, &outcome.rejected)?;
        }
        outcome
            .notes
            .push(format!("{} rows rejected", outcome.rejected.len()));
    }
    let communes = store.communes().await?;
    let build = build_places(&all, &communes);
    outcome.notes.push(format!(
        "{} places in the registry ({} records merged into a place of another source)",
        build.places.len(),
        build.merged_records
    ));
    if !build.contradictions.is_empty() {
        outcome.notes.push(format!(
            "{} places lie in another commune than their code_insee",
            build.contradictions.len()
        ));
    }
    if !build.outside.is_empty() {
        outcome.notes.push(format!(
            "{} places lie in no known commune",
            build.outside.len()
        ));
    }
    let log = ImportLog {
        kind: "places".into(),
        files: files.iter().map(|f| f.display().to_string()).collect(),
        accepted: outcome.accepted,
        rejected: outcome.rejected.len(),
        summary: outcome.notes.join("\n"),
    };
    store
        .commit(Change {
            records: changed,
            places: Some(build.places),
            log,
            ..Change::default()
        })
        .await?;
    Ok(outcome)
}

fn write_report(path: &Path, rejected: &[RowError]) -> Result<(), ImportError> {
    let err = |e: &dyn std::fmt::Display| ImportError::Report {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let mut w = csv::Writer::from_path(path).map_err(|e| err(&e))?;
    w.write_record(["file", "line", "field", "value", "expected"])
        .map_err(|e| err(&e))?;
    for r in rejected {
        w.write_record([
            r.file.as_str(),
            &r.line.to_string(),
            &r.field,
            &crate::ingest::clip(&r.value),
            &r.expected,
        ])
        .map_err(|e| err(&e))?;
    }
    w.flush().map_err(|e| err(&e))
}

/// Imports commune data of one kind, recomputes representative points and re-locates places.
pub async fn import_communes<S: Store>(
    store: &S,
    kind: CommuneSource,
    files: &[PathBuf],
) -> Result<ImportOutcome, ImportError> {
    let before = store.communes().await?;
    let mut communes: Communes = before.iter().map(|c| (c.code.clone(), c.clone())).collect();
    let mut outcome = ImportOutcome::default();
    let mut epci_rows = Vec::new();
    for f in files {
        let name = f.display();
        match kind {
            CommuneSource::Communes => {
                let read = read_commune_shapes(f)?;
                outcome.accepted += read.shapes.len();
                outcome.notes.push(format!(
                    "{name}: {} commune polygons, {} features without geometry, {} repaired",
                    read.shapes.len(),
                    read.without_geometry,
                    read.repaired.len()
                ));
                outcome.notes.extend(
                    read.repaired
                        .iter()
                        .map(|r| format!("  warning: repaired {r}")),
                );
                apply_shapes(&mut communes, read.shapes);
            }
            CommuneSource::Population => {
                let rows = read_population(f)?;
                outcome.accepted += rows.len();
                let total: u64 = rows.iter().filter_map(|r| r.population).sum();
                outcome.notes.push(format!(
                    "{name}: {} communes, population {total}",
                    rows.len()
                ));
                apply_population(&mut communes, rows);
            }
            CommuneSource::Epci => {
                let rows = read_epci(f)?;
                outcome.accepted += rows.len();
                let (infos, unknown) = apply_epci(&mut communes, rows);
                outcome.notes.push(format!(
                    "{name}: {} EPCI, {unknown} member communes not loaded (ignored)",
                    infos.len()
                ));
                epci_rows.extend(infos);
            }
            CommuneSource::Mairies => {
                let (rows, skipped) = read_mairies(f)?;
                outcome.accepted += rows.len();
                let n = rows.len();
                let unknown = apply_mairies(&mut communes, rows);
                outcome.notes.push(format!("{name}: {n} town halls ({skipped} without position, {unknown} of communes not loaded)"));
            }
            CommuneSource::Ifn => {
                let rows = read_ifn(f)?;
                outcome.accepted += rows.len();
                let mut unknown = 0;
                for r in &rows {
                    match communes.get_mut(&r.code) {
                        Some(c) => c.ifn = Some(r.score),
                        None => unknown += 1,
                    }
                }
                outcome.notes.push(format!(
                    "{name}: {} IFN scores, {unknown} of communes not loaded (ignored)",
                    rows.len()
                ));
            }
        }
    }
    let mut rejected_mairies = 0;
    for c in communes.values_mut() {
        let (point, source) = representative_point(c);
        if c.mairie.is_some() && source != "mairie" && source != "mairie-unchecked" {
            rejected_mairies += 1;
        }
        c.point = point;
        c.point_source = source.to_string();
    }
    if rejected_mairies > 0 {
        outcome.notes.push(format!("{rejected_mairies} town-hall points lie outside their commune: a point inside the polygon is used"));
    }
    let old: HashMap<_, _> = before.iter().map(|c| (c.code.clone(), c)).collect();
    let all: Vec<_> = communes.into_values().collect();
    let changed: Vec<_> = all
        .iter()
        .filter(|c| old.get(&c.code).is_none_or(|o| *o != *c))
        .cloned()
        .collect();
    let relocate = kind == CommuneSource::Communes && !changed.is_empty();
    let places = if relocate {
        let records = store.source_records().await?;
        (!records.is_empty()).then(|| build_places(&records, &all).places)
    } else {
        None
    };
    outcome.notes.push(format!(
        "{} communes changed, {} in the registry",
        changed.len(),
        all.len()
    ));
    let log = ImportLog {
        kind: format!("{kind:?}").to_lowercase(),
        files: files.iter().map(|f| f.display().to_string()).collect(),
        accepted: outcome.accepted,
        rejected: 0,
        summary: outcome.notes.join("\n"),
    };
    store
        .commit(Change {
            communes: changed,
            epci: epci_rows,
            places,
            log,
            ..Change::default()
        })
        .await?;
    Ok(outcome)
}
