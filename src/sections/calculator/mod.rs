//! The credit calculator (`Calculator`, which owns its choices) and its parts: what pays
//! (`payment_source`), what to make (`output_choice`), what it buys (`calculator_result`), and
//! what one output is and costs on every model, plan and pack (`model_table`, `price_chart`).

pub mod calculator_result;
pub mod model_table;
pub mod output_choice;
pub mod payment_source;
pub mod price_chart;

use leptos::prelude::*;
use pricing_core::{outputs_for_credits, OutputSpec};

use crate::page::events::WidgetEvent;
use crate::sections::calculator::calculator_result::{plan_needed, CalculatorResult, PlanNeeded};
use crate::sections::calculator::model_table::ModelTable;
use crate::sections::calculator::output_choice::OutputChoice;
use crate::sections::calculator::payment_source::{PaymentSource, Source};
use crate::sections::calculator::price_chart::PriceChart;
use crate::state::{use_pricing, Shown};

/// Credits into images and videos: pick what pays (a plan, a pack or a number of credits) and
/// what to make (model, duration, resolution), and see what it buys, live. This component owns
/// the choices and what they derive; its parts show them.
#[component]
pub fn Calculator(shown: Shown) -> impl IntoView {
    let state = use_pricing();
    let catalog = state.catalog.clone();
    let words = state.words.clone();
    let (currency, now) = (shown.currency, state.now);
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
    let settled = Memo::new(move |_| model.get().map(|m| m.settle(chosen_seconds.get(), &chosen_resolution.get())));
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
            Source::Plan => {
                c.plan_price_per_output(&plan_id.get(), shown.interval(), currency.get(), now, cost).ok()?
            }
            Source::Pack => c.pack_price_per_output(&pack_id.get(), currency.get(), cost).ok()?,
            Source::Credits => None,
        }
    });
    // The plan paying, when a plan pays: the table tags what it makes Unlimited.
    let paying_plan = Memo::new(move |_| (source.get() == Source::Plan).then(|| plan_id.get()));
    let c = catalog.clone();
    let unlimited = Memo::new(move |_| {
        let (model, (_, resolution)) = (model.get()?, settled.get()?);
        let plan = paying_plan.get().and_then(|id| c.plan(&id).cloned());
        Some(plan.is_some_and(|plan| plan.is_unlimited(&model, &resolution)))
    });

    let used = {
        let state = state.clone();
        let catalog = catalog.clone();
        move |_| {
            let Some(cost) = cost.get_untracked() else { return };
            let credits = credits.get_untracked();
            // A plan that does not have the model makes none of it, whatever its credits.
            let needed = plan_needed(&catalog, paying_plan.get_untracked().as_deref(), &model_id.get_untracked());
            let runs = PlanNeeded::makes_outputs(&needed);
            state.emit(WidgetEvent::CalculatorUsed {
                model: &model_id.get_untracked(),
                credits,
                outputs: if runs { outputs_for_credits(credits, cost) } else { 0 },
            });
        }
    };
    let title_id = state.id("calc-title");
    let title_ref = title_id.clone();
    let refunds =
        catalog.failed_generations_refunded.then(|| view! { <p class="pw-note">{words.text("calc.refunds")}</p> });
    view! {
        <section class="pw-calculator" part="calculator" aria-labelledby=title_ref>
            <h2 id=title_id>{words.text("calc.title")}</h2>
            <div class="pw-calc-grid">
                <form class="pw-calc-inputs" on:submit=|ev| ev.prevent_default() on:change=used>
                    <PaymentSource source plan_id pack_id custom_credits/>
                    <OutputChoice model_id chosen_seconds chosen_resolution model settled/>
                </form>
                <div class="pw-calc-result" aria-live="polite">
                    <CalculatorResult credits cost model model_id price_each unlimited paying_plan/>
                </div>
            </div>
            <ModelTable credits chosen_seconds paying_plan/>
            <PriceChart model settled cost shown/>
            {refunds}
        </section>
    }
}
