//! The generation service's calls around a long generation (its secret): the check before it
//! starts, its hold, and the hold's capture or release. Thin: `flows::holds` decides.

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use pricing_core::api::holds::{Hold, HoldRequest, SettleRequest, UsageCheck};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Service;
use crate::body;
use crate::error::ApiError;
use crate::flows::holds;
use crate::flows::usage::Work;
use crate::idempotency::{once, work, IdempotencyKey};
use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CheckQuery {
    customer_id: String,
    model: String,
    resolution: String,
    /// A video's length; none for images.
    seconds: Option<u32>,
}

/// May this customer run this generation now: its cost, under Unlimited or not, and the
/// credits left after it. Takes nothing.
#[utoipa::path(get, path = "/v1/usage/check", tag = "usage", operation_id = "usage_check",
    params(CheckQuery), security(("usageSecret" = [])),
    responses((status = 200, description = "The answer a report or hold would give now", body = UsageCheck)))]
pub async fn check(
    State(state): State<AppState>,
    _: Service,
    query: Result<Query<CheckQuery>, QueryRejection>,
) -> Result<Json<UsageCheck>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::InvalidQuery(rejection.body_text()))?;
    let work = Work {
        customer: &query.customer_id,
        model: &query.model,
        resolution: &query.resolution,
        seconds: query.seconds,
    };
    Ok(Json(holds::check(&state, &work, state.now()).await?))
}

/// Holds a generation's credits while it runs (refused at once when they are short).
#[utoipa::path(post, path = "/v1/usage/holds", tag = "usage", operation_id = "usage_hold", params(IdempotencyKey),
    request_body = HoldRequest, security(("usageSecret" = [])),
    responses((status = 201, description = "The hold", body = Hold)))]
pub async fn hold(State(state): State<AppState>, _: Service, headers: HeaderMap, body: Bytes) -> Response {
    let (now, flow, request) = (state.now(), state.clone(), body.clone());
    let work = work(move |conn| {
        Box::pin(async move {
            let request: HoldRequest = body::object(&request)?;
            Ok((StatusCode::CREATED, holds::hold(&flow, conn, &request, now).await?))
        })
    });
    once(&state, "service", "usage.hold", &headers, &body, work).await
}

/// The generation succeeded: keeps `credits` of the hold (all when not given), gives the rest back.
#[utoipa::path(post, path = "/v1/usage/holds/{id}/capture", tag = "usage", operation_id = "usage_capture",
    params(("id" = String, Path, description = "The hold's id"), IdempotencyKey), request_body = SettleRequest,
    security(("usageSecret" = [])), responses((status = 200, description = "The hold, captured", body = Hold)))]
pub async fn capture(
    State(state): State<AppState>,
    _: Service,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    settle(state, id, headers, body, true).await
}

/// The generation failed: gives every held credit back.
#[utoipa::path(post, path = "/v1/usage/holds/{id}/release", tag = "usage", operation_id = "usage_release",
    params(("id" = String, Path, description = "The hold's id"), IdempotencyKey), request_body = SettleRequest,
    security(("usageSecret" = [])), responses((status = 200, description = "The hold, released", body = Hold)))]
pub async fn release(
    State(state): State<AppState>,
    _: Service,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    settle(state, id, headers, body, false).await
}

async fn settle(state: AppState, id: String, headers: HeaderMap, body: Bytes, keep: bool) -> Response {
    let endpoint = if keep { "usage.capture" } else { "usage.release" };
    let (now, flow, request, scope) = (state.now(), state.clone(), body.clone(), format!("service {id}"));
    let work = work(move |conn| {
        Box::pin(async move {
            let request: SettleRequest = body::object(&request)?;
            Ok((StatusCode::OK, holds::settle(&flow, conn, &id, &request, keep, now).await?))
        })
    });
    once(&state, &scope, endpoint, &headers, &body, work).await
}
