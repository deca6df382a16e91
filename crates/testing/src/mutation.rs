//! What the mutation tests (`tests/drift_mutations.rs`, `tests/model_mutations.rs`)
//! share: a seeded PRNG, so runs repeat, and the judge that tells whether
//! one mutation was reported exactly once, by the expected rule, on the
//! expected subject, without unrelated new findings.

use std::collections::BTreeMap;

/// The seed both tests use unless `MIGLINT_MUTATION_SEED` names another.
pub const DEFAULT_SEED: u64 = 0x6d69_676c_696e_7421;

/// `MIGLINT_MUTATION_SEED`, else [`DEFAULT_SEED`].
pub fn seed() -> u64 {
    std::env::var("MIGLINT_MUTATION_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED)
}

/// splitmix64: small, seedable, good enough to pick test cases.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % n.max(1) as u64).unwrap_or(0)
    }

    pub fn coin(&mut self) -> bool {
        self.next_u64() & 1 == 1
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// FNV-1a: a stable hash of a name, to give each corpus its own stream.
pub fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A finding as the judge sees it: rule and subject table and column.
pub type Key = (&'static str, Option<String>, Option<String>);

pub struct Finding {
    pub key: Key,
    pub error: bool,
    pub message: String,
}

impl Finding {
    pub fn describe(&self) -> String {
        format!(
            "[{}] {}.{}: {}",
            self.key.0,
            self.key.1.as_deref().unwrap_or("-"),
            self.key.2.as_deref().unwrap_or("-"),
            self.message
        )
    }
}

/// Findings of `mutated` beyond those of `baseline`, counted as multisets.
pub fn new_findings<'a>(baseline: &[Finding], mutated: &'a [Finding]) -> Vec<&'a Finding> {
    let mut left: BTreeMap<&Key, usize> = BTreeMap::new();
    for f in baseline {
        *left.entry(&f.key).or_default() += 1;
    }
    mutated
        .iter()
        .filter(|f| match left.get_mut(&f.key) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// What one mutation must produce: one finding of `rule` on this subject.
pub struct Expected<'a> {
    pub rule: &'a str,
    pub table: &'a str,
    pub column: Option<&'a str>,
}

/// How the new findings of one mutation compare with what was expected.
pub struct Judgement {
    /// New findings of the expected rule on the expected subject.
    pub hits: usize,
    /// Whether any new finding is about the expected subject.
    pub on_subject: bool,
    /// New findings that are not about the mutation: an error of another
    /// rule, or anything on another subject (a warning of another rule on
    /// the same column, such as a default moved with its type, is related).
    pub unrelated: Vec<String>,
}

impl Judgement {
    pub fn of(expected: &Expected<'_>, new: &[&Finding]) -> Self {
        let same_subject = |f: &Finding| {
            f.key.1.as_deref() == Some(expected.table) && f.key.2.as_deref() == expected.column
        };
        let is_hit = |f: &Finding| f.key.0 == expected.rule && same_subject(f);
        Self {
            hits: new.iter().filter(|f| is_hit(f)).count(),
            on_subject: new.iter().any(|f| same_subject(f)),
            unrelated: new
                .iter()
                .filter(|f| !is_hit(f))
                .filter(|f| f.error || !same_subject(f))
                .map(|f| f.describe())
                .collect(),
        }
    }

    /// Detected exactly once, nothing unrelated.
    pub fn passed(&self) -> bool {
        self.hits == 1 && self.unrelated.is_empty()
    }

    /// What went wrong, in words: "missed", "wrong rule", "reported 2 times",
    /// "unrelated new findings".
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        match self.hits {
            1 => {}
            0 if self.on_subject => problems.push("wrong rule".to_owned()),
            0 => problems.push("missed".to_owned()),
            n => problems.push(format!("reported {n} times")),
        }
        if !self.unrelated.is_empty() {
            problems.push("unrelated new findings".to_owned());
        }
        problems
    }
}
