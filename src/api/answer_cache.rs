//! Answers the residents ask again and again, kept ready. Picking a commune in the search box
//! sends its town hall's point, so everyone in a village asks `/api/places/nearest` from the
//! same point, with the same few filters; and everyone types the same commune names. Such an
//! answer is remembered under its entity tag (see [`super::caching`]: data generation, road
//! network, day, minute when it depends on now, the whole URI), so a reload or the next minute
//! makes a new key and a stale answer is never served. Bounded in bytes; least recently used
//! answers go first.

use super::caching::{data_etag, RequestEtag};
use super::AppState;
use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use quick_cache::sync::Cache;
use quick_cache::Weighter;
use std::sync::Arc;

/// Bytes of answers kept at most.
const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;
/// An answer larger than this is not kept (a big list would crowd out many small ones).
const LARGEST_KEPT: usize = 256 * 1024;

/// One remembered answer: its content type and body.
#[derive(Clone)]
struct Kept {
    content_type: HeaderValue,
    body: Bytes,
}

#[derive(Clone)]
struct BodyWeight;

impl Weighter<String, Kept> for BodyWeight {
    fn weight(&self, key: &String, val: &Kept) -> u64 {
        (key.len() + val.body.len() + 64) as u64
    }
}

/// The remembered answers of one server.
#[derive(Clone)]
pub struct AnswerCache(Arc<Cache<String, Kept, BodyWeight>>);

impl Default for AnswerCache {
    fn default() -> Self {
        AnswerCache(Arc::new(Cache::with_weighter(
            16_384,
            CAPACITY_BYTES,
            BodyWeight,
        )))
    }
}

/// Whether answers to `path` are remembered: the residents' hot paths only.
fn remembered(path: &str) -> bool {
    path == "/api/places/nearest" || path == "/api/search"
}

/// Middleware: serves a remembered answer, or computes it and remembers a successful one.
pub async fn recall(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET || !remembered(request.uri().path()) {
        return next.run(request).await;
    }
    // The entity tag names the answer: the one the revalidation layer computed, if it ran.
    let key = match request.extensions().get::<RequestEtag>() {
        Some(tag) => tag.0.clone(),
        None => data_etag(&state, &request.uri().to_string()),
    };
    if let Some(kept) = state.answers.0.get(&key) {
        return ([(header::CONTENT_TYPE, kept.content_type)], kept.body).into_response();
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (parts, body) = response.into_parts();
    let size = axum::body::HttpBody::size_hint(&body).exact();
    let Some(content_type) = parts.headers.get(header::CONTENT_TYPE).cloned() else {
        return Response::from_parts(parts, body);
    };
    if size.is_none_or(|n| n as usize > LARGEST_KEPT) {
        return Response::from_parts(parts, body);
    }
    match to_bytes(body, LARGEST_KEPT).await {
        Ok(bytes) => {
            state.answers.0.insert(
                key,
                Kept {
                    content_type,
                    body: bytes.clone(),
                },
            );
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(e) => super::Problem::internal(format!("reading an answer: {e}")).into_response(),
    }
}
