//! Why the service could not load or refresh what it serves.

use crate::mobile::MobileError;
use crate::registry::ImportError;
use crate::routing::RoutingError;
use crate::store::StoreError;

/// A failure of the service layer.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Roads(#[from] RoutingError),
    #[error("{} was replaced while it was read (an import is under way): try again", .0.display())]
    RoadsChanging(std::path::PathBuf),
    #[error(transparent)]
    Territory(#[from] ImportError),
    #[error("default territory: {0}")]
    TerritoryFiles(String),
    #[error(transparent)]
    Mobile(#[from] MobileError),
    #[error("{0}")]
    Io(String),
    #[error("background task failed: {0}")]
    Task(String),
}
