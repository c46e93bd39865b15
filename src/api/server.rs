//! `maillage serve`: loads what the store holds (the default territory into an empty one),
//! the road network next to it, keeps both fresh while serving, and answers over HTTP.

use super::web::WebSource;
use super::{AppState, Limits, SpatialQueries};
use crate::service::territory::{self, TerritorySource};
use crate::service::{watch, Reloader, RoadFolder, Served, ServedHandle, ServiceError};
use crate::store::AnyStore;
use std::time::Duration;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on; port 0 picks a free one (printed on standard output).
    pub addr: String,
    /// Where the road network lives (next to an SQLite file, or `--roads DIR`).
    pub roads: RoadFolder,
    pub territory: TerritorySource,
    pub web: WebSource,
    /// How often to look for imports made by other processes.
    pub reload_every: Duration,
    /// What bounds a request's cost (timeouts, heavy computations, connections).
    pub limits: Limits,
    /// Threads answering connections ([`super::shards`]).
    pub http_threads: usize,
    /// The index that finds places by position.
    pub spatial: SpatialQueries,
}

impl ServeOptions {
    /// One thread answering connections per core.
    pub fn default_http_threads() -> usize {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    }
}

/// Runs the service until Ctrl-C or SIGTERM.
pub async fn serve(store: AnyStore, options: ServeOptions) -> Result<(), ServiceError> {
    let roads = options.roads.clone();
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
    let tile_source = super::TileSource::for_store(&store);
    tokio::spawn(watch(
        Reloader::new(store, roads, handle.clone()),
        options.reload_every,
    ));
    let mut state = AppState::with_limits(handle, options.limits).with_tile_source(tile_source);
    state.spatial = options.spatial.clone();
    tokio::spawn(super::tile_precut::keep_small_zooms_cut(state.clone()));
    let app = super::app(state, &options.web);
    let shards = super::shards::Shards::start(options.http_threads)
        .map_err(|e| ServiceError::Io(format!("starting the HTTP threads: {e}")))?;
    let listener = tokio::net::TcpListener::bind(&options.addr)
        .await
        .map_err(|e| ServiceError::Io(format!("binding {}: {e}", options.addr)))?;
    let local = listener
        .local_addr()
        .map_err(|e| ServiceError::Io(e.to_string()))?;
    // On standard output, for scripts and tests that asked for port 0.
    println!("listening on http://{local}");
    tracing::info!(limits = ?options.limits, spatial_queries = ?options.spatial, "serving");
    super::connections::run(listener, shards, app, options.limits, shutdown()).await;
    Ok(())
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
