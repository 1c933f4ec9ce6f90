//! Cancellation that listens: the reasons and the retention offer shown before a customer
//! cancels, the cancellation kept with its reason, and the offer taken instead, once per
//! customer (its renewals are charged less by `subscription::end_period`).

use chrono::{DateTime, Utc};
use pricing_core::api::cancellation::{CancelRequest, CancellationOptions, RetentionOfferView};
use pricing_core::api::webhooks::EventType;
use pricing_core::api::SubscriptionView;
use pricing_core::retention::{CancelReason, MAX_COMMENT_CHARS};
use pricing_core::Money;
use serde_json::json;

use crate::error::ApiError;
use crate::flows::{events, subscription};
use crate::state::AppState;
use crate::store::{self, Conn};

/// Why a comment is refused.
pub const COMMENT_TOO_LONG: &str = "comment must be at most 1000 characters";
/// Why the offer cannot be taken.
pub const NO_OFFER: &str =
    "there is no retention offer for this customer (none in the catalog, taken before, or not a monthly plan)";

/// The reasons, when the plan would end, and the offer the customer may take instead.
pub async fn options(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    now: DateTime<Utc>,
) -> Result<CancellationOptions, ApiError> {
    let record = subscription::paid(state, conn, customer, now).await?;
    let s = &record.subscription;
    let catalog = state.catalog();
    let offer = catalog.retention_offer_for(s, store::retention::taken(conn, customer).await?);
    let offer = match offer {
        Some(offer) => {
            let renewal = catalog.plan_price(&s.plan_id, s.interval, s.currency, s.period_end)?.charged;
            Some(RetentionOfferView {
                percent_off: offer.percent_off,
                months: offer.months,
                renewal_price: renewal,
                offered_price: Money::new(offer.price(renewal.minor), renewal.currency),
            })
        }
        None => None,
    };
    Ok(CancellationOptions { reasons: CancelReason::ALL.to_vec(), ends_at: s.period_end, offer })
}

/// Cancels at the period's end and keeps why.
pub async fn cancel(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    why: &CancelRequest,
    now: DateTime<Utc>,
) -> Result<SubscriptionView, ApiError> {
    if why.comment.as_deref().is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS) {
        return Err(ApiError::InvalidBody(COMMENT_TOO_LONG.into()));
    }
    subscription::set_cancellation(state, conn, customer, Some(why), now).await
}

/// Takes the retention offer instead of cancelling: once per customer.
pub async fn take_offer(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    now: DateTime<Utc>,
) -> Result<SubscriptionView, ApiError> {
    let record = subscription::paid(state, conn, customer, now).await?;
    let taken = store::retention::taken(conn, customer).await?;
    let offer =
        state.catalog().retention_offer_for(&record.subscription, taken).ok_or(ApiError::WrongState(NO_OFFER))?;
    if !store::retention::take(conn, customer, offer.percent_off, offer.months, now).await? {
        return Err(ApiError::WrongState(NO_OFFER));
    }
    let data = json!({ "percent_off": offer.percent_off, "months": offer.months, "plan": record.subscription.plan_id });
    events::customer(conn, EventType::SubscriptionRetained, customer, &data, now).await?;
    subscription::view(state, conn, customer, now).await
}
