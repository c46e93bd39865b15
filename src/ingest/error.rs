//! One error type for every source file: it names the file, the line (or record), the
//! field, the value (clipped, see [`super::clip`]) and what was expected.

/// A fault in an input file.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{file}:{line}: field `{field}`: got {value:?}, expected {expected}")]
pub struct InputError {
    pub file: String,
    /// Line (CSV, 1 = header) or record number (JSON/GeoJSON, 1-based); 0 for the whole file.
    pub line: usize,
    pub field: String,
    pub value: String,
    pub expected: String,
}

impl InputError {
    pub fn new(
        file: &str,
        line: usize,
        field: &str,
        value: impl Into<String>,
        expected: &str,
    ) -> Self {
        InputError {
            file: file.to_string(),
            line,
            field: field.to_string(),
            value: super::clip(&value.into()),
            expected: expected.to_string(),
        }
    }

    /// A fault described in our own words (bounded, so not clipped), such as why an outline
    /// is refused.
    pub fn described(file: &str, line: usize, field: &str, why: String, expected: &str) -> Self {
        InputError {
            value: why,
            ..InputError::new(file, line, field, "", expected)
        }
    }

    /// The whole file is unusable (unreadable, not the expected format).
    pub fn file(file: &str, value: impl Into<String>, expected: &str) -> Self {
        InputError::new(file, 0, "(file)", value, expected)
    }
}
