//! The events a change reports, written by the flow that makes the change, on its transaction:
//! committed with it or not at all (the outbox `flows::delivery` sends from). Each `data` below
//! is what a receiver reads for its types; the README lists them.

use chrono::{DateTime, Utc};
use pricing_core::api::webhooks::{Event, EventType};
use pricing_core::credits::CreditSource;
use pricing_core::{Interval, Money};
use serde::Serialize;

use crate::error::ApiError;
use crate::store::{self, Conn};

/// Writes an event of `customer` (or of no one) for every endpoint that takes its type, or for
/// `endpoint` alone.
pub async fn emit(
    conn: &mut Conn,
    event_type: EventType,
    customer: Option<&str>,
    data: &impl Serialize,
    now: DateTime<Utc>,
    endpoint: Option<&str>,
) -> Result<Event, ApiError> {
    let event = Event {
        id: format!("evt_{}", uuid::Uuid::new_v4().simple()),
        event_type,
        created_at: now,
        customer_id: customer.map(str::to_string),
        data: serde_json::to_value(data).map_err(|e| ApiError::Store(e.to_string()))?,
    };
    store::webhooks::insert_event(conn, &event, endpoint).await?;
    metrics::counter!("billing_events_total", "type" => event_type.as_str()).increment(1);
    Ok(event)
}

/// Writes a customer's event for every endpoint that takes its type.
pub async fn customer(
    conn: &mut Conn,
    event_type: EventType,
    customer: &str,
    data: &impl Serialize,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    emit(conn, event_type, Some(customer), data, now, None).await.map(drop)
}

/// `checkout.paid`.
#[derive(Serialize)]
pub struct CheckoutPaid<'a> {
    pub session_id: &'a str,
    pub amount: Money,
    pub description: &'a str,
}

/// `subscription.started`, `.renewed` (with what was charged), `.cancelled` (ends at
/// `period_end`), `.resumed` and `.ended` (ended at `period_end`).
#[derive(Serialize)]
pub struct PlanState<'a> {
    pub plan: &'a str,
    pub interval: Interval,
    pub period_end: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charged: Option<Money>,
}

/// `subscription.cancelled`: the plan, and why, if the customer said.
#[derive(Serialize)]
pub struct Cancelled<'a> {
    #[serde(flatten)]
    pub plan: PlanState<'a>,
    pub reason: Option<pricing_core::retention::CancelReason>,
    pub comment: Option<&'a str>,
}

/// A plan and interval.
#[derive(Serialize)]
pub struct PlanTerm<'a> {
    pub plan: &'a str,
    pub interval: Interval,
}

/// `subscription.changed` (at once, or at a renewal) and `.change_scheduled` (for `at`).
#[derive(Serialize)]
pub struct PlanChange<'a> {
    pub from: PlanTerm<'a>,
    pub to: PlanTerm<'a>,
    pub at: DateTime<Utc>,
    pub charged: Money,
}

/// `subscription.change_cancelled`: the change from `from` to `to` scheduled for `at`, taken back.
#[derive(Serialize)]
pub struct ChangeTakenBack<'a> {
    pub from: PlanTerm<'a>,
    pub to: PlanTerm<'a>,
    pub at: DateTime<Utc>,
}

/// `credits.granted` and `credits.expired` (unspent `credits` of a grant).
#[derive(Serialize)]
pub struct Credits<'a> {
    pub source: CreditSource,
    pub pack: Option<&'a str>,
    pub credits: u64,
    pub expires_at: DateTime<Utc>,
}
