//! The `maillage` command line: import, export, stats, coverage, plan, serve.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use maillage::api::{PlaceCollection, PlaceFeature};
use maillage::coverage::{report, CoverageParams, ModelChoice, Selection, SupplyMeasure};
use maillage::registry::{self, CommuneSource, ImportOptions, Snapshot};
use maillage::standard::SourceFormat;
use maillage::store::SqliteStore;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "maillage",
    version,
    about = "Where people in France can get help with digital tools, and how well each commune is covered"
)]
struct Cli {
    /// SQLite database file (created and migrated on first use).
    #[arg(
        long,
        global = true,
        env = "MAILLAGE_DB",
        default_value = "maillage.db"
    )]
    db: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import places, communes, populations, EPCI or town halls (one transaction).
    Import {
        #[arg(value_enum)]
        kind: ImportKind,
        /// Files to import (plain or gzipped); none for `territory`.
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
    },
    /// Export the places.
    Export {
        #[arg(value_enum)]
        what: ExportWhat,
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// Output file (standard output when absent).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Counts by kind, département and source.
    Stats,
    /// Coverage indicators per commune (or rolled up): density, nearest place, population
    /// within T minutes, 2SFCA/E2SFCA, gaps.
    Coverage {
        #[command(flatten)]
        selection: SelectionArgs,
        #[command(flatten)]
        params: CoverageArgs,
        #[arg(long, value_enum, default_value = "csv")]
        format: CoverageFormat,
        /// Rows per commune, or rolled up to epci, departement, region or territory.
        #[arg(long, default_value = "commune", value_parser = parse_level)]
        level: maillage::coverage::Level,
        /// Output file (standard output when absent).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Planning: where to add sites.
    Plan {
        #[command(subcommand)]
        what: PlanWhat,
    },
    /// Serve the API and the pages; an empty database first loads the default territory.
    /// Imports made by other processes (places, communes, roads…) are picked up while serving.
    Serve {
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
    },
}

fn parse_reload_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.1..=60.0).contains(&x) => Ok(x),
        _ => Err(format!("expected seconds from 0.1 to 60, got {s:?}")),
    }
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
    /// The default territory built into the binary (Auvergne-Rhône-Alpes), or the folder
    /// given by `MAILLAGE_GEODATA`; takes no file.
    Territory,
}

/// Which communes (one of these; all when none is given).
#[derive(clap::Args)]
#[group(multiple = false)]
struct SelectionArgs {
    #[arg(long)]
    departement: Option<String>,
    #[arg(long)]
    region: Option<String>,
    /// SIREN of the EPCI.
    #[arg(long)]
    epci: Option<String>,
    /// INSEE code of one commune.
    #[arg(long)]
    commune: Option<String>,
    /// Every commune of the registry (the default).
    #[arg(long)]
    all: bool,
}

impl SelectionArgs {
    fn selection(&self) -> Result<Selection> {
        Ok(if let Some(d) = &self.departement {
            Selection::Departement(d.trim().to_ascii_uppercase())
        } else if let Some(r) = &self.region {
            Selection::Region(r.clone())
        } else if let Some(e) = &self.epci {
            Selection::Epci(e.clone())
        } else if let Some(c) = &self.commune {
            Selection::Commune(
                maillage::model::InseeCode::parse(c)
                    .map_err(|e| anyhow::anyhow!("--commune {c:?}: expected {}", e.expected))?,
            )
        } else {
            Selection::All
        })
    }
}

/// The knobs of the indicators.
#[derive(clap::Args)]
struct CoverageArgs {
    /// Travel-time model: road (needs `import roads`), crow-fly, or auto (road where a graph
    /// covers the commune).
    #[arg(long, value_enum, default_value = "auto")]
    model: ModelArg,
    /// Thresholds for "population within T minutes".
    #[arg(long, value_delimiter = ',', default_value = "15,20,30")]
    minutes: Vec<u32>,
    /// A commune with no place within this many minutes is a gap.
    #[arg(long, default_value_t = 30)]
    gap_minutes: u32,
    /// Floating catchment size, minutes.
    #[arg(long, default_value_t = 30.0)]
    catchment: f64,
    /// E2SFCA weights of equal-width zones of the catchment, nearest first.
    #[arg(long, value_delimiter = ',', default_value = "1,0.68,0.22")]
    zones: Vec<f64>,
    /// Supply of a place in 2SFCA/E2SFCA: weekly opening hours, or 1 per place.
    #[arg(long, value_enum, default_value = "hours")]
    supply: SupplyArg,
    /// Gravity variant's decay exponent.
    #[arg(long, default_value_t = 1.0)]
    beta: f64,
    /// Reference date for stale records (YYYY-MM-DD; today when absent).
    #[arg(long)]
    as_of: Option<chrono::NaiveDate>,
}

impl CoverageArgs {
    fn params(&self) -> Result<CoverageParams> {
        let mut p = CoverageParams::defaults(
            self.as_of
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
        );
        p.set_minutes(self.minutes.clone());
        p.gap_minutes = self.gap_minutes;
        p.catchment_minutes = self.catchment;
        p.set_zone_weights(&self.zones)
            .map_err(|e| anyhow::anyhow!("--{e}"))?;
        p.gravity_beta = self.beta;
        p.supply = match self.supply {
            SupplyArg::Hours => SupplyMeasure::WeeklyHours,
            SupplyArg::One => SupplyMeasure::One,
        };
        p.model = self.model.choice();
        p.validate().map_err(|e| anyhow::anyhow!("--{e}"))?;
        Ok(p)
    }
}

#[derive(Subcommand)]
enum PlanWhat {
    /// Choose --add N new sites covering the most population not yet within T minutes (or,
    /// without --add, the fewest sites so that everyone is within T).
    Sites {
        #[command(flatten)]
        selection: SelectionArgs,
        /// How many sites to add; absent: the fewest sites covering everyone coverable.
        #[arg(long)]
        add: Option<usize>,
        /// Travel-time threshold, minutes.
        #[arg(long, default_value_t = 30)]
        minutes: u32,
        /// Candidate points: CSV with columns code, nom, lon, lat (default: every commune's
        /// town hall).
        #[arg(long)]
        candidates: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "auto")]
        model: ModelArg,
        #[arg(long, value_enum, default_value = "csv")]
        format: PlanFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum PlanFormat {
    Csv,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ModelArg {
    Auto,
    Road,
    CrowFly,
}

impl ModelArg {
    fn choice(self) -> ModelChoice {
        match self {
            ModelArg::Auto => ModelChoice::Auto,
            ModelArg::Road => ModelChoice::Road,
            ModelArg::CrowFly => ModelChoice::CrowFly,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum SupplyArg {
    Hours,
    One,
}

#[derive(Clone, Copy, ValueEnum)]
enum CoverageFormat {
    Csv,
    Geojson,
    Json,
}

fn parse_level(s: &str) -> Result<maillage::coverage::Level, String> {
    s.parse()
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportWhat {
    Places,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Csv,
    Geojson,
}

fn parse_format(s: &str) -> Result<SourceFormat, String> {
    s.parse::<SourceFormat>().map_err(|e| e.to_string())
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    if let Err(e) = run(Cli::parse()).await {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> Result<()> {
    let store = SqliteStore::open(&cli.db)
        .await
        .with_context(|| format!("opening database {}", cli.db.display()))?;
    match cli.command {
        Command::Import {
            kind,
            files,
            format,
            skip_invalid,
            report,
        } => {
            match (kind, files.is_empty()) {
                (ImportKind::Territory, false) => {
                    anyhow::bail!(
                        "import territory takes no file (it loads the built-in territory)"
                    )
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
                    territory::load(&store, &source).await?;
                    println!("default territory loaded ({source:?})");
                    return Ok(());
                }
                ImportKind::Roads => {
                    let [pbf] = &files[..] else {
                        anyhow::bail!("import roads takes one .osm.pbf file")
                    };
                    let out = roads_dir(&cli.db);
                    let report = tokio::task::spawn_blocking({
                        let (pbf, out) = (pbf.clone(), out.clone());
                        move || maillage::routing::import_roads(&pbf, &out)
                    })
                    .await??;
                    println!("road graphs prepared in {}", report.out_dir.display());
                    print_roads(&report.metadata);
                    return Ok(());
                }
                ImportKind::Places => {
                    let opts = ImportOptions {
                        format,
                        skip_invalid,
                        report,
                    };
                    registry::import_places(&store, &files, &opts).await?
                }
                other => {
                    let source = match other {
                        ImportKind::Communes => CommuneSource::Communes,
                        ImportKind::Population => CommuneSource::Population,
                        ImportKind::Epci => CommuneSource::Epci,
                        ImportKind::Ifn => CommuneSource::Ifn,
                        _ => CommuneSource::Mairies,
                    };
                    registry::import_communes(&store, source, &files).await?
                }
            };
            for n in &outcome.notes {
                println!("{n}");
            }
            for r in outcome.rejected.iter().take(20) {
                println!("rejected: {r}");
            }
        }
        Command::Export {
            what: ExportWhat::Places,
            format,
            out,
        } => {
            let snap = Snapshot::load(&store).await?;
            let mut w: Box<dyn std::io::Write> = match &out {
                Some(p) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(p)
                        .with_context(|| format!("creating {}", p.display()))?,
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
            }
            w.flush()?;
        }
        Command::Stats => {
            print_stats(&store).await?;
            let dir = roads_dir(&cli.db);
            if dir.exists() {
                let roads = maillage::routing::RoadNetwork::load(&dir)?;
                print_roads(roads.metadata());
            } else {
                println!("road network: none (travel times use the crow-fly model)");
            }
        }
        Command::Coverage {
            selection,
            params,
            format,
            level,
            out,
        } => {
            let params = params.params()?;
            let snap = Snapshot::load(&store).await?;
            let roads = load_roads(&cli.db, params.model)?;
            let selected = selection
                .selection()?
                .communes(&snap)
                .map_err(anyhow::Error::msg)?;
            let sites = maillage::coverage::sites_of(&snap, params.as_of);
            let result =
                maillage::coverage::compute(&snap, &sites, &selected, roads.as_deref(), &params)?;
            let text = match format {
                CoverageFormat::Csv => {
                    maillage::coverage::to_csv(&report::rows_at(&result, level, &snap))
                }
                CoverageFormat::Json => {
                    serde_json::to_string(&report::json_document(&result, level, &snap))?
                }
                CoverageFormat::Geojson => {
                    if level != maillage::coverage::Level::Commune {
                        anyhow::bail!("--format geojson gives communes: drop --level");
                    }
                    serde_json::to_string(&report::geojson_document(&result, &snap))?
                }
            };
            write_out(out.as_deref(), text.as_bytes())?;
            eprintln!(
                "{} communes, model {:?}, {} places ({} stale)",
                result.communes.len(),
                result.model,
                result.sites_total,
                result.sites_stale
            );
        }
        Command::Plan {
            what:
                PlanWhat::Sites {
                    selection,
                    add,
                    minutes,
                    candidates,
                    model,
                    format,
                },
        } => {
            if !(1..=240).contains(&minutes) {
                anyhow::bail!("--minutes {minutes}: expected 1 to 240");
            }
            let max = maillage::planning::suggest::MAX_ADD;
            if add.is_some_and(|n| n == 0 || n > max) {
                anyhow::bail!("--add: expected 1 to {max} sites");
            }
            let model = model.choice();
            let snap = Snapshot::load(&store).await?;
            let roads = load_roads(&cli.db, model)?;
            let selected = selection
                .selection()?
                .communes(&snap)
                .map_err(anyhow::Error::msg)?;
            let candidates = match &candidates {
                Some(path) => maillage::planning::suggest::read_candidates(path)?,
                None => maillage::planning::town_halls(&snap, &selected),
            };
            let sites = maillage::coverage::sites_of(&snap, chrono::Local::now().date_naive());
            let question = maillage::planning::SiteQuestion {
                add,
                minutes,
                model,
            };
            let plan = maillage::planning::suggest_sites(
                &snap,
                &sites,
                &selected,
                &candidates,
                roads.as_deref(),
                &question,
            )?;
            let text = match format {
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
        }
        Command::Serve {
            addr,
            geodata,
            web,
            reload_seconds,
        } => {
            use maillage::service::territory::TerritorySource;
            let options = maillage::api::ServeOptions {
                addr,
                db: cli.db.clone(),
                territory: geodata.map_or(TerritorySource::Embedded, TerritorySource::Folder),
                web: web.map_or(
                    maillage::api::WebSource::Embedded,
                    maillage::api::WebSource::Folder,
                ),
                reload_every: std::time::Duration::from_secs_f64(reload_seconds),
            };
            maillage::api::serve(store, options).await?;
        }
    }
    Ok(())
}

async fn print_stats(store: &SqliteStore) -> Result<()> {
    use std::collections::BTreeMap;
    let snap = Snapshot::load(store).await?;
    let mut lines: Vec<String> = Vec::new();
    let population: u64 = snap.communes.iter().filter_map(|c| c.population).sum();
    lines.push(format!(
        "communes: {} (population {population}, {} with polygon)",
        snap.communes.len(),
        snap.communes.iter().filter(|c| c.polygon.is_some()).count()
    ));
    lines.push(format!("places: {}", snap.places.len()));
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut deps: BTreeMap<String, usize> = BTreeMap::new();
    let mut sources: BTreeMap<String, usize> = BTreeMap::new();
    for sp in &snap.places {
        let p = &sp.place;
        *kinds
            .entry(if p.is_mobile() {
                "itinérant".into()
            } else {
                "fixe".into()
            })
            .or_default() += 1;
        if p.is_france_services() {
            *kinds.entry("France Services".into()).or_default() += 1;
        }
        for t in &p.typologie {
            *kinds.entry(format!("typologie {t}")).or_default() += 1;
        }
        let dep = snap.place_commune(sp).map(|c| {
            snap.commune(c)
                .map_or_else(|| c.departement().to_string(), |c| c.departement.clone())
        });
        *deps
            .entry(dep.unwrap_or_else(|| "(unknown)".into()))
            .or_default() += 1;
        for s in &p.sources {
            *sources.entry(s.dataset.clone()).or_default() += 1;
        }
    }
    for (title, map) in [
        ("by kind", &kinds),
        ("by département", &deps),
        ("by source", &sources),
    ] {
        lines.push(format!("{title}:"));
        for (k, v) in map {
            lines.push(format!("  {k}: {v}"));
        }
    }
    // A closed pipe (`maillage stats | head`) is not an error worth a panic.
    let _ = std::io::Write::write_all(
        &mut std::io::stdout().lock(),
        (lines.join("\n") + "\n").as_bytes(),
    );
    Ok(())
}

/// The road network next to the database, if any; an error if `road` was asked without one.
fn load_roads(
    db: &std::path::Path,
    model: ModelChoice,
) -> Result<Option<std::sync::Arc<maillage::routing::RoadNetwork>>> {
    let dir = roads_dir(db);
    if model == ModelChoice::CrowFly {
        return Ok(None);
    }
    if !dir.exists() {
        if model == ModelChoice::Road {
            anyhow::bail!(
                "--model road: no road network next to {} (run `maillage import roads FILE.osm.pbf`)",
                db.display()
            );
        }
        return Ok(None);
    }
    Ok(Some(std::sync::Arc::new(
        maillage::routing::RoadNetwork::load(&dir)?,
    )))
}

/// Writes to a file, or to standard output (a closed pipe is not an error).
fn write_out(out: Option<&std::path::Path>, bytes: &[u8]) -> Result<()> {
    match out {
        Some(p) => std::fs::write(p, bytes).with_context(|| format!("writing {}", p.display()))?,
        None => {
            let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), bytes);
        }
    }
    Ok(())
}

/// The prepared road graphs live next to the database: `maillage.db.roads/`.
fn roads_dir(db: &std::path::Path) -> PathBuf {
    maillage::service::RoadFolder::next_to(db).dir
}

fn print_roads(m: &maillage::routing::RoadMetadata) {
    println!(
        "road network: {} ({} bytes)",
        m.source_file.display(),
        m.source_bytes
    );
    println!(
        "  OSM timestamp: {}",
        m.osm_timestamp.as_deref().unwrap_or("unknown")
    );
    println!(
        "  built {} in {:.1} s, CH parameters {:?}, snapping up to {} m",
        m.built_at, m.build_seconds, m.ch_params, m.snap_max_m
    );
    for p in &m.profiles {
        println!("  {p:?}");
    }
}
