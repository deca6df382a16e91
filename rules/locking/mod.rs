//! Statements that lock or rewrite a table other sessions are using: on a
//! table created earlier in the same migration file they are harmless, so
//! these rules look only at objects that existed before the file.

mod add_check_without_not_valid;
mod add_column_volatile_default;
mod add_exclusion_constraint;
mod add_foreign_key_without_not_valid;
mod add_primary_key;
mod add_serial_column;
mod add_stored_generated_column;
mod add_unique_constraint;
mod change_column_type;
mod create_index_non_concurrently;
mod detach_partition_non_concurrently;
mod domain_with_constraint;
mod drop_index_non_concurrently;
mod foreign_key_without_index;
mod missing_lock_timeout;
mod missing_statement_timeout;
mod refresh_materialized_view_non_concurrently;
mod reindex_non_concurrently;
mod set_not_null;
mod vacuum_full_or_cluster;

pub use add_check_without_not_valid::AddCheckWithoutNotValid;
pub use add_column_volatile_default::AddColumnVolatileDefault;
pub use add_exclusion_constraint::AddExclusionConstraint;
pub use add_foreign_key_without_not_valid::AddForeignKeyWithoutNotValid;
pub use add_primary_key::AddPrimaryKey;
pub use add_serial_column::AddSerialColumn;
pub use add_stored_generated_column::AddStoredGeneratedColumn;
pub use add_unique_constraint::AddUniqueConstraint;
pub use change_column_type::ChangeColumnType;
pub use create_index_non_concurrently::CreateIndexNonConcurrently;
pub use detach_partition_non_concurrently::DetachPartitionNonConcurrently;
pub use domain_with_constraint::DomainWithConstraint;
pub use drop_index_non_concurrently::DropIndexNonConcurrently;
pub use foreign_key_without_index::ForeignKeyWithoutIndex;
pub use missing_lock_timeout::MissingLockTimeout;
pub use missing_statement_timeout::MissingStatementTimeout;
pub use refresh_materialized_view_non_concurrently::RefreshMaterializedViewNonConcurrently;
pub use reindex_non_concurrently::ReindexNonConcurrently;
pub use set_not_null::SetNotNull;
pub use vacuum_full_or_cluster::VacuumFullOrCluster;
