//! The billing flows, one module each: what a request does, on the connection (usually a write
//! transaction) its handler opened. Every amount and rule comes from `pricing-core`; a flow
//! decides what to store and in what order, and the SQL is the store's.
//!
//! Who calls whom: `checkout`, `quotes`, `usage` and `customers` are called by the handlers;
//! they read a customer through `subscription` (which settles renewals and credit cycles
//! first), which grants credits through `credits`.

pub mod checkout;
pub mod credits;
pub mod customers;
pub mod quotes;
pub mod subscription;
pub mod usage;
