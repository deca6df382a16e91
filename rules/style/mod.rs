//! Choices that work but are usually not what was meant.

mod char_column;
mod json_column;
mod multiple_alter_table;
mod prefer_bigint_primary_key;
mod prefer_identity;
mod prefer_text;
mod prefer_timestamptz;

pub use char_column::CharColumn;
pub use json_column::JsonColumn;
pub use multiple_alter_table::MultipleAlterTable;
pub use prefer_bigint_primary_key::PreferBigintPrimaryKey;
pub use prefer_identity::PreferIdentity;
pub use prefer_text::PreferText;
pub use prefer_timestamptz::PreferTimestamptz;
