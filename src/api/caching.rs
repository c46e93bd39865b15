//! Revalidation of data answers: a weak `ETag` derived from what the answer depends on (the
//! data generation and road network in service, the software version, the day, the request
//! URI), so that it is known before any work and changes on every reload; `If-None-Match`
//! that matches gets `304 Not Modified` without computing anything.

use super::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::hash::{DefaultHasher, Hash, Hasher};

/// The entity tag [`revalidate`] computed for a request, for the layers inside it.
#[derive(Clone)]
pub struct RequestEtag(pub String);

/// Data answers may be stored, but must be revalidated before each use.
pub const DATA_CACHE_CONTROL: &str = "public, no-cache";

/// The entity tag of a GET or HEAD on `uri` against the data in service.
pub fn data_etag(state: &AppState, uri: &str) -> String {
    let served = state.current();
    let mut h = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    served.generation.hash(&mut h);
    served
        .roads
        .as_ref()
        .map(|r| r.metadata().built_at.clone())
        .hash(&mut h);
    // Answers default `as_of` to today: they may change at midnight.
    chrono::Local::now().date_naive().hash(&mut h);
    // Visits are counted from now, and places say whether they are open now: such answers
    // change with the minute (a visit ends, an office closes) unless a fixed instant is asked.
    let depends_on_now = uri.contains("/visits")
        || ((uri.starts_with("/api/places") || uri.starts_with("/api/search"))
            && !uri.contains("open_at="));
    if depends_on_now {
        (chrono::Utc::now().timestamp() / 60).hash(&mut h);
    }
    uri.hash(&mut h);
    format!("W/\"{:016x}\"", h.finish())
}

/// Whether `If-None-Match` names `etag` (weak comparison, lists and `*` included).
pub fn matches(headers: &HeaderMap, etag: &str) -> bool {
    let strip = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let ours = strip(etag);
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == "*" || strip(t) == ours)
}

/// Middleware on the data endpoints (GET and HEAD under `/api/`).
pub async fn revalidate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let uri = request.uri().to_string();
    let etag = data_etag(&state, &uri);
    let Ok(etag_value) = HeaderValue::from_str(&etag) else {
        return next.run(request).await;
    };
    request.extensions_mut().insert(RequestEtag(etag.clone()));
    let mut response = if matches(request.headers(), &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        next.run(request).await
    };
    let status = response.status();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        let h = response.headers_mut();
        h.insert(header::ETAG, etag_value);
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(DATA_CACHE_CONTROL),
        );
    }
    response
}
