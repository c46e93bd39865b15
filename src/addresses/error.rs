//! What can go wrong reading or storing an address file.

/// An address import failure: the file, the line and field when a row is to blame.
#[derive(Debug, thiserror::Error)]
pub enum AddressError {
    #[error("{file}: {detail}")]
    Io { file: String, detail: String },
    #[error("{file}:{line}: field `{field}`: {detail}")]
    Row {
        file: String,
        line: u64,
        field: String,
        detail: String,
    },
    #[error("{file}: {detail}")]
    Format { file: String, detail: String },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}
