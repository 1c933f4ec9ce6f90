use leptos::either::EitherOf3;
use leptos::prelude::*;
use pricing_core::catalog::{Model, ModelKind};
use pricing_core::{outputs_for_credits, OutputSpec, Queue};

use crate::events::WidgetEvent;
use crate::format;
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
    let locale = state.locale.clone();
    let (interval, currency, now) = (state.interval, state.currency, state.now);
    let basis = &catalog.estimate_basis;

    let source = RwSignal::new(Source::Plan);
    let default_plan = catalog.plans.iter().find(|p| p.highlight).or(catalog.plans.first()).map(|p| p.id.clone());
    let plan_id = RwSignal::new(default_plan.unwrap_or_default());
    let pack_id = RwSignal::new(catalog.credit_packs.first().map(|p| p.id.clone()).unwrap_or_default());
    let custom_credits = RwSignal::new(1_000u64);
    let model_id = RwSignal::new(basis.video_model.clone());
    let chosen_seconds = RwSignal::new(5u32);
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
    let source_option = move |value: Source, label: &'static str| {
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
            let label = format!("{} ({} credits)", p.name, format::number(p.credits, &locale));
            view! { <option value=p.id.clone() selected=move || pack_id.get() == id>{label}</option> }
        })
        .collect_view();
    let model_options = catalog
        .models
        .iter()
        .map(|m| {
            let id = m.id.clone();
            let kind = if m.kind == ModelKind::Video { "video" } else { "image" };
            view! { <option value=m.id.clone() selected=move || model_id.get() == id>{format!("{} ({kind})", m.name)}</option> }
        })
        .collect_view();

    let payer = move || match source.get() {
        Source::Plan => EitherOf3::A(view! {
            <label class="pw-field" for=plan_field.clone()>"Plan"</label>
                <select id=plan_field.clone() on:change=move |ev| plan_id.set(event_target_value(&ev))>{plan_options.clone()}</select>
        }),
        Source::Pack => EitherOf3::B(view! {
            <label class="pw-field" for=pack_field.clone()>"Credit pack"</label>
                <select id=pack_field.clone() on:change=move |ev| pack_id.set(event_target_value(&ev))>{pack_options.clone()}</select>
        }),
        Source::Credits => EitherOf3::C(view! {
            <label class="pw-field" for=credits_field.clone()>"Credits"</label>
                <input id=credits_field.clone() type="number" min="0" step="1" inputmode="numeric" prop:value=move || custom_credits.get().to_string()
                    on:input=move |ev| custom_credits.set(event_target_value(&ev).trim().parse().unwrap_or(0))/>
        }),
    };

    let output_choices = move || {
        let model = model.get()?;
        let (seconds, resolution) = settled.get()?;
        let durations = (model.kind == ModelKind::Video).then(|| {
            let options = model
                .durations_s
                .iter()
                .map(|&s| view! { <option value=s.to_string() selected=seconds == Some(s)>{format!("{s} seconds")}</option> })
                .collect_view();
            view! {
                <label class="pw-field" for=duration_field.clone()>"Duration"</label>
                <select id=duration_field.clone() on:change=move |ev| chosen_seconds.set(event_target_value(&ev).parse().unwrap_or(5))>{options}</select>
            }
        });
        let resolutions = model
            .resolutions
            .iter()
            .map(|r| view! { <option value=r.id.clone() selected=r.id == resolution>{r.id.clone()}</option> })
            .collect_view();
        Some(view! {
            {durations}
            <label class="pw-field" for=resolution_field.clone()>"Resolution"</label>
            <select id=resolution_field.clone() on:change=move |ev| chosen_resolution.set(event_target_value(&ev))>{resolutions}</select>
        })
    };

    let result_locale = locale.clone();
    let result = move || {
        let locale = &result_locale;
        let cost = cost.get()?;
        let kind = model.get()?.kind;
        let count = outputs_for_credits(credits.get(), cost);
        let noun = match (kind, count == 1) {
            (ModelKind::Video, true) => "video",
            (ModelKind::Video, false) => "videos",
            (ModelKind::Image, true) => "image",
            (ModelKind::Image, false) => "images",
        };
        let price = price_each.get().map(|p| view! { <p>"Worth " <strong>{format::money(p, locale)}</strong> " per output on this plan or pack"</p> });
        let queue = |q: Queue| if q == Queue::Priority { "priority queue" } else { "standard queue" };
        let unlimited_note = unlimited.get().filter(|&u| u).map(|_| {
            view! {
                <p class="pw-unlimited-note">
                    <strong>"Unlimited on this plan"</strong>
                    {format!(": no credits spent, in the {}. With credits instead, the {} in the {}.", queue(Queue::for_generation(true)), noun, queue(Queue::for_generation(false)))}
                </p>
            }
        });
        Some(view! {
            <p class="pw-result-main">
                <strong data-testid="calc-outputs">{format::number(count, locale)}</strong>
                {format!(" {noun} from {} credits", format::number(credits.get(), locale))}
            </p>
            <p>{format!("Each costs {} credits", format::number(cost, locale))}</p>
            {price}
            {unlimited_note}
        })
    };

    let table_catalog = catalog.clone();
    let table_locale = locale.clone();
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
                    Some(s) => format!("{s} s · {resolution}"),
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
                            {is_unlimited.then(|| view! { <span class="pw-tag">"Unlimited"</span> })}
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
    let refunds = catalog
        .failed_generations_refunded
        .then(|| view! { <p class="pw-note">"Failed generations give their credits back."</p> });
    view! {
        <section class="pw-calculator" part="calculator" aria-labelledby=title_ref>
            <h2 id=title_id>"What do credits buy?"</h2>
            <div class="pw-calc-grid">
                <form class="pw-calc-inputs" on:submit=|ev| ev.prevent_default() on:change=used>
                    <fieldset class="pw-interval">
                        <legend>"Pay with"</legend>
                        {source_option(Source::Plan, "A plan")}
                        {source_option(Source::Pack, "A credit pack")}
                        {source_option(Source::Credits, "Credits")}
                    </fieldset>
                    {payer}
                    <label class="pw-field" for=model_field.clone()>"Model"</label>
                    <select id=model_field on:change=move |ev| model_id.set(event_target_value(&ev))>{model_options}</select>
                    {output_choices}
                </form>
                <div class="pw-calc-result" aria-live="polite">{result}</div>
            </div>
            <div class="pw-scroll" tabindex="0" role="region" aria-label="Every model at a glance">
                <table class="pw-models">
                    <caption>"Every model with these credits"</caption>
                    <thead><tr><th scope="col">"Model"</th><th scope="col">"Output"</th><th scope="col">"Credits each"</th><th scope="col">"Outputs"</th></tr></thead>
                    <tbody>{table}</tbody>
                </table>
            </div>
            {refunds}
        </section>
    }
}
