//! Ordered collections of catalog objects with hashed lookup by name.
//!
//! Objects keep their creation order (findings and drift follow it) and are
//! found through a hash of their ASCII-lower-cased `(schema, name)`: the
//! coarsest equality any dialect uses, so one bucket holds every object a
//! dialect could take for the name, and the caller compares exactly.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};
use std::ops::{Deref, DerefMut};

/// An object stored in a [`NamedVec`].
pub trait Named {
    /// Its `(schema, name)`; objects without a schema (columns) give `""`.
    fn key(&self) -> (&str, &str);
    /// A second key to group objects by (an index's table), if any.
    fn group(&self) -> Option<(&str, &str)> {
        None
    }
}

/// Positions of the objects whose key hashes alike; one in almost every case.
#[derive(Clone, Debug)]
enum Bucket {
    One(u32),
    Many(Vec<u32>),
}

impl Bucket {
    fn push(&mut self, position: u32) {
        match self {
            Bucket::One(first) => *self = Bucket::Many(vec![*first, position]),
            Bucket::Many(positions) => positions.push(position),
        }
    }

    /// Moves each position to `new[position]`, dropping those mapped to
    /// `None`; false when none is left. Order is kept (the mapping is
    /// monotonic).
    fn remap(&mut self, new: &[Option<u32>]) -> bool {
        let moved = |p: u32| new.get(p as usize).copied().flatten();
        match self {
            Bucket::One(position) => match moved(*position) {
                Some(to) => {
                    *position = to;
                    true
                }
                None => false,
            },
            Bucket::Many(positions) => {
                *positions = positions.iter().filter_map(|&p| moved(p)).collect();
                !positions.is_empty()
            }
        }
    }

    fn as_slice(&self) -> &[u32] {
        match self {
            Bucket::One(position) => std::slice::from_ref(position),
            Bucket::Many(positions) => positions,
        }
    }
}

/// A `Vec` of objects in creation order with hash indexes on their names.
///
/// Reading goes through `Deref<Target = [T]>`. Changing an object's key
/// through `DerefMut` must be followed by [`NamedVec::rekey`].
#[derive(Clone, Debug)]
pub struct NamedVec<T> {
    items: Vec<T>,
    by_name: Index,
    by_group: Index,
    hasher: RandomState,
}

/// Buckets by key hash: the key already is a keyed hash, so the map uses it
/// as is rather than hashing it a second time.
type Index = HashMap<u64, Bucket, BuildHasherDefault<KeyHasher>>;

/// Passes a `u64` key through unchanged.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

impl<T> Default for NamedVec<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            by_name: Index::default(),
            by_group: Index::default(),
            hasher: RandomState::new(),
        }
    }
}

impl<T: Named> NamedVec<T> {
    pub fn new() -> Self {
        Self::default()
    }

    fn hash(&self, schema: &str, name: &str) -> u64 {
        let mut hasher = self.hasher.build_hasher();
        write_folded(&mut hasher, schema);
        write_folded(&mut hasher, name);
        hasher.finish()
    }

    fn insert_keys(&mut self, position: usize) {
        let Some(item) = self.items.get(position) else {
            return;
        };
        let Ok(position) = u32::try_from(position) else {
            return;
        };
        let (schema, name) = item.key();
        let key = self.hash(schema, name);
        let group = item.group().map(|(s, n)| self.hash(s, n));
        add(&mut self.by_name, key, position);
        if let Some(group) = group {
            add(&mut self.by_group, group, position);
        }
    }

    /// Rebuilds the indexes (after a removal or a change of keys).
    pub fn rekey(&mut self) {
        self.by_name.clear();
        self.by_group.clear();
        for position in 0..self.items.len() {
            self.insert_keys(position);
        }
    }

    pub fn push(&mut self, item: T) {
        self.items.push(item);
        self.insert_keys(self.items.len() - 1);
    }

    pub fn remove(&mut self, position: usize) -> Option<T> {
        if position >= self.items.len() {
            return None;
        }
        let removed = self.items.remove(position);
        let new: Vec<Option<u32>> = (0..=self.items.len())
            .map(|p| match p.cmp(&position) {
                std::cmp::Ordering::Less => u32::try_from(p).ok(),
                std::cmp::Ordering::Equal => None,
                std::cmp::Ordering::Greater => u32::try_from(p - 1).ok(),
            })
            .collect();
        self.remap(&new);
        Some(removed)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        let kept: Vec<bool> = self.items.iter().map(&mut keep).collect();
        if kept.iter().all(|&k| k) {
            return;
        }
        let mut flags = kept.iter();
        self.items.retain(|_| flags.next().copied().unwrap_or(true));
        let mut next = 0u32;
        let new: Vec<Option<u32>> = kept
            .iter()
            .map(|&k| {
                k.then(|| {
                    next += 1;
                    next - 1
                })
            })
            .collect();
        self.remap(&new);
    }

    /// Moves the indexes' positions after a removal, without hashing any
    /// name again (a rebuild on every `DROP` made long histories quadratic).
    fn remap(&mut self, new: &[Option<u32>]) {
        self.by_name.retain(|_, bucket| bucket.remap(new));
        self.by_group.retain(|_, bucket| bucket.remap(new));
    }

    pub fn clear(&mut self) {
        self.items.clear();
        self.by_name.clear();
        self.by_group.clear();
    }

    /// Positions, in creation order, of the objects that may be named
    /// `(schema, name)` (same name up to ASCII case).
    pub fn candidates(&self, schema: &str, name: &str) -> impl Iterator<Item = usize> + '_ {
        positions(&self.by_name, self.hash(schema, name))
    }

    /// Positions, in creation order, of the objects whose group may be
    /// `(schema, name)`.
    pub fn grouped(&self, schema: &str, name: &str) -> impl Iterator<Item = usize> + '_ {
        positions(&self.by_group, self.hash(schema, name))
    }

    /// The first object whose key `matches`, among the candidates for the name.
    pub fn position(
        &self,
        schema: &str,
        name: &str,
        matches: impl Fn(&T) -> bool,
    ) -> Option<usize> {
        self.candidates(schema, name)
            .find(|&p| self.items.get(p).is_some_and(&matches))
    }

    pub fn as_vec(&self) -> &Vec<T> {
        &self.items
    }
}

/// Hashes `text` ASCII-lower-cased, eight bytes per write (a write per byte
/// made hashing the larger part of every lookup), after its length, so
/// that `("ab", "c")` and `("a", "bc")` differ.
fn write_folded(hasher: &mut impl Hasher, text: &str) {
    hasher.write_usize(text.len());
    let mut chunks = text.as_bytes().chunks_exact(8);
    for chunk in chunks.by_ref() {
        let mut word = [0u8; 8];
        for (to, from) in word.iter_mut().zip(chunk) {
            *to = from.to_ascii_lowercase();
        }
        hasher.write_u64(u64::from_le_bytes(word));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        for (to, from) in word.iter_mut().zip(rest) {
            *to = from.to_ascii_lowercase();
        }
        hasher.write_u64(u64::from_le_bytes(word));
    }
}

fn add(map: &mut Index, key: u64, position: u32) {
    map.entry(key)
        .and_modify(|bucket| bucket.push(position))
        .or_insert(Bucket::One(position));
}

fn positions(map: &Index, key: u64) -> impl Iterator<Item = usize> + '_ {
    map.get(&key)
        .map(Bucket::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|&p| p as usize)
}

impl<T> Deref for NamedVec<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> DerefMut for NamedVec<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.items
    }
}

impl<T: Named> From<Vec<T>> for NamedVec<T> {
    fn from(items: Vec<T>) -> Self {
        let mut named = Self {
            items,
            ..Self::default()
        };
        named.rekey();
        named
    }
}

impl<T: Named> Extend<T> for NamedVec<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        for item in items {
            self.push(item);
        }
    }
}

impl<T: Named> FromIterator<T> for NamedVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        Self::from(items.into_iter().collect::<Vec<T>>())
    }
}

impl<'a, T> IntoIterator for &'a NamedVec<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut NamedVec<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Item(&'static str, &'static str);

    impl Named for Item {
        fn key(&self) -> (&str, &str) {
            ("s", self.0)
        }
        fn group(&self) -> Option<(&str, &str)> {
            Some(("s", self.1))
        }
    }

    /// Every lookup of `named` agrees with an index built from scratch.
    fn assert_indexed(named: &NamedVec<Item>) {
        let fresh = NamedVec::from(named.as_vec().clone());
        for item in named.iter() {
            let found: Vec<usize> = named.candidates("S", item.0).collect();
            assert_eq!(found, fresh.candidates("s", item.0).collect::<Vec<_>>());
            assert!(
                found
                    .iter()
                    .all(|&p| named[p].0.eq_ignore_ascii_case(item.0))
            );
            let grouped: Vec<usize> = named.grouped("s", item.1).collect();
            assert_eq!(grouped, fresh.grouped("s", item.1).collect::<Vec<_>>());
        }
    }

    #[test]
    fn removal_keeps_lookups_in_creation_order() {
        let mut named: NamedVec<Item> = [
            Item("a", "t"),
            Item("B", "u"),
            Item("b", "t"),
            Item("c", "u"),
            Item("A", "t"),
            Item("d", "v"),
        ]
        .into_iter()
        .collect();
        assert_eq!(named.candidates("s", "a").collect::<Vec<_>>(), [0, 4]);
        assert_eq!(named.remove(1), Some(Item("B", "u")));
        assert_indexed(&named);
        assert_eq!(named.candidates("s", "b").collect::<Vec<_>>(), [1]);
        named.retain(|i| i.1 != "t" || i.0 == "A");
        assert_indexed(&named);
        assert_eq!(
            named.as_vec(),
            &[Item("c", "u"), Item("A", "t"), Item("d", "v")]
        );
        assert_eq!(named.candidates("s", "a").collect::<Vec<_>>(), [1]);
        assert_eq!(named.grouped("s", "t").collect::<Vec<_>>(), [1]);
        assert_eq!(named.remove(9), None);
        assert_eq!(named.candidates("s", "zz").count(), 0);
    }
}
