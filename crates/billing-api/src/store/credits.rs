//! The credit ledger: grants (a plan's allowance per cycle, a pack's credits) with what is left
//! of each, and every customer's credit cycle (`generations.rs` spends them).

use super::decode::{self, column};
use super::{millis, Conn};
use chrono::{DateTime, Utc};
use pricing_core::api::account::HistoryEntry;
use pricing_core::credits::{CreditSource, Cycle, Grant};

/// The customer's cycle, `Some(None)` when none has started, `None` for an unknown customer.
pub async fn cycle(conn: &mut Conn, customer_id: &str) -> Result<Option<Option<Cycle>>, sqlx::Error> {
    let row = sqlx::query("SELECT cycle_anchor, cycle_end FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_optional(conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let (anchor, end) = (decode::optional_time(&row, "cycle_anchor")?, decode::optional_time(&row, "cycle_end")?);
    Ok(Some(anchor.zip(end).map(|(anchor, end)| Cycle { anchor, end })))
}

pub async fn created_at(conn: &mut Conn, customer_id: &str) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let row =
        sqlx::query("SELECT created_at FROM customers WHERE id = $1").bind(customer_id).fetch_optional(conn).await?;
    row.map(|row| decode::time(&row, "created_at")).transpose()
}

/// Moves the customer's cycle from `from` (as read) to `to`; false when another request moved
/// it meanwhile, so a cycle's allowance is granted once.
pub async fn advance_cycle(
    conn: &mut Conn,
    customer_id: &str,
    from: Option<Cycle>,
    to: Cycle,
) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE customers SET cycle_anchor = $1, cycle_end = $2, low_balance_mark = 0
         WHERE id = $3 AND cycle_end IS NOT DISTINCT FROM $4",
    )
    .bind(millis(to.anchor))
    .bind(millis(to.end))
    .bind(customer_id)
    .bind(from.map(|c| millis(c.end)))
    .execute(conn)
    .await?;
    Ok(moved.rows_affected() == 1)
}

pub async fn grant(
    conn: &mut Conn,
    customer_id: &str,
    source: CreditSource,
    pack_id: Option<&str>,
    credits: u64,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO credit_grants (customer_id, source, pack_id, granted, remaining, granted_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(customer_id)
    .bind(source.as_str())
    .bind(pack_id)
    .bind(credits as i64)
    .bind(credits as i64)
    .bind(millis(now))
    .bind(millis(expires_at))
    .execute(conn)
    .await?;
    Ok(())
}

/// Makes the plan credits still running at `now` expire at `at` instead (the core's
/// `CycleChange` says when).
pub async fn move_plan_credits_expiry(
    conn: &mut Conn,
    customer_id: &str,
    now: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE credit_grants SET expires_at = $1 WHERE customer_id = $2 AND source = 'plan' AND expires_at > $3",
    )
    .bind(millis(at))
    .bind(customer_id)
    .bind(millis(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// The customer's grants that can still be spent at `now`.
pub async fn live_grants(conn: &mut Conn, customer_id: &str, now: DateTime<Utc>) -> Result<Vec<Grant>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, source, remaining, expires_at FROM credit_grants WHERE customer_id = $1 AND remaining > 0 AND expires_at > $2
         ORDER BY id",
    )
    .bind(customer_id)
    .bind(millis(now))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Grant {
                id: column(row, "id")?,
                source: decode::named(row, "source", "plan or pack")?,
                left: decode::count(row, "remaining")?,
                expires_at: decode::time(row, "expires_at")?,
            })
        })
        .collect()
}

/// The customer's grants whose unspent credits expired by `until` and were not reported yet,
/// marked reported: (source, pack, credits unspent, when they expired).
pub async fn newly_expired(
    conn: &mut Conn,
    customer_id: &str,
    until: DateTime<Utc>,
) -> Result<Vec<(CreditSource, Option<String>, u64, DateTime<Utc>)>, sqlx::Error> {
    let rows = sqlx::query(
        "UPDATE credit_grants SET expiry_reported = TRUE
         WHERE customer_id = $1 AND remaining > 0 AND expires_at <= $2 AND expiry_reported = FALSE
         RETURNING id, source, pack_id, remaining, expires_at",
    )
    .bind(customer_id)
    .bind(millis(until))
    .fetch_all(conn)
    .await?;
    let mut expired = rows
        .iter()
        .map(|row| {
            let id: i64 = column(row, "id")?;
            let grant = (
                decode::named(row, "source", "plan or pack")?,
                column(row, "pack_id")?,
                decode::count(row, "remaining")?,
                decode::time(row, "expires_at")?,
            );
            Ok((id, grant))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    // RETURNING gives no order: the events follow the grants'.
    expired.sort_by_key(|(id, _)| *id);
    Ok(expired.into_iter().map(|(_, grant)| grant).collect())
}

/// The customer's grants as their credit history lists them, newest first: those granted before
/// `at` (milliseconds), and those at `at` numbered below `id`, at most `limit`. Grants of no
/// credits (a plan without an allowance) are no news and left out.
pub async fn history(
    conn: &mut Conn,
    customer_id: &str,
    (at, id): (i64, i64),
    limit: u32,
) -> Result<Vec<(i64, HistoryEntry)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, source, pack_id, granted, granted_at, expires_at FROM credit_grants
         WHERE customer_id = $1 AND granted > 0 AND (granted_at < $2 OR (granted_at = $2 AND id < $3))
         ORDER BY granted_at DESC, id DESC LIMIT $4",
    )
    .bind(customer_id)
    .bind(at)
    .bind(id)
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let id: i64 = column(row, "id")?;
            let entry = HistoryEntry::Grant {
                id: id.to_string(),
                at: decode::time(row, "granted_at")?,
                source: decode::named(row, "source", "plan or pack")?,
                pack: column(row, "pack_id")?,
                credits: decode::count(row, "granted")?,
                expires_at: decode::time(row, "expires_at")?,
            };
            Ok((column(row, "granted_at")?, entry))
        })
        .collect()
}
