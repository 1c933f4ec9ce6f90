//! The pricing studio's calls over real HTTP, on SQLite and (with `BILLING_TEST_POSTGRES`)
//! PostgreSQL: editors only; a catalog that breaks a rule is refused at its paths; what a
//! publication changes (prices, outputs, subscribers reached); publishing now, at a time by the
//! injected clock, and back; two editors at once. Every answer reads the version in force.

mod support;

use chrono::Duration;
use pricing_core::revision::diff;
use pricing_core::Catalog;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::studio::{
    checkout_price, get, in_force, pro_usd_monthly, publish_now, served, translations_with, with_pro_usd_monthly,
};
use support::{error_code, mint, start, ANA, BEN};

#[tokio::test]
async fn only_an_editor_may_read_or_change_the_catalog() {
    let api = start().await;
    let customer = mint(&api.base, None).await.token;
    let catalog = served(&api).await;
    let body = publish_now(&catalog, 1);
    for (secret, status) in [
        (None, StatusCode::UNAUTHORIZED),
        (Some("not-an-editor-secret-0123456789abcdef"), StatusCode::UNAUTHORIZED),
        (Some(customer.as_str()), StatusCode::FORBIDDEN),
    ] {
        let (answer, _) = error_code(api.post("/v1/studio/versions", secret, None, &body).await).await;
        assert_eq!(answer, status);
        let mut request = reqwest::Client::new().get(format!("{}/v1/studio/versions", api.base));
        if let Some(secret) = secret {
            request = request.bearer_auth(secret);
        }
        assert_eq!(error_code(request.send().await.unwrap()).await.0, status);
    }
    // Nothing was published by them: the store's first version, seeded from the catalog file, is in force.
    let versions: Value = get(&api, "/v1/studio/versions", ANA.1).await.json().await.unwrap();
    assert_eq!(versions["versions"].as_array().unwrap().len(), 1);
    assert_eq!(versions["versions"][0]["author"], "catalog file");
    assert_eq!(versions["versions"][0]["state"], "published");
}

#[tokio::test]
async fn a_catalog_that_breaks_a_rule_is_refused_with_every_problem_at_its_path() {
    let api = start().await;
    let mut catalog = with_pro_usd_monthly(&served(&api).await, -100);
    catalog["plans"][1]["name"] = json!("<script>alert(1)</script>");
    catalog["promotions"][0]["headline"] = json!("x".repeat(10 * 1024));
    let starts = catalog["promotions"][0]["starts_at"].clone();
    catalog["promotions"][0]["ends_at"] = starts;
    let checked: Value = api.post("/v1/studio/check", Some(ANA.1), None, &json!(catalog)).await.json().await.unwrap();
    let paths: Vec<&str> =
        checked["problems"].as_array().unwrap().iter().map(|p| p["path"].as_str().unwrap()).collect();
    for path in ["plans[2].prices.USD.monthly", "plans[1].name", "promotions[0].headline", "promotions[0].ends_at"] {
        assert!(paths.contains(&path), "{path} not in {paths:?}");
    }
    let refused = api.post("/v1/studio/versions", Some(ANA.1), None, &publish_now(&catalog, 1)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "catalog_invalid");
    assert_eq!(body["error"]["problems"], checked["problems"]);
    assert_eq!(in_force(&api).await, 1);
}

#[tokio::test]
async fn a_publication_reaches_the_catalog_checkout_fragments_and_contract_at_once() {
    let api = start().await;
    let before = served(&api).await;
    let old_price = pro_usd_monthly(&before);
    let etag = reqwest::get(format!("{}/v1/catalog", api.base)).await.unwrap().headers()["etag"].clone();
    let mut after = with_pro_usd_monthly(&before, old_price + 300);
    let mut pack = after["credit_packs"][0].clone();
    pack["id"] = json!("pack-studio");
    after["credit_packs"].as_array_mut().unwrap().push(pack);

    // The diff is the core's, computed against the version in force.
    let translations = translations_with(&api, 1, &[("credit_packs.pack-studio.name", "Studio pack")]).await;
    let changes: Value = api
        .post("/v1/studio/diff", Some(ANA.1), None, &json!({ "catalog": after, "translations": translations }))
        .await
        .json()
        .await
        .unwrap();
    // Against what would be published: the draft with the records only the server writes.
    let prepared = Catalog::parse(&changes["prepared"].to_string()).unwrap();
    let expected = diff(&Catalog::parse(&before.to_string()).unwrap(), &prepared, api.clock_now());
    assert_eq!(expected.other_parts, ["credit_packs", "plans"]);
    assert_eq!(changes["changes"], serde_json::to_value(&expected).unwrap());
    let change = &changes["changes"]["prices"][0];
    assert_eq!(
        (change["plan"].as_str(), change["currency"].as_str(), change["interval"].as_str()),
        (Some("pro"), Some("USD"), Some("monthly"))
    );
    assert_eq!(
        (change["before"]["list"].as_i64(), change["after"]["list"].as_i64()),
        (Some(old_price), Some(old_price + 300))
    );

    let mut request = publish_now(&after, 1);
    request["translations"] = translations;
    let published = api.post("/v1/studio/versions", Some(ANA.1), None, &request).await;
    assert_eq!(published.status(), StatusCode::CREATED);
    let published: Value = published.json().await.unwrap();
    assert_eq!(
        (published["id"].as_i64(), published["state"].as_str(), published["author"].as_str()),
        (Some(2), Some("published"), Some("ana"))
    );

    let now = reqwest::get(format!("{}/v1/catalog", api.base)).await.unwrap();
    assert_ne!(now.headers()["etag"], etag);
    let now: Value = now.json().await.unwrap();
    assert_eq!(pro_usd_monthly(&now), old_price + 300);
    assert_eq!(checkout_price(&api).await, old_price + 300);
    let fragment = reqwest::get(format!("{}/v1/widget/fragment?currency=USD&interval=monthly&locale=en-US", api.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let shown = format!("${}", (old_price + 300) / 100);
    assert!(fragment.contains(&shown), "the fragment does not show {shown}");
    let contract: Value = reqwest::get(format!("{}/openapi.json", api.base)).await.unwrap().json().await.unwrap();
    assert!(contract.to_string().contains("pack-studio"), "the contract does not name the new pack");
    // The old version is retired, kept, with who did what and when.
    let versions: Value = get(&api, "/v1/studio/versions", BEN.1).await.json().await.unwrap();
    assert_eq!(versions["in_force"], 2);
    assert_eq!(versions["versions"][1]["state"], "retired");
    let actions: Vec<(&str, &str)> = versions["versions"][1]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["actor"].as_str().unwrap()))
        .collect();
    assert_eq!(actions, [("created", "catalog file"), ("published", "catalog file"), ("retired", "ana")]);
}

#[tokio::test]
async fn a_scheduled_publication_goes_live_at_its_time_by_the_clock() {
    let api = start().await;
    let before = served(&api).await;
    let old_price = pro_usd_monthly(&before);
    let at = api.clock_now() + Duration::hours(6);
    let scheduled = json!({ "catalog": with_pro_usd_monthly(&before, old_price + 500), "based_on": 1,
                            "publication": "at", "publish_at": at, "note": "price rise" });
    let answer = api.post("/v1/studio/versions", Some(BEN.1), None, &scheduled).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    assert_eq!(answer.json::<Value>().await.unwrap()["state"], "scheduled");
    // Polls come and go; the time has not.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(pro_usd_monthly(&served(&api).await), old_price);
    assert_eq!(checkout_price(&api).await, old_price);

    api.clock.advance(Duration::hours(6));
    let mut waited = 0;
    while pro_usd_monthly(&served(&api).await) != old_price + 500 {
        assert!(waited < 200, "the scheduled version did not go live");
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        waited += 1;
    }
    assert_eq!(checkout_price(&api).await, old_price + 500);
    let version: Value = get(&api, "/v1/studio/versions/2", ANA.1).await.json().await.unwrap();
    assert_eq!(version["published_at"], json!(at));
    // The publication recorded the price it replaced, until the moment it went live.
    let pro = version["catalog"]["plans"].as_array().unwrap().iter().find(|p| p["id"] == "pro").unwrap().clone();
    let record = pro["price_history"].as_array().unwrap().last().unwrap();
    assert_eq!((record["until"].clone(), record["prices"]["USD"]["monthly"].as_i64()), (json!(at), Some(old_price)));
}

#[tokio::test]
async fn rollback_puts_the_old_prices_back_and_a_promotion_strikes_the_lowest_price_of_its_30_days() {
    let api = start().await;
    let original = served(&api).await;
    let old_price = pro_usd_monthly(&original);
    let raised = with_pro_usd_monthly(&original, old_price + 1000);
    assert_eq!(
        api.post("/v1/studio/versions", Some(ANA.1), None, &publish_now(&raised, 1)).await.status(),
        StatusCode::CREATED
    );

    // Ten days after the rise, a promotion on Pro monthly: nobody types its struck-through
    // price; the server strikes the lowest of the 30 days before it, the price before the rise.
    api.clock.advance(Duration::days(10));
    let mut promoted = served(&api).await;
    let starts = api.clock_now();
    promoted["promotions"] = json!([{ "id": "spring", "headline": "Spring sale", "details": "Pro for less this week.",
        "starts_at": starts, "ends_at": starts + Duration::days(7), "plans": ["pro"], "intervals": ["monthly"],
        "offer": { "type": "discount", "percent_off": 20, "was": {} } }]);
    let mut request = publish_now(&promoted, 2);
    let texts = [("promotions.spring.headline", "Spring sale"), ("promotions.spring.details", "Pro for less.")];
    request["translations"] = translations_with(&api, 2, &texts).await;
    let answer = api.post("/v1/studio/versions", Some(ANA.1), None, &request).await;
    assert_eq!(answer.status(), StatusCode::CREATED, "{}", answer.text().await.unwrap());
    let now = served(&api).await;
    assert_eq!(now["promotions"][0]["offer"]["was"]["pro"]["USD"]["monthly"].as_i64(), Some(old_price));
    assert_eq!(checkout_price(&api).await, pricing_core::pricing::discounted(old_price, 20));

    let rolled = api.post("/v1/studio/versions/1/rollback", Some(BEN.1), None, &json!({ "based_on": 3 })).await;
    assert_eq!(rolled.status(), StatusCode::CREATED);
    let rolled: Value = rolled.json().await.unwrap();
    assert_eq!((rolled["id"].as_i64(), rolled["note"].as_str()), (Some(4), Some("rollback to version 1")));
    let back = served(&api).await;
    assert_eq!(pro_usd_monthly(&back), old_price);
    assert_eq!(back["promotions"], original["promotions"]);
    assert_eq!(checkout_price(&api).await, old_price);
    let first: Value = get(&api, "/v1/studio/versions/1", ANA.1).await.json().await.unwrap();
    assert!(first["events"].as_array().unwrap().iter().any(|e| e["action"] == "rolled_back_to" && e["actor"] == "ben"));
}

#[tokio::test]
async fn two_editors_at_once_the_second_is_refused_with_nothing_lost() {
    let api = start().await;
    let base = served(&api).await;
    let price = pro_usd_monthly(&base);
    let (ana, ben) = (with_pro_usd_monthly(&base, price + 100), with_pro_usd_monthly(&base, price + 200));
    // Raced: both written against version 1; exactly one goes in force.
    let (by_ana, by_ben) = (publish_now(&ana, 1), publish_now(&ben, 1));
    let (first, second) = tokio::join!(
        api.post("/v1/studio/versions", Some(ANA.1), None, &by_ana),
        api.post("/v1/studio/versions", Some(BEN.1), None, &by_ben),
    );
    let mut statuses = [first.status(), second.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
    let winner = if first.status() == StatusCode::CREATED { price + 100 } else { price + 200 };
    let loser = if winner == price + 100 { &ben } else { &ana };
    let refused = if first.status() == StatusCode::CONFLICT { first } else { second };
    assert_eq!(error_code(refused).await.1, "catalog_conflict");
    assert_eq!(pro_usd_monthly(&served(&api).await), winner);
    // The loser reads what changed under them against the version now in force, and publishes again.
    let current = in_force(&api).await;
    let changes: Value = api
        .post("/v1/studio/diff", Some(BEN.1), None, &json!({ "catalog": loser, "against": current }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(changes["against"].as_i64(), Some(current));
    assert_eq!(changes["changes"]["prices"][0]["before"]["list"].as_i64(), Some(winner));
    let again = api.post("/v1/studio/versions", Some(BEN.1), None, &publish_now(loser, current)).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(pro_usd_monthly(&served(&api).await), pro_usd_monthly(loser));
}

#[tokio::test]
async fn a_diff_names_the_subscribers_a_price_change_reaches_at_their_renewal() {
    let api = start().await;
    let first = api.subscriber("pro", "monthly").await;
    api.subscriber("pro", "monthly").await;
    api.subscriber("basic", "monthly").await;
    let view = api.subscription(&first).await;
    let renewal: chrono::DateTime<chrono::Utc> =
        view["period_end"].as_str().unwrap_or_else(|| panic!("{view}")).parse().unwrap();
    let catalog = served(&api).await;
    let changed = with_pro_usd_monthly(&catalog, pro_usd_monthly(&catalog) + 100);
    let changes: Value =
        api.post("/v1/studio/diff", Some(ANA.1), None, &json!({ "catalog": changed })).await.json().await.unwrap();
    let reach = changes["reach"].as_array().unwrap_or_else(|| panic!("{changes}"));
    assert_eq!(reach.len(), 1, "{reach:?}");
    assert_eq!((reach[0]["plan"].as_str(), reach[0]["subscribers"].as_u64()), (Some("pro"), Some(2)));
    assert_eq!(reach[0]["first_renewal"].as_str().unwrap().parse::<chrono::DateTime<chrono::Utc>>().unwrap(), renewal);
}

#[tokio::test]
async fn a_price_published_mid_period_is_charged_once_at_renewal_however_many_requests_race_it() {
    let api = start().await;
    let customer = api.subscriber("pro", "monthly").await;
    let paid = api.payments(&customer).await;
    assert_eq!(paid.len(), 1);
    let raised = pro_usd_monthly(&served(&api).await) + 300;
    let request = publish_now(&with_pro_usd_monthly(&served(&api).await, raised), 1);
    assert_eq!(api.post("/v1/studio/versions", Some(ANA.1), None, &request).await.status(), StatusCode::CREATED);
    // The period runs out under the new version: eight reads race to settle the renewal.
    let period_end: chrono::DateTime<chrono::Utc> =
        api.subscription(&customer).await["period_end"].as_str().unwrap().parse().unwrap();
    api.clock.set(period_end + Duration::hours(1));
    let token = api.token(&customer).await;
    let reads = (0..8).map(|_| support::subscription(&api.base, &token));
    futures::future::join_all(reads).await;
    // Charged once, at the price in force when the period renewed, and the month's credits granted once.
    assert_eq!(api.renewals(&customer).await, [raised]);
    let plan_credits: u64 = api.balances(&customer).await.iter().filter(|b| b.0 == "plan").map(|b| b.1).sum();
    let catalog = Catalog::parse(&served(&api).await.to_string()).unwrap();
    assert_eq!(plan_credits, catalog.cycle_allowance(catalog.plan("pro").unwrap()));
}
