//! The JSON paths a catalog's problems are reported at (`plans[2].prices.USD.monthly`,
//! `Problem::path`), read and written on the catalog as JSON: how the studio binds each field to
//! the value it edits, so a problem lands at the field that holds it.

use serde_json::Value;

/// One step of a path: a member or a list index.
enum Step<'a> {
    Member(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (name, indices) = part.split_once('[').unwrap_or((part, ""));
        if !name.is_empty() {
            steps.push(Step::Member(name));
        }
        for index in indices.split('[').filter(|i| !i.is_empty()) {
            steps.push(Step::Index(index.trim_end_matches(']').parse().unwrap_or(usize::MAX)));
        }
    }
    steps
}

/// The value at `path`, if there is one.
pub fn get<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    steps(path).into_iter().try_fold(value, |value, step| match step {
        Step::Member(name) => value.get(name),
        Step::Index(i) => value.get(i),
    })
}

/// The value at `path`, to change in place.
pub fn get_mut<'v>(value: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    steps(path).into_iter().try_fold(value, |value, step| match step {
        Step::Member(name) => value.get_mut(name),
        Step::Index(i) => value.get_mut(i),
    })
}

/// Sets the value at `path`, making the objects on the way; `Value::Null` removes a member. A
/// path through a list element that is not there changes nothing.
pub fn set(value: &mut Value, path: &str, new: Value) {
    let (parent, last) = match path.rfind(['.', '[']) {
        Some(i) => (&path[..i], &path[i..]),
        None => ("", path),
    };
    let parent = match parent {
        "" => Some(value),
        parent => {
            // Objects on the way are made, so a new member (a plan's first badge) can be set.
            let mut here = Some(value);
            for step in steps(parent) {
                here = here.and_then(|v| match step {
                    Step::Member(name) => {
                        v.as_object_mut().map(|o| o.entry(name).or_insert_with(|| Value::Object(Default::default())))
                    }
                    Step::Index(i) => v.get_mut(i),
                });
            }
            here
        }
    };
    match (parent, steps(last.trim_start_matches('.')).pop()) {
        (Some(Value::Object(object)), Some(Step::Member(name))) => match new {
            Value::Null => _ = object.remove(name),
            new => _ = object.insert(name.to_string(), new),
        },
        (Some(Value::Array(list)), Some(Step::Index(i))) if i < list.len() => list[i] = new,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_read_and_write_the_values_problems_name() {
        let mut catalog = json!({ "plans": [{ "prices": { "USD": { "monthly": 1 } } }], "faq": [{ "q": "?" }] });
        assert_eq!(get(&catalog, "plans[0].prices.USD.monthly"), Some(&json!(1)));
        set(&mut catalog, "plans[0].prices.USD.monthly", json!(2900));
        set(&mut catalog, "plans[0].badge", json!("New"));
        set(&mut catalog, "plans[0].prices.EUR.annual", json!(100));
        set(&mut catalog, "faq[0]", json!({ "q": "!" }));
        set(&mut catalog, "faq[3].q", json!("nowhere"));
        assert_eq!(
            catalog,
            json!({ "plans": [{ "prices": { "USD": { "monthly": 2900 }, "EUR": { "annual": 100 } }, "badge": "New" }], "faq": [{ "q": "!" }] })
        );
        set(&mut catalog, "plans[0].badge", Value::Null);
        assert_eq!(get(&catalog, "plans[0].badge"), None);
        get_mut(&mut catalog, "faq").unwrap().as_array_mut().unwrap().clear();
        assert_eq!(get(&catalog, "faq"), Some(&json!([])));
    }
}
