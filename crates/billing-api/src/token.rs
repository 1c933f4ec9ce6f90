//! Customer tokens: the host page, which knows who is signed in, vouches for a customer with a
//! short-lived token signed with the shared secret: `v1.<customer>.<expiry>.<signature>`, the
//! customer id being printable ASCII without spaces or dots (`pricing_core::api::is_customer_id`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

pub const LIFETIME: Duration = Duration::minutes(15);

fn mac(secret: &[u8], payload: &str) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(payload.as_bytes());
    mac
}

pub fn mint(secret: &[u8], customer_id: &str, expires_at: DateTime<Utc>) -> String {
    let payload = format!("v1.{customer_id}.{}", expires_at.timestamp());
    let signature = URL_SAFE_NO_PAD.encode(mac(secret, &payload).finalize().into_bytes());
    format!("{payload}.{signature}")
}

/// The customer a token vouches for, if its signature is right and it has not expired.
pub fn verify(secret: &[u8], token: &str, now: DateTime<Utc>) -> Result<String, &'static str> {
    let (payload, signature) = token.rsplit_once('.').ok_or("malformed token")?;
    let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| "malformed token")?;
    mac(secret, payload).verify_slice(&signature).map_err(|_| "bad token signature")?;
    let mut parts = payload.splitn(3, '.');
    let (Some("v1"), Some(customer), Some(expiry)) = (parts.next(), parts.next(), parts.next()) else {
        return Err("malformed token");
    };
    // Whoever minted it, a customer id is one the API can keep (`is_customer_id`).
    if !pricing_core::api::is_customer_id(customer) {
        return Err("malformed token");
    }
    let expiry: i64 = expiry.parse().map_err(|_| "malformed token")?;
    if now.timestamp() >= expiry {
        return Err("token expired");
    }
    Ok(customer.to_string())
}

/// A signature of `payload` under `secret`, for links that carry their own permission (a
/// receipt's printable page).
pub fn sign(secret: &[u8], payload: &str) -> String {
    URL_SAFE_NO_PAD.encode(mac(secret, payload).finalize().into_bytes())
}

/// Whether `signature` is `sign(secret, payload)`, compared in constant time.
pub fn signed(secret: &[u8], payload: &str, signature: &str) -> bool {
    URL_SAFE_NO_PAD.decode(signature).is_ok_and(|bytes| mac(secret, payload).verify_slice(&bytes).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_until_they_expire_and_not_after_tampering() {
        let now = Utc::now();
        let token = mint(b"secret-secret-secret-secret-secret", "cus_1", now + LIFETIME);
        assert_eq!(verify(b"secret-secret-secret-secret-secret", &token, now), Ok("cus_1".into()));
        assert_eq!(verify(b"secret-secret-secret-secret-secret", &token, now + LIFETIME), Err("token expired"));
        assert_eq!(verify(b"another-secret-another-secret-xx", &token, now), Err("bad token signature"));
        let forged = token.replacen("cus_1", "cus_2", 1);
        assert_eq!(verify(b"secret-secret-secret-secret-secret", &forged, now), Err("bad token signature"));
        assert!(verify(b"secret-secret-secret-secret-secret", "garbage", now).is_err());
    }
}
