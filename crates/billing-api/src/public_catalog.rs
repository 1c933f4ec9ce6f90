//! What the widget fetches of the catalog version in force: the catalog and its translations,
//! each revalidated cheaply with its ETag and cached briefly, so that a publication in the
//! studio reaches pages within seconds.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;

/// The catalog, revalidated cheaply with its ETag.
#[utoipa::path(get, path = "/v1/catalog", tag = "catalog",
    params(("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier answer (or `*`): 304 when it is still the catalog's")),
    responses(
        (status = 200, description = "The catalog the widget renders (its example is the catalog served; its rules are checked by `catalog-check` and at start)", body = Object, content_type = "application/json",
            headers(("ETag" = String, description = "The catalog's version"), ("Cache-Control" = String))),
        (status = 304, description = "Not modified: the ETag named is still the catalog's",
            headers(("ETag" = String), ("Cache-Control" = String))),
    ))]
pub async fn catalog(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let published = state.published();
    cached(&headers, &published.etag, published.json.clone())
}

/// The catalog's texts and the widget's words in one of the catalog's other languages, as the
/// widget reads them, for the catalog version in force.
#[utoipa::path(get, path = "/v1/catalog/translations/{language}", tag = "catalog",
    params(("language" = String, Path, description = "One of the catalog's `languages` besides its first (`de`)"),
        ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier answer (or `*`): 304 when it is still the translation's")),
    responses(
        (status = 200, description = "The translation: `language`, the catalog's texts by key (`catalog`) and the widget's words by message key (`widget`)", body = Object, content_type = "application/json",
            headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "Not modified", headers(("ETag" = String), ("Cache-Control" = String))),
    ))]
pub async fn translation(State(state): State<AppState>, Path(language): Path<String>, headers: HeaderMap) -> Response {
    let published = state.published();
    match published.translations.get(&language) {
        Some(served) => cached(&headers, &served.etag, served.json.clone()),
        None => ApiError::NotFound("translation in that language").into_response(),
    }
}

/// `json`, or 304 when the request names its `etag`.
fn cached(headers: &HeaderMap, etag: &str, json: Bytes) -> Response {
    let cache = [
        (header::ETAG, HeaderValue::from_str(etag).expect("the ETag is ASCII")),
        (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=5, must-revalidate")),
    ];
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if fresh {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    (cache, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], json).into_response()
}
