//! Long generations over real HTTP: credits held at once (refused at once when short), captured
//! (at most what was held), released, or given back when the hold runs out; holds count in every
//! balance; Unlimited holds nothing; the check answers what a hold would; and holds racing
//! captures, releases and expiries never spend a credit twice or go below zero.

mod support;

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{catalog, error_code, start, Api, USAGE_SECRET};

/// A 10-second video on kling-3.0 at 1080p for `customer`, and its credit cost from the catalog.
fn video(customer: &str) -> (Value, u64) {
    let cost = catalog().model("kling-3.0").unwrap().credits_per_output("1080p", Some(10)).unwrap();
    (json!({ "customer_id": customer, "model": "kling-3.0", "resolution": "1080p", "seconds": 10 }), cost)
}

async fn credits_left(api: &Api, customer: &str) -> u64 {
    api.subscription(customer).await["credits_left"].as_u64().unwrap()
}

async fn hold(api: &Api, key: &str, body: &Value) -> reqwest::Response {
    api.post("/v1/usage/holds", Some(USAGE_SECRET), Some(key), body).await
}

async fn settle(api: &Api, id: &str, how: &str, key: &str, body: &Value) -> reqwest::Response {
    api.post(&format!("/v1/usage/holds/{id}/{how}"), Some(USAGE_SECRET), Some(key), body).await
}

async fn check(api: &Api, customer: &str, model: &str, resolution: &str, seconds: Option<u32>) -> Value {
    let seconds = seconds.map_or(String::new(), |s| format!("&seconds={s}"));
    let url =
        format!("{}/v1/usage/check?customer_id={customer}&model={model}&resolution={resolution}{seconds}", api.base);
    let response = reqwest::Client::new().get(url).bearer_auth(USAGE_SECRET).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_hold_takes_its_credits_at_once_and_a_capture_keeps_at_most_what_was_held() {
    let api = start().await;
    let customer = api.subscriber("pro", "monthly").await;
    let start = credits_left(&api, &customer).await;
    let (body, cost) = video(&customer);
    let asked = check(&api, &customer, "kling-3.0", "1080p", Some(10)).await;
    assert_eq!((asked["allowed"].as_bool(), asked["credits"].as_u64()), (Some(true), Some(cost)));
    assert_eq!(asked["credits_left_after"].as_u64(), Some(start - cost));

    let held = hold(&api, "h1", &body).await;
    assert_eq!(held.status(), StatusCode::CREATED);
    let held: Value = held.json().await.unwrap();
    assert_eq!((held["state"].as_str(), held["credits"].as_u64()), (Some("held"), Some(cost)));
    assert_eq!(held["credits_left"].as_u64(), asked["credits_left_after"].as_u64(), "the check said what the hold did");
    assert_eq!(credits_left(&api, &customer).await, start - cost, "held credits count in every balance");
    assert_eq!(check(&api, &customer, "kling-3.0", "1080p", Some(10)).await["credits_held"].as_u64(), Some(cost));

    let id = held["id"].as_str().unwrap();
    let too_much = settle(&api, id, "capture", "c0", &json!({ "customer_id": customer, "credits": cost + 1 })).await;
    assert_eq!(error_code(too_much).await, (StatusCode::BAD_REQUEST, "invalid_request".into()));
    let kept = cost / 2;
    let captured = settle(&api, id, "capture", "c1", &json!({ "customer_id": customer, "credits": kept })).await;
    let captured: Value = captured.json().await.unwrap();
    assert_eq!((captured["state"].as_str(), captured["credits"].as_u64()), (Some("captured"), Some(kept)));
    assert_eq!(credits_left(&api, &customer).await, start - kept, "what was not kept went back");
    let again = settle(&api, id, "release", "r1", &json!({ "customer_id": customer })).await;
    assert_eq!(error_code(again).await, (StatusCode::CONFLICT, "change_not_possible".into()));
    let refund_path = format!("/v1/usage/{id}/refund");
    let refund = api.post(&refund_path, Some(USAGE_SECRET), Some("f1"), &json!({ "customer_id": customer })).await;
    assert_eq!(refund.json::<Value>().await.unwrap()["credits"].as_u64(), Some(kept));
    assert_eq!(credits_left(&api, &customer).await, start);
}

#[tokio::test]
async fn a_released_or_run_out_hold_gives_everything_back_and_a_short_one_is_refused_at_once() {
    let api = start().await;
    let customer = api.subscriber("pro", "monthly").await;
    let start = credits_left(&api, &customer).await;
    let (body, cost) = video(&customer);
    let held: Value = hold(&api, "h1", &body).await.json().await.unwrap();
    let released =
        settle(&api, held["id"].as_str().unwrap(), "release", "r1", &json!({ "customer_id": customer })).await;
    assert_eq!(released.json::<Value>().await.unwrap()["state"], "released");
    assert_eq!(credits_left(&api, &customer).await, start);

    let mut short = body.clone();
    short["hold_seconds"] = json!(60);
    let held: Value = hold(&api, "h2", &short).await.json().await.unwrap();
    api.clock.advance(Duration::seconds(61));
    assert_eq!(credits_left(&api, &customer).await, start, "a hold that ran out gave its credits back");
    let late = settle(&api, held["id"].as_str().unwrap(), "capture", "c2", &json!({ "customer_id": customer })).await;
    assert_eq!(error_code(late).await, (StatusCode::CONFLICT, "change_not_possible".into()));

    let fits = start / cost;
    for i in 0..fits {
        assert_eq!(hold(&api, &format!("fill-{i}"), &body).await.status(), StatusCode::CREATED);
    }
    let refused = hold(&api, "one-more", &body).await;
    assert_eq!(error_code(refused).await, (StatusCode::PAYMENT_REQUIRED, "insufficient_credits".into()));
    let asked = check(&api, &customer, "kling-3.0", "1080p", Some(10)).await;
    assert_eq!((asked["allowed"].as_bool(), asked["refusal"].as_str()), (Some(false), Some("insufficient_credits")));
    assert_eq!(asked["credits_held"].as_u64(), Some(fits * cost));
}

#[tokio::test]
async fn unlimited_work_holds_nothing_and_a_model_outside_the_plan_is_refused_by_the_check_too() {
    let api = start().await;
    let bought_at: DateTime<Utc> = "2026-12-15T09:00:00Z".parse().unwrap(); // during 365 Unlimited
    api.clock.set(bought_at);
    let customer = api.subscriber("pro", "monthly").await;
    let start = credits_left(&api, &customer).await;
    let asked = check(&api, &customer, "kling-3.0", "720p", Some(5)).await;
    assert_eq!((asked["unlimited"].as_bool(), asked["credits"].as_u64()), (Some(true), Some(0)));
    let body = json!({ "customer_id": customer, "model": "kling-3.0", "resolution": "720p", "seconds": 5 });
    let held: Value = hold(&api, "u1", &body).await.json().await.unwrap();
    assert_eq!((held["queue"].as_str(), held["credits"].as_u64()), (Some("standard"), Some(0)));
    assert_eq!(credits_left(&api, &customer).await, start);

    let free = api.customer().await;
    let catalog = catalog();
    let model = catalog.models.iter().find(|m| !catalog.free_plan().includes(&m.id)).unwrap();
    let (seconds, resolution) = model.settle(0, "");
    let asked = check(&api, &free, &model.id, &resolution, seconds).await;
    assert_eq!((asked["allowed"].as_bool(), asked["refusal"].as_str()), (Some(false), Some("model_not_included")));
    let body = json!({ "customer_id": free, "model": model.id, "resolution": resolution, "seconds": seconds });
    assert_eq!(error_code(hold(&api, "not-mine", &body).await).await.1, "model_not_included");
}

#[tokio::test]
async fn holds_racing_captures_releases_and_expiries_never_spend_a_credit_twice() {
    let api = start().await;
    let customer = api.subscriber("pro", "monthly").await;
    let start = credits_left(&api, &customer).await;
    let (body, cost) = video(&customer);
    let fits = (start / cost) as usize;
    // Twice as many holds as fit, all at once: exactly those that fit are made.
    let keys: Vec<String> = (0..2 * fits).map(|i| format!("race-{i}")).collect();
    let attempts = futures::future::join_all(keys.iter().map(|key| hold(&api, key, &body))).await;
    let mut held = Vec::new();
    for response in attempts {
        match response.status() {
            StatusCode::CREATED => {
                held.push(response.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string())
            }
            status => assert_eq!(status, StatusCode::PAYMENT_REQUIRED),
        }
    }
    assert_eq!(held.len(), fits);
    // Each hold captured twice, released, and run out at the same moment: each settles once.
    api.clock.advance(Duration::minutes(59));
    let settles = held.iter().enumerate().flat_map(|(i, id)| {
        let customer = customer.clone();
        let api = &api;
        (0..3).map(move |n| {
            let (how, body) = match n {
                0 | 1 => ("capture", json!({ "customer_id": customer, "credits": cost - i as u64 % 3 })),
                _ => ("release", json!({ "customer_id": customer })),
            };
            let (id, key) = (id.clone(), format!("settle-{i}-{n}"));
            async move { (id.clone(), settle(api, &id, how, &key, &body).await) }
        })
    });
    let expire = async {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        api.clock.advance(Duration::minutes(2));
    };
    let (answers, ()) = tokio::join!(futures::future::join_all(settles), expire);
    let mut kept = std::collections::BTreeMap::new();
    for (id, response) in answers {
        if response.status() == StatusCode::OK {
            let settled: Value = response.json().await.unwrap();
            assert!(kept.insert(id, settled["credits"].as_u64().unwrap()).is_none(), "a hold settled twice");
        } else {
            assert_eq!(response.status(), StatusCode::CONFLICT);
        }
    }
    let spent: u64 = kept.values().sum();
    assert_eq!(credits_left(&api, &customer).await, start - spent, "what is left is what was not kept");
    let mut conn = api.store.read().await.unwrap();
    let rows: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(credits), 0) AS BIGINT) FROM generations WHERE state = 'captured'",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(rows as u64, spent, "the captured rows are what was spent");
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM generations WHERE state = 'held'")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(held, 0, "every hold was settled or ran out");
}
