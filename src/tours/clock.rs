//! Times of day as the planner reads and writes them (`"09:40"`), in seconds since midnight.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A time of day, seconds since midnight (local time of the unit).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Clock(pub f64);

impl Clock {
    /// From hours and minutes.
    pub fn hm(h: u32, m: u32) -> Clock {
        Clock(f64::from(h * 3600 + m * 60))
    }

    /// Reads `HH:MM` (00:00 to 24:00).
    pub fn parse(text: &str) -> Option<Clock> {
        let (h, m) = text.trim().split_once(':')?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return None;
        }
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        (m < 60 && (h < 24 || (h == 24 && m == 0))).then(|| Clock::hm(h, m))
    }

    pub fn seconds(self) -> f64 {
        self.0
    }
}

/// `HH:MM`, rounded to the minute.
impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let minutes = (self.0 / 60.0).round() as i64;
        write!(f, "{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

impl TryFrom<String> for Clock {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Clock::parse(&s).ok_or_else(|| format!("a time of day as HH:MM, got {s:?}"))
    }
}

impl From<Clock> for String {
    fn from(c: Clock) -> String {
        c.to_string()
    }
}

/// A span of the day `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub start: Clock,
    pub end: Clock,
}

impl Span {
    pub fn seconds(&self) -> f64 {
        self.end.0 - self.start.0
    }

    /// Reads `["HH:MM", "HH:MM"]` with start before end; `None` otherwise.
    pub fn parse(pair: &[String]) -> Option<Span> {
        match pair {
            [a, b] => {
                let (start, end) = (Clock::parse(a)?, Clock::parse(b)?);
                (start.0 < end.0).then_some(Span { start, end })
            }
            _ => None,
        }
    }

    pub fn texts(&self) -> [String; 2] {
        [self.start.to_string(), self.end.to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_times_of_day() {
        assert_eq!(Clock::parse("09:40"), Some(Clock::hm(9, 40)));
        assert_eq!(Clock::parse("9:05").unwrap().to_string(), "09:05");
        assert_eq!(Clock::parse("24:00").unwrap().seconds(), 86_400.0);
        for bad in ["25:00", "09:60", "0940", "", "9:5", "24:01"] {
            assert_eq!(Clock::parse(bad), None, "{bad}");
        }
        assert_eq!(Clock(9.0 * 3600.0 + 89.0).to_string(), "09:01");
        let s = Span::parse(&["12:00".into(), "13:30".into()]).unwrap();
        assert_eq!(s.seconds(), 5400.0);
        assert!(Span::parse(&["13:00".into(), "12:00".into()]).is_none());
    }
}
