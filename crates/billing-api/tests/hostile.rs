//! Hostile input gets the same clear 4xx JSON error on every store, never a 500: ids holding a
//! NUL byte (PostgreSQL refuses NUL in text where SQLite stores it), control characters, other
//! scripts, SQL, very long texts, in paths and in bodies. The suite runs on SQLite and, with
//! `BILLING_TEST_POSTGRES`, on PostgreSQL, with these same expectations. Nothing is written.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::{error_code, pack_checkout, start, subscription_checkout, Api, USAGE_SECRET};

/// Texts that cannot be ids, each as it travels in a path (percent-encoded) and in JSON.
fn hostile() -> Vec<(String, String)> {
    let long = "x".repeat(5_000);
    [
        ("cs_\0abc", "cs_%00abc"),
        ("\0", "%00"),
        ("cs_\u{1}\u{7f}", "cs_%01%7F"),
        ("caf\u{e9}_\u{65e5}\u{672c}", "caf%C3%A9_%E6%97%A5%E6%9C%AC"),
        ("' OR 1=1 --", "'%20OR%201=1%20--"),
        ("..%2F..%2Fetc", "..%252F..%252Fetc"),
        ("\u{feff}cus_1", "%EF%BB%BFcus_1"),
        (long.as_str(), long.as_str()),
    ]
    .into_iter()
    .map(|(text, path)| (text.to_string(), path.to_string()))
    .collect()
}

/// Sends a request and answers (status, error code); an answer without the JSON error body fails.
async fn refusal(api: &Api, method: Method, path: &str, token: Option<&str>, body: Option<&Value>) -> (u16, String) {
    let mut request = reqwest::Client::new().request(method, format!("{}{path}", api.base));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.header("Idempotency-Key", format!("hostile-{}", uuid::Uuid::new_v4())).json(body);
    }
    let (status, code) = error_code(request.send().await.unwrap()).await;
    (status.as_u16(), code)
}

#[tokio::test]
async fn hostile_ids_and_texts_are_refused_alike_on_every_store() {
    let api = start().await;
    let customer = api.subscriber("pro", "monthly").await;
    let token = api.token(&customer).await;
    let not_found = (404, "not_found".to_string());
    for (text, in_path) in hostile() {
        let paths = [
            (Method::GET, format!("/v1/checkout/sessions/{in_path}")),
            (Method::GET, format!("/checkout/{in_path}")),
            (Method::POST, format!("/checkout/{in_path}/pay")),
        ];
        for (method, path) in paths {
            assert_eq!(refusal(&api, method, &path, None, None).await, not_found, "{path}");
        }
        let refund = json!({ "customer_id": customer });
        let path = format!("/v1/usage/{in_path}/refund");
        assert_eq!(refusal(&api, Method::POST, &path, Some(USAGE_SECRET), Some(&refund)).await, not_found, "{path}");

        let bodies = [
            ("/v1/customer/subscription/change", Some(token.as_str()), json!({ "quote_id": text }), not_found.clone()),
            ("/v1/usage/gen_1/refund", Some(USAGE_SECRET), json!({ "customer_id": text }), not_found.clone()),
            (
                "/v1/usage",
                Some(USAGE_SECRET),
                json!({ "customer_id": text, "model": "nano-banana", "resolution": "1K" }),
                not_found.clone(),
            ),
            (
                "/v1/usage",
                Some(USAGE_SECRET),
                json!({ "customer_id": customer, "model": text, "resolution": "1K" }),
                (422, "unknown_item".to_string()),
            ),
            ("/v1/dev/tokens", None, json!({ "customer_id": text }), (400, "invalid_request".to_string())),
            (
                "/v1/checkout/sessions",
                None,
                subscription_checkout(&text, "monthly", "USD"),
                (422, "unknown_item".to_string()),
            ),
            (
                "/v1/checkout/sessions",
                None,
                json!({ "kind": "credit_pack", "pack": text, "currency": "USD",
                "success_url": "http://127.0.0.1:8080/", "cancel_url": "http://127.0.0.1:8080/" }),
                (422, "unknown_item".to_string()),
            ),
            (
                "/v1/customer/subscription/preview",
                Some(token.as_str()),
                json!({ "plan": text, "interval": "annual" }),
                (422, "unknown_item".to_string()),
            ),
        ];
        for (path, bearer, body, expected) in bodies {
            assert_eq!(refusal(&api, Method::POST, path, bearer, Some(&body)).await, expected, "{path} {body}");
        }
        // A page of the shop's own origin, unless the text is no part of a URL (or too long).
        let url = format!("http://127.0.0.1:8080/{text}");
        if !url.bytes().all(|b| b.is_ascii_graphic()) || url.len() > pricing_core::api::MAX_RETURN_URL_BYTES {
            let mut to_elsewhere = pack_checkout("pack-500");
            to_elsewhere["success_url"] = json!(url);
            let refused = refusal(&api, Method::POST, "/v1/checkout/sessions", None, Some(&to_elsewhere)).await;
            assert_eq!(refused, (422, "return_url_not_allowed".to_string()), "{to_elsewhere}");
        }
    }
    // Nothing of it was written, and the API answers as before.
    let mut conn = api.store.read().await.unwrap();
    let sessions: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM checkout_sessions").fetch_one(&mut *conn).await.unwrap();
    assert_eq!(sessions, 1, "only the subscriber's own checkout");
    assert_eq!(api.subscription(&customer).await["plan"], "pro");
}

#[tokio::test]
async fn a_token_for_a_customer_id_the_api_cannot_keep_is_refused() {
    let api = start().await;
    let secret = b"a-test-secret-of-at-least-32-bytes";
    let expires = api.clock_now() + chrono::Duration::minutes(5);
    let mut arrived = 0;
    let too_long = "x".repeat(pricing_core::api::MAX_CUSTOMER_ID_BYTES + 1);
    for customer in ["cus 1", "cus\t1", "cus\u{0}1", "caf\u{e9}", too_long.as_str()] {
        let token = billing_api::token::mint(secret, customer, expires);
        let answer = reqwest::Client::new()
            .get(format!("{}/v1/customer/subscription", api.base))
            .bearer_auth(&token)
            .send()
            .await;
        // A header cannot carry every byte: what the client refuses to send never arrives.
        let Ok(answer) = answer else { continue };
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "{customer:?}");
        let body: Value = answer.json().await.unwrap();
        assert_eq!(body["error"]["code"], "unauthorized", "{customer:?}");
        arrived += 1;
    }
    assert!(arrived >= 3, "the ids a header can carry reach the API and are refused");
}
