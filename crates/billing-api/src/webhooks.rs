//! The webhook and event calls of the service's own backend (the usage secret): endpoints,
//! their secrets and a test event, deliveries with their attempts and replays, and the events
//! themselves for a receiver that missed some. Thin, like `handlers.rs`: `flows::webhooks` decides.

use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use pricing_core::api::webhooks::{
    Delivery, DeliveryList, DeliveryState, Endpoint, EndpointList, EndpointRequest, EndpointUpdate, EndpointWithSecret,
    Event, EventList, RotateSecret,
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Service;
use crate::body;
use crate::error::ApiError;
use crate::flows;
use crate::flows::webhooks::{self, DeliveryFilter};
use crate::idempotency::{once, work, IdempotencyKey};
use crate::state::AppState;

fn query<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    query.map(|Query(q)| q).map_err(|rejection| ApiError::InvalidQuery(rejection.body_text()))
}

fn delivery_id(id: Result<Path<i64>, PathRejection>) -> Result<i64, ApiError> {
    id.map(|Path(id)| id).map_err(|_| ApiError::InvalidQuery("a delivery's id is a whole number".into()))
}

/// Adds an endpoint; the answer holds its signing secret, which is not shown again.
#[utoipa::path(post, path = "/v1/webhooks/endpoints", tag = "webhooks", operation_id = "webhook_create",
    params(IdempotencyKey), request_body = EndpointRequest, security(("usageSecret" = [])),
    responses((status = 201, description = "The endpoint and its secret", body = EndpointWithSecret)))]
pub async fn create(State(state): State<AppState>, _: Service, headers: HeaderMap, body: Bytes) -> Response {
    let (now, request) = (state.now(), body.clone());
    let work = work(move |conn| {
        Box::pin(async move { Ok((StatusCode::CREATED, webhooks::create(conn, body::object(&request)?, now).await?)) })
    });
    once(&state, "service", "webhooks.create", &headers, &body, work).await
}

/// Every endpoint.
#[utoipa::path(get, path = "/v1/webhooks/endpoints", tag = "webhooks", operation_id = "webhook_list",
    security(("usageSecret" = [])), responses((status = 200, description = "The endpoints", body = EndpointList)))]
pub async fn list(State(state): State<AppState>, _: Service) -> Result<Json<EndpointList>, ApiError> {
    Ok(Json(webhooks::list(&mut *state.store.read().await?).await?))
}

/// One endpoint.
#[utoipa::path(get, path = "/v1/webhooks/endpoints/{id}", tag = "webhooks", operation_id = "webhook_get",
    params(("id" = String, Path, description = "The endpoint's id")), security(("usageSecret" = [])),
    responses((status = 200, description = "The endpoint", body = Endpoint)))]
pub async fn get(
    State(state): State<AppState>,
    _: Service,
    Path(id): Path<String>,
) -> Result<Json<Endpoint>, ApiError> {
    Ok(Json(webhooks::get(&mut *state.store.read().await?, &id).await?))
}

/// Changes an endpoint's URL, types or switch.
#[utoipa::path(patch, path = "/v1/webhooks/endpoints/{id}", tag = "webhooks", operation_id = "webhook_update",
    params(("id" = String, Path, description = "The endpoint's id")), request_body = EndpointUpdate,
    security(("usageSecret" = [])), responses((status = 200, description = "The endpoint as changed", body = Endpoint)))]
pub async fn update(
    State(state): State<AppState>,
    _: Service,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Endpoint>, ApiError> {
    let update: EndpointUpdate = body::object(&body)?;
    let mut tx = state.store.write().await?;
    let endpoint = webhooks::update(&mut tx, &id, update).await?;
    tx.commit().await?;
    Ok(Json(endpoint))
}

/// Deletes an endpoint; what was on its way to it fails.
#[utoipa::path(delete, path = "/v1/webhooks/endpoints/{id}", tag = "webhooks", operation_id = "webhook_delete",
    params(("id" = String, Path, description = "The endpoint's id")), security(("usageSecret" = [])),
    responses((status = 204, description = "Deleted")))]
pub async fn delete(State(state): State<AppState>, _: Service, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    let mut tx = state.store.write().await?;
    webhooks::delete(&mut tx, &id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new signing secret; the old one signs too for `previous_valid_for_s` (a day by default).
#[utoipa::path(post, path = "/v1/webhooks/endpoints/{id}/rotate-secret", tag = "webhooks", operation_id = "webhook_rotate",
    params(("id" = String, Path, description = "The endpoint's id"), IdempotencyKey), request_body = Option<RotateSecret>,
    security(("usageSecret" = [])), responses((status = 200, description = "The endpoint and its new secret", body = EndpointWithSecret)))]
pub async fn rotate(
    State(state): State<AppState>,
    _: Service,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (now, request, scope) = (state.now(), body.clone(), format!("service {id}"));
    let work = work(move |conn| {
        Box::pin(async move {
            Ok((StatusCode::OK, webhooks::rotate(conn, &id, body::optional_object(&request)?, now).await?))
        })
    });
    once(&state, &scope, "webhooks.rotate", &headers, &body, work).await
}

/// Sends a `webhook.test` event to this endpoint alone.
#[utoipa::path(post, path = "/v1/webhooks/endpoints/{id}/test", tag = "webhooks", operation_id = "webhook_test",
    params(("id" = String, Path, description = "The endpoint's id"), IdempotencyKey), security(("usageSecret" = [])),
    responses((status = 202, description = "The test event's delivery, under way", body = Delivery)))]
pub async fn test(
    State(state): State<AppState>,
    _: Service,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (now, scope) = (state.now(), format!("service {id}"));
    let work = work(move |conn| {
        Box::pin(async move { Ok((StatusCode::ACCEPTED, webhooks::send_test(conn, &id, now).await?)) })
    });
    once(&state, &scope, "webhooks.test", &headers, &body, work).await
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// Only those to this endpoint.
    endpoint_id: Option<String>,
    /// Only those of this event.
    event_id: Option<String>,
    state: Option<DeliveryState>,
    /// At most this many, newest first (20 when not given).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
}

/// Deliveries with their attempts, newest first.
#[utoipa::path(get, path = "/v1/webhooks/deliveries", tag = "webhooks", operation_id = "webhook_deliveries",
    params(DeliveryQuery), security(("usageSecret" = [])),
    responses((status = 200, description = "The deliveries", body = DeliveryList)))]
pub async fn deliveries(
    State(state): State<AppState>,
    _: Service,
    asked: Result<Query<DeliveryQuery>, QueryRejection>,
) -> Result<Json<DeliveryList>, ApiError> {
    let asked = query(asked)?;
    let filter = DeliveryFilter {
        endpoint: asked.endpoint_id.as_deref(),
        event: asked.event_id.as_deref(),
        state: asked.state,
        id: None,
    };
    Ok(Json(webhooks::deliveries(&mut *state.store.read().await?, &filter, flows::page_size(asked.limit)?).await?))
}

/// One delivery with its attempts.
#[utoipa::path(get, path = "/v1/webhooks/deliveries/{id}", tag = "webhooks", operation_id = "webhook_delivery",
    params(("id" = i64, Path, description = "The delivery's id")), security(("usageSecret" = [])),
    responses((status = 200, description = "The delivery", body = Delivery)))]
pub async fn delivery(
    State(state): State<AppState>,
    _: Service,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Delivery>, ApiError> {
    Ok(Json(webhooks::delivery(&mut *state.store.read().await?, delivery_id(id)?).await?))
}

/// Sends a delivery's event again (the same event id) as a new delivery.
#[utoipa::path(post, path = "/v1/webhooks/deliveries/{id}/replay", tag = "webhooks", operation_id = "webhook_replay",
    params(("id" = i64, Path, description = "The delivery's id"), IdempotencyKey), security(("usageSecret" = [])),
    responses((status = 202, description = "The new delivery, under way", body = Delivery)))]
pub async fn replay(
    State(state): State<AppState>,
    _: Service,
    id: Result<Path<i64>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let id = match delivery_id(id) {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let (now, scope) = (state.now(), format!("service {id}"));
    let work =
        work(move |conn| Box::pin(async move { Ok((StatusCode::ACCEPTED, webhooks::replay(conn, id, now).await?)) }));
    once(&state, &scope, "webhooks.replay", &headers, &body, work).await
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventQuery {
    /// Only this customer's.
    customer_id: Option<String>,
    /// Those older than this event (paging: the last id of the page before).
    before: Option<String>,
    /// At most this many, newest first (20 when not given).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
}

/// Events, newest first: what a receiver that was away can read back.
#[utoipa::path(get, path = "/v1/events", tag = "webhooks", operation_id = "events",
    params(EventQuery), security(("usageSecret" = [])),
    responses((status = 200, description = "The events", body = EventList)))]
pub async fn events(
    State(state): State<AppState>,
    _: Service,
    asked: Result<Query<EventQuery>, QueryRejection>,
) -> Result<Json<EventList>, ApiError> {
    let asked = query(asked)?;
    let mut conn = state.store.read().await?;
    let events = webhooks::events(
        &mut conn,
        asked.customer_id.as_deref(),
        asked.before.as_deref(),
        flows::page_size(asked.limit)?,
    );
    Ok(Json(EventList { events: events.await? }))
}

/// One event.
#[utoipa::path(get, path = "/v1/events/{id}", tag = "webhooks", operation_id = "event",
    params(("id" = String, Path, description = "The event's id")), security(("usageSecret" = [])),
    responses((status = 200, description = "The event", body = Event)))]
pub async fn event(State(state): State<AppState>, _: Service, Path(id): Path<String>) -> Result<Json<Event>, ApiError> {
    Ok(Json(webhooks::event(&mut *state.store.read().await?, &id).await?))
}
