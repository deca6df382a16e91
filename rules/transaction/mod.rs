//! Transaction mistakes: statements that fail or misbehave because of the
//! transaction they run in, as the project's migration tool runs the file.

mod concurrent_index_in_transaction;
mod enum_value_used_in_same_transaction;
mod nested_transaction;
mod uncommitted_transaction;

pub use concurrent_index_in_transaction::ConcurrentIndexInTransaction;
pub use enum_value_used_in_same_transaction::EnumValueUsedInSameTransaction;
pub use nested_transaction::NestedTransaction;
pub use uncommitted_transaction::UncommittedTransaction;
