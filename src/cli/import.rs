//! `maillage import KIND FILE…`: places, communes, populations, EPCI, town halls, IFN, roads.

use super::roads;
use anyhow::Result;
use clap::ValueEnum;
use maillage::ingest::Encoding;
use maillage::registry::{self, CommuneSource, ImportOptions};
use maillage::service::RoadFolder;
use maillage::standard::SourceFormat;
use maillage::store::AnyStore;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ImportArgs {
    #[arg(value_enum)]
    kind: ImportKind,
    /// Files to import (plain or gzipped); none for `territory`.
    files: Vec<PathBuf>,
    /// Force the places format instead of detecting it.
    #[arg(long, value_parser = parse_format)]
    format: Option<SourceFormat>,
    /// Character encoding of place files: utf-8 or windows-1252 (Latin-1). Detected when not
    /// given: UTF-8, else Windows-1252; the import notes say which was used.
    #[arg(long, value_parser = parse_encoding)]
    encoding: Option<Encoding>,
    /// Import the valid rows and report the rejected ones instead of importing nothing.
    #[arg(long)]
    skip_invalid: bool,
    /// Where to write the rejected rows (CSV) with --skip-invalid; with `mobile`, every fact
    /// the France Services comments did not give (one line each).
    #[arg(long)]
    report: Option<PathBuf>,
    /// With `roads`: the contraction hierarchy to prepare — `ch` (degree-2 chains, then greedy
    /// contraction with witness searches: the fastest queries on ordinary road networks),
    /// `cch` (nested dissection, customizable: bounded on street grids, where `ch` does not
    /// finish), or `auto`, decided per profile: `cch` when under a quarter of the graph's nodes
    /// have at most two neighbours (a mesh of junctions, such as a street grid), else `ch`
    /// (real and generated road networks: 65–72 % of their nodes are shape points).
    #[arg(long, default_value = "auto")]
    hierarchy: maillage::routing::cch::HierarchyChoice,
}

#[derive(Clone, Copy, ValueEnum)]
enum ImportKind {
    Places,
    Communes,
    Population,
    Epci,
    Mairies,
    /// Postal addresses for the search box: a BAN (`;`, header) or BANO (`,`, no header) CSV.
    Addresses,
    /// Indice de fragilité numérique: CSV with columns `code` and `score` (1–10).
    Ifn,
    /// An OSM extract (.osm.pbf): car and foot road graphs, prepared next to the database.
    Roads,
    /// Mobile units, their stops and visits: our CSV files (units, stops, visits; see
    /// docs/mobile-units.md) and/or the France Services list (its buses and itinerant rows).
    Mobile,
    /// The default territory built into the binary (Auvergne-Rhône-Alpes), or the folder
    /// given by `MAILLAGE_GEODATA`; takes no file.
    Territory,
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    s.parse::<Encoding>()
}

fn parse_format(s: &str) -> Result<SourceFormat, String> {
    s.parse::<SourceFormat>().map_err(|e| e.to_string())
}

pub async fn run(store: &AnyStore, folder: &RoadFolder, args: ImportArgs) -> Result<()> {
    let ImportArgs {
        kind,
        files,
        format,
        encoding,
        skip_invalid,
        report,
        hierarchy,
    } = args;
    match (kind, files.is_empty()) {
        (ImportKind::Territory, false) => {
            anyhow::bail!("import territory takes no file (it loads the built-in territory)")
        }
        (ImportKind::Territory, true) => {}
        (_, true) => anyhow::bail!("import: give at least one file to import"),
        _ => {}
    }
    let outcome = match kind {
        ImportKind::Territory => {
            use maillage::service::territory::{self, TerritorySource};
            let source = std::env::var_os("MAILLAGE_GEODATA")
                .map_or(TerritorySource::Embedded, |d| {
                    TerritorySource::Folder(d.into())
                });
            territory::load(store, &source).await?;
            say!("default territory loaded ({source:?})");
            return Ok(());
        }
        ImportKind::Roads => {
            let [pbf] = &files[..] else {
                anyhow::bail!("import roads takes one .osm.pbf file")
            };
            folder.remove_stale_temporaries();
            let out = folder.dir.clone();
            let report = tokio::task::spawn_blocking({
                let (pbf, out) = (pbf.clone(), out.clone());
                move || {
                    maillage::routing::import_roads_hierarchy(
                        &pbf,
                        &out,
                        &maillage::routing::ch::ChParams::default(),
                        hierarchy,
                    )
                }
            })
            .await??;
            say!("road graphs prepared in {}", report.out_dir.display());
            roads::print(&report.metadata);
            return Ok(());
        }
        ImportKind::Addresses => {
            for note in maillage::addresses::import_addresses(store, &files).await? {
                say!("{note}");
            }
            return Ok(());
        }
        ImportKind::Mobile => {
            let done = maillage::mobile::import_mobile(store, &files).await?;
            for n in &done.notes {
                say!("{n}");
            }
            for line in done.unread.iter().take(20) {
                say!("unread: {line}");
            }
            if done.unread.len() > 20 {
                say!(
                    "… {} more lines unread (--report FILE writes them all)",
                    done.unread.len() - 20
                );
            }
            if let Some(path) = report {
                let mut text = done.unread.join("\n");
                text.push('\n');
                std::fs::write(&path, text)
                    .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
            }
            return Ok(());
        }
        ImportKind::Places => {
            let opts = ImportOptions {
                format,
                encoding,
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
        say!("{n}");
    }
    for r in outcome.rejected.iter().take(20) {
        say!("rejected: {r}");
    }
    Ok(())
}
