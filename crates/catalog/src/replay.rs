//! Replaying schema changes into the catalog.

use miglint_syntax::ir::SchemaChange;

/// How to treat objects the history never created.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReplayOptions {
    /// A partial history: a table no statement created is assumed to exist,
    /// with unknown columns.
    pub assume_missing_tables: bool,
}

// Provisional until the replay lands.
impl crate::Catalog {
    pub fn new(dialect: miglint_source::Dialect) -> Self {
        Self {
            dialect,
            default_schema: String::new(),
            schemas: Vec::new(),
            tables: Vec::new(),
            indexes: Vec::new(),
            enums: Vec::new(),
            views: Vec::new(),
            sequences: Vec::new(),
            extensions: Vec::new(),
            other_types: Vec::new(),
        }
    }

    pub fn apply(
        &mut self,
        change: &SchemaChange,
        at: crate::Origin,
        options: ReplayOptions,
    ) -> Vec<crate::ReplayEvent> {
        let _ = (change, at, options);
        Vec::new()
    }
}
