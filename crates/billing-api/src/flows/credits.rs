//! Credits over time: each credit cycle's allowance of the plan in force, what a plan change
//! does to the cycle, and the balances a customer can spend. The rules (allowances, cycle ends,
//! spending order) are `pricing_core::credits`; this module stores their outcome.

use chrono::{DateTime, Utc};
use pricing_core::api::Balance;
use pricing_core::credits::{self, CreditSource, Cycle, CycleChange};

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{self, Conn, SubscriptionRecord};

/// Starts the cycle `to` and grants the allowance of the plan in force (the subscription's,
/// else the free plan's), unless another request moved the cycle first: the cycle it is in.
pub async fn enter_cycle(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    record: Option<&SubscriptionRecord>,
    from: Option<Cycle>,
    to: Cycle,
) -> Result<Cycle, ApiError> {
    if !store::credits::advance_cycle(conn, customer, from, to).await? {
        return Ok(store::credits::cycle(conn, customer).await?.flatten().unwrap_or(to));
    }
    let paid_plan = record.map(|r| r.subscription.plan_id.as_str());
    let catalog = state.catalog();
    if let Some(plan) = catalog.plan_in_force(paid_plan) {
        let allowance = catalog.cycle_allowance(plan);
        store::credits::grant(conn, customer, CreditSource::Plan, None, allowance, to.anchor, to.end).await?;
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
        store::credits::grant(conn, customer, CreditSource::Plan, None, added, now, change.cycle.end).await?;
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
