//! `maillage serve`: the API and the map; an empty database first loads the embedded
//! territory.

use anyhow::{Context, Result};
use maillage::registry::{self, Snapshot};
use maillage::store::SqliteStore;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ServeArgs {
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Folder of the embedded default territory.
    #[arg(long, env = "MAILLAGE_GEODATA", default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/geodata"))]
    geodata: PathBuf,
    /// Folder of the web page.
    #[arg(long, env = "MAILLAGE_WEB", default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/web"))]
    web: PathBuf,
}

pub async fn run(store: SqliteStore, args: ServeArgs) -> Result<()> {
    let ServeArgs { addr, geodata, web } = args;
    let mut snap = Snapshot::load(&store).await?;
    if snap.communes.is_empty() && snap.places.is_empty() {
        tracing::info!(
            "empty database: loading the embedded territory from {}",
            geodata.display()
        );
        registry::load_default_territory(&store, &geodata).await?;
        snap = Snapshot::load(&store).await?;
    }
    tracing::info!(
        places = snap.places.len(),
        communes = snap.communes.len(),
        "registry loaded"
    );
    let app = maillage::api::app(maillage::api::AppState::new(snap), &web);
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await?;
    Ok(())
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}
