//! The HTTP API (axum): routers, shared state, problem responses.

mod answer_cache;
mod caching;
mod communes;
mod connections;
mod coverage;
mod directory;
mod feature_json;
mod features;
mod framework_errors;
mod large_answer;
pub mod limits;
pub mod memory;
mod openapi;
mod openapi_mobile;
mod openapi_schemas;
mod openapi_tiles;
mod openapi_tours;
mod page_headers;
mod pages;
mod params;
mod place_search;
mod places;
mod planning;
pub mod problem;
mod quick_pool;
mod resident_params;
mod resident_view;
mod road_tiles;
pub mod routing;
mod search;
mod server;
mod shards;
mod state;
mod texts;
mod tile_cache;
mod tile_precut;
pub mod tiles;
mod tours;
mod unit_routes;
mod units;
mod visits;
mod web;

pub use directory::{render_directory, DirectoryError, DirectoryOptions};
pub use features::{collection, commune_feature, PlaceCollection, PlaceFeature};
pub use framework_errors::MAX_URI_BYTES;
pub use limits::Limits;
pub use place_search::SpatialQueries;
pub use problem::Problem;
pub use server::{serve, ServeOptions};
pub use state::AppState;
pub use texts::{Lang, Texts, TextsError};
pub use tiles::{TileService, TileSource};
pub use web::WebSource;

use axum::http::{header, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};

/// The media type of GeoJSON answers.
pub const GEO_JSON: &str = "application/geo+json";
/// The media type of the other JSON answers.
pub const JSON: &str = "application/json";

/// A GeoJSON body (`application/geo+json`).
pub struct GeoJson<T: serde::Serialize = serde_json::Value>(pub T);

impl<T: serde::Serialize> IntoResponse for GeoJson<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.0) {
            Ok(body) => ([(header::CONTENT_TYPE, GEO_JSON)], body).into_response(),
            Err(e) => Problem::internal(e.to_string()).into_response(),
        }
    }
}

/// The whole application: API, OpenAPI document, and the pages, with the limits of
/// `state.limits`, problems for every error, revalidation and CORS on the data answers, and
/// security headers on the pages.
pub fn app(state: AppState, pages: &WebSource) -> Router {
    let api = Router::new()
        .route(
            "/api/openapi.json",
            get(|| async { Json(openapi::document()) }),
        )
        .merge(places::router())
        .merge(search::router())
        .merge(communes::router())
        .merge(routing::router())
        .merge(coverage::router())
        .merge(planning::router())
        .merge(visits::router())
        .merge(units::router())
        .merge(tours::router())
        .route("/api/{*rest}", get(api_not_found))
        .layer(from_fn_with_state(state.clone(), answer_cache::recall))
        .layer(from_fn_with_state(state.clone(), caching::revalidate))
        .layer(public_reads())
        .route("/healthz", get(healthz))
        .merge(tiles::router())
        .merge(pages::router(pages.clone()));
    let timeout = state.limits.request_timeout;
    let routed = web::with_pages(api, pages)
        .layer(from_fn_with_state(timeout, limits::deadline))
        .with_state(state);
    // Around the whole router (not each route), so that the 405s it makes, with their
    // `Allow`, pass through `problems_only` too.
    Router::new()
        .fallback_service(routed)
        .layer(from_fn(framework_errors::problems_only))
        .layer(from_fn(page_headers::security_headers))
        .layer(CompressionLayer::new())
}

/// CORS: any origin may read the public API (a town hall's site showing nearby places);
/// writes (plans, scenarios, matrices) stay same-origin.
fn public_reads() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([
            axum::http::Method::GET,
            axum::http::Method::HEAD,
            axum::http::Method::OPTIONS,
        ])
        .allow_headers([header::IF_NONE_MATCH])
        .expose_headers([header::ETAG])
        .max_age(std::time::Duration::from_secs(86_400))
}

/// Never stored: it says what is in service now.
async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
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
            // The car speed table the network was built with (null: imported before it was
            // recorded).
            "car_speeds": m.car_speeds,
        })
    });
    let body = Json(serde_json::json!({
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
        // The tiles of small zooms cut in the background after the last change of data.
        "tiles_cut_ahead": state.tiles.cut_ahead(),
    }));
    ([(header::CACHE_CONTROL, "no-store")], body)
}

async fn api_not_found(uri: axum::http::Uri) -> Problem {
    Problem::new(
        StatusCode::NOT_FOUND,
        format!("no endpoint at {}", uri.path()),
    )
}
