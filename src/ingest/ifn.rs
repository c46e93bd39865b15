//! The indice de fragilité numérique (IFN) per commune, from a CSV.
//!
//! Format: a header with `code` (INSEE code of the commune) and `score` (1 to 10, 10 = most
//! fragile; decimal point or comma), separated by `,` or `;`; other columns are ignored.
//! `code_insee` / `ifn` are accepted as the same columns' other usual names.

use super::{CsvTable, InputError};
use crate::model::InseeCode;
use std::path::Path;

/// One commune's IFN.
#[derive(Debug, Clone, PartialEq)]
pub struct IfnScore {
    pub code: InseeCode,
    pub score: f64,
}

/// Reads an IFN CSV; a bad code, a score outside 1–10 or a commune listed twice is an error
/// naming the line.
pub fn read_ifn(path: &Path) -> Result<Vec<IfnScore>, InputError> {
    let table = CsvTable::read(path)?;
    let [c_code, c_score] = table.columns(
        [&["code", "code_insee"], &["score", "ifn"]],
        "columns code and score",
    )?;
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in table.rows() {
        let code =
            InseeCode::parse(row.get(c_code)).map_err(|e| row.error(c_code, "code", e.expected))?;
        let score = row
            .number(c_score, "score")
            .ok()
            .filter(|s| (1.0..=10.0).contains(s))
            .ok_or_else(|| row.error(c_score, "score", "a number from 1 to 10"))?;
        if !seen.insert(code.clone()) {
            return Err(row.error(c_code, "code", "each commune once"));
        }
        out.push(IfnScore { code, score });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read(text: &str) -> Result<Vec<IfnScore>, InputError> {
        let mut f = tempfile::NamedTempFile::new().expect("temp file");
        f.write_all(text.as_bytes()).expect("write");
        read_ifn(f.path())
    }

    #[test]
    fn reads_both_separators_and_decimal_commas() {
        let a = read("code,score\n19031,7.5\n2A004,3\n").expect("valid");
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].score, 7.5);
        let b = read("code_insee;ifn;nom\n19031;7,5;Brive\n").expect("valid");
        assert_eq!(b[0].score, 7.5);
        assert_eq!(b[0].code.as_str(), "19031");
    }

    #[test]
    fn names_line_field_and_expectation() {
        let e = read("code,score\n19031,7\n19032,11\n").expect_err("11 is out of range");
        assert_eq!(
            (e.line, e.field.as_str(), e.value.as_str()),
            (3, "score", "11")
        );
        assert!(e.to_string().contains("1 to 10"), "{e}");
        let e = read("code,score\n190,5\n").expect_err("bad code");
        assert_eq!((e.line, e.field.as_str()), (2, "code"));
        let e = read("code,score\n19031,5\n19031,6\n").expect_err("twice");
        assert_eq!(e.line, 3);
        let e = read("insee,valeur\n19031,5\n").expect_err("bad header");
        assert_eq!(e.field, "(header)");
    }
}
