//! What a running service serves and how it stays true to the store: the registry snapshot and
//! the road network in service ([`Served`]), where the network lives next to the database
//! ([`RoadFolder`]), the watcher that rebuilds both aside and swaps them when another process
//! imports ([`watch`]), and the default territory embedded in the binary ([`territory`]).
//!
//! Layering: `service` sits above the store, registry and routing, below `api`.

mod error;
mod reload;
mod road_folder;
mod served;
pub mod territory;

pub use error::ServiceError;
pub use reload::{watch, ReloadOutcome, Reloader};
pub use road_folder::{RoadFolder, RoadLoad, RoadsVersion};
pub use served::{ReloadStatus, Served, ServedHandle};
