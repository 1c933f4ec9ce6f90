//! The form of a language tag a catalog lists (`de`, `pt-BR`, `zh-Hans`): below both the
//! catalog's check (`validate`) and the translations' (`i18n`).

/// Whether `tag` names a language a catalog can offer: a language (`de`), with the script its
/// translation is written in (`zh-Hans`) or the region it is written for (`pt-BR`) where that
/// matters, as BCP 47 spells them.
pub fn is_language_tag(tag: &str) -> bool {
    let all = |part: &str, test: fn(&u8) -> bool| part.bytes().all(|b| test(&b));
    let mut parts = tag.split('-').peekable();
    let language = parts.next().unwrap_or_default();
    if !(2..=3).contains(&language.len()) || !all(language, u8::is_ascii_lowercase) {
        return false;
    }
    let is_script =
        |s: &&str| s.len() == 4 && s.as_bytes()[0].is_ascii_uppercase() && all(&s[1..], u8::is_ascii_lowercase);
    if parts.peek().is_some_and(is_script) {
        parts.next();
    }
    let is_region =
        |r: &str| (r.len() == 2 && all(r, u8::is_ascii_uppercase)) || (r.len() == 3 && all(r, u8::is_ascii_digit));
    let region = parts.next();
    parts.next().is_none() && region.is_none_or(is_region)
}
