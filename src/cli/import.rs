//! `maillage import KIND FILE…`: places, communes, populations, EPCI, town halls, IFN, roads.

use super::roads;
use anyhow::Result;
use clap::ValueEnum;
use maillage::registry::{self, CommuneSource, ImportOptions};
use maillage::standard::SourceFormat;
use maillage::store::SqliteStore;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct ImportArgs {
    #[arg(value_enum)]
    kind: ImportKind,
    /// Files to import (plain or gzipped).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Force the places format instead of detecting it.
    #[arg(long, value_parser = parse_format)]
    format: Option<SourceFormat>,
    /// Import the valid rows and report the rejected ones instead of importing nothing.
    #[arg(long)]
    skip_invalid: bool,
    /// Where to write the rejected rows (CSV) with --skip-invalid.
    #[arg(long)]
    report: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ImportKind {
    Places,
    Communes,
    Population,
    Epci,
    Mairies,
    /// Indice de fragilité numérique: CSV with columns `code` and `score` (1–10).
    Ifn,
    /// An OSM extract (.osm.pbf): car and foot road graphs, prepared next to the database.
    Roads,
}

fn parse_format(s: &str) -> Result<SourceFormat, String> {
    s.parse::<SourceFormat>().map_err(|e| e.to_string())
}

pub async fn run(store: &SqliteStore, db: &Path, args: ImportArgs) -> Result<()> {
    let ImportArgs {
        kind,
        files,
        format,
        skip_invalid,
        report,
    } = args;
    let outcome = match kind {
        ImportKind::Roads => {
            let [pbf] = &files[..] else {
                anyhow::bail!("import roads takes one .osm.pbf file")
            };
            let out = maillage::routing::network::roads_dir(db);
            let report = tokio::task::spawn_blocking({
                let (pbf, out) = (pbf.clone(), out.clone());
                move || maillage::routing::import_roads(&pbf, &out)
            })
            .await??;
            println!("road graphs prepared in {}", report.out_dir.display());
            roads::print(&report.metadata);
            return Ok(());
        }
        ImportKind::Places => {
            let opts = ImportOptions {
                format,
                skip_invalid,
                report,
            };
            registry::import_places(store, &files, &opts).await?
        }
        other => {
            let source = match other {
                ImportKind::Communes => CommuneSource::Communes,
                ImportKind::Population => CommuneSource::Population,
                ImportKind::Epci => CommuneSource::Epci,
                ImportKind::Ifn => CommuneSource::Ifn,
                _ => CommuneSource::Mairies,
            };
            registry::import_communes(store, source, &files).await?
        }
    };
    for n in &outcome.notes {
        println!("{n}");
    }
    for r in outcome.rejected.iter().take(20) {
        println!("rejected: {r}");
    }
    Ok(())
}
