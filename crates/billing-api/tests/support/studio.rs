//! The studio's calls as the tests make them: as an editor, against the version in force.

use serde_json::{json, Value};

use super::{mint, subscription_checkout, Api, ANA};

pub async fn get(api: &Api, path: &str, secret: &str) -> reqwest::Response {
    reqwest::Client::new().get(format!("{}{path}", api.base)).bearer_auth(secret).send().await.unwrap()
}

/// The catalog `GET /v1/catalog` serves now.
pub async fn served(api: &Api) -> Value {
    reqwest::get(format!("{}/v1/catalog", api.base)).await.unwrap().json().await.unwrap()
}

pub async fn in_force(api: &Api) -> i64 {
    get(api, "/v1/studio/versions", ANA.1).await.json::<Value>().await.unwrap()["in_force"].as_i64().unwrap()
}

pub fn publish_now(catalog: &Value, based_on: i64) -> Value {
    json!({ "catalog": catalog, "based_on": based_on, "publication": "now", "note": "" })
}

/// Version `id`'s texts in the other languages, with `texts` (key, text) added to each language
/// as a translator would write them for a new part of the catalog.
pub async fn translations_with(api: &Api, id: i64, texts: &[(&str, &str)]) -> Value {
    let version: Value = get(api, &format!("/v1/studio/versions/{id}"), ANA.1).await.json().await.unwrap();
    let mut translations = version["translations"].clone();
    for (language, own) in translations.as_object_mut().unwrap() {
        for (key, text) in texts {
            own["texts"][key] = json!(format!("{text} ({language})"));
        }
    }
    translations
}

/// `catalog` with Pro's monthly USD price set to `minor`.
pub fn with_pro_usd_monthly(catalog: &Value, minor: i64) -> Value {
    let mut catalog = catalog.clone();
    let pro = catalog["plans"].as_array_mut().unwrap().iter_mut().find(|p| p["id"] == "pro").unwrap();
    pro["prices"]["USD"]["monthly"] = json!(minor);
    catalog
}

pub fn pro_usd_monthly(catalog: &Value) -> i64 {
    catalog["plans"].as_array().unwrap().iter().find(|p| p["id"] == "pro").unwrap()["prices"]["USD"]["monthly"]
        .as_i64()
        .unwrap()
}

/// What a new Pro monthly checkout in USD is priced at now.
pub async fn checkout_price(api: &Api) -> i64 {
    let token = mint(&api.base, None).await.token;
    let key = format!("k-{}", uuid::Uuid::new_v4());
    let session: Value = api
        .post("/v1/checkout/sessions", Some(&token), Some(&key), &subscription_checkout("pro", "monthly", "USD"))
        .await
        .json()
        .await
        .unwrap();
    session["amount"]["minor"].as_i64().unwrap()
}
