//! Identifiers of mobile units and of their stops, validated once at the edge.

use crate::model::InvalidId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Letters, digits and `-_.`, 1 to 64 of them: safe in a URL path, a file name and an
/// iCalendar UID.
fn check(kind: &'static str, value: &str) -> Result<String, InvalidId> {
    let v = value.trim();
    let ok = !v.is_empty()
        && v.len() <= 64
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(v.to_string())
    } else {
        Err(InvalidId {
            kind,
            value: value.to_string(),
            expected: "1 to 64 letters, digits, `-`, `_` or `.`",
        })
    }
}

macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(value: &str) -> Result<Self, InvalidId> {
                check($kind, value).map($name)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidId;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                $name::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_id!(
    /// A mobile unit (`fs-47` for the France Services bus of Vouziers, or an organiser's own).
    UnitId,
    "unit id"
);
text_id!(
    /// A stop of mobile units (`fs-47-08305`, or an organiser's own).
    StopId,
    "stop id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_url_safe() {
        assert_eq!(UnitId::parse(" fs-47 ").unwrap().as_str(), "fs-47");
        assert!(UnitId::parse("").is_err());
        assert!(StopId::parse("a/b").is_err());
        assert!(StopId::parse(&"x".repeat(65)).is_err());
        let e = StopId::parse("bus 1").unwrap_err();
        assert_eq!(e.kind, "stop id");
    }
}
