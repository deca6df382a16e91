//! miglint's rule library.
//!
//! One file per rule under `<category>/<rule_name>.rs`: the declaration (id,
//! category, default severity, documentation), the wording of its findings,
//! and the detection. [`RULES`] registers every rule; `miglint rules`,
//! `miglint explain` and the engine all read it.
//!
//! Adding a rule: copy a neighbour in the same category, rename it, list it in
//! the category's `mod.rs` and in [`RULES`], and add its fixture under
//! `tests/fixtures/<category>/<rule-id>.sql`.

#[macro_use]
mod declare;
pub mod correctness;
pub mod drift;
pub mod history;
pub mod suppression;

use miglint_diagnostics::RuleMeta;
use miglint_engine::Rule;

/// Every rule miglint has, in documentation order.
pub static RULES: &[&dyn Rule] = &[
    &drift::ModelTableMissing,
    &drift::ModelColumnMissing,
    &drift::ColumnTypeMismatch,
    &drift::ColumnNullabilityMismatch,
    &drift::ModelEnumMissing,
    &drift::EnumValueMissing,
    &drift::TableNotInModel,
    &drift::ColumnNotInModel,
    &drift::EnumValueNotInModel,
    &drift::ColumnDefaultMismatch,
    &drift::PrimaryKeyMismatch,
    &drift::ModelIndexMissing,
    &drift::IndexNotInModel,
    &drift::ModelForeignKeyMissing,
    &correctness::SyntaxError,
    &correctness::UnknownTable,
    &correctness::UnknownColumn,
    &correctness::ObjectAlreadyExists,
    &correctness::UnknownObject,
    &history::MigrationFileIgnored,
    &suppression::UnusedIgnore,
];

/// The metadata of every rule.
pub fn all_meta() -> Vec<&'static RuleMeta> {
    RULES.iter().map(|rule| rule.meta()).collect()
}

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|rule| rule.meta().id == id)
}
