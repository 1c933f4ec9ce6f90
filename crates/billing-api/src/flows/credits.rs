//! Credits over time: each credit cycle's allowance of the plan in force, what a plan change
//! does to the cycle, and the balances a customer can spend. The rules (allowances, cycle ends,
//! spending order) are `pricing_core::credits`; this module stores their outcome.

use chrono::{DateTime, Utc};
use pricing_core::api::webhooks::EventType;
use pricing_core::api::Balance;
use pricing_core::credits::{self, CreditSource, Cycle, CycleChange};

use crate::error::ApiError;
use crate::flows::events::{self, Credits};
use crate::state::AppState;
use crate::store::{self, Conn, SubscriptionRecord};

/// Grants credits from `granted_at` and reports it (`credits.granted`).
pub async fn grant(
    conn: &mut Conn,
    customer: &str,
    grant: Credits<'_>,
    granted_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Credits { source, pack, credits, expires_at } = grant;
    store::credits::grant(conn, customer, source, pack, credits, granted_at, expires_at).await?;
    if credits > 0 {
        events::customer(conn, EventType::CreditsGranted, customer, &grant, now).await?;
    }
    Ok(())
}

/// Reports, at `now`, each grant of the customer whose unspent credits expired by `until`, once
/// (`credits.expired`): settling a customer reports them at each period or cycle end it passes,
/// before what that end starts.
pub async fn report_expired(
    conn: &mut Conn,
    customer: &str,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    for expired in store::credits::newly_expired(conn, customer, until).await? {
        let (source, pack, credits, expires_at) = expired;
        let data = Credits { source, pack: pack.as_deref(), credits, expires_at };
        events::customer(conn, EventType::CreditsExpired, customer, &data, now).await?;
    }
    Ok(())
}

/// Starts the cycle `to` and grants the allowance of the plan in force (the subscription's,
/// else the free plan's) from the cycle's start, unless another request moved the cycle first:
/// the cycle it is in.
pub async fn enter_cycle(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    record: Option<&SubscriptionRecord>,
    from: Option<Cycle>,
    to: Cycle,
    now: DateTime<Utc>,
) -> Result<Cycle, ApiError> {
    if !store::credits::advance_cycle(conn, customer, from, to).await? {
        return Ok(store::credits::cycle(conn, customer).await?.flatten().unwrap_or(to));
    }
    let paid_plan = record.map(|r| r.subscription.plan_id.as_str());
    let catalog = state.catalog();
    if let Some(plan) = catalog.plan_in_force(paid_plan) {
        let allowance = catalog.cycle_allowance(plan);
        let credits = Credits { source: CreditSource::Plan, pack: None, credits: allowance, expires_at: to.end };
        grant(conn, customer, credits, catalog.cycle_start(to), now).await?;
    }
    Ok(to)
}

/// Moves the customer's cycle and running plan credits as `change` says.
pub async fn apply_cycle_change(
    conn: &mut Conn,
    customer: &str,
    from: Option<Cycle>,
    change: CycleChange,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if let Some(at) = change.running_plan_credits_expire {
        store::credits::move_plan_credits_expiry(conn, customer, now, at).await?;
        report_expired(conn, customer, now, now).await?;
    }
    if from != Some(change.cycle) {
        store::credits::advance_cycle(conn, customer, from, change.cycle).await?;
    }
    Ok(())
}

/// What an upgrade at `now` does to credits: the cycle follows the new period
/// (`Catalog::cycle_after_upgrade`) and the monthly credit difference is added at once, until
/// the cycle's end.
pub async fn upgrade(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    record: &SubscriptionRecord,
    added: u64,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let current = store::credits::cycle(conn, customer).await?.flatten();
    let change = state.catalog().cycle_after_upgrade(current, record.subscription.period_start, now);
    apply_cycle_change(conn, customer, current, change, now).await?;
    if added > 0 {
        let credits = Credits { source: CreditSource::Plan, pack: None, credits: added, expires_at: change.cycle.end };
        grant(conn, customer, credits, now, now).await?;
    }
    Ok(())
}

/// The customer's credits that can be spent at `now`, in spending order.
pub async fn balances(conn: &mut Conn, customer: &str, now: DateTime<Utc>) -> Result<Vec<Balance>, ApiError> {
    let grants = store::credits::live_grants(conn, customer, now).await?;
    Ok(credits::spendable(&grants, now)
        .into_iter()
        .map(|g| Balance { source: g.source, credits: g.left, expires_at: g.expires_at })
        .collect())
}

/// What `balances` adds up to.
pub async fn credits_left(conn: &mut Conn, customer: &str, now: DateTime<Utc>) -> Result<u64, ApiError> {
    Ok(balances(conn, customer, now).await?.iter().map(|b| b.credits).sum())
}
