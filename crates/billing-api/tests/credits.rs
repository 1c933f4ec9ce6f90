//! Credits in every cycle, as the catalog says: the allowance arrives each cycle for monthly
//! and annual plans alike and expires at the cycle's end, packs expire `valid_days` after
//! purchase, generations spend plan credits first, then packs soonest-expiring first, and
//! Unlimited generations spend nothing while the grant runs. The clock moves; the API answers
//! over HTTP from a real SQLite file.

mod support;

use chrono::{DateTime, Duration, Months, Utc};
use pricing_core::Interval;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{catalog, free_image, list_price, start, start_of_test};

fn allowance(plan: &str) -> u64 {
    let catalog = catalog();
    catalog.cycle_allowance(catalog.plan(plan).unwrap())
}

fn plan_credits(balances: &[(String, u64, DateTime<Utc>)]) -> Vec<(u64, DateTime<Utc>)> {
    balances.iter().filter(|b| b.0 == "plan").map(|b| (b.1, b.2)).collect()
}

/// An image generation and what it costs in credits (from the catalog, as the calculator).
fn image(customer: &str, model: &str, resolution: &str) -> (Value, u64) {
    let cost = catalog().model(model).unwrap().credits_per_output(resolution, None).unwrap();
    (json!({ "customer_id": customer, "model": model, "resolution": resolution }), cost)
}

#[tokio::test]
async fn an_annual_plan_gets_its_allowance_every_cycle_and_unused_credits_expire() {
    let api = start().await;
    let customer = api.subscriber("pro", "annual").await;
    let t0 = start_of_test();
    assert_eq!(plan_credits(&api.balances(&customer).await), [(allowance("pro"), t0 + Months::new(1))]);
    for month in 1..12 {
        api.clock.set(t0 + Months::new(month) + Duration::minutes(1));
        let credits = plan_credits(&api.balances(&customer).await);
        assert_eq!(
            credits,
            [(allowance("pro"), t0 + Months::new(month + 1))],
            "month {month}: a fresh allowance, the last one expired"
        );
    }
    assert!(api.renewals(&customer).await.is_empty(), "an annual plan is charged once a year");
    api.clock.set(t0 + Months::new(12) + Duration::minutes(1));
    assert_eq!(plan_credits(&api.balances(&customer).await), [(allowance("pro"), t0 + Months::new(13))]);
    assert_eq!(api.renewals(&customer).await, [list_price("pro", Interval::Annual).minor]);
}

#[tokio::test]
async fn pack_credits_expire_valid_days_after_purchase_and_free_credits_every_cycle() {
    let api = start().await;
    let customer = api.customer().await;
    api.buy_pack(&customer, "pack-500").await;
    let valid_days = catalog().credit_pack("pack-500").unwrap().valid_days;
    let expiry = start_of_test() + Duration::days(valid_days.into());
    let balances = api.balances(&customer).await;
    assert_eq!(balances[1..], [("pack".to_string(), 500, expiry)]);
    assert_eq!(plan_credits(&balances), [(allowance("free"), start_of_test() + Months::new(1))]);
    api.clock.set(expiry - Duration::minutes(1));
    assert!(api.balances(&customer).await.iter().any(|b| b.0 == "pack" && b.1 == 500));
    api.clock.set(expiry);
    let balances = api.balances(&customer).await;
    assert!(balances.iter().all(|b| b.0 == "plan"), "the pack expired: {balances:?}");
    assert_eq!(
        balances.iter().map(|b| b.1).sum::<u64>(),
        allowance("free"),
        "one cycle's free credits, never piled up"
    );
}

#[tokio::test]
async fn generations_spend_plan_credits_first_then_the_soonest_expiring_pack() {
    let api = start().await;
    let customer = api.customer().await;
    // Both packs last 365 days: the 2000 bought first expires first, so it is drawn before the
    // smaller 500 bought a day later; the plan's credits go before both.
    api.buy_pack(&customer, "pack-2000").await;
    api.clock.advance(Duration::days(1));
    api.buy_pack(&customer, "pack-500").await;
    let (model, resolution) = free_image();
    let (generation, cost) = image(&customer, &model, &resolution);
    let before = api.balances(&customer).await;
    assert_eq!(
        before.iter().map(|b| (b.0.as_str(), b.1)).collect::<Vec<_>>(),
        [("plan", allowance("free")), ("pack", 2000), ("pack", 500)]
    );
    let generations = (allowance("free") + 100).div_ceil(cost);
    for i in 0..generations {
        let response = api.usage(&format!("gen-{i}"), &generation).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let recorded: Value = response.json().await.unwrap();
        assert_eq!((recorded["queue"].as_str(), recorded["credits"].as_u64()), (Some("priority"), Some(cost)));
    }
    let spent = generations * cost;
    let after = api.balances(&customer).await;
    assert_eq!(
        after.iter().map(|b| (b.0.as_str(), b.1)).collect::<Vec<_>>(),
        [("pack", 2000 - (spent - allowance("free"))), ("pack", 500)],
        "the plan's credits are gone first, then the soonest-expiring pack is drawn"
    );
}

#[tokio::test]
async fn usage_is_idempotent_refused_when_short_and_refunded_once() {
    let api = start().await;
    let customer = api.customer().await;
    let (model, resolution) = free_image();
    let (generation, cost) = image(&customer, &model, &resolution);
    let first = api.usage("g1", &generation).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let recorded: Value = first.json().await.unwrap();
    let again = api.usage("g1", &generation).await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(
        api.balances(&customer).await.iter().map(|b| b.1).sum::<u64>(),
        allowance("free") - cost,
        "charged once"
    );

    let many = allowance("free") / cost + 1;
    let mut refused = None;
    for i in 0..many {
        let response = api.usage(&format!("more-{i}"), &generation).await;
        if response.status() != StatusCode::CREATED {
            refused = Some(response);
            break;
        }
    }
    let refused = refused.expect("credits run out");
    assert_eq!(refused.status(), StatusCode::PAYMENT_REQUIRED);
    let error: Value = refused.json().await.unwrap();
    assert_eq!(error["error"]["code"], "insufficient_credits");
    let left = api.balances(&customer).await.iter().map(|b| b.1).sum::<u64>();
    assert!(left < cost && error["error"]["message"].as_str().unwrap().contains(&format!("has {left}")));

    let refund = |key: &'static str| {
        let path = format!("/v1/usage/{}/refund", recorded["id"].as_str().unwrap());
        let body = json!({ "customer_id": customer });
        let api = &api;
        async move { api.post(&path, Some(support::USAGE_SECRET), Some(key), &body).await }
    };
    let refunded: Value = refund("r1").await.json().await.unwrap();
    assert_eq!(refunded["credits"].as_u64(), Some(cost));
    assert_eq!(api.balances(&customer).await.iter().map(|b| b.1).sum::<u64>(), left + cost);
    assert_eq!(refund("r1").await.headers()["idempotent-replayed"], "true");
    assert_eq!(refund("r2").await.status(), StatusCode::NOT_FOUND, "a generation is refunded once");

    let browser = api.post("/v1/usage", Some(&api.token(&customer).await), Some("b"), &generation).await;
    assert_eq!(browser.status(), StatusCode::UNAUTHORIZED, "a customer token cannot report usage");
}

#[tokio::test]
async fn unlimited_is_free_for_its_twelve_months_and_survives_an_upgrade() {
    let api = start().await;
    let bought_at: DateTime<Utc> = "2026-12-15T09:00:00Z".parse().unwrap(); // during 365 Unlimited
    api.clock.set(bought_at);
    let customer = api.subscriber("pro", "monthly").await;
    let kling = |key: &'static str, resolution: &'static str| {
        let body = json!({ "customer_id": customer, "model": "kling-3.0", "resolution": resolution, "seconds": 5 });
        let api = &api;
        async move { api.usage(key, &body).await.json::<Value>().await.unwrap() }
    };
    let free = kling("u1", "720p").await;
    assert_eq!((free["queue"].as_str(), free["credits"].as_u64()), (Some("standard"), Some(0)));
    let above = kling("u2", "1080p").await;
    assert_eq!(above["queue"], "priority", "above the Unlimited resolution, credits are spent");

    // An upgrade to Ultimate keeps the grant, and Ultimate's Unlimited reaches 1080p.
    let quote = api.preview(&customer, "ultimate", "monthly").await;
    let applied = api.apply(&customer, "up", &quote).await;
    assert_eq!(applied.status(), StatusCode::OK);
    assert_eq!(kling("u3", "1080p").await["queue"], "standard");
    let with_upgrade = api.balances(&customer).await;
    assert!(plan_credits(&with_upgrade).iter().map(|c| c.0).sum::<u64>() >= allowance("ultimate") - allowance("pro"));

    api.clock.set(bought_at + Months::new(12) - Duration::minutes(1));
    assert_eq!(kling("u4", "720p").await["queue"], "standard", "still inside the twelve months");
    api.clock.set(bought_at + Months::new(12) + Duration::minutes(1));
    let after = kling("u5", "720p").await;
    assert_eq!((after["queue"].as_str(), after["credits"].as_u64().map(|c| c > 0)), (Some("priority"), Some(true)));
}

#[tokio::test]
async fn a_generation_on_a_model_the_plan_does_not_include_is_refused_and_names_the_plan_that_does() {
    let api = start().await;
    let customer = api.customer().await;
    let catalog = catalog();
    let model = catalog.models.iter().find(|m| !catalog.free_plan().includes(&m.id)).expect("a model Free lacks");
    let unlocked_by = catalog.smallest_plan_with(&model.id).unwrap();
    let (seconds, resolution) = model.settle(0, "");
    let generation =
        json!({ "customer_id": customer, "model": model.id, "resolution": resolution, "seconds": seconds });
    api.buy_pack(&customer, "pack-2000").await;
    let before = api.balances(&customer).await;
    let refused = api.usage("not-mine", &generation).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let error: Value = refused.json().await.unwrap();
    assert_eq!(error["error"]["code"], "model_not_included");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains(&model.id) && message.contains(&unlocked_by.id), "{message}");
    assert_eq!(api.balances(&customer).await, before, "packs add credits, not models: nothing is spent");

    let subscriber = api.subscriber(&unlocked_by.id, "monthly").await;
    let generation =
        json!({ "customer_id": subscriber, "model": model.id, "resolution": resolution, "seconds": seconds });
    assert_eq!(api.usage("on-the-plan", &generation).await.status(), StatusCode::CREATED);
}
