//! The embedded default territory (Auvergne-Rhône-Alpes), loaded into an empty database.

use super::import::{import_communes, import_places, CommuneSource, ImportError, ImportOptions};
use crate::ingest::InputError;
use crate::store::Store;
use std::path::{Path, PathBuf};

/// Imports the communes, populations, EPCI, town halls and places of `geodata/`.
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
    // One import, in this order, because the first source of a place gives its main fields
    // (name, address, position, itinerance) and only a record that resembles the place so far
    // merges into it: the official France Services list first (2024, it tells buses from
    // offices); then data·inclusion (2023), whose records already join a Hinaura record and a
    // Conseillers numériques record of one place, so that both merge into it; then Hinaura
    // (place names, opening hours); Conseillers numériques (structure names) last.
    let mut places = Vec::new();
    for name in [
        "france-services-20240801.csv.gz",
        "data-inclusion-lieux-mediation-2023.json.gz",
        "hinaura-lieux.json.gz",
        "cnfs-lieux-2022.json.gz",
    ] {
        places.extend(file(name)?);
    }
    import_places(store, &places, &ImportOptions::default()).await?;
    Ok(())
}
