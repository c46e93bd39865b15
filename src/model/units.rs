//! Units of travel: a time in seconds and a length in metres, so that a minute is never
//! compared with a second nor a kilometre with a metre.

use std::fmt;

/// A travel time, seconds.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Seconds(pub f64);

impl Seconds {
    pub fn from_minutes(minutes: f64) -> Seconds {
        Seconds(minutes * 60.0)
    }

    pub fn minutes(self) -> f64 {
        self.0 / 60.0
    }
}

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} s", self.0)
    }
}

/// A length, metres.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Metres(pub f64);

impl Metres {
    pub fn km(self) -> f64 {
        self.0 / 1000.0
    }
}

impl fmt::Display for Metres {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} m", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(Seconds::from_minutes(30.0), Seconds(1800.0));
        assert_eq!(Seconds(90.0).minutes(), 1.5);
        assert_eq!(Metres(2500.0).km(), 2.5);
        assert!(Seconds(599.0) < Seconds::from_minutes(10.0));
    }
}
