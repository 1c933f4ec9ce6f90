//! Why customers cancel, and the retention offer taken once per customer.

use chrono::{DateTime, Utc};
use pricing_core::retention::OfferRunning;

use super::decode::{self, column};
use super::{millis, Conn};

/// Keeps why the customer cancels (or, with `None`s, forgets it when they resume).
pub async fn record_reason(
    conn: &mut Conn,
    customer_id: &str,
    reason: Option<&str>,
    comment: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE subscriptions SET cancel_reason = $1, cancel_comment = $2 WHERE customer_id = $3")
        .bind(reason)
        .bind(comment)
        .bind(customer_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the customer took the retention offer before.
pub async fn taken(conn: &mut Conn, customer_id: &str) -> Result<bool, sqlx::Error> {
    let row = sqlx::query("SELECT retention_taken_at FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|row| decode::optional_time(&row, "retention_taken_at")).transpose()?.flatten().is_some())
}

/// Takes the offer for the customer, once: the subscription renews `renewals` times at
/// `percent` off and is no longer cancelled. False when the customer took it before.
pub async fn take(
    conn: &mut Conn,
    customer_id: &str,
    percent: u8,
    renewals: u8,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let first =
        sqlx::query("UPDATE customers SET retention_taken_at = $1 WHERE id = $2 AND retention_taken_at IS NULL")
            .bind(millis(now))
            .bind(customer_id)
            .execute(&mut *conn)
            .await?;
    if first.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE subscriptions SET retention_percent = $1, retention_renewals = $2, cancel_at_period_end = FALSE,
            cancel_reason = NULL, cancel_comment = NULL, version = version + 1 WHERE customer_id = $3",
    )
    .bind(i64::from(percent))
    .bind(i64::from(renewals))
    .bind(customer_id)
    .execute(conn)
    .await?;
    Ok(true)
}

/// The offer still running on the customer's subscription.
pub async fn running(conn: &mut Conn, customer_id: &str) -> Result<Option<OfferRunning>, sqlx::Error> {
    let row = sqlx::query("SELECT retention_percent, retention_renewals FROM subscriptions WHERE customer_id = $1")
        .bind(customer_id)
        .fetch_optional(conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let percent: Option<i64> = column(&row, "retention_percent")?;
    let left = decode::count(&row, "retention_renewals")?;
    Ok(percent.filter(|_| left > 0).map(|p| OfferRunning {
        percent_off: p.clamp(0, 100) as u8,
        renewals_left: u32::try_from(left).unwrap_or(u32::MAX),
    }))
}

/// One renewal of the offer used.
pub async fn use_one(conn: &mut Conn, customer_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE subscriptions SET retention_renewals = retention_renewals - 1 WHERE customer_id = $1 AND retention_renewals > 0")
        .bind(customer_id)
        .execute(conn)
        .await?;
    Ok(())
}
