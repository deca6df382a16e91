//! Statements a real database would reject: the deploy would fail.

mod object_already_exists;
mod syntax_error;
mod unknown_column;
mod unknown_table;
mod unreadable_file;

pub use object_already_exists::ObjectAlreadyExists;
pub use syntax_error::SyntaxError;
pub use unknown_column::UnknownColumn;
pub use unknown_table::UnknownTable;
pub use unreadable_file::UnreadableFile;
