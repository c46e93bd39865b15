//! `maillage plan sites`: where to add sites — the same request as `POST /api/plan/sites`
//! (without a selection, every commune).

use super::selection::SelectionArgs;
use super::sites::sites_on;
use super::{flag_error, give, roads, write_out, Given};
use anyhow::Result;
use clap::{Subcommand, ValueEnum};
use maillage::coverage::request::SelectionRule;
use maillage::planning::request::{PlanInput, PlanRequest};
use maillage::planning::Candidate;
use maillage::registry::Snapshot;
use maillage::request::RequestError;
use maillage::service::RoadFolder;
use maillage::store::AnyStore;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum PlanWhat {
    /// Choose --add N new sites covering the most population not yet within T minutes (or,
    /// without --add, the fewest sites so that everyone is within T).
    Sites(SitesArgs),
}

#[derive(clap::Args)]
pub struct SitesArgs {
    #[command(flatten)]
    selection: SelectionArgs,
    /// How many sites to add, 1 to 100; absent: the fewest sites covering everyone coverable.
    #[arg(long, allow_negative_numbers = true)]
    add: Option<String>,
    /// Travel-time threshold, minutes, 1 to 240 (default 30).
    #[arg(long, allow_negative_numbers = true)]
    minutes: Option<String>,
    /// Candidate points: CSV with columns code, nom, lon, lat (default: every commune's
    /// town hall).
    #[arg(long)]
    candidates: Option<PathBuf>,
    /// Travel-time model: auto (the default), road or crow-fly.
    #[arg(long)]
    model: Option<String>,
    #[arg(long, value_enum, default_value = "csv")]
    format: PlanFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum PlanFormat {
    Csv,
    Json,
}

impl SitesArgs {
    /// The checked plan, read by the library from the flags given and the candidates read
    /// from `--candidates`.
    pub fn request(&self, candidates: Option<Vec<Candidate>>) -> Result<PlanRequest, RequestError> {
        let mut given = Given::new();
        self.selection.give(&mut given);
        give(&mut given, "add", self.add.as_deref());
        give(&mut given, "minutes", self.minutes.as_deref());
        give(&mut given, "model", self.model.as_deref());
        PlanInput {
            candidates,
            ..PlanInput::from_text(&given)?
        }
        .check(SelectionRule::AllByDefault)
    }
}

pub async fn run(store: &AnyStore, folder: &RoadFolder, what: PlanWhat) -> Result<()> {
    let PlanWhat::Sites(args) = what;
    let candidates = match &args.candidates {
        Some(path) => Some(maillage::planning::suggest::read_candidates(path)?),
        None => None,
    };
    let PlanRequest {
        selection,
        question,
        candidates,
    } = args.request(candidates).map_err(flag_error)?;
    let snap = Snapshot::load(store).await?;
    let roads = roads::for_model(folder, question.model)?;
    let selected = selection.communes(&snap)?;
    let candidates = candidates.unwrap_or_else(|| maillage::planning::town_halls(&snap, &selected));
    let (sites, _) = sites_on(store, &snap, chrono::Local::now().date_naive()).await?;
    let plan = maillage::planning::suggest_sites(
        &snap,
        &sites,
        &selected,
        &candidates,
        roads.as_deref(),
        &question,
    )?;
    let text = match args.format {
        PlanFormat::Json => serde_json::to_string_pretty(&plan)?,
        PlanFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["rank", "code", "nom", "lon", "lat", "gain_population"])?;
            for s in &plan.suggestions {
                w.write_record([
                    s.rank.to_string(),
                    s.candidate.code.clone(),
                    s.candidate.nom.clone(),
                    s.candidate.lon.to_string(),
                    s.candidate.lat.to_string(),
                    s.gain_population.to_string(),
                ])?;
            }
            String::from_utf8(w.into_inner()?)?
        }
    };
    write_out(None, text.as_bytes())?;
    eprintln!(
        "population {}: {} within {} min before, {} after {} site(s); {} out of every candidate's reach (model {:?})",
        plan.population,
        plan.covered_before,
        plan.minutes,
        plan.covered_after,
        plan.suggestions.len(),
        plan.uncoverable,
        plan.model
    );
    Ok(())
}
