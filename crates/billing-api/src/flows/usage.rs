//! Generations, as the generation service reports them (`POST /v1/usage`): free under the
//! customer's Unlimited, else paid with credits in spending order; refused when the credits are
//! short or the plan does not include the model; refunded once when a generation failed.

use chrono::{DateTime, Utc};
use pricing_core::api::{is_customer_id, is_id, UsageRecorded, UsageRefunded, UsageRequest};

use crate::error::ApiError;
use crate::flows::{credits, subscription};
use crate::state::AppState;
use crate::store::{self, Conn};

/// Records a generation and pays for it.
pub async fn record(
    state: &AppState,
    conn: &mut Conn,
    request: &UsageRequest,
    now: DateTime<Utc>,
) -> Result<UsageRecorded, ApiError> {
    let customer = &request.customer_id;
    let known = is_customer_id(customer) && store::credits::created_at(conn, customer).await?.is_some();
    if !known {
        return Err(ApiError::NotFound("customer"));
    }
    let record = subscription::at(state, conn, customer, now).await?;
    let paid_plan = record.as_ref().map(|r| r.subscription.plan_id.as_str());
    let catalog = state.catalog();
    let plan = catalog.plan_in_force(paid_plan);
    let unlimited_until = record.as_ref().and_then(|r| r.subscription.unlimited_until);
    let (model, resolution, seconds) = (&request.model, &request.resolution, request.seconds);
    let charge = catalog.usage_charge(plan, unlimited_until, model, resolution, seconds, now)?;
    let grants = store::credits::live_grants(conn, customer, now).await?;
    let debits = pricing_core::credits::spend(&grants, charge.credits, now)
        .map_err(|short| ApiError::InsufficientCredits { needed: short.needed, available: short.available })?;
    let id = format!("gen_{}", uuid::Uuid::new_v4().simple());
    if !store::credits::record_generation(conn, &id, customer, charge.queue, &debits, now).await? {
        return Err(ApiError::Store(format!("a credit grant of {customer} changed while it was spent")));
    }
    let credits_left = credits::credits_left(conn, customer, now).await?;
    Ok(UsageRecorded { id, queue: charge.queue, credits: charge.credits, credits_left })
}

/// Gives back the credits of a generation that failed, once.
pub async fn refund(
    conn: &mut Conn,
    customer: &str,
    generation: &str,
    now: DateTime<Utc>,
) -> Result<UsageRefunded, ApiError> {
    let refunded = match is_customer_id(customer) && is_id(generation) {
        true => store::credits::refund_generation(conn, generation, customer).await?,
        false => None,
    };
    let credits = refunded.ok_or(ApiError::NotFound("unrefunded generation of this customer"))?;
    let credits_left = credits::credits_left(conn, customer, now).await?;
    Ok(UsageRefunded { id: generation.to_string(), credits, credits_left })
}
