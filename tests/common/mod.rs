//! Helpers shared by the integration tests: paths to the real data, a fresh store.
#![allow(dead_code)]

use maillage::registry::{import_communes, CommuneSource};
use maillage::store::SqliteStore;
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

/// All of France: population, simplified polygons and town halls.
pub async fn load_france(store: &SqliteStore) {
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
pub async fn load_aura_communes(store: &SqliteStore) {
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

/// A server on an ephemeral port serving the embedded territory with this checkout's web page,
/// started once per test binary on its own runtime; returns its base URL.
pub fn embedded_server() -> &'static str {
    static URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    URL.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Runtime::new().unwrap();
            rt.block_on(async move {
                let (store, dir) = fresh_store().await;
                maillage::registry::load_default_territory(&store, &geodata(""))
                    .await
                    .unwrap();
                let snap = maillage::registry::Snapshot::load(&store).await.unwrap();
                let web = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("web");
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(format!("http://{}", listener.local_addr().unwrap()))
                    .unwrap();
                let app = maillage::api::app(maillage::api::AppState::new(snap), &web);
                axum::serve(listener, app).await.unwrap();
                drop(dir);
            });
        });
        rx.recv().unwrap()
    })
}

/// GET a path of the embedded server: status, content type and body text.
pub fn get_text(path: &str) -> (u16, String, String) {
    let url = format!("{}{path}", embedded_server());
    let resp = match ureq::get(&url).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{url}: {e}"),
    };
    let status = resp.status();
    let ctype = resp.content_type().to_string();
    (status, ctype, resp.into_string().unwrap())
}

/// GET a path of the embedded server: status, content type and JSON body (null if not JSON).
pub fn get(path: &str) -> (u16, String, serde_json::Value) {
    let (s, c, body) = get_text(path);
    (
        s,
        c,
        serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
    )
}

/// POST JSON to a path of the embedded server: status and JSON body.
pub fn post(path: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
    let url = format!("{}{path}", embedded_server());
    let resp = match ureq::post(&url).send_json(body.clone()) {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{url}: {e}"),
    };
    (
        resp.status(),
        resp.into_json().unwrap_or(serde_json::Value::Null),
    )
}
