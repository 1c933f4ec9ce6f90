use leptos::either::Either;
use leptos::prelude::*;
use pricing_core::catalog::{Catalog, Model, ModelKind};
use pricing_core::finder::{FinderError, Recommendation, WorkLine, MOST_PACKS_PER_MONTH};

use crate::events::WidgetEvent;
use crate::finder_line::FinderLine;
use crate::format;
use crate::purchase;
use crate::state::use_pricing;

/// A line of work as the visitor edits it, with a key that survives edits of other lines.
#[derive(Clone, Debug, PartialEq)]
pub struct EditedLine {
    pub key: u32,
    pub work: WorkLine,
}

/// `count` outputs of `model` at its lowest resolution and (video) shortest duration.
pub fn line_for(model: &Model, count: u64) -> WorkLine {
    WorkLine {
        model: model.id.clone(),
        resolution: model.resolutions.first().map(|r| r.id.clone()).unwrap_or_default(),
        seconds: (model.kind == ModelKind::Video).then(|| model.durations_s.iter().copied().min().unwrap_or(5)),
        count,
    }
}

/// A month of typical work: videos and images on the catalog's estimate basis.
fn starting_lines(catalog: &Catalog) -> Vec<EditedLine> {
    let basis = &catalog.estimate_basis;
    [(&basis.video_model, 30), (&basis.image_model, 200)]
        .into_iter()
        .filter_map(|(id, count)| catalog.model(id).map(|m| line_for(m, count)))
        .enumerate()
        .map(|(key, work)| EditedLine { key: key as u32, work })
        .collect()
}

/// "Which plan is cheapest for what I make?": the visitor lists a month of work, the finder
/// (`pricing_core::finder`) answers with a plan, with packs when they pay off, and what it
/// saves against the next best plan; its button starts that plan's checkout.
#[component]
pub fn PlanFinder() -> impl IntoView {
    let state = use_pricing();
    let (catalog, words) = (state.catalog.clone(), state.words.clone());
    let (interval, currency, now) = (state.interval, state.currency, state.now);
    let lines = RwSignal::new(starting_lines(&catalog));
    let next_key = StoredValue::new(lines.with_untracked(|l| l.len() as u32));
    let found = {
        let catalog = catalog.clone();
        Memo::new(move |_| {
            let work: Vec<WorkLine> = lines.with(|lines| lines.iter().map(|l| l.work.clone()).collect());
            catalog.find_plan(&work, interval.get(), currency.get(), now)
        })
    };
    {
        let state = state.clone();
        Effect::new(move |_| {
            if let Ok(found) = found.get() {
                state.emit(WidgetEvent::PlanRecommended { plan: &found.best.plan, per_month: found.best.per_month });
            }
        });
    }
    let add = {
        let catalog = catalog.clone();
        move |_| {
            let Some(model) = catalog.models.first() else { return };
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            lines.update(|lines| lines.push(EditedLine { key, work: line_for(model, 10) }));
        }
    };
    let title_id = state.id("finder-title");
    let title_ref = title_id.clone();
    let answer = {
        let (state, words) = (state.clone(), words.clone());
        move || match found.get() {
            Ok(found) => Some(Either::Left(recommendation(&state, &words, found))),
            Err(FinderError::NothingFits { .. }) => {
                let email = state.catalog.support.email.clone();
                let most = MOST_PACKS_PER_MONTH.to_string();
                let (before, after) = words.around("finder.nothing_fits", None, &[("packs", &most)], "email");
                Some(Either::Right(
                    view! { <p>{before}<a href=format!("mailto:{email}")>{email.clone()}</a>{after}</p> },
                ))
            }
            Err(_) => None,
        }
    };
    view! {
        <section class="pw-finder" part="finder" aria-labelledby=title_ref>
            <h2 id=title_id>{words.text("finder.title")}</h2>
            <p class="pw-note">{words.text("finder.intro")}</p>
            <ul class="pw-finder-lines">
                <For each=move || lines.get() key=|line| line.key let:line>
                    <FinderLine key=line.key lines/>
                </For>
            </ul>
            <button type="button" class="pw-secondary" on:click=add>{words.text("finder.add")}</button>
            <div class="pw-finder-answer" aria-live="polite">{answer}</div>
        </section>
    }
}

/// The answer: the plan and packs, their price, why, and what the next best would cost more.
fn recommendation(state: &crate::state::Pricing, words: &crate::words::Words, found: Recommendation) -> impl IntoView {
    let catalog = &state.catalog;
    let best = &found.best;
    let plan = catalog.plan(&best.plan).map(|p| p.name.clone()).unwrap_or_default();
    let packs: Vec<String> = best
        .packs
        .iter()
        .filter_map(|(id, n)| {
            catalog.credit_pack(id).map(|p| words.count("finder.pack_count", (*n).into(), &[("pack", &p.name)]))
        })
        .collect();
    let price = format::money(best.per_month, &state.locale);
    let headline = match packs.is_empty() {
        true => words.fill("finder.plan_alone", &[("plan", &plan), ("price", &price)]),
        false => {
            words.fill("finder.plan_and_packs", &[("plan", &plan), ("packs", &packs.join(", ")), ("price", &price)])
        }
    };
    let credits = format::number(best.credits_needed, &state.locale);
    let why = words.fill("finder.why", &[("credits", &credits), ("plan", &plan)]);
    let saving = found.next_best.as_ref().map(|next| {
        let name = catalog.plan(&next.plan).map(|p| p.name.clone()).unwrap_or_default();
        let difference = pricing_core::Money::new(next.per_month.minor - best.per_month.minor, best.per_month.currency);
        words.fill("finder.saving", &[("amount", &format::money(difference, &state.locale)), ("plan", &name)])
    });
    let (choose, state) = (words.fill("cta.choose", &[("plan", &plan)]), state.clone());
    let id = best.plan.clone();
    let start = move |_| {
        let (interval, currency) = (state.interval.get_untracked(), state.currency.get_untracked());
        state.emit(WidgetEvent::PlanChosen { plan: &id, interval, currency });
        purchase::run(&state, purchase::plan_checkout(&id, interval, currency));
    };
    view! {
        <p class="pw-finder-best"><strong>{headline}</strong></p>
        <p>{why}" "{saving}</p>
        <button type="button" class="pw-cta" on:click=start>{choose}</button>
    }
}
