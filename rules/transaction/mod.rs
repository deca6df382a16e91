//! Transaction mistakes: statements that fail or misbehave because of the
//! transaction they run in, as the project's migration tool runs the file.

mod backfill_in_ddl_transaction;
mod concurrent_index_in_transaction;
mod enum_value_used_in_same_transaction;
mod exclusive_lock_held_across_statements;
mod nested_transaction;
mod uncommitted_transaction;

pub use backfill_in_ddl_transaction::BackfillInDdlTransaction;
pub use concurrent_index_in_transaction::ConcurrentIndexInTransaction;
pub use enum_value_used_in_same_transaction::EnumValueUsedInSameTransaction;
pub use exclusive_lock_held_across_statements::ExclusiveLockHeldAcrossStatements;
pub use nested_transaction::NestedTransaction;
pub use uncommitted_transaction::UncommittedTransaction;
