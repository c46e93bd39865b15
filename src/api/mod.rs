//! The HTTP API (axum): routers, shared state, problem responses.

mod communes;
mod coverage;
mod features;
mod openapi;
mod params;
mod places;
mod planning;
pub mod problem;
pub mod routing;
mod state;

pub use features::{collection, commune_feature, PlaceCollection, PlaceFeature};
pub use problem::Problem;
pub use state::AppState;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use std::path::Path;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// A GeoJSON body (`application/geo+json`).
pub struct GeoJson<T: serde::Serialize = serde_json::Value>(pub T);

impl<T: serde::Serialize> IntoResponse for GeoJson<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.0) {
            Ok(body) => ([(header::CONTENT_TYPE, "application/geo+json")], body).into_response(),
            Err(e) => Problem::internal(e.to_string()).into_response(),
        }
    }
}

/// The whole application: API, OpenAPI document, and the web page from `web_dir`.
pub fn app(state: AppState, web_dir: &Path) -> Router {
    let vendor = web_dir.join("../node_modules/maplibre-gl/dist");
    Router::new()
        .route("/healthz", get(healthz))
        .route(
            "/api/openapi.json",
            get(|| async { Json(openapi::document()) }),
        )
        .merge(places::router())
        .merge(communes::router())
        .merge(routing::router())
        .merge(coverage::router())
        .merge(planning::router())
        .route("/api/{*rest}", get(api_not_found))
        .nest_service("/vendor/maplibre-gl", ServeDir::new(vendor))
        .fallback_service(ServeDir::new(web_dir))
        .layer(CompressionLayer::new())
        .with_state(state)
}

async fn healthz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Json<serde_json::Value> {
    let snap = state.snapshot();
    Json(
        serde_json::json!({"status": "ok", "places": snap.places.len(), "communes": snap.communes.len()}),
    )
}

async fn api_not_found(uri: axum::http::Uri) -> Problem {
    Problem::new(
        StatusCode::NOT_FOUND,
        format!("no endpoint at {}", uri.path()),
    )
}
