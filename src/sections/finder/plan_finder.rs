use leptos::either::Either;
use leptos::prelude::*;
use pricing_core::catalog::Catalog;
use pricing_core::finder::{work_text, FinderError, Recommendation, WorkLine, MOST_PACKS_PER_MONTH, MOST_WORK_LINES};

use crate::page::console::warn;
use crate::page::deep_link;
use crate::page::events::WidgetEvent;
use crate::purchase::buying::Buying;
use crate::purchase::plan_button::PlanButton;
use crate::sections::finder::finder_line::FinderLine;
use crate::state::{use_pricing, Pricing, Shown};
use crate::words::format;
use crate::words::Words;

/// The month of work the embedding wrote, else a typical month (a wrong one is named in the
/// console, never shown half-read).
fn first_lines(catalog: &Catalog, written: Option<&str>) -> Vec<WorkLine> {
    match written.map(|text| catalog.parse_work(text)) {
        Some(Ok(lines)) => lines,
        Some(Err(error)) => {
            warn(&format!("finder: {error}; starting from a typical month"));
            catalog.typical_month()
        }
        None => catalog.typical_month(),
    }
}

/// "Which plan is cheapest for what I make?": the visitor lists a month of work, the finder
/// (`pricing_core::finder`) answers with a plan, with packs when they pay off, and what it
/// saves against the next best plan; its button is the plan's own (`PlanButton`). The lines
/// live in a fixed row of slots (an empty slot shows nothing), so that no line is ever redrawn
/// for an edit of another.
#[component]
pub fn PlanFinder(
    /// The `finder` attribute or `pw_finder` link, as `pricing_core::finder::work_text` writes.
    written: Option<String>,
    shown: Shown,
    buying: Buying,
) -> impl IntoView {
    let state = use_pricing();
    let (catalog, words) = (state.catalog.clone(), state.words.clone());
    let (currency, now) = (shown.currency, state.now);
    let mut lines = first_lines(&catalog, written.as_deref()).into_iter();
    let slots: [RwSignal<Option<WorkLine>>; MOST_WORK_LINES] = std::array::from_fn(|_| RwSignal::new(lines.next()));
    let work = move || slots.iter().filter_map(|slot| slot.get()).collect::<Vec<_>>();
    let found = {
        let catalog = catalog.clone();
        Memo::new(move |_| catalog.find_plan(&work(), shown.interval(), currency.get(), now))
    };
    // Both only once the visitor changed something: an untouched finder says nothing.
    {
        let state = state.clone();
        Effect::new(move |changed: Option<()>| {
            if let (Ok(found), Some(())) = (found.get(), changed) {
                state.emit(WidgetEvent::PlanRecommended { plan: &found.best.plan, per_month: found.best.per_month });
            }
        });
    }
    if state.sync_url {
        Effect::new(move |changed: Option<()>| {
            let text = work_text(&work());
            if changed.is_some() {
                deep_link::write(&[(deep_link::FINDER, &text)]);
            }
        });
    }
    let full = move || slots.iter().all(|slot| slot.with(Option::is_some));
    // A new line goes below the last one (into the first free slot when the last slot is used).
    let add = {
        let catalog = catalog.clone();
        move |_| {
            let used = |slot: &RwSignal<Option<WorkLine>>| slot.with(Option::is_some);
            let after_last = slots.iter().rposition(used).map_or(0, |last| last + 1);
            let free = slots[after_last..].iter().chain(&slots[..after_last]).find(|slot| !used(slot));
            if let Some(slot) = free {
                slot.set(catalog.new_work_line());
            }
        }
    };
    let title_id = state.id("finder-title");
    let title_ref = title_id.clone();
    let answer = {
        let (state, words) = (state.clone(), words.clone());
        move || match found.get() {
            Ok(found) => Some(Either::Left(recommendation(&state, &words, found, shown, buying))),
            Err(FinderError::NothingFits { .. }) => {
                let email = state.catalog.support.email.clone();
                let most = words.number(MOST_PACKS_PER_MONTH.into());
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
            <ul class="pw-finder-lines">{slots.map(|slot| view! { <FinderLine work=slot/> })}</ul>
            <button type="button" class="pw-secondary" on:click=add disabled=full>{words.text("finder.add")}</button>
            <div class="pw-finder-answer" aria-live="polite">{answer}</div>
        </section>
    }
}

/// The answer: the plan and packs, their price, why, and what the next best would cost more.
fn recommendation(
    state: &Pricing,
    words: &Words,
    found: Recommendation,
    shown: Shown,
    buying: Buying,
) -> impl IntoView {
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
            words.fill("finder.plan_and_packs", &[("plan", &plan), ("packs", &words.list(&packs)), ("price", &price)])
        }
    };
    let credits = format::number(best.credits_needed, &state.locale);
    let why = if best.unlimited_work { "finder.why_unlimited" } else { "finder.why" };
    let why = words.fill(why, &[("credits", &credits), ("plan", &plan)]);
    let saving = found.saving_per_month().zip(found.next_best.as_ref()).map(|(saving, next)| {
        let name = catalog.plan(&next.plan).map(|p| p.name.clone()).unwrap_or_default();
        words.fill("finder.saving", &[("amount", &format::money(saving, &state.locale)), ("plan", &name)])
    });
    // The plan's own button, as on its card: an upgrade for a customer on a smaller plan,
    // nothing to do on the plan they have.
    let plan = catalog.plan(&best.plan).cloned();
    view! {
        <p class="pw-finder-best"><strong>{headline}</strong></p>
        <p>{why}" "{saving}</p>
        {plan.map(|plan| view! { <PlanButton plan shown buying/> })}
    }
}
