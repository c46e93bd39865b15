//! Catchment size and distance decay: which pairs count, and with what weight.

use super::error::CatchmentError;

/// Luo & Qi's (2009) E2SFCA zones: (upper bound as a fraction of the catchment size, weight).
/// Weights 1, 0.68 and 0.22 for the near, middle and far thirds.
pub const LUO_QI_ZONES: [(f64, f64); 3] = [(1.0 / 3.0, 1.0), (2.0 / 3.0, 0.68), (1.0, 0.22)];

/// How a pair's weight falls with its cost, inside the catchment (outside, it is always 0).
#[derive(Debug, Clone, PartialEq)]
pub enum Decay {
    /// 2SFCA: weight 1 for every pair in reach.
    TwoStep,
    /// E2SFCA: step weights by zone, as `(upper bound as a fraction of the size, weight)` with
    /// increasing bounds in (0, 1]. A cost exactly on a bound belongs to the nearer zone; a
    /// cost beyond the last bound (when it is below 1) has weight 0.
    Enhanced { zones: Vec<(f64, f64)> },
    /// Gravity: weight `max(cost, min_cost)^-beta`. `min_cost` keeps a place at cost 0 (in the
    /// commune itself) from weighing infinitely: costs below it count as `min_cost`. The
    /// unit does not matter: a constant factor in the weights cancels out between the two steps.
    Gravity { beta: f64, min_cost: f64 },
}

/// The catchment size (in the unit of the costs in [`Reach`](super::Reach)) and the decay.
/// A pair with cost exactly `size` is in the catchment.
#[derive(Debug, Clone, PartialEq)]
pub struct CatchmentParams {
    pub size: f64,
    pub decay: Decay,
}

impl CatchmentParams {
    /// Plain 2SFCA (Luo & Wang 2003).
    pub fn two_step(size: f64) -> Self {
        CatchmentParams {
            size,
            decay: Decay::TwoStep,
        }
    }

    /// E2SFCA with Luo & Qi's zones ([`LUO_QI_ZONES`]).
    pub fn enhanced(size: f64) -> Self {
        Self::enhanced_with(size, LUO_QI_ZONES.to_vec())
    }

    /// E2SFCA with the caller's zones (see [`Decay::Enhanced`]).
    pub fn enhanced_with(size: f64, zones: Vec<(f64, f64)>) -> Self {
        CatchmentParams {
            size,
            decay: Decay::Enhanced { zones },
        }
    }

    /// Gravity form with exponent `beta` inside the catchment (see [`Decay::Gravity`]).
    pub fn gravity(size: f64, beta: f64, min_cost: f64) -> Self {
        CatchmentParams {
            size,
            decay: Decay::Gravity { beta, min_cost },
        }
    }

    /// Checks the parameters, naming the first one out of its domain.
    pub fn validate(&self) -> Result<(), CatchmentError> {
        let bad = |field, value: f64, expected| CatchmentError::Param {
            field,
            value: value.to_string(),
            expected,
        };
        if !(self.size.is_finite() && self.size > 0.0) {
            return Err(bad("size", self.size, "a finite number > 0"));
        }
        match &self.decay {
            Decay::TwoStep => {}
            Decay::Enhanced { zones } => {
                if zones.is_empty() {
                    return Err(CatchmentError::Param {
                        field: "zones",
                        value: "[]".into(),
                        expected: "at least one zone",
                    });
                }
                let mut previous = 0.0;
                for &(bound, weight) in zones {
                    if !(bound > previous && bound <= 1.0) {
                        return Err(bad(
                            "zones.bound",
                            bound,
                            "increasing fractions of the catchment size in (0, 1]",
                        ));
                    }
                    if !(weight.is_finite() && weight >= 0.0) {
                        return Err(bad("zones.weight", weight, "a finite weight ≥ 0"));
                    }
                    previous = bound;
                }
            }
            Decay::Gravity { beta, min_cost } => {
                if !(beta.is_finite() && *beta >= 0.0) {
                    return Err(bad("beta", *beta, "a finite exponent ≥ 0"));
                }
                if !(min_cost.is_finite() && *min_cost > 0.0) {
                    return Err(bad("min_cost", *min_cost, "a finite cost > 0"));
                }
            }
        }
        Ok(())
    }

    /// The weight function of validated parameters.
    pub(super) fn weigher(&self) -> Result<Weigher<'_>, CatchmentError> {
        self.validate()?;
        Ok(Weigher {
            size: self.size,
            decay: &self.decay,
        })
    }
}

/// Validated parameters, evaluated once per pair.
#[derive(Clone, Copy)]
pub(super) struct Weigher<'a> {
    size: f64,
    decay: &'a Decay,
}

impl Weigher<'_> {
    /// The weight of a pair of cost `cost`: 0 beyond the catchment.
    #[inline]
    pub(super) fn weight(&self, cost: f64) -> f64 {
        if cost > self.size {
            return 0.0;
        }
        match self.decay {
            Decay::TwoStep => 1.0,
            Decay::Enhanced { zones } => {
                // cost / size is correctly rounded, so a cost exactly on k/n of the size
                // compares equal to a bound written as k/n (e.g. 10 / 30 == 1.0 / 3.0).
                // Counting the bounds passed (rather than searching) has no data-dependent
                // branch: pairs fall in random zones, and mispredictions made E2SFCA 1.5× slower.
                let fraction = cost / self.size;
                let zone = zones.iter().filter(|(bound, _)| fraction > *bound).count();
                zones.get(zone).map_or(0.0, |&(_, w)| w)
            }
            Decay::Gravity { beta, min_cost } => cost.max(*min_cost).powf(-beta),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_bounds_belong_to_the_nearer_zone_and_the_size_is_included() {
        let p = CatchmentParams::enhanced(30.0);
        let w = p.weigher().unwrap();
        assert_eq!(w.weight(0.0), 1.0);
        assert_eq!(w.weight(10.0), 1.0);
        assert_eq!(w.weight(10.000001), 0.68);
        assert_eq!(w.weight(20.0), 0.68);
        assert_eq!(w.weight(20.000001), 0.22);
        assert_eq!(w.weight(30.0), 0.22);
        assert_eq!(w.weight(30.000001), 0.0);
        // Thirds of other sizes (costs computed as size / 3 and size * 2 / 3).
        for size in [0.3, 0.7, 45.0, 90.0, 1800.0] {
            let w = CatchmentParams::enhanced(size);
            let w = w.weigher().unwrap();
            assert_eq!(w.weight(size / 3.0), 1.0, "size {size}");
            assert_eq!(w.weight(size * 2.0 / 3.0), 0.68, "size {size}");
            assert_eq!(w.weight(size), 0.22, "size {size}");
        }
    }

    #[test]
    fn gravity_clamps_small_costs() {
        let p = CatchmentParams::gravity(30.0, 2.0, 0.5);
        let w = p.weigher().unwrap();
        assert_eq!(w.weight(0.0), 4.0); // 0.5^-2
        assert_eq!(w.weight(0.25), 4.0);
        assert_eq!(w.weight(2.0), 0.25);
        assert_eq!(w.weight(31.0), 0.0);
    }

    #[test]
    fn bad_parameters_are_named() {
        let e = CatchmentParams::two_step(0.0).validate().unwrap_err();
        assert!(e.to_string().contains("`size` = 0"), "{e}");
        let e = CatchmentParams::enhanced_with(30.0, vec![(0.5, 1.0), (0.4, 0.5)])
            .validate()
            .unwrap_err();
        assert!(e.to_string().contains("`zones.bound` = 0.4"), "{e}");
        let e = CatchmentParams::enhanced_with(30.0, vec![(10.0, 1.0)])
            .validate()
            .unwrap_err();
        assert!(e.to_string().contains("(0, 1]"), "{e}");
        let e = CatchmentParams::enhanced_with(30.0, vec![(1.0, f64::NAN)])
            .validate()
            .unwrap_err();
        assert!(e.to_string().contains("zones.weight"), "{e}");
        let e = CatchmentParams::gravity(30.0, 1.0, 0.0)
            .validate()
            .unwrap_err();
        assert!(e.to_string().contains("min_cost"), "{e}");
        let e = CatchmentParams::gravity(30.0, -1.0, 1.0)
            .validate()
            .unwrap_err();
        assert!(e.to_string().contains("beta"), "{e}");
    }
}
