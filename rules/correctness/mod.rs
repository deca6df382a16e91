//! Statements a real database would reject: the deploy would fail.

mod mysql_inline_references_ignored;
mod object_already_exists;
mod sqlite_unsupported_alter;
mod syntax_error;
mod unknown_column;
mod unknown_object;
mod unknown_table;
mod unreadable_file;

pub use mysql_inline_references_ignored::MysqlInlineReferencesIgnored;
pub use object_already_exists::ObjectAlreadyExists;
pub use sqlite_unsupported_alter::SqliteUnsupportedAlter;
pub use syntax_error::SyntaxError;
pub use unknown_column::UnknownColumn;
pub use unknown_object::UnknownObject;
pub use unknown_table::UnknownTable;
pub use unreadable_file::UnreadableFile;
