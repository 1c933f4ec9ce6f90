//! The contract `crates/billing-api/openapi.json` is generated from the code: these fail when
//! the committed file and the code differ, and name the command that regenerates it.

mod support;

use support::{spawn_api, test_db};

const COMMITTED: &str = include_str!("../openapi.json");
const REGENERATE: &str = "cargo run -p billing-api --bin openapi > crates/billing-api/openapi.json";

/// Where two documents first differ, for a failure message that a 4,000-line diff would drown.
fn first_difference(expected: &str, actual: &str) -> String {
    let line = expected.lines().zip(actual.lines()).position(|(e, a)| e != a);
    match line {
        Some(i) => format!(
            "line {}: the code generates {:?}, the file has {:?}",
            i + 1,
            expected.lines().nth(i).unwrap(),
            actual.lines().nth(i).unwrap()
        ),
        None => {
            format!("the code generates {} lines, the file has {}", expected.lines().count(), actual.lines().count())
        }
    }
}

#[test]
fn the_committed_contract_is_the_one_the_code_generates() {
    let generated = billing_api::openapi::default_document();
    assert!(
        generated == COMMITTED,
        "crates/billing-api/openapi.json is not the contract the code generates ({}); regenerate it with `{REGENERATE}`",
        first_difference(&generated, COMMITTED)
    );
}

#[tokio::test]
async fn a_server_on_the_default_configuration_serves_the_committed_contract() {
    let db = test_db().await;
    // An empty variable is an unset one: the server's own default origins.
    let server = spawn_api(&db, &[("BILLING_ALLOWED_ORIGINS", "")]).await;
    let served = reqwest::get(format!("{}/openapi.json", server.base)).await.unwrap().text().await.unwrap();
    assert!(
        served == COMMITTED,
        "the server serves another contract than crates/billing-api/openapi.json ({}); regenerate it with `{REGENERATE}`",
        first_difference(&served, COMMITTED)
    );
}
