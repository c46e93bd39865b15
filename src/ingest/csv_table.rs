//! A CSV file with named columns: the header is checked once, each row comes with its line
//! number, and every error names the file, line, field and what was expected.

use super::{read_text, InputError};
use std::path::Path;

/// A CSV file's rows, with the positions of the columns the caller asked for.
pub struct CsvTable {
    pub name: String,
    headers: Vec<String>,
    records: Vec<(usize, csv::StringRecord)>,
}

impl CsvTable {
    /// Reads a CSV (`,` or, when the header line has one, `;`); rows must be well formed.
    pub fn read(path: &Path) -> Result<CsvTable, InputError> {
        let name = path.display().to_string();
        let text = read_text(path)?;
        let first_line = text.lines().next().unwrap_or("");
        let delimiter = if first_line.contains(';') && !first_line.contains(',') {
            b';'
        } else {
            b','
        };
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = rdr
            .headers()
            .map_err(|e| InputError::file(&name, e.to_string(), "a CSV header"))?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        let mut records = Vec::new();
        for (i, rec) in rdr.records().enumerate() {
            // The reader skips blank lines and quoted fields may span lines: ask it.
            let rec = rec.map_err(|e| {
                let line = e.position().map_or(i + 2, |p| p.line() as usize);
                InputError::new(&name, line, "(row)", e.to_string(), "a well-formed CSV row")
            })?;
            let line = rec.position().map_or(i + 2, |p| p.line() as usize);
            for (column, cell) in rec.iter().enumerate() {
                super::check_text(cell).map_err(|why| {
                    let field = headers.get(column).map_or("(cell)", String::as_str);
                    InputError::new(&name, line, field, cell, why)
                })?;
            }
            records.push((line, rec));
        }
        Ok(CsvTable {
            name,
            headers,
            records,
        })
    }

    /// The position of the first column named one of `names` (lower case), if any.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| names.contains(&h.as_str()))
    }

    /// The positions of required columns, each given by its accepted names; an error lists
    /// the header and what was `expected`.
    pub fn columns<const N: usize>(
        &self,
        names: [&[&str]; N],
        expected: &str,
    ) -> Result<[usize; N], InputError> {
        let mut out = [0; N];
        for (slot, n) in out.iter_mut().zip(names) {
            *slot = self.column(n).ok_or_else(|| {
                InputError::new(&self.name, 1, "(header)", self.headers.join(","), expected)
            })?;
        }
        Ok(out)
    }

    /// Rows with their line numbers (the header is line 1).
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(|(line, rec)| Row {
            table: self,
            line: *line,
            rec,
        })
    }
}

/// One row of a [`CsvTable`].
pub struct Row<'a> {
    table: &'a CsvTable,
    pub line: usize,
    rec: &'a csv::StringRecord,
}

impl Row<'_> {
    /// The trimmed field at a column (empty when the row is short).
    pub fn get(&self, column: usize) -> &str {
        self.rec.get(column).unwrap_or("").trim()
    }

    /// An error about this row's `field`, whose value is at `column`.
    pub fn error(&self, column: usize, field: &str, expected: &str) -> InputError {
        InputError::new(
            &self.table.name,
            self.line,
            field,
            self.get(column),
            expected,
        )
    }

    /// A decimal number (point or comma) at a column.
    pub fn number(&self, column: usize, field: &str) -> Result<f64, InputError> {
        self.get(column)
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| self.error(column, field, "a decimal number"))
    }
}
