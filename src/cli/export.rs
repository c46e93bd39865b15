//! `maillage export places`: the places as CSV (the standard's columns), GeoJSON or an Excel
//! workbook.

use anyhow::{Context, Result};
use clap::ValueEnum;
use maillage::api::{PlaceCollection, PlaceFeature};
use maillage::registry::Snapshot;
use maillage::store::AnyStore;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ExportArgs {
    #[arg(value_enum)]
    what: ExportWhat,
    #[arg(long, value_enum, default_value = "csv")]
    format: ExportFormat,
    /// Output file (standard output when absent).
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportWhat {
    Places,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Csv,
    Geojson,
    /// An Excel workbook: the standard's columns, then a sheet of column definitions.
    Xlsx,
}

pub async fn run(store: &AnyStore, args: ExportArgs) -> Result<()> {
    let ExportArgs {
        what: ExportWhat::Places,
        format,
        out,
    } = args;
    let snap = Snapshot::load(store).await?;
    let mut w: Box<dyn std::io::Write> = match &out {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };
    match format {
        ExportFormat::Csv => {
            let places: Vec<_> = snap.places.iter().map(|p| p.place.clone()).collect();
            maillage::standard::write_csv(&places, &mut w)?;
        }
        ExportFormat::Geojson => {
            let features = snap
                .places
                .iter()
                .map(|p| PlaceFeature::new(&snap, p, None))
                .collect();
            serde_json::to_writer(&mut w, &PlaceCollection::new(features))?;
        }
        ExportFormat::Xlsx => {
            let table = maillage::spreadsheet::places_table(snap.places.iter().map(|p| &p.place));
            w.write_all(&maillage::spreadsheet::xlsx(&table)?)?;
        }
    }
    w.flush()?;
    Ok(())
}
