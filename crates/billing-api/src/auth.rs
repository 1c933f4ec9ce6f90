//! Who is calling: a customer vouched for by a bearer token, an anonymous visitor, the
//! generation service, or an editor of the catalog. Tokens
//! travel only in the Authorization header, never in cookies, so a third-party page cannot
//! ride on a visitor's session.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::error::ApiError;
use crate::state::AppState;
use crate::token;

/// A request that must come from a customer.
pub struct Customer(pub String);

/// A request that may come from a customer.
pub struct MaybeCustomer(pub Option<String>);

impl MaybeCustomer {
    /// The idempotency scope of this caller.
    pub fn scope(&self) -> String {
        self.0.clone().unwrap_or_else(|| "anonymous".into())
    }
}

impl FromRequestParts<AppState> for MaybeCustomer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(header) = parts.headers.get(AUTHORIZATION) else { return Ok(MaybeCustomer(None)) };
        let token = header
            .to_str()
            .ok()
            .and_then(|h| h.strip_prefix("Bearer "))
            .ok_or(ApiError::Unauthorized("use 'Authorization: Bearer <token>'"))?;
        let customer =
            token::verify(&state.config.token_secret, token.trim(), state.now()).map_err(ApiError::Unauthorized)?;
        Ok(MaybeCustomer(Some(customer)))
    }
}

impl FromRequestParts<AppState> for Customer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match MaybeCustomer::from_request_parts(parts, state).await?.0 {
            Some(customer) => Ok(Customer(customer)),
            None => Err(ApiError::Unauthorized("this call needs a customer token")),
        }
    }
}

/// A request from the generation service, vouched for by the usage secret; browsers never
/// hold it. The comparison runs over digests, so its time does not depend on the secret.
pub struct Service;

impl FromRequestParts<AppState> for Service {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        use sha2::{Digest, Sha256};
        let Some(secret) = &state.config.usage_secret else {
            return Err(ApiError::Unauthorized("usage reporting is not configured (BILLING_USAGE_SECRET)"));
        };
        let given =
            parts.headers.get(AUTHORIZATION).and_then(|h| h.to_str().ok()).and_then(|h| h.strip_prefix("Bearer "));
        match given {
            Some(given) if Sha256::digest(given.trim()) == Sha256::digest(secret) => Ok(Service),
            _ => Err(ApiError::Unauthorized("this call needs the usage secret")),
        }
    }
}

/// A request from an editor of the catalog, by name: a bearer token that is one of
/// `BILLING_EDITORS`' secrets (compared over digests). A customer's token is known but not
/// enough (403); anything else is 401.
pub struct Editor(pub String);

impl FromRequestParts<AppState> for Editor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        use sha2::{Digest, Sha256};
        let given = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(ApiError::Unauthorized("this call needs an editor's credential"))?;
        let digest = Sha256::digest(given);
        if let Some((name, _)) = state.config.editors.iter().find(|(_, secret)| Sha256::digest(secret) == digest) {
            return Ok(Editor(name.clone()));
        }
        match token::verify(&state.config.token_secret, given, state.now()) {
            Ok(_) => Err(ApiError::Forbidden(
                "a customer may not change the catalog; this call needs an editor's credential",
            )),
            Err(_) => Err(ApiError::Unauthorized("this call needs an editor's credential")),
        }
    }
}
