//! Persistence behind one trait, two back ends: SQLite (one file, the default) and
//! PostgreSQL + PostGIS (production, several API processes), chosen by `--db` ([`Database`],
//! [`AnyStore`]). The store only saves and loads; every computation happens in memory before
//! `commit`. Both back ends write the same [`Change`] and read the same rows: a new table is a
//! field here, a migration in each of `migrations/sqlite/` and `migrations/postgres/`, and a
//! reader and writer in each of `sqlite.rs` and `postgres.rs` (see ARCHITECTURE.md).

mod any;
mod location;
mod mobile;
mod outline;
mod postgres;
mod postgres_mobile;
mod sqlite;
mod sqlite_mobile;
mod tiles_postgres;
pub mod wkb;

use crate::addresses::Address;
use crate::model::{Commune, EpciInfo, InseeCode, Place};
pub use any::AnyStore;
pub use location::{Database, PostgresUrl};
pub use mobile::{MobileChange, MobileDocument, MobileRows, MobileStore};
pub use postgres::PostgresStore;
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
    /// A read replica whose primary lacks migrations this binary needs.
    #[error("this read replica lacks migrations {missing}: run any maillage command (e.g. `maillage --db PRIMARY_URL stats`) against the primary first")]
    Unmigrated { missing: String },
    /// A write to a read replica.
    #[error("this database is a read replica: imports go to the primary (give its URL to --db); nothing was written")]
    ReadOnlyReplica,
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
