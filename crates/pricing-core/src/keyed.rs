//! `Keyed`: the catalog's small maps (prices by currency, feature values by row id), a sorted
//! list of pairs. The maps hold a handful of entries and are read, never edited, so a sorted
//! `Vec` does what `BTreeMap` did with a fraction of the code in the browser's wasm (a B-tree
//! is instantiated anew for every key and value type). In JSON it is an object, as before; a key
//! given twice is an error instead of the last one silently winning.

use std::borrow::Borrow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keyed<K, V>(Vec<(K, V)>);

impl<K: Ord, V> Keyed<K, V> {
    /// Where `key` is (`Ok`), or where it would go to keep the keys sorted (`Err`). Inserting
    /// in place needs no sort, whose code would outweigh the maps themselves.
    fn place<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        Some(&self.0[self.place(key).ok()?].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.get(key).is_some()
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Ord, V> Default for Keyed<K, V> {
    fn default() -> Self {
        Keyed(Vec::new())
    }
}

/// Later pairs replace earlier ones with the same key, as in a `BTreeMap`.
impl<K: Ord, V> FromIterator<(K, V)> for Keyed<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut keyed = Keyed::default();
        for (key, value) in pairs {
            match keyed.place(&key) {
                Ok(at) => keyed.0[at].1 = value,
                Err(at) => keyed.0.insert(at, (key, value)),
            }
        }
        keyed
    }
}

impl<'a, K: Ord, V> IntoIterator for &'a Keyed<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Ord, V> std::ops::Index<&K> for Keyed<K, V> {
    type Output = V;

    fn index(&self, key: &K) -> &V {
        self.get(key).expect("no entry for this key")
    }
}

impl<K: Serialize, V: Serialize> Serialize for Keyed<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, K: Deserialize<'de> + Ord + fmt::Display, V: Deserialize<'de>> Deserialize<'de> for Keyed<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Pairs<K, V>(PhantomData<(K, V)>);

        impl<'de, K: Deserialize<'de> + Ord + fmt::Display, V: Deserialize<'de>> Visitor<'de> for Pairs<K, V> {
            type Value = Keyed<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut keyed = Keyed::default();
                while let Some((key, value)) = map.next_entry::<K, V>()? {
                    match keyed.place(&key) {
                        Ok(_) => return Err(A::Error::custom(format_args!("duplicate key `{key}`"))),
                        Err(at) => keyed.0.insert(at, (key, value)),
                    }
                }
                Ok(keyed)
            }
        }

        deserializer.deserialize_map(Pairs(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn reads_and_writes_json_objects_as_a_btree_map_does() {
        let json = r#"{"pro":3,"basic":1,"free":0}"#;
        let keyed: Keyed<String, i64> = serde_json::from_str(json).unwrap();
        let btree: BTreeMap<String, i64> = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&keyed).unwrap(), serde_json::to_string(&btree).unwrap());
        assert_eq!(keyed.iter().collect::<Vec<_>>(), btree.iter().collect::<Vec<_>>());
        assert_eq!((keyed.get("pro"), keyed.get("ultimate"), keyed[&"basic".to_string()]), (Some(&3), None, 1));
        assert_eq!(keyed.len(), 3);
    }

    #[test]
    fn a_key_given_twice_is_refused() {
        let error = serde_json::from_str::<Keyed<String, i64>>(r#"{"pro":3,"pro":4}"#).unwrap_err();
        assert!(error.to_string().contains("duplicate key `pro`"), "{error}");
        let error = serde_json::from_str::<Keyed<String, i64>>("[1]").unwrap_err();
        assert!(error.to_string().contains("expected an object"), "{error}");
    }

    #[test]
    fn collecting_keeps_the_last_value_of_a_key() {
        let keyed: Keyed<&str, i32> = [("b", 1), ("a", 2), ("b", 3)].into_iter().collect();
        assert_eq!(keyed.iter().map(|(k, v)| (*k, *v)).collect::<Vec<_>>(), [("a", 2), ("b", 3)]);
    }
}
