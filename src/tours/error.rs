//! The one error of the tour planner: a bad request, a bad file, a constraint no plan can
//! meet, or a fault of the layers below.

use crate::coverage::CoverageError;
use crate::ingest::InputError;
use crate::request::RequestError;
use crate::routing::RoutingError;

#[derive(Debug, thiserror::Error)]
pub enum TourError {
    /// A parameter the caller got wrong (HTTP 400, or 422 over a cap).
    #[error(transparent)]
    Request(#[from] RequestError),
    /// A file (candidates, matrix) with a fault at a line and field.
    #[error(transparent)]
    Input(#[from] InputError),
    /// Well-formed, but no plan can meet it (HTTP 422): a depot off the road network, a
    /// département without communes…
    #[error("`{parameter}`: {detail}")]
    Impossible { parameter: String, detail: String },
    #[error(transparent)]
    Routing(#[from] RoutingError),
    #[error(transparent)]
    Coverage(#[from] CoverageError),
}

impl TourError {
    pub fn impossible(parameter: impl Into<String>, detail: impl Into<String>) -> TourError {
        TourError::Impossible {
            parameter: parameter.into(),
            detail: detail.into(),
        }
    }
}
