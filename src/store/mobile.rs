//! Storage of mobile units, their stops and visit schedules, apart from the place registry:
//! the `mobile` module serialises them as JSON documents and the store keeps them by id, in
//! one transaction per import that also advances the [`Store::generation`] (so a running
//! server reloads them).

use super::{ImportLog, StoreError};

/// One stored document: an id, the unit it belongs to (visits), and its JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MobileDocument {
    pub id: String,
    pub json: String,
}

/// Everything one `maillage import mobile` writes.
#[derive(Debug, Default)]
pub struct MobileChange {
    /// Upserted by id.
    pub units: Vec<MobileDocument>,
    /// Upserted by id.
    pub stops: Vec<MobileDocument>,
    /// Units whose visits are replaced by `visits` (every unit the import names).
    pub replace_visits_of: Vec<String>,
    /// Visits, each with its unit's id as `id`.
    pub visits: Vec<MobileDocument>,
    pub log: ImportLog,
}

/// The stored mobile documents with the generation they were read at.
#[derive(Debug, Default)]
pub struct MobileRows {
    pub generation: i64,
    pub units: Vec<MobileDocument>,
    pub stops: Vec<MobileDocument>,
    /// Visits in import order, `id` being the unit's.
    pub visits: Vec<MobileDocument>,
}

/// The storage of mobile units, beside [`super::Store`].
#[allow(async_fn_in_trait)]
pub trait MobileStore {
    /// Units, stops and visits in one read transaction.
    async fn mobile(&self) -> Result<MobileRows, StoreError>;
    /// Applies a change atomically and logs it as an import.
    async fn commit_mobile(&self, change: MobileChange) -> Result<(), StoreError>;
}
