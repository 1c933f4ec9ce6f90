//! Crashes at every phase of an idempotent request, and `kill -9` in the middle of a burst:
//! after a restart on the same database (SQLite or PostgreSQL), every key either replays its answer or runs to
//! completion on retry, never stays "in flight", and never makes two checkout sessions.
//! Needs the fault-injection switch: `cargo test -p billing-api --features fault-injection --test crash`.
#![cfg(feature = "fault-injection")]

use std::collections::BTreeMap;
use std::time::Duration;

mod support;

use billing_api::fault::PHASES;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::receiver::Receiver;
use support::{pack_checkout, spawn_api, subscribe, test_db, Server, TestDb, USAGE_SECRET};

async fn start(db: &TestDb, fault: Option<&str>) -> Server {
    let settings = [
        ("BILLING_FAULT", fault.unwrap_or("")),
        ("BILLING_RATE_PER_SECOND", "100000"),
        ("BILLING_RATE_BURST", "100000"),
    ];
    spawn_api(db, &settings).await
}

async fn create(client: &reqwest::Client, base: &str, key: &str) -> reqwest::Result<reqwest::Response> {
    client
        .post(format!("{base}/v1/checkout/sessions"))
        .header("Idempotency-Key", key)
        .json(&pack_checkout("pack-500"))
        .send()
        .await
}

async fn sessions_in(db: &TestDb) -> i64 {
    let store = billing_api::store::Store::open(&db.url).await.unwrap();
    let mut conn = store.read().await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM checkout_sessions").fetch_one(&mut *conn).await.unwrap()
}

#[tokio::test]
async fn a_crash_between_any_two_phases_loses_nothing_and_doubles_nothing() {
    let db = test_db().await;
    let client = reqwest::Client::new();
    for (done, phase) in PHASES.iter().enumerate() {
        let key = format!("key-{phase}");
        let mut crashing = start(&db, Some(phase)).await;
        assert!(create(&client, &crashing.base, &key).await.is_err(), "{phase}: the process dies before it answers");
        assert!(!crashing.child.wait().unwrap().success());
        let server = start(&db, None).await;
        let retry = create(&client, &server.base, &key).await.unwrap();
        assert_eq!(retry.status(), StatusCode::CREATED, "{phase}: the retry completes");
        let replayed = retry.headers().get("idempotent-replayed").is_some();
        assert_eq!(replayed, *phase == "after-commit", "{phase}: only committed work is replayed");
        let again = create(&client, &server.base, &key).await.unwrap();
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.json::<Value>().await.unwrap(), retry.json::<Value>().await.unwrap());
        drop(server);
        assert_eq!(sessions_in(&db).await, done as i64 + 1, "{phase}: one session per key");
    }
}

#[tokio::test]
async fn kill_9_in_a_burst_strands_no_key() {
    let db = test_db().await;
    let client = reqwest::Client::new();
    let keys: Vec<String> = (0..300).map(|i| format!("burst-{i}")).collect();
    let mut server = start(&db, None).await;
    let base = server.base.clone();
    let burst = futures::future::join_all(keys.iter().map(|key| create(&client, &base, key)));
    let (answers, ()) = tokio::join!(burst, async {
        tokio::time::sleep(Duration::from_millis(60)).await;
        server.child.kill().unwrap(); // SIGKILL
    });
    let mut acknowledged = BTreeMap::new();
    for (key, answer) in keys.iter().zip(answers) {
        if let Ok(response) = answer {
            if response.status() == StatusCode::CREATED {
                if let Ok(session) = response.json::<Value>().await {
                    acknowledged.insert(key.clone(), session["id"].as_str().unwrap().to_string());
                }
            }
        }
    }
    let _ = server.child.wait();
    drop(server);
    let server = start(&db, None).await;
    for key in &keys {
        let retry = create(&client, &server.base, key).await.unwrap();
        assert_eq!(retry.status(), StatusCode::CREATED, "{key} completes on retry");
        let session: Value = retry.json().await.unwrap();
        if let Some(id) = acknowledged.get(key) {
            assert_eq!(session["id"].as_str(), Some(id.as_str()), "{key}: an acknowledged session is the one replayed");
        }
    }
    drop(server);
    assert_eq!(sessions_in(&db).await, keys.len() as i64, "one session per key, none lost, none doubled");
    eprintln!("kill -9 burst: {} of {} keys answered before the kill", acknowledged.len(), keys.len());
}

/// Cancels or resumes (`what`) the plan of the holder of `token`.
async fn change(base: &str, what: &str, token: &str, key: &str) -> reqwest::Result<reqwest::Response> {
    let url = format!("{base}/v1/customer/subscription/{what}");
    reqwest::Client::new().post(url).bearer_auth(token).header("Idempotency-Key", key).json(&json!({})).send().await
}

/// The event ids the API kept, oldest first.
async fn kept_events(base: &str) -> Vec<String> {
    let client = reqwest::Client::new();
    let listed = client.get(format!("{base}/v1/events?limit=100")).bearer_auth(USAGE_SECRET).send().await.unwrap();
    let listed: Value = listed.json().await.unwrap();
    let ids = listed["events"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string());
    ids.rev().collect()
}

#[tokio::test]
async fn a_change_killed_before_its_event_is_delivered_still_delivers_it_once_and_invents_none() {
    let db = test_db().await;
    let receiver = Receiver::start().await;
    // These processes would look for due deliveries in an hour: their changes' events are still
    // in the outbox when they are killed.
    let settings = |fault: &'static str| {
        [("BILLING_FAULT", fault), ("BILLING_USAGE_SECRET", USAGE_SECRET), ("BILLING_WEBHOOK_POLL_MS", "3600000")]
    };
    let first = spawn_api(&db, &settings("")).await;
    receiver.subscribe(&first.base, &[]).await;
    let customer = subscribe(&first.base, "pro", "monthly").await;
    assert_eq!(change(&first.base, "cancel", &customer.token, "c").await.unwrap().status(), StatusCode::OK);
    drop(first); // kill -9

    // Killed after its change committed, before answering: the change stands, so does its event.
    let crashing = spawn_api(&db, &settings("after-commit")).await;
    assert!(change(&crashing.base, "resume", &customer.token, "r").await.is_err(), "killed before it answers");
    drop(crashing);
    // Killed after its work, before the commit: neither the change nor an event.
    let crashing = spawn_api(&db, &settings("after-work")).await;
    assert!(change(&crashing.base, "cancel", &customer.token, "c2").await.is_err(), "killed before it answers");
    drop(crashing);

    let server = spawn_api(&db, &[("BILLING_USAGE_SECRET", USAGE_SECRET), ("BILLING_WEBHOOK_POLL_MS", "20")]).await;
    let kept = kept_events(&server.base).await;
    let accepted = receiver.wait_for(kept.len()).await;
    let delivered: Vec<String> = accepted.iter().map(|r| r.id().to_string()).collect();
    assert_eq!(delivered, kept, "every event delivered once, in order; none invented");
    let kinds: Vec<&str> = accepted.iter().map(|r| r.kind()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "subscription.cancelled").count(), 1);
    assert_eq!(kinds.last(), Some(&"subscription.resumed"), "the committed resume, and no cancel after it");
    let view = support::subscription(&server.base, &customer.token).await;
    assert_eq!(view["cancel_at_period_end"], false);
}
