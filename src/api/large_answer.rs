//! Answers of megabytes (every commune with its outline, every place, a coverage table) are
//! built, serialised and gzipped on the blocking pool, a few at once. The thread of a
//! connection answers other connections too (see `shards`): building thirty megabytes there,
//! or letting the compression layer gzip them there, would keep those waiting for a second.
//! And each such answer holds its whole body in memory: at most one per core is built at once,
//! the others wait their turn.

use super::Problem;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::io::Write;
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

/// A body and how to label it.
pub struct Body {
    pub content_type: &'static str,
    /// A file name for `Content-Disposition: attachment`, for downloads.
    pub file_name: Option<&'static str>,
    pub bytes: Vec<u8>,
}

impl Body {
    /// `value` as JSON under `content_type`.
    pub fn json<T: serde::Serialize>(
        content_type: &'static str,
        value: &T,
    ) -> Result<Body, Problem> {
        let bytes = serde_json::to_vec(value).map_err(|e| Problem::internal(e.to_string()))?;
        Ok(Body {
            content_type,
            file_name: None,
            bytes,
        })
    }
}

/// Bodies smaller than this are left to the compression layer.
const GZIP_FROM_BYTES: usize = 64 * 1024;

/// Runs `build` on the blocking pool when a turn is free, gzips its body there when the
/// request's `headers` accept it, and answers it.
pub async fn build_aside(
    headers: &HeaderMap,
    build: impl FnOnce() -> Result<Body, Problem> + Send + 'static,
) -> Result<Response, Problem> {
    let gzip = accepts_gzip(headers);
    let permit = turns()
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| Problem::internal("the turns of large answers are closed"))?;
    let (body, gzipped) = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let body = build()?;
        if !gzip || body.bytes.len() < GZIP_FROM_BYTES {
            return Ok((body, false));
        }
        let mut e = flate2::write::GzEncoder::new(
            Vec::with_capacity(body.bytes.len() / 4),
            flate2::Compression::fast(),
        );
        e.write_all(&body.bytes)
            .and_then(|()| e.finish())
            .map(|bytes| (Body { bytes, ..body }, true))
            .map_err(|e| Problem::internal(format!("gzip: {e}")))
    })
    .await??;
    let mut response = body.bytes.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(body.content_type),
    );
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if gzipped {
        // The compression layer leaves an answer with an encoding as it is.
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    if let Some(name) = body.file_name {
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    Ok(response)
}

/// One turn per core.
fn turns() -> &'static Arc<Semaphore> {
    static TURNS: OnceLock<Arc<Semaphore>> = OnceLock::new();
    TURNS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Arc::new(Semaphore::new(cores))
    })
}

/// Whether `Accept-Encoding` takes gzip (or anything) without `q=0`.
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    == Some(0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}
