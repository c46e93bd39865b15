//! `/tiles/{layer}/{z}/{x}/{y}.mvt` (Mapbox Vector Tiles of communes and places) and
//! `/tiles/{layer}.json` (their TileJSON). Tiles come from PostGIS (`ST_AsMVT`) when the store
//! is PostgreSQL, else from the in-process maker on the served snapshot; either way they are
//! made off the async threads, at most a few at once, and kept in a bounded cache until the
//! next reload. Revalidation by `ETag` (the data generation and the tile), 204 for a tile
//! without features, gzip when the client accepts it.

use super::large_answer::accepts_gzip;
use super::road_tiles;
use super::tile_cache::{EncodedTile, TileCache};
use super::{AppState, Problem};
use crate::model::{TileId, TileIdError, TileLayer, MAX_TILE_ZOOM};
use crate::routing::main_roads::RoadClass;
use crate::store::{AnyStore, PostgresStore};
use crate::tiles::roads::{self, ROADS_LAYER};
use crate::tiles::TileMaker;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// The media type of a vector tile.
pub const MVT_MEDIA_TYPE: &str = "application/vnd.mapbox-vector-tile";
/// Tiles may be reused for five minutes, then revalidated (an import shows within that).
const TILE_CACHE_CONTROL: &str = "public, max-age=300";
/// Bytes of encoded tiles kept in memory.
const CACHE_BYTES: usize = 128 << 20;

/// Who cuts the tiles.
#[derive(Clone)]
pub enum TileSource {
    /// The in-process encoder, on the served snapshot.
    InProcess(TileMaker),
    /// PostGIS, on the tables.
    Postgis(PostgresStore),
}

impl TileSource {
    /// PostGIS for a PostgreSQL store, else the in-process encoder.
    pub fn for_store(store: &AnyStore) -> TileSource {
        match store {
            AnyStore::Postgres(s) => TileSource::Postgis(s.clone()),
            AnyStore::Sqlite(_) => TileSource::InProcess(TileMaker::default()),
        }
    }
}

/// What serves tiles: their source, the cache, and the admission of tile work.
#[derive(Clone)]
pub struct TileService {
    source: TileSource,
    cache: TileCache,
    permits: Arc<Semaphore>,
    wait: Duration,
    /// What the last complete cut of small zooms did (`tile_precut`), shown by `/healthz`.
    cut_ahead: Arc<std::sync::Mutex<Option<CutAhead>>>,
}

/// One complete cut of the small zooms ahead of requests.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct CutAhead {
    pub generation: i64,
    pub tiles: usize,
    pub seconds: f64,
}

impl TileService {
    /// At most two tiles per core made at once; one waits at most `wait` for its turn.
    pub fn new(source: TileSource, wait: Duration) -> TileService {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        TileService {
            source,
            cache: TileCache::new(CACHE_BYTES),
            permits: Arc::new(Semaphore::new(2 * cores)),
            wait,
            cut_ahead: Arc::default(),
        }
    }

    /// The last complete cut of small zooms, if any.
    pub fn cut_ahead(&self) -> Option<CutAhead> {
        *self.cut_ahead.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn record_cut_ahead(&self, report: CutAhead) {
        *self.cut_ahead.lock().unwrap_or_else(|e| e.into_inner()) = Some(report);
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tiles/{document}", get(tilejson))
        .route("/tiles/{layer}/{z}/{x}/{file}", get(tile))
}

fn layer_named(name: &str) -> Result<TileLayer, Problem> {
    TileLayer::parse(name).ok_or_else(|| {
        Problem::not_found(format!(
            "no tile layer {name:?}: the layers are communes, places and roads"
        ))
    })
}

fn coordinate(name: &str, text: &str) -> Result<u32, Problem> {
    text.parse().map_err(|_| {
        Problem::bad_parameter(
            name,
            format!("`{name}` must be a whole number from 0, got {text:?}"),
        )
    })
}

/// The tile's address, checked: a 400 naming `z`, `x` or `y` when it is not on the grid.
fn address(z: &str, x: &str, file: &str) -> Result<TileId, Problem> {
    let y = file
        .strip_suffix(".mvt")
        .ok_or_else(|| Problem::not_found(format!("tiles are named {{y}}.mvt, got {file:?}")))?;
    let (z, x, y) = (
        coordinate("z", z)?,
        coordinate("x", x)?,
        coordinate("y", y)?,
    );
    TileId::new(z, x, y).map_err(|e| {
        let parameter = match &e {
            TileIdError::Zoom(_) => "z",
            TileIdError::Outside { axis, .. } => axis,
        };
        Problem::bad_parameter(parameter, e.to_string())
    })
}

/// A weak tag of what the answer depends on: the software, the data generation, the request.
fn etag(generation: i64, what: impl Hash) -> String {
    let mut h = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    generation.hash(&mut h);
    what.hash(&mut h);
    format!("W/\"{:016x}\"", h.finish())
}

async fn tile(
    State(state): State<AppState>,
    Path((layer, z, x, file)): Path<(String, String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    if layer == ROADS_LAYER {
        let id = address(&z, &x, &file)?;
        let served = state.current();
        let tag = etag(
            0,
            (ROADS_LAYER, road_tiles::version(&served), id.z, id.x, id.y),
        );
        if super::caching::matches(&headers, &tag) {
            return Ok(with_tile_headers(
                StatusCode::NOT_MODIFIED.into_response(),
                &tag,
            ));
        }
        let encoded = state.road_tiles.tile(&served, id).await?;
        return Ok(tile_response(&encoded, &headers, &tag));
    }
    let layer = layer_named(&layer)?;
    let id = address(&z, &x, &file)?;
    let served = state.current();
    let generation = served.generation;
    let tag = etag(generation, (layer.name(), id.z, id.x, id.y));
    if super::caching::matches(&headers, &tag) {
        return Ok(with_tile_headers(
            StatusCode::NOT_MODIFIED.into_response(),
            &tag,
        ));
    }
    let encoded = cached_or_cut(&state.tiles, &served, layer, id).await?;
    Ok(tile_response(&encoded, &headers, &tag))
}

/// A tile's answer: 204 when empty, else the MVT bytes (gzip when accepted), with its tag.
fn tile_response(encoded: &EncodedTile, headers: &HeaderMap, tag: &str) -> Response {
    if encoded.raw.is_empty() {
        return with_tile_headers(StatusCode::NO_CONTENT.into_response(), tag);
    }
    let gzip = accepts_gzip(headers);
    let body = if gzip { &encoded.gzip } else { &encoded.raw };
    let mut response = ([(header::CONTENT_TYPE, MVT_MEDIA_TYPE)], body.clone()).into_response();
    let h = response.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if gzip {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    with_tile_headers(response, tag)
}

/// The tile from the cache, else cut now and kept for the rest of `served`'s generation.
pub(super) async fn cached_or_cut(
    service: &TileService,
    served: &crate::service::Served,
    layer: TileLayer,
    id: TileId,
) -> Result<Arc<EncodedTile>, Problem> {
    let key = (layer, id);
    if let Some(t) = service.cache.get(served.generation, key) {
        return Ok(t);
    }
    let made = make(service, &served.snapshot, layer, id).await?;
    service.cache.put(served.generation, key, made.clone());
    Ok(made)
}

/// Cuts one tile, holding one of the service's permits (503 when none frees up in time).
async fn make(
    service: &TileService,
    snapshot: &Arc<crate::registry::Snapshot>,
    layer: TileLayer,
    id: TileId,
) -> Result<Arc<EncodedTile>, Problem> {
    let permit = tokio::time::timeout(service.wait, service.permits.clone().acquire_owned())
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or_else(|| {
            Problem::unavailable("the server is busy making other tiles; retry later", 1)
        })?;
    match &service.source {
        TileSource::InProcess(maker) => {
            let (maker, snapshot) = (maker.clone(), snapshot.clone());
            Ok(tokio::task::spawn_blocking(move || {
                let _permit = permit;
                let index = maker.index(&snapshot);
                Arc::new(EncodedTile::new(crate::tiles::encode(&index, layer, id)))
            })
            .await?)
        }
        TileSource::Postgis(store) => {
            let raw = store
                .tile(layer, id)
                .await
                .map_err(|e| Problem::internal(format!("tile {id}: {e}")))?;
            // Compressing is CPU work: off the async threads too.
            Ok(tokio::task::spawn_blocking(move || {
                let _permit = permit;
                Arc::new(EncodedTile::new(raw))
            })
            .await?)
        }
    }
}

fn with_tile_headers(mut response: Response, tag: &str) -> Response {
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(tag) {
        h.insert(header::ETAG, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(TILE_CACHE_CONTROL),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

/// `/tiles/{layer}.json`: the TileJSON 3.0 document of a layer.
async fn tilejson(
    State(state): State<AppState>,
    Path(document): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let name = document.strip_suffix(".json").ok_or_else(|| {
        Problem::not_found(format!(
            "no tile document {document:?}: try /tiles/communes.json or /tiles/places.json"
        ))
    })?;
    if name == ROADS_LAYER {
        return roads_tilejson(&state, &headers).await;
    }
    let layer = layer_named(name)?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost")
        .to_string();
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|s| *s == "https")
        .unwrap_or("http");
    let served = state.current();
    let tag = etag(served.generation, (layer.name(), "tilejson", &host, scheme));
    if super::caching::matches(&headers, &tag) {
        return Ok(varies_with_host(with_tile_headers(
            StatusCode::NOT_MODIFIED.into_response(),
            &tag,
        )));
    }
    let snapshot = served.snapshot.clone();
    let summary =
        tokio::task::spawn_blocking(move || crate::tiles::summary(&snapshot, layer)).await?;
    let fields: serde_json::Map<String, serde_json::Value> = crate::tiles::fields(layer)
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    // A world-wide box when there is nothing to show (TileJSON's default).
    let bounds = summary
        .bounds
        .unwrap_or([-180.0, -85.051_128_8, 180.0, 85.051_128_8]);
    let centre = [(bounds[0] + bounds[2]) / 2.0, (bounds[1] + bounds[3]) / 2.0];
    let body = json!({
        "tilejson": "3.0.0",
        "name": format!("maillage {}", layer.name()),
        "description": match layer {
            TileLayer::Communes => "Communes with what the store knows of each: population, IFN, places by kind",
            TileLayer::Places => "Places of digital help (médiation numérique, France Services), as points",
        },
        "attribution": match layer {
            TileLayer::Communes => "Communes : IGN Admin Express, INSEE",
            TileLayer::Places => "Lieux : données ouvertes de la médiation numérique",
        },
        "scheme": "xyz",
        "tiles": [format!("{scheme}://{host}/tiles/{}/{{z}}/{{x}}/{{y}}.mvt", layer.name())],
        "minzoom": 0,
        "maxzoom": MAX_TILE_ZOOM,
        "bounds": bounds.map(|v| (v * 1e6).round() / 1e6),
        "center": [(centre[0] * 1e6).round() / 1e6, (centre[1] * 1e6).round() / 1e6, 6],
        "vector_layers": [{
            "id": layer.name(),
            "fields": fields,
            "minzoom": 0,
            "maxzoom": MAX_TILE_ZOOM,
        }],
        // Not in TileJSON: how many features the layer has in all tiles, and for places how
        // many of each kind the registry holds (the map's legend shows them).
        "feature_count": summary.features,
    });
    let mut body = body;
    if let Some(kinds) = summary.kinds {
        body["kinds"] = json!(kinds);
    }
    Ok(varies_with_host(with_tile_headers(
        Json(body).into_response(),
        &tag,
    )))
}

/// The host and scheme the TileJSON names the tiles at (`Host`, `X-Forwarded-Proto`).
fn origin(headers: &HeaderMap) -> (String, &'static str) {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost")
        .to_string();
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .is_some_and(|s| s == "https");
    (host, if https { "https" } else { "http" })
}

/// `/tiles/roads.json`: the TileJSON of the main roads of the network in service (no
/// bounds and no tiles with features without a network).
async fn roads_tilejson(state: &AppState, headers: &HeaderMap) -> Result<Response, Problem> {
    let (host, scheme) = origin(headers);
    let served = state.current();
    let version = road_tiles::version(&served);
    let tag = etag(0, (ROADS_LAYER, "tilejson", &version, &host, scheme));
    if super::caching::matches(headers, &tag) {
        return Ok(varies_with_host(with_tile_headers(
            StatusCode::NOT_MODIFIED.into_response(),
            &tag,
        )));
    }
    let (bounds, count) = state.road_tiles.summary(&served).await?;
    let bounds = bounds.unwrap_or([-180.0, -85.051_128_8, 180.0, 85.051_128_8]);
    let centre = [(bounds[0] + bounds[2]) / 2.0, (bounds[1] + bounds[3]) / 2.0];
    let fields: serde_json::Map<String, serde_json::Value> = roads::FIELDS
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    let body = json!({
        "tilejson": "3.0.0",
        "name": "maillage roads",
        "description": "Main roads (motorway, trunk, primary, secondary) of the road network in service",
        "attribution": "Routes : © contributeurs OpenStreetMap (ODbL)",
        "scheme": "xyz",
        "tiles": [format!("{scheme}://{host}/tiles/{ROADS_LAYER}/{{z}}/{{x}}/{{y}}.mvt")],
        "minzoom": 0,
        "maxzoom": MAX_TILE_ZOOM,
        "bounds": bounds.map(|v| (v * 1e6).round() / 1e6),
        "center": [(centre[0] * 1e6).round() / 1e6, (centre[1] * 1e6).round() / 1e6, 6],
        "vector_layers": [{
            "id": ROADS_LAYER,
            "fields": fields,
            "minzoom": RoadClass::ALL.into_iter().map(roads::min_zoom).min().unwrap_or(0),
            "maxzoom": MAX_TILE_ZOOM,
        }],
        "feature_count": count,
    });
    Ok(varies_with_host(with_tile_headers(
        Json(body).into_response(),
        &tag,
    )))
}

/// The TileJSON names the tiles' address from `Host` and `X-Forwarded-Proto`: a shared cache
/// must keep one copy per value, or https clients would get http addresses.
fn varies_with_host(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("Host, X-Forwarded-Proto"),
    );
    response
}
