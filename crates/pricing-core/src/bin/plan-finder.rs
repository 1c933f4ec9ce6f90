//! `plan-finder FILE INTERVAL CURRENCY WORK`: the plan finder's answer for a month of work, as
//! JSON, now. WORK is written as the widget's `finder` attribute takes it
//! (`pricing_core::finder::work_text`), e.g. `kling-3.0:1080p:10s:30,nano-banana:1K:200`.
//! The browser tests compare the widget with it.

use std::process::ExitCode;

use pricing_core::finder::{Choice, FinderError};
use pricing_core::{Catalog, Currency, Interval};
use serde_json::{json, Value};

fn choice(choice: &Choice) -> Value {
    json!({
        "plan": choice.plan,
        "packs": choice.packs.iter().map(|(id, n)| json!({ "pack": id, "count": n })).collect::<Vec<_>>(),
        "credits_needed": choice.credits_needed,
        "unlimited_work": choice.unlimited_work,
        "per_interval": choice.per_interval.minor,
        "per_month": choice.per_month.minor,
    })
}

fn run(args: &[String]) -> Result<Value, String> {
    let [path, interval, currency, work] = args else {
        return Err("usage: plan-finder FILE monthly|annual CURRENCY MODEL[:RESOLUTION][:SECONDSs]:COUNT,…".into());
    };
    let catalog = std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|json| Catalog::parse(&json).map_err(|e| e.to_string()))
        .map_err(|e| format!("{path}: {e}"))?;
    let interval: Interval = interval.parse().map_err(|e: pricing_core::UnknownName| e.to_string())?;
    let currency: Currency = currency.parse().map_err(|e: pricing_core::UnknownName| e.to_string())?;
    let work = catalog.parse_work(work).map_err(|e| e.to_string())?;
    let now = std::time::SystemTime::now().into();
    Ok(match catalog.find_plan(&work, interval, currency, now) {
        Ok(found) => json!({ "best": choice(&found.best), "next_best": found.next_best.as_ref().map(choice) }),
        Err(FinderError::NothingFits { credits_needed }) => {
            json!({ "nothing_fits": { "credits_needed": credits_needed } })
        }
        Err(error) => return Err(format!("{error:?}")),
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(answer) => {
            println!("{answer}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("plan-finder: {message}");
            ExitCode::from(2)
        }
    }
}
