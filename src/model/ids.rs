//! Newtype identifiers, validated once at the edge.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a valid {kind}: expected {expected}")]
pub struct InvalidId {
    pub kind: &'static str,
    pub value: String,
    pub expected: &'static str,
}

/// A commune's 5-character INSEE code (`19031`, `2A004`, `97701`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct InseeCode(String);

impl InseeCode {
    /// Validates against the standard's pattern `^([013-9]\d|2[AB1-9])\d{3}$`.
    pub fn parse(value: &str) -> Result<Self, InvalidId> {
        let v = value.trim().to_ascii_uppercase();
        let b = v.as_bytes();
        let ok = b.len() == 5
            && match (b[0], b[1]) {
                (b'2', c) => c == b'A' || c == b'B' || (b'1'..=b'9').contains(&c),
                (a, c) => {
                    (a == b'0' || a == b'1' || (b'3'..=b'9').contains(&a)) && c.is_ascii_digit()
                }
            }
            && b[2..].iter().all(u8::is_ascii_digit);
        if ok {
            Ok(InseeCode(v))
        } else {
            Err(InvalidId {
                kind: "INSEE code",
                value: value.to_string(),
                expected: "5 characters like 19031 or 2A004",
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The département code: 2 characters, or 3 for overseas (`971`..`989`).
    pub fn departement(&self) -> &str {
        if self.0.starts_with("97") || self.0.starts_with("98") {
            &self.0[..3]
        } else {
            &self.0[..2]
        }
    }
}

impl InseeCode {
    /// For a municipal arrondissement of Paris, Lyon or Marseille (`75112`, `69383`,
    /// `13205`), the commune it belongs to; `None` for any other code.
    pub fn parent_commune(&self) -> Option<InseeCode> {
        let n: u32 = self.0.parse().ok()?;
        let parent = match n {
            75101..=75120 => "75056",
            69381..=69389 => "69123",
            13201..=13216 => "13055",
            _ => return None,
        };
        Some(InseeCode(parent.to_string()))
    }
}

impl TryFrom<String> for InseeCode {
    type Error = InvalidId;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        InseeCode::parse(&value)
    }
}

impl From<InseeCode> for String {
    fn from(c: InseeCode) -> String {
        c.0
    }
}

impl fmt::Display for InseeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insee_codes() {
        for ok in ["19031", "2A004", "2B033", "97701", "01001"] {
            assert!(InseeCode::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["2C004", "1903", "190311", "20001", "ABCDE", ""] {
            assert!(InseeCode::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(InseeCode::parse("97701").unwrap().departement(), "977");
        assert_eq!(InseeCode::parse("2a004").unwrap().departement(), "2A");
        assert_eq!(
            InseeCode::parse("75112")
                .unwrap()
                .parent_commune()
                .unwrap()
                .as_str(),
            "75056"
        );
        assert_eq!(
            InseeCode::parse("13216")
                .unwrap()
                .parent_commune()
                .unwrap()
                .as_str(),
            "13055"
        );
        assert!(InseeCode::parse("75056")
            .unwrap()
            .parent_commune()
            .is_none());
    }
}
