//! `miglint verify`: a live database against the migration files (through
//! the tool's bookkeeping table) and against the schema the applied
//! migrations build. These rules run only under `miglint verify`; the drift
//! rules also run there, comparing the model with the live schema.

mod applied_migration_edited;
mod applied_migration_missing;
mod migration_failed;
mod migration_not_applied;
mod schema_changed_outside_migrations;

pub use applied_migration_edited::AppliedMigrationEdited;
pub use applied_migration_missing::AppliedMigrationMissing;
pub use migration_failed::MigrationFailed;
pub use migration_not_applied::MigrationNotApplied;
pub use schema_changed_outside_migrations::SchemaChangedOutsideMigrations;

use miglint_source::Span;

/// The start of a file: findings about a whole migration, or about the
/// database itself, point there.
const START: Span = Span::new(0, 0);
