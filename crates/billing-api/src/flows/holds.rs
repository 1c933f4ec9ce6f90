//! Long generations: their credits are held when they start (refused at once when short),
//! captured when they succeed (at most what was held: the rest goes back) and given back when
//! they fail or the hold runs out. Held credits are taken from their grants at once, so every
//! balance counts them; a customer's holds that ran out are given back before anything reads
//! the customer (`subscription::at`). And the check before a generation starts: the answer a
//! hold would give, without taking anything.

use chrono::{DateTime, Utc};
use pricing_core::api::holds::{Hold, HoldRequest, HoldState, SettleRequest, UsageCheck};
use pricing_core::api::is_id;
use pricing_core::credits::hold::{captured, give_back, hold_expiry};
use pricing_core::credits::{Queue, UsageCharge, UsageRefused};

use crate::error::ApiError;
use crate::flows::usage::{self, Work};
use crate::flows::{credits, subscription};
use crate::state::AppState;
use crate::store::{self, Conn, SubscriptionRecord};

/// Why a hold cannot be settled again.
pub const SETTLED: &str = "this hold was already captured, released or ran out";

/// Holds a generation's credits until it is settled or `hold_seconds` pass.
pub async fn hold(
    state: &AppState,
    conn: &mut Conn,
    request: &HoldRequest,
    now: DateTime<Utc>,
) -> Result<Hold, ApiError> {
    let expires_at = hold_expiry(now, request.hold_seconds).map_err(|e| ApiError::InvalidBody(e.to_string()))?;
    let work = Work {
        customer: &request.customer_id,
        model: &request.model,
        resolution: &request.resolution,
        seconds: request.seconds,
    };
    let paid = usage::pay(state, conn, &work, now).await?;
    let id = usage::start(state, conn, &work, &paid, Some(expires_at), now).await?;
    let credits_left = credits::credits_left(conn, work.customer, now).await?;
    Ok(Hold { id, state: HoldState::Held, queue: paid.queue, credits: paid.credits(), expires_at, credits_left })
}

/// Captures (`keep`) or releases a hold of `request.customer_id`.
pub async fn settle(
    state: &AppState,
    conn: &mut Conn,
    id: &str,
    request: &SettleRequest,
    keep: bool,
    now: DateTime<Utc>,
) -> Result<Hold, ApiError> {
    let customer = &request.customer_id;
    usage::known(conn, customer).await?;
    // Settles the customer first: a hold that ran out is given back here, and cannot be captured.
    subscription::at(state, conn, customer, now).await?;
    let found = match is_id(id) {
        true => store::generations::hold(conn, id, customer).await?,
        false => None,
    };
    let hold = found.ok_or(ApiError::NotFound("hold of this customer"))?;
    if hold.state != HoldState::Held {
        return Err(ApiError::WrongState(SETTLED));
    }
    let kept = match keep {
        true => captured(hold.credits, request.credits).map_err(|e| ApiError::InvalidBody(e.to_string()))?,
        false => 0,
    };
    let back = give_back(&store::generations::debits(conn, id).await?, kept);
    let to = if keep { HoldState::Captured } else { HoldState::Released };
    if !store::generations::settle(conn, id, to, kept, &back).await? {
        return Err(ApiError::WrongState(SETTLED));
    }
    let credits_left = credits::credits_left(conn, customer, now).await?;
    let expires_at = hold.expires_at.unwrap_or(now);
    Ok(Hold { id: id.to_string(), state: to, queue: hold.queue, credits: kept, expires_at, credits_left })
}

/// May the customer run `work` now, at what cost, and with what left: read without a write
/// when nothing about the customer is due, else after settling what is.
pub async fn check(state: &AppState, work: &Work<'_>, now: DateTime<Utc>) -> Result<UsageCheck, ApiError> {
    {
        let mut conn = state.store.read().await?;
        usage::known(&mut conn, work.customer).await?;
        if let Some(record) = subscription::as_stored_if_current(state, &mut conn, work.customer, now).await? {
            return answer(state, &mut conn, work, record, now).await;
        }
    }
    let mut tx = state.store.write().await?;
    let record = subscription::at(state, &mut tx, work.customer, now).await?;
    let answer = answer(state, &mut tx, work, record, now).await?;
    tx.commit().await?;
    Ok(answer)
}

/// The check's answer from the customer as stored: the same core rules as a report or a hold.
async fn answer(
    state: &AppState,
    conn: &mut Conn,
    work: &Work<'_>,
    record: Option<SubscriptionRecord>,
    now: DateTime<Utc>,
) -> Result<UsageCheck, ApiError> {
    let catalog = state.catalog();
    let plan = catalog.plan_in_force(record.as_ref().map(|r| r.subscription.plan_id.as_str()));
    let unlimited_until = record.as_ref().and_then(|r| r.subscription.unlimited_until);
    let credits_held = store::generations::held_credits(conn, work.customer).await?;
    let grants = store::credits::live_grants(conn, work.customer, now).await?;
    let credits_left = pricing_core::credits::spendable(&grants, now).iter().map(|g| g.left).sum();
    let charge = catalog.usage_charge(plan, unlimited_until, work.model, work.resolution, work.seconds, now);
    let (charge, refusal) = match charge {
        Ok(charge) => match pricing_core::credits::spend(&grants, charge.credits, now) {
            Ok(_) => (charge, None),
            Err(short) => {
                let refused = ApiError::InsufficientCredits { needed: short.needed, available: short.available };
                (charge, Some(refused))
            }
        },
        Err(refused @ UsageRefused::NotIncluded(_)) => {
            // What it would cost on a plan that has it.
            let model = catalog.model(work.model);
            let credits = model.and_then(|m| m.credits_per_output(work.resolution, work.seconds).ok()).unwrap_or(0);
            (UsageCharge { queue: Queue::Priority, credits }, Some(ApiError::Usage(refused)))
        }
        Err(refused @ UsageRefused::Output(_)) => return Err(ApiError::Usage(refused)),
    };
    let (refusal, message) = match refusal.map(|e| e.body().error) {
        Some(error) => (Some(error.code), Some(error.message)),
        None => (None, None),
    };
    let allowed = refusal.is_none();
    Ok(UsageCheck {
        allowed,
        refusal,
        message,
        queue: charge.queue,
        unlimited: charge.queue == Queue::Standard,
        credits: charge.credits,
        credits_left,
        credits_held,
        credits_left_after: allowed.then(|| credits_left - charge.credits),
    })
}
