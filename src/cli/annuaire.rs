//! `maillage annuaire --commune CODE --out FILE.html`: the printable directory of a commune
//! (the nearest places, their addresses, phones and hours in words), the same page as
//! `GET /communes/{code}/annuaire`, for the town hall's notice board, with the next visits of
//! mobile units near the commune.

use anyhow::{Context, Result};
use maillage::api::{render_directory, DirectoryOptions, Lang, Texts, WebSource};
use maillage::coverage::ModelChoice;
use maillage::model::InseeCode;
use maillage::registry::Snapshot;
use maillage::service::RoadFolder;
use maillage::store::AnyStore;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct AnnuaireArgs {
    /// INSEE code of the commune (`15219` for Salers).
    #[arg(long)]
    commune: String,
    /// HTML file to write (standard output when absent).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of the page: fr (default) or en.
    #[arg(long, default_value = "fr", value_parser = ["fr", "en"])]
    lang: String,
    /// How many places, the nearest first (1 to 30).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=30))]
    places: u16,
    /// Address of the online search to print at the bottom (`https://aide.example.org`).
    #[arg(long)]
    site: Option<String>,
}

pub async fn run(store: &AnyStore, roads: &RoadFolder, args: AnnuaireArgs) -> Result<()> {
    let code = InseeCode::parse(&args.commune).map_err(|e| anyhow::anyhow!("--commune: {e}"))?;
    let snap = Snapshot::load(store).await?;
    if snap.communes.is_empty() {
        anyhow::bail!(
            "the database has no communes: run `maillage import territory` (or import communes) first"
        );
    }
    let texts = Texts::load(&WebSource::Embedded, Lang::from_query(Some(&args.lang)))?;
    // Times by road when a network is imported (`--roads`, or next to the database), as
    // `serve` gives them.
    let roads = super::roads::for_model(roads, ModelChoice::Auto)?;
    let options = DirectoryOptions {
        places: usize::from(args.places),
        at: chrono::Utc::now().with_timezone(&maillage::hours::PARIS),
        site: args.site,
    };
    let (timetable, _) = maillage::mobile::stored::load(store).await?;
    let page = render_directory(&snap, roads.as_deref(), &timetable, &code, &texts, &options)
        .with_context(|| format!("--commune {}", args.commune))?;
    super::write_out(args.out.as_deref(), page.as_bytes())?;
    if let Some(out) = &args.out {
        eprintln!("wrote {}", out.display());
    }
    Ok(())
}
