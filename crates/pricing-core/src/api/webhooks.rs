//! What the billing API tells the service's own backend without being asked: events (each with
//! a stable id, for de-duplication), the webhook endpoints they are sent to, and each delivery
//! with its attempts. The service's backend calls these with its secret; browsers never do.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Declares the event types once: the enum, its names on the wire and the list of all.
macro_rules! event_types {
    // `$name:tt`, not `literal`: a literal fragment reaches derives wrapped in a group that
    // utoipa does not read, and the contract would name the variants instead.
    ($($(#[$doc:meta])* $variant:ident = $name:tt,)*) => {
        /// What happened. New types may be added; a receiver ignores those it does not know.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum EventType {
            $($(#[$doc])* #[serde(rename = $name)] $variant,)*
        }

        impl EventType {
            pub const ALL: &'static [EventType] = &[$(EventType::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(EventType::$variant => $name,)*
                }
            }

            pub fn parse(name: &str) -> Option<EventType> {
                match name {
                    $($name => Some(EventType::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

event_types! {
    /// A checkout was paid: a first plan or a credit pack.
    CheckoutPaid = "checkout.paid",
    /// A first paid plan began.
    SubscriptionStarted = "subscription.started",
    /// A period ended and the next one was charged.
    SubscriptionRenewed = "subscription.renewed",
    /// The plan or interval changed (an upgrade at once, or a scheduled change at renewal).
    SubscriptionChanged = "subscription.changed",
    /// A change was scheduled for the period's end.
    SubscriptionChangeScheduled = "subscription.change_scheduled",
    /// A change scheduled for the period's end was taken back: the plan renews as it is.
    SubscriptionChangeCancelled = "subscription.change_cancelled",
    /// The customer cancelled: the plan ends at the period's end.
    SubscriptionCancelled = "subscription.cancelled",
    /// A cancellation was taken back before the period ended.
    SubscriptionResumed = "subscription.resumed",
    /// The customer took the retention offer instead of cancelling.
    SubscriptionRetained = "subscription.retained",
    /// The paid plan ended; the customer is on the free plan.
    SubscriptionEnded = "subscription.ended",
    /// Credits were granted: a cycle's allowance, an upgrade's difference, a pack.
    CreditsGranted = "credits.granted",
    /// A payment was refused (the test checkout's declined card); nothing was charged or granted.
    PaymentFailed = "payment.failed",
    /// Credits of a grant expired unspent.
    CreditsExpired = "credits.expired",
    /// 80, 90 or 100% of the cycle's plan credits are spent (each mark once a cycle).
    CreditsLow = "credits.low",
    /// An auto top-up bought a pack.
    TopUpSucceeded = "top_up.succeeded",
    /// An auto top-up was due but the month's cap stopped it (once a month).
    TopUpCapped = "top_up.capped",
    /// Sent on request to one endpoint, to try it.
    WebhookTest = "webhook.test",
}

/// One thing that happened, as every delivery of it carries it (the same body each time).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": "evt_0b6f2d", "type": "credits.granted", "created_at": "2027-02-01T09:00:00Z", "customer_id": "cus_8d1e", "data": {"source": "pack", "pack": "pack-2000", "credits": 1000, "expires_at": "2028-02-01T09:00:00Z"}})))]
pub struct Event {
    /// Stable across retries and replays: a receiver that saw it may skip it.
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub created_at: DateTime<Utc>,
    /// Whose event it is; deliveries of one customer's events arrive in the order they happened.
    pub customer_id: Option<String>,
    /// What the type says happened (the README lists each type's fields).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: serde_json::Value,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventList {
    pub events: Vec<Event>,
}

/// A new endpoint: where to send which events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"url": "https://service.example/billing-events", "event_types": ["checkout.paid", "subscription.renewed"]})))]
pub struct EndpointRequest {
    /// An http(s) URL of at most 2,048 bytes.
    pub url: String,
    /// The types to send; none means every type.
    #[serde(default)]
    pub event_types: Vec<EventType>,
}

/// Changes to an endpoint; what is left out stays.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"enabled": false})))]
pub struct EndpointUpdate {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub event_types: Option<Vec<EventType>>,
    /// A disabled endpoint is sent nothing new; what is under way to it still goes.
    #[serde(default)]
    pub enabled: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": "we_3c9a", "url": "https://service.example/billing-events", "event_types": [], "enabled": true, "created_at": "2027-02-01T09:00:00Z", "previous_secret_expires_at": null})))]
pub struct Endpoint {
    pub id: String,
    pub url: String,
    /// Empty: every type.
    pub event_types: Vec<EventType>,
    pub enabled: bool,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub created_at: DateTime<Utc>,
    /// Until then, deliveries are also signed with the secret replaced by the last rotation.
    #[serde(default, deserialize_with = "crate::rfc3339::optional")]
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
}

/// An endpoint with its signing secret: answered when it is created and when the secret is
/// rotated, never again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndpointWithSecret {
    pub endpoint: Endpoint,
    /// The key of `Billing-Signature`'s HMAC-SHA256, as text.
    pub secret: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndpointList {
    pub endpoints: Vec<Endpoint>,
}

/// A new signing secret; the old one also signs until `previous_valid_for_s` (by default a
/// day, at most a week) has passed, so receivers can switch without missing an event.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"previous_valid_for_s": 3600})))]
pub struct RotateSecret {
    #[serde(default, deserialize_with = "super::whole::optional_u32")]
    #[cfg_attr(feature = "openapi", schema(maximum = 604800))]
    pub previous_valid_for_s: Option<u32>,
}

/// The longest a replaced secret keeps signing.
pub const MAX_PREVIOUS_SECRET_S: u32 = 7 * 24 * 3600;
/// How long a replaced secret keeps signing when the rotation does not say.
pub const DEFAULT_PREVIOUS_SECRET_S: u32 = 24 * 3600;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DeliveryState {
    /// Not yet accepted by the receiver: tried again until three days after the event.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Three days of attempts failed, or the endpoint was deleted: replay it to send it again.
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Failed => "failed",
        }
    }
}

/// One event on its way to one endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": 42, "event_id": "evt_0b6f2d", "event_type": "credits.granted", "endpoint_id": "we_3c9a", "state": "pending", "next_attempt_at": "2027-02-01T09:01:00Z", "delivered_at": null, "created_at": "2027-02-01T09:00:00Z", "attempts": [{"at": "2027-02-01T09:00:30Z", "status": 503, "error": null, "duration_ms": 12}]})))]
pub struct Delivery {
    pub id: i64,
    pub event_id: String,
    pub event_type: EventType,
    pub endpoint_id: String,
    pub state: DeliveryState,
    /// When a pending delivery is tried next.
    #[serde(default, deserialize_with = "crate::rfc3339::optional")]
    pub next_attempt_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "crate::rfc3339::optional")]
    pub delivered_at: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub created_at: DateTime<Utc>,
    /// Oldest first.
    pub attempts: Vec<Attempt>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attempt {
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub at: DateTime<Utc>,
    /// The receiver's HTTP status; none when no answer came.
    pub status: Option<u16>,
    /// Why no answer came (refused, timed out).
    pub error: Option<String>,
    pub duration_ms: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryList {
    pub deliveries: Vec<Delivery>,
}

/// The longest endpoint URL, in bytes.
pub const MAX_ENDPOINT_URL_BYTES: usize = 2048;

/// The characters of a host (with its port, or an IPv6 address in brackets), as RFC 3986 writes
/// one: no `@`, so no user info can disguise it.
const HOST_BYTES: &str = "A-Za-z0-9._~%!$&'()*+,;=:\\[\\]-";

/// [`endpoint_url_allowed`] as a regular expression, for the contract.
pub fn endpoint_url_pattern() -> String {
    format!("^https?://[{HOST_BYTES}]+([/?#][!-~]*)?$")
}

/// Whether events may be sent to `url`: http or https, a host, then printable ASCII, at most
/// [`MAX_ENDPOINT_URL_BYTES`] ([`endpoint_url_pattern`]).
pub fn endpoint_url_allowed(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else { return false };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..host_end].bytes().all(|b| b.is_ascii_alphanumeric() || b"._~%!$&'()*+,;=:[]-".contains(&b));
    url.len() <= MAX_ENDPOINT_URL_BYTES
        && host_end > 0
        && host
        && rest[host_end..].bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_type_reads_back_from_its_name() {
        for &kind in EventType::ALL {
            assert_eq!(EventType::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(EventType::parse("checkout.refunded"), None);
    }

    #[test]
    fn a_rotation_reads_its_seconds_as_json_writes_integers() {
        let read = |json: &str| serde_json::from_str::<RotateSecret>(json).map(|r| r.previous_valid_for_s);
        assert_eq!(read(r#"{"previous_valid_for_s": 3600}"#).unwrap(), Some(3600));
        assert_eq!(read(r#"{"previous_valid_for_s": 3600.0}"#).unwrap(), Some(3600));
        assert_eq!(read(r#"{"previous_valid_for_s": null}"#).unwrap(), None);
        assert_eq!(read("{}").unwrap(), None);
        for wrong in
            [r#"{"previous_valid_for_s": 1.5}"#, r#"{"previous_valid_for_s": -1}"#, r#"{"previous_valid_for_s": "1"}"#]
        {
            assert!(read(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn endpoints_are_http_urls_with_a_host() {
        for url in ["https://service.example/hooks", "http://127.0.0.1:9000/", "http://h", "http://[::1]:80/a?b#c"] {
            assert!(endpoint_url_allowed(url), "{url}");
        }
        let refused =
            ["ftp://service.example", "https://", "https://user@evil.example/", "https://a b", "https://a/b c"];
        for url in refused {
            assert!(!endpoint_url_allowed(url), "{url}");
        }
        assert!(!endpoint_url_allowed(&format!("https://h/{}", "a".repeat(MAX_ENDPOINT_URL_BYTES))));
    }
}
