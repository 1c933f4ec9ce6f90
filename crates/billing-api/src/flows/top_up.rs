//! After credits are spent (a generation reported or held), on the same transaction: the
//! cycle's low-balance marks announced once each (`credits.low`), and the customer's auto
//! top-up, which buys its pack when the credits fall below the threshold and the month's cap
//! allows (`top_up.succeeded`, with a receipt), or says once a month that the cap stopped it
//! (`top_up.capped`). A customer's spending is serialized (`subscription::at` locks them), and
//! a bought pack lifts the credits over the threshold: however many generations cross it at
//! once, one pack is bought.

use chrono::{DateTime, Datelike, TimeZone, Utc};
use pricing_core::api::account::CycleCredits;
use pricing_core::api::top_up::{AutoTopUp, AutoTopUpRequest};
use pricing_core::api::webhooks::EventType;
use pricing_core::credits::top_up::{low_balance_mark, top_up, TopUp};
use pricing_core::credits::CreditSource;
use pricing_core::{Money, PricingError};
use serde_json::json;

use crate::error::ApiError;
use crate::flows::events::{self, Credits};
use crate::flows::{credits, usage};
use crate::state::AppState;
use crate::store::top_ups::TopUpSettings;
use crate::store::{self, Conn, Payment};

/// The first moment of `now`'s calendar month (UTC), and the month as 'YYYY-MM'.
fn month_of(now: DateTime<Utc>) -> (DateTime<Utc>, String) {
    let start =
        Utc.with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0).single().expect("the first of a month exists");
    (start, format!("{:04}-{:02}", now.year(), now.month()))
}

/// The customer's auto top-up and what it bought this month; 404 when never configured.
pub async fn view(conn: &mut Conn, customer: &str, now: DateTime<Utc>) -> Result<AutoTopUp, ApiError> {
    configured(conn, customer, now).await?.ok_or(ApiError::NotFound("auto top-up of this customer (PUT one first)"))
}

/// `view`, or `None` when the customer never configured one.
pub async fn configured(conn: &mut Conn, customer: &str, now: DateTime<Utc>) -> Result<Option<AutoTopUp>, ApiError> {
    let Some(settings) = store::top_ups::settings(conn, customer).await? else { return Ok(None) };
    let (since, _) = month_of(now);
    let currency = settings.monthly_cap.currency;
    let (spent, bought) = store::top_ups::spent_since(conn, customer, currency, since).await?;
    Ok(Some(AutoTopUp {
        enabled: settings.enabled,
        pack: settings.pack,
        threshold: settings.threshold,
        monthly_cap: settings.monthly_cap,
        spent_this_month: Money::new(spent, currency),
        bought_this_month: bought,
    }))
}

/// Keeps the customer's choice, checked against the catalog: a pack it offers in the cap's
/// currency. A cap below the pack's price is kept too: it buys nothing, and says so once a month.
pub async fn configure(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    request: AutoTopUpRequest,
    now: DateTime<Utc>,
) -> Result<AutoTopUp, ApiError> {
    usage::known(conn, customer).await?;
    let catalog = state.catalog();
    let pack = catalog.credit_pack(&request.pack).ok_or_else(|| PricingError::UnknownPack(request.pack.clone()))?;
    let currency = request.monthly_cap.currency;
    pack.price(currency).ok_or(PricingError::CurrencyNotOffered(currency))?;
    if request.monthly_cap.minor < 0 || request.threshold > 1_000_000 {
        return Err(ApiError::InvalidBody(OUT_OF_RANGE.into()));
    }
    let settings = TopUpSettings {
        enabled: request.enabled,
        pack: request.pack,
        threshold: request.threshold,
        monthly_cap: request.monthly_cap,
        capped_month: None,
    };
    store::top_ups::save(conn, customer, &settings).await?;
    view(conn, customer, now).await
}

/// Why a choice is refused.
pub const OUT_OF_RANGE: &str = "monthly_cap must not be negative, and threshold must be at most 1000000";

/// What spending leaves to do: the low-balance marks, then the auto top-up.
pub async fn after_spending(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    announce_low_balance(conn, customer, now).await?;
    let Some(settings) = store::top_ups::settings(conn, customer).await?.filter(|s| s.enabled) else { return Ok(()) };
    let catalog = state.catalog();
    let Some((pack, price)) =
        catalog.credit_pack(&settings.pack).and_then(|p| Some((p, p.price(settings.monthly_cap.currency)?)))
    else {
        return Ok(()); // the catalog no longer offers it: nothing to buy
    };
    let credits_left = credits::credits_left(conn, customer, now).await?;
    let (since, month) = month_of(now);
    let (spent, _) = store::top_ups::spent_since(conn, customer, price.currency, since).await?;
    match top_up(credits_left, settings.threshold, spent, price.minor, settings.monthly_cap.minor) {
        TopUp::NotNeeded => Ok(()),
        TopUp::Capped => {
            if store::top_ups::mark_capped(conn, customer, &month).await? {
                let data = json!({ "pack": pack.id, "credits_left": credits_left, "threshold": settings.threshold,
                    "monthly_cap": settings.monthly_cap, "spent_this_month": Money::new(spent, price.currency) });
                events::customer(conn, EventType::TopUpCapped, customer, &data, now).await?;
            }
            Ok(())
        }
        TopUp::Buy => {
            let expires_at = catalog.pack_expiry(&pack.id, now).ok_or(ApiError::NotFound("credit pack"))?;
            let grant = Credits { source: CreditSource::Pack, pack: Some(&pack.id), credits: pack.credits, expires_at };
            credits::grant(conn, customer, grant, now, now).await?;
            let description = format!("Auto top-up: {} ({} credits)", pack.name, pack.credits);
            let payment = Payment {
                amount: price,
                description: &description,
                tax: catalog.tax.get(&price.currency),
                top_up: true,
            };
            let receipt = store::insert_payment(conn, customer, &payment, now).await?;
            let data = json!({ "pack": pack.id, "credits": pack.credits, "amount": price, "receipt_number": receipt,
                "credits_left": credits_left + pack.credits });
            events::customer(conn, EventType::TopUpSucceeded, customer, &data, now).await?;
            metrics::counter!("billing_top_ups_total").increment(1);
            Ok(())
        }
    }
}

/// The plan credits granted for the customer's current cycle and what is left of them: what the
/// low-balance marks are counted on (here and in the account view).
pub async fn cycle_credits(conn: &mut Conn, customer: &str) -> Result<Option<CycleCredits>, ApiError> {
    let Some(cycle) = store::credits::cycle(conn, customer).await?.flatten() else { return Ok(None) };
    let (granted, left) = store::top_ups::cycle_plan_credits(conn, customer, cycle.end).await?;
    Ok(Some(CycleCredits { cycle, granted, left }))
}

/// Announces the highest mark (80, 90, 100% of the cycle's plan credits spent) not yet
/// announced this cycle.
async fn announce_low_balance(conn: &mut Conn, customer: &str, now: DateTime<Utc>) -> Result<(), ApiError> {
    let Some(CycleCredits { cycle, granted, left }) = cycle_credits(conn, customer).await? else { return Ok(()) };
    let Some(mark) = low_balance_mark(granted, granted.saturating_sub(left)) else { return Ok(()) };
    if store::top_ups::raise_low_balance_mark(conn, customer, mark).await? {
        let data = json!({ "percent_spent": mark, "allowance": granted, "left": left, "cycle_end": cycle.end });
        events::customer(conn, EventType::CreditsLow, customer, &data, now).await?;
    }
    Ok(())
}
