//! `maillage tours plan`: tours of mobile units — the same request and answer as
//! `POST /api/tours/plan` (`--format json` prints the same document).

use super::sites::sites_on;
use super::{flag_error, roads, write_out};
use anyhow::{Context, Result};
use clap::{Subcommand, ValueEnum};
use maillage::coverage::request::model_choice;
use maillage::registry::Snapshot;
use maillage::request::RequestError;
use maillage::service::RoadFolder;
use maillage::store::AnyStore;
use maillage::tours::build::PlanContext;
use maillage::tours::document::TourPlan;
use maillage::tours::request::TourInput;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum ToursWhat {
    /// Plan a cyclic timetable of stops for one or several units over a horizon of weeks,
    /// bringing the most people within --minutes of a regular visit, then driving the least.
    Plan(PlanArgs),
}

#[derive(clap::Args)]
pub struct PlanArgs {
    /// Département whose gap communes are the candidates and whose people are weighed.
    #[arg(long)]
    departement: Option<String>,
    /// Number of units to plan, leaving from --depot (default 1).
    #[arg(long)]
    units: Option<usize>,
    /// An imported mobile unit to plan from its depot (repeat for several).
    #[arg(long = "unit")]
    unit: Vec<String>,
    /// Depot as `lon,lat` (default: the département's préfecture).
    #[arg(long, allow_hyphen_values = true)]
    depot: Option<String>,
    /// Horizon: a number of weeks, such as `4w` or `4` (default 4).
    #[arg(long)]
    horizon: Option<String>,
    /// Desired frequency of the candidates: weekly, fortnightly or monthly (default weekly).
    #[arg(long)]
    frequency: Option<String>,
    /// Length of a visit, minutes (default 120).
    #[arg(long)]
    visit_minutes: Option<u32>,
    /// T: a person is reached within T minutes of a stop (default 30).
    #[arg(long)]
    minutes: Option<u32>,
    /// Working hours as `HH:MM-HH:MM` (default 09:00-17:00).
    #[arg(long)]
    working_hours: Option<String>,
    /// Break as `HH:MM-HH:MM` (default 12:00-13:30; `none` for no break).
    #[arg(long = "break")]
    lunch: Option<String>,
    /// Most driving a day, minutes (default 240).
    #[arg(long)]
    max_driving_minutes: Option<u32>,
    /// Working days, comma-separated among mo,tu,we,th,fr,sa,su (default mo,tu,we,th,fr).
    #[arg(long)]
    working_days: Option<String>,
    /// Candidate stops: CSV with columns id, name, commune, lon, lat (optionally frequency,
    /// visit_minutes, window_start, window_end, keep); default: the gap communes.
    #[arg(long)]
    candidates: Option<PathBuf>,
    /// Travel times: a square CSV matrix of durations in seconds with an `id` column naming
    /// the depot (`depot` or the unit's id) and the candidates.
    #[arg(long)]
    matrix: Option<PathBuf>,
    /// Travel-time model when no matrix is given: auto (the default), road or crow-fly.
    #[arg(long)]
    model: Option<String>,
    /// Search time after the first timetable, seconds (default 2, at most 20).
    #[arg(long)]
    search_seconds: Option<f64>,
    #[arg(long, value_enum, default_value = "text")]
    format: ToursFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum ToursFormat {
    Json,
    Text,
    Csv,
}

/// `HH:MM-HH:MM` as the two times the request takes.
fn pair(flag: &str, text: &str) -> Result<Vec<String>, RequestError> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    let (a, b) = t
        .split_once('-')
        .ok_or_else(|| RequestError::new(flag, "two times of day as HH:MM-HH:MM").got(text))?;
    Ok(vec![a.trim().to_string(), b.trim().to_string()])
}

impl PlanArgs {
    fn input(&self) -> Result<TourInput, RequestError> {
        let horizon_weeks = match &self.horizon {
            None => None,
            Some(h) => {
                let digits = h.trim().trim_end_matches(['w', 'W']);
                Some(digits.parse::<usize>().map_err(|_| {
                    RequestError::new("horizon", "a number of weeks such as 4w").got(h)
                })?)
            }
        };
        let depot = match &self.depot {
            None => None,
            Some(d) => {
                let parts: Vec<f64> = d
                    .split(',')
                    .map(|x| x.trim().parse::<f64>())
                    .collect::<Result<_, _>>()
                    .map_err(|_| RequestError::new("depot", "lon,lat in degrees").got(d))?;
                match parts[..] {
                    [lon, lat] => Some([lon, lat]),
                    _ => return Err(RequestError::new("depot", "lon,lat in degrees").got(d)),
                }
            }
        };
        Ok(TourInput {
            departement: self.departement.clone(),
            units: self.units,
            unit_ids: (!self.unit.is_empty()).then(|| self.unit.clone()),
            depot,
            horizon_weeks,
            frequency: self.frequency.clone(),
            visit_minutes: self.visit_minutes,
            minutes: self.minutes,
            working_hours: self
                .working_hours
                .as_deref()
                .map(|t| pair("working_hours", t))
                .transpose()?,
            lunch: self
                .lunch
                .as_deref()
                .map(|t| pair("break", t))
                .transpose()?,
            max_driving_minutes: self.max_driving_minutes,
            working_days: self
                .working_days
                .as_ref()
                .map(|d| d.split(',').map(|x| x.trim().to_string()).collect()),
            candidates: None,
            model: self.model.clone(),
            search_seconds: self.search_seconds,
        })
    }
}

/// A request error on a candidate of the file (`candidates[3].window`) as the file's line
/// and field; other errors as the flag.
fn candidate_error(e: RequestError, file: Option<&Path>, lines: &[usize]) -> anyhow::Error {
    if let (Some(file), Some(rest)) = (file, e.parameter.strip_prefix("candidates[")) {
        if let Some((i, field)) = rest.split_once("].") {
            if let Some(line) = i.parse::<usize>().ok().and_then(|i| lines.get(i)) {
                return anyhow::anyhow!(
                    "{}:{line}: field `{field}`: {}",
                    file.display(),
                    e.detail()
                );
            }
        }
    }
    flag_error(tours_flag(e))
}

/// The request's parameters named as this command's flags (`horizon_weeks` is `--horizon`,
/// `unit_ids` is `--unit`).
fn tours_flag(mut e: RequestError) -> RequestError {
    for (parameter, flag) in [("horizon_weeks", "horizon"), ("unit_ids", "unit")] {
        if let Some(rest) = e.parameter.strip_prefix(parameter) {
            e.parameter = format!("{flag}{rest}");
        }
    }
    e
}

pub async fn run(store: &AnyStore, folder: &RoadFolder, what: ToursWhat) -> Result<()> {
    let ToursWhat::Plan(args) = what;
    let mut input = args.input().map_err(|e| flag_error(tours_flag(e)))?;
    let mut lines = Vec::new();
    if let Some(path) = &args.candidates {
        let (c, l) = maillage::tours::candidates::read_candidates(path)?;
        input.candidates = Some(c);
        lines = l;
    }
    let req = input
        .check()
        .map_err(|e| candidate_error(e, args.candidates.as_deref(), &lines))?;
    let matrix = match &args.matrix {
        Some(p) => Some(maillage::tours::matrix_file::read_matrix(p)?),
        None => None,
    };
    let snap = Snapshot::load(store).await?;
    let model = model_choice(args.model.as_deref()).map_err(flag_error)?;
    let network = if matrix.is_some() {
        None
    } else {
        roads::for_model(folder, model)?
    };
    let (sites, mobile) = sites_on(store, &snap, chrono::Local::now().date_naive()).await?;
    let ctx = PlanContext {
        snapshot: &snap,
        sites: &sites,
        mobile: &mobile,
        roads: network.as_deref(),
        matrix: matrix.as_ref(),
    };
    let plan = maillage::tours::plan_tours(&ctx, &req).map_err(|e| match e {
        maillage::tours::TourError::Request(r) => {
            candidate_error(r, args.candidates.as_deref(), &lines)
        }
        maillage::tours::TourError::Impossible { parameter, detail } => {
            let flag = tours_flag(RequestError::new(parameter, "")).flag();
            anyhow::anyhow!("{flag}: {detail}")
        }
        other => anyhow::Error::new(other),
    })?;
    let text = match args.format {
        ToursFormat::Json => serde_json::to_string_pretty(&plan)? + "\n",
        ToursFormat::Text => text(&plan),
        ToursFormat::Csv => csv_visits(&plan)?,
    };
    write_out(None, text.as_bytes())?;
    eprintln!(
        "{} stop(s) planned of {} candidates: {} more people within {} min ({} before); {} left out (times: {:?})",
        plan.stops.len(),
        plan.candidates,
        plan.coverage.population_gained,
        plan.coverage.minutes,
        plan.coverage.population_before,
        plan.left_out.len(),
        plan.travel.source
    );
    Ok(())
}

/// The plan as an organiser reads it.
fn text(plan: &TourPlan) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let c = &plan.coverage;
    let _ = writeln!(
        out,
        "Coverage within {} min: {} of {} people before, {} after (+{}), weighted by {}",
        c.minutes,
        c.population_before,
        c.population,
        c.population_after,
        c.population_gained,
        c.weighted_by
    );
    for u in &plan.units {
        let _ = writeln!(
            out,
            "\n{} ({}), depot {:.5},{:.5}: {:.0} min of driving a day on average",
            u.name, u.unit, u.depot[0], u.depot[1], u.driving_minutes_per_day
        );
        for d in &u.days {
            let _ = writeln!(
                out,
                "  week {} {}: {:.0} min, {:.1} km, back {}",
                d.week,
                d.weekday.code(),
                d.driving_minutes,
                d.distance_km,
                d.back
            );
            for v in &d.visits {
                let _ = writeln!(out, "    {}–{} {} ({})", v.start, v.end, v.name, v.stop);
            }
        }
    }
    let _ = writeln!(out, "\nStops:");
    for s in &plan.stops {
        let _ = writeln!(
            out,
            "  {} {} — {} {} weeks {:?}, +{} people ({})",
            s.id,
            s.name,
            s.frequency,
            s.weekday.code(),
            s.weeks,
            s.population_gained,
            s.rrule
        );
    }
    if !plan.left_out.is_empty() {
        let _ = writeln!(out, "\nLeft out:");
        for l in &plan.left_out {
            let _ = writeln!(out, "  {} {}: {}", l.id, l.name, l.reason);
        }
    }
    for w in &plan.warnings {
        let _ = writeln!(out, "\nwarning: {w}");
    }
    out
}

/// One row per visit.
fn csv_visits(plan: &TourPlan) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "unit", "week", "weekday", "stop", "name", "commune", "arrive", "start", "end",
    ])?;
    for u in &plan.units {
        for d in &u.days {
            for v in &d.visits {
                w.write_record([
                    u.unit.as_str(),
                    &d.week.to_string(),
                    d.weekday.code(),
                    &v.stop,
                    &v.name,
                    &v.commune,
                    &v.arrive,
                    &v.start,
                    &v.end,
                ])?;
            }
        }
    }
    String::from_utf8(w.into_inner()?).context("CSV is UTF-8")
}
