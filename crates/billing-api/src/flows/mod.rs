//! The billing flows, one module each: what a request does, on the connection (usually a write
//! transaction) its handler opened. Every amount and rule comes from `pricing-core`; a flow
//! decides what to store and in what order, and the SQL is the store's.
//!
//! Who calls whom: the handlers (and the hosted checkout page) call `checkout`, `quotes`,
//! `subscription`, `usage` and `customers`. `checkout`, `quotes` and `usage` read a customer
//! through `subscription`, which settles renewals and credit cycles first and grants their
//! credits through `credits`; `checkout` and `quotes` move a customer's credit cycle through
//! `credits` too. `account` (the account at a glance) and `history` (the credit history) read a
//! customer through `subscription` too. `publication` is the studio's: catalog versions, and
//! every process following the one in force.

pub mod account;
pub mod cancellation;
pub mod checkout;
pub mod credits;
pub mod customers;
pub mod delivery;
pub mod events;
pub mod history;
pub mod holds;
pub mod publication;
pub mod quotes;
pub mod receipts;
pub mod subscription;
pub mod top_up;
pub mod usage;
pub mod webhooks;

/// Why a list's `limit` is refused.
pub const LIMIT_REFUSED: &str = "limit must be 1 to 100";

/// A list's length as asked: 1 to 100, 20 when not given.
pub fn page_size(asked: Option<u32>) -> Result<u32, crate::error::ApiError> {
    match asked.unwrap_or(20) {
        limit @ 1..=100 => Ok(limit),
        _ => Err(crate::error::ApiError::InvalidQuery(LIMIT_REFUSED.into())),
    }
}
