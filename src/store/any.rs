//! The store `--db` names, SQLite or PostgreSQL, behind one type that commands and the server
//! use without knowing which (the trait's async methods cannot be called through `dyn`).

use super::{
    Change, Database, ImportLog, MobileChange, MobileRows, MobileStore, PostgresStore,
    RegistryRows, SourceRecord, SqliteStore, Store, StoreError, StoredPlace,
};
use crate::model::{Commune, EpciInfo};

/// One of the two back ends.
#[derive(Clone)]
pub enum AnyStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl AnyStore {
    /// Opens (creating and migrating if needed) the database.
    pub async fn open(db: &Database) -> Result<AnyStore, StoreError> {
        Ok(match db {
            Database::Sqlite(path) => AnyStore::Sqlite(SqliteStore::open(path).await?),
            Database::Postgres(url) => AnyStore::Postgres(PostgresStore::open(url.as_str()).await?),
        })
    }

    /// Closes every connection (for SQLite, the last one checkpoints the write-ahead log).
    pub async fn close(&self) {
        match self {
            AnyStore::Sqlite(s) => s.close().await,
            AnyStore::Postgres(s) => s.close().await,
        }
    }
}

/// Calls the same method on whichever back end this is.
macro_rules! dispatch {
    ($self:ident . $method:ident ( $($arg:expr),* )) => {
        match $self {
            AnyStore::Sqlite(s) => s.$method($($arg),*).await,
            AnyStore::Postgres(s) => s.$method($($arg),*).await,
        }
    };
}

impl Store for AnyStore {
    async fn communes(&self) -> Result<Vec<Commune>, StoreError> {
        dispatch!(self.communes())
    }
    async fn epci(&self) -> Result<Vec<EpciInfo>, StoreError> {
        dispatch!(self.epci())
    }
    async fn source_records(&self) -> Result<Vec<SourceRecord>, StoreError> {
        dispatch!(self.source_records())
    }
    async fn places(&self) -> Result<Vec<StoredPlace>, StoreError> {
        dispatch!(self.places())
    }
    async fn imports(&self) -> Result<Vec<ImportLog>, StoreError> {
        dispatch!(self.imports())
    }
    async fn generation(&self) -> Result<i64, StoreError> {
        dispatch!(self.generation())
    }
    async fn registry(&self) -> Result<RegistryRows, StoreError> {
        dispatch!(self.registry())
    }
    async fn commit(&self, change: Change) -> Result<(), StoreError> {
        dispatch!(self.commit(change))
    }
}

impl MobileStore for AnyStore {
    async fn mobile(&self) -> Result<MobileRows, StoreError> {
        dispatch!(self.mobile())
    }
    async fn commit_mobile(&self, change: MobileChange) -> Result<(), StoreError> {
        dispatch!(self.commit_mobile(change))
    }
}
