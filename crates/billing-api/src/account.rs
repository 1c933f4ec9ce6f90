//! The signed-in customer's account calls beyond changing the plan: the account at a glance and
//! the credit history, cancelling (with a reason, or taking the retention offer instead) and
//! resuming, taking back a scheduled change, receipts, and the auto top-up. Thin, like
//! `handlers.rs`.

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use pricing_core::api::account::{AccountView, CreditHistory};
use pricing_core::api::cancellation::{CancelRequest, CancellationOptions};
use pricing_core::api::receipts::{Receipt, ReceiptList};
use pricing_core::api::top_up::{AutoTopUp, AutoTopUpRequest};
use pricing_core::api::SubscriptionView;
use serde::Deserialize;

use crate::auth::Customer;
use crate::body;
use crate::error::ApiError;
use crate::flows::{account, cancellation, history, receipts, subscription, top_up};
use crate::idempotency::{once, work, IdempotencyKey};
use crate::state::AppState;

/// The signed-in customer's account at a glance: their plan (as `GET /v1/customer/subscription`
/// answers it), the next charge, this cycle's credits, what is held and Unlimited, the auto
/// top-up, and what would pay for their work once the credits run low. One transaction, which
/// settles what fell due first, hence a write.
#[utoipa::path(get, path = "/v1/customer/account", tag = "subscription", operation_id = "account",
    security(("customerToken" = [])),
    responses((status = 200, description = "The customer's account", body = AccountView)))]
pub async fn account(State(state): State<AppState>, Customer(customer): Customer) -> Result<Response, ApiError> {
    let mut tx = state.store.write().await?;
    let view = account::view(&state, &mut tx, &customer, state.now()).await?;
    tx.commit().await?;
    Ok(Json(view).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// The page after the one that gave this `next` (as it was given).
    after: Option<String>,
    /// At most this many, newest first (20 when not given).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
}

/// The signed-in customer's credit history, newest first: generations (reported or held, with
/// their credits, and whether they were refunded) and grants (plan cycles, packs, auto top-ups).
#[utoipa::path(get, path = "/v1/customer/credits/history", tag = "subscription", operation_id = "credit_history",
    params(HistoryQuery), security(("customerToken" = [])),
    responses((status = 200, description = "A page of the history", body = CreditHistory)))]
pub async fn credit_history(
    State(state): State<AppState>,
    Customer(customer): Customer,
    asked: Result<Query<HistoryQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(asked) = asked.map_err(|rejection| ApiError::InvalidQuery(rejection.body_text()))?;
    let limit = crate::flows::page_size(asked.limit)?;
    let page = history::page(&state, &customer, asked.after.as_deref(), limit, state.now()).await?;
    Ok(Json(page).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReceiptsQuery {
    /// Those numbered below this (paging: the last number of the page before).
    #[param(minimum = 1)]
    before: Option<i64>,
    /// At most this many, newest first (20 when not given).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
}

/// The signed-in customer's receipts, newest first (a renewal that fell due is charged first,
/// hence a write transaction).
#[utoipa::path(get, path = "/v1/customer/receipts", tag = "subscription", params(ReceiptsQuery),
    security(("customerToken" = [])), responses((status = 200, description = "The receipts", body = ReceiptList)))]
pub async fn receipts(
    State(state): State<AppState>,
    Customer(customer): Customer,
    asked: Result<Query<ReceiptsQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(asked) = asked.map_err(|rejection| ApiError::InvalidQuery(rejection.body_text()))?;
    let limit = crate::flows::page_size(asked.limit)?;
    let before = match asked.before.map(u64::try_from) {
        Some(Ok(0) | Err(_)) => return Err(ApiError::InvalidQuery("before is a receipt's number, 1 or more".into())),
        before => before.map(Result::unwrap_or_default),
    };
    let mut tx = state.store.write().await?;
    let list = receipts::list(&state, &mut tx, &customer, before, limit, state.now()).await?;
    tx.commit().await?;
    Ok(Json(list).into_response())
}

/// One of the signed-in customer's receipts.
#[utoipa::path(get, path = "/v1/customer/receipts/{number}", tag = "subscription",
    params(("number" = u64, Path, description = "The receipt's number")), security(("customerToken" = [])),
    responses((status = 200, description = "The receipt", body = Receipt)))]
pub async fn receipt(
    State(state): State<AppState>,
    Customer(customer): Customer,
    number: Result<Path<u64>, axum::extract::rejection::PathRejection>,
) -> Result<Response, ApiError> {
    let Path(number) = number.map_err(|_| ApiError::NotFound("receipt of this customer"))?;
    let mut conn = state.store.read().await?;
    Ok(Json(receipts::get(&state, &mut conn, &customer, number, state.now()).await?).into_response())
}

/// The signed-in customer's auto top-up and what it bought this month.
#[utoipa::path(get, path = "/v1/customer/auto-top-up", tag = "subscription", operation_id = "auto_top_up",
    security(("customerToken" = [])), responses((status = 200, description = "The auto top-up", body = AutoTopUp)))]
pub async fn auto_top_up(
    State(state): State<AppState>,
    Customer(customer): Customer,
) -> Result<Json<AutoTopUp>, ApiError> {
    Ok(Json(top_up::view(&mut *state.store.read().await?, &customer, state.now()).await?))
}

/// Sets the signed-in customer's auto top-up: on or off, the pack, the threshold, the monthly cap.
#[utoipa::path(put, path = "/v1/customer/auto-top-up", tag = "subscription", operation_id = "configure_auto_top_up",
    request_body = AutoTopUpRequest, security(("customerToken" = [])),
    responses((status = 200, description = "The auto top-up as set", body = AutoTopUp)))]
pub async fn configure_auto_top_up(
    State(state): State<AppState>,
    Customer(customer): Customer,
    body: Bytes,
) -> Result<Json<AutoTopUp>, ApiError> {
    let request: AutoTopUpRequest = body::object(&body)?;
    let mut tx = state.store.write().await?;
    let answer = top_up::configure(&state, &mut tx, &customer, request, state.now()).await?;
    tx.commit().await?;
    Ok(Json(answer))
}

/// What cancelling would mean: the reasons to choose from, when the plan would end, and the
/// retention offer the customer may take instead.
#[utoipa::path(get, path = "/v1/customer/subscription/cancellation", tag = "subscription", operation_id = "cancellation",
    security(("customerToken" = [])),
    responses((status = 200, description = "The reasons, the end and the offer", body = CancellationOptions)))]
pub async fn cancellation(State(state): State<AppState>, Customer(customer): Customer) -> Result<Response, ApiError> {
    let mut tx = state.store.write().await?;
    let options = cancellation::options(&state, &mut tx, &customer, state.now()).await?;
    tx.commit().await?;
    Ok(Json(options).into_response())
}

/// Cancels the paid plan at the end of its period, with why (both optional).
#[utoipa::path(post, path = "/v1/customer/subscription/cancel", tag = "subscription", params(IdempotencyKey),
    request_body = Option<CancelRequest>, security(("customerToken" = [])),
    responses((status = 200, description = "The plan, cancelled at period end", body = SubscriptionView)))]
pub async fn cancel(
    State(state): State<AppState>,
    Customer(customer): Customer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (who, now, flow, request) = (customer.clone(), state.now(), state.clone(), body.clone());
    let work = work(move |conn| {
        Box::pin(async move {
            let why: CancelRequest = body::optional_object(&request)?;
            Ok((StatusCode::OK, cancellation::cancel(&flow, conn, &who, &why, now).await?))
        })
    });
    once(&state, &customer, "subscription.cancel", &headers, &body, work).await
}

/// Takes back a cancellation before the period ends.
#[utoipa::path(post, path = "/v1/customer/subscription/resume", tag = "subscription", params(IdempotencyKey),
    security(("customerToken" = [])),
    responses((status = 200, description = "The plan, renewing again", body = SubscriptionView)))]
pub async fn resume(
    State(state): State<AppState>,
    Customer(customer): Customer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (who, now, flow) = (customer.clone(), state.now(), state.clone());
    let work = work(move |conn| {
        Box::pin(
            async move { Ok((StatusCode::OK, subscription::set_cancellation(&flow, conn, &who, None, now).await?)) },
        )
    });
    once(&state, &customer, "subscription.resume", &headers, &body, work).await
}

/// Takes back the plan change scheduled for the period's end: the plan renews as it is. With
/// nothing scheduled, it answers the plan as it is (a second click does nothing more).
#[utoipa::path(post, path = "/v1/customer/subscription/scheduled-change/cancel", tag = "subscription",
    operation_id = "cancel_scheduled_change", params(IdempotencyKey), security(("customerToken" = [])),
    responses((status = 200, description = "The plan, renewing as it is", body = SubscriptionView)))]
pub async fn cancel_scheduled_change(
    State(state): State<AppState>,
    Customer(customer): Customer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (who, now, flow) = (customer.clone(), state.now(), state.clone());
    let work = work(move |conn| {
        Box::pin(async move { Ok((StatusCode::OK, subscription::take_back_change(&flow, conn, &who, now).await?)) })
    });
    once(&state, &customer, "subscription.change_cancel", &headers, &body, work).await
}

/// Takes the retention offer instead of cancelling (once per customer; a cancellation is taken back).
#[utoipa::path(post, path = "/v1/customer/subscription/retention-offer", tag = "subscription", operation_id = "take_retention_offer",
    params(IdempotencyKey), security(("customerToken" = [])),
    responses((status = 200, description = "The plan, renewing at the offer's price", body = SubscriptionView)))]
pub async fn take_retention_offer(
    State(state): State<AppState>,
    Customer(customer): Customer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (who, now, flow) = (customer.clone(), state.now(), state.clone());
    let work = work(move |conn| {
        Box::pin(async move { Ok((StatusCode::OK, cancellation::take_offer(&flow, conn, &who, now).await?)) })
    });
    once(&state, &customer, "subscription.retention", &headers, &body, work).await
}
