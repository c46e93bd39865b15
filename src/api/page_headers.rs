//! Security headers: `X-Content-Type-Options: nosniff` on every answer; on the pages, a
//! Content-Security-Policy that allows only this server's scripts, styles, images and data
//! (MapLibre's workers are `blob:` URLs) and forbids framing (`frame-ancestors 'none'`), except
//! for `/embed`, the search made to be framed by other sites.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The pages' policy: everything from this server, nothing inline but styles (MapLibre sets
/// element styles), no framing by other sites.
pub const PAGE_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; child-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The embeddable search (`/embed`): the same policy, except that any site may frame it.
pub const EMBED_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; child-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors *";

/// Whether a path is one of the pages (not the API nor the health check).
fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/") || path == "/api" || path == "/healthz")
}

pub async fn security_headers(request: Request, next: Next) -> Response {
    let page = is_page(request.uri().path());
    let embed = request.uri().path() == "/embed";
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if page {
        let csp = if embed { EMBED_CSP } else { PAGE_CSP };
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(csp),
        );
        if !embed {
            h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        }
        h.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
    }
    response
}
