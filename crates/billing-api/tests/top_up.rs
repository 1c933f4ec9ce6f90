//! Auto top-up and low-balance events over real HTTP: a pack bought once however many
//! generations cross the threshold together, a monthly cap that stops it (said once a month),
//! each low-balance mark of a cycle announced once, and refused settings named.

mod support;

use chrono::Duration;
use pricing_core::Currency;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{catalog, error_code, free_image, start, Api, USAGE_SECRET};

/// The free plan's dearest image for `customer`, and its cost.
fn image(customer: &str) -> (Value, u64) {
    let (model, resolution) = free_image();
    let cost = catalog().model(&model).unwrap().credits_per_output(&resolution, None).unwrap();
    (json!({ "customer_id": customer, "model": model, "resolution": resolution }), cost)
}

async fn configure(api: &Api, customer: &str, settings: &Value) -> reqwest::Response {
    let url = format!("{}/v1/customer/auto-top-up", api.base);
    reqwest::Client::new().put(url).bearer_auth(api.token(customer).await).json(settings).send().await.unwrap()
}

async fn events(api: &Api, customer: &str, kind: &str) -> Vec<Value> {
    let url = format!("{}/v1/events?customer_id={customer}&limit=100", api.base);
    let listed: Value =
        reqwest::Client::new().get(url).bearer_auth(USAGE_SECRET).send().await.unwrap().json().await.unwrap();
    listed["events"].as_array().unwrap().iter().filter(|e| e["type"] == kind).rev().cloned().collect()
}

fn pack_price(pack: &str) -> i64 {
    catalog().credit_pack(pack).unwrap().price(Currency::USD).unwrap().minor
}

#[tokio::test]
async fn fifty_generations_crossing_the_threshold_together_buy_one_pack() {
    let api = start().await;
    let customer = api.subscriber("basic", "monthly").await;
    let balance = api.subscription(&customer).await["credits_left"].as_u64().unwrap();
    let (body, cost) = image(&customer);
    let pack = catalog().credit_pack("pack-500").unwrap().credits;
    let threshold = balance - 25 * cost;
    assert!(pack > 26 * cost, "after one pack the other generations stay above the threshold");
    let cap = json!({ "minor": 5 * pack_price("pack-500"), "currency": "USD" });
    let settings = json!({ "enabled": true, "pack": "pack-500", "threshold": threshold, "monthly_cap": cap });
    assert_eq!(configure(&api, &customer, &settings).await.status(), StatusCode::OK);

    let keys: Vec<String> = (0..50).map(|i| format!("gen-{i}")).collect();
    let reports = futures::future::join_all(keys.iter().map(|key| api.usage(key, &body))).await;
    assert!(reports.iter().all(|r| r.status() == StatusCode::CREATED));
    let bought = events(&api, &customer, "top_up.succeeded").await;
    assert_eq!(bought.len(), 1, "one pack bought");
    let top_ups: Vec<(i64, String)> =
        api.payments(&customer).await.into_iter().filter(|(_, d)| d.starts_with("Auto top-up")).collect();
    assert_eq!(top_ups.len(), 1);
    assert_eq!(top_ups[0].0, pack_price("pack-500"));
    assert_eq!(api.subscription(&customer).await["credits_left"].as_u64(), Some(balance - 50 * cost + pack));
    let url = format!("{}/v1/customer/auto-top-up", api.base);
    let view: Value = reqwest::Client::new()
        .get(url)
        .bearer_auth(api.token(&customer).await)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (view["bought_this_month"].as_u64(), view["spent_this_month"]["minor"].as_i64()),
        (Some(1), Some(pack_price("pack-500")))
    );
}

#[tokio::test]
async fn the_monthly_cap_stops_a_top_up_says_so_once_and_a_new_month_buys_again() {
    let api = start().await;
    let customer = api.subscriber("basic", "monthly").await;
    let (body, cost) = image(&customer);
    // A threshold above the balance: every generation finds the credits short.
    let settings = json!({ "enabled": true, "pack": "pack-500", "threshold": 1_000_000,
        "monthly_cap": { "minor": pack_price("pack-500"), "currency": "USD" } });
    assert_eq!(configure(&api, &customer, &settings).await.status(), StatusCode::OK);
    for i in 0..3 {
        assert_eq!(api.usage(&format!("g{i}"), &body).await.status(), StatusCode::CREATED);
    }
    assert_eq!(events(&api, &customer, "top_up.succeeded").await.len(), 1, "the cap allows one pack a month");
    let capped = events(&api, &customer, "top_up.capped").await;
    assert_eq!(capped.len(), 1, "the cap's stop is said once a month");
    let left = api.subscription(&customer).await["credits_left"].as_u64().unwrap();
    assert_eq!(capped[0]["data"]["credits_left"].as_u64(), Some(left + cost), "the balance when it was stopped");
    api.clock.advance(Duration::days(31));
    assert_eq!(api.usage("next-month", &body).await.status(), StatusCode::CREATED);
    assert_eq!(events(&api, &customer, "top_up.succeeded").await.len(), 2, "a new month, a new pack");
}

#[tokio::test]
async fn each_low_balance_mark_of_a_cycle_is_announced_once() {
    let api = start().await;
    let customer = api.customer().await;
    let (body, cost) = image(&customer);
    let allowance = catalog().cycle_allowance(catalog().free_plan());
    let affordable = allowance / cost;
    for i in 0..affordable {
        assert_eq!(api.usage(&format!("g{i}"), &body).await.status(), StatusCode::CREATED);
    }
    let marks: Vec<u64> = events(&api, &customer, "credits.low")
        .await
        .iter()
        .map(|e| e["data"]["percent_spent"].as_u64().unwrap())
        .collect();
    let reached: Vec<u64> = [80, 90, 100].into_iter().filter(|m| affordable * cost * 100 >= allowance * m).collect();
    assert_eq!(marks, reached, "each mark the spending reached, once, in order");
    // A new cycle starts over.
    api.clock.advance(Duration::days(32));
    for i in 0..affordable {
        api.usage(&format!("next-{i}"), &body).await;
    }
    assert_eq!(events(&api, &customer, "credits.low").await.len(), 2 * reached.len());
}

#[tokio::test]
async fn settings_that_cannot_work_are_refused_by_name() {
    let api = start().await;
    let customer = api.customer().await;
    let url = format!("{}/v1/customer/auto-top-up", api.base);
    let none = reqwest::Client::new().get(&url).bearer_auth(api.token(&customer).await).send().await.unwrap();
    assert_eq!(error_code(none).await.0, StatusCode::NOT_FOUND);
    let usd = |minor: i64| json!({ "minor": minor, "currency": "USD" });
    let refusals = [
        (
            json!({ "enabled": true, "pack": "pack-9", "threshold": 10, "monthly_cap": usd(10_000) }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({ "enabled": true, "pack": "pack-500", "threshold": 10, "monthly_cap": usd(-1) }),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({ "enabled": true, "pack": "pack-500", "threshold": 1_000_001, "monthly_cap": usd(100) }),
            StatusCode::BAD_REQUEST,
        ),
        (json!({ "enabled": true, "pack": "pack-500", "threshold": 10 }), StatusCode::BAD_REQUEST),
    ];
    for (settings, status) in refusals {
        assert_eq!(error_code(configure(&api, &customer, &settings).await).await.0, status, "{settings}");
    }
}
