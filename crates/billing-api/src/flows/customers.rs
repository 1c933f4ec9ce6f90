//! Development only (`BILLING_DEV_TOKENS=1`): vouching for a customer as a host page's sign-in
//! would, with a token for the customer named, or for a new one.

use chrono::{DateTime, Utc};

use crate::error::ApiError;
use crate::state::AppState;
use crate::store;
use crate::token;

/// Why a customer id was refused (also the contract's example).
pub const CUSTOMER_ID_REFUSED: &str = "customer_id takes 1 to 128 printable characters, without spaces or dots";

/// A customer's token: (customer id, token, when it expires).
pub struct Vouched {
    pub customer_id: String,
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// A token for `customer`, or for a new customer when none is named.
pub async fn vouch(state: &AppState, customer: Option<String>, now: DateTime<Utc>) -> Result<Vouched, ApiError> {
    let customer_id = match customer {
        Some(id) if pricing_core::api::is_customer_id(&id) => id,
        Some(_) => return Err(ApiError::InvalidBody(CUSTOMER_ID_REFUSED.into())),
        None => {
            let mut tx = state.store.write().await?;
            let id = store::create_customer(&mut tx, now).await?;
            tx.commit().await?;
            id
        }
    };
    let expires_at = now + token::LIFETIME;
    let token = token::mint(&state.config.token_secret, &customer_id, expires_at);
    Ok(Vouched { customer_id, token, expires_at })
}
