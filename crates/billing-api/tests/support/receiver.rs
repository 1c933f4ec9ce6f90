//! A webhook receiver on loopback, as a service's backend would run one: it keeps every request
//! (body, signature, event id) and answers the status it is told to (200 until told otherwise).

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;

use super::{post, USAGE_SECRET};

/// One request the receiver got, and what it answered.
#[derive(Clone, Debug)]
pub struct Received {
    pub body: Vec<u8>,
    pub event: Value,
    pub signature: String,
    pub event_id_header: String,
    pub answered: u16,
}

impl Received {
    pub fn id(&self) -> &str {
        self.event["id"].as_str().unwrap()
    }

    pub fn kind(&self) -> &str {
        self.event["type"].as_str().unwrap()
    }
}

#[derive(Default)]
struct Inbox {
    answer: AtomicU16,
    received: Mutex<Vec<Received>>,
}

pub struct Receiver {
    pub url: String,
    inbox: Arc<Inbox>,
}

async fn receive(State(inbox): State<Arc<Inbox>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let answered = inbox.answer.load(Ordering::SeqCst);
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    inbox.received.lock().unwrap().push(Received {
        event: serde_json::from_slice(&body).unwrap_or(Value::Null),
        body: body.to_vec(),
        signature: header("billing-signature"),
        event_id_header: header("billing-event-id"),
        answered,
    });
    StatusCode::from_u16(answered).unwrap()
}

impl Receiver {
    pub async fn start() -> Receiver {
        let inbox = Arc::new(Inbox { answer: AtomicU16::new(200), ..Inbox::default() });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/billing-events", listener.local_addr().unwrap());
        let app = axum::Router::new().route("/billing-events", axum::routing::post(receive)).with_state(inbox.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { url, inbox }
    }

    /// Answers `status` from now on.
    pub fn answer(&self, status: u16) {
        self.inbox.answer.store(status, Ordering::SeqCst);
    }

    /// Every request so far, in the order they came.
    pub fn received(&self) -> Vec<Received> {
        self.inbox.received.lock().unwrap().clone()
    }

    /// The requests it accepted (2xx), in the order they came.
    pub fn accepted(&self) -> Vec<Received> {
        self.received().into_iter().filter(|r| (200..300).contains(&r.answered)).collect()
    }

    /// Waits until it has accepted `count` requests (at most 15 s): those accepted.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        for _ in 0..1500 {
            let accepted = self.accepted();
            if accepted.len() >= count {
                return accepted;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let kinds: Vec<String> = self.accepted().iter().map(|r| r.kind().to_string()).collect();
        panic!("the receiver accepted {} of {count} events in 15 s: {kinds:?}", kinds.len());
    }

    /// Adds this receiver as an endpoint of the API at `base` for `types` (none: every type):
    /// (the endpoint's id, its secret).
    pub async fn subscribe(&self, base: &str, types: &[&str]) -> (String, String) {
        let request = serde_json::json!({ "url": self.url, "event_types": types });
        let key = format!("endpoint-{}", uuid::Uuid::new_v4().simple());
        let response = post(base, "/v1/webhooks/endpoints", Some(USAGE_SECRET), Some(&key), &request).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let created: Value = response.json().await.unwrap();
        let id = created["endpoint"]["id"].as_str().unwrap().to_string();
        (id, created["secret"].as_str().unwrap().to_string())
    }
}
