//! A customer's subscription at a moment. Whatever happened since it was last read is settled
//! first, in order (`Catalog::due`): periods renewed and charged (or ended), and each credit
//! cycle's allowance granted. Renewals are versioned updates with their payment, and cycles
//! move only from the cycle read: of several readers that find the same period over, in any
//! number of processes, one renews and charges, and one grants.

use chrono::{DateTime, Utc};
use pricing_core::api::cancellation::CancelRequest;
use pricing_core::api::webhooks::EventType;
use pricing_core::api::{ScheduledChange, SubscriptionView};
use pricing_core::credits::Due;
use pricing_core::retention::NextRenewal;
use pricing_core::{Money, PricingError};

use crate::error::ApiError;
use crate::flows::credits;
use crate::flows::events::{self, Cancelled, ChangeTakenBack, PlanChange, PlanState, PlanTerm};
use crate::state::AppState;
use crate::store::{self, Conn, Payment, SubscriptionRecord};

/// The customer's paid subscription at `now` (`None`: on the free plan), with everything due
/// until then settled.
pub async fn at(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    now: DateTime<Utc>,
) -> Result<Option<SubscriptionRecord>, ApiError> {
    // Every flow that changes a customer's money or credits starts here: on PostgreSQL, the
    // other processes' flows for this customer wait until this transaction ends.
    store::lock(conn, &format!("customer {customer}")).await?;
    store::generations::release_expired(conn, Some(customer), now).await?;
    let mut record = store::subscription(conn, customer).await?;
    let catalog = state.catalog();
    let Some(cycle) = store::credits::cycle(conn, customer).await? else { return Ok(record) };
    let mut cycle = match cycle {
        Some(cycle) => cycle,
        None => {
            let anchor = match &record {
                Some(r) => r.subscription.period_start,
                None => store::credits::created_at(conn, customer).await?.unwrap_or(now),
            };
            credits::enter_cycle(state, conn, customer, record.as_ref(), None, catalog.first_cycle(anchor), now).await?
        }
    };
    loop {
        let period_end = record.as_ref().map(|r| r.subscription.period_end);
        match (catalog.due(period_end, cycle, now), period_end, record.take()) {
            (Due::PeriodEnd, Some(end), Some(ended)) => {
                credits::report_expired(conn, customer, end, now).await?;
                record = end_period(state, conn, customer, ended, now).await?;
                // A renewed period (or none) starts new cycles at the end of the old one.
                if record.as_ref().is_none_or(|r| r.subscription.period_start == end) {
                    let first = catalog.first_cycle(end);
                    cycle =
                        credits::enter_cycle(state, conn, customer, record.as_ref(), Some(cycle), first, now).await?;
                }
            }
            (Due::CycleEnd, _, kept) => {
                credits::report_expired(conn, customer, cycle.end, now).await?;
                record = kept;
                let next = catalog.next_cycle(cycle);
                cycle = credits::enter_cycle(state, conn, customer, record.as_ref(), Some(cycle), next, now).await?;
            }
            (_, _, kept) => {
                credits::report_expired(conn, customer, now, now).await?;
                return Ok(kept);
            }
        }
    }
}

/// Renews a period that ran out, or ends the paid plan (`Catalog::next_period`): the record
/// after it, as stored.
async fn end_period(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    record: SubscriptionRecord,
    now: DateTime<Utc>,
) -> Result<Option<SubscriptionRecord>, ApiError> {
    let scheduled = record.scheduled.as_ref().map(|(plan, interval)| (plan.as_str(), *interval));
    // A retention offer taken instead of cancelling lowers its renewals while it runs.
    let offer = store::retention::running(conn, customer).await?;
    let next = state.catalog().next_renewal(&record.subscription, scheduled, record.cancel_at_period_end, offer)?;
    let old = &record.subscription;
    let Some(NextRenewal { next: renewed, offer_applied }) = next else {
        if store::end_subscription(conn, &record).await? {
            let ended =
                PlanState { plan: &old.plan_id, interval: old.interval, period_end: old.period_end, charged: None };
            events::customer(conn, EventType::SubscriptionEnded, customer, &ended, now).await?;
            return Ok(None);
        }
        return Ok(store::subscription(conn, customer).await?);
    };
    let charge = Money::new(renewed.paid, renewed.currency);
    let next = SubscriptionRecord {
        customer_id: customer.to_string(),
        subscription: renewed,
        cancel_at_period_end: false,
        scheduled: None,
        version: record.version,
    };
    let catalog = state.catalog();
    let payment =
        Payment { amount: charge, description: "Renewal", tax: catalog.tax.get(&charge.currency), top_up: false };
    if !store::save_subscription(conn, &next, Some(payment), None, now).await? {
        return Ok(store::subscription(conn, customer).await?);
    }
    if offer_applied {
        store::retention::use_one(conn, customer).await?;
    }
    let new = &next.subscription;
    if (new.plan_id.as_str(), new.interval) != (old.plan_id.as_str(), old.interval) {
        let change = PlanChange {
            from: PlanTerm { plan: &old.plan_id, interval: old.interval },
            to: PlanTerm { plan: &new.plan_id, interval: new.interval },
            at: new.period_start,
            charged: charge,
        };
        events::customer(conn, EventType::SubscriptionChanged, customer, &change, now).await?;
    }
    let renewal =
        PlanState { plan: &new.plan_id, interval: new.interval, period_end: new.period_end, charged: Some(charge) };
    events::customer(conn, EventType::SubscriptionRenewed, customer, &renewal, now).await?;
    Ok(Some(SubscriptionRecord { version: next.version + 1, ..next }))
}

/// The customer's paid subscription at `now`; refused for a customer on the free plan.
pub async fn paid(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    now: DateTime<Utc>,
) -> Result<SubscriptionRecord, ApiError> {
    at(state, conn, customer, now).await?.ok_or(ApiError::Pricing(PricingError::NotSubscribed))
}

/// The customer as stored (`Some(None)`: on the free plan), when that is the customer as they
/// are at `now`: no period or credit cycle has ended and no hold has run out since the last
/// write, so a read needs no write transaction. `None` when something is due.
pub async fn as_stored_if_current(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    now: DateTime<Utc>,
) -> Result<Option<Option<SubscriptionRecord>>, ApiError> {
    let Some(cycle) = store::credits::cycle(conn, customer).await?.flatten() else { return Ok(None) };
    let record = store::subscription(conn, customer).await?;
    let due = state.catalog().due(record.as_ref().map(|r| r.subscription.period_end), cycle, now);
    let current = matches!(due, Due::Nothing)
        && store::generations::expired_holds(conn, Some(customer), now, 1).await?.is_empty();
    Ok(current.then_some(record))
}

/// The customer's plan, credits and scheduled change at `now`, as the API answers them.
pub async fn view(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    now: DateTime<Utc>,
) -> Result<SubscriptionView, ApiError> {
    let record = at(state, conn, customer, now).await?;
    view_of(state, conn, customer, record.as_ref(), now).await
}

/// `view` of the customer `at` settled into `record`.
pub async fn view_of(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    record: Option<&SubscriptionRecord>,
    now: DateTime<Utc>,
) -> Result<SubscriptionView, ApiError> {
    let balances = credits::balances(conn, customer, now).await?;
    let credits_left = balances.iter().map(|b| b.credits).sum();
    Ok(match record {
        None => SubscriptionView {
            customer_id: customer.to_string(),
            plan: state.catalog().free_plan().id.clone(),
            interval: None,
            currency: None,
            period_end: None,
            credits_left,
            balances,
            unlimited_until: None,
            cancel_at_period_end: false,
            scheduled_change: None,
        },
        Some(r) => SubscriptionView {
            customer_id: customer.to_string(),
            plan: r.subscription.plan_id.clone(),
            interval: Some(r.subscription.interval),
            currency: Some(r.subscription.currency),
            period_end: Some(r.subscription.period_end),
            credits_left,
            balances,
            unlimited_until: r.subscription.unlimited_at(now),
            cancel_at_period_end: r.cancel_at_period_end,
            scheduled_change: r.scheduled.as_ref().map(|(plan, interval)| ScheduledChange {
                plan: plan.clone(),
                interval: *interval,
                at: r.subscription.period_end,
            }),
        },
    })
}

/// Cancels at period end, with why (`Some`), or takes that back before the period ends (`None`).
pub async fn set_cancellation(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    why: Option<&CancelRequest>,
    now: DateTime<Utc>,
) -> Result<SubscriptionView, ApiError> {
    let cancel = why.is_some();
    let mut record = paid(state, conn, customer, now).await?;
    if cancel {
        state.catalog().cancel_at_period_end(&record.subscription, now)?;
    }
    let changed = record.cancel_at_period_end != cancel;
    record.cancel_at_period_end = cancel;
    if !store::save_subscription(conn, &record, None, None, now).await? {
        return Err(ApiError::Store("the subscription changed while it was being cancelled".into()));
    }
    let reason = why.and_then(|w| w.reason);
    let comment = why.and_then(|w| w.comment.as_deref());
    store::retention::record_reason(conn, customer, reason.map(|r| r.as_str()), comment).await?;
    if changed {
        let s = &record.subscription;
        let plan = PlanState { plan: &s.plan_id, interval: s.interval, period_end: s.period_end, charged: None };
        match why {
            Some(_) => {
                let data = Cancelled { plan, reason, comment };
                events::customer(conn, EventType::SubscriptionCancelled, customer, &data, now).await?;
            }
            None => events::customer(conn, EventType::SubscriptionResumed, customer, &plan, now).await?,
        }
    }
    view(state, conn, customer, now).await
}

/// Takes back the change scheduled for the period's end (a downgrade, a shorter interval, the
/// free plan), so that the plan renews as it is. With nothing scheduled, or no paid plan, nothing
/// changes: a second click answers what the first did.
pub async fn take_back_change(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    now: DateTime<Utc>,
) -> Result<SubscriptionView, ApiError> {
    let mut record = at(state, conn, customer, now).await?;
    let scheduled = record.as_mut().and_then(|r| r.scheduled.take());
    if let (Some(r), Some((plan, interval))) = (&record, scheduled) {
        if !store::save_subscription(conn, r, None, None, now).await? {
            return Err(ApiError::Store("the subscription changed while its change was taken back".into()));
        }
        let s = &r.subscription;
        let taken_back = ChangeTakenBack {
            from: PlanTerm { plan: &s.plan_id, interval: s.interval },
            to: PlanTerm { plan: &plan, interval },
            at: s.period_end,
        };
        events::customer(conn, EventType::SubscriptionChangeCancelled, customer, &taken_back, now).await?;
    }
    view_of(state, conn, customer, record.as_ref(), now).await
}
