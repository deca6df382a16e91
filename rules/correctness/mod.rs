//! Statements a real database would reject: the deploy would fail.

mod object_already_exists;
mod syntax_error;
mod unknown_column;
mod unknown_object;
mod unknown_table;

pub use object_already_exists::ObjectAlreadyExists;
pub use syntax_error::SyntaxError;
pub use unknown_column::UnknownColumn;
pub use unknown_object::UnknownObject;
pub use unknown_table::UnknownTable;
