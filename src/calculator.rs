use leptos::either::EitherOf3;
use leptos::prelude::*;
use pricing_core::catalog::{Model, ModelKind};
use pricing_core::{outputs_for_credits, OutputSpec, Queue};

use crate::events::WidgetEvent;
use crate::format;
use crate::price_chart::PriceChart;
use crate::state::use_pricing;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Plan,
    Pack,
    Credits,
}

/// The output a model makes by default and after a model switch: its lowest resolution and,
/// for video, the chosen duration if the model offers it, else its shortest one.
fn settle(model: &Model, seconds: u32, resolution: &str) -> (Option<u32>, String) {
    let seconds = (model.kind == ModelKind::Video).then(|| {
        if model.durations_s.contains(&seconds) {
            seconds
        } else {
            model.durations_s.iter().copied().min().unwrap_or(seconds)
        }
    });
    let resolution =
        model.resolution(resolution).or(model.resolutions.first()).map(|r| r.id.clone()).unwrap_or_default();
    (seconds, resolution)
}

/// Credits into images and videos: pick what pays (a plan, a pack or a number of credits) and
/// what to make (model, duration, resolution), and see what it buys, live.
#[component]
pub fn Calculator() -> impl IntoView {
    let state = use_pricing();
    let catalog = state.catalog.clone();
    let (locale, words) = (state.locale.clone(), state.words.clone());
    let (interval, currency, now) = (state.interval, state.currency, state.now);
    let basis = &catalog.estimate_basis;

    let source = RwSignal::new(Source::Plan);
    let default_plan = catalog.plans.iter().find(|p| p.highlight).or(catalog.plans.first()).map(|p| p.id.clone());
    let plan_id = RwSignal::new(default_plan.unwrap_or_default());
    let pack_id = RwSignal::new(catalog.credit_packs.first().map(|p| p.id.clone()).unwrap_or_default());
    let custom_credits = RwSignal::new(1_000u64);
    let model_id = RwSignal::new(basis.video_model.clone());
    // The cards' clip length, so that the calculator's first answer is the highlighted card's.
    let chosen_seconds = RwSignal::new(basis.video_seconds);
    let chosen_resolution = RwSignal::new(basis.video_resolution.clone());

    let c = catalog.clone();
    let model = Memo::new(move |_| c.model(&model_id.get()).cloned());
    let settled = Memo::new(move |_| model.get().map(|m| settle(&m, chosen_seconds.get(), &chosen_resolution.get())));
    let c = catalog.clone();
    let credits = Memo::new(move |_| match source.get() {
        Source::Plan => c.plan(&plan_id.get()).map_or(0, |p| p.credits_per_month),
        Source::Pack => c.credit_pack(&pack_id.get()).map_or(0, |p| p.credits),
        Source::Credits => custom_credits.get(),
    });
    let c = catalog.clone();
    let cost = Memo::new(move |_| {
        let (seconds, resolution) = settled.get()?;
        c.output_cost(&OutputSpec { model: &model_id.get(), resolution: &resolution, seconds }).ok()
    });
    let c = catalog.clone();
    let price_each = Memo::new(move |_| {
        let cost = cost.get()?;
        match source.get() {
            Source::Plan => c.plan_price_per_output(&plan_id.get(), interval.get(), currency.get(), now, cost).ok()?,
            Source::Pack => c.pack_price_per_output(&pack_id.get(), currency.get(), cost).ok()?,
            Source::Credits => None,
        }
    });
    let c = catalog.clone();
    let unlimited = Memo::new(move |_| {
        let (model, (_, resolution)) = (model.get()?, settled.get()?);
        let plan = c.plan(&plan_id.get())?;
        Some(source.get() == Source::Plan && plan.is_unlimited(&model, &resolution))
    });

    let title_id = state.id("calc-title");

    let title_ref = title_id.clone();
    let [plan_field, pack_field, credits_field, model_field, duration_field, resolution_field] =
        ["calc-plan", "calc-pack", "calc-credits", "calc-model", "calc-duration", "calc-resolution"]
            .map(|n| state.id(n));
    let source_group = state.id("source");
    let source_option = move |value: Source, label: String| {
        view! {
            <label class="pw-segment">
                <input type="radio" name=source_group.clone() checked=move || source.get() == value prop:checked=move || source.get() == value on:change=move |_| source.set(value)/>
                <span>{label}</span>
            </label>
        }
    };
    let plan_options = catalog
        .plans
        .iter()
        .map(|p| {
            let id = p.id.clone();
            view! { <option value=p.id.clone() selected=move || plan_id.get() == id>{p.name.clone()}</option> }
        })
        .collect_view();
    let pack_options = catalog
        .credit_packs
        .iter()
        .map(|p| {
            let id = p.id.clone();
            let label = words.count("calc.pack_option", p.credits, &[("pack", &p.name)]);
            view! { <option value=p.id.clone() selected=move || pack_id.get() == id>{label}</option> }
        })
        .collect_view();
    let model_options = catalog
        .models
        .iter()
        .map(|m| {
            let id = m.id.clone();
            let key = if m.kind == ModelKind::Video { "calc.video_model" } else { "calc.image_model" };
            view! { <option value=m.id.clone() selected=move || model_id.get() == id>{words.fill(key, &[("model", &m.name)])}</option> }
        })
        .collect_view();

    let [plan_label, pack_label, credits_label] = ["calc.plan", "calc.pack", "calc.credits"].map(|k| words.text(k));
    let payer = move || match source.get() {
        Source::Plan => EitherOf3::A(view! {
            <label class="pw-field" for=plan_field.clone()>{plan_label.clone()}</label>
                <select id=plan_field.clone() on:change=move |ev| plan_id.set(event_target_value(&ev))>{plan_options.clone()}</select>
        }),
        Source::Pack => EitherOf3::B(view! {
            <label class="pw-field" for=pack_field.clone()>{pack_label.clone()}</label>
                <select id=pack_field.clone() on:change=move |ev| pack_id.set(event_target_value(&ev))>{pack_options.clone()}</select>
        }),
        Source::Credits => EitherOf3::C(view! {
            <label class="pw-field" for=credits_field.clone()>{credits_label.clone()}</label>
                <input id=credits_field.clone() type="number" min="0" step="1" inputmode="numeric" prop:value=move || custom_credits.get().to_string()
                    on:input=move |ev| custom_credits.set(event_target_value(&ev).trim().parse().unwrap_or(0))/>
        }),
    };

    let output_words = words.clone();
    let output_choices = move || {
        let words = &output_words;
        let model = model.get()?;
        let (seconds, resolution) = settled.get()?;
        let durations = (model.kind == ModelKind::Video).then(|| {
            let options = model
                .durations_s
                .iter()
                .map(|&s| view! { <option value=s.to_string() selected=seconds == Some(s)>{words.count("calc.seconds", s.into(), &[])}</option> })
                .collect_view();
            view! {
                <label class="pw-field" for=duration_field.clone()>{words.text("calc.duration")}</label>
                <select id=duration_field.clone() on:change=move |ev| chosen_seconds.set(event_target_value(&ev).parse().unwrap_or(seconds.unwrap_or_default()))>{options}</select>
            }
        });
        let resolutions = model
            .resolutions
            .iter()
            .map(|r| view! { <option value=r.id.clone() selected=r.id == resolution>{r.id.clone()}</option> })
            .collect_view();
        Some(view! {
            {durations}
            <label class="pw-field" for=resolution_field.clone()>{words.text("calc.resolution")}</label>
            <select id=resolution_field.clone() on:change=move |ev| chosen_resolution.set(event_target_value(&ev))>{resolutions}</select>
        })
    };

    let result_words = words.clone();
    let result = move || {
        let words = &result_words;
        let cost = cost.get()?;
        let kind = model.get()?.kind;
        let count = outputs_for_credits(credits.get(), cost);
        let key = if kind == ModelKind::Video { "calc.videos_from" } else { "calc.images_from" };
        let credits = format::number(credits.get(), &words.locale);
        let (before, after) = words.around(key, Some(count), &[("credits", &credits)], "count");
        let price = price_each.get().map(|p| {
            let (before, after) = words.around("calc.worth", None, &[], "price");
            view! { <p>{before}<strong>{format::money(p, &words.locale)}</strong>{after}</p> }
        });
        let queue =
            |q: Queue| words.text(if q == Queue::Priority { "calc.priority_queue" } else { "calc.standard_queue" });
        let unlimited_note = unlimited.get().filter(|&u| u).map(|_| {
            let (standard, priority) = (queue(Queue::for_generation(true)), queue(Queue::for_generation(false)));
            view! {
                <p class="pw-unlimited-note">
                    <strong>{words.text("calc.unlimited_title")}</strong>
                    " "{words.fill("calc.unlimited_note", &[("unlimited_queue", &standard), ("credit_queue", &priority)])}
                </p>
            }
        });
        Some(view! {
            <p class="pw-result-main">
                {before}<strong data-testid="calc-outputs">{format::number(count, &words.locale)}</strong>{after}
            </p>
            <p>{words.count("calc.each_costs", cost, &[])}</p>
            {price}
            {unlimited_note}
        })
    };

    let table_catalog = catalog.clone();
    let (table_locale, table_words) = (locale.clone(), words.clone());
    let table = move || {
        let credits = credits.get();
        let seconds = chosen_seconds.get();
        let plan = (source.get() == Source::Plan).then(|| table_catalog.plan(&plan_id.get()).cloned()).flatten();
        table_catalog
            .models
            .iter()
            .map(|m| {
                let (s, resolution) = settle(m, seconds, "");
                let each = m.credits_per_output(&resolution, s).unwrap_or(0);
                let what = match s {
                    Some(s) => table_words.fill("calc.video_output", &[("seconds", &s.to_string()), ("resolution", &resolution)]),
                    None => resolution.clone(),
                };
                let is_unlimited = plan.as_ref().is_some_and(|p| p.is_unlimited(m, &resolution));
                view! {
                    <tr>
                        <th scope="row">{m.name.clone()}</th>
                        <td>{what}</td>
                        <td>{format::number(each, &table_locale)}</td>
                        <td>
                            {format::number(outputs_for_credits(credits, each), &table_locale)}
                            {is_unlimited.then(|| view! { <span class="pw-tag">{table_words.text("calc.unlimited_tag")}</span> })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };

    let used = {
        let state = state.clone();
        move |_| {
            let Some(cost) = cost.get_untracked() else { return };
            let credits = credits.get_untracked();
            state.emit(WidgetEvent::CalculatorUsed {
                model: &model_id.get_untracked(),
                credits,
                outputs: outputs_for_credits(credits, cost),
            });
        }
    };
    let spec = Signal::derive(move || {
        let (model, (_, resolution)) = (model.get()?, settled.get()?);
        Some((model, resolution, cost.get()?))
    });
    let refunds =
        catalog.failed_generations_refunded.then(|| view! { <p class="pw-note">{words.text("calc.refunds")}</p> });
    view! {
        <section class="pw-calculator" part="calculator" aria-labelledby=title_ref>
            <h2 id=title_id>{words.text("calc.title")}</h2>
            <div class="pw-calc-grid">
                <form class="pw-calc-inputs" on:submit=|ev| ev.prevent_default() on:change=used>
                    <fieldset class="pw-interval">
                        <legend>{words.text("calc.pay_with")}</legend>
                        {source_option(Source::Plan, words.text("calc.a_plan"))}
                        {source_option(Source::Pack, words.text("calc.a_pack"))}
                        {source_option(Source::Credits, words.text("calc.credits"))}
                    </fieldset>
                    {payer}
                    <label class="pw-field" for=model_field.clone()>{words.text("calc.model")}</label>
                    <select id=model_field on:change=move |ev| model_id.set(event_target_value(&ev))>{model_options}</select>
                    {output_choices}
                </form>
                <div class="pw-calc-result" aria-live="polite">{result}</div>
            </div>
            <div class="pw-scroll" tabindex="0" role="region" aria-label=words.text("calc.table_region")>
                <table class="pw-models">
                    <caption>{words.text("calc.table_caption")}</caption>
                    <thead><tr>
                        <th scope="col">{words.text("calc.model")}</th><th scope="col">{words.text("calc.output")}</th>
                        <th scope="col">{words.text("calc.credits_each")}</th><th scope="col">{words.text("calc.outputs")}</th>
                    </tr></thead>
                    <tbody>{table}</tbody>
                </table>
            </div>
            <PriceChart spec/>
            {refunds}
        </section>
    }
}
