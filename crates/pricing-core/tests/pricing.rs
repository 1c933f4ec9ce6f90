//! Prices, promotions, savings and estimates, checked against the rules applied to the
//! default catalog's own figures.

mod common;

use common::{at, catalog};
use pricing_core::catalog::ModelKind;
use pricing_core::catalog::Offer;
use pricing_core::pricing::{discounted, lowest_price_before, price_per_output};
use pricing_core::{outputs_for_credits, Currency, Interval, Money, OutputSpec};
use proptest::prelude::*;

const DURING_SALE: &str = "2026-11-25T12:00:00Z";
const AFTER_SALES: &str = "2027-02-01T00:00:00Z";

fn sale_percent() -> u8 {
    let catalog = catalog();
    match catalog.promotion("kling3-unlimited-60").unwrap().offer {
        Offer::Discount { percent_off, .. } => percent_off,
        _ => panic!("the Kling 3.0 sale is a discount"),
    }
}

#[test]
fn list_prices_apply_outside_promotions() {
    let catalog = catalog();
    for plan in &catalog.plans {
        for &currency in &catalog.currencies {
            for interval in Interval::ALL {
                let price = catalog.plan_price(&plan.id, interval, currency, at(AFTER_SALES)).unwrap();
                assert_eq!(price.charged, plan.list_price(interval, currency).unwrap());
                assert_eq!(price.was, None);
                assert_eq!(price.promotion, None);
            }
        }
    }
}

#[test]
fn the_kling_sale_takes_its_percentage_off_the_struck_price() {
    let catalog = catalog();
    let pct = sale_percent();
    let pro = catalog.plan("pro").unwrap();
    for &currency in &catalog.currencies {
        let price = catalog.plan_price("pro", Interval::Annual, currency, at(DURING_SALE)).unwrap();
        let was = pro.list_price(Interval::Annual, currency).unwrap();
        assert_eq!(price.was, Some(was));
        assert_eq!(price.charged.minor, (was.minor * (100 - pct as i64) + 50) / 100);
        assert_eq!(price.promotion.as_deref(), Some("kling3-unlimited-60"));
    }
    // Monthly Pro and annual Basic are not part of the sale.
    assert_eq!(catalog.plan_price("pro", Interval::Monthly, Currency::USD, at(DURING_SALE)).unwrap().was, None);
    assert_eq!(catalog.plan_price("basic", Interval::Annual, Currency::USD, at(DURING_SALE)).unwrap().was, None);
}

#[test]
fn a_promotion_applies_from_its_start_until_just_before_its_end() {
    let catalog = catalog();
    let sale = catalog.promotion("kling3-unlimited-60").unwrap();
    let price_at = |t| catalog.plan_price("ultimate", Interval::Annual, Currency::EUR, t).unwrap();
    assert!(price_at(sale.starts_at - chrono::Duration::seconds(1)).was.is_none());
    assert!(price_at(sale.starts_at).was.is_some());
    assert!(price_at(sale.ends_at - chrono::Duration::seconds(1)).was.is_some());
    assert!(price_at(sale.ends_at).was.is_none());
}

#[test]
fn zero_decimal_currency_stays_whole() {
    let catalog = catalog();
    let price = catalog.plan_price("creator", Interval::Annual, Currency::JPY, at(AFTER_SALES)).unwrap();
    assert_eq!(price.per_month.minor, (price.charged.minor + 6) / 12);
    assert_eq!(price.per_month.to_string(), format!("JPY {}", group(price.per_month.minor)));
}

fn group(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[test]
fn annual_saving_is_twelve_monthly_payments_minus_the_annual_price() {
    let catalog = catalog();
    for plan in catalog.plans.iter().filter(|p| !p.free) {
        for &currency in &catalog.currencies {
            let monthly = plan.list_price(Interval::Monthly, currency).unwrap().minor;
            let annual = plan.list_price(Interval::Annual, currency).unwrap().minor;
            let saving = catalog.annual_saving(&plan.id, currency, at(AFTER_SALES)).unwrap();
            assert_eq!(saving, Money::new(12 * monthly - annual, currency));
            let percent = catalog.annual_saving_percent(&plan.id, currency, at(AFTER_SALES)).unwrap();
            assert!((percent as i64 * 12 * monthly - 100 * saving.minor).abs() * 2 <= 12 * monthly);
        }
    }
    assert_eq!(catalog.annual_saving("free", Currency::USD, at(AFTER_SALES)).unwrap().minor, 0);
}

#[test]
fn unknown_ids_and_currencies_are_errors() {
    let catalog = catalog();
    assert!(catalog.plan_price("gold", Interval::Monthly, Currency::USD, at(DURING_SALE)).is_err());
    assert!(catalog.plan_price("pro", Interval::Monthly, Currency::CHF, at(DURING_SALE)).is_err());
    assert!(catalog.pack_price_per_output("pack-1", Currency::USD, 40).is_err());
}

#[test]
fn plan_estimates_count_four_second_videos_on_the_stated_basis() {
    let catalog = catalog();
    let basis = &catalog.estimate_basis;
    assert_eq!(basis.video_seconds, 4, "the seed counts a video as 4 seconds");
    let model = catalog.model(&basis.video_model).unwrap();
    let per_second = model.resolution(&basis.video_resolution).unwrap().credits as u64;
    let per_image =
        catalog.model(&basis.image_model).unwrap().resolution(&basis.image_resolution).unwrap().credits as u64;
    for plan in catalog.plans.iter().filter(|p| p.includes(&basis.video_model) && p.includes(&basis.image_model)) {
        let estimate = catalog.plan_estimate(plan);
        let (videos, images) = (estimate.videos.unwrap(), estimate.images.unwrap());
        let video_cost = per_second * model.billed_seconds(4) as u64;
        assert_eq!(
            (videos.count, videos.on_basis, videos.seconds),
            (plan.credits_per_month / video_cost, true, Some(4))
        );
        assert_eq!((images.count, images.on_basis), (plan.credits_per_month / per_image, true));
    }
}

#[test]
fn a_plan_without_a_basis_model_is_counted_on_its_own_first_model_of_that_kind() {
    let catalog = catalog();
    let basis = &catalog.estimate_basis;
    let plan = catalog.plans.iter().find(|p| !p.includes(&basis.video_model)).expect("a plan without the video model");
    let listed = plan.models.as_ref().unwrap();
    let own = catalog.models.iter().find(|m| m.kind == ModelKind::Video && listed.contains(&m.id)).unwrap();
    let videos = catalog.plan_estimate(plan).videos.unwrap();
    // The clip the cards count (4 s), or the model's shortest when it makes no 4 s clip.
    let seconds = if own.durations_s.contains(&4) { 4 } else { *own.durations_s.iter().min().unwrap() };
    let resolution = own.resolution(&basis.video_resolution).unwrap_or(&own.resolutions[0]);
    let cost = resolution.credits as u64 * own.billed_seconds(seconds) as u64;
    assert_eq!((videos.model.as_str(), videos.seconds, videos.on_basis), (own.id.as_str(), Some(seconds), false));
    assert_eq!(videos.count, plan.credits_per_month / cost);
}

#[test]
fn output_cost_follows_model_duration_and_resolution() {
    let catalog = catalog();
    let ray = catalog.model("luma-ray-2").unwrap();
    let step = ray.billing_step_s.unwrap();
    let rate = ray.resolution("1080p").unwrap().credits as u64;
    let nine = catalog.output_cost(&OutputSpec { model: "luma-ray-2", resolution: "1080p", seconds: Some(9) }).unwrap();
    assert_eq!(nine, rate * (9u32.div_ceil(step) * step) as u64, "9 s is billed as the next step");
    assert!(catalog.output_cost(&OutputSpec { model: "luma-ray-2", resolution: "1080p", seconds: Some(7) }).is_err());
    assert!(catalog.output_cost(&OutputSpec { model: "luma-ray-2", resolution: "8K", seconds: Some(5) }).is_err());
    assert!(catalog.output_cost(&OutputSpec { model: "nano-banana", resolution: "1K", seconds: Some(5) }).is_err());
    assert!(catalog.output_cost(&OutputSpec { model: "nope", resolution: "1K", seconds: None }).is_err());
    let image = catalog.output_cost(&OutputSpec { model: "nano-banana-pro", resolution: "4K", seconds: None }).unwrap();
    assert_eq!(image, catalog.model("nano-banana-pro").unwrap().resolution("4K").unwrap().credits as u64);
}

#[test]
fn price_per_output_spreads_the_charge_over_the_credits() {
    let catalog = catalog();
    let cost = catalog.output_cost(&OutputSpec { model: "kling-3.0", resolution: "1080p", seconds: Some(5) }).unwrap();
    let pro = catalog.plan("pro").unwrap();
    let monthly = pro.list_price(Interval::Monthly, Currency::USD).unwrap().minor;
    let per_video =
        catalog.plan_price_per_output("pro", Interval::Monthly, Currency::USD, at(AFTER_SALES), cost).unwrap().unwrap();
    let exact = monthly as f64 * cost as f64 / pro.credits_per_month as f64;
    assert!((per_video.minor as f64 - exact).abs() <= 0.5);

    let annual =
        catalog.plan_price_per_output("pro", Interval::Annual, Currency::USD, at(AFTER_SALES), cost).unwrap().unwrap();
    assert!(annual.minor < per_video.minor, "a year paid at once makes each output cheaper");
    assert_eq!(
        catalog.plan_price_per_output("free", Interval::Monthly, Currency::USD, at(AFTER_SALES), cost).unwrap(),
        None
    );

    let pack = catalog.credit_pack("pack-2000").unwrap();
    let per_pack_video = catalog.pack_price_per_output("pack-2000", Currency::GBP, cost).unwrap().unwrap();
    let exact = pack.prices[&Currency::GBP] as f64 * cost as f64 / pack.credits as f64;
    assert!((per_pack_video.minor as f64 - exact).abs() <= 0.5);
}

#[test]
fn the_sale_strikes_through_the_lowest_recent_price() {
    let catalog = catalog();
    let sale = catalog.promotion("kling3-unlimited-60").unwrap();
    for id in &sale.plans {
        let plan = catalog.plan(id).unwrap();
        let lowest = lowest_price_before(plan, Interval::Annual, Currency::USD, sale.starts_at).unwrap();
        let shown = catalog.plan_price(id, Interval::Annual, Currency::USD, sale.starts_at).unwrap();
        assert_eq!(shown.was, Some(lowest));
    }
    // Creator cost more before June 2026; that older price is outside the 30-day window.
    let creator = catalog.plan("creator").unwrap();
    let old = &creator.price_history[0];
    let in_old_period = old.until - chrono::Duration::days(1);
    assert_eq!(
        lowest_price_before(creator, Interval::Monthly, Currency::USD, in_old_period).unwrap().minor,
        old.prices[&Currency::USD].monthly
    );
    let just_after = old.until + chrono::Duration::days(5);
    assert_eq!(
        lowest_price_before(creator, Interval::Monthly, Currency::USD, just_after).unwrap().minor,
        creator.prices[&Currency::USD].monthly.min(old.prices[&Currency::USD].monthly)
    );
}

#[test]
fn unlimited_and_queues_follow_the_plan() {
    let catalog = catalog();
    let kling = catalog.model("kling-3.0").unwrap();
    let pro = catalog.plan("pro").unwrap();
    let ultimate = catalog.plan("ultimate").unwrap();
    assert!(pro.is_unlimited(kling, "720p"));
    assert!(!pro.is_unlimited(kling, "1080p"), "Pro's Unlimited stops at 720p");
    assert!(ultimate.is_unlimited(kling, "1080p"));
    assert!(!catalog.plan("basic").unwrap().is_unlimited(kling, "720p"));
    assert_eq!(pricing_core::Queue::for_generation(true), pricing_core::Queue::Standard);
    assert_eq!(pricing_core::Queue::for_generation(false), pricing_core::Queue::Priority);
}

#[test]
fn buying_during_365_unlimited_grants_twelve_months() {
    let catalog = catalog();
    let bought = at(DURING_SALE);
    let until = catalog.unlimited_grant("pro", Interval::Monthly, bought).unwrap();
    assert_eq!(until, at("2027-11-25T12:00:00Z"));
    assert_eq!(catalog.unlimited_grant("basic", Interval::Monthly, bought), None);
    assert_eq!(catalog.unlimited_grant("pro", Interval::Monthly, at(AFTER_SALES)), None);
}

proptest! {
    #[test]
    fn a_discount_never_raises_a_price(was in 0i64..10_000_000, pct in 1u8..100) {
        let price = discounted(was, pct);
        prop_assert!(price >= 0 && price <= was);
        let exact = was as i128 * (100 - pct as i128);
        prop_assert!((price as i128 * 100 - exact).abs() * 2 <= 100);
    }

    #[test]
    fn per_output_price_times_outputs_stays_near_the_price(price in 1i64..10_000_000, credits in 1u64..1_000_000, cost in 1u64..10_000) {
        let per = price_per_output(Money::new(price, Currency::USD), credits, cost).unwrap();
        let exact = price as f64 * cost as f64 / credits as f64;
        prop_assert!((per.minor as f64 - exact).abs() <= 0.5 + 1e-9);
        prop_assert!(outputs_for_credits(credits, cost) * cost <= credits);
    }
}
