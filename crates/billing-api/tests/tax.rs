//! Amounts say whether they include tax, as the catalog says for their currency: in the API's
//! answers and on the hosted checkout page.

mod support;

use pricing_core::{Catalog, DEFAULT_CATALOG_JSON};
use serde_json::{json, Value};
use support::{post, spawn_api, test_db};

#[tokio::test]
async fn each_currency_says_whether_its_amounts_include_tax() {
    let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
    let db = test_db().await;
    let server = spawn_api(&db, &[]).await;
    let mut wordings = Vec::new();
    for currency in &catalog.currencies {
        let rule = catalog.tax.get(currency).expect("catalog-check makes every currency say it");
        let body = json!({ "kind": "subscription", "plan": "pro", "interval": "monthly", "currency": currency,
                           "success_url": "http://127.0.0.1:8080/", "cancel_url": "http://127.0.0.1:8080/" });
        let key = format!("tax-{currency}");
        let session: Value =
            post(&server.base, "/v1/checkout/sessions", None, Some(&key), &body).await.json().await.unwrap();
        assert_eq!(session["tax"], json!({ "included": rule.included, "name": rule.name }), "{currency}");
        let page = reqwest::get(session["url"].as_str().unwrap()).await.unwrap().text().await.unwrap();
        let wording = match rule.included {
            true => format!("({} included)", rule.name),
            false => format!("(plus {})", rule.name),
        };
        assert!(page.contains(&format!(r#"<span data-testid="tax">{wording}</span>"#)), "{currency}: {page}");
        wordings.push(wording);
    }
    // The default catalog has both kinds: EUR with VAT included, USD plus tax.
    assert!(
        wordings.contains(&"(VAT included)".to_string()) && wordings.contains(&"(plus applicable tax)".to_string())
    );
}
