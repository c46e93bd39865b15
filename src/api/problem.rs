//! RFC 9457 problem details: every client error is a JSON body naming what was wrong.

use crate::coverage::CoverageError;
use crate::planning::PlanError;
use crate::request::RequestError;
use crate::routing::RoutingError;
use axum::extract::rejection::JsonRejection;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An HTTP problem (`application/problem+json`).
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The offending parameter, when one is to blame.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// Seconds after which a 503 may be retried (the `Retry-After` header, not in the body).
    #[serde(skip)]
    pub retry_after_s: Option<u64>,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Problem {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: detail.into(),
            parameter: None,
            retry_after_s: None,
        }
    }

    /// 503 when the server is busy or a request ran too long, with `Retry-After`.
    pub fn unavailable(detail: impl Into<String>, retry_after_s: u64) -> Self {
        let mut p = Problem::new(StatusCode::SERVICE_UNAVAILABLE, detail);
        p.retry_after_s = Some(retry_after_s);
        p
    }

    /// 400 for a bad query parameter, naming it and what was expected.
    pub fn bad_parameter(parameter: &str, detail: impl Into<String>) -> Self {
        let mut p = Problem::new(StatusCode::BAD_REQUEST, detail);
        p.parameter = Some(parameter.to_string());
        p
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::NOT_FOUND, detail)
    }

    pub fn internal(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, detail)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response();
        if let Some(s) = self.retry_after_s {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from(s));
        }
        response
    }
}

// One mapping from each layer's error to HTTP, so that the same fault gets the same status
// whichever endpoint meets it.

/// A parameter the client got wrong: 400 naming it; a well-formed value over one of the
/// documented caps on work (too many thresholds, too long a horizon…) is 422 naming the cap.
impl From<crate::store::StoreError> for Problem {
    /// A query the database could not answer (only with `--spatial-queries database`): the
    /// next request may succeed.
    fn from(e: crate::store::StoreError) -> Self {
        Problem::unavailable(format!("the database did not answer: {e}"), 1)
    }
}

impl From<RequestError> for Problem {
    fn from(e: RequestError) -> Self {
        let mut p =
            Problem::bad_parameter(&e.parameter, format!("`{}`: {}", e.parameter, e.detail()));
        if e.over_cap {
            p.status = StatusCode::UNPROCESSABLE_ENTITY.as_u16();
            p.title = "Unprocessable Entity".into();
        }
        p
    }
}

/// Points out of range are the client's (400); a point in the sea inside the road network's
/// area cannot be routed (422); the rest is the server's.
impl From<RoutingError> for Problem {
    fn from(e: RoutingError) -> Self {
        match &e {
            RoutingError::CoordinateOutOfRange { what, .. } => {
                Problem::bad_parameter(what, e.to_string())
            }
            RoutingError::Unroutable { what, .. } => {
                let mut p = Problem::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string());
                p.parameter = Some(what.clone());
                p
            }
            _ => Problem::internal(e.to_string()),
        }
    }
}

/// A selection with no commune is 404; routing faults as [`From<RoutingError>`] says.
impl From<CoverageError> for Problem {
    fn from(e: CoverageError) -> Self {
        match e {
            CoverageError::EmptySelection { .. } => Problem::not_found(e.to_string()),
            CoverageError::Routing(r) => r.into(),
            CoverageError::Catchment(_) => Problem::internal(e.to_string()),
        }
    }
}

/// Too large a question is 422 (`candidates`), bad counts and unknown ids 400.
impl From<PlanError> for Problem {
    fn from(e: PlanError) -> Self {
        match e {
            PlanError::TooLarge { .. } => {
                let mut p = Problem::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string());
                p.parameter = Some("candidates".into());
                p
            }
            PlanError::TooManySites(_) => Problem::bad_parameter("add", e.to_string()),
            PlanError::UnknownPlace { .. } => Problem::bad_parameter("remove", e.to_string()),
            PlanError::Routing(r) => r.into(),
            PlanError::Coverage(c) => c.into(),
            PlanError::Planning(_) => Problem::internal(e.to_string()),
        }
    }
}

/// A JSON body that cannot be read: 400 for bad JSON, 422 for a value of the wrong type, 415
/// without a JSON content type, 413 when too large; `parameter` is `body`.
impl From<JsonRejection> for Problem {
    fn from(e: JsonRejection) -> Self {
        let mut p = Problem::new(e.status(), e.body_text());
        p.parameter = Some("body".into());
        p
    }
}

/// A task that panicked or was cancelled.
impl From<tokio::task::JoinError> for Problem {
    fn from(e: tokio::task::JoinError) -> Self {
        Problem::internal(format!("background task failed: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::Profile;

    fn unroutable() -> RoutingError {
        RoutingError::Unroutable {
            what: "from".into(),
            lat: 43.73,
            lon: 7.44,
            profile: Profile::Car,
            nearest_m: 900.0,
            max_m: 500.0,
        }
    }

    #[test]
    fn a_domain_error_has_one_status_whichever_layer_carries_it() {
        let direct = Problem::from(unroutable());
        let by_coverage = Problem::from(CoverageError::Routing(unroutable()));
        let by_plan = Problem::from(PlanError::Routing(unroutable()));
        let by_scenario = Problem::from(PlanError::Coverage(CoverageError::Routing(unroutable())));
        for p in [&by_coverage, &by_plan, &by_scenario] {
            assert_eq!((p.status, &p.parameter), (422, &direct.parameter));
        }
        assert_eq!(direct.status, 422);
        let empty = CoverageError::EmptySelection {
            what: "département \"75\"".into(),
        };
        assert_eq!(Problem::from(empty).status, 404);
        assert_eq!(
            Problem::from(PlanError::Coverage(CoverageError::EmptySelection {
                what: "x".into()
            }))
            .status,
            404
        );
    }

    #[test]
    fn a_request_error_names_its_parameter() {
        let p = Problem::from(RequestError::new("gap_minutes", "1 to 240").got("0"));
        assert_eq!(p.status, 400);
        assert_eq!(p.parameter.as_deref(), Some("gap_minutes"));
        assert_eq!(p.detail, "`gap_minutes`: expected 1 to 240, got \"0\"");
        let p = Problem::from(PlanError::UnknownPlace { id: "x".into() });
        assert_eq!((p.status, p.parameter.as_deref()), (400, Some("remove")));
    }
}
