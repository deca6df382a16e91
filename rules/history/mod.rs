//! Mistakes in the history itself: files that never run, edited or reordered migrations.

mod migration_file_ignored;

pub use migration_file_ignored::MigrationFileIgnored;
