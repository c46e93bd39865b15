//! The one error of the mobile layer.

use crate::ingest::InputError;
use crate::store::StoreError;

/// Why a mobile import wrote nothing, or stored units could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MobileError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{} invalid row(s), nothing was imported:\n{}",
        .0.len(), .0.iter().take(20).map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    InvalidRows(Vec<InputError>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("stored mobile {what} {id} is unreadable: {detail}")]
    Corrupt {
        what: &'static str,
        id: String,
        detail: String,
    },
}
