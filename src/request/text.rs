//! Parameters given as text — command-line flags and query strings alike — read by name, so
//! that `--minutes 15,30` and `?minutes=15,30` go through the same parser.

use super::RequestError;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::str::FromStr;

/// Where text parameters come from, by their API name (`gap_minutes`).
pub trait TextSource {
    /// The text given for `name`, trimmed; `None` when absent or blank.
    fn text(&self, name: &str) -> Option<&str>;
}

impl<S: BuildHasher> TextSource for HashMap<String, String, S> {
    fn text(&self, name: &str) -> Option<&str> {
        self.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
    }
}

/// Typed reading of a [`TextSource`]; every error names the parameter.
pub trait TextParams: TextSource {
    /// One value of type `T`, or `None` when not given.
    fn value<T: FromStr>(&self, name: &str, expected: &str) -> Result<Option<T>, RequestError> {
        self.text(name)
            .map(|v| {
                v.parse::<T>()
                    .map_err(|_| RequestError::new(name, expected).got(v))
            })
            .transpose()
    }

    /// A comma-separated list of values of type `T`, or `None` when not given.
    fn list<T: FromStr>(&self, name: &str, expected: &str) -> Result<Option<Vec<T>>, RequestError> {
        self.text(name)
            .map(|v| {
                v.split(',')
                    .map(|x| x.trim().parse::<T>())
                    .collect::<Result<Vec<T>, _>>()
                    .map_err(|_| RequestError::new(name, expected).got(v))
            })
            .transpose()
    }

    /// A text value kept as given (checked later against a vocabulary).
    fn string(&self, name: &str) -> Option<String> {
        self.text(name).map(str::to_string)
    }
}

impl<T: TextSource + ?Sized> TextParams for T {}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn blank_is_absent_and_values_are_trimmed() {
        let s = source(&[("a", "  "), ("b", " 12 "), ("c", "1, 2,3")]);
        assert_eq!(s.value::<u32>("a", "n").unwrap(), None);
        assert_eq!(s.value::<u32>("b", "n").unwrap(), Some(12));
        assert_eq!(s.list::<u32>("c", "n").unwrap(), Some(vec![1, 2, 3]));
        assert_eq!(s.value::<u32>("missing", "n").unwrap(), None);
    }

    #[test]
    fn a_bad_value_names_its_parameter() {
        let s = source(&[("beta", "x"), ("minutes", "15,x")]);
        let e = s.value::<f64>("beta", "a number").unwrap_err();
        assert_eq!(
            (e.parameter.as_str(), e.got.as_deref()),
            ("beta", Some("\"x\""))
        );
        let e = s.list::<u32>("minutes", "minutes").unwrap_err();
        assert_eq!(e.parameter, "minutes");
    }
}
