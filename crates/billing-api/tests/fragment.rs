//! `GET /v1/widget/fragment` over real HTTP with the clock moved: a fragment is kept and
//! revalidated while the catalog shows the same, cached by others no longer than that, and
//! rendered anew the moment a promotion ends. (Chromium's tests hold it byte for byte to the
//! build's pre-render and take it over.)
mod support;

use chrono::Duration;
use reqwest::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use reqwest::StatusCode;

async fn fragment(base: &str, etag: Option<&str>) -> reqwest::Response {
    let request = reqwest::Client::new().get(format!("{base}/v1/widget/fragment?currency=EUR&interval=annual"));
    let request = match etag {
        Some(etag) => request.header(IF_NONE_MATCH, etag),
        None => request,
    };
    request.send().await.unwrap()
}

fn max_age(response: &reqwest::Response) -> i64 {
    let header = response.headers()[CACHE_CONTROL].to_str().unwrap();
    header.strip_prefix("public, max-age=").expect(header).parse().unwrap()
}

#[tokio::test]
async fn a_fragment_lasts_as_long_as_what_it_shows_and_changes_when_a_promotion_ends() {
    let api = support::start().await;
    let promotion = support::catalog().promotions.iter().map(|p| p.ends_at).min().expect("the catalog has promotions");
    api.clock.set(promotion - Duration::seconds(42));

    let during = fragment(&api.base, None).await;
    assert_eq!(during.status(), StatusCode::OK);
    assert_eq!(max_age(&during), 42, "no cache keeps it past the promotion's end");
    let etag = during.headers()[ETAG].to_str().unwrap().to_string();
    let shown = during.text().await.unwrap();
    assert!(shown.contains(&format!(";until={}", promotion.timestamp_millis())), "its key says until when it is true");
    let again = fragment(&api.base, Some(&etag)).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    api.clock.set(promotion);
    let after = fragment(&api.base, Some(&etag)).await;
    assert_eq!(after.status(), StatusCode::OK, "the old ETag no longer matches");
    assert_ne!(after.headers()[ETAG].to_str().unwrap(), etag);
    let shown_after = after.text().await.unwrap();
    assert!(shown_after.contains(&format!(";from={};", promotion.timestamp_millis())));
    assert_ne!(shown_after, shown);
}

#[tokio::test]
async fn bad_parameters_are_all_named_at_once() {
    let api = support::start().await;
    let url = format!("{}/v1/widget/fragment?interval=weekly&highlight=gold&form=pdf", api.base);
    let (status, code) = support::error_code(reqwest::get(&url).await.unwrap()).await;
    assert_eq!((status, code.as_str()), (StatusCode::BAD_REQUEST, "invalid_request"));
    let body: serde_json::Value = reqwest::get(&url).await.unwrap().json().await.unwrap();
    let message = body["error"]["message"].as_str().unwrap();
    for named in ["interval=\"weekly\"", "highlight=\"gold\"", "form=\"pdf\""] {
        assert!(message.contains(named), "{named} in {message}");
    }
}
