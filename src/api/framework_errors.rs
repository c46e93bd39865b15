//! Every error is a problem: answers the framework makes by itself (unknown path, method not
//! allowed, body too large, path that does not decode, query string that does not parse) come
//! as plain text or empty; this middleware rewrites them as `application/problem+json`,
//! keeping their status and headers (`Allow` on a 405), and refuses over-long URIs with 414.

use super::Problem;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Longest request target (path and query) accepted, bytes. Longer URIs, up to what the HTTP
/// parser itself reads (64 KiB), are answered 414 here; beyond that, by the connection guard.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// Longest framework message kept as the problem's detail.
const MAX_DETAIL: usize = 500;

pub async fn problems_only(request: Request, next: Next) -> Response {
    let target_len = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if target_len > MAX_URI_BYTES {
        return uri_too_long(&format!("{target_len} bytes long")).into_response();
    }
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || is_problem(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = to_bytes(body, 64 * 1024).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let mut detail = match status {
        StatusCode::NOT_FOUND => format!("nothing at {path}"),
        StatusCode::METHOD_NOT_ALLOWED => {
            let allowed = parts
                .headers
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            format!("{path} does not take this method; it takes {allowed}")
        }
        _ if !text.trim().is_empty() => text.trim().to_string(),
        _ => status.canonical_reason().unwrap_or("error").to_string(),
    };
    if detail.len() > MAX_DETAIL {
        let mut cut = MAX_DETAIL;
        while !detail.is_char_boundary(cut) {
            cut -= 1;
        }
        detail.truncate(cut);
        detail.push('…');
    }
    let problem = Problem::new(status, detail).into_response();
    let (problem_parts, problem_body) = problem.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        problem_parts.headers[header::CONTENT_TYPE].clone(),
    );
    Response::from_parts(parts, Body::new(problem_body))
}

fn is_problem(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v == HeaderValue::from_static("application/problem+json"))
}

/// 414 naming the limit; `size` says how long the URI was (`20014 bytes long`).
pub fn uri_too_long(size: &str) -> Problem {
    Problem::new(
        StatusCode::URI_TOO_LONG,
        format!("the request URI is {size}, over the limit of {MAX_URI_BYTES} bytes; send fewer or shorter parameters"),
    )
}
