//! The pages (`web/`, MapLibre included under `web/vendor/`), compiled into the binary so that
//! a copied binary serves them from any folder; `--web DIR` serves a folder instead (to work
//! on the pages without rebuilding).

use super::Problem;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use rust_embed::RustEmbed;
use std::path::PathBuf;
use tower_http::services::ServeDir;

#[derive(RustEmbed)]
#[folder = "web/"]
struct EmbeddedWeb;

/// Where the pages come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebSource {
    Embedded,
    Folder(PathBuf),
}

/// One file of the pages (`i18n/fr.json`, `recherche.html`), from wherever they come from.
pub fn read_page_file(source: &WebSource, path: &str) -> Option<Vec<u8>> {
    match source {
        WebSource::Embedded => EmbeddedWeb::get(path).map(|f| f.data.into_owned()),
        WebSource::Folder(dir) => {
            // Only plain relative paths: the pages name their own files.
            let safe = !path.is_empty()
                && std::path::Path::new(path)
                    .components()
                    .all(|c| matches!(c, std::path::Component::Normal(_)));
            safe.then(|| std::fs::read(dir.join(path)).ok()).flatten()
        }
    }
}

/// Adds the pages as the router's fallback.
pub fn with_pages<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    source: &WebSource,
) -> Router<S> {
    match source {
        WebSource::Folder(dir) => router.fallback_service(ServeDir::new(dir)),
        WebSource::Embedded => router.fallback(embedded_page),
    }
}

/// One embedded file, revalidated by its hash (`ETag`, `304 Not Modified`).
async fn embedded_page(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    let Some(file) = EmbeddedWeb::get(&path) else {
        return Problem::not_found(format!("nothing at {}", uri.path())).into_response();
    };
    let etag = format!(
        "\"{}\"",
        file.metadata
            .sha256_hash()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let cache = if path.starts_with("vendor/") {
        "public, max-age=86400"
    } else {
        "no-cache"
    };
    let mut response = if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, file.metadata.mimetype().to_string())],
            file.data.into_owned(),
        )
            .into_response()
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}
