//! Upgrades, downgrades, cancellation and 365 Unlimited across changes.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::{at, catalog};
use pricing_core::{period_end, Catalog, Currency, Interval, PricingError, Subscription, Timing, UnlimitedAfter};
use proptest::prelude::*;

const AFTER_SALES: &str = "2027-02-01T00:00:00Z";

fn subscription(catalog: &Catalog, plan: &str, interval: Interval, start: DateTime<Utc>) -> Subscription {
    let paid = catalog.plan_price(plan, interval, Currency::USD, start).unwrap().charged.minor;
    Subscription {
        plan_id: plan.into(),
        interval,
        currency: Currency::USD,
        period_start: start,
        period_end: period_end(start, interval),
        paid,
        unlimited_until: catalog.unlimited_grant(plan, interval, start),
    }
}

#[test]
fn an_upgrade_charges_the_difference_for_the_time_left_and_adds_the_credit_difference() {
    let catalog = catalog();
    let start = at("2027-03-01T00:00:00Z");
    let sub = subscription(&catalog, "basic", Interval::Monthly, start);
    let now = start + (sub.period_end - start) / 2;
    let preview = catalog.preview_change(&sub, "pro", Interval::Monthly, now).unwrap();
    let pro = catalog.plan("pro").unwrap();
    let basic = catalog.plan("basic").unwrap();
    let difference = pro.list_price(Interval::Monthly, Currency::USD).unwrap().minor - sub.paid;
    assert_eq!(preview.timing, Timing::Now);
    assert_eq!(preview.effective_at, now);
    assert_eq!(preview.amount_due_now.minor, difference / 2, "half the period is left");
    assert_eq!(preview.credits_added_now, pro.credits_per_month - basic.credits_per_month);
    assert_eq!(preview.period_end_after, sub.period_end, "the billing date does not move");
}

#[test]
fn monthly_to_annual_starts_a_new_year_and_credits_the_unused_month() {
    let catalog = catalog();
    let start = at("2027-03-01T00:00:00Z");
    let sub = subscription(&catalog, "pro", Interval::Monthly, start);
    let now = start + Duration::days(7);
    let preview = catalog.preview_change(&sub, "pro", Interval::Annual, now).unwrap();
    let annual = catalog.plan("pro").unwrap().list_price(Interval::Annual, Currency::USD).unwrap().minor;
    let length = (sub.period_end - start).num_seconds() as i128;
    let left = (sub.period_end - now).num_seconds() as i128;
    let unused = ((sub.paid as i128 * left + length - 1) / length) as i64;
    assert_eq!(preview.timing, Timing::Now);
    assert_eq!(preview.amount_due_now.minor, annual - unused);
    assert_eq!(preview.period_end_after, period_end(now, Interval::Annual));
    assert_eq!(preview.credits_added_now, 0, "same plan, same monthly credits");
}

#[test]
fn a_downgrade_waits_for_the_period_end_and_charges_nothing() {
    let catalog = catalog();
    let start = at("2027-03-01T00:00:00Z");
    let sub = subscription(&catalog, "ultimate", Interval::Monthly, start);
    let preview = catalog.preview_change(&sub, "basic", Interval::Monthly, start + Duration::days(3)).unwrap();
    assert_eq!(preview.timing, Timing::AtPeriodEnd);
    assert_eq!(preview.effective_at, sub.period_end);
    assert_eq!(preview.amount_due_now.minor, 0);
    assert_eq!(preview.credits_added_now, 0);
    assert_eq!(preview.period_end_after, period_end(sub.period_end, Interval::Monthly));
}

#[test]
fn a_shorter_interval_waits_for_the_paid_year_to_end() {
    let catalog = catalog();
    let start = at("2027-03-01T00:00:00Z");
    let sub = subscription(&catalog, "pro", Interval::Annual, start);
    let preview = catalog.preview_change(&sub, "creator", Interval::Monthly, start + Duration::days(30)).unwrap();
    assert_eq!(preview.timing, Timing::AtPeriodEnd);
    assert_eq!(preview.amount_due_now.minor, 0);
}

#[test]
fn moving_to_free_is_a_downgrade() {
    let catalog = catalog();
    let start = at("2027-03-01T00:00:00Z");
    let sub = subscription(&catalog, "pro", Interval::Monthly, start);
    let preview = catalog.preview_change(&sub, "free", Interval::Monthly, start + Duration::days(1)).unwrap();
    assert_eq!(preview.timing, Timing::AtPeriodEnd);
}

#[test]
fn impossible_changes_are_errors() {
    let catalog = catalog();
    let start = at("2027-03-01T00:00:00Z");
    let sub = subscription(&catalog, "pro", Interval::Monthly, start);
    let now = start + Duration::days(1);
    assert_eq!(catalog.preview_change(&sub, "pro", Interval::Monthly, now), Err(PricingError::NoChange));
    assert_eq!(
        catalog.preview_change(&sub, "gold", Interval::Monthly, now),
        Err(PricingError::UnknownPlan("gold".into()))
    );
    assert_eq!(
        catalog.preview_change(&sub, "creator", Interval::Monthly, sub.period_end),
        Err(PricingError::OutsidePeriod)
    );
    let free = Subscription { plan_id: "free".into(), ..sub };
    assert_eq!(catalog.preview_change(&free, "pro", Interval::Monthly, now), Err(PricingError::NotSubscribed));
}

#[test]
fn upgrades_keep_365_unlimited_running() {
    let catalog = catalog();
    let bought = at("2026-11-25T00:00:00Z");
    let sub = subscription(&catalog, "pro", Interval::Monthly, bought);
    let until = sub.unlimited_until.expect("Pro bought during 365 Unlimited earns it");
    // Months later, after the promotion has ended, the upgrade does not restart or end it.
    let later_sub =
        Subscription { period_start: at("2027-02-25T00:00:00Z"), period_end: at("2027-03-25T00:00:00Z"), ..sub };
    let preview =
        catalog.preview_change(&later_sub, "ultimate", Interval::Monthly, at("2027-03-01T00:00:00Z")).unwrap();
    assert_eq!(preview.unlimited, UnlimitedAfter::Continues { until });
}

#[test]
fn the_unlimited_models_in_force_are_the_plans_while_the_grant_runs_and_cost_nothing() {
    let catalog = catalog();
    let bought = at("2026-11-25T00:00:00Z");
    let sub = subscription(&catalog, "ultimate", Interval::Monthly, bought);
    let until = sub.unlimited_until.unwrap();
    let ultimate = catalog.plan("ultimate").unwrap();
    let now = bought + Duration::days(40);
    let in_force = catalog.unlimited_now(&sub, now);
    assert_eq!(in_force, ultimate.unlimited.iter().map(|u| (u, until)).collect::<Vec<_>>());
    for (unlimited, _) in &in_force {
        let model = catalog.model(&unlimited.model).unwrap();
        let seconds = model.durations_s.first().copied();
        let charge =
            catalog.usage_charge(Some(ultimate), sub.unlimited_until, &model.id, &unlimited.up_to, seconds, now);
        assert_eq!(charge.unwrap().credits, 0, "{} is free up to {}", model.id, unlimited.up_to);
    }
    assert!(catalog.unlimited_now(&sub, until).is_empty(), "the grant has ended");
    let basic = Subscription { plan_id: "basic".into(), ..sub.clone() };
    assert!(catalog.unlimited_now(&basic, now).is_empty(), "a plan without Unlimited models");
    let retired = Subscription { plan_id: "platinum".into(), ..sub };
    assert!(catalog.unlimited_now(&retired, now).is_empty(), "a plan the catalog no longer has");
}
#[test]
fn downgrading_to_a_plan_without_unlimited_ends_it_at_period_end() {
    let catalog = catalog();
    let bought = at("2026-11-25T00:00:00Z");
    let sub = subscription(&catalog, "ultimate", Interval::Monthly, bought);
    let until = sub.unlimited_until.unwrap();
    let now = bought + Duration::days(10);
    let to_basic = catalog.preview_change(&sub, "basic", Interval::Monthly, now).unwrap();
    assert_eq!(to_basic.unlimited, UnlimitedAfter::EndsAt { at: sub.period_end });
    let to_pro = catalog.preview_change(&sub, "pro", Interval::Monthly, now).unwrap();
    assert_eq!(to_pro.unlimited, UnlimitedAfter::Continues { until }, "Pro also has 365 Unlimited");
}

#[test]
fn an_upgrade_during_the_offer_starts_a_grant() {
    let catalog = catalog();
    let start = at("2026-11-10T00:00:00Z");
    let basic = subscription(&catalog, "basic", Interval::Monthly, start);
    assert_eq!(basic.unlimited_until, None);
    let now = at("2026-11-25T00:00:00Z");
    let preview = catalog.preview_change(&basic, "pro", Interval::Monthly, now).unwrap();
    assert_eq!(
        preview.unlimited,
        UnlimitedAfter::Starts { until: now.checked_add_months(chrono::Months::new(12)).unwrap() }
    );
}

#[test]
fn cancelling_keeps_the_plan_until_the_period_ends() {
    let catalog = catalog();
    let bought = at("2026-11-25T00:00:00Z");
    let sub = subscription(&catalog, "creator", Interval::Annual, bought);
    let cancellation = catalog.cancel_at_period_end(&sub, bought + Duration::days(40)).unwrap();
    assert_eq!(cancellation.ends_at, sub.period_end);
    let grant_end = sub.unlimited_until.unwrap();
    assert_eq!(cancellation.unlimited, UnlimitedAfter::EndsAt { at: grant_end.min(sub.period_end) });
    assert!(catalog.cancel_at_period_end(&sub, sub.period_end).is_err());
}

#[test]
fn promotions_price_the_upgrade_target() {
    // Basic monthly → Pro annual during the Kling sale is charged at the sale price.
    let catalog = catalog();
    let start = at("2026-11-22T00:00:00Z");
    let sub = subscription(&catalog, "basic", Interval::Monthly, start);
    let now = at("2026-11-25T00:00:00Z");
    let preview = catalog.preview_change(&sub, "pro", Interval::Annual, now).unwrap();
    let sale_price = catalog.plan_price("pro", Interval::Annual, Currency::USD, now).unwrap();
    assert!(sale_price.was.is_some());
    assert_eq!(preview.new_price, sale_price);
    assert!(preview.amount_due_now.minor < sale_price.charged.minor);
    assert!(catalog.plan_price("pro", Interval::Annual, Currency::USD, at(AFTER_SALES)).unwrap().was.is_none());
}

fn plan_ids() -> impl Strategy<Value = (usize, usize)> {
    (1usize..5, 0usize..5)
}

fn interval() -> impl Strategy<Value = Interval> {
    prop_oneof![Just(Interval::Monthly), Just(Interval::Annual)]
}

proptest! {
    #[test]
    fn no_change_ever_costs_more_than_the_full_price_difference(
        (from, to) in plan_ids(),
        from_interval in interval(),
        to_interval in interval(),
        start_day in 0i64..400,
        elapsed_permille in 0i64..1000,
    ) {
        let catalog = catalog();
        let start = at("2026-10-01T00:00:00Z") + Duration::days(start_day);
        let from_id = catalog.plans[from].id.clone();
        let to_id = catalog.plans[to].id.clone();
        let sub = subscription(&catalog, &from_id, from_interval, start);
        let now = start + (sub.period_end - start) * elapsed_permille as i32 / 1000;
        match catalog.preview_change(&sub, &to_id, to_interval, now) {
            Err(PricingError::NoChange) => prop_assert!(from == to && from_interval == to_interval),
            Err(other) => prop_assert!(false, "unexpected error {other}"),
            Ok(preview) => {
                let due = preview.amount_due_now.minor;
                prop_assert!(due >= 0);
                prop_assert!(due <= preview.new_price.charged.minor, "never more than the new price");
                if from_interval == to_interval && preview.timing == Timing::Now {
                    prop_assert!(due <= (preview.new_price.charged.minor - sub.paid).max(0), "never more than the difference");
                }
                match preview.timing {
                    Timing::Now => {
                        prop_assert!(to >= from);
                        prop_assert_eq!(preview.credits_added_now, catalog.plans[to].credits_per_month - catalog.plans[from].credits_per_month);
                    }
                    Timing::AtPeriodEnd => {
                        prop_assert_eq!(due, 0);
                        prop_assert_eq!(preview.credits_added_now, 0);
                        prop_assert_eq!(preview.effective_at, sub.period_end);
                    }
                }
                if let Some(until) = sub.unlimited_until.filter(|u| *u > now) {
                    match preview.unlimited {
                        UnlimitedAfter::Continues { until: kept } => prop_assert_eq!(kept, until),
                        UnlimitedAfter::EndsAt { at } => prop_assert!(at <= sub.period_end && at <= until),
                        other => prop_assert!(false, "a held grant cannot become {other:?}"),
                    }
                }
            }
        }
    }

    #[test]
    fn proration_shrinks_as_the_period_runs_out(earlier in 0i64..500, later in 500i64..1000) {
        let catalog = catalog();
        let start = at("2027-03-01T00:00:00Z");
        let sub = subscription(&catalog, "basic", Interval::Annual, start);
        let due_at = |permille: i64| {
            let now = start + (sub.period_end - start) * permille as i32 / 1000;
            catalog.preview_change(&sub, "creator", Interval::Annual, now).unwrap().amount_due_now.minor
        };
        prop_assert!(due_at(earlier) >= due_at(later));
    }
}

#[test]
fn an_applied_upgrade_keeps_the_billing_date_and_credits_the_new_price_later() {
    let catalog = catalog();
    let start = at("2027-03-01T00:00:00Z");
    let sub = subscription(&catalog, "basic", Interval::Monthly, start);
    let now = start + Duration::days(10);
    let preview = catalog.preview_change(&sub, "pro", Interval::Monthly, now).unwrap();
    let upgraded = catalog.upgraded(&sub, &preview, "pro", Interval::Monthly);
    assert_eq!((upgraded.period_start, upgraded.period_end), (sub.period_start, sub.period_end));
    assert_eq!(upgraded.plan_id, "pro");
    assert_eq!(upgraded.paid, preview.new_price.charged.minor);
    // A second upgrade later in the period charges only the next difference.
    let later = now + Duration::days(5);
    let next = catalog.preview_change(&upgraded, "ultimate", Interval::Monthly, later).unwrap();
    assert!(next.amount_due_now.minor <= next.new_price.charged.minor - upgraded.paid);
}

#[test]
fn renewal_starts_the_next_period_at_the_price_then_and_ends_unlimited_on_a_plan_without_it() {
    let catalog = catalog();
    let bought = at("2026-11-25T00:00:00Z");
    let sub = subscription(&catalog, "ultimate", Interval::Monthly, bought);
    let grant = sub.unlimited_until.unwrap();
    let kept = catalog.renewed(&sub, "pro", Interval::Monthly).unwrap();
    assert_eq!(kept.period_start, sub.period_end);
    assert_eq!(kept.period_end, period_end(sub.period_end, Interval::Monthly));
    assert_eq!(
        kept.paid,
        catalog.plan_price("pro", Interval::Monthly, Currency::USD, sub.period_end).unwrap().charged.minor
    );
    assert_eq!(kept.unlimited_until, Some(grant), "Pro has 365 Unlimited too");
    let ended = catalog.renewed(&sub, "basic", Interval::Monthly).unwrap();
    assert_eq!(ended.unlimited_until, Some(sub.period_end), "Basic has no Unlimited: it ends with the period");
}

#[test]
fn what_counts_as_an_upgrade() {
    let catalog = catalog();
    let (m, a) = (Interval::Monthly, Interval::Annual);
    assert!(catalog.is_upgrade(("basic", m), ("pro", m)));
    assert!(catalog.is_upgrade(("pro", m), ("pro", a)), "monthly to annual on the same plan");
    assert!(catalog.is_upgrade(("basic", m), ("creator", a)));
    assert!(!catalog.is_upgrade(("pro", a), ("creator", m)), "a shorter interval waits for the paid year");
    assert!(!catalog.is_upgrade(("pro", m), ("basic", m)));
    assert!(!catalog.is_upgrade(("pro", m), ("free", m)));
    assert!(!catalog.is_upgrade(("pro", m), ("gold", m)), "an unknown plan is not an upgrade");
}
