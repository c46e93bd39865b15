//! `maillage serve`: the API and the pages; an empty database first loads the default
//! territory, and imports made by other processes are picked up while serving (see
//! [`maillage::api::serve`]).

use anyhow::Result;
use maillage::api::{Limits, ServeOptions, SpatialQueries, WebSource};
use maillage::service::territory::TerritorySource;
use maillage::service::RoadFolder;
use maillage::store::AnyStore;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0: any free port, printed on standard output).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Folder to load the default territory from, instead of the files built into the binary.
    #[arg(long, env = "MAILLAGE_GEODATA")]
    geodata: Option<PathBuf>,
    /// Folder to serve the pages from, instead of the files built into the binary.
    #[arg(long, env = "MAILLAGE_WEB")]
    web: Option<PathBuf>,
    /// Seconds between two checks for new imports (0.1 to 60).
    #[arg(long, default_value_t = 1.0, value_parser = parse_reload_seconds)]
    reload_seconds: f64,
    /// Seconds a request may take before it is answered 503 (0.001 to 3600).
    #[arg(long, default_value_t = 30.0, value_parser = seconds_in(0.001, 3600.0))]
    request_timeout: f64,
    /// Heavy computations (coverage, gaps, plans, scenarios, isochrones, large matrices) run
    /// at once; more wait up to --heavy-wait seconds, then get 503 (default: one per core).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
    max_heavy: Option<u16>,
    /// Seconds a heavy request waits for its turn before it is answered 503 (0 to 60).
    #[arg(long, default_value_t = 2.0, value_parser = seconds_in(0.0, 60.0))]
    heavy_wait: f64,
    /// Connections open at once; one more is answered 503 and closed.
    #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    max_connections: u32,
    /// Seconds a client may take to send a request's headers (or stay idle between requests).
    #[arg(long, default_value_t = 10.0, value_parser = seconds_in(0.1, 600.0))]
    header_timeout: f64,
    /// Threads answering HTTP connections, each connection staying on one (default: one per
    /// core). Heavy computations run on their own pool whatever this number.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
    http_threads: Option<u16>,
    /// Which index finds places by position for /api/places?bbox= and /api/places/nearest:
    /// the server's own (memory, the default and the faster: see docs/deploy.md) or, with
    /// --db postgres://…, PostGIS's (database).
    #[arg(long, value_enum, default_value_t = SpatialIndex::Memory)]
    spatial_queries: SpatialIndex,
}

/// The values of `--spatial-queries`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SpatialIndex {
    Memory,
    Database,
}

/// A parser of seconds from `min` to `max`.
fn seconds_in(min: f64, max: f64) -> impl Fn(&str) -> Result<f64, String> + Clone {
    move |s| match s.parse::<f64>() {
        Ok(x) if (min..=max).contains(&x) => Ok(x),
        _ => Err(format!("expected seconds from {min} to {max}, got {s:?}")),
    }
}

fn parse_reload_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.1..=60.0).contains(&x) => Ok(x),
        _ => Err(format!("expected seconds from 0.1 to 60, got {s:?}")),
    }
}

pub async fn run(store: AnyStore, roads: &RoadFolder, args: ServeArgs) -> Result<()> {
    let ServeArgs {
        addr,
        geodata,
        web,
        reload_seconds,
        request_timeout,
        max_heavy,
        heavy_wait,
        max_connections,
        header_timeout,
        http_threads,
        spatial_queries,
    } = args;
    let spatial = match (spatial_queries, &store) {
        (SpatialIndex::Memory, _) => SpatialQueries::Memory,
        (SpatialIndex::Database, AnyStore::Postgres(pg)) => SpatialQueries::Postgis(pg.clone()),
        (SpatialIndex::Database, AnyStore::Sqlite(_)) => anyhow::bail!(
            "--spatial-queries database needs a PostgreSQL database (--db postgres://…); \
             with an SQLite file places are found by the server's own index (memory)"
        ),
    };
    let secs = std::time::Duration::from_secs_f64;
    let defaults = Limits::defaults();
    let limits = Limits {
        request_timeout: secs(request_timeout),
        max_heavy: max_heavy.map_or(defaults.max_heavy, usize::from),
        heavy_wait: secs(heavy_wait),
        max_connections: max_connections as usize,
        header_read_timeout: secs(header_timeout),
    };
    let options = ServeOptions {
        addr,
        roads: roads.clone(),
        territory: geodata.map_or(TerritorySource::Embedded, TerritorySource::Folder),
        web: web.map_or(WebSource::Embedded, WebSource::Folder),
        reload_every: secs(reload_seconds),
        limits,
        http_threads: http_threads.map_or_else(ServeOptions::default_http_threads, usize::from),
        spatial,
    };
    maillage::api::serve(store, options).await?;
    Ok(())
}
