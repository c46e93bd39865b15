//! `maillage serve`: the API and the pages; an empty database first loads the default
//! territory, and imports made by other processes are picked up while serving (see
//! [`maillage::api::serve`]).

use anyhow::Result;
use maillage::api::{ServeOptions, WebSource};
use maillage::service::territory::TerritorySource;
use maillage::store::SqliteStore;
use std::path::{Path, PathBuf};

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
}

fn parse_reload_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.1..=60.0).contains(&x) => Ok(x),
        _ => Err(format!("expected seconds from 0.1 to 60, got {s:?}")),
    }
}

pub async fn run(store: SqliteStore, db: &Path, args: ServeArgs) -> Result<()> {
    let ServeArgs {
        addr,
        geodata,
        web,
        reload_seconds,
    } = args;
    let options = ServeOptions {
        addr,
        db: db.to_path_buf(),
        territory: geodata.map_or(TerritorySource::Embedded, TerritorySource::Folder),
        web: web.map_or(WebSource::Embedded, WebSource::Folder),
        reload_every: std::time::Duration::from_secs_f64(reload_seconds),
    };
    maillage::api::serve(store, options).await?;
    Ok(())
}
