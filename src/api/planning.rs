//! `POST /api/plan/sites` (where to add sites) and `POST /api/scenarios` (what if places
//! open or close).

use super::coverage::{roads_for, sites};
use super::{AppState, Problem};
use crate::coverage::request::SelectionRule;
use crate::coverage::ModelChoice;
use crate::planning::request::{PlanInput, ScenarioInput};
use crate::planning::{
    closed_roads, edited_sites, run_scenario, suggest_sites, town_halls, ClosureReport,
};
use crate::request::RequestError;
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
    let question = req.question;
    let add = question.add;
    let permit = state.heavy.enter("the site plan").await?;
    let state = state.clone();
    let plan = super::limits::run_heavy(permit, move || {
        // Parsing every place's hours when the day changes: on the heavy pool too.
        let sites = sites(&state, &served, today());
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
    let req = input.check(today(), &super::limits::CLOSURE_CAPS)?;
    let params = req.params;
    let served = state.current();
    let roads = roads_for(&served, params.model)?;
    let closure = req.close;
    if closure.is_some() {
        if params.model == ModelChoice::CrowFly {
            return Err(RequestError::new(
                "close",
                "the road model (model auto or road): a closure changes road times only",
            )
            .got_text("model crow-fly")
            .into());
        }
        if roads.is_none() {
            return Err(RequestError::new(
                "close",
                "a loaded road network (maillage import roads FILE.osm.pbf)",
            )
            .got_text("no road network is loaded")
            .into());
        }
    }
    let snap = served.snapshot.clone();
    let selected = req.selection.communes(&snap)?;
    let before = sites(&state, &served, params.as_of);
    let after = edited_sites(&before, &snap, &req.add, &req.remove)?;
    let permit = state.heavy.enter("the scenario").await?;
    let (r, params, closed) = super::limits::run_heavy(permit, move || {
        let network = roads.as_deref();
        let closed = match (&closure, network) {
            (Some(c), Some(n)) => Some(closed_roads(c, n, &super::limits::CLOSURE_CAPS)?),
            _ => None,
        };
        let r = run_scenario(
            &snap,
            &before,
            &after,
            &selected,
            network,
            &params,
            closed.as_ref(),
        )?;
        let report = closed.zip(network).map(|(c, n)| ClosureReport::new(&c, n));
        Ok::<_, Problem>((r, params, report))
    })
    .await??;
    Ok(Json(serde_json::json!({
        "model": r.model,
        "crow_fly": (r.model == ModelKind::CrowFly).then(crowfly::report),
        "minutes": params.minutes,
        "gap_minutes": params.gap_minutes,
        "changed": r.changed,
        "closed": closed,
        "gap_population_before": r.gap_population_before,
        "gap_population_after": r.gap_population_after,
        "communes": r.communes,
    })))
}
