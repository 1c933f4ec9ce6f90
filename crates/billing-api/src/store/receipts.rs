//! Receipts: the payments with their numbers, as stored.

use chrono::{DateTime, Utc};
use pricing_core::{Money, TaxRule};
use sqlx::any::AnyRow;

use super::decode::{self, column};
use super::Conn;

/// A payment's receipt as stored.
pub struct ReceiptRecord {
    pub number: u64,
    pub customer_id: String,
    pub amount: Money,
    pub description: String,
    pub tax: Option<TaxRule>,
    pub paid_at: DateTime<Utc>,
}

fn receipt(row: &AnyRow) -> Result<ReceiptRecord, sqlx::Error> {
    let tax_name: Option<String> = column(row, "tax_name")?;
    let tax = match tax_name {
        Some(name) => Some(TaxRule { included: decode::flag(row, "tax_included")?, name }),
        None => None,
    };
    Ok(ReceiptRecord {
        number: decode::count(row, "receipt_number")?,
        customer_id: column(row, "customer_id")?,
        amount: decode::money(row, "amount", "currency")?,
        description: column(row, "description")?,
        tax,
        paid_at: decode::time(row, "created_at")?,
    })
}

const COLUMNS: &str = "receipt_number, customer_id, amount, currency, description, tax_included, tax_name, created_at";

/// A customer's receipts, newest first, before the number `before` when given.
pub async fn of_customer(
    conn: &mut Conn,
    customer_id: &str,
    before: Option<u64>,
    limit: u32,
) -> Result<Vec<ReceiptRecord>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM payments WHERE customer_id = $1 AND receipt_number < $2 ORDER BY receipt_number DESC LIMIT $3"
    ))
    .bind(customer_id)
    .bind(before.map_or(i64::MAX, |n| n as i64))
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await?;
    rows.iter().map(receipt).collect()
}

pub async fn by_number(conn: &mut Conn, number: u64) -> Result<Option<ReceiptRecord>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM payments WHERE receipt_number = $1"))
        .bind(number as i64)
        .fetch_optional(conn)
        .await?;
    row.map(|row| receipt(&row)).transpose()
}
