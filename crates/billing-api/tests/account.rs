//! The customer's account view over real HTTP: the account at a glance (its figures against the
//! catalog and the store's rows: balances, held credits, the cycle's spending, the renewal as
//! the renewal then charges it, with and without the retention offer, Unlimited until it ends,
//! the low-balance suggestion as the core finder makes it), the credit history paged while new
//! work arrives, and a scheduled change taken back once however many clicks race.

mod support;

use chrono::{DateTime, Duration, Utc};
use pricing_core::api::account::{AccountView, CreditHistory, HistoryEntry, RecentWork};
use pricing_core::api::top_up::AutoTopUp;
use pricing_core::api::SubscriptionView;
use pricing_core::finder::WorkLine;
use pricing_core::{Currency, Interval};
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{catalog, error_code, list_price, start, Api, USAGE_SECRET};

async fn get(api: &Api, customer: &str, path: &str) -> reqwest::Response {
    let url = format!("{}{path}", api.base);
    reqwest::Client::new().get(url).bearer_auth(api.token(customer).await).send().await.unwrap()
}

async fn read<T: serde::de::DeserializeOwned>(api: &Api, customer: &str, path: &str) -> T {
    let response = get(api, customer, path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.unwrap()
}

async fn account(api: &Api, customer: &str) -> AccountView {
    read(api, customer, "/v1/customer/account").await
}

/// A generation of `model` at `resolution` (a clip of `seconds`) for `customer`, and its cost.
fn work(customer: &str, model: &str, resolution: &str, seconds: Option<u32>) -> (Value, u64) {
    let cost = catalog().model(model).unwrap().credits_per_output(resolution, seconds).unwrap();
    (json!({ "customer_id": customer, "model": model, "resolution": resolution, "seconds": seconds }), cost)
}

/// Reports a generation: its answer.
async fn report(api: &Api, key: &str, body: &Value) -> Value {
    let response = api.usage(key, body).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{body}");
    response.json().await.unwrap()
}

async fn service(api: &Api, path: &str, key: &str, body: &Value) -> Value {
    let response = api.post(path, Some(USAGE_SECRET), Some(key), body).await;
    assert!(response.status().is_success(), "{path}: {}", response.status());
    response.json().await.unwrap()
}

async fn events(api: &Api, customer: &str, kind: &str) -> Vec<Value> {
    let url = format!("{}/v1/events?customer_id={customer}&limit=100", api.base);
    let listed: Value =
        reqwest::Client::new().get(url).bearer_auth(USAGE_SECRET).send().await.unwrap().json().await.unwrap();
    listed["events"].as_array().unwrap().iter().filter(|e| e["type"] == kind).cloned().collect()
}

#[tokio::test]
async fn the_account_adds_up_to_the_catalog_and_the_stored_rows() {
    let api = start().await;
    let customer = api.subscriber("pro", "monthly").await;
    api.buy_pack(&customer, "pack-500").await;
    let (video, video_cost) = work(&customer, "kling-3.0", "1080p", Some(10));
    let (image, image_cost) = work(&customer, "nano-banana", "1K", None);
    for i in 0..3 {
        report(&api, &format!("v{i}"), &video).await;
    }
    report(&api, "i0", &image).await;
    let refunded = report(&api, "v3", &video).await;
    let refund = json!({ "customer_id": customer });
    service(&api, &format!("/v1/usage/{}/refund", refunded["id"].as_str().unwrap()), "f3", &refund).await;
    let held = service(&api, "/v1/usage/holds", "h0", &video).await;
    assert_eq!(held["credits"].as_u64(), Some(video_cost));

    let shown = account(&api, &customer).await;
    let subscription: SubscriptionView = read(&api, &customer, "/v1/customer/subscription").await;
    assert_eq!(shown.subscription, subscription, "exactly what GET /v1/customer/subscription answers");
    let catalog = catalog();
    let pro = catalog.plan("pro").unwrap();
    let spent = 4 * video_cost + image_cost; // three reported, one held; the refunded one gave back
    let pack = catalog.credit_pack("pack-500").unwrap().credits;
    assert_eq!(shown.subscription.credits_left, catalog.cycle_allowance(pro) + pack - spent);
    let cycle = shown.cycle.clone().expect("Pro grants credits");
    assert_eq!((cycle.allowance, cycle.used), (catalog.cycle_allowance(pro), spent));
    let period_end = subscription.period_end.unwrap();
    assert_eq!((cycle.starts_at, cycle.ends_at), (support::start_of_test(), period_end), "a monthly cycle");
    let mut conn = api.store.read().await.unwrap();
    let (granted, left) =
        billing_api::store::top_ups::cycle_plan_credits(&mut conn, &customer, cycle.ends_at).await.unwrap();
    assert_eq!((cycle.allowance, cycle.used), (granted, granted - left), "the credits.low event's figures");
    let held_in_store = billing_api::store::generations::held_credits(&mut conn, &customer).await.unwrap();
    assert_eq!(shown.held, held_in_store);
    assert_eq!(shown.held, video_cost);
    drop(conn);

    let renewal = shown.renewal.clone().unwrap();
    assert_eq!((renewal.at, renewal.plan.as_str(), renewal.interval), (period_end, "pro", Interval::Monthly));
    assert_eq!((renewal.amount, renewal.offer_applied), (list_price("pro", Interval::Monthly), false));
    assert_eq!(renewal.tax.as_ref(), catalog.tax.get(&Currency::USD));
    assert!(shown.unlimited.is_empty(), "no 365 Unlimited after the promotion");
    assert_eq!(shown.low_balance, None);

    // The auto top-up: none until set, as its own call says (404), then what that call answers.
    assert_eq!(shown.auto_top_up, None);
    let never = get(&api, &customer, "/v1/customer/auto-top-up").await;
    assert_eq!(error_code(never).await.0, StatusCode::NOT_FOUND);
    let settings = json!({ "enabled": true, "pack": "pack-500", "threshold": 100,
        "monthly_cap": { "minor": 1200, "currency": "USD" } });
    let url = format!("{}/v1/customer/auto-top-up", api.base);
    let put = reqwest::Client::new().put(url).bearer_auth(api.token(&customer).await).json(&settings);
    assert_eq!(put.send().await.unwrap().status(), StatusCode::OK);
    let configured: AutoTopUp = read(&api, &customer, "/v1/customer/auto-top-up").await;
    assert_eq!(account(&api, &customer).await.auto_top_up, Some(configured));
}

#[tokio::test]
async fn the_renewal_shown_is_what_the_renewal_charges_with_and_without_the_retention_offer() {
    let api = start().await;
    let customer = api.subscriber("pro", "monthly").await;
    let offer = catalog().retention_offer.expect("the default catalog keeps customers with an offer");
    let list = list_price("pro", Interval::Monthly).minor;
    let before = account(&api, &customer).await.renewal.unwrap();
    assert_eq!((before.amount.minor, before.offer_applied), (list, false));
    let path = "/v1/customer/subscription/retention-offer";
    let taken = api.post(path, Some(&api.token(&customer).await), Some("offer"), &json!({})).await;
    assert_eq!(taken.status(), StatusCode::OK);

    let mut shown = Vec::new();
    for _ in 0..=offer.months {
        let renewal = account(&api, &customer).await.renewal.unwrap();
        shown.push((renewal.amount.minor, renewal.offer_applied));
        api.clock.set(renewal.at + Duration::minutes(1));
        api.subscription(&customer).await;
    }
    let mut expected = vec![(offer.price(list), true); offer.months as usize];
    expected.push((list, false));
    assert_eq!(shown, expected, "the offer's renewals, then the list price");
    let amounts: Vec<i64> = shown.iter().map(|(amount, _)| *amount).collect();
    assert_eq!(api.renewals(&customer).await, amounts, "each renewal charged what the account showed before it");

    let cancel = "/v1/customer/subscription/cancel";
    api.post(cancel, Some(&api.token(&customer).await), Some("cancel"), &json!({})).await;
    assert_eq!(account(&api, &customer).await.renewal, None, "a cancelled plan ends instead");
    assert_eq!(account(&api, &api.customer().await).await.renewal, None, "the free plan renews nothing");
}

#[tokio::test]
async fn unlimited_models_are_listed_until_the_grant_ends() {
    let api = start().await;
    api.clock.set("2026-12-15T09:00:00Z".parse().unwrap()); // during 365 Unlimited
    let customer = api.subscriber("ultimate", "monthly").await;
    let until = api.subscription(&customer).await["unlimited_until"].as_str().unwrap().parse().unwrap();
    let shown = account(&api, &customer).await.unlimited;
    let plan = catalog().plan("ultimate").unwrap().clone();
    assert!(!plan.unlimited.is_empty());
    let expected: Vec<(String, String, DateTime<Utc>)> =
        plan.unlimited.iter().map(|u| (u.model.clone(), u.up_to.clone(), until)).collect();
    let listed = |shown: &[pricing_core::api::account::UnlimitedInForce]| {
        shown.iter().map(|u| (u.model.clone(), u.up_to.clone(), u.until)).collect::<Vec<_>>()
    };
    assert_eq!(listed(&shown), expected);
    for unlimited in &plan.unlimited {
        let seconds = catalog().model(&unlimited.model).unwrap().durations_s.first().copied();
        let (body, _) = work(&customer, &unlimited.model, &unlimited.up_to, seconds);
        assert_eq!(report(&api, &unlimited.model, &body).await["credits"].as_u64(), Some(0), "free while listed");
    }
    api.clock.set(until - Duration::minutes(1));
    assert_eq!(listed(&account(&api, &customer).await.unlimited), expected);
    api.clock.set(until + Duration::minutes(1));
    assert!(account(&api, &customer).await.unlimited.is_empty(), "the grant has ended");
}

#[tokio::test]
async fn running_low_suggests_what_the_core_finder_makes_of_the_customers_last_30_days() {
    let api = start().await;
    let customer = api.subscriber("basic", "monthly").await;
    let (old, _) = work(&customer, "runway-gen-4", "720p", Some(5));
    report(&api, "old", &old).await;
    api.clock.advance(Duration::days(31));
    api.buy_pack(&customer, "pack-2000").await;
    api.clock.advance(Duration::seconds(1));
    api.buy_pack(&customer, "pack-2000").await;
    let (video, _) = work(&customer, "kling-3.0", "1080p", Some(10));
    let (image, _) = work(&customer, "nano-banana", "1K", None);
    for i in 0..25 {
        if i == 20 {
            assert_eq!(account(&api, &customer).await.low_balance.map(|l| l.percent_spent), Some(100));
        }
        report(&api, &format!("v{i}"), &video).await;
        report(&api, &format!("i{i}"), &image).await;
    }
    let failed = report(&api, "failed", &video).await;
    let refund = json!({ "customer_id": customer });
    service(&api, &format!("/v1/usage/{}/refund", failed["id"].as_str().unwrap()), "f", &refund).await;

    let low = account(&api, &customer).await.low_balance.expect("the cycle's credits are spent");
    let line = |model: &str, resolution: &str, seconds, count| RecentWork {
        model: model.into(),
        resolution: resolution.into(),
        seconds,
        count,
    };
    let expected = [line("kling-3.0", "1080p", Some(10), 25), line("nano-banana", "1K", None, 25)];
    assert_eq!(low.recent_work, expected, "refunded and older work left out, the most frequent first");
    assert_eq!(low.percent_spent, 100);
    let catalog = catalog();
    let lines: Vec<WorkLine> = low.recent_work.iter().map(WorkLine::from).collect();
    let now = api.clock_now();
    let found = catalog.find_plan(&lines, Interval::Monthly, Currency::USD, now).unwrap();
    assert_ne!(found.best.plan, "basic", "this work is cheaper on a larger plan");
    assert_eq!(low.plan, Some(found.best.plan));
    let basic = catalog.choice(catalog.plan("basic").unwrap(), &lines, Interval::Monthly, Currency::USD, now);
    let packs: Vec<(String, u32)> = low.packs.iter().map(|p| (p.pack.clone(), p.count)).collect();
    assert_eq!(packs, basic.unwrap().unwrap().packs, "the packs Basic needs for it");
    assert!(!packs.is_empty());
}

async fn history(api: &Api, token: &str, query: &str) -> reqwest::Response {
    let url = format!("{}/v1/customer/credits/history{query}", api.base);
    reqwest::Client::new().get(url).bearer_auth(token).send().await.unwrap()
}

fn entry_id(entry: &HistoryEntry) -> (&'static str, String, DateTime<Utc>) {
    match entry {
        HistoryEntry::Generation { id, at, .. } => ("generation", id.clone(), *at),
        HistoryEntry::Grant { id, at, .. } => ("grant", id.clone(), *at),
    }
}

#[tokio::test]
async fn the_history_lists_every_entry_once_across_pages_while_new_work_arrives() {
    let api = start().await;
    let customer = api.subscriber("pro", "monthly").await;
    api.buy_pack(&customer, "pack-500").await;
    let (video, cost) = work(&customer, "kling-3.0", "1080p", Some(10));
    let mut reported = Vec::new();
    for i in 0..12 {
        api.clock.advance(Duration::seconds(1));
        reported.push(report(&api, &format!("g{i}"), &video).await["id"].as_str().unwrap().to_string());
    }
    let refund = json!({ "customer_id": customer });
    service(&api, &format!("/v1/usage/{}/refund", reported[3]), "f3", &refund).await;
    let held = service(&api, "/v1/usage/holds", "h1", &video).await["id"].as_str().unwrap().to_string();
    let released = service(&api, "/v1/usage/holds", "h2", &video).await["id"].as_str().unwrap().to_string();
    service(&api, &format!("/v1/usage/holds/{released}/release"), "r2", &refund).await;

    let token = api.token(&customer).await;
    let all: CreditHistory = history(&api, &token, "?limit=100").await.json().await.unwrap();
    assert_eq!(all.next, None);
    // The free plan's credits (granted when the customer first came, ended by the purchase), the
    // plan's, the pack's, and the generations.
    assert_eq!(all.entries.len(), 3 + 14);
    let flags = |id: &str| {
        all.entries.iter().find_map(|e| match e {
            HistoryEntry::Generation { id: i, credits, held, refunded, unlimited, .. } if i == id => {
                Some((*credits, *held, *refunded, *unlimited))
            }
            _ => None,
        })
    };
    assert_eq!(flags(&reported[0]), Some((cost, false, false, false)));
    assert_eq!(flags(&reported[3]), Some((cost, false, true, false)), "refunded, as it was charged");
    assert_eq!(flags(&held), Some((cost, true, false, false)), "held while under way");
    assert_eq!(flags(&released), Some((0, false, true, false)), "released: given back, nothing charged");
    let grants: Vec<(String, Option<String>, u64)> = all
        .entries
        .iter()
        .filter_map(|e| match e {
            HistoryEntry::Grant { source, pack, credits, .. } => Some((source.as_str().into(), pack.clone(), *credits)),
            _ => None,
        })
        .collect();
    let catalog = catalog();
    let pro = catalog.cycle_allowance(catalog.plan("pro").unwrap());
    let pack = catalog.credit_pack("pack-500").unwrap().credits;
    let free = catalog.cycle_allowance(catalog.free_plan());
    let expected =
        [("pack".into(), Some("pack-500".into()), pack), ("plan".into(), None, pro), ("plan".into(), None, free)];
    assert_eq!(grants, expected, "at one instant, the last granted first");
    let times: Vec<DateTime<Utc>> = all.entries.iter().map(|e| entry_id(e).2).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");

    // Page by page, with new work between two reads: each entry once, none left out.
    let mut seen = Vec::new();
    let mut after = None::<String>;
    for page in 0.. {
        let query = after.as_ref().map_or("?limit=5".to_string(), |next| format!("?limit=5&after={next}"));
        let read: CreditHistory = history(&api, &token, &query).await.json().await.unwrap();
        seen.extend(read.entries.iter().map(entry_id));
        api.clock.advance(Duration::seconds(1));
        report(&api, &format!("new-{page}"), &video).await;
        match read.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    let expected: Vec<_> = all.entries.iter().map(entry_id).collect();
    assert_eq!(seen, expected, "every entry of the first read, once, in order");

    for query in ["?after=nonsense", "?after=g.1.gen-1", "?limit=0", "?limit=101", "?page=2"] {
        let refused = history(&api, &token, query).await;
        assert_eq!(error_code(refused).await, (StatusCode::BAD_REQUEST, "invalid_request".into()), "{query}");
    }
    let past: CreditHistory = history(&api, &token, "?after=c.0.1").await.json().await.unwrap();
    assert_eq!((past.entries.len(), past.next), (0, None), "nothing before the first moment");
}

async fn take_back(api: &Api, token: &str, key: &str) -> reqwest::Response {
    api.post(TAKE_BACK, Some(token), Some(key), &json!({})).await
}

const TAKE_BACK: &str = "/v1/customer/subscription/scheduled-change/cancel";

#[tokio::test]
async fn a_scheduled_change_taken_back_renews_the_old_plan_once_however_many_clicks_race() {
    let api = start().await;
    let customer = api.subscriber("pro", "monthly").await;
    let quote = api.preview(&customer, "basic", "monthly").await;
    assert_eq!(api.apply(&customer, "downgrade", &quote).await.status(), StatusCode::OK);
    let renewal = account(&api, &customer).await.renewal.unwrap();
    assert_eq!((renewal.plan.as_str(), renewal.amount), ("basic", list_price("basic", Interval::Monthly)));

    let token = api.token(&customer).await;
    let (first, second) = tokio::join!(take_back(&api, &token, "click-1"), take_back(&api, &token, "click-2"));
    for answer in [first, second] {
        assert_eq!(answer.status(), StatusCode::OK);
        let view: SubscriptionView = answer.json().await.unwrap();
        assert_eq!((view.plan.as_str(), view.scheduled_change), ("pro", None));
    }
    let taken_back = events(&api, &customer, "subscription.change_cancelled").await;
    assert_eq!(taken_back.len(), 1, "one change taken back, however many clicks");
    let data = &taken_back[0]["data"];
    assert_eq!((data["from"]["plan"].as_str(), data["to"]["plan"].as_str()), (Some("pro"), Some("basic")));
    let replayed = take_back(&api, &token, "click-1").await;
    assert_eq!(replayed.headers().get("idempotent-replayed").map(|v| v.to_str().unwrap()), Some("true"));
    let missing = api.post(TAKE_BACK, Some(&token), None, &json!({})).await;
    assert_eq!(error_code(missing).await.0, StatusCode::BAD_REQUEST);

    let renewal = account(&api, &customer).await.renewal.unwrap();
    assert_eq!((renewal.plan.as_str(), renewal.amount), ("pro", list_price("pro", Interval::Monthly)));
    api.clock.set(renewal.at + Duration::minutes(1));
    assert_eq!(api.subscription(&customer).await["plan"], "pro", "the old plan renewed");
    assert_eq!(api.renewals(&customer).await, [renewal.amount.minor]);
    let free = api.customer().await;
    let nothing = take_back(&api, &api.token(&free).await, "free").await;
    assert_eq!(nothing.json::<SubscriptionView>().await.unwrap().plan, "free", "nothing scheduled: as it is");
}

#[tokio::test]
async fn the_account_calls_need_a_live_customer_token() {
    let api = start().await;
    let customer = api.customer().await;
    let expired = api.token(&customer).await;
    api.clock.advance(Duration::minutes(16));
    for token in [None, Some(expired.as_str()), Some("v1.forged.1.token")] {
        for path in ["/v1/customer/account", "/v1/customer/credits/history"] {
            let mut request = reqwest::Client::new().get(format!("{}{path}", api.base));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let refused = request.send().await.unwrap();
            assert_eq!(error_code(refused).await, (StatusCode::UNAUTHORIZED, "unauthorized".into()), "{path}");
        }
        let refused = api.post(TAKE_BACK, token, Some("k"), &json!({})).await;
        assert_eq!(error_code(refused).await.0, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(get(&api, &customer, "/v1/customer/account").await.status(), StatusCode::OK, "a fresh token");
}
