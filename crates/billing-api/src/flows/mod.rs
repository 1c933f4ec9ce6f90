//! The billing flows, one module each: what a request does, on the connection (usually a write
//! transaction) its handler opened. Every amount and rule comes from `pricing-core`; a flow
//! decides what to store and in what order, and the SQL is the store's.
//!
//! Who calls whom: the handlers (and the hosted checkout page) call `checkout`, `quotes`,
//! `subscription`, `usage` and `customers`. `checkout`, `quotes` and `usage` read a customer
//! through `subscription`, which settles renewals and credit cycles first and grants their
//! credits through `credits`; `checkout` and `quotes` move a customer's credit cycle through
//! `credits` too. `publication` is the studio's: catalog versions, and every process following
//! the one in force.

pub mod checkout;
pub mod credits;
pub mod customers;
pub mod delivery;
pub mod events;
pub mod holds;
pub mod publication;
pub mod quotes;
pub mod subscription;
pub mod usage;
pub mod webhooks;
