//! Persistence behind one trait: SQLite (embedded default) now, PostgreSQL/PostGIS later.
//! The store only saves and loads; every computation happens in memory before `commit`.

mod sqlite;

use crate::addresses::Address;
use crate::model::{Commune, EpciInfo, InseeCode, Place};
use serde::{Deserialize, Serialize};
pub use sqlite::SqliteStore;

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt ({what}): {detail}")]
    Corrupt { what: String, detail: String },
    /// A change that would store what cannot be read back; nothing was written.
    #[error("refusing to store {what}: {detail}; nothing was written")]
    Refused { what: String, detail: String },
}

/// One record of one source file, as parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRecord {
    pub dataset: String,
    pub record_id: String,
    /// Import order; the earliest record of a merged place gives its main fields.
    pub seq: i64,
    pub format: String,
    pub place: Place,
}

/// A merged place as served, with the commune its point lies in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredPlace {
    pub place: Place,
    pub located_in: Option<InseeCode>,
}

/// What an import did, kept in the `imports` log.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ImportLog {
    pub kind: String,
    pub files: Vec<String>,
    pub accepted: usize,
    pub rejected: usize,
    pub summary: String,
}

/// Everything one import writes, applied in a single transaction.
#[derive(Debug, Default)]
pub struct Change {
    pub communes: Vec<Commune>,
    pub epci: Vec<EpciInfo>,
    pub records: Vec<SourceRecord>,
    /// When set, replaces the whole table of merged places.
    pub places: Option<Vec<StoredPlace>>,
    /// Addresses to add or replace (by id).
    pub addresses: Vec<Address>,
    pub log: ImportLog,
}

/// What a registry snapshot is built from, read as one consistent state of the store.
#[derive(Debug, Default)]
pub struct RegistryRows {
    /// The [`Store::generation`] these rows belong to.
    pub generation: i64,
    pub places: Vec<StoredPlace>,
    pub communes: Vec<Commune>,
    pub epci: Vec<EpciInfo>,
    /// Postal addresses for the search box (empty when none were imported).
    pub addresses: Vec<Address>,
}

/// The storage interface shared by the SQLite and PostgreSQL back ends.
#[allow(async_fn_in_trait)]
pub trait Store {
    async fn communes(&self) -> Result<Vec<Commune>, StoreError>;
    async fn epci(&self) -> Result<Vec<EpciInfo>, StoreError>;
    async fn source_records(&self) -> Result<Vec<SourceRecord>, StoreError>;
    async fn places(&self) -> Result<Vec<StoredPlace>, StoreError>;
    async fn imports(&self) -> Result<Vec<ImportLog>, StoreError>;
    /// A number that grows with every committed change (the id of the latest import), so a
    /// reader can tell cheaply whether anything was written since it last read.
    async fn generation(&self) -> Result<i64, StoreError>;
    /// Places, communes and EPCI with their generation, in one read transaction, so that an
    /// import committed meanwhile is either wholly in them or not at all.
    async fn registry(&self) -> Result<RegistryRows, StoreError>;
    /// Applies a change atomically: all of it or nothing.
    async fn commit(&self, change: Change) -> Result<(), StoreError>;
}
