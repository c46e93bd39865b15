//! `maillage import addresses FILE…`: every file read and checked, then stored in one
//! transaction (upsert by id: importing a file again changes nothing).

use super::{read_addresses, AddressError};
use crate::store::{Change, ImportLog, Store};
use std::path::PathBuf;

/// Imports address files; returns one line per file saying what was read.
pub async fn import_addresses<S: Store>(
    store: &S,
    files: &[PathBuf],
) -> Result<Vec<String>, AddressError> {
    let mut all = Vec::new();
    let mut notes = Vec::new();
    for f in files {
        let path = f.clone();
        let (format, rows) = tokio::task::spawn_blocking(move || read_addresses(&path))
            .await
            .map_err(|e| AddressError::Io {
                file: f.display().to_string(),
                detail: e.to_string(),
            })??;
        notes.push(format!(
            "{}: {} addresses ({})",
            f.display(),
            rows.len(),
            format.name()
        ));
        all.extend(rows);
    }
    let accepted = all.len();
    store
        .commit(Change {
            addresses: all,
            log: ImportLog {
                kind: "addresses".into(),
                files: files.iter().map(|f| f.display().to_string()).collect(),
                accepted,
                rejected: 0,
                summary: notes.join("\n"),
            },
            ..Change::default()
        })
        .await?;
    Ok(notes)
}
