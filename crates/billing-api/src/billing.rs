//! The billing flows: checkout, payment, plan changes and renewals. Every amount comes from
//! `pricing-core`; this module only decides what to store.

use chrono::{DateTime, Duration, Utc};
use pricing_core::api::{
    ChangeApplied, CheckoutRequest, CheckoutSession, Quote, ScheduledChange, SubscriptionView, CHECKOUT_SESSION_PARAM,
};
use pricing_core::{period_end, Interval, Money, Subscription, Timing};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::store::{self, Conn, Grant, Paid, Purchase, SessionRecord, SubscriptionRecord};
use crate::AppState;

/// How long a previewed price can be applied.
pub const QUOTE_LIFETIME: Duration = Duration::minutes(10);

/// What a stored quote remembers: the answer given, and the subscription it was priced on.
#[derive(Serialize, Deserialize)]
struct StoredQuote {
    quote: Quote,
    priced_at: DateTime<Utc>,
    base: Subscription,
}

/// The origin (`scheme://host[:port]`) of an http(s) URL, or `None` for anything else (other
/// schemes, user info that could disguise the host, no host).
fn origin(url: &str) -> Option<&str> {
    let after_scheme = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host_end = after_scheme.find(['/', '?', '#', '\\']).unwrap_or(after_scheme.len());
    let host = &after_scheme[..host_end];
    (!host.is_empty() && !host.contains('@')).then(|| &url[..url.len() - after_scheme.len() + host_end])
}

/// A checkout sends the visitor back only to the shop's own pages: a return URL elsewhere
/// would make our checkout page a step in a phishing path.
fn check_return_url(field: &'static str, url: &str, allowed: &[String]) -> Result<(), ApiError> {
    match origin(url) {
        Some(origin) if url.len() <= 2048 && allowed.iter().any(|a| a.eq_ignore_ascii_case(origin)) => Ok(()),
        _ => Err(ApiError::ReturnUrlNotAllowed(field)),
    }
}

impl AppState {
    pub async fn create_checkout(
        &self,
        conn: &mut Conn,
        customer: Option<String>,
        request: CheckoutRequest,
        now: DateTime<Utc>,
    ) -> Result<CheckoutSession, ApiError> {
        let catalog = &self.catalog;
        let (purchase, amount, description, success_url, cancel_url) = match request {
            CheckoutRequest::Subscription { plan, interval, currency, success_url, cancel_url } => {
                let price = catalog.plan_price(&plan, interval, currency, now)?;
                if catalog.plan(&plan).is_some_and(|p| p.free) {
                    return Err(ApiError::InvalidBody("the free plan needs no checkout".into()));
                }
                if let Some(customer) = &customer {
                    if store::subscription(conn, customer).await?.is_some() {
                        return Err(ApiError::AlreadySubscribed);
                    }
                }
                let name = catalog.plan(&plan).map(|p| p.name.clone()).unwrap_or_default();
                let description = format!("{name} plan, billed {interval}");
                (Purchase::Subscription { plan, interval }, price.charged, description, success_url, cancel_url)
            }
            CheckoutRequest::CreditPack { pack, currency, success_url, cancel_url } => {
                let item =
                    catalog.credit_pack(&pack).ok_or_else(|| pricing_core::PricingError::UnknownPack(pack.clone()))?;
                let price = item.price(currency).ok_or(pricing_core::PricingError::CurrencyNotOffered(currency))?;
                let description = format!("{} ({} credits)", item.name, item.credits);
                (Purchase::CreditPack { pack }, price, description, success_url, cancel_url)
            }
        };
        check_return_url("success_url", &success_url, &self.config.return_origins)?;
        check_return_url("cancel_url", &cancel_url, &self.config.return_origins)?;
        let session = SessionRecord {
            id: format!("cs_{}", uuid::Uuid::new_v4().simple()),
            customer_id: customer,
            purchase,
            amount,
            description,
            success_url,
            cancel_url,
            status: pricing_core::api::SessionStatus::Open,
        };
        store::create_session(conn, &session, now).await?;
        metrics::counter!("billing_checkout_sessions_total", "outcome" => "created").increment(1);
        Ok(self.session_view(&session))
    }

    pub fn session_view(&self, session: &SessionRecord) -> CheckoutSession {
        CheckoutSession {
            id: session.id.clone(),
            url: format!("{}/checkout/{}", self.config.public_url, session.id),
            status: session.status,
            amount: session.amount,
            description: session.description.clone(),
            tax: self.catalog.tax.get(&session.amount.currency).cloned(),
        }
    }

    /// The hosted test checkout's "pay" button: grants the purchase and answers the URL to
    /// send the visitor back to.
    pub async fn pay(&self, session_id: &str, now: DateTime<Utc>) -> Result<String, ApiError> {
        let mut tx = self.store.write().await?;
        store::lock(&mut tx, &format!("checkout session {session_id}")).await?;
        let session = store::session(&mut tx, session_id).await?.ok_or(ApiError::NotFound("checkout session"))?;
        let customer = match &session.customer_id {
            Some(id) => {
                store::lock(&mut tx, &format!("customer {id}")).await?;
                id.clone()
            }
            None => store::create_customer(&mut tx, now).await?,
        };
        let grant = match &session.purchase {
            Purchase::CreditPack { pack } => {
                let item = self.catalog.credit_pack(pack).ok_or(ApiError::NotFound("credit pack"))?;
                let expires_at = self.catalog.pack_expiry(pack, now).ok_or(ApiError::NotFound("credit pack"))?;
                Grant::Pack { pack_id: pack.clone(), credits: item.credits, expires_at }
            }
            Purchase::Subscription { plan, interval } => {
                if store::subscription(&mut tx, &customer).await?.is_some() {
                    return Err(ApiError::AlreadySubscribed);
                }
                let subscription = Subscription {
                    plan_id: plan.clone(),
                    interval: *interval,
                    currency: session.amount.currency,
                    period_start: now,
                    period_end: period_end(now, *interval),
                    paid: session.amount.minor,
                    unlimited_until: self.catalog.unlimited_grant(plan, *interval, now),
                };
                let allowance = self.catalog.plan(plan).map_or(0, |p| self.catalog.cycle_allowance(p));
                let record = SubscriptionRecord {
                    customer_id: customer.clone(),
                    subscription,
                    cancel_at_period_end: false,
                    scheduled: None,
                    version: 0,
                };
                Grant::Subscription { record, allowance, cycle: self.first_cycle(now) }
            }
        };
        match store::pay_session(&mut tx, &session, &customer, grant, now).await? {
            Paid::Done => {
                tx.commit().await?;
                metrics::counter!("billing_checkout_sessions_total", "outcome" => "paid").increment(1);
            }
            Paid::NotOpen => return Err(ApiError::SessionNotOpen),
            Paid::AlreadySubscribed => return Err(ApiError::AlreadySubscribed),
        }
        let separator = if session.success_url.contains('?') { '&' } else { '?' };
        Ok(format!("{}{separator}{CHECKOUT_SESSION_PARAM}={}", session.success_url, session.id))
    }

    /// The customer's subscription at `now`, after what happened since it was last read, in
    /// order: periods renewed (or ended), and each credit cycle's allowance granted. Renewals
    /// are versioned updates with their payment and cycles move only from the cycle read: of
    /// several readers that find the same period over, one renews and charges, and one grants.
    pub async fn subscription(
        &self,
        conn: &mut Conn,
        customer: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<SubscriptionRecord>, ApiError> {
        // Every flow that changes a customer's money or credits starts here: on PostgreSQL,
        // the other processes' flows for this customer wait until this transaction ends.
        store::lock(conn, &format!("customer {customer}")).await?;
        let mut record = store::subscription(conn, customer).await?;
        let Some(cycle) = store::credits::cycle(conn, customer).await? else { return Ok(record) };
        let mut cycle = match cycle {
            Some(cycle) => cycle,
            None => {
                let anchor = match &record {
                    Some(r) => r.subscription.period_start,
                    None => store::credits::created_at(conn, customer).await?.unwrap_or(now),
                };
                self.enter_cycle(conn, customer, record.as_ref(), None, self.first_cycle(anchor)).await?
            }
        };
        loop {
            match record.as_ref().map(|r| r.subscription.period_end) {
                Some(end) if end <= now && end <= cycle.end => {
                    record = self.end_period(conn, customer, record.expect("a period ended"), now).await?;
                    if record.as_ref().is_none_or(|r| r.subscription.period_start == end) {
                        cycle = self
                            .enter_cycle(conn, customer, record.as_ref(), Some(cycle), self.first_cycle(end))
                            .await?;
                    }
                }
                _ if cycle.end <= now => {
                    cycle =
                        self.enter_cycle(conn, customer, record.as_ref(), Some(cycle), self.following(cycle)).await?;
                }
                _ => return Ok(record),
            }
        }
    }

    /// Renews a period that ran out (or ends it, when cancelled): the record after it.
    async fn end_period(
        &self,
        conn: &mut Conn,
        customer: &str,
        record: SubscriptionRecord,
        now: DateTime<Utc>,
    ) -> Result<Option<SubscriptionRecord>, ApiError> {
        let (plan, interval) =
            record.scheduled.clone().unwrap_or((record.subscription.plan_id.clone(), record.subscription.interval));
        // Cancelled, or moving to the free plan: the paid plan ends, nothing is charged.
        if record.cancel_at_period_end || self.catalog.plan(&plan).is_some_and(|p| p.free) {
            if store::end_subscription(conn, &record).await? {
                return Ok(None);
            }
            return Ok(store::subscription(conn, customer).await?);
        }
        let renewed = self.catalog.renewed(&record.subscription, &plan, interval)?;
        let charge = Money::new(renewed.paid, renewed.currency);
        let next = SubscriptionRecord {
            customer_id: customer.to_string(),
            subscription: renewed,
            cancel_at_period_end: false,
            scheduled: None,
            version: record.version,
        };
        Ok(if store::save_subscription(conn, &next, Some((charge, "Renewal")), None, now).await? {
            Some(SubscriptionRecord { version: next.version + 1, ..next })
        } else {
            store::subscription(conn, customer).await?
        })
    }

    pub async fn subscription_view(
        &self,
        conn: &mut Conn,
        customer: &str,
        now: DateTime<Utc>,
    ) -> Result<SubscriptionView, ApiError> {
        let record = self.subscription(conn, customer, now).await?;
        let balances = self.balances(conn, customer, now).await?;
        let credits_left = balances.iter().map(|b| b.credits).sum();
        let free_plan = self.catalog.plans.iter().find(|p| p.free).or(self.catalog.plans.first());
        Ok(match record {
            None => SubscriptionView {
                customer_id: customer.to_string(),
                plan: free_plan.map(|p| p.id.clone()).unwrap_or_default(),
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
                unlimited_until: r.subscription.unlimited_until.filter(|&u| u > now),
                cancel_at_period_end: r.cancel_at_period_end,
                scheduled_change: r.scheduled.map(|(plan, interval)| ScheduledChange {
                    plan,
                    interval,
                    at: r.subscription.period_end,
                }),
            },
        })
    }

    async fn paid_subscription(
        &self,
        conn: &mut Conn,
        customer: &str,
        now: DateTime<Utc>,
    ) -> Result<SubscriptionRecord, ApiError> {
        self.subscription(conn, customer, now)
            .await?
            .ok_or(ApiError::Pricing(pricing_core::PricingError::NotSubscribed))
    }

    pub async fn preview(
        &self,
        conn: &mut Conn,
        customer: &str,
        plan: &str,
        interval: Interval,
        now: DateTime<Utc>,
    ) -> Result<Quote, ApiError> {
        let record = self.paid_subscription(conn, customer, now).await?;
        let preview = self.catalog.preview_change(&record.subscription, plan, interval, now)?;
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
            tax: self.catalog.tax.get(&preview.amount_due_now.currency).cloned(),
        };
        let stored = StoredQuote { quote: quote.clone(), priced_at: now, base: record.subscription };
        let body = serde_json::to_string(&stored).map_err(|e| ApiError::Store(e.to_string()))?;
        store::save_quote(conn, &quote.id, customer, &body, quote.expires_at).await?;
        Ok(quote)
    }

    /// Applies a previewed change, charging exactly the quoted amount.
    pub async fn apply(
        &self,
        conn: &mut Conn,
        customer: &str,
        quote_id: &str,
        now: DateTime<Utc>,
    ) -> Result<ChangeApplied, ApiError> {
        let (body, used) = store::quote(conn, quote_id, customer).await?.ok_or(ApiError::NotFound("quote"))?;
        let stored: StoredQuote = serde_json::from_str(&body).map_err(|e| ApiError::Store(e.to_string()))?;
        if used {
            return Err(ApiError::QuoteUnusable("this quote was already applied"));
        }
        if now >= stored.quote.expires_at {
            return Err(ApiError::QuoteUnusable("this quote has expired; preview the change again"));
        }
        let mut record = self.paid_subscription(conn, customer, now).await?;
        if record.subscription != stored.base {
            return Err(ApiError::QuoteUnusable("the subscription changed since this quote; preview again"));
        }
        let quote = stored.quote;
        let charged = match quote.timing {
            Timing::Now => {
                let preview =
                    self.catalog.preview_change(&stored.base, &quote.plan, quote.interval, stored.priced_at)?;
                record.subscription = self.catalog.upgraded(&stored.base, &preview, &quote.plan, quote.interval);
                record.scheduled = None;
                self.upgrade_credits(conn, customer, &record, quote.credits_added_now, now).await?;
                quote.amount_due_now
            }
            Timing::AtPeriodEnd => {
                record.scheduled = Some((quote.plan.clone(), quote.interval));
                Money::new(0, quote.amount_due_now.currency)
            }
        };
        let payment = (charged.minor > 0).then_some((charged, "Plan change"));
        if !store::save_subscription(conn, &record, payment, Some(quote_id), now).await? {
            return Err(ApiError::QuoteUnusable("this quote was already applied"));
        }
        Ok(ChangeApplied { charged, subscription: self.subscription_view(conn, customer, now).await? })
    }

    /// Cancels at period end (`cancel == true`) or takes that back before the period ends.
    pub async fn set_cancellation(
        &self,
        conn: &mut Conn,
        customer: &str,
        cancel: bool,
        now: DateTime<Utc>,
    ) -> Result<SubscriptionView, ApiError> {
        let mut record = self.paid_subscription(conn, customer, now).await?;
        if cancel {
            self.catalog.cancel_at_period_end(&record.subscription, now)?;
        }
        record.cancel_at_period_end = cancel;
        if !store::save_subscription(conn, &record, None, None, now).await? {
            return Err(ApiError::Store("the subscription changed while it was being cancelled".into()));
        }
        self.subscription_view(conn, customer, now).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_urls_must_be_on_an_allowed_origin() {
        let allowed = ["https://shop.example".to_string(), "http://127.0.0.1:8080".to_string()];
        for url in ["https://shop.example", "https://shop.example/pricing?x=1", "http://127.0.0.1:8080/?done#top"] {
            assert!(check_return_url("success_url", url, &allowed).is_ok(), "{url}");
        }
        let refused = [
            "https://evil.example/steal",
            "https://shop.example.evil.example/",
            "https://shop.example@evil.example/",
            "http://shop.example/",
            "https://shop.example:8443/",
            "javascript:alert(1)",
            "//shop.example/",
            "https:///",
            "https://evil.example\\@shop.example/",
        ];
        for url in refused {
            assert!(
                matches!(
                    check_return_url("cancel_url", url, &allowed),
                    Err(ApiError::ReturnUrlNotAllowed("cancel_url"))
                ),
                "{url}"
            );
        }
    }
}
