//! Several API processes on one database (a SQLite file, or PostgreSQL when
//! `BILLING_TEST_POSTGRES` is set): every guarantee holds across processes, not only within
//! one. The same request raced through both processes renews once, answers a key once, and
//! never spends a credit twice.

mod support;

use chrono::Utc;
use pricing_core::{Currency, Interval};
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::receiver::Receiver;
use support::{catalog, free_image, mint, pack_checkout, spawn_api, test_db, Minted, Server, USAGE_SECRET};

/// Two servers on one new database, and a customer's id and token minted by the first.
async fn two_processes() -> (support::TestDb, Server, Server, String, String) {
    let db = test_db().await;
    let settings = [("BILLING_USAGE_SECRET", USAGE_SECRET)];
    let (first, second) = (spawn_api(&db, &settings).await, spawn_api(&db, &settings).await);
    let Minted { customer, token } = mint(&first.base, None).await;
    (db, first, second, customer, token)
}

/// Alternates between the two servers.
fn either<'a>(i: usize, first: &'a Server, second: &'a Server) -> &'a str {
    if i.is_multiple_of(2) {
        &first.base
    } else {
        &second.base
    }
}

/// The customer's credits left, as `server` reads them.
async fn credits_left(server: &Server, token: &str) -> u64 {
    support::subscription(&server.base, token).await["credits_left"].as_u64().unwrap()
}

#[tokio::test]
async fn two_processes_on_one_database_renew_an_overdue_period_once() {
    let (db, first, second, customer, token) = two_processes().await;
    // A Basic subscription whose period ran out 40 days ago: two periods are due.
    let store = billing_api::store::Store::open(&db.url).await.unwrap();
    let start_ms = (Utc::now() - chrono::Duration::days(70)).timestamp_millis();
    let end_ms = (Utc::now() - chrono::Duration::days(40)).timestamp_millis();
    sqlx::query(
        "INSERT INTO subscriptions (customer_id, plan_id, interval, currency, period_start, period_end, paid)
         VALUES ($1, 'basic', 'monthly', 'USD', $2, $3, 1000)",
    )
    .bind(&customer)
    .bind(start_ms)
    .bind(end_ms)
    .execute(&mut *store.read().await.unwrap())
    .await
    .unwrap();
    let reads = (0..20).map(|i| {
        let base = either(i, &first, &second);
        reqwest::Client::new().get(format!("{base}/v1/customer/subscription")).bearer_auth(&token).send()
    });
    for response in futures::future::join_all(reads).await {
        assert_eq!(response.unwrap().status(), StatusCode::OK);
    }
    let payments = billing_api::store::payments(&mut store.read().await.unwrap(), &customer).await.unwrap();
    let renewals: Vec<i64> = payments.iter().filter(|(_, d)| d == "Renewal").map(|(m, _)| m.minor).collect();
    let price = catalog().plan("basic").unwrap().list_price(Interval::Monthly, Currency::USD).unwrap().minor;
    assert_eq!(renewals, [price, price], "each overdue period charged once, whichever process read it");
}

#[tokio::test]
async fn two_processes_answer_a_key_with_one_checkout_session() {
    let (db, first, second, _, token) = two_processes().await;
    let checkout = pack_checkout("pack-500");
    let creations = (0..24).map(|i| {
        let url = format!("{}/v1/checkout/sessions", either(i, &first, &second));
        reqwest::Client::new().post(url).bearer_auth(&token).header("Idempotency-Key", "once").json(&checkout).send()
    });
    let mut ids = Vec::new();
    for response in futures::future::join_all(creations).await {
        let response = response.unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        ids.push(response.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "every answer names the same session");
    let store = billing_api::store::Store::open(&db.url).await.unwrap();
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM checkout_sessions")
        .fetch_one(&mut *store.read().await.unwrap())
        .await
        .unwrap();
    assert_eq!(sessions, 1);
}

#[tokio::test]
async fn two_processes_never_spend_a_credit_twice() {
    let (db, first, second, customer, token) = two_processes().await;
    let credits = credits_left(&first, &token).await;
    let (model, resolution) = free_image();
    let cost = catalog().model(&model).unwrap().credits_per_output(&resolution, None).unwrap();
    let affordable = credits / cost;
    assert!(affordable >= 2, "the free allowance pays for a few generations");
    let generation = json!({ "customer_id": customer, "model": model, "resolution": resolution });
    let spends = (0..affordable + 6).map(|i| {
        let url = format!("{}/v1/usage", either(i as usize, &first, &second));
        let key = format!("generation-{i}");
        reqwest::Client::new()
            .post(url)
            .bearer_auth(USAGE_SECRET)
            .header("Idempotency-Key", key)
            .json(&generation)
            .send()
    });
    let mut recorded = 0;
    let mut refused = 0;
    for response in futures::future::join_all(spends).await {
        match response.unwrap().status() {
            StatusCode::CREATED => recorded += 1,
            StatusCode::PAYMENT_REQUIRED => refused += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!((recorded, refused), (affordable, 6), "exactly the affordable generations are recorded");
    assert_eq!(credits_left(&second, &token).await, credits - affordable * cost);
    let store = billing_api::store::Store::open(&db.url).await.unwrap();
    let generations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM generations")
        .fetch_one(&mut *store.read().await.unwrap())
        .await
        .unwrap();
    assert_eq!(generations, affordable as i64, "one generation row per recorded generation");
}

#[tokio::test]
async fn a_catalog_published_through_one_process_is_served_by_the_other_within_a_poll() {
    let (_db, first, second, _customer, _token) = two_processes().await;
    let mut catalog: Value = reqwest::get(format!("{}/v1/catalog", second.base)).await.unwrap().json().await.unwrap();
    let pro = catalog["plans"].as_array_mut().unwrap().iter_mut().find(|p| p["id"] == "pro").unwrap();
    let raised = pro["prices"]["EUR"]["annual"].as_i64().unwrap() + 1200;
    pro["prices"]["EUR"]["annual"] = json!(raised);
    let request = json!({ "catalog": catalog, "based_on": 1, "publication": "now" });
    let published = support::post(&first.base, "/v1/studio/versions", Some(support::ANA.1), None, &request).await;
    assert_eq!(published.status(), StatusCode::CREATED);
    // The second process polls the store (every 50 ms here): no restart, no message between them.
    let mut polls = 0;
    let served = loop {
        let served: Value = reqwest::get(format!("{}/v1/catalog", second.base)).await.unwrap().json().await.unwrap();
        let pro = served["plans"].as_array().unwrap().iter().find(|p| p["id"] == "pro").unwrap();
        if pro["prices"]["EUR"]["annual"].as_i64() == Some(raised) {
            break served;
        }
        assert!(polls < 100, "the second process still serves the old catalog after 5 s");
        polls += 1;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let token = mint(&second.base, None).await.token;
    let checkout = support::subscription_checkout("pro", "annual", "EUR");
    let session: Value = support::post(&second.base, "/v1/checkout/sessions", Some(&token), Some("k"), &checkout)
        .await
        .json()
        .await
        .unwrap();
    let expected = catalog_price_now(&served, "pro", Interval::Annual, Currency::EUR);
    assert_eq!(session["amount"]["minor"].as_i64(), Some(expected));
}

/// What a checkout of `plan` costs now under `catalog` (a promotion may run).
fn catalog_price_now(catalog: &Value, plan: &str, interval: Interval, currency: Currency) -> i64 {
    let catalog = pricing_core::Catalog::parse(&catalog.to_string()).unwrap();
    catalog.plan_price(plan, interval, currency, Utc::now()).unwrap().charged.minor
}

#[tokio::test]
async fn two_processes_send_each_event_once_in_order_per_customer() {
    let db = test_db().await;
    let settings = [("BILLING_USAGE_SECRET", USAGE_SECRET), ("BILLING_WEBHOOK_POLL_MS", "5")];
    let (first, second) = (spawn_api(&db, &settings).await, spawn_api(&db, &settings).await);
    let receiver = Receiver::start().await;
    receiver.subscribe(&first.base, &[]).await;
    // Eight customers buy through either process; both processes send what is due, often at once.
    let (one, other) = (&first, &second);
    let buyers = (0..8).map(|i| async move {
        let base = either(i, one, other);
        let minted = mint(base, None).await;
        support::buy(base, &minted.token, "pack", &pack_checkout("pack-500")).await;
        support::buy(either(i + 1, one, other), &minted.token, "pack-again", &pack_checkout("pack-500")).await;
        minted.customer
    });
    let customers = futures::future::join_all(buyers).await;
    let listed = reqwest::Client::new()
        .get(format!("{}/v1/events?limit=100", second.base))
        .bearer_auth(USAGE_SECRET)
        .send()
        .await
        .unwrap();
    let listed: Value = listed.json().await.unwrap();
    let mut kept: Vec<(String, String)> = listed["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["customer_id"].as_str().unwrap().to_string(), e["id"].as_str().unwrap().to_string()))
        .collect();
    kept.reverse();
    assert_eq!(kept.len(), 8 * 4, "a checkout and a grant per purchase");
    let accepted = receiver.wait_for(kept.len()).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(receiver.received().len(), kept.len(), "no event was sent by both processes");
    for customer in &customers {
        let sent: Vec<&str> =
            accepted.iter().filter(|r| r.event["customer_id"] == customer.as_str()).map(|r| r.id()).collect();
        let kept: Vec<&str> = kept.iter().filter(|(c, _)| c == customer).map(|(_, id)| id.as_str()).collect();
        assert_eq!(sent, kept, "{customer}: each event once, in the order it happened");
    }
}

#[tokio::test]
async fn receipt_numbers_have_no_gap_and_no_repeat_across_two_processes() {
    let db = test_db().await;
    let settings = [("BILLING_USAGE_SECRET", USAGE_SECRET)];
    let (first, second) = (spawn_api(&db, &settings).await, spawn_api(&db, &settings).await);
    let (one, other) = (&first, &second);
    // Twenty purchases at once through both processes; each session is also paid a second time,
    // which is refused and must not take a number.
    let buyers = (0..20).map(|i| async move {
        let base = either(i, one, other);
        let minted = mint(base, None).await;
        let checkout = pack_checkout("pack-500");
        let session: Value = support::post(base, "/v1/checkout/sessions", Some(&minted.token), Some("k"), &checkout)
            .await
            .json()
            .await
            .unwrap();
        let pay = format!("{}/pay", session["url"].as_str().unwrap());
        let pay_again = pay.replace(base, either(i + 1, one, other));
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let (a, b) = tokio::join!(client.post(&pay).send(), client.post(&pay_again).send());
        let statuses = [a.unwrap().status(), b.unwrap().status()];
        assert_eq!(statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count(), 1, "{statuses:?}");
    });
    futures::future::join_all(buyers).await;
    let store = billing_api::store::Store::open(&db.url).await.unwrap();
    let mut conn = store.read().await.unwrap();
    let numbers: Vec<i64> = sqlx::query_scalar("SELECT receipt_number FROM payments ORDER BY receipt_number")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    assert_eq!(numbers, (1..=20).collect::<Vec<i64>>(), "one number per payment, from 1, without a gap");
}
