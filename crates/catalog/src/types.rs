//! Column types, normalised so that different spellings compare equal.

/// A normalised column type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SqlType {
    /// Canonical base name (PostgreSQL: as `format_type` spells it).
    pub name: String,
}
