//! The one error of the request layer: a parameter missing, malformed or out of range.

use std::fmt;

/// A parameter the caller got wrong: which one, what was expected and what was given.
///
/// The command line shows it as `--gap-minutes: expected …`, the HTTP API as a 400 problem
/// whose `parameter` is `gap_minutes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    /// The parameter as the HTTP API names it (`gap_minutes`).
    pub parameter: String,
    /// What would have been accepted (`1 to 240`).
    pub expected: String,
    /// What was given, quoted, when the fault is in a value (`"0"`).
    pub got: Option<String>,
}

impl RequestError {
    pub fn new(parameter: impl Into<String>, expected: impl Into<String>) -> Self {
        RequestError {
            parameter: parameter.into(),
            expected: expected.into(),
            got: None,
        }
    }

    /// The same error, saying what was given.
    pub fn got(mut self, value: impl fmt::Debug) -> Self {
        self.got = Some(format!("{value:?}"));
        self
    }

    /// The same error, saying what was given in words (`departement and region`).
    pub fn got_text(mut self, text: impl Into<String>) -> Self {
        self.got = Some(text.into());
        self
    }

    /// The command-line flag of the parameter: `gap_minutes` is `--gap-minutes`.
    pub fn flag(&self) -> String {
        format!("--{}", self.parameter.replace('_', "-"))
    }

    /// What was expected and what was given, without the parameter's name.
    pub fn detail(&self) -> String {
        match &self.got {
            Some(got) => format!("expected {}, got {got}", self.expected),
            None => format!("expected {}", self.expected),
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.parameter, self.detail())
    }
}

impl std::error::Error for RequestError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_parameter_as_api_and_flag() {
        let e = RequestError::new("gap_minutes", "1 to 240").got("0");
        assert_eq!(e.to_string(), "gap_minutes: expected 1 to 240, got \"0\"");
        assert_eq!(e.flag(), "--gap-minutes");
        assert_eq!(
            RequestError::new("add", "one place at least").detail(),
            "expected one place at least"
        );
    }
}
