//! The webhook signature, as Stripe writes its own: `Billing-Signature: t=<unix seconds>,v1=<hex>`,
//! the hex being HMAC-SHA256 under the endpoint's secret of `<t>.<body>`. While a rotated secret
//! still signs, the header carries one `v1=` per secret. A receiver recomputes one, compares it
//! in constant time and refuses a `t` too far from its own clock (a replayed old request); the
//! README shows it in shell, Node and Python.

use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const HEADER: &str = "billing-signature";
/// The header with the event's id, the same on every delivery of it.
pub const EVENT_ID_HEADER: &str = "billing-event-id";
/// How far a signature's time may be from the receiver's clock, as the README's snippets check.
pub const TOLERANCE_S: i64 = 300;

fn mac(secret: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body);
    mac
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The header's value for `body` sent at `timestamp`, signed with each of `secrets`.
pub fn header_value(secrets: &[&str], timestamp: i64, body: &[u8]) -> String {
    let signatures = secrets.iter().map(|s| format!(",v1={}", hex(&mac(s, timestamp, body).finalize().into_bytes())));
    format!("t={timestamp}{}", signatures.collect::<String>())
}

/// Whether `header` signs `body` with `secret` at a time within [`TOLERANCE_S`] of `now`.
pub fn verify(header: &str, secret: &str, body: &[u8], now: i64) -> Result<(), &'static str> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", signature)) => signatures.push(signature),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or("no timestamp")?;
    if (now - timestamp).abs() > TOLERANCE_S {
        return Err("the signature's time is outside the tolerance");
    }
    let expected = hex(&mac(secret, timestamp, body).finalize().into_bytes());
    // Both are hex of one length: comparing every byte keeps the time independent of the match.
    let matches =
        |s: &&str| s.len() == expected.len() && s.bytes().zip(expected.bytes()).fold(0, |d, (a, b)| d | (a ^ b)) == 0;
    match signatures.iter().any(matches) {
        true => Ok(()),
        false => Err("no signature matches"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_with_either_secret_and_fails_when_anything_changes() {
        let body = br#"{"id":"evt_1"}"#;
        let header = header_value(&["whsec_new", "whsec_old"], 1_800_000_000, body);
        assert!(header.starts_with("t=1800000000,v1="));
        assert_eq!(verify(&header, "whsec_new", body, 1_800_000_100), Ok(()));
        assert_eq!(verify(&header, "whsec_old", body, 1_800_000_100), Ok(()));
        assert!(verify(&header, "whsec_other", body, 1_800_000_100).is_err());
        assert!(verify(&header, "whsec_new", br#"{"id":"evt_2"}"#, 1_800_000_100).is_err());
        assert!(verify(&header, "whsec_new", body, 1_800_000_000 + TOLERANCE_S + 1).is_err());
        let moved = header.replace("t=1800000000", "t=1800000050");
        assert!(verify(&moved, "whsec_new", body, 1_800_000_050).is_err());
    }

    #[test]
    fn the_signature_is_hmac_sha256_of_time_dot_body_in_hex() {
        // As `printf '%s' '1800000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_new` prints it.
        let header = header_value(&["whsec_new"], 1_800_000_000, br#"{"id":"evt_1"}"#);
        assert_eq!(header, "t=1800000000,v1=bcd5b8f84c1762e896c564b29f53d2d26064aba6607250fa924f75df06e0f8a4");
    }
}
