//! The API over real HTTP on a real database: in-process with a clock the tests move
//! (`start`), or the real binary (`spawn_api`). The database is a new SQLite file, or, when
//! `BILLING_TEST_POSTGRES` names a PostgreSQL server (`scripts/test.sh` starts a throwaway one
//! and runs every API test on each store), a new database on that server.
#![allow(dead_code)] // each test file uses its own share of these helpers

pub mod receiver;
pub mod studio;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use billing_api::clock::ManualClock;
use billing_api::{store, AppState, Config};
use chrono::{DateTime, Utc};
use pricing_core::catalog::ModelKind;
use pricing_core::{Catalog, Currency, Interval, Money, DEFAULT_CATALOG_JSON};
use reqwest::StatusCode;
use serde_json::{json, Value};

pub const USAGE_SECRET: &str = "the-generation-service-secret-0123456789";

/// Two editors of the catalog: (name, secret).
pub const ANA: (&str, &str) = ("ana", "ana-edits-the-catalog-0123456789abcdef");
pub const BEN: (&str, &str) = ("ben", "ben-edits-the-catalog-0123456789abcdef");

pub struct Api {
    pub base: String,
    pub clock: ManualClock,
    pub store: store::Store,
    _db: TestDb,
}

/// A database of one test, and a directory for its files (server logs, a SQLite file).
pub struct TestDb {
    pub url: String,
    pub dir: tempfile::TempDir,
}

/// A new, empty database on the store under test.
pub async fn test_db() -> TestDb {
    match std::env::var("BILLING_TEST_POSTGRES") {
        Ok(server) if !server.is_empty() => {
            use sqlx::Connection;
            let server = server.trim_end_matches('/');
            let name = format!("test_{}", uuid::Uuid::new_v4().simple());
            let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres")).await.unwrap();
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
            TestDb { url: format!("{server}/{name}"), dir: tempfile::tempdir().unwrap() }
        }
        _ => sqlite_db(),
    }
}

/// A new SQLite file, whatever the store under test.
pub fn sqlite_db() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    TestDb { url: format!("sqlite://{}", dir.path().join("billing.sqlite").display()), dir }
}

/// After every promotion of the default catalog: charges are the plans' list prices.
pub fn start_of_test() -> DateTime<Utc> {
    "2027-02-01T09:00:00Z".parse().unwrap()
}

pub async fn start() -> Api {
    let db = test_db().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = Config {
        addr,
        database: db.url.clone(),
        catalog_path: None,
        translations_path: billing_api::config::translations_beside(None),
        widget_url: "/".into(),
        public_url: format!("http://{addr}"),
        token_secret: b"a-test-secret-of-at-least-32-bytes".to_vec(),
        allowed_origins: vec!["http://127.0.0.1:8080".into()],
        return_origins: vec!["http://127.0.0.1:8080".into()],
        usage_secret: Some(USAGE_SECRET.into()),
        dev_tokens: true,
        editors: [ANA, BEN].map(|(name, secret)| (name.to_string(), secret.to_string())).to_vec(),
        catalog_poll: Duration::from_millis(20),
        webhook_poll: Duration::from_millis(20),
        studio_dir: None,
        rate_per_second: 100_000,
        rate_burst: 100_000,
    };
    let clock = ManualClock::at(start_of_test());
    let state = AppState::open_with_clock(config.clone(), Arc::new(clock.clone())).await.unwrap();
    let store = state.store.clone();
    tokio::spawn(billing_api::serve(listener, state));
    Api { base: format!("http://{addr}"), clock, store, _db: db }
}

pub fn catalog() -> Catalog {
    Catalog::parse(DEFAULT_CATALOG_JSON).unwrap()
}

/// The dearest image the free plan makes: (model, resolution).
pub fn free_image() -> (String, String) {
    let catalog = catalog();
    let images = catalog.included_models(catalog.free_plan()).filter(|m| m.kind == ModelKind::Image);
    let dearest = images.flat_map(|m| m.resolutions.iter().map(move |r| (r.credits, m.id.clone(), r.id.clone()))).max();
    let (_, model, resolution) = dearest.expect("the free plan makes images");
    (model, resolution)
}

pub fn list_price(plan: &str, interval: Interval) -> Money {
    catalog().plan(plan).unwrap().list_price(interval, Currency::USD).unwrap()
}

/// A customer and a token that vouches for them.
pub struct Minted {
    pub customer: String,
    pub token: String,
}

/// A development token from the API at `base`, for `customer`, or for a new customer.
pub async fn mint(base: &str, customer: Option<&str>) -> Minted {
    let request = customer.map_or(json!({}), |id| json!({ "customer_id": id }));
    let minted: Value = post(base, "/v1/dev/tokens", None, None, &request).await.json().await.unwrap();
    Minted { customer: minted["customer_id"].as_str().unwrap().into(), token: minted["token"].as_str().unwrap().into() }
}

/// An error answer's status and code, checking it carries a message for people too.
pub async fn error_code(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    (status, body["error"]["code"].as_str().unwrap().to_string())
}

/// A subscription checkout's body, returning to the test origin.
pub fn subscription_checkout(plan: &str, interval: &str, currency: &str) -> Value {
    json!({ "kind": "subscription", "plan": plan, "interval": interval, "currency": currency,
            "success_url": "http://127.0.0.1:8080/?done", "cancel_url": "http://127.0.0.1:8080/" })
}

/// A credit-pack checkout's body, returning to the test origin.
pub fn pack_checkout(pack: &str) -> Value {
    json!({ "kind": "credit_pack", "pack": pack, "currency": "USD",
            "success_url": "http://127.0.0.1:8080/?done", "cancel_url": "http://127.0.0.1:8080/" })
}

/// Opens a checkout with `body` for the holder of `token` and pays it on the hosted page.
pub async fn buy(base: &str, token: &str, key: &str, body: &Value) {
    let session: Value = post(base, "/v1/checkout/sessions", Some(token), Some(key), body).await.json().await.unwrap();
    assert!(session["url"].is_string(), "the checkout opens: {session}");
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let paid = client.post(format!("{}/pay", session["url"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(paid.status(), StatusCode::SEE_OTHER);
}

/// A new customer who bought `plan` (in USD) through checkout and the hosted page.
pub async fn subscribe(base: &str, plan: &str, interval: &str) -> Minted {
    let minted = mint(base, None).await;
    buy(base, &minted.token, "buy", &subscription_checkout(plan, interval, "USD")).await;
    minted
}

/// The subscription of the holder of `token`, as the API at `base` answers it.
pub async fn subscription(base: &str, token: &str) -> Value {
    let url = format!("{base}/v1/customer/subscription");
    let response = reqwest::Client::new().get(url).bearer_auth(token).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// A quote for moving the holder of `token` to `plan` on `interval`.
pub async fn preview(base: &str, token: &str, plan: &str, interval: &str) -> Value {
    let change = json!({ "plan": plan, "interval": interval });
    post(base, "/v1/customer/subscription/preview", Some(token), None, &change).await.json().await.unwrap()
}

/// Applies `quote` for the holder of `token` with the idempotency `key`.
pub async fn apply(base: &str, token: &str, key: &str, quote: &Value) -> reqwest::Response {
    post(base, "/v1/customer/subscription/change", Some(token), Some(key), &json!({ "quote_id": quote["id"] })).await
}

impl Api {
    pub async fn post(&self, path: &str, token: Option<&str>, key: Option<&str>, body: &Value) -> reqwest::Response {
        post(&self.base, path, token, key, body).await
    }

    /// A fresh token for `customer` (tokens live minutes; the tests travel months).
    pub async fn token(&self, customer: &str) -> String {
        mint(&self.base, Some(customer)).await.token
    }

    /// A new customer who bought `plan` through checkout and the hosted page.
    pub async fn subscriber(&self, plan: &str, interval: &str) -> String {
        subscribe(&self.base, plan, interval).await.customer
    }

    /// A new customer on the free plan.
    pub async fn customer(&self) -> String {
        mint(&self.base, None).await.customer
    }

    /// `customer` buys `pack` through checkout and the hosted page.
    pub async fn buy_pack(&self, customer: &str, pack: &str) {
        let key = format!("{pack}-{}", self.clock_now().timestamp_millis());
        buy(&self.base, &self.token(customer).await, &key, &pack_checkout(pack)).await;
    }

    pub fn clock_now(&self) -> DateTime<Utc> {
        use billing_api::clock::Clock;
        self.clock.now()
    }

    /// The generation service reports a generation.
    pub async fn usage(&self, key: &str, body: &Value) -> reqwest::Response {
        self.post("/v1/usage", Some(USAGE_SECRET), Some(key), body).await
    }

    /// The customer's balances: (source, credits, expiry), in spending order.
    pub async fn balances(&self, customer: &str) -> Vec<(String, u64, DateTime<Utc>)> {
        let view = self.subscription(customer).await;
        let balances: Vec<(String, u64, DateTime<Utc>)> = view["balances"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                let source = b["source"].as_str().unwrap().to_string();
                (source, b["credits"].as_u64().unwrap(), b["expires_at"].as_str().unwrap().parse().unwrap())
            })
            .collect();
        assert_eq!(view["credits_left"].as_u64().unwrap(), balances.iter().map(|b| b.1).sum::<u64>());
        balances
    }

    /// A quote for moving `customer` to `plan` on `interval`.
    pub async fn preview(&self, customer: &str, plan: &str, interval: &str) -> Value {
        preview(&self.base, &self.token(customer).await, plan, interval).await
    }

    /// Applies `quote` for `customer` with the idempotency `key`.
    pub async fn apply(&self, customer: &str, key: &str, quote: &Value) -> reqwest::Response {
        apply(&self.base, &self.token(customer).await, key, quote).await
    }

    pub async fn subscription(&self, customer: &str) -> Value {
        subscription(&self.base, &self.token(customer).await).await
    }

    /// The customer's payments in the database, oldest first: (minor units, description).
    pub async fn payments(&self, customer: &str) -> Vec<(i64, String)> {
        let mut conn = self.store.read().await.unwrap();
        store::payments(&mut conn, customer).await.unwrap().into_iter().map(|(m, d)| (m.minor, d)).collect()
    }

    pub async fn renewals(&self, customer: &str) -> Vec<i64> {
        self.payments(customer).await.into_iter().filter(|(_, d)| d == "Renewal").map(|(m, _)| m).collect()
    }
}

/// The real binary on loopback, killed when dropped.
pub struct Server {
    pub base: String,
    pub child: Child,
    /// Where the server's log lines go.
    pub log: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts the `billing-api` binary on `db`; `extra` adds or overrides `BILLING_*` settings.
pub async fn spawn_api(db: &TestDb, extra: &[(&str, &str)]) -> Server {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let log = db.dir.path().join(format!("api-{port}.log"));
    let mut command = Command::new(env!("CARGO_BIN_EXE_billing-api"));
    command
        .env("BILLING_ADDR", format!("127.0.0.1:{port}"))
        .env("BILLING_DATABASE_URL", &db.url)
        .env("BILLING_DEV_TOKENS", "1")
        .env("BILLING_ALLOWED_ORIGINS", "http://127.0.0.1:8080")
        .env("BILLING_RATE_PER_SECOND", "1000")
        .env("BILLING_RATE_BURST", "1000")
        .env("BILLING_EDITORS", format!("{}:{},{}:{}", ANA.0, ANA.1, BEN.0, BEN.1))
        .env("BILLING_CATALOG_POLL_MS", "50")
        .stderr(Stdio::from(std::fs::File::create(&log).unwrap()));
    for (k, v) in extra {
        command.env(k, v);
    }
    let server = Server { base, child: command.spawn().unwrap(), log };
    for _ in 0..400 {
        if reqwest::get(format!("{}/healthz", server.base)).await.is_ok() {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("billing-api did not start");
}

/// POSTs `body` as JSON to the API at `base`, with a bearer token and an Idempotency-Key when
/// given.
pub async fn post(base: &str, path: &str, token: Option<&str>, key: Option<&str>, body: &Value) -> reqwest::Response {
    let mut request = reqwest::Client::new().post(format!("{base}{path}")).json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    request.send().await.unwrap()
}
