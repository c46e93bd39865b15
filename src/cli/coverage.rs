//! `maillage coverage`: indicators per commune or rolled up, as CSV, JSON or GeoJSON — the
//! same request as `GET /api/coverage` (CSV by default here).

use super::selection::SelectionArgs;
use super::sites::sites_on;
use super::{flag_error, give, roads, write_out, Given};
use anyhow::Result;
use maillage::coverage::request::{CoverageRequest, TableFormat};
use maillage::coverage::{report, to_csv};
use maillage::registry::Snapshot;
use maillage::request::RequestError;
use maillage::service::RoadFolder;
use maillage::store::AnyStore;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct CoverageArgs {
    #[command(flatten)]
    selection: SelectionArgs,
    #[command(flatten)]
    params: ParamsArgs,
    /// csv (the default), json, geojson (communes with their polygons) or xlsx (a workbook
    /// with a sheet of column definitions; give --out).
    #[arg(long)]
    format: Option<String>,
    /// Rows per commune (the default), or rolled up to epci, departement, region or territory.
    #[arg(long)]
    level: Option<String>,
    /// Output file (standard output when absent).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// The knobs of the indicators, read by the library as `/api/coverage` reads its query.
#[derive(clap::Args)]
pub struct ParamsArgs {
    /// Travel-time model: auto (the default: road where a graph covers the commune, straight
    /// line elsewhere), road (needs `import roads`) or crow-fly.
    #[arg(long)]
    model: Option<String>,
    /// Thresholds for "population within T minutes", 1 to 240 (default 15,20,30).
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true)]
    minutes: Vec<String>,
    /// A commune with no place within this many minutes is a gap (default 30).
    #[arg(long, allow_negative_numbers = true)]
    gap_minutes: Option<String>,
    /// Floating catchment size, minutes (default 30).
    #[arg(long, allow_negative_numbers = true)]
    catchment: Option<String>,
    /// E2SFCA weights of equal-width zones of the catchment, nearest first (default
    /// 1,0.68,0.22).
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true)]
    zones: Vec<String>,
    /// Supply of a place in 2SFCA/E2SFCA: hours (weekly opening hours, the default) or one
    /// (1 per place).
    #[arg(long)]
    supply: Option<String>,
    /// Gravity variant's decay exponent, 0 to 10 (default 1).
    #[arg(long, allow_negative_numbers = true)]
    beta: Option<String>,
    /// Reference date for stale records (YYYY-MM-DD; today when absent).
    #[arg(long)]
    as_of: Option<String>,
}

impl ParamsArgs {
    /// Records the flags given, lists joined back with commas.
    fn give(&self, given: &mut Given) {
        let list = |v: &[String]| (!v.is_empty()).then(|| v.join(","));
        give(given, "model", self.model.as_deref());
        give(given, "minutes", list(&self.minutes).as_deref());
        give(given, "gap_minutes", self.gap_minutes.as_deref());
        give(given, "catchment", self.catchment.as_deref());
        give(given, "zones", list(&self.zones).as_deref());
        give(given, "supply", self.supply.as_deref());
        give(given, "beta", self.beta.as_deref());
        give(given, "as_of", self.as_of.as_deref());
    }
}

impl CoverageArgs {
    /// The checked request, read by the library from the flags given.
    pub fn request(&self, today: chrono::NaiveDate) -> Result<CoverageRequest, RequestError> {
        let mut given = Given::new();
        self.selection.give(&mut given);
        self.params.give(&mut given);
        give(&mut given, "format", self.format.as_deref());
        give(&mut given, "level", self.level.as_deref());
        CoverageRequest::from_text(&given, TableFormat::Csv, today)
    }
}

pub async fn run(store: &AnyStore, folder: &RoadFolder, args: CoverageArgs) -> Result<()> {
    let CoverageRequest {
        selection,
        params,
        output,
    } = args
        .request(chrono::Local::now().date_naive())
        .map_err(flag_error)?;
    let snap = Snapshot::load(store).await?;
    let roads = roads::for_model(folder, params.model)?;
    let selected = selection.communes(&snap)?;
    let (sites, _) = sites_on(store, &snap, params.as_of).await?;
    let result = maillage::coverage::compute(&snap, &sites, &selected, roads.as_deref(), &params)?;
    let level = output.level;
    let bytes = match output.format {
        TableFormat::Csv => to_csv(&report::rows_at(&result, level, &snap)).into_bytes(),
        TableFormat::Json => serde_json::to_vec(&report::json_document(&result, level, &snap))?,
        TableFormat::Geojson => serde_json::to_vec(&report::geojson_document(&result, &snap))?,
        TableFormat::Xlsx => {
            let rows = report::rows_at(&result, level, &snap);
            maillage::spreadsheet::xlsx(&maillage::spreadsheet::coverage_table(&rows))?
        }
    };
    write_out(args.out.as_deref(), &bytes)?;
    eprintln!(
        "{} communes, model {:?}, {} places ({} stale)",
        result.communes.len(),
        result.model,
        result.sites_total,
        result.sites_stale
    );
    Ok(())
}
