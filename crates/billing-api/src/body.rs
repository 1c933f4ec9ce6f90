//! Request bodies as the contract takes them: a JSON object (serde would also read a struct
//! from an array of its fields, `["pro", "annual"]`, which the contract does not allow), or, where
//! the body is optional, nothing, `null` or an object.

use axum::body::Bytes;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

fn starts_an_array(body: &Bytes) -> bool {
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[')
}

fn invalid(e: serde_json::Error) -> ApiError {
    ApiError::InvalidBody(format!("the request body is not valid: {e}"))
}

/// A body that must be a JSON object of `T`.
pub fn object<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    if starts_an_array(body) {
        return Err(ApiError::InvalidBody("the request body must be a JSON object".into()));
    }
    serde_json::from_slice(body).map_err(invalid)
}

/// An optional body: nothing or `null` is `T`'s defaults, else a JSON object of `T`.
pub fn optional_object<T: DeserializeOwned + Default>(body: &Bytes) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    if starts_an_array(body) {
        return Err(ApiError::InvalidBody("the request body must be a JSON object".into()));
    }
    serde_json::from_slice::<Option<T>>(body).map(Option::unwrap_or_default).map_err(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Default, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Rotation {
        #[serde(default)]
        seconds: Option<u32>,
    }

    #[test]
    fn only_objects_are_bodies_and_an_optional_one_may_be_nothing_or_null() {
        let read = |text: &'static str| optional_object::<Rotation>(&Bytes::from_static(text.as_bytes())).ok();
        assert_eq!(read(""), Some(Rotation::default()));
        assert_eq!(read("null"), Some(Rotation::default()));
        assert_eq!(read(r#"{"seconds": 5}"#), Some(Rotation { seconds: Some(5) }));
        assert_eq!(read("[]"), None);
        assert_eq!(read(" [5]"), None);
        assert!(object::<Rotation>(&Bytes::from_static(b"[5]")).is_err());
        assert!(object::<Rotation>(&Bytes::from_static(b"")).is_err());
    }
}
