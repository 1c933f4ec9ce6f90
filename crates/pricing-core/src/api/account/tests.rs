use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::catalog::{Catalog, UnlimitedModel};
use crate::finder::{WorkLine, MOST_WORK_LINES};
use crate::money::Currency;
use crate::plan_change::Subscription;
use crate::retention::{OfferRunning, RetentionOffer};
use crate::DEFAULT_CATALOG_JSON;

fn catalog() -> Catalog {
    Catalog::parse(DEFAULT_CATALOG_JSON).unwrap()
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// After every promotion of the default catalog.
fn now() -> DateTime<Utc> {
    at("2027-02-10T09:00:00Z")
}

fn subscription(plan: &str, interval: Interval) -> Subscription {
    let start = at("2027-02-01T09:00:00Z");
    let catalog = catalog();
    Subscription {
        plan_id: plan.into(),
        interval,
        currency: Currency::USD,
        period_start: start,
        period_end: crate::period_end(start, interval),
        paid: catalog.plan_price(plan, interval, Currency::USD, start).unwrap().charged.minor,
        unlimited_until: None,
    }
}

fn view(plan: &str) -> SubscriptionView {
    SubscriptionView {
        customer_id: "cus_1".into(),
        plan: plan.into(),
        interval: None,
        currency: None,
        period_end: None,
        credits_left: 1000,
        balances: vec![],
        unlimited_until: None,
        cancel_at_period_end: false,
        scheduled_change: None,
    }
}

fn paid(subscription: &Subscription) -> PaidPlan<'_> {
    PaidPlan { subscription, scheduled: None, cancel_at_period_end: false, offer: None }
}

fn facts<'a>(paid: Option<PaidPlan<'a>>, cycle: Option<CycleCredits>) -> AccountFacts<'a> {
    let plan = paid.map_or("free", |p| p.subscription.plan_id.as_str());
    AccountFacts { subscription: view(plan), paid, cycle, held: 0, auto_top_up: None, recent_work: vec![] }
}

fn work(model: &str, resolution: &str, seconds: Option<u32>, count: u64) -> RecentWork {
    RecentWork { model: model.into(), resolution: resolution.into(), seconds, count }
}

fn spent(allowance: u64, used: u64) -> CycleUsage {
    CycleUsage { allowance, used, starts_at: at("2027-02-01T09:00:00Z"), ends_at: at("2027-03-01T09:00:00Z") }
}

#[test]
fn the_renewal_is_what_the_renewal_charges_with_the_offer_and_the_catalogs_tax_rule() {
    let catalog = catalog();
    let pro = subscription("pro", Interval::Monthly);
    let list = catalog.plan_price("pro", Interval::Monthly, Currency::USD, pro.period_end).unwrap().charged;
    let renewal = catalog.account_view(facts(Some(paid(&pro)), None), now()).unwrap().renewal.unwrap();
    let tax = catalog.tax.get(&Currency::USD).cloned();
    let expected = Renewal {
        at: pro.period_end,
        plan: "pro".into(),
        interval: Interval::Monthly,
        amount: list,
        offer_applied: false,
        tax: tax.clone(),
    };
    assert_eq!(renewal, expected);

    let offer = OfferRunning { percent_off: 30, renewals_left: 3 };
    let retained = PaidPlan { offer: Some(offer), ..paid(&pro) };
    let renewal = catalog.account_view(facts(Some(retained), None), now()).unwrap().renewal.unwrap();
    let charged = catalog.next_renewal(&pro, None, false, Some(offer)).unwrap().unwrap().next.paid;
    assert_eq!(charged, RetentionOffer { percent_off: 30, months: 3 }.price(list.minor));
    assert_eq!((renewal.amount.minor, renewal.offer_applied), (charged, true), "what the renewal charges");

    let downgrade = PaidPlan { scheduled: Some(("basic", Interval::Monthly)), ..paid(&pro) };
    let renewal = catalog.account_view(facts(Some(downgrade), None), now()).unwrap().renewal.unwrap();
    assert_eq!((renewal.plan.as_str(), renewal.amount.minor), ("basic", 1000), "the scheduled plan renews");
    for ends in [
        PaidPlan { cancel_at_period_end: true, ..paid(&pro) },
        PaidPlan { scheduled: Some(("free", Interval::Monthly)), ..paid(&pro) },
    ] {
        assert_eq!(catalog.account_view(facts(Some(ends), None), now()).unwrap().renewal, None);
    }
    assert_eq!(catalog.account_view(facts(None, None), now()).unwrap().renewal, None, "the free plan");
    let retired = Subscription { plan_id: "platinum".into(), ..pro };
    assert!(catalog.account_view(facts(Some(paid(&retired)), None), now()).is_err(), "as its renewal would fail");
}

#[test]
fn the_cycle_is_its_granted_plan_credits_and_what_is_spent_of_them() {
    let catalog = catalog();
    let anchor = at("2027-01-15T09:00:00Z");
    let cycle = catalog.next_cycle(catalog.first_cycle(anchor));
    let credits = CycleCredits { cycle, granted: 4000, left: 1500 };
    let shown = catalog.account_view(facts(None, Some(credits)), now()).unwrap().cycle.unwrap();
    let expected =
        CycleUsage { allowance: 4000, used: 2500, starts_at: at("2027-02-15T09:00:00Z"), ends_at: cycle.end };
    assert_eq!(shown, expected);
    let nothing = CycleCredits { granted: 0, left: 0, ..credits };
    assert_eq!(catalog.account_view(facts(None, Some(nothing)), now()).unwrap().cycle, None);
    assert_eq!(catalog.account_view(facts(None, None), now()).unwrap().cycle, None);
}

#[test]
fn the_unlimited_models_are_the_plans_until_the_grant_ends() {
    let catalog = catalog();
    let until = now() + Duration::days(200);
    let ultimate = Subscription { unlimited_until: Some(until), ..subscription("ultimate", Interval::Monthly) };
    let shown = catalog.account_view(facts(Some(paid(&ultimate)), None), now()).unwrap().unlimited;
    let plan = catalog.plan("ultimate").unwrap();
    let expected: Vec<UnlimitedInForce> = plan
        .unlimited
        .iter()
        .map(|u| UnlimitedInForce { model: u.model.clone(), up_to: u.up_to.clone(), until })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(shown, expected);
    assert!(catalog.account_view(facts(Some(paid(&ultimate)), None), until).unwrap().unlimited.is_empty());
}

#[test]
fn a_low_balance_is_the_first_mark_reached_or_nothing_left() {
    let catalog = catalog();
    let pro = subscription("pro", Interval::Monthly);
    let low = |cycle: Option<&CycleUsage>, left: u64| catalog.low_balance(Some(&pro), cycle, left, vec![], now());
    assert_eq!(low(Some(&spent(4000, 3199)), 801), None);
    for (used, mark) in [(3200, 80), (3600, 90), (4000, 100)] {
        assert_eq!(low(Some(&spent(4000, used)), 4000 - used).map(|l| l.percent_spent), Some(mark), "{used}");
    }
    assert_eq!(low(None, 0).map(|l| l.percent_spent), Some(100), "nothing left, without a cycle");
    assert_eq!(low(None, 1), None);
    let nothing = low(Some(&spent(4000, 4000)), 0).unwrap();
    assert_eq!((nothing.recent_work, nothing.plan, nothing.packs), (vec![], None, vec![]), "no work, no suggestion");
}

#[test]
fn nothing_left_is_no_shortage_when_everything_the_plan_makes_is_unlimited() {
    let mut catalog = catalog();
    let until = now() + Duration::days(30);
    let pro = Subscription { unlimited_until: Some(until), ..subscription("pro", Interval::Monthly) };
    assert!(catalog.low_balance(Some(&pro), None, 0, vec![], now()).is_some(), "Pro's Unlimited is on some models");
    let everything: Vec<UnlimitedModel> = catalog
        .models
        .iter()
        .map(|m| UnlimitedModel { model: m.id.clone(), up_to: m.resolutions.last().unwrap().id.clone() })
        .collect();
    catalog.plans.iter_mut().find(|p| p.id == "pro").unwrap().unlimited = everything;
    assert_eq!(catalog.low_balance(Some(&pro), None, 0, vec![], now()), None);
    assert!(catalog.low_balance(Some(&pro), None, 0, vec![], until).is_some(), "once the grant ends");
    let marked = catalog.low_balance(Some(&pro), Some(&spent(4000, 3600)), 0, vec![], now());
    assert_eq!(marked.map(|l| l.percent_spent), Some(90), "a mark reached is said all the same");
}

#[test]
fn the_suggestion_is_the_finder_on_the_customers_own_work() {
    let catalog = catalog();
    let basic = subscription("basic", Interval::Monthly);
    let recent = vec![
        work("nano-banana", "1K", None, 40),
        work("kling-3.0", "1080p", Some(10), 90),
        work("kling-3.0", "1080p", Some(7), 500), // a duration the catalog does not offer
        work("sora", "1080p", Some(10), 500),     // a model it no longer has
        work("flux-dev", "1K", None, 40),
    ];
    let low = catalog.low_balance(Some(&basic), Some(&spent(1200, 1200)), 0, recent, now()).unwrap();
    let expected_work = vec![
        work("kling-3.0", "1080p", Some(10), 90),
        work("flux-dev", "1K", None, 40),
        work("nano-banana", "1K", None, 40),
    ];
    assert_eq!(low.recent_work, expected_work, "the most frequent first, then by name; only what can be made");
    let lines: Vec<WorkLine> = expected_work.iter().map(WorkLine::from).collect();
    let found = catalog.find_plan(&lines, Interval::Monthly, Currency::USD, now()).unwrap();
    assert_ne!(found.best.plan, "basic", "this work is cheaper on a larger plan");
    assert_eq!(low.plan, Some(found.best.plan));
    let own = catalog.choice(catalog.plan("basic").unwrap(), &lines, Interval::Monthly, Currency::USD, now());
    let own: Vec<PackCount> =
        own.unwrap().unwrap().packs.into_iter().map(|(pack, count)| PackCount { pack, count }).collect();
    assert!(!own.is_empty());
    assert_eq!(low.packs, own, "the packs Basic needs for it");
}

#[test]
fn the_suggestion_keeps_the_most_frequent_lines_and_names_no_plan_when_the_customers_is_best() {
    let catalog = catalog();
    let recent = vec![work("flux-dev", "1K", None, 3), work("nano-banana", "1K", None, 100)];
    let low = catalog.low_balance(None, Some(&spent(150, 150)), 0, recent, now()).unwrap();
    assert_eq!(low.recent_work, [work("nano-banana", "1K", None, 100), work("flux-dev", "1K", None, 3)]);
    let lines: Vec<WorkLine> = low.recent_work.iter().map(WorkLine::from).collect();
    let found = catalog.find_plan(&lines, Interval::Monthly, catalog.default_currency(), now()).unwrap();
    assert_eq!(found.best.plan, "free", "the free plan with a pack is cheapest for a little work");
    assert_eq!(low.plan, None, "the customer's own plan is not suggested");
    let packs: Vec<(&str, u32)> = low.packs.iter().map(|p| (p.pack.as_str(), p.count)).collect();
    assert_eq!(packs, [("pack-500", 1)]);

    let many: Vec<RecentWork> = catalog
        .models
        .iter()
        .map(|m| {
            let line = m.work_line(1);
            work(&line.model, &line.resolution, line.seconds, 1)
        })
        .collect();
    assert!(many.len() > MOST_WORK_LINES);
    let low = catalog.low_balance(None, None, 0, many, now()).unwrap();
    assert_eq!(low.recent_work.len(), MOST_WORK_LINES);
}

#[test]
fn an_account_view_without_a_cycle_or_plan_is_the_free_plans() {
    let catalog = catalog();
    let shown = catalog.account_view(facts(None, None), now()).unwrap();
    let expected = AccountView {
        subscription: view("free"),
        renewal: None,
        cycle: None,
        held: 0,
        unlimited: vec![],
        auto_top_up: None,
        low_balance: None,
    };
    assert_eq!(shown, expected);
}
