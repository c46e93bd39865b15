//! `POST /api/plan/sites` (where to add sites) and `POST /api/scenarios` (what if places
//! open or close).

use super::coverage::{coverage_params, model_choice, roads_for, sites, PARAMETER_NAMES};
use super::params::Params;
use super::{AppState, Problem};
use crate::coverage::CoverageParams;
use crate::coverage::Selection;
use crate::routing::{crowfly, ModelKind};
use crate::planning::suggest::{PlanError, MAX_ADD};
use crate::planning::{
    edited_sites, run_scenario, suggest_sites, town_halls, Candidate, NewPlace, SiteQuestion,
};
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/plan/sites", post(plan_sites))
        .route("/api/scenarios", post(scenario))
}

fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, Problem> {
    b.map(|Json(t)| t).map_err(|e| {
        // 400 for bad JSON, 415 without a JSON content type, 413 for an oversized body.
        let mut p = Problem::new(e.status(), e.body_text());
        p.parameter = Some("body".into());
        p
    })
}

/// The selection named in a body (`departement`, `region` or `epci`; one required).
#[derive(Debug, Deserialize)]
struct Area {
    departement: Option<String>,
    region: Option<String>,
    epci: Option<String>,
}

impl Area {
    fn selection(&self) -> Result<Selection, Problem> {
        match (&self.departement, &self.region, &self.epci) {
            (Some(d), None, None) => Ok(Selection::Departement(d.to_ascii_uppercase())),
            (None, Some(r), None) => Ok(Selection::Region(r.clone())),
            (None, None, Some(e)) => Ok(Selection::Epci(e.clone())),
            _ => Err(Problem::bad_parameter(
                "departement",
                "give exactly one of departement, region, epci",
            )),
        }
    }
}

/// (serde cannot deny unknown fields next to a flattened one.)
#[derive(Debug, Deserialize)]
struct PlanRequest {
    #[serde(flatten)]
    area: Area,
    /// Sites to add; absent: the fewest sites covering everyone.
    add: Option<usize>,
    #[serde(default = "thirty")]
    minutes: u32,
    /// Candidate points; absent: every commune's town hall.
    candidates: Option<Vec<Candidate>>,
    #[serde(default)]
    model: Option<String>,
}

fn thirty() -> u32 {
    30
}

async fn plan_sites(
    State(state): State<AppState>,
    b: Result<Json<PlanRequest>, JsonRejection>,
) -> Result<Json<Value>, Problem> {
    let req = body(b)?;
    if !(1..=240).contains(&req.minutes) {
        return Err(Problem::bad_parameter(
            "minutes",
            "`minutes` must be 1 to 240",
        ));
    }
    if req.add.is_some_and(|n| n == 0 || n > MAX_ADD) {
        return Err(Problem::bad_parameter(
            "add",
            format!("`add` must be 1 to {MAX_ADD}"),
        ));
    }
    let model = model_choice(req.model.as_deref())?;
    let roads = roads_for(&state, model)?;
    let snap = state.snapshot();
    let selected = req
        .area
        .selection()?
        .communes(&snap)
        .map_err(Problem::not_found)?;
    let candidates = match req.candidates {
        Some(c) if c.is_empty() => {
            return Err(Problem::bad_parameter(
                "candidates",
                "`candidates` is empty",
            ))
        }
        Some(c) => {
            if let Some((i, _)) = c
                .iter()
                .enumerate()
                .find(|(_, c)| !crate::spatial::geodesy::valid_lon_lat(c.lon, c.lat))
            {
                return Err(Problem::bad_parameter(
                    "candidates",
                    format!("candidates[{i}]: lon/lat is not a WGS84 position"),
                ));
            }
            c
        }
        None => town_halls(&snap, &selected),
    };
    let sites = sites(&state, &snap, chrono::Local::now().date_naive());
    let question = SiteQuestion {
        add: req.add,
        minutes: req.minutes,
        model,
    };
    let plan = tokio::task::spawn_blocking(move || {
        suggest_sites(
            &snap,
            &sites,
            &selected,
            &candidates,
            roads.as_deref(),
            &question,
        )
    })
    .await
    .map_err(|e| Problem::internal(e.to_string()))?
    .map_err(|e| match e {
        PlanError::TooLarge { .. } => {
            let mut p = Problem::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string());
            p.parameter = Some("candidates".into());
            p
        }
        PlanError::TooManySites(_) => Problem::bad_parameter("add", e.to_string()),
        other => Problem::internal(other.to_string()),
    })?;
    let mut v = serde_json::to_value(&plan).map_err(|e| Problem::internal(e.to_string()))?;
    v["add"] = req.add.map_or(Value::Null, Value::from);
    if plan.model == ModelKind::CrowFly {
        v["crow_fly"] = serde_json::json!(crowfly::report());
    }
    Ok(Json(v))
}

#[derive(Debug, Deserialize)]
struct ScenarioRequest {
    #[serde(flatten)]
    area: Area,
    #[serde(default)]
    add: Vec<NewPlace>,
    /// Ids of places to close.
    #[serde(default)]
    remove: Vec<String>,
    /// The indicators' parameters, as `/api/coverage` takes them.
    #[serde(default)]
    minutes: Option<Vec<u32>>,
    gap_minutes: Option<u32>,
    catchment: Option<f64>,
    zones: Option<Vec<f64>>,
    supply: Option<String>,
    beta: Option<f64>,
    model: Option<String>,
    as_of: Option<String>,
}

impl ScenarioRequest {
    /// The parameters as a query string would give them, so they are checked the same way.
    fn params(&self) -> Result<CoverageParams, Problem> {
        let join = |v: &[String]| v.join(",");
        let mut q: HashMap<String, String> = HashMap::new();
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                q.insert(k.to_string(), v);
            }
        };
        put(
            "minutes",
            self.minutes
                .as_ref()
                .map(|m| join(&m.iter().map(u32::to_string).collect::<Vec<_>>())),
        );
        put("gap_minutes", self.gap_minutes.map(|g| g.to_string()));
        put("catchment", self.catchment.map(|c| c.to_string()));
        put(
            "zones",
            self.zones
                .as_ref()
                .map(|z| join(&z.iter().map(f64::to_string).collect::<Vec<_>>())),
        );
        put("supply", self.supply.clone());
        put("beta", self.beta.map(|b| b.to_string()));
        put("model", self.model.clone());
        put("as_of", self.as_of.clone());
        coverage_params(&Params::new(q, PARAMETER_NAMES)?)
    }
}

async fn scenario(
    State(state): State<AppState>,
    b: Result<Json<ScenarioRequest>, JsonRejection>,
) -> Result<Json<Value>, Problem> {
    let req = body(b)?;
    if req.add.is_empty() && req.remove.is_empty() {
        return Err(Problem::bad_parameter(
            "add",
            "a scenario adds or removes at least one place",
        ));
    }
    let params = req.params()?;
    let roads = roads_for(&state, params.model)?;
    let snap = state.snapshot();
    let selected = req
        .area
        .selection()?
        .communes(&snap)
        .map_err(Problem::not_found)?;
    let before = sites(&state, &snap, params.as_of);
    let after = edited_sites(&before, &snap, &req.add, &req.remove).map_err(|e| {
        let field = e.split(['[', ':']).next().unwrap_or("add").to_string();
        Problem::bad_parameter(&field, e)
    })?;
    let result = tokio::task::spawn_blocking(move || {
        run_scenario(&snap, &before, &after, &selected, roads.as_deref(), &params)
            .map(|r| (r, params))
    })
    .await
    .map_err(|e| Problem::internal(e.to_string()))?
    .map_err(|e| Problem::internal(e.to_string()))?;
    let (r, params) = result;
    Ok(Json(serde_json::json!({
        "model": r.model,
        "crow_fly": (r.model == ModelKind::CrowFly).then(crowfly::report),
        "minutes": params.minutes,
        "gap_minutes": params.gap_minutes,
        "changed": r.changed,
        "gap_population_before": r.gap_population_before,
        "gap_population_after": r.gap_population_after,
        "communes": r.communes,
    })))
}
