//! How long the plan finder takes for 10 lines of work, natively (release build):
//! `cargo run --release -p pricing-core --example finder_timing`. Printed by
//! `scripts/bench.mjs`; the widget runs the same search in the wasm on every keystroke.

use std::time::Instant;

use pricing_core::catalog::ModelKind;
use pricing_core::finder::WorkLine;
use pricing_core::{Catalog, Currency, Interval, DEFAULT_CATALOG_JSON};

fn main() {
    let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).expect("the default catalog is valid");
    // Ten lines over the catalog's models, enough work that every plan needs packs.
    let work: Vec<WorkLine> = catalog
        .models
        .iter()
        .cycle()
        .take(10)
        .map(|model| WorkLine {
            model: model.id.clone(),
            resolution: model.resolutions.last().expect("a model has resolutions").id.clone(),
            seconds: (model.kind == ModelKind::Video).then(|| model.durations_s[0]),
            count: 40,
        })
        .collect();
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00Z").expect("a time").to_utc();
    let mut times: Vec<f64> = (0..2_000)
        .map(|_| {
            let start = Instant::now();
            let found = catalog.find_plan(&work, Interval::Annual, Currency::EUR, at);
            std::hint::black_box(found).ok();
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "plan finder, 10 lines of work: median {:.1} µs, p99 {:.1} µs (2,000 searches)",
        times[times.len() / 2],
        times[times.len() * 99 / 100]
    );
}
