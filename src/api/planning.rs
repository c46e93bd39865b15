//! `POST /api/plan/sites` (where to add sites) and `POST /api/scenarios` (what if places
//! open or close).

use super::coverage::{compute_params_from_body, sites};
use super::{AppState, Problem};
use crate::coverage::{ModelChoice, Selection};
use crate::planning::{
    edited_sites, run_scenario, suggest_sites, town_halls, Candidate, NewPlace, SiteQuestion,
};
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::Value;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/plan/sites", post(plan_sites))
        .route("/api/scenarios", post(scenario))
}

fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, Problem> {
    b.map(|Json(t)| t).map_err(|e| {
        let mut p = Problem::new(axum::http::StatusCode::BAD_REQUEST, e.body_text());
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

fn model_choice(m: Option<&str>) -> Result<ModelChoice, Problem> {
    match m {
        None | Some("auto") => Ok(ModelChoice::Auto),
        Some("road") => Ok(ModelChoice::Road),
        Some("crow-fly") => Ok(ModelChoice::CrowFly),
        Some(v) => Err(Problem::bad_parameter(
            "model",
            format!("`model` must be auto, road or crow-fly, got {v:?}"),
        )),
    }
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
    if req.add.is_some_and(|n| n == 0 || n > 1000) {
        return Err(Problem::bad_parameter("add", "`add` must be 1 to 1000"));
    }
    let model = model_choice(req.model.as_deref())?;
    let roads = super::routing::current_roads(&state);
    if model == ModelChoice::Road && roads.is_none() {
        return Err(Problem::bad_parameter(
            "model",
            "`model=road`: no road network is loaded",
        ));
    }
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
    .map_err(|e| Problem::internal(e.to_string()))?;
    let mut v = serde_json::to_value(&plan).map_err(|e| Problem::internal(e.to_string()))?;
    v["add"] = req.add.map_or(Value::Null, Value::from);
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
    #[serde(default)]
    minutes: Option<Vec<u32>>,
    #[serde(default)]
    gap_minutes: Option<u32>,
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    as_of: Option<chrono::NaiveDate>,
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
    let params = compute_params_from_body(
        req.minutes.clone(),
        req.gap_minutes,
        model_choice(req.model.as_deref())?,
        req.as_of,
    )?;
    let roads = super::routing::current_roads(&state);
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
        "minutes": params.minutes,
        "gap_minutes": params.gap_minutes,
        "changed": r.changed,
        "gap_population_before": r.gap_population_before,
        "gap_population_after": r.gap_population_after,
        "communes": r.communes,
    })))
}
