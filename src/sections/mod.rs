//! What a visitor sees: each section of the widget, as the widget's root view (`widget.rs`)
//! puts them on screen. The views read the instance's `Pricing` and the signals they are
//! handed; the ones with a call to action start a purchase through `purchase/`.

pub mod banner;
pub mod billing_controls;
pub mod calculator;
pub mod credit_packs;
pub mod faq;
pub mod finder;
pub mod matrix;
pub mod plans;
