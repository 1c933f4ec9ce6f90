//! Receipts over real HTTP: every payment has one, numbered in order without gaps, with its
//! item, total and the catalog's tax rule for its currency; only its customer reads it; its
//! printable page opens from its signed link for an hour, and from nothing else.

mod support;

use chrono::Duration;
use pricing_core::Currency;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{catalog, error_code, list_price, start, Api};

async fn receipts(api: &Api, customer: &str) -> Vec<Value> {
    let url = format!("{}/v1/customer/receipts", api.base);
    let response = reqwest::Client::new().get(url).bearer_auth(api.token(customer).await).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json::<Value>().await.unwrap()["receipts"].as_array().unwrap().clone()
}

#[tokio::test]
async fn every_payment_has_a_numbered_receipt_with_its_items_total_and_tax_rule() {
    let api = start().await;
    let customer = api.subscriber("pro", "monthly").await;
    let eur_pack = json!({ "kind": "credit_pack", "pack": "pack-2000", "currency": "EUR",
        "success_url": "http://127.0.0.1:8080/?done", "cancel_url": "http://127.0.0.1:8080/" });
    support::buy(&api.base, &api.token(&customer).await, "eur-pack", &eur_pack).await;
    api.clock.advance(Duration::days(32));
    let listed = receipts(&api, &customer).await;
    let payments = api.payments(&customer).await;
    assert_eq!(listed.len(), payments.len(), "one receipt per payment");
    assert_eq!(listed.iter().map(|r| r["number"].as_u64().unwrap()).collect::<Vec<_>>(), [3, 2, 1], "newest first");
    for (receipt, (minor, description)) in listed.iter().rev().zip(&payments) {
        assert_eq!(receipt["total"]["minor"].as_i64(), Some(*minor));
        assert_eq!(receipt["items"], json!([{ "description": description, "amount": receipt["total"] }]));
        assert_eq!(receipt["customer_id"], customer.as_str());
    }
    let catalog = catalog();
    let tax = |currency: Currency| serde_json::to_value(catalog.tax.get(&currency).unwrap()).unwrap();
    assert_eq!(listed[2]["total"]["minor"].as_i64(), Some(list_price("pro", pricing_core::Interval::Monthly).minor));
    assert_eq!(listed[2]["tax"], tax(Currency::USD));
    assert_eq!(listed[1]["tax"], tax(Currency::EUR));
    assert_eq!(
        listed[1]["total"]["minor"].as_i64(),
        catalog.credit_pack("pack-2000").unwrap().price(Currency::EUR).map(|p| p.minor)
    );
    assert_eq!(payments[2].1, "Renewal");

    // Only the customer reads them.
    let stranger = api.customer().await;
    let url = format!("{}/v1/customer/receipts/1", api.base);
    let theirs = reqwest::Client::new().get(&url).bearer_auth(api.token(&stranger).await).send().await.unwrap();
    assert_eq!(error_code(theirs).await, (StatusCode::NOT_FOUND, "not_found".into()));
    assert!(receipts(&api, &stranger).await.is_empty());

    // The printable page, from its link, for an hour.
    let link = listed[1]["html_url"].as_str().unwrap();
    let page = reqwest::get(link).await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"<span data-testid="number">000002</span>"#), "{html}");
    let euros = pricing_core::Money::new(listed[1]["total"]["minor"].as_i64().unwrap(), Currency::EUR).to_string();
    assert!(html.contains(&format!(r#"data-testid="total">{euros}<"#)), "{html}");
    assert!(html.contains("The total includes VAT."));
    let forged = link.replace("/receipts/2?", "/receipts/1?");
    assert_eq!(
        reqwest::get(&forged).await.unwrap().status(),
        StatusCode::NOT_FOUND,
        "a link opens its own receipt only"
    );
    api.clock.advance(Duration::minutes(61));
    assert_eq!(reqwest::get(link).await.unwrap().status(), StatusCode::UNAUTHORIZED, "an hour later the link is spent");
}
