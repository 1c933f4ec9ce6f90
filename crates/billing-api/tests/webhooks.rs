//! Webhooks over real HTTP: every change reports its events once, signed, in order per
//! customer; a receiver down for a day gets them all afterwards; endpoints choose their types,
//! are tested, disabled and deleted; deliveries are listed and replayed; a rotated secret signs
//! beside the old one until its time is up.

mod support;

use billing_api::signature;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::receiver::{Received, Receiver};
use support::{catalog, error_code, list_price, start, Api, USAGE_SECRET};

async fn get(api: &Api, path: &str) -> Value {
    let response = reqwest::Client::new().get(format!("{}{path}", api.base)).bearer_auth(USAGE_SECRET).send().await;
    let response = response.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.unwrap()
}

/// The customer's events as the API lists them, oldest first: (id, type).
async fn events_of(api: &Api, customer: &str) -> Vec<(String, String)> {
    let listed = get(api, &format!("/v1/events?customer_id={customer}&limit=100")).await;
    let mut events: Vec<(String, String)> = listed["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap().to_string(), e["type"].as_str().unwrap().to_string()))
        .collect();
    events.reverse();
    events
}

/// The delivery `id` once the sender has kept it as delivered (the receiver answers first).
async fn kept_as_delivered(api: &Api, id: &Value) -> Value {
    for _ in 0..200 {
        let delivery = get(api, &format!("/v1/webhooks/deliveries/{id}")).await;
        if delivery["state"] == "delivered" {
            return delivery;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("delivery {id} was not kept as delivered in 2 s");
}

fn of_customer<'a>(received: &'a [Received], customer: &str) -> Vec<&'a Received> {
    received.iter().filter(|r| r.event["customer_id"] == customer).collect()
}

fn kinds(received: &[&Received]) -> Vec<String> {
    received.iter().map(|r| r.kind().to_string()).collect()
}

#[tokio::test]
async fn each_change_reports_its_events_once_signed_and_in_order() {
    let api = start().await;
    let receiver = Receiver::start().await;
    let (_, secret) = receiver.subscribe(&api.base, &[]).await;
    let customer = api.subscriber("pro", "monthly").await;
    api.buy_pack(&customer, "pack-2000").await;
    let quote = api.preview(&customer, "ultimate", "monthly").await;
    assert_eq!(api.apply(&customer, "upgrade", &quote).await.status(), StatusCode::OK);
    let token = api.token(&customer).await;
    for (change, key) in [("cancel", "c"), ("resume", "r")] {
        let path = format!("/v1/customer/subscription/{change}");
        assert_eq!(api.post(&path, Some(&token), Some(key), &json!({})).await.status(), StatusCode::OK);
    }
    let listed = events_of(&api, &customer).await;
    let received = receiver.wait_for(listed.len()).await;
    let mine = of_customer(&received, &customer);
    let expected = [
        "credits.granted",      // the free plan's month, when the customer first came to buy
        "checkout.paid",        // Pro
        "subscription.started", //
        "credits.expired",      // the free plan's credits end when the paid plan starts
        "credits.granted",      // Pro's month
        "checkout.paid",        // a pack
        "credits.granted",      //
        "credits.granted",      // the upgrade's difference
        "subscription.changed", //
        "subscription.cancelled",
        "subscription.resumed",
    ];
    assert_eq!(kinds(&mine), expected);
    let delivered: Vec<(String, String)> = mine.iter().map(|r| (r.id().to_string(), r.kind().to_string())).collect();
    assert_eq!(delivered, listed, "every event the API kept was delivered once, in the order it happened");
    for r in &mine {
        assert_eq!(r.event_id_header, r.id());
        let now = r.event["created_at"].as_str().unwrap().parse::<chrono::DateTime<chrono::Utc>>().unwrap().timestamp();
        assert_eq!(signature::verify(&r.signature, &secret, &r.body, now), Ok(()), "{}", r.kind());
    }
    // What the events say is what was charged and granted.
    let catalog = catalog();
    let data = |i: usize| &mine[i].event["data"];
    assert_eq!(data(0)["credits"], catalog.cycle_allowance(catalog.free_plan()));
    assert_eq!(data(1)["amount"]["minor"], list_price("pro", pricing_core::Interval::Monthly).minor);
    assert_eq!(data(3)["credits"], data(0)["credits"], "none of the free credits were spent");
    assert_eq!(data(4)["credits"], catalog.cycle_allowance(catalog.plan("pro").unwrap()));
    assert_eq!(data(6)["pack"], "pack-2000");
    assert_eq!(data(6)["credits"], catalog.credit_pack("pack-2000").unwrap().credits);
    assert_eq!(data(7)["credits"], quote["credits_added_now"]);
    assert_eq!(data(8)["charged"], quote["amount_due_now"]);
    assert_eq!(data(8)["to"], json!({"plan": "ultimate", "interval": "monthly"}));

    // A month later: the month's unspent plan credits expire, the renewal is charged at
    // Ultimate's price, and the new month's credits are granted.
    api.clock.advance(Duration::days(32));
    api.subscription(&customer).await;
    let listed = events_of(&api, &customer).await;
    let received = receiver.wait_for(listed.len()).await;
    let later = kinds(&of_customer(&received, &customer)[expected.len()..]);
    assert_eq!(later, ["credits.expired", "credits.expired", "subscription.renewed", "credits.granted"]);
    let renewed = &of_customer(&received, &customer)[expected.len() + 2].event["data"];
    assert_eq!(renewed["charged"]["minor"], list_price("ultimate", pricing_core::Interval::Monthly).minor);
    assert_eq!(receiver.received().len(), listed.len(), "nothing was sent twice");
}

#[tokio::test]
async fn a_receiver_down_for_a_day_gets_every_event_afterwards_in_order_per_customer() {
    let api = start().await;
    let receiver = Receiver::start().await;
    receiver.answer(503);
    receiver.subscribe(&api.base, &[]).await;
    let ana = api.subscriber("basic", "monthly").await;
    let ben = api.subscriber("pro", "annual").await;
    api.buy_pack(&ana, "pack-500").await;
    api.buy_pack(&ben, "pack-2000").await;
    // A day of failures: every hour the worker tries what is due.
    for _ in 0..24 {
        api.clock.advance(Duration::hours(1));
        tokio::time::sleep(std::time::Duration::from_millis(60)).await;
    }
    let tried = receiver.received();
    assert!(tried.len() >= 2 * 5, "each customer's first event was tried again and again: {}", tried.len());
    let tried_ids: std::collections::BTreeSet<&str> = tried.iter().map(|r| r.id()).collect();
    assert_eq!(tried_ids.len(), 2, "a customer's later events wait behind the first, which is still failing");
    let pending = get(&api, "/v1/webhooks/deliveries?state=pending&limit=100").await;
    let first = pending["deliveries"].as_array().unwrap().iter().find(|d| d["attempts"].as_array().unwrap().len() > 1);
    let attempts = first.unwrap()["attempts"].as_array().unwrap();
    assert!(attempts.iter().all(|a| a["status"] == 503));

    receiver.answer(200);
    api.clock.advance(Duration::hours(6));
    let kept = events_of(&api, &ana).await.len() + events_of(&api, &ben).await.len();
    let accepted = receiver.wait_for(kept).await;
    for customer in [&ana, &ben] {
        let delivered: Vec<(String, String)> =
            of_customer(&accepted, customer).iter().map(|r| (r.id().to_string(), r.kind().to_string())).collect();
        assert_eq!(delivered, events_of(&api, customer).await, "in the order they happened, each once");
    }
    // The receiver answers before the sender keeps the attempt: the last may take a moment.
    let mut recorded = 0;
    for _ in 0..200 {
        let delivered = get(&api, "/v1/webhooks/deliveries?state=delivered&limit=100").await;
        recorded = delivered["deliveries"].as_array().unwrap().len();
        if recorded == kept {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(recorded, kept, "every delivery is kept as delivered");
}

#[tokio::test]
async fn endpoints_choose_their_types_are_tested_replayed_disabled_and_deleted() {
    let api = start().await;
    let receiver = Receiver::start().await;
    let (endpoint, _) = receiver.subscribe(&api.base, &["checkout.paid", "webhook.test"]).await;
    let customer = api.subscriber("pro", "monthly").await;
    let test_path = format!("/v1/webhooks/endpoints/{endpoint}/test");
    let test = api.post(&test_path, Some(USAGE_SECRET), Some("t1"), &json!({})).await;
    assert_eq!(test.status(), StatusCode::ACCEPTED);
    let delivery: Value = test.json().await.unwrap();
    let received = receiver.wait_for(2).await;
    // The customer's event and the test are not ordered between themselves.
    let mut kinds: Vec<&str> = received.iter().map(|r| r.kind()).collect();
    kinds.sort();
    assert_eq!(kinds, ["checkout.paid", "webhook.test"], "only the types chosen");
    let paid = received.iter().find(|r| r.kind() == "checkout.paid").unwrap();
    assert_eq!(paid.event["customer_id"], customer.as_str());
    let tested = received.iter().find(|r| r.kind() == "webhook.test").unwrap();

    let listed = kept_as_delivered(&api, &delivery["id"]).await;
    assert_eq!(listed["state"], "delivered");
    assert_eq!(listed["attempts"][0]["status"], 200);
    let replay = format!("/v1/webhooks/deliveries/{}/replay", delivery["id"]);
    let replayed = api.post(&replay, Some(USAGE_SECRET), Some("re"), &json!({})).await;
    assert_eq!(replayed.status(), StatusCode::ACCEPTED);
    let again = receiver.wait_for(3).await;
    assert_eq!(again[2].id(), tested.id(), "a replay sends the same event, with its id");

    let off = reqwest::Client::new()
        .patch(format!("{}/v1/webhooks/endpoints/{endpoint}", api.base))
        .bearer_auth(USAGE_SECRET)
        .json(&json!({"enabled": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(off.json::<Value>().await.unwrap()["enabled"], false);
    let refused = api.post(&test_path, Some(USAGE_SECRET), Some("t2"), &json!({})).await;
    assert_eq!(error_code(refused).await, (StatusCode::CONFLICT, "change_not_possible".into()));
    api.subscriber("basic", "monthly").await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(receiver.received().len(), 3, "a disabled endpoint is sent nothing new");

    let url = format!("{}/v1/webhooks/endpoints/{endpoint}", api.base);
    let deleted = reqwest::Client::new().delete(&url).bearer_auth(USAGE_SECRET).send().await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let gone = reqwest::Client::new().get(&url).bearer_auth(USAGE_SECRET).send().await.unwrap();
    assert_eq!(error_code(gone).await, (StatusCode::NOT_FOUND, "not_found".into()));
}

#[tokio::test]
async fn endpoints_refuse_a_wrong_url_and_callers_without_the_secret() {
    let api = start().await;
    for url in ["ftp://service.example/", "https://", "javascript:alert(1)"] {
        let created = api.post("/v1/webhooks/endpoints", Some(USAGE_SECRET), Some(url), &json!({"url": url})).await;
        assert_eq!(error_code(created).await, (StatusCode::BAD_REQUEST, "invalid_request".into()), "{url}");
    }
    let unknown_type = json!({"url": "https://service.example/", "event_types": ["checkout.refunded"]});
    let created = api.post("/v1/webhooks/endpoints", Some(USAGE_SECRET), Some("k"), &unknown_type).await;
    assert_eq!(error_code(created).await, (StatusCode::BAD_REQUEST, "invalid_request".into()));
    let customer = api.token(&api.customer().await).await;
    for token in [None, Some(customer.as_str())] {
        let created =
            api.post("/v1/webhooks/endpoints", token, Some("k2"), &json!({"url": "https://s.example/"})).await;
        assert_eq!(error_code(created).await, (StatusCode::UNAUTHORIZED, "unauthorized".into()));
    }
}

#[tokio::test]
async fn a_rotated_secret_signs_beside_the_old_one_until_its_time_is_up() {
    let api = start().await;
    let receiver = Receiver::start().await;
    let (endpoint, old) = receiver.subscribe(&api.base, &["webhook.test"]).await;
    let rotate = format!("/v1/webhooks/endpoints/{endpoint}/rotate-secret");
    let rotated = api.post(&rotate, Some(USAGE_SECRET), Some("rot"), &json!({"previous_valid_for_s": 3600})).await;
    let rotated: Value = rotated.json().await.unwrap();
    let new = rotated["secret"].as_str().unwrap();
    assert_ne!(new, old);
    let test = format!("/v1/webhooks/endpoints/{endpoint}/test");
    api.post(&test, Some(USAGE_SECRET), Some("t1"), &json!({})).await;
    let first = &receiver.wait_for(1).await[0];
    let now = api.clock_now().timestamp();
    assert_eq!(first.signature.matches("v1=").count(), 2);
    for secret in [&old, new] {
        assert_eq!(signature::verify(&first.signature, secret, &first.body, now), Ok(()));
    }
    api.clock.advance(Duration::hours(2));
    api.post(&test, Some(USAGE_SECRET), Some("t2"), &json!({})).await;
    let second = &receiver.wait_for(2).await[1];
    let now = api.clock_now().timestamp();
    assert_eq!(signature::verify(&second.signature, new, &second.body, now), Ok(()));
    assert!(signature::verify(&second.signature, &old, &second.body, now).is_err(), "the old secret no longer signs");
}

#[tokio::test]
async fn a_declined_card_charges_nothing_reports_payment_failed_and_the_checkout_can_still_be_paid() {
    let api = start().await;
    let receiver = Receiver::start().await;
    receiver.subscribe(&api.base, &["payment.failed", "checkout.paid"]).await;
    let customer = api.customer().await;
    let checkout = support::pack_checkout("pack-500");
    let session = api.post("/v1/checkout/sessions", Some(&api.token(&customer).await), Some("k"), &checkout).await;
    let session: Value = session.json().await.unwrap();
    let page = session["url"].as_str().unwrap();
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let declined = client.post(format!("{page}/decline")).send().await.unwrap();
    assert_eq!(declined.status(), StatusCode::SEE_OTHER);
    let back = declined.headers()["location"].to_str().unwrap().to_string();
    assert!(reqwest::get(&back).await.unwrap().text().await.unwrap().contains(r#"data-testid="declined""#));
    let failed = &receiver.wait_for(1).await[0];
    assert_eq!(failed.kind(), "payment.failed");
    assert_eq!(
        (failed.event["customer_id"].as_str(), &failed.event["data"]["amount"]),
        (Some(customer.as_str()), &session["amount"])
    );
    assert!(api.payments(&customer).await.is_empty(), "nothing was charged");
    assert_eq!(client.post(format!("{page}/pay")).send().await.unwrap().status(), StatusCode::SEE_OTHER);
    assert_eq!(receiver.wait_for(2).await[1].kind(), "checkout.paid");
    let again = client.post(format!("{page}/decline")).send().await.unwrap();
    assert_eq!(error_code(again).await, (StatusCode::CONFLICT, "session_not_open".into()));
}
