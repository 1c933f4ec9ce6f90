//! Auto top-up settings, the month's top-ups, and the low-balance marks of a customer's cycle.

use chrono::{DateTime, Utc};
use pricing_core::Money;

use super::decode::{self, column};
use super::{millis, Conn};

/// A customer's auto top-up as stored.
pub struct TopUpSettings {
    pub enabled: bool,
    pub pack: String,
    pub threshold: u64,
    pub monthly_cap: Money,
    /// The last month ('YYYY-MM') a top-up was stopped by the cap.
    pub capped_month: Option<String>,
}

pub async fn settings(conn: &mut Conn, customer_id: &str) -> Result<Option<TopUpSettings>, sqlx::Error> {
    let row =
        sqlx::query("SELECT * FROM auto_top_ups WHERE customer_id = $1").bind(customer_id).fetch_optional(conn).await?;
    row.map(|row| {
        Ok(TopUpSettings {
            enabled: decode::flag(&row, "enabled")?,
            pack: column(&row, "pack_id")?,
            threshold: decode::count(&row, "threshold")?,
            monthly_cap: decode::money(&row, "monthly_cap", "currency")?,
            capped_month: column(&row, "capped_month")?,
        })
    })
    .transpose()
}

pub async fn save(conn: &mut Conn, customer_id: &str, settings: &TopUpSettings) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO auto_top_ups (customer_id, enabled, pack_id, threshold, monthly_cap, currency) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (customer_id) DO UPDATE SET enabled = excluded.enabled, pack_id = excluded.pack_id,
            threshold = excluded.threshold, monthly_cap = excluded.monthly_cap, currency = excluded.currency",
    )
    .bind(customer_id)
    .bind(settings.enabled)
    .bind(&settings.pack)
    .bind(settings.threshold as i64)
    .bind(settings.monthly_cap.minor)
    .bind(settings.monthly_cap.currency.code())
    .execute(conn)
    .await?;
    Ok(())
}

/// What the customer's top-ups in `currency` spent since `since`: (minor units, how many).
pub async fn spent_since(
    conn: &mut Conn,
    customer_id: &str,
    currency: pricing_core::Currency,
    since: DateTime<Utc>,
) -> Result<(i64, u32), sqlx::Error> {
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS spent, COUNT(*) AS bought FROM payments
         WHERE customer_id = $1 AND kind = 'top_up' AND currency = $2 AND created_at >= $3",
    )
    .bind(customer_id)
    .bind(currency.code())
    .bind(millis(since))
    .fetch_one(conn)
    .await?;
    Ok((column(&row, "spent")?, u32::try_from(decode::count(&row, "bought")?).unwrap_or(u32::MAX)))
}

/// Marks `month` as capped; false when it already was (the event goes out once a month).
pub async fn mark_capped(conn: &mut Conn, customer_id: &str, month: &str) -> Result<bool, sqlx::Error> {
    let marked = sqlx::query(
        "UPDATE auto_top_ups SET capped_month = $1 WHERE customer_id = $2 AND (capped_month IS NULL OR capped_month <> $3)",
    )
    .bind(month)
    .bind(customer_id)
    .bind(month)
    .execute(conn)
    .await?;
    Ok(marked.rows_affected() == 1)
}

/// The plan credits of the cycle that ends at `cycle_end`: (granted, left).
pub async fn cycle_plan_credits(
    conn: &mut Conn,
    customer_id: &str,
    cycle_end: DateTime<Utc>,
) -> Result<(u64, u64), sqlx::Error> {
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(granted), 0) AS BIGINT) AS granted, CAST(COALESCE(SUM(remaining), 0) AS BIGINT) AS remaining
         FROM credit_grants WHERE customer_id = $1 AND source = 'plan' AND expires_at = $2",
    )
    .bind(customer_id)
    .bind(millis(cycle_end))
    .fetch_one(conn)
    .await?;
    Ok((decode::count(&row, "granted")?, decode::count(&row, "remaining")?))
}

/// Records that the cycle reached `mark`; false when it was announced already.
pub async fn raise_low_balance_mark(conn: &mut Conn, customer_id: &str, mark: u8) -> Result<bool, sqlx::Error> {
    let raised = sqlx::query("UPDATE customers SET low_balance_mark = $1 WHERE id = $2 AND low_balance_mark < $3")
        .bind(i64::from(mark))
        .bind(customer_id)
        .bind(i64::from(mark))
        .execute(conn)
        .await?;
    Ok(raised.rows_affected() == 1)
}
