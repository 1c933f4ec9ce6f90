//! Plan changes in two steps: a quote prices the change now and is kept 10 minutes; applying it
//! by id charges exactly its amount, once, as long as the subscription is still the one it
//! priced.

use chrono::{DateTime, Duration, Utc};
use pricing_core::api::webhooks::EventType;
use pricing_core::api::{ChangeApplied, Quote};
use pricing_core::{Interval, Money, Subscription, Timing};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::flows::events::{self, PlanChange, PlanTerm};
use crate::flows::{credits, subscription};
use crate::state::AppState;
use crate::store::{self, Conn, Payment};

/// How long a previewed price can be applied.
pub const QUOTE_LIFETIME: Duration = Duration::minutes(10);

/// What a stored quote remembers: the answer given, and the subscription it was priced on.
#[derive(Serialize, Deserialize)]
struct StoredQuote {
    quote: Quote,
    priced_at: DateTime<Utc>,
    base: Subscription,
}

/// Prices moving the customer's paid plan to `plan` on `interval`, and keeps the quote.
pub async fn preview(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    plan: &str,
    interval: Interval,
    now: DateTime<Utc>,
) -> Result<Quote, ApiError> {
    let record = subscription::paid(state, conn, customer, now).await?;
    let catalog = state.catalog();
    let preview = catalog.preview_change(&record.subscription, plan, interval, now)?;
    let quote = Quote {
        id: format!("qt_{}", uuid::Uuid::new_v4().simple()),
        plan: plan.to_string(),
        interval,
        timing: preview.timing,
        effective_at: preview.effective_at,
        amount_due_now: preview.amount_due_now,
        credits_added_now: preview.credits_added_now,
        new_price: preview.new_price.charged,
        period_end_after: preview.period_end_after,
        unlimited: preview.unlimited,
        expires_at: now + QUOTE_LIFETIME,
        tax: catalog.tax.get(&preview.amount_due_now.currency).cloned(),
    };
    let stored = StoredQuote { quote: quote.clone(), priced_at: now, base: record.subscription };
    let body = serde_json::to_string(&stored).map_err(|e| ApiError::Store(e.to_string()))?;
    store::save_quote(conn, &quote.id, customer, &body, quote.expires_at).await?;
    Ok(quote)
}

/// Applies a previewed change, charging exactly the quoted amount: an upgrade now (with its
/// credits), anything else scheduled for the period's end.
pub async fn apply(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    quote_id: &str,
    now: DateTime<Utc>,
) -> Result<ChangeApplied, ApiError> {
    let found = match pricing_core::api::is_id(quote_id) {
        true => store::quote(conn, quote_id, customer).await?,
        false => None,
    };
    let (body, used) = found.ok_or(ApiError::NotFound("quote"))?;
    let stored: StoredQuote = serde_json::from_str(&body).map_err(|e| ApiError::Store(e.to_string()))?;
    if used {
        return Err(ApiError::QuoteUnusable("this quote was already applied"));
    }
    if now >= stored.quote.expires_at {
        return Err(ApiError::QuoteUnusable("this quote has expired; preview the change again"));
    }
    let mut record = subscription::paid(state, conn, customer, now).await?;
    if record.subscription != stored.base {
        return Err(ApiError::QuoteUnusable("the subscription changed since this quote; preview again"));
    }
    let quote = stored.quote;
    let charged = match quote.timing {
        Timing::Now => {
            let catalog = state.catalog();
            let preview = catalog.preview_change(&stored.base, &quote.plan, quote.interval, stored.priced_at)?;
            record.subscription = catalog.upgraded(&stored.base, &preview, &quote.plan, quote.interval);
            record.scheduled = None;
            credits::upgrade(state, conn, customer, &record, quote.credits_added_now, now).await?;
            quote.amount_due_now
        }
        Timing::AtPeriodEnd => {
            record.scheduled = Some((quote.plan.clone(), quote.interval));
            Money::new(0, quote.amount_due_now.currency)
        }
    };
    let catalog = state.catalog();
    let tax = catalog.tax.get(&charged.currency);
    let payment =
        (charged.minor > 0).then_some(Payment { amount: charged, description: "Plan change", tax, top_up: false });
    if !store::save_subscription(conn, &record, payment, Some(quote_id), now).await? {
        return Err(ApiError::QuoteUnusable("this quote was already applied"));
    }
    let (event_type, at) = match quote.timing {
        Timing::Now => (EventType::SubscriptionChanged, now),
        Timing::AtPeriodEnd => (EventType::SubscriptionChangeScheduled, stored.base.period_end),
    };
    let change = PlanChange {
        from: PlanTerm { plan: &stored.base.plan_id, interval: stored.base.interval },
        to: PlanTerm { plan: &quote.plan, interval: quote.interval },
        at,
        charged,
    };
    events::customer(conn, event_type, customer, &change, now).await?;
    Ok(ChangeApplied { charged, subscription: subscription::view(state, conn, customer, now).await? })
}
