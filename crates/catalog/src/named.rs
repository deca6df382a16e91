//! Ordered collections of catalog objects with hashed lookup by name.
//!
//! Objects keep their creation order (findings and drift follow it) and are
//! found through a hash of their ASCII-lower-cased `(schema, name)`: the
//! coarsest equality any dialect uses, so one bucket holds every object a
//! dialect could take for the name, and the caller compares exactly.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher, RandomState};
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
    by_name: HashMap<u64, Bucket>,
    by_group: HashMap<u64, Bucket>,
    hasher: RandomState,
}

impl<T> Default for NamedVec<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            by_name: HashMap::new(),
            by_group: HashMap::new(),
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
        for byte in schema.bytes() {
            hasher.write_u8(byte.to_ascii_lowercase());
        }
        // A separator no identifier byte can fake.
        hasher.write_u8(0xff);
        for byte in name.bytes() {
            hasher.write_u8(byte.to_ascii_lowercase());
        }
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
        self.rekey();
        Some(removed)
    }

    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        let before = self.items.len();
        self.items.retain(keep);
        if self.items.len() != before {
            self.rekey();
        }
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

fn add(map: &mut HashMap<u64, Bucket>, key: u64, position: u32) {
    map.entry(key)
        .and_modify(|bucket| bucket.push(position))
        .or_insert(Bucket::One(position));
}

fn positions(map: &HashMap<u64, Bucket>, key: u64) -> impl Iterator<Item = usize> + '_ {
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
