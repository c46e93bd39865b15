//! The `maillage` command line: one file per command. Commands read their flags into the
//! library's typed requests — the same ones the HTTP API uses — and print what the library
//! computes; no domain logic lives here.

/// `println!` that ignores a closed standard output (`maillage stats | head -1`) instead of
/// panicking: the reader has what it wanted.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod annuaire;
mod coverage;
mod export;
mod import;
mod plan;
mod roads;
mod selection;
mod serve;
mod sites;
mod stats;
mod tours;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use maillage::request::RequestError;
use maillage::service::RoadFolder;
use maillage::store::{AnyStore, Database};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(
    name = "maillage",
    version,
    about = "Where people in France can get help with digital tools, and how well each commune is covered"
)]
pub struct Cli {
    /// The database: an SQLite file, or a PostgreSQL database with PostGIS as
    /// `postgres://user:password@host:port/name` (created or migrated on first use).
    #[arg(
        long,
        global = true,
        env = "MAILLAGE_DB",
        default_value = "maillage.db"
    )]
    db: Database,
    /// Folder of the prepared road network (default: next to an SQLite file, `FILE.roads`;
    /// with PostgreSQL, `maillage.roads` in the working folder).
    #[arg(long, global = true, env = "MAILLAGE_ROADS")]
    roads: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import places, communes, populations, EPCI or town halls (one transaction).
    Import(import::ImportArgs),
    /// Export the places.
    Export(export::ExportArgs),
    /// Counts by kind, département and source.
    Stats,
    /// Coverage indicators per commune (or rolled up): density, nearest place, population
    /// within T minutes, 2SFCA/E2SFCA, gaps.
    Coverage(coverage::CoverageArgs),
    /// Planning: where to add sites.
    Plan {
        #[command(subcommand)]
        what: plan::PlanWhat,
    },
    /// Tours of mobile units: a cyclic timetable of stops that reaches the people left out.
    Tours {
        #[command(subcommand)]
        what: tours::ToursWhat,
    },
    /// The printable directory of a commune (HTML, A4): the nearest places with their
    /// addresses, phones and hours in words.
    Annuaire(annuaire::AnnuaireArgs),
    /// Serve the API and the pages; an empty database first loads the default territory.
    /// Imports made by other processes (places, communes, roads…) are picked up while serving.
    Serve(serve::ServeArgs),
}

/// Runs one command against the database.
pub async fn run(cli: Cli) -> Result<()> {
    let store = AnyStore::open(&cli.db)
        .await
        .with_context(|| format!("opening database {}", cli.db))?;
    let roads = RoadFolder {
        dir: cli.roads.unwrap_or_else(|| cli.db.default_roads_dir()),
    };
    let outcome = match cli.command {
        Command::Import(args) => import::run(&store, &roads, args).await,
        Command::Export(args) => export::run(&store, args).await,
        Command::Stats => stats::run(&store, &roads).await,
        Command::Coverage(args) => coverage::run(&store, &roads, args).await,
        Command::Plan { what } => plan::run(&store, &roads, what).await,
        Command::Tours { what } => tours::run(&store, &roads, what).await,
        Command::Annuaire(args) => annuaire::run(&store, &roads, args).await,
        Command::Serve(args) => serve::run(store.clone(), &roads, args).await,
    };
    // Closing checkpoints the write-ahead log into the database file, so the file alone
    // holds every import once the command has ended (a copy of it loses nothing).
    store.close().await;
    outcome
}

/// Whether a command failed only because its standard output was closed early (a pipe to
/// `head`): that is how pipes end, not an error to report.
pub fn is_closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|e| {
                matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
            })
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

/// Flags given as text, by the API names of their parameters (`--gap-minutes` is
/// `gap_minutes`), for the library's typed requests to read.
pub type Given = HashMap<String, String>;

/// Records a flag's text under its parameter's name, when given.
fn give(given: &mut Given, name: &str, value: Option<&str>) {
    if let Some(v) = value {
        given.insert(name.to_string(), v.to_string());
    }
}

/// A request error as the command line says it: `--gap-minutes: expected …, got …`.
fn flag_error(e: RequestError) -> anyhow::Error {
    anyhow::anyhow!("{}: {}", e.flag(), e.detail())
}

/// Writes to a file, or to standard output (a closed pipe is not an error).
fn write_out(out: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match out {
        Some(p) => std::fs::write(p, bytes).with_context(|| format!("writing {}", p.display()))?,
        None => {
            let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), bytes);
        }
    }
    Ok(())
}
