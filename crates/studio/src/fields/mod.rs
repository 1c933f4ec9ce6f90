//! One input per kind of catalog value, each bound to a JSON path of the draft and showing the
//! problems the core reports at that path (and its own, for what cannot be read at all).

mod check_field;
mod choice_field;
mod money_field;
mod number_field;
mod problem_list;
mod text_field;
mod time_field;
mod translated_field;
mod typed_field;

pub use check_field::CheckField;
pub use choice_field::ChoiceField;
pub use money_field::MoneyField;
pub use number_field::NumberField;
pub use text_field::TextField;
pub use time_field::TimeField;
pub use translated_field::TranslatedField;

/// An element id for the field at a JSON path.
pub fn field_id(path: &str) -> String {
    format!("f-{}", path.replace(['[', '.'], "-").replace(']', ""))
}
