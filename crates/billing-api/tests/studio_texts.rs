//! The pricing studio's texts and previews over real HTTP, on SQLite and (with
//! `BILLING_TEST_POSTGRES`) PostgreSQL: translations kept with each version, refused at their
//! paths when missing and served to the widget as it reads them; the widget rendered from a
//! draft, to a visitor and to a customer on a plan.

mod support;

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::studio::{get, in_force, pro_usd_monthly, publish_now, served, translations_with, with_pro_usd_monthly};
use support::{error_code, mint, start, ANA};

#[tokio::test]
async fn a_preview_renders_the_draft_as_visitors_would_see_it_and_publishes_nothing() {
    let api = start().await;
    let before = served(&api).await;
    let price = pro_usd_monthly(&before) + 700;
    let request = json!({ "catalog": with_pro_usd_monthly(&before, price), "currency": "USD", "interval": "monthly",
                          "locale": "en-US", "at": api.clock_now() + Duration::days(1) });
    let answer = api.post("/v1/studio/preview", Some(ANA.1), None, &request).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(answer.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = answer.text().await.unwrap();
    assert!(html.contains(&format!("${}", price / 100)), "the preview does not show the draft's price");
    assert!(html.contains("<pricing-widget") && html.contains("shadowrootmode"), "not the widget's element");
    assert!(!html.contains("<script type=\"module\""), "a preview does not load the widget's script");
    assert_eq!((in_force(&api).await, pro_usd_monthly(&served(&api).await)), (1, price - 700));
    assert!(!html.contains("Your current plan"), "a visitor has no plan");

    // As a signed-in customer on Pro: Pro's card is theirs and the others change it.
    let mut as_customer = request.clone();
    as_customer["customer_plan"] = json!("pro");
    let html = api.post("/v1/studio/preview", Some(ANA.1), None, &as_customer).await.text().await.unwrap();
    assert_eq!(html.matches("Your current plan").count(), 1, "one card is the customer's");
    assert!(html.contains("Upgrade to Ultimate") && html.contains("Switch to Basic"), "the other plans change theirs");
    // The customer's credits are the account view's, which is never rendered on the server.
    assert!(!html.contains("credits left"), "nothing private in a rendering");
    as_customer["customer_plan"] = json!("platinum");
    let refused = api.post("/v1/studio/preview", Some(ANA.1), None, &as_customer).await;
    assert_eq!(error_code(refused).await, (StatusCode::BAD_REQUEST, "invalid_request".to_string()));
    // A customer's token is not an editor's.
    let customer = mint(&api.base, None).await.token;
    assert_eq!(
        error_code(api.post("/v1/studio/preview", Some(&customer), None, &request).await).await.0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn translations_are_versioned_with_the_catalog_and_a_missing_one_is_refused_at_its_path() {
    let api = start().await;
    // A new store serves the translation files as they are, byte for byte (a page the build
    // pre-rendered from them is taken over, not rendered again).
    let file =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../catalog/translations/de.json")).unwrap();
    let german = reqwest::get(format!("{}/v1/catalog/translations/de", api.base)).await.unwrap();
    let etag = german.headers()["etag"].clone();
    assert_eq!(german.text().await.unwrap(), file);
    let unknown = reqwest::get(format!("{}/v1/catalog/translations/xx", api.base)).await.unwrap();
    assert_eq!(error_code(unknown).await, (StatusCode::NOT_FOUND, "not_found".to_string()));

    let mut catalog = served(&api).await;
    catalog["faq"].as_array_mut().unwrap().push(json!({ "id": "refunds", "question": "Can I get a refund?",
        "answer": "Within 14 days of a purchase, if no credit was spent." }));
    let refused = api.post("/v1/studio/versions", Some(ANA.1), None, &publish_now(&catalog, 1)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused: Value = refused.json().await.unwrap();
    let paths: Vec<&str> =
        refused["error"]["problems"].as_array().unwrap().iter().map(|p| p["path"].as_str().unwrap()).collect();
    let others: Vec<&str> = catalog["languages"].as_array().unwrap()[1..].iter().map(|l| l.as_str().unwrap()).collect();
    let expected: Vec<String> = others
        .iter()
        .flat_map(|l| ["question", "answer"].map(|part| format!("translations.{l}.catalog.faq.refunds.{part}")))
        .collect();
    assert_eq!(paths, expected);
    assert_eq!(in_force(&api).await, 1);

    let mut request = publish_now(&catalog, 1);
    let texts = [("faq.refunds.question", "Erstattung?"), ("faq.refunds.answer", "Innerhalb von 14 Tagen.")];
    request["translations"] = translations_with(&api, 1, &texts).await;
    let changes: Value = api
        .post(
            "/v1/studio/diff",
            Some(ANA.1),
            None,
            &json!({ "catalog": catalog, "translations": request["translations"] }),
        )
        .await
        .json()
        .await
        .unwrap();
    let changed: Vec<(&str, &str)> = changes["texts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["language"].as_str().unwrap(), c["key"].as_str().unwrap()))
        .collect();
    assert_eq!(changed.len(), 2 * others.len(), "{changed:?}");
    assert!(changes["texts"][0]["before"].is_null());
    assert_eq!(api.post("/v1/studio/versions", Some(ANA.1), None, &request).await.status(), StatusCode::CREATED);

    // The widget's translation and the API's fragments follow, the widget's words kept.
    let german = reqwest::Client::new()
        .get(format!("{}/v1/catalog/translations/de", api.base))
        .header("if-none-match", etag.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(german.status(), StatusCode::OK, "a new version is a new translation");
    assert_ne!(german.headers()["etag"], etag);
    let german: Value = german.json().await.unwrap();
    let file: Value = serde_json::from_str(&file).unwrap();
    assert_eq!(german["catalog"]["faq.refunds.question"], "Erstattung? (de)");
    assert_eq!(german["widget"], file["widget"]);
    let fragment = reqwest::get(format!("{}/v1/widget/fragment?locale=de-DE&sections=faq", api.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(fragment.contains("Erstattung? (de)"), "the German fragment does not ask the new question");

    // Removing the question removes its translations with it: nothing is left to refuse.
    catalog["faq"].as_array_mut().unwrap().pop();
    assert_eq!(
        api.post("/v1/studio/versions", Some(ANA.1), None, &publish_now(&catalog, 2)).await.status(),
        StatusCode::CREATED
    );
    let third: Value = get(&api, "/v1/studio/versions/3", ANA.1).await.json().await.unwrap();
    assert!(third["translations"]["de"]["texts"].get("faq.refunds.question").is_none());
}
