//! Fixed-rate (open-loop) load for `scripts/bench-api.sh`:
//! `cargo run --release -p billing-api --example fixed_rate -- URL RATE SECONDS`.
//!
//! Sends RATE requests a second for SECONDS and prints latency percentiles measured from the
//! moment each request was due, so a slow server cannot hide its queue by slowing the sender
//! (coordinated omission). A URL ending in `/v1/checkout/sessions` gets a checkout creation
//! with its own Idempotency-Key per request (every request creates a session; oha's `--qps`
//! sends one fixed set of headers, which would measure replays); any other URL gets a GET,
//! which measures what the generator and loopback add on their own (or, with
//! `FIXED_RATE_BEARER` set, an authorized read such as the usage check). One thread, so that the
//! generator takes as little as it can of the two cores it shares with the server (and a
//! sleeping thread that paces it).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const CHECKOUT: &str = r#"{"kind":"subscription","plan":"pro","interval":"annual","currency":"EUR","success_url":"http://127.0.0.1:8080/","cancel_url":"http://127.0.0.1:8080/"}"#;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, rate, seconds] = args.as_slice() else {
        eprintln!("usage: fixed_rate URL RATE SECONDS");
        std::process::exit(2);
    };
    let (Ok(rate), Ok(seconds)) = (rate.parse::<u32>(), seconds.parse::<u32>()) else {
        eprintln!("RATE and SECONDS are whole numbers");
        std::process::exit(2);
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(load(url.clone(), rate, seconds));
}

struct Answer {
    latency: Duration,
    status: Option<u16>,
}

async fn load(url: String, rate: u32, seconds: u32) {
    let client = reqwest::Client::builder().pool_max_idle_per_host(256).build().expect("an HTTP client");
    let checkout = url.ends_with("/v1/checkout/sessions");
    let bearer = std::env::var("FIXED_RATE_BEARER").ok();
    let total = rate * seconds;
    let start = Instant::now() + Duration::from_millis(50);
    let mut pending = Vec::with_capacity(total as usize);
    let mut dues = pace(start, rate, total);
    while let Some((i, due)) = dues.recv().await {
        let request = if checkout {
            client
                .post(&url)
                .header("content-type", "application/json")
                .header("idempotency-key", format!("load-{}-{i}", std::process::id()))
                .body(CHECKOUT)
        } else {
            client.get(&url)
        };
        let request = match &bearer {
            Some(secret) => request.bearer_auth(secret),
            None => request,
        };
        pending.push(tokio::spawn(async move {
            let status = match request.send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    response.bytes().await.ok().map(|_| status)
                }
                Err(_) => None,
            };
            Answer { latency: due.elapsed(), status }
        }));
    }
    let mut latencies = Vec::with_capacity(pending.len());
    let mut statuses = BTreeMap::new();
    let mut failures = 0;
    for answer in pending {
        let answer = answer.await.expect("a request task");
        match answer.status {
            Some(status) => {
                *statuses.entry(status).or_insert(0u64) += 1;
                latencies.push(answer.latency.as_secs_f64() * 1000.0);
            }
            None => failures += 1,
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| match latencies.len() {
        0 => "-".to_string(),
        n => format!("{:.2}", latencies[((q * n as f64) as usize).min(n - 1)]),
    };
    println!(
        "  {} answers in {elapsed:.1} s ({:.0}/s, asked {rate}/s), statuses {statuses:?}, failures {failures}",
        latencies.len(),
        latencies.len() as f64 / elapsed
    );
    println!(
        "  latency from due time: p50 {} ms, p90 {} ms, p99 {} ms, max {} ms",
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0)
    );
}

/// Due times, each sent when it comes. A thread of its own sleeps between them: the runtime's
/// timer counts whole milliseconds, which would send every request up to 1 ms late.
fn pace(start: Instant, rate: u32, total: u32) -> tokio::sync::mpsc::UnboundedReceiver<(u32, Instant)> {
    let (sender, dues) = tokio::sync::mpsc::unbounded_channel();
    let period = Duration::from_secs(1) / rate;
    std::thread::spawn(move || {
        for i in 0..total {
            let due = start + period * i;
            std::thread::sleep(due.saturating_duration_since(Instant::now()));
            if sender.send((i, due)).is_err() {
                return;
            }
        }
    });
    dues
}
