//! What can be wrong with a covering problem given by a caller.

/// A covering problem that cannot be solved as given.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanningError {
    #[error("demand point {point}: weight {value} is not allowed: expected a finite number ≥ 0")]
    BadWeight { point: usize, value: f64 },
    #[error(
        "candidate {candidate}: covers demand point {point}, which does not exist: expected an index below {points} (the number of demand points)"
    )]
    PointOutOfRange {
        candidate: usize,
        point: u32,
        points: usize,
    },
    #[error("{count} {what}: expected at most {max} (indices are u32)")]
    TooMany {
        what: &'static str,
        count: usize,
        max: usize,
    },
}
