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
    /// The names there are, comma-separated.
    pub known: String,
}

impl UnknownName {
    pub fn new<'a>(kind: &'static str, given: &str, known: impl IntoIterator<Item = &'a str>) -> UnknownName {
        UnknownName { kind, given: given.to_string(), known: known.into_iter().collect::<Vec<_>>().join(", ") }
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\" is not a {} ({})", self.given, self.kind, self.known)
    }
}

impl std::error::Error for UnknownName {}
