//! HTTP handlers: read the request, open its transaction (through `idempotency::once` for the
//! calls that must not run twice), call a flow (`flows/`), answer JSON. No business rule and no
//! SQL here.

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use pricing_core::api::{
    ApplyQuote, ChangeApplied, ChangeRequest, CheckoutRequest, CheckoutSession, Quote, SubscriptionView, UsageRecorded,
    UsageRefunded, UsageRequest,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{Customer, MaybeCustomer, Service};
use crate::body;
use crate::error::ApiError;
use crate::flows::{checkout, customers, quotes, subscription, usage};
use crate::idempotency::{once, work, IdempotencyKey};
use crate::state::AppState;
use crate::widget_markup::FragmentQuery;

/// Starts a subscription or credit-pack checkout; send the visitor to the session's `url`.
#[utoipa::path(post, path = "/v1/checkout/sessions", tag = "checkout", params(IdempotencyKey), request_body = CheckoutRequest,
    security((), ("customerToken" = [])),
    responses((status = 201, description = "The session, priced by the server", body = CheckoutSession)))]
pub async fn create_checkout(
    State(state): State<AppState>,
    caller: MaybeCustomer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (scope, now, flow, request) = (caller.scope(), state.now(), state.clone(), body.clone());
    let work = work(move |conn| {
        Box::pin(async move {
            let request: CheckoutRequest = body::object(&request)?;
            Ok((StatusCode::CREATED, checkout::create(&flow, conn, caller.0, request, now).await?))
        })
    });
    once(&state, &scope, "checkout.create", &headers, &body, work).await
}

/// A checkout session and whether it is paid.
#[utoipa::path(get, path = "/v1/checkout/sessions/{id}", tag = "checkout",
    params(("id" = String, Path, description = "The session's id")),
    responses((status = 200, description = "The session", body = CheckoutSession)))]
pub async fn get_checkout(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let session = checkout::session(&mut *state.store.read().await?, &id).await?;
    Ok(Json(checkout::view(&state, &session)).into_response())
}

/// The signed-in customer's plan. A read that may renew a period that has run out, hence a
/// write transaction.
#[utoipa::path(get, path = "/v1/customer/subscription", tag = "subscription", security(("customerToken" = [])),
    responses((status = 200, description = "The customer's plan, credits and scheduled change", body = SubscriptionView)))]
pub async fn subscription(State(state): State<AppState>, Customer(customer): Customer) -> Result<Response, ApiError> {
    let mut tx = state.store.write().await?;
    let view = subscription::view(&state, &mut tx, &customer, state.now()).await?;
    tx.commit().await?;
    Ok(Json(view).into_response())
}

/// Prices a plan change; the quote can be applied for 10 minutes.
#[utoipa::path(post, path = "/v1/customer/subscription/preview", tag = "subscription", request_body = ChangeRequest,
    security(("customerToken" = [])),
    responses((status = 200, description = "The quote", body = Quote)))]
pub async fn preview(
    State(state): State<AppState>,
    Customer(customer): Customer,
    body: Bytes,
) -> Result<Response, ApiError> {
    let request: ChangeRequest = body::object(&body)?;
    let mut tx = state.store.write().await?;
    let quote = quotes::preview(&state, &mut tx, &customer, &request.plan, request.interval, state.now()).await?;
    tx.commit().await?;
    Ok(Json(quote).into_response())
}

/// Applies a quote by id, charging exactly its `amount_due_now`.
#[utoipa::path(post, path = "/v1/customer/subscription/change", tag = "subscription", params(IdempotencyKey),
    request_body = ApplyQuote, security(("customerToken" = [])),
    responses((status = 200, description = "What was charged and the plan after the change", body = ChangeApplied)))]
pub async fn apply(
    State(state): State<AppState>,
    Customer(customer): Customer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (who, now, flow, request) = (customer.clone(), state.now(), state.clone(), body.clone());
    let work = work(move |conn| {
        Box::pin(async move {
            let request: ApplyQuote = body::object(&request)?;
            Ok((StatusCode::OK, quotes::apply(&flow, conn, &who, &request.quote_id, now).await?))
        })
    });
    once(&state, &customer, "subscription.change", &headers, &body, work).await
}

/// The generation service reports a generation; idempotent by key.
#[utoipa::path(post, path = "/v1/usage", tag = "usage", params(IdempotencyKey), request_body = UsageRequest,
    security(("usageSecret" = [])),
    responses((status = 201, description = "How the generation was paid", body = UsageRecorded)))]
pub async fn record_usage(State(state): State<AppState>, _: Service, headers: HeaderMap, body: Bytes) -> Response {
    let (now, flow, request) = (state.now(), state.clone(), body.clone());
    let work = work(move |conn| {
        Box::pin(async move {
            let request: UsageRequest = body::object(&request)?;
            Ok((StatusCode::CREATED, usage::record(&flow, conn, &request, now).await?))
        })
    });
    once(&state, "service", "usage.record", &headers, &body, work).await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"customer_id": "cus_8d1e"}))]
pub struct RefundRequest {
    customer_id: String,
}

/// Gives back the credits of a generation that failed; idempotent by key.
#[utoipa::path(post, path = "/v1/usage/{id}/refund", tag = "usage",
    params(("id" = String, Path, description = "The generation's id, from its report"), IdempotencyKey),
    request_body = RefundRequest, security(("usageSecret" = [])),
    responses((status = 200, description = "The credits given back", body = UsageRefunded)))]
pub async fn refund_usage(
    State(state): State<AppState>,
    _: Service,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (now, request) = (state.now(), body.clone());
    let work = work(move |conn| {
        Box::pin(async move {
            let request: RefundRequest = body::object(&request)?;
            Ok((StatusCode::OK, usage::refund(conn, &request.customer_id, &id, now).await?))
        })
    });
    once(&state, "service", "usage.refund", &headers, &body, work).await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"customer_id": "cus_8d1e"}))]
pub struct MintRequest {
    /// The customer to vouch for; none (or no body) creates a new customer.
    customer_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[schema(example = json!({"customer_id": "cus_8d1e", "token": "v1.cus_8d1e.1801562400.9Jx0c1Ue0rbvY4Vb3C0Jw5M8eyUAXuYJQn2cR3kJz8E", "expires_at": "2027-02-01T09:15:00Z"}))]
pub struct MintedToken {
    customer_id: String,
    /// Send as `Authorization: Bearer <token>`.
    token: String,
    expires_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema)]
#[schema(example = json!({"status": "ok"}))]
pub struct Health {
    status: &'static str,
}

/// Development only: mints a customer token (and a customer when none is named), standing in
/// for the host page's own sign-in. Answers 404 unless `BILLING_DEV_TOKENS=1`.
#[utoipa::path(post, path = "/v1/dev/tokens", tag = "development", request_body = Option<MintRequest>,
    responses((status = 200, description = "A customer token, valid 15 minutes", body = MintedToken)))]
pub async fn mint_token(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    // No body and a `null` body both name no customer, as the contract says.
    let request: Option<MintRequest> = if body.is_empty() { None } else { body::object(&body)? };
    let vouched = customers::vouch(&state, request.and_then(|r| r.customer_id), state.now()).await?;
    let customers::Vouched { customer_id, token, expires_at } = vouched;
    Ok(Json(MintedToken { customer_id, token, expires_at }).into_response())
}

/// The widget's markup for the choices asked, rendered from the catalog served: include it in a
/// page from its server (never stale), or let the two-line embed fetch it. Kept per choices and
/// catalog state; revalidated cheaply with its ETag.
#[utoipa::path(get, path = "/v1/widget/fragment", tag = "widget",
    params(FragmentQuery, ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier answer: 304 when it is still the fragment's")),
    responses(
        (status = 200, description = "The widget's HTML in the form asked for", body = String, content_type = "text/html",
            headers(("ETag" = String), ("Cache-Control" = String, description = "Public, for at most 5 minutes and never past the moment the catalog shows something else"))),
        (status = 304, description = "Not modified", headers(("ETag" = String), ("Cache-Control" = String))),
    ))]
pub async fn widget_fragment(
    State(state): State<AppState>,
    query: Result<Query<FragmentQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::InvalidQuery(rejection.body_text()))?;
    let now = state.now();
    let markup = state.published().widget.clone();
    // Rendering is CPU work: off the threads that answer requests.
    let fragment = tokio::task::spawn_blocking(move || markup.fragment(&query, now))
        .await
        .map_err(|_| ApiError::Unavailable("the widget could not be rendered"))??;
    let fresh_for = fragment.until.map_or(300, |until| (until - now).num_seconds().clamp(0, 300));
    let cache = [
        (header::ETAG, HeaderValue::from_str(&fragment.etag).expect("the ETag is ASCII")),
        (header::CACHE_CONTROL, HeaderValue::from_str(&format!("public, max-age={fresh_for}")).expect("ASCII")),
        (header::VARY, HeaderValue::from_static("Accept-Encoding, Origin")),
    ];
    let seen = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok());
    if seen.is_some_and(|tags| tags.split(',').any(|t| t.trim() == fragment.etag)) {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    let html = [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))];
    Ok((cache, html, fragment.html.clone()).into_response())
}

/// Alive: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "Alive", body = Health)))]
pub async fn healthz() -> Response {
    Json(Health { status: "ok" }).into_response()
}

/// Ready: the database answers too.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, description = "Ready: the database answers", body = Health)))]
pub async fn readyz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => Json(Health { status: "ok" }).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready: the database does not answer");
            ApiError::Unavailable("the database does not answer").into_response()
        }
    }
}

pub async fn not_found() -> ApiError {
    ApiError::NotFound("endpoint")
}
