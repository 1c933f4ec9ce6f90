//! Cancellation that listens, over real HTTP: the reasons and the catalog's retention offer
//! before cancelling, a cancellation kept with its reason and reported, resumed; the offer taken
//! instead once per customer, lowering exactly its renewals.

mod support;

use chrono::Duration;
use pricing_core::retention::CancelReason;
use pricing_core::Interval;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{catalog, error_code, list_price, start, Api, USAGE_SECRET};

async fn options(api: &Api, customer: &str) -> Value {
    let url = format!("{}/v1/customer/subscription/cancellation", api.base);
    let response = reqwest::Client::new().get(url).bearer_auth(api.token(customer).await).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn call(api: &Api, customer: &str, what: &str, key: &str, body: &Value) -> reqwest::Response {
    api.post(&format!("/v1/customer/subscription/{what}"), Some(&api.token(customer).await), Some(key), body).await
}

#[tokio::test]
async fn a_customer_reads_the_offer_cancels_with_a_reason_and_resumes() {
    let api = start().await;
    let customer = api.subscriber("pro", "monthly").await;
    let offer = catalog().retention_offer.expect("the default catalog keeps customers with an offer");
    let shown = options(&api, &customer).await;
    let reasons: Vec<String> = CancelReason::ALL.iter().map(|r| r.as_str().to_string()).collect();
    assert_eq!(shown["reasons"], json!(reasons));
    assert_eq!(shown["ends_at"], api.subscription(&customer).await["period_end"]);
    let list = list_price("pro", Interval::Monthly).minor;
    assert_eq!(shown["offer"]["renewal_price"]["minor"].as_i64(), Some(list));
    assert_eq!(shown["offer"]["offered_price"]["minor"].as_i64(), Some(offer.price(list)));

    let too_long = json!({ "reason": "other", "comment": "x".repeat(1001) });
    assert_eq!(error_code(call(&api, &customer, "cancel", "c0", &too_long).await).await.0, StatusCode::BAD_REQUEST);
    let why = json!({ "reason": "too_expensive", "comment": "only in summer" });
    let cancelled: Value = call(&api, &customer, "cancel", "c1", &why).await.json().await.unwrap();
    assert_eq!(cancelled["cancel_at_period_end"], true);
    let url = format!("{}/v1/events?customer_id={customer}", api.base);
    let events: Value =
        reqwest::Client::new().get(url).bearer_auth(USAGE_SECRET).send().await.unwrap().json().await.unwrap();
    let event = events["events"].as_array().unwrap().iter().find(|e| e["type"] == "subscription.cancelled").unwrap();
    assert_eq!(
        (event["data"]["reason"].as_str(), event["data"]["plan"].as_str()),
        (Some("too_expensive"), Some("pro"))
    );
    assert_eq!(event["data"]["comment"], "only in summer");

    let resumed: Value = call(&api, &customer, "resume", "r1", &json!({})).await.json().await.unwrap();
    assert_eq!(resumed["cancel_at_period_end"], false);
    api.clock.advance(Duration::days(32));
    api.subscription(&customer).await;
    assert_eq!(api.renewals(&customer).await, [list], "a resumed plan renews at its price");
}

#[tokio::test]
async fn the_offer_is_taken_once_and_lowers_exactly_its_renewals() {
    let api = start().await;
    let customer = api.subscriber("pro", "monthly").await;
    let offer = catalog().retention_offer.unwrap();
    call(&api, &customer, "cancel", "c1", &json!({ "reason": "not_using_enough" })).await;
    let kept: Value = call(&api, &customer, "retention-offer", "o1", &json!({})).await.json().await.unwrap();
    assert_eq!(kept["cancel_at_period_end"], false, "taking the offer takes the cancellation back");
    let again = call(&api, &customer, "retention-offer", "o2", &json!({})).await;
    assert_eq!(error_code(again).await, (StatusCode::CONFLICT, "change_not_possible".into()));
    assert_eq!(options(&api, &customer).await["offer"], Value::Null, "once per customer");

    let list = list_price("pro", Interval::Monthly).minor;
    for _ in 0..=offer.months {
        api.clock.advance(Duration::days(31));
        api.subscription(&customer).await;
    }
    let mut expected = vec![offer.price(list); offer.months as usize];
    expected.push(list);
    assert_eq!(api.renewals(&customer).await, expected, "the offer's renewals, then the list price");
}

#[tokio::test]
async fn an_annual_plan_is_offered_nothing_and_cancels_without_a_body() {
    let api = start().await;
    let customer = api.subscriber("pro", "annual").await;
    assert_eq!(options(&api, &customer).await["offer"], Value::Null);
    let taken = call(&api, &customer, "retention-offer", "o1", &json!({})).await;
    assert_eq!(error_code(taken).await.0, StatusCode::CONFLICT);
    let url = format!("{}/v1/customer/subscription/cancel", api.base);
    let bare = reqwest::Client::new().post(url).bearer_auth(api.token(&customer).await).header("Idempotency-Key", "c");
    assert_eq!(bare.send().await.unwrap().json::<Value>().await.unwrap()["cancel_at_period_end"], true);
}
