//! A customer's receipts: one per payment, numbered without gaps, with what was bought, the
//! total and the catalog's tax rule for its currency when it was paid.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::TaxRule;
use crate::money::Money;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptItem {
    pub description: String,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"number": 42, "issued_at": "2027-02-01T09:00:00Z", "customer_id": "cus_8d1e", "items": [{"description": "Pro plan, billed monthly", "amount": {"minor": 2900, "currency": "USD"}}], "total": {"minor": 2900, "currency": "USD"}, "tax": {"included": false, "name": "applicable tax"}, "html_url": "http://127.0.0.1:8787/receipts/42?expires=1801562400&signature=q3…"})))]
pub struct Receipt {
    /// Sequential across every customer, never reused.
    pub number: u64,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub issued_at: DateTime<Utc>,
    /// The buyer.
    pub customer_id: String,
    pub items: Vec<ReceiptItem>,
    pub total: Money,
    /// Whether `total` includes tax, as the catalog said for the currency when it was paid.
    pub tax: Option<TaxRule>,
    /// The printable page, for an hour: a link that needs no token.
    pub html_url: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptList {
    /// Newest first.
    pub receipts: Vec<Receipt>,
}
