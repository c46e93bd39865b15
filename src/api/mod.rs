//! The HTTP API (axum): routers, shared state, problem responses.

mod communes;
mod coverage;
mod features;
mod openapi;
mod openapi_schemas;
mod params;
mod places;
mod planning;
pub mod problem;
pub mod routing;
mod server;
mod state;
mod web;

pub use features::{collection, commune_feature, PlaceCollection, PlaceFeature};
pub use problem::Problem;
pub use server::{serve, ServeOptions};
pub use state::AppState;
pub use web::WebSource;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tower_http::compression::CompressionLayer;

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

/// The whole application: API, OpenAPI document, and the pages.
pub fn app(state: AppState, pages: &WebSource) -> Router {
    let api = Router::new()
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
        .route("/api/{*rest}", get(api_not_found));
    web::with_pages(api, pages)
        .layer(CompressionLayer::new())
        .with_state(state)
}

async fn healthz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Json<serde_json::Value> {
    let served = state.current();
    let status = state.served.status();
    let roads = served.roads.as_ref().map(|r| {
        let m = r.metadata();
        serde_json::json!({
            "source": m.source_file,
            "source_bytes": m.source_bytes,
            "osm_timestamp": m.osm_timestamp,
            "built_at": m.built_at,
            "profiles": m.profiles.iter().map(|p| p.profile).collect::<Vec<_>>(),
        })
    });
    Json(serde_json::json!({
        "status": "ok",
        "places": served.snapshot.places.len(),
        "communes": served.snapshot.communes.len(),
        "generation": served.generation,
        "loaded_at": served.loaded_at,
        "model": served.model().name(),
        "roads": roads,
        // Set when the served data may be older than the store (a network that failed to
        // load, a store that could not be read): what went wrong and since when.
        "reload_error": status.error,
        "reload_error_since": status.since,
    }))
}

async fn api_not_found(uri: axum::http::Uri) -> Problem {
    Problem::new(
        StatusCode::NOT_FOUND,
        format!("no endpoint at {}", uri.path()),
    )
}
