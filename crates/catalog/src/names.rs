//! Identifier folding and comparison per dialect.

/// Whether two stored names denote the same object (case-insensitive, as
/// MySQL and SQLite compare; PostgreSQL names are folded before storing).
pub fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}
