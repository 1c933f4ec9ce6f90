//! `price-sheet FILE [AT]`: every figure the widget shows for a catalog at a moment (default:
//! now), as JSON: plan prices per interval and currency, estimates, output costs and packs.
//! Marketing reads it to check a page; the browser tests compare the page against it.

use std::process::ExitCode;

use chrono::{DateTime, Utc};
use pricing_core::catalog::ModelKind;
use pricing_core::{Catalog, Interval, OutputEstimate};
use serde_json::{json, Map, Value};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, at) = match args.as_slice() {
        [path] => (path, std::time::SystemTime::now().into()),
        [path, at] => match at.parse::<DateTime<Utc>>() {
            Ok(at) => (path, at),
            Err(e) => {
                eprintln!("{at}: not an RFC 3339 time: {e}");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("usage: price-sheet FILE [RFC3339-TIME]");
            return ExitCode::from(2);
        }
    };
    let catalog = match std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|json| Catalog::parse(&json).map_err(|e| e.to_string()))
    {
        Ok(catalog) => catalog,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(1);
        }
    };
    println!("{}", serde_json::to_string_pretty(&sheet(&catalog, at)).expect("JSON values serialize"));
    ExitCode::SUCCESS
}

fn sheet(catalog: &Catalog, at: DateTime<Utc>) -> Value {
    let plans: Vec<Value> = catalog
        .plans
        .iter()
        .map(|plan| {
            let mut prices = Map::new();
            for &currency in &catalog.currencies {
                let mut by_interval = Map::new();
                for interval in Interval::ALL {
                    let price = catalog.plan_price(&plan.id, interval, currency, at).expect("validated catalog");
                    by_interval.insert(
                        interval.as_str().into(),
                        json!({
                            "charged": price.charged.minor,
                            "per_month": price.per_month.minor,
                            "was": price.was.map(|w| w.minor),
                            "promotion": price.promotion,
                        }),
                    );
                }
                let saving = catalog.annual_saving(&plan.id, currency, at).expect("validated catalog");
                by_interval.insert("annual_saving".into(), saving.minor.into());
                prices.insert(currency.code().into(), by_interval.into());
            }
            let estimate = catalog.plan_estimate(plan);
            let count = |e: &Option<OutputEstimate>| e.as_ref().map(|e| e.count);
            let counted_on = |e: &Option<OutputEstimate>| {
                e.as_ref().map(|e| json!({ "model": e.model, "seconds": e.seconds, "on_basis": e.on_basis }))
            };
            let models: Vec<&str> = catalog.included_models(plan).map(|m| m.id.as_str()).collect();
            json!({
                "id": plan.id, "name": plan.name, "credits_per_month": plan.credits_per_month,
                "videos": count(&estimate.videos), "images": count(&estimate.images),
                "videos_on": counted_on(&estimate.videos), "images_on": counted_on(&estimate.images),
                "models": models, "prices": prices,
            })
        })
        .collect();
    let models: Vec<Value> = catalog
        .models
        .iter()
        .map(|model| {
            let seconds: Vec<Option<u32>> = match model.kind {
                ModelKind::Video => model.durations_s.iter().copied().map(Some).collect(),
                ModelKind::Image => vec![None],
            };
            let mut costs = Map::new();
            for resolution in &model.resolutions {
                for &s in &seconds {
                    let key = s.map_or(resolution.id.clone(), |s| format!("{}@{s}s", resolution.id));
                    costs.insert(key, model.credits_per_output(&resolution.id, s).expect("offered output").into());
                }
            }
            json!({ "id": model.id, "name": model.name, "credits_per_output": costs })
        })
        .collect();
    let packs: Vec<Value> = catalog
        .credit_packs
        .iter()
        .map(|p| json!({ "id": p.id, "name": p.name, "credits": p.credits, "prices": p.prices }))
        .collect();
    let promotions: Vec<&str> = catalog.active_promotions(at).map(|p| p.id.as_str()).collect();
    json!({
        "at": at.to_rfc3339(), "version": catalog.version, "currencies": catalog.currencies,
        "active_promotions": promotions, "plans": plans, "models": models, "credit_packs": packs,
    })
}
