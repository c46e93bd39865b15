//! What can go wrong in planning: [`PlanningError`] for an abstract covering problem given by
//! a caller, [`PlanError`] for a plan or scenario on the real map (which may fail for those
//! reasons too).

use super::suggest::{MAX_ADD, MAX_CELLS};
use crate::coverage::CoverageError;
use crate::routing::RoutingError;

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

/// Why a site plan or a scenario could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("{communes} communes × {candidates} candidates is too large a question (at most {MAX_CELLS} pairs): choose a smaller area or fewer candidates")]
    TooLarge { communes: usize, candidates: usize },
    #[error("add {0}: expected 1 to {MAX_ADD} sites")]
    TooManySites(usize),
    /// A scenario closes a place the registry does not hold.
    #[error("remove: no place with id {id:?}")]
    UnknownPlace { id: String },
    #[error(transparent)]
    Routing(#[from] RoutingError),
    #[error(transparent)]
    Coverage(#[from] CoverageError),
    #[error(transparent)]
    Planning(#[from] PlanningError),
}
