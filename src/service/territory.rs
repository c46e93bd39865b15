//! The default territory (Auvergne-Rhône-Alpes) that `serve` loads into an empty database:
//! its files are compiled into the binary, so a copied binary serves it from any folder;
//! a folder given on the command line replaces them (to try a rebuilt `geodata/`).

use super::ServiceError;
use crate::store::Store;
use rust_embed::RustEmbed;
use std::path::PathBuf;

/// The data files of `geodata/` (not its recipe).
#[derive(RustEmbed)]
#[folder = "geodata/"]
#[exclude = "*.py"]
#[exclude = "*.sh"]
#[exclude = "*.md"]
struct EmbeddedGeodata;

/// Where the default territory's files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TerritorySource {
    /// The files compiled into the binary.
    Embedded,
    /// A folder laid out like `geodata/`.
    Folder(PathBuf),
}

/// Imports the default territory into `store` (one transaction per file kind, as `import`).
pub async fn load<S: Store>(store: &S, source: &TerritorySource) -> Result<(), ServiceError> {
    match source {
        TerritorySource::Folder(dir) => {
            crate::registry::load_default_territory(store, dir).await?;
        }
        TerritorySource::Embedded => {
            // The importers read files: lay the embedded ones out in a private temporary
            // folder, removed when done.
            let dir = tempfile::Builder::new()
                .prefix("maillage-territory-")
                .tempdir()
                .map_err(|e| ServiceError::TerritoryFiles(format!("temporary folder: {e}")))?;
            for name in EmbeddedGeodata::iter() {
                let file = EmbeddedGeodata::get(&name).ok_or_else(|| {
                    ServiceError::TerritoryFiles(format!("{name} is listed but not embedded"))
                })?;
                std::fs::write(dir.path().join(name.as_ref()), file.data.as_ref())
                    .map_err(|e| ServiceError::TerritoryFiles(format!("writing {name}: {e}")))?;
            }
            crate::registry::load_default_territory(store, dir.path()).await?;
        }
    }
    Ok(())
}
