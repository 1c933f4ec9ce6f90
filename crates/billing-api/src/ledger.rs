//! Credits over time: each credit cycle's allowance of the plan in force, balances by source,
//! and generations paid from them (`POST /v1/usage`) or refunded. The rules (allowances, cycle
//! ends, spending order, what a generation costs) are `pricing_core::credits`; this module
//! decides what to store.

use chrono::{DateTime, Utc};
use pricing_core::api::{Balance, UsageRecorded, UsageRefunded, UsageRequest};
use pricing_core::credits::{self, CreditSource};

use crate::error::ApiError;
use crate::store::credits::Cycle;
use crate::store::{self, Conn, SubscriptionRecord};
use crate::AppState;

impl AppState {
    /// The plan in force for credits: the subscription's, else the free plan.
    fn plan_in_force<'a>(&'a self, record: Option<&'a SubscriptionRecord>) -> Option<&'a pricing_core::catalog::Plan> {
        match record {
            Some(r) => self.catalog.plan(&r.subscription.plan_id),
            None => self.catalog.plans.iter().find(|p| p.free),
        }
    }

    /// Starts the cycle `to` and grants its allowance, unless another request did it first.
    pub(crate) async fn enter_cycle(
        &self,
        conn: &mut Conn,
        customer: &str,
        record: Option<&SubscriptionRecord>,
        from: Option<Cycle>,
        to: Cycle,
    ) -> Result<Cycle, ApiError> {
        if !store::credits::advance_cycle(conn, customer, from, to).await? {
            return Ok(store::credits::cycle(conn, customer).await?.flatten().unwrap_or(to));
        }
        if let Some(plan) = self.plan_in_force(record) {
            let allowance = self.catalog.cycle_allowance(plan);
            store::credits::grant(conn, customer, CreditSource::Plan, None, allowance, to.anchor, to.end).await?;
        }
        Ok(to)
    }

    /// The next cycle after `cycle`, counted from the same anchor.
    pub(crate) fn following(&self, cycle: Cycle) -> Cycle {
        Cycle { anchor: cycle.anchor, end: self.catalog.cycle_end(cycle.anchor, cycle.end) }
    }

    /// A cycle counted from `anchor`, the one running at `anchor`.
    pub(crate) fn first_cycle(&self, anchor: DateTime<Utc>) -> Cycle {
        Cycle { anchor, end: self.catalog.cycle_end(anchor, anchor) }
    }

    /// Credits an upgrade adds now, on the plan's cycle; when the upgrade starts a new period
    /// (monthly to annual), cycles count from its start and the running plan credits last
    /// until the new cycle ends.
    pub(crate) async fn upgrade_credits(
        &self,
        conn: &mut Conn,
        customer: &str,
        record: &SubscriptionRecord,
        added: u64,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let anchor = record.subscription.period_start;
        let current = store::credits::cycle(conn, customer).await?.flatten();
        let cycle = match current {
            Some(cycle) if cycle.anchor == anchor => cycle,
            _ => {
                let moved = Cycle { anchor, end: self.catalog.cycle_end(anchor, now) };
                store::credits::advance_cycle(conn, customer, current, moved).await?;
                store::credits::move_plan_credits_expiry(conn, customer, now, moved.end).await?;
                moved
            }
        };
        if added > 0 {
            store::credits::grant(conn, customer, CreditSource::Plan, None, added, now, cycle.end).await?;
        }
        Ok(())
    }

    /// The customer's credits that can be spent at `now`, in spending order.
    pub async fn balances(
        &self,
        conn: &mut Conn,
        customer: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<Balance>, ApiError> {
        let grants = store::credits::live_grants(conn, customer, now).await?;
        Ok(credits::spendable(&grants, now)
            .into_iter()
            .map(|g| Balance { source: g.source, credits: g.left, expires_at: g.expires_at })
            .collect())
    }

    /// Records a generation: free under the customer's Unlimited, else paid with credits in
    /// spending order, or refused when they are short.
    pub async fn record_usage(
        &self,
        conn: &mut Conn,
        request: &UsageRequest,
        now: DateTime<Utc>,
    ) -> Result<UsageRecorded, ApiError> {
        let customer = &request.customer_id;
        if store::credits::created_at(conn, customer).await?.is_none() {
            return Err(ApiError::NotFound("customer"));
        }
        let record = self.subscription(conn, customer, now).await?;
        let plan = self.plan_in_force(record.as_ref()).map(|p| p.id.clone()).unwrap_or_default();
        let unlimited_until = record.as_ref().and_then(|r| r.subscription.unlimited_until);
        let charge = self.catalog.usage_charge(
            &plan,
            unlimited_until,
            &request.model,
            &request.resolution,
            request.seconds,
            now,
        )?;
        let grants = store::credits::live_grants(conn, customer, now).await?;
        let debits = credits::spend(&grants, charge.credits, now)
            .map_err(|short| ApiError::InsufficientCredits { needed: short.needed, available: short.available })?;
        let id = format!("gen_{}", uuid::Uuid::new_v4().simple());
        let queue = match charge.queue {
            pricing_core::Queue::Standard => "standard",
            pricing_core::Queue::Priority => "priority",
        };
        if !store::credits::record_generation(conn, &id, customer, queue, &debits, now).await? {
            return Err(ApiError::Store(format!("a credit grant of {customer} changed while it was spent")));
        }
        let credits_left = self.balances(conn, customer, now).await?.iter().map(|b| b.credits).sum();
        Ok(UsageRecorded { id, queue: charge.queue, credits: charge.credits, credits_left })
    }

    /// Gives back the credits of a generation that failed, once.
    pub async fn refund_usage(
        &self,
        conn: &mut Conn,
        customer: &str,
        generation: &str,
        now: DateTime<Utc>,
    ) -> Result<UsageRefunded, ApiError> {
        let credits = store::credits::refund_generation(conn, generation, customer)
            .await?
            .ok_or(ApiError::NotFound("unrefunded generation of this customer"))?;
        let credits_left = self.balances(conn, customer, now).await?.iter().map(|b| b.credits).sum();
        Ok(UsageRefunded { id: generation.to_string(), credits, credits_left })
    }
}
