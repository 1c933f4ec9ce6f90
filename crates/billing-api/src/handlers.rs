//! HTTP handlers: read the request, call a billing flow, answer JSON. No business rule here.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use pricing_core::api::{ApplyQuote, ChangeRequest, CheckoutRequest, UsageRequest};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::auth::{Customer, MaybeCustomer, Service};
use crate::error::ApiError;
use crate::idempotency::{once, work};
use crate::store;
use crate::{token, AppState};

fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::InvalidBody(format!("the request body is not valid: {e}")))
}

/// The catalog, revalidated cheaply with its ETag.
pub async fn catalog(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let etag = HeaderValue::from_str(&state.catalog_etag).expect("the ETag is ASCII");
    let cache = [
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60, must-revalidate")),
    ];
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == &*state.catalog_etag || t.trim() == "*"));
    if fresh {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    (cache, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], state.catalog_json.to_string())
        .into_response()
}

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::OPENAPI_JSON).into_response()
}

pub async fn create_checkout(
    State(state): State<AppState>,
    caller: MaybeCustomer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (scope, now, flow, request) = (caller.scope(), state.now(), state.clone(), body.clone());
    let work = work(move |conn| {
        Box::pin(async move {
            let request: CheckoutRequest = parse(&request)?;
            Ok((StatusCode::CREATED, flow.create_checkout(conn, caller.0, request, now).await?))
        })
    });
    once(&state, &scope, "checkout.create", &headers, &body, work).await
}

pub async fn get_checkout(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let session = store::session(&mut conn, &id).await?.ok_or(ApiError::NotFound("checkout session"))?;
    Ok(Json(state.session_view(&session)).into_response())
}

/// A read that may renew a period that has run out, hence a write transaction.
pub async fn subscription(State(state): State<AppState>, Customer(customer): Customer) -> Result<Response, ApiError> {
    let mut tx = state.store.write().await?;
    let view = state.subscription_view(&mut tx, &customer, state.now()).await?;
    tx.commit().await?;
    Ok(Json(view).into_response())
}

pub async fn preview(
    State(state): State<AppState>,
    Customer(customer): Customer,
    body: Bytes,
) -> Result<Response, ApiError> {
    let request: ChangeRequest = parse(&body)?;
    let mut tx = state.store.write().await?;
    let quote = state.preview(&mut tx, &customer, &request.plan, request.interval, state.now()).await?;
    tx.commit().await?;
    Ok(Json(quote).into_response())
}

pub async fn apply(
    State(state): State<AppState>,
    Customer(customer): Customer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (who, now, flow, request) = (customer.clone(), state.now(), state.clone(), body.clone());
    let work = work(move |conn| {
        Box::pin(async move {
            let request: ApplyQuote = parse(&request)?;
            Ok((StatusCode::OK, flow.apply(conn, &who, &request.quote_id, now).await?))
        })
    });
    once(&state, &customer, "subscription.change", &headers, &body, work).await
}

pub async fn cancel(
    State(state): State<AppState>,
    Customer(customer): Customer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    set_cancellation(state, customer, headers, body, true).await
}

pub async fn resume(
    State(state): State<AppState>,
    Customer(customer): Customer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    set_cancellation(state, customer, headers, body, false).await
}

async fn set_cancellation(
    state: AppState,
    customer: String,
    headers: HeaderMap,
    body: Bytes,
    cancel: bool,
) -> Response {
    let endpoint = if cancel { "subscription.cancel" } else { "subscription.resume" };
    let (who, now, flow) = (customer.clone(), state.now(), state.clone());
    let work = work(move |conn| {
        Box::pin(async move { Ok((StatusCode::OK, flow.set_cancellation(conn, &who, cancel, now).await?)) })
    });
    once(&state, &customer, endpoint, &headers, &body, work).await
}

/// The generation service reports a generation; idempotent by key.
pub async fn record_usage(State(state): State<AppState>, _: Service, headers: HeaderMap, body: Bytes) -> Response {
    let (now, flow, request) = (state.now(), state.clone(), body.clone());
    let work = work(move |conn| {
        Box::pin(async move {
            let request: UsageRequest = parse(&request)?;
            Ok((StatusCode::CREATED, flow.record_usage(conn, &request, now).await?))
        })
    });
    once(&state, "service", "usage.record", &headers, &body, work).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefundRequest {
    customer_id: String,
}

/// Gives back the credits of a generation that failed; idempotent by key.
pub async fn refund_usage(
    State(state): State<AppState>,
    _: Service,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (now, flow, request) = (state.now(), state.clone(), body.clone());
    let work = work(move |conn| {
        Box::pin(async move {
            let request: RefundRequest = parse(&request)?;
            Ok((StatusCode::OK, flow.refund_usage(conn, &request.customer_id, &id, now).await?))
        })
    });
    once(&state, "service", "usage.refund", &headers, &body, work).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MintRequest {
    customer_id: Option<String>,
}

/// Development only: mints a customer token (and a customer when none is named), standing in
/// for the host page's own sign-in.
pub async fn mint_token(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let request: MintRequest = if body.is_empty() { MintRequest { customer_id: None } } else { parse(&body)? };
    let now = state.now();
    let customer = match request.customer_id {
        Some(id) if !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => id,
        Some(_) => return Err(ApiError::InvalidBody("customer_id takes letters, digits and '_' only".into())),
        None => {
            let mut tx = state.store.write().await?;
            let id = store::create_customer(&mut tx, now).await?;
            tx.commit().await?;
            id
        }
    };
    let expires_at = now + token::LIFETIME;
    let token = token::mint(&state.config.token_secret, &customer, expires_at);
    Ok(Json(serde_json::json!({ "customer_id": customer, "token": token, "expires_at": expires_at })).into_response())
}

/// Alive: the process answers.
pub async fn healthz() -> Response {
    Json(serde_json::json!({ "status": "ok" })).into_response()
}

/// Ready: the database answers too.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => Json(serde_json::json!({ "status": "ok" })).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready: the database does not answer");
            ApiError::Unavailable("the database does not answer").into_response()
        }
    }
}

pub async fn not_found() -> ApiError {
    ApiError::NotFound("endpoint")
}
