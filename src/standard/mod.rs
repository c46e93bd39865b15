//! The open-data standard "lieux de médiation numérique": reading places from standard
//! v1.0.2 CSV/JSON, legacy v0.1.0 JSON/CSV and the France Services list, with validation,
//! and writing standard v1.0.2 CSV.
//!
//! A row is rejected ([`RowError`]) only when it cannot be a usable place; every other fault
//! is kept as a warning on the place, and values the standard does not know are kept and
//! counted in [`ParsedFile::notes`].
//!
//! Every format that yields places lives here, the standard's own and the others mapped onto
//! it (legacy v0.1.0, the France Services list): they share the raw records, the row checks and
//! the format detection of [`parse_text`]. Dependencies run one way: `standard` uses
//! `crate::ingest` for reading files (gzip) only, and `ingest` (communes, populations, EPCI,
//! town halls, IFN) never uses `standard`.

pub(crate) mod check;
mod fields;
mod format;
pub mod france_services;
mod legacy;
mod raw;
mod report;
mod v1;
mod write;

pub use fields::{split_multi, FIELDS};
pub use format::SourceFormat;
pub use write::{row as place_row, write_csv};

pub(crate) use check::RowCtx;
pub(crate) use raw::RawRecord;

use crate::model::{Place, SourceRef};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// Why one record was rejected: where it is and which field is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub file: String,
    /// Physical line where the record starts (CSV header = line 1; JSON: the record's `{`).
    pub line: usize,
    pub field: String,
    pub value: String,
    pub expected: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: field `{}`: got {:?}, expected {}",
            self.file, self.line, self.field, self.value, self.expected
        )
    }
}

impl std::error::Error for RowError {}

/// One accepted record.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRow {
    pub line: usize,
    pub place: Place,
}

/// Everything read from one file: accepted places, rejected rows, and notes about the file.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub path: PathBuf,
    pub format: SourceFormat,
    /// The file stem, recorded in each place's `sources`.
    pub dataset: String,
    pub rows: Vec<Result<ParsedRow, RowError>>,
    /// File-level remarks: unmapped values with their counts, ignored fields…
    pub notes: Vec<String>,
}

impl ParsedFile {
    /// The accepted places, in file order.
    pub fn places(&self) -> impl Iterator<Item = &Place> {
        self.rows
            .iter()
            .filter_map(|r| r.as_ref().ok().map(|r| &r.place))
    }

    /// The rejected rows, in file order.
    pub fn errors(&self) -> impl Iterator<Item = &RowError> {
        self.rows.iter().filter_map(|r| r.as_ref().err())
    }
}

/// A file that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{file}: cannot read: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: unknown format: {reason}")]
    UnknownFormat { file: String, reason: String },
    #[error("{file}: broken header: {reason}")]
    BrokenHeader { file: String, reason: String },
    #[error("{file}:{line}: malformed JSON: {reason}")]
    Json {
        file: String,
        line: usize,
        reason: String,
    },
}

/// Reads places from `path` (plain or gzipped). The format is detected from the content unless `forced`.
pub fn read_places(path: &Path, forced: Option<SourceFormat>) -> Result<ParsedFile, FileError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| FileError::Read {
        file: file.clone(),
        source,
    })?;
    let bytes = crate::ingest::gunzip_if_needed(bytes).map_err(|e| FileError::UnknownFormat {
        file: file.clone(),
        reason: format!("broken gzip content: {e}"),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| FileError::UnknownFormat {
        file: file.clone(),
        reason: format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })?;
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.clone());
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let dataset = [".csv", ".json"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .unwrap_or(name)
        .to_string();
    parse_text(&text, &file, &dataset, forced).map(|(format, rows, notes)| ParsedFile {
        path: path.to_path_buf(),
        format,
        dataset,
        rows,
        notes,
    })
}

type Parsed = (SourceFormat, Vec<Result<ParsedRow, RowError>>, Vec<String>);

/// Reads places from text already in memory; `file` names it in errors, `dataset` in sources.
pub fn parse_text(
    text: &str,
    file: &str,
    dataset: &str,
    forced: Option<SourceFormat>,
) -> Result<Parsed, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let looks_json = text.trim_start().starts_with(['[', '{']);
    let (format, header, records) = if looks_json {
        let records = raw::json_records(text, file)?;
        let format = match forced {
            Some(f) if f.is_json() => f,
            Some(f) => {
                return Err(FileError::UnknownFormat {
                    file: file.to_string(),
                    reason: format!("forced format {f} but the file is JSON"),
                })
            }
            None => format::detect(
                records.iter().flatten().flat_map(|r| r.fields.keys()),
                |k| {
                    records
                        .iter()
                        .flatten()
                        .filter_map(|r| r.fields.get(k))
                        .any(|v| fields::is_v1_service_list(v))
                },
            ),
        };
        (format, None, records)
    } else {
        let (header, records) = raw::csv_records(text, file)?;
        let format = match forced {
            Some(f) if !f.is_json() => f,
            Some(f) => {
                return Err(FileError::UnknownFormat {
                    file: file.to_string(),
                    reason: format!("forced format {f} but the file is not JSON"),
                })
            }
            None => format::detect_csv(&header, file)?,
        };
        (format, Some(header), records)
    };
    if let Some(header) = &header {
        format::check_header(format, header, file)?;
    }

    let mut report = report::Report::default();
    let owners = id_owners(&records);
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut rows = Vec::with_capacity(records.len());
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                rows.push(Err(e));
                continue;
            }
        };
        let mut ctx = RowCtx::new(file, rec.line, &mut report);
        let built = match format {
            SourceFormat::StandardCsv | SourceFormat::StandardJson => v1::place(&rec, &mut ctx),
            SourceFormat::LegacyCsv | SourceFormat::LegacyJson => legacy::place(&rec, &mut ctx),
            SourceFormat::FranceServicesCsv => france_services::place(&rec, dataset, &mut ctx),
        };
        let warnings = ctx.finish();
        let mut place = match built {
            Ok(p) => p,
            Err(e) => {
                rows.push(Err(e));
                continue;
            }
        };
        place.warnings.extend(warnings);
        let record_id = rec
            .get("id")
            .or_else(|| rec.get("id_fs"))
            .unwrap_or(&place.id)
            .to_string();
        let source = place.source.clone().unwrap_or_default();
        if let Some(first) = seen.get(&(source.clone(), place.id.clone())) {
            rows.push(Err(RowError {
                file: file.to_string(),
                line: rec.line,
                field: "id".into(),
                value: place.id.clone(),
                expected: format!("an id unique in the file (already on line {first})"),
            }));
            continue;
        }
        seen.insert((source.clone(), place.id.clone()), rec.line);
        if owners.get(&place.id).is_some_and(|s| s.len() > 1) {
            // An aggregated file where two producers used the same id for different places.
            let qualified = format!("{source}-{}", place.id);
            place.warnings.push(format!(
                "id {:?} is used by several sources in this file; renamed {qualified:?}",
                place.id
            ));
            report.count_note(
                "ids shared by records of different sources were qualified as `source-id`",
            );
            place.id = qualified;
        }
        place.sources = vec![SourceRef {
            dataset: dataset.to_string(),
            record_id,
        }];
        rows.push(Ok(ParsedRow {
            line: rec.line,
            place,
        }));
    }
    Ok((format, rows, report.notes()))
}

/// For each raw id, the distinct `source` values of the records that carry it.
fn id_owners(records: &[Result<RawRecord, RowError>]) -> HashMap<String, HashSet<String>> {
    let mut owners: HashMap<String, HashSet<String>> = HashMap::new();
    for rec in records.iter().flatten() {
        if let Some(id) = rec.get("id") {
            let source = rec.get("source").unwrap_or("").to_string();
            owners.entry(id.to_string()).or_default().insert(source);
        }
    }
    owners
}
