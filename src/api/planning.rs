//! `POST /api/plan/sites` (where to add sites) and `POST /api/scenarios` (what if places
//! open or close).

use super::coverage::{roads_for, sites};
use super::{AppState, Problem};
use crate::coverage::request::SelectionRule;
use crate::planning::request::{PlanInput, ScenarioInput};
use crate::planning::{edited_sites, run_scenario, suggest_sites, town_halls};
use crate::routing::{crowfly, ModelKind};
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::Value;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/plan/sites", post(plan_sites))
        .route("/api/scenarios", post(scenario))
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

async fn plan_sites(
    State(state): State<AppState>,
    body: Result<Json<PlanInput>, JsonRejection>,
) -> Result<Json<Value>, Problem> {
    let Json(input) = body?;
    let req = input.check(SelectionRule::OneArea)?;
    let served = state.current();
    let roads = roads_for(&served, req.question.model)?;
    let snap = served.snapshot.clone();
    let selected = req.selection.communes(&snap)?;
    let candidates = req
        .candidates
        .unwrap_or_else(|| town_halls(&snap, &selected));
    let sites = sites(&state, &snap, today());
    let question = req.question;
    let add = question.add;
    let permit = state.heavy.enter("the site plan").await?;
    let plan = super::limits::run_heavy(permit, move || {
        suggest_sites(
            &snap,
            &sites,
            &selected,
            &candidates,
            roads.as_deref(),
            &question,
        )
    })
    .await??;
    let mut v = serde_json::to_value(&plan).map_err(|e| Problem::internal(e.to_string()))?;
    v["add"] = add.map_or(Value::Null, Value::from);
    if plan.model == ModelKind::CrowFly {
        v["crow_fly"] = serde_json::json!(crowfly::report());
    }
    Ok(Json(v))
}

async fn scenario(
    State(state): State<AppState>,
    body: Result<Json<ScenarioInput>, JsonRejection>,
) -> Result<Json<Value>, Problem> {
    let Json(input) = body?;
    let req = input.check(today())?;
    let params = req.params;
    let served = state.current();
    let roads = roads_for(&served, params.model)?;
    let snap = served.snapshot.clone();
    let selected = req.selection.communes(&snap)?;
    let before = sites(&state, &snap, params.as_of);
    let after = edited_sites(&before, &snap, &req.add, &req.remove)?;
    let permit = state.heavy.enter("the scenario").await?;
    let (r, params) = super::limits::run_heavy(permit, move || {
        run_scenario(&snap, &before, &after, &selected, roads.as_deref(), &params)
            .map(|r| (r, params))
    })
    .await??;
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
