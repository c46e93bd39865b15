//! Days of the week as the planner names them (`mo` … `su`, as RRULE's `BYDAY`).

use serde::{Deserialize, Serialize};

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mo,
    Tu,
    We,
    Th,
    Fr,
    Sa,
    Su,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mo,
        Weekday::Tu,
        Weekday::We,
        Weekday::Th,
        Weekday::Fr,
        Weekday::Sa,
        Weekday::Su,
    ];

    /// 0 for Monday … 6 for Sunday.
    pub fn index(self) -> usize {
        self as usize
    }

    /// `mo` … `su`.
    pub fn code(self) -> &'static str {
        ["mo", "tu", "we", "th", "fr", "sa", "su"][self.index()]
    }

    /// `MO` … `SU`, as in an RRULE.
    pub fn rrule(self) -> String {
        self.code().to_uppercase()
    }

    /// Reads `mo` … `su` (any case).
    pub fn parse(text: &str) -> Option<Weekday> {
        let t = text.trim().to_ascii_lowercase();
        Weekday::ALL.into_iter().find(|d| d.code() == t)
    }
}
