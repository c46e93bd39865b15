//! The knobs of a coverage computation, with DESIGN's defaults.

use super::sites::SupplyMeasure;
use super::travel::ModelChoice;
use chrono::NaiveDate;

/// Everything a coverage computation depends on besides the data.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageParams {
    /// Thresholds for "population within T minutes" (default 15, 20, 30).
    pub minutes: Vec<u32>,
    /// A commune with no place within this many minutes is a gap (default 30).
    pub gap_minutes: u32,
    /// Floating catchment size, minutes of travel (default 30).
    pub catchment_minutes: f64,
    /// E2SFCA zone weights: (upper bound as a fraction of the catchment, weight).
    pub zones: Vec<(f64, f64)>,
    /// Exponent of the gravity variant's distance decay (d^-β, d in minutes).
    pub gravity_beta: f64,
    pub supply: SupplyMeasure,
    pub model: ModelChoice,
    /// Reference date for staleness (records older than a year are stale).
    pub as_of: NaiveDate,
}

/// The State's promise: a France Services within 30 minutes.
pub const FRANCE_SERVICES_MINUTES: u32 = 30;

impl CoverageParams {
    /// DESIGN's defaults, with staleness judged at `as_of`.
    pub fn defaults(as_of: NaiveDate) -> Self {
        CoverageParams {
            minutes: vec![15, 20, 30],
            gap_minutes: 30,
            catchment_minutes: 30.0,
            zones: vec![(1.0 / 3.0, 1.0), (2.0 / 3.0, 0.68), (1.0, 0.22)],
            gravity_beta: 1.0,
            supply: SupplyMeasure::WeeklyHours,
            model: ModelChoice::Auto,
            as_of,
        }
    }

    /// Longest time any indicator looks at, seconds.
    pub fn horizon_s(&self) -> f64 {
        let longest = self
            .minutes
            .iter()
            .copied()
            .chain([self.gap_minutes, FRANCE_SERVICES_MINUTES])
            .max()
            .unwrap_or(FRANCE_SERVICES_MINUTES);
        f64::from(longest).max(self.catchment_minutes) * 60.0
    }

    /// E2SFCA zones of equal width with these weights, nearest first (`1,0.68,0.22` is
    /// DESIGN's default: three thirds of the catchment).
    pub fn set_zone_weights(&mut self, weights: &[f64]) -> Result<(), String> {
        if weights.is_empty()
            || weights.len() > 20
            || weights
                .iter()
                .any(|w| !(w.is_finite() && (0.0..=1.0).contains(w)))
        {
            return Err("zones: expected 1 to 20 weights from 0 to 1, comma-separated".into());
        }
        let n = weights.len() as f64;
        self.zones = weights
            .iter()
            .enumerate()
            .map(|(i, &w)| ((i + 1) as f64 / n, w))
            .collect();
        Ok(())
    }

    /// Sets the thresholds, sorted and without repeats (each gives one column).
    pub fn set_minutes(&mut self, mut minutes: Vec<u32>) {
        minutes.sort_unstable();
        minutes.dedup();
        self.minutes = minutes;
    }

    /// Checks values a user may have typed; the message names the parameter.
    pub fn validate(&self) -> Result<(), String> {
        if self.minutes.is_empty() || self.minutes.iter().any(|&m| m == 0 || m > 240) {
            return Err("minutes: expected 1 to 240 minutes, comma-separated".into());
        }
        if self.gap_minutes == 0 || self.gap_minutes > 240 {
            return Err("gap-minutes: expected 1 to 240".into());
        }
        if !(self.catchment_minutes > 0.0 && self.catchment_minutes <= 240.0) {
            return Err("catchment: expected more than 0 and at most 240 minutes".into());
        }
        if !(self.gravity_beta.is_finite() && self.gravity_beta >= 0.0) {
            return Err("beta: expected a finite number ≥ 0".into());
        }
        Ok(())
    }
}
