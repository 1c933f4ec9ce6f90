//! A stored value the API never writes is a corrupt row: reading it fails loudly (the API
//! answers 500 `internal` and logs which column held what), never with a default that would
//! bill a customer in another currency or interval, or date a period at 1970. (Negative
//! credits cannot be stored: the schema checks them.)

mod support;

use billing_api::store;
use reqwest::StatusCode;
use serde_json::Value;

/// What the API answers the customer's subscription view.
async fn subscription_answer(api: &support::Api, customer: &str) -> (StatusCode, Value) {
    let token = api.token(customer).await;
    let url = format!("{}/v1/customer/subscription", api.base);
    let response = reqwest::Client::new().get(url).bearer_auth(token).send().await.unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn execute(api: &support::Api, sql: &str, customer: &str) {
    sqlx::query(sql).bind(customer).execute(&mut *api.store.read().await.unwrap()).await.unwrap();
}

#[tokio::test]
async fn a_corrupt_subscription_or_grant_is_an_error_not_a_default() {
    let api = support::start().await;
    let customer = api.subscriber("pro", "annual").await;
    assert_eq!(subscription_answer(&api, &customer).await.0, StatusCode::OK);
    for (corrupt, repair) in [
        (
            "UPDATE subscriptions SET currency = 'XXX' WHERE customer_id = $1",
            "UPDATE subscriptions SET currency = 'USD' WHERE customer_id = $1",
        ),
        (
            "UPDATE subscriptions SET interval = 'weekly' WHERE customer_id = $1",
            "UPDATE subscriptions SET interval = 'annual' WHERE customer_id = $1",
        ),
        // A time no calendar holds (milliseconds past chrono's range).
        (
            "UPDATE subscriptions SET unlimited_until = 9223372036854775807 WHERE customer_id = $1",
            "UPDATE subscriptions SET unlimited_until = NULL WHERE customer_id = $1",
        ),
    ] {
        execute(&api, corrupt, &customer).await;
        let (status, body) = subscription_answer(&api, &customer).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::INTERNAL_SERVER_ERROR, Some("internal")),
            "{corrupt}"
        );
        execute(&api, repair, &customer).await;
        let (status, body) = subscription_answer(&api, &customer).await;
        assert_eq!(status, StatusCode::OK, "{repair}");
        assert_eq!((body["currency"].as_str(), body["interval"].as_str()), (Some("USD"), Some("annual")));
    }
}

#[tokio::test]
async fn the_error_names_the_column_and_what_it_held() {
    let api = support::start().await;
    let customer = api.subscriber("basic", "monthly").await;
    execute(&api, "UPDATE payments SET currency = 'XXX' WHERE customer_id = $1", &customer).await;
    let error = store::payments(&mut api.store.read().await.unwrap(), &customer).await.unwrap_err();
    let said = error.to_string();
    assert!(said.contains("currency") && said.contains("'XXX'"), "{said}");
}
