//! Checkout sessions: created open, and paid once.

use chrono::{DateTime, Utc};
use pricing_core::api::SessionStatus;
use pricing_core::{Interval, Money};

use super::decode::{self, column};
use super::{millis, Conn};

#[derive(Clone, Debug)]
pub struct SessionRecord {
    pub id: String,
    pub customer_id: Option<String>,
    pub purchase: Purchase,
    pub amount: Money,
    pub description: String,
    pub success_url: String,
    pub cancel_url: String,
    pub status: SessionStatus,
}

#[derive(Clone, Debug)]
pub enum Purchase {
    Subscription { plan: String, interval: Interval },
    CreditPack { pack: String },
}

pub async fn create_session(conn: &mut Conn, session: &SessionRecord, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let (kind, item, interval) = match &session.purchase {
        Purchase::Subscription { plan, interval } => ("subscription", plan.as_str(), Some(interval.as_str())),
        Purchase::CreditPack { pack } => ("credit_pack", pack.as_str(), None),
    };
    sqlx::query(
        "INSERT INTO checkout_sessions (id, customer_id, kind, item_id, interval, currency, amount, description,
            success_url, cancel_url, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11)",
    )
    .bind(&session.id)
    .bind(&session.customer_id)
    .bind(kind)
    .bind(item)
    .bind(interval)
    .bind(session.amount.currency.code())
    .bind(session.amount.minor)
    .bind(&session.description)
    .bind(&session.success_url)
    .bind(&session.cancel_url)
    .bind(millis(now))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn session(conn: &mut Conn, id: &str) -> Result<Option<SessionRecord>, sqlx::Error> {
    let row = sqlx::query("SELECT * FROM checkout_sessions WHERE id = $1").bind(id).fetch_optional(conn).await?;
    let Some(row) = row else { return Ok(None) };
    let item: String = column(&row, "item_id")?;
    let purchase = match decode::one_of(&row, "kind", &[("subscription", true), ("credit_pack", false)])? {
        true => Purchase::Subscription { plan: item, interval: decode::interval(&row, "interval")? },
        false => Purchase::CreditPack { pack: item },
    };
    Ok(Some(SessionRecord {
        id: column(&row, "id")?,
        customer_id: column(&row, "customer_id")?,
        purchase,
        amount: decode::money(&row, "amount", "currency")?,
        description: column(&row, "description")?,
        success_url: column(&row, "success_url")?,
        cancel_url: column(&row, "cancel_url")?,
        status: decode::one_of(&row, "status", &[("open", SessionStatus::Open), ("paid", SessionStatus::Paid)])?,
    }))
}

/// Marks an open session paid by `customer_id` (who is kept as a customer from now on), in the
/// caller's transaction: false, and nothing written, when it is not open (paid already). The
/// flow grants what it bought in the same transaction.
pub async fn mark_paid(
    conn: &mut Conn,
    session: &SessionRecord,
    customer_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let paid =
        sqlx::query("UPDATE checkout_sessions SET status = 'paid', customer_id = $1 WHERE id = $2 AND status = 'open'")
            .bind(customer_id)
            .bind(&session.id)
            .execute(&mut *conn)
            .await?;
    if paid.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO customers (id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(customer_id)
        .bind(millis(now))
        .execute(&mut *conn)
        .await?;
    Ok(true)
}
