//! Records as read from a file, before typing: field name → text, and the line they start on.

use super::{FileError, RowError};
use std::collections::HashMap;

/// One record: its fields as text (JSON arrays joined with `|`) and where it starts.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawRecord {
    pub line: usize,
    pub fields: HashMap<String, String>,
}

impl RawRecord {
    /// The trimmed value of a field, `None` when absent or blank.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }
}

/// Records read from a file, each either readable or the error that rejects it.
pub(crate) type Records = Vec<Result<RawRecord, RowError>>;

/// Reads a CSV text: its header and one record per row. The delimiter (`,` `;` or tab) is
/// the one the header line uses most.
pub(crate) fn csv_records(text: &str, file: &str) -> Result<(Vec<String>, Records), FileError> {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| FileError::BrokenHeader {
            file: file.to_string(),
            reason: e.to_string(),
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if header.iter().all(String::is_empty) {
        return Err(FileError::BrokenHeader {
            file: file.to_string(),
            reason: "empty header line".into(),
        });
    }
    let mut records = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line, |p| p.line() as usize);
                if record.len() != header.len() {
                    records.push(Err(RowError {
                        file: file.to_string(),
                        line,
                        field: "(row)".into(),
                        value: format!("{} cells", record.len()),
                        expected: format!("{} cells like the header", header.len()),
                    }));
                    continue;
                }
                let fields = header
                    .iter()
                    .cloned()
                    .zip(record.iter().map(String::from))
                    .collect();
                records.push(Ok(RawRecord { line, fields }));
            }
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line() as usize);
                records.push(Err(RowError {
                    file: file.to_string(),
                    line,
                    field: "(row)".into(),
                    value: String::new(),
                    expected: format!("a readable CSV row ({e})"),
                }));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
    Ok((header, records))
}

/// Reads a JSON array of objects; each record's line is that of its opening `{`.
pub(crate) fn json_records(text: &str, file: &str) -> Result<Records, FileError> {
    let values: Vec<serde_json::Value> =
        serde_json::from_str(text).map_err(|e| FileError::Json {
            file: file.to_string(),
            line: e.line(),
            reason: format!("{e} (expected an array of objects)"),
        })?;
    let lines = element_start_lines(text);
    Ok(values
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let line = lines.get(i).copied().unwrap_or(0);
            match value {
                serde_json::Value::Object(map) => Ok(RawRecord {
                    line,
                    fields: map
                        .into_iter()
                        .filter_map(|(k, v)| json_text(v).map(|t| (k, t)))
                        .collect(),
                }),
                other => Err(RowError {
                    file: file.to_string(),
                    line,
                    field: "(record)".into(),
                    value: truncate(&other.to_string(), 60),
                    expected: "a JSON object".into(),
                }),
            }
        })
        .collect())
}

/// A JSON value as cell text: arrays become `|`-separated lists; null is absent.
fn json_text(v: serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::Null => None,
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => Some(
            items
                .into_iter()
                .filter_map(json_text)
                .collect::<Vec<_>>()
                .join("|"),
        ),
        obj @ Value::Object(_) => Some(obj.to_string()),
    }
}

/// The line (1-based) on which each element of the top-level JSON array starts.
fn element_start_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let (mut line, mut depth) = (1usize, 0usize);
    let (mut in_string, mut escaped, mut expecting) = (false, false, false);
    for b in text.bytes() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ if depth == 1 && expecting => {
                lines.push(line);
                expecting = false;
            }
            _ => {}
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth == 1 {
                    expecting = true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    lines
}

pub(crate) fn truncate(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max_chars).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_are_those_of_each_opening_brace() {
        let text = "[\n  {\"id\": \"a\",\n   \"x\": \"{[,\\\"\"},\n  {\"id\": 2}, {\"id\": [\"p\", \"q\"]}\n]";
        assert_eq!(element_start_lines(text), vec![2, 4, 4]);
        let recs = json_records(text, "t.json").unwrap();
        let third = recs[2].as_ref().unwrap();
        assert_eq!(third.get("id"), Some("p|q"));
        assert_eq!(recs[1].as_ref().unwrap().get("id"), Some("2"));
    }

    #[test]
    fn csv_lines_count_multiline_cells() {
        let text = "id,nom\n1,\"a\nb\"\n2,c\n3\n";
        let (header, recs) = csv_records(text, "t.csv").unwrap();
        assert_eq!(header, vec!["id", "nom"]);
        assert_eq!(recs[0].as_ref().unwrap().line, 2);
        assert_eq!(recs[1].as_ref().unwrap().line, 4);
        let e = recs[2].as_ref().unwrap_err();
        assert_eq!(e.line, 5);
    }
}
