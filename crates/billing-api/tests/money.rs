//! Money moves exactly once, whatever the timing: the API in-process on a real SQLite file,
//! over real HTTP, with a clock the test moves (periods running out, quotes expiring) and
//! concurrent requests racing for the same change.

mod support;

use billing_api::store;
use chrono::{DateTime, Duration, Months, Utc};
use pricing_core::Interval;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{buy, list_price, start, start_of_test, subscription_checkout};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_reads_of_a_period_that_ran_out_renew_it_once() {
    let api = start().await;
    let customer = api.subscriber("basic", "monthly").await;
    api.clock.set(start_of_test() + Months::new(1) + Duration::hours(1));
    let token = api.token(&customer).await;
    let reads = (0..20).map(|_| {
        let url = format!("{}/v1/customer/subscription", api.base);
        let token = token.clone();
        async move { reqwest::Client::new().get(url).bearer_auth(token).send().await.unwrap() }
    });
    let mut period_ends = std::collections::BTreeSet::new();
    for response in futures::future::join_all(reads).await {
        assert_eq!(response.status(), StatusCode::OK);
        let view: Value = response.json().await.unwrap();
        period_ends.insert(view["period_end"].as_str().unwrap().to_string());
    }
    assert_eq!(period_ends.len(), 1, "every reader sees the one renewed period: {period_ends:?}");
    assert_eq!(api.renewals(&customer).await, [list_price("basic", Interval::Monthly).minor], "one renewal charged");
}

#[tokio::test]
async fn monthly_and_annual_plans_renew_each_period_at_their_price() {
    let api = start().await;
    let monthly = api.subscriber("basic", "monthly").await;
    let annual = api.subscriber("pro", "annual").await;
    for month in 1..=3 {
        api.clock.set(start_of_test() + Months::new(month) + Duration::minutes(1));
        let view = api.subscription(&monthly).await;
        let period_end: DateTime<Utc> = view["period_end"].as_str().unwrap().parse().unwrap();
        assert_eq!(period_end, start_of_test() + Months::new(month + 1), "month {month}");
    }
    assert_eq!(api.renewals(&monthly).await, vec![list_price("basic", Interval::Monthly).minor; 3]);
    // Two years later in one read: both missed periods are renewed, each charged once.
    api.clock.set(start_of_test() + Months::new(24) + Duration::minutes(1));
    let view = api.subscription(&annual).await;
    assert_eq!(
        view["period_end"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(),
        start_of_test() + Months::new(36)
    );
    assert_eq!(api.renewals(&annual).await, vec![list_price("pro", Interval::Annual).minor; 2]);
}

#[tokio::test]
async fn a_scheduled_downgrade_takes_effect_at_period_end() {
    let api = start().await;
    let customer = api.subscriber("pro", "monthly").await;
    let quote = api.preview(&customer, "basic", "monthly").await;
    assert_eq!(quote["timing"], "at_period_end");
    let applied = api.apply(&customer, "down", &quote).await;
    assert_eq!(applied.status(), StatusCode::OK);
    api.clock.set(start_of_test() + Months::new(1) - Duration::minutes(1));
    let before = api.subscription(&customer).await;
    assert_eq!((before["plan"].as_str(), before["scheduled_change"]["plan"].as_str()), (Some("pro"), Some("basic")));
    api.clock.set(start_of_test() + Months::new(1) + Duration::minutes(1));
    let after = api.subscription(&customer).await;
    assert_eq!((after["plan"].as_str(), after["scheduled_change"].is_null()), (Some("basic"), true));
    assert_eq!(api.renewals(&customer).await, [list_price("basic", Interval::Monthly).minor]);
}

#[tokio::test]
async fn a_cancelled_plan_ends_at_period_end_without_a_charge() {
    let api = start().await;
    let customer = api.subscriber("ultimate", "monthly").await;
    let token = api.token(&customer).await;
    let cancelled = api.post("/v1/customer/subscription/cancel", Some(&token), Some("stop"), &json!({})).await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    api.clock.set(start_of_test() + Months::new(1) - Duration::minutes(1));
    assert_eq!(api.subscription(&customer).await["plan"], "ultimate", "paid until the period ends");
    api.clock.set(start_of_test() + Months::new(1));
    let ended = api.subscription(&customer).await;
    assert_eq!((ended["plan"].as_str(), ended["period_end"].is_null()), (Some("free"), true));
    assert!(api.renewals(&customer).await.is_empty());
}

#[tokio::test]
async fn a_customer_whose_cancelled_plan_ended_can_buy_one_again_without_reading_it_first() {
    let api = start().await;
    let customer = api.subscriber("pro", "monthly").await;
    let token = api.token(&customer).await;
    let cancelled = api.post("/v1/customer/subscription/cancel", Some(&token), Some("stop"), &json!({})).await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let again = subscription_checkout("basic", "annual", "USD");
    let refused = api.post("/v1/checkout/sessions", Some(&token), Some("too-soon"), &again).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT, "a paid plan is changed, never bought twice");
    // Nothing reads the subscription after the period ends: the checkout settles it first.
    api.clock.set(start_of_test() + Months::new(1) + Duration::minutes(1));
    let token = api.token(&customer).await;
    buy(&api.base, &token, "again", &again).await;
    let view = api.subscription(&customer).await;
    assert_eq!((view["plan"].as_str(), view["interval"].as_str()), (Some("basic"), Some("annual")));
    assert_eq!(
        api.payments(&customer).await.len(),
        2,
        "the first plan, then the new one: no renewal of the cancelled one"
    );
}

#[tokio::test]
async fn a_quote_can_be_applied_until_it_expires() {
    let api = start().await;
    let customer = api.subscriber("basic", "monthly").await;
    let quote = api.preview(&customer, "pro", "monthly").await;
    let expires_at: DateTime<Utc> = quote["expires_at"].as_str().unwrap().parse().unwrap();
    api.clock.set(expires_at);
    let late = api.apply(&customer, "late", &quote).await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    let body: Value = late.json().await.unwrap();
    assert_eq!(body["error"]["code"], "quote_unusable");
    assert!(body["error"]["message"].as_str().unwrap().contains("expired"));
    assert_eq!(api.payments(&customer).await.len(), 1, "only the checkout was charged");
}

#[tokio::test]
async fn expired_keys_and_quotes_are_swept() {
    let api = start().await;
    let customer = api.subscriber("basic", "monthly").await;
    let quote = api.preview(&customer, "pro", "monthly").await;
    let sweep = |at| {
        let store = api.store.clone();
        async move {
            let mut tx = store.write().await.unwrap();
            let swept = store::sweep(&mut tx, at).await.unwrap();
            tx.commit().await.unwrap();
            swept
        }
    };
    assert_eq!(sweep(start_of_test() + Duration::hours(23)).await, (0, 0), "nothing is swept early");
    assert_eq!(sweep(start_of_test() + Duration::hours(25)).await, (1, 1), "the checkout's key and the old quote");
    // A swept quote is gone; a swept key runs afresh.
    api.clock.set(start_of_test() + Duration::hours(25));
    let gone = api.apply(&customer, "k", &quote).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_paying_customer_moves_to_free_at_period_end_without_a_charge() {
    let api = start().await;
    let customer = api.subscriber("basic", "monthly").await;
    let quote = api.preview(&customer, "free", "monthly").await;
    assert_eq!((quote["timing"].as_str(), quote["amount_due_now"]["minor"].as_i64()), (Some("at_period_end"), Some(0)));
    let applied = api.apply(&customer, "free", &quote).await;
    assert_eq!(applied.status(), StatusCode::OK);
    api.clock.set(start_of_test() + Months::new(1) - Duration::minutes(1));
    assert_eq!(api.subscription(&customer).await["scheduled_change"]["plan"], "free");
    api.clock.set(start_of_test() + Months::new(1));
    let after = api.subscription(&customer).await;
    assert_eq!((after["plan"].as_str(), after["period_end"].is_null()), (Some("free"), true));
    assert!(api.renewals(&customer).await.is_empty());
    assert_eq!(api.payments(&customer).await.len(), 1, "only the first month was charged");
}
