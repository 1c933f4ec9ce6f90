//! The plans: a card for each (`plan_card`), how it is billed (`plan_billing`), and whether
//! its price includes tax (`tax_note`, which the comparison matrix shows too).

pub mod plan_billing;
pub mod plan_card;
pub mod tax_note;
