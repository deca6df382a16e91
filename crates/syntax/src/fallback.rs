//! A recogniser for the DDL the catalog needs, used when sqlparser rejects a
//! statement, so that an unparsed neighbour does not leave the catalog wrong.

use miglint_source::{Dialect, Span};

use crate::ir::SchemaChange;

/// What the statement at `span` of `text` does to the schema, as far as a
/// token-level reading can tell; `SchemaChange::Other` when it cannot.
pub fn recognize(text: &str, span: Span, dialect: Dialect) -> SchemaChange {
    let _ = (text, span, dialect);
    SchemaChange::Other
}
