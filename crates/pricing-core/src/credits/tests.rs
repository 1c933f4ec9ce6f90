use super::*;
use crate::DEFAULT_CATALOG_JSON;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn grant(id: i64, source: CreditSource, left: u64, expires_at: &str) -> Grant {
    Grant { id, source, left, expires_at: at(expires_at) }
}

#[test]
fn plan_credits_go_first_then_packs_soonest_expiring_first() {
    let now = at("2027-02-10T00:00:00Z");
    let grants = [
        grant(1, CreditSource::Pack, 500, "2027-12-01T00:00:00Z"),
        grant(2, CreditSource::Pack, 100, "2027-06-01T00:00:00Z"),
        grant(3, CreditSource::Plan, 40, "2027-03-01T00:00:00Z"),
        grant(4, CreditSource::Pack, 999, "2027-02-01T00:00:00Z"), // expired
        grant(5, CreditSource::Plan, 0, "2027-03-01T00:00:00Z"),
    ];
    let debits = spend(&grants, 200, now).unwrap();
    assert_eq!(
        debits,
        [Debit { grant: 3, credits: 40 }, Debit { grant: 2, credits: 100 }, Debit { grant: 1, credits: 60 }]
    );
    assert_eq!(spend(&grants, 641, now), Err(CreditsShort { needed: 641, available: 640 }));
    assert_eq!(spend(&grants, 0, now), Ok(vec![]));
}

#[test]
fn cycles_count_from_the_anchor_and_end_with_an_annual_period() {
    let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
    assert_eq!(catalog.credit_cycle_months, 1);
    let anchor = at("2027-01-31T12:00:00Z");
    assert_eq!(catalog.cycle_end(anchor, anchor), at("2027-02-28T12:00:00Z"));
    assert_eq!(catalog.cycle_end(anchor, at("2027-02-28T12:00:00Z")), at("2027-03-31T12:00:00Z"));
    assert_eq!(catalog.cycle_end(anchor, at("2027-12-31T11:00:00Z")), at("2027-12-31T12:00:00Z"));
    let year_end = crate::period_end(anchor, crate::Interval::Annual);
    assert_eq!(catalog.cycle_end(anchor, at("2027-12-31T12:00:00Z")), year_end);
    let pack = &catalog.credit_packs[0];
    assert_eq!(catalog.pack_expiry(&pack.id, anchor), Some(anchor + Duration::days(pack.valid_days.into())));
}

#[test]
fn a_cycle_starts_where_the_one_before_it_ended() {
    let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
    let anchor = at("2027-01-31T12:00:00Z");
    let first = catalog.first_cycle(anchor);
    assert_eq!(catalog.cycle_start(first), anchor);
    let mut cycle = first;
    for _ in 0..14 {
        let next = catalog.next_cycle(cycle);
        assert_eq!(catalog.cycle_start(next), cycle.end, "{next:?}");
        cycle = next;
    }
    let quarterly = Catalog { credit_cycle_months: 3, ..catalog };
    let cycle = Cycle { anchor, end: quarterly.cycle_end(anchor, at("2027-06-01T00:00:00Z")) };
    assert_eq!((quarterly.cycle_start(cycle), cycle.end), (at("2027-04-30T12:00:00Z"), at("2027-07-31T12:00:00Z")));
}

#[test]
fn unlimited_generations_are_free_only_while_the_grant_runs() {
    let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
    let (plan, unlimited) =
        catalog.plans.iter().find_map(|p| p.unlimited.first().map(|u| (p, u))).expect("a plan with an Unlimited model");
    let model = catalog.model(&unlimited.model).unwrap();
    let seconds = model.durations_s.first().copied();
    let now = at("2027-02-10T00:00:00Z");
    let cost = model.credits_per_output(&unlimited.up_to, seconds).unwrap();
    let charge = |until| catalog.usage_charge(Some(plan), until, &model.id, &unlimited.up_to, seconds, now).unwrap();
    assert_eq!(charge(Some(now + Duration::days(1))), UsageCharge { queue: Queue::Standard, credits: 0 });
    assert_eq!(charge(Some(now)), UsageCharge { queue: Queue::Priority, credits: cost });
    assert_eq!(charge(None), UsageCharge { queue: Queue::Priority, credits: cost });
    assert!(catalog.usage_charge(Some(plan), None, "no-such-model", "720p", None, now).is_err());
    let retired = catalog.usage_charge(None, Some(now + Duration::days(1)), &model.id, &unlimited.up_to, seconds, now);
    assert_eq!(retired, Ok(UsageCharge { queue: Queue::Priority, credits: cost }), "a retired plan has no Unlimited");
    for queue in [Queue::Standard, Queue::Priority] {
        assert_eq!(queue.as_str().parse(), Ok(queue));
        assert_eq!(serde_json::to_string(&queue).unwrap(), format!("\"{}\"", queue.as_str()));
    }
    for source in [CreditSource::Plan, CreditSource::Pack] {
        assert_eq!(source.as_str().parse(), Ok(source));
        assert_eq!(serde_json::to_string(&source).unwrap(), format!("\"{}\"", source.as_str()));
    }
}

#[test]
fn a_generation_on_a_model_the_plan_does_not_include_is_refused() {
    let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
    let free = catalog.free_plan();
    let model = catalog.models.iter().find(|m| !free.includes(&m.id)).expect("a model Free does not include");
    let (seconds, resolution) = model.settle(0, "");
    let now = at("2027-02-10T00:00:00Z");
    match catalog.usage_charge(Some(free), None, &model.id, &resolution, seconds, now) {
        Err(UsageRefused::NotIncluded(refused)) => {
            assert_eq!(refused.plan, free.id);
            assert_eq!(refused.unlocked_by.as_deref(), catalog.smallest_plan_with(&model.id).map(|p| p.id.as_str()));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let paid = catalog.smallest_plan_with(&model.id).unwrap();
    assert!(catalog.usage_charge(Some(paid), None, &model.id, &resolution, seconds, now).is_ok());
}

#[test]
fn periods_are_settled_before_the_cycles_they_end() {
    let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
    let start = at("2027-01-15T00:00:00Z");
    let cycle = catalog.first_cycle(start);
    assert_eq!(cycle, Cycle { anchor: start, end: at("2027-02-15T00:00:00Z") });
    assert_eq!(catalog.next_cycle(cycle).end, at("2027-03-15T00:00:00Z"));
    let (during, after) = (at("2027-02-01T00:00:00Z"), at("2027-02-20T00:00:00Z"));
    assert_eq!(catalog.due(None, cycle, during), Due::Nothing);
    assert_eq!(catalog.due(None, cycle, after), Due::CycleEnd);
    assert_eq!(catalog.due(Some(cycle.end), cycle, after), Due::PeriodEnd, "a monthly period ends with its cycle");
    let year_end = crate::period_end(start, crate::Interval::Annual);
    assert_eq!(catalog.due(Some(year_end), cycle, after), Due::CycleEnd, "an annual period runs on");
    assert_eq!(catalog.due(Some(during), cycle, during), Due::PeriodEnd);
}

#[test]
fn a_plan_change_moves_the_cycle_and_the_running_plan_credits() {
    let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
    let now = at("2027-02-10T00:00:00Z");
    let started = catalog.subscription_started(now);
    assert_eq!(started.cycle, catalog.first_cycle(now));
    assert_eq!(started.running_plan_credits_expire, Some(now), "the free plan's credits end at once");
    let period_start = at("2027-02-01T00:00:00Z");
    let running = catalog.first_cycle(period_start);
    let same_period = catalog.cycle_after_upgrade(Some(running), period_start, now);
    assert_eq!(same_period, CycleChange { cycle: running, running_plan_credits_expire: None });
    let new_year = catalog.cycle_after_upgrade(Some(running), now, now);
    assert_eq!(new_year.cycle, catalog.first_cycle(now));
    assert_eq!(new_year.running_plan_credits_expire, Some(new_year.cycle.end), "they last into the new cycle");
}
