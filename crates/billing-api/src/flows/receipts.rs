//! Receipts as the customer reads them: their payments, numbered, with a link to a printable
//! page that needs no token (signed for one receipt and an hour, as a token never goes in a URL).

use chrono::{DateTime, Duration, Utc};
use pricing_core::api::receipts::{Receipt, ReceiptItem, ReceiptList};

use crate::error::ApiError;
use crate::flows::subscription;
use crate::state::AppState;
use crate::store::receipts::ReceiptRecord;
use crate::store::{self, Conn};
use crate::token;

/// How long a printable page's link works.
const LINK_LIFETIME: Duration = Duration::hours(1);

fn link_payload(number: u64, customer: &str, expires: i64) -> String {
    format!("receipt.{number}.{customer}.{expires}")
}

fn view(state: &AppState, record: ReceiptRecord, now: DateTime<Utc>) -> Receipt {
    let expires = (now + LINK_LIFETIME).timestamp();
    let signature = token::sign(&state.config.token_secret, &link_payload(record.number, &record.customer_id, expires));
    let html_url = format!(
        "{}/receipts/{}?expires={expires}&signature={signature}",
        state.config.public_url.trim_end_matches('/'),
        record.number
    );
    Receipt {
        number: record.number,
        issued_at: record.paid_at,
        customer_id: record.customer_id,
        items: vec![ReceiptItem { description: record.description, amount: record.amount }],
        total: record.amount,
        tax: record.tax,
        html_url,
    }
}

/// The customer's receipts, newest first, after whatever fell due was settled.
pub async fn list(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    before: Option<u64>,
    limit: u32,
    now: DateTime<Utc>,
) -> Result<ReceiptList, ApiError> {
    subscription::at(state, conn, customer, now).await?;
    let records = store::receipts::of_customer(conn, customer, before, limit).await?;
    Ok(ReceiptList { receipts: records.into_iter().map(|r| view(state, r, now)).collect() })
}

/// One of the customer's receipts.
pub async fn get(
    state: &AppState,
    conn: &mut Conn,
    customer: &str,
    number: u64,
    now: DateTime<Utc>,
) -> Result<Receipt, ApiError> {
    let record = store::receipts::by_number(conn, number).await?.filter(|r| r.customer_id == customer);
    Ok(view(state, record.ok_or(ApiError::NotFound("receipt of this customer"))?, now))
}

/// The receipt a printable page's link names, while the link works.
pub async fn by_link(
    state: &AppState,
    conn: &mut Conn,
    number: u64,
    expires: i64,
    signature: &str,
    now: DateTime<Utc>,
) -> Result<Receipt, ApiError> {
    let record = store::receipts::by_number(conn, number).await?;
    let valid = |r: &ReceiptRecord| {
        let payload = link_payload(r.number, &r.customer_id, expires);
        token::signed(&state.config.token_secret, &payload, signature)
    };
    match record.filter(valid) {
        Some(_) if now.timestamp() >= expires => Err(ApiError::Unauthorized("this receipt's link has expired")),
        Some(record) => Ok(view(state, record, now)),
        None => Err(ApiError::NotFound("receipt")),
    }
}
