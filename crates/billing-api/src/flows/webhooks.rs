//! The service's own backend configures where events go: endpoints (URL, types, on or off),
//! their signing secrets (rotated with the old one still signing for a while), a test event to
//! one endpoint, and the deliveries with their attempts, listed and replayed.

use chrono::{DateTime, Duration, Utc};
use pricing_core::api::is_id;
use pricing_core::api::webhooks::{
    endpoint_url_allowed, Delivery, DeliveryList, Endpoint, EndpointList, EndpointRequest, EndpointUpdate,
    EndpointWithSecret, Event, EventType, RotateSecret, DEFAULT_PREVIOUS_SECRET_S, MAX_PREVIOUS_SECRET_S,
};
use serde_json::json;

use crate::error::ApiError;
use crate::flows::events;
pub use crate::store::webhooks::DeliveryFilter;
use crate::store::webhooks::EndpointRecord;
use crate::store::{self, Conn};

/// A new signing secret: 244 random bits (two v4 UUIDs) as text.
fn new_secret() -> String {
    format!("whsec_{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

/// Why an endpoint's URL is refused.
pub const URL_REFUSED: &str = "url must be an http(s) URL with a host, at most 2048 bytes";
/// Why a disabled endpoint is sent no test.
pub const DISABLED: &str = "this endpoint is disabled: enable it to test it";

fn check_url(url: &str) -> Result<(), ApiError> {
    match endpoint_url_allowed(url) {
        true => Ok(()),
        false => Err(ApiError::InvalidBody(URL_REFUSED.into())),
    }
}

fn deduplicated(mut types: Vec<EventType>) -> Vec<EventType> {
    types.sort();
    types.dedup();
    types
}

pub async fn create(
    conn: &mut Conn,
    request: EndpointRequest,
    now: DateTime<Utc>,
) -> Result<EndpointWithSecret, ApiError> {
    check_url(&request.url)?;
    let endpoint = Endpoint {
        id: format!("we_{}", uuid::Uuid::new_v4().simple()),
        url: request.url,
        event_types: deduplicated(request.event_types),
        enabled: true,
        created_at: now,
        previous_secret_expires_at: None,
    };
    let secret = new_secret();
    store::webhooks::insert_endpoint(conn, &endpoint, &secret).await?;
    Ok(EndpointWithSecret { endpoint, secret })
}

pub async fn list(conn: &mut Conn) -> Result<EndpointList, ApiError> {
    let records = store::webhooks::endpoints(conn).await?;
    Ok(EndpointList { endpoints: records.into_iter().map(|r| r.endpoint).collect() })
}

async fn record(conn: &mut Conn, id: &str) -> Result<EndpointRecord, ApiError> {
    let found = match is_id(id) {
        true => store::webhooks::endpoint(conn, id).await?,
        false => None,
    };
    found.ok_or(ApiError::NotFound("webhook endpoint"))
}

pub async fn get(conn: &mut Conn, id: &str) -> Result<Endpoint, ApiError> {
    Ok(record(conn, id).await?.endpoint)
}

pub async fn update(conn: &mut Conn, id: &str, update: EndpointUpdate) -> Result<Endpoint, ApiError> {
    let mut endpoint = record(conn, id).await?.endpoint;
    if let Some(url) = update.url {
        check_url(&url)?;
        endpoint.url = url;
    }
    if let Some(types) = update.event_types {
        endpoint.event_types = deduplicated(types);
    }
    if let Some(enabled) = update.enabled {
        endpoint.enabled = enabled;
    }
    store::webhooks::save_endpoint(conn, &endpoint).await?;
    Ok(endpoint)
}

pub async fn delete(conn: &mut Conn, id: &str) -> Result<(), ApiError> {
    let deleted = is_id(id) && store::webhooks::delete_endpoint(conn, id).await?;
    deleted.then_some(()).ok_or(ApiError::NotFound("webhook endpoint"))
}

pub async fn rotate(
    conn: &mut Conn,
    id: &str,
    request: RotateSecret,
    now: DateTime<Utc>,
) -> Result<EndpointWithSecret, ApiError> {
    let seconds = request.previous_valid_for_s.unwrap_or(DEFAULT_PREVIOUS_SECRET_S);
    if seconds > MAX_PREVIOUS_SECRET_S {
        return Err(ApiError::InvalidBody(format!("previous_valid_for_s may be at most {MAX_PREVIOUS_SECRET_S}")));
    }
    let mut endpoint = record(conn, id).await?.endpoint;
    let secret = new_secret();
    let until = now + Duration::seconds(i64::from(seconds));
    store::webhooks::rotate_secret(conn, id, &secret, until).await?;
    endpoint.previous_secret_expires_at = Some(until);
    Ok(EndpointWithSecret { endpoint, secret })
}

/// Sends a `webhook.test` event to one endpoint: its delivery.
pub async fn send_test(conn: &mut Conn, id: &str, now: DateTime<Utc>) -> Result<Delivery, ApiError> {
    let endpoint = record(conn, id).await?.endpoint;
    let data = json!({"endpoint_id": endpoint.id, "message": "a test event, sent on request"});
    let event = events::emit(conn, EventType::WebhookTest, None, &data, now, Some(&endpoint.id)).await?;
    let filter = DeliveryFilter { event: Some(&event.id), ..DeliveryFilter::default() };
    let deliveries = store::webhooks::deliveries(conn, &filter, 1).await?;
    // A disabled endpoint takes no events, not even a test.
    deliveries.into_iter().next().ok_or(ApiError::WrongState(DISABLED))
}

pub async fn deliveries(conn: &mut Conn, filter: &DeliveryFilter<'_>, limit: u32) -> Result<DeliveryList, ApiError> {
    Ok(DeliveryList { deliveries: store::webhooks::deliveries(conn, filter, limit).await? })
}

pub async fn delivery(conn: &mut Conn, id: i64) -> Result<Delivery, ApiError> {
    let filter = DeliveryFilter { id: Some(id), ..DeliveryFilter::default() };
    let found = store::webhooks::deliveries(conn, &filter, 1).await?.into_iter().next();
    found.ok_or(ApiError::NotFound("webhook delivery"))
}

/// Sends a delivery's event to its endpoint again, as a new delivery due now (the same event id).
pub async fn replay(conn: &mut Conn, id: i64, now: DateTime<Utc>) -> Result<Delivery, ApiError> {
    let replayed = store::webhooks::replay(conn, id, now).await?;
    let replayed = replayed.ok_or(ApiError::NotFound("webhook delivery to an endpoint that still exists"))?;
    delivery(conn, replayed).await
}

/// Events, newest first, a customer's or everyone's, before an event when paging.
pub async fn events(
    conn: &mut Conn,
    customer: Option<&str>,
    before: Option<&str>,
    limit: u32,
) -> Result<Vec<Event>, ApiError> {
    Ok(store::webhooks::events(conn, customer, before, limit).await?)
}

pub async fn event(conn: &mut Conn, id: &str) -> Result<Event, ApiError> {
    let found = match is_id(id) {
        true => store::webhooks::event_by_id(conn, id).await?,
        false => None,
    };
    found.ok_or(ApiError::NotFound("event"))
}
