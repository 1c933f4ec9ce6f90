//! Checkout: a session priced by the server for what the visitor asked for (a first paid plan,
//! or a credit pack), and paying it on the hosted test checkout, which grants the purchase once.

use chrono::{DateTime, Utc};
use pricing_core::api::webhooks::EventType;
use pricing_core::api::{CheckoutRequest, CheckoutSession, SessionStatus, CHECKOUT_SESSION_PARAM};
use pricing_core::credits::CreditSource;
use pricing_core::{period_end, PricingError, Subscription};

use crate::error::ApiError;
use crate::flows::events::{self, CheckoutPaid, Credits, PlanState};
use crate::flows::{credits, subscription};
use crate::state::AppState;
use crate::store::{self, Conn, Payment, Purchase, SessionRecord, SubscriptionRecord};

/// The customer's paid subscription at `now`, everything due settled first (a visitor who is
/// not signed in has none): a customer whose cancelled plan has ended may buy again.
async fn paid_subscription(
    state: &AppState,
    conn: &mut Conn,
    customer: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<SubscriptionRecord>, ApiError> {
    match customer {
        Some(customer) => subscription::at(state, conn, customer, now).await,
        None => Ok(None),
    }
}

/// A return URL the checkout may send the visitor to (`pricing_core::api::return_url_allowed`).
fn return_url(field: &'static str, url: &str, state: &AppState) -> Result<(), ApiError> {
    match pricing_core::api::return_url_allowed(url, &state.config.return_origins) {
        true => Ok(()),
        false => Err(ApiError::ReturnUrlNotAllowed(field)),
    }
}

/// Opens a checkout session for `request`, priced now, for `customer` (or a visitor who is not
/// signed in).
pub async fn create(
    state: &AppState,
    conn: &mut Conn,
    customer: Option<String>,
    request: CheckoutRequest,
    now: DateTime<Utc>,
) -> Result<CheckoutSession, ApiError> {
    let catalog = state.catalog();
    let (purchase, amount, description, success_url, cancel_url) = match request {
        CheckoutRequest::Subscription { plan, interval, currency, success_url, cancel_url } => {
            let price = catalog.plan_price(&plan, interval, currency, now)?;
            let paid = paid_subscription(state, conn, customer.as_deref(), now).await?;
            let paid = paid.as_ref().map(|r| (r.subscription.plan_id.as_str(), r.subscription.interval));
            catalog.checkout_allowed(paid, &plan, interval)?;
            let name = catalog.plan(&plan).map(|p| p.name.clone()).unwrap_or_default();
            let description = format!("{name} plan, billed {interval}");
            (Purchase::Subscription { plan, interval }, price.charged, description, success_url, cancel_url)
        }
        CheckoutRequest::CreditPack { pack, currency, success_url, cancel_url } => {
            let item = catalog.credit_pack(&pack).ok_or_else(|| PricingError::UnknownPack(pack.clone()))?;
            let price = item.price(currency).ok_or(PricingError::CurrencyNotOffered(currency))?;
            let description = format!("{} ({} credits)", item.name, item.credits);
            (Purchase::CreditPack { pack }, price, description, success_url, cancel_url)
        }
    };
    return_url("success_url", &success_url, state)?;
    return_url("cancel_url", &cancel_url, state)?;
    let session = SessionRecord {
        id: format!("cs_{}", uuid::Uuid::new_v4().simple()),
        customer_id: customer,
        purchase,
        amount,
        description,
        success_url,
        cancel_url,
        status: SessionStatus::Open,
    };
    store::create_session(conn, &session, now).await?;
    metrics::counter!("billing_checkout_sessions_total", "outcome" => "created").increment(1);
    Ok(view(state, &session))
}

/// A session as the API answers it.
pub fn view(state: &AppState, session: &SessionRecord) -> CheckoutSession {
    CheckoutSession {
        id: session.id.clone(),
        url: format!("{}/checkout/{}", state.config.public_url, session.id),
        status: session.status,
        amount: session.amount,
        description: session.description.clone(),
        tax: state.catalog().tax.get(&session.amount.currency).cloned(),
    }
}

/// The session `id`; an id that cannot be one is no session (`pricing_core::api::is_id`).
pub async fn session(conn: &mut Conn, id: &str) -> Result<SessionRecord, ApiError> {
    let found = match pricing_core::api::is_id(id) {
        true => store::session(conn, id).await?,
        false => None,
    };
    found.ok_or(ApiError::NotFound("checkout session"))
}

/// The hosted test checkout's "pay" button: grants the purchase once and answers the URL to
/// send the visitor back to.
pub async fn pay(state: &AppState, session_id: &str, now: DateTime<Utc>) -> Result<String, ApiError> {
    let mut tx = state.store.write().await?;
    if pricing_core::api::is_id(session_id) {
        store::lock(&mut tx, &format!("checkout session {session_id}")).await?;
    }
    let session = session(&mut tx, session_id).await?;
    let customer = match &session.customer_id {
        Some(id) => {
            store::lock(&mut tx, &format!("customer {id}")).await?;
            id.clone()
        }
        None => store::create_customer(&mut tx, now).await?,
    };
    // Only a first paid plan is bought (the customer may have one by now), checked before the
    // session is marked paid, as it was when the session was opened.
    // One catalog version for the whole payment.
    let catalog = state.catalog();
    if let Purchase::Subscription { plan, interval } = &session.purchase {
        let paid = paid_subscription(state, &mut tx, session.customer_id.as_deref(), now).await?;
        let paid = paid.as_ref().map(|r| (r.subscription.plan_id.as_str(), r.subscription.interval));
        catalog.checkout_allowed(paid, plan, *interval)?;
    }
    if !store::mark_paid(&mut tx, &session, &customer, now).await? {
        return Err(ApiError::SessionNotOpen);
    }
    let paid = CheckoutPaid { session_id: &session.id, amount: session.amount, description: &session.description };
    events::customer(&mut tx, EventType::CheckoutPaid, &customer, &paid, now).await?;
    match &session.purchase {
        Purchase::CreditPack { pack } => {
            let item = catalog.credit_pack(pack).ok_or(ApiError::NotFound("credit pack"))?;
            let expires_at = catalog.pack_expiry(pack, now).ok_or(ApiError::NotFound("credit pack"))?;
            let credits = Credits { source: CreditSource::Pack, pack: Some(pack), credits: item.credits, expires_at };
            credits::grant(&mut tx, &customer, credits, now, now).await?;
        }
        Purchase::Subscription { plan, interval } => {
            let record = SubscriptionRecord {
                customer_id: customer.clone(),
                subscription: Subscription {
                    plan_id: plan.clone(),
                    interval: *interval,
                    currency: session.amount.currency,
                    period_start: now,
                    period_end: period_end(now, *interval),
                    paid: session.amount.minor,
                    unlimited_until: catalog.unlimited_grant(plan, *interval, now),
                },
                cancel_at_period_end: false,
                scheduled: None,
                version: 0,
            };
            // The database's last word: one subscription per customer, whatever raced this.
            if !store::insert_subscription(&mut tx, &record).await? {
                return Err(PricingError::AlreadySubscribed.into());
            }
            let s = &record.subscription;
            let state =
                PlanState { plan, interval: *interval, period_end: s.period_end, charged: Some(session.amount) };
            events::customer(&mut tx, EventType::SubscriptionStarted, &customer, &state, now).await?;
            let started = catalog.subscription_started(now);
            let from = store::credits::cycle(&mut tx, &customer).await?.flatten();
            credits::apply_cycle_change(&mut tx, &customer, from, started, now).await?;
            let allowance = catalog.plan(plan).map_or(0, |p| catalog.cycle_allowance(p));
            let expires_at = started.cycle.end;
            let credits = Credits { source: CreditSource::Plan, pack: None, credits: allowance, expires_at };
            credits::grant(&mut tx, &customer, credits, now, now).await?;
        }
    }
    let payment = Payment {
        amount: session.amount,
        description: &session.description,
        tax: catalog.tax.get(&session.amount.currency),
        top_up: false,
    };
    store::insert_payment(&mut tx, &customer, &payment, now).await?;
    tx.commit().await?;
    metrics::counter!("billing_checkout_sessions_total", "outcome" => "paid").increment(1);
    let separator = if session.success_url.contains('?') { '&' } else { '?' };
    Ok(format!("{}{separator}{CHECKOUT_SESSION_PARAM}={}", session.success_url, session.id))
}

/// The hosted test checkout's "decline" button: a refused payment, reported
/// (`payment.failed`); the session stays open to be paid. The URL of the page to go back to.
pub async fn decline(state: &AppState, session_id: &str, now: DateTime<Utc>) -> Result<String, ApiError> {
    let mut tx = state.store.write().await?;
    let session = session(&mut tx, session_id).await?;
    if session.status != SessionStatus::Open {
        return Err(ApiError::SessionNotOpen);
    }
    let data = serde_json::json!({ "session_id": session.id, "amount": session.amount,
        "description": session.description, "reason": "card_declined" });
    events::emit(&mut tx, EventType::PaymentFailed, session.customer_id.as_deref(), &data, now, None).await?;
    tx.commit().await?;
    metrics::counter!("billing_checkout_sessions_total", "outcome" => "declined").increment(1);
    Ok(format!("{}/checkout/{}?declined=1", state.config.public_url.trim_end_matches('/'), session.id))
}
