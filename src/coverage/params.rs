//! The knobs of a coverage computation, with DESIGN's defaults.

use super::sites::SupplyMeasure;
use super::travel::ModelChoice;
use crate::request::RequestError;
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

/// Longest threshold or catchment a user may ask for, minutes.
pub const MAX_MINUTES: u32 = 240;
/// Most E2SFCA zones.
pub const MAX_ZONES: usize = 20;
/// Steepest gravity decay a user may ask for.
pub const MAX_BETA: f64 = 10.0;

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
    pub fn set_zone_weights(&mut self, weights: &[f64]) -> Result<(), RequestError> {
        if weights.is_empty()
            || weights.len() > MAX_ZONES
            || weights
                .iter()
                .any(|w| !(w.is_finite() && (0.0..=1.0).contains(w)))
        {
            return Err(RequestError::new(
                "zones",
                format!("1 to {MAX_ZONES} weights from 0 to 1, comma-separated"),
            )
            .got(comma_separated(weights)));
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

    /// Checks the knobs a user may have set; the error names the parameter that sets each
    /// (`minutes`, `gap_minutes`, `catchment`, `beta`).
    pub fn validate(&self) -> Result<(), RequestError> {
        if self.minutes.is_empty() || self.minutes.iter().any(|&m| m == 0 || m > MAX_MINUTES) {
            return Err(RequestError::new(
                "minutes",
                format!("1 to {MAX_MINUTES} minutes, comma-separated"),
            )
            .got(comma_separated(&self.minutes)));
        }
        if self.gap_minutes == 0 || self.gap_minutes > MAX_MINUTES {
            return Err(
                RequestError::new("gap_minutes", format!("1 to {MAX_MINUTES}"))
                    .got(self.gap_minutes.to_string()),
            );
        }
        if !(self.catchment_minutes > 0.0 && self.catchment_minutes <= f64::from(MAX_MINUTES)) {
            return Err(RequestError::new(
                "catchment",
                format!("more than 0 and at most {MAX_MINUTES} minutes"),
            )
            .got(self.catchment_minutes.to_string()));
        }
        if !(self.gravity_beta.is_finite() && (0.0..=MAX_BETA).contains(&self.gravity_beta)) {
            return Err(
                RequestError::new("beta", format!("a number from 0 to {MAX_BETA}"))
                    .got(self.gravity_beta.to_string()),
            );
        }
        Ok(())
    }
}

/// Values as a user would type them: `15,20,30`.
fn comma_separated<T: ToString>(values: &[T]) -> String {
    values
        .iter()
        .map(T::to_string)
        .collect::<Vec<_>>()
        .join(",")
}
