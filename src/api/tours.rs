//! `POST /api/tours/plan`: tours of mobile units, the same request and document as
//! `maillage tours plan --format json`. A heavy request: it waits for the heavy gate and
//! runs on the heavy pool; its size is bounded by the request's caps (units, candidates,
//! horizon, search time).

use super::coverage::sites;
use super::{AppState, Problem};
use crate::tours::build::PlanContext;
use crate::tours::{plan_tours, TourError, TourInput};
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/tours/plan", post(plan))
}

/// Bad values 400 (422 over a cap), constraints no plan can meet 422, naming the field.
impl From<TourError> for Problem {
    fn from(e: TourError) -> Self {
        match e {
            TourError::Request(r) => r.into(),
            TourError::Impossible { ref parameter, .. } => {
                let mut p = Problem::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string());
                p.parameter = Some(parameter.clone());
                p
            }
            TourError::Input(i) => Problem::bad_parameter(&i.field, i.to_string()),
            TourError::Routing(r) => r.into(),
            TourError::Coverage(c) => c.into(),
        }
    }
}

async fn plan(
    State(state): State<AppState>,
    body: Result<Json<TourInput>, JsonRejection>,
) -> Result<Json<crate::tours::document::TourPlan>, Problem> {
    let Json(input) = body?;
    let req = input.check()?;
    let served = state.current();
    let today = chrono::Local::now().date_naive();
    let permit = state.heavy.enter("the tour plan").await?;
    let state = state.clone();
    let plan = super::limits::run_heavy(permit, move || {
        // Parsing every place's hours when the day changes: on the heavy pool too.
        let sites = sites(&state, &served, today);
        let ctx = PlanContext {
            snapshot: &served.snapshot,
            sites: &sites,
            mobile: &served.mobile,
            roads: served.roads.as_deref(),
            matrix: None,
        };
        plan_tours(&ctx, &req)
    })
    .await??;
    Ok(Json(plan))
}
