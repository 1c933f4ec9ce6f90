//! Checkout sessions: created open, paid once, and what paying grants.

use chrono::{DateTime, Utc};
use pricing_core::api::SessionStatus;
use pricing_core::credits::CreditSource;
use pricing_core::{Interval, Money};

use super::decode::{self, column};
use super::subscriptions::{insert_payment, insert_subscription};
use super::{credits, millis, Conn, SubscriptionRecord};

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

/// Pays an open session: marks it paid, records the payment, and grants what it bought
/// (a new subscription or pack credits), in the caller's transaction.
pub async fn pay_session(
    conn: &mut Conn,
    session: &SessionRecord,
    customer_id: &str,
    grant: Grant,
    now: DateTime<Utc>,
) -> Result<Paid, sqlx::Error> {
    let paid =
        sqlx::query("UPDATE checkout_sessions SET status = 'paid', customer_id = $1 WHERE id = $2 AND status = 'open'")
            .bind(customer_id)
            .bind(&session.id)
            .execute(&mut *conn)
            .await?;
    if paid.rows_affected() != 1 {
        return Ok(Paid::NotOpen);
    }
    sqlx::query("INSERT INTO customers (id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(customer_id)
        .bind(millis(now))
        .execute(&mut *conn)
        .await?;
    match grant {
        Grant::Pack { pack_id, credits, expires_at } => {
            credits::grant(conn, customer_id, CreditSource::Pack, Some(&pack_id), credits, now, expires_at).await?;
        }
        Grant::Subscription { record, allowance, cycle } => {
            if !insert_subscription(conn, &record).await? {
                return Ok(Paid::AlreadySubscribed);
            }
            credits::move_plan_credits_expiry(conn, customer_id, now, now).await?;
            let from = credits::cycle(conn, customer_id).await?.flatten();
            credits::advance_cycle(conn, customer_id, from, cycle).await?;
            credits::grant(conn, customer_id, CreditSource::Plan, None, allowance, now, cycle.end).await?;
        }
    }
    insert_payment(conn, customer_id, session.amount, &session.description, now).await?;
    Ok(Paid::Done)
}

/// What a paid checkout grants.
pub enum Grant {
    /// A first subscription, its first cycle's allowance and that cycle.
    Subscription {
        record: SubscriptionRecord,
        allowance: u64,
        cycle: credits::Cycle,
    },
    Pack {
        pack_id: String,
        credits: u64,
        expires_at: DateTime<Utc>,
    },
}

/// What paying a session did.
#[derive(Debug, PartialEq, Eq)]
pub enum Paid {
    Done,
    NotOpen,
    AlreadySubscribed,
}
