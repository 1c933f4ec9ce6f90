//! The customer's account at a glance (`GET /v1/customer/account`), on one transaction: what
//! fell due is settled first (`subscription::at`), the rows are read, and every figure comes
//! from the core (`Catalog::account_view`): the next renewal as the renewal will charge it,
//! this cycle's spending as the low-balance marks count it, what is Unlimited now, and the
//! suggestion once the credits run low.

use chrono::{DateTime, Duration, Utc};
use pricing_core::api::account::{AccountFacts, AccountView, PaidPlan, RECENT_WORK_DAYS};

use crate::error::ApiError;
use crate::flows::{subscription, top_up};
use crate::state::AppState;
use crate::store::{self, Conn};

pub async fn view(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    now: DateTime<Utc>,
) -> Result<AccountView, ApiError> {
    let record = subscription::at(state, conn, customer, now).await?;
    let offer = store::retention::running(conn, customer).await?;
    let paid = record.as_ref().map(|r| PaidPlan {
        subscription: &r.subscription,
        scheduled: r.scheduled.as_ref().map(|(plan, interval)| (plan.as_str(), *interval)),
        cancel_at_period_end: r.cancel_at_period_end,
        offer,
    });
    let facts = AccountFacts {
        subscription: subscription::view_of(state, conn, customer, record.as_ref(), now).await?,
        paid,
        cycle: top_up::cycle_credits(conn, customer).await?,
        held: store::generations::held_credits(conn, customer).await?,
        auto_top_up: top_up::configured(conn, customer, now).await?,
        recent_work: store::generations::recent_work(conn, customer, now - Duration::days(RECENT_WORK_DAYS)).await?,
    };
    Ok(state.catalog().account_view(facts, now)?)
}
