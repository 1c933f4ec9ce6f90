//! The pricing studio's HTTP calls (editors only): the catalog's versions, its check, what a
//! publication changes, publishing, scheduling, unscheduling and rollback. Thin, like
//! `handlers.rs`: read, open the transaction, call `flows::publication`, answer; after a
//! publication this process serves the new version at once (the others within a poll).

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use pricing_core::api::studio::{
    CheckView, DiffRequest, DiffView, PreviewRequest, RollbackRequest, StudioSettings, VersionList, VersionRequest,
    VersionView,
};

use crate::auth::Editor;
use crate::error::ApiError;
use crate::flows::publication;
use crate::state::AppState;

fn parse<T: serde::de::DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::InvalidBody(format!("the request body is not valid: {e}")))
}

/// Who is signed in, and where the widget and the API are for the embed code.
#[utoipa::path(get, path = "/v1/studio/settings", tag = "studio", operation_id = "studio_settings", security(("editorSecret" = [])),
    responses((status = 200, description = "The editor and the server's addresses", body = StudioSettings)))]
pub async fn settings(State(state): State<AppState>, editor: Editor) -> Json<StudioSettings> {
    let config = &state.config;
    let api_url = format!("{}/v1", config.public_url.trim_end_matches('/'));
    let published = state.published();
    let read = |language: &str| {
        let served = published.translations.get(language)?;
        pricing_widget::parse_translation(std::str::from_utf8(&served.json).ok()?).ok()
    };
    let locales = published.catalog.languages.iter().enumerate().map(|(i, language)| match i {
        0 => pricing_widget::own_locale(None),
        _ => read(language).map_or_else(|| language.clone(), |t| pricing_core::i18n::own_locale(&t)),
    });
    Json(StudioSettings {
        editor: editor.0,
        widget_url: config.widget_url.clone(),
        api_url,
        locales: locales.collect(),
    })
}

/// Every catalog version, newest first, with who did what to each and when.
#[utoipa::path(get, path = "/v1/studio/versions", tag = "studio", operation_id = "studio_versions", security(("editorSecret" = [])),
    responses((status = 200, description = "The versions and the one in force", body = VersionList)))]
pub async fn versions(State(state): State<AppState>, _editor: Editor) -> Result<Json<VersionList>, ApiError> {
    Ok(Json(publication::list(&mut *state.store.read().await?).await?))
}

/// One version with its catalog.
#[utoipa::path(get, path = "/v1/studio/versions/{id}", tag = "studio", operation_id = "studio_version", security(("editorSecret" = [])),
    params(("id" = i64, Path, description = "The version's id")),
    responses((status = 200, description = "The version", body = VersionView)))]
pub async fn version(
    State(state): State<AppState>,
    _editor: Editor,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<VersionView>, ApiError> {
    Ok(Json(publication::view(&mut *state.store.read().await?, version_id(id)?).await?))
}

/// Checks a catalog by every rule of `catalog-check`: the problems, each at its JSON path.
#[utoipa::path(post, path = "/v1/studio/check", tag = "studio", operation_id = "studio_check", security(("editorSecret" = [])), request_body = Object,
    responses((status = 200, description = "The problems (none: it may be published)", body = CheckView)))]
pub async fn check(State(state): State<AppState>, _editor: Editor, body: Bytes) -> Result<Json<CheckView>, ApiError> {
    let catalog = serde_json::Value::Object(parse(&body)?);
    Ok(Json(publication::check(&mut *state.store.read().await?, &catalog, state.now()).await?))
}

/// What publishing a catalog would change: every plan × currency × interval's price and
/// credits, the outputs per model that move, the struck-through prices as the server writes
/// them, and the subscribers each price change reaches at their next renewal.
#[utoipa::path(post, path = "/v1/studio/diff", tag = "studio", operation_id = "studio_diff", security(("editorSecret" = [])), request_body = DiffRequest,
    responses((status = 200, description = "The changes", body = DiffView)))]
pub async fn diff(State(state): State<AppState>, _editor: Editor, body: Bytes) -> Result<Json<DiffView>, ApiError> {
    let request: DiffRequest = parse(&body)?;
    Ok(Json(publication::compare(&mut *state.store.read().await?, &request, state.now()).await?))
}

/// Keeps a catalog as a draft, publishes it now, or schedules it.
#[utoipa::path(post, path = "/v1/studio/versions", tag = "studio", operation_id = "studio_save", security(("editorSecret" = [])), request_body = VersionRequest,
    responses((status = 201, description = "The version kept", body = VersionView)))]
pub async fn save(State(state): State<AppState>, editor: Editor, body: Bytes) -> Result<Response, ApiError> {
    let request: VersionRequest = parse(&body)?;
    let mut tx = state.store.write().await?;
    let saved = publication::save(&mut tx, &editor.0, request, state.now()).await?;
    tx.commit().await?;
    publication::follow(&state).await?;
    Ok((StatusCode::CREATED, Json(saved)).into_response())
}

/// Puts an earlier version's catalog in force again, as a new version.
#[utoipa::path(post, path = "/v1/studio/versions/{id}/rollback", tag = "studio", operation_id = "studio_rollback", security(("editorSecret" = [])),
    params(("id" = i64, Path, description = "The version to put back in force")), request_body = RollbackRequest,
    responses((status = 201, description = "The new version in force", body = VersionView)))]
pub async fn roll_back(
    State(state): State<AppState>,
    editor: Editor,
    id: Result<Path<i64>, PathRejection>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let request: RollbackRequest = parse(&body)?;
    let mut tx = state.store.write().await?;
    let saved = publication::roll_back(&mut tx, &editor.0, version_id(id)?, request.based_on, state.now()).await?;
    tx.commit().await?;
    publication::follow(&state).await?;
    Ok((StatusCode::CREATED, Json(saved)).into_response())
}

/// Takes a scheduled version back to a draft before its time.
#[utoipa::path(post, path = "/v1/studio/versions/{id}/unschedule", tag = "studio", operation_id = "studio_unschedule", security(("editorSecret" = [])),
    params(("id" = i64, Path, description = "The scheduled version")),
    responses((status = 200, description = "The version, a draft again", body = VersionView)))]
pub async fn unschedule(
    State(state): State<AppState>,
    editor: Editor,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<VersionView>, ApiError> {
    let mut tx = state.store.write().await?;
    let view = publication::unschedule(&mut tx, &editor.0, version_id(id)?, state.now()).await?;
    tx.commit().await?;
    Ok(Json(view))
}

/// The widget as visitors would see a catalog before it is published, at a chosen moment and
/// for a host page's choices: its HTML, as `GET /v1/widget/fragment?form=element` answers it.
#[utoipa::path(post, path = "/v1/studio/preview", tag = "studio", operation_id = "studio_preview", security(("editorSecret" = [])), request_body = PreviewRequest,
    responses((status = 200, description = "The widget's element with its declarative shadow root", body = String, content_type = "text/html")))]
pub async fn preview(State(state): State<AppState>, _editor: Editor, body: Bytes) -> Result<Response, ApiError> {
    let html = publication::preview(&state, parse(&body)?).await?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response())
}

/// A version's id from the path; anything else is a JSON 400 like every other refusal.
fn version_id(path: Result<Path<i64>, PathRejection>) -> Result<i64, ApiError> {
    path.map(|Path(id)| id).map_err(|_| ApiError::InvalidQuery("a version's id is a whole number".into()))
}
