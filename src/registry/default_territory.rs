//! The embedded default territory (Auvergne-Rhône-Alpes), loaded into an empty database.

use super::import::{import_communes, import_places, CommuneSource, ImportError, ImportOptions};
use crate::ingest::InputError;
use crate::store::Store;
use std::path::{Path, PathBuf};

/// Imports the communes, populations, EPCI, town halls and Hinaura places of `geodata/`.
pub async fn load_default_territory<S: Store>(store: &S, dir: &Path) -> Result<(), ImportError> {
    let file = |name: &str| -> Result<Vec<PathBuf>, ImportError> {
        let p = dir.join(name);
        if !p.exists() {
            return Err(InputError::file(
                &p.display().to_string(),
                "missing",
                "the embedded territory file (see geodata/SOURCES.md)",
            )
            .into());
        }
        Ok(vec![p])
    };
    import_communes(store, CommuneSource::Population, &file("communes-84.csv")?).await?;
    import_communes(
        store,
        CommuneSource::Communes,
        &file("communes-84.geojson.gz")?,
    )
    .await?;
    import_communes(store, CommuneSource::Epci, &file("epci-84.json")?).await?;
    import_communes(store, CommuneSource::Mairies, &file("mairies-84.csv")?).await?;
    import_places(
        store,
        &file("hinaura-lieux.json.gz")?,
        &ImportOptions::default(),
    )
    .await?;
    Ok(())
}
