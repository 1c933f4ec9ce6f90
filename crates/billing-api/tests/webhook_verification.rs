//! The README's signature checks (shell with openssl, Node, Python), run as written there on a
//! real delivery: they accept it, and refuse it tampered, stale, from the future, or checked
//! with another secret; after a rotation the old secret still verifies while it signs.

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::json;
use support::receiver::{Received, Receiver};
use support::{start, USAGE_SECRET};

/// The README's code block after `<!-- webhook-verification: LANGUAGE -->`.
fn readme_block(language: &str) -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let marker = format!("<!-- webhook-verification: {language} -->");
    let after = &readme[readme.find(&marker).unwrap_or_else(|| panic!("the README has no {marker}"))..];
    let fence = after.find("```").unwrap();
    let body = &after[fence..];
    let start = body.find('\n').unwrap() + 1;
    body[start..start + body[start..].find("```").unwrap()].to_string()
}

/// The README's check in `language`, made into a program: arguments secret, header, body file,
/// now; exit 0 when it accepts.
fn program(language: &str, dir: &Path) -> Vec<String> {
    let block = readme_block(language);
    let (file, code, run) = match language {
        "sh" => ("verify.sh", block, "sh"),
        "node" => (
            "verify.js",
            format!(
                "{block}\nconst [secret, header, file, now] = process.argv.slice(2);\n\
                 process.exit(verifyBillingSignature(secret, header, require('node:fs').readFileSync(file), Number(now)) ? 0 : 1);\n"
            ),
            "node",
        ),
        "python" => (
            "verify.py",
            format!(
                "{block}\nimport sys\nsecret, header, file, now = sys.argv[1:]\n\
                 sys.exit(0 if verify_billing_signature(secret, header, open(file, 'rb').read(), int(now)) else 1)\n"
            ),
            "python3",
        ),
        other => panic!("no such language {other}"),
    };
    let path = dir.join(file);
    std::fs::write(&path, code).unwrap();
    vec![run.to_string(), path.display().to_string()]
}

fn accepts(program: &[String], secret: &str, header: &str, body: &[u8], now: i64, dir: &Path) -> bool {
    let file = dir.join("body.json");
    std::fs::write(&file, body).unwrap();
    let status = Command::new(&program[0])
        .args(&program[1..])
        .args([secret, header, &file.display().to_string(), &now.to_string()])
        .status()
        .unwrap_or_else(|e| panic!("{} cannot run: {e}", program[0]));
    status.success()
}

async fn test_event(base: &str, endpoint: &str, key: &str, receiver: &Receiver, count: usize) -> Received {
    let path = format!("/v1/webhooks/endpoints/{endpoint}/test");
    support::post(base, &path, Some(USAGE_SECRET), Some(key), &json!({})).await;
    receiver.wait_for(count).await.pop().unwrap()
}

#[tokio::test]
async fn the_readmes_checks_accept_a_real_delivery_and_refuse_a_tampered_or_stale_one() {
    let api = start().await;
    let receiver = Receiver::start().await;
    let (endpoint, secret) = receiver.subscribe(&api.base, &["webhook.test"]).await;
    let delivery = test_event(&api.base, &endpoint, "first", &receiver, 1).await;
    let sent = api.clock_now().timestamp();
    let mut tampered = delivery.body.clone();
    let at = tampered.iter().position(|b| *b == b't').unwrap();
    tampered[at] = b'T';

    let rotate = format!("/v1/webhooks/endpoints/{endpoint}/rotate-secret");
    let rotated = support::post(&api.base, &rotate, Some(USAGE_SECRET), Some("rotate"), &json!({})).await;
    let new_secret = rotated.json::<serde_json::Value>().await.unwrap()["secret"].as_str().unwrap().to_string();
    let after_rotation = test_event(&api.base, &endpoint, "second", &receiver, 2).await;

    let dir = tempfile::tempdir().unwrap();
    for language in ["sh", "node", "python"] {
        let program = program(language, dir.path());
        let check = |secret: &str, header: &str, body: &[u8], now: i64| {
            accepts(&program, secret, header, body, now, dir.path())
        };
        let (header, body) = (delivery.signature.as_str(), delivery.body.as_slice());
        assert!(check(&secret, header, body, sent + 10), "{language}: a real delivery");
        assert!(!check(&secret, header, &tampered, sent + 10), "{language}: a tampered body");
        assert!(!check(&secret, header, body, sent + 301), "{language}: a stale signature");
        assert!(!check(&secret, header, body, sent - 301), "{language}: a signature from the future");
        assert!(!check(&new_secret, header, body, sent), "{language}: another secret");
        assert!(!check(&secret, "t=abc,v1=00", body, sent), "{language}: a header that does not read");
        let (header, body) = (after_rotation.signature.as_str(), after_rotation.body.as_slice());
        assert!(check(&secret, header, body, sent), "{language}: the old secret while it still signs");
        assert!(check(&new_secret, header, body, sent), "{language}: the new secret");
    }
}
