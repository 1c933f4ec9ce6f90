//! The billing API over real HTTP: the real binary, on loopback, with a real SQLite file.

use std::process::Command;

mod support;

use chrono::Utc;
use pricing_core::{Catalog, Currency, Interval, DEFAULT_CATALOG_JSON};
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{
    apply, catalog, error_code, free_port, mint, pack_checkout, post, preview, spawn_api, sqlite_db, subscribe,
    subscription, subscription_checkout, test_db, Minted,
};

#[tokio::test]
async fn the_catalog_is_served_with_an_etag() {
    let db = test_db().await;
    let server = spawn_api(&db, &[]).await;
    let response = reqwest::get(format!("{}/v1/catalog", server.base)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let etag = response.headers()["etag"].to_str().unwrap().to_string();
    assert!(response.headers()["cache-control"].to_str().unwrap().contains("max-age"));
    let served = Catalog::parse(&response.text().await.unwrap()).unwrap();
    assert_eq!(served, catalog());
    let again = reqwest::Client::new()
        .get(format!("{}/v1/catalog", server.base))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let openapi: Value = reqwest::get(format!("{}/openapi.json", server.base)).await.unwrap().json().await.unwrap();
    assert_eq!(openapi["openapi"], "3.1.0");
}

#[tokio::test]
async fn an_invalid_catalog_stops_the_server_with_its_problems() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalog.json");
    std::fs::write(&file, DEFAULT_CATALOG_JSON.replacen("\"credits_per_month\": 1200", "\"credits_per_month\": 0", 1))
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_billing-api"))
        .env("BILLING_CATALOG", &file)
        .env("BILLING_DB", dir.path().join("b.sqlite"))
        .env("BILLING_DEV_TOKENS", "1")
        .env("BILLING_ADDR", format!("127.0.0.1:{}", free_port()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("plans[1].credits_per_month"));
}

#[tokio::test]
async fn checkout_prices_on_the_server_and_keys_make_it_idempotent() {
    let db = test_db().await;
    let server = spawn_api(&db, &[]).await;
    let body = subscription_checkout("pro", "annual", "JPY");

    let (status, code) = error_code(post(&server.base, "/v1/checkout/sessions", None, None, &body).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "idempotency_key_missing"));

    let first = post(&server.base, "/v1/checkout/sessions", None, Some("k-1"), &body).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first_bytes = first.bytes().await.unwrap();
    let session: Value = serde_json::from_slice(&first_bytes).unwrap();
    let expected = catalog().plan_price("pro", Interval::Annual, Currency::JPY, Utc::now()).unwrap().charged;
    assert_eq!(session["amount"], json!({ "minor": expected.minor, "currency": "JPY" }));

    let replay = post(&server.base, "/v1/checkout/sessions", None, Some("k-1"), &body).await;
    assert_eq!(replay.status(), StatusCode::CREATED);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(replay.bytes().await.unwrap(), first_bytes, "a replay is byte for byte");

    let other = subscription_checkout("basic", "annual", "JPY");
    let (status, code) = error_code(post(&server.base, "/v1/checkout/sessions", None, Some("k-1"), &other).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused"));
}

#[tokio::test]
async fn concurrent_requests_with_one_key_create_one_session() {
    let db = test_db().await;
    let server = spawn_api(&db, &[]).await;
    let body = subscription_checkout("ultimate", "monthly", "EUR");
    let attempts = (0..12).map(|_| post(&server.base, "/v1/checkout/sessions", None, Some("same"), &body));
    let responses = futures::future::join_all(attempts).await;
    let mut ids = std::collections::BTreeSet::new();
    let mut fresh = 0;
    for response in responses {
        // A request whose key is running waits for it and replays its answer: never a 409.
        assert_eq!(response.status(), StatusCode::CREATED);
        fresh += usize::from(response.headers().get("idempotent-replayed").is_none());
        let session: Value = response.json().await.unwrap();
        ids.insert(session["id"].as_str().unwrap().to_string());
    }
    assert_eq!((ids.len(), fresh), (1, 1), "exactly one session, created once: {ids:?}");
}

#[tokio::test]
async fn the_hosted_checkout_charges_the_session_and_returns_to_the_success_url() {
    let db = test_db().await;
    let server = spawn_api(&db, &[]).await;
    let Minted { customer, token } = mint(&server.base, None).await;
    let pack = json!({ "kind": "credit_pack", "pack": "pack-2000", "currency": "GBP",
                       "success_url": "http://127.0.0.1:8080/?from=test", "cancel_url": "http://127.0.0.1:8080/" });
    let session: Value =
        post(&server.base, "/v1/checkout/sessions", Some(&token), Some("pack"), &pack).await.json().await.unwrap();
    let page = reqwest::get(session["url"].as_str().unwrap()).await.unwrap().text().await.unwrap();
    let price = catalog().credit_pack("pack-2000").unwrap().price(Currency::GBP).unwrap();
    assert!(page.contains(&price.to_string()), "the page shows what will be charged");

    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let paid = client.post(format!("{}/pay", session["url"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(paid.status(), StatusCode::SEE_OTHER);
    let id = session["id"].as_str().unwrap();
    assert_eq!(paid.headers()["location"], format!("http://127.0.0.1:8080/?from=test&checkout_session={id}"));
    let again = client.post(format!("{}/pay", session["url"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(error_code(again).await.1, "session_not_open", "a second payment is refused");

    let status: Value =
        reqwest::get(format!("{}/v1/checkout/sessions/{id}", server.base)).await.unwrap().json().await.unwrap();
    assert_eq!(status["status"], "paid");
    let sub = subscription(&server.base, &token).await;
    let free = catalog().plans.iter().find(|p| p.free).unwrap().credits_per_month;
    assert_eq!(sub["plan"], "free");
    assert_eq!(sub["customer_id"], customer.as_str());
    let pack = catalog().credit_pack("pack-2000").unwrap().credits;
    assert_eq!(sub["credits_left"], free + pack, "pack credits are added at once");
}

#[tokio::test]
async fn an_upgrade_charges_exactly_the_preview() {
    let db = test_db().await;
    let server = spawn_api(&db, &[]).await;
    let token = subscribe(&server.base, "basic", "monthly").await.token;
    let quote = preview(&server.base, &token, "pro", "monthly").await;
    assert_eq!(quote["timing"], "now");
    let (basic, pro) = (catalog().plan("basic").unwrap().clone(), catalog().plan("pro").unwrap().clone());
    assert_eq!(quote["credits_added_now"], pro.credits_per_month - basic.credits_per_month);
    let difference = pro.prices[&Currency::USD].monthly - basic.prices[&Currency::USD].monthly;
    let due = quote["amount_due_now"]["minor"].as_i64().unwrap();
    assert!(due > 0 && due <= difference, "prorated: {due} of {difference}");

    let applied: Value = apply(&server.base, &token, "up-1", &quote).await.json().await.unwrap();
    assert_eq!(applied["charged"], quote["amount_due_now"]);
    assert_eq!(applied["subscription"]["plan"], "pro");
    assert_eq!(applied["subscription"]["credits_left"], pro.credits_per_month);
    let customer = applied["subscription"]["customer_id"].as_str().unwrap().to_string();

    let (status, code) = error_code(apply(&server.base, &token, "up-2", &quote).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::CONFLICT, "quote_unusable"), "a quote charges once");

    // The ledger in the SQLite file holds the checkout and exactly the previewed charge.
    let store = billing_api::store::Store::open(&db.url).await.unwrap();
    let payments = billing_api::store::payments(&mut store.read().await.unwrap(), &customer).await.unwrap();
    assert_eq!(payments.len(), 2);
    assert_eq!(payments[1].0.minor, due);
}

#[tokio::test]
async fn downgrades_wait_and_cancellation_can_be_undone() {
    let db = test_db().await;
    let server = spawn_api(&db, &[]).await;
    let token = subscribe(&server.base, "ultimate", "monthly").await.token;
    let quote = preview(&server.base, &token, "basic", "monthly").await;
    assert_eq!(quote["timing"], "at_period_end");
    assert_eq!(quote["amount_due_now"]["minor"], 0);
    let applied: Value = apply(&server.base, &token, "down", &quote).await.json().await.unwrap();
    assert_eq!(applied["subscription"]["plan"], "ultimate", "the current plan stays until the period ends");
    assert_eq!(applied["subscription"]["scheduled_change"]["plan"], "basic");
    assert_eq!(applied["subscription"]["scheduled_change"]["at"], applied["subscription"]["period_end"]);

    let cancelled: Value = post(&server.base, "/v1/customer/subscription/cancel", Some(&token), Some("c"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cancelled["cancel_at_period_end"], true);
    let resumed: Value = post(&server.base, "/v1/customer/subscription/resume", Some(&token), Some("r"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(resumed["cancel_at_period_end"], false);
}

#[tokio::test]
async fn bad_requests_get_json_errors_never_a_500() {
    let db = test_db().await;
    let server = spawn_api(&db, &[]).await;
    let client = reqwest::Client::new();
    let url = format!("{}/v1/checkout/sessions", server.base);
    let garbage = client.post(&url).header("Idempotency-Key", "g").body("{not json").send().await.unwrap();
    assert_eq!(error_code(garbage).await, (StatusCode::BAD_REQUEST, "invalid_request".into()));
    let unknown = post(
        &server.base,
        "/v1/checkout/sessions",
        None,
        Some("u"),
        &subscription_checkout("platinum", "monthly", "USD"),
    )
    .await;
    assert_eq!(error_code(unknown).await, (StatusCode::UNPROCESSABLE_ENTITY, "unknown_item".into()));
    // Return URLs only on the shop's origins (here the allowed origin http://127.0.0.1:8080).
    for (field, success, cancel) in [
        ("success_url", "javascript:alert(1)", "http://127.0.0.1:8080/"),
        ("success_url", "https://evil.example/steal", "http://127.0.0.1:8080/"),
        ("cancel_url", "http://127.0.0.1:8080/", "http://127.0.0.1:8080@evil.example/"),
    ] {
        let body = json!({ "kind": "subscription", "plan": "pro", "interval": "monthly", "currency": "USD",
                           "success_url": success, "cancel_url": cancel });
        let response = post(&server.base, "/v1/checkout/sessions", None, Some(success), &body).await;
        let status = response.status();
        let error: Value = response.json().await.unwrap();
        assert_eq!(
            (status, error["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("return_url_not_allowed"))
        );
        assert!(error["error"]["message"].as_str().unwrap().starts_with(field), "{error}");
    }
    // A wrong method is a JSON error too, saying which methods the endpoint takes.
    let wrong_method = client.delete(format!("{}/v1/customer/subscription", server.base)).send().await.unwrap();
    assert_eq!(wrong_method.headers()["allow"], "GET,HEAD");
    assert_eq!(error_code(wrong_method).await, (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed".into()));
    // The server answers 413 before reading the body and closes that connection: use a
    // client of its own, so the next requests do not pick the closed connection from a pool.
    let huge = reqwest::Client::new()
        .post(&url)
        .header("Idempotency-Key", "h")
        .body(vec![b' '; 64 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(huge).await, (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large".into()));
    let nowhere = client.get(format!("{}/v1/nowhere", server.base)).send().await.unwrap();
    assert_eq!(error_code(nowhere).await, (StatusCode::NOT_FOUND, "not_found".into()));
    let anonymous = client.get(format!("{}/v1/customer/subscription", server.base)).send().await.unwrap();
    assert_eq!(error_code(anonymous).await, (StatusCode::UNAUTHORIZED, "unauthorized".into()));
    let token = mint(&server.base, None).await.token;
    let forged = token.replacen("cus_", "cus_x", 1);
    let rejected =
        client.get(format!("{}/v1/customer/subscription", server.base)).bearer_auth(forged).send().await.unwrap();
    assert_eq!(error_code(rejected).await.0, StatusCode::UNAUTHORIZED);
    let change = json!({ "plan": "pro", "interval": "monthly" });
    let free = post(&server.base, "/v1/customer/subscription/preview", Some(&token), None, &change).await;
    assert_eq!(error_code(free).await, (StatusCode::CONFLICT, "change_not_possible".into()));
}

#[tokio::test]
async fn clients_over_their_rate_get_429_with_retry_after() {
    let db = test_db().await;
    let server = spawn_api(&db, &[("BILLING_RATE_PER_SECOND", "1"), ("BILLING_RATE_BURST", "3")]).await;
    let mut limited = None;
    for _ in 0..10 {
        let response = reqwest::get(format!("{}/v1/catalog", server.base)).await.unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(response);
            break;
        }
    }
    let response = limited.expect("the limit was reached");
    assert!(response.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    assert_eq!(error_code(response).await.1, "rate_limited");
}

#[tokio::test]
async fn cors_allows_only_configured_origins() {
    let db = test_db().await;
    let server = spawn_api(&db, &[]).await;
    let client = reqwest::Client::new();
    let preflight = |origin: &'static str| {
        client
            .request(reqwest::Method::OPTIONS, format!("{}/v1/checkout/sessions", server.base))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "idempotency-key, content-type")
            .send()
    };
    let allowed = preflight("http://127.0.0.1:8080").await.unwrap();
    assert_eq!(allowed.headers()["access-control-allow-origin"], "http://127.0.0.1:8080");
    let other = preflight("https://evil.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn a_restart_loses_nothing_acknowledged() {
    let db = test_db().await;
    let server = spawn_api(&db, &[]).await;
    let token = subscribe(&server.base, "pro", "annual").await.token;
    let session: Value = post(
        &server.base,
        "/v1/checkout/sessions",
        None,
        Some("keep"),
        &subscription_checkout("basic", "monthly", "EUR"),
    )
    .await
    .json()
    .await
    .unwrap();
    drop(server);
    let server = spawn_api(&db, &[]).await;
    let found = reqwest::get(format!("{}/v1/checkout/sessions/{}", server.base, session["id"].as_str().unwrap()))
        .await
        .unwrap();
    assert_eq!(found.status(), StatusCode::OK);
    let sub = subscription(&server.base, &token).await;
    assert_eq!(sub["plan"], "pro");
    assert_eq!(sub["interval"], "annual");
    let replay = post(
        &server.base,
        "/v1/checkout/sessions",
        None,
        Some("keep"),
        &subscription_checkout("basic", "monthly", "EUR"),
    )
    .await;
    assert_eq!(replay.headers()["idempotent-replayed"], "true", "idempotency keys survive a restart");
}

#[tokio::test]
async fn operators_get_health_metrics_request_ids_in_logs_and_compressed_json() {
    let db = test_db().await;
    let server = spawn_api(&db, &[("RUST_LOG", "billing_api=info,tower_http=info")]).await;
    let client = reqwest::Client::new();
    for path in ["/healthz", "/readyz"] {
        let response = client.get(format!("{}{path}", server.base)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    // Every answer names its request; a caller's own id is kept and is on the request's log line.
    let assigned = client.get(format!("{}/healthz", server.base)).send().await.unwrap();
    assert_eq!(assigned.headers()["x-request-id"].len(), 36, "a UUID");
    let traced =
        client.get(format!("{}/v1/catalog", server.base)).header("x-request-id", "trace-me-42").send().await.unwrap();
    assert_eq!(traced.headers()["x-request-id"], "trace-me-42");
    // The catalog travels compressed when the client accepts it.
    let compressed =
        client.get(format!("{}/v1/catalog", server.base)).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(compressed.headers()["content-encoding"], "br");
    let on_the_wire = compressed.bytes().await.unwrap().len();
    assert!(on_the_wire * 3 < DEFAULT_CATALOG_JSON.len(), "{on_the_wire} bytes for {}", DEFAULT_CATALOG_JSON.len());
    // Metrics by route and status, replays and sessions by outcome.
    let body = subscription_checkout("pro", "monthly", "USD");
    for _ in 0..2 {
        assert!(post(&server.base, "/v1/checkout/sessions", None, Some("m-1"), &body).await.status().is_success());
    }
    let metrics = client.get(format!("{}/metrics", server.base)).send().await.unwrap().text().await.unwrap();
    for series in [
        r#"billing_http_requests_total{route="/v1/catalog",method="GET",status="200"} 2"#,
        r#"billing_http_requests_total{route="/v1/checkout/sessions",method="POST",status="201"} 2"#,
        r#"billing_checkout_sessions_total{outcome="created"} 1"#,
        r#"billing_idempotent_replays_total{endpoint="checkout.create"} 1"#,
        "billing_http_request_duration_seconds_count",
    ] {
        assert!(metrics.contains(series), "{series} in\n{metrics}");
    }
    let log = std::fs::read_to_string(&server.log).unwrap();
    assert!(log.lines().any(|line| line.contains("id=trace-me-42") && line.contains("/v1/catalog")), "{log}");
}

#[tokio::test]
async fn a_database_from_before_migrations_upgrades_in_place() {
    use sha2::{Digest, Sha256};
    let db = sqlite_db();
    let file = db.url.trim_start_matches("sqlite://");
    // A database as the API wrote it before migrations: a subscriber with pack credits, an
    // answered idempotency key and one a crash left unanswered.
    let old = sqlx::SqlitePool::connect(&format!("sqlite://{file}?mode=rwc")).await.unwrap();
    sqlx::raw_sql(include_str!("../migrations/sqlite/0001_initial.sql")).execute(&old).await.unwrap();
    let now = Utc::now().timestamp_millis();
    let (start_ms, end_ms) = (now - 86_400_000, now + 29 * 86_400_000);
    let body = subscription_checkout("basic", "monthly", "USD");
    let hash = format!("{:x}", Sha256::digest(serde_json::to_vec(&body).unwrap()));
    sqlx::raw_sql(&format!(
        "INSERT INTO customers (id, pack_credits, created_at) VALUES ('cus_old', 500, {start_ms});
         INSERT INTO subscriptions (customer_id, plan_id, interval, currency, period_start, period_end, paid, plan_credits)
            VALUES ('cus_old', 'pro', 'monthly', 'USD', {start_ms}, {end_ms}, 2900, 3999);
         INSERT INTO idempotency (scope, key, request_hash, status, body, created_at)
            VALUES ('anonymous checkout.create', 'answered', '{hash}', 201, CAST('{{\"id\":\"cs_old\"}}' AS BLOB), {now}),
                   ('anonymous checkout.create', 'stranded', '{hash}', NULL, NULL, {now});"
    ))
    .execute(&old)
    .await
    .unwrap();
    old.close().await;

    let server = spawn_api(&db, &[]).await;
    let token = mint(&server.base, Some("cus_old")).await.token;
    let view = subscription(&server.base, &token).await;
    assert_eq!((view["plan"].as_str(), view["interval"].as_str()), (Some("pro"), Some("monthly")), "{view}");
    let packs: Vec<&Value> = view["balances"].as_array().unwrap().iter().filter(|b| b["source"] == "pack").collect();
    assert_eq!(packs.len(), 1);
    assert_eq!(packs[0]["credits"], 500, "pack credits became a pack grant");
    let expires: chrono::DateTime<Utc> = packs[0]["expires_at"].as_str().unwrap().parse().unwrap();
    assert!((expires - Utc::now() - chrono::Duration::days(365)).num_minutes().abs() < 5);
    let replay = post(&server.base, "/v1/checkout/sessions", None, Some("answered"), &body).await;
    assert_eq!(replay.headers()["idempotent-replayed"], "true", "an answered key still replays");
    let retried = post(&server.base, "/v1/checkout/sessions", None, Some("stranded"), &body).await;
    assert_eq!(retried.status(), StatusCode::CREATED, "a key stranded by a crash runs again");
    assert!(retried.headers().get("idempotent-replayed").is_none());
    drop(server);
    // Opening again applies nothing twice.
    let server = spawn_api(&db, &[]).await;
    assert_eq!(subscription(&server.base, &token).await["plan"], "pro");
}

#[tokio::test]
async fn request_bodies_are_json_objects_as_the_contract_says() {
    let db = test_db().await;
    let server = spawn_api(&db, &[]).await;
    let token = mint(&server.base, None).await.token;
    // serde alone would read a struct from an array of its fields.
    let fields = json!(["pro", "monthly"]);
    let (status, code) =
        error_code(post(&server.base, "/v1/customer/subscription/preview", Some(&token), None, &fields).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "invalid_request"));
    let minted: Value = post(&server.base, "/v1/dev/tokens", None, None, &Value::Null).await.json().await.unwrap();
    assert!(minted["customer_id"].as_str().unwrap().starts_with("cus_"), "null names no customer: {minted}");
}

#[tokio::test]
async fn a_burst_of_checkouts_shares_commits_and_each_keeps_only_its_own_writes() {
    let db = test_db().await;
    let server = spawn_api(&db, &[]).await;
    // Every third names a pack the catalog does not sell: refused, and nothing of it is written.
    let creations = (0..120u32).map(|i| {
        let pack = if i.is_multiple_of(3) { "pack-unknown" } else { "pack-500" };
        let body = pack_checkout(pack);
        let server = &server;
        async move { post(&server.base, "/v1/checkout/sessions", None, Some(&format!("burst-{i}")), &body).await }
    });
    let mut created = Vec::new();
    for (i, response) in futures::future::join_all(creations).await.into_iter().enumerate() {
        if i.is_multiple_of(3) {
            assert!(response.status().is_client_error(), "{}", response.status());
        } else {
            assert_eq!(response.status(), StatusCode::CREATED);
            created.push(response.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string());
        }
    }
    let store = billing_api::store::Store::open(&db.url).await.unwrap();
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM checkout_sessions")
        .fetch_all(&mut *store.read().await.unwrap())
        .await
        .unwrap();
    created.sort();
    let mut stored = ids;
    stored.sort();
    assert_eq!(stored, created, "the acknowledged sessions, and no other");
    if db.url.starts_with("sqlite:") {
        let metrics = reqwest::get(format!("{}/metrics", server.base)).await.unwrap().text().await.unwrap();
        let shared = metrics.lines().find_map(|l| l.strip_prefix("billing_group_commit_size_count ")).unwrap_or("0");
        assert!(shared.parse::<u64>().unwrap() > 0, "no two checkouts of the burst shared a commit:\n{metrics}");
    }
}
