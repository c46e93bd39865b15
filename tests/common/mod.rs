//! Helpers shared by the integration tests: paths to the real data, a fresh store, and the
//! built binary with its server ([`binary`]).
#![allow(dead_code, unused_imports)]

pub mod binary;
pub mod imports;
pub mod postgis;
pub mod xyz;
pub use binary::{binary, Backend, Maillage, Server};

use maillage::registry::{import_communes, CommuneSource};
use maillage::store::{PostgresStore, SqliteStore, Store};
use std::path::PathBuf;

/// A file of `../shared/data` (read in place, never copied into the repository).
pub fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
}

/// A file of the embedded territory.
pub fn geodata(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("geodata")
        .join(rel)
}

/// A new, empty SQLite store in a temporary folder (kept alive by the returned guard).
pub async fn fresh_store() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("test.db"))
        .await
        .expect("open store");
    (store, dir)
}

/// A new, empty PostGIS store: a database of the test cluster.
pub async fn fresh_postgis() -> PostgresStore {
    let url = postgis::database();
    PostgresStore::open(&url).await.expect("open PostGIS store")
}

/// All of France: population, simplified polygons and town halls.
pub async fn load_france<S: Store>(store: &S) {
    import_communes(
        store,
        CommuneSource::Population,
        &[shared("population/communes-cog2026-population.csv")],
    )
    .await
    .unwrap();
    import_communes(
        store,
        CommuneSource::Communes,
        &[shared("communes/communes-france-simplifiees.geojson.gz")],
    )
    .await
    .unwrap();
    import_communes(
        store,
        CommuneSource::Epci,
        &[shared("population/epci.json")],
    )
    .await
    .unwrap();
    import_communes(
        store,
        CommuneSource::Mairies,
        &[shared("addresses/mairies-france.csv")],
    )
    .await
    .unwrap();
}

/// The embedded Auvergne-Rhône-Alpes territory (communes only).
pub async fn load_aura_communes<S: Store>(store: &S) {
    import_communes(
        store,
        CommuneSource::Population,
        &[geodata("communes-84.csv")],
    )
    .await
    .unwrap();
    import_communes(
        store,
        CommuneSource::Communes,
        &[geodata("communes-84.geojson.gz")],
    )
    .await
    .unwrap();
    import_communes(store, CommuneSource::Epci, &[geodata("epci-84.json")])
        .await
        .unwrap();
    import_communes(store, CommuneSource::Mairies, &[geodata("mairies-84.csv")])
        .await
        .unwrap();
}

/// Every real places file of `../shared/data/places` (the national registry).
pub fn national_places_files() -> Vec<PathBuf> {
    [
        "france-services-20240801.csv",
        "cnfs-lieux-2022.json",
        "data-inclusion-lieux-mediation-2023.json",
        "hinaura-aura-lieux.json",
        "hub-du-sud-paca-2023.json",
    ]
    .iter()
    .map(|f| shared(&format!("places/{f}")))
    .collect()
}

/// A server on the default territory (a copy of the database built once per test binary);
/// keep both values alive for the test.
pub fn territory_server() -> (Maillage, Server) {
    let m = Maillage::with_territory();
    let s = m.serve(&[]);
    (m, s)
}

/// Runs each named check — `async fn check<S: Store>(store: &S, dir: &Path)` — on a fresh
/// SQLite store and on a fresh PostGIS store, as two tests `sqlite::check` and `postgis::check`.
#[macro_export]
macro_rules! on_both_stores {
    ($($check:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $check() {
                    let (store, dir) = $crate::common::fresh_store().await;
                    super::$check(&store, dir.path()).await;
                }
            )*
        }
        mod postgis {
            $(
                #[tokio::test]
                async fn $check() {
                    let store = $crate::common::fresh_postgis().await;
                    let dir = tempfile::tempdir().expect("temp dir");
                    super::$check(&store, dir.path()).await;
                }
            )*
        }
    };
}

/// Runs each named check — `fn check(backend: Backend)`, which runs the binary on a database
/// of that backend — as two tests, `sqlite::check` and `postgis::check`.
#[macro_export]
macro_rules! on_both_backends {
    ($($check:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $check() {
                    super::$check($crate::common::Backend::Sqlite);
                }
            )*
        }
        mod postgis {
            $(
                #[test]
                fn $check() {
                    super::$check($crate::common::Backend::Postgis);
                }
            )*
        }
    };
}
