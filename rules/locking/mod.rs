//! Statements that lock or rewrite a table other sessions are using: on a
//! table created earlier in the same migration file they are harmless, so
//! these rules look only at objects that existed before the file.

mod add_check_without_not_valid;
mod add_column_volatile_default;
mod add_foreign_key_without_not_valid;
mod add_primary_key;
mod add_unique_constraint;
mod change_column_type;
mod create_index_non_concurrently;
mod drop_index_non_concurrently;
mod set_not_null;

pub use add_check_without_not_valid::AddCheckWithoutNotValid;
pub use add_column_volatile_default::AddColumnVolatileDefault;
pub use add_foreign_key_without_not_valid::AddForeignKeyWithoutNotValid;
pub use add_primary_key::AddPrimaryKey;
pub use add_unique_constraint::AddUniqueConstraint;
pub use change_column_type::ChangeColumnType;
pub use create_index_non_concurrently::CreateIndexNonConcurrently;
pub use drop_index_non_concurrently::DropIndexNonConcurrently;
pub use set_not_null::SetNotNull;
