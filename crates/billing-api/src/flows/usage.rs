//! Generations, as the generation service reports them: in one step (`POST /v1/usage`), or held
//! while they run (`flows::holds`). Free under the customer's Unlimited, else paid with credits
//! in spending order; refused when the credits are short or the plan does not include the
//! model; refunded once when a generation failed.

use chrono::{DateTime, Utc};
use pricing_core::api::holds::HoldState;
use pricing_core::api::{is_customer_id, is_id, UsageRecorded, UsageRefunded, UsageRequest};
use pricing_core::credits::{Debit, Queue};

use crate::error::ApiError;
use crate::flows::{credits, subscription, top_up};
use crate::state::AppState;
use crate::store::generations::NewGeneration;
use crate::store::{self, Conn};

/// What a generation asks for.
pub struct Work<'a> {
    pub customer: &'a str,
    pub model: &'a str,
    pub resolution: &'a str,
    pub seconds: Option<u32>,
}

/// How a generation is paid now: its queue and the debits that pay it (none under Unlimited).
pub struct Paid {
    pub queue: Queue,
    pub debits: Vec<Debit>,
}

impl Paid {
    pub fn credits(&self) -> u64 {
        self.debits.iter().map(|d| d.credits).sum()
    }
}

/// A customer the API knows; anything else is no customer.
pub async fn known(conn: &mut Conn, customer: &str) -> Result<(), ApiError> {
    match is_customer_id(customer) && store::credits::created_at(conn, customer).await?.is_some() {
        true => Ok(()),
        false => Err(ApiError::NotFound("customer")),
    }
}

/// Prices `work` for its customer at `now` (everything due settled first) and picks the credits
/// that pay it; refused as a report would be.
pub async fn pay(state: &AppState, conn: &mut Conn, work: &Work<'_>, now: DateTime<Utc>) -> Result<Paid, ApiError> {
    known(conn, work.customer).await?;
    let record = subscription::at(state, conn, work.customer, now).await?;
    let paid_plan = record.as_ref().map(|r| r.subscription.plan_id.as_str());
    let catalog = state.catalog();
    let plan = catalog.plan_in_force(paid_plan);
    let unlimited_until = record.as_ref().and_then(|r| r.subscription.unlimited_until);
    let charge = catalog.usage_charge(plan, unlimited_until, work.model, work.resolution, work.seconds, now)?;
    let grants = store::credits::live_grants(conn, work.customer, now).await?;
    let debits = pricing_core::credits::spend(&grants, charge.credits, now)
        .map_err(|short| ApiError::InsufficientCredits { needed: short.needed, available: short.available })?;
    Ok(Paid { queue: charge.queue, debits })
}

/// Starts a paid generation, held until `expires_at` or captured at once, and does what
/// spending leaves to do (`top_up::after_spending`): its id.
pub async fn start(
    state: &AppState,
    conn: &mut Conn,
    work: &Work<'_>,
    paid: &Paid,
    held_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    let id = format!("gen_{}", uuid::Uuid::new_v4().simple());
    let generation = NewGeneration {
        id: &id,
        customer_id: work.customer,
        model: work.model,
        resolution: work.resolution,
        seconds: work.seconds,
        queue: paid.queue,
        debits: &paid.debits,
        state: if held_until.is_some() { HoldState::Held } else { HoldState::Captured },
        expires_at: held_until,
    };
    if !store::generations::record(conn, &generation, now).await? {
        return Err(ApiError::Store(format!("a credit grant of {} changed while it was spent", work.customer)));
    }
    if paid.credits() > 0 {
        top_up::after_spending(state, conn, work.customer, now).await?;
    }
    Ok(id)
}

/// Records a generation and pays for it.
pub async fn record(
    state: &AppState,
    conn: &mut Conn,
    request: &UsageRequest,
    now: DateTime<Utc>,
) -> Result<UsageRecorded, ApiError> {
    let work = Work {
        customer: &request.customer_id,
        model: &request.model,
        resolution: &request.resolution,
        seconds: request.seconds,
    };
    let paid = pay(state, conn, &work, now).await?;
    let id = start(state, conn, &work, &paid, None, now).await?;
    let credits_left = credits::credits_left(conn, work.customer, now).await?;
    Ok(UsageRecorded { id, queue: paid.queue, credits: paid.credits(), credits_left })
}

/// Gives back the credits of a generation that failed, once.
pub async fn refund(
    conn: &mut Conn,
    customer: &str,
    generation: &str,
    now: DateTime<Utc>,
) -> Result<UsageRefunded, ApiError> {
    let refunded = match is_customer_id(customer) && is_id(generation) {
        true => store::generations::refund(conn, generation, customer).await?,
        false => None,
    };
    let credits = refunded.ok_or(ApiError::NotFound("unrefunded generation of this customer"))?;
    let credits_left = credits::credits_left(conn, customer, now).await?;
    Ok(UsageRefunded { id: generation.to_string(), credits, credits_left })
}
