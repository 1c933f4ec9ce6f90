use leptos::either::EitherOf3;
use leptos::prelude::*;
use pricing_core::{Interval, Money, PlanPrice};

use crate::state::{use_pricing, Shown};
use crate::words::format;

/// How a plan is billed, under its price: free forever, every month, or once a year (with the
/// earlier price struck through during a promotion, and what a year saves).
#[component]
pub fn PlanBilling(
    /// The plan's price in the chosen interval and currency.
    price: Memo<Option<PlanPrice>>,
    /// What paying annually saves against twelve monthly payments, when it saves anything.
    saving: Memo<Option<Money>>,
    shown: Shown,
    free: bool,
) -> impl IntoView {
    let state = use_pricing();
    let (locale, words) = (state.locale.clone(), state.words.clone());
    move || {
        let p = price.get()?;
        let charged = format::money(p.charged, &locale);
        let line = match (free, shown.interval()) {
            (true, _) => EitherOf3::A(view! { <span>{words.text("card.free_billing")}</span> }),
            (false, Interval::Monthly) => {
                EitherOf3::B(view! { <span>{words.fill("card.billed_monthly", &[("price", &charged)])}</span> })
            }
            (false, Interval::Annual) => {
                let (before, after) = words.around("card.billed_annual", None, &[], "price");
                let was = p.was.map(|w| {
                    view! {
                        <s class="pw-was"><span class="pw-visually-hidden">{words.text("price.regular")}" "</span>{format::money(w, &locale)}</s>
                        " "
                    }
                });
                let saving = saving.get().map(|s| {
                    let saved = words.fill("card.saving", &[("amount", &format::money(s, &locale))]);
                    view! { <span class="pw-saving">" · "{saved}</span> }
                });
                let charged = words.isolate(&charged);
                EitherOf3::C(view! { <span>{before}{was}{charged}{after}{saving}</span> })
            }
        };
        Some(line)
    }
}
