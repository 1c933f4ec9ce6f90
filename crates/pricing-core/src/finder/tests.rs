use proptest::prelude::*;

use super::*;
use crate::catalog::ModelKind;
use crate::DEFAULT_CATALOG_JSON;

fn catalog() -> Catalog {
    Catalog::parse(DEFAULT_CATALOG_JSON).unwrap()
}

fn at() -> DateTime<Utc> {
    "2026-11-25T12:00:00Z".parse().unwrap()
}

/// Every plan that lists every model of the work (a plan without a list has every model) with
/// every set of pack counts (each 0..=MOST, at most MOST in all): the cheapest that covers the
/// work, ties to fewer packs, then to the smaller plan.
fn brute_force(
    catalog: &Catalog,
    work: &[WorkLine],
    interval: Interval,
    currency: Currency,
) -> Option<(String, Vec<u32>, i64)> {
    let packs: Vec<&CreditPack> = catalog.credit_packs.iter().collect();
    let mut best: Option<(i64, u32, usize, String, Vec<u32>)> = None;
    let mut counts = vec![0u32; packs.len()];
    for (rank, plan) in catalog.plans.iter().enumerate() {
        let lacks = |line: &WorkLine| plan.models.as_ref().is_some_and(|models| !models.contains(&line.model));
        if work.iter().any(|line| line.count > 0 && lacks(line)) {
            continue;
        }
        let needed = catalog.work_credits(plan, work).unwrap();
        let price = catalog.plan_price(&plan.id, interval, currency, at()).unwrap().charged.minor;
        let combinations = (MOST_PACKS_PER_MONTH + 1).pow(packs.len() as u32);
        for mut code in 0..combinations {
            for count in counts.iter_mut() {
                *count = code % (MOST_PACKS_PER_MONTH + 1);
                code /= MOST_PACKS_PER_MONTH + 1;
            }
            let total: u32 = counts.iter().sum();
            let credits: u64 =
                plan.credits_per_month + counts.iter().zip(&packs).map(|(n, p)| u64::from(*n) * p.credits).sum::<u64>();
            if total > MOST_PACKS_PER_MONTH || credits < needed {
                continue;
            }
            let packs_price: i64 =
                counts.iter().zip(&packs).map(|(n, p)| i64::from(*n) * p.price(currency).unwrap().minor).sum();
            let cost = price + packs_price * i64::from(interval.months());
            let key = (cost, total, rank);
            if best.as_ref().is_none_or(|(c, t, r, _, _)| key < (*c, *t, *r)) {
                best = Some((cost, total, rank, plan.id.clone(), counts.clone()));
            }
        }
    }
    best.map(|(cost, _, _, plan, counts)| (plan, counts, cost))
}

/// Any line of work the catalog offers: a model, one of its resolutions and durations.
fn work_line() -> impl Strategy<Value = WorkLine> {
    let models = catalog().models;
    (0..models.len(), any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0u64..400).prop_map(
        move |(m, resolution, duration, count)| {
            let model = &models[m];
            WorkLine {
                model: model.id.clone(),
                resolution: resolution.get(&model.resolutions).id.clone(),
                seconds: (model.kind == ModelKind::Video).then(|| *duration.get(&model.durations_s)),
                count,
            }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_finder_finds_what_trying_everything_finds(
        work in prop::collection::vec(work_line(), 0..10),
        annual in any::<bool>(),
        currency in prop::sample::select(catalog().currencies),
    ) {
        let catalog = catalog();
        let interval = if annual { Interval::Annual } else { Interval::Monthly };
        let found = catalog.find_plan(&work, interval, currency, at());
        match (found, brute_force(&catalog, &work, interval, currency)) {
            (Ok(found), Some((plan, counts, cost))) => {
                prop_assert_eq!(&found.best.plan, &plan);
                prop_assert_eq!(found.best.per_interval.minor, cost);
                let bought: Vec<(String, u32)> = catalog.credit_packs.iter().zip(counts).filter(|(_, n)| *n > 0).map(|(p, n)| (p.id.clone(), n)).collect();
                prop_assert_eq!(&found.best.packs, &bought);
                if let Some(next) = found.next_best {
                    prop_assert!(next.plan != found.best.plan && next.per_interval.minor >= cost);
                }
            }
            (Err(FinderError::NothingFits { .. }), None) => {}
            (found, expected) => prop_assert!(false, "finder {found:?}, brute force {expected:?}"),
        }
    }

    /// A plan's own choice is what the finder weighs: the best is the best plan's choice, and no
    /// plan's choice costs less; a plan without a model of the work has none.
    #[test]
    fn the_best_is_the_cheapest_of_every_plans_own_choice(
        work in prop::collection::vec(work_line(), 0..6),
        annual in any::<bool>(),
    ) {
        let catalog = catalog();
        let interval = if annual { Interval::Annual } else { Interval::Monthly };
        let found = catalog.find_plan(&work, interval, Currency::USD, at());
        for plan in &catalog.plans {
            let choice = catalog.choice(plan, &work, interval, Currency::USD, at()).unwrap();
            if work.iter().any(|line| line.count > 0 && !plan.includes(&line.model)) {
                prop_assert_eq!(&choice, &None);
            }
            match (&found, choice) {
                (Ok(found), Some(choice)) if choice.plan == found.best.plan => prop_assert_eq!(&choice, &found.best),
                (Ok(found), Some(choice)) => prop_assert!(choice.per_interval.minor >= found.best.per_interval.minor),
                (Err(_), Some(choice)) => prop_assert!(false, "nothing fits, yet {choice:?}"),
                (_, None) => {}
            }
        }
    }
}

fn line(model: &str, resolution: &str, seconds: Option<u32>, count: u64) -> WorkLine {
    WorkLine { model: model.into(), resolution: resolution.into(), seconds, count }
}

#[test]
fn work_on_a_model_a_plan_does_not_include_goes_to_a_plan_that_does() {
    let catalog = catalog();
    let free = catalog.free_plan();
    let model = catalog.models.iter().find(|m| !free.includes(&m.id)).expect("a model Free does not include");
    let (seconds, resolution) = model.settle(0, "");
    // One output: Free with a pack would cost less than any paid plan, but Free cannot run it.
    let work = [line(&model.id, &resolution, seconds, 1)];
    let found = catalog.find_plan(&work, Interval::Monthly, Currency::USD, at()).unwrap();
    assert_eq!(found.best.plan, catalog.smallest_plan_with(&model.id).unwrap().id);
    assert!(found.next_best.is_some_and(|next| next.plan != free.id));
    let none = [line(&model.id, &resolution, seconds, 0)];
    assert_eq!(catalog.find_plan(&none, Interval::Monthly, Currency::USD, at()).unwrap().best.plan, free.id);
}

#[test]
fn no_work_is_the_free_plan() {
    let found = catalog().find_plan(&[], Interval::Monthly, Currency::USD, at()).unwrap();
    assert_eq!((found.best.plan.as_str(), found.best.per_interval.minor), ("free", 0));
    assert!(found.next_best.is_some());
}

#[test]
fn unlimited_work_spends_no_credits_on_the_plans_that_have_it() {
    let catalog = catalog();
    let unlimited = catalog.plans.iter().find(|p| !p.unlimited.is_empty()).unwrap();
    let model = &unlimited.unlimited[0];
    let work =
        [line(&model.model, &model.up_to, catalog.model(&model.model).unwrap().durations_s.first().copied(), 10_000)];
    assert_eq!(catalog.work_credits(unlimited, &work).unwrap(), 0);
    let free = catalog.plan("free").unwrap();
    assert!(catalog.work_credits(free, &work).unwrap() > 0);
    let found = catalog.find_plan(&work, Interval::Monthly, Currency::USD, at()).unwrap();
    assert!(catalog.plan(&found.best.plan).unwrap().is_unlimited(catalog.model(&model.model).unwrap(), &model.up_to));
}

#[test]
fn more_than_the_largest_plan_with_packs_fits_nothing() {
    let catalog = catalog();
    let largest = catalog.plans.last().unwrap().credits_per_month;
    let most_pack = catalog.credit_packs.iter().map(|p| p.credits).max().unwrap() * u64::from(MOST_PACKS_PER_MONTH);
    let unlimited_anywhere =
        |m: &crate::catalog::Model| catalog.plans.iter().any(|p| p.is_unlimited(m, &m.resolutions[0].id));
    let image = catalog.models.iter().find(|m| m.kind == ModelKind::Image && !unlimited_anywhere(m)).unwrap();
    let cost = image.credits_per_output(&image.resolutions[0].id, None).unwrap();
    let work = [line(&image.id, &image.resolutions[0].id, None, (largest + most_pack) / cost + 1)];
    let found = catalog.find_plan(&work, Interval::Monthly, Currency::EUR, at());
    assert!(
        matches!(found, Err(FinderError::NothingFits { credits_needed }) if credits_needed > largest + most_pack),
        "{found:?}"
    );
}

#[test]
fn a_line_the_catalog_does_not_offer_is_an_error() {
    let found = catalog().find_plan(&[line("kling-3.0", "8K", Some(5), 1)], Interval::Monthly, Currency::USD, at());
    assert!(matches!(found, Err(FinderError::Work(EstimateError::UnknownResolution { .. }))), "{found:?}");
}

#[test]
fn written_work_reads_back_as_written_and_fills_what_it_leaves_out() {
    let catalog = catalog();
    let work = vec![line("kling-3.0", "1080p", Some(10), 30), line("nano-banana", "1K", None, 200)];
    assert_eq!(work_text(&work), "kling-3.0:1080p:10s:30,nano-banana:1K:200");
    assert_eq!(catalog.parse_work(&work_text(&work)), Ok(work));
    let kling = catalog.model("kling-3.0").unwrap();
    let shortest = kling.durations_s.iter().copied().min();
    assert_eq!(
        catalog.parse_work(" kling-3.0:50 ,"),
        Ok(vec![line("kling-3.0", &kling.resolutions[0].id, shortest, 50)])
    );
    assert_eq!(catalog.parse_work("kling-3.0:10s:5").unwrap()[0].seconds, Some(10));
    assert_eq!(catalog.parse_work(""), Ok(vec![]));
}

#[test]
fn written_work_the_catalog_does_not_offer_is_refused_with_its_reason() {
    let catalog = catalog();
    for (text, expected) in [
        ("kling-3.0", WorkTextError::Malformed("kling-3.0".into())),
        ("kling-3.0:many", WorkTextError::Malformed("kling-3.0:many".into())),
        (
            "nano-banana:5s:3",
            WorkTextError::Work(EstimateError::UnknownResolution {
                model: "nano-banana".into(),
                resolution: "5s".into(),
            }),
        ),
        // Parts in their places, each once.
        ("kling-3.0:720p:1080p:5", WorkTextError::Malformed("kling-3.0:720p:1080p:5".into())),
        ("kling-3.0:10s:720p:5", WorkTextError::Malformed("kling-3.0:10s:720p:5".into())),
        ("kling-3.0:720p:10s:5s:5", WorkTextError::Malformed("kling-3.0:720p:10s:5s:5".into())),
        (
            "kling-3.0:5s:10s:3",
            WorkTextError::Work(EstimateError::UnknownResolution {
                model: "kling-3.0".into(),
                resolution: "5s".into(),
            }),
        ),
        ("sora:3", WorkTextError::Work(EstimateError::UnknownModel("sora".into()))),
        (
            "kling-3.0:7s:3",
            WorkTextError::Work(EstimateError::DurationNotOffered { model: "kling-3.0".into(), seconds: Some(7) }),
        ),
        (&["flux-dev:1"; MOST_WORK_LINES + 1].join(","), WorkTextError::TooManyLines),
    ] {
        assert_eq!(catalog.parse_work(text), Err(expected), "{text}");
    }
    assert!(WorkTextError::Malformed("x".into()).to_string().contains("model[:resolution][:seconds s]:count"));
}

#[test]
fn the_chart_prices_one_output_on_every_paid_plan_and_pack() {
    let catalog = catalog();
    let kling = catalog.model("kling-3.0").unwrap();
    let cost = kling.credits_per_output("720p", Some(5)).unwrap();
    let prices = catalog.output_prices(kling, "720p", cost, Interval::Monthly, Currency::USD, at());
    let paid: Vec<_> = catalog.plans.iter().filter(|p| !p.free).collect();
    assert_eq!(prices.len(), paid.len() + catalog.credit_packs.len());
    for interval in Interval::ALL {
        let prices = catalog.output_prices(kling, "720p", cost, interval, Currency::EUR, at());
        for (price, plan) in prices.iter().zip(&paid) {
            assert_eq!(price.name, plan.name);
            assert_eq!(price.unlimited, plan.is_unlimited(kling, "720p"));
            // What the interval charges, over the outputs its months of credits make.
            let charged = catalog.plan_price(&plan.id, interval, Currency::EUR, at()).unwrap().charged.minor;
            let outputs = (plan.credits_per_month * u64::from(interval.months())) as f64 / cost as f64;
            let each = price.each.unwrap().minor as f64;
            assert!(
                (each - charged as f64 / outputs).abs() <= 0.5,
                "{} {interval:?}: {each} vs {charged} / {outputs}",
                plan.name
            );
        }
    }
    for (price, pack) in prices[paid.len()..].iter().zip(&catalog.credit_packs) {
        // A pack's price spread over the outputs its credits buy, rounded to the minor unit.
        let outputs = (pack.credits / cost) as i64;
        let minor = pack.price(Currency::USD).unwrap().minor;
        let each = price.each.unwrap().minor;
        assert!((each * outputs - minor).abs() <= outputs, "{}: {each} × {outputs} ≉ {minor}", pack.name);
        assert!(!price.unlimited);
    }
}

#[test]
fn work_beyond_any_count_of_packs_fits_nothing_instead_of_overflowing() {
    let catalog = catalog();
    for count in [u64::from(u32::MAX) * 6_000, u64::MAX] {
        let found = catalog.find_plan(&[line("flux-dev", "1K", None, count)], Interval::Monthly, Currency::USD, at());
        assert!(matches!(found, Err(FinderError::NothingFits { .. })), "{count}: {found:?}");
    }
}

#[test]
fn a_typical_month_is_the_cards_models_and_a_saving_is_against_the_next_best() {
    let catalog = catalog();
    let basis = &catalog.estimate_basis;
    let month = catalog.typical_month();
    assert_eq!(
        month.iter().map(|l| (l.model.as_str(), l.count)).collect::<Vec<_>>(),
        [
            (basis.video_model.as_str(), TYPICAL_VIDEOS_PER_MONTH),
            (basis.image_model.as_str(), TYPICAL_IMAGES_PER_MONTH)
        ]
    );
    let found = catalog.find_plan(&month, Interval::Monthly, Currency::USD, at()).unwrap();
    let next = found.next_best.as_ref().unwrap();
    assert_eq!(found.saving_per_month().unwrap().minor, next.per_month.minor - found.best.per_month.minor);
    let tie = Recommendation { best: found.best.clone(), next_best: Some(found.best.clone()) };
    assert_eq!(tie.saving_per_month(), None, "a tie saves nothing");
}
