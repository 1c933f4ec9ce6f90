//! Sending the outbox: every process leases the deliveries that are due (one process per
//! delivery, through the store), posts each event, signed, to its endpoint, and keeps the attempt.
//! A 2xx delivers it; anything else tries again after 30 s, 1 min, 2 min, … (doubling, at most
//! 6 h apart) until three days after the delivery began, then it fails (a replay sends it again).
//! A customer's deliveries to an endpoint wait for the one before (`store::webhooks::due`), so
//! they arrive in the order they happened, also after a receiver was down for a day.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures_util::future::join_all;
use pricing_core::api::webhooks::Attempt;

use crate::error::ApiError;
use crate::signature;
use crate::state::AppState;
use crate::store;
use crate::store::webhooks::{Outcome, Outgoing};

/// How long a receiver has to answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// How long a process holds a delivery it is sending: past it (the process died mid-request),
/// another process may send it. Three times a request's time limit.
const LEASE: chrono::Duration = chrono::Duration::seconds(30);
/// How many deliveries one pass sends at once.
const BATCH: u32 = 32;
const FIRST_RETRY: chrono::Duration = chrono::Duration::seconds(30);
const LONGEST_WAIT: chrono::Duration = chrono::Duration::hours(6);
const GIVE_UP_AFTER: chrono::Duration = chrono::Duration::days(3);

/// When to try again after `failed` attempts.
pub fn retry_delay(failed: u32) -> chrono::Duration {
    let doubled = FIRST_RETRY.num_seconds().saturating_mul(1_i64 << failed.saturating_sub(1).min(20));
    chrono::Duration::seconds(doubled).min(LONGEST_WAIT)
}

/// The HTTP client deliveries go out on: no redirects (a receiver answers, it does not send the
/// event elsewhere), a time limit per request.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("billing-api-webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("a client with these settings builds")
}

/// Sends what is due until nothing is: the number of deliveries attempted.
pub async fn send_due(state: &AppState, client: &reqwest::Client) -> Result<usize, ApiError> {
    let mut attempted = 0;
    loop {
        let now = state.now();
        let due = store::webhooks::due(&mut *state.store.read().await?, now, BATCH).await?;
        let mut leased = Vec::with_capacity(due.len());
        {
            let mut tx = state.store.write().await?;
            for id in due {
                if store::webhooks::lease(&mut tx, id, now, now + LEASE).await? {
                    leased.push(id);
                }
            }
            tx.commit().await?;
        }
        if leased.is_empty() {
            return Ok(attempted);
        }
        attempted += leased.len();
        for outcome in join_all(leased.into_iter().map(|id| send(state, client, id))).await {
            outcome?;
        }
    }
}

/// Sends one leased delivery and keeps what came of it.
async fn send(state: &AppState, client: &reqwest::Client, id: i64) -> Result<(), ApiError> {
    let Some(outgoing) = store::webhooks::outgoing(&mut *state.store.read().await?, id).await? else {
        return Ok(());
    };
    let started = Instant::now();
    let at = state.now();
    let (status, error) = match &outgoing.endpoint {
        None => (None, Some("the endpoint was deleted".to_string())),
        Some(endpoint) => post(client, &outgoing, &endpoint.signing_secrets(at), &endpoint.endpoint.url, at).await,
    };
    let attempt = Attempt { at, status, error, duration_ms: started.elapsed().as_millis() as u64 };
    let outcome = outcome(&outgoing, &attempt);
    let label = match outcome {
        Outcome::Delivered => "delivered",
        Outcome::RetryAt(_) => "retry",
        Outcome::GaveUp => "failed",
    };
    metrics::counter!("billing_webhook_attempts_total", "outcome" => label).increment(1);
    let mut tx = state.store.write().await?;
    store::webhooks::record_attempt(&mut tx, id, &attempt, outcome).await?;
    tx.commit().await?;
    Ok(())
}

fn outcome(outgoing: &Outgoing, attempt: &Attempt) -> Outcome {
    if attempt.status.is_some_and(|s| (200..300).contains(&s)) {
        return Outcome::Delivered;
    }
    let next: DateTime<Utc> = attempt.at + retry_delay(outgoing.tried + 1);
    match outgoing.endpoint.is_some() && next <= outgoing.created_at + GIVE_UP_AFTER {
        true => Outcome::RetryAt(next),
        false => Outcome::GaveUp,
    }
}

/// Posts the event: the receiver's status, or why none came.
async fn post(
    client: &reqwest::Client,
    outgoing: &Outgoing,
    secrets: &[&str],
    url: &str,
    at: DateTime<Utc>,
) -> (Option<u16>, Option<String>) {
    let body = match serde_json::to_vec(&outgoing.event) {
        Ok(body) => body,
        Err(e) => return (None, Some(e.to_string())),
    };
    let request = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(signature::EVENT_ID_HEADER, &outgoing.event.id)
        .header(signature::HEADER, signature::header_value(secrets, at.timestamp(), &body))
        .body(body);
    match request.send().await {
        Ok(response) => (Some(response.status().as_u16()), None),
        Err(e) if e.is_timeout() => (None, Some(format!("no answer within {} s", TIMEOUT.as_secs()))),
        Err(e) if e.is_connect() => (None, Some("the connection was refused or failed".into())),
        Err(e) => (None, Some(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_double_from_30_seconds_to_at_most_6_hours() {
        let waits: Vec<i64> = (1..=12).map(|n| retry_delay(n).num_seconds()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600, 21600]);
        assert_eq!(retry_delay(u32::MAX).num_seconds(), 21600);
    }
}
