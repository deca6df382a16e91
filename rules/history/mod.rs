//! Mistakes in the history itself: files that never run, edited or reordered migrations.

mod duplicate_migration_version;
mod migration_checksum_mismatch;
mod migration_edited;
mod migration_file_ignored;
mod migration_out_of_order;

pub use duplicate_migration_version::DuplicateMigrationVersion;
pub use migration_checksum_mismatch::MigrationChecksumMismatch;
pub use migration_edited::MigrationEdited;
pub use migration_file_ignored::MigrationFileIgnored;
pub use migration_out_of_order::MigrationOutOfOrder;
