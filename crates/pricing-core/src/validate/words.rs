//! The words a visitor reads, in any language: how long each kind may be, and plain text only.

/// The most characters each kind of text may have: a card or a dialog has room for so much.
pub(super) const NAME: usize = 40;
pub(super) const BADGE: usize = 30;
pub(super) const HEADLINE: usize = 80;
pub(super) const TAGLINE: usize = 120;
pub(super) const QUESTION: usize = 160;
pub(super) const DETAILS: usize = 400;
pub(super) const ANSWER: usize = 1500;

/// The most characters a text at `path` may have, by what it is (`plans[2].tagline`, or a
/// translation's `plans.pro.tagline`); `None`: no limit.
pub(crate) fn longest_text(path: &str) -> Option<usize> {
    match path.rsplit('.').next()? {
        "name" | "label" => Some(NAME),
        "badge" => Some(BADGE),
        "headline" => Some(HEADLINE),
        "tagline" => Some(TAGLINE),
        "question" => Some(QUESTION),
        "details" => Some(DETAILS),
        "answer" => Some(ANSWER),
        _ => None,
    }
}

/// What is wrong with words a visitor reads, in any language: empty, longer than `longest`
/// characters, or markup (the widget writes text, so `<b>` would show as typed).
pub(crate) fn text_problem(text: &str, longest: Option<usize>) -> Option<String> {
    let length = text.chars().count();
    let markup =
        text.as_bytes().windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || b"/!".contains(&w[1])));
    match longest {
        Some(longest) if length > longest => Some(format!("at most {longest} characters (is {length})")),
        _ if markup => Some("plain text only: markup such as <b> would show as typed".into()),
        _ if text.trim().is_empty() => Some("must not be empty".into()),
        _ => None,
    }
}
