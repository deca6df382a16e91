//! miglint's rule library.
//!
//! One file per rule under `<category>/<rule_name>.rs`: the declaration (id,
//! category, default severity, documentation), the wording of its findings,
//! and the detection. [`RULES`] registers every rule; `miglint rules`,
//! `miglint explain` and the engine all read it.
//!
//! Adding a rule: `cargo xtask new-rule <category> <rule-id>` writes the rule
//! file, its fixture `tests/fixtures/<category>/<rule-id>.sql`, and the lines
//! in the category's `mod.rs` and in [`RULES`]. Rules report through the
//! [`miglint_engine::Findings`] sink bound to them: `out.report(span,
//! message).help(…)` in the hooks that work on one file
//! ([`miglint_engine::FileFindings`]), `out.report_at(file, span, message)`
//! in the others.

#[macro_use]
mod declare;
pub mod compat;
pub mod correctness;
pub mod drift;
pub mod history;
pub mod locking;
pub mod style;
pub mod suppression;
pub mod transaction;
pub mod verify;

mod sql;

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
    &correctness::UnreadableFile,
    &correctness::SqliteUnsupportedAlter,
    &correctness::MysqlInlineReferencesIgnored,
    &locking::CreateIndexNonConcurrently,
    &locking::AddForeignKeyWithoutNotValid,
    &locking::AddCheckWithoutNotValid,
    &compat::AddColumnNotNullWithoutDefault,
    &locking::SetNotNull,
    &locking::ChangeColumnType,
    &locking::AddUniqueConstraint,
    &locking::AddPrimaryKey,
    &locking::DropIndexNonConcurrently,
    &locking::AddColumnVolatileDefault,
    &locking::ReindexNonConcurrently,
    &locking::RefreshMaterializedViewNonConcurrently,
    &locking::AddExclusionConstraint,
    &locking::VacuumFullOrCluster,
    &locking::DetachPartitionNonConcurrently,
    &locking::AddStoredGeneratedColumn,
    &locking::AddSerialColumn,
    &locking::DomainWithConstraint,
    &locking::ForeignKeyWithoutIndex,
    &locking::MissingLockTimeout,
    &locking::MissingStatementTimeout,
    &transaction::ConcurrentIndexInTransaction,
    &transaction::UncommittedTransaction,
    &transaction::NestedTransaction,
    &transaction::EnumValueUsedInSameTransaction,
    &transaction::ExclusiveLockHeldAcrossStatements,
    &transaction::BackfillInDdlTransaction,
    &compat::DropColumn,
    &compat::DropTable,
    &compat::RenameColumn,
    &compat::RenameTable,
    &compat::DropNotNull,
    &compat::RenameEnumValue,
    &compat::IdentifierTooLong,
    &compat::TruncateCascade,
    &compat::DropSchema,
    &compat::DropDatabase,
    &style::JsonColumn,
    &style::PreferBigintPrimaryKey,
    &style::PreferIdentity,
    &style::PreferText,
    &style::PreferTimestamptz,
    &style::CharColumn,
    &style::MultipleAlterTable,
    &correctness::UnknownObject,
    &history::MigrationFileIgnored,
    &history::DuplicateMigrationVersion,
    &history::MigrationEdited,
    &history::MigrationOutOfOrder,
    &history::MigrationChecksumMismatch,
    &suppression::UnusedIgnore,
    &suppression::InvalidIgnore,
    &verify::MigrationNotApplied,
    &verify::AppliedMigrationMissing,
    &verify::MigrationFailed,
    &verify::AppliedMigrationEdited,
    &verify::SchemaChangedOutsideMigrations,
];

/// The metadata of every rule.
pub fn all_meta() -> Vec<&'static RuleMeta> {
    RULES.iter().map(|rule| rule.meta()).collect()
}

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|rule| rule.meta().id == id)
}
