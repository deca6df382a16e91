//! Changes that break the application still running during the deploy, or
//! that destroy data: the old code keeps running until the new one
//! replaces it.

mod add_column_not_null_without_default;
mod drop_column;
mod drop_database;
mod drop_not_null;
mod drop_schema;
mod drop_table;
mod identifier_too_long;
mod rename_column;
mod rename_enum_value;
mod rename_table;
mod truncate_cascade;

pub use add_column_not_null_without_default::AddColumnNotNullWithoutDefault;
pub use drop_column::DropColumn;
pub use drop_database::DropDatabase;
pub use drop_not_null::DropNotNull;
pub use drop_schema::DropSchema;
pub use drop_table::DropTable;
pub use identifier_too_long::IdentifierTooLong;
pub use rename_column::RenameColumn;
pub use rename_enum_value::RenameEnumValue;
pub use rename_table::RenameTable;
pub use truncate_cascade::TruncateCascade;
