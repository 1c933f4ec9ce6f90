//! Every validation rule, each reported at its JSON path, and all of them at once.

mod common;

use common::{catalog, plan_index, problems_after};
use pricing_core::{Catalog, Currency, DEFAULT_CATALOG_JSON};
use serde_json::{json, Value};

fn assert_problem(problems: &[String], path: &str, fragment: &str) {
    assert!(
        problems.iter().any(|p| p.starts_with(&format!("{path}: ")) && p.contains(fragment)),
        "expected a problem at {path} mentioning {fragment:?}, got {problems:#?}"
    );
}

#[test]
fn the_default_catalog_is_valid_and_complete() {
    let catalog = catalog();
    let names: Vec<&str> = catalog.plans.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Free", "Basic", "Pro", "Ultimate", "Creator"]);
    for currency in [Currency::USD, Currency::EUR, Currency::GBP, Currency::JPY] {
        assert!(catalog.currencies.contains(&currency));
    }
    let video = catalog.models.iter().filter(|m| m.kind == pricing_core::catalog::ModelKind::Video).count();
    assert!(video >= 6 && catalog.models.len() - video >= 4);
    assert!(catalog.credit_packs.len() >= 2);
    assert!(catalog.faq.len() >= 7);
    assert!(catalog
        .promotions
        .iter()
        .any(|p| matches!(p.offer, pricing_core::catalog::Offer::Unlimited { months: 12 })));
}

#[test]
fn negative_price_is_reported_at_its_path() {
    let problems = problems_after(|c| c["plans"][2]["prices"]["EUR"]["annual"] = json!(-1));
    assert_problem(&problems, "plans[2].prices.EUR.annual", "must be >= 0");
}

#[test]
fn missing_currency_and_missing_interval_are_reported() {
    let problems = problems_after(|c| {
        c["plans"][1]["prices"].as_object_mut().unwrap().remove("GBP");
        c["credit_packs"][0]["prices"].as_object_mut().unwrap().remove("JPY");
    });
    assert_problem(&problems, "plans[1].prices.GBP", "missing");
    assert_problem(&problems, "credit_packs[0].prices.JPY", "missing");

    let problems = problems_after(|c| {
        c["plans"][3]["prices"]["USD"].as_object_mut().unwrap().remove("annual");
    });
    assert_problem(&problems, "plans[3].prices.USD", "missing field `annual`");
}

#[test]
fn unknown_currency_is_reported() {
    let problems = problems_after(|c| c["plans"][1]["prices"]["XYZ"] = json!({"monthly": 1, "annual": 1}));
    assert!(problems.iter().any(|p| p.starts_with("plans[1].prices") && p.contains("XYZ")), "{problems:#?}");
    let problems = problems_after(|c| c["currencies"][1] = json!("ABC"));
    assert!(problems.iter().any(|p| p.starts_with("currencies[1]") && p.contains("ABC")), "{problems:#?}");
}

#[test]
fn currency_priced_but_not_offered_is_reported() {
    let problems = problems_after(|c| c["plans"][1]["prices"]["CHF"] = json!({"monthly": 900, "annual": 9000}));
    assert_problem(&problems, "plans[1].prices.CHF", "does not offer");
}

#[test]
fn duplicate_ids_are_reported_everywhere() {
    let problems = problems_after(|c| {
        c["plans"][4]["id"] = json!("pro");
        c["models"][1]["id"] = json!("kling-3.0");
        c["credit_packs"][1]["id"] = c["credit_packs"][0]["id"].clone();
        c["promotions"][1]["id"] = c["promotions"][0]["id"].clone();
    });
    assert_problem(&problems, "plans[4].id", "duplicate id 'pro'");
    assert_problem(&problems, "models[1].id", "duplicate id 'kling-3.0'");
    assert_problem(&problems, "credit_packs[1].id", "duplicate id");
    assert_problem(&problems, "promotions[1].id", "duplicate id");
}

#[test]
fn plan_naming_unknown_model_or_resolution_is_reported() {
    let problems = problems_after(|c| {
        let pro = plan_index(c, "pro");
        c["plans"][pro]["unlimited"][0]["model"] = json!("sora-9");
        c["plans"][pro]["unlimited"][1]["up_to"] = json!("8K");
    });
    assert_problem(&problems, "plans[2].unlimited[0].model", "unknown model 'sora-9'");
    assert_problem(&problems, "plans[2].unlimited[1].up_to", "does not offer '8K'");
}

#[test]
fn video_model_without_duration_or_step_and_image_with_duration_are_reported() {
    let problems = problems_after(|c| {
        c["models"][0]["durations_s"] = json!([]);
        c["models"][1].as_object_mut().unwrap().remove("billing_step_s");
        c["models"][2]["durations_s"] = json!([5, 5]);
        let image = c["models"].as_array().unwrap().iter().position(|m| m["kind"] == "image").unwrap();
        c["models"][image]["durations_s"] = json!([4]);
    });
    assert_problem(&problems, "models[0].durations_s", "at least one duration");
    assert_problem(&problems, "models[1].billing_step_s", "needs a billing step");
    assert_problem(&problems, "models[2].durations_s[1]", "distinct");
    assert!(problems.iter().any(|p| p.contains("an image model has no durations")), "{problems:#?}");
}

#[test]
fn zero_credit_cost_and_empty_resolutions_are_reported() {
    let problems = problems_after(|c| {
        c["models"][0]["resolutions"][0]["credits"] = json!(0);
        c["models"][3]["resolutions"] = json!([]);
    });
    assert_problem(&problems, "models[0].resolutions[0].credits", "at least 1");
    assert_problem(&problems, "models[3].resolutions", "at least one resolution");
}

#[test]
fn free_and_paid_prices_must_match_the_free_flag() {
    let problems = problems_after(|c| {
        c["plans"][0]["prices"]["USD"]["monthly"] = json!(100);
        c["plans"][1]["prices"]["JPY"]["monthly"] = json!(0);
    });
    assert_problem(&problems, "plans[0].prices.USD", "free plan must cost 0");
    assert_problem(&problems, "plans[1].prices.JPY", "paid plan must cost more than 0");
}

#[test]
fn annual_dearer_than_twelve_months_is_reported() {
    let problems = problems_after(|c| c["plans"][1]["prices"]["GBP"]["annual"] = json!(900 * 12 + 1));
    assert_problem(&problems, "plans[1].prices.GBP.annual", "more than twelve monthly payments");
}

#[test]
fn plans_out_of_upgrade_order_are_reported() {
    let problems = problems_after(|c| {
        c["plans"][3]["credits_per_month"] = json!(10);
        c["plans"][4]["prices"]["USD"]["monthly"] = json!(1);
    });
    assert_problem(&problems, "plans[3].credits_per_month", "smallest to largest");
    assert_problem(&problems, "plans[4].prices.USD.monthly", "costs less than");
}

#[test]
fn feature_values_must_match_their_rows() {
    let problems = problems_after(|c| {
        c["plans"][1]["features"]["agent"] = json!("yes");
        c["plans"][2]["features"].as_object_mut().unwrap().remove("early_access");
        c["plans"][3]["features"]["teleport"] = json!(true);
    });
    assert_problem(&problems, "plans[1].features.agent", "true or false");
    assert_problem(&problems, "plans[2].features.early_access", "missing");
    assert_problem(&problems, "plans[3].features.teleport", "no feature row");
}

#[test]
fn more_than_one_highlight_is_reported() {
    let problems = problems_after(|c| c["plans"][3]["highlight"] = json!(true));
    assert_problem(&problems, "plans", "at most one plan");
}

#[test]
fn promotion_rules_are_checked() {
    let problems = problems_after(|c| {
        c["promotions"][0]["plans"][0] = json!("platinum");
        c["promotions"][0]["ends_at"] = c["promotions"][0]["starts_at"].clone();
        c["promotions"][0]["offer"]["percent_off"] = json!(100);
        c["promotions"][1]["plans"] = json!(["basic"]);
        c["promotions"][1]["intervals"] = json!([]);
    });
    assert_problem(&problems, "promotions[0].plans[0]", "unknown plan 'platinum'");
    assert_problem(&problems, "promotions[0].ends_at", "after `starts_at`");
    assert_problem(&problems, "promotions[0].offer.percent_off", "between 1 and 99");
    assert_problem(&problems, "promotions[1].plans[0]", "no Unlimited model");
    assert_problem(&problems, "promotions[1].intervals", "at least one interval");
}

#[test]
fn a_was_price_that_never_applied_is_rejected() {
    let problems = problems_after(|c| c["promotions"][0]["offer"]["was"]["pro"]["USD"]["annual"] = json!(39900));
    assert_problem(&problems, "promotions[0].offer.was.pro.USD.annual", "was never the reference price");
}

#[test]
fn the_was_price_is_the_lowest_of_the_thirty_days_before() {
    // Pro was cheaper until ten days before the sale: only that lower price may be struck through.
    let mut json: Value = serde_json::from_str(DEFAULT_CATALOG_JSON).unwrap();
    let pro = plan_index(&json, "pro");
    let start: chrono::DateTime<chrono::Utc> = json["promotions"][0]["starts_at"].as_str().unwrap().parse().unwrap();
    let mut cheaper = json["plans"][pro]["prices"].clone();
    cheaper["USD"]["annual"] = json!(25000);
    json["plans"][pro]["price_history"] = json!([{
        "from": (start - chrono::Duration::days(200)).to_rfc3339(),
        "until": (start - chrono::Duration::days(10)).to_rfc3339(),
        "prices": cheaper,
    }]);
    let problems: Vec<String> =
        Catalog::parse(&json.to_string()).unwrap_err().problems.iter().map(|p| p.to_string()).collect();
    assert_problem(&problems, "promotions[0].offer.was.pro.USD.annual", "was 25000");

    json["promotions"][0]["offer"]["was"]["pro"]["USD"]["annual"] = json!(25000);
    Catalog::parse(&json.to_string()).expect("the lowest earlier price is a valid reference");
}

#[test]
fn was_prices_for_uncovered_plans_or_missing_plans_are_reported() {
    let problems = problems_after(|c| {
        c["promotions"][0]["offer"]["was"]["basic"] = c["promotions"][0]["offer"]["was"]["pro"].clone();
        c["promotions"][0]["offer"]["was"].as_object_mut().unwrap().remove("creator");
    });
    assert_problem(&problems, "promotions[0].offer.was.basic", "does not cover");
    assert_problem(&problems, "promotions[0].offer.was.creator", "missing");
}

#[test]
fn overlapping_price_history_is_reported() {
    let problems = problems_after(|c| {
        let record = c["plans"][4]["price_history"][0].clone();
        c["plans"][4]["price_history"].as_array_mut().unwrap().push(record);
    });
    assert_problem(&problems, "plans[4].price_history[1]", "overlaps");
}

#[test]
fn estimate_basis_faq_and_support_are_checked() {
    let problems = problems_after(|c| {
        c["estimate_basis"]["video_model"] = json!("nano-banana");
        c["estimate_basis"]["image_resolution"] = json!("16K");
        c["faq"][0]["answer"] = json!(" ");
        c["support"]["email"] = json!("support");
    });
    assert_problem(&problems, "estimate_basis.video_model", "not a video model");
    assert_problem(&problems, "estimate_basis.image_resolution", "does not offer '16K'");
    assert_problem(&problems, "faq[0].answer", "must not be empty");
    assert_problem(&problems, "support.email", "not an email address");
}

#[test]
fn the_cards_video_length_is_one_the_basis_model_offers() {
    // Cards count videos of this length, the calculator starts from it: both must be makeable.
    let problems = problems_after(|c| c["estimate_basis"]["video_seconds"] = json!(7));
    assert_problem(&problems, "estimate_basis.video_seconds", "'kling-3.0' does not offer 7 s clips");
    assert!(problems_after(|c| c["estimate_basis"]["video_seconds"] = json!(10)).is_empty());
}

#[test]
fn every_problem_is_reported_at_once() {
    let problems = problems_after(|c| {
        c["plans"][1]["prices"]["USD"]["monthly"] = json!(-5);
        c["plans"][2]["unlimited"][0]["model"] = json!("nope");
        c["credit_packs"][0]["credits"] = json!(0);
    });
    assert!(problems.len() >= 3, "{problems:#?}");

    // Malformed elements in different lists are all reported, not only the first.
    let problems = problems_after(|c| {
        c["plans"][1]["credits_per_month"] = json!("many");
        c["models"][4]["kind"] = json!("audio");
        c["faq"][2] = json!({"id": "broken", "question": "?"});
    });
    assert_problem(&problems, "plans[1].credits_per_month", "invalid type");
    assert_problem(&problems, "models[4].kind", "unknown variant `audio`");
    assert_problem(&problems, "faq[2]", "missing field `answer`");
}

#[test]
fn malformed_json_and_unknown_fields_get_a_clear_error() {
    let error = Catalog::parse("{\"version\": ").unwrap_err();
    assert_eq!(error.problems.len(), 1);
    assert!(error.problems[0].message.contains("EOF"), "{error}");

    let problems = problems_after(|c| c["plans"][0]["prise"] = json!(1));
    assert_problem(&problems, "plans[0].prise", "unknown field `prise`");

    let error = Catalog::parse(&format!("{DEFAULT_CATALOG_JSON} trailing")).unwrap_err();
    assert_eq!(error.problems[0].path, "$");
}

#[test]
fn a_plan_lists_only_models_that_exist_once_and_at_least_one() {
    let problems = problems_after(|c| c["plans"][0]["models"] = json!(["nano-banana", "sora", "nano-banana"]));
    assert_problem(&problems, "plans[0].models[1]", "unknown model 'sora'");
    assert_problem(&problems, "plans[0].models[2]", "listed twice");
    let problems = problems_after(|c| c["plans"][0]["models"] = json!([]));
    assert_problem(&problems, "plans[0].models", "at least one model");
}

#[test]
fn unlimited_needs_a_model_the_plan_includes() {
    let problems = problems_after(|c| {
        let pro = plan_index(c, "pro");
        c["plans"][pro]["models"] = json!(["nano-banana", "flux-dev"]);
    });
    let pro = plan_index(&serde_json::from_str(DEFAULT_CATALOG_JSON).unwrap(), "pro");
    assert_problem(&problems, &format!("plans[{pro}].unlimited[0].model"), "does not include it");
}

#[test]
fn a_larger_plan_keeps_every_model_of_a_smaller_one() {
    let problems = problems_after(|c| {
        let basic = plan_index(c, "basic");
        c["plans"][basic]["models"] = json!(["nano-banana", "flux-dev"]);
    });
    let basic = plan_index(&serde_json::from_str(DEFAULT_CATALOG_JSON).unwrap(), "basic");
    assert_problem(
        &problems,
        &format!("plans[{basic}].models"),
        "leaves out 'runway-gen-4-turbo', which free includes",
    );
}

#[test]
fn every_model_is_sold_on_some_plan() {
    let problems = problems_after(|c| {
        for plan in c["plans"].as_array_mut().unwrap() {
            plan["models"] = json!(["nano-banana"]);
            plan["unlimited"] = json!([]);
        }
        c["promotions"] = json!([]);
    });
    assert_problem(&problems, "models[0]", "no plan includes 'kling-3.0'");
}

#[test]
fn exactly_one_plan_is_free() {
    let problems = problems_after(|c| c["plans"][0]["free"] = json!(false));
    assert_problem(&problems, "plans", "exactly one plan must be free");
    let problems = problems_after(|c| {
        let basic = plan_index(c, "basic");
        c["plans"][basic]["free"] = json!(true);
        for prices in c["plans"][basic]["prices"].as_object_mut().unwrap().values_mut() {
            *prices = json!({ "monthly": 0, "annual": 0 });
        }
    });
    assert_problem(&problems, "plans", "exactly one plan must be free");
}

#[test]
fn a_plan_that_leaves_models_out_never_promises_them_all() {
    let problems = problems_after(|c| {
        c["plans"][0]["tagline"] = json!("Try every model for free.");
        c["plans"][0]["badge"] = json!("All models!");
    });
    assert_problem(&problems, "plans[0].tagline", "says \"every model\"");
    assert_problem(&problems, "plans[0].badge", "says \"all models\"");
    let fine = problems_after(|c| c["plans"][1]["tagline"] = json!("Every model, every month."));
    assert!(fine.is_empty(), "a plan with every model may say so: {fine:#?}");
}

#[test]
fn words_a_visitor_reads_are_plain_text_of_a_length_that_fits() {
    let problems = problems_after(|c| {
        c["plans"][2]["name"] = json!("<b>Pro</b>");
        c["promotions"][0]["headline"] = json!("x".repeat(10 * 1024));
        c["faq"][1]["question"] = json!("Is 5 < 6 and <3 fine?");
        c["plans"][1]["badge"] = json!("<img src=x onerror=alert(1)>");
    });
    assert_problem(&problems, "plans[2].name", "plain text only");
    assert_problem(&problems, "promotions[0].headline", "at most 80 characters (is 10240)");
    assert_problem(&problems, "plans[1].badge", "plain text only");
    // A less-than sign in a sentence is not markup.
    assert!(!problems.iter().any(|p| p.starts_with("faq[1]")), "{problems:#?}");
}
