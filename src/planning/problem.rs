//! The abstract covering problem: weighted demand points and the points each candidate covers.

use super::PlanningError;

/// Demand points (communes) with the weight still uncovered, and for each candidate site the
/// demand points it would cover (travel time ≤ T).
///
/// Existing places are already accounted for: the demand they cover has weight 0 or is left
/// out by the caller. A cover list may hold a point twice or out of order; it counts once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CoverProblem {
    /// Weight of each demand point (population not yet within T), finite and ≥ 0.
    pub weights: Vec<f64>,
    /// For each candidate, the indices of the demand points it covers.
    pub covers: Vec<Vec<u32>>,
}

impl CoverProblem {
    /// Checks weights (finite, ≥ 0) and cover indices (in range).
    pub fn validate(&self) -> Result<(), PlanningError> {
        let max = u32::MAX as usize;
        for (what, count) in [
            ("demand points", self.weights.len()),
            ("candidates", self.covers.len()),
        ] {
            if count > max {
                return Err(PlanningError::TooMany { what, count, max });
            }
        }
        if let Some((point, &value)) = self
            .weights
            .iter()
            .enumerate()
            .find(|(_, w)| !(w.is_finite() && **w >= 0.0))
        {
            return Err(PlanningError::BadWeight { point, value });
        }
        for (candidate, cover) in self.covers.iter().enumerate() {
            if let Some(&point) = cover.iter().find(|&&i| i as usize >= self.weights.len()) {
                return Err(PlanningError::PointOutOfRange {
                    candidate,
                    point,
                    points: self.weights.len(),
                });
            }
        }
        Ok(())
    }

    /// Sum of all demand weights.
    pub fn total(&self) -> f64 {
        self.weights.iter().sum()
    }

    /// Weight of the demand points covered by at least one of `chosen` (out-of-range
    /// candidates are ignored).
    pub fn covered_by(&self, chosen: &[usize]) -> f64 {
        let mut seen = vec![false; self.weights.len()];
        let mut sum = 0.0;
        for cover in chosen.iter().filter_map(|&c| self.covers.get(c)) {
            for &i in cover {
                if let Some(s) = seen.get_mut(i as usize) {
                    if !*s {
                        *s = true;
                        sum += self.weights[i as usize];
                    }
                }
            }
        }
        sum
    }

    /// Weight of the demand points that at least one candidate covers.
    pub fn coverable(&self) -> f64 {
        let all: Vec<usize> = (0..self.covers.len()).collect();
        self.covered_by(&all)
    }
}

/// A validated problem in the form the algorithms use: cover lists sorted without duplicates
/// and without zero-weight points, and the inverse lists (the candidates covering each point).
#[derive(Debug, Clone)]
pub(crate) struct Indexed<'a> {
    pub weights: &'a [f64],
    pub covers: Vec<Vec<u32>>,
    pub covered_by: Vec<Vec<u32>>,
}

impl<'a> Indexed<'a> {
    pub fn new(p: &'a CoverProblem) -> Result<Self, PlanningError> {
        p.validate()?;
        let covers: Vec<Vec<u32>> = p
            .covers
            .iter()
            .map(|c| {
                let mut c: Vec<u32> = c
                    .iter()
                    .copied()
                    .filter(|&i| p.weights[i as usize] > 0.0)
                    .collect();
                c.sort_unstable();
                c.dedup();
                c
            })
            .collect();
        let mut covered_by = vec![Vec::new(); p.weights.len()];
        for (j, c) in covers.iter().enumerate() {
            for &i in c {
                covered_by[i as usize].push(j as u32);
            }
        }
        Ok(Indexed {
            weights: &p.weights,
            covers,
            covered_by,
        })
    }

    pub fn candidates(&self) -> usize {
        self.covers.len()
    }

    /// Weight of `cover`'s points, summed.
    pub fn weight_of(&self, cover: &[u32]) -> f64 {
        cover.iter().map(|&i| self.weights[i as usize]).sum()
    }
}

impl Indexed<'_> {
    /// Weight of the points at least one candidate covers.
    pub fn coverable(&self) -> f64 {
        self.covered_by
            .iter()
            .zip(self.weights)
            .filter(|(c, _)| !c.is_empty())
            .map(|(_, w)| w)
            .sum()
    }

    /// A tolerance below which a change of covered weight is noise, not an improvement.
    pub fn tolerance(&self) -> f64 {
        1e-9 * self.weights.iter().sum::<f64>().max(1.0)
    }
}
