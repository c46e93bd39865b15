//! `maillage serve`: loads what the store holds (the default territory into an empty one),
//! the road network next to it, keeps both fresh while serving, and answers over HTTP.

use super::web::WebSource;
use super::AppState;
use crate::service::territory::{self, TerritorySource};
use crate::service::{watch, Reloader, RoadFolder, Served, ServedHandle, ServiceError};
use crate::store::SqliteStore;
use std::path::PathBuf;
use std::time::Duration;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on; port 0 picks a free one (printed on standard output).
    pub addr: String,
    /// The database file (its road network is the folder next to it).
    pub db: PathBuf,
    pub territory: TerritorySource,
    pub web: WebSource,
    /// How often to look for imports made by other processes.
    pub reload_every: Duration,
}

/// Runs the service until Ctrl-C or SIGTERM.
pub async fn serve(store: SqliteStore, options: ServeOptions) -> Result<(), ServiceError> {
    let roads = RoadFolder::next_to(&options.db);
    roads.remove_stale_temporaries();
    let (mut served, mut status) = Served::load(&store, &roads).await?;
    if served.snapshot.communes.is_empty() && served.snapshot.places.is_empty() {
        tracing::info!(
            "empty database: loading the default territory ({:?})",
            options.territory
        );
        territory::load(&store, &options.territory).await?;
        (served, status) = Served::load(&store, &roads).await?;
    }
    tracing::info!(
        places = served.snapshot.places.len(),
        communes = served.snapshot.communes.len(),
        generation = served.generation,
        model = served.model().name(),
        "data loaded"
    );
    if let Some(error) = &status.error {
        tracing::error!("{error}; serving with the straight-line model until it is re-imported");
    }
    let handle = ServedHandle::new(served, status);
    tokio::spawn(watch(
        Reloader::new(store, roads, handle.clone()),
        options.reload_every,
    ));
    let app = super::app(AppState::new(handle), &options.web);
    let listener = tokio::net::TcpListener::bind(&options.addr)
        .await
        .map_err(|e| ServiceError::Io(format!("binding {}: {e}", options.addr)))?;
    let local = listener
        .local_addr()
        .map_err(|e| ServiceError::Io(e.to_string()))?;
    // On standard output, for scripts and tests that asked for port 0.
    println!("listening on http://{local}");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|e| ServiceError::Io(e.to_string()))
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
