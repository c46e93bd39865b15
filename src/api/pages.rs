//! The residents' pages: the search (`/recherche`, and `/embed` without the page's chrome, for
//! a town hall's website), the place sheet (`/lieux/{id}`) and the printable directory of a
//! commune (`/communes/{code}/annuaire`); and the organisers' page of mobile units' tours
//! (`/tournees`). The search, the sheet and the tours page are templates filled with the texts of
//! the language asked (`?lang=en`, French by default); their scripts read the API.

use super::directory::{render_directory, DirectoryError, DirectoryOptions};
use super::texts::{Lang, Texts};
use super::web::{read_page_file, WebSource};
use super::{AppState, Problem};
use crate::model::InseeCode;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use std::collections::HashMap;
use std::sync::Arc;

pub fn router(source: WebSource) -> Router<AppState> {
    Router::new()
        .route("/recherche", get(search_page))
        .route("/embed", get(embed_page))
        .route("/lieux/{id}", get(place_page))
        .route("/communes/{code}/annuaire", get(directory_page))
        .route("/tournees", get(tours_page))
        .layer(Extension(Arc::new(source)))
}

type Source = Extension<Arc<WebSource>>;
type Query_ = Query<HashMap<String, String>>;

fn lang(query: &HashMap<String, String>) -> Lang {
    Lang::from_query(query.get("lang").map(String::as_str))
}

/// A page template filled with the texts of `lang`.
fn filled(source: &WebSource, page: &str, lang: Lang) -> Result<String, Problem> {
    let texts = Texts::load(source, lang).map_err(|e| Problem::internal(e.to_string()))?;
    let template = read_page_file(source, page)
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| Problem::internal(format!("page {page} is missing")))?;
    Ok(texts.fill(&template))
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

async fn search_page(Extension(source): Source, Query(q): Query_) -> Result<Response, Problem> {
    Ok(html(
        StatusCode::OK,
        filled(&source, "recherche.html", lang(&q))?,
    ))
}

/// The organisers' page: mobile units' stops, day routes, timetables, contribution, plans.
async fn tours_page(Extension(source): Source, Query(q): Query_) -> Result<Response, Problem> {
    Ok(html(
        StatusCode::OK,
        filled(&source, "tournees.html", lang(&q))?,
    ))
}

/// The same search without the header, introduction and footer; other sites may frame it.
async fn embed_page(Extension(source): Source, Query(q): Query_) -> Result<Response, Problem> {
    let page = filled(&source, "recherche.html", lang(&q))?.replacen(
        "<body class=\"page-recherche\">",
        "<body class=\"page-recherche embed\">",
        1,
    );
    Ok(html(StatusCode::OK, page))
}

/// The sheet of a place; a `404` problem when no place has that id (as every error here).
async fn place_page(
    State(state): State<AppState>,
    Extension(source): Source,
    Path(id): Path<String>,
    Query(q): Query_,
) -> Result<Response, Problem> {
    if state.snapshot().place(&id).is_none() {
        return Err(Problem::not_found(format!("no place with id {id:?}")));
    }
    Ok(html(
        StatusCode::OK,
        filled(&source, "lieu.html", lang(&q))?,
    ))
}

/// The printable directory of a commune (`?lang=en`, `?places=N` from 1 to 30, default 10).
async fn directory_page(
    State(state): State<AppState>,
    Extension(source): Source,
    Path(code): Path<String>,
    Query(q): Query_,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let code =
        InseeCode::parse(&code).map_err(|e| Problem::bad_parameter("code", e.to_string()))?;
    let places = match q.get("places") {
        None => 10,
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=30).contains(n))
            .ok_or_else(|| {
                Problem::bad_parameter(
                    "places",
                    format!("`places` must be a whole number from 1 to 30, got {v:?}"),
                )
            })?,
    };
    let texts = Texts::load(&source, lang(&q)).map_err(|e| Problem::internal(e.to_string()))?;
    let site = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|host| {
            let scheme = headers
                .get("x-forwarded-proto")
                .and_then(|h| h.to_str().ok())
                .filter(|s| *s == "https")
                .unwrap_or("http");
            format!("{scheme}://{host}")
        });
    let options = DirectoryOptions {
        places,
        at: super::places::now_paris(),
        site,
    };
    let served = state.current();
    // Road searches from the commune: tens of milliseconds, off the connection's thread.
    let page = super::quick_pool::run_quick(move || {
        render_directory(
            &served.snapshot,
            served.roads.as_deref(),
            &served.mobile,
            &code,
            &texts,
            &options,
        )
    })
    .await?
    .map_err(|e| match e {
        DirectoryError::Travel(_) => Problem::internal(e.to_string()),
        _ => Problem::not_found(e.to_string()),
    })?;
    Ok(html(StatusCode::OK, page))
}
