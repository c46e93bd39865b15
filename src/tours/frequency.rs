//! How often a stop is visited, and the cyclic patterns that realise it: weekly stops on the
//! same weekday every week, fortnightly ones on odd or even weeks, monthly ones on the Nth
//! weekday. Every pattern keeps one weekday, so two visits of a stop are at least 7 days
//! apart — the minimum spacing general vehicle-routing solvers cannot express.

use super::weekday::Weekday;
use serde::{Deserialize, Serialize};

/// The desired rhythm of a stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Weekly,
    Fortnightly,
    Monthly,
}

/// Least number of days between two visits of one stop that the planner guarantees.
pub const MIN_SPACING_DAYS: u32 = 6;

impl Frequency {
    /// Weeks of one cycle: 1, 2 or 4.
    pub fn cycle_weeks(self) -> usize {
        match self {
            Frequency::Weekly => 1,
            Frequency::Fortnightly => 2,
            Frequency::Monthly => 4,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::Fortnightly => "fortnightly",
            Frequency::Monthly => "monthly",
        }
    }

    pub fn parse(text: &str) -> Option<Frequency> {
        match text.trim().to_ascii_lowercase().as_str() {
            "weekly" => Some(Frequency::Weekly),
            "fortnightly" => Some(Frequency::Fortnightly),
            "monthly" => Some(Frequency::Monthly),
            _ => None,
        }
    }
}

/// Where a stop's visits fall: one unit, one weekday, and the phase within the cycle (the
/// week parity when fortnightly, the N of "Nth weekday" when monthly).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pattern {
    pub unit: usize,
    pub weekday: Weekday,
    pub frequency: Frequency,
    /// 0 ≤ phase < cycle weeks.
    pub phase: usize,
}

impl Pattern {
    /// Weeks of the horizon (0-based) with a visit.
    pub fn weeks(&self, horizon_weeks: usize) -> impl Iterator<Item = usize> + '_ {
        let cycle = self.frequency.cycle_weeks();
        (0..horizon_weeks).filter(move |w| w % cycle == self.phase)
    }

    /// The recurrence as an RFC 5545 RRULE (the plan's first week being week 1).
    pub fn rrule(&self) -> String {
        let day = self.weekday.rrule();
        match self.frequency {
            Frequency::Weekly => format!("FREQ=WEEKLY;BYDAY={day}"),
            Frequency::Fortnightly => format!("FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"),
            Frequency::Monthly => format!("FREQ=MONTHLY;BYDAY={}{day}", self.phase + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_keep_their_weekday_and_spacing() {
        let p = |frequency, phase| Pattern {
            unit: 0,
            weekday: Weekday::Tu,
            frequency,
            phase,
        };
        assert_eq!(
            p(Frequency::Weekly, 0).weeks(4).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        assert_eq!(
            p(Frequency::Fortnightly, 1).weeks(4).collect::<Vec<_>>(),
            [1, 3]
        );
        assert_eq!(
            p(Frequency::Monthly, 2).weeks(8).collect::<Vec<_>>(),
            [2, 6]
        );
        assert_eq!(p(Frequency::Monthly, 1).rrule(), "FREQ=MONTHLY;BYDAY=2TU");
        assert_eq!(
            p(Frequency::Fortnightly, 0).rrule(),
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
        );
        for f in [
            Frequency::Weekly,
            Frequency::Fortnightly,
            Frequency::Monthly,
        ] {
            for phase in 0..f.cycle_weeks() {
                let weeks: Vec<usize> = p(f, phase).weeks(8).collect();
                assert!(weeks
                    .windows(2)
                    .all(|w| (w[1] - w[0]) * 7 >= MIN_SPACING_DAYS as usize));
            }
        }
    }
}
