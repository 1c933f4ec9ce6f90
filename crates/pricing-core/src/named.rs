//! Reading the core's named values from text (`"annual".parse::<Interval>()`, a currency code,
//! a list of sections): every reader of an attribute, a link, a command-line flag or a stored
//! column goes through the type's `FromStr`, so each name is spelled in one place.

use std::fmt;

/// A text that names none of the values of its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName {
    /// What was being read: "interval", "currency", "section".
    pub kind: &'static str,
    pub given: String,
    /// The names there are.
    pub known: &'static [&'static str],
}

impl UnknownName {
    pub fn new(kind: &'static str, given: &str, known: &'static [&'static str]) -> UnknownName {
        UnknownName { kind, given: given.to_string(), known }
    }
}

/// The one of `values` whose name (in `names`, the same order) is `text`: every named value's
/// `FromStr`.
pub fn by_name<T: Copy>(
    kind: &'static str,
    text: &str,
    values: &[T],
    names: &'static [&'static str],
) -> Result<T, UnknownName> {
    names.iter().position(|name| *name == text).map(|i| values[i]).ok_or_else(|| UnknownName::new(kind, text, names))
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\" names no {} ({})", self.given, self.kind, self.known.join(", "))
    }
}

impl std::error::Error for UnknownName {}
