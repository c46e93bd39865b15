//! The place registry in memory: communes and source records are merged here, then
//! derived state (commune points, located and de-duplicated places) is recomputed
//! before the store saves it in one transaction.

mod commune_point;
mod communes;
mod dedup;
mod default_territory;
mod import;
mod merge;
mod place_flags;
mod place_hours;
mod place_ids;
mod places;
mod search;
mod search_index;
mod snapshot;
mod word_index;

pub use commune_point::{representative_point, MAIRIE_TOLERANCE_M};
pub use communes::{apply_epci, apply_mairies, apply_population, apply_shapes};
pub use dedup::{same_place, similar_names};
pub use default_territory::load_default_territory;
pub use import::{
    import_communes, import_places, CommuneSource, ImportError, ImportOptions, ImportOutcome,
};
pub use place_hours::{OpenMemo, PlaceHours};
pub use places::{build_places, PlaceBuild};
pub use search::fold;
pub use search_index::{Hit, HitKind, SearchIndex};
pub use snapshot::{has_accessibility_info, PlaceFilter, Snapshot};
