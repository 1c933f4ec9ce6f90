//! Subscriptions and their payments: every update names the version it was computed from.

use chrono::{DateTime, Utc};
use pricing_core::{Interval, Money, Subscription, TaxRule};
use sqlx::any::AnyRow;
use sqlx::Any;

use super::decode::{self, column};
use super::{millis, Conn};

/// A paid subscription with what the billing side tracks around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionRecord {
    pub customer_id: String,
    pub subscription: Subscription,
    pub cancel_at_period_end: bool,
    pub scheduled: Option<(String, Interval)>,
    /// Bumped by every update; an update names the version it was computed from.
    pub version: i64,
}

pub async fn subscription(conn: &mut Conn, customer_id: &str) -> Result<Option<SubscriptionRecord>, sqlx::Error> {
    let row = sqlx::query("SELECT * FROM subscriptions WHERE customer_id = $1")
        .bind(customer_id)
        .fetch_optional(conn)
        .await?;
    row.map(|row| subscription_record(&row)).transpose()
}

/// Money taken from a customer: what for, and the catalog's tax rule for its currency then.
pub struct Payment<'a> {
    pub amount: Money,
    pub description: &'a str,
    pub tax: Option<&'a TaxRule>,
    /// Bought by an auto top-up (a month's add up against its cap).
    pub top_up: bool,
}

/// Writes a subscription's new state, computed from `record.version`, and, when money moved,
/// the payment; a quote named by `quote_id` is spent with them, so it charges only once. False
/// when the quote was spent or the subscription changed meanwhile: nothing is then written
/// (the caller's transaction is dropped, not committed).
pub async fn save_subscription(
    conn: &mut Conn,
    record: &SubscriptionRecord,
    payment: Option<Payment<'_>>,
    quote_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    if let Some(quote_id) = quote_id {
        let spent = sqlx::query("UPDATE quotes SET used = TRUE WHERE id = $1 AND used = FALSE")
            .bind(quote_id)
            .execute(&mut *conn)
            .await?;
        if spent.rows_affected() != 1 {
            return Ok(false);
        }
    }
    let updated = bind_state(
        sqlx::query(
            "UPDATE subscriptions SET plan_id = $1, interval = $2, currency = $3, period_start = $4, period_end = $5,
                paid = $6, unlimited_until = $7, cancel_at_period_end = $8, scheduled_plan = $9, scheduled_interval = $10,
                version = version + 1
             WHERE customer_id = $11 AND version = $12",
        ),
        record,
    )
    .bind(record.version)
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() != 1 {
        return Ok(false);
    }
    if let Some(payment) = payment {
        insert_payment(conn, &record.customer_id, &payment, now).await?;
    }
    Ok(true)
}

/// Ends a subscription in the state it was read in; false when it changed meanwhile.
pub async fn end_subscription(conn: &mut Conn, record: &SubscriptionRecord) -> Result<bool, sqlx::Error> {
    let ended = sqlx::query("DELETE FROM subscriptions WHERE customer_id = $1 AND version = $2")
        .bind(&record.customer_id)
        .bind(record.version)
        .execute(conn)
        .await?;
    Ok(ended.rows_affected() == 1)
}

type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>;

/// Binds a subscription's state and then its customer, in the order both statements name them.
fn bind_state<'q>(query: AnyQuery<'q>, record: &'q SubscriptionRecord) -> AnyQuery<'q> {
    let s = &record.subscription;
    query
        .bind(&s.plan_id)
        .bind(s.interval.as_str())
        .bind(s.currency.code())
        .bind(millis(s.period_start))
        .bind(millis(s.period_end))
        .bind(s.paid)
        .bind(s.unlimited_until.map(millis))
        .bind(record.cancel_at_period_end)
        .bind(record.scheduled.as_ref().map(|(plan, _)| plan.as_str()))
        .bind(record.scheduled.as_ref().map(|(_, i)| i.as_str()))
        .bind(&record.customer_id)
}

/// A customer's first subscription; false when the customer already has one.
pub async fn insert_subscription(conn: &mut Conn, record: &SubscriptionRecord) -> Result<bool, sqlx::Error> {
    let inserted = bind_state(
        sqlx::query(
            "INSERT INTO subscriptions (plan_id, interval, currency, period_start, period_end, paid, unlimited_until,
                cancel_at_period_end, scheduled_plan, scheduled_interval, customer_id, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0) ON CONFLICT (customer_id) DO NOTHING",
        ),
        record,
    )
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Keeps a payment with its receipt's number, the counter's next, in the caller's transaction:
/// the receipt number.
pub async fn insert_payment(
    conn: &mut Conn,
    customer_id: &str,
    payment: &Payment<'_>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let number: i64 = sqlx::query_scalar(
        "UPDATE receipt_numbers SET last_number = last_number + 1 WHERE id = 1 RETURNING last_number",
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO payments (customer_id, amount, currency, description, created_at, receipt_number, tax_included, tax_name, kind)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(customer_id)
    .bind(payment.amount.minor)
    .bind(payment.amount.currency.code())
    .bind(payment.description)
    .bind(millis(now))
    .bind(number)
    .bind(payment.tax.map(|t| t.included))
    .bind(payment.tax.map(|t| t.name.as_str()))
    .bind(if payment.top_up { "top_up" } else { "purchase" })
    .execute(conn)
    .await?;
    Ok(number as u64)
}

fn subscription_record(row: &AnyRow) -> Result<SubscriptionRecord, sqlx::Error> {
    let scheduled_plan: Option<String> = column(row, "scheduled_plan")?;
    let scheduled_interval = decode::optional_interval(row, "scheduled_interval")?;
    Ok(SubscriptionRecord {
        customer_id: column(row, "customer_id")?,
        subscription: Subscription {
            plan_id: column(row, "plan_id")?,
            interval: decode::interval(row, "interval")?,
            currency: decode::currency(row, "currency")?,
            period_start: decode::time(row, "period_start")?,
            period_end: decode::time(row, "period_end")?,
            paid: column(row, "paid")?,
            unlimited_until: decode::optional_time(row, "unlimited_until")?,
        },
        cancel_at_period_end: decode::flag(row, "cancel_at_period_end")?,
        scheduled: scheduled_plan.zip(scheduled_interval),
        version: column(row, "version")?,
    })
}
