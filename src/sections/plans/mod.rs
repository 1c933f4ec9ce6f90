//! The plans: a card for each (`plan_card`), how it is billed (`plan_billing`), and whether
//! its price includes tax (`tax_note`), and what its credits make and which models it may use
//! (`plan_facts`): the comparison matrix shows the last two too.

pub mod plan_billing;
pub mod plan_card;
pub mod plan_facts;
pub mod tax_note;
