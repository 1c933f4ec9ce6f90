//! The widget's sections by name (`sections="plans,calculator"`, the pre-render's
//! `--sections`, the render key): one list of names, read and written here only.

use std::fmt;
use std::str::FromStr;

use crate::named::UnknownName;

/// Which parts of the widget to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sections {
    pub plans: bool,
    pub packs: bool,
    pub matrix: bool,
    pub calculator: bool,
    pub finder: bool,
    pub faq: bool,
}

impl Sections {
    /// Every section, in the order the widget shows them.
    pub const NAMES: [&'static str; 6] = ["plans", "packs", "matrix", "calculator", "finder", "faq"];

    pub const ALL: Sections =
        Sections { plans: true, packs: true, matrix: true, calculator: true, finder: true, faq: true };
    pub const NONE: Sections =
        Sections { plans: false, packs: false, matrix: false, calculator: false, finder: false, faq: false };

    /// The signed-in customer's account: a section no pre-render holds (it is private), shown
    /// by the account view that loads for a customer only. A list naming only it shows the
    /// public sections to everyone else.
    pub const ACCOUNT: &'static str = "account";

    fn flag(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "plans" => &mut self.plans,
            "packs" => &mut self.packs,
            "matrix" => &mut self.matrix,
            "calculator" => &mut self.calculator,
            "finder" => &mut self.finder,
            "faq" => &mut self.faq,
            _ => return None,
        })
    }

    /// Whether the section of this name is shown.
    pub fn has(mut self, name: &str) -> bool {
        self.flag(name).is_some_and(|flag| *flag)
    }

    /// The sections a comma-separated list names (spaces around names and empty entries are
    /// passed over), and the names in it that are no section, for a reader that goes on without
    /// them (an attribute with a typo) to name.
    pub fn read(list: &str) -> (Sections, Vec<UnknownName>) {
        let mut sections = Sections::NONE;
        let mut unknown = Vec::new();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty() && *n != Sections::ACCOUNT) {
            match sections.flag(name) {
                Some(flag) => *flag = true,
                None => unknown.push(UnknownName::new("section", name, &Sections::NAMES)),
            }
        }
        (sections, unknown)
    }
}

/// Whether a comma-separated list names the account section.
pub fn names_account(list: &str) -> bool {
    list.split(',').any(|name| name.trim() == Sections::ACCOUNT)
}

/// A list of section names, strictly: a name that is no section is an error.
impl FromStr for Sections {
    type Err = UnknownName;

    fn from_str(list: &str) -> Result<Sections, UnknownName> {
        let (sections, mut unknown) = Sections::read(list);
        if unknown.is_empty() {
            Ok(sections)
        } else {
            Err(unknown.swap_remove(0))
        }
    }
}

/// The names of the sections shown, comma-separated, in the widget's order.
impl fmt::Display for Sections {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Sections::NAMES.into_iter().filter(|n| self.has(n)).collect();
        f.write_str(&names.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_back_what_they_write() {
        for list in ["plans,packs,matrix,calculator,finder,faq", "plans", "calculator,faq", ""] {
            assert_eq!(list.parse::<Sections>().map(|s| s.to_string()).as_deref(), Ok(list));
        }
        assert_eq!(" faq , plans,,".parse::<Sections>(), Ok(Sections { plans: true, faq: true, ..Sections::NONE }));
        assert_eq!(Sections::ALL.to_string().parse(), Ok(Sections::ALL));
    }

    #[test]
    fn a_name_that_is_no_section_is_named() {
        let (sections, unknown) = Sections::read("plans,pricing,faq");
        assert_eq!(sections, Sections { plans: true, faq: true, ..Sections::NONE });
        assert_eq!(
            unknown.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["\"pricing\" names no section (plans, packs, matrix, calculator, finder, faq)"]
        );
        assert_eq!("plans,pricing".parse::<Sections>().unwrap_err().given, "pricing");
    }

    #[test]
    fn the_account_is_a_section_no_public_view_shows() {
        assert_eq!(Sections::read("account"), (Sections::NONE, vec![]));
        assert_eq!("plans, account".parse(), Ok(Sections { plans: true, ..Sections::NONE }));
        assert!(names_account("plans, account ") && !names_account("plans,accounts"));
    }
}
